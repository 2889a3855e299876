"""The plan on a map, and the catalogue on a map: day routes, numbered and labelled stops,
crossings coloured by status, sites in clusters.

The only module that imports `folium`. Lines follow the road network's nodes (towns and
junctions), not the road geometry: they show the way, not every bend. Leaflet and
Leaflet.markercluster are inlined from `tours/export/static/` (no CDN), and the country outlines
come from the repository, so routes, stops, labels and popups work offline, at a border; only the
background tiles need a connection. Popups link to the itinerary's days (`itinerary.html#day-N`);
the itinerary links back with `map.html#day-N`, which frames that day.
"""

from __future__ import annotations

import difflib
import html

import folium
from folium.plugins import MarkerCluster

from tours.catalogue.model import COUNTRIES, Catalogue, Site
from tours.errors import RequestError, UnknownNameError
from tours.export.formats import Point, coordinates
from tours.export.overview import country_outlines, day_colour
from tours.itinerary.plan import Day, Plan
from tours.resources import static_dir

ITINERARY = "itinerary.html"  # the page the popups link to, beside map.html
# folium builds popups with `$(markup)[0]`; this is all of jQuery the page needs.
JQUERY_SHIM = (
    "window.$ = window.$ || function (markup) { var t = document.createElement('template');"
    " t.innerHTML = String(markup).trim(); return [t.content.firstElementChild]; };"
)
STATUS_COLOURS = {"open": "#2e8b57", "partly": "#e69500", "closed": "#c0392b"}
LABEL_CSS = (
    ".site-label{position:absolute;left:27px;top:3px;white-space:nowrap;font:600 11px sans-serif;"
    "color:#222;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;pointer-events:none}"
    ".leaflet-tooltip.town-label{background:transparent;border:0;box-shadow:none;padding:0 0 0 2px;"
    "font:700 12px sans-serif;color:#333;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}"
    ".leaflet-tooltip.town-label:before{display:none}"
    ".site-dot{width:12px;height:12px;border-radius:50%;border:2px solid #fff;box-shadow:0 0 2px #000}"
)


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


def _offline_map(location: Point, *, cluster: bool = False) -> folium.Map:
    """A map whose scripts and styles are all inside the page: Leaflet (and markercluster)."""
    fmap = folium.Map(location=location, zoom_start=7, control_scale=True)
    fmap.default_js, fmap.default_css = [], []  # no CDN: Leaflet is inlined below
    inline = []
    folders = [("leaflet-1.9.3", ["leaflet.css"], ["leaflet.js"])]
    if cluster:
        css = ["MarkerCluster.css", "MarkerCluster.Default.css"]
        folders.append(("leaflet.markercluster-1.5.3", css, ["leaflet.markercluster.js"]))
    for folder, styles, scripts in folders:
        for name in styles:
            inline.append(f"<style>{(static_dir() / folder / name).read_text(encoding='utf-8')}</style>")
        for name in scripts:
            inline.append(f"<script>{(static_dir() / folder / name).read_text(encoding='utf-8')}</script>")
    inline.append(f"<script>{JQUERY_SHIM}</script><style>{LABEL_CSS}</style>")
    fmap.get_root().header.add_child(folium.Element("\n".join(inline)), name="leaflet_inline")  # type: ignore[attr-defined]
    _outlines().add_to(fmap)
    return fmap


def _fit(fmap: folium.Map, points: list[Point]) -> None:
    fmap.fit_bounds(
        [
            [min(p[0] for p in points), min(p[1] for p in points)],
            [max(p[0] for p in points), max(p[1] for p in points)],
        ]
    )


def plan_map(plan: Plan, catalogue: Catalogue, *, itinerary: str = ITINERARY) -> folium.Map:
    """The map of a plan. Leg lines follow the nodes each leg carries (`Leg.path`): no re-routing.
    `itinerary`: the page beside the map that popups link to (its days are `#day-N`)."""
    at = coordinates(catalogue)
    points = [at[d.start.id] for d in plan.days]
    points += [at[v.site] for d in plan.days for v in d.visits]
    fmap = _offline_map(points[0])
    number, groups = 0, {}
    for d in plan.days:
        group, number = _day_layer(d, catalogue, at, number, itinerary)
        group.add_to(fmap)
        groups[d.day] = group.get_name()
    _border_layer(plan, catalogue, at).add_to(fmap)
    _town_labels(plan, at).add_to(fmap)
    fmap.get_root().html.add_child(folium.Element(_legend(plan)), name="legend")  # type: ignore[attr-defined]
    folium.LayerControl(collapsed=True).add_to(fmap)
    _fit(fmap, points)
    _navigation(fmap, groups)
    return fmap


