"""Flights as a second mode: direct scheduled routes between the region's airports.

`add_flights` returns a new network with one arc each way per operating route, from the town an
airport serves to the town the other serves. Its minutes are the block time plus a fixed
overhead and the road transfers between each town centre and its airport; its km are those
transfers (the air distance is not driving). Schedules are not modelled: a route counts as
usable on any day, so check the operator's timetable (many routes fly a few times a week).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from tours.network.graph import Arc, Network, great_circle_km

if TYPE_CHECKING:
    from tours.catalogue.model import Airport, Flight, Scenario

# Minutes on top of the block time: at the airport 120 min before departure (the usual advice for
# international flights; check-in closes 40-60 min before), and 30 min after landing for passport
# control and baggage. The same figure is used for domestic flights, which erred on the safe side.
FLIGHT_OVERHEAD = 150
TRANSFER_DETOUR = 1.3  # road km per great-circle km between a town centre and its airport (estimate)
TRANSFER_SPEED = 50.0  # km/h through city traffic


def operating_routes(flights: Iterable[Flight], scenario: Scenario | None) -> dict[frozenset[str], int]:
    """{frozenset({"TBS", "GYD"}): block minutes} for the routes that operate under `scenario`."""
    routes = {frozenset((f.a, f.b)): f.block_minutes for f in flights}
    for change in scenario.flights if scenario else ():
        if not change.operates:
            routes.pop(change.pair, None)
        elif change.pair not in routes and change.block_minutes is not None:
            routes[change.pair] = change.block_minutes
    return routes


def add_flights(
    network: Network,
    airports: Iterable[Airport],
    flights: Iterable[Flight],
    scenario: Scenario | None = None,
    *,
    allowed: bool = True,
) -> Network:
    """A new network with flight arcs (mode "flight") for the routes operating under `scenario`.

    With `allowed` False the arcs are kept aside as `grounded`, so that an unreachable route can
    say whether a flight would reach it.
    """
    by_code = {a.iata: a for a in airports}
    arcs: list[Arc] = []
    for pair, block in sorted(operating_routes(flights, scenario).items(), key=lambda x: sorted(x[0])):
        a, b = sorted(pair)
        for x, y in ((by_code[a], by_code[b]), (by_code[b], by_code[a])):
            if x.node not in network.nodes or y.node not in network.nodes:
                continue
            km = _transfer_km(network, x) + _transfer_km(network, y)
            minutes = block + FLIGHT_OVERHEAD + km / TRANSFER_SPEED * 60
            arcs.append(Arc(x.node, y.node, km, minutes, f"{x.iata}-{y.iata}", estimated=True, mode="flight"))
    ground = tuple(a for a in network.arcs if a.mode != "flight")
    if allowed:
        return replace(network, arcs=ground + tuple(arcs), grounded=())
    return replace(network, arcs=ground, grounded=tuple(arcs))


def _transfer_km(network: Network, airport: Airport) -> float:
    town = network.nodes[airport.node]
    return great_circle_km(town.lat, town.lon, airport.lat, airport.lon) * TRANSFER_DETOUR
