"""A tiny deterministic world for unit tests, and the real catalogue for end-to-end tests."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from tours import Plan, load_catalogue
from tours.catalogue.model import Catalogue, Scenario
from tours.network import Network, network_for, route
from tours.planner import Request

SITE_HEADER = (
    "id,name,name_local,other_names,country,lat,lon,category,tags,importance,"
    "visit_minutes,opening_hours,hours_source,unesco_id,unesco_status,period,fee,months,access,access_note,"
    "accessibility,communities,description,source"
)
TOWN_HEADER = "id,name,name_local,country,lat,lon,kind,accommodation,source,note"
ROAD_HEADER = "from,to,km,speed_kmh,road,terrain,km_basis,source,note"
CROSSING_HEADER = "id,name_a,country_a,node_a,name_b,country_b,node_b,modes,hours,wait_minutes,source,note"

TINY = {
    "ge.csv": [
        SITE_HEADER,
        'alpha-church,"Alpha <script>alert(1)</script> Church",ალფა,,GE,41.70,44.80,'
        "church,church;medieval,2,60,"
        "Mo-Su 09:00-18:00,typical; not verified,,,11th century,free,,open,,,,A test church.,https://example.org/alpha",
        "beta-fort,Beta Fort,ბეტა,,GE,41.40,44.60,fortress,fortress,1,45,Tu-Su 10:00-17:00,"
        "https://example.org/h,,,17th century,,,open,,,,A test fort.,https://example.org/beta",
    ],
    "am.csv": [
        SITE_HEADER,
        "gamma-monastery,Gamma Monastery,Գամմա,,AM,41.00,44.70,monastery,monastery;unesco,3,60,"
        "24/7,typical; not verified,777,inscribed,10th century,,,open,,,,A test monastery.,https://example.org/gamma",
    ],
    "az.csv": [
        SITE_HEADER,
        "delta-palace,Delta Palace,Delta sarayı,Delta Saray,AZ,41.20,46.00,palace,palace,3,60,"
        "Mo-Su 10:00-18:00,https://example.org/h,,,18th century,5 AZN,,open,,,,A test palace.,https://example.org/delta",
    ],
    "network/towns_x.csv": [
        TOWN_HEADER,
        "capital-ge,Capital,კაპ,GE,41.70,44.78,city,yes,https://example.org,",
        "south-ge,Southtown,სამ,GE,41.30,44.70,town,yes,https://example.org,",
        "cp-ge-am,GE post,,GE,41.20,44.75,checkpoint,no,https://example.org,",
        "cp-am-ge,AM post,,AM,41.19,44.75,checkpoint,no,https://example.org,",
        "north-am,Northtown,Հյուս,AM,41.00,44.75,town,yes,https://example.org,",
        "cp-ge-az,GE east post,,GE,41.30,45.50,checkpoint,no,https://example.org,",
        "cp-az-ge,AZ post,,AZ,41.30,45.51,checkpoint,no,https://example.org,",
        "east-az,Easttown,Şərq,AZ,41.20,46.05,town,yes,https://example.org,",
    ],
    "network/roads_x.csv": [
        ROAD_HEADER,
        "capital-ge,south-ge,50,70,S1,flat,sourced,https://example.org,",
        "south-ge,cp-ge-am,15,60,S1,flat,sourced,https://example.org,",
        "cp-am-ge,north-am,25,60,M1,hilly,estimate,,x1.3",
        "capital-ge,cp-ge-az,65,70,S4,flat,sourced,https://example.org,",
        "cp-az-ge,east-az,50,70,M2,flat,estimate,,x1.3",
    ],
    "crossings.csv": [
        CROSSING_HEADER,
        "ge-am,GE post,GE,cp-ge-am,AM post,AM,cp-am-ge,road,24/7,30,https://example.org,",
        "ge-az,GE east post,GE,cp-ge-az,AZ post,AZ,cp-az-ge,road,24/7,30,https://example.org,",
    ],
}

STATUS = """
[[status]]
crossing = "{c}"
direction = "{d}"
access = "{a}"
as_of = 2026-01-01
source = "https://example.org/status"
"""


def write_tiny(root: Path) -> Path:
    for name, lines in TINY.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scen = root / "scenarios"
    scen.mkdir()
    quo = 'name = "status-quo"\ntitle = "Tiny status quo"\nas_of = 2026-01-01\n'
    for c, d, a in [
        ("ge-am", "GE>AM", "everyone"),
        ("ge-am", "AM>GE", "everyone"),
        ("ge-az", "GE>AZ", "closed"),
        ("ge-az", "AZ>GE", "everyone"),
    ]:
        quo += STATUS.format(c=c, d=d, a=a)
    (scen / "status-quo.toml").write_text(quo, encoding="utf-8")
    opened = 'name = "az-open"\ntitle = "AZ open"\nas_of = 2026-01-01\nbased_on = "status-quo"\n'
    opened += STATUS.format(c="ge-az", d="GE>AZ", a="third-country")
    (scen / "az-open.toml").write_text(opened, encoding="utf-8")
    return root


@pytest.fixture
def tiny_root(tmp_path: Path) -> Path:
    return write_tiny(tmp_path / "sites")


@pytest.fixture
def tiny(tiny_root: Path) -> Catalogue:
    return load_catalogue(tiny_root)


@pytest.fixture(scope="session")
def real() -> Catalogue:
    return load_catalogue()


def assert_only_open_crossings(
    plan: Plan, catalogue: Catalogue, network: Network, scenario: Scenario, nationality: str | None
) -> None:
    """Every border a leg's road path crosses is open in that direction for this traveller."""
    for day in plan.days:
        for leg in day.legs:
            path = route(network, leg.from_, leg.to).path
            assert leg.path == path, (leg, "the plan's leg carries the route the network gives")
            for a, b in pairwise(path):
                ca, cb = network.nodes[a].country, network.nodes[b].country
                if ca != cb:
                    crossing = next(c for c in catalogue.crossings if {c.node_a, c.node_b} == {a, b})
                    status = scenario.status(crossing.id, f"{ca}>{cb}")
                    assert status is not None and status.allows(nationality), (leg, crossing.id)


def net_for(catalogue: Catalogue, request: Request) -> Network:
    """The network a request may use (its scenario, overrides, dates, flights)."""
    return network_for(catalogue, request.conditions)