def _navigation(fmap: folium.Map, groups: dict[int, str]) -> None:
    """`map.html#day-N` frames day N (links from the itinerary and the legend); a site's name shows
    unless it would overlap one shown before it. Only our own variable names go into this script."""
    days = ", ".join(f'"{day}": {name}' for day, name in groups.items())
    script = (
        "window.addEventListener('load', function () {"
        f" var map = {fmap.get_name()}; var days = {{ {days} }};"
        " function frame() { var m = /^#day-([0-9]+)$/.exec(window.location.hash); var g = m && days[m[1]];"
        " if (g) { map.addLayer(g); map.fitBounds(g.getBounds(), {padding: [30, 30], maxZoom: 11}); } }"
        " function labels() { var shown = [];"
        " document.querySelectorAll('.site-label').forEach(function (el) { el.style.visibility = 'visible';"
        " var r = el.getBoundingClientRect(); if (shown.some(function (s) { return r.left < s.right &&"
        " s.left < r.right && r.top < s.bottom && s.top < r.bottom; })) { el.style.visibility = 'hidden'; }"
        " else { shown.push(r); } }); }"
        " map.on('zoomend overlayadd overlayremove', labels); frame(); labels();"
        " window.addEventListener('hashchange', frame); });"
    )
    fmap.get_root().script.add_child(folium.Element(script), name="navigation")  # type: ignore[attr-defined]


def _outlines() -> folium.FeatureGroup:
    """The four countries' outlines (Natural Earth 1:10m, every 4th vertex), so that a page opened
    with no connection, and so no tiles, still shows where things are."""
    features = [
        {
            "type": "Feature",
            "properties": {"name": COUNTRIES.get(code, "")},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [
                    [
                        [[round(lon, 3), round(lat, 3)] for lat, lon in [*ring[::4], ring[-1]]]
                        for ring in polygon
                    ]
                    for polygon in polygons
                ],
            },
        }
        for code, polygons in country_outlines()
    ]
    group = folium.FeatureGroup(name="Country outlines (Natural Earth 1:10m)", control=False)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=lambda _: {"color": "#777", "weight": 1.2, "fillColor": "#f4f1ea", "fillOpacity": 0.6},
        interactive=False,
    ).add_to(group)
    return group


def _legend(plan: Plan) -> str:
    """A fixed legend: the days' colours (each frames its day), nights, crossings by status, and
    what is hypothetical."""
    days = "".join(
        f'<div><a href="#day-{d.day}"><span style="background:{day_colour(d.day)}" class="swatch"></span>'
        f"Day {d.day}: {_text(d.start.name)} → {_text(d.end.name)}</a></div>"
        for d in plan.days
    )
    crossings = "".join(
        f'<div><span style="background:{colour}" class="dot"></span>crossing {state}</div>'
        for state, colour in STATUS_COLOURS.items()
    )
    return (  # a <details>: on a phone it starts folded (the script), a tap opens it
        '<details class="legend" open style="position:fixed;bottom:1.6rem;right:.5rem;z-index:1000;'
        "background:#fff;padding:.4rem .6rem;border:1px solid #999;border-radius:4px;font:12px sans-serif;"
        'max-width:15rem;max-height:45vh;overflow:auto"><style>.legend .swatch{display:inline-block;'
        "width:1.2em;height:.35em;margin-right:.4em;vertical-align:middle}.legend .dot{display:inline-block;"
        "width:.8em;height:.8em;border-radius:50%;margin-right:.4em;vertical-align:middle}"
        ".legend a{color:inherit}.legend summary{cursor:pointer}</style>"
        f"<summary><strong>{_text(plan.scenario.title)}</strong>, as of {plan.scenario.as_of}</summary>{days}"
        '<div><span class="dot" style="background:#fff;border:2px solid #000"></span>night</div>'
        f"{crossings}<div>Statuses change: verify every crossing before travel.</div></details>"
        "<script>if(window.innerWidth<600){document.querySelector('details.legend').open=false}</script>"
    )


