"""The solver core against brute force on tiny instances, and its invariants on random ones.

Feasibility is checked here by an independent walk of each trip (earliest starts, waits allowed),
not by the search's own timing code.
"""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tours.solver import INF, NoTourError, Problem, Settings, solve


def walk(p: Problem, d: int, start: int, visits: list[int] | tuple[int, ...], end: int) -> bool:
    """True when the trip keeps every window, the day bounds, the length and the driving cap."""
    t = float(p.open[d][start])
    leave = t
    here, drive = start, 0.0
    for v in visits:
        drive += p.travel[here, v]
        t = max(t + (p.service[here] if here != start else 0.0) + p.travel[here, v], p.window_open[d][v])
        if t > p.window_close[d][v] + 1e-6:
            return False
        here = v
    drive += p.travel[here, end]
    t += (p.service[here] if here != start else 0.0) + p.travel[here, end]
    return t <= p.close[d][end] + 1e-6 and t - leave <= p.length[d] + 1e-6 and drive <= p.drive_cap[d] + 1e-6


def random_problem(rng: random.Random, n_cust: int, trips: int, hotels: int, *, chained: bool) -> Problem:
    n = 2 + hotels + n_cust
    xy = [(rng.uniform(0, 100), rng.uniform(0, 100)) for _ in range(n)]
    travel = np.array([[math.dist(a, b) for b in xy] for a in xy])
    service = np.array([0.0] * (2 + hotels) + [rng.choice([0.0, 10.0, 20.0]) for _ in range(n_cust)])
    score = np.array([0.0] * (2 + hotels) + [float(rng.randint(1, 9)) for _ in range(n_cust)])
    wo, wc = np.zeros(n), np.full(n, 1e6)
    for i in range(2 + hotels, n):
        if rng.random() < 0.5:
            a = rng.uniform(0, 150)
            wo[i], wc[i] = a, a + rng.uniform(10, 80)
    horizon = rng.uniform(120, 260)
    return Problem(
        travel=travel,
        service=service,
        score=score,
        window_open=[wo] * trips,
        window_close=[wc] * trips,
        open=[np.zeros(n)] * trips,
        close=[np.full(n, horizon)] * trips,
        length=[INF] * trips,
        drive_cap=[horizon * 0.8] * trips,
        first=0,
        last=1 if chained else 0,
        hotels=tuple(range(2 + hotels)) if chained else (),
        chained=chained,
        customers=tuple(range(2 + hotels, n)),
    )


def brute_force(p: Problem) -> float:
    """Best score by enumerating hotel chains, customer-to-trip assignments and orders."""
    cust = list(p.customers)
    chains: list[list[int]] = []
    if p.chained:
        for middle in itertools.product(p.hotels, repeat=p.trips - 1):
            chains.append([p.first, *middle, p.last])
    else:
        chains.append([p.first] * p.trips + [p.last])
    best = 0.0

    def feasible_sets(d: int, a: int, b: int) -> dict[frozenset[int], bool]:
        out: dict[frozenset[int], bool] = {}
        for r in range(len(cust) + 1):
            for subset in itertools.combinations(cust, r):
                out[frozenset(subset)] = any(
                    walk(p, d, a, perm, b) for perm in itertools.permutations(subset)
                )
        return out

    for chain in chains:
        pairs = [(chain[d], chain[d + 1]) if p.chained else (p.first, p.last) for d in range(p.trips)]
        sets = [feasible_sets(d, a, b) for d, (a, b) in enumerate(pairs)]
        for assign in itertools.product(range(p.trips + 1), repeat=len(cust)):
            groups = [
                frozenset(c for c, g in zip(cust, assign, strict=True) if g == d) for d in range(p.trips)
            ]
            if all(sets[d][groups[d]] for d in range(p.trips)):
                best = max(best, sum(float(p.score[c]) for g in groups for c in g))
    return best


