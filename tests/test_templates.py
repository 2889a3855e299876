"""The client itinerary: an operator's template folder that overrides one partial and extends ours,
checked by structure; a hostile site name that stays text in the itinerary, the map's popups and
the published site, in a real browser; the overview; and the PDF printed by headless Chromium."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from browser import CHROMIUM, needs_chromium
from bs4 import BeautifulSoup
from click.testing import CliRunner
from test_publish import browse

from cli import cli
from tours import Plan, Request, TourError, plan_tour, write_plan
from tours.catalogue.model import Catalogue
from tours.catalogue.rows import SITE_HEADER

SCRIPT = "<script>document.title='pwned';window.pwned=1</script>"
IMAGE = "<img src=x onerror=document.title='owned'>"
HOSTILE = f"Evil {SCRIPT}{IMAGE} Church"
# an operator's own card: ours, reached as "tours/...", wrapped in theirs
CARD = (
    '<div class="operator-card">{% include "tours/_partials/site_card.html" %}'
    '<p class="operator-note">Your guide meets you at the gate.</p></div>\n'
)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`tours plan` with a hostile operator site file and a template folder, then `tours publish`."""
    root = tmp_path_factory.mktemp("hostile")
    own = root / "evil.csv"
    row = dict.fromkeys(SITE_HEADER, "")
    row |= {
        "id": "evil-church",
        "name": HOSTILE,
        "name_local": f"ევილ {IMAGE}",
        "country": "GE",
        "lat": "41.6935",
        "lon": "44.8015",
        "category": "church",
        "tags": "church",
        "importance": "3",
        "visit_minutes": "30",
        "opening_hours": "Mo-Su 08:00-20:00",
        "hours_source": "typical; not verified",
        "access": "open",
        "description": f"A test church. {SCRIPT} {{{{ 7*7 }}}}",
        "source": "https://example.org/evil",
    }
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SITE_HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    own.write_text(buffer.getvalue(), encoding="utf-8")
    templates = root / "tpl"
    (templates / "_partials").mkdir(parents=True)
    (templates / "_partials" / "site_card.html").write_text(CARD, encoding="utf-8")
    args = ["plan", "--start", "tbilisi", "--days", "2", "--date", "2027-05-10", "--iterations", "20"]
    args += ["--quiet", "--sites", str(own), "--must", "evil-church", "--templates", str(templates)]
    args += ["--interests", "monastery"]  # so that some are left out
    result = CliRunner().invoke(cli, [*args, "--out", str(root / "tour")])
    assert result.exit_code == 0, result.output
    publish = [
        "publish",
        str(root / "tour" / "plan.json"),
        "--sites",
        str(own),
        "--templates",
        str(templates),
    ]
    result = CliRunner().invoke(cli, [*publish, "--out", str(root / "site")])
    assert result.exit_code == 0, result.output
    return root


def _plan(made: Path) -> Plan:
    return Plan.from_json((made / "tour" / "plan.json").read_text(encoding="utf-8"))


