"""End-to-end: real catalogue, real plan, invariants checked independently of the solver."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from browser import dump_dom, needs_chromium
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import assert_only_open_crossings, net_for

from cli import cli
from tours import InfeasibleError, Plan, Request, RequestError, plan_tour, write_plan
from tours.catalogue.hours import open_intervals
from tours.catalogue.model import TIMEZONES, Catalogue
from tours.export.files import OUTPUTS
from tours.network import route, season_notice

REQUEST = Request(
    start="tbilisi", days=5, date=date(2027, 5, 10), interests=("monastery", "unesco"), iterations=60
)


@pytest.fixture(scope="module")
def plan(real: Catalogue) -> Plan:
    return plan_tour(real, REQUEST)


def test_every_visit_lies_inside_its_opening_hours(plan: Plan, real: Catalogue) -> None:
    assert plan.totals.visits >= 10
    for day in plan.days:
        for v in day.visits:
            site = real.site(v.site)
            windows = open_intervals(site.opening_hours, v.arrive.date(), TIMEZONES[site.country])
            assert any(a <= v.arrive and v.depart <= b for a, b in windows), (v, windows)
            assert (v.depart - v.arrive).total_seconds() == site.visit_minutes * 60


def test_every_day_keeps_its_budget_and_order(plan: Plan) -> None:
    for day in plan.days:
        assert day.leave.time() >= datetime.strptime("09:00", "%H:%M").time()
        assert day.arrive.time() <= datetime.strptime("19:00", "%H:%M").time()
        times = [day.leave, *(t for v in day.visits for t in (v.arrive, v.depart)), day.arrive]
        assert times == sorted(times)


def test_every_leg_uses_only_crossings_open_in_that_direction(plan: Plan, real: Catalogue) -> None:
    net = net_for(real, REQUEST)
    assert net.scenario is not None and net.scenario.on == REQUEST.date
    assert_only_open_crossings(plan, real, net, net.scenario, None)


def test_no_status_quo_plan_enters_azerbaijan(plan: Plan) -> None:
    assert all(v.country != "AZ" for d in plan.days for v in d.visits)
    assert any(x.site == "sheki-khans-palace" and "closed GE>AZ" in x.reason.text for x in plan.dropped)


def test_totals_are_sums_of_legs(plan: Plan) -> None:
    for day in plan.days:
        assert day.km == pytest.approx(sum(g.km for g in day.legs), abs=0.1)
        assert day.drive_minutes == sum(g.drive_minutes for g in day.legs)
        assert day.walk_minutes == sum(g.minutes for g in day.legs if g.mode == "walk")
    assert plan.totals.drive_minutes == sum(d.drive_minutes for d in plan.days)
    assert plan.totals.visits == sum(len(d.visits) for d in plan.days)


def test_plan_json_round_trips(plan: Plan) -> None:
    assert Plan.from_json(plan.to_json()) == plan


def test_a_plan_read_back_gives_the_request_it_was_planned_from(plan: Plan, real: Catalogue) -> None:
    again = plan_tour(real, Plan.from_json(plan.to_json()).request)
    first, second = plan.to_dict(), again.to_dict()
    first["solver"].pop("seconds"), second["solver"].pop("seconds")
    assert first == second


def test_same_request_same_plan(plan: Plan, real: Catalogue) -> None:
    again = plan_tour(real, REQUEST)
    assert [v.site for d in again.days for v in d.visits] == [v.site for d in plan.days for v in d.visits]


def test_sheki_from_tbilisi_says_why_it_cannot_be_done(real: Catalogue) -> None:
    with pytest.raises(RequestError, match=r"Must-see Palace of the Shaki Khans.*closed GE>AZ"):
        plan_tour(real, Request(start="tbilisi", days=3, date=date(2027, 5, 10), must=("sheki",)))


def test_sheki_is_reachable_once_azerbaijan_opens(real: Catalogue) -> None:
    request = Request(
        start="tbilisi",
        days=3,
        date=date(2027, 5, 10),
        must=("sheki-khans-palace",),
        scenario="azerbaijan-land-open",
        iterations=40,
    )
    plan = plan_tour(real, request)
    assert "sheki-khans-palace" in {v.site for d in plan.days for v in d.visits}


def test_impossible_must_see_is_explained(real: Catalogue) -> None:
    # Nemrut Dağ is about 15 h from Tbilisi: no one-day tour reaches it.
    with pytest.raises((RequestError, InfeasibleError), match="Nemrut"):
        plan_tour(real, Request(start="tbilisi", days=1, date=date(2027, 5, 10), must=("nemrut-dag",)))


def test_cli_plan_writes_every_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "plan",
            "--start",
            "tbilisi",
            "--days",
            "3",
            "--date",
            "2027-05-10",
            "--scenario",
            "status-quo",
            "--interests",
            "monastery,unesco",
            "--iterations",
            "20",
            "--quiet",
            "--out",
            str(out),
            "--brand",
            "Ararat & Kazbek Travel",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)
    data = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert set(data) >= {"request", "scenario", "days", "dropped", "totals", "solver"}
    assert set(data["scenario"]) >= {"name", "as_of", "open", "closed"}
    visit = data["days"][0]["visits"][0]
    assert set(visit) >= {"site", "name", "country", "arrive", "depart"}
    assert datetime.fromisoformat(visit["arrive"]).utcoffset() is not None
    assert set(data["days"][0]["legs"][0]) >= {"from", "to", "km", "minutes", "crossings"}
    soup = BeautifulSoup((out / "itinerary.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".brand").get_text(strip=True) == "Ararat & Kazbek Travel"
    assert len(soup.select("section.day")) == 3
    assert "Verify" in soup.select_one(".notice").get_text()
    assert "verify" in (out / "itinerary.md").read_text(encoding="utf-8").lower()
    assert "Total" not in result.output and "total:" in result.output


def test_html_is_autoescaped(tiny: Catalogue, tmp_path: Path) -> None:
    request = Request(
        start="capital-ge", days=1, date=date(2027, 5, 10), must=("alpha-church",), iterations=20
    )
    plan = plan_tour(tiny, request)
    out = (
        tmp_path / "out"
    )  # tmp_path holds the tiny catalogue: a run refuses to replace a folder of other files
    write_plan(plan, tiny, out)
    for name in ("itinerary.html", "map.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in text
    soup = BeautifulSoup((out / "itinerary.html").read_text(encoding="utf-8"), "html.parser")
    assert "<script>alert(1)</script>" in soup.select_one("#site-alpha-church h4").get_text()


HOSTILE = "Alpha {{ 7777777*3 }} {% raw %} ${1+1} `x` \\ <b>bold</b>"


def test_hostile_names_stay_text_on_the_map(tiny: Catalogue, tmp_path: Path) -> None:
    """folium renders the strings it is given as Jinja templates: data must not run as one."""
    from dataclasses import replace

    from tours.export.webmap import map_html

    sites = tuple(
        replace(s, name=HOSTILE, description=HOSTILE) if s.id == "alpha-church" else s for s in tiny.sites
    )
    hostile = replace(tiny, sites=sites)
    request = Request(
        start="capital-ge", days=1, date=date(2027, 5, 10), must=("alpha-church",), iterations=20
    )
    page = map_html(plan_tour(hostile, request), hostile)
    assert "23333331" not in page  # {{ 7777777*3 }} was not evaluated
    assert "{{ 7777777*3 }}" not in page and "${1+1}" not in page and "<b>bold</b>" not in page
    assert "&#123;&#123; 7777777*3 &#125;&#125;" in page and "&#36;&#123;1+1&#125;" in page


def test_status_quo_tbilisi_sheki_yerevan_flies_into_azerbaijan(real: Catalogue) -> None:
    """Land entry to Azerbaijan is closed under status-quo: the planner finds the flight itself."""
    request = Request(
        start="tbilisi",
        end="yerevan",
        days=4,
        date=date(2027, 5, 10),
        must=("sheki-khans-palace",),
        iterations=40,
    )
    with pytest.raises(RequestError, match="allow-flights"):
        plan_tour(real, request)
    plan = plan_tour(real, replace(request, allow_flights=True))
    legs = [g for d in plan.days for g in d.legs]
    assert any(g.mode == "flight" for g in legs)
    assert "AZ" in plan.totals.countries and "AM" in plan.totals.countries
    visited = [v.site for d in plan.days for v in d.visits]
    assert any("shaki" in v or "sheki" in v for v in visited)


def test_a_january_plan_avoids_a_winter_pass_and_says_so(real: Catalogue) -> None:
    """Goderdzi (Batumi-Akhaltsikhe via Khulo) is closed Nov-May: the plan's date decides."""
    request = Request(start="batumi", end="akhaltsikhe", days=2, date=date(2027, 1, 12), iterations=20)
    plan = plan_tour(real, request)
    network = net_for(real, request)
    for day in plan.days:
        for leg in day.legs:
            assert "goderdzi-pass" not in route(network, leg.from_, leg.to).path
    summer = net_for(real, replace(request, date=date(2027, 7, 12)))
    assert "goderdzi-pass" in route(summer, "batumi", "akhaltsikhe").path
    changed = [g for d in plan.days for g in d.legs if "goderdzi-pass" in route(summer, g.from_, g.to).path]
    assert all(g.minutes >= route(summer, g.from_, g.to).minutes for g in changed)
    # the plan says so exactly when a leg would have crossed the pass in summer
    assert bool(changed) == any("Goderdzi" in n.text for n in plan.notices)
    notice = season_notice(network, [("batumi", "akhaltsikhe")])
    assert notice is not None and "Goderdzi" in notice.text
    assert season_notice(network, [("kars", "erzurum")]) is None


