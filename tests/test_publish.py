"""The web map, the catalogue map and the published site, opened in a real headless Chromium with
the network blocked (file:// pages, as a traveller opens them at a border), at desktop and phone
width; and the site served by a web server, written all at once like every output."""

from __future__ import annotations

import re
import struct
import subprocess
import threading
import urllib.request
from dataclasses import dataclass
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from browser import CHROMIUM, needs_chromium
from bs4 import BeautifulSoup
from click.testing import CliRunner

from cli import cli
from tours import Plan, Request, TourError, plan_tour
from tours.catalogue.model import Catalogue
from tours.export.site import MANIFEST, publish
from tours.export.webmap import map_html

PHONE = (390, 844)
# Read back by the page itself once everything has loaded: every popup opened in turn (folium adds
# a popup's content to the page only then), what it shows and whether it holds elements; whether a
# script from the data ran; how wide the page is; what the tour page's map frame drew.
PROBE = """<script>
window.addEventListener('load', function () {
  var root = document.documentElement, box = document.createElement('div');
  box.id = 'probe-popups';
  Object.keys(window).forEach(function (k) {
    var v = window[k];
    if (/^(marker|circle_marker)_/.test(k) && v && v.getPopup && v.getPopup()) {
      v.openPopup();
      var shown = v.getPopup().getElement(), copy = document.createElement('div');
      var el = shown && shown.querySelector('.leaflet-popup-content');
      copy.className = 'popup';
      copy.textContent = el ? el.textContent : '';
      copy.dataset.elements = el ? el.querySelectorAll('script, img, iframe').length : -1;
      copy.dataset.links = el ? Array.from(el.querySelectorAll('a')).map(function (a) {
        return a.getAttribute('href'); }).join(' ') : '';
      box.appendChild(copy);
    }
  });
  document.body.appendChild(box);
  root.dataset.pwned = String(window.pwned || '');
  root.dataset.title = document.title;
  root.dataset.scrollWidth = String(root.scrollWidth);
  var frame = document.querySelector('iframe');
  if (frame && frame.contentDocument) {
    root.dataset.mapStops = String(frame.contentDocument.querySelectorAll('div.stop').length);
    root.dataset.mapOutlines = String(frame.contentDocument.querySelectorAll('path').length);
  }
});
</script>"""


# A phone's viewport, exactly: headless Chromium lays out no window narrower than 500 px, so the
# page is opened in a frame of the phone's size; the frame's DOM comes back as text.
PHONE_FRAME = """<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="phone" src="SRC" style="border:0;width:WIDTHpx;height:HEIGHTpx"></iframe>
<pre id="inner" hidden></pre>
<script>window.addEventListener('load', function () {
  var d = document.getElementById('phone').contentDocument;
  document.getElementById('inner').textContent = d ? d.documentElement.outerHTML : '';
});</script></body></html>"""


@dataclass(frozen=True)
class Seen:
    """A page as headless Chromium left it: its DOM, what it printed to the console, a screenshot."""

    dom: BeautifulSoup
    console: list[str]
    png: bytes


def browse(
    page: Path, *, size: tuple[int, int] = (1280, 900), probe: bool = False, phone: bool = False
) -> Seen:
    """Open `page` (file://) with no network; with `probe`, a copy beside it that reports back;
    with `phone`, inside a frame of `size`."""
    assert CHROMIUM is not None
    if probe:
        copy = page.with_name(f"probe-{page.name}")
        copy.write_text(page.read_text(encoding="utf-8") + PROBE, encoding="utf-8")
        page = copy
    if phone:
        frame = page.with_name(f"phone-{page.name}")
        frame.write_text(
            PHONE_FRAME.replace("SRC", page.name)
            .replace("WIDTH", str(size[0]))
            .replace("HEIGHT", str(size[1])),
            encoding="utf-8",
        )
        page = frame
    png = page.with_name(f"{page.stem}-{size[0]}.png")
    run = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--host-resolver-rules=MAP * ~NOTFOUND",  # the network is blocked: no name resolves
            "--proxy-server=http://127.0.0.1:9",  # and nothing gets out by address either
            "--allow-file-access-from-files",  # the probe reads the map inside the tour page's frame
            f"--user-data-dir={page.parent / '.chromium'}",
            f"--window-size={size[0]},{size[1]}",
            "--virtual-time-budget=5000",
            f"--screenshot={png}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    dom = BeautifulSoup(run.stdout, "html.parser")
    if phone:
        inner = dom.select_one("#inner")
        dom = BeautifulSoup(inner.get_text() if inner else "", "html.parser")
    return Seen(dom, console, png.read_bytes())