def test_an_overridden_partial_extends_ours_and_the_itinerary_keeps_its_structure(made: Path) -> None:
    plan = _plan(made)
    soup = BeautifulSoup((made / "tour" / "itinerary.html").read_text(encoding="utf-8"), "html.parser")
    days = soup.select("main > section.day")
    assert [d["id"] for d in days] == [f"day-{d.day}" for d in plan.days]
    for section, day in zip(days, plan.days, strict=True):
        cards = section.select("div.operator-card")
        assert len(cards) == len(day.visits)  # theirs, once a visit
        for card, visit in zip(cards, day.visits, strict=True):
            assert [a["id"] for a in card.select(":scope > article.site")] == [f"site-{visit.site}"]  # ours
            assert card.select_one(":scope > p.operator-note") is not None
        assert section.select_one("h2 a.to-map")["href"] == f"map.html#day-{day.day}"
    # the overview comes first: a row a day, linked to the day; a drawn route a day, a dot a stop
    overview = soup.select_one("main > section#overview")
    assert overview is not None and overview.find_next_sibling("section")["id"] == "day-1"
    rows = overview.select("table.overview tr.overview-day")
    assert [r.select_one("a")["href"] for r in rows] == [f"#day-{d.day}" for d in plan.days]
    svg = overview.select_one("figure.overview-map svg")
    assert len(svg.select("polyline.route")) == len(plan.days)
    assert len(svg.select("g.stop")) == plan.totals.visits
    assert len(svg.select("path.country")) >= 1
    assert soup.select_one("#dropped") is None  # the left-out table is the operator's report only
    report = BeautifulSoup((made / "tour" / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert plan.dropped and report.select_one("#dropped") is not None
    # the published tour page uses the operator's templates too
    tour = BeautifulSoup(
        (made / "site" / "tbilisi-2-days" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert len(tour.select("div.operator-card > article.site")) == plan.totals.visits


def _no_markup_from_the_data(soup: BeautifulSoup) -> None:
    assert not soup.select("main script, main img, img[src=x]")
    assert not [s for s in soup.find_all("script") if "title='pwned'" in (s.string or "")]


def test_a_hostile_site_name_is_text_in_every_file(made: Path) -> None:
    pages = [made / "tour" / n for n in ("itinerary.html", "report.html")]
    pages += [made / "site" / "index.html", made / "site" / "tbilisi-2-days" / "index.html"]
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        _no_markup_from_the_data(soup)
    itinerary = BeautifulSoup((made / "tour" / "itinerary.html").read_text(encoding="utf-8"), "html.parser")
    assert HOSTILE in itinerary.select_one("#site-evil-church h4").get_text()
    assert "{{ 7*7 }}" in itinerary.select_one("#site-evil-church").get_text()  # not evaluated
    index = BeautifulSoup((made / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert HOSTILE in index.select_one(".highlights").get_text()
    for page in (made / "tour" / "map.html", made / "site" / "tbilisi-2-days" / "map.html"):
        text = page.read_text(encoding="utf-8")
        assert SCRIPT not in text and IMAGE not in text
        assert "&#123;&#123; 7*7 &#125;&#125;" in text  # folium did not evaluate it either


@needs_chromium
def test_no_script_from_the_data_runs_in_a_browser(made: Path) -> None:
    for page in (made / "tour" / "itinerary.html", made / "site" / "tbilisi-2-days" / "index.html"):
        seen = browse(page, probe=True)
        assert seen.console == []
        assert seen.dom.html["data-title"].startswith("2-day tour") and seen.dom.html["data-pwned"] == ""
        assert HOSTILE in seen.dom.select_one("#site-evil-church h4").get_text()
        _no_markup_from_the_data(seen.dom)
    index = browse(made / "site" / "index.html", probe=True)
    assert index.console == [] and index.dom.html["data-pwned"] == ""
    assert index.dom.html["data-title"] == "Heritage tours"
    assert HOSTILE in index.dom.select_one(".highlights").get_text()
    for page in (made / "tour" / "map.html", made / "site" / "tbilisi-2-days" / "map.html"):
        seen = browse(page, probe=True)  # opens every popup in turn
        assert seen.console == []
        assert seen.dom.html["data-title"] not in ("pwned", "owned") and seen.dom.html["data-pwned"] == ""
        popups = [p for p in seen.dom.select("#probe-popups .popup") if "Evil" in p.get_text()]
        assert popups and all(p["data-elements"] == "0" for p in popups)
        assert HOSTILE in popups[0].get_text()  # shown as the text it is
        labels = [x.get_text() for x in seen.dom.select(".site-label")]
        assert HOSTILE in labels
        assert not seen.dom.select("img[src=x]")


@pytest.fixture(scope="module")
def small(real: Catalogue) -> Plan:
    return plan_tour(real, Request(start="tbilisi", days=2, date=date(2027, 5, 10), iterations=20))


def _pages(pdf: bytes) -> list[bytes]:
    """The PDF's page objects (Chromium writes them uncompressed)."""
    objects = re.findall(rb"\d+ 0 obj(.*?)endobj", pdf, re.S)
    return [o for o in objects if re.search(rb"/Type\s*/Page\b", o)]


@needs_chromium
def test_pdf_prints_an_overview_then_a_page_a_day_and_no_empty_page(
    small: Plan, real: Catalogue, tmp_path: Path
) -> None:
    written = write_plan(small, real, tmp_path / "tour", pdf=True)
    pdf = (tmp_path / "tour" / "itinerary.pdf").read_bytes()
    assert tmp_path / "tour" / "itinerary.pdf" in written
    assert pdf.startswith(b"%PDF-")
    pages = _pages(pdf)
    assert len(small.days) + 1 <= len(pages) <= 2 * (len(small.days) + 1)  # overview, then each day
    assert all(b"/Font" in p for p in pages)  # every page has text: none is empty
    write_plan(small, real, tmp_path / "tour")  # without --pdf: no stale PDF is left behind
    assert not (tmp_path / "tour" / "itinerary.pdf").exists()


def test_pdf_without_chromium_is_a_clear_error(
    small: Plan, real: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("TOURS_CHROMIUM", raising=False)
    with pytest.raises(TourError, match=r"--pdf needs headless Chromium .* Hint: `apt-get install chromium`"):
        write_plan(small, real, tmp_path / "tour", pdf=True)
    assert not (tmp_path / "tour").exists()
    args = ["plan", "--start", "tbilisi", "--days", "1", "--date", "2027-05-10", "--pdf"]
    result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / "cli")])
    assert result.exit_code == 1 and "needs headless Chromium" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "cli").exists()
    if CHROMIUM is not None:
        monkeypatch.setenv("TOURS_CHROMIUM", CHROMIUM)  # a browser off PATH, named by the variable
        write_plan(small, real, tmp_path / "named", pdf=True)
        assert (tmp_path / "named" / "itinerary.pdf").read_bytes().startswith(b"%PDF-")
