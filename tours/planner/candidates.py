"""Which sites the solver may choose: plannable, reachable there and back, open on some tour day
and within a day trip of a candidate overnight town. Every site that matches the interests but is
left out here gets its reason; a must-see that is left out stops the plan with it."""

from __future__ import annotations

from tours.catalogue.model import Site
from tours.errors import RequestError
from tours.network.explain import blockage, blocking, explain_unreachable
from tours.notes import Reason, ReasonCode
from tours.planner.hotels import DAY_TRIP_MINUTES, pick_hotels
from tours.planner.job import Candidate, Job
from tours.planner.scoring import matches_interests


def _drop(job: Job, site: Site, reason: Reason) -> None:
    if matches_interests(site, job.request.interests):
        job.dropped[site.id] = reason


def plannable(job: Job) -> list[Site]:
    """Sites not avoided whose access allows a visit."""
    out = []
    countries = job.request.countries
    for s in job.catalogue.sites:
        if s.id in job.avoid:
            continue
        if countries and s.country not in countries:
            reason = Reason(
                ReasonCode.OUTSIDE_COUNTRIES, {"country": s.country, "countries": list(countries)}
            )
            if s.id in job.must:
                raise RequestError(f"Must-see {s.name} cannot be planned: it is {reason.text}.")
            _drop(job, s, reason)
            continue
        if not s.plannable:
            reason = Reason(ReasonCode.ACCESS, {"access": s.access, "note": s.access_note})
            if s.id in job.must:
                raise RequestError(f"Must-see {s.name} cannot be planned: {reason.text}")
            _drop(job, s, reason)
            continue
        out.append(s)
    return out


def reachable(job: Job, sites: list[Site]) -> list[Site]:
    """Sites reachable from the start and with a way on to the end."""
    reach = job.matrix.minutes_from(job.start, [s.id for s in sites] + [job.end])
    if job.end not in reach:
        raise RequestError(explain_unreachable(job.network, job.start, job.end))
    back = {s.id for s in sites if job.end in job.matrix.minutes_from(s.id, [job.end])}
    out: list[Site] = []
    for s in sites:
        if s.id in reach and s.id in back:
            out.append(s)
            continue
        reason = unreachable(job, s.id)
        if s.id in job.must:
            text = reason.text
            raise RequestError(f"Must-see {s.name} cannot be visited. {text[0].upper()}{text[1:]}")
        _drop(job, s, reason)
    return out


def unreachable(job: Job, site: str) -> Reason:
    """Which closed crossing blocks the site, and whether a flight would reach it."""
    a, b = (job.start, site) if blocking(job.network, job.start, site) else (site, job.end)
    return Reason(ReasonCode.UNREACHABLE, blockage(job.network, a, b).params())


def select(job: Job) -> tuple[dict[str, Candidate], list[str]]:
    """The candidate sites, by id, and the candidate overnight towns."""
    sites = reachable(job, plannable(job))
    hotels = pick_hotels(job, sites)
    near = {h: job.matrix.minutes_from(h, [s.id for s in sites]) for h in hotels}
    candidates: dict[str, Candidate] = {}
    for s in sites:
        nearest = min((near[h][s.id] for h in hotels if s.id in near[h]), default=1e9)
        windows = job.clock.windows(s)
        if not any(windows):
            if not job.clock.in_season(s):
                reason = Reason(ReasonCode.OUT_OF_SEASON, {"months": sorted(s.months)})
            else:
                reason = Reason(ReasonCode.CLOSED_ON_DATES, {"opening_hours": s.opening_hours})
        elif nearest > DAY_TRIP_MINUTES:
            reason = Reason(ReasonCode.TOO_FAR, {"hours": nearest / 60})
        else:
            candidates[s.id] = Candidate(s, windows)
            continue
        if s.id in job.must:
            raise RequestError(f"Must-see {s.name} cannot be visited: {reason.text}.")
        _drop(job, s, reason)
    return candidates, hotels
