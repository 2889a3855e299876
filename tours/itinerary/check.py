"""What no longer holds in a plan: a saved, possibly hand-edited `plan.json` (`tours render`) or
an operator's own itinerary made into a plan (`tours check`), re-checked against the catalogue.

Each visit against its site's access, season and opening hours on its date; each leg's path, step
by step, against the crossings its scenario closes in that direction for the request's traveller
(on the leg's date) and the roads closed in that month; each day against its travel cap, its day
window and the minutes its legs take between the times written.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tours.catalogue import hours
from tours.catalogue.model import TIMEZONES, Catalogue
from tours.catalogue.rows import Problems, read_text
from tours.errors import RequestError
from tours.itinerary.findings import Finding, FindingCode
from tours.itinerary.plan import Day, Leg, Plan, Visit
from tours.itinerary.ways import Ways
from tours.network.conditions import base_network
from tours.planner.request import Request
from tours.resources import shown

TOLERANCE = 1  # minutes: times and leg minutes are rounded to the minute


def load_plan(path: Path) -> Plan:
    """A `plan.json`, perhaps edited by hand; RequestError with file:line when it is not one."""
    where = shown(path)
    problems = Problems()
    text = read_text(path, problems)  # a regular file of bounded size in UTF-8: no pipe, no device
    if text is None:
        raise RequestError(problems[0])
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RequestError(
            f"{where}:{exc.lineno}: not JSON: {exc.msg}. Hint: check commas and quotes."
        ) from exc
    except RecursionError:
        raise RequestError(
            f"{where}: nested too deeply to be a plan. Hint: a plan.json `tours plan` wrote."
        ) from None
    try:
        return Plan.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        what = f"missing key {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
        raise RequestError(
            f"{where}: not a plan: {what}. Hint: edit a plan.json `tours plan` wrote, keeping its keys."
        ) from exc


def check_plan(plan: Plan, catalogue: Catalogue, ways: Ways | None = None) -> tuple[Finding, ...]:
    """Everything that no longer holds in `plan`, day by day. Names the catalogue does not know
    are a RequestError (the plan cannot be rendered at all), not findings."""
    _known(plan, catalogue)
    ways = ways or Ways(catalogue, plan.request)
    out: list[Finding] = []
    for i, day in enumerate(plan.days):
        if i and day.start.id != plan.days[i - 1].end.id:
            before = plan.days[i - 1]
            params = {"kind": "days", "start": day.start.name, "before": before.day, "ended": before.end.name}
            out.append(Finding(FindingCode.BROKEN_CHAIN, day.day, params))
        out += [f for v in day.visits for f in visit_findings(day, v, catalogue)]
        out += [f for g in day.legs for f in leg_findings(day, g, ways)]
        out += day_findings(day, plan.request, ways)
    return tuple(out)


def _known(plan: Plan, catalogue: Catalogue) -> None:
    sites = {s.id for s in catalogue.sites}
    nodes = set(base_network(catalogue).nodes)
    crossings = {c.id for c in catalogue.crossings}
    problems: list[str] = []
    for d in plan.days:
        problems += [f"day {d.day}: visit {v.site!r} is not a site" for v in d.visits if v.site not in sites]
        places = [d.start.id, d.end.id, *(x for g in d.legs for x in (g.from_, g.to, *g.path))]
        problems += [
            f"day {d.day}: {p!r} is not a town or site" for p in dict.fromkeys(places) if p not in nodes
        ]
        used = dict.fromkeys(c for g in d.legs for c in g.crossings)
        problems += [f"day {d.day}: {c!r} is not a crossing" for c in used if c not in crossings]
    if problems:
        raise RequestError(
            "the plan names what the catalogue does not know: "
            + "; ".join(problems[:8])
            + ". Hint: ids as in `tours sites list` and `tours crossings list`, or --sites FILE."
        )


def visit_findings(day: Day, visit: Visit, catalogue: Catalogue) -> list[Finding]:
    site = catalogue.site(visit.site)
    zone = TIMEZONES[site.country]
    local = visit.arrive.astimezone(ZoneInfo(zone))
    on = local.date()
    base = {"site": site.id, "name": site.name, "date": on.isoformat(), "weekday": on.strftime("%A")}
    out: list[Finding] = []
    if not site.plannable:
        out.append(
            Finding(
                FindingCode.SITE_ACCESS, day.day, {**base, "access": site.access, "note": site.access_note}
            )
        )
    if on.month not in site.months:
        out.append(Finding(FindingCode.OUT_OF_SEASON, day.day, {**base, "months": sorted(site.months)}))
    # at the site's place: its sunrise and sunset, its country's holidays (as the planner reads them)
    windows = hours.open_intervals(site.opening_hours, on, zone, (site.lat, site.lon), site.country)
    timed: dict[str, Any] = {**base, "opening_hours": site.opening_hours}
    if not windows:
        out.append(Finding(FindingCode.CLOSED_ON_DATE, day.day, timed))
    elif not any(a <= visit.arrive and visit.depart <= b for a, b in windows):
        shown_open = [f"{a:%H:%M}-{b:%H:%M}" for a, b in windows]
        depart = visit.depart.astimezone(ZoneInfo(zone))
        timed |= {"arrive": f"{local:%H:%M}", "depart": f"{depart:%H:%M}", "open": shown_open}
        out.append(Finding(FindingCode.OUTSIDE_HOURS, day.day, timed))
    return out


def leg_path(leg: Leg, on: date, ways: Ways) -> tuple[str, ...]:
    """The path a leg takes: as written in the plan, or, when it has none, the way through its
    crossings (in order)."""
    if leg.path:
        return leg.path
    route = ways.drive(on, leg.from_, leg.to, [("crossing", c) for c in leg.crossings])
    return route.path if route is not None else (leg.from_, leg.to)


def leg_findings(day: Day, leg: Leg, ways: Ways) -> list[Finding]:
    names = {n: ways.nodes[n].name for n in (leg.from_, leg.to)}
    where = {"from": names[leg.from_], "to": names[leg.to], "date": day.date.isoformat()}
    path = leg_path(leg, day.date, ways)
    out: list[Finding] = []
    if path[0] != leg.from_ or path[-1] != leg.to:
        ends = {"kind": "path", "first": path[0], "last": path[-1]}
        out.append(Finding(FindingCode.BROKEN_CHAIN, day.day, {**where, **ends}))
    scenario = ways.scenario(day.date)
    nationality = ways.request.nationality
    for a, b in pairwise(path):
        arcs = ways.arcs.get((a, b), [])
        if not arcs:
            step = {
                "a": ways.nodes[a].name if a in ways.nodes else a,
                "b": ways.nodes[b].name if b in ways.nodes else b,
            }
            out.append(Finding(FindingCode.NO_ROAD, day.day, {**where, **step}))
            continue
        if crossing := next((x for x in arcs if x.crossing), None):
            status = scenario.status(crossing.crossing, crossing.direction)
            if status is None or not status.allows(nationality):
                params = {
                    "crossing": crossing.crossing,
                    "name": crossing.road,
                    "direction": crossing.direction,
                    "access": status.access.value if status else "unknown",
                    "scenario": scenario.name,
                    "nationality": nationality or "third-country",
                }
                out.append(Finding(FindingCode.CLOSED_CROSSING, day.day, {**where, **params}))
        elif all(day.date.month in x.closed_months for x in arcs):
            closure = {"road": arcs[0].road, "between": [ways.nodes[a].name, ways.nodes[b].name]}
            closure["months"] = sorted(arcs[0].closed_months)
            out.append(Finding(FindingCode.SEASONAL_ROAD, day.day, {**where, **closure}))
    return out


def travel_minutes(leg: Leg) -> int:
    """What counts toward the travel cap: driven or flown, not walked (older plans: the minutes)."""
    if leg.mode == "walk":
        return 0
    return leg.drive_minutes or leg.minutes


def day_findings(day: Day, request: Request, ways: Ways) -> list[Finding]:
    pace = request.pace_values
    out: list[Finding] = []
    drive = sum(travel_minutes(g) for g in day.legs)
    if drive > pace.drive_minutes + TOLERANCE:
        out.append(
            Finding(
                FindingCode.DRIVE_BUDGET, day.day, {"drive_minutes": drive, "cap_minutes": pace.drive_minutes}
            )
        )
    for edge, place, moment, limit in (
        ("start", day.start, day.leave, pace.day_start),
        ("end", day.end, day.arrive, pace.day_end),
    ):
        local = moment.astimezone(ZoneInfo(TIMEZONES[ways.nodes[place.id].country]))
        early = edge == "start" and (local.date() < day.date or local.time() < limit)
        late = edge == "end" and (local.date() > day.date or _after(local.time(), limit))
        if early or late:
            shift = (local.date() - day.date).days
            when = f"{local:%H:%M}" + (f" ({shift:+d} day)" if shift else "")
            params = {"edge": edge, "place": place.name, "time": when, "limit": f"{limit:%H:%M}"}
            out.append(Finding(FindingCode.DAY_WINDOW, day.day, params))
    return out + _timing(day, ways)


def _after(moment: time, limit: time) -> bool:
    return (moment.hour * 60 + moment.minute) > (limit.hour * 60 + limit.minute) + TOLERANCE


def _timing(day: Day, ways: Ways) -> list[Finding]:
    """The legs join the day's stops in order, and each fits between the times written."""
    stops: list[tuple[str, datetime | None, datetime | None]] = [(day.start.id, None, day.leave)]
    stops += [(v.site, v.arrive, v.depart) for v in day.visits]
    stops.append((day.end.id, day.arrive, None))
    steps = [(a[0], b[0]) for a, b in pairwise(stops) if a[0] != b[0]]
    if [(g.from_, g.to) for g in day.legs] != steps:
        shown_legs = [[ways.nodes[g.from_].name, ways.nodes[g.to].name] for g in day.legs]
        return [Finding(FindingCode.BROKEN_CHAIN, day.day, {"kind": "legs", "legs": shown_legs})]
    legs = iter(day.legs)
    out: list[Finding] = []
    for (here, _, left), (there, came, _) in pairwise(stops):
        assert left is not None and came is not None
        needed = 0 if here == there else next(legs).minutes
        if day.lunch is not None and day.lunch.after == here:
            needed += round((day.lunch.end - day.lunch.start).total_seconds() / 60)
        gap = round((came - left).total_seconds() / 60)
        if gap < needed - TOLERANCE:
            params = {
                "from": ways.nodes[here].name,
                "to": ways.nodes[there].name,
                "depart": f"{left:%H:%M}",
                "arrive": f"{came:%H:%M}",
                "gap": gap,
                "needed": needed,
            }
            out.append(Finding(FindingCode.TRAVEL_TIME, day.day, params))
    return out
