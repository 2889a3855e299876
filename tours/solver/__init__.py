"""The solver core: numbers only. It imports nothing else of `tours` (a test checks it).

`problem` (the instance, settings, result), `engine` (one run's state), `timing`, `insertion`,
`hotels`, `starts`, `search` (the iterated local search), `polish` (OR-Tools re-sequencing), and
`tour` (the planner's multi-day instance: days, hotels, windows -> days of stops).
"""

from __future__ import annotations

from tours.solver.problem import EPS, INF, NoTourError, Problem, Progress, Result, Settings, Trip
from tours.solver.search import solve
from tours.solver.tour import (
    CLOSED,
    UNREACHABLE,
    DayModel,
    DayRoute,
    Fits,
    Instance,
    Lunch,
    NoFeasibleTourError,
    Stop,
    TourSolution,
    solve_problem,
    solve_tour,
)

__all__ = [
    "CLOSED",
    "EPS",
    "INF",
    "UNREACHABLE",
    "DayModel",
    "DayRoute",
    "Fits",
    "Instance",
    "Lunch",
    "NoFeasibleTourError",
    "NoTourError",
    "Problem",
    "Progress",
    "Result",
    "Settings",
    "Stop",
    "TourSolution",
    "Trip",
    "solve",
    "solve_problem",
    "solve_tour",
]
