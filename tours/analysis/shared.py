"""Networks and travel matrices built once per scenario and shared by every request planned on
them: what makes a sweep of many requests cheap.

Planning spends most of its time in Dijkstra (the travel matrix, candidate reach, hotels). A
`SharedNetwork` keeps each source's search where it stopped and resumes it when a later request
wants a node not yet settled, so the second request on a scenario finds most of its matrix
there. The result is exact: Dijkstra settles a node once and for all, and the resumed search
makes the same heap operations in the same order as one uninterrupted run, so a plan on a shared
network is the plan on a fresh one (a test checks it).
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace

from tours.catalogue.model import Catalogue
from tours.catalogue.nations import nationality
from tours.network.conditions import Conditions, network_for, scenario_for
from tours.network.graph import Arc, Network, Reached
from tours.planner.request import Request


class _Search:
    """One source's Dijkstra, stopped once its caller's targets are settled and resumed, where it
    stopped, for the next caller: the same heap operations, in the same order, as one run."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.best: dict[str, Reached] = {src: (0.0, None, 0.0, 0)}
        self.settled: dict[str, Reached] = {}
        self.heap: list[tuple[float, str]] = [(0.0, src)]
        self.unrelaxed: str | None = None  # settled last, its arcs not yet followed

    def grow(self, net: Network, want: set[str] | None) -> dict[str, Reached]:
        """`Network.shortest`'s loop, resumable; `want` None settles everything reachable."""
        if want is not None:
            want = want - self.settled.keys()
            if not want:
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


class _Memo:
    """The searches of one set of arcs (a network copied with other arcs starts afresh)."""

    def __init__(self) -> None:
        self.arcs: tuple[Arc, ...] | None = None
        self.searches: dict[str, _Search] = {}
        self.lock = threading.Lock()  # Dask workers may be threads of one process

    def of(self, arcs: tuple[Arc, ...]) -> dict[str, _Search]:
        if self.arcs is not arcs:
            self.arcs, self.searches = arcs, {}
        return self.searches


@dataclass(frozen=True)
class SharedNetwork(Network):
    """A network that remembers every shortest-path search it has run, and resumes it."""

    memo: _Memo = field(default_factory=_Memo, compare=False, repr=False)

    def shortest(self, src: str, targets: Iterable[str] | None = None) -> dict[str, Reached]:
        with self.memo.lock:
            searches = self.memo.of(self.arcs)
            search = searches.get(src) or searches.setdefault(src, _Search(src))
            return search.grow(self, None if targets is None else set(targets))


def shared(network: Network) -> SharedNetwork:
    return SharedNetwork(**{f.name: getattr(network, f.name) for f in fields(Network)})


@dataclass
class Networks:
    """Each scenario's network, built on first use and kept: one per (conditions, season).

    Requests under the same dated scenario whose trips fall in the same months share one network
    and its trees; only the dates the season notice quotes are the request's own.
    """

    catalogue: Catalogue
    built: dict[tuple[object, ...], SharedNetwork] = field(default_factory=dict)

    def for_request(self, request: Request) -> SharedNetwork:
        c = request.conditions
        c = Conditions(**{**c.__dict__, "nationality": nationality(c.nationality)})
        dates = tuple(sorted(set(c.dates)))
        # the scenario as dated on the trip's first day (its statuses, title, as-of), the
        # traveller, flights, and the months the season closes roads in
        scenario = scenario_for(self.catalogue, c)
        key = (scenario, c.nationality, c.allow_flights, frozenset(d.month for d in dates))
        net = self.built.get(key)
        if net is None:
            net = self.built[key] = shared(network_for(self.catalogue, c))
        return net if net.dates == dates else replace(net, dates=dates)
