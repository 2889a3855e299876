"""The whole-catalogue checks `tours sites validate` runs on a catalogue the loader accepted
(see `tours.catalogue.validate` for the list); each yields `Finding`s."""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tours.catalogue.geo import Borders
from tours.catalogue.model import COUNTRIES, Airport, Catalogue, Site, Town
from tours.names import fold
from tours.network.graph import build_network, great_circle_km
from tours.resources import shown as _shown

NEAR_M = 50.0  # two sites of one category closer than this are suspected to be one place
SAME_POINT_M = 5.0  # two sites of different categories this close share one coordinate
NAME_KM = 5.0  # two sites sharing a name this close may be one place
CELL_DEG = (0.05, 0.065)  # grid cells (lat, lon) at least NAME_KM wide across the region
EARTH_KM = 6371.009  # geopy's mean radius, so both distances agree
MAX_NEIGHBOURS = 1000  # earlier rows nearby a row is compared with (the catalogue has tens)
BORDER_TOLERANCE_KM = 0.3  # how far outside its polygon a point may lie (1:10m border accuracy)
REACH_KM = 40.0  # great-circle km from a plannable site to the nearest town of its country
UNVERIFIED = "typical; not verified"
ROAD_FLOOR = 0.85  # a road shorter than this times the straight line between its towns is an error
URL = re.compile(r"^https?://\S+$")
# one or more pages, then the date they were read or state for the hours: "URL ; URL (2026-12-01)"
HOURS_SOURCE = re.compile(r"^https?://\S+( ; https?://\S+)*( \(\d{4}-\d\d-\d\d\))?$")
NOT_TOWNS = ("checkpoint", "pass")  # network.build_network joins sites to towns of other kinds

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem at one place: `where` is "file:line" (or "file" for a whole file)."""

    where: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        label = "warning: " if self.severity == "warning" else ""
        hint = f" Hint: {self.hint}" if self.hint else ""
        return f"{self.where}: {label}{self.message}{hint}"

    @property
    def sort_key(self) -> tuple[str, int, str]:
        path, _, line = self.where.rpartition(":")
        if path and line.isdigit():
            return (path, int(line), self.message)
        return (self.where, 0, self.message)


def near_duplicates(sites: Sequence[Site]) -> Iterator[Finding]:
    """Sites that look like one place entered twice, reported at the later row.

    Same category within NEAR_M: an error. Different categories at the very same point
    (within SAME_POINT_M): a warning, since two monuments rarely share one coordinate. A name
    shared by two sites within NAME_KM: a warning (the same monument twice, or a search name that
    finds two places). Each row gets at most one finding of each kind, and is compared with at
    most MAX_NEIGHBOURS earlier rows nearby, so a file of thousands of rows at one point is
    checked in linear time, not quadratic.
    """
    cells: dict[tuple[int, int], list[Site]] = defaultdict(list)
    names: dict[str, set[str]] = {}
    for second in sites:  # ours first, then an operator's files: the later row is reported
        cell = (int(second.lat // CELL_DEG[0]), int(second.lon // CELL_DEG[1]))
        earlier = (
            a for dy in (-1, 0, 1) for dx in (-1, 0, 1) for a in cells.get((cell[0] + dy, cell[1] + dx), ())
        )
        yield from _first_of_each_kind(second, earlier, names)
        cells[cell].append(second)


def _first_of_each_kind(
    second: Site, earlier: Iterable[Site], names: dict[str, set[str]]
) -> Iterator[Finding]:
    found: set[str] = set()
    for n, first in enumerate(earlier):
        if n >= MAX_NEIGHBOURS or len(found) == 3:
            return
        km = _km(first.lat, first.lon, second.lat, second.lon)
        if km >= NAME_KM:
            continue
        if second.id not in names:
            names[second.id] = _names(second)
        if first.id not in names:
            names[first.id] = _names(first)
        metres, shared = km * 1000, sorted(names[second.id] & names[first.id])
        other = f"{first.id!r} ({first.origin})"
        if metres < NEAR_M and first.category == second.category:
            kind, finding = (
                "same",
                Finding(
                    second.origin,
                    f"site {second.id!r} is {metres:.0f} m from {other}, both {first.category}: "
                    "the same place entered twice?",
                    "merge the rows; separate monuments this close must differ in category.",
                ),
            )
        elif metres < SAME_POINT_M:
            kind, finding = (
                "point",
                Finding(
                    second.origin,
                    f"site {second.id!r} has the same point as {other} ({metres:.0f} m apart).",
                    "give each monument its own coordinates from its source.",
                    severity="warning",
                ),
            )
        elif shared:
            kind, finding = (
                "name",
                Finding(
                    second.origin,
                    f"site {second.id!r} shares the name {shared[0]!r} with {other}, {km:.1f} km away.",
                    "if they are one place, merge the rows; if not, keep the name on one only.",
                    severity="warning",
                ),
            )
        else:
            continue
        if kind not in found:
            found.add(kind)
            yield finding


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle km on the mean Earth radius (as geopy's), without geopy's per-call objects:
    these checks compare every row with its neighbours."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _names(site: Site) -> set[str]:
    return {fold(x) for x in (site.name, site.name_local, *site.other_names) if fold(x)}


def outside_country(catalogue: Catalogue, borders: Borders) -> Iterator[Finding]:
    """Sites, towns and airports whose point lies outside their country's polygon (beyond the tolerance)."""
    points: list[tuple[str, Site | Town | Airport]] = [
        *((f"site {s.id!r}", s) for s in catalogue.sites),
        *((f"town {t.id!r}", t) for t in catalogue.towns),
        *((f"airport {a.iata!r}", a) for a in catalogue.airports),
    ]
    for label, p in points:
        if p.country not in borders.edges or borders.contains(p.country, p.lat, p.lon):
            continue
        km = borders.border_km(p.country, p.lat, p.lon)
        if km <= BORDER_TOLERANCE_KM:
            continue
        other = borders.country_at(p.lat, p.lon)
        found = f"inside {COUNTRIES[other]}" if other else "in none of the four countries"
        if borders.contains(p.country, p.lon, p.lat):
            hint = f"lat and lon look swapped: {p.lon}, {p.lat} is inside {COUNTRIES[p.country]}."
        elif other:
            hint = f"check the coordinates, or the country (the point is in {other})."
        else:
            hint = "check the coordinates against the source (a sign, a digit, swapped lat/lon)."
        yield Finding(
            p.origin,
            f"{label} at {p.lat}, {p.lon} lies {km:.1f} km outside {COUNTRIES[p.country]} "
            f"({p.country}, Natural Earth 1:10m), {found}.",
            hint,
        )


