"""The solver core with a real day's constraints: a break with a start window, caps per type on
a trip and over the tour, a budget, groups on consecutive trips, and walking legs that do not
count toward the drive cap. Checked by an independent walk of each trip, against brute force on
tiny instances, and as hypothesis properties on random ones."""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tours.solver import INF, NoTourError, Problem, Settings, solve
from tours.solver.problem import Break

Trips = tuple[tuple[int, tuple[int, ...], int], ...]


def day_ok(p: Problem, d: int, start: int, visits: tuple[int, ...] | list[int], end: int) -> bool:
    """Whether a trip can be driven keeping every window, the day's end, the drive cap (walking
    legs excluded) and, if the trip is still under way when the break window opens, a break
    that starts within its window: stopping on some leg, never inside a visit."""
    brk = p.breaks[d] if p.breaks else None
    drive_matrix = p.drive if p.drive is not None else p.travel
    seq = [start, *visits, end]
    if sum(drive_matrix[a, b] for a, b in itertools.pairwise(seq)) > p.drive_cap[d] + 1e-6:
        return False
    options: list[int | None] = [None] if brk is None else [None, *range(len(seq) - 1)]
    return any(_walk(p, d, seq, leg, brk) for leg in options)


def _walk(p: Problem, d: int, seq: list[int], leg: int | None, brk: Break | None) -> bool:
    t = float(p.open[d][seq[0]])
    for i, (a, b) in enumerate(itertools.pairwise(seq)):
        leave = t + (float(p.service[a]) if i > 0 else 0.0)
        if brk is not None and i == leg:
            if max(leave, brk.open) > brk.close + 1e-6:
                return False
            t = max(leave + p.travel[a, b], brk.open) + brk.duration
        else:
            t = leave + p.travel[a, b]
        if i < len(seq) - 2:
            windows = list(
                zip(np.atleast_1d(p.window_open[d][b]), np.atleast_1d(p.window_close[d][b]), strict=True)
            )
            fit = [max(t, o) for o, c in windows if max(t, o) <= c + 1e-6]
            if not fit:
                return False
            t = min(fit)
    if brk is not None and leg is None and t > brk.open + 1e-6:
        return False  # under way when the break is due, and no break taken
    return t <= p.close[d][seq[-1]] + 1e-6


def counts_ok(p: Problem, trips: Trips) -> bool:
    """Caps per trip and over the tour, the budget, and each group on consecutive trips."""
    tour = np.zeros(p.types.shape[1]) if p.types is not None else None
    spent = 0.0
    days: dict[int, set[int]] = {}
    for d, (_, visits, _) in enumerate(trips):
        if p.types is not None:
            use = sum((p.types[v] for v in visits), np.zeros(p.types.shape[1]))
            if np.any(use > np.asarray(p.cap_trip) + 1e-9):
                return False
            tour = tour + use
        if p.cost is not None:
            spent += sum(float(p.cost[v]) for v in visits)
        if p.groups is not None:
            for v in visits:
                if p.groups[v] >= 0:
                    days.setdefault(int(p.groups[v]), set()).add(d)
    if tour is not None and np.any(tour > np.asarray(p.cap_tour) + 1e-9):
        return False
    if spent > p.budget + 1e-9:
        return False
    spans = p.group_spans
    return all(max(s) - min(s) < (p.group_span if spans is None else spans[g]) for g, s in days.items())


def check(p: Problem, trips: Trips) -> None:
    seen: set[int] = set()
    for d, (a, visits, b) in enumerate(trips):
        assert day_ok(p, d, a, visits, b), (d, a, visits, b)
        assert not seen & set(visits)
        seen |= set(visits)
    assert counts_ok(p, trips), trips


