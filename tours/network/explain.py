"""Why a route is missing or longer than it could be, as data: the closed crossing directions on
the way, the other closed entries into that country, the seasonal roads, the flights a request
did not allow. The English comes from `tours.notes`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from tours import notes
from tours.catalogue.model import Access
from tours.network.graph import Arc, Network, arcs_to
from tours.notes import Notice, NoticeCode

if TYPE_CHECKING:
    from tours.catalogue.timeline import Event, Timeline


@dataclass(frozen=True)
class Blockage:
    """Why no road joins two places under a network's conditions."""

    kind: Literal["crossing", "season", "disconnected"]
    crossings: tuple[str, ...] = ()  # "crossing:FROM>TO" closed on the way it would take
    others: tuple[str, ...] = ()  # the other closed land entries into that country
    closures: tuple[dict[str, Any], ...] = ()  # seasonal roads: {"road", "between", "months"}
    flights: tuple[str, ...] = ()  # flights that would reach it, were flights allowed
    rules: tuple[str, ...] = ()  # "red-bridge AZ>GE: open to foreigners ...": open, not to this traveller

    def params(self) -> dict[str, Any]:
        return {
            "rules": list(self.rules),
            "kind": self.kind,
            "crossings": list(self.crossings),
            "others": list(self.others),
            "closures": [dict(c) for c in self.closures],
            "flights": list(self.flights),
        }

    @property
    def text(self) -> str:
        """The closed way in, without the flight hint."""
        return notes.blockage_text(self.params())


def _path_with(net: Network, extra: tuple[Arc, ...], src: str, dst: str) -> list[Arc] | None:
    """The fastest path if the `extra` arcs were added, or None if there is still none."""
    if not extra:
        return None
    tree = Network(nodes=net.nodes, arcs=net.arcs + extra).shortest(src, [dst])
    return arcs_to(tree, src, dst) if dst in tree else None


def blocking(net: Network, src: str, dst: str) -> list[tuple[str, str]]:
    """Closed (crossing, direction) pairs on the route the network would take with all open."""
    path = _path_with(net, net.removed, src, dst)
    if path is None:
        return []
    closed = {(a.crossing, a.direction) for a in net.removed}
    used = [(a.crossing, a.direction) for a in path if a.crossing]
    return [x for x in used if x in closed]


def season_blocking(net: Network, src: str, dst: str) -> list[Arc]:
    """Seasonally closed roads on the route the network would take were they open."""
    path = _path_with(net, net.closed, src, dst)
    closed = set(net.closed)
    return [a for a in path or () if a in closed]


def grounded_flights(net: Network, src: str, dst: str) -> tuple[str, ...]:
    """The flights ("TBS-GYD") a request did not allow that would make dst reachable."""
    path = _path_with(net, net.grounded, src, dst)
    return tuple(a.road for a in path or () if a.mode == "flight")


def closure(net: Network, arc: Arc) -> dict[str, Any]:
    return {
        "road": arc.road,
        "between": sorted((net.nodes[arc.src].name, net.nodes[arc.dst].name)),
        "months": sorted(arc.closed_months),
    }


def blockage(net: Network, src: str, dst: str) -> Blockage:
    """Why no road joins src to dst: the closed crossings, and any other closed way in."""
    flights = grounded_flights(net, src, dst)
    blocked = blocking(net, src, dst)
    if not blocked:
        season = season_blocking(net, src, dst)
        if season:
            return Blockage("season", closures=tuple(closure(net, a) for a in season), flights=flights)
        return Blockage("disconnected", flights=flights)
    crossing, direction = blocked[0]
    country = direction.split(">")[1]
    others = sorted(
        {a.crossing for a in net.removed if a.direction.endswith(">" + country) and a.crossing != crossing}
    )
    rules = []
    for a in sorted({(a.crossing, a.direction) for a in net.removed if a.direction.endswith(">" + country)}):
        status = net.scenario.status(*a) if net.scenario else None
        if status is not None and status.access not in (Access.CLOSED, Access.PERMIT):
            rules.append(f"{a[0]} {a[1]}: {status.rule()}")
    return Blockage(
        "crossing",
        crossings=tuple(f"{c}:{d}" for c, d in blocked),
        others=tuple(others),
        flights=flights,
        rules=tuple(rules),
    )


def explain_unreachable(net: Network, src: str, dst: str) -> str:
    """The one-line message for a missing route."""
    a, b = net.nodes[src].name, net.nodes[dst].name
    scenario = net.scenario.name if net.scenario else "this network"
    why = blockage(net, src, dst)
    return f"No road from {a} to {b} under {scenario}: {why.text}.{notes.flight_hint(why.flights)}"


def season_notice(net: Network, legs: Iterable[tuple[str, str]] | None = None) -> Notice | None:
    """The notice for roads closed on the trip's dates, or None when none is. With `legs`
    ((from, to) pairs), only the closed roads those legs would have taken if open."""
    closed: Iterable[Arc] = net.closed
    if legs is not None:
        closed = [a for src, dst in legs for a in season_blocking(net, src, dst)]
    found = {(a.road, tuple(sorted((a.src, a.dst)))): a for a in closed}
    if not found:
        return None
    closures = [closure(net, a) for _, a in sorted(found.items())]
    return Notice(
        NoticeCode.SEASONAL_ROADS,
        {"first": net.dates[0].isoformat(), "last": net.dates[-1].isoformat(), "closures": closures},
    )


def crossed(net: Network, path: Iterable[str]) -> list[tuple[str, str]]:
    """(crossing, direction) of each crossing arc along a path of node ids, in order."""
    return [
        (arc.crossing, arc.direction)
        for src, dst in pairwise(path)
        if (arc := net.crossing_between(src, dst)) is not None
    ]


def border_notices(
    net: Network,
    used: Iterable[tuple[str, str]],
    *,
    nationality: str | None,
    names: dict[str, str],
    timeline: Timeline | None = None,
) -> list[Notice]:
    """The notices a plan or route that uses the crossing directions `used` carries: the rule
    applied to each, statuses that change during the trip, and dates past what is known."""
    scenario = net.scenario
    out: list[Notice] = []
    if scenario is None:
        return out
    rules = []
    for cid, direction in dict.fromkeys(used):
        status = scenario.status(cid, direction)
        if status is not None:
            rules.append(f"{names.get(cid, cid)} {direction}: {status.rule()}")
    if rules:
        out.append(
            Notice(NoticeCode.CROSSING_RULES, {"nationality": nationality or "third-country", "rules": rules})
        )
    if scenario.on is None:
        return out
    last = net.dates[-1] if net.dates else scenario.on
    if timeline is not None and last > scenario.on:
        changes = [_change(e, names) for e in timeline.changes_between(scenario.on, last)]
        if changes:
            out.append(Notice(NoticeCode.STATUS_CHANGES, {"changes": changes, "on": scenario.on.isoformat()}))
    if scenario.known_until is not None and last > scenario.known_until:
        out.append(
            Notice(
                NoticeCode.BEYOND_TIMELINE,
                {"known_until": scenario.known_until.isoformat(), "on": scenario.on.isoformat()},
            )
        )
    return out


def _change(e: Event, names: dict[str, str]) -> str:
    if e.crossing:
        return f"{names.get(e.crossing, e.crossing)} {e.direction} becomes {e.access.value} from {e.start}"
    return f"flight {e.route} {'operates' if e.operates else 'stops'} from {e.start}"
