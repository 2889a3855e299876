from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "tours") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in group.commands.items():
        out.append((f"{prefix} {name}", cmd))
        if isinstance(cmd, click.Group):
            out.extend(commands(cmd, f"{prefix} {name}"))
    return out


def test_every_command_has_help_and_is_in_the_readme() -> None:
    for name, cmd in commands(cli):
        assert cmd.help, name
        assert name in README, f"{name} is not documented in README.md"


def test_crossings_list_json_has_per_direction_status() -> None:
    args = ["crossings", "list", "--date", "2026-03-01", "--json"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    out = json.loads(result.output)
    assert out["date"] == "2026-03-01" and out["known_until"]
    rows = out["crossings"]
    red = next(r for r in rows if r["id"] == "red-bridge")
    assert red["countries"] == ["GE", "AZ"] and len(red["names"]) == 2
    assert red["status"]["GE>AZ"]["access"] == "closed"
    assert red["status"]["AZ>GE"]["access"] == "foreigners"  # not Azerbaijani citizens
    assert "citizens of AZ may not" in red["status"]["AZ>GE"]["rule"]
    assert all(v["as_of"] and v["source"] for r in rows for v in r["status"].values())


def test_sites_list_filters_by_country() -> None:
    result = CliRunner().invoke(cli, ["sites", "list", "--country", "am", "--json"], catch_exceptions=False)
    rows = json.loads(result.output)
    assert len(rows) >= 15 and {r["country"] for r in rows} == {"AM"}


def test_scenarios_list_names_all_four() -> None:
    result = CliRunner().invoke(cli, ["scenarios", "list"], catch_exceptions=False)
    for name in ("status-quo", "turkey-armenia-open", "azerbaijan-land-open", "all-open"):
        assert name in result.output


def test_unknown_scenario_is_one_line() -> None:
    result = CliRunner().invoke(cli, ["crossings", "list", "--scenario", "status-qo"])
    assert result.exit_code == 1
    assert "Unknown scenario 'status-qo'. Did you mean: status-quo?" in result.output


def test_plan_takes_an_operators_own_site_file(tmp_path: Path) -> None:
    from tours.catalogue.rows import SITE_HEADER

    own = tmp_path / "mine.csv"
    own.write_text(
        ",".join(SITE_HEADER) + "\n"
        "my-winery,Old Winery,ძველი მარანი,,GE,41.92,45.48,museum,museum;wine,3,60,Mo-Su 10:00-18:00,"
        "typical; not verified,,,,,,open,,,,A winery near Telavi.,https://example.org/w\n",
        encoding="utf-8",
    )
    args = [
        "plan",
        "--start",
        "tbilisi",
        "--days",
        "2",
        "--date",
        "2027-06-07",
        "--iterations",
        "20",
        "--quiet",
    ]
    result = CliRunner().invoke(
        cli, [*args, "--sites", str(own), "--must", "my-winery", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 0, result.output
    assert "my-winery" in (tmp_path / "o" / "plan.json").read_text(encoding="utf-8")
    own.write_text(
        ",".join(SITE_HEADER) + "\nbad,,,,GE,999,45,museum,museum,9,60,Mo,x,,,,,,open,,,,,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, [*args, "--sites", str(own), "--out", str(tmp_path / "p")])
    assert (
        result.exit_code == 1 and "mine.csv:2: lat 999" in result.output and "Traceback" not in result.output
    )
