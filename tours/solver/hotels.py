"""Hotel moves for chained trips (Divsalar et al. 2013): the chain that starts the search, the
night that leaves most slack, a night moved as a perturbation, and a day for each mandatory node."""

from __future__ import annotations

import numpy as np

from tours.solver.engine import Engine, copy, value
from tours.solver.insertion import fill_one
from tours.solver.problem import EPS, INF, NoTourError, Trip
from tours.solver.timing import empty_trip_fits, time_trip

Key = tuple[int, int]  # (hotel, mask of mandatory nodes covered)


def initial_hotels(e: Engine) -> list[tuple[int, int, list[int]]]:
    """(start, end, visits) per trip: the chain of hotels with least travel that fits, and that
    gives each mandatory node a day of its own where one can (dynamic programme over
    (trip, hotel, mandatory nodes covered); with more mandatory nodes than `dp_mandatory`, the first)."""
    p = e.p
    if not p.chained:
        return [(p.first, p.last, []) for _ in range(p.trips)]
    options = sorted({*p.hotels, p.first, p.last})
    must = sorted(p.mandatory)[: e.s.dp_mandatory]
    cost: dict[Key, float] = {(p.first, 0): 0.0}
    back: list[dict[Key, tuple[Key, int]]] = []
    for d in range(p.trips):
        ends = [p.last] if d == p.trips - 1 else nights(e, d, options)
        nxt: dict[Key, float] = {}
        prev: dict[Key, tuple[Key, int]] = {}
        for (h, mask), c in cost.items():
            for g in ends:
                for new_mask, extra, m in _day_moves(e, d, h, g, mask, must):
                    key = (g, new_mask)
                    if c + extra < nxt.get(key, INF) - EPS:
                        nxt[key], prev[key] = c + extra, ((h, mask), m)
        back.append(prev)
        cost = nxt
    finals = [k for k in cost if k[0] == p.last]
    if not finals:
        raise NoTourError("no chain of hotels connects the first and the last stop within the trip limits")
    key = max(finals, key=lambda k: (bin(k[1]).count("1"), -cost[k]))
    out: list[tuple[int, int, list[int]]] = []
    for d in range(p.trips - 1, -1, -1):
        (h, mask), m = back[d][key]
        out.append((h, key[0], [m] if m >= 0 else []))
        key = (h, mask)
    out.reverse()
    return out


def _day_moves(e: Engine, d: int, h: int, g: int, mask: int, must: list[int]) -> list[tuple[int, float, int]]:
    """Trip d from h to g: empty, or carrying one mandatory node not yet covered."""
    moves: list[tuple[int, float, int]] = []
    if empty_trip_fits(e, d, h, g):
        moves.append((mask, float(e.T[h, g]), -1))
    for k, m in enumerate(must):
        if mask >> k & 1:
            continue
        detour = float(e.T[h, m] + e.T[m, g])
        if float(e.D[h, m] + e.D[m, g]) > e.p.drive_cap[d] + EPS:
            continue
        if time_trip(e, d, Trip(h, g, [m])).feasible:
            moves.append((mask | 1 << k, detour, m))
    return moves


def nights(e: Engine, d: int, options: list[int]) -> list[int]:
    """Where the night after trip d may be spent: its fixed hotel, if any, else `options`."""
    fixed = e.p.fixed_hotels
    if d < len(fixed) and fixed[d] >= 0:
        return [fixed[d]]
    return options


def is_fixed(e: Engine, d: int) -> bool:
    fixed = e.p.fixed_hotels
    return d < len(fixed) and fixed[d] >= 0


def improve_hotels(e: Engine, trips: list[Trip]) -> bool:
    """At each boundary, move to the hotel that keeps both trips feasible with most slack
    (with a cost per hotel change: only to the hotel of the night before or after)."""
    p = e.p
    if not p.chained or len(trips) < 2:
        return False
    changed = False
    for d in range(len(trips) - 1):
        if is_fixed(e, d):
            continue
        left, right = trips[d], trips[d + 1]
        best_h = _most_slack(e, d, left, right)
        if best_h != left.end:
            left.end = best_h
            right.start = best_h
            time_trip(e, d, left)
            time_trip(e, d + 1, right)
            changed = True
    return changed


