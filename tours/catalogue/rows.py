"""Reading catalogue files: the headers, the row reader, and the cell parsers every file shares.

Each parser records problems as "file:line: message" and goes on, so that a broken file is
reported in one pass (`Problems`); nothing here raises on bad data.
"""

from __future__ import annotations

import csv
import io
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tours.catalogue.model import ALL_MONTHS, COUNTRIES, CURRENCIES, MONTHS
from tours.resources import shown

SITE_HEADER = [
    "id",
    "name",
    "name_local",
    "other_names",
    "country",
    "lat",
    "lon",
    "category",
    "tags",
    "importance",
    "visit_minutes",
    "opening_hours",
    "hours_source",
    "unesco_id",
    "unesco_status",
    "period",
    "fee",
    "months",
    "access",
    "access_note",
    "accessibility",
    "communities",
    "description",
    "source",
]
TOWN_HEADER = ["id", "name", "name_local", "country", "lat", "lon", "kind", "accommodation", "source", "note"]
ROAD_HEADER = [
    *("from", "to", "km", "speed_kmh", "road", "terrain", "km_basis", "source", "note"),
    "closed_months",
]
AIRPORT_HEADER = ["iata", "name", "node", "country", "lat", "lon", "source"]
FLIGHT_HEADER = ["from", "to", "block_minutes", "operators", "source", "as_of", "note"]
CROSSING_HEADER = [
    "id",
    "name_a",
    "country_a",
    "node_a",
    "name_b",
    "country_b",
    "node_b",
    "modes",
    "hours",
    "wait_minutes",
    "source",
    "note",
]

MAX_FILE_BYTES = 20 * 2**20  # a catalogue file is a few hundred KB; this bounds the work
MAX_CELL_CHARS = 5000
MAX_ROWS = 5000  # rows a catalogue file may hold (ours: under 300)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# The four countries and their surroundings; a point outside is a typo (swapped lat/lon, sign).
LAT_RANGE, LON_RANGE = (35.5, 43.8), (25.5, 51.0)


class Problems(list[str]):
    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}")


def read_rows(path: Path, header: list[str], problems: Problems) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield ("file:line", row) for each data row; header problems are recorded, not raised."""
    label = shown(path)
    text = read_text(path, problems)
    if text is None:
        return
    reader = csv.reader(io.StringIO(text, newline=""))  # line breaks are \n, \r\n, \r only
    try:
        first = next(reader, None)
    except csv.Error as exc:
        problems.add(f"{label}:1", f"not CSV: {exc}.")
        return
    if first is None:
        problems.add(f"{label}:1", "empty file")
        return
    if [c.strip() for c in first] != header:
        problems.add(
            f"{label}:1",
            f"header is {','.join(first)[:300]!r}. Expected {','.join(header)!r} (see sites/FORMAT.md).",
        )
        return
    line = reader.line_num + 1
    for n, cells in enumerate(_rows(reader, f"{label}:{line}", problems)):
        where = f"{label}:{line}"
        line = reader.line_num + 1
        if n >= MAX_ROWS:
            problems.add(where, f"over {MAX_ROWS} rows. Hint: a catalogue file holds hundreds of rows.")
            return
        if not any(c.strip() for c in cells):
            continue
        if problem := _cells_problem(cells, header):
            problems.add(where, problem)
            continue
        yield where, {k: v.strip() for k, v in zip(header, cells, strict=True)}


def _rows(reader: Any, where: str, problems: Problems) -> Iterator[list[str]]:
    """The reader's rows until the end, or until a row it cannot read (recorded)."""
    try:
        yield from reader
    except csv.Error as exc:
        problems.add(f"{where.rpartition(':')[0]}:{reader.line_num}", f"not CSV: {exc}.")


