"""An independent feasibility check of a returned tour, from the instance file's own data.

It recomputes distances from the coordinates with the rounding rule, walks each route with
earliest service starts, and checks windows, service times, the route limit Tmax (OPTW) or each
trip's length and the hotel chain (OPHS), and that no customer is visited twice. It shares no code
with the solver beyond reading the file.
"""

from __future__ import annotations

from benchmarks.instances import Raw, distance, scale

TOL = 1e-6


def _ends(raw: Raw, trips: list[tuple[int, list[int], int]], t: int, hotels: set[int]) -> list[str]:
    """Where trip t starts and ends: the depot (OPTW), or a chain of hotels (OPHS)."""
    start, _, end = trips[t]
    if raw.kind != "ophs":
        return [] if start == 0 and end == 0 else [f"route {t + 1} does not start and end at the depot"]
    problems = []
    if t == 0 and start != 0:
        problems.append(f"trip 1 starts at {start}, not the start hotel 0")
    if t == len(trips) - 1 and end != 1:
        problems.append(f"last trip ends at {end}, not the end hotel 1")
    if t > 0 and start != trips[t - 1][2]:
        problems.append(f"trip {t + 1} starts at {start}, not where trip {t} ended")
    if start not in hotels or end not in hotels:
        problems.append(f"trip {t + 1} starts or ends at a non-hotel")
    return problems


def check(raw: Raw, rounding: str, trips: list[tuple[int, list[int], int]]) -> tuple[float, list[str]]:
    """(score, problems) of a tour given as (start, visits, end) per route or trip."""
    if raw.kind == "mctopmtw":
        return check_mctopmtw(raw, rounding, trips)
    problems: list[str] = []
    k = scale(rounding)
    seen: set[int] = set()
    score = 0.0
    n = len(raw.xy)
    ophs = raw.kind == "ophs"
    hotels = set(range(raw.hotels + 2)) if ophs else {0}
    for t, (start, visits, end) in enumerate(trips):
        problems += _ends(raw, trips, t, hotels)
        clock = raw.open[start] * k if not ophs else 0.0
        begin = clock
        here = start
        for v in visits:
            if not 0 <= v < n or v in hotels:
                problems.append(f"route {t + 1}: {v} is not a customer")
                continue
            if v in seen:
                problems.append(f"customer {v} visited twice")
            seen.add(v)
            arrive = clock + distance(raw.xy[here], raw.xy[v], rounding)
            clock = max(arrive, raw.open[v] * k)
            if clock > raw.close[v] * k + TOL:
                problems.append(f"route {t + 1}: service at {v} starts at {clock:g}, after its window closes")
            clock += raw.service[v] * k
            here = v
            score += raw.score[v]
        clock += distance(raw.xy[here], raw.xy[end], rounding)
        if ophs:
            if clock - begin > raw.trip_lengths[t] + TOL:
                problems.append(f"trip {t + 1} lasts {clock - begin:g} > Td {raw.trip_lengths[t]:g}")
        elif clock > raw.close[0] * k + TOL:
            problems.append(f"route {t + 1} returns at {clock:g} > Tmax {raw.close[0] * k:g}")
    if ophs and len(trips) != len(raw.trip_lengths):
        problems.append(f"{len(trips)} trips, expected {len(raw.trip_lengths)}")
    return score, problems


def check_mctopmtw(
    raw: Raw, rounding: str, trips: list[tuple[int, list[int], int]]
) -> tuple[float, list[str]]:
    """MCTOPMTW: each tour from the depot and back by Tmax, every service starting inside one of
    the two windows the vertex has on that tour, the type caps and the budget over all tours."""
    problems: list[str] = []
    seen: set[int] = set()
    score, spent = 0.0, 0.0
    used = [0] * len(raw.caps)
    if len(trips) != raw.routes:
        problems.append(f"{len(trips)} tours, the file asks for {raw.routes}")
    for t, (start, visits, end) in enumerate(trips):
        if start != 0 or end != 0:
            problems.append(f"tour {t + 1} does not start and end at the depot")
        clock, here = raw.open[0], 0
        for v in visits:
            if not 0 < v < len(raw.xy) or v in seen:
                problems.append(f"tour {t + 1}: {v} is not a customer or is visited twice")
                continue
            seen.add(v)
            arrive = clock + distance(raw.xy[here], raw.xy[v], rounding)
            starts = [max(arrive, a) for a, b in raw.tour_windows(v, t) if max(arrive, a) <= b + TOL]
            if not starts:
                problems.append(f"tour {t + 1}: {v} reached at {arrive:g}, after both its windows that day")
                starts = [arrive]
            clock = min(starts) + raw.service[v]
            here = v
            score += raw.score[v]
            spent += raw.fee[v]
            used = [u + f for u, f in zip(used, raw.types[v], strict=True)]
        clock += distance(raw.xy[here], raw.xy[0], rounding)
        if clock > raw.close[0] + TOL:
            problems.append(f"tour {t + 1} returns at {clock:g} > Tmax {raw.close[0]:g}")
    for z, (u, cap) in enumerate(zip(used, raw.caps, strict=True)):
        if u > cap + TOL:
            problems.append(f"{u} vertices of type {z + 1}, cap {cap:g}")
    if spent > raw.budget + TOL:
        problems.append(f"fees {spent:g} > budget {raw.budget:g}")
    return score, problems
