"""The road network: towns, checkpoints and sites as nodes; roads and crossings as arcs.

`build_network` joins every site to the two nearest towns of its own country by a short access
road (length estimated from the great-circle distance, marked as an estimate); `shortest` is
Dijkstra by travel time. What a run may use (scenario, season, flights) is
`tours.network.conditions`; routes and why there is none, `routing` and `explain`.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Literal

from geopy.distance import great_circle

if TYPE_CHECKING:
    from tours.catalogue.model import Catalogue, Scenario

ACCESS_DETOUR = 1.3  # road km per great-circle km on a site's access road (estimate)
ACCESS_SPEED = 40.0  # km/h on a site's access road
ACCESS_LINKS = 2  # towns each site may be joined to
CROSSING_MINUTES = 15  # formalities on top of the typical queue, each way
PARK_MINUTES = 10.0  # parking and the walk to the monument, on each arrival at a site by car
WALK_KM = 1.2  # straight-line distance within which two places are linked on foot
WALK_DETOUR = 1.3  # footpath km per straight-line km (estimate)
WALK_SPEED = 4.5  # km/h, sightseeing pace


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
    mode: str = "road"  # "road", "walk", or "flight" (km is then the airport transfers by road)

    @property
    def drive_minutes(self) -> float:
        """What counts toward a day's travel cap: driving and flying, not walking."""
        return 0.0 if self.mode == "walk" else self.minutes


# (minutes, arc into the node, minutes not walked, flights taken)
Reached = tuple[float, "Arc | None", float, int]


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
    drive_minutes: float = 0.0  # the minutes not walked: what counts toward a day's travel cap
    walk_km: float = 0.0  # km on foot

    @property
    def mode(self) -> Literal["road", "walk", "flight"]:
        if self.flights:
            return "flight"
        return "walk" if self.walk_km > 0 and self.walk_km >= self.km - 1e-9 else "road"

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

    def crossing_between(self, src: str, dst: str) -> Arc | None:
        """The open crossing arc from `src` to `dst`, if they are the two posts of one."""
        return next((a for a in self._out.get(src, ()) if a.dst == dst and a.crossing), None)

    def shortest(self, src: str, targets: Iterable[str] | None = None) -> dict[str, Reached]:
        """Dijkstra by minutes from `src`: node -> (minutes, arc into it, minutes not walked).

        Sites are ends, never thoroughfares: a path does not pass through a site's access road.
        Stops early once every node in `targets` is settled.
        """
        search = Dijkstra(src)
        settled = search.grow(self, set(targets) if targets is not None else None)
        return {n: v for n, v in search.best.items() if n in settled}


class Dijkstra:
    """One source's Dijkstra, stopped once its caller's targets are settled and resumed, where it
    stopped, for the next caller: the same heap operations, in the same order, as one run."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.best: dict[str, Reached] = {src: (0.0, None, 0.0, 0)}
        self.settled: dict[str, Reached] = {}
        self.heap: list[tuple[float, str]] = [(0.0, src)]
        self.unrelaxed: str | None = None  # settled last, its arcs not yet followed

    def grow(self, net: Network, want: set[str] | None) -> dict[str, Reached]:
        """Settle nodes until every one of `want` is settled (None: everything reachable).
        Sites are ends, never thoroughfares: a path does not pass through a site's access road."""
        if want is not None:
            want = want - self.settled.keys()
            if not want and self.settled:
                return self.settled
        out = net._out
        while True:
            if self.unrelaxed is not None:
                node, self.unrelaxed = self.unrelaxed, None
                if node == self.src or net.nodes[node].kind != "site":  # sites are ends
                    minutes, _, drive, flown = self.best[node]
                    for arc in out[node]:
                        t = minutes + arc.minutes
                        if arc.dst not in self.best or t < self.best[arc.dst][0] - 1e-9:
                            self.best[arc.dst] = (
                                t,
                                arc,
                                drive + arc.drive_minutes,
                                flown + (arc.mode == "flight"),
                            )
                            heapq.heappush(self.heap, (t, arc.dst))
            if not self.heap:
                return self.settled
            _, node = heapq.heappop(self.heap)
            if node in self.settled:
                continue
            self.settled[node] = self.best[node]
            self.unrelaxed = node
            if want is not None:
                want.discard(node)
                if not want:
                    return self.settled


def arcs_to(tree: dict[str, Reached], src: str, dst: str) -> list[Arc]:
    """The arcs of the tree's path from src to dst, in order."""
    arcs: list[Arc] = []
    node = dst
    while node != src:
        arc = tree[node][1]
        assert arc is not None
        arcs.append(arc)
        node = arc.src
    return arcs[::-1]


def unwind(tree: dict[str, Reached], src: str, dst: str) -> Route:
    arcs = arcs_to(tree, src, dst)
    return Route(
        src=src,
        dst=dst,
        km=sum(a.km for a in arcs),
        minutes=tree[dst][0],
        crossings=tuple(a.crossing for a in arcs if a.crossing),
        path=(src, *(a.dst for a in arcs)),
        estimated=any(a.estimated for a in arcs),
        flights=tuple(a.road for a in arcs if a.mode == "flight"),
        drive_minutes=sum(a.drive_minutes for a in arcs),
        walk_km=sum(a.km for a in arcs if a.mode == "walk"),
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
            # arriving by car means parking and walking to the monument
            arcs.append(Arc(tid, s.id, km, minutes + PARK_MINUTES, "access road", estimated=True))
    arcs.extend(walks(catalogue, nodes))
    return Network(nodes=nodes, arcs=tuple(arcs))


def walks(catalogue: Catalogue, nodes: dict[str, Node]) -> list[Arc]:
    """Footpaths: between two sites, or a site and a town centre, less than `WALK_KM` apart in a
    straight line (an old town, a monastery complex, a museum quarter). Estimates: the straight
    line x `WALK_DETOUR` at `WALK_SPEED`."""
    out: list[Arc] = []
    places = [(s.id, s.lat, s.lon) for s in catalogue.sites]
    towns = [(n.id, n.lat, n.lon) for n in nodes.values() if n.kind in ("city", "town", "village")]
    for i, (a, lat, lon) in enumerate(places):
        for b, blat, blon in [*places[i + 1 :], *towns]:
            if abs(blat - lat) > 0.02 or abs(blon - lon) > 0.03:  # a cheap screen before the distance
                continue
            gc = great_circle_km(lat, lon, blat, blon)
            if gc <= WALK_KM and nodes[a].country == nodes[b].country:
                km = max(0.05, gc * WALK_DETOUR)
                minutes = km / WALK_SPEED * 60
                out.append(Arc(a, b, km, minutes, "footpath", estimated=True, mode="walk"))
                out.append(Arc(b, a, km, minutes, "footpath", estimated=True, mode="walk"))
    return out