def assert_a_real_picture(png: bytes, width: int) -> None:
    """A PNG of the window's width, and far bigger than a blank page compresses to (~3 KB)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">I", png[16:20])[0] == width
    assert len(png) > 15_000, len(png)


@pytest.fixture(scope="module")
def across(real: Catalogue) -> Plan:
    """Three days, Tbilisi to Yerevan: a border crossed, nights in two countries."""
    request = Request(start="tbilisi", end="yerevan", days=3, date=date(2027, 5, 10), iterations=40)
    return plan_tour(real, request)


@pytest.fixture(scope="module")
def loop(real: Catalogue) -> Plan:
    return plan_tour(real, Request(start="kutaisi", days=2, date=date(2027, 6, 7), iterations=30))


@needs_chromium
def test_the_map_draws_layers_stops_outlines_labels_and_a_legend_offline(
    across: Plan, real: Catalogue, tmp_path: Path
) -> None:
    page = tmp_path / "map.html"
    page.write_text(map_html(across, real), encoding="utf-8")
    seen = browse(page, probe=True)
    assert seen.console == []
    overlays = [x.get_text(strip=True) for x in seen.dom.select(".leaflet-control-layers-overlays label")]
    assert [x for x in overlays if x.startswith("Day ")] == [
        f"Day {d.day}: {d.start.name} → {d.end.name}" for d in across.days
    ]
    assert len(seen.dom.select("div.stop")) == across.totals.visits
    names = [x.get_text() for x in seen.dom.select(".site-label")]
    assert names == [v.name for d in across.days for v in d.visits]
    towns = {p.name for d in across.days for p in (d.start, d.end)}
    assert {x.get_text(strip=True) for x in seen.dom.select(".town-label")} == towns
    outlines = [p for p in seen.dom.select("path") if "leaflet-interactive" not in (p.get("class") or [])]
    assert len(outlines) >= 4  # the four countries, drawn with no tiles
    legend = seen.dom.select_one(".legend")
    assert legend is not None and "Day 1" in legend.get_text() and "crossing closed" in legend.get_text()
    assert [a["href"] for a in legend.select("a")] == [f"#day-{d.day}" for d in across.days]
    popups = seen.dom.select("#probe-popups .popup")
    stop_links = {p["data-links"] for p in popups if p["data-links"]}
    assert {f"itinerary.html#day-{d.day}" for d in across.days} <= stop_links  # map -> itinerary
    assert_a_real_picture(seen.png, 1280)


def test_the_itinerary_links_each_day_to_the_map_and_the_map_back(across: Plan, real: Catalogue) -> None:
    from tours.export.render import context, render

    soup = BeautifulSoup(render("itinerary.html", context(across, real)), "html.parser")
    for d in across.days:
        day = soup.select_one(f"section.day#day-{d.day}")
        assert day is not None
        assert day.select_one("a.to-map")["href"] == f"map.html#day-{d.day}"
    assert "map.html#day-" not in map_html(across, real)  # the map frames a day from its own hash


@pytest.fixture(scope="module")
def site(across: Plan, loop: Plan, real: Catalogue, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    publish([across, loop], real, out)
    return out


def _links(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [x.get("href") or x.get("src") for x in soup.select("a[href], iframe[src], img[src], link[href]")]


def test_the_site_has_an_index_and_a_page_per_tour_with_relative_links_only(
    site: Path, across: Plan, loop: Plan
) -> None:
    index = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    tours = index.select("li.tour")
    assert len(tours) == 2
    assert tours[0].select_one("h2").get_text(strip=True) == "3 days from Tbilisi to Yerevan"
    assert tours[0].select_one(".days").get_text() == "3 days"
    assert tours[0].select_one(".countries").get_text() == "Armenia, Georgia"
    assert tours[1].select_one(".countries").get_text() == "Georgia"
    for page in [site / "index.html", *site.glob("*/index.html")]:
        for href in _links(page):
            assert not re.match(r"^([a-z]+:|/)", href), (page, href)  # relative: works from file://
            target = href.split("#")[0]
            assert not target or (page.parent / target).is_file(), (page, href)
    tour = BeautifulSoup((site / "tbilisi-3-days" / "index.html").read_text(encoding="utf-8"), "html.parser")
    downloads = [a["href"] for a in tour.select(".downloads a[download]")]
    assert downloads == ["route.gpx", "calendar.ics", "plan.geojson", "visits.csv", "plan.json"]
    assert tour.select_one(".webmap iframe")["src"] == "map.html"
    assert len(tour.select("section.day")) == len(across.days)
    assert Plan.from_json((site / "tbilisi-3-days" / "plan.json").read_text(encoding="utf-8")) == across
    assert "index.html#day-1" in (site / "tbilisi-3-days" / "map.html").read_text(encoding="utf-8")


def test_the_site_works_served_by_a_web_server(site: Path) -> None:
    handler = partial(SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *_: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pages = [
            "index.html",
            "tbilisi-3-days/index.html",
            "tbilisi-3-days/map.html",
            "tbilisi-3-days/route.gpx",
        ]
        for path in pages:
            with urllib.request.urlopen(base + path, timeout=10) as response:  # the loopback only
                assert response.status == 200 and response.read()
    finally:
        server.shutdown()
        server.server_close()


@needs_chromium
def test_the_sites_index_and_a_tour_page_work_at_phone_width(site: Path, across: Plan) -> None:
    index = browse(site / "index.html", size=PHONE, probe=True, phone=True)
    assert index.console == []
    assert len(index.dom.select("li.tour")) == 2
    assert int(index.dom.html["data-scroll-width"]) <= PHONE[0]  # no sideways scrolling
    assert_a_real_picture(index.png, PHONE[0])
    tour = browse(site / "tbilisi-3-days" / "index.html", size=PHONE, probe=True, phone=True)
    assert tour.console == []  # the map inside the page included
    assert int(tour.dom.html["data-scroll-width"]) <= PHONE[0]
    assert int(tour.dom.html["data-map-stops"]) == across.totals.visits  # the map is there, drawn
    assert int(tour.dom.html["data-map-outlines"]) >= 4
    assert_a_real_picture(tour.png, PHONE[0])


def test_publishing_again_replaces_the_site_at_once_and_keeps_the_users_files(
    across: Plan, loop: Plan, real: Catalogue, tmp_path: Path
) -> None:
    out = tmp_path / "site"

    def listed() -> list[str]:
        return sorted(p.name for p in out.iterdir() if p.name != MANIFEST)

    publish([across, loop], real, out)
    assert listed() == ["index.html", "kutaisi-2-days", "tbilisi-3-days"]
    (out / "CNAME").write_text("tours.example.org\n", encoding="utf-8")
    publish([loop], real, out)
    assert listed() == ["CNAME", "index.html", "kutaisi-2-days"]  # the tour no longer published: gone
    broken = tmp_path / "tpl"
    broken.mkdir()
    (broken / "site_tour.html").write_text(
        "{% extends 'itinerary.html' %}{% block header %}{{ nosuch.x }}{% endblock %}", encoding="utf-8"
    )
    with pytest.raises(TourError, match=r"site_tour.html:1: could not render the tour tbilisi-3-days"):
        publish([across], real, out, templates=broken)
    assert listed() == ["CNAME", "index.html", "kutaisi-2-days"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "tpl"]  # nothing left beside it


def test_publish_on_the_command_line(across: Plan, tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    saved.write_text(across.to_json(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["publish", str(saved), "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "tbilisi-3-days" / "index.html").is_file()
    first = across.days[0].visits[0].site
    saved.write_text(across.to_json().replace(f'"{first}"', '"atlantis-temple"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["publish", str(saved), "--out", str(tmp_path / "other")])
    assert result.exit_code == 1 and "atlantis-temple not in the catalogue" in result.output
    assert "--sites" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "other").exists()


def test_sites_map_clusters_the_catalogue_filtered_by_country_and_tag(
    real: Catalogue, tmp_path: Path
) -> None:
    out = tmp_path / "sites.html"
    result = CliRunner().invoke(
        cli,
        ["sites", "map", "--out", str(out), "--country", "ge", "--tag", "monastery"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    expected = [
        s for s in real.sites if s.country == "GE" and ("monastery" in s.tags or s.category == "monastery")
    ]
    page = out.read_text(encoding="utf-8")
    assert f": {len(expected)} site(s)" in result.output
    assert len(re.findall(r"= L\.marker\(", page)) == len(expected)
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select("script[src]") and not soup.select("link[rel=stylesheet]")  # no CDN
    assert "L.markerClusterGroup(" in page and "MarkerClusterGroup=L.FeatureGroup.extend" in page
    result = CliRunner().invoke(cli, ["sites", "map", "--out", str(out), "--tag", "monastry"])
    assert result.exit_code == 1 and "Did you mean: monastery?" in result.output
    if CHROMIUM is not None:
        seen = browse(out)
        assert seen.console == []
        assert seen.dom.select(".marker-cluster") and seen.dom.select_one(".legend") is not None
        assert_a_real_picture(seen.png, 1280)
