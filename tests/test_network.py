"""The road network against official and sourced road lengths; seasons; flights."""

from __future__ import annotations

import csv
import statistics
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import net_for

from cli import cli
from tours import CatalogueError, NoRouteError, Request, build_network, load_catalogue, plan_tour
from tours.catalogue.model import Catalogue, FlightStatus
from tours.network import Network, apply_season, route, trip_dates
from tours.network.explain import season_blocking, season_notice
from tours.network.flights import FLIGHT_OVERHEAD, add_flights, operating_routes
from tours.network.routing import routes_from
from tours.resources import data_dir

KGM = data_dir() / "reference" / "road_distances_turkey_provinces_KGM_2022.csv"


def kgm_table() -> dict[tuple[str, str], float]:
    """Ordered pairs of province-centre ids -> road km (KGM, 1 Jan 2022)."""
    out: dict[tuple[str, str], float] = {}
    with KGM.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            a, b = (row[k].split("(")[0].strip().lower() for k in ("from_province", "to_province"))
            out[(a, b)] = float(row["road_km"])
    return out


def by_km(network: Network) -> Network:
    """The same network weighted by km, for shortest-distance paths."""
    return replace(network, arcs=tuple(replace(a, minutes=a.km) for a in network.arcs))


def kgm_errors(network: Network) -> list[float]:
    """|network km / KGM km - 1| for all 6480 ordered pairs of province centres."""
    table = kgm_table()
    names = sorted({a for a, _ in table})
    errors = []
    for a in names:
        routes = routes_from(network, a, [b for b in names if b != a])
        errors += [abs(routes[b].km / table[(a, b)] - 1) for b in names if b != a]
    return errors


@pytest.fixture(scope="module")
def roads(real: Catalogue) -> Network:
    return build_network(real)


def test_every_province_centre_is_a_node(roads: Network) -> None:
    names = {a for a, _ in kgm_table()}
    assert len(names) == 81
    assert names <= set(roads.nodes)


@pytest.mark.parametrize("weight", ["km", "minutes"])
def test_turkish_province_distances_match_the_kgm_table(roads: Network, weight: str) -> None:
    """Median error within 10 %, 95 % of the 6480 ordered pairs within 20 %.

    Measured (Nov 2026): shortest km median 0.7 %, p95 4.7 %; fastest-route km median 1.0 %,
    p95 7.4 %. `weight` "km" checks the shortest distance, "minutes" the km of the fastest route
    (what a plan drives).
    """
    errors = sorted(kgm_errors(by_km(roads) if weight == "km" else roads))
    assert len(errors) == 81 * 80
    assert statistics.median(errors) <= 0.10
    assert errors[int(0.95 * len(errors)) - 1] <= 0.20


# Georgian main roads (reference/road_distances_crossborder_from_pages.csv, "Transport in Georgia"):
# (from node, to node, km). S1 runs through Abkhazia and S6 starts at Ponichala, not a node: left out.
GEORGIAN_ROADS = [
    ("tbilisi", "cp-red-bridge-ge", 57),  # S4
    ("tbilisi", "lagodekhi", 160),  # S5 Tbilisi–Bakurtsikhe–Lagodekhi
    ("marneuli", "cp-sadakhlo-ge", 34),  # S7
    ("khashuri", "cp-vale-ge", 97),  # S8 Khashuri–Akhaltsikhe–Vale (the post lies a few km past Vale)
    ("akhaltsikhe", "ninotsminda", 112),  # S11
    ("akhalkalaki", "cp-kartsakhi-ge", 36.5),  # S13
    ("senaki", "cp-sarpi-ge", 119),  # S2
]


@pytest.mark.parametrize(("a", "b", "km"), GEORGIAN_ROADS)
def test_georgian_main_roads_match_their_lengths(roads: Network, a: str, b: str, km: float) -> None:
    assert route(by_km(roads), a, b).km == pytest.approx(km, rel=0.10)