def random_day_problem(
    rng: random.Random, n_cust: int, trips: int, *, rules: bool = True, multi: bool = False
) -> Problem:
    """A chained tiny world with a lunch break each trip; with `rules`, two types with caps, a
    budget, groups, and some walking legs; with `multi`, two windows a day (a midday closure)."""
    hotels = 1
    n = 2 + hotels + n_cust
    xy = [(rng.uniform(0, 60), rng.uniform(0, 60)) for _ in range(n)]
    travel = np.array([[math.dist(a, b) for b in xy] for a in xy])
    service = np.array([0.0] * (2 + hotels) + [rng.choice([10.0, 20.0, 40.0]) for _ in range(n_cust)])
    score = np.array([0.0] * (2 + hotels) + [float(rng.randint(1, 9)) for _ in range(n_cust)])
    wo, wc = np.zeros(n), np.full(n, 1e6)
    for i in range(2 + hotels, n):
        if rng.random() < 0.4:
            a = rng.uniform(0, 150)
            wo[i], wc[i] = a, a + rng.uniform(20, 90)
    horizon = rng.uniform(180, 300)
    window_open: list[np.ndarray] = [wo] * trips
    window_close: list[np.ndarray] = [wc] * trips
    if multi:
        two_o, two_c = np.stack([wo, wo], axis=1), np.stack([wc, wc], axis=1)
        for i in range(2 + hotels, n):
            if rng.random() < 0.6:
                a = rng.uniform(0, 80)
                gap = rng.uniform(30, 60)
                two_o[i] = (a, a + 60 + gap)
                two_c[i] = (a + 60, a + 120 + gap)
        window_open, window_close = [two_o] * trips, [two_c] * trips
    brk = Break(rng.uniform(60, 110), 0.0, rng.choice([20.0, 30.0]))
    brk = Break(brk.open, brk.open + rng.uniform(20, 60), brk.duration)
    p = Problem(
        travel=travel,
        service=service,
        score=score,
        window_open=window_open,
        window_close=window_close,
        open=[np.zeros(n)] * trips,
        close=[np.full(n, horizon)] * trips,
        length=[INF] * trips,
        drive_cap=[horizon * 0.6] * trips,
        first=0,
        last=1,
        hotels=tuple(range(2 + hotels)),
        chained=True,
        customers=tuple(range(2 + hotels, n)),
        breaks=[brk] * trips,
    )
    if not rules:
        return p
    types = np.zeros((n, 2))
    for i in range(2 + hotels, n):
        types[i, 0] = 1.0
        types[i, 1] = 1.0 if rng.random() < 0.5 else 0.0
    drive = travel.copy()
    for i in range(2 + hotels, n):
        for j in range(2 + hotels, n):
            if travel[i, j] < 15:  # near each other: on foot
                drive[i, j] = 0.0
    return replace(
        p,
        types=types,
        cap_trip=(rng.choice([2.0, 3.0]), 1.0),
        cap_tour=(INF, rng.choice([1.0, 2.0])),
        cost=np.array([0.0] * (2 + hotels) + [float(rng.randint(0, 3)) for _ in range(n_cust)]),
        budget=float(rng.randint(2, 6)),
        groups=np.array(
            [-1] * (2 + hotels) + [rng.choice([-1, 0, 1]) for _ in range(n_cust)], dtype=np.int64
        ),
        group_spans=np.array([1, rng.choice([1, 2])], dtype=np.int64),  # a town, and a city or a town
        drive=drive,
    )


def brute_force(p: Problem) -> float:
    """Best score over hotel chains, assignments of customers to trips, and orders."""
    cust = list(p.customers)
    best = 0.0
    for middle in itertools.product(p.hotels, repeat=p.trips - 1):
        chain = [p.first, *middle, p.last]
        feasible: list[dict[frozenset[int], tuple[int, ...] | None]] = []
        for d in range(p.trips):
            sets: dict[frozenset[int], tuple[int, ...] | None] = {}
            for r in range(len(cust) + 1):
                for subset in itertools.combinations(cust, r):
                    order = next(
                        (
                            perm
                            for perm in itertools.permutations(subset)
                            if day_ok(p, d, chain[d], perm, chain[d + 1])
                        ),
                        None,
                    )
                    sets[frozenset(subset)] = order
            feasible.append(sets)
        for assign in itertools.product(range(p.trips + 1), repeat=len(cust)):
            groups = [
                frozenset(c for c, g in zip(cust, assign, strict=True) if g == d) for d in range(p.trips)
            ]
            orders = [feasible[d][groups[d]] for d in range(p.trips)]
            if any(o is None for o in orders):
                continue
            trips = tuple((chain[d], orders[d] or (), chain[d + 1]) for d in range(p.trips))
            if counts_ok(p, trips):
                best = max(best, sum(float(p.score[c]) for g in groups for c in g))
    return best


CASES = (
    [("break, caps, budget, groups, walks", s, {}) for s in range(6)]
    + [("two windows a day too", 200 + s, {"multi": True}) for s in range(4)]
    + [("break only", 100 + s, {"rules": False}) for s in range(3)]
)


