"""The road network, and what a run may use of it.

`graph` (nodes, arcs, Dijkstra, `build_network`) -> `conditions` (scenario, overrides,
nationality, dates, flights: `network_for`) -> `routing` (routes) / `explain` (why not, as data)
-> `matrix` (the travel times a plan is solved on).
"""

from __future__ import annotations

from tours.network.conditions import (
    Conditions,
    apply_scenario,
    apply_season,
    base_network,
    network_for,
    override,
    scenario_for,
    trip_dates,
)
from tours.network.explain import Blockage, blockage, explain_unreachable, season_notice
from tours.network.flights import add_flights
from tours.network.graph import Arc, Network, Node, Route, build_network
from tours.network.matrix import TravelMatrix
from tours.network.routing import route, route_contract, routes_from

__all__ = [
    "Arc",
    "Blockage",
    "Conditions",
    "Network",
    "Node",
    "Route",
    "TravelMatrix",
    "add_flights",
    "apply_scenario",
    "apply_season",
    "base_network",
    "blockage",
    "build_network",
    "explain_unreachable",
    "network_for",
    "override",
    "route",
    "route_contract",
    "routes_from",
    "scenario_for",
    "season_notice",
    "trip_dates",
]
