"""OR-Tools re-sequences one trip's fixed set of stops to the least travel under the windows.

The only module that imports `ortools`, and only when a trip is re-sequenced.
"""

from __future__ import annotations

import numpy as np

from tours.solver.problem import Problem, Trip


def resequence(prob: Problem, d: int, trip: Trip) -> list[int] | None:
    """OR-Tools: the order of this trip's stops with the least travel that keeps every window."""
    if len(trip.visits) < 3 or any(np.ndim(w) == 2 for w in prob.window_open):
        return None  # several windows a day: not modelled here
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
