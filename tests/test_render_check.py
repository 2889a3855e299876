"""`tours render` re-checks a saved, hand-edited plan; `tours check` an operator's own itinerary."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result

from cli import cli
from tours import Plan, Request, RequestError, plan_tour
from tours.catalogue.model import Catalogue
from tours.export.files import OUTPUTS
from tours.itinerary.check import check_plan, load_plan
from tours.itinerary.findings import FindingCode
from tours.itinerary.operator import check_itinerary

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "operator_itinerary.csv"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def margara(real: Catalogue) -> Plan:
    """Yerevan to Kars over Margara, which only the request's override opens."""
    request = Request(
        start="yerevan",
        end="kars",
        days=2,
        date=date(2027, 6, 8),
        open=("alican-margara",),
        interests=("fortress",),
        iterations=30,
    )
    return plan_tour(real, request)


def _shut_visit(data: dict[str, Any]) -> str:
    """Move the first visit with opening hours (not 24/7) to 03:00 on its day; its site id."""
    for day in data["days"]:
        for v in day["visits"]:
            if v["opening_hours"] != "24/7":
                v["arrive"] = v["arrive"][:11] + "03:00" + v["arrive"][16:]
                v["depart"] = v["depart"][:11] + "03:30" + v["depart"][16:]
                return str(v["site"])
    raise AssertionError("no visit with opening hours")


