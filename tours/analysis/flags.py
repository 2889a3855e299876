"""What a scenario says, crossing by crossing and direction by direction, once its bases, the
real timeline and any overrides are laid over each other: `tours scenarios show`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tours.catalogue.model import Catalogue, Scenario
from tours.network.conditions import Conditions, scenario_for


@dataclass(frozen=True)
class Flag:
    """One crossing direction under the scenario."""

    crossing: str
    name: str
    direction: str  # "GE>AZ"
    access: str  # tours.catalogue.model.Access
    rule: str  # the access in words
    as_of: date
    source: str
    note: str = ""
    since: date | None = None  # when the timeline's event began
    set_by: str = "scenario"  # "timeline", "scenario" (its file or a base's), "run" (--open/--close)

    def contract(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["as_of"] = self.as_of.isoformat()
        out["since"] = self.since.isoformat() if self.since else None
        return out


@dataclass(frozen=True)
class ScenarioFlags:
    name: str
    title: str
    description: str
    based_on: str
    as_of: date
    on: date | None  # the day the timeline was read on (None: not built on the timeline)
    known_until: date | None
    flags: tuple[Flag, ...]
    flights: tuple[dict[str, Any], ...]  # the scenario's word on flight routes

    def contract(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "based_on": self.based_on,
            "as_of": self.as_of.isoformat(),
            "on": self.on.isoformat() if self.on else None,
            "known_until": self.known_until.isoformat() if self.known_until else None,
            "crossings": [f.contract() for f in self.flags],
            "flights": list(self.flights),
        }


def scenario_flags(
    catalogue: Catalogue,
    name: str,
    *,
    on: date | None = None,
    open_ids: tuple[str, ...] = (),
    close_ids: tuple[str, ...] = (),
) -> ScenarioFlags:
    """The effective flags of scenario `name` on day `on` (default: the last day its sources
    speak for), with this run's `--open` / `--close`."""
    s: Scenario = scenario_for(
        catalogue, Conditions(scenario=name, open=open_ids, close=close_ids, dates=(on,) if on else ())
    )
    own = {(x.crossing, x.direction) for x in s.overlay}
    flags = []
    for c in catalogue.crossings:
        for d in c.directions():
            status = s.status(c.id, d)
            if status is None:
                continue
            flags.append(
                Flag(
                    crossing=c.id,
                    name=c.name,
                    direction=d,
                    access=status.access.value,
                    rule=status.rule(),
                    as_of=status.as_of,
                    source=status.source,
                    note=status.note,
                    since=status.since,
                    set_by=_set_by(s, (c.id, d) in own, status.source),
                )
            )
    flights = tuple(
        {"route": f.route, "operates": f.operates, "source": f.source, "note": f.note} for f in s.flights
    )
    return ScenarioFlags(
        name=s.name,
        title=s.title,
        description=s.description,
        based_on=s.based_on,
        as_of=s.as_of,
        on=s.on,
        known_until=s.known_until,
        flags=tuple(flags),
        flights=flights,
    )


def _set_by(s: Scenario, own: bool, source: str) -> str:
    if source.startswith("override given for this run"):  # tours.network.conditions.override
        return "run"
    return "timeline" if s.timeline and not own else "scenario"


def listing(catalogue: Catalogue) -> list[dict[str, Any]]:
    """The `tours scenarios list --json` rows: each scenario as its file names it."""
    return [
        {
            "name": s.name,
            "title": s.title,
            "as_of": s.as_of.isoformat(),
            "based_on": s.based_on,
            "timeline": s.timeline,
            "description": s.description,
            "file": s.origin,
        }
        for s in catalogue.scenarios
    ]
