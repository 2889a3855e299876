"""Load and validate the catalogue in `sites/`: sites, towns, roads, crossings, scenarios.

Every problem in every file is collected and raised at once as a `CatalogueError`, each message
naming file, line, value and, where the fix is known, a hint.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from tours import hours
from tours.errors import CatalogueError
from tours.model import (
    ACCESS_LEVELS,
    ALL_MONTHS,
    CATEGORIES,
    COUNTRIES,
    CURRENCIES,
    MONTHS,
    TERRAINS,
    TOWN_KINDS,
    UNESCO_STATUSES,
    Airport,
    Catalogue,
    Crossing,
    Flight,
    Road,
    Site,
    Town,
)
from tours.paths import DATA_DIR
from tours.paths import shown as _shown

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

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# The four countries and their surroundings; a point outside is a typo (swapped lat/lon, sign).
LAT_RANGE, LON_RANGE = (35.5, 43.8), (25.5, 51.0)


class _Problems(list[str]):
    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}")


def _rows(path: Path, header: list[str], problems: _Problems) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield ("file:line", row) for each data row; header problems are recorded, not raised."""
    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.add(shown, f"not UTF-8 ({exc.reason} at byte {exc.start}). Hint: save as UTF-8.")
        return
    reader = csv.reader(text.splitlines(keepends=True))
    first = next(reader, None)
    if first is None:
        problems.add(f"{shown}:1", "empty file")
        return
    if [c.strip() for c in first] != header:
        problems.add(
            f"{shown}:1",
            f"header is {','.join(first)!r}. Expected {','.join(header)!r} (see sites/FORMAT.md).",
        )
        return
    line = reader.line_num + 1
    for cells in reader:
        where = f"{shown}:{line}"
        line = reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.add(
                where,
                f"{len(cells)} cells, expected {len(header)}. Hint: quote cells that hold commas.",
            )
            continue
        yield where, {k: v.strip() for k, v in zip(header, cells, strict=True)}


def _number(
    row: dict[str, str], key: str, where: str, problems: _Problems, lo: float, hi: float
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


def _coords(row: dict[str, str], where: str, problems: _Problems) -> tuple[float, float] | None:
    lat = _number(row, "lat", where, problems, -90, 90)
    lon = _number(row, "lon", where, problems, -180, 180)
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


def _country(row: dict[str, str], where: str, problems: _Problems) -> str | None:
    code = row["country"]
    if code not in COUNTRIES:
        problems.add(where, f"country {code!r} is not one of {', '.join(COUNTRIES)}.")
        return None
    return code


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split(";") if x.strip())


def _id(row: dict[str, str], key: str, where: str, problems: _Problems, seen: dict[str, str]) -> str | None:
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
    for part in _split(cell):
        ends = part.split("-")
        if len(ends) > 2 or any(e not in MONTHS for e in ends):
            return None
        a, b = MONTHS.index(ends[0]) + 1, MONTHS.index(ends[-1]) + 1
        out.update(((a - 1 + k) % 12) + 1 for k in range((b - a) % 12 + 1))
    return frozenset(out)


def _site_extras(row: dict[str, str], tags: frozenset[str], where: str, problems: _Problems) -> None:
    """Checks on the columns beyond the skeleton's: UNESCO status, fee, months, access, communities."""
    status = row["unesco_status"]
    if status and status not in UNESCO_STATUSES:
        problems.add(
            where, f"unesco_status {status!r} is not one of: {', '.join(UNESCO_STATUSES)} (or empty)."
        )
    if (status == "inscribed") != bool(row["unesco_id"]):
        problems.add(where, "unesco_status 'inscribed' and unesco_id must go together.")
    if (status == "tentative") != ("tentative" in tags):
        problems.add(where, "unesco_status 'tentative' and the 'tentative' tag must go together.")
    if not FEE.match(row["fee"]) and row["fee"]:
        problems.add(
            where,
            f"fee {row['fee']!r} is not understood. Hint: 'free', '1000 AMD', '3-5 AZN' "
            f"(currencies {' '.join(CURRENCIES)}) or empty when unknown.",
        )
    if parse_months(row["months"]) is None:
        problems.add(where, f"months {row['months']!r} is not understood. Hint: 'May-Oct', 'Jun;Aug-Sep'.")
    if row["access"] not in ACCESS_LEVELS:
        problems.add(where, f"access {row['access']!r} is not one of: {', '.join(ACCESS_LEVELS)}.")
    elif row["access"] != "open" and not row["access_note"]:
        problems.add(
            where, f"access is {row['access']!r} but access_note is empty. Hint: say who may go and how."
        )
    if "shared-heritage" in tags and not row["communities"]:
        problems.add(where, "tagged shared-heritage but communities is empty. Hint: e.g. 'Georgian'.")