def _stop_icon(number: int, name: str, colour: str) -> folium.DivIcon:
    return folium.DivIcon(
        html=(
            f'<div class="stop" style="background:{colour};color:#fff;border-radius:50%;'
            f"width:24px;height:24px;line-height:24px;text-align:center;"
            f'font:bold 12px sans-serif;border:2px solid #fff">{number}</div>'
            f'<div class="site-label">{_text(name)}</div>'
        ),
        icon_size=(24, 24),
        icon_anchor=(12, 12),
    )


def _day_layer(
    d: Day,
    catalogue: Catalogue,
    at: dict[str, Point],
    number: int,
    itinerary: str,
    link: tuple[str, str] | None = None,
) -> tuple[folium.FeatureGroup, int]:
    """One day: its legs, its numbered stops (numbering goes on from `number`), its night. Popups
    link to the day in `itinerary`, or to `link` (href, words) when given."""
    colour = day_colour(d.day)
    href, words = link or (f"{itinerary}#day-{d.day}", f"Day {d.day} in the itinerary")
    to_page = f'<a class="to-itinerary" href="{_text(href)}" target="_top">{_text(words)}</a>'
    group = folium.FeatureGroup(name=_text(f"Day {d.day}: {d.start.name} → {d.end.name}"))
    for leg in d.legs:
        folium.PolyLine(  # type: ignore[no-untyped-call]
            [at[n] for n in leg.path or (leg.from_, leg.to)],
            color=colour,
            weight=4,
            opacity=0.8,
            dash_array="8 6" if leg.mode == "flight" else None,
            tooltip=_text(f"Day {d.day}: {leg.km} km, {leg.minutes} min"),
        ).add_to(group)
    for v in d.visits:
        number += 1
        site = catalogue.site(v.site)
        popup = (
            f"<b>{number}. {_text(site.name)}</b><br>{_text(site.name_local)}<br>"
            f"Day {d.day}, {v.arrive:%H:%M}–{v.depart:%H:%M}<br>{_text(site.description)}<br>{to_page}"
        )
        folium.Marker(
            (site.lat, site.lon),
            popup=folium.Popup(popup, max_width=320),
            tooltip=_text(f"{number}. {site.name}"),
            icon=_stop_icon(number, site.name, colour),
        ).add_to(group)
    folium.CircleMarker(
        at[d.end.id],
        radius=6,
        color="#000",
        fill=True,
        fill_color="#fff",
        tooltip=_text(f"Night {d.day}: {d.end.name}"),
        popup=folium.Popup(
            f"Night {d.day}: {_text(d.end.name)}<br>{to_page}",
            max_width=240,
        ),
    ).add_to(group)
    return group, number


def _town_labels(plan: Plan, at: dict[str, Point]) -> folium.FeatureGroup:
    """The names of the towns the tour starts from and sleeps in, always shown."""
    group = folium.FeatureGroup(name="Town names", control=False)
    towns = {p.id: p.name for d in plan.days for p in (d.start, d.end)}
    for town, name in towns.items():
        folium.CircleMarker(
            at[town],
            radius=2,
            color="#333",
            fill=True,
            interactive=False,
            tooltip=folium.Tooltip(_text(name), permanent=True, direction="right", class_name="town-label"),
        ).add_to(group)
    return group


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


def map_html(plan: Plan, catalogue: Catalogue, *, itinerary: str = ITINERARY) -> str:
    return str(plan_map(plan, catalogue, itinerary=itinerary).get_root().render())


COUNTRY_COLOURS = {"AM": "#c0392b", "AZ": "#1b6ca8", "GE": "#8e44ad", "TR": "#27ae60"}


def select_sites(catalogue: Catalogue, *, country: str | None = None, tag: str | None = None) -> list[Site]:
    """The catalogue's sites in `country` (ISO code) carrying `tag` (a tag or a category)."""
    if country is not None and country.upper() not in COUNTRIES:
        raise UnknownNameError("country", country, difflib.get_close_matches(country.upper(), COUNTRIES))
    if tag is not None and tag.lower() not in catalogue.tags:
        raise UnknownNameError("tag", tag, difflib.get_close_matches(tag.lower(), sorted(catalogue.tags)))
    chosen = catalogue.select(country.upper() if country else None, (tag.lower(),) if tag else ())
    if not chosen:
        raise RequestError(f"No site is in {country} with tag {tag!r}. Hint: drop --country or --tag.")
    return chosen


