"""`tours`: the command line. Parses options, calls the `tours` API, prints or writes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from tours.errors import TourError

if TYPE_CHECKING:
    from tours.catalogue.model import Catalogue
    from tours.planner.request import PaceName

COUNTRY_CODES = ("AM", "AZ", "GE", "TR")  # tours.catalogue.model.COUNTRIES (a test checks they agree)


def _catalogue() -> Catalogue:
    from tours.catalogue.files import load_catalogue

    return load_catalogue()


def _csv(value: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (value or "").split(",") if x.strip())


def _many(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(x for v in values for x in _csv(v))


def _nationality(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from tours.catalogue.nations import nationality

    try:
        return nationality(value)
    except TourError as exc:
        raise click.BadParameter(str(exc)) from None


def _border_options(command: Callable[..., None]) -> Callable[..., None]:
    """The per-run crossing overrides and traveller profile that `plan` and `route` share."""
    for option in reversed(
        [
            click.option(
                "--open", "open_", multiple=True, help="Open a crossing for this run: ID or ID:GE>AZ."
            ),
            click.option("--close", multiple=True, help="Close a crossing for this run: ID or ID:GE>AZ."),
            click.option(
                "--nationality",
                default="third-country",
                show_default=True,
                callback=_nationality,
                help="Traveller's ISO 3166 code (AM, az, ...): who may use a crossing depends on it.",
            ),
            click.option(
                "--allow-flights",
                is_flag=True,
                help="Let legs take the direct flights of sites/network/flights.csv.",
            ),
        ]
    ):
        command = option(command)
    return command


def _trip_options(command: Callable[..., None]) -> Callable[..., None]:
    """Where and when a tour goes: what `plan` and `compare` share."""
    for option in reversed(
        [
            click.option("--start", required=True, help="Town the tour starts from (id or name)."),
            click.option("--end", default=None, help="Town the tour ends in (default: the start)."),
            click.option(
                "--days", type=click.IntRange(1, 30), default=7, show_default=True, help="Number of days."
            ),
            click.option(
                "--date",
                "start_date",
                required=True,
                type=click.DateTime(["%Y-%m-%d"]),
                help="First day of the tour, YYYY-MM-DD.",
            ),
        ]
    ):
        command = option(command)
    return command


_PDF = click.option(
    "--pdf", is_flag=True, help="Also itinerary.pdf, printed by headless Chromium (must be installed)."
)


def _date_option(help_text: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """`--date YYYY-MM-DD`, passed as `on` (None when not given)."""
    return click.option("--date", "on", type=click.DateTime(["%Y-%m-%d"]), default=None, help=help_text)


_SITE_FILES = click.option(
    "--sites",
    "site_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your own site file (the format of sites/am.csv), merged with ours for this run; repeat.",
)
_BRAND = click.option(
    "--brand",
    default=None,
    help="Operator name, or a brand file (TOML: name, colour, contact, footer, terms) for the itinerary.",
)
_TEMPLATES = click.option(
    "--templates",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of templates overriding ours, same names (itinerary.html, site_index.html, partials, ...).",
)


class _Group(click.Group):
    """Turns library errors into one line and exit status 1; anything else is a bug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TourError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group)
@click.version_option(package_name="caucasus-tours")
def cli() -> None:
    """Plan heritage tours across Armenia, Azerbaijan, Georgia and Türkiye."""