def test_mountain_passes_are_slow(real: Catalogue) -> None:
    slow = {(r.a, r.b): r.speed_kmh for r in real.roads}
    assert slow[("gudauri", "jvari-pass")] <= 30  # Georgian Military Road hairpins
    assert slow[("halidzor", "tatev")] <= 30  # Vorotan gorge serpentine
    assert slow[("goderdzi-pass", "adigeni")] <= 25  # partly unpaved


def test_a_january_trip_does_not_cross_goderdzi(real: Catalogue) -> None:
    def path(on: date) -> tuple[str, ...]:
        net = net_for(real, Request(start="batumi", days=1, date=on))
        return route(net, "batumi", "akhaltsikhe").path

    assert "goderdzi-pass" in path(date(2027, 7, 10))
    assert "goderdzi-pass" not in path(date(2027, 1, 10))


def test_a_multi_day_trip_uses_a_road_only_if_open_on_every_day(roads: Network) -> None:
    late_may = apply_season(roads, trip_dates(date(2027, 5, 30), 4))  # May 30 - Jun 2
    june = apply_season(roads, trip_dates(date(2027, 6, 1), 4))
    assert "goderdzi-pass" not in route(late_may, "batumi", "akhaltsikhe").path
    assert "goderdzi-pass" in route(june, "batumi", "akhaltsikhe").path
    notice = season_notice(late_may)
    assert notice is not None and "Goderdzi" in notice.text and "every day" in notice.text
    assert any(set(c["months"]) == {11, 12, 1, 2, 3, 4, 5} for c in notice.params["closures"])
    later = season_notice(june)
    assert later is None or "Goderdzi" not in later.text


def test_a_road_closed_for_the_season_is_named(real: Catalogue) -> None:
    net = net_for(real, Request(start="mestia", days=1, date=date(2027, 1, 10)))
    assert "lentekhi" not in route(net, "ushguli", "kutaisi").path  # not over the Zagari pass
    closed = season_blocking(net, "ushguli", "lentekhi")
    assert [(a.src, a.dst) for a in closed] == [("ushguli", "lentekhi")]
    notice = season_notice(net)
    assert notice is not None and "Lentekhi–Ushguli is closed Nov-May" in notice.text


def test_route_takes_a_date() -> None:
    def run(on: str) -> str:
        result = CliRunner().invoke(cli, ["route", "batumi", "akhaltsikhe", "--date", on])
        assert result.exit_code == 0, result.output
        return result.output

    assert "Goderdzi" in run("2027-07-10").splitlines()[1]
    assert "Goderdzi" not in run("2027-01-10").splitlines()[1]


def test_azerbaijan_is_reached_by_air_only_with_flights(real: Catalogue) -> None:
    request = Request(start="tbilisi", days=1, date=date(2027, 5, 1))
    with pytest.raises(NoRouteError, match="try --allow-flights"):
        route(net_for(real, request), "tbilisi", "sheki")
    flown = route(net_for(real, replace(request, allow_flights=True)), "tbilisi", "sheki")
    assert flown.flights == ("TBS-GYD",) and flown.mode == "flight"
    assert flown.minutes > FLIGHT_OVERHEAD + 60


def test_route_json_shows_the_flight() -> None:
    result = CliRunner().invoke(cli, ["route", "tbilisi", "sheki", "--allow-flights", "--json"])
    assert result.exit_code == 0, result.output
    assert '"mode": "flight"' in result.output and "TBS-GYD" in result.output
    closed = CliRunner().invoke(cli, ["route", "tbilisi", "sheki", "--json"])
    assert "try --allow-flights" in closed.output


def test_no_armenia_azerbaijan_flight_unless_a_scenario_adds_one(real: Catalogue) -> None:
    quo = real.scenario("status-quo")
    pairs = operating_routes(real.flights, quo)
    assert not any({"EVN", "GYD"} == set(p) for p in pairs)
    opened = replace(quo, flights=(FlightStatus("EVN-GYD", True, "hypothetical", block_minutes=68),))
    assert frozenset({"EVN", "GYD"}) in operating_routes(real.flights, opened)
    grounded = replace(quo, flights=(FlightStatus("TBS-GYD", False, "hypothetical"),))
    net = add_flights(build_network(real), real.airports, real.flights, grounded)
    assert all(a.road not in ("TBS-GYD", "GYD-TBS") for a in net.arcs)