def parse_sites(path: Path, problems: _Problems, seen: dict[str, str]) -> list[Site]:
    out: list[Site] = []
    for where, row in _rows(path, SITE_HEADER, problems):
        before = len(problems)
        sid = _id(row, "id", where, problems, seen)
        country = _country(row, where, problems)
        coords = _coords(row, where, problems)
        tags = frozenset(_split(row["tags"]))
        for tag in sorted(tags):
            if not SLUG.match(tag):
                problems.add(where, f"tag {tag!r} is not lowercase kebab-case.")
        category = row["category"]
        if category not in CATEGORIES:
            problems.add(where, f"category {category!r} is not one of: {' '.join(sorted(CATEGORIES))}.")
        elif category not in tags:
            problems.add(where, f"tags {row['tags']!r} do not include the category {category!r}.")
        importance = _number(row, "importance", where, problems, 1, 3)
        visit = _number(row, "visit_minutes", where, problems, 15, 480)
        if (problem := hours.problem(row["opening_hours"])) is not None:
            problems.add(
                where,
                f"opening_hours {row['opening_hours']!r} does not parse: {problem}. "
                "Hint: OSM syntax, e.g. 'Tu-Su 10:00-18:00' or '24/7'.",
            )
        if not row["hours_source"]:
            problems.add(where, "hours_source is empty. Hint: a URL, or 'typical; not verified'.")
        unesco: int | None = None
        if row["unesco_id"]:
            if row["unesco_id"].isdigit():
                unesco = int(row["unesco_id"])
            else:
                problems.add(where, f"unesco_id {row['unesco_id']!r} is not a number.")
        if (unesco is not None) != ("unesco" in tags):
            problems.add(where, "the 'unesco' tag and unesco_id must go together.")
        _site_extras(row, tags, where, problems)
        for key in ("name", "name_local", "description", "source"):
            if not row[key]:
                problems.add(where, f"{key} is empty.")
        if len(problems) > before or sid is None or country is None or coords is None:
            continue
        assert importance is not None and visit is not None
        out.append(
            Site(
                id=sid,
                name=row["name"],
                name_local=row["name_local"],
                other_names=_split(row["other_names"]),
                country=country,
                lat=coords[0],
                lon=coords[1],
                category=category,
                tags=tags,
                importance=int(importance),
                visit_minutes=int(visit),
                opening_hours=row["opening_hours"],
                hours_source=row["hours_source"],
                unesco_id=unesco,
                description=row["description"],
                source=_split(row["source"]),
                origin=where,
                unesco_status=row["unesco_status"],
                period=row["period"],
                fee=row["fee"],
                months=parse_months(row["months"]) or ALL_MONTHS,
                access=row["access"],
                access_note=row["access_note"],
                accessibility=row["accessibility"],
                communities=_split(row["communities"]),
            )
        )
    return out


def parse_towns(path: Path, problems: _Problems, seen: dict[str, str]) -> list[Town]:
    out: list[Town] = []
    for where, row in _rows(path, TOWN_HEADER, problems):
        before = len(problems)
        tid = _id(row, "id", where, problems, seen)
        country = _country(row, where, problems)
        coords = _coords(row, where, problems)
        if row["kind"] not in TOWN_KINDS:
            problems.add(where, f"kind {row['kind']!r} is not one of {' '.join(sorted(TOWN_KINDS))}.")
        if row["accommodation"] not in ("yes", "no"):
            problems.add(where, f"accommodation {row['accommodation']!r} must be 'yes' or 'no'.")
        if not row["name"]:
            problems.add(where, "name is empty.")
        if len(problems) > before or tid is None or country is None or coords is None:
            continue
        out.append(
            Town(
                id=tid,
                name=row["name"],
                name_local=row["name_local"],
                country=country,
                lat=coords[0],
                lon=coords[1],
                kind=row["kind"],
                accommodation=row["accommodation"] == "yes",
                source=row["source"],
                note=row["note"],
                origin=where,
            )
        )
    return out