@cli.command()
@_trip_options
@click.option("--scenario", default="status-quo", show_default=True, help="Border scenario name.")
@click.option("--interests", default="", help="Comma-separated tags, e.g. monastery,unesco.")
@click.option("--must", multiple=True, help="Site that must be visited (repeat or comma-separate).")
@click.option("--avoid", multiple=True, help="Site to leave out (repeat or comma-separate).")
@_border_options
@click.option(
    "--pace",
    type=click.Choice(["relaxed", "standard", "intensive"]),
    default="standard",
    show_default=True,
    help="Day 09:30-18:00, visits x1.25, 5 h travel | 09:00-19:00, x1, 7 h | 08:00-20:00, x0.8, 9 h.",
)
@click.option("--day-start", default=None, help="Earliest departure, HH:MM local (overrides the pace).")
@click.option("--day-end", default=None, help="Latest arrival, HH:MM local (overrides the pace).")
@click.option(
    "--drive-hours",
    type=click.FloatRange(0.5, 16),
    default=None,
    help="Cap on travel per day in hours (overrides the pace).",
)
@click.option(
    "--iterations",
    type=click.IntRange(1, 10**7),
    default=1000,
    show_default=True,
    help="Search iterations: the deterministic stopping rule (same inputs and seed, same plan); "
    "it also stops after max(30 x days, N/2) iterations without improvement.",
)
@click.option(
    "--seed",
    type=click.IntRange(0, 2**32 - 1),
    default=0,
    show_default=True,
    help="Random seed of the search.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(0.1, 3600),
    default=30.0,
    show_default=True,
    help="Cap on solver seconds; if it stops the search first, the plan may vary between machines.",
)
@click.option(
    "--max-visits",
    type=click.IntRange(1, 20),
    default=None,
    help="Most visits a day (default: the pace's 4/6/8).",
)
@click.option("--countries", default="", help="Keep visits and nights in these countries, e.g. AM,GE.")
@click.option(
    "--nights",
    "nights",
    multiple=True,
    help="The first nights, in order: TOWN:N (repeat), e.g. --nights tbilisi:2 --nights kazbegi:1.",
)
@click.option("--no-lunch", is_flag=True, help="No lunch break (default: 45-60 min starting 12:00-14:30).")
@_SITE_FILES
@click.option("--quiet", is_flag=True, help="No progress display on the terminal.")
@_BRAND
@_TEMPLATES
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for plan.json, the itinerary, the operator report, the map and the exports.",
)
@_PDF
def plan(
    start: str,
    end: str | None,
    days: int,
    start_date: datetime,
    scenario: str,
    interests: str,
    must: tuple[str, ...],
    avoid: tuple[str, ...],
    open_: tuple[str, ...],
    close: tuple[str, ...],
    nationality: str | None,
    allow_flights: bool,
    pace: str,
    day_start: str | None,
    day_end: str | None,
    drive_hours: float | None,
    iterations: int,
    seed: int,
    time_limit: float,
    max_visits: int | None,
    countries: str,
    nights: tuple[str, ...],
    no_lunch: bool,
    site_files: tuple[Path, ...],
    quiet: bool,
    brand: str | None,
    templates: Path | None,
    out: Path,
    pdf: bool,
) -> None:
    """Plan a tour and write its itinerary, operator report, map and exports into a folder."""
    from tours.catalogue.files import load_catalogue
    from tours.export.files import write_plan
    from tours.planner.request import Request
    from tours.planner.tour import plan_tour

    if pdf:
        from tours.export.pdf import chromium

        chromium()  # no browser: say so before the search, not after it
    from tours.export.brand import load_brand

    load_brand(brand)  # a bad brand file, too, before the search
    catalogue = load_catalogue(extra_sites=site_files)
    request = Request(
        start=start,
        end=end,
        days=days,
        date=start_date.date(),
        scenario=scenario,
        interests=_csv(interests),
        must=_many(must),
        avoid=_many(avoid),
        open=_many(open_),
        close=_many(close),
        nationality=nationality,
        pace=cast("PaceName", pace),  # one of click.Choice's values
        day_start=_clock(day_start) if day_start else None,
        day_end=_clock(day_end) if day_end else None,
        drive_hours=drive_hours,
        time_limit=time_limit,
        iterations=iterations,
        seed=seed,
        allow_flights=allow_flights,
        max_visits=max_visits,
        countries=tuple(c.upper() for c in _csv(countries)),
        nights=tuple(_night(x) for x in _many(nights)),
        lunch=not no_lunch,
    )
    if request.date < date.today():
        click.echo(
            f"warning: --date {request.date} is in the past; the plan uses the border statuses in force "
            "then and today's opening hours.",
            err=True,
        )
    result = plan_tour(catalogue, request, progress=None if quiet else _progress)
    written = write_plan(result, catalogue, out, brand=brand, templates=templates, pdf=pdf)
    click.echo(f"{'day':>3}  {'date':10}  {'from':14} {'to':14} {'km':>6} {'drive':>6}  visits")
    for d in result.days:
        click.echo(
            f"{d.day:>3}  {d.date}  {d.start.name[:14]:14} {d.end.name[:14]:14} "
            f"{d.km:>6.0f} {d.drive_minutes // 60:>3}:{d.drive_minutes % 60:02d}  "
            + ", ".join(v.name for v in d.visits)
        )
    t = result.totals
    click.echo(
        f"total: {t.visits} visits, {t.km:.0f} km, {t.drive_minutes // 60} h "
        f"{t.drive_minutes % 60:02d} driving; crossings: {', '.join(t.crossings) or 'none'}"
    )
    if result.dropped:
        click.echo(f"left out: {len(result.dropped)} matching site(s), reasons in report.html and plan.json")
    for notice in result.notices:
        if notice.code != "estimates":  # the itinerary marks each estimate
            click.echo(f"NOTE: {notice.text}")
    click.echo("wrote " + ", ".join(str(p) for p in written))