def test_every_interesting_site_left_out_has_one_reason(plan: Plan, real: Catalogue) -> None:
    from tours.planner import matches_interests

    visited = {v.site for d in plan.days for v in d.visits}
    reasons = {d.site: d.reason.text for d in plan.dropped}
    for site in real.sites:
        if matches_interests(site, REQUEST.interests) and site.id not in visited:
            assert reasons.get(site.id), site.id
    kinds = {r.split(":")[0].split(" (")[0] for r in reasons.values()}
    assert any(r.startswith("outscored: it fits day") for r in reasons.values()), kinds
    assert any(r.startswith("unreachable under this scenario") for r in reasons.values()), kinds
    inaccessible = [s.id for s in real.sites if s.access == "inaccessible" and s.id in reasons]
    assert all(reasons[s].startswith("access inaccessible") for s in inaccessible)


def test_the_map_works_offline(plan: Plan, real: Catalogue) -> None:
    """Leaflet is inlined: no script or stylesheet is fetched; only tiles need a connection."""
    from tours.export.webmap import map_html

    page = map_html(plan, real)
    soup = BeautifulSoup(page, "html.parser")
    assert not [s["src"] for s in soup.find_all("script", src=True)]
    assert not [
        link["href"] for link in soup.find_all("link", href=True) if "stylesheet" in link.get("rel", [])
    ]
    inline = [s.string or "" for s in soup.find_all("script")]
    first_leaflet = next(i for i, s in enumerate(inline) if "https://leafletjs.com" in s)
    first_map = next(i for i, s in enumerate(inline) if "L.map(" in s)
    assert first_leaflet < first_map


