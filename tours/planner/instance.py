"""The solver's instance in plain numbers: places (hotels first, then candidate sites), the travel
matrix, scores, visit lengths, each site's window per day and each hotel's day budget."""

from __future__ import annotations

from tours import solver
from tours.planner.job import Candidate, Job
from tours.planner.scoring import site_score


def build(job: Job, candidates: dict[str, Candidate], hotels: list[str]) -> tuple[solver.Instance, list[str]]:
    """The instance, and the place id of each of its node numbers."""
    sites = [c.site for c in candidates.values()]
    places = [*hotels, *candidates]
    pos = {p: i for i, p in enumerate(places)}
    days = job.request.days
    nodes = job.network.nodes
    windows: list[list[tuple[int, int] | None]] = [[None] * days for _ in hotels]
    windows += [c.windows for c in candidates.values()]
    inst = solver.Instance(
        travel=job.matrix.table(places),  # legs are unwound later, for the plan only
        service=[0] * len(hotels) + [job.clock.visit_minutes(s) for s in sites],
        score=[0] * len(hotels) + [site_score(s, job.request.interests) for s in sites],
        windows=windows,
        hotels=[pos[h] for h in hotels if nodes[h].accommodation or h == job.end],
        start=pos[job.start],
        end=pos[job.end],
        days=[{pos[h]: job.clock.budget(d, nodes[h].country) for h in hotels} for d in range(days)],
        drive_cap=job.pace.drive_minutes,
        mandatory=frozenset(pos[m] for m in job.must),
        candidates=tuple(range(len(hotels), len(places))),
    )
    return inst, places


def settings(job: Job) -> solver.Settings:
    """The stopping rule of this request: its iterations and time cap, and more patience with
    more nights (more moves to try)."""
    r = job.request
    return solver.Settings(
        iterations=r.iterations,
        time_limit=r.time_limit,
        seed=r.seed,
        stall_limit=max(30 * r.days, r.iterations // 2),
    )
