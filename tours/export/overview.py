"""The overview map at the top of an itinerary, as data for an inline SVG: it prints, needs no
script and no tiles, and shows the days' routes over the country outlines kept in the repository.

Only numbers and plain text leave this module; the template draws the SVG and escapes the text.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from tours.catalogue.model import COUNTRIES, Catalogue
from tours.export.formats import Point, coordinates, day_path
from tours.itinerary.plan import Plan
from tours.resources import data_dir

DAY_COLOURS = (
    "#1b6ca8",
    "#c0392b",
    "#27ae60",
    "#8e44ad",
    "#d35400",
    "#16a085",
    "#2c3e50",
    "#b7950b",
    "#7f8c8d",
    "#e84393",
)
WIDTH, HEIGHT = 640, 420  # at most, in SVG units: a tall picture is narrower, not taller
Polygon = tuple[tuple[Point, ...], ...]
MIN_SPAN = 0.6  # degrees: a one-town tour still shows its surroundings
MIN_TALL, MAX_TALL = 0.45, 0.9  # height / width of the picture


def day_colour(day: int) -> str:
    return DAY_COLOURS[(day - 1) % len(DAY_COLOURS)]


@cache
def country_outlines() -> tuple[tuple[str, tuple[Polygon, ...]], ...]:
    """(ISO code, polygons) of the four countries, Natural Earth 1:10m, as in the repo; a polygon's
    first ring is its outline, the others its holes (the exclaves)."""
    data = json.loads((data_dir() / "reference" / "countries_ne10m.geojson").read_text(encoding="utf-8"))
    out = []
    for feature in data["features"]:
        geometry: dict[str, Any] = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        shapes = tuple(tuple(tuple((y, x) for x, y in ring) for ring in polygon) for polygon in polygons)
        out.append((str(feature["properties"].get("ISO_A2", "")), shapes))
    return tuple(out)


@dataclass(frozen=True)
class Mark:
    """A point on the overview: x, y in SVG units; `label` plain text."""

    x: float
    y: float
    label: str
    number: int = 0
    colour: str = "#000"


@dataclass(frozen=True)
class DayLine:
    day: int
    colour: str
    points: str  # "x,y x,y ..." for an SVG polyline (numbers only)


@dataclass(frozen=True)
class Overview:
    """What `_partials/overview_map.html` draws: outlines as SVG path data (numbers only), a
    polyline a day, numbered stops and labelled night towns."""

    width: int
    height: int
    outlines: tuple[tuple[str, str], ...]  # (country name, path data)
    days: tuple[DayLine, ...]
    stops: tuple[Mark, ...]
    towns: tuple[Mark, ...]


@dataclass(frozen=True)
class _Frame:
    south: float
    west: float
    north: float
    east: float
    scale: float  # SVG units per degree of longitude
    squeeze: float  # cos(mid latitude): a degree of latitude is longer than one of longitude

    def xy(self, p: Point) -> tuple[float, float]:
        return (
            round((p[1] - self.west) * self.scale, 1),
            round((self.north - p[0]) * self.scale / self.squeeze, 1),
        )


def _frame(points: list[Point]) -> _Frame:
    south, north = min(p[0] for p in points), max(p[0] for p in points)
    west, east = min(p[1] for p in points), max(p[1] for p in points)
    pad_lat = max((north - south) * 0.12, (MIN_SPAN - (north - south)) / 2, 0.15)
    pad_lon = max((east - west) * 0.08, (MIN_SPAN - (east - west)) / 2, 0.15)
    south, north, west, east = south - pad_lat, north + pad_lat, west - pad_lon, east + pad_lon
    squeeze = math.cos(math.radians((south + north) / 2))
    # keep the picture between a wide strip and a square: widen or heighten the frame about its middle
    tall = (north - south) / ((east - west) * squeeze)
    if tall > MAX_TALL:
        grow = (east - west) * (tall / MAX_TALL - 1) / 2
        west, east = west - grow, east + grow
    elif tall < MIN_TALL:
        grow = (north - south) * (MIN_TALL / tall - 1) / 2
        south, north = south - grow, north + grow
    scale = min(WIDTH / (east - west), HEIGHT * squeeze / (north - south))
    return _Frame(south, west, north, east, scale, squeeze)


def _path(frame: _Frame, polygons: tuple[Polygon, ...]) -> str:
    parts = []
    for ring in (ring for polygon in polygons for ring in polygon):
        if not any(
            frame.south - 2 < la < frame.north + 2 and frame.west - 2 < lo < frame.east + 2 for la, lo in ring
        ):
            continue  # far outside the frame
        xy = [frame.xy(p) for p in ring[::2]]
        parts.append("M" + " L".join(f"{x},{y}" for x, y in xy) + " Z")
    return " ".join(parts)


def overview(plan: Plan, catalogue: Catalogue) -> Overview:
    """The plan's days over the country outlines, framed on the places the plan goes through."""
    at = coordinates(catalogue)
    points = [at[n] for d in plan.days for n in day_path(d) if n in at]
    points += [at[v.site] for d in plan.days for v in d.visits if v.site in at]
    frame = _frame(points or [at[plan.days[0].start.id]])
    lines = tuple(
        DayLine(
            d.day,
            day_colour(d.day),
            " ".join(f"{x},{y}" for x, y in map(frame.xy, (at[n] for n in day_path(d)))),
        )
        for d in plan.days
    )
    stops, number = [], 0
    for d in plan.days:
        for v in d.visits:
            number += 1
            x, y = frame.xy(at[v.site])
            stops.append(Mark(x, y, v.name, number, day_colour(d.day)))
    towns: dict[str, Mark] = {}
    for d in plan.days:
        for place in (d.start, d.end):
            if place.id not in towns:
                x, y = frame.xy(at[place.id])
                towns[place.id] = Mark(x, y, place.name)
    return Overview(
        width=round((frame.east - frame.west) * frame.scale),
        height=round((frame.north - frame.south) * frame.scale / frame.squeeze),
        outlines=tuple(
            (COUNTRIES.get(code, code), _path(frame, shapes)) for code, shapes in country_outlines()
        ),
        days=lines,
        stops=tuple(stops),
        towns=tuple(towns.values()),
    )
