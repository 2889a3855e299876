"""From a request to a plan: resolve names, choose candidates and hotels, build the instance,
solve, give each left-out site its reason, and assemble the plan."""

from __future__ import annotations

import time
from dataclasses import replace

from tours import solver
from tours.catalogue.model import Catalogue
from tours.errors import InfeasibleError, RequestError
from tours.itinerary.plan import Plan
from tours.network.conditions import network_for
from tours.network.graph import Network
from tours.network.matrix import TravelMatrix
from tours.planner import assemble, candidates, instance
from tours.planner.checks import checked
from tours.planner.clock import Clock
from tours.planner.job import Job
from tours.planner.reasons import why_not
from tours.planner.request import Request
from tours.planner.resolve import Resolver
from tours.planner.scoring import matches_interests


def prepare(catalogue: Catalogue, request: Request, network: Network | None = None) -> Job:
    """Check the request and resolve its names; the shared value of every later stage."""
    request = checked(catalogue, request)
    pace = request.pace_values
    if pace.day_end <= pace.day_start:
        raise RequestError("the day must end after it starts (e.g. 09:00-19:00).")
    resolver = Resolver(catalogue)
    start = resolver.town(request.start)
    end = resolver.town(request.end) if request.end else start
    must = tuple(dict.fromkeys(resolver.site(m) for m in request.must))
    avoid = frozenset(resolver.site(a) for a in request.avoid)
    if clash := set(must) & avoid:
        raise RequestError(f"{', '.join(sorted(clash))} is both a must-see and avoided.")
    nights = tuple((resolver.town(town), n) for town, n in request.nights)
    _check_countries(catalogue, request, start, end)
    if sum(n for _, n in nights) > request.days - 1:
        raise RequestError(
            f"--nights fixes {sum(n for _, n in nights)} nights; a {request.days}-day tour has "
            f"{request.days - 1}. Hint: fewer nights, or more --days."
        )
    if lodging := [t for t, _ in nights if not catalogue.town(t).accommodation]:
        raise RequestError(f"--nights: {', '.join(lodging)} has no accommodation in the catalogue.")
    network = network or network_for(catalogue, request.conditions)
    assert network.scenario is not None
    return Job(
        catalogue=catalogue,
        network=network,
        request=request,
        start=start,
        end=end,
        must=must,
        avoid=avoid,
        clock=Clock(request.date, request.days, pace),
        matrix=TravelMatrix(network),
        nights=nights,
    )


def _check_countries(catalogue: Catalogue, request: Request, start: str, end: str) -> None:
    from tours.catalogue.model import COUNTRIES

    if unknown := [c for c in request.countries if c not in COUNTRIES]:
        raise RequestError(
            f"--countries: {', '.join(unknown)} is not one of {', '.join(COUNTRIES)}. "
            "Hint: e.g. --countries AM,GE."
        )
    for town in {start, end}:
        country = catalogue.town(town).country
        if request.countries and country not in request.countries:
            raise RequestError(
                f"{catalogue.town(town).name} is in {country}, outside --countries "
                f"{','.join(request.countries)}. Hint: add {country}."
            )


POST_SECONDS = 0.5  # measured 0.2-0.3 s after the search on 14-21-day tours (benchmarks/time_limit.py)
MIN_SEARCH_SECONDS = 0.25  # a search always gets this much, however long the preparing took


def plan_tour(
    catalogue: Catalogue,
    request: Request,
    network: Network | None = None,
    *,
    progress: solver.Progress | None = None,
) -> Plan:
    """Plan a tour. `network` is `network_for(catalogue, request.conditions)`, passed when built.
    `request.time_limit` caps the whole call: the search gets what preparing it left, less
    `POST_SECONDS` for the reasons and the assembly after it."""
    began = time.perf_counter()
    job = prepare(catalogue, request, network)
    job.progress = progress
    found, hotels = candidates.select(job)
    inst, places = instance.build(job, found, hotels)
    left = request.time_limit - (time.perf_counter() - began) - POST_SECONDS
    settings = replace(instance.settings(job), time_limit=max(MIN_SEARCH_SECONDS, left))
    try:
        solution = solver.solve_tour(inst, settings, job.progress)
    except solver.NoFeasibleTourError as exc:
        raise InfeasibleError(f"No tour fits: {exc}. Hint: add days or choose a nearer end.") from exc
    fits = solver.Fits(inst)
    missing = [m for m in inst.mandatory if m not in solution.visited]
    if missing:
        names = ", ".join(catalogue.site(places[m]).name for m in missing)
        why = why_not(job, fits, inst, solution, missing[0], places)
        raise InfeasibleError(
            f"Must-see {names} does not fit: {why.text}. "
            "Hint: add a day, a faster pace, or drop another must-see."
        )
    pos = {p: i for i, p in enumerate(places)}
    for c in found.values():
        if pos[c.site.id] not in solution.visited and matches_interests(c.site, request.interests):
            job.dropped.setdefault(c.site.id, why_not(job, fits, inst, solution, pos[c.site.id], places))
    return assemble.to_plan(job, solution, places)
