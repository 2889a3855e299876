"""The package as a user installs it: a wheel that carries its data, a network that pickles, a
library that loads no heavy dependency it does not need."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import sysconfig
import venv
from datetime import date
from pathlib import Path

import pytest

from cli import COUNTRY_CODES
from tours import TourError
from tours.catalogue.model import COUNTRIES, Catalogue
from tours.network import Conditions, network_for, route

ROOT = Path(__file__).resolve().parent.parent


def test_a_network_pickles_for_worker_pools(real: Catalogue) -> None:
    net = network_for(real, Conditions(dates=(date(2027, 5, 1),)))
    again = pickle.loads(pickle.dumps(net))
    assert route(again, "tbilisi", "yerevan") == route(net, "tbilisi", "yerevan")


def test_the_base_network_is_built_once_per_catalogue(real: Catalogue) -> None:
    a = network_for(real, Conditions(scenario="status-quo"))
    b = network_for(real, Conditions(scenario="all-open"))
    assert a.nodes is b.nodes  # one base network under both scenarios


def test_the_cli_country_choice_matches_the_catalogue() -> None:
    assert tuple(sorted(COUNTRIES)) == COUNTRY_CODES


def test_importing_the_api_loads_no_heavy_dependency() -> None:
    code = (
        "import sys, cli, tours, tours.planner, tours.network.conditions; "
        "print(json.dumps(sorted(m for m in ('folium', 'ortools', 'jinja2', 'pandas') if m in sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import json; " + code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert json.loads(out.stdout) == []


def test_missing_data_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import tours.resources

    monkeypatch.setattr(tours.resources, "files", lambda _package: tmp_path)
    with pytest.raises(TourError, match=r"built-in data/sites folder is missing.*Hint: reinstall"):
        tours.resources.data_dir()


def test_a_built_wheel_plans_a_tour_from_a_fresh_environment(tmp_path: Path) -> None:
    """Build the wheel, install it into a new virtual environment outside the repository, plan."""
    wheels = tmp_path / "wheels"
    source = tmp_path / "source"  # a copy, so the build leaves nothing in the checkout
    junk = (".venv", ".git", "out", "build", "*.egg-info", ".*_cache", ".hypothesis", "__pycache__")
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(*junk))
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-build-isolation",
            "--no-deps",
            "-q",
            str(source),
            "-w",
            str(wheels),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = wheels.glob("caucasus_tours-*.whl")
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    # the dependencies (ortools, folium, ...) come from this environment; the project from the wheel
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    work = tmp_path / "elsewhere"
    work.mkdir()
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run(
        [python, "-c", "import tours, tours.resources as r; print(tours.__file__); print(r.data_dir())"],
        capture_output=True,
        text=True,
        cwd=work,
        env=clean,
        check=True,
    ).stdout.split()
    assert all(Path(p).is_relative_to(env) for p in where), where
    plan = subprocess.run(
        [
            env / "bin" / "tours",
            *("plan", "--start", "tbilisi", "--days", "2", "--date", "2027-05-10"),
            *("--iterations", "20", "--quiet", "--out", "out"),
        ],
        capture_output=True,
        text=True,
        cwd=work,
        env=clean,
        check=False,
    )
    assert plan.returncode == 0, plan.stderr[-2000:]
    written = json.loads((work / "out" / "plan.json").read_text(encoding="utf-8"))
    assert written["totals"]["visits"] > 0
    assert "leaflet" in (work / "out" / "map.html").read_text(encoding="utf-8").lower()
