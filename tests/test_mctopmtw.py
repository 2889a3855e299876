"""The MCTOPMTW reader and its independent checker, on a small file in the published format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import instances
from benchmarks.__main__ import main as bench_main
from benchmarks.check import check
from tours.solver import Settings, solve_problem

# M N B E1..E10; the depot; then i x y d S O1 O2 O3 O4 C4 E b e1..e10
TINY = """2 5 10 1 9 9 9 9 9 9 9 9 9
0 0.0 0.0 0.0 0.0 0 100
1 0.0 3.0 5.0 10.0 0 20 40 60 90 1 4 1 0 0 0 0 0 0 0 0 0
2 4.0 0.0 5.0 20.0 0 20 40 60 90 0 4 1 0 0 0 0 0 0 0 0 0
3 3.0 4.0 5.0 30.0 10 30 50 70 90 1 6 0 1 0 0 0 0 0 0 0 0
4 6.0 6.0 5.0 5.0 0 10 20 30 40 1 0 0 1 0 0 0 0 0 0 0 0
"""


@pytest.fixture
def raw(tmp_path: Path) -> instances.Raw:
    path = tmp_path / "MCTOPMTW-2-tiny.txt"
    path.write_text(TINY, encoding="utf-8")
    return instances.read(path)


def test_the_reader_takes_windows_types_fees_and_caps(raw: instances.Raw) -> None:
    assert (raw.kind, raw.routes, raw.budget) == ("mctopmtw", 2, 10.0)
    assert raw.caps[0] == 1 and raw.types[1][0] == 1 and raw.fee[3] == 6
    assert raw.tour_windows(1, 0) == ((0, 20), (40, 60))  # E=1: windows 1 and 3 on tour 1
    assert raw.tour_windows(1, 1) == ((20, 40), (60, 90))
    assert raw.tour_windows(2, 0) == ((20, 40), (60, 90))  # E=0: the other way round


def test_the_solver_keeps_every_constraint_the_checker_knows(raw: instances.Raw) -> None:
    problem = instances.problem(raw, raw.routes, "floor1")
    sol = solve_problem(problem, Settings(iterations=200, time_limit=60))
    score, problems = check(raw, "floor1", [(a, list(v), b) for a, v, b in sol.trips])
    assert problems == [] and score == sol.score
    visited = {v for _, vs, _ in sol.trips for v in vs}
    assert not {1, 2} <= visited  # type 1 is capped at one
    assert sum(raw.fee[v] for v in visited) <= raw.budget


@pytest.mark.parametrize(
    ("tours", "message"),
    [
        ([(0, [1, 2], 0), (0, [], 0)], "type 1"),  # two of type 1, cap 1
        ([(0, [3], 0), (0, [2], 0)], ""),  # feasible: the control
        ([(0, [4], 0), (0, [], 0)], ""),  # vertex 4 reached at 8.4, inside window 1
        ([(0, [3, 2, 4], 0), (0, [], 0)], "after both its windows"),  # 4 reached at 31.3 > 30
        ([(0, [1, 3], 0), (0, [3], 0)], "visited twice"),
        ([(0, [2, 3, 1], 0), (0, [], 0)], "fees"),  # 4 + 6 + 4 > 10
        ([(0, [], 0)], "tours"),
    ],
)
def test_the_checker_rejects_each_broken_constraint(
    raw: instances.Raw, tours: list[tuple[int, list[int], int]], message: str
) -> None:
    _, problems = check(raw, "floor1", tours)
    if message:
        assert any(message in p for p in problems), problems
    else:
        assert problems == []


def test_the_checker_rejects_a_late_return(raw: instances.Raw) -> None:
    late = instances.Raw(**{**raw.__dict__, "close": (15.0, *raw.close[1:])})  # back at 20
    _, problems = check(late, "floor1", [(0, [3], 0), (0, [], 0)])
    assert any("Tmax" in p for p in problems)


def test_the_runner_repeats_each_instance_per_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "MCTOPMTW-2-tiny.txt").write_text(TINY, encoding="utf-8")
    args = ["run", str(tmp_path), "--no-vroom", "--json", "--iterations", "20", "--seeds", "0,3"]
    assert bench_main(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert [(r["instance"], r["seed"]) for r in out["results"]] == [
        ("MCTOPMTW-2-tiny", 0),
        ("MCTOPMTW-2-tiny", 3),
    ]
    assert out["summary"][-1]["instances"] == 2
    assert bench_main(["run", str(tmp_path), "--no-vroom", "--seeds", "0,x"]) == 2
    assert "--seeds '0,x'" in capsys.readouterr().err