def check(p: Problem, trips: tuple[tuple[int, tuple[int, ...], int], ...]) -> None:
    seen: set[int] = set()
    for d, (a, visits, b) in enumerate(trips):
        assert walk(p, d, a, visits, b), (d, a, visits, b)
        assert not seen & set(visits)
        seen |= set(visits)
        if p.chained:
            assert a == (p.first if d == 0 else trips[d - 1][2])
            assert a in (*p.hotels, p.first) and b in (*p.hotels, p.last)
        else:
            assert (a, b) == (p.first, p.last)
    assert trips[-1][2] == p.last


@pytest.mark.parametrize("seed", range(6))
def test_brute_force_agrees_with_the_solver_on_tiny_instances(seed: int) -> None:
    rng = random.Random(seed)
    chained = seed % 2 == 0
    p = random_problem(rng, n_cust=5, trips=2, hotels=1 if chained else 0, chained=chained)
    sol = solve(p, Settings(iterations=300, time_limit=60, seed=seed))
    check(p, sol.trips)
    assert sol.score == pytest.approx(brute_force(p))


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    n_cust=st.integers(1, 12),
    trips=st.integers(1, 4),
    hotels=st.integers(0, 3),
    chained=st.booleans(),
)
def test_every_returned_tour_is_feasible(
    seed: int, n_cust: int, trips: int, hotels: int, chained: bool
) -> None:
    p = random_problem(random.Random(seed), n_cust, trips, hotels, chained=chained)
    try:
        sol = solve(p, Settings(iterations=30, time_limit=60, seed=seed))
    except NoTourError:  # right only when not even empty trips fit (the horizon is random)
        ends = (
            list(itertools.product(p.hotels, repeat=p.trips - 1))
            if p.chained
            else [(p.first,) * (p.trips - 1)]
        )
        chains = [[p.first, *middle, p.last] for middle in ends]
        assert not any(all(walk(p, d, c[d], [], c[d + 1]) for d in range(p.trips)) for c in chains)
        return
    check(p, sol.trips)
    assert sol.score == pytest.approx(sum(float(p.score[v]) for _, vs, _ in sol.trips for v in vs))


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_a_mandatory_node_that_fits_alone_is_always_visited(seed: int) -> None:
    rng = random.Random(seed)
    base = random_problem(rng, 10, 3, 2, chained=True)
    fits = [c for c in base.customers if any(walk(base, d, 0, [c], 0) for d in range(base.trips))]
    if not fits:
        return
    must = frozenset(rng.sample(fits, 1))
    p = Problem(**{**base.__dict__, "mandatory": must, "hotels": (0, *base.hotels)})
    sol = solve(p, Settings(iterations=20, time_limit=60, seed=seed))
    check(p, sol.trips)
    assert must <= {v for _, vs, _ in sol.trips for v in vs}


@pytest.mark.parametrize("chained", [True, False])
def test_same_seed_same_tour(chained: bool) -> None:
    p = random_problem(random.Random(7), 40, 3, 2 if chained else 0, chained=chained)
    a = solve(p, Settings(iterations=80, time_limit=60, seed=1))
    b = solve(p, Settings(iterations=80, time_limit=60, seed=1))
    assert a.trips == b.trips and a.score == b.score
    assert a.stopped_by == "iterations"


@pytest.mark.parametrize("seed", range(4))
def test_brute_force_agrees_with_the_solver_on_three_parallel_routes(seed: int) -> None:
    """Three routes from one depot: the related kicks and the threshold acceptance are on."""
    p = random_problem(random.Random(100 + seed), n_cust=5, trips=3, hotels=0, chained=False)
    sol = solve(p, Settings(iterations=300, time_limit=60, seed=seed))
    check(p, sol.trips)
    assert sol.score == pytest.approx(brute_force(p))


