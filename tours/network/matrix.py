"""Travel times between the places a plan may use, computed lazily and remembered.

`minutes_from` runs Dijkstra without unwinding paths (cheap, for the solver's matrix and the
planner's reach checks); `routes_from` unwinds them (for the legs of the final plan only).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tours.network.graph import Network, Route
from tours.network.routing import routes_from

UNREACHABLE = 10**7  # travel minutes meaning "no road" (the solver's convention)


@dataclass
class TravelMatrix:
    network: Network
    _minutes: dict[str, dict[str, float]] = field(default_factory=dict)
    _drive: dict[str, dict[str, float]] = field(default_factory=dict)
    _flights: dict[str, dict[str, int]] = field(default_factory=dict)
    _routes: dict[str, dict[str, Route]] = field(default_factory=dict)

    def minutes_from(self, src: str, targets: list[str]) -> dict[str, float]:
        """Travel minutes from `src` to each reachable target."""
        known = self._minutes.setdefault(src, {})
        missing = [t for t in targets if t not in known]
        if missing:
            tree = self.network.shortest(src, missing)
            known.update({t: tree[t][0] for t in missing if t in tree})
            self._drive.setdefault(src, {}).update({t: tree[t][2] for t in missing if t in tree})
            self._flights.setdefault(src, {}).update({t: tree[t][3] for t in missing if t in tree})
        return known

    def route(self, src: str, dst: str) -> Route:
        known = self._routes.setdefault(src, {})
        if dst not in known:
            known.update(routes_from(self.network, src, [dst]))
        return known[dst]

    def table(self, places: list[str]) -> list[list[int]]:
        """Whole minutes place x place (at least 1 between two places), UNREACHABLE where no road."""
        pos = {p: i for i, p in enumerate(places)}
        travel = [[UNREACHABLE] * len(places) for _ in places]
        for p in places:
            tree = self.minutes_from(p, places)
            for q in places:
                if q in tree:
                    travel[pos[p]][pos[q]] = 0 if p == q else max(1, round(tree[q]))
        return travel

    def drive_table(self, places: list[str]) -> list[list[int]]:
        """Of those minutes, the ones driven or flown (not walked), on the same fastest paths."""
        pos = {p: i for i, p in enumerate(places)}
        drive = [[UNREACHABLE] * len(places) for _ in places]
        for p in places:
            self.minutes_from(p, places)
            tree = self._drive.get(p, {})
            for q in places:
                if q in tree:
                    drive[pos[p]][pos[q]] = 0 if p == q else round(tree[q])
        return drive

    def flights_table(self, places: list[str]) -> list[list[int]]:
        """How many flights the fastest path between two places takes."""
        for p in places:
            self.minutes_from(p, places)
        return [[self._flights.get(p, {}).get(q, 0) for q in places] for p in places]
