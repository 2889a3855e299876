"""Tours an operator would sell, on the real catalogue: lunch, a few visits a day, one town at a
time, nights in a row, no two long drives in a row (issue 9)."""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from tours import RequestError
from tours.catalogue.model import TIMEZONES, Catalogue
from tours.itinerary.plan import Plan
from tours.planner.instance import site_towns
from tours.planner.request import LUNCH_WINDOW, PACES, Request
from tours.planner.tour import plan_tour

ITERATIONS = 200  # enough for the constraints below, which hold at any iteration count
REQUESTS = {
    "demo": Request(
        start="tbilisi",
        days=7,
        date=date(2027, 5, 10),
        interests=("monastery", "unesco"),
        iterations=ITERATIONS,
    ),
    "yerevan-10": Request(start="yerevan", days=10, date=date(2027, 6, 7), iterations=ITERATIONS),
    "trabzon-erzurum-6": Request(
        start="trabzon", end="erzurum", days=6, date=date(2027, 6, 7), iterations=ITERATIONS
    ),
    "baku-yerevan-12": Request(
        start="baku", end="yerevan", days=12, date=date(2027, 6, 7), allow_flights=True, iterations=ITERATIONS
    ),
}


@pytest.fixture(scope="module", params=sorted(REQUESTS))
def planned(request: pytest.FixtureRequest, real: Catalogue) -> tuple[Request, Plan]:
    asked = REQUESTS[request.param]
    return asked, plan_tour(real, asked)


def test_every_day_that_spans_midday_has_lunch_in_its_window(
    planned: tuple[Request, Plan], real: Catalogue
) -> None:
    asked, plan = planned
    zone = ZoneInfo(TIMEZONES[real.town(asked.start).country])  # the lunch clock (see planner.instance)
    minutes = PACES[asked.pace].lunch_minutes
    for d in plan.days:
        opens = datetime.combine(d.date, LUNCH_WINDOW[0], tzinfo=zone)
        closes = datetime.combine(d.date, LUNCH_WINDOW[1], tzinfo=zone)
        if d.arrive <= opens:
            continue  # over before midday
        assert d.lunch is not None, f"day {d.day} spans midday without lunch"
        assert opens <= d.lunch.start <= closes, (d.day, d.lunch)
        assert (d.lunch.end - d.lunch.start).total_seconds() >= minutes * 60
        for v in d.visits:  # never inside a visit
            assert v.depart <= d.lunch.start or v.arrive >= d.lunch.end, (d.day, v.name, d.lunch)


def test_at_most_the_pace_visits_a_day(planned: tuple[Request, Plan]) -> None:
    asked, plan = planned
    cap = asked.pace_values.max_visits
    assert cap == 6
    assert max(len(d.visits) for d in plan.days) <= cap


def test_each_town_is_seen_on_one_visit(planned: tuple[Request, Plan], real: Catalogue) -> None:
    """A town's sites lie on one day, or on two consecutive days with the night between spent in
    that town; a town with no hotel (Mtskheta, Vagharshapat) on one day."""
    _, plan = planned
    towns = site_towns(real)
    days_of: dict[str, set[int]] = {}
    for d in plan.days:
        for v in d.visits:
            if v.site in towns:
                days_of.setdefault(towns[v.site], set()).add(d.day)
    night = {d.day: d.end.id for d in plan.days}
    for town, days in days_of.items():
        if not real.town(town).accommodation:
            assert len(days) == 1, (town, sorted(days))
        assert max(days) - min(days) <= 1, (town, sorted(days))
        if len(days) == 2:
            assert night[min(days)] == town, (town, sorted(days), night[min(days)])


def test_a_tour_of_five_days_or_more_stays_two_nights_somewhere(planned: tuple[Request, Plan]) -> None:
    _, plan = planned
    nights = [d.end.id for d in plan.days[:-1]]
    assert len(plan.days) < 5 or any(a == b for a, b in pairwise(nights)), nights


def test_no_two_long_drives_in_a_row(planned: tuple[Request, Plan]) -> None:
    asked, plan = planned
    long = asked.pace_values.long_drive
    drives = [d.drive_minutes for d in plan.days]
    assert not any(a > long and b > long for a, b in pairwise(drives)), drives


def test_walks_are_walks_and_do_not_count_as_driving(planned: tuple[Request, Plan]) -> None:
    _, plan = planned
    for d in plan.days:
        assert d.drive_minutes == sum(g.drive_minutes for g in d.legs)
        for g in d.legs:
            if g.mode == "walk":
                assert g.drive_minutes == 0 and g.km < 3


def test_countries_keep_the_tour_inside(real: Catalogue) -> None:
    asked = Request(start="yerevan", days=5, date=date(2027, 6, 7), countries=("AM",), iterations=60)
    plan = plan_tour(real, asked)
    assert {v.country for d in plan.days for v in d.visits} == {"AM"}
    assert {real.town(d.end.id).country for d in plan.days} == {"AM"}
    assert not plan.totals.crossings


def test_nights_fix_the_first_nights(real: Catalogue) -> None:
    asked = Request(
        start="tbilisi", days=5, date=date(2027, 6, 7), nights=(("tbilisi", 2), ("kutaisi", 1)), iterations=60
    )
    plan = plan_tour(real, asked)
    assert [d.end.id for d in plan.days[:3]] == ["tbilisi", "tbilisi", "kutaisi"]


def test_max_visits_caps_every_day(real: Catalogue) -> None:
    plan = plan_tour(
        real, Request(start="tbilisi", days=3, date=date(2027, 6, 7), max_visits=3, iterations=60)
    )
    assert max(len(d.visits) for d in plan.days) <= 3


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"countries": ("GE", "XX")}, "XX is not one of"),
        ({"countries": ("AM",)}, "outside --countries"),
        ({"nights": (("tbilisi", 9),)}, "fixes 9 nights"),
    ],
)
def test_impossible_day_model_requests_say_why(
    real: Catalogue, changes: dict[str, object], message: str
) -> None:
    base = {"start": "tbilisi", "days": 4, "date": date(2027, 6, 7), "iterations": 10}
    with pytest.raises(RequestError, match=message):
        plan_tour(real, Request(**{**base, **changes}))  # type: ignore[arg-type]


def test_lunch_can_be_turned_off(real: Catalogue) -> None:
    plan = plan_tour(
        real, Request(start="tbilisi", days=2, date=date(2027, 6, 7), lunch=False, iterations=40)
    )
    assert all(d.lunch is None for d in plan.days)
