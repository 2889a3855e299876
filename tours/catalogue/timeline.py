"""The real timeline of the borders: dated, sourced events per crossing direction and flight route.

`sites/timeline.toml` holds one `[[event]]` per change of status of one crossing direction and one
`[[flight]]` per change on a flight route. The status in force on a day is the latest event that
began on or before it and has not ended (`until`); after a temporary event ends, the one before it
holds again. After the last date the sources speak for (`Timeline.known_until`) the last status
still holds, and the plan says that nothing is known beyond that date.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tours.catalogue.model import Access, CrossingStatus, FlightStatus, Scenario
from tours.catalogue.rows import Problems, read_text
from tours.resources import shown as _shown

SOURCE_KINDS = ("official", "news", "traveller")


@dataclass(frozen=True)
class Event:
    """One change of status of one crossing direction (`crossing` set) or flight route (`route`)."""

    start: date
    source: str
    source_kind: str
    reported: date
    note: str = ""
    until: date | None = None  # the last day of a temporary status
    known_until: date | None = None  # the date up to which the source says it holds
    crossing: str = ""
    direction: str = ""
    access: Access = Access.CLOSED
    route: str = ""
    operates: bool = False
    carriers: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.crossing, self.direction) if self.crossing else ("flight", self.route)

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.until is None or day <= self.until)

    @property
    def last_known(self) -> date:
        return max(d for d in (self.start, self.reported, self.until, self.known_until) if d is not None)

    def status(self) -> CrossingStatus:
        return CrossingStatus(
            crossing=self.crossing,
            direction=self.direction,
            access=self.access,
            as_of=self.reported,
            source=self.source,
            note=self.note,
            source_kind=self.source_kind,
            since=self.start,
            known_until=self.known_until,
        )

    def contract(self) -> dict[str, Any]:
        """The `tours crossings history --json` row."""
        base: dict[str, Any] = {
            "crossing": self.crossing,
            "direction": self.direction,
            "access": self.access.value,
        }
        if self.route:
            base = {"route": self.route, "operates": self.operates, "carriers": self.carriers}
        return base | {
            "from": self.start.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "known_until": self.known_until.isoformat() if self.known_until else None,
            "source": self.source,
            "source_kind": self.source_kind,
            "reported": self.reported.isoformat(),
            "note": self.note,
        }

    def flight(self) -> FlightStatus:
        return FlightStatus(
            route=self.route,
            operates=self.operates,
            source=self.source,
            note=self.note,
            carriers=self.carriers,
        )


@dataclass(frozen=True)
class Timeline:
    events: tuple[Event, ...]  # sorted by key, then start

    @property
    def known_until(self) -> date | None:
        """The last date any source speaks for."""
        return max((e.last_known for e in self.events), default=None)

    def history(self, key: tuple[str, str]) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.key == key)

    def in_force(self, day: date) -> dict[tuple[str, str], Event]:
        """(crossing, direction) or ("flight", route) -> the event in force on `day`."""
        out: dict[tuple[str, str], Event] = {}
        for e in self.events:  # in start order per key: a later one in force wins
            if e.in_force(day):
                out[e.key] = e
        return out

    def statuses_on(self, day: date) -> tuple[tuple[CrossingStatus, ...], tuple[FlightStatus, ...]]:
        """The statuses in force on `day`. A crossing direction whose first event is later is
        closed for the planner, and says that nothing is known before that event."""
        found = self.in_force(day)
        statuses = [e.status() for e in found.values() if e.crossing]
        for key in dict.fromkeys(e.key for e in self.events if e.crossing):
            if key not in found:
                first = self.history(key)[0]
                note = f"Nothing known before {first.start} (the timeline's first event): planned as closed."
                statuses.append(replace(first.status(), access=Access.CLOSED, note=note, since=None))
        return tuple(statuses), tuple(e.flight() for e in found.values() if e.route)

    def changes_between(self, first: date, last: date) -> tuple[Event, ...]:
        """The events that begin or end on a day after `first` up to `last` (a trip's later days)."""
        return tuple(
            e
            for e in self.events
            if first < e.start <= last or (e.until is not None and first <= e.until < last)
        )


def specific_source(source: str) -> str | None:
    """None when every part of `source` is a URL naming a page (not a site's home page)."""
    parts = [p.strip() for p in source.split(" ; ") if p.strip()]
    if not parts:
        return "source is empty: every status needs a specific page."
    for part in parts:
        url = urlsplit(part)
        if url.scheme not in ("http", "https") or not url.netloc:
            return f"source {part!r} is not a URL."
        if url.path.strip("/") == "" and not url.query:
            return f"source {part!r} is a home page: cite the page that says it."
    return None


def tables(data: dict[str, Any], key: str, path: Path, problems: Problems) -> list[dict[str, Any]]:
    """The `[[key]]` tables of a parsed TOML file; a problem, and none, if `key` is anything else."""
    value = data.get(key, [])
    if isinstance(value, list) and all(isinstance(x, dict) for x in value):
        return value
    problems.add(f"{_shown(path)}:1", f"{key} must be [[{key}]] tables, not {type(value).__name__}.")
    return []


def load_timeline(
    path: Path, directions: set[tuple[str, str]], routes: set[str], problems: Problems
) -> Timeline | None:
    """Parse `path`; every crossing direction in `directions` must have an event."""
    if not path.exists():
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.add(_shown(path), f"not valid TOML: {exc}")
        return None
    events: list[Event] = []
    for table in ("event", "flight"):
        lines = [i + 1 for i, ln in enumerate(text.splitlines()) if ln.strip() == f"[[{table}]]"]
        for n, entry in enumerate(tables(data, table, path, problems)):
            where = f"{_shown(path)}:{lines[n] if n < len(lines) else 1}"
            event = _event(entry, where, table, directions, routes, problems)
            if event is not None:
                events.append(event)
    covered = {e.key for e in events}
    missing = sorted(directions - covered)
    if missing:
        shown = ", ".join(f"{c} {d}" for c, d in missing)
        problems.add(
            _shown(path), f"no event for: {shown}. Hint: add an [[event]] with its first known status."
        )
    return Timeline(tuple(sorted(events, key=lambda e: (e.key, e.start))))


def _event(
    entry: dict[str, Any],
    where: str,
    table: str,
    directions: set[tuple[str, str]],
    routes: set[str],
    problems: Problems,
) -> Event | None:
    before = len(problems)
    dates: dict[str, date | None] = {}
    for name in ("from", "until", "known_until", "reported"):
        value = entry.get(name)
        if value is None and name in ("until", "known_until"):
            dates[name] = None
        elif isinstance(value, date):
            dates[name] = value
        else:
            problems.add(where, f"{name} {value!r} is not a date (write 2026-01-15).")
    source = str(entry.get("source", ""))
    bad = specific_source(source)
    if bad:
        problems.add(where, bad)
    kind = str(entry.get("source_kind", ""))
    if kind not in SOURCE_KINDS:
        problems.add(where, f"source_kind {kind!r} must be one of {', '.join(SOURCE_KINDS)}.")
    fields: dict[str, Any] = {}
    if table == "event":
        fields = crossing_fields(entry, where, directions, problems)
    else:
        route = str(entry.get("route", ""))
        pair = "-".join(sorted(route.split("-")))
        if pair not in {"-".join(sorted(r.split("-"))) for r in routes}:
            problems.add(where, f"flight route {route!r} is not in sites/network/flights.csv.")
        if not isinstance(entry.get("operates"), bool):
            problems.add(where, f"operates {entry.get('operates')!r} must be true or false.")
        fields = {
            "route": route,
            "operates": bool(entry.get("operates")),
            "carriers": str(entry.get("carriers", "")),
        }
    if len(problems) > before:
        return None
    start, until = dates["from"], dates["until"]
    assert start is not None and dates["reported"] is not None
    if until is not None and until < start:
        problems.add(where, f"until {until} is before from {start}.")
        return None
    return Event(
        start=start,
        until=until,
        known_until=dates["known_until"],
        reported=dates["reported"],
        source=source,
        source_kind=kind,
        note=str(entry.get("note", "")),
        **fields,
    )


def crossing_fields(
    entry: dict[str, Any], where: str, directions: set[tuple[str, str]], problems: Problems
) -> dict[str, Any]:
    """`crossing`, `direction` and `access` of a status or event table, each checked (problems at `where`)."""
    crossing, direction = str(entry.get("crossing", "")), str(entry.get("direction", ""))
    if (crossing, direction) not in directions:
        known = sorted({d for c, d in directions if c == crossing})
        hint = f" Its directions are {', '.join(known)}." if known else " Unknown crossing id."
        problems.add(where, f"crossing {crossing!r} direction {direction!r} does not exist.{hint}")
    try:
        access = Access(str(entry.get("access", "")))
    except ValueError:
        problems.add(
            where, f"access {entry.get('access')!r} must be one of {', '.join(a.value for a in Access)}."
        )
        access = Access.CLOSED
    return {"crossing": crossing, "direction": direction, "access": access}


def scenario_on(scenario: Scenario, timeline: Timeline | None, day: date | None) -> Scenario:
    """`scenario` with the real timeline's statuses on `day` (its last known date when None),
    its own hand-set statuses and flights laid over them. A scenario not built on the timeline
    is returned as it is."""
    if not scenario.timeline or timeline is None:
        return scenario
    horizon = timeline.known_until
    on = day or horizon or scenario.as_of
    statuses, flights = timeline.statuses_on(on)
    merged = {(s.crossing, s.direction): s for s in statuses}
    merged.update({(s.crossing, s.direction): s for s in scenario.overlay})
    routes = {f.pair: f for f in flights}
    routes.update({f.pair: f for f in scenario.overlay_flights})
    return replace(
        scenario,
        as_of=min(on, horizon) if horizon else on,  # what the sources speak for
        on=on,
        known_until=horizon,
        statuses=tuple(sorted(merged.values(), key=lambda s: (s.crossing, s.direction))),
        flights=tuple(sorted(routes.values(), key=lambda f: f.route)),
    )