def read_text(path: Path, problems: Problems) -> str | None:
    """A catalogue file's text (UTF-8, a byte-order mark allowed); None, with the problem recorded,
    for anything but a regular file of bounded size in UTF-8."""
    label = shown(path)
    try:
        info = path.stat()
    except OSError as exc:
        problems.add(label, f"cannot read it: {exc.strerror}.")
        return None
    if not stat.S_ISREG(info.st_mode):
        problems.add(label, "not a regular file (a pipe or a device?). Hint: give the file itself.")
        return None
    if info.st_size > MAX_FILE_BYTES:
        problems.add(
            label,
            f"{info.st_size // 2**20} MB, over the {MAX_FILE_BYTES // 2**20} MB a catalogue file may be.",
        )
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add(label, f"cannot read it: {exc.strerror}.")
        return None
    try:
        return data.decode("utf-8-sig")  # a spreadsheet's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.add(
            f"{label}:{line}",
            f"not UTF-8 ({exc.reason}: byte {data[exc.start : exc.start + 1]!r} at offset {exc.start}). "
            "Hint: save as UTF-8.",
        )
        return None


# C0/C1 controls (NUL, escapes, line breaks inside a cell) and the bidirectional controls that
# reorder what a reader sees (the "Trojan Source" marks): never part of a name or a sentence.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _cells_problem(cells: list[str], header: list[str]) -> str | None:
    if any(len(c) > MAX_CELL_CHARS for c in cells):
        return f"a cell over {MAX_CELL_CHARS} characters. Hint: a description is a paragraph."
    if len(cells) != len(header):
        return f"{len(cells)} cells, expected {len(header)}. Hint: quote cells that hold commas."
    for key, cell in zip(header, cells, strict=True):
        if found := _INVISIBLE.search(cell):
            return (
                f"{key} holds the control character U+{ord(found.group()):04X} at position "
                f"{found.start() + 1}. Hint: delete it (it is invisible in most editors)."
            )
    return None


def parse_number(
    row: dict[str, str], key: str, where: str, problems: Problems, lo: float, hi: float
) -> float | None:
    raw = row[key]
    try:
        value = float(raw)
    except ValueError:
        problems.add(where, f"{key} {raw!r} is not a number.")
        return None
    if not lo <= value <= hi:
        problems.add(where, f"{key} {raw} is outside {lo:g}..{hi:g}.")
        return None
    return value


def parse_coords(row: dict[str, str], where: str, problems: Problems) -> tuple[float, float] | None:
    lat = parse_number(row, "lat", where, problems, -90, 90)
    lon = parse_number(row, "lon", where, problems, -180, 180)
    if lat is None or lon is None:
        return None
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        problems.add(
            where,
            f"lat/lon {lat}, {lon} is outside the region (lat {LAT_RANGE}, lon {LON_RANGE}). "
            "Hint: swapped lat and lon?",
        )
        return None
    return lat, lon


def parse_country(row: dict[str, str], where: str, problems: Problems) -> str | None:
    code = row["country"]
    if code not in COUNTRIES:
        problems.add(where, f"country {code!r} is not one of {', '.join(COUNTRIES)}.")
        return None
    return code


def split_cell(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


def unique_id(
    row: dict[str, str], key: str, where: str, problems: Problems, seen: dict[str, str]
) -> str | None:
    value = row[key]
    if not SLUG.match(value):
        problems.add(where, f"{key} {value!r} is not a kebab-case slug. Hint: e.g. 'haghpat-monastery'.")
        return None
    if value in seen:
        problems.add(where, f"duplicate {key} {value!r}, first defined at {seen[value]}.")
        return None
    seen[value] = where
    return value


FEE = re.compile(r"^(free|\d+(\.\d+)?(-\d+(\.\d+)?)? (" + "|".join(CURRENCIES) + "))$")


def parse_months(cell: str) -> frozenset[int] | None:
    """`May-Oct`, `Nov-Mar` (wraps), `Jun;Aug-Sep`; empty means all year. None if it does not parse."""
    if not cell:
        return ALL_MONTHS
    out: set[int] = set()
    for part in split_cell(cell):
        ends = part.split("-")
        if len(ends) > 2 or any(e not in MONTHS for e in ends):
            return None
        a, b = MONTHS.index(ends[0]) + 1, MONTHS.index(ends[-1]) + 1
        out.update(((a - 1 + k) % 12) + 1 for k in range((b - a) % 12 + 1))
    return frozenset(out)