def parse_roads(path: Path, problems: _Problems, towns: dict[str, Town]) -> list[Road]:
    """Roads; `closed_months` is the one optional column (files without it are open all year)."""
    out: list[Road] = []
    first = path.read_text(encoding="utf-8", errors="replace").partition("\n")[0]
    header = ROAD_HEADER if "closed_months" in first else ROAD_HEADER[:-1]
    for where, row in _rows(path, header, problems):
        before = len(problems)
        cell = row.get("closed_months", "")
        closed = parse_months(cell) if cell else frozenset()
        if closed is None:
            problems.add(where, f"closed_months {cell!r} is not understood. Hint: 'Nov-May', 'Dec-Mar'.")
        elif closed and "closed" not in row["note"].lower():
            problems.add(where, "closed_months is set but the note does not say why (and on whose word).")
        for key in ("from", "to"):
            if row[key] not in towns:
                problems.add(where, f"{key} {row[key]!r} is not a town id in sites/network/towns_*.csv.")
        if row["from"] == row["to"]:
            problems.add(where, f"road from {row['from']!r} to itself.")
        km = _number(row, "km", where, problems, 0.05, 2500)
        speed = _number(row, "speed_kmh", where, problems, 5, 130)
        if row["terrain"] not in TERRAINS:
            problems.add(where, f"terrain {row['terrain']!r} is not one of {' '.join(sorted(TERRAINS))}.")
        if row["km_basis"] not in ("sourced", "estimate"):
            problems.add(where, f"km_basis {row['km_basis']!r} must be 'sourced' or 'estimate'.")
        if row["km_basis"] == "sourced" and not row["source"]:
            problems.add(where, "km_basis is 'sourced' but source is empty.")
        if len(problems) > before:
            continue
        assert km is not None and speed is not None
        out.append(
            Road(
                a=row["from"],
                b=row["to"],
                km=km,
                speed_kmh=speed,
                road=row["road"],
                terrain=row["terrain"],
                estimated=row["km_basis"] == "estimate",
                source=row["source"],
                note=row["note"],
                origin=where,
                closed_months=closed or frozenset(),
            )
        )
    return out


IATA = re.compile(r"^[A-Z]{3}$")


def parse_airports(path: Path, problems: _Problems, towns: dict[str, Town]) -> list[Airport]:
    out: list[Airport] = []
    seen: dict[str, str] = {}
    for where, row in _rows(path, AIRPORT_HEADER, problems):
        before = len(problems)
        code = row["iata"]
        if not IATA.match(code):
            problems.add(where, f"iata {code!r} is not a three-letter IATA code.")
        elif code in seen:
            problems.add(where, f"duplicate airport {code!r}, first defined at {seen[code]}.")
        seen.setdefault(code, where)
        country = _country(row, where, problems)
        coords = _coords(row, where, problems)
        if row["node"] not in towns:
            problems.add(where, f"node {row['node']!r} is not a town id in sites/network/towns_*.csv.")
        elif country and towns[row["node"]].country != country:
            problems.add(where, f"node {row['node']!r} lies in {towns[row['node']].country}, not {country}.")
        if not row["source"]:
            problems.add(where, "source is empty.")
        if len(problems) > before or country is None or coords is None:
            continue
        lat, lon = coords
        out.append(Airport(code, row["name"], row["node"], country, lat, lon, row["source"], where))
    return out


def parse_flights(path: Path, problems: _Problems, airports: dict[str, Airport]) -> list[Flight]:
    out: list[Flight] = []
    seen: dict[frozenset[str], str] = {}
    for where, row in _rows(path, FLIGHT_HEADER, problems):
        before = len(problems)
        for key in ("from", "to"):
            if row[key] not in airports:
                problems.add(where, f"{key} {row[key]!r} is not an airport in sites/network/airports.csv.")
        pair = frozenset((row["from"], row["to"]))
        if len(pair) != 2:
            problems.add(where, "a flight joins two different airports.")
        elif pair in seen:
            problems.add(where, f"duplicate route {row['from']}-{row['to']}, first at {seen[pair]}.")
        seen.setdefault(pair, where)
        block = _number(row, "block_minutes", where, problems, 20, 600)
        try:
            as_of = date.fromisoformat(row["as_of"])
        except ValueError:
            problems.add(where, f"as_of {row['as_of']!r} is not a date (write 2026-01-15).")
        if not row["source"]:
            problems.add(where, "source is empty: every flight route needs one.")
        if len(problems) > before:
            continue
        assert block is not None
        out.append(
            Flight(
                a=row["from"],
                b=row["to"],
                block_minutes=int(block),
                operators=_split(row["operators"]),
                source=row["source"],
                as_of=as_of,
                note=row["note"],
                origin=where,
            )
        )
    return out


