"""Scenario files: which crossing is open in which direction, for whom, as of when.

A scenario file (`sites/scenarios/<name>.toml`) lists statuses per crossing and direction; one
based on another lists only what it changes. Applying one to a network is
`tours.network.conditions`' work.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tours.catalogue.model import Crossing, CrossingStatus, FlightStatus, Scenario
from tours.catalogue.rows import Problems, read_text
from tours.catalogue.timeline import crossing_fields, specific_source, tables
from tours.resources import shown as _shown

DEFAULT_SCENARIO = "status-quo"


def load_scenarios(
    folder: Path,
    crossings: list[Crossing],
    problems: Problems,
    *,
    routes: set[str] | None = None,
    airports: set[str] | None = None,
) -> list[Scenario]:
    """Parse every `*.toml` in `folder`, resolve `based_on`, check each against the crossings.

    `routes` are the flight routes of `flights.csv` ("TBS-GYD"); a `[[flight]]` entry naming
    another route adds it and must give its `block_minutes`.
    """
    reader = _Reader(
        raw=_read_files(folder, problems),
        directions={(c.id, d) for c in crossings for d in c.directions()},
        network=({frozenset(r.split("-")) for r in routes or set()}, airports or set()),
        problems=problems,
    )
    for name in reader.raw:
        reader.build(name, ())
    if crossings and DEFAULT_SCENARIO not in reader.out and not problems:
        problems.add(str(folder), f"no {DEFAULT_SCENARIO}.toml scenario.")
    return [reader.out[n] for n in sorted(reader.out)]


def _read_files(folder: Path, problems: Problems) -> dict[str, tuple[Path, dict[str, Any], str]]:
    """name -> (path, parsed TOML, text) for each scenario file whose name matches its file."""
    raw: dict[str, tuple[Path, dict[str, Any], str]] = {}
    for path in sorted(folder.glob("*.toml")):
        text = read_text(path, problems)
        if text is None:
            continue
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            problems.add(_shown(path), f"not valid TOML: {exc}")
            continue
        name = str(data.get("name", ""))
        if name != path.stem:
            problems.add(f"{_shown(path)}:1", f"name {name!r} must match the file name {path.stem!r}.")
            continue
        raw[name] = (path, data, text)
    return raw


@dataclass
class _Reader:
    """Builds each scenario once, its `based_on` first."""

    raw: dict[str, tuple[Path, dict[str, Any], str]]
    directions: set[tuple[str, str]]
    network: tuple[set[frozenset[str]], set[str]]  # known flight routes, airport codes
    problems: Problems
    out: dict[str, Scenario] = field(default_factory=dict)

    def build(self, name: str, chain: tuple[str, ...]) -> Scenario | None:
        if name in self.out:
            return self.out[name]
        path, data, text = self.raw[name]
        problems = self.problems
        base: Scenario | None = None
        based_on = str(data.get("based_on", ""))
        if based_on:
            if based_on in chain or based_on not in self.raw:
                problems.add(f"{_shown(path)}:1", f"based_on {based_on!r} is unknown or circular.")
                return None
            base = self.build(based_on, (*chain, name))
            if base is None:
                return None
        statuses = _statuses(path, data, text, self.directions, problems)
        timeline = bool(data.get("timeline", False)) or (base is not None and base.timeline)
        as_of = data.get("as_of")
        if not isinstance(as_of, date):
            problems.add(f"{_shown(path)}:1", f"as_of {as_of!r} is not a date (write 2026-01-15).")
            return None
        own_flights = _flights(path, data, text, self.network, problems)
        flights = {f.pair: f for f in (base.flights if base else ())}
        flights.update({f.pair: f for f in own_flights})
        merged = {(s.crossing, s.direction): s for s in (base.statuses if base else ())}
        merged.update({(s.crossing, s.direction): s for s in statuses})
        missing = sorted(self.directions - merged.keys())
        if missing and not timeline:
            shown = ", ".join(f"{c} {d}" for c, d in missing)
            problems.add(f"{_shown(path)}:1", f"no status for: {shown}. Hint: add [[status]] entries.")
        self.out[name] = Scenario(
            name=name,
            title=str(data.get("title", name)),
            as_of=as_of,
            description=str(data.get("description", "")),
            statuses=tuple(sorted(merged.values(), key=lambda s: (s.crossing, s.direction))),
            based_on=based_on,
            origin=str(path),
            flights=tuple(sorted(flights.values(), key=lambda f: f.route)),
            timeline=timeline,
            overlay=tuple(sorted(merged.values(), key=lambda s: (s.crossing, s.direction)))
            if timeline
            else (),
            overlay_flights=tuple(sorted(flights.values(), key=lambda f: f.route)) if timeline else (),
        )
        return self.out[name]


def _statuses(
    path: Path, data: dict[str, Any], text: str, directions: set[tuple[str, str]], problems: Problems
) -> list[CrossingStatus]:
    lines = [i + 1 for i, ln in enumerate(text.splitlines()) if ln.strip() == "[[status]]"]
    out: list[CrossingStatus] = []
    for n, entry in enumerate(tables(data, "status", path, problems)):
        where = f"{_shown(path)}:{lines[n] if n < len(lines) else 1}"
        before = len(problems)
        fields = crossing_fields(entry, where, directions, problems)
        as_of = entry.get("as_of")
        if not isinstance(as_of, date):
            problems.add(where, f"as_of {as_of!r} is not a date.")
        if bad := specific_source(str(entry.get("source", ""))):
            problems.add(where, bad)
        if len(problems) > before:
            continue
        assert isinstance(as_of, date)
        out.append(
            CrossingStatus(
                **fields,
                as_of=as_of,
                source=str(entry["source"]),
                note=str(entry.get("note", "")),
            )
        )
    return out


def _flights(
    path: Path,
    data: dict[str, Any],
    text: str,
    network: tuple[set[frozenset[str]], set[str]],
    problems: Problems,
) -> list[FlightStatus]:
    known, codes = network
    lines = [i + 1 for i, ln in enumerate(text.splitlines()) if ln.strip() == "[[flight]]"]
    out: list[FlightStatus] = []
    for n, entry in enumerate(tables(data, "flight", path, problems)):
        where = f"{_shown(path)}:{lines[n] if n < len(lines) else 1}"
        route = str(entry.get("route", ""))
        operates = entry.get("operates")
        block = entry.get("block_minutes")
        before = len(problems)
        if not re.fullmatch(r"[A-Z]{3}-[A-Z]{3}", route):
            problems.add(where, f"flight route {route!r} is not 'AAA-BBB' (IATA codes).")
        elif not set(route.split("-")) <= codes:
            problems.add(where, f"flight route {route!r} names an airport not in sites/network/airports.csv.")
        if not isinstance(operates, bool):
            problems.add(where, f"operates {operates!r} must be true or false.")
        if operates and frozenset(route.split("-")) not in known and not isinstance(block, int):
            problems.add(where, f"route {route} is not in flights.csv: give its block_minutes.")
        if not entry.get("source"):
            problems.add(where, "source is empty: every flight entry needs one.")
        if len(problems) > before:
            continue
        out.append(
            FlightStatus(
                route=route,
                operates=bool(operates),
                source=str(entry["source"]),
                block_minutes=block if isinstance(block, int) else None,
                note=str(entry.get("note", "")),
            )
        )
    return out
