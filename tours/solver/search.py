"""Iterated local search for orienteering with time windows and hotel selection.

After the iterated local search of Vansteenwegen et al. (2009) for the TOPTW, extended for hotel
choice (Divsalar et al. 2013): insertion (`insertion`), hotel moves (`hotels`), a perturbation
that removes a run of visits from every trip and sometimes moves a night, and restarts from the
best tour after a run of iterations without improvement. Two or more parallel routes from one depot
(TOPTW; three or more under type caps and a budget, MCTOPMTW) also get Shaw's related removal
(Shaw 1998; the visits nearest a random one, on whatever route) for 70% of the kicks, and a
threshold acceptance that takes back a kick whose refilled tour is worth 2% less than before it.
Every tuning number is a field of `Settings`.

The stopping rule is an iteration count (deterministic for a seed) capped by a wall-clock limit.
"""

from __future__ import annotations

import time

import numpy as np

from tours.solver.engine import Engine, copy, real_score, value
from tours.solver.hotels import force_mandatory, improve_hotels, move_hotel
from tours.solver.insertion import fill, swap_in
from tours.solver.problem import EPS, Polish, Problem, Progress, Result, Settings, Trip
from tours.solver.replace import replace
from tours.solver.starts import starts
from tours.solver.timing import time_trip


def perturb(e: Engine, trips: list[Trip], visited: set[int], size: int, where: int) -> None:
    """Remove a run of `size` visits from each trip (from some trips only, when there are many)."""
    chosen = set(range(len(trips)))
    if len(trips) > e.s.two_trip_kick_after and e.rng.random() < 0.5:
        chosen = set(e.rng.sample(range(len(trips)), 2))
    for d, trip in enumerate(trips):
        if not trip.visits or d not in chosen:
            continue
        start = e.rng.randrange(len(trip.visits)) if where < 0 else where % len(trip.visits)
        removed = [v for v in trip.visits[start : start + size] if v not in e.p.mandatory]
        if not removed:
            continue
        trip.visits = [v for v in trip.visits if v not in removed]
        for v in removed:
            visited.discard(v)
        time_trip(e, d, trip)


def related_kick(e: Engine, trips: list[Trip], visited: set[int], size: int) -> None:
    """Remove the `size` x trips visits nearest a random visit, whatever trip they are on
    (Shaw's related removal): the refill can then share that area among the trips anew."""
    held = [v for t in trips for v in t.visits if v not in e.p.mandatory]
    if not held:
        return
    seed = held[e.rng.randrange(len(held))]
    T = e.TL
    near = sorted(held, key=lambda v: (T[seed][v] + T[v][seed], v))
    removed = set(near[: max(1, size * len(trips))])
    for d, trip in enumerate(trips):
        if removed.intersection(trip.visits):
            trip.visits = [v for v in trip.visits if v not in removed]
            time_trip(e, d, trip)
    visited -= removed


def local_search(e: Engine, trips: list[Trip], visited: set[int], *, deep: bool = False) -> None:
    for _ in range(e.s.local_rounds):
        fill(e, trips, visited)
        if improve_hotels(e, trips):
            continue
        if e.s.replace_rounds and replace(e, trips, visited):
            continue
        # swap-in (a heavier node anywhere in a lighter one's trip) pays only with hotel chains
        # once replacements run (measured: OPHS better with it, parallel routes better without)
        if not (deep and (e.p.chained or e.s.swap_unchained) and swap_in(e, trips, visited)):
            break


def reorder(e: Engine, trips: list[Trip], visited: set[int]) -> None:
    """Re-sequence each trip with the polish hook (least travel) and fill the time it frees."""
    if e.polish is None:
        return
    for _ in range(e.s.polish_rounds):
        changed = False
        for d, trip in enumerate(trips):
            order = e.polish(e.p, d, trip)
            if not order:
                continue
            new = time_trip(e, d, Trip(trip.start, trip.end, order))
            if new.feasible and new.begin[-1] < trip.begin[-1] - EPS:
                trips[d] = new
                changed = True
        if not changed:
            return
        before = value(e, trips)
        local_search(e, trips, visited, deep=True)
        if value(e, trips) <= before + EPS:
            return


def _shake(e: Engine) -> None:
    """Draw this iteration's insertion power and weight noise."""
    e.power = e.rng.choice(e.s.powers)
    if e.rng.random() < e.s.noise_share:
        e.jitter = np.exp(e.noise.normal(0.0, e.s.noise_sigma, e.p.n))
    else:
        e.jitter = np.ones(e.p.n)


class _Walk:
    """The perturbation's counters between iterations."""

    def __init__(self, trips: list[Trip]) -> None:
        self.size, self.where, self.since = 1, 0, 0
        self.longest = max(1, max(len(t.visits) for t in trips))


