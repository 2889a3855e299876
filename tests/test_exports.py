"""GPX, ICS, GeoJSON and CSV parse back through their libraries and agree with the plan."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import gpxpy
import icalendar
import pytest

from tours.catalogue.model import TIMEZONES, Catalogue
from tours.export.formats import geojson, visits_csv
from tours.export.gpx import gpx
from tours.export.ics import ics
from tours.itinerary.plan import Plan
from tours.planner.request import Request
from tours.planner.tour import plan_tour


@pytest.fixture(scope="module")
def across(real: Catalogue) -> Plan:
    """Batumi to Kars: visits on both sides of the Georgia-Türkiye border (UTC+4 and UTC+3)."""
    request = Request(
        start="batumi",
        end="kars",
        days=3,
        date=date(2027, 6, 7),
        must=("ani", "gelati-monastery"),
        iterations=60,
    )
    return plan_tour(real, request)


def test_gpx_has_a_route_a_day_and_a_waypoint_a_visit(across: Plan, real: Catalogue) -> None:
    doc = gpxpy.parse(gpx(across, real))
    assert len(doc.routes) == len(across.days)
    assert all(len(r.points) >= 2 for r in doc.routes if r.points)
    assert len(doc.waypoints) == across.totals.visits
    first = across.days[0].visits[0]
    assert doc.waypoints[0].name == first.name and doc.waypoints[0].time == first.arrive


def test_ics_events_carry_the_zone_of_where_they_happen(across: Plan, real: Catalogue) -> None:
    cal = icalendar.Calendar.from_ical(ics(across, real))
    events = [c for c in cal.walk("VEVENT") if str(c["summary"]) != "Lunch"]
    assert len(events) == across.totals.visits
    visits = [v for d in across.days for v in d.visits]
    zones = set()
    for event, visit in zip(events, visits, strict=True):
        start = event.decoded("dtstart")
        assert str(start.tzinfo) == TIMEZONES[visit.country]
        assert start == visit.arrive  # the same instant
        zones.add(str(start.tzinfo))
    assert zones == {"Asia/Tbilisi", "Europe/Istanbul"}
    assert {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")} >= zones
    assert len([c for c in cal.walk("VEVENT") if str(c["summary"]) == "Lunch"]) == sum(
        1 for d in across.days if d.lunch
    )


def test_geojson_has_stops_and_day_lines(across: Plan, real: Catalogue) -> None:
    data = json.loads(geojson(across, real))
    kinds = [f["properties"]["kind"] for f in data["features"]]
    assert kinds.count("visit") == across.totals.visits and kinds.count("day") == len(across.days)
    for f in data["features"]:
        if f["geometry"]["type"] == "Point":
            lon, lat = f["geometry"]["coordinates"]
            assert 36 < lat < 43 and 26 < lon < 51  # [lon, lat], as GeoJSON orders them


def test_csv_has_a_row_a_visit(across: Plan) -> None:
    rows = list(csv.DictReader(io.StringIO(visits_csv(across))))
    assert len(rows) == across.totals.visits
    assert rows[0]["site"] == across.days[0].visits[0].site
