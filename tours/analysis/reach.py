"""Travel times between hubs under each scenario: the reach matrix."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from tours.catalogue.model import Catalogue
from tours.network.conditions import Conditions, network_for
from tours.planner.resolve import Resolver

# capitals and gateways: where tours start, end and cross
HUBS = ("tbilisi", "yerevan", "baku", "batumi", "kars", "trabzon", "nakhchivan", "gyumri", "igdir", "ganja")


@dataclass(frozen=True)
class ReachMatrix:
    """minutes[s][a][b]: the fastest travel from hub a to hub b under scenario s (None: no road)."""

    hubs: tuple[str, ...]
    names: tuple[str, ...]
    scenarios: tuple[str, ...]
    minutes: dict[str, dict[str, dict[str, float | None]]]
    on: date

    def change(self, a: str, b: str) -> float | None:
        """The share of time saved from the first scenario to the last (1.0: newly reachable)."""
        first, last = self.minutes[self.scenarios[0]][a][b], self.minutes[self.scenarios[-1]][a][b]
        if last is None:
            return None
        if first is None:
            return 1.0
        return (first - last) / first if first else 0.0

    def contract(self) -> dict[str, object]:
        return {
            "date": self.on.isoformat(),
            "hubs": list(self.hubs),
            "scenarios": list(self.scenarios),
            "minutes": {s: {a: dict(row) for a, row in m.items()} for s, m in self.minutes.items()},
        }

    def csv(self) -> str:
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["from", "to", *(f"{s} minutes" for s in self.scenarios)])
        for a in self.hubs:
            for b in self.hubs:
                if a != b:
                    w.writerow([a, b, *(_cell(self.minutes[s][a][b]) for s in self.scenarios)])
        return out.getvalue()


def _cell(x: float | None) -> str:
    return "" if x is None else f"{x:.0f}"


def reach_matrix(
    catalogue: Catalogue,
    scenarios: tuple[str, ...],
    *,
    hubs: tuple[str, ...] = HUBS,
    on: date,
    conditions: Conditions | None = None,
) -> ReachMatrix:
    """The matrix on date `on`; `conditions` gives overrides, nationality and flights."""
    resolver = Resolver(catalogue)
    ids = tuple(resolver.town(h) for h in hubs)
    base = conditions or Conditions()
    minutes: dict[str, dict[str, dict[str, float | None]]] = {}
    for s in scenarios:
        net = network_for(catalogue, Conditions(**{**base.__dict__, "scenario": s, "dates": (on,)}))
        table: dict[str, dict[str, float | None]] = {}
        for a in ids:
            tree = net.shortest(a, ids)
            table[a] = {b: (tree[b][0] if b in tree else None) for b in ids}
        minutes[s] = table
    names = tuple(catalogue.town(h).name for h in ids)
    return ReachMatrix(hubs=ids, names=names, scenarios=tuple(scenarios), minutes=minutes, on=on)
