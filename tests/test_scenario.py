from __future__ import annotations

import copy
from datetime import date

import pytest

from tours import NoRouteError, UnknownNameError, apply_scenario, build_network, override
from tours.catalogue.model import Access, Catalogue
from tours.network import route
from tours.network.conditions import Conditions, scenario_for


def test_apply_scenario_never_mutates_its_input(tiny: Catalogue) -> None:
    network = build_network(tiny)
    before = (copy.copy(network.arcs), dict(network.nodes), network.removed)
    closed = apply_scenario(network, tiny.scenario("status-quo"))
    assert (network.arcs, dict(network.nodes), network.removed) == before
    assert closed is not network
    assert any(a.crossing == "ge-az" for a in network.arcs if a.direction == "GE>AZ")
    assert not any(a.direction == "GE>AZ" for a in closed.arcs)


def test_closed_direction_is_one_way(tiny: Catalogue) -> None:
    net = apply_scenario(build_network(tiny), tiny.scenario("status-quo"))
    assert route(net, "east-az", "capital-ge").crossings == ("ge-az",)  # leaving is allowed
    with pytest.raises(NoRouteError, match="ge-az is closed GE>AZ"):
        route(net, "capital-ge", "east-az")


def test_based_on_inherits_and_overrides(tiny: Catalogue) -> None:
    opened = tiny.scenario("az-open")
    status = opened.status("ge-az", "GE>AZ")
    assert status is not None and status.access is Access.THIRD_COUNTRY
    assert opened.status("ge-am", "GE>AM") == tiny.scenario("status-quo").status("ge-am", "GE>AM")


def test_third_country_opening_depends_on_nationality(tiny: Catalogue) -> None:
    net = build_network(tiny)
    scenario = tiny.scenario("az-open")
    assert route(apply_scenario(net, scenario), "capital-ge", "east-az").crossings == ("ge-az",)
    with pytest.raises(NoRouteError):
        route(apply_scenario(net, scenario, nationality="GE"), "capital-ge", "east-az")


def test_override_opens_one_direction_and_leaves_the_scenario_alone(tiny: Catalogue) -> None:
    quo = tiny.scenario("status-quo")
    run = override(quo, tiny.crossings, open_ids=("ge-az:GE>AZ",), close_ids=("ge-am",))
    assert quo.status("ge-az", "GE>AZ").access is Access.CLOSED  # type: ignore[union-attr]
    assert run.status("ge-az", "GE>AZ").access is Access.EVERYONE  # type: ignore[union-attr]
    assert run.status("ge-am", "AM>GE").access is Access.CLOSED  # type: ignore[union-attr]
    with pytest.raises(UnknownNameError, match="Did you mean: ge-az"):
        override(quo, tiny.crossings, open_ids=("ge-azz",))


def test_real_status_quo_closes_azerbaijan_to_arrivals(real: Catalogue) -> None:
    quo = scenario_for(real, Conditions(dates=(date(2026, 5, 1),)))
    assert quo.timeline and quo.on == date(2026, 5, 1)
    into_az = [s for s in quo.statuses if s.direction.endswith(">AZ")]
    assert into_az and all(s.access is Access.CLOSED for s in into_az)
    assert all(s.source and s.as_of for s in quo.statuses)
    margara = [s for s in quo.statuses if s.crossing == "alican-margara"]
    assert margara and all(s.access is Access.CLOSED for s in margara)
