"""Heritage tour planner for Armenia, Azerbaijan, Georgia and Türkiye.

The pipeline, left to right, one package per stage:
    catalogue.load_catalogue -> network.network_for(conditions) -> planner.plan_tour
    -> solver (numbers only) -> itinerary.Plan -> export (Jinja itineraries, Folium map, files)

The names below load on first use, so `import tours` costs nothing until one is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tours.errors import (
    CatalogueError,
    InfeasibleError,
    NoRouteError,
    RequestError,
    TourError,
    UnknownNameError,
)
from tours.lazy import attributes

if TYPE_CHECKING:
    from tours.catalogue.files import load_catalogue
    from tours.export.files import write_plan
    from tours.itinerary.plan import Plan
    from tours.network.conditions import Conditions, apply_scenario, network_for, override, scenario_for
    from tours.network.graph import build_network
    from tours.network.routing import route
    from tours.planner.request import Request
    from tours.planner.resolve import Resolver
    from tours.planner.tour import plan_tour

_WHERE = {
    "Conditions": "tours.network.conditions",
    "Plan": "tours.itinerary.plan",
    "Request": "tours.planner.request",
    "Resolver": "tours.planner.resolve",
    "apply_scenario": "tours.network.conditions",
    "build_network": "tours.network.graph",
    "load_catalogue": "tours.catalogue.files",
    "network_for": "tours.network.conditions",
    "override": "tours.network.conditions",
    "plan_tour": "tours.planner.tour",
    "route": "tours.network.routing",
    "scenario_for": "tours.network.conditions",
    "write_plan": "tours.export.files",
}

__all__ = [
    "CatalogueError",
    "Conditions",
    "InfeasibleError",
    "NoRouteError",
    "Plan",
    "Request",
    "RequestError",
    "Resolver",
    "TourError",
    "UnknownNameError",
    "apply_scenario",
    "build_network",
    "load_catalogue",
    "network_for",
    "override",
    "plan_tour",
    "route",
    "scenario_for",
    "write_plan",
]


__getattr__ = attributes("tours", _WHERE)
