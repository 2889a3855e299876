"""Networks and travel matrices built once per scenario and shared by every request planned on
them: what makes a sweep of many requests cheap.

Planning spends most of its time in Dijkstra (the travel matrix, candidate reach, hotels). A
`SharedNetwork` keeps each source's search (`network.graph.Dijkstra`) where it stopped and
resumes it when a later request wants a node not yet settled, so the second request on a
scenario finds most of its matrix there. The result is exact: Dijkstra settles a node once and
for all, and the resumed search makes the same heap operations in the same order as one
uninterrupted run, so a plan on a shared network is the plan on a fresh one (a test checks it).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace

from tours.catalogue.model import Catalogue
from tours.catalogue.nations import nationality
from tours.network.conditions import Conditions, network_for, scenario_for
from tours.network.graph import Arc, Dijkstra, Network, Reached
from tours.planner.request import Request


class _Memo:
    """The searches of one set of arcs (a network copied with other arcs starts afresh)."""

    def __init__(self) -> None:
        self.arcs: tuple[Arc, ...] | None = None
        self.searches: dict[str, Dijkstra] = {}
        self.lock = threading.Lock()  # Dask workers may be threads of one process

    def of(self, arcs: tuple[Arc, ...]) -> dict[str, Dijkstra]:
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
            search = searches.get(src) or searches.setdefault(src, Dijkstra(src))
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
