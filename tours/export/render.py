"""Itineraries from Jinja templates: HTML (autoescaped) and Markdown.

The only module that imports `jinja2`. An operator's own template folder, given first, overrides
ours file by file and can still `{% extends "base.html" %}` the default, or reach the very file it
replaces as "tours/<name>" (`{% include "tours/_partials/site_card.html" %}`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment

from tours.catalogue.model import COUNTRIES, Catalogue, Crossing, Site
from tours.errors import TourError
from tours.export.brand import Brand, load_brand
from tours.export.overview import Overview, overview
from tours.itinerary.plan import Plan
from tours.resources import template_dir

DEFAULT_BRAND = ""  # no invented operator: an itinerary carries a brand only when given one


@dataclass(frozen=True)
class ItineraryContext:
    """What every itinerary template receives.

    plan: the plan; sites/crossings: catalogue entries the plan mentions, by id; brand: the
    operator's name shown in the header; countries: code -> English name; generated: when.
    """

    plan: Plan
    sites: dict[str, Site]
    crossings: dict[str, Crossing]
    brand: str = DEFAULT_BRAND
    countries: dict[str, str] = field(default_factory=lambda: dict(COUNTRIES))
    generated: str = ""
    operator: Brand = field(default_factory=Brand)  # the brand file's contact, footer, colour
    hypothetical: frozenset[str] = frozenset()  # crossings used in a direction the status quo closes
    unverified: int = 0  # visits with typical, unverified hours (the operator report)
    estimated: int = 0  # legs with estimated lengths
    legs: int = 0
    notes: tuple[str, ...] = ()  # visited sites whose description notes an approximate position
    overview: Overview | None = None  # the overview map's shapes (inline SVG), None: no map
    map_href: str = "map.html"  # the plan's web map, beside the itinerary ("": no links to it)


def environment(extra: Path | None = None) -> Environment:
    """Ours, overridden file by file by an operator's folder (which reaches ours, too, as
    "tours/itinerary.html", "tours/_partials/site_card.html", ...); sandboxed, because an
    operator's templates are code from outside."""
    if extra is not None and not extra.is_dir():
        raise TourError(f"--templates {extra} is not a folder. Hint: a folder of .html/.md templates.")
    ours = FileSystemLoader(str(template_dir()))
    # "tours/<name>" is always ours: an operator's `_partials/day.html` can include or extend
    # "tours/_partials/day.html", the one it replaces
    loaders: list[BaseLoader] = [PrefixLoader({"tours": ours})]
    loaders += [FileSystemLoader(str(extra))] if extra else []
    loaders.append(ours)
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["hm"] = _hm
    env.filters["duration"] = _duration
    env.filters["clock"] = lambda d: d.strftime("%H:%M")
    env.filters["utc_offset"] = lambda d: d.strftime("%z")[:3] + ":" + d.strftime("%z")[3:]
    return env


def context(
    plan: Plan, catalogue: Catalogue, *, brand: str | Brand | None = None, map_href: str = "map.html"
) -> ItineraryContext:
    operator = brand if isinstance(brand, Brand) else load_brand(brand)
    ids = {v.site for d in plan.days for v in d.visits} | {x.site for x in plan.dropped}
    crossing_ids = {c for d in plan.days for g in d.legs for c in g.crossings}
    return ItineraryContext(
        plan=plan,
        sites={s.id: s for s in catalogue.sites if s.id in ids},
        crossings={c.id: c for c in catalogue.crossings if c.id in crossing_ids},
        brand=operator.name,
        operator=operator,
        hypothetical=hypothetical(plan, catalogue),
        unverified=sum(1 for d in plan.days for v in d.visits if not v.hours_verified),
        estimated=sum(1 for d in plan.days for g in d.legs if g.estimated),
        legs=sum(len(d.legs) for d in plan.days),
        notes=tuple(
            v.site
            for d in plan.days
            for v in d.visits
            if any(w in catalogue.site(v.site).description for w in ("Point", "coordinates", "approximate"))
        ),
        generated=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        overview=overview(plan, catalogue),
        map_href=map_href,
    )


def hypothetical(plan: Plan, catalogue: Catalogue) -> frozenset[str]:
    """The crossings a plan takes in a direction the status quo, on that day, does not open to
    this traveller."""
    from tours.catalogue.scenarios import DEFAULT_SCENARIO
    from tours.catalogue.timeline import scenario_on

    try:
        base = catalogue.scenario(DEFAULT_SCENARIO)
    except KeyError:
        return frozenset()
    country = {t.id: t.country for t in catalogue.towns}
    posts = {frozenset((c.node_a, c.node_b)): c.id for c in catalogue.crossings}
    out = set()
    for d in plan.days:
        real = scenario_on(base, catalogue.timeline, d.date)
        for g in d.legs:
            for a, b in zip(g.path, g.path[1:], strict=False):
                crossing = posts.get(frozenset((a, b)))
                if crossing is None or country.get(a) == country.get(b):
                    continue
                status = real.status(crossing, f"{country[a]}>{country[b]}")
                if status is None or not status.allows(plan.request.nationality):
                    out.add(crossing)
    return frozenset(out)


def where(exc: BaseException) -> str:
    """'file:line: ' of the template an error came from, when it came from one."""
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        return f"{exc.filename}:{exc.lineno}: "
    tb, found = exc.__traceback__, ""
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".md")):
            found = f"{name}:{tb.tb_lineno}: "
        tb = tb.tb_next
    return found


@contextlib.contextmanager
def rendering(what: str = "the plan") -> Iterator[None]:
    """Template errors (an operator's templates can fail in many ways) as one TourError line
    naming the template's file and line."""
    try:
        yield
    except TourError:
        raise
    except Exception as exc:
        raise TourError(f"{where(exc)}could not render {what}: {type(exc).__name__}: {exc}") from exc


def render(
    template: str, ctx: ItineraryContext, *, templates: Path | None = None, page: object = None
) -> str:
    """`page`: what a page beyond the itinerary needs (a published tour's downloads), or None."""
    return environment(templates).get_template(template).render(ctx=ctx, plan=ctx.plan, page=page)


def render_page(template: str, *, templates: Path | None = None, **names: object) -> str:
    """Any other page (the published site's index): `names` are what the template receives."""
    return environment(templates).get_template(template).render(**names)


def _hm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _duration(minutes: int) -> str:
    h, m = divmod(int(minutes), 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"


@dataclass(frozen=True)
class CompareContext:
    """What `compare.html` receives as `ctx` (with `cmp`, the comparison's contract)."""

    brand: str = DEFAULT_BRAND
    generated: str = ""
    operator: Brand = field(default_factory=Brand)


def render_comparison(
    contract: dict[str, object], *, brand: str | None = None, templates: Path | None = None
) -> str:
    operator = load_brand(brand)
    ctx = CompareContext(
        brand=operator.name,
        generated=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        operator=operator,
    )
    return environment(templates).get_template("compare.html").render(ctx=ctx, cmp=contract)
