"""Candidate overnight towns: the start, the end, and those with the most score within a day trip."""

from __future__ import annotations

from tours.catalogue.model import Site
from tours.planner.job import Job
from tours.planner.scoring import site_score

MAX_HOTELS = 30  # candidate overnight towns, ranked by the score within a day trip
DAY_TRIP_MINUTES = 240  # a site further than this from every candidate hotel is out of reach
MIN_APART = 45  # minutes between two candidate towns: nearer ones would be the same base


def pick_hotels(job: Job, sites: list[Site]) -> list[str]:
    """Up to MAX_HOTELS overnight towns: start, end, and those with the most score nearby,
    each where start -> town -> end fits in the tour's days of travel."""
    m, start, end = job.matrix, job.start, job.end
    countries = job.request.countries
    lodgings = [
        t.id for t in job.catalogue.towns if t.accommodation and (not countries or t.country in countries)
    ]
    reachable = m.minutes_from(start, lodgings)
    towns = [t for t in lodgings if t in reachable]
    total_budget = job.request.days * job.pace.drive_minutes
    value: dict[str, float] = {}
    score = {s.id: site_score(s, job.request.interests) for s in sites}
    for t in towns:
        r = m.minutes_from(t, [s.id for s in sites] + [end])
        # start -> town -> end (the way there from the start: crossings may be one-way)
        if r.get(end) is None or reachable[t] + r[end] > total_budget:
            continue
        value[t] = sum(score[s] / (1 + r[s] / 60) ** 2 for s in score if s in r and r[s] <= DAY_TRIP_MINUTES)
        if any(x in r and r[x] <= DAY_TRIP_MINUTES for x in job.must):
            value[t] += 1e6
    chosen = [start] if start == end else [start, end]
    chosen += [t for t in dict.fromkeys(town for town, _ in job.nights) if t not in chosen]
    for tid in sorted(value, key=lambda t: (-value[t], t)):
        if len(chosen) >= MAX_HOTELS:
            break
        r = m.minutes_from(tid, chosen)
        if all(r.get(c, float("inf")) >= MIN_APART for c in chosen):  # unreachable: far apart
            chosen.append(tid)
    return chosen
