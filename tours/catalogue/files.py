"""Load the catalogue in `sites/`: sites, towns, roads, crossings, airports, flights, scenarios.

Every problem in every file is collected and raised at once as a `CatalogueError`, each message
naming file, line, value and, where the fix is known, a hint.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from tours.catalogue.model import (
    COUNTRIES,
    TERRAINS,
    TOWN_KINDS,
    Airport,
    Catalogue,
    Crossing,
    Flight,
    Road,
    Site,
    Town,
)
from tours.catalogue.rows import (
    AIRPORT_HEADER,
    CROSSING_HEADER,
    FLIGHT_HEADER,
    ROAD_HEADER,
    TOWN_HEADER,
    Problems,
    parse_coords,
    parse_country,
    parse_months,
    parse_number,
    read_rows,
    split_cell,
    unique_id,
)
from tours.catalogue.scenarios import load_scenarios
from tours.catalogue.sites import parse_sites
from tours.catalogue.timeline import load_timeline
from tours.errors import CatalogueError
from tours.resources import data_dir, shown


def parse_towns(path: Path, problems: Problems, seen: dict[str, str]) -> list[Town]:
    out: list[Town] = []
    for where, row in read_rows(path, TOWN_HEADER, problems):
        before = len(problems)
        tid = unique_id(row, "id", where, problems, seen)
        country = parse_country(row, where, problems)
        coords = parse_coords(row, where, problems)
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


def parse_roads(path: Path, problems: Problems, towns: dict[str, Town]) -> list[Road]:
    """Roads; `closed_months` is the one optional column (files without it are open all year)."""
    out: list[Road] = []
    first = path.read_text(encoding="utf-8", errors="replace").partition("\n")[0]
    header = ROAD_HEADER if "closed_months" in first else ROAD_HEADER[:-1]
    for where, row in read_rows(path, header, problems):
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
        km = parse_number(row, "km", where, problems, 0.05, 2500)
        speed = parse_number(row, "speed_kmh", where, problems, 5, 130)
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


def parse_airports(path: Path, problems: Problems, towns: dict[str, Town]) -> list[Airport]:
    out: list[Airport] = []
    seen: dict[str, str] = {}
    for where, row in read_rows(path, AIRPORT_HEADER, problems):
        before = len(problems)
        code = row["iata"]
        if not IATA.match(code):
            problems.add(where, f"iata {code!r} is not a three-letter IATA code.")
        elif code in seen:
            problems.add(where, f"duplicate airport {code!r}, first defined at {seen[code]}.")
        seen.setdefault(code, where)
        country = parse_country(row, where, problems)
        coords = parse_coords(row, where, problems)
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


def parse_flights(path: Path, problems: Problems, airports: dict[str, Airport]) -> list[Flight]:
    out: list[Flight] = []
    seen: dict[frozenset[str], str] = {}
    for where, row in read_rows(path, FLIGHT_HEADER, problems):
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
        block = parse_number(row, "block_minutes", where, problems, 20, 600)
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
                operators=split_cell(row["operators"]),
                source=row["source"],
                as_of=as_of,
                note=row["note"],
                origin=where,
            )
        )
    return out


def parse_crossings(path: Path, problems: Problems, towns: dict[str, Town]) -> list[Crossing]:
    out: list[Crossing] = []
    seen: dict[str, str] = {}
    for where, row in read_rows(path, CROSSING_HEADER, problems):
        before = len(problems)
        cid = unique_id(row, "id", where, problems, seen)
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
        wait = parse_number(row, "wait_minutes", where, problems, 0, 24 * 60)
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
    root = root or data_dir()
    problems = Problems()
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
        problems.add(shown(root), "no site rows found. Hint: sites/<cc>.csv files, see FORMAT.md.")
    airports: list[Airport] = []
    flights: list[Flight] = []
    if (root / "network" / "airports.csv").exists():
        airports = parse_airports(root / "network" / "airports.csv", problems, by_id)
        if (root / "network" / "flights.csv").exists():
            by_code = {a.iata: a for a in airports}
            flights = parse_flights(root / "network" / "flights.csv", problems, by_code)
    routes, codes = {f.route for f in flights}, {a.iata for a in airports}
    scenarios = load_scenarios(root / "scenarios", crossings, problems, routes=routes, airports=codes)
    directions = {(c.id, d) for c in crossings for d in c.directions()}
    timeline = load_timeline(root / "timeline.toml", directions, routes, problems)
    if timeline is None and any(s.timeline for s in scenarios):
        problems.add(shown(root / "timeline.toml"), "missing: a scenario says `timeline = true`.")
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
        timeline=timeline,
    )