def _progress(iteration: int, score: float, seconds: float) -> None:
    """One line on stderr per improvement, overwritten in place on a terminal."""
    end = "\r" if sys.stderr.isatty() else "\n"
    click.echo(
        f"  searching: iteration {iteration:>5}  score {score:>6.0f}  {seconds:5.1f} s", err=True, nl=False
    )
    click.echo(end, err=True, nl=False)


def _night(value: str) -> tuple[str, int]:
    town, _, count = value.rpartition(":")
    if not town or not count.isdigit() or int(count) < 1:
        raise click.BadParameter(f"{value!r} is not TOWN:N. Hint: --nights tbilisi:2.", param_hint="--nights")
    return town, int(count)


def _clock(value: str) -> time:
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a time. Hint: HH:MM, e.g. 09:00.") from None


@cli.command()
@click.argument("origin")
@click.argument("destination")
@click.option("--scenario", default="status-quo", show_default=True, help="Border scenario name.")
@_date_option("Travel date, YYYY-MM-DD (default: today): roads closed that month are not used.")
@_border_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def route(
    origin: str,
    destination: str,
    scenario: str,
    on: datetime | None,
    open_: tuple[str, ...],
    close: tuple[str, ...],
    nationality: str | None,
    allow_flights: bool,
    as_json: bool,
) -> None:
    """Fastest route between two towns or sites under a scenario, on a date."""
    from tours.network import Conditions, network_for, route_contract, routing, season_notice
    from tours.network.explain import border_notices, crossed
    from tours.planner.checks import check_date, check_overrides
    from tours.planner.resolve import Resolver

    check_overrides(_many(open_), _many(close))
    if on:
        check_date(on.date(), "--date")
    catalogue = _catalogue()
    resolver = Resolver(catalogue)
    a, b = resolver.routable(origin), resolver.routable(destination)
    conditions = Conditions(
        scenario=scenario,
        open=_many(open_),
        close=_many(close),
        nationality=nationality,
        dates=(on.date() if on else date.today(),),
        allow_flights=allow_flights,
    )
    network = network_for(catalogue, conditions)
    if as_json:
        click.echo(json.dumps(route_contract(network, a, b), ensure_ascii=False))
        return
    r = routing.route(network, a, b)
    nodes = network.nodes
    click.echo(
        f"{nodes[a].name} → {nodes[b].name}: {r.km:.0f} km, "
        f"{int(r.minutes) // 60} h {int(r.minutes) % 60:02d} min ({scenario})"
    )
    click.echo("via " + " · ".join(nodes[n].name for n in r.path if nodes[n].kind != "junction"))
    scenario_now = network.scenario
    assert scenario_now is not None
    used = crossed(network, r.path)
    for c, d in used:
        status = scenario_now.status(c, d)
        rule = f"{d}, {status.rule()}" if status else d
        click.echo(f"crossing: {catalogue.crossing(c).name} ({rule}; verify status before travel)")
    for f in r.flights:
        click.echo(f"flight: {f} (check the timetable; the time includes 2.5 h at the airports)")
    notices = border_notices(
        network,
        used,
        nationality=nationality,
        names={c.id: c.name for c in catalogue.crossings},
        timeline=catalogue.timeline,
    )
    for notice in [season_notice(network, [(r.src, r.dst)]), *notices]:
        if notice is not None and notice.code != "crossing-rules":  # the rules are on the lines above
            click.echo(f"NOTE: {notice.text}")


