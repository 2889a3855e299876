"""Why a site is not in the plan, found by trying to insert it (`tours.solver.Fits`)."""

from __future__ import annotations

from tours import solver
from tours.notes import Reason, ReasonCode
from tours.planner.job import Job


def why_not(
    job: Job,
    fits: solver.Fits,
    inst: solver.Instance,
    solution: solver.TourSolution,
    node: int,
    places: list[str],
) -> Reason:
    """The reason for one left-out node: closed, too far, needs a night elsewhere, does not fit
    a day, or fits only in place of visits worth more."""
    open_days = [d for d in range(inst.n_days) if inst.windows[node][d] is not None]
    if not open_days:
        return Reason(ReasonCode.CLOSED_EVERY_DAY)
    plan = {dr.day: dr for dr in solution.days}
    empty = [d for d in open_days if fits(d, plan[d].start_place, [], plan[d].end_place, node)]
    if empty:
        return _displaced(job, fits, inst, plan[empty[0]], node, places)
    near = sorted(inst.hotels, key=lambda h: inst.travel[h][node] + inst.travel[node][h])
    capacity = inst.n_days * (inst.drive_cap or 24 * 60)
    last = inst.n_days - 1
    for h in near[:10]:
        there = inst.travel[inst.start][h] + inst.travel[h][inst.end]
        town = job.network.nodes[places[h]].name
        if there > capacity:
            return Reason(
                ReasonCode.TOO_FAR_FOR_TOUR, {"town": town, "hours": there / 60, "days": inst.n_days}
            )
        if any(
            fits(d, inst.start if d == 0 else h, [], inst.end if d == last else h, node) for d in open_days
        ):
            return Reason(ReasonCode.NEEDS_NIGHT, {"town": town})
    d = open_days[0]
    a = inst.start if d == 0 else near[0]
    b = inst.end if d == last else near[0]
    pace = job.pace
    return Reason(
        ReasonCode.DAY_BUDGET,
        {
            "from": job.network.nodes[places[a]].name,
            "to": job.network.nodes[places[b]].name,
            "day": d + 1,
            "travel_hours": (inst.travel[a][node] + inst.travel[node][b]) / 60,
            "cap_hours": pace.drive_minutes / 60,
            "service_minutes": inst.service[node],
            "day_start": f"{pace.day_start:%H:%M}",
            "day_end": f"{pace.day_end:%H:%M}",
        },
    )


def _displaced(
    job: Job, fits: solver.Fits, inst: solver.Instance, day: solver.DayRoute, node: int, places: list[str]
) -> Reason:
    """It fits an empty day: which chosen visits would have to go?"""
    visits = [s.place for s in day.stops]
    given_up: list[int] = []
    for v in sorted(visits, key=lambda v: (inst.score[v], v)):
        if v in inst.mandatory:
            continue
        given_up.append(v)
        rest = [x for x in visits if x not in given_up]
        if fits(day.day, day.start_place, rest, day.end_place, node):
            break
    return Reason(
        ReasonCode.DISPLACED,
        {
            "day": day.day + 1,
            "sites": [places[v] for v in given_up],
            "names": [job.catalogue.site(places[v]).name for v in given_up],
            "score": inst.score[node],
            "lost": sum(inst.score[v] for v in given_up),
        },
    )