@pytest.mark.parametrize("seed", range(5))
def test_a_related_kick_removes_the_visits_nearest_one_of_them(seed: int) -> None:
    from tours.solver.engine import Engine
    from tours.solver.problem import Trip
    from tours.solver.search import related_kick
    from tours.solver.timing import time_trip

    p = random_problem(random.Random(seed), 30, 3, 0, chained=False)
    sol = solve(p, Settings(iterations=40, time_limit=60, seed=seed))
    e = Engine(p, Settings(seed=seed))
    trips = [time_trip(e, d, Trip(a, b, list(v))) for d, (a, v, b) in enumerate(sol.trips)]
    held = {v for t in trips for v in t.visits}
    visited = set(held)
    related_kick(e, trips, visited, 1)
    kept = {v for t in trips for v in t.visits}
    removed = held - kept
    assert visited == kept
    assert len(removed) == min(3, len(held))

    def there(a: int, b: int) -> float:
        return float(p.travel[a, b] + p.travel[b, a])

    assert any(all(there(s, r) <= there(s, k) for r in removed for k in kept) for s in removed)
    for d, t in enumerate(trips):
        assert walk(p, d, t.start, t.visits, t.end)


@pytest.mark.parametrize("seed", range(6))
def test_replace_gains_flag_exactly_the_replacements_that_keep_the_trip(seed: int) -> None:
    """One window a day, no break: the O(1) test of each (visit, candidate) pair agrees with an
    independent walk of the trip with the candidate in the visit's place."""
    from tours.solver.engine import Engine
    from tours.solver.problem import Trip
    from tours.solver.replace import gains
    from tours.solver.timing import time_trip

    p = random_problem(random.Random(300 + seed), 14, 2, 0, chained=False)
    e = Engine(p, Settings(seed=seed))
    tour: list[list[int]] = [[], []]
    for c in p.customers:  # up to three visits a trip, in catalogue order, where they fit
        for d in range(2):
            if len(tour[d]) < 3 and time_trip(e, d, Trip(p.first, p.last, [*tour[d], c])).feasible:
                tour[d].append(c)
                break
    held = {v for vs in tour for v in vs}
    cand = np.array([c for c in p.customers if c not in held], dtype=np.int64)
    checked = fits = 0
    for d, visits in enumerate(tour):
        a, b = p.first, p.last
        if not visits or not cand.size:
            continue
        trip = time_trip(e, d, Trip(a, b, list(visits)))
        g = gains(e, d, trip, cand)
        for k, i in enumerate(visits):
            for col, j in enumerate(cand.tolist()):
                new = [*visits[:k], j, *visits[k + 1 :]]
                assert np.isfinite(g[k, col]) == walk(p, d, a, new, b), (d, k, j)
                if np.isfinite(g[k, col]):
                    assert g[k, col] == pytest.approx(p.score[j] - p.score[i])
                    fits += 1
                checked += 1
    assert 0 < fits < checked


@pytest.mark.parametrize("seed", range(6))
def test_replace_only_raises_the_score_and_keeps_every_trip(seed: int) -> None:
    from tours.solver.engine import Engine
    from tours.solver.problem import Trip
    from tours.solver.replace import replace
    from tours.solver.timing import time_trip

    p = random_problem(random.Random(400 + seed), 20, 3, 0, chained=False)
    e = Engine(p, Settings(seed=seed))
    low = sorted(p.customers, key=lambda c: (p.score[c], c))  # a tour of the lightest nodes that fit
    trips = [time_trip(e, d, Trip(p.first, p.last, [])) for d in range(p.trips)]
    for c in low:
        for d in range(p.trips):
            trial = time_trip(e, d, Trip(p.first, p.last, [*trips[d].visits, c]))
            if trial.feasible and c not in {v for t in trips for v in t.visits}:
                trips[d] = trial
    visited = {v for t in trips for v in t.visits}
    before = sum(p.score[v] for v in visited)
    changed = replace(e, trips, visited)
    after = sum(p.score[v] for t in trips for v in t.visits)
    assert visited == {v for t in trips for v in t.visits}
    assert changed and after > before  # the lightest nodes leave room for heavier ones
    for d, t in enumerate(trips):
        assert walk(p, d, t.start, t.visits, t.end)