def _towns_file(country: str) -> str:
    return f"a sites/network/towns_{country.lower()}*.csv file"


def _components(catalogue: Catalogue) -> dict[str, int]:
    """Town id -> component number over roads and every crossing (both ways, all open)."""
    parent = {t.id: t.id for t in catalogue.towns}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs = [(r.a, r.b) for r in catalogue.roads] + [(c.node_a, c.node_b) for c in catalogue.crossings]
    for a, b in pairs:
        parent[find(a)] = find(b)
    roots: dict[str, int] = {}
    return {t: roots.setdefault(find(t), len(roots)) for t in parent}


def _main(component: dict[str, int]) -> int:
    counts = Counter(component.values())
    return counts.most_common(1)[0][0] if counts else -1


def out_of_reach(catalogue: Catalogue) -> Iterator[Finding]:
    """Plannable sites with no town of their country within REACH_KM on the main network."""
    component = _components(catalogue)
    main = _main(component)
    network = build_network(catalogue)
    linked: dict[str, list[str]] = defaultdict(list)
    for arc in network.arcs:
        if network.nodes[arc.src].kind == "site":
            linked[arc.src].append(arc.dst)
    towns = [t for t in catalogue.towns if t.kind not in NOT_TOWNS]
    for s in catalogue.sites:
        if not s.plannable:
            continue
        near = sorted(
            ((_km(s.lat, s.lon, t.lat, t.lon), t) for t in towns if t.country == s.country),
            key=lambda x: x[0],
        )
        if not near or near[0][0] > REACH_KM:
            nearest = f"nearest is {near[0][1].id!r}, {near[0][0]:.1f} km" if near else "there is none"
            yield Finding(
                s.origin,
                f"site {s.id!r} ({s.access}) has no town of {COUNTRIES[s.country]} within {REACH_KM:.0f} km "
                f"({nearest}).",
                f"add the nearest town or village, with its road, to {_towns_file(s.country)} "
                "(or check the site's coordinates).",
            )
        elif not any(component.get(t) == main for t in linked.get(s.id, ())):
            town = near[0][1]
            yield Finding(
                s.origin,
                f"site {s.id!r} ({s.access}) is joined to {town.id!r} ({town.origin}), which is not on the "
                "main road network even with every crossing open.",
                f"add the road that joins {town.id!r} to the network.",
            )