def _site_card(site: Site) -> str:
    unesco = {"inscribed": " · UNESCO World Heritage", "tentative": " · UNESCO Tentative List"}
    facts = [COUNTRIES[site.country], site.category, site.period]
    source = next((u for u in site.source if u.startswith(("https://", "http://"))), "")
    return (
        f"<b>{_text(site.name)}</b><br>{_text(site.name_local)}<br>"
        f"{_text(' · '.join(f for f in facts if f))}{unesco.get(site.unesco_status, '')}<br>"
        f"hours: {_text(site.opening_hours)}{' · entry: ' + _text(site.fee) if site.fee else ''}<br>"
        + (
            f"<b>Access ({_text(site.access)}):</b> {_text(site.access_note)}<br>"
            if site.access != "open"
            else ""
        )
        + f"{_text(site.description)}"
        + (f'<br><a href="{_text(source)}" rel="noopener">source</a>' if source else "")
    )


def catalogue_map(catalogue: Catalogue, *, country: str | None = None, tag: str | None = None) -> folium.Map:
    """The catalogue's sites (optionally of one country and tag), clustered, with site cards."""
    chosen = select_sites(catalogue, country=country, tag=tag)
    fmap = _offline_map((chosen[0].lat, chosen[0].lon), cluster=True)
    cluster = MarkerCluster(name=_text(f"Sites ({len(chosen)})"), options={"maxClusterRadius": 50})  # type: ignore[no-untyped-call]
    cluster.default_js, cluster.default_css = [], []  # inlined by _offline_map
    for s in chosen:
        folium.Marker(
            (s.lat, s.lon),
            popup=folium.Popup(_site_card(s), max_width=320),
            tooltip=_text(s.name),
            icon=folium.DivIcon(
                html=f'<div class="site-dot" style="background:{COUNTRY_COLOURS[s.country]}"></div>',
                icon_size=(16, 16),
                icon_anchor=(8, 8),
            ),
        ).add_to(cluster)
    cluster.add_to(fmap)
    shown = " · ".join(x for x in (country and country.upper(), tag and f"tag {tag}") if x) or "all"
    swatches = "".join(
        f'<div><span class="site-dot" style="display:inline-block;vertical-align:middle;'
        f'background:{colour}"></span> {COUNTRIES[code]}</div>'
        for code, colour in COUNTRY_COLOURS.items()
        if any(s.country == code for s in chosen)
    )
    legend = (
        '<div class="legend" style="position:fixed;bottom:1.6rem;right:.5rem;z-index:1000;background:#fff;'
        'padding:.4rem .6rem;border:1px solid #999;border-radius:4px;font:12px sans-serif;max-width:15rem">'
        f"<strong>{len(chosen)} heritage sites</strong> ({_text(shown)}){swatches}"
        "<div>Numbers: sites grouped at this zoom; click to open.</div></div>"
    )
    fmap.get_root().html.add_child(folium.Element(legend), name="legend")  # type: ignore[attr-defined]
    folium.LayerControl(collapsed=True).add_to(fmap)
    _fit(fmap, [(s.lat, s.lon) for s in chosen])
    return fmap


def catalogue_html(catalogue: Catalogue, *, country: str | None = None, tag: str | None = None) -> str:
    return str(catalogue_map(catalogue, country=country, tag=tag).get_root().render())


def layer_of(name: str, members: list[folium.FeatureGroup], *, show: bool = True) -> folium.FeatureGroup:
    """One entry of the layer control holding several layers (a scenario's days and crossings)."""
    group = folium.FeatureGroup(name=_text(name), show=show)
    for member in members:
        member.add_to(group)
    return group


def page(fmap: folium.Map, legend: str, points: list[Point]) -> str:
    """The map's page with a fixed legend (HTML made with `_text`), a layer control, framed."""
    fmap.get_root().html.add_child(folium.Element(legend), name="legend")  # type: ignore[attr-defined]
    folium.LayerControl(collapsed=False).add_to(fmap)
    _fit(fmap, points)
    return str(fmap.get_root().render())