def run(e: Engine, progress: Progress | None = None) -> Result:
    clock = time.perf_counter()
    s = e.s
    begin = starts(e)
    trips = begin[0]
    visited: set[int] = {v for t in trips for v in t.visits}
    local_search(e, trips, visited)
    if e.p.mandatory - visited:
        force_mandatory(e, trips, visited)
        local_search(e, trips, visited)
    best, best_value = copy(trips), value(e, trips)
    if progress:
        progress(0, real_score(e, best), time.perf_counter() - clock)
    walk = _Walk(trips)
    # related kicks and threshold acceptance: TOPTW with 2+ routes, MCTOPMTW with 3+ (measured)
    parallel = not e.p.chained and e.p.trips >= (s.related_after_routes_ruled if e.ruled else 2)
    stopped, it = "iterations", 0
    for it in range(1, s.iterations + 1):
        if time.perf_counter() - clock > s.time_limit:
            stopped = "time"
            break
        if s.stall_limit and walk.since >= s.stall_limit:
            stopped = "no-improvement"
            break
        if e.p.chained and e.p.hotels and e.rng.random() < s.hotel_move_share:
            move_hotel(e, trips, visited)
        _shake(e)
        before = (copy(trips), value(e, trips)) if parallel and s.revert_drop else None
        _kick(e, walk, trips, visited, parallel)
        local_search(e, trips, visited)
        current = value(e, trips)
        if before is not None and current < before[1] * (1 - s.revert_drop):
            trips, current = before  # a kick that cost too much is taken back (threshold acceptance)
            visited = {v for t in trips for v in t.visits}
        if current > best_value + EPS:
            local_search(e, trips, visited, deep=True)
            reorder(e, trips, visited)
            best, best_value = copy(trips), value(e, trips)
            walk.size, walk.since = 1, 0
            walk.longest = max(1, max(len(t.visits) for t in trips))
            if progress:
                progress(it, real_score(e, best), time.perf_counter() - clock)
        else:
            if _too_far(e, current, best_value):
                trips = copy(best)  # too far below the best: walk on from the best instead
                visited = {v for t in trips for v in t.visits}
            trips, visited = _no_gain(e, walk, trips, visited, best, begin)
    return Result(
        trips=tuple((t.start, tuple(t.visits), t.end) for t in best),
        score=real_score(e, best),
        iterations=it,
        seconds=time.perf_counter() - clock,
        stopped_by=stopped,
    )


def _kick(e: Engine, walk: _Walk, trips: list[Trip], visited: set[int], parallel: bool) -> None:
    """This iteration's perturbation: a run from each trip, or (parallel routes) the visits
    nearest a random one; now and then a big kick out of a deep basin."""
    s = e.s
    size = walk.size
    if walk.since and walk.since % (s.big_kick_every * s.restart_after) == 0:
        size = max(walk.size, walk.longest // 3)
    if parallel and s.related_share and e.rng.random() < s.related_share:
        related_kick(e, trips, visited, size)
    else:
        perturb(e, trips, visited, size, -1 if e.rng.random() < 0.5 else walk.where)


def _too_far(e: Engine, current: float, best: float) -> bool:
    """With many parallel routes, a walk that has fallen `accept_drop` below the best goes back
    to it (measured: better with 3-4 routes on TOPTW and with 4 on MCTOPMTW, worse with 1-3 on
    MCTOPMTW and with hotel chains on OPHS, where the walk needs room)."""
    s = e.s
    return bool(
        s.accept_drop
        and not e.p.chained
        and e.p.trips >= (s.accept_after_routes_ruled if e.ruled else s.accept_after_routes)
        and current < best * (1 - s.accept_drop)
    )


def _no_gain(
    e: Engine, walk: _Walk, trips: list[Trip], visited: set[int], best: list[Trip], begin: list[list[Trip]]
) -> tuple[list[Trip], set[int]]:
    """After an iteration without a new best: a larger kick next, and now and then a restart."""
    s = e.s
    walk.since += 1
    walk.size += 1
    walk.where += walk.size
    if walk.size > max(2, walk.longest // 2 + 1):
        walk.size = 1
    if walk.since % s.restart_after == 0:
        trips = copy(best)
        every = s.chain_restart_every * s.restart_after
        if len(begin) > 1 and walk.since % every == 0:
            # diversify: restart from the next chain of hotels
            trips = copy(begin[(walk.since // every) % len(begin)])
        visited = {v for t in trips for v in t.visits}
        walk.where = e.rng.randrange(1 << 16)
    return trips, visited


def solve(
    problem: Problem,
    settings: Settings | None = None,
    progress: Progress | None = None,
    polish: Polish | None = None,
) -> Result:
    """One run of the search core on `problem`."""
    return run(Engine(problem, settings or Settings(), polish), progress)