def off_network(catalogue: Catalogue) -> Iterator[Finding]:
    """Towns on no road, and groups of towns cut off from the main network."""
    on_road = {x for r in catalogue.roads for x in (r.a, r.b)}
    component = _components(catalogue)
    main = _main(component)
    groups: dict[int, list[Town]] = defaultdict(list)
    for t in catalogue.towns:
        if t.id not in on_road:
            yield Finding(
                t.origin,
                f"town {t.id!r} is on no road.",
                f"add its road to a sites/network/roads_{t.country.lower()}*.csv file, or remove the town.",
            )
        elif component[t.id] != main:
            groups[component[t.id]].append(t)
    for group in groups.values():
        names = ", ".join(t.id for t in group)
        yield Finding(
            group[0].origin,
            f"{len(group)} town(s) cut off from the main road network, every crossing open: {names}.",
            "add the road that joins them to the rest.",
        )


def hours_sources(sites: Sequence[Site]) -> Iterator[Finding]:
    """hours_source is URLs (and the date read) or exactly UNVERIFIED; per file, a warning counting
    the unverified."""
    per_file: dict[str, list[Site]] = defaultdict(list)
    for s in sites:
        per_file[s.origin.rpartition(":")[0]].append(s)
        if s.hours_source != UNVERIFIED and not HOURS_SOURCE.match(s.hours_source):
            yield Finding(
                s.origin,
                f"hours_source {s.hours_source!r} is neither URLs (and a date) nor {UNVERIFIED!r}.",
                f"'https://page (2026-12-01)' (several: 'URL ; URL (date)'), or exactly {UNVERIFIED!r}.",
            )
    for path, rows in per_file.items():
        unverified = [s for s in rows if s.hours_source == UNVERIFIED]
        if unverified:
            yield Finding(
                path,
                f"{len(unverified)} of {len(rows)} sites have opening hours {UNVERIFIED!r}.",
                "read them from the site's or the ministry's page and put its URL in hours_source.",
                severity="warning",
            )


def hours_counts(sites: Sequence[Site]) -> str:
    """How many sites have sourced hours, by country, and of the importance-3 and World Heritage
    sites (the README's figures, printed by `tours sites validate`)."""
    sourced = [s for s in sites if s.hours_source != UNVERIFIED]
    key = [s for s in sites if s.importance == 3 or s.unesco_status == "inscribed"]
    by = sorted({s.country for s in sites})
    per = ", ".join(f"{c} {sum(1 for s in sourced if s.country == c)}" for c in by)
    key_sourced = sum(1 for s in key if s.hours_source != UNVERIFIED)
    return (
        f"{len(sourced)} of {len(sites)} sites with sourced hours ({per}; "
        f"{key_sourced} of {len(key)} importance-3 and World Heritage sites)"
    )


