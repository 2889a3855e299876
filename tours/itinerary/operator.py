"""An operator's own day-by-day itinerary: the CSV of docs/itinerary_csv.md, read and resolved
against the catalogue (`read_itinerary`), timed into a plan (`tours.itinerary.schedule`) and
checked (`check_itinerary`, what `tours check` prints).
"""

from __future__ import annotations

import csv
import stat
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any, cast

from tours.catalogue.model import Catalogue
from tours.catalogue.rows import MAX_CELL_CHARS, MAX_FILE_BYTES
from tours.errors import RequestError, TourError
from tours.itinerary.check import check_plan
from tours.itinerary.findings import Finding
from tours.itinerary.plan import Plan
from tours.itinerary.schedule import Row, plan_days
from tours.itinerary.ways import Via, Ways
from tours.names import by_words, fold, index, suggest
from tours.network.conditions import Conditions
from tours.planner.request import PaceName, Request
from tours.planner.resolve import Resolver
from tours.resources import shown

COLUMNS = ("day", "date", "start", "sites", "times", "via", "overnight", "leave", "note")
REQUIRED = ("day", "sites", "overnight")
MAX_DAYS = 60


@dataclass(frozen=True)
class CheckResult:
    """An operator's itinerary made into a plan, and what does not hold in it."""

    source: str
    plan: Plan
    findings: tuple[Finding, ...]

    def contract(self) -> dict[str, Any]:
        """The `tours check --json` contract."""
        days = [
            {
                "day": d.day,
                "date": d.date.isoformat(),
                "from": d.start.id,
                "to": d.end.id,
                "km": d.km,
                "drive_minutes": d.drive_minutes,
                "leave": d.leave.isoformat(),
                "arrive": d.arrive.isoformat(),
                "visits": [
                    {"site": v.site, "arrive": v.arrive.isoformat(), "depart": v.depart.isoformat()}
                    for v in d.visits
                ],
                "crossings": [c for g in d.legs for c in g.crossings],
            }
            for d in self.plan.days
        ]
        return {
            "itinerary": self.source,
            "scenario": self.plan.request.scenario,
            "nationality": self.plan.request.nationality or "third-country",
            "days": days,
            "findings": [f.contract() for f in self.findings],
        }


@dataclass
class _Reader:
    catalogue: Catalogue
    label: str
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.resolver = Resolver(self.catalogue)
        self.crossings = index((c.id, (c.name, c.name_a, c.name_b)) for c in self.catalogue.crossings)
        self.nodes = index((t.id, (t.name, t.name_local)) for t in self.catalogue.towns)

    def name(self, kind: str, value: str, where: str) -> str | None:
        try:
            return self.resolver.town(value) if kind == "town" else self.resolver.site(value)
        except TourError as exc:
            self.problems.append(f"{where}: {exc}")
            return None

    def via(self, value: str, where: str) -> Via | None:
        key = fold(value)
        if key in self.crossings:
            return ("crossing", self.crossings[key])
        if key in self.nodes:
            return ("node", self.nodes[key])
        for kind, table in (("crossing", self.crossings), ("node", self.nodes)):
            if len(partial := by_words(value, table)) == 1:
                return (kind, partial[0])
        hint = suggest(value, [*self.crossings.values(), *self.nodes.values()])
        more = f" Did you mean: {', '.join(dict.fromkeys(hint))}?" if hint else ""
        self.problems.append(f"{where}: via {value!r} is not a crossing or a town.{more}")
        return None

    def clock(self, column: str, value: str, where: str) -> time | None:
        try:
            return time.fromisoformat(value)
        except ValueError:
            self.problems.append(f"{where}: {column} {value!r} is not a time. Hint: HH:MM, e.g. 09:30.")
            return None

    def row(self, cells: dict[str, str], where: str, expected: int) -> Row | None:
        before = len(self.problems)
        if not cells["day"].isdigit() or int(cells["day"]) != expected:
            self.problems.append(
                f"{where}: day {cells['day']!r}, expected {expected}. Hint: one row a day, 1, 2, 3, ..."
            )
        on = None
        if cells.get("date"):
            try:
                on = date.fromisoformat(cells["date"])
            except ValueError:
                self.problems.append(f"{where}: date {cells['date']!r} is not YYYY-MM-DD.")
        start = self.name("town", cells["start"], where) if cells.get("start") else None
        if expected == 1 and not cells.get("start"):
            self.problems.append(f"{where}: the first day needs a start town.")
        sites = [self.name("site", s, where) for s in _split(cells["sites"])]
        raw_times = _split(cells.get("times", ""), keep_empty=True)
        if len(raw_times) > len(sites):
            self.problems.append(
                f"{where}: {len(raw_times)} times for {len(sites)} site(s). "
                "Hint: one time a site, ';'-separated."
            )
        times = [self.clock("time", t, where) if t else None for t in raw_times]
        via = [self.via(v, where) for v in _split(cells.get("via", ""))]
        overnight = self.name("town", cells["overnight"], where) if cells["overnight"] else None
        if not cells["overnight"]:
            self.problems.append(f"{where}: overnight is empty. Hint: the town the day ends in.")
        leave = self.clock("leave", cells["leave"], where) if cells.get("leave") else None
        if len(self.problems) > before or overnight is None:
            return None
        return Row(
            day=expected,
            where=where,
            on=on,
            start=start,
            sites=tuple(cast(str, s) for s in sites),
            times=tuple(times) + (None,) * (len(sites) - len(times)),
            via=tuple(cast(Via, v) for v in via),
            overnight=overnight,
            leave=leave,
        )


