"""What users read, as data: a reason for a left-out site or a notice is a code from a closed set
plus JSON-able parameters; its English text is rendered here, in one place, from those.

`plan.json` keeps the English text beside the code (`reason`, `notices`) for compatibility, so a
reader can translate, compare or test by code and parameters, never by matching English prefixes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Params = Mapping[str, Any]


class ReasonCode(StrEnum):
    """Why a site that matches the interests is not in the plan."""

    ACCESS = "access"  # restricted or inaccessible
    UNREACHABLE = "unreachable"  # no road under this scenario (and season, flights)
    OUT_OF_SEASON = "out-of-season"
    CLOSED_ON_DATES = "closed-on-dates"  # open too briefly, or not at all, on the tour dates
    TOO_FAR = "too-far"  # further than a day trip from every candidate overnight town
    TOO_FAR_FOR_TOUR = "too-far-for-tour"  # its nearest overnight town is out of the tour's reach
    CLOSED_EVERY_DAY = "closed-every-day"  # within the day budget
    NEEDS_NIGHT = "needs-night"  # fits only with a night elsewhere; the chosen nights score more
    DAY_BUDGET = "day-budget"  # does not fit a day even from the nearest overnight town
    DISPLACED = "displaced"  # fits a day only in place of visits worth more
    OUTSIDE_COUNTRIES = "outside-countries"  # the request keeps the tour in other countries


class NoticeCode(StrEnum):
    """Notices every plan or route output carries where they apply."""

    VERIFY_CROSSINGS = "verify-crossings"
    ESTIMATES = "estimates"
    SEASONAL_ROADS = "seasonal-roads"
    BEYOND_TIMELINE = "beyond-timeline"
    CROSSING_RULES = "crossing-rules"
    STATUS_CHANGES = "status-changes"


def month_runs(months: frozenset[int] | set[int] | list[int], sep: str = ", ") -> str:
    """{5, 6, 7, 8, 9, 10} -> 'May-Oct' (runs of months, wrapping at the year's end)."""
    chosen = set(months)
    if len(chosen) == 12:
        return "all year"
    runs = []
    for m in sorted(m for m in chosen if (m - 2) % 12 + 1 not in chosen):
        end = m
        while end % 12 + 1 in chosen:
            end = end % 12 + 1
        runs.append(MONTH_NAMES[m - 1] if end == m else f"{MONTH_NAMES[m - 1]}-{MONTH_NAMES[end - 1]}")
    return sep.join(runs)


def closure_text(c: Params) -> str:
    """{'road': 'S1', 'between': ['A', 'B'], 'months': [11, 12]} -> 'the S1 road A–B is closed Nov-Dec'."""
    what = f"{c['road']} " if c["road"] else ""
    a, b = c["between"]
    return f"the {what}road {a}–{b} is closed {month_runs(c['months'], ';')}"


def blockage_text(p: Params) -> str:
    """Why no road joins two places (see `tours.network.explain.Blockage`)."""
    if p["kind"] == "season":
        return "; ".join(sorted({closure_text(c) for c in p["closures"]}))
    if p["kind"] == "disconnected":
        return "the two are not connected"
    what = "; ".join(f"{x.split(':')[0]} is closed {x.split(':')[1]}" for x in p["crossings"])
    others = p["others"]
    rules = p.get("rules", [])
    return (
        what
        + (f"; so are the other land entries ({', '.join(others)})" if others else "")
        + (f" for this traveller ({'; '.join(rules)})" if rules else "")
    )


def flight_hint(flights: list[str] | tuple[str, ...]) -> str:
    if not flights:
        return ""
    return f" Hint: a flight ({', '.join(flights)}) would reach it: try --allow-flights."


def _unreachable(p: Params) -> str:
    hint = flight_hint(p["flights"])
    return "unreachable under this scenario: " + blockage_text(p) + (f".{hint}" if hint else "")


def _day_budget(p: Params) -> str:
    return (
        f"does not fit the day budget: at best {p['from']} → it → {p['to']} on day {p['day']} is "
        f"{p['travel_hours']:.1f} h of travel (cap {p['cap_hours']:g} h) plus "
        f"{p['service_minutes']} min on site, within {p['day_start']}-{p['day_end']}"
    )


REASON_TEXTS: dict[ReasonCode, Callable[[Params], str]] = {
    ReasonCode.ACCESS: lambda p: f"access {p['access']}: {p['note']}",
    ReasonCode.UNREACHABLE: _unreachable,
    ReasonCode.OUT_OF_SEASON: lambda p: (
        f"out of season on the tour dates (reachable {month_runs(p['months'])})"
    ),
    ReasonCode.CLOSED_ON_DATES: lambda p: (
        f"closed on the tour dates, or open too briefly for a visit ({p['opening_hours']})"
    ),
    ReasonCode.TOO_FAR: lambda p: (
        f"too far for this tour: {p['hours']:.1f} h from the nearest overnight option"
    ),
    ReasonCode.TOO_FAR_FOR_TOUR: lambda p: (
        f"too far for this tour: {p['town']}, the nearest overnight option, is "
        f"{p['hours']:.0f} h from the start and back to the end, more than "
        f"{p['days']} days of travel allow"
    ),
    ReasonCode.CLOSED_EVERY_DAY: lambda p: "closed on every tour date within the day budget",
    ReasonCode.NEEDS_NIGHT: lambda p: (
        f"outscored: it needs a night in or near {p['town']}, and the nights chosen score more elsewhere"
    ),
    ReasonCode.DAY_BUDGET: _day_budget,
    ReasonCode.OUTSIDE_COUNTRIES: lambda p: (
        f"in {p['country']}, outside the countries asked for ({', '.join(p['countries'])})"
    ),
    ReasonCode.DISPLACED: lambda p: (
        f"outscored: it fits day {p['day']} only in place of {', '.join(p['names'])} "
        f"(score {p['score']} against {p['lost']})"
    ),
}


def _season_notice(p: Params) -> str:
    names = sorted({closure_text(c) for c in p["closures"]})
    return (
        f"Roads usually closed on the trip's dates ({p['first']} to {p['last']}) are not used: "
        + "; ".join(names)
        + ". A road is used only if it is open on every day of the trip."
    )


NOTICE_TEXTS: dict[NoticeCode, Callable[[Params], str]] = {
    NoticeCode.VERIFY_CROSSINGS: lambda p: (
        "Border crossing statuses change. Verify every crossing on this route with the border "
        f"authorities of both countries before travel (statuses as of {p['as_of']})."
    ),
    NoticeCode.ESTIMATES: lambda p: (
        "Drive times come from a road network with average speeds; some road lengths are "
        "estimates (marked ~). Opening hours marked * are typical, not verified."
    ),
    NoticeCode.SEASONAL_ROADS: _season_notice,
    NoticeCode.BEYOND_TIMELINE: lambda p: (
        f"Nothing is known about the crossings after {p['known_until']}, the last date our sources "
        f"speak for: statuses on {p['on']} are assumed to be the last known ones. Verify before travel."
    ),
    NoticeCode.CROSSING_RULES: lambda p: (
        f"Who may cross (traveller: {p['nationality']}): " + "; ".join(p["rules"]) + "."
    ),
    NoticeCode.STATUS_CHANGES: lambda p: (
        f"Crossing statuses change during the trip: {'; '.join(p['changes'])}. The plan uses the "
        f"statuses in force on its first day, {p['on']}."
    ),
}


@dataclass(frozen=True)
class Reason:
    """Why a site is not in the plan: a code and its parameters; `text` is the English."""

    code: ReasonCode
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return REASON_TEXTS[self.code](self.params)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Notice:
    """A notice on a plan or a route: a code and its parameters; `text` is the English."""

    code: NoticeCode
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return NOTICE_TEXTS[self.code](self.params)

    def __str__(self) -> str:
        return self.text

    def contract(self) -> dict[str, Any]:
        return {"code": self.code.value, "params": self.params, "text": self.text}
