"""What a run may use, as one value: the scenario with this run's overrides, the traveller's
nationality, the dates (seasonal roads) and whether flights are allowed.

`network_for(catalogue, conditions)` applies them, left to right, to the base network, which is
built once per catalogue and cached: `apply_scenario` (crossing directions), `apply_season`
(winter passes), `add_flights`. Each step returns a new network and never changes its input.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tours.catalogue.model import Access, Catalogue, Crossing, CrossingStatus, Scenario
from tours.catalogue.scenarios import DEFAULT_SCENARIO
from tours.catalogue.timeline import scenario_on
from tours.errors import UnknownNameError
from tours.names import suggest
from tours.network.flights import add_flights
from tours.network.graph import Network, build_network


@dataclass(frozen=True)
class Conditions:
    """What this run may use. `nationality` None is a third-country national."""

    scenario: str = DEFAULT_SCENARIO
    open: tuple[str, ...] = ()  # crossing ids, or "id:GE>AZ" for one direction
    close: tuple[str, ...] = ()
    nationality: str | None = None
    dates: tuple[date, ...] = ()  # every day of the trip; () for no seasonal closures
    allow_flights: bool = False


_BASE: dict[int, tuple[weakref.ref[Catalogue], Network]] = {}


def base_network(catalogue: Catalogue) -> Network:
    """`build_network(catalogue)`, built once per catalogue object."""
    key = id(catalogue)
    found = _BASE.get(key)
    if found is not None and found[0]() is catalogue:
        return found[1]
    network = build_network(catalogue)
    _BASE[key] = (weakref.ref(catalogue, lambda _: _BASE.pop(key, None)), network)
    return network


def scenario_for(catalogue: Catalogue, conditions: Conditions) -> Scenario:
    """The named scenario with this run's `--open` / `--close` laid over it."""
    try:
        base = catalogue.scenario(conditions.scenario)
    except KeyError:
        names = [s.name for s in catalogue.scenarios]
        raise UnknownNameError("scenario", conditions.scenario, suggest(conditions.scenario, names)) from None
    dated = scenario_on(base, catalogue.timeline, conditions.dates[0] if conditions.dates else None)
    return override(dated, catalogue.crossings, open_ids=conditions.open, close_ids=conditions.close)


def network_for(catalogue: Catalogue, conditions: Conditions) -> Network:
    """The network this run may use: scenario, the season of every trip day, flights if allowed."""
    scenario = scenario_for(catalogue, conditions)
    network = apply_scenario(base_network(catalogue), scenario, nationality=conditions.nationality)
    if conditions.dates:
        network = apply_season(network, conditions.dates)
    return add_flights(
        network, catalogue.airports, catalogue.flights, scenario, allowed=conditions.allow_flights
    )


def override(
    scenario: Scenario,
    crossings: tuple[Crossing, ...],
    *,
    open_ids: tuple[str, ...] = (),
    close_ids: tuple[str, ...] = (),
    as_of: date | None = None,
) -> Scenario:
    """A new scenario with some crossings opened or closed for this run.

    An id may carry one direction, `red-bridge:GE>AZ`; without it both directions change.
    """
    if not open_ids and not close_ids:
        return scenario
    by_id = {c.id: c for c in crossings}
    changed: dict[tuple[str, str], CrossingStatus] = {}
    labels: list[str] = []
    for ids, access, verb in ((open_ids, Access.EVERYONE, "open"), (close_ids, Access.CLOSED, "close")):
        for item in ids:
            cid, _, direction = item.partition(":")
            if cid not in by_id:
                raise UnknownNameError("crossing", cid, suggest(cid, list(by_id)))
            dirs = by_id[cid].directions()
            if direction and direction not in dirs:
                raise UnknownNameError(f"direction of {cid}", direction, list(dirs))
            for d in (direction,) if direction else dirs:
                changed[(cid, d)] = CrossingStatus(
                    crossing=cid,
                    direction=d,
                    access=access,
                    as_of=as_of or scenario.as_of,
                    source="override given for this run (hypothetical)",
                    note=f"--{verb} {item}",
                )
            labels.append(f"{verb}:{item}")
    statuses = [changed.get((s.crossing, s.direction), s) for s in scenario.statuses]
    return replace(
        scenario,
        name=f"{scenario.name}+{'+'.join(labels)}",
        title=f"{scenario.title}, with {', '.join(labels)} for this run (hypothetical)",
        statuses=tuple(statuses),
    )


def apply_scenario(network: Network, scenario: Scenario, *, nationality: str | None = None) -> Network:
    """A new network in which the crossing arcs this traveller may not use are gone.

    `nationality` None means a third-country national. The input network is not changed.
    """
    allowed: set[tuple[str, str]] = set()
    for s in scenario.statuses:
        if s.allows(nationality):
            allowed.add((s.crossing, s.direction))
    return restrict(network, scenario=scenario, allowed=frozenset(allowed))


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