@cli.command()
@_trip_options
@click.option(
    "--scenarios",
    default="status-quo,turkey-armenia-open,azerbaijan-land-open,all-open",
    show_default=True,
    help="Comma-separated scenario names; the first is the base the others are compared with. "
    "A name may carry overrides of its own: status-quo+open:alican-margara.",
)
@click.option("--interests", default="", help="Comma-separated tags, e.g. monastery,unesco.")
@click.option(
    "--iterations", type=click.IntRange(1, 10**7), default=1000, show_default=True, help="Per plan."
)
@_border_options
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for compare.json, compare.html and map.html (a layer per scenario).",
)
def compare(
    start: str,
    end: str | None,
    days: int,
    start_date: datetime,
    scenarios: str,
    interests: str,
    iterations: int,
    open_: tuple[str, ...],
    close: tuple[str, ...],
    nationality: str | None,
    allow_flights: bool,
    out: Path,
) -> None:
    """Plan the same tour under several border scenarios and report what each changes."""
    from tours.analysis.compare import compare as run
    from tours.export.comparemap import compare_map_html
    from tours.export.files import write_folder
    from tours.export.render import render_comparison
    from tours.planner.request import Request

    request = Request(
        start=start,
        end=end,
        days=days,
        date=start_date.date(),
        interests=_csv(interests),
        iterations=iterations,
        open=_many(open_),
        close=_many(close),
        nationality=nationality,
        allow_flights=allow_flights,
    )
    catalogue = _catalogue()
    result = run(catalogue, request, _csv(scenarios))
    contract = result.contract()
    write_folder(
        out,
        {
            "compare.json": json.dumps(contract, ensure_ascii=False, indent=1) + "\n",
            "compare.html": render_comparison(contract),
            "map.html": compare_map_html(result, catalogue),
        },
    )
    click.echo(f"{'scenario':34} {'visits':>6} {'score':>6} {'km':>6} {'drive':>6}  crossings")
    for s in contract["scenarios"]:
        click.echo(
            f"{s['scenario'][:34]:34} {s['visits']:>6} {s['score']:>6} {s['km']:>6.0f} "
            f"{s['drive_minutes'] // 60:>3}:{s['drive_minutes'] % 60:02d}  "
            + (", ".join(s["crossings"]) or "none")
        )
    click.echo(
        f"{len(result.changes)} site(s) gained or lost; wrote "
        + ", ".join(str(out / name) for name in ("compare.json", "compare.html", "map.html"))
    )


@cli.command()
@click.option(
    "--scenarios",
    default="status-quo,turkey-armenia-open,azerbaijan-land-open,all-open",
    show_default=True,
    help="Comma-separated scenario names.",
)
@click.option("--hubs", default="", help="Comma-separated towns (default: capitals and gateways).")
@_date_option("Travel date (seasonal roads).")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--png",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write a heat map (hours, and hours saved against the first scenario) to this PNG file.",
)
def reach(
    scenarios: str, hubs: str, on: datetime | None, as_csv: bool, as_json: bool, png: Path | None
) -> None:
    """Travel hours between hubs under each scenario (the reach matrix)."""
    from tours.analysis.reach import HUBS, reach_matrix
    from tours.planner.checks import check_date

    if on:
        check_date(on.date(), "--date")
    m = reach_matrix(
        _catalogue(), _csv(scenarios), hubs=_csv(hubs) or HUBS, on=on.date() if on else date.today()
    )
    if png is not None:
        from tours.analysis.heatmap import heat_map_png
        from tours.export.files import write_atomic

        write_atomic(png, heat_map_png(m))
        click.echo(f"wrote {png}", err=True)
    if as_json:
        click.echo(json.dumps(m.contract(), ensure_ascii=False))
        return
    if as_csv:
        click.echo(m.csv(), nl=False)
        return
    for s in m.scenarios:
        click.echo(f"{s}: hours from (rows) to (columns); - no road")
        click.echo(" " * 12 + "".join(f"{n[:8]:>9}" for n in m.names))
        for a, name in zip(m.hubs, m.names, strict=True):
            cells = [m.minutes[s][a][b] for b in m.hubs]
            click.echo(
                f"{name[:12]:12}" + "".join(f"{'-' if c is None else f'{c / 60:.1f}':>9}" for c in cells)
            )


@cli.command()
@click.option(
    "--base", default="status-quo", show_default=True, help="Scenario each crossing is opened from."
)
@click.option("--hubs", default="", help="Comma-separated towns (default: capitals and gateways).")
@_date_option("Travel date (seasonal roads).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option(
    "--requests",
    "requests_",
    default=None,
    help="Also plan a batch of tours with each crossing open: a TOML file (see `tours sweep --help`) "
    "or `default` (eight typical tours); ranks by value gained.",
)
@click.option("--iterations", type=click.IntRange(1, 10**7), default=None, help="Per plan of the batch.")
@click.option("--workers", type=click.IntRange(1, 256), default=1, show_default=True, help="Processes.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def impact(
    base: str,
    hubs: str,
    on: datetime | None,
    as_json: bool,
    requests_: str | None,
    iterations: int | None,
    workers: int,
    quiet: bool,
) -> None:
    """Rank crossings by what opening each one alone changes: hours saved between the hubs and,
    with --requests, value gained and km saved over a batch of tours."""
    from tours.analysis.batch import requests_for, with_iterations
    from tours.analysis.impact import NO_ROAD_HOURS
    from tours.analysis.impact import impact as rank
    from tours.analysis.reach import HUBS
    from tours.planner.checks import check_date

    if on:
        check_date(on.date(), "--date")
    batch = with_iterations(requests_for(requests_), iterations) if requests_ else ()
    rows = rank(
        _catalogue(),
        base=base,
        hubs=_csv(hubs) or HUBS,
        on=on.date() if on else date.today(),
        requests=batch,
        workers=workers,
        progress=None if quiet or as_json else _bar,
    )
    if as_json:
        click.echo(json.dumps([r.contract() for r in rows], ensure_ascii=False))
        return
    click.echo(f"opening one crossing at a time from {base} (no road counts as {NO_ROAD_HOURS:g} h a pair):")
    for r in rows:
        tours = (
            f"  {r.value_gained:+5d} value {r.km_saved or 0:6.0f} km saved {r.tours_possible} more tours"
            if batch
            else ""
        )
        click.echo(
            f"{r.crossing:22} {r.hours_saved:7.1f} h saved  {r.newly_reachable:3} pairs newly reachable  "
            f"{r.pairs_faster:3} faster{tours}  {r.name}"
        )
    if batch:
        click.echo(f"value and km over {len(batch)} tours planned with each crossing open and without.")
    click.echo("Statuses change; verify any crossing before travel.")