def test_a_fresh_plan_re_renders_with_nothing_to_report(
    margara: Plan, real: Catalogue, tmp_path: Path
) -> None:
    assert "alican-margara" in margara.totals.crossings
    assert check_plan(margara, real) == ()
    (tmp_path / "plan.json").write_text(margara.to_json(), encoding="utf-8")
    result = run("render", str(tmp_path / "plan.json"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(OUTPUTS)
    report = BeautifulSoup((tmp_path / "out" / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert report.select_one("#findings") is None


def test_an_edited_plan_reports_a_visit_out_of_hours_and_a_crossing_closed_that_way(
    margara: Plan, tmp_path: Path
) -> None:
    data = json.loads(margara.to_json())
    data["request"]["open"] = []  # Margara back to its status: closed both ways
    moved = _shut_visit(data)
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    result = run("render", str(edited), "--out", str(tmp_path / "out"), "--json")
    assert result.exit_code == 1, result.output
    found = json.loads(result.output)["findings"]
    codes = {f["code"] for f in found}
    assert {"outside-hours", "closed-crossing"} <= codes
    assert any(f["code"] == "outside-hours" and f["params"]["site"] == moved for f in found)
    crossing = next(f for f in found if f["code"] == "closed-crossing")
    assert crossing["params"]["crossing"] == "alican-margara"
    assert crossing["params"]["direction"] == "AM>TR" and crossing["params"]["access"] == "closed"
    # every output is still written, and the operator report lists the findings
    assert all((tmp_path / "out" / name).is_file() for name in OUTPUTS)
    report = BeautifulSoup((tmp_path / "out" / "report.html").read_text(encoding="utf-8"), "html.parser")
    rows = report.select("#findings tr.finding")
    assert len(rows) == len(found)
    assert {r.select_one("code").get_text() for r in rows} == codes
    # and printed one a line without --json
    text = run("render", str(edited), "--out", str(tmp_path / "out")).output
    assert any(line.startswith("closed-crossing: day 2:") for line in text.splitlines())


def test_a_leg_swapped_to_cross_a_closed_direction_is_reported_for_that_direction_only(
    tiny: Catalogue,
) -> None:
    plan = plan_tour(tiny, Request(start="capital-ge", days=1, date=date(2027, 5, 10), iterations=10))
    data = json.loads(plan.to_json())
    day = data["days"][0]
    day["lunch"] = None
    visit = day["visits"][-1]
    visit.update(site="delta-palace", name="Delta Palace", country="AZ", opening_hours="Mo-Su 10:00-18:00")
    last = day["legs"][-2]["from"]
    # written by hand: no path, only the crossing; out over ge-az (GE>AZ is closed), back the same
    # way (AZ>GE is open)
    day["legs"][-2:] = [
        {"from": last, "to": "delta-palace", "km": 1, "minutes": 1, "crossings": ["ge-az"]},
        {"from": "delta-palace", "to": "capital-ge", "km": 1, "minutes": 1, "crossings": ["ge-az"]},
    ]
    found = check_plan(Plan.from_dict(data), tiny)
    closed = [f for f in found if f.code is FindingCode.CLOSED_CROSSING]
    assert [(f.params["crossing"], f.params["direction"]) for f in closed] == [("ge-az", "GE>AZ")]
    assert closed[0].params["from"] != "Delta Palace"
    # a visit swapped without its legs: the legs no longer join the day's stops
    day["visits"][0]["site"] = "beta-fort"
    found = check_plan(Plan.from_dict(data), tiny)
    assert [f.params["kind"] for f in found if f.code is FindingCode.BROKEN_CHAIN] == ["legs"]


def test_the_sample_operator_itinerary_reports_its_problems(real: Catalogue) -> None:
    result = run("check", str(SAMPLE), "--json")
    assert result.exit_code == 1, result.output
    out = json.loads(result.output)
    by_day: dict[int, set[str]] = {}
    for f in out["findings"]:
        by_day.setdefault(f["day"], set()).add(f["code"])
    assert "closed-on-date" in by_day[1]  # the Matenadaran on a Monday
    assert "closed-crossing" in by_day[2]  # Khor Virap to Ani over Margara
    margara = next(f for f in out["findings"] if f["code"] == "closed-crossing")
    assert (margara["params"]["crossing"], margara["params"]["direction"]) == ("alican-margara", "AM>TR")
    assert "site-access" in by_day[3]  # Horomos
    assert {"seasonal-road", "drive-budget", "day-window"} <= by_day[4]  # Goderdzi in May, a long day
    assert {"travel-time", "day-window"} <= by_day[5]  # Gelati at 09:00, leaving Batumi at 08:00
    assert [d["drive_minutes"] > 0 for d in out["days"]] == [True] * 5
    assert out["days"][1]["crossings"] == ["alican-margara"]
    # in words, one a line, with each day's drive
    text = run("check", str(SAMPLE)).output
    assert "closed-on-date: day 1: Matenadaran is closed all day on Monday 2027-05-24" in text
    assert "  2  2027-05-25  Yerevan" in text


def test_an_itinerary_that_holds_reports_nothing_and_dates_move_with_date(
    real: Catalogue, tmp_path: Path
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(
        "day,date,start,sites,overnight\n1,2027-05-25,Tbilisi,Jvari Monastery;Svetitskhoveli,Tbilisi\n",
        encoding="utf-8",
    )
    result = run("check", str(good))
    assert result.exit_code == 0, result.output
    assert "0 finding(s)" in result.output
    moved = check_itinerary(good, real, first=date(2027, 1, 4))
    assert moved.plan.days[0].date == date(2027, 1, 4)


def test_a_bad_itinerary_is_one_clean_error_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "day,date,start,sites,times,overnight\n"
        "1,2027-05-25,Tbilisi,Jvari Monastery,9h30,Tbilisi\n"
        "2,,,Nowhere Abbey,,Tbilisi\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", str(bad)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "bad.csv:2: time '9h30' is not a time" in result.output
    assert "bad.csv:3: Unknown site 'Nowhere Abbey'" in result.output
    bad.write_text("day,sitez,overnight\n1,Jvari,Tbilisi\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(bad)])
    assert result.exit_code == 1 and "bad.csv:1: header" in result.output
    assert "unknown column 'sitez'" in result.output and "no 'sites' column" in result.output


def test_a_plan_that_is_not_json_is_one_clean_error_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "plan.json"
    broken.write_text('{\n  "request": ,\n}\n', encoding="utf-8")
    with pytest.raises(RequestError, match=r"plan\.json:2: not JSON"):
        load_plan(broken)
    broken.write_text('{"request": {}}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(broken), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "not a plan" in result.output and "Traceback" not in result.output
