"""Plain exports of a plan, from the standard library: GeoJSON (stops and day routes) and a CSV of
visits. Coordinates come from the catalogue; day routes follow each leg's network path."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from tours.catalogue.model import Catalogue
from tours.itinerary.plan import Day, Plan

Point = tuple[float, float]  # (lat, lon)


def coordinates(catalogue: Catalogue) -> dict[str, Point]:
    """(lat, lon) of every town, junction, border post and site, by id."""
    return {t.id: (t.lat, t.lon) for t in catalogue.towns} | {s.id: (s.lat, s.lon) for s in catalogue.sites}


def day_path(day: Day) -> list[str]:
    """The network nodes the day follows, leg after leg, without repeats at the joins."""
    out: list[str] = []
    for leg in day.legs:
        for node in leg.path or (leg.from_, leg.to):
            if not out or out[-1] != node:
                out.append(node)
    return out or [day.start.id]


def geojson(plan: Plan, catalogue: Catalogue) -> str:
    """A FeatureCollection: a Point per visit and per night, a LineString per day."""
    at = coordinates(catalogue)
    features: list[dict[str, Any]] = []
    for d in plan.days:
        line = [[at[n][1], at[n][0]] for n in day_path(d)]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": line},
                "properties": {
                    "kind": "day",
                    "day": d.day,
                    "date": d.date.isoformat(),
                    "from": d.start.name,
                    "to": d.end.name,
                    "km": d.km,
                    "drive_minutes": d.drive_minutes,
                },
            }
        )
        for order, v in enumerate(d.visits, start=1):
            lat, lon = at[v.site]
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {
                        "kind": "visit",
                        "day": d.day,
                        "order": order,
                        "site": v.site,
                        "name": v.name,
                        "arrive": v.arrive.isoformat(),
                        "depart": v.depart.isoformat(),
                    },
                }
            )
        lat, lon = at[d.end.id]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"kind": "night", "day": d.day, "place": d.end.id, "name": d.end.name},
            }
        )
    return (
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1) + "\n"
    )


VISIT_COLUMNS = (
    "day",
    "date",
    "order",
    "site",
    "name",
    "country",
    "arrive",
    "depart",
    "opening_hours",
    "hours_verified",
)


def visits_csv(plan: Plan) -> str:
    """One row per visit, local times with offset."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(VISIT_COLUMNS)
    for d in plan.days:
        for order, v in enumerate(d.visits, start=1):
            writer.writerow(
                [
                    d.day,
                    d.date.isoformat(),
                    order,
                    v.site,
                    v.name,
                    v.country,
                    v.arrive.isoformat(),
                    v.depart.isoformat(),
                    v.opening_hours,
                    "yes" if v.hours_verified else "no",
                ]
            )
    return buffer.getvalue()
