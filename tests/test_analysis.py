"""Planners' tools: the reach matrix, crossing impact, and a request compared across scenarios."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup
from click.testing import CliRunner

from cli import cli
from tours.analysis.impact import impact
from tours.analysis.reach import reach_matrix
from tours.catalogue.model import Catalogue
from tours.planner.request import Request
from tours.planner.tour import plan_tour

ON = date(2027, 5, 10)
EAST = ("yerevan", "gyumri", "igdir", "kars", "van", "erzurum", "dogubayazit")


def test_opening_margara_more_than_halves_yerevan_igdir(real: Catalogue) -> None:
    m = reach_matrix(real, ("status-quo", "turkey-armenia-open"), hubs=("yerevan", "igdir", "kars"), on=ON)
    before = m.minutes["status-quo"]["yerevan"]["igdir"]
    after = m.minutes["turkey-armenia-open"]["yerevan"]["igdir"]
    assert before is not None and after is not None and after < before / 2
    assert (m.change("yerevan", "igdir") or 0) > 0.5
    assert "yerevan,igdir," in m.csv()


def test_impact_ranks_margara_first_between_armenia_and_eastern_turkey(real: Catalogue) -> None:
    ranked = impact(real, hubs=EAST, on=ON)
    assert ranked[0].crossing == "alican-margara" and ranked[0].hours_saved > 20
    assert all(r.hours_saved <= ranked[0].hours_saved for r in ranked)


def test_impact_over_all_hubs_values_azerbaijans_land_entries(real: Catalogue) -> None:
    ranked = impact(real, on=ON)
    assert ranked[0].newly_reachable > 0  # under the status quo no land road enters Azerbaijan


def test_a_run_with_an_override_is_titled_as_such(real: Catalogue) -> None:
    plan = plan_tour(real, Request(start="yerevan", days=2, date=ON, open=("alican-margara",), iterations=20))
    assert "open:alican-margara" in plan.scenario.title and "hypothetical" in plan.scenario.title


def test_compare_writes_a_report_by_structure(tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    result = CliRunner().invoke(
        cli,
        [
            *("compare", "--start", "yerevan", "--days", "2", "--date", "2027-06-07", "--iterations", "30"),
            *("--scenarios", "status-quo,turkey-armenia-open", "--out", str(out)),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert [s["scenario"] for s in data["scenarios"]] == ["status-quo", "turkey-armenia-open"]
    assert all({"visits", "km", "crossings", "sites", "score"} <= s.keys() for s in data["scenarios"])
    soup = BeautifulSoup((out / "compare.html").read_text(encoding="utf-8"), "html.parser")
    assert len(soup.select("tr.scenario")) == 2
    assert len(soup.select("tr.change")) == len(data["changes"])
    assert "hypothetical" in soup.select_one(".notice").get_text()
