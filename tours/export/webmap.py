"""The plan on a map: day routes, numbered stops, crossings coloured by status.

The only module that imports `folium`. Lines follow the road network's nodes (towns and
junctions), not the road geometry: they show the way, not every bend. Leaflet itself is inlined
from `tours/static/` (no CDN), so routes, stops and popups work offline, at a border; only the
background tiles need a connection.
"""

from __future__ import annotations

import html
import json

import folium

from tours.catalogue.model import COUNTRIES, Catalogue
from tours.export.formats import Point, coordinates
from tours.itinerary.plan import Day, Plan
from tours.resources import data_dir, static_dir

DAY_COLOURS = [
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
]
# folium builds popups with `$(markup)[0]`; this is all of jQuery the page needs.
JQUERY_SHIM = (
    "window.$ = window.$ || function (markup) { var t = document.createElement('template');"
    " t.innerHTML = String(markup).trim(); return [t.content.firstElementChild]; };"
)
STATUS_COLOURS = {"open": "#2e8b57", "partly": "#e69500", "closed": "#c0392b"}


# folium renders the strings it is given as Jinja templates, into HTML and JavaScript template
# literals; data must reach it as text: HTML-escaped, and with the characters Jinja and a
# JavaScript template literal give meaning to written as character references.
_INERT = str.maketrans({"{": "&#123;", "}": "&#125;", "`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def _text(value: str) -> str:
    """`value` as inert HTML text for folium (names, descriptions, scenario names)."""
    return html.escape(value, quote=True).translate(_INERT)


def crossing_state(plan: Plan, crossing: str) -> str:
    """'open' both ways, 'closed' both ways, or 'partly' (one direction, or some travellers)."""
    opened = sum(1 for x in plan.scenario.open if x.split(":")[0] == crossing)
    return "open" if opened == 2 else "closed" if opened == 0 else "partly"


def plan_map(plan: Plan, catalogue: Catalogue) -> folium.Map:
    """The map of a plan. Leg lines follow the nodes each leg carries (`Leg.path`): no re-routing."""
    at = coordinates(catalogue)
    points = [at[d.start.id] for d in plan.days]
    points += [at[v.site] for d in plan.days for v in d.visits]
    fmap = folium.Map(location=points[0], zoom_start=7, control_scale=True)
    fmap.default_js, fmap.default_css = [], []  # no CDN: Leaflet is inlined below
    leaflet = static_dir() / "leaflet-1.9.3"
    fmap.get_root().header.add_child(  # type: ignore[attr-defined]
        folium.Element(
            f"<style>{(leaflet / 'leaflet.css').read_text(encoding='utf-8')}</style>\n"
            f"<script>{(leaflet / 'leaflet.js').read_text(encoding='utf-8')}</script>\n"
            f"<script>{JQUERY_SHIM}</script>"
        ),
        name="leaflet_inline",
    )
    _outlines().add_to(fmap)
    number = 0
    for d in plan.days:
        group, number = _day_layer(d, catalogue, at, number)
        group.add_to(fmap)
    _border_layer(plan, catalogue, at).add_to(fmap)
    fmap.get_root().html.add_child(folium.Element(_legend(plan)), name="legend")  # type: ignore[attr-defined]
    folium.LayerControl(collapsed=True).add_to(fmap)
    fmap.fit_bounds(
        [
            [min(p[0] for p in points), min(p[1] for p in points)],
            [max(p[0] for p in points), max(p[1] for p in points)],
        ]
    )
    return fmap


OUTLINE_STEP = 4  # keep every 4th vertex of the 1:10m outlines: a few km off, a tenth the size


def _outlines() -> folium.FeatureGroup:
    """The four countries' outlines (Natural Earth 1:10m, thinned), so that a page opened with no
    connection, and so no tiles, still shows where things are."""
    data = json.loads((data_dir() / "reference" / "countries_ne10m.geojson").read_text(encoding="utf-8"))
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        thinned = [
            [[[round(x, 3), round(y, 3)] for x, y in [*ring[::OUTLINE_STEP], ring[-1]]] for ring in polygon]
            for polygon in polygons
        ]
        feature["geometry"] = {"type": "MultiPolygon", "coordinates": thinned}
        feature["properties"] = {"name": COUNTRIES.get(feature["properties"].get("ISO_A2", ""), "")}
    group = folium.FeatureGroup(name="Country outlines (Natural Earth 1:10m)", control=False)
    folium.GeoJson(
        data,
        style_function=lambda _: {"color": "#777", "weight": 1.2, "fillColor": "#f4f1ea", "fillOpacity": 0.6},
        interactive=False,
    ).add_to(group)
    return group


def _legend(plan: Plan) -> str:
    """A fixed legend: the days' colours, nights, crossings by status, and what is hypothetical."""
    days = "".join(
        f'<div><span style="background:{DAY_COLOURS[(d.day - 1) % len(DAY_COLOURS)]}" class="swatch"></span>'
        f"Day {d.day}: {_text(d.start.name)} → {_text(d.end.name)}</div>"
        for d in plan.days
    )
    crossings = "".join(
        f'<div><span style="background:{colour}" class="dot"></span>crossing {state}</div>'
        for state, colour in STATUS_COLOURS.items()
    )
    return (
        '<div class="legend" style="position:fixed;bottom:1.6rem;right:.5rem;z-index:1000;background:#fff;'
        "padding:.4rem .6rem;border:1px solid #999;border-radius:4px;font:12px sans-serif;max-width:15rem;"
        'max-height:45vh;overflow:auto"><style>.legend .swatch{display:inline-block;width:1.2em;height:.35em;'
        "margin-right:.4em;vertical-align:middle}.legend .dot{display:inline-block;width:.8em;height:.8em;"
        "border-radius:50%;margin-right:.4em;vertical-align:middle}</style>"
        f"<strong>{_text(plan.scenario.title)}</strong>, as of {plan.scenario.as_of}{days}"
        '<div><span class="dot" style="background:#fff;border:2px solid #000"></span>night</div>'
        f"{crossings}<div>Statuses change: verify every crossing before travel.</div></div>"
    )


def _day_layer(
    d: Day, catalogue: Catalogue, at: dict[str, Point], number: int
) -> tuple[folium.FeatureGroup, int]:
    """One day: its legs, its numbered stops (numbering goes on from `number`), its night."""
    colour = DAY_COLOURS[(d.day - 1) % len(DAY_COLOURS)]
    group = folium.FeatureGroup(name=_text(f"Day {d.day}: {d.start.name} → {d.end.name}"))
    for leg in d.legs:
        folium.PolyLine(  # type: ignore[no-untyped-call]
            [at[n] for n in leg.path or (leg.from_, leg.to)],
            color=colour,
            weight=4,
            opacity=0.8,
            tooltip=_text(f"Day {d.day}: {leg.km} km, {leg.minutes} min"),
        ).add_to(group)
    for v in d.visits:
        number += 1
        site = catalogue.site(v.site)
        popup = (
            f"<b>{number}. {_text(site.name)}</b><br>{_text(site.name_local)}<br>"
            f"Day {d.day}, {v.arrive:%H:%M}–{v.depart:%H:%M}<br>{_text(site.description)}"
        )
        folium.Marker(
            (site.lat, site.lon),
            popup=folium.Popup(popup, max_width=320),
            tooltip=_text(f"{number}. {site.name}"),
            icon=folium.DivIcon(
                html=(
                    f'<div class="stop" style="background:{colour};color:#fff;border-radius:50%;'
                    f"width:24px;height:24px;line-height:24px;text-align:center;"
                    f'font:bold 12px sans-serif;border:2px solid #fff">{number}</div>'
                ),
                icon_size=(24, 24),
                icon_anchor=(12, 12),
            ),
        ).add_to(group)
    folium.CircleMarker(
        at[d.end.id],
        radius=6,
        color="#000",
        fill=True,
        fill_color="#fff",
        tooltip=_text(f"Night {d.day}: {d.end.name}"),
    ).add_to(group)
    return group, number


def _border_layer(plan: Plan, catalogue: Catalogue, at: dict[str, Point]) -> folium.FeatureGroup:
    """Every crossing, coloured by its status under the plan's scenario."""
    borders = folium.FeatureGroup(name="Border crossings")
    for c in catalogue.crossings:
        state = crossing_state(plan, c.id)
        lines = [
            f"{x}: {'open' if x in plan.scenario.open else 'closed'}"
            for x in (f"{c.id}:{d}" for d in c.directions())
        ]
        text = (
            f"<b>{_text(c.name)}</b><br>{'<br>'.join(_text(x) for x in lines)}<br>"
            f"as of {plan.scenario.as_of} ({_text(plan.scenario.name)}). "
            "Verify before travel."
        )
        folium.CircleMarker(
            at[c.node_a],
            radius=8,
            color=STATUS_COLOURS[state],
            fill=True,
            fill_opacity=0.9,
            popup=folium.Popup(text, max_width=300),
            tooltip=_text(f"{c.name}: {state}"),
        ).add_to(borders)
    return borders


def map_html(plan: Plan, catalogue: Catalogue) -> str:
    return str(plan_map(plan, catalogue).get_root().render())