def _bad_urls(cell: str | Iterable[str]) -> list[str]:
    items = [x.strip() for x in cell.split(";")] if isinstance(cell, str) else list(cell)
    return [x for x in items if x and not URL.match(x)]


def sources(catalogue: Catalogue) -> Iterator[Finding]:
    """Sources are URLs: sites, towns and crossings (errors), scenario statuses, roads (warnings)."""
    hint = "give the page as a URL (https://...); several are separated by ';'."
    for s in catalogue.sites:
        if bad := _bad_urls(s.source):
            yield Finding(s.origin, f"site {s.id!r}: source {'; '.join(bad)!r} is not a URL.", hint)
    for t in catalogue.towns:
        if not t.source or (bad := _bad_urls(t.source)):
            yield Finding(t.origin, f"town {t.id!r}: source {t.source!r} is not a URL.", hint)
    for c in catalogue.crossings:
        if bad := _bad_urls(c.source):
            yield Finding(c.origin, f"crossing {c.id!r}: source {'; '.join(bad)!r} is not a URL.", hint)
    for a in catalogue.airports:
        if bad := _bad_urls(a.source):
            yield Finding(a.origin, f"airport {a.iata!r}: source {'; '.join(bad)!r} is not a URL.", hint)
    for f in catalogue.flights:
        if bad := _bad_urls(f.source):
            yield Finding(f.origin, f"flight {f.route}: source {'; '.join(bad)!r} is not a URL.", hint)
    yield from _status_sources(catalogue)
    per_file: dict[str, list[str]] = defaultdict(list)
    for r in catalogue.roads:
        if r.source and _bad_urls(r.source):
            per_file[r.origin.rpartition(":")[0]].append(r.source)
    for path, cells in per_file.items():
        yield Finding(
            path,
            f"{len(cells)} road(s) cite a source that is not a URL, e.g. {cells[0]!r}.",
            "a URL where the document is online.",
            severity="warning",
        )


def _status_sources(catalogue: Catalogue) -> Iterator[Finding]:
    """A scenario file's own [[status]] and [[flight]] entries cite URLs (the loader made sure they cite
    something)."""
    for scenario in catalogue.scenarios:
        if not scenario.origin:
            continue
        path = Path(scenario.origin)
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
        for table, name in (("status", "crossing"), ("flight", "route")):
            heads = [i + 1 for i, ln in enumerate(text.splitlines()) if ln.strip() == f"[[{table}]]"]
            for n, entry in enumerate(data.get(table, [])):
                where = f"{_shown(path)}:{heads[n] if n < len(heads) else 1}"
                what = f"{table} {entry.get(name)!r}" + (
                    f" {entry['direction']!r}" if "direction" in entry else ""
                )
                if bad := _bad_urls(str(entry.get("source", ""))):
                    yield Finding(
                        where, f"{what}: source {'; '.join(bad)!r} is not a URL.", 'source = "https://..."'
                    )


def short_roads(catalogue: Catalogue) -> Iterator[Finding]:
    """Roads shorter than the straight line between their towns: a wrong km or wrong coordinates.

    A little shorter (down to ROAD_FLOOR of the line) is a warning: official tables measure
    between centres that need not be the towns' points.
    """
    towns = {t.id: t for t in catalogue.towns}
    for r in catalogue.roads:
        a, b = towns[r.a], towns[r.b]
        line = great_circle_km(a.lat, a.lon, b.lat, b.lon)
        if r.km >= line - 0.5:
            continue
        yield Finding(
            r.origin,
            f"road {r.a}–{r.b} is {r.km:g} km but its towns are {line:.1f} km apart in a straight line.",
            f"check the km, or the coordinates of {r.a!r} ({a.origin}) and {r.b!r} ({b.origin}).",
            severity="error" if r.km < ROAD_FLOOR * line else "warning",
        )
