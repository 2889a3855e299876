"""The road network: towns, checkpoints and sites as nodes; roads and crossings as arcs.

`build_network` joins every site to the two nearest towns of its own country by a short access
road (length estimated from the great-circle distance, marked as an estimate); `restrict` keeps
only the crossing directions a scenario allows; `apply_season` drops the roads closed on a trip's
dates (winter passes); `tours.flights.add_flights` adds flight arcs; `route` is a shortest path by
travel time.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from geopy.distance import great_circle

from tours.errors import NoRouteError
from tours.model import MONTHS

if TYPE_CHECKING:
    from tours.model import Catalogue, Scenario

ACCESS_DETOUR = 1.3  # road km per great-circle km on a site's access road (estimate)
ACCESS_SPEED = 40.0  # km/h on a site's access road
ACCESS_LINKS = 2  # towns each site may be joined to
CROSSING_MINUTES = 15  # formalities on top of the typical queue, each way


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    country: str
    lat: float
    lon: float
    kind: str  # a town kind, or "site"
    accommodation: bool = False


@dataclass(frozen=True)
class Arc:
    src: str
    dst: str
    km: float
    minutes: float
    road: str = ""
    crossing: str = ""  # crossing id when this arc crosses a border
    direction: str = ""  # "GE>AZ" for a crossing arc
    estimated: bool = False
    closed_months: frozenset[int] = frozenset()  # months (1..12) the road is usually closed
    mode: str = "road"  # "road" or "flight" (km is then the airport transfers by road)


@dataclass(frozen=True)
class Route:
    src: str
    dst: str
    km: float
    minutes: float
    crossings: tuple[str, ...]
    path: tuple[str, ...]
    estimated: bool
    flights: tuple[str, ...] = ()  # "TBS-GYD" for each flight taken

    @property
    def mode(self) -> str:
        return "flight" if self.flights else "road"

    def contract(self) -> dict[str, object]:
        """The `tours route --json` contract."""
        return {
            "from": self.src,
            "to": self.dst,
            "reachable": True,
            "km": round(self.km, 1),
            "minutes": round(self.minutes),
            "crossings": list(self.crossings),
            "mode": self.mode,
            "flights": list(self.flights),
        }


@dataclass(frozen=True)
class Network:
    nodes: Mapping[str, Node]
    arcs: tuple[Arc, ...]
    scenario: Scenario | None = None
    allowed: frozenset[tuple[str, str]] | None = None  # None: every crossing direction
    removed: tuple[Arc, ...] = field(default=())  # crossing arcs the scenario closed
    dates: tuple[date, ...] = ()  # the trip's days, when seasonal closures were applied
    closed: tuple[Arc, ...] = ()  # road arcs closed on one of those days (winter passes)
    grounded: tuple[Arc, ...] = ()  # flight arcs the request did not allow

    @cached_property
    def _out(self) -> dict[str, list[Arc]]:
        out: dict[str, list[Arc]] = {n: [] for n in self.nodes}
        for arc in self.arcs:
            out[arc.src].append(arc)
        return out

    def shortest(self, src: str, targets: Iterable[str] | None = None) -> dict[str, tuple[float, Arc | None]]:
        """Dijkstra by minutes from `src`: node -> (minutes, arc into it).

        Sites are ends, never thoroughfares: a path does not pass through a site's access road.
        Stops early once every node in `targets` is settled.
        """
        want = set(targets) if targets is not None else None
        best: dict[str, tuple[float, Arc | None]] = {src: (0.0, None)}
        done: set[str] = set()
        heap: list[tuple[float, str]] = [(0.0, src)]
        while heap:
            minutes, node = heapq.heappop(heap)
            if node in done:
                continue
            done.add(node)
            if want is not None:
                want.discard(node)
                if not want:
                    break
            if node != src and self.nodes[node].kind == "site":
                continue
            for arc in self._out[node]:
                t = minutes + arc.minutes
                if arc.dst not in best or t < best[arc.dst][0] - 1e-9:
                    best[arc.dst] = (t, arc)
                    heapq.heappush(heap, (t, arc.dst))
        return {n: v for n, v in best.items() if n in done}

    def route(self, src: str, dst: str) -> Route:
        """The fastest route; `NoRouteError` names the closed crossings that block it."""
        tree = self.shortest(src, [dst])
        if dst not in tree:
            raise NoRouteError(self.explain_unreachable(src, dst))
        return _unwind(tree, src, dst)

    def routes_from(self, src: str, targets: Iterable[str]) -> dict[str, Route]:
        wanted = list(targets)
        tree = self.shortest(src, wanted)
        return {t: _unwind(tree, src, t) for t in wanted if t in tree}

    def _path_with(self, extra: tuple[Arc, ...], src: str, dst: str) -> list[Arc] | None:
        """The fastest path if the `extra` arcs were added, or None if there is still none."""
        if not extra:
            return None
        tree = Network(nodes=self.nodes, arcs=self.arcs + extra).shortest(src, [dst])
        return _arcs_to(tree, src, dst) if dst in tree else None

    def blocking(self, src: str, dst: str) -> list[tuple[str, str]]:
        """Closed (crossing, direction) pairs on the route the network would take with all open."""
        path = self._path_with(self.removed, src, dst)
        if path is None:
            return []
        closed = {(a.crossing, a.direction) for a in self.removed}
        used = [(a.crossing, a.direction) for a in path if a.crossing]
        return [x for x in used if x in closed]

    def season_blocking(self, src: str, dst: str) -> list[Arc]:
        """Seasonally closed roads on the route the network would take were they open."""
        path = self._path_with(self.closed, src, dst)
        closed = set(self.closed)
        return [a for a in path or () if a in closed]

    def flight_hint(self, src: str, dst: str) -> str:
        """'Hint: ...' when a flight the request did not allow would make dst reachable, else ''."""
        path = self._path_with(self.grounded, src, dst)
        flights = [a.road for a in path or () if a.mode == "flight"]
        if not flights:
            return ""
        return f" Hint: a flight ({', '.join(flights)}) would reach it: try --allow-flights."

    def season_notice(self, legs: Iterable[tuple[str, str]] | None = None) -> str:
        """The notice for roads closed on the trip's dates, or '' when none is. With `legs`
        ((from, to) pairs), only the closed roads those legs would have taken if open."""
        closed: Iterable[Arc] = self.closed
        if legs is not None:
            closed = [a for src, dst in legs for a in self.season_blocking(src, dst)]
        if not closed:
            return ""
        names = sorted({_closure(a, self.nodes) for a in closed})
        first, last = self.dates[0], self.dates[-1]
        return (
            f"Roads usually closed on the trip's dates ({first} to {last}) are not used: "
            + "; ".join(names)
            + ". A road is used only if it is open on every day of the trip."
        )

    def blocked_reason(self, src: str, dst: str) -> str:
        """Why no road joins src to dst: the closed crossings, and any other closed way in."""
        blocked = self.blocking(src, dst)
        if not blocked:
            season = self.season_blocking(src, dst)
            if season:
                return "; ".join(sorted({_closure(a, self.nodes) for a in season}))
            return "the two are not connected"
        crossing, direction = blocked[0]
        country = direction.split(">")[1]
        others = sorted(
            {
                a.crossing
                for a in self.removed
                if a.direction.endswith(">" + country) and a.crossing != crossing
            }
        )
        what = "; ".join(f"{c} is closed {d}" for c, d in blocked)
        return what + (f"; so are the other land entries ({', '.join(others)})" if others else "")

    def explain_unreachable(self, src: str, dst: str) -> str:
        a, b = self.nodes[src].name, self.nodes[dst].name
        scenario = self.scenario.name if self.scenario else "this network"
        reason = self.blocked_reason(src, dst)
        return f"No road from {a} to {b} under {scenario}: {reason}.{self.flight_hint(src, dst)}"


def _months(months: frozenset[int]) -> str:
    """{11, 12, 1, 2} -> 'Nov-Feb' (runs of consecutive months, wrapping at the year's end)."""
    if len(months) == 12:
        return "all year"
    starts = sorted(m for m in months if (m - 2) % 12 + 1 not in months)
    runs = []
    for m in starts:
        end = m
        while end % 12 + 1 in months:
            end = end % 12 + 1
        runs.append(MONTHS[m - 1] if end == m else f"{MONTHS[m - 1]}-{MONTHS[end - 1]}")
    return ";".join(runs)


def _closure(arc: Arc, nodes: Mapping[str, Node]) -> str:
    a, b = sorted((nodes[arc.src].name, nodes[arc.dst].name))
    what = f"{arc.road} " if arc.road else ""
    return f"the {what}road {a}–{b} is closed {_months(arc.closed_months)}"


def _arcs_to(tree: dict[str, tuple[float, Arc | None]], src: str, dst: str) -> list[Arc]:
    """The arcs of the tree's path from src to dst, in order."""
    arcs: list[Arc] = []
    node = dst
    while node != src:
        arc = tree[node][1]
        assert arc is not None
        arcs.append(arc)
        node = arc.src
    return arcs[::-1]


def _unwind(tree: dict[str, tuple[float, Arc | None]], src: str, dst: str) -> Route:
    arcs = _arcs_to(tree, src, dst)
    return Route(
        src=src,
        dst=dst,
        km=sum(a.km for a in arcs),
        minutes=tree[dst][0],
        crossings=tuple(a.crossing for a in arcs if a.crossing),
        path=(src, *(a.dst for a in arcs)),
        estimated=any(a.estimated for a in arcs),
        flights=tuple(a.road for a in arcs if a.mode == "flight"),
    )


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (geopy, mean Earth radius): for access roads and crossing spans."""
    return float(great_circle((lat1, lon1), (lat2, lon2)).km)


def build_network(catalogue: Catalogue) -> Network:
    """All towns, roads, crossings and sites, with every crossing direction present."""
    nodes: dict[str, Node] = {}
    for t in catalogue.towns:
        nodes[t.id] = Node(t.id, t.name, t.country, t.lat, t.lon, t.kind, t.accommodation)
    arcs: list[Arc] = []
    for r in catalogue.roads:
        for a, b in ((r.a, r.b), (r.b, r.a)):
            arcs.append(
                Arc(a, b, r.km, r.minutes, r.road, estimated=r.estimated, closed_months=r.closed_months)
            )
    for c in catalogue.crossings:
        na, nb = nodes[c.node_a], nodes[c.node_b]
        km = max(0.2, great_circle_km(na.lat, na.lon, nb.lat, nb.lon))
        minutes = c.wait_minutes + CROSSING_MINUTES + km / 20 * 60
        for (a, b), direction in zip(((na.id, nb.id), (nb.id, na.id)), c.directions(), strict=True):
            arcs.append(Arc(a, b, km, minutes, c.name, crossing=c.id, direction=direction))
    towns = [n for n in nodes.values() if n.kind not in ("checkpoint", "pass")]
    for s in catalogue.sites:
        nodes[s.id] = Node(s.id, s.name, s.country, s.lat, s.lon, "site")
        near = sorted(
            (great_circle_km(s.lat, s.lon, t.lat, t.lon), t.id) for t in towns if t.country == s.country
        )[:ACCESS_LINKS]
        # A second link only when it is about as near as the first: a far second town is often
        # across a ridge, and a straight access road would invent a pass.
        near = [x for i, x in enumerate(near) if i == 0 or (x[0] <= 1.5 * near[0][0] and x[0] <= 30)]
        for gc, tid in near:
            km = max(0.3, gc * ACCESS_DETOUR)
            minutes = km / ACCESS_SPEED * 60
            arcs.append(Arc(s.id, tid, km, minutes, "access road", estimated=True))
            arcs.append(Arc(tid, s.id, km, minutes, "access road", estimated=True))
    return Network(nodes=MappingProxyType(nodes), arcs=tuple(arcs))


def restrict(network: Network, *, scenario: Scenario, allowed: frozenset[tuple[str, str]]) -> Network:
    """A new network keeping only crossing arcs whose (crossing, direction) is allowed."""
    every = network.arcs + network.removed
    keep = tuple(a for a in every if not a.crossing or (a.crossing, a.direction) in allowed)
    gone = tuple(a for a in every if a.crossing and (a.crossing, a.direction) not in allowed)
    return replace(network, arcs=keep, scenario=scenario, allowed=allowed, removed=gone)


def trip_dates(first: date, days: int = 1) -> tuple[date, ...]:
    return tuple(first + timedelta(days=d) for d in range(max(1, days)))


def apply_season(network: Network, dates: Iterable[date]) -> Network:
    """A new network without the roads usually closed in the month of any of `dates`.

    A multi-day trip uses a road only if it is open on every one of its days. The input
    network is not changed; applying another season starts again from all the roads.
    """
    days = tuple(sorted(set(dates)))
    months = {d.month for d in days}
    every = network.arcs + network.closed
    keep = tuple(a for a in every if not a.closed_months & months)
    shut = tuple(a for a in every if a.closed_months & months)
    return replace(network, arcs=keep, closed=shut, dates=days)
