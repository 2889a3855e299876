"""A static site of tours for travellers: `tours publish PLAN.json... --out DIR`.

    DIR/index.html             the tours: dates, days, countries, highlights
    DIR/<tour>/index.html      one tour: its downloads, its map, then its itinerary (prints by day)
    DIR/<tour>/map.html        its web map (Leaflet and the country outlines inlined: works offline)
    DIR/<tour>/plan.json, route.gpx, calendar.ics, plan.geojson, visits.csv

Every link is relative and names its file (`<tour>/index.html`, never a bare folder), so the
folder works opened from disk (file://) as well as served by any web server. Everything is
rendered first and written at once (`write_folder`): a failure leaves the previous site as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from tours.catalogue.model import COUNTRIES, Catalogue
from tours.catalogue.scenarios import DEFAULT_SCENARIO
from tours.errors import RequestError
from tours.export.brand import Brand, load_brand
from tours.export.files import write_folder
from tours.export.formats import geojson, visits_csv
from tours.export.render import context, render, render_page, rendering
from tours.itinerary.plan import Plan
from tours.resources import shown

HIGHLIGHTS = 4  # the sites of a tour named on the index: its must-sees, then the most important
MANIFEST = ".tours-site.json"  # the tour folders a publish wrote: the next one removes those it drops


@dataclass(frozen=True)
class Download:
    href: str  # relative to the tour's page
    label: str
    about: str


DOWNLOADS = (
    Download("route.gpx", "GPX", "GPS route: a route a day, a waypoint a stop"),
    Download("calendar.ics", "Calendar", "ICS: every visit in its country's time zone"),
    Download("plan.geojson", "GeoJSON", "the stops and each day's line"),
    Download("visits.csv", "CSV", "the visits, a row each"),
    Download("plan.json", "Plan", "JSON: `tours render` re-renders it"),
)


@dataclass(frozen=True)
class TourPage:
    """What `site_tour.html` receives as `page`, beside the itinerary's `ctx` and `plan`."""

    index: str = "../index.html"  # the site's index
    map: str = "map.html"  # the tour's web map
    downloads: tuple[Download, ...] = DOWNLOADS


@dataclass(frozen=True)
class TourEntry:
    """One tour on the index. `href`: its page, relative to the index."""

    href: str
    start: str
    end: str
    first: date
    last: date
    days: int
    visits: int
    km: float
    countries: tuple[str, ...]  # English names
    scenario: str  # the border scenario's title
    hypothetical: bool  # planned under a scenario other than the status quo
    highlights: tuple[str, ...]  # site names


@dataclass(frozen=True)
class SiteContext:
    """What `site_index.html` receives as `ctx` (and `base.html` reads: brand, operator, generated)."""

    tours: tuple[TourEntry, ...]
    brand: str = ""
    operator: Brand = field(default_factory=Brand)
    generated: str = ""


def load_plans(paths: Iterable[Path], catalogue: Catalogue) -> list[Plan]:
    """Saved plans (`plan.json`), each checked to name only places the catalogue knows."""
    known = {s.id for s in catalogue.sites} | {t.id for t in catalogue.towns}
    from tours.itinerary.check import load_plan

    plans = []
    for path in paths:
        plan = load_plan(path)
        places = {v.site for d in plan.days for v in d.visits}
        places |= {n for d in plan.days for g in d.legs for n in (g.from_, g.to, *g.path)}
        if missing := sorted(places - known):
            raise RequestError(
                f"{shown(path)}: {', '.join(missing[:5])} not in the catalogue. "
                "Hint: --sites FILE with the operator's own sites the plan was made with."
            )
        plans.append(plan)
    if not plans:
        raise RequestError("no plan to publish. Hint: tours publish out/tour/plan.json --out site.")
    return plans


def slug(plan: Plan, taken: set[str]) -> str:
    """A folder name for a tour: `tbilisi-5-days`, then `tbilisi-5-days-2`, ..."""
    base = re.sub(r"[^a-z0-9]+", "-", plan.days[0].start.id.lower()).strip("-") or "tour"
    name, n = f"{base}-{len(plan.days)}-days", 1
    while name in taken:
        n += 1
        name = f"{base}-{len(plan.days)}-days-{n}"
    taken.add(name)
    return name


def _entry(plan: Plan, catalogue: Catalogue, href: str, hypothetical: bool) -> TourEntry:
    visited = {v.site for d in plan.days for v in d.visits}
    must = set(plan.request.must)  # the sites the tour was planned around come first
    ranked = sorted(
        (s for s in catalogue.sites if s.id in visited),
        key=lambda s: (s.id not in must, -s.importance, s.name),
    )
    return TourEntry(
        href=href,
        start=plan.days[0].start.name,
        end=plan.days[-1].end.name,
        first=plan.days[0].date,
        last=plan.days[-1].date,
        days=len(plan.days),
        visits=plan.totals.visits,
        km=plan.totals.km,
        countries=tuple(COUNTRIES.get(c, c) for c in plan.totals.countries),
        scenario=plan.scenario.title,
        hypothetical=hypothetical or plan.scenario.name != DEFAULT_SCENARIO,
        highlights=tuple(s.name for s in ranked[:HIGHLIGHTS]),
    )


def site_texts(
    plans: Sequence[Plan], catalogue: Catalogue, *, brand: str | None = None, templates: Path | None = None
) -> dict[str, str]:
    """Every file of the site, by its path in the site folder."""
    from tours.export.gpx import gpx  # each heavy dependency: imported by the command that uses it
    from tours.export.ics import ics
    from tours.export.webmap import map_html

    operator = load_brand(brand)
    texts: dict[str, str] = {}
    entries: list[TourEntry] = []
    taken: set[str] = set()
    for plan in plans:
        folder = slug(plan, taken)
        ctx = context(plan, catalogue, brand=operator)
        with rendering(f"the tour {folder}"):
            texts[f"{folder}/index.html"] = render(
                "site_tour.html", ctx, templates=templates, page=TourPage()
            )
            texts[f"{folder}/map.html"] = map_html(plan, catalogue, itinerary="index.html")
        texts[f"{folder}/plan.json"] = plan.to_json()
        texts[f"{folder}/route.gpx"] = gpx(plan, catalogue)
        texts[f"{folder}/calendar.ics"] = ics(plan, catalogue)
        texts[f"{folder}/plan.geojson"] = geojson(plan, catalogue)
        texts[f"{folder}/visits.csv"] = visits_csv(plan)
        entries.append(_entry(plan, catalogue, f"{folder}/index.html", bool(ctx.hypothetical)))
    index = SiteContext(
        tours=tuple(entries),
        brand=operator.name,
        operator=operator,
        generated=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
    )
    with rendering("the site's index"):
        texts["index.html"] = render_page("site_index.html", templates=templates, ctx=index)
    texts[MANIFEST] = json.dumps({"tours": [e.href.split("/")[0] for e in entries]}, indent=1) + "\n"
    return texts


def _published(out: Path) -> list[str]:
    """The tour folders the last publish into `out` wrote (none when it was not a site)."""
    try:
        tours = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["tours"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [t for t in tours if isinstance(t, str) and re.fullmatch(r"[a-z0-9-]+", t)]


def publish(
    plans: Sequence[Plan],
    catalogue: Catalogue,
    out: Path,
    *,
    brand: str | None = None,
    templates: Path | None = None,
) -> list[Path]:
    """Write the site into `out` (all at once); returns the index and the tours' pages."""
    texts = site_texts(plans, catalogue, brand=brand, templates=templates)
    write_folder(out, texts, stale=_published(out))
    return [out / name for name in texts if name.endswith("index.html")]