def _most_slack(e: Engine, d: int, left: Trip, right: Trip) -> int:
    p = e.p
    current = left.end
    best_h, best_slack = current, left.shift[-1] + right.shift[0]
    last = left.visits[-1] if left.visits else left.start
    leave_last = left.begin[-2] + (p.service[last] if left.visits else 0.0)
    limit_left = left.begin[0] + e.trip_limit[d]
    first = right.visits[0] if right.visits else right.end
    options: tuple[int, ...] | list[int] = p.hotels
    if p.hotel_change_cost > 0:
        options = [h for h in (left.start, right.end) if h in p.hotels]
    for h in options:
        if h == current:
            continue
        # O(1) screens before timing both trips
        if leave_last + e.T[last, h] > min(p.close[d][h], limit_left) + EPS:
            continue
        if right.visits and p.open[d + 1][h] + e.T[h, first] > np.max(p.window_close[d + 1][first]) + EPS:
            continue
        a = time_trip(e, d, Trip(left.start, h, list(left.visits)))
        if not a.feasible:
            continue
        b = time_trip(e, d + 1, Trip(h, right.end, list(right.visits)))
        if not b.feasible:
            continue
        slack = a.shift[-1] + b.shift[0]
        if slack > best_slack + EPS:
            best_h, best_slack = h, slack
    return best_h


def move_hotel(e: Engine, trips: list[Trip], visited: set[int]) -> None:
    """Perturbation: move a random boundary to another hotel, dropping what no longer fits;
    of a few random hotels, the one whose two refilled trips are worth most."""
    p = e.p
    if not p.chained or len(trips) < 2 or not p.hotels:
        return
    d = e.rng.randrange(len(trips) - 1)
    if is_fixed(e, d):
        return
    left, right = trips[d], trips[d + 1]
    options = [h for h in p.hotels if h != left.end]
    best: tuple[float, Trip, Trip] | None = None
    for h in e.rng.sample(options, min(e.s.hotel_move_tries, len(options))):
        a = Trip(left.start, h, list(left.visits))
        b = Trip(h, right.end, list(right.visits))
        if not trim(e, d, a, from_end=True) or not trim(e, d + 1, b, from_end=False):
            continue
        others = visited - set(left.visits) - set(right.visits)
        tour = [*trips[:d], a, b, *trips[d + 2 :]]
        fill_one(e, d, a, others | set(a.visits) | set(b.visits), tour)
        fill_one(e, d + 1, b, others | set(a.visits) | set(b.visits), tour)
        worth = value(e, [a, b])
        if best is None or worth > best[0]:
            best = (worth, a, b)
    if best is None:
        return
    _, a, b = best
    visited -= set(left.visits) | set(right.visits)
    visited |= set(a.visits) | set(b.visits)
    trips[d], trips[d + 1] = a, b


def trim(e: Engine, d: int, trip: Trip, *, from_end: bool) -> bool:
    """Drop visits nearest the moved hotel until the trip fits; False if a mandatory one would go."""
    time_trip(e, d, trip)
    while not trip.feasible:
        if not trip.visits:
            return False
        node = trip.visits[-1] if from_end else trip.visits[0]
        if node in e.p.mandatory:
            return False
        trip.visits.remove(node)
        time_trip(e, d, trip)
    return True


def force_mandatory(e: Engine, trips: list[Trip], visited: set[int]) -> None:
    """Give each unvisited mandatory node a day of its own, sleeping where it is cheapest to reach."""
    for m in sorted(e.p.mandatory - visited):
        best = _cheapest_day(e, trips, m)
        if best is None:
            continue
        _, d, a, b = best
        trial = copy(trips)
        trial[d] = time_trip(e, d, Trip(a, b, [m]))
        ok = True
        if d > 0:
            trial[d - 1].end = a
            ok = trim(e, d - 1, trial[d - 1], from_end=True)
        if ok and d < len(trips) - 1:
            trial[d + 1].start = b
            ok = trim(e, d + 1, trial[d + 1], from_end=False)
        if ok:
            trips[:] = trial
            visited.clear()
            visited.update(v for t in trips for v in t.visits)


def _cheapest_day(e: Engine, trips: list[Trip], m: int) -> tuple[float, int, int, int] | None:
    """(travel, day, start, end) of the cheapest day that can hold mandatory node m alone."""
    p = e.p
    best: tuple[float, int, int, int] | None = None
    for d, trip in enumerate(trips):
        if any(v in p.mandatory for v in trip.visits):
            continue
        starts = [trip.start] + (nights(e, d - 1, list(p.hotels)) if p.chained and d > 0 else [])
        ends = [trip.end] + (nights(e, d, list(p.hotels)) if p.chained and d < len(trips) - 1 else [])
        for a in starts:
            for b in ends:
                cost = float(e.T[a, m] + e.T[m, b])
                if best is not None and cost >= best[0]:
                    continue
                if time_trip(e, d, Trip(a, b, [m])).feasible:
                    best = (cost, d, a, b)
    return best
