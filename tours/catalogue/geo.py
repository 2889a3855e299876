"""Country borders: is a point inside its country, and how far is it from the border line.

The polygons are Natural Earth 1:10m admin-0 (`sites/reference/countries_ne10m.geojson`, public
domain), read with the standard library. Inside-or-not is ray casting with the even-odd rule over
every ring, so an enclave cut out of a country is a hole. Distances use a local equirectangular
projection around the point, good to metres at the few-kilometre scale of a border check.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from tours.errors import CatalogueError
from tours.resources import data_dir

BORDERS_FILE = ("reference", "countries_ne10m.geojson")  # under the built-in sites/
BAND = 0.1  # degrees of latitude per bucket of edges
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQUATOR = 111.320

Edge = tuple[float, float, float, float]  # lon1, lat1, lon2, lat2


@dataclass(frozen=True)
class Borders:
    """Border edges per ISO alpha-2 code, with an index of the edges by band of latitude."""

    edges: Mapping[str, tuple[Edge, ...]]
    bands: Mapping[str, Mapping[int, tuple[Edge, ...]]]

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted(self.edges))

    def contains(self, country: str, lat: float, lon: float) -> bool:
        """Whether (lat, lon) lies inside `country` (a ray to the east crosses an odd number of edges)."""
        inside = False
        for x1, y1, x2, y2 in self.bands[country].get(_band(lat), ()):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        return inside

    def country_at(self, lat: float, lon: float) -> str | None:
        """The country whose polygon holds the point, or None (sea, or a fifth country)."""
        return next((c for c in self.countries if self.contains(c, lat, lon)), None)

    def border_km(self, country: str, lat: float, lon: float) -> float:
        """Distance in km from the point to the nearest edge of `country`'s polygon."""
        kx = KM_PER_DEG_LON_EQUATOR * math.cos(math.radians(lat))
        best = math.inf
        for x1, y1, x2, y2 in self.edges[country]:
            ax, ay = (x1 - lon) * kx, (y1 - lat) * KM_PER_DEG_LAT
            bx, by = (x2 - lon) * kx, (y2 - lat) * KM_PER_DEG_LAT
            best = min(best, _to_segment(ax, ay, bx, by))
        return best


def _band(lat: float) -> int:
    return math.floor(lat / BAND)


def _to_segment(ax: float, ay: float, bx: float, by: float) -> float:
    """Distance from the origin to the segment a-b (plane coordinates)."""
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
    return math.hypot(ax + t * dx, ay + t * dy)


def _rings(geometry: dict[str, object]) -> Iterator[list[list[float]]]:
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    polygons = coords if kind == "MultiPolygon" else [coords] if kind == "Polygon" else []
    assert isinstance(polygons, list)
    for polygon in polygons:
        yield from polygon


def borders_from_geojson(data: dict[str, object]) -> Borders:
    """Borders from a GeoJSON FeatureCollection whose features carry an `ISO_A2` property."""
    edges: dict[str, list[Edge]] = {}
    features = data.get("features", [])
    assert isinstance(features, list)
    for feature in features:
        code = str(feature.get("properties", {}).get("ISO_A2", ""))
        out = edges.setdefault(code, [])
        for ring in _rings(feature.get("geometry") or {}):
            points = [(float(p[0]), float(p[1])) for p in ring]
            out.extend((*a, *b) for a, b in zip(points, points[1:] + points[:1], strict=True) if a != b)
    bands: dict[str, Mapping[int, tuple[Edge, ...]]] = {}
    for code, country_edges in edges.items():
        index: dict[int, list[Edge]] = {}
        for edge in country_edges:
            lo, hi = sorted((edge[1], edge[3]))
            for band in range(_band(lo), _band(hi) + 1):
                index.setdefault(band, []).append(edge)
        bands[code] = MappingProxyType({k: tuple(v) for k, v in index.items()})
    return Borders(
        edges=MappingProxyType({k: tuple(v) for k, v in edges.items()}),
        bands=MappingProxyType(bands),
    )


@lru_cache(maxsize=4)
def load_borders(path: Path | None = None) -> Borders:
    """The country polygons in `path` (default: our Natural Earth 1:10m copy)."""
    path = path or data_dir().joinpath(*BORDERS_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogueError([f"{path}: cannot read the country polygons: {exc}."]) from exc
    return borders_from_geojson(data)
