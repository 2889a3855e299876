"""An operator's days, timed on the network and made into a plan.

Times are the operator's where the file gives them; elsewhere a visit starts on arrival, or when
its site opens if that is later the same day. No lunch break is added.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from tours.catalogue import hours
from tours.catalogue.model import TIMEZONES, Catalogue, Site
from tours.itinerary.plan import Day, Leg, Place, Plan, ScenarioInfo, SolverInfo, Totals, Visit
from tours.itinerary.ways import Via, Ways
from tours.network.graph import Route
from tours.planner.assemble import leg_of
from tours.planner.request import Request


@dataclass(frozen=True)
class Row:
    """One day as the operator's file gives it, names resolved to ids."""

    day: int
    where: str  # "file:line"
    on: date | None
    start: str | None  # town id; None: the previous day's overnight
    sites: tuple[str, ...]
    times: tuple[time | None, ...]
    via: tuple[Via, ...]
    overnight: str
    leave: time | None


def plan_days(rows: Sequence[Row], dates: Sequence[date], request: Request, ways: Ways) -> Plan:
    """The rows, timed from the start of each day on its date, as a plan of `request`."""
    days: list[Day] = []
    here = request.start
    for row, on in zip(rows, dates, strict=True):
        days.append(_timed(row, on, row.start or here, ways, ways.catalogue))
        here = row.overnight
    return _plan(request, tuple(days), ways)


def _chain(row: Row, start: str, ways: Ways, on: date) -> list[tuple[str, str, list[Via]]]:
    """The day's steps (from, to, the via points on the way): a crossing goes on the first step
    whose ends lie on its two sides (else the last step); a town on the step it lengthens least."""
    stops = [start, *row.sites, row.overnight]
    steps = [(a, b, list[Via]()) for a, b in pairwise(stops)]
    country = {n: ways.nodes[n].country for n in stops}
    for kind, ident in row.via:
        if kind == "crossing":
            sides = set(ways.catalogue.crossing(ident).countries)
            at = next(
                (i for i, (a, b, _) in enumerate(steps) if {country[a], country[b]} == sides), len(steps) - 1
            )
        else:
            net = ways.network(on, season=False)
            costs = []
            for i, (a, b, _) in enumerate(steps):
                go = net.shortest(a, [ident]).get(ident, (1e9,))[0]
                back = net.shortest(ident, [b]).get(b, (1e9,))[0]
                costs.append((go + back - net.shortest(a, [b]).get(b, (0.0,))[0], i))
            at = min(costs)[1]
        steps[at][2].append((kind, ident))
    return steps


def _timed(row: Row, on: date, start: str, ways: Ways, catalogue: Catalogue) -> Day:
    pace = ways.request.pace_values
    nodes = ways.nodes
    leave = datetime.combine(
        on, row.leave or pace.day_start, tzinfo=ZoneInfo(TIMEZONES[nodes[start].country])
    )
    now, legs, visits = leave, list[Leg](), list[Visit]()
    for i, (a, b, via) in enumerate(_chain(row, start, ways, on)):
        if a != b:
            leg = _leg(a, b, ways.drive(on, a, b, via))
            legs.append(leg)
            now += timedelta(minutes=leg.minutes)
        if i == len(row.sites):
            break
        site = catalogue.site(b)
        zone = ZoneInfo(TIMEZONES[site.country])
        length = timedelta(minutes=max(15, round(site.visit_minutes * pace.visit_factor)))
        given = row.times[i]
        begin = datetime.combine(on, given, tzinfo=zone) if given else _opening(site, now, length, on)
        visits.append(
            Visit(
                site.id,
                site.name,
                site.country,
                begin,
                begin + length,
                site.opening_hours,
                site.hours_verified,
            )
        )
        now = begin + length
    end = now.astimezone(ZoneInfo(TIMEZONES[nodes[row.overnight].country]))
    return Day(
        day=row.day,
        date=on,
        start=Place(start, nodes[start].name),
        end=Place(row.overnight, nodes[row.overnight].name),
        visits=tuple(visits),
        legs=tuple(legs),
        km=round(sum(g.km for g in legs), 1),
        drive_minutes=sum(g.drive_minutes for g in legs),
        leave=leave,
        arrive=end,
        walk_minutes=sum(g.minutes for g in legs if g.mode == "walk"),
    )


def _opening(site: Site, arrive: datetime, length: timedelta, on: date) -> datetime:
    """On arrival, or when the site next opens that day for the whole visit if that is later
    (never the next day: an arrival after midnight stays, for the check to report)."""
    zone = TIMEZONES[site.country]
    here = arrive.astimezone(ZoneInfo(zone))
    if here.date() != on:
        return here
    place = (site.lat, site.lon)
    for opened, closed in hours.open_intervals(site.opening_hours, on, zone, place, site.country):
        begin = max(here, opened)
        if begin + length <= closed:
            return begin
    return here


def _leg(a: str, b: str, route: Route | None) -> Leg:
    """The leg a route gives; with none, a leg of no minutes that the check reports."""
    if route is None:
        return Leg(from_=a, to=b, km=0.0, minutes=0, path=(a, b))
    return leg_of(a, b, route)


def _plan(request: Request, days: tuple[Day, ...], ways: Ways) -> Plan:
    scenario = ways.scenario(request.date)
    return Plan(
        request=request.resolved(),
        scenario=ScenarioInfo(
            name=scenario.name, title=scenario.title, as_of=scenario.as_of, open=(), closed=()
        ),
        days=days,
        dropped=(),
        totals=Totals(
            km=round(sum(d.km for d in days), 1),
            drive_minutes=sum(d.drive_minutes for d in days),
            visits=sum(len(d.visits) for d in days),
            score=0,
            countries=tuple(sorted({v.country for d in days for v in d.visits})),
            crossings=tuple(sorted({c for d in days for g in d.legs for c in g.crossings})),
        ),
        solver=SolverInfo(status="iterations", seconds=0.0, iterations=0, score=0),
    )
