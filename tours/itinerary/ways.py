"""The networks a check reads, per date, and the way a drive takes: the fastest allowed one, or
the one an itinerary writes (through named crossings and towns, closed ones included, so that
the check can name what is closed on it)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from tours.catalogue.model import Catalogue, Scenario
from tours.network.conditions import Conditions, apply_scenario, apply_season, base_network, scenario_for
from tours.network.flights import add_flights
from tours.network.graph import Arc, Network, Route, unwind
from tours.planner.request import Request

Via = tuple[str, str]  # ("crossing", id) or ("node", id): a way a drive is written to take


@dataclass
class Ways:
    """The networks a check reads, per date: the scenario of the request on that date, with and
    without the roads closed that month, and every arc that exists at all (for written paths)."""

    catalogue: Catalogue
    request: Request
    _scenarios: dict[date, Scenario] = field(default_factory=dict)
    _networks: dict[tuple[date, bool], Network] = field(default_factory=dict)

    @cached_property
    def everything(self) -> Network:
        """Every road, crossing direction and flight, open: what a written path may step along."""
        cat = self.catalogue
        return add_flights(base_network(cat), cat.airports, cat.flights, None, allowed=True)

    @cached_property
    def arcs(self) -> dict[tuple[str, str], list[Arc]]:
        out: dict[tuple[str, str], list[Arc]] = {}
        for arc in self.everything.arcs:
            out.setdefault((arc.src, arc.dst), []).append(arc)
        return out

    @property
    def nodes(self) -> Mapping[str, Any]:
        return self.everything.nodes

    def scenario(self, on: date) -> Scenario:
        if on not in self._scenarios:
            conditions: Conditions = replace(self.request.conditions, dates=(on,))
            self._scenarios[on] = scenario_for(self.catalogue, conditions)
        return self._scenarios[on]

    def network(self, on: date, *, season: bool = True) -> Network:
        """The request's network on `on`; without `season`, the roads closed that month kept."""
        key = (on, season)
        if key not in self._networks:
            cat, scenario = self.catalogue, self.scenario(on)
            net = apply_scenario(base_network(cat), scenario, nationality=self.request.nationality)
            if season:
                net = apply_season(net, (on,))
            self._networks[key] = add_flights(
                net, cat.airports, cat.flights, scenario, allowed=self.request.allow_flights
            )
        return self._networks[key]

    def drive(self, on: date, src: str, dst: str, via: Sequence[Via] = ()) -> Route | None:
        """The way from src to dst on `on`: the fastest allowed one, or, through `via`, the one
        written (closed crossings and roads included, for the check to name). Where no allowed
        road exists, the fastest with every crossing and road open; None if not even that."""
        if not via:
            return _fastest(self.network(on), src, dst) or _fastest(self.everything, src, dst)
        written = self.network(on, season=False)
        parts: list[Route] = []
        here = src
        for kind, ident in via:
            ends = (ident, ident) if kind == "node" else self._oriented(ident, here, written)
            part = _fastest(written, here, ends[0]) or _fastest(self.everything, here, ends[0])
            if part is None:
                return None
            parts.append(part)
            if kind == "crossing":
                arc = next(a for a in self.arcs[ends] if a.crossing == ident)
                parts.append(_arc_route(arc))
            here = ends[1]
        last = _fastest(written, here, dst) or _fastest(self.everything, here, dst)
        return None if last is None else _join([*parts, last])

    def _oriented(self, crossing: str, here: str, net: Network) -> tuple[str, str]:
        """(entry, exit) of a crossing as driven from `here`: from the side of here's country,
        else from the nearer side."""
        c = self.catalogue.crossing(crossing)
        a, b = (c.node_a, c.node_b), (c.node_b, c.node_a)
        country = self.nodes[here].country
        if country in c.countries:
            return a if country == c.country_a else b
        tree = net.shortest(here, [c.node_a, c.node_b])
        far = float("inf")
        return a if tree.get(c.node_a, (far,))[0] <= tree.get(c.node_b, (far,))[0] else b


def _fastest(net: Network, src: str, dst: str) -> Route | None:
    if src == dst:
        return Route(src, dst, 0.0, 0.0, (), (src,), False)
    tree = net.shortest(src, [dst])
    return unwind(tree, src, dst) if dst in tree else None


def _arc_route(arc: Arc) -> Route:
    return Route(
        src=arc.src,
        dst=arc.dst,
        km=arc.km,
        minutes=arc.minutes,
        crossings=(arc.crossing,),
        path=(arc.src, arc.dst),
        estimated=arc.estimated,
        drive_minutes=arc.drive_minutes,
    )


def _join(parts: Sequence[Route]) -> Route:
    path = list(parts[0].path)
    for p in parts[1:]:
        path += list(p.path[1:])
    return Route(
        src=parts[0].src,
        dst=parts[-1].dst,
        km=sum(p.km for p in parts),
        minutes=sum(p.minutes for p in parts),
        crossings=tuple(c for p in parts for c in p.crossings),
        path=tuple(path),
        estimated=any(p.estimated for p in parts),
        flights=tuple(f for p in parts for f in p.flights),
        drive_minutes=sum(p.drive_minutes for p in parts),
        walk_km=sum(p.walk_km for p in parts),
    )
