"""Sweeps: scenarios x requests on shared networks, the same report on one worker, on a process
pool and on a local Dask cluster; requests files; the shared search is exact."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from tours.analysis.batch import DEFAULT_REQUESTS, NamedRequest, load_requests
from tours.analysis.shared import Networks, shared
from tours.analysis.sweep import Variant, sweep
from tours.catalogue.model import Catalogue
from tours.errors import RequestError, UnknownNameError
from tours.network.conditions import network_for
from tours.planner.request import Request
from tours.planner.tour import plan_tour

ON = date(2027, 6, 7)
TINY_VARIANTS = tuple(
    Variant.parse(x)
    for x in ("status-quo", "az-open", "status-quo+close:ge-am", "status-quo+open:ge-az:GE>AZ")
)
TINY_TRIPS = (
    ("capital-ge", None, 1),
    ("capital-ge", "east-az", 2),
    ("south-ge", "north-am", 1),
    ("capital-ge", None, 2),
    ("north-am", "capital-ge", 2),
    ("east-az", "capital-ge", 1),
    ("capital-ge", "north-am", 2),
    ("south-ge", None, 3),
)
TINY_REQUESTS = tuple(
    NamedRequest(f"trip-{i}", Request(start=s, end=e, days=d, date=ON, iterations=4, seed=i))
    for i, (s, e, d) in enumerate(TINY_TRIPS)
)


def test_four_scenarios_by_eight_requests_agree_on_one_worker_n_workers_and_dask(tiny: Catalogue) -> None:
    from dask.distributed import Client, LocalCluster

    seen: list[tuple[int, int]] = []
    one = sweep(tiny, TINY_VARIANTS, TINY_REQUESTS, progress=lambda d, n: seen.append((d, n))).contract()
    assert seen == [(k, 32) for k in range(1, 33)]
    assert len(one["cells"]) == 32
    # the scenarios differ: the sweep measures something
    assert len({row["score"] for row in one["summary"]}) >= 3
    assert any(not c["ok"] for c in one["cells"]) and any(c["ok"] for c in one["cells"])
    pool = sweep(tiny, TINY_VARIANTS, TINY_REQUESTS, workers=2).contract()
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        on_dask = sweep(tiny, TINY_VARIANTS, TINY_REQUESTS, scheduler=client).contract()
    assert json.dumps(pool) == json.dumps(one)
    assert json.dumps(on_dask) == json.dumps(one)


def test_a_cell_is_the_plan_planned_alone_on_a_fresh_network(real: Catalogue) -> None:
    requests = tuple(
        NamedRequest(n, Request(start=s, end=e, days=2, date=ON, iterations=5, countries=("AM", "GE")))
        for n, s, e in (("a", "yerevan", "tbilisi"), ("b", "tbilisi", "yerevan"))
    )
    ran = sweep(real, (Variant("status-quo"),), requests)
    for r in requests:
        plan = plan_tour(real, replace(r.request, time_limit=3600))
        cell = ran.cell("status-quo", r.name)
        assert cell.ok and cell.score == plan.totals.score and cell.km == plan.totals.km
        assert cell.sites == tuple(v.site for d in plan.days for v in d.visits)


def test_the_resumed_search_settles_what_one_run_settles(real: Catalogue) -> None:
    fresh = network_for(real, Request(start="yerevan", days=1, date=ON).conditions)
    net = shared(fresh)
    nodes = sorted(fresh.nodes)
    for k, src in enumerate(nodes[:: max(1, len(nodes) // 12)]):
        for targets in (nodes[k::97], nodes[k::13], [src], nodes[k::5]):
            want = fresh.shortest(src, targets)
            got = net.shortest(src, targets)
            assert {t: got[t] for t in targets if t in got} == {t: want[t] for t in targets if t in want}


def test_networks_are_built_once_per_scenario_and_season(real: Catalogue) -> None:
    networks = Networks(real)
    a = networks.for_request(Request(start="yerevan", days=3, date=ON))
    b = networks.for_request(Request(start="kars", days=5, date=ON))  # June too: the same arcs
    c = networks.for_request(Request(start="kars", days=3, date=ON, scenario="all-open"))
    assert a.memo is b.memo and a.dates != b.dates and c.memo is not a.memo
    assert len(networks.built) == 2


def test_a_requests_file_and_what_it_may_not_say(tmp_path: Path) -> None:
    good = tmp_path / "r.toml"
    good.write_text(
        'date = 2027-06-07\niterations = 7\n\n[[request]]\nname = "east"\nstart = "yerevan"\n'
        'end = "kars"\ndays = 3\ninterests = ["monastery"]\n\n[[request]]\nstart = "tbilisi"\ndays = 2\n',
        encoding="utf-8",
    )
    east, second = load_requests(good)
    assert east.name == "east" and east.request.end == "kars" and east.request.iterations == 7
    assert east.request.interests == ("monastery",) and second.name == "request-2"
    bad = tmp_path / "bad.toml"
    bad.write_text('[[request]]\nstart = "yerevan"\ndays = 2\n\n[[request]]\nstart = "x"\ndayz = 2\n')
    with pytest.raises(RequestError, match=r"bad\.toml:5: unknown key 'dayz'"):
        load_requests(bad)
    bad.write_text('[[request]]\nstart = "yerevan"\ndays = 2\nscenario = "all-open"\n')
    with pytest.raises(RequestError, match="--scenarios sets it"):
        load_requests(bad)
    bad.write_text("[[request]\n")
    with pytest.raises(RequestError, match="not TOML"):
        load_requests(bad)
    assert 6 <= len(DEFAULT_REQUESTS) <= 8 and len({r.name for r in DEFAULT_REQUESTS}) == len(
        DEFAULT_REQUESTS
    )


def test_a_sweep_refuses_unknown_names_before_it_starts(tiny: Catalogue) -> None:
    with pytest.raises(UnknownNameError, match="scenario 'staus-quo'"):
        sweep(tiny, (Variant("staus-quo"),), TINY_REQUESTS, workers=2)
    with pytest.raises(UnknownNameError, match="crossing 'ge-xx'"):
        sweep(tiny, (Variant.parse("status-quo+open:ge-xx"),), TINY_REQUESTS)
    typo = NamedRequest("typo", Request(start="capitol-ge", days=1, date=ON))
    with pytest.raises(RequestError, match="request 'typo': Unknown town 'capitol-ge'"):
        sweep(tiny, TINY_VARIANTS, (*TINY_REQUESTS, typo))
    with pytest.raises(RequestError, match="not open:ID or close:ID"):
        Variant.parse("status-quo+ge-am")
    assert Variant.parse("status-quo+open:a+close:b:GE>AZ").label == "status-quo+open:a+close:b:GE>AZ"


def test_cli_sweep_prints_the_report_and_draws_progress(tmp_path: Path) -> None:
    requests = tmp_path / "r.toml"
    requests.write_text(
        'iterations = 3\ncountries = ["AM", "TR"]\n\n'
        '[[request]]\nname = "yerevan-to-kars"\nstart = "yerevan"\nend = "kars"\ndays = 2\n',
        encoding="utf-8",
    )
    report = tmp_path / "sweep.json"
    result = CliRunner().invoke(
        cli,
        [
            *("sweep", "--scenarios", "status-quo,status-quo+open:alican-margara"),
            *("--requests", str(requests), "--out", str(report)),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "2/2 plans" in result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["scenarios"] == ["status-quo", "status-quo+open:alican-margara"]
    first, opened = data["cells"]
    assert opened["ok"] and "alican-margara" in opened["crossings"]
    assert data["summary"][1]["score_gained"] == opened["score"] - first["score"] > 0
    assert "yerevan-to-kars" in result.stdout
