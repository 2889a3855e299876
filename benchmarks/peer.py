"""The peer to beat: VROOM (pyvroom) on the same instances, its tours checked by the same checker.

VROOM is prize-collecting through job priorities (integers 0..100, assigned jobs maximised by
priority first) and needs integer durations: scores above 100 are scaled down (and the true score
of its tour is recomputed by the checker), OPHS distances are scaled by 1000 and rounded up so its
tours stay feasible. VROOM has no hotel selection: for OPHS every chain of hotels is tried (one
vehicle per trip with `max_travel_time` = Td) and the best checked tour kept.
"""

from __future__ import annotations

import itertools
import math
import time

from benchmarks.check import check
from benchmarks.instances import Raw, distance, scale


def _solve(raw: Raw, rounding: str, starts: list[int], ends: list[int], limits: list[float | None]):  # type: ignore[no-untyped-def]
    import vroom

    n = len(raw.xy)
    unit = 1000.0 if rounding == "none" else 1.0
    k = scale(rounding)
    matrix = [
        [math.ceil(distance(raw.xy[i], raw.xy[j], rounding) * unit - 1e-9) for j in range(n)]
        for i in range(n)
    ]
    top = max(raw.score) or 1.0
    factor = 100.0 / top if top > 100 else 1.0
    inp = vroom.Input()
    inp.set_durations_matrix(profile="car", matrix_input=matrix)
    vehicles = []
    for v, (s, e, lim) in enumerate(zip(starts, ends, limits, strict=True)):
        kwargs: dict[str, object] = {}
        if lim is not None:
            kwargs["max_travel_time"] = math.floor(lim * unit + 1e-9)
        if raw.kind == "optw":
            kwargs["time_window"] = vroom.TimeWindow(int(raw.open[0] * k), int(raw.close[0] * k))
        vehicles.append(vroom.Vehicle(v + 1, start=s, end=e, **kwargs))
    inp.add_vehicle(vehicles)
    customers = range(raw.hotels + 2, n) if raw.kind == "ophs" else range(1, n)
    jobs = []
    for i in customers:
        kwargs = {}
        if raw.kind == "optw":
            kwargs["time_windows"] = [vroom.TimeWindow(int(raw.open[i] * k), int(raw.close[i] * k))]
        jobs.append(
            vroom.Job(
                i,
                location=i,
                default_service=round(raw.service[i] * k * unit),
                priority=round(raw.score[i] * factor),
                **kwargs,
            )
        )
    inp.add_job(jobs)
    sol = inp.solve(exploration_level=5, nb_threads=1)
    routes = sol.routes
    trips = []
    for v in range(len(starts)):
        rows = routes[routes["vehicle_id"] == v + 1]
        visits = [int(r) for r, t in zip(rows["id"], rows["type"], strict=True) if t == "job"]
        trips.append((starts[v], visits, ends[v]))
    return trips


def vroom_tour(raw: Raw, routes: int, rounding: str) -> tuple[float, float, list[str]]:
    """(score, seconds, problems) of VROOM's best checked tour."""
    clock = time.perf_counter()
    if raw.kind == "optw":
        trips = _solve(raw, rounding, [0] * routes, [0] * routes, [None] * routes)
        score, problems = check(raw, rounding, trips)
        return score, time.perf_counter() - clock, problems
    d = len(raw.trip_lengths)
    best: tuple[float, list[str]] = (-1.0, ["no chain of hotels gave a feasible tour"])
    hotels = range(raw.hotels + 2)
    for middle in itertools.product(hotels, repeat=d - 1):
        chain = [0, *middle, 1]
        if any(
            distance(raw.xy[chain[t]], raw.xy[chain[t + 1]], rounding) > raw.trip_lengths[t] for t in range(d)
        ):
            continue
        trips = _solve(raw, rounding, chain[:-1], chain[1:], list(raw.trip_lengths))
        score, problems = check(raw, rounding, trips)
        if not problems and score > best[0]:
            best = (score, problems)
    return best[0], time.perf_counter() - clock, best[1]
