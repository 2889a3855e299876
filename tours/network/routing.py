"""Routes: the fastest way between two places, or why there is none."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tours.errors import NoRouteError
from tours.network.explain import blockage, explain_unreachable
from tours.network.graph import Network, Route, unwind


def route(net: Network, src: str, dst: str) -> Route:
    """The fastest route; `NoRouteError` names the closed crossings that block it."""
    tree = net.shortest(src, [dst])
    if dst not in tree:
        raise NoRouteError(explain_unreachable(net, src, dst))
    return unwind(tree, src, dst)


def routes_from(net: Network, src: str, targets: Iterable[str]) -> dict[str, Route]:
    wanted = list(targets)
    tree = net.shortest(src, wanted)
    return {t: unwind(tree, src, t) for t in wanted if t in tree}


def route_contract(net: Network, src: str, dst: str) -> dict[str, Any]:
    """The `tours route --json` contract, reachable or not."""
    try:
        return route(net, src, dst).contract()
    except NoRouteError as exc:
        why = blockage(net, src, dst)
        return {
            "from": src,
            "to": dst,
            "reachable": False,
            "km": None,
            "minutes": None,
            "crossings": [],
            "mode": None,
            "flights": [],
            "reason": str(exc),
            "blockage": why.params(),
        }
