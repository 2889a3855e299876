"""The state of one search run, shared by the modules of functions that work on it.

`Engine` holds the problem, the settings, the random streams and what is derived once (weights,
customer list, the insertion cache); `timing`, `insertion`, `hotels`, `starts` and `search` are
functions over it, as osmnx passes one graph through plain functions.
"""

from __future__ import annotations

import random

import numpy as np

from tours.solver.problem import FloatArray, IntArray, Polish, Problem, Settings, Trip
from tours.solver.rules import Columns, shaped_value

Timing = tuple[FloatArray, FloatArray, FloatArray, float, bool, float]
CacheKey = tuple[int, int, int, tuple[int, ...], float | None]  # day, ends, visits, drive cap


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
        self.big = big
        weight = problem.score.copy()
        for m in problem.mandatory:
            weight[m] = weight[m] + big
        self.weight = weight  # what the search maximises: mandatory visits outrank any score
        self.customers: IntArray = np.array(problem.candidates(), dtype=np.int64)
        self.power = settings.first_power  # insertion ratio: (weight * jitter)**power / extra time
        self.jitter = np.ones(problem.n)  # random noise on the weights, to vary the insertions
        self.cached = problem.trips > settings.cache_after_trips  # see `insertion.deltas`
        self.cache: dict[CacheKey, tuple[FloatArray, IntArray]] = {}
        # timings of trips with a break, by (trip, sequence): choosing the break leg is dear
        self.timings: dict[tuple[int, ...], tuple[int, Timing]] = {}
        self.trip_limit = list(problem.length)  # per-trip length cap (INF: none)
        self.D = problem.drive if problem.drive is not None else problem.travel
        self.multi = any(np.ndim(w) == 2 for w in problem.window_open)  # several windows a day
        # the same numbers as Python lists, for the timing loop (indexing a list is cheaper than
        # indexing an array element; the arithmetic is the same IEEE doubles)
        self.TL: list[list[float]] = self.T.tolist()
        self.DL: list[list[float]] = self.D.tolist()
        self.SL: list[float] = problem.service.tolist()
        self.WO: list[list[float]] = (
            [] if self.multi else [np.asarray(w, float).tolist() for w in problem.window_open]
        )
        self.WC: list[list[float]] = (
            [] if self.multi else [np.asarray(w, float).tolist() for w in problem.window_close]
        )
        # contiguous rows, so an insertion's legs are row gathers (`insertion.route_deltas`)
        self.TT, self.Tc, self.TcT = _rows(self.T, self.customers)  # T.T, [a, c], [b, c]
        self.DT, self.Dc, self.DcT = _rows(self.D, self.customers)
        self.Sc = problem.service[self.customers]
        # several windows a day: per trip, per node, its windows (a one-window day as one)
        self.WOM = [_windows(w) for w in problem.window_open] if self.multi else []
        self.WCM = [_windows(w) for w in problem.window_close] if self.multi else []
        # the optional constraints of a real day (type caps, budget, groups): see `rules`
        self.ruled = (
            problem.types is not None
            or problem.cost is not None
            or problem.groups is not None
            or (problem.kind is not None and (problem.decay_trip < 1 or problem.decay_tour < 1))
        )
        self.columns: Columns | None = None  # `rules._columns` of every customer, once
        top = np.arange(problem.n + 1, dtype=float)  # at most n visits of a kind
        self.decay_powers = (np.power(problem.decay_trip, top), np.power(problem.decay_tour, top))
        self.cap_trip = np.asarray(problem.cap_trip, dtype=float)
        self.cap_tour = np.asarray(problem.cap_tour, dtype=float)
        self.tour_capped = bool(np.any(np.isfinite(self.cap_tour)))
        self.shaped = (
            self.ruled
            or problem.leg_cost is not None
            or problem.hotel_change_cost > 0
            or problem.long_drive < float("inf")
        )


def _rows(m: FloatArray, cust: IntArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """m transposed, m[a, customer c] and m[customer c, b] (indexed [b, c]), contiguous."""
    mt = np.ascontiguousarray(m.T)
    return mt, np.ascontiguousarray(m[:, cust]), np.ascontiguousarray(mt[:, cust])


def _windows(w: FloatArray) -> list[list[float]]:
    a = np.asarray(w, dtype=float)
    out: list[list[float]] = a.tolist() if a.ndim == 2 else [[x] for x in a.tolist()]
    return out


def value(e: Engine, trips: list[Trip]) -> float:
    """What the search maximises (mandatory visits weigh more than every score together):
    the weights, less what the objective's shaping takes (see `rules.shaped_value`)."""
    if e.shaped:
        return shaped_value(e, trips)
    return float(sum(e.weight[v] for t in trips for v in t.visits))


def real_score(e: Engine, trips: list[Trip]) -> float:
    return float(sum(e.p.score[v] for t in trips for v in t.visits))


def copy(trips: list[Trip]) -> list[Trip]:
    return [
        Trip(t.start, t.end, list(t.visits), t.begin, t.wait, t.shift, t.drive, t.feasible) for t in trips
    ]
