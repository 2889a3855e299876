"""Starting tours: every chain of hotels when there are few (OPHS), else a day-by-day greedy tour
and the least-travel chain from the dynamic programme (which gives each mandatory node a day)."""

from __future__ import annotations

import itertools

from tours.solver.engine import Engine, value
from tours.solver.hotels import initial_hotels, is_fixed, nights
from tours.solver.insertion import fill, fill_one
from tours.solver.problem import Trip
from tours.solver.timing import empty_trip_fits, time_trip


def chains(e: Engine) -> list[list[int]]:
    """Every chain of hotels whose empty trips fit, when there are at most `chain_limit` of them."""
    p = e.p
    if not p.chained or p.trips < 2 or not p.hotels or p.mandatory:
        return []
    options = sorted({*p.hotels, p.first, p.last})
    if len(options) ** (p.trips - 1) > e.s.chain_limit:
        return []
    out = []
    for middle in itertools.product(options, repeat=p.trips - 1):
        if any(is_fixed(e, d) and p.fixed_hotels[d] != h for d, h in enumerate(middle)):
            continue
        chain = [p.first, *middle, p.last]
        if all(empty_trip_fits(e, d, chain[d], chain[d + 1]) for d in range(p.trips)):
            out.append(chain)
    return out


def greedy_days(e: Engine) -> list[Trip] | None:
    """Day by day, end each trip at the hotel whose filled day is worth most, keeping the
    last stop reachable in the days left. None when that is impossible."""
    p = e.p
    days = p.trips
    options = sorted({*p.hotels, p.first, p.last})
    reach: list[set[int]] = [set() for _ in range(days + 1)]  # hotels from which `last` is reachable
    reach[days] = {p.last}
    for d in range(days - 1, -1, -1):
        here = options if d == 0 else nights(e, d - 1, options)
        reach[d] = {h for h in here if any(empty_trip_fits(e, d, h, g) for g in reach[d + 1])}
    if p.first not in reach[0]:
        return None
    trips: list[Trip] = []
    visited: set[int] = set()
    h = p.first
    for d in range(days):
        best: tuple[float, float, Trip] | None = None
        for g in sorted(g for g in reach[d + 1] if empty_trip_fits(e, d, h, g)):
            trial = [time_trip(e, d, Trip(h, g))]
            fill_one(e, d, trial[0], visited, [*trips, trial[0]])
            worth = value(e, trial)
            if d < days - 1 and d > 0 and g != h:
                worth -= p.hotel_change_cost
            key = (worth, -float(e.T[h, g]))
            if best is None or key > best[:2]:
                best = (*key, trial[0])
        assert best is not None
        trips.append(best[2])
        visited.update(best[2].visits)
        h = best[2].end
    return trips


def starts(e: Engine) -> list[list[Trip]]:
    """Starting tours, best first."""
    found = chains(e)
    if found:
        scored = []
        for chain in found:
            trips = [time_trip(e, d, Trip(chain[d], chain[d + 1])) for d in range(e.p.trips)]
            fill(e, trips, set())
            scored.append((-value(e, trips), chain, trips))
        scored.sort(key=lambda x: (x[0], x[1]))
        return [t for _, _, t in scored]
    dp = [time_trip(e, d, Trip(a, b, v)) for d, (a, b, v) in enumerate(initial_hotels(e))]
    out = [dp]
    if e.p.chained and e.p.trips > 1 and not e.p.mandatory:
        greedy = greedy_days(e)
        if greedy is not None:
            fill(e, dp, {v for t in dp for v in t.visits})
            out = [greedy, dp] if value(e, greedy) >= value(e, dp) else [dp, greedy]
    return out
