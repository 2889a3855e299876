"""Insertion: each candidate's least extra time in a trip, checked in O(1) per position with the
wait/max-shift bookkeeping and vectorised with numpy over all positions and candidates; the
greedy fill by best (weight x noise)^power / extra time; and swap-in."""

from __future__ import annotations

import numpy as np

from tours.solver.engine import Engine
from tours.solver.problem import EPS, INF, FloatArray, IntArray, Trip
from tours.solver.timing import time_trip


def route_deltas(e: Engine, d: int, trip: Trip, cand: IntArray) -> tuple[FloatArray, IntArray]:
    """For each candidate, the least extra time of inserting it into trip d (inf if it fits
    nowhere) and the position. Independent of scores, so it can be cached per trip content."""
    p, T = e.p, e.T
    seq = np.array([trip.start, *trip.visits, trip.end], dtype=np.int64)
    a, b = seq[:-1], seq[1:]
    base = trip.begin[:-1] + p.service[a]  # leave a
    ta = T[a[:, None], cand[None, :]]
    tb = T[cand[None, :], b[:, None]]
    st = np.maximum(base[:, None] + ta, p.window_open[d][cand][None, :])
    ok = st <= p.window_close[d][cand][None, :] + EPS
    delta = st + p.service[cand][None, :] + tb - (base + T[a, b])[:, None]
    ok &= delta <= (trip.wait[1:] + trip.shift[1:])[:, None] + EPS
    if p.drive_cap[d] < INF:
        ok &= ta + tb - T[a, b][:, None] <= p.drive_cap[d] - trip.drive + EPS
    delta = np.where(ok, np.maximum(delta, 1e-3), INF)
    pos = np.argmin(delta, axis=0)
    return delta[pos, np.arange(cand.size)], pos


def ratio(e: Engine, delta: FloatArray, cand: IntArray) -> FloatArray:
    w = e.weight[cand] * e.jitter[cand]
    return np.where(np.isfinite(delta), w**e.power / delta, -1.0)


def route_options(e: Engine, d: int, trip: Trip, cand: IntArray) -> tuple[FloatArray, IntArray]:
    """For each candidate, the best insertion ratio into trip d (-1 if none fits) and its position."""
    delta, pos = route_deltas(e, d, trip, cand)
    return ratio(e, delta, cand), pos


def deltas(e: Engine, d: int, trip: Trip) -> tuple[FloatArray, IntArray]:
    """`route_deltas` over every customer, remembered per trip content: with many trips (a
    long tour) most are unchanged from one iteration to the next."""
    key = (d, trip.start, trip.end, tuple(trip.visits))
    found = e.cache.get(key)
    if found is None:
        if len(e.cache) > e.s.cache_entries:
            e.cache.clear()
        found = e.cache[key] = route_deltas(e, d, trip, e.customers)
    return found


def fill(e: Engine, trips: list[Trip], visited: set[int], *, day: int | None = None) -> None:
    """Insert by best ratio until nothing fits; only the changed trip is re-evaluated.
    `day`: `trips` is that one trip alone. Long tours (`cached`) evaluate every customer and
    remember each trip's deltas; short ones evaluate only the unvisited customers."""
    days = [day] if day is not None else list(range(len(trips)))
    if e.cached:
        cand = e.customers
        avail = np.fromiter((c not in visited for c in cand.tolist()), dtype=bool, count=cand.size)
        avail &= e.weight[cand] > 0
    else:
        cand = np.array([c for c in e.customers.tolist() if c not in visited], dtype=np.int64)
        cand = cand[e.weight[cand] > 0]
        avail = np.ones(cand.size, dtype=bool)

    def options(k: int) -> tuple[FloatArray, IntArray]:
        if e.cached:
            delta, pos = deltas(e, days[k], trips[k])
            return ratio(e, delta, cand), pos
        return route_options(e, days[k], trips[k], cand)

    if not avail.any():
        return
    ratios = np.full((len(trips), cand.size), -1.0)
    positions = np.zeros((len(trips), cand.size), dtype=np.int64)
    for k in range(len(trips)):
        ratios[k], positions[k] = options(k)
    while True:
        masked = np.where(avail[None, :], ratios, -1.0)
        k, col = divmod(int(np.argmax(masked)), cand.size)
        if masked[k, col] <= 0:
            return
        node = int(cand[col])
        trips[k].visits.insert(int(positions[k, col]), node)
        time_trip(e, days[k], trips[k])
        visited.add(node)
        avail[col] = False
        ratios[k], positions[k] = options(k)


def fill_one(e: Engine, d: int, trip: Trip, visited: set[int]) -> None:
    """`fill` for trip d alone, leaving `visited` untouched."""
    fill(e, [trip], set(visited), day=d)


def swap_in(e: Engine, trips: list[Trip], visited: set[int]) -> bool:
    """Replace one visit by an unvisited node worth more, if that fits. True when it improved."""
    free = sorted(
        (c for c in e.customers if c not in visited and e.weight[c] > 0),
        key=lambda c: -e.weight[c],
    )
    improved = False
    for j in free[: e.s.swap_candidates]:
        if _swap_one(e, trips, visited, j):
            improved = True
    return improved


def _swap_one(e: Engine, trips: list[Trip], visited: set[int], j: int) -> bool:
    """Put unvisited node j in place of the first lighter visit where it fits."""
    one = np.array([j], dtype=np.int64)
    for d, trip in enumerate(trips):
        for k, i in enumerate(trip.visits):
            if e.weight[i] >= e.weight[j] or i in e.p.mandatory:
                continue
            trial = Trip(trip.start, trip.end, trip.visits[:k] + trip.visits[k + 1 :])
            time_trip(e, d, trial)
            ratios, pos = route_options(e, d, trial, one)
            if ratios[0] > 0:
                trial.visits.insert(int(pos[0]), j)
                trips[d] = time_trip(e, d, trial)
                visited.discard(i)
                visited.add(j)
                return True
    return False
