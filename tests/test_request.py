"""Bad requests are refused at the boundary with the value and a hint, never a traceback."""

from __future__ import annotations

import math
from datetime import date, time, timedelta, timezone

import pytest
from click.testing import CliRunner

from cli import cli
from tours import RequestError
from tours.catalogue.model import Catalogue
from tours.planner.request import Request
from tours.planner.tour import plan_tour, prepare

BASE = {"start": "tbilisi", "days": 2, "date": date(2027, 5, 10), "iterations": 10}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": date(9999, 12, 31)}, "outside 2000-2099"),
        ({"date": date(1999, 5, 10)}, "outside 2000-2099"),
        ({"seed": -1}, "seed -1 is negative"),
        ({"drive_hours": math.nan}, "drive hours nan"),
        ({"drive_hours": 40.0}, "from 0.5 to 16"),
        ({"time_limit": -1.0}, "time limit"),
        ({"day_start": time(9, 0, tzinfo=timezone(timedelta(hours=4)))}, "carries a time zone"),
        ({"open": ("red-bridge",), "close": ("red-bridge:GE>AZ",)}, "both opened and closed"),
        ({"interests": ("dragons",)}, "matches no site's tag"),
        ({"interests": ("monastry",)}, "Did you mean: monastery"),
        ({"days": 0}, "outside 1..30"),
    ],
)
def test_a_bad_request_says_what_and_why(real: Catalogue, changes: dict[str, object], message: str) -> None:
    with pytest.raises(RequestError, match=message):
        plan_tour(real, Request(**{**BASE, **changes}))  # type: ignore[arg-type]


def test_interests_ignore_case(real: Catalogue) -> None:
    job = prepare(real, Request(**{**BASE, "interests": ("Monastery", "UNESCO")}))  # type: ignore[arg-type]
    assert job.request.interests == ("monastery", "unesco")


@pytest.mark.parametrize(
    "args",
    [["--date", "9999-12-31"], ["--seed", "-1"], ["--drive-hours", "nan"], ["--interests", "dragons"]],
)
def test_the_cli_prints_one_line_not_a_traceback(args: list[str], tmp_path: object) -> None:
    result = CliRunner().invoke(
        cli,
        ["plan", "--start", "tbilisi", "--days", "2", "--date", "2027-05-10", "--out", str(tmp_path), *args],
    )
    assert result.exit_code != 0
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(
        result.exception, SystemExit
    )