@pytest.mark.parametrize(("case", "seed", "options"), CASES)
def test_brute_force_agrees_on_tiny_instances(case: str, seed: int, options: dict[str, bool]) -> None:
    p = random_day_problem(random.Random(seed), n_cust=5, trips=2, **options)
    sol = solve(p, Settings(iterations=300, time_limit=60, seed=seed % 100))
    check(p, sol.trips)
    assert sol.score == pytest.approx(brute_force(p)), case


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    n_cust=st.integers(1, 10),
    trips=st.integers(1, 4),
    rules=st.booleans(),
    multi=st.booleans(),
)
def test_every_tour_keeps_the_break_the_windows_the_caps_the_budget_and_the_groups(
    seed: int, n_cust: int, trips: int, rules: bool, multi: bool
) -> None:
    p = random_day_problem(random.Random(seed), n_cust, trips, rules=rules, multi=multi)
    try:
        sol = solve(p, Settings(iterations=40, time_limit=60, seed=seed))
    except NoTourError:
        return  # the random horizon can leave no room even for empty trips
    check(p, sol.trips)


def test_a_walk_does_not_count_toward_the_drive_cap() -> None:
    """Three sites a short walk apart, far from the hotel: the day fits only because walking
    between them is not driving."""
    xy = [(0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (40.0, 0.0), (44.0, 0.0), (48.0, 0.0)]
    n = len(xy)
    travel = np.array([[math.dist(a, b) for b in xy] for a in xy])
    drive = travel.copy()
    for i in range(3, n):
        for j in range(3, n):
            drive[i, j] = 0.0
    p = Problem(
        travel=travel,
        service=np.array([0, 0, 0, 10, 10, 10], dtype=float),
        score=np.array([0, 0, 0, 5, 5, 5], dtype=float),
        window_open=[np.zeros(n)],
        window_close=[np.full(n, 1e6)],
        open=[np.zeros(n)],
        close=[np.full(n, 500.0)],
        length=[INF],
        drive_cap=[90.0],  # 40 out and 40-48 back by car; the 4-8 between the sites on foot
        first=0,
        last=1,
        hotels=(0, 1, 2),
        customers=(3, 4, 5),
        drive=drive,
    )
    sol = solve(p, Settings(iterations=50, time_limit=60))
    assert sol.score == 15
    with_car = replace(p, drive=None)
    assert solve(with_car, Settings(iterations=50, time_limit=60)).score < 15


def test_a_town_seen_again_after_a_night_elsewhere_costs_its_split_price() -> None:
    """Group 0 (home: hotel 2) on trips 0 and 1: free with the night at 2, priced with the night
    at hotel 0, and not a split when it lies on one trip."""
    from tours.solver.engine import Engine
    from tours.solver.problem import Trip
    from tours.solver.rules import away_splits, shaped_value

    p = random_day_problem(random.Random(7), n_cust=4, trips=2)
    p = replace(
        p, groups=np.array([-1, -1, -1, 0, 0, -1, -1]), group_home=np.array([2]), group_split_cost=25.0
    )
    e = Engine(p, Settings())
    home = [Trip(0, 2, [3]), Trip(2, 1, [4])]
    away = [Trip(0, 0, [3]), Trip(0, 1, [4])]
    assert away_splits(e, home) == 0
    assert away_splits(e, away) == 1
    assert away_splits(e, [Trip(0, 0, [3, 4]), Trip(0, 1, [])]) == 0  # one day: no split
    plain = replace(p, group_split_cost=0.0)
    ep = Engine(plain, Settings())
    assert shaped_value(e, away) == pytest.approx(shaped_value(ep, away) - 25.0)


@pytest.mark.parametrize("seed", range(8))
def test_replace_keeps_the_break_the_windows_the_caps_and_the_budget(seed: int) -> None:
    """Replacements under every rule of a real day, from a tour of the lightest nodes that fit."""
    from tours.solver.engine import Engine, value
    from tours.solver.insertion import fill
    from tours.solver.problem import Trip
    from tours.solver.replace import replace as replace_move
    from tours.solver.timing import time_trip

    p = random_day_problem(random.Random(500 + seed), 10, 2, rules=True, multi=seed % 2 == 1)
    e = Engine(p, Settings(seed=seed))
    e.weight = np.where(e.weight > 0, 10.0 - e.weight, 0.0)  # fill by the lightest first
    chain = [p.first, p.hotels[-1], p.last]
    trips = [time_trip(e, d, Trip(chain[d], chain[d + 1], [])) for d in range(p.trips)]
    visited: set[int] = set()
    fill(e, trips, visited)
    e.weight = Engine(p, Settings(seed=seed)).weight
    e.cache.clear()
    before = value(e, trips)
    changed = replace_move(e, trips, visited)
    assert value(e, trips) > before if changed else value(e, trips) == before
    check(p, tuple((t.start, tuple(t.visits), t.end) for t in trips))
