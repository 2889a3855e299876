"""The same request planned under several scenarios, side by side: what each visits, drives and
crosses, and which sites each gains or loses against the first, with the reason the plan that
lacks a site gives for it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from tours.analysis.sweep import Variant
from tours.catalogue.model import Catalogue
from tours.itinerary.plan import Plan
from tours.planner.request import Request
from tours.planner.tour import plan_tour


@dataclass(frozen=True)
class Outcome:
    scenario: str
    title: str
    as_of: str
    plan: Plan

    @property
    def sites(self) -> tuple[str, ...]:
        return tuple(v.site for d in self.plan.days for v in d.visits)

    def contract(self) -> dict[str, Any]:
        t = self.plan.totals
        return {
            "scenario": self.scenario,
            "title": self.title,
            "as_of": self.as_of,
            "days": len(self.plan.days),
            "km": t.km,
            "drive_minutes": t.drive_minutes,
            "visits": t.visits,
            "score": t.score,
            "countries": list(t.countries),
            "crossings": list(t.crossings),
            "sites": list(self.sites),
            "nights": [d.end.id for d in self.plan.days[:-1]],
        }


@dataclass(frozen=True)
class Change:
    """A site one scenario visits and the other does not; `reason` from the plan without it."""

    scenario: str
    site: str
    name: str
    gained: bool  # against the first scenario
    code: str
    reason: str

    def contract(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Comparison:
    request: Request
    outcomes: tuple[Outcome, ...]
    changes: tuple[Change, ...]

    def contract(self) -> dict[str, Any]:
        return {
            "request": self.request.resolved().to_dict(),
            "scenarios": [o.contract() for o in self.outcomes],
            "changes": [c.contract() for c in self.changes],
            "notice": self.outcomes[0].plan.notices[0].text if self.outcomes[0].plan.notices else "",
        }


def compare(catalogue: Catalogue, request: Request, scenarios: tuple[str, ...]) -> Comparison:
    """`scenarios`: names, each with overrides of its own if wanted (`status-quo+open:alican-margara`,
    as `tours sweep` writes them); the request's own `open` / `close` apply to every one."""
    outcomes = []
    for name in scenarios:
        v = Variant.parse(name)
        plan = plan_tour(
            catalogue,
            replace(request, scenario=v.scenario, open=request.open + v.open, close=request.close + v.close),
        )
        outcomes.append(Outcome(name, plan.scenario.title, plan.scenario.as_of.isoformat(), plan))
    first = outcomes[0]
    changes: list[Change] = []
    for other in outcomes[1:]:
        mine, theirs = set(first.sites), set(other.sites)
        for site, gained, lacking in (
            *((s, True, first.plan) for s in sorted(theirs - mine)),
            *((s, False, other.plan) for s in sorted(mine - theirs)),
        ):
            why = next((x.reason for x in lacking.dropped if x.site == site), None)
            changes.append(
                Change(
                    scenario=other.scenario,
                    site=site,
                    name=catalogue.site(site).name,
                    gained=gained,
                    code=why.code.value if why else "not-chosen",
                    reason=why.text if why else "not among the interests; the other plan chose it",
                )
            )
    return Comparison(request=request, outcomes=tuple(outcomes), changes=tuple(changes))
