"""Hypothesis: random small tours in the tiny world keep every hard constraint.

Opening hours and seasons, day budgets, the driving cap, closed crossings per direction, mandatory
sites present, totals equal to the sums of legs, and a reason for every interesting site left out.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import assert_only_open_crossings, net_for, write_tiny
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tours import Request, TourError, load_catalogue, plan_tour
from tours.catalogue.hours import open_intervals
from tours.catalogue.model import TIMEZONES, Catalogue
from tours.planner import PACES, matches_interests


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    return load_catalogue(write_tiny(Path(tmp_path_factory.mktemp("tiny")) / "sites"))


requests = st.builds(
    Request,
    start=st.sampled_from(["capital-ge", "south-ge", "north-am"]),
    end=st.sampled_from([None, "capital-ge", "north-am"]),
    days=st.integers(1, 3),
    date=st.dates(date(2027, 1, 1), date(2027, 12, 31)),
    scenario=st.sampled_from(["status-quo", "az-open"]),
    interests=st.sampled_from([(), ("church",), ("monastery", "unesco"), ("palace", "fortress")]),
    must=st.sampled_from([(), ("gamma-monastery",), ("alpha-church",)]),
    pace=st.sampled_from(list(PACES)),
    iterations=st.just(15),
    seed=st.integers(0, 3),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(request=requests)
def test_random_tours_keep_every_hard_constraint(world: Catalogue, request: Request) -> None:
    try:
        plan = plan_tour(world, request)
    except TourError:
        return  # a refusal names its reason; tested elsewhere
    pace = request.pace_values
    network = net_for(world, request)
    scenario = network.scenario
    assert scenario is not None
    visited = {v.site for d in plan.days for v in d.visits}
    assert set(request.must) <= visited
    for day in plan.days:
        assert day.date == request.date + timedelta(days=day.day - 1)
        assert day.leave.time() >= pace.day_start and day.arrive.time() <= pace.day_end
        assert sum(g.drive_minutes for g in day.legs) <= pace.drive_minutes + len(
            day.legs
        )  # rounding per leg
        assert day.km == pytest.approx(sum(g.km for g in day.legs), abs=0.05 * max(1, len(day.legs)))
        for v in day.visits:
            site = world.site(v.site)
            assert v.arrive.month in site.months
            windows = open_intervals(site.opening_hours, v.arrive.date(), TIMEZONES[site.country])
            assert any(a <= v.arrive and v.depart <= b for a, b in windows)
    assert_only_open_crossings(plan, world, network, scenario, request.nationality)
    assert plan.totals.km == pytest.approx(sum(d.km for d in plan.days), abs=0.1)
    assert plan.totals.drive_minutes == sum(d.drive_minutes for d in plan.days)
    assert plan.totals.visits == len(visited)
    reasons = {d.site: d.reason.text for d in plan.dropped}
    for site in world.sites:
        if matches_interests(site, request.interests) and site.id not in visited:
            assert reasons.get(site.id), site.id
