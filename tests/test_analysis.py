"""Planners' tools: the reach matrix, crossing impact, and a request compared across scenarios."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from browser import dump_dom, needs_chromium
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


def test_impact_over_yerevan_to_eastern_turkey_tours_ranks_margara_first(tmp_path: Path) -> None:
    requests = tmp_path / "east.toml"
    requests.write_text(
        "# tours from Yerevan into eastern Türkiye\n"
        'date = 2027-06-07\niterations = 3\ncountries = ["AM", "TR"]\n'
        '\n[[request]]\nname = "yerevan-to-kars"\nstart = "yerevan"\nend = "kars"\ndays = 3\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        [
            "impact",
            "--hubs",
            "yerevan,kars,igdir",
            "--date",
            "2027-06-07",
            "--requests",
            str(requests),
            "--json",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    ranked = json.loads(result.stdout)
    first = ranked[0]
    assert first["crossing"] == "alican-margara"
    assert first["value_gained"] > 0 and first["km_saved"] > 0 and first["hours_saved"] > 10
    assert all(r["value_gained"] <= first["value_gained"] for r in ranked)
    assert {"value_gained", "km_saved", "tours_possible"} <= set(ranked[-1])


def test_the_reach_heat_map_is_a_real_picture(tmp_path: Path) -> None:
    import numpy as np
    from matplotlib.image import imread

    png = tmp_path / "reach.png"
    result = CliRunner().invoke(
        cli,
        [
            *(
                "reach",
                "--scenarios",
                "status-quo,turkey-armenia-open",
                "--hubs",
                "yerevan,igdir,kars,tbilisi,baku",
            ),
            *("--date", "2027-06-07", "--png", str(png)),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    pixels = imread(png)
    height, width = pixels.shape[:2]
    assert width > 600 and height > 600
    colours = np.unique((pixels[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 200  # the colour scales, the labels: not a blank canvas
    assert np.mean(pixels[..., :3]) < 0.97  # and not almost all white


def test_scenarios_show_gives_every_direction_with_its_date_and_source(real: Catalogue) -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["scenarios", "show", "turkey-armenia-open", "--json"], catch_exceptions=False)
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    rows = {(r["crossing"], r["direction"]): r for r in data["crossings"]}
    margara = rows[("alican-margara", "TR>AM")]
    assert margara["access"] != "closed" and margara["set_by"] == "scenario" and margara["source"]
    assert all(r["as_of"] and r["source"] and r["access"] for r in rows.values())
    assert len(rows) == 2 * len(real.crossings)
    run = runner.invoke(cli, ["scenarios", "show", "status-quo", "--open", "alican-margara:AM>TR"])
    assert "[set for this run]" in run.stdout and "override given for this run" in run.stdout
    listed = json.loads(runner.invoke(cli, ["scenarios", "list", "--json"]).stdout)
    assert {"status-quo", "turkey-armenia-open"} <= {s["name"] for s in listed}
    assert all({"title", "as_of", "based_on"} <= s.keys() for s in listed)
    unknown = runner.invoke(cli, ["scenarios", "show", "staus-quo"])
    assert unknown.exit_code == 1 and "Unknown scenario 'staus-quo'" in unknown.output


@needs_chromium
def test_the_compare_map_has_a_layer_per_scenario_in_a_headless_browser(tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    scenarios = "status-quo,status-quo+open:alican-margara"
    result = CliRunner().invoke(
        cli,
        [
            *("compare", "--start", "yerevan", "--end", "kars", "--days", "2", "--date", "2027-06-07"),
            *("--iterations", "10", "--scenarios", scenarios, "--out", str(out)),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    page = BeautifulSoup((out / "compare.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("a[href='map.html']") is not None
    raw = (out / "map.html").read_text(encoding="utf-8")
    targets = set(re.findall(r"compare\.html#([a-z0-9-]+)", raw))
    assert targets == {"scenario-1", "scenario-2"}  # popups link to the scenario rows ...
    assert all(page.select_one(f"tr#{t}") is not None for t in targets)  # ... which exist
    dom, errors = dump_dom(out / "map.html")
    assert not errors, errors
    layers = [label.get_text(strip=True) for label in dom.select(".leaflet-control-layers-overlays label")]
    assert [x.rsplit(": ", 1)[0] for x in layers] == [
        f"{i}. {s}" for i, s in enumerate(scenarios.split(","), 1)
    ]
    # the first scenario is shown: its stops and its routes; the others wait in the control
    assert len(dom.select("div.stop")) == data["scenarios"][0]["visits"] > 0
    assert dom.select("path.leaflet-interactive")
    assert len(dom.select(".legend .scenario-key")) == 2
    assert "hypothetical" in dom.select_one(".legend").get_text()
