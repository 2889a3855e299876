"""The tour solver: a multi-day orienteering instance in plain numbers in, days of stops out.

It knows nothing of sites or countries. An `Instance` has places with a score, a service time,
per day at most one window for the start of service (absolute minutes on one time line), a
travel-time matrix, candidate hotels, and per day and hotel the earliest departure and the latest
arrival, and a cap on each day's travel. A tour leaves `start` on day 0, sleeps at a hotel the
solver chooses after each day but the last, and arrives at `end` on the last day.

Two engines, each where it serves:
- `tours.search` (iterated local search, numpy) chooses hotels and visits: the orienteering
  part, where OR-Tools' routing library is weak (14.7% below best-known scores on the literature
  sets, against under 2% here: see the README's benchmark table);
- OR-Tools' routing library then re-sequences each day's fixed set of stops to the least travel
  with its time-window propagation and local search, which frees time the next round can fill.
Only this module imports `ortools`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from tours import search

UNREACHABLE = 10**7  # travel time meaning "no road"
CLOSED = 1e9  # window bound meaning "not open that day"


@dataclass(frozen=True)
class Instance:
    travel: Sequence[Sequence[int]]  # minutes, place x place; UNREACHABLE where no road
    service: Sequence[int]
    score: Sequence[int]
    windows: Sequence[Sequence[tuple[int, int] | None]]  # place -> day -> allowed START of service
    hotels: Sequence[int]  # places where a night may be spent
    start: int
    end: int
    days: Sequence[Mapping[int, tuple[int, int]]]  # day -> hotel -> (earliest leave, latest arrive)
    drive_cap: int | None = None  # minutes of travel per day
    mandatory: frozenset[int] = frozenset()
    candidates: tuple[int, ...] = ()  # places that may be visited (default: all non-hotels)

    @property
    def n_days(self) -> int:
        return len(self.days)


@dataclass(frozen=True)
class Stop:
    place: int
    start: int  # start of service
    end: int  # end of service


@dataclass(frozen=True)
class DayRoute:
    day: int
    start_place: int
    end_place: int
    leave: int
    arrive: int
    stops: tuple[Stop, ...]


@dataclass(frozen=True)
class Solution:
    days: tuple[DayRoute, ...]
    score: int
    visited: frozenset[int]
    seconds: float
    iterations: int
    status: str  # what stopped the search: "iterations", "no-improvement" or "time"


class NoFeasibleTourError(Exception):
    pass


Settings = search.Settings
Progress = search.Progress


def problem(inst: Instance) -> search.Problem:
    """The search core's view: arrays per day, hotels' day bounds, windows closed where None."""
    n = len(inst.service)
    D = inst.n_days
    hotels = set(inst.hotels) | {inst.start, inst.end}
    wo, wc, opens, closes = [], [], [], []
    for d in range(D):
        o = np.full(n, CLOSED)  # finite: inf - inf would make NaN in the timing
        c = np.full(n, -CLOSED)
        for i in range(n):
            w = inst.windows[i][d] if i < len(inst.windows) and inst.windows[i] else None
            if w is not None:
                o[i], c[i] = w
        wo.append(o)
        wc.append(c)
        ho = np.zeros(n)
        hc = np.full(n, -CLOSED)
        for h, (leave, arrive) in inst.days[d].items():
            ho[h], hc[h] = leave, arrive
        opens.append(ho)
        closes.append(hc)
    cands = inst.candidates or tuple(i for i in range(n) if i not in hotels)
    return search.Problem(
        travel=np.array(inst.travel, dtype=float),
        service=np.array(inst.service, dtype=float),
        score=np.array(inst.score, dtype=float),
        window_open=wo,
        window_close=wc,
        open=opens,
        close=closes,
        length=[search.INF] * D,
        drive_cap=[float(inst.drive_cap) if inst.drive_cap else search.INF] * D,
        first=inst.start,
        last=inst.end,
        hotels=tuple(sorted(h for h in inst.hotels if h not in (inst.start, inst.end)))
        + tuple(h for h in (inst.start, inst.end) if h in inst.hotels),
        chained=True,
        mandatory=inst.mandatory,
        customers=cands,
    )


def solve_problem(
    prob: search.Problem, settings: Settings | None = None, *, polish: bool = False
) -> search.Solution:
    """The benchmark runner's entry: the same search core the planner uses. The OR-Tools polish
    (re-sequencing each trip on a new best) is off by default here: on the literature sets it found
    no shorter order and cost a fifth of the iterations (README, "Solver")."""
    return search.Search(prob, settings or Settings(), polish=resequence if polish else None).run()


def solve(inst: Instance, settings: Settings | None = None, progress: Progress | None = None) -> Solution:
    prob = problem(inst)
    engine = search.Search(prob, settings or Settings(), polish=resequence)
    try:
        found = engine.run(progress)
    except search.NoTourError as exc:
        raise NoFeasibleTourError(str(exc)) from exc
    trips = [search.Trip(a, b, list(v)) for a, v, b in found.trips]
    for d, trip in enumerate(trips):
        engine.time_trip(d, trip)
        better = resequence(prob, d, trip)
        if better is not None:
            candidate = engine.time_trip(d, search.Trip(trip.start, trip.end, better))
            if candidate.feasible and candidate.drive < trip.drive - 1e-9:
                trips[d] = candidate
    days = tuple(_day(prob, d, t) for d, t in enumerate(trips))
    visited = frozenset(v for t in trips for v in t.visits)
    return Solution(
        days=days,
        score=round(found.score),
        visited=visited,
        seconds=found.seconds,
        iterations=found.iterations,
        status=found.stopped_by,
    )


def _day(prob: search.Problem, d: int, trip: search.Trip) -> DayRoute:
    stops = tuple(
        Stop(v, round(trip.begin[k + 1]), round(trip.begin[k + 1] + prob.service[v]))
        for k, v in enumerate(trip.visits)
    )
    if trip.visits:
        first = trip.visits[0]
        leave = round(trip.begin[1] - trip.wait[1] - prob.travel[trip.start, first])
    else:
        leave = round(trip.begin[0])
    return DayRoute(d, trip.start, trip.end, leave, round(trip.begin[-1]), stops)


class Fits:
    """Can a node be inserted somewhere in a day (start, visits, end)? Built once per instance,
    asked many times (the planner's reasons for what it left out)."""

    def __init__(self, inst: Instance) -> None:
        self.engine = search.Search(problem(inst), Settings())

    def __call__(self, d: int, start: int, visits: list[int], end: int, node: int) -> bool:
        trip = self.engine.time_trip(d, search.Trip(start, end, list(visits)))
        if not trip.feasible:
            return False
        ratio, _ = self.engine.route_options(d, trip, np.array([node], dtype=np.int64))
        return bool(ratio[0] > 0)


def resequence(prob: search.Problem, d: int, trip: search.Trip) -> list[int] | None:
    """OR-Tools: the order of this trip's stops with the least travel that keeps every window."""
    if len(trip.visits) < 3:
        return None
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    nodes = [trip.start, *trip.visits, trip.end]
    k = len(nodes)
    manager = pywrapcp.RoutingIndexManager(k, 1, [0], [k - 1])
    routing = pywrapcp.RoutingModel(manager)
    T = prob.travel
    scale = 100.0  # OR-Tools counts in integers: hundredths of the instance's time unit
    leave = float(prob.open[d][trip.start])
    horizon = min(float(prob.close[d][trip.end]), leave + prob.length[d])

    def units(x: float) -> int:
        return round((min(max(x, leave), horizon) - leave) * scale)

    def travel(i: int, j: int) -> int:
        a, b = nodes[manager.IndexToNode(i)], nodes[manager.IndexToNode(j)]
        return round(float(T[a, b]) * scale)

    def duration(i: int, j: int) -> int:
        node = manager.IndexToNode(i)
        service = float(prob.service[nodes[node]]) if node else 0.0
        return travel(i, j) + round(service * scale)

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(travel))
    cap = units(horizon)
    routing.AddDimension(routing.RegisterTransitCallback(duration), cap, cap, True, "time")
    dim = routing.GetDimensionOrDie("time")
    for pos in range(1, k - 1):
        v = nodes[pos]
        lo = max(0, units(float(prob.window_open[d][v])))
        hi = min(cap, units(float(prob.window_close[d][v])))
        if lo > hi:
            return None
        dim.CumulVar(manager.NodeToIndex(pos)).SetRange(lo, hi)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.solution_limit = 100  # a deterministic stop
    hint = routing.ReadAssignmentFromRoutes([list(range(1, k - 1))], True)
    sol = (
        routing.SolveFromAssignmentWithParameters(hint, params)
        if hint is not None
        else routing.SolveWithParameters(params)
    )
    if sol is None:
        return None
    order: list[int] = []
    index = routing.Start(0)
    while not routing.IsEnd(index):
        node = manager.IndexToNode(index)
        if node:
            order.append(nodes[node])
        index = sol.Value(routing.NextVar(index))
    return order if order != trip.visits else None
