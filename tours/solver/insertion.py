"""Insertion: each candidate's least extra time in a trip, checked in O(1) per position with the
wait/max-shift bookkeeping and vectorised with numpy over all positions and candidates; the
greedy fill by best (weight x noise)^power / extra time; and swap-in."""

from __future__ import annotations

import numpy as np

from tours.solver import rules
from tours.solver.engine import Engine
from tours.solver.problem import EPS, INF, FloatArray, IntArray, Trip
from tours.solver.rules import BoolArray
from tours.solver.timing import time_trip


def route_deltas(
    e: Engine, d: int, trip: Trip, cand: IntArray, cap: float | None = None
) -> tuple[FloatArray, IntArray]:
    """For each candidate, the least extra time of inserting it into trip d (inf if it fits
    nowhere) and the position. Independent of scores, so it can be cached per trip content.
    `cap`: the trip's drive cap, if lower than the problem's (the long-drive rule)."""
    p, T = e.p, e.T
    seq = np.array([trip.start, *trip.visits, trip.end], dtype=np.int64)
    a, b = seq[:-1], seq[1:]
    base = trip.begin[:-1] + p.service[a]  # leave a
    every = cand is e.customers
    ta, tb = (e.Tc[a], e.TcT[b]) if every else (T[a][:, cand], e.TT[b][:, cand])
    ta += base[:, None]  # arrive at the candidate (gathers copy: working in place is safe)
    if e.multi:
        st, ok = earliest_starts(e, d, cand, ta)
    else:
        st = np.maximum(ta, p.window_open[d][cand][None, :], out=ta)
        ok = st <= p.window_close[d][cand][None, :] + EPS
    delta = st  # st + service + tb - the old leg, in that order (the same doubles as ever)
    delta += (e.Sc if every else p.service[cand])[None, :]
    delta += tb
    delta -= (base + T[a, b])[:, None]
    ok &= delta <= (trip.wait[1:] + trip.shift[1:])[:, None] + EPS
    if trip.brk_leg >= 0:
        j = trip.brk_leg
        delta[j], ok[j] = _break_row(e, d, trip, cand, int(seq[j]), int(seq[j + 1]))
    limit = p.drive_cap[d] if cap is None else cap
    if limit < INF:
        D = e.D
        da, db = (e.Dc[a], e.DcT[b]) if every else (D[a][:, cand], e.DT[b][:, cand])
        extra = da + db - D[a, b][:, None]
        ok &= extra <= limit - trip.drive + EPS
    np.maximum(delta, 1e-3, out=delta)
    np.copyto(delta, INF, where=~ok)
    return delta.min(axis=0), np.argmin(delta, axis=0)


def earliest_starts(e: Engine, d: int, cand: IntArray, arrive: FloatArray) -> tuple[FloatArray, BoolArray]:
    """Earliest starts of service of `cand` (the last axis of `arrive`) in the first window
    that has not closed, and whether there is one: several windows a day (or one)."""
    wo, wc = e.p.window_open[d][cand], e.p.window_close[d][cand]
    if np.ndim(wo) == 1:
        st = np.maximum(arrive, wo)
        return st, st <= wc + EPS
    starts = np.maximum(arrive[..., None], wo)  # ... x cand x windows
    fits = arrive[..., None] <= wc + EPS
    st = np.where(fits, starts, INF).min(axis=-1)
    return np.where(st < INF, st, arrive), st < INF


def _break_row(e: Engine, d: int, trip: Trip, cand: IntArray, a: int, b: int) -> tuple[FloatArray, BoolArray]:
    """Inserting on the leg a -> b that holds the break: the break goes before or after the new
    visit, whichever reaches b sooner. The row's extra time and feasibility."""
    p, T = e.p, e.T
    brk = p.breaks[d]
    assert brk is not None
    j = trip.brk_leg
    leave = float(trip.begin[j]) + float(p.service[a])
    s = p.service[cand]
    ta, tb = T[a, cand], T[cand, b]
    st_a, ok_a = earliest_starts(e, d, cand, np.maximum(leave + ta, brk.open) + brk.duration)  # break, visit
    ok_a &= leave <= brk.close + EPS
    new_a = st_a + s + tb
    st_b, ok_b = earliest_starts(e, d, cand, leave + ta)  # the visit, then the break
    leave_b = st_b + s
    ok_b &= leave_b <= brk.close + EPS
    new_b = np.maximum(leave_b + tb, brk.open) + brk.duration
    new = np.where(ok_a & (~ok_b | (new_a <= new_b)), new_a, new_b)
    old = max(leave + float(T[a, b]), brk.open) + brk.duration
    fits = (ok_a | ok_b) & (new <= float(trip.begin[j + 1]) + float(trip.shift[j + 1]) + EPS)
    return new - old, fits


def ratio(e: Engine, delta: FloatArray, cand: IntArray, scale: FloatArray | None = None) -> FloatArray:
    w = e.weight[cand] * e.jitter[cand]
    if scale is not None:
        w = w * scale
    return np.where(np.isfinite(delta), w**e.power / delta, -1.0)


def route_options(
    e: Engine, d: int, trip: Trip, cand: IntArray, cap: float | None = None
) -> tuple[FloatArray, IntArray]:
    """For each candidate, the best insertion ratio into trip d (-1 if none fits) and its position."""
    delta, pos = route_deltas(e, d, trip, cand, cap)
    return ratio(e, delta, cand), pos


def deltas(e: Engine, d: int, trip: Trip, cap: float | None = None) -> tuple[FloatArray, IntArray]:
    """`route_deltas` over every customer, remembered per trip content: with many trips (a
    long tour) most are unchanged from one iteration to the next."""
    key = (d, trip.start, trip.end, tuple(trip.visits), cap)
    found = e.cache.get(key)
    if found is None:
        if len(e.cache) > e.s.cache_entries:
            e.cache.clear()
        found = e.cache[key] = route_deltas(e, d, trip, e.customers, cap)
    return found


