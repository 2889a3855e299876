"""What no longer holds in a plan or an operator's itinerary, as data: a finding is a code from a
closed set, the day, and JSON-able parameters; its English is rendered here, from those."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tours.notes import month_runs


class FindingCode(StrEnum):
    """What no longer holds in a plan or an operator's itinerary."""

    SITE_ACCESS = "site-access"  # restricted or inaccessible: not visitable from this side
    OUT_OF_SEASON = "out-of-season"  # not usually reachable in that month
    CLOSED_ON_DATE = "closed-on-date"  # not open at all that day
    OUTSIDE_HOURS = "outside-hours"  # open that day, but not for the whole visit as timed
    CLOSED_CROSSING = "closed-crossing"  # a leg crosses in a direction closed to this traveller
    SEASONAL_ROAD = "seasonal-road"  # a leg takes a road usually closed that month
    NO_ROAD = "no-road"  # no road (or flight) joins two stops, or two steps of a leg's path
    BROKEN_CHAIN = "broken-chain"  # legs that do not join the day's stops, or days that do not join
    TRAVEL_TIME = "travel-time"  # less time between two stops than the leg takes
    DRIVE_BUDGET = "drive-budget"  # a day's travel over the cap
    DAY_WINDOW = "day-window"  # leaves before the day starts or arrives after it ends


def _hm(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d}"


def _chain(p: Mapping[str, Any]) -> str:
    if p["kind"] == "days":
        return f"starts in {p['start']}, but day {p['before']} ended in {p['ended']}"
    if p["kind"] == "path":
        return f"the leg {p['from']} → {p['to']} has a path from {p['first']} to {p['last']}"
    legs = ", ".join(f"{a} → {b}" for a, b in p["legs"]) or "none"
    return f"its legs ({legs}) do not join its start, visits and end in order"


FINDING_TEXTS: dict[FindingCode, Callable[[Mapping[str, Any]], str]] = {
    FindingCode.SITE_ACCESS: lambda p: f"{p['name']} is {p['access']}: {p['note']}",
    FindingCode.OUT_OF_SEASON: lambda p: (
        f"{p['name']} is usually reachable only {month_runs(p['months'])}, not on {p['date']}"
    ),
    FindingCode.CLOSED_ON_DATE: lambda p: (
        f"{p['name']} is closed all day on {p['weekday']} {p['date']} ({p['opening_hours']})"
    ),
    FindingCode.OUTSIDE_HOURS: lambda p: (
        f"{p['name']} {p['arrive']}-{p['depart']} on {p['weekday']} {p['date']} is outside its "
        f"opening hours ({p['opening_hours']}: open {', '.join(p['open'])} that day)"
    ),
    FindingCode.CLOSED_CROSSING: lambda p: (
        f"{p['from']} → {p['to']} crosses {p['name']} {p['direction']}, which is {p['access']} "
        f"for a {p['nationality']} traveller under {p['scenario']} on {p['date']}"
    ),
    FindingCode.SEASONAL_ROAD: lambda p: (
        f"{p['from']} → {p['to']} takes the road {'–'.join(p['between'])}"
        + (f" ({p['road']})" if p["road"] else "")
        + f", usually closed {month_runs(p['months'], ';')}, and the day is {p['date']}"
    ),
    FindingCode.NO_ROAD: lambda p: (
        f"no road joins {p['a']} and {p['b']}, even with every crossing open"
        + ("" if (p["a"], p["b"]) == (p["from"], p["to"]) else f" (a step of {p['from']} → {p['to']})")
    ),
    FindingCode.BROKEN_CHAIN: lambda p: _chain(p),
    FindingCode.TRAVEL_TIME: lambda p: (
        f"{p['from']} {p['depart']} → {p['to']} {p['arrive']} "
        + (f"leaves {p['gap']} min" if p["gap"] >= 0 else "arrives before it leaves")
        + f"; the leg takes {p['needed']} min"
    ),
    FindingCode.DRIVE_BUDGET: lambda p: (
        f"{_hm(p['drive_minutes'])} of travel, over the cap of {_hm(p['cap_minutes'])} a day"
    ),
    FindingCode.DAY_WINDOW: lambda p: (
        f"leaves {p['place']} at {p['time']}, before the day starts at {p['limit']}"
        if p["edge"] == "start"
        else f"arrives in {p['place']} at {p['time']}, after the day ends at {p['limit']}"
    ),
}


@dataclass(frozen=True)
class Finding:
    """One thing that does not hold, on one day: a code, its parameters; `text` is the English."""

    code: FindingCode
    day: int
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def what(self) -> str:
        """The English, without the day."""
        return FINDING_TEXTS[self.code](self.params)

    @property
    def text(self) -> str:
        return f"day {self.day}: {self.what}"

    def __str__(self) -> str:
        return self.text

    def contract(self) -> dict[str, Any]:
        return {"code": self.code.value, "day": self.day, "params": self.params, "text": self.text}


def lines(findings: Iterable[Finding]) -> list[str]:
    """One line a finding, as `tours render` and `tours check` print them."""
    return [f"{f.code.value}: {f.text}" for f in findings]