def _split(cell: str, *, keep_empty: bool = False) -> list[str]:
    items = [x.strip() for x in cell.split(";")] if cell.strip() else []
    return items if keep_empty else [x for x in items if x]


def read_itinerary(path: Path, catalogue: Catalogue) -> tuple[Row, ...]:
    """The file's days, names resolved; every problem at once, as a RequestError with file:line."""
    label = shown(path)
    reader = _Reader(catalogue, label)
    rows: list[Row] = []
    table = _table(path, label)
    header = [c.strip().lower() for c in table[0][1]]
    unknown = [c for c in header if c not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing or len(set(header)) != len(header):
        raise RequestError(
            f"{label}:1: header {','.join(header)!r}: "
            + "; ".join(
                [*(f"unknown column {c!r}" for c in unknown), *(f"no {c!r} column" for c in missing)]
                or ["a column twice"]
            )
            + f". Hint: columns {', '.join(COLUMNS)} (docs/itinerary_csv.md); "
            + f"{', '.join(REQUIRED)} are required."
        )
    for n, (line, cells) in enumerate(table[1:], start=1):
        where = f"{label}:{line}"
        if len(cells) != len(header):
            reader.problems.append(
                f"{where}: {len(cells)} cells, expected {len(header)}. Hint: quote cells that hold commas."
            )
            continue
        row = reader.row(dict(zip(header, (c.strip() for c in cells), strict=True)), where, n)
        if row is not None:
            rows.append(row)
    if not rows and not reader.problems:
        reader.problems.append(f"{label}:2: no days. Hint: one row a day after the header.")
    if reader.problems:
        head = f"{len(reader.problems)} problem(s) in {label}:"
        raise RequestError("\n".join([head, *("  " + p for p in reader.problems)]))
    return tuple(rows)


def _table(path: Path, label: str) -> list[tuple[int, list[str]]]:
    """(line, cells) of each non-blank row, header first; refuses what is not a small UTF-8 file."""
    try:
        info = path.stat()
    except OSError as exc:
        raise RequestError(f"{label}: cannot read it: {exc.strerror}.") from exc
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        raise RequestError(
            f"{label}: not a regular file of at most {MAX_FILE_BYTES // 2**20} MB. Hint: a CSV file."
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RequestError(
            f"{label}: not UTF-8 ({exc.reason} at byte {exc.start}). Hint: save as UTF-8."
        ) from exc
    reader = csv.reader(text.splitlines(keepends=True))
    out: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            if any(len(c) > MAX_CELL_CHARS for c in cells):
                raise RequestError(f"{label}:{line}: a cell over {MAX_CELL_CHARS} characters.")
            if any(c.strip() for c in cells):
                out.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise RequestError(f"{label}:{line}: not CSV: {exc}. Hint: RFC 4180, comma-separated.") from exc
    if not out:
        raise RequestError(f"{label}:1: empty file. Hint: a header row, then one row a day.")
    if len(out) > MAX_DAYS + 1:
        raise RequestError(f"{label}: {len(out) - 1} days, more than the {MAX_DAYS} a check takes.")
    return out


def check_itinerary(
    path: Path,
    catalogue: Catalogue,
    *,
    first: date | None = None,
    pace: PaceName = "standard",
    conditions: Conditions | None = None,
) -> CheckResult:
    """Read an operator's itinerary, time it at `pace`, and say what does not hold under
    `conditions` (scenario, overrides, nationality, flights; their dates are not read). `first`
    dates day 1, the others following by day number, over the file's own dates."""
    rows = read_itinerary(path, catalogue)
    dates = _dates(rows, first, shown(path))
    start = rows[0].start
    assert start is not None  # read_itinerary requires it
    given = conditions or Conditions()
    request = Request(
        start=start,
        end=rows[-1].overnight,
        days=len(rows),
        date=dates[0],
        scenario=given.scenario,
        open=given.open,
        close=given.close,
        nationality=given.nationality,
        pace=pace,
        allow_flights=given.allow_flights,
        lunch=False,
    )
    ways = Ways(catalogue, request)
    plan = plan_days(rows, dates, request, ways)
    return CheckResult(source=shown(path), plan=plan, findings=check_plan(plan, catalogue, ways))


def _dates(rows: tuple[Row, ...], first: date | None, label: str) -> list[date]:
    """`first` and the days after it; else each row's date, or the day after the previous row's."""
    if first is None and rows[0].on is None:
        raise RequestError(f"{label}: the first day has no date. Hint: a date column, or --date YYYY-MM-DD.")
    out: list[date] = []
    for row in rows:
        if first is not None:
            on = first + timedelta(days=row.day - 1)
        else:
            on = row.on or out[-1] + timedelta(days=1)
        if not date(2000, 1, 1) <= on <= date(2099, 12, 31):
            raise RequestError(f"{row.where}: date {on} is outside 2000-2099.")
        if out and on <= out[-1]:
            raise RequestError(f"{row.where}: date {on} is not after day {row.day - 1}'s, {out[-1]}.")
        out.append(on)
    return out
