"""Heritage tour planner for Armenia, Azerbaijan, Georgia and Türkiye.

The pipeline, left to right:
    load_catalogue -> build_network -> apply_scenario -> (travel matrix) -> solve -> Plan
    -> render (Jinja) / plan_map (Folium) / Plan.to_json
"""

from __future__ import annotations

from tours.catalogue import load_catalogue
from tours.errors import (
    CatalogueError,
    InfeasibleError,
    NoRouteError,
    RequestError,
    TourError,
    UnknownNameError,
)
from tours.export import write_plan
from tours.network import build_network
from tours.plan import Plan
from tours.planner import Request, Resolver, network_for, plan_tour, scenario_for
from tours.scenario import apply_scenario, override

__all__ = [
    "CatalogueError",
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
    "scenario_for",
    "write_plan",
]
