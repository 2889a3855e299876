"""From a request to a plan.

`request` (what is asked, the pace) -> `resolve` (names to ids) -> `job` (the shared value) ->
`candidates` (what may be visited, with reasons for what may not) + `hotels` -> `instance` (the
solver's numbers) -> `tours.solver` -> `reasons` (why each left-out site is out) -> `assemble`
(the plan). `tour.plan_tour` runs them in that order.

Names are loaded on first use, so that `import tours.planner.request` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tours.lazy import attributes

if TYPE_CHECKING:
    from tours.planner.request import PACES, Pace, Request
    from tours.planner.resolve import Resolver
    from tours.planner.scoring import matches_interests, site_score
    from tours.planner.tour import plan_tour, prepare

_WHERE = {
    "PACES": "tours.planner.request",
    "Pace": "tours.planner.request",
    "Request": "tours.planner.request",
    "Resolver": "tours.planner.resolve",
    "matches_interests": "tours.planner.scoring",
    "site_score": "tours.planner.scoring",
    "plan_tour": "tours.planner.tour",
    "prepare": "tours.planner.tour",
}

__all__ = [
    "PACES",
    "Pace",
    "Request",
    "Resolver",
    "matches_interests",
    "plan_tour",
    "prepare",
    "site_score",
]


__getattr__ = attributes("tours.planner", _WHERE)
