"""The tour solver: a multi-day orienteering instance in plain numbers in, days of stops out.

It knows nothing of sites or countries. An `Instance` has places with a score, a service time,
per day at most one window for the start of service (absolute minutes on one time line), a
travel-time matrix, candidate hotels, and per day and hotel the earliest departure and the latest
arrival, and a cap on each day's travel. A tour leaves `start` on day 0, sleeps at a hotel the
solver chooses after each day but the last, and arrives at `end` on the last day.

Two engines, each where it serves:
- the search core (`tours.solver.search`, iterated local search, numpy) chooses hotels and
  visits: the orienteering part, where OR-Tools' routing library is weak (14.7% below
  best-known scores on the literature sets, against under 2% here: see the README);
- OR-Tools' routing library then re-sequences each day's fixed set of stops to the least travel
  with its time-window propagation and local search, which frees time the next round can fill.
OR-Tools lives in `tours.solver.polish`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from tours.solver import search
from tours.solver.engine import Engine
from tours.solver.insertion import route_options
from tours.solver.polish import resequence
from tours.solver.problem import INF, Break, NoTourError, Problem, Progress, Result, Settings, Trip
from tours.solver.timing import time_trip

UNREACHABLE = 10**7  # travel time meaning "no road"
CLOSED = 1e9  # window bound meaning "not open that day"


@dataclass(frozen=True)
class DayModel:
    """The parts of a real day a planner may ask for; all optional (see `problem.Problem`).

    `drive`: minutes of each leg that count toward the travel cap (walking does not);
    `breaks`: per day (earliest start, latest start, minutes) of lunch on the local clock;
    `types` x `cap_day` / `cap_tour`: how much of each type a visit uses and the caps;
    `groups`: a group's visits (a town's sites) lie on at most `group_span` consecutive days
    (`group_spans`: per group), and a group on two days costs `group_split_cost` unless the night
    between is at its `group_home`;
    `kind` with `decay_day` / `decay_tour`: the k-th visit of a kind is worth less;
    `leg_cost`: what a leg costs in score units (driving hours, flights);
    `hotel_change_cost`: per night elsewhere than the night before; `long_drive`: no two
    consecutive days drive more; `fixed_hotels`: per night, the place, or -1.
    """

    drive: Sequence[Sequence[int]] | None = None
    breaks: Sequence[tuple[int, int, int] | None] = ()
    types: Sequence[Sequence[float]] | None = None
    cap_day: Sequence[float] = ()
    cap_tour: Sequence[float] = ()
    groups: Sequence[int] | None = None
    group_span: int = 2
    group_spans: Sequence[int] | None = None
    group_home: Sequence[int] | None = None
    group_split_cost: float = 0.0
    kind: Sequence[int] | None = None
    decay_day: float = 1.0
    decay_tour: float = 1.0
    leg_cost: Sequence[Sequence[float]] | None = None
    hotel_change_cost: float = 0.0
    long_drive: float | None = None
    fixed_hotels: tuple[int, ...] = ()


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
    model: DayModel = DayModel()

    @property
    def n_days(self) -> int:
        return len(self.days)


@dataclass(frozen=True)
class Stop:
    place: int
    start: int  # start of service
    end: int  # end of service


@dataclass(frozen=True)
class Lunch:
    start: int
    end: int
    leg: int  # taken on the leg after this many stops (0: the leg from the start)
    en_route: bool  # stopping on the way (or waiting for the hour), not right after a visit


@dataclass(frozen=True)
class DayRoute:
    day: int
    start_place: int
    end_place: int
    leave: int
    arrive: int
    stops: tuple[Stop, ...]
    lunch: Lunch | None = None


@dataclass(frozen=True)
class TourSolution:
    days: tuple[DayRoute, ...]
    score: int
    visited: frozenset[int]
    seconds: float
    iterations: int
    status: str  # what stopped the search: "iterations", "no-improvement" or "time"


class NoFeasibleTourError(Exception):
    pass


def problem(inst: Instance) -> Problem:
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
    return _with_model(
        inst,
        Problem(
            travel=np.array(inst.travel, dtype=float),
            service=np.array(inst.service, dtype=float),
            score=np.array(inst.score, dtype=float),
            window_open=wo,
            window_close=wc,
            open=opens,
            close=closes,
            length=[INF] * D,
            drive_cap=[float(inst.drive_cap) if inst.drive_cap else INF] * D,
            first=inst.start,
            last=inst.end,
            hotels=tuple(sorted(h for h in inst.hotels if h not in (inst.start, inst.end)))
            + tuple(h for h in (inst.start, inst.end) if h in inst.hotels),
            chained=True,
            mandatory=inst.mandatory,
            customers=cands,
        ),
    )


def _with_model(inst: Instance, prob: Problem) -> Problem:
    """The day model's options on the core problem."""
    m = inst.model
    if m == DayModel():
        return prob
    arr = np.array
    return replace(
        prob,
        drive=arr(m.drive, dtype=float) if m.drive is not None else None,
        breaks=[Break(float(b[0]), float(b[1]), float(b[2])) if b else None for b in m.breaks],
        types=arr(m.types, dtype=float) if m.types is not None else None,
        cap_trip=tuple(m.cap_day),
        cap_tour=tuple(m.cap_tour),
        groups=arr(m.groups, dtype=np.int64) if m.groups is not None else None,
        group_span=m.group_span,
        group_spans=arr(m.group_spans, dtype=np.int64) if m.group_spans is not None else None,
        group_home=arr(m.group_home, dtype=np.int64) if m.group_home is not None else None,
        group_split_cost=m.group_split_cost,
        kind=arr(m.kind, dtype=np.int64) if m.kind is not None else None,
        decay_trip=m.decay_day,
        decay_tour=m.decay_tour,
        leg_cost=arr(m.leg_cost, dtype=float) if m.leg_cost is not None else None,
        hotel_change_cost=m.hotel_change_cost,
        long_drive=float(m.long_drive) if m.long_drive is not None else INF,
        fixed_hotels=m.fixed_hotels,
    )