@needs_chromium
def test_the_map_draws_every_stop_in_a_headless_browser_without_a_connection(
    plan: Plan, real: Catalogue, tmp_path: Path
) -> None:
    from tours.export.webmap import map_html

    page = tmp_path / "map.html"
    page.write_text(map_html(plan, real), encoding="utf-8")
    dom, errors = dump_dom(page)
    assert not errors, errors
    stops = dom.select("div.stop")
    assert len(stops) == plan.totals.visits
    assert dom.select("path.leaflet-interactive")  # the day routes and crossings were drawn
    assert dom.select_one(".legend") is not None and "Day 1" in dom.select_one(".legend").get_text()
    outlines = [p for p in dom.select("path") if "leaflet-interactive" not in (p.get("class") or [])]
    assert len(outlines) >= 4  # the four countries, drawn with no tiles


def test_a_brand_file_gives_the_operators_look_and_no_brand_invents_none(
    tiny: Catalogue, tmp_path: Path
) -> None:
    from tours.export.brand import load_brand

    request = Request(start="capital-ge", days=1, date=date(2027, 5, 10), iterations=10)
    plan = plan_tour(tiny, request)
    write_plan(plan, tiny, tmp_path / "plain")
    plain = BeautifulSoup((tmp_path / "plain" / "itinerary.html").read_text(encoding="utf-8"), "html.parser")
    assert plain.select_one(".brand") is None
    brand = tmp_path / "brand.toml"
    brand.write_text(
        'name = "Ararat & Kazbek"\ncolour = "#1b6ca8"\n'
        'contact = "info@example.ge <b>x</b>"\nfooter = "Licensed"\n',
        encoding="utf-8",
    )
    write_plan(plan, tiny, tmp_path / "branded", brand=str(brand))
    page = (tmp_path / "branded" / "itinerary.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one(".brand").get_text(strip=True) == "Ararat & Kazbek"
    assert soup.select_one(".contact").get_text() == "info@example.ge <b>x</b>"  # text, not markup
    assert "#1b6ca8" in page and "Licensed" in soup.select_one("footer").get_text()
    brand.write_text('name = "X"\ncolour = "red; } body { display: none"\n', encoding="utf-8")
    with pytest.raises(RequestError, match="is not #rrggbb"):
        load_brand(str(brand))


def test_the_client_itinerary_leaves_the_internals_to_the_operator_report(
    real: Catalogue, tmp_path: Path
) -> None:
    request = Request(
        start="yerevan",
        end="kars",
        days=3,
        date=date(2027, 6, 7),
        open=("alican-margara",),
        interests=("fortress",),
        iterations=60,
    )
    plan = plan_tour(real, request)
    write_plan(plan, real, tmp_path)
    client = BeautifulSoup((tmp_path / "itinerary.html").read_text(encoding="utf-8"), "html.parser")
    report = BeautifulSoup((tmp_path / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert client.select_one("#dropped") is None and plan.dropped
    assert len(report.select("#dropped tr")) == len(plan.dropped) + 1
    assert report.select_one(".solver") is not None
    if "alican-margara" in plan.totals.crossings:  # a crossing only the override opens says so
        assert client.select(".hypothetical")
    quo = plan_tour(
        real, Request(start="tbilisi", end="yerevan", days=2, date=date(2027, 6, 7), iterations=30)
    )
    write_plan(quo, real, tmp_path / "quo")
    assert not BeautifulSoup(
        (tmp_path / "quo" / "itinerary.html").read_text(encoding="utf-8"), "html.parser"
    ).select(".hypothetical")
