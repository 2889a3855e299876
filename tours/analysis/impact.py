"""Crossings ranked by what opening each one alone (both directions, to everyone) changes from a
base scenario: hours saved over every ordered pair of hubs, a pair with no road counting as
NO_ROAD_HOURS (a day lost), and the pairs newly reachable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tours.analysis.reach import HUBS
from tours.catalogue.model import Catalogue
from tours.network.conditions import Conditions, network_for
from tours.planner.resolve import Resolver

NO_ROAD_HOURS = 24.0  # what a pair with no road costs in the sum: a day, at least


@dataclass(frozen=True)
class Impact:
    crossing: str
    name: str
    hours_saved: float  # over all pairs, no road counting as NO_ROAD_HOURS
    newly_reachable: int  # hub pairs with no road before
    pairs_faster: int

    def contract(self) -> dict[str, object]:
        return {
            "crossing": self.crossing,
            "name": self.name,
            "hours_saved": round(self.hours_saved, 1),
            "newly_reachable": self.newly_reachable,
            "pairs_faster": self.pairs_faster,
        }


def impact(
    catalogue: Catalogue, *, base: str = "status-quo", hubs: tuple[str, ...] = HUBS, on: date
) -> list[Impact]:
    """Every crossing not fully open under `base`, opened alone; most hours saved first."""
    resolver = Resolver(catalogue)
    ids = tuple(resolver.town(h) for h in hubs)
    before = _matrix(catalogue, Conditions(scenario=base, dates=(on,)), ids)
    scenario = catalogue.scenario(base)
    out = []
    for c in catalogue.crossings:
        statuses = [scenario.status(c.id, d) for d in c.directions()]
        if all(s is not None and s.access.value == "everyone" for s in statuses):
            continue
        after = _matrix(catalogue, Conditions(scenario=base, open=(c.id,), dates=(on,)), ids)
        saved, new, faster = 0.0, 0, 0
        for a in ids:
            for b in ids:
                x, y = before[a][b], after[a][b]
                if a == b or y is None:
                    continue
                hours_before = NO_ROAD_HOURS if x is None else min(NO_ROAD_HOURS, x / 60)
                if x is None:
                    new += 1
                elif y < x - 1e-6:
                    faster += 1
                saved += max(0.0, hours_before - min(NO_ROAD_HOURS, y / 60))
        out.append(Impact(c.id, c.name, saved, new, faster))
    return sorted(out, key=lambda i: (-i.hours_saved, -i.newly_reachable, i.crossing))


def _matrix(
    catalogue: Catalogue, conditions: Conditions, ids: tuple[str, ...]
) -> dict[str, dict[str, float | None]]:
    net = network_for(catalogue, conditions)
    out: dict[str, dict[str, float | None]] = {}
    for a in ids:
        tree = net.shortest(a, ids)
        out[a] = {b: (tree[b][0] if b in tree else None) for b in ids}
    return out