@cli.command("render")
@click.argument(
    "plan_file", metavar="PLAN.json", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for every output `tours plan` writes (it may be the plan's own folder).",
)
@_SITE_FILES
@_BRAND
@_TEMPLATES
@click.option("--json", "as_json", is_flag=True, help="Print the findings and the files written as JSON.")
@_PDF
def render_plan(
    plan_file: Path,
    out: Path,
    site_files: tuple[Path, ...],
    brand: str | None,
    templates: Path | None,
    as_json: bool,
    pdf: bool,
) -> None:
    """Re-render every output of a saved, possibly hand-edited plan.json, re-checking it against the
    catalogue; prints what no longer holds, one per line, and exits 1 if anything (outputs are
    still written, the findings in report.html)."""
    from tours.catalogue.files import load_catalogue
    from tours.export.files import write_plan
    from tours.itinerary.check import check_plan, load_plan
    from tours.itinerary.findings import lines

    catalogue = load_catalogue(extra_sites=site_files)
    saved = load_plan(plan_file)
    findings = check_plan(saved, catalogue)
    written = write_plan(saved, catalogue, out, brand=brand, templates=templates, findings=findings, pdf=pdf)
    if as_json:
        contract = {"findings": [f.contract() for f in findings], "written": [str(p) for p in written]}
        click.echo(json.dumps(contract, ensure_ascii=False, indent=1))
    else:
        for line in lines(findings):
            click.echo(line)
        click.echo(f"{len(findings)} finding(s); wrote " + ", ".join(str(p) for p in written))
    if findings:
        click.get_current_context().exit(1)


@cli.command("check")
@click.argument(
    "itinerary", metavar="ITINERARY.csv", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@_date_option("Day 1's date, the others following by day number (default: the file's dates).")
@click.option("--scenario", default="status-quo", show_default=True, help="Border scenario name.")
@_border_options
@click.option(
    "--pace",
    type=click.Choice(["relaxed", "standard", "intensive"]),
    default="standard",
    show_default=True,
    help="The day window, visit lengths and travel cap the days are held to (as for `tours plan`).",
)
@_SITE_FILES
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def check_itinerary(
    itinerary: Path,
    on: datetime | None,
    scenario: str,
    open_: tuple[str, ...],
    close: tuple[str, ...],
    nationality: str | None,
    allow_flights: bool,
    pace: str,
    site_files: tuple[Path, ...],
    as_json: bool,
) -> None:
    """Check an operator's own day-by-day itinerary (CSV, docs/itinerary_csv.md): impossible days,
    closed crossings, shut or inaccessible sites, seasonal roads, drive times; exit 1 on any finding."""
    from tours.catalogue.files import load_catalogue
    from tours.itinerary.findings import lines
    from tours.itinerary.operator import check_itinerary as run
    from tours.network.conditions import Conditions

    conditions = Conditions(
        scenario=scenario,
        open=_many(open_),
        close=_many(close),
        nationality=nationality,
        allow_flights=allow_flights,
    )
    result = run(
        itinerary,
        load_catalogue(extra_sites=site_files),
        first=on.date() if on else None,
        pace=cast("PaceName", pace),  # one of click.Choice's values
        conditions=conditions,
    )
    if as_json:
        click.echo(json.dumps(result.contract(), ensure_ascii=False, indent=1))
        click.get_current_context().exit(1 if result.findings else 0)
    click.echo(f"{'day':>3}  {'date':10}  {'from':14} {'to':14} {'km':>6} {'drive':>6}  {'hours':11}  visits")
    for d in result.plan.days:
        click.echo(
            f"{d.day:>3}  {d.date}  {d.start.name[:14]:14} {d.end.name[:14]:14} "
            f"{d.km:>6.0f} {d.drive_minutes // 60:>3}:{d.drive_minutes % 60:02d}  "
            f"{d.leave:%H:%M}-{d.arrive:%H:%M}  " + ", ".join(f"{v.name} {v.arrive:%H:%M}" for v in d.visits)
        )
    for line in lines(result.findings):
        click.echo(line)
    click.echo(f"{len(result.findings)} finding(s) in {result.source} ({result.plan.request.scenario}).")
    if result.findings:
        click.get_current_context().exit(1)


@cli.command()
@click.argument(
    "plan_files",
    nargs=-1,
    required=True,
    metavar="PLAN.json...",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the site: index.html and a folder per tour (replaced as a whole).",
)
@_SITE_FILES
@_BRAND
@_TEMPLATES
def publish(
    plan_files: tuple[Path, ...],
    out: Path,
    site_files: tuple[Path, ...],
    brand: str | None,
    templates: Path | None,
) -> None:
    """Build a static site from saved plans: an index of tours, each with its itinerary, map and
    downloads (GPX, ICS, GeoJSON, CSV, plan.json); it works opened from disk or served, and on a phone."""
    from tours.catalogue.files import load_catalogue
    from tours.export.site import load_plans
    from tours.export.site import publish as build

    catalogue = load_catalogue(extra_sites=site_files)
    pages = build(load_plans(plan_files, catalogue), catalogue, out, brand=brand, templates=templates)
    click.echo(f"wrote {out / 'index.html'} and {len(pages) - 1} tour page(s):")
    for page in pages[:-1]:
        click.echo(f"  {page}")


def _bar(done: int, total: int) -> None:
    """A progress bar on stderr: redrawn in place on a terminal, a line a tenth otherwise."""
    if not sys.stderr.isatty() and done != total and done * 10 // total == (done - 1) * 10 // total:
        return
    filled = round(24 * done / total)
    end = "\r" if sys.stderr.isatty() and done < total else "\n"
    click.echo(f"  [{'#' * filled}{'.' * (24 - filled)}] {done}/{total} plans{end}", err=True, nl=False)


@cli.command()
@click.option(
    "--scenarios",
    default="status-quo,turkey-armenia-open,azerbaijan-land-open,all-open",
    show_default=True,
    help="Comma-separated scenarios, each NAME or NAME+open:ID+close:ID[:GE>AZ] (overrides of its own).",
)
@click.option(
    "--requests",
    "requests_",
    default="default",
    show_default=True,
    help="A TOML file of tours ([[request]] tables with `tours plan`'s options: start, end, days, "
    "date, interests, ...; top-level keys are defaults), or `default`: eight typical tours.",
)
@click.option(
    "--iterations", type=click.IntRange(1, 10**7), default=None, help="Per plan (default: the file's)."
)
@click.option(
    "--workers", type=click.IntRange(1, 256), default=1, show_default=True, help="Processes on this machine."
)
@click.option(
    "--scheduler",
    default=None,
    help="A Dask scheduler's address (tcp://HOST:8786): run on that cluster instead "
    "(pip install 'caucasus-tours[cluster]').",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Also write the JSON here."
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def sweep(
    scenarios: str,
    requests_: str,
    iterations: int | None,
    workers: int,
    scheduler: str | None,
    as_json: bool,
    out: Path | None,
    quiet: bool,
) -> None:
    """Plan every request under every scenario; the same report however many workers ran it."""
    from tours.analysis.batch import requests_for, with_iterations
    from tours.analysis.sweep import Variant
    from tours.analysis.sweep import sweep as run

    result = run(
        _catalogue(),
        [Variant.parse(x) for x in _csv(scenarios)],
        with_iterations(requests_for(requests_), iterations),
        workers=workers,
        scheduler=scheduler,
        progress=None if quiet else _bar,
    )
    contract = result.contract()
    text = json.dumps(contract, ensure_ascii=False, indent=1) + "\n"
    if out is not None:
        from tours.export.files import write_atomic

        write_atomic(out, text)
    if as_json:
        click.echo(text, nl=False)
        return
    names = [r.name for r in result.requests]
    click.echo("score per request (- no tour) under each scenario:")
    click.echo(f"{'request':22}" + "".join(f"{i + 1:>7}" for i in range(len(result.variants))))
    for name in names:
        cells = [result.cell(v.label, name) for v in result.variants]
        click.echo(f"{name[:22]:22}" + "".join(f"{c.score if c.ok else '-':>7}" for c in cells))
    for i, row in enumerate(contract["summary"]):
        click.echo(
            f"{i + 1}. {row['scenario']}: {row['possible']}/{len(names)} tours, score {row['score']} "
            f"({row['score_gained']:+d}), {row['visits']} visits, {row['km']:.0f} km"
        )
    if out is not None:
        click.echo(f"wrote {out}")


@cli.group()
def sites() -> None:
    """The site catalogue."""


@sites.command("list")
@click.option(
    "--country",
    type=click.Choice(COUNTRY_CODES, case_sensitive=False),
    default=None,
    help="Only this country (AM, AZ, GE, TR).",
)
@click.option(
    "--tag", "tags", multiple=True, help="Only sites with this tag or category (repeat: all of them)."
)
@click.option("--search", "text", default=None, help="Only sites any of whose names holds this text.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def sites_list(country: str | None, tags: tuple[str, ...], text: str | None, as_json: bool) -> None:
    """List heritage sites, by country, tag and name."""
    from tours.planner.checks import known_interest
    from tours.planner.resolve import Resolver

    catalogue = _catalogue()
    wanted = tuple(known_interest(catalogue, t) for t in _many(tags))
    rows = catalogue.select(country.upper() if country else None, wanted)
    if text is not None:
        found = Resolver(catalogue).search(text)
        rank = {site_id: n for n, site_id in enumerate(found)}
        rows = sorted((s for s in rows if s.id in rank), key=lambda s: rank[s.id])
    if as_json:
        click.echo(json.dumps([s.contract() for s in rows], ensure_ascii=False, indent=2))
        return
    for s in rows:
        click.echo(f"{s.id:36} {s.country}  {s.category:13} {s.name}")
    click.echo(f"{len(rows)} sites")


@sites.command("tags")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def sites_tags(as_json: bool) -> None:
    """Every tag and category with the number of sites that carry it (what --interests takes)."""
    from collections import Counter

    counts = Counter(t for s in _catalogue().sites for t in {*s.tags, s.category})
    rows = sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    if as_json:
        click.echo(json.dumps(dict(rows), ensure_ascii=False, indent=2))
        return
    for tag, n in rows:
        click.echo(f"{tag:24} {n}")


@sites.command("map")
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The map's HTML file."
)
@click.option(
    "--country",
    type=click.Choice(COUNTRY_CODES, case_sensitive=False),
    default=None,
    help="Only this country (AM, AZ, GE, TR).",
)
@click.option("--tag", default=None, help="Only sites with this tag or category (see `tours sites tags`).")
@_SITE_FILES
def sites_map(out: Path, country: str | None, tag: str | None, site_files: tuple[Path, ...]) -> None:
    """Draw the catalogue's sites on a map, clustered, with their cards; works offline."""
    from tours.catalogue.files import load_catalogue
    from tours.export.files import write_atomic
    from tours.export.webmap import catalogue_html, select_sites

    catalogue = load_catalogue(extra_sites=site_files)
    count = len(select_sites(catalogue, country=country, tag=tag))
    page = catalogue_html(catalogue, country=country, tag=tag)
    try:
        write_atomic(out, page)
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror or exc}.") from None
    click.echo(f"wrote {out}: {count} site(s)")


@sites.command("validate")
@click.argument(
    "paths", nargs=-1, metavar="[PATH]...", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def sites_validate(paths: tuple[Path, ...]) -> None:
    """Check the catalogue, or your own site files (PATH...) merged with it; exit 1 on any error."""
    from tours.catalogue.validate import validate

    report = validate(paths)
    for line in report.lines():
        click.echo(line)
    if not report.ok:
        click.get_current_context().exit(1)


@cli.group()
def crossings() -> None:
    """Border crossings."""


@crossings.command("list")
@click.option("--scenario", default="status-quo", show_default=True, help="Border scenario name.")
@_date_option("The statuses in force on this date, YYYY-MM-DD (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def crossings_list(scenario: str, on: datetime | None, as_json: bool) -> None:
    """List crossings with their status in each direction under a scenario, on a date."""
    from tours.network.conditions import Conditions, scenario_for

    catalogue = _catalogue()
    day = on.date() if on else date.today()
    chosen = scenario_for(catalogue, Conditions(scenario=scenario, dates=(day,)))
    rows = [c.contract(chosen) for c in catalogue.crossings]
    beyond = chosen.known_until is not None and day > chosen.known_until
    if as_json:
        known = chosen.known_until.isoformat() if chosen.known_until else None
        out = {"scenario": chosen.name, "date": day.isoformat(), "known_until": known, "crossings": rows}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for r in rows:
        dirs = "  ".join(f"{d}: {_status_cell(v, day)}" for d, v in r["status"].items())
        click.echo(f"{r['id']:22} {' – '.join(r['names'])[:60]:60} {dirs}")
    reach = (
        f"; the dated sources reach {chosen.known_until}" if chosen.known_until else f", as of {chosen.as_of}"
    )
    click.echo(f"Scenario {chosen.name}: statuses in force on {day}{reach}.")
    if beyond:
        click.echo(
            f"NOTE: nothing is known beyond {chosen.known_until}, the last date our sources speak for: "
            "these are the last known statuses."
        )
    click.echo("Verify any crossing with the border authorities of both countries before travel.")


def _status_cell(status: dict[str, Any], day: date) -> str:
    """ "closed (to 2026-07-01)", or "closed (last known; to 2026-07-01)" past that date."""
    known = status.get("known_until")
    if not known:
        return str(status["access"])
    past = "last known; " if day.isoformat() > known else ""
    return f"{status['access']} ({past}to {known})"


@crossings.command("history")
@click.argument("crossing_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def crossings_history(crossing_id: str, as_json: bool) -> None:
    """The dated timeline of one crossing, each direction, with sources."""
    from tours.errors import UnknownNameError
    from tours.names import suggest

    catalogue = _catalogue()
    ids = [c.id for c in catalogue.crossings]
    if crossing_id not in ids:
        raise UnknownNameError("crossing", crossing_id, suggest(crossing_id, ids))
    crossing = catalogue.crossing(crossing_id)
    timeline = catalogue.timeline
    events = [
        e for d in crossing.directions() for e in (timeline.history((crossing_id, d)) if timeline else ())
    ]
    if as_json:
        click.echo(json.dumps([e.contract() for e in events], ensure_ascii=False, indent=2))
        return
    click.echo(f"{crossing.name} ({crossing_id})")
    for e in events:
        until = f" until {e.until}" if e.until else ""
        known = f" (said to hold until {e.known_until})" if e.known_until else ""
        click.echo(f"  {e.direction}  from {e.start}{until}: {e.access.value}{known}")
        click.echo(f"      {e.note}")
        click.echo(f"      source ({e.source_kind}, {e.reported}): {e.source}")
    if not events:
        click.echo("  no timeline: the catalogue has no sites/timeline.toml.")


@cli.group()
def scenarios() -> None:
    """Border scenarios."""


@scenarios.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def scenarios_list(as_json: bool) -> None:
    """List the scenarios with their date and title."""
    if as_json:
        from tours.analysis.flags import listing

        click.echo(json.dumps(listing(_catalogue()), ensure_ascii=False, indent=2))
        return
    for s in _catalogue().scenarios:
        base = f" (based on {s.based_on})" if s.based_on else ""
        click.echo(f"{s.name:22} as of {s.as_of}  {s.title}{base}")


@scenarios.command("show")
@click.argument("name")
@_date_option("The day to read the timeline on (default: the last day its sources speak for).")
@_border_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def scenarios_show(
    name: str,
    on: datetime | None,
    open_: tuple[str, ...],
    close: tuple[str, ...],
    nationality: str | None,
    allow_flights: bool,
    as_json: bool,
) -> None:
    """The effective flags of a scenario: each crossing direction's access, date and source, once
    its bases, the timeline and any --open / --close are laid over each other."""
    from tours.analysis.flags import scenario_flags

    del nationality, allow_flights  # shared options; a scenario's flags are the same for everyone
    shown = scenario_flags(
        _catalogue(), name, on=on.date() if on else None, open_ids=_many(open_), close_ids=_many(close)
    )
    if as_json:
        click.echo(json.dumps(shown.contract(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{shown.name}: {shown.title}")
    click.echo(f"as of {shown.as_of}" + (f" (based on {shown.based_on})" if shown.based_on else ""))
    for f in shown.flags:
        since = f" since {f.since}" if f.since else ""
        mark = {"scenario": "  [set by the scenario]", "run": "  [set for this run]"}.get(f.set_by, "")
        click.echo(f"{f.crossing:22} {f.direction:6} {f.access:13} as of {f.as_of}{since}{mark}")
        click.echo(f"{'':29}{f.source}")
    for route in shown.flights:
        state = "operates" if route["operates"] else "does not operate"
        click.echo(f"flight {route['route']:15} {state}  {route['source']}")
    click.echo("Statuses change: verify any crossing before travel.")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
