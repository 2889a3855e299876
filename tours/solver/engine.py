"""The state of one search run, shared by the modules of functions that work on it.

`Engine` holds the problem, the settings, the random streams and what is derived once (weights,
customer list, the insertion cache); `timing`, `insertion`, `hotels`, `starts` and `search` are
functions over it, as osmnx passes one graph through plain functions.
"""

from __future__ import annotations

import random

import numpy as np

from tours.solver.problem import FloatArray, IntArray, Polish, Problem, Settings, Trip

CacheKey = tuple[int, int, int, tuple[int, ...]]


class Engine:
    """One run's state. Nothing but the search functions changes it."""

    def __init__(self, problem: Problem, settings: Settings, polish: Polish | None = None) -> None:
        self.p = problem
        self.s = settings
        self.polish = polish
        self.rng = random.Random(settings.seed)
        self.noise = np.random.default_rng(settings.seed)
        self.T = problem.travel
        big = float(problem.score.sum()) + 1.0
        weight = problem.score.copy()
        for m in problem.mandatory:
            weight[m] = weight[m] + big
        self.weight = weight  # what the search maximises: mandatory visits outrank any score
        self.customers: IntArray = np.array(problem.candidates(), dtype=np.int64)
        self.power = settings.first_power  # insertion ratio: (weight * jitter)**power / extra time
        self.jitter = np.ones(problem.n)  # random noise on the weights, to vary the insertions
        self.cached = problem.trips > settings.cache_after_trips  # see `insertion.deltas`
        self.cache: dict[CacheKey, tuple[FloatArray, IntArray]] = {}
        self.trip_limit = list(problem.length)  # per-trip length cap (INF: none)


def value(e: Engine, trips: list[Trip]) -> float:
    """What the search maximises (mandatory visits weigh more than every score together)."""
    return float(sum(e.weight[v] for t in trips for v in t.visits))


def real_score(e: Engine, trips: list[Trip]) -> float:
    return float(sum(e.p.score[v] for t in trips for v in t.visits))


def copy(trips: list[Trip]) -> list[Trip]:
    return [
        Trip(t.start, t.end, list(t.visits), t.begin, t.wait, t.shift, t.drive, t.feasible) for t in trips
    ]
