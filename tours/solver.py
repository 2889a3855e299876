"""The solver core: orienteering with time windows and hotel selection, on plain numbers.

It knows nothing of sites or countries. An `Instance` has places with a score, a service time
and windows for the start of service on one absolute time line (minutes); a travel-time matrix;
candidate hotels; and per day, per hotel, the earliest departure and the latest arrival. A tour
leaves `start` on day 0, sleeps at one chosen hotel after each day but the last, and arrives at
`end` on the last day.

Model (OR-Tools routing, one vehicle over all days): each night k and candidate hotel h get an
evening node E(k,h) and a morning node M(k,h). Exactly one hotel per night is chosen (a
mandatory disjunction over E(k,·), paired with M(k,·) through a pickup-and-delivery set); any
arc out of E(k,h) other than to M(k,h) costs more than the horizon, so the night cannot be
split. The slack of E absorbs the night. Sites sit in disjunctions whose penalty is their score,
so the search trades score against driving. Only this module imports `ortools`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

UNREACHABLE = 10**7  # travel time meaning "no road"
SCORE_WEIGHT = 100  # one point of score is worth this many minutes of driving
MANDATORY_PENALTY = 10**10


@dataclass(frozen=True)
class Instance:
    travel: Sequence[Sequence[int]]  # minutes, place x place; UNREACHABLE where no road
    service: Sequence[int]
    score: Sequence[int]
    windows: Sequence[Sequence[tuple[int, int]]]  # allowed START of service, absolute minutes
    hotels: Sequence[int]  # places where a night may be spent
    start: int
    end: int
    days: Sequence[Mapping[int, tuple[int, int]]]  # day -> hotel -> (earliest leave, latest arrive)
    mandatory: frozenset[int] = frozenset()

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
    status: str
    seconds: float
    visited: frozenset[int] = field(default=frozenset())


@dataclass(frozen=True)
class Options:
    time_limit: float = 5.0  # seconds, a cap
    solution_limit: int = 400  # deterministic stopping rule: improving moves explored
    guided: bool = True


class NoFeasibleTourError(Exception):
    """No tour meets the hard constraints (hotels reachable day by day, windows)."""


def _night_hotels(inst: Instance) -> list[list[int]]:
    """Per night, the hotels that can be reached from start and still reach the end in time."""
    n = inst.n_days
    reach: list[set[int]] = [{inst.start}]
    for k in range(n - 1):
        day = inst.days[k]
        nxt = set()
        for h in inst.hotels:
            if h not in inst.days[k] or h not in inst.days[k + 1]:
                continue
            for g in reach[-1]:
                leave = day.get(g, (0, 0))[0]
                if leave + inst.travel[g][h] <= day[h][1]:
                    nxt.add(h)
                    break
        reach.append(nxt)
    back: list[set[int]] = [set() for _ in range(n)]
    back[n - 1] = {
        h
        for h in reach[n - 1]
        if inst.days[n - 1][h][0] + inst.travel[h][inst.end] <= inst.days[n - 1][inst.end][1]
    }
    for k in range(n - 2, 0, -1):
        back[k] = {
            h
            for h in reach[k]
            if any(inst.days[k][h][0] + inst.travel[h][g] <= inst.days[k][g][1] for g in back[k + 1])
        }
    return [sorted(back[k + 1]) for k in range(n - 1)]


def _initial_chain(
    inst: Instance, nights: list[list[int]], fixed: Mapping[int, int] | None = None
) -> list[int]:
    """A feasible hotel per night with the least total driving (dynamic programming).

    `fixed` pins some nights to a hotel.
    """
    best: dict[int, tuple[int, list[int]]] = {inst.start: (0, [])}
    for k, options in enumerate(nights):
        if fixed and k in fixed:
            options = [fixed[k]] if fixed[k] in options else []
        nxt: dict[int, tuple[int, list[int]]] = {}
        for h in options:
            for g, (cost, chain) in best.items():
                t = inst.travel[g][h]
                if inst.days[k][g][0] + t > inst.days[k][h][1]:
                    continue
                if h not in nxt or cost + t < nxt[h][0]:
                    nxt[h] = (cost + t, [*chain, h])
        best = nxt
    last = inst.n_days - 1
    done = [
        (c + inst.travel[g][inst.end], ch)
        for g, (c, ch) in best.items()
        if inst.days[last][g][0] + inst.travel[g][inst.end] <= inst.days[last][inst.end][1]
    ]
    if not done:
        raise NoFeasibleTourError("the end cannot be reached within the days given")
    return min(done)[1]


def solve(inst: Instance, options: Options | None = None) -> Solution:
    opts = options or Options()
    started = time.perf_counter()
    nights = _night_hotels(inst)
    if any(not opt for opt in nights):
        k = next(i for i, opt in enumerate(nights) if not opt)
        raise NoFeasibleTourError(f"no hotel for night {k + 1} lets the tour reach its end in time")
    chain = _initial_chain(inst, nights)
    candidates = [
        p for p in range(len(inst.score)) if (inst.score[p] > 0 or p in inst.mandatory) and inst.windows[p]
    ]

    # Routing nodes: 0 start, 1 end, then candidates, then E/M pairs per night and hotel.
    place: list[int] = [inst.start, inst.end, *candidates]
    kind: list[str] = ["start", "end", *(["visit"] * len(candidates))]
    night_pairs: list[list[tuple[int, int, int]]] = []  # per night: (E node, M node, hotel)
    for options_k in nights:
        pairs = []
        for h in options_k:
            e = len(place)
            place.extend([h, h])
            kind.extend(["evening", "morning"])
            pairs.append((e, e + 1, h))
        night_pairs.append(pairs)
    partner = {e: m for pairs in night_pairs for e, m, _ in pairs}
    partner_of_m = {m: e for e, m in partner.items()}
    horizon = max(w[1] for d in inst.days for w in d.values()) + 1
    forbidden = 2 * horizon

    manager = pywrapcp.RoutingIndexManager(len(place), 1, [0], [1])
    routing = pywrapcp.RoutingModel(manager)

    n_nodes = len(place)
    transit_m: list[list[int]] = []
    cost_m: list[list[int]] = []
    for a in range(n_nodes):
        service = inst.service[place[a]] if kind[a] == "visit" else 0
        row_t: list[int] = []
        row_c: list[int] = []
        for b in range(n_nodes):
            if a in partner:
                row_t.append(0 if partner[a] == b else forbidden)
                row_c.append(0 if partner[a] == b else forbidden)
            elif b in partner_of_m:
                row_t.append(forbidden)
                row_c.append(forbidden)
            else:
                t = min(forbidden, inst.travel[place[a]][place[b]])
                row_t.append(min(forbidden, service + t))
                row_c.append(t)
        transit_m.append(row_t)
        cost_m.append(row_c)
    time_cb = routing.RegisterTransitMatrix(transit_m)
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(cost_m))
    routing.AddDimension(time_cb, horizon, horizon, False, "time")
    clock = routing.GetDimensionOrDie("time")

    start_idx, end_idx = routing.Start(0), routing.End(0)
    leave0 = inst.days[0][inst.start]
    clock.CumulVar(start_idx).SetRange(leave0[0], leave0[1])
    last = inst.days[-1][inst.end]
    clock.CumulVar(end_idx).SetRange(0, last[1])
    for node in range(2, 2 + len(candidates)):
        p = place[node]
        var = clock.CumulVar(manager.NodeToIndex(node))
        wins = sorted(inst.windows[p])
        var.SetRange(wins[0][0], wins[-1][1])
        for (_, a_end), (b_start, _) in pairwise(wins):
            if b_start > a_end + 1:
                var.RemoveInterval(a_end + 1, b_start - 1)
        penalty = MANDATORY_PENALTY if p in inst.mandatory else inst.score[p] * SCORE_WEIGHT
        routing.AddDisjunction([manager.NodeToIndex(node)], penalty)
    for k, pairs in enumerate(night_pairs):
        for e, m, h in pairs:
            clock.CumulVar(manager.NodeToIndex(e)).SetRange(inst.days[k][h][0], inst.days[k][h][1])
            clock.CumulVar(manager.NodeToIndex(m)).SetRange(*inst.days[k + 1][h])
        ev = routing.AddDisjunction([manager.NodeToIndex(e) for e, _, _ in pairs])
        mo = routing.AddDisjunction([manager.NodeToIndex(m) for _, m, _ in pairs])
        routing.AddPickupAndDeliverySets(ev, mo)

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        if opts.guided
        else routing_enums_pb2.LocalSearchMetaheuristic.GREEDY_DESCENT
    )
    params.time_limit.FromMilliseconds(int(opts.time_limit * 1000))
    params.solution_limit = opts.solution_limit

    # First OR-Tools' own construction; then, if a must-see is missing, tours built around it
    # (sleep near it the night before or after); last, the least-driving hotel chain.
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.LOCAL_CHEAPEST_INSERTION
    solution = routing.SolveWithParameters(params)

    def missing(sol: pywrapcp.Assignment | None) -> int:
        if sol is None:
            return len(inst.mandatory) + 1
        return sum(
            1
            for n in range(2, 2 + len(candidates))
            if place[n] in inst.mandatory
            and sol.Value(routing.NextVar(manager.NodeToIndex(n))) == manager.NodeToIndex(n)
        )

    def from_routes(chain_: list[int], visits: dict[int, list[int]]) -> pywrapcp.Assignment | None:
        order: list[int] = [*visits.get(0, [])]
        for k, h in enumerate(chain_):
            e, m, _ = next(t for t in night_pairs[k] if t[2] == h)
            order.extend([e, m, *visits.get(k + 1, [])])
        routes = [[manager.NodeToIndex(n) for n in order]]
        first = routing.ReadAssignmentFromRoutes(routes, True)
        if first is None:
            return None
        return routing.SolveFromAssignmentWithParameters(first, params) or first

    if missing(solution) and inst.mandatory:
        node_of = {place[n]: n for n in range(2, 2 + len(candidates))}
        for must in sorted(inst.mandatory):
            if must not in node_of:
                continue
            near = min(inst.hotels, key=lambda h: (inst.travel[h][must], h))
            for day in range(inst.n_days):
                fixed = {k: near for k in (day - 1, day) if 0 <= k < inst.n_days - 1}
                try:
                    chain_ = _initial_chain(inst, nights, fixed)
                except NoFeasibleTourError:
                    continue
                tried = from_routes(chain_, {day: [node_of[must]]})
                if missing(tried) < missing(solution):
                    solution = tried
                    break
            if not missing(solution):
                break
    if solution is None:
        solution = from_routes(chain, {})
        if solution is None:
            raise NoFeasibleTourError("the hotel chain is not feasible")
    status = _status_name(routing.status())
    return _extract(
        inst, routing, manager, clock, solution, place, kind, status, time.perf_counter() - started
    )


def _status_name(code: int) -> str:
    names = {
        0: "not-solved",
        1: "local-optimum",
        2: "stopped-early",
        3: "fail",
        4: "fail-timeout",
        5: "invalid",
        6: "infeasible",
        7: "optimal",
    }
    return names.get(code, str(code))


def _extract(
    inst: Instance,
    routing: pywrapcp.RoutingModel,
    manager: pywrapcp.RoutingIndexManager,
    clock: pywrapcp.RoutingDimension,
    solution: pywrapcp.Assignment,
    place: list[int],
    kind: list[str],
    status: str,
    seconds: float,
) -> Solution:
    order: list[tuple[int, int]] = []  # (node, earliest cumul)
    idx = routing.Start(0)
    while True:
        node = manager.IndexToNode(idx)
        order.append((node, solution.Min(clock.CumulVar(idx))))
        if routing.IsEnd(idx):
            break
        idx = solution.Value(routing.NextVar(idx))
    days: list[DayRoute] = []
    current: list[Stop] = []
    day_start_place, day = inst.start, 0
    for node, t in order:
        k = kind[node]
        if k == "visit":
            p = place[node]
            current.append(Stop(place=p, start=t, end=t + inst.service[p]))
        elif k in ("evening", "end"):
            days.append(_day(inst, day, day_start_place, place[node], current))
            current, day_start_place, day = [], place[node], day + 1
    visited = frozenset(s.place for d in days for s in d.stops)
    score = sum(inst.score[p] for p in visited)
    return Solution(days=tuple(days), score=score, status=status, seconds=seconds, visited=visited)


def _day(inst: Instance, day: int, a: int, b: int, stops: list[Stop]) -> DayRoute:
    """Leave as late as the first visit allows; arrive right after the last."""
    earliest = inst.days[day][a][0]
    if stops:
        leave = max(earliest, stops[0].start - inst.travel[a][stops[0].place])
        arrive = stops[-1].end + inst.travel[stops[-1].place][b]
    else:
        leave = earliest
        arrive = leave + inst.travel[a][b]
    return DayRoute(day=day, start_place=a, end_place=b, leave=leave, arrive=arrive, stops=tuple(stops))