def parse_crossings(path: Path, problems: _Problems, towns: dict[str, Town]) -> list[Crossing]:
    out: list[Crossing] = []
    seen: dict[str, str] = {}
    for where, row in _rows(path, CROSSING_HEADER, problems):
        before = len(problems)
        cid = _id(row, "id", where, problems, seen)
        for side in ("a", "b"):
            node, code = row[f"node_{side}"], row[f"country_{side}"]
            if code not in COUNTRIES:
                problems.add(where, f"country_{side} {code!r} is not one of {', '.join(COUNTRIES)}.")
            elif node not in towns:
                problems.add(where, f"node_{side} {node!r} is not a town id.")
            elif towns[node].country != code:
                problems.add(
                    where,
                    f"node_{side} {node!r} lies in {towns[node].country}, not {code}.",
                )
        if row["country_a"] == row["country_b"]:
            problems.add(where, "a crossing joins two different countries.")
        wait = _number(row, "wait_minutes", where, problems, 0, 24 * 60)
        if not row["source"]:
            problems.add(where, "source is empty.")
        if len(problems) > before or cid is None:
            continue
        assert wait is not None
        out.append(
            Crossing(
                id=cid,
                name_a=row["name_a"],
                country_a=row["country_a"],
                node_a=row["node_a"],
                name_b=row["name_b"],
                country_b=row["country_b"],
                node_b=row["node_b"],
                modes=row["modes"],
                hours=row["hours"],
                wait_minutes=int(wait),
                source=row["source"],
                note=row["note"],
                origin=where,
            )
        )
    return out


def site_files(root: Path) -> list[Path]:
    """The per-country site files: `sites/am.csv`, `sites/tr_east.csv`, ... (`<cc>[_<part>].csv`)."""
    return sorted(p for p in root.glob("*.csv") if re.fullmatch(r"[a-z]{2}(_[a-z]+)?\.csv", p.name))


def load_catalogue(root: Path | None = None, *, extra_sites: tuple[Path, ...] = ()) -> Catalogue:
    """Read and validate everything under `root` (default: the built-in `sites/`).

    `extra_sites` are an operator's own site files in the same format, merged with ours; a
    clash of ids is an error, not a silent override.
    """
    from tours.scenario import load_scenarios  # scenario validation needs the crossings

    root = root or DATA_DIR
    problems = _Problems()
    town_ids: dict[str, str] = {}
    towns: list[Town] = []
    for path in sorted((root / "network").glob("towns_*.csv")):
        towns.extend(parse_towns(path, problems, town_ids))
    by_id = {t.id: t for t in towns}
    roads: list[Road] = []
    for path in sorted((root / "network").glob("roads_*.csv")):
        roads.extend(parse_roads(path, problems, by_id))
    site_ids: dict[str, str] = {}
    sites: list[Site] = []
    for path in [*site_files(root), *extra_sites]:
        sites.extend(parse_sites(path, problems, site_ids))
    crossings: list[Crossing] = []
    crossing_path = root / "crossings.csv"
    if crossing_path.exists():
        crossings = parse_crossings(crossing_path, problems, by_id)
    if not sites:
        problems.add(_shown(root), "no site rows found. Hint: sites/<cc>.csv files, see FORMAT.md.")
    airports: list[Airport] = []
    flights: list[Flight] = []
    if (root / "network" / "airports.csv").exists():
        airports = parse_airports(root / "network" / "airports.csv", problems, by_id)
        if (root / "network" / "flights.csv").exists():
            by_code = {a.iata: a for a in airports}
            flights = parse_flights(root / "network" / "flights.csv", problems, by_code)
    routes, codes = {f.route for f in flights}, {a.iata for a in airports}
    scenarios = load_scenarios(root / "scenarios", crossings, problems, routes=routes, airports=codes)
    if problems:
        raise CatalogueError(problems)
    return Catalogue(
        sites=tuple(sites),
        towns=tuple(towns),
        roads=tuple(roads),
        crossings=tuple(crossings),
        scenarios=tuple(scenarios),
        airports=tuple(airports),
        flights=tuple(flights),
    )