def test_a_plan_leg_shows_its_flight(real: Catalogue) -> None:
    request = Request(
        start="tbilisi",
        end="baku",
        days=3,
        date=date(2027, 5, 3),
        must=("Şəki Xan Sarayı",),
        allow_flights=True,
        time_limit=10,
        iterations=40,
    )
    plan = plan_tour(real, request)
    legs = [g for d in plan.days for g in d.legs]
    assert any(g.mode == "flight" for g in legs)
    data = plan.to_dict()
    assert {g["mode"] for d in data["days"] for g in d["legs"]} >= {"flight"}
    assert type(plan).from_json(plan.to_json()) == plan


def test_baku_to_shusha_takes_the_new_highway(roads: Network) -> None:
    # 442 km via Yevlakh before the Hajigabul–Ahmadbayli–Shusha road (157 + 81.7 km) was added
    way = route(roads, "baku", "shusha")
    assert "hajigabul" in way.path and way.km < 400


def test_closed_months_is_an_optional_checked_column(tiny_root: Path) -> None:
    header = "from,to,km,speed_kmh,road,terrain,km_basis,source,note,closed_months"
    path = tiny_root / "network" / "roads_y.csv"
    path.write_text(f"{header}\nsouth-ge,north-am,40,30,,mountain,estimate,,closed in winter,Nov-May\n")
    closed = [r for r in load_catalogue(tiny_root).roads if r.closed_months]
    assert [(r.a, r.b, sorted(r.closed_months)) for r in closed] == [
        ("south-ge", "north-am", [1, 2, 3, 4, 5, 11, 12])
    ]
    path.write_text(f"{header}\nsouth-ge,north-am,40,30,,mountain,estimate,,x1.3,Winter\n")
    with pytest.raises(CatalogueError, match=r"roads_y.csv:2: closed_months 'Winter'"):
        load_catalogue(tiny_root)
    path.write_text(f"{header}\nsouth-ge,north-am,40,30,,mountain,estimate,,x1.3,Dec-Mar\n")
    with pytest.raises(CatalogueError, match="does not say why"):
        load_catalogue(tiny_root)


def test_scenarios_may_add_or_remove_flight_routes(tiny_root: Path) -> None:
    (tiny_root / "network" / "airports.csv").write_text(
        "iata,name,node,country,lat,lon,source\n"
        "CAP,Capital airport,capital-ge,GE,41.67,44.95,https://example.org\n"
        "EAS,East airport,east-az,AZ,41.21,46.10,https://example.org\n"
        "NOR,North airport,north-am,AM,41.01,44.70,https://example.org\n"
    )
    (tiny_root / "network" / "flights.csv").write_text(
        "from,to,block_minutes,operators,source,as_of,note\n"
        "CAP,EAS,60,Test Air,https://example.org,2026-01-01,\n"
    )
    scenario = tiny_root / "scenarios" / "az-open.toml"
    scenario.write_text(
        scenario.read_text()
        + '\n[[flight]]\nroute = "NOR-EAS"\noperates = true\nblock_minutes = 50\nsource = "hypothetical"\n'
        + '\n[[flight]]\nroute = "CAP-EAS"\noperates = false\nsource = "hypothetical"\n'
    )
    cat = load_catalogue(tiny_root)
    assert [f.route for f in cat.flights] == ["CAP-EAS"]
    assert operating_routes(cat.flights, cat.scenario("status-quo")) == {frozenset({"CAP", "EAS"}): 60}
    assert operating_routes(cat.flights, cat.scenario("az-open")) == {frozenset({"NOR", "EAS"}): 50}
    quo = net_for(cat, Request(start="capital-ge", days=1, date=date(2027, 5, 1), allow_flights=True))
    assert route(quo, "capital-ge", "east-az").flights == ("CAP-EAS",)
    scenario.write_text(
        scenario.read_text() + '\n[[flight]]\nroute = "NOR-XXX"\noperates = true\nsource = "x"\n'
    )
    with pytest.raises(CatalogueError, match="names an airport not in"):
        load_catalogue(tiny_root)