def solve_problem(prob: Problem, settings: Settings | None = None, *, polish: bool = False) -> Result:
    """The benchmark runner's entry: the same search core the planner uses. The OR-Tools polish
    (re-sequencing each trip on a new best) is off by default here: on the literature sets it found
    no shorter order and cost a fifth of the iterations (README, "Solver")."""
    return search.solve(prob, settings, polish=resequence if polish else None)


def solve_tour(
    inst: Instance, settings: Settings | None = None, progress: Progress | None = None
) -> TourSolution:
    prob = problem(inst)
    engine = Engine(prob, settings or Settings(), polish=resequence)
    try:
        found = search.run(engine, progress)
    except NoTourError as exc:
        raise NoFeasibleTourError(str(exc)) from exc
    trips = [Trip(a, b, list(v)) for a, v, b in found.trips]
    for d, trip in enumerate(trips):
        time_trip(engine, d, trip)
        better = resequence(prob, d, trip)
        if better is not None:
            candidate = time_trip(engine, d, Trip(trip.start, trip.end, better))
            if candidate.feasible and candidate.drive < trip.drive - 1e-9:
                trips[d] = candidate
    days = tuple(_day(prob, d, t) for d, t in enumerate(trips))
    visited = frozenset(v for t in trips for v in t.visits)
    return TourSolution(
        days=days,
        score=round(found.score),
        visited=visited,
        seconds=found.seconds,
        iterations=found.iterations,
        status=found.stopped_by,
    )


def _day(prob: Problem, d: int, trip: Trip) -> DayRoute:
    stops = tuple(
        Stop(v, round(trip.begin[k + 1]), round(trip.begin[k + 1] + prob.service[v]))
        for k, v in enumerate(trip.visits)
    )
    brk = prob.breaks[d] if prob.breaks else None
    lunch = None
    if brk is not None and trip.brk_leg >= 0:
        j = trip.brk_leg
        seq = [trip.start, *trip.visits, trip.end]
        left = float(trip.begin[j]) + float(prob.service[seq[j]])
        start = round(trip.brk_start)
        lunch = Lunch(start, round(trip.brk_start + brk.duration), j, trip.brk_start > left + 1e-6)
    if trip.visits:
        first = trip.visits[0]
        leave = trip.begin[1] - trip.wait[1] - prob.travel[trip.start, first]
        if brk is not None and trip.brk_leg == 0:
            leave -= brk.duration
        leave = round(leave)
    else:
        leave = round(trip.begin[0])
    return DayRoute(d, trip.start, trip.end, leave, round(trip.begin[-1]), stops, lunch)


class Fits:
    """Can a node be inserted somewhere in a day (start, visits, end)? Built once per instance,
    asked many times (the planner's reasons for what it left out)."""

    def __init__(self, inst: Instance) -> None:
        self.engine = Engine(problem(inst), Settings())

    def __call__(self, d: int, start: int, visits: list[int], end: int, node: int) -> bool:
        trip = time_trip(self.engine, d, Trip(start, end, list(visits)))
        if not trip.feasible:
            return False
        ratio, _ = route_options(self.engine, d, trip, np.array([node], dtype=np.int64))
        return bool(ratio[0] > 0)
