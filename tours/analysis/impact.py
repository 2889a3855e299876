"""Crossings ranked by what opening each one alone (both directions, to everyone) changes from a
base scenario: hours saved over every ordered pair of hubs, a pair with no road counting as
NO_ROAD_HOURS (a day lost), and the pairs newly reachable; with a batch of tour requests, also
the value (plan score) gained and the km saved over the batch, planned as a sweep."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from tours.analysis.batch import NamedRequest
from tours.analysis.reach import HUBS
from tours.analysis.sweep import Progress, Sweep, Variant, sweep
from tours.catalogue.model import Catalogue, Crossing
from tours.network.conditions import Conditions, network_for, scenario_for
from tours.planner.resolve import Resolver

NO_ROAD_HOURS = 24.0  # what a pair with no road costs in the sum: a day, at least


@dataclass(frozen=True)
class Impact:
    crossing: str
    name: str
    hours_saved: float  # over all pairs, no road counting as NO_ROAD_HOURS
    newly_reachable: int  # hub pairs with no road before
    pairs_faster: int
    # over a batch of requests (None without one):
    value_gained: int | None = None  # plan scores with it open minus without, summed
    km_saved: float | None = None  # km without minus with, over the tours possible both ways
    tours_possible: int | None = None  # tours of the batch possible only with it open

    def contract(self) -> dict[str, object]:
        out: dict[str, object] = {
            "crossing": self.crossing,
            "name": self.name,
            "hours_saved": round(self.hours_saved, 1),
            "newly_reachable": self.newly_reachable,
            "pairs_faster": self.pairs_faster,
        }
        if self.value_gained is not None:
            out |= {
                "value_gained": self.value_gained,
                "km_saved": round(self.km_saved or 0.0, 1),
                "tours_possible": self.tours_possible,
            }
        return out


def closed_crossings(catalogue: Catalogue, base: str, on: date) -> list[Crossing]:
    """The crossings not open to everyone both ways under `base` on `on`: the ones opening can
    change."""
    scenario = scenario_for(catalogue, Conditions(scenario=base, dates=(on,)))
    out = []
    for c in catalogue.crossings:
        statuses = [scenario.status(c.id, d) for d in c.directions()]
        if not all(s is not None and s.access.value == "everyone" for s in statuses):
            out.append(c)
    return out


def impact(
    catalogue: Catalogue,
    *,
    base: str = "status-quo",
    hubs: tuple[str, ...] = HUBS,
    on: date,
    requests: tuple[NamedRequest, ...] = (),
    workers: int = 1,
    progress: Progress | None = None,
) -> list[Impact]:
    """Every crossing not fully open under `base`, opened alone. Without `requests`, most hours
    saved first; with them, most value gained first (then km, then hours)."""
    resolver = Resolver(catalogue)
    ids = tuple(resolver.town(h) for h in hubs)
    before = _matrix(catalogue, Conditions(scenario=base, dates=(on,)), ids)
    out = []
    for c in closed_crossings(catalogue, base, on):
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
    if not requests:
        return sorted(out, key=lambda i: (-i.hours_saved, -i.newly_reachable, i.crossing))
    ran = sweep(
        catalogue,
        [Variant(base), *(Variant(base, open=(i.crossing,)) for i in out)],
        requests,
        workers=workers,
        progress=progress,
    )
    out = [_over_batch(i, ran) for i in out]
    return sorted(out, key=lambda i: (-(i.value_gained or 0), -(i.km_saved or 0), -i.hours_saved, i.crossing))


def _over_batch(row: Impact, ran: Sweep) -> Impact:
    """The row with what opening its crossing gains over the sweep's requests."""
    base, opened = ran.variants[0].label, Variant(ran.variants[0].scenario, open=(row.crossing,)).label
    gained, km, possible = 0, 0.0, 0
    for r in ran.requests:
        x, y = ran.cell(base, r.name), ran.cell(opened, r.name)
        gained += y.score - x.score
        if x.ok and y.ok:
            km += x.km - y.km
        possible += y.ok and not x.ok
    return replace(row, value_gained=gained, km_saved=km, tours_possible=possible)


def _matrix(
    catalogue: Catalogue, conditions: Conditions, ids: tuple[str, ...]
) -> dict[str, dict[str, float | None]]:
    net = network_for(catalogue, conditions)
    out: dict[str, dict[str, float | None]] = {}
    for a in ids:
        tree = net.shortest(a, ids)
        out[a] = {b: (tree[b][0] if b in tree else None) for b in ids}
    return out
