"""From the solver's days of stops back to a plan: legs with their routes and real local times,
totals, the scenario as it applied, and the notices."""

from __future__ import annotations

from itertools import pairwise

from tours import solver
from tours.itinerary.plan import (
    Day,
    Dropped,
    Leg,
    Lunch,
    Place,
    Plan,
    ScenarioInfo,
    SolverInfo,
    Totals,
    Visit,
)
from tours.network.explain import border_notices, crossed, season_notice
from tours.network.graph import Route
from tours.notes import Notice, NoticeCode
from tours.planner.job import Job


def legs(job: Job, chain: list[str]) -> tuple[Leg, ...]:
    out: list[Leg] = []
    for x, y in pairwise(chain):
        if x == y:
            continue
        out.append(leg_of(x, y, job.matrix.route(x, y)))
    return tuple(out)


def leg_of(a: str, b: str, r: Route) -> Leg:
    """The plan's leg from a to b along route `r` (km to 0.1, minutes whole)."""
    return Leg(
        from_=a,
        to=b,
        km=round(r.km, 1),
        minutes=round(r.minutes),
        crossings=r.crossings,
        estimated=r.estimated,
        mode=r.mode,
        flights=r.flights,
        path=r.path,
        drive_minutes=round(r.drive_minutes),
    )


def day(job: Job, dr: solver.DayRoute, places: list[str]) -> Day:
    nodes, clock = job.network.nodes, job.clock
    a, b = places[dr.start_place], places[dr.end_place]
    chain = [a, *(places[s.place] for s in dr.stops), b]
    ways = legs(job, chain)
    visits = []
    for st in dr.stops:
        site = job.catalogue.site(places[st.place])
        visits.append(
            Visit(
                site=site.id,
                name=site.name,
                country=site.country,
                arrive=clock.moment(st.start, site.country),
                depart=clock.moment(st.end, site.country),
                opening_hours=site.opening_hours,
                hours_verified=site.hours_verified,
            )
        )
    return Day(
        day=dr.day + 1,
        date=clock.day_date(dr.day),
        start=Place(a, nodes[a].name),
        end=Place(b, nodes[b].name),
        visits=tuple(visits),
        legs=ways,
        km=round(sum(g.km for g in ways), 1),
        drive_minutes=sum(g.drive_minutes for g in ways),
        leave=clock.moment(dr.leave, nodes[a].country),
        arrive=clock.moment(dr.arrive, nodes[b].country),
        walk_minutes=sum(g.minutes for g in ways if g.mode == "walk"),
        lunch=lunch(job, dr, chain),
    )


def lunch(job: Job, dr: solver.DayRoute, chain: list[str]) -> Lunch | None:
    if dr.lunch is None:
        return None
    where = chain[dr.lunch.leg]
    country = job.network.nodes[where].country
    return Lunch(
        start=job.clock.moment(dr.lunch.start, country),
        end=job.clock.moment(dr.lunch.end, country),
        after=where,
        en_route=dr.lunch.en_route,
    )


def scenario_info(job: Job) -> ScenarioInfo:
    net = job.network
    scenario = net.scenario
    assert scenario is not None
    allowed = net.allowed or frozenset()
    every = sorted({(a.crossing, a.direction) for a in (*net.arcs, *net.removed) if a.crossing})
    return ScenarioInfo(
        name=scenario.name,
        title=scenario.title,
        as_of=scenario.as_of,
        open=tuple(f"{c}:{d}" for c, d in every if (c, d) in allowed),
        closed=tuple(f"{c}:{d}" for c, d in every if (c, d) not in allowed),
    )


def to_plan(job: Job, solution: solver.TourSolution, places: list[str]) -> Plan:
    days = tuple(day(job, dr, places) for dr in solution.days)
    nodes = job.network.nodes
    scenario = scenario_info(job)
    totals = Totals(
        km=round(sum(d.km for d in days), 1),
        drive_minutes=sum(d.drive_minutes for d in days),
        visits=sum(len(d.visits) for d in days),
        score=solution.score,
        countries=tuple(
            sorted({v.country for d in days for v in d.visits} | {nodes[d.end.id].country for d in days})
        ),
        crossings=tuple(sorted({c for d in days for g in d.legs for c in g.crossings})),
    )
    notices = [
        Notice(NoticeCode.VERIFY_CROSSINGS, {"as_of": scenario.as_of.isoformat()}),
        Notice(NoticeCode.ESTIMATES),
    ]
    if season := season_notice(job.network, [(g.from_, g.to) for d in days for g in d.legs]):
        notices.append(season)
    notices += border_notices(
        job.network,
        [x for d in days for g in d.legs for x in crossed(job.network, g.path)],
        nationality=job.request.nationality,
        names={c.id: c.name for c in job.catalogue.crossings},
        timeline=job.catalogue.timeline,
    )
    return Plan(
        request=job.request.resolved(),
        scenario=scenario,
        days=days,
        dropped=tuple(Dropped(k, v) for k, v in sorted(job.dropped.items())),
        totals=totals,
        solver=SolverInfo(
            status=solution.status,  # type: ignore[arg-type]
            seconds=round(solution.seconds, 2),
            iterations=solution.iterations,
            score=solution.score,
        ),
        notices=tuple(notices),
    )