def _candidates(e: Engine, visited: set[int]) -> tuple[IntArray, BoolArray]:
    """The candidate columns of a fill and which are still available. Long tours (`cached`)
    evaluate every customer, so that each trip's deltas can be remembered; short ones only
    the unvisited."""
    if e.cached:
        cand = e.customers
        avail = np.fromiter((c not in visited for c in cand.tolist()), dtype=bool, count=cand.size)
        avail &= e.weight[cand] > 0
        return cand, avail
    cand = unvisited(e, visited)
    return cand, np.ones(cand.size, dtype=bool)


def unvisited(e: Engine, visited: set[int]) -> IntArray:
    """The customers not in `visited` that are worth something, in customer order."""
    cand = np.array([c for c in e.customers.tolist() if c not in visited], dtype=np.int64)
    return cand[e.weight[cand] > 0]


def fill(
    e: Engine,
    trips: list[Trip],
    visited: set[int],
    *,
    day: int | None = None,
    tour: list[Trip] | None = None,
) -> None:
    """Insert by best ratio until nothing fits; only the changed trip is re-evaluated.
    `day`: `trips` is that one trip alone, and `tour` the whole tour it belongs to (for the
    rules that span trips)."""
    days = [day] if day is not None else list(range(len(trips)))
    if e.ruled or e.p.long_drive < INF:
        _fill_ruled(e, trips, visited, days, tour if tour is not None else trips)
        return
    cand, avail = _candidates(e, visited)

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


def _fill_ruled(e: Engine, trips: list[Trip], visited: set[int], days: list[int], tour: list[Trip]) -> None:
    """`fill` under the rules that span trips: after each insertion every trip's ratios are
    re-masked (caps, budget, groups) and re-weighted (diminishing returns), all trips at once;
    the deltas are recomputed only for the changed trip and, under the long-drive rule, its
    neighbours."""
    cand, avail = _candidates(e, visited)
    if not avail.any():
        return
    context = _context(tour, trips, days)
    tally = rules.tally(e, context)

    def delta_of(k: int) -> tuple[FloatArray, IntArray]:
        cap = rules.drive_cap(e, context, days[k])
        if e.cached:
            return deltas(e, days[k], trips[k], cap)
        return route_deltas(e, days[k], trips[k], cand, cap)

    found = [delta_of(k) for k in range(len(trips))]
    delta = np.stack([f[0] for f in found])
    pos = np.stack([f[1] for f in found])
    weight = e.weight[cand] * e.jitter[cand]
    while True:
        w = weight[None, :] * rules.factor_all(e, tally, days, cand)
        ok = rules.allowed_all(e, tally, days, cand) & avail[None, :] & np.isfinite(delta)
        ratios = np.where(ok, w**e.power / np.where(ok, delta, 1.0), -1.0)
        k, col = divmod(int(np.argmax(ratios)), cand.size)
        if ratios[k, col] <= 0:
            return
        node = int(cand[col])
        trips[k].visits.insert(int(pos[k, col]), node)
        time_trip(e, days[k], trips[k])
        visited.add(node)
        avail[col] = False
        rules.add(e, tally, days[k], node)
        for n in range(len(trips)):
            if n == k or (e.p.long_drive < INF and abs(days[n] - days[k]) == 1):
                delta[n], pos[n] = delta_of(n)


def _context(tour: list[Trip], trips: list[Trip], days: list[int]) -> list[Trip | None]:
    """The tour with `trips` in place at `days` (None where no trip is built yet)."""
    context: list[Trip | None] = list(tour)
    for k, d in enumerate(days):
        while len(context) <= d:
            context.append(None)
        context[d] = trips[k]
    return context


def fill_one(e: Engine, d: int, trip: Trip, visited: set[int], tour: list[Trip] | None = None) -> None:
    """`fill` for trip d alone, leaving `visited` untouched; `tour`: the tour it belongs to."""
    fill(e, [trip], set(visited), day=d, tour=tour)


def swap_in(e: Engine, trips: list[Trip], visited: set[int]) -> bool:
    """Replace one visit by an unvisited node worth more, if that fits. True when it improved."""
    free = sorted(unvisited(e, visited).tolist(), key=lambda c: -e.weight[c])
    improved = False
    for j in free[: e.s.swap_candidates]:
        if _swap_one(e, trips, visited, j):
            improved = True
    return improved


def _swap_one(e: Engine, trips: list[Trip], visited: set[int], j: int) -> bool:
    """Put unvisited node j in place of the first lighter visit where it fits."""
    one = np.array([j], dtype=np.int64)
    ruled = e.ruled or e.p.long_drive < INF
    base = rules.tally(e, list(trips)) if ruled else None
    for d, trip in enumerate(trips):
        for k, i in enumerate(trip.visits):
            if e.weight[i] >= e.weight[j] or i in e.p.mandatory:
                continue
            trial = Trip(trip.start, trip.end, trip.visits[:k] + trip.visits[k + 1 :])
            time_trip(e, d, trial)
            cap = None
            if base is not None:
                if not rules.allowed_all(e, rules.without(e, base, d, i), [d], one)[0, 0]:
                    continue
                cap = rules.drive_cap(e, trips, d)
            ratios, pos = route_options(e, d, trial, one, cap)
            if ratios[0] > 0:
                trial.visits.insert(int(pos[0]), j)
                trips[d] = time_trip(e, d, trial)
                visited.discard(i)
                visited.add(j)
                return True
    return False
