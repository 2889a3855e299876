"""Hostile input: operators' templates run sandboxed and their errors say where; catalogue files
that are pipes, huge, or hold huge cells are refused at once."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from tours import TourError
from tours.catalogue.files import load_catalogue
from tours.catalogue.model import Catalogue
from tours.catalogue.rows import MAX_CELL_CHARS, SITE_HEADER
from tours.errors import CatalogueError
from tours.export.files import write_plan
from tours.planner.request import Request
from tours.planner.tour import plan_tour


@pytest.fixture(scope="module")
def small(real: Catalogue) -> object:
    return plan_tour(real, Request(start="tbilisi", days=1, date=date(2027, 6, 7), iterations=10))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ plan.__class__.__mro__ }}", "SecurityError"),  # no way out of the sandbox
        ("{{ plan.days[0].nosuch }}", "UndefinedError"),
        ("{{ plan.days[0 }}", "TemplateSyntaxError"),
    ],
)
def test_an_operators_template_is_sandboxed_and_its_errors_say_where(
    small: object, real: Catalogue, tmp_path: Path, body: str, message: str
) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "itinerary.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n' + body + "\n{% endblock %}\n", encoding="utf-8"
    )
    with pytest.raises(TourError, match=rf"itinerary.html:3: .*{message}"):
        write_plan(small, real, tmp_path / "out", templates=folder)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_a_missing_template_folder_is_a_clear_error(small: object, real: Catalogue, tmp_path: Path) -> None:
    with pytest.raises(TourError, match="is not a folder"):
        write_plan(small, real, tmp_path / "out", templates=tmp_path / "nope")  # type: ignore[arg-type]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX pipes")
def test_a_pipe_is_refused_not_read(tmp_path: Path) -> None:
    pipe = tmp_path / "xx.csv"
    os.mkfifo(pipe)
    with pytest.raises(CatalogueError, match="not a regular file"):
        load_catalogue(extra_sites=(pipe,))  # would wait forever if it were read


def test_a_huge_cell_is_refused(tmp_path: Path) -> None:
    own = tmp_path / "xx.csv"
    row = ["x"] * len(SITE_HEADER)
    row[SITE_HEADER.index("description")] = "y" * (MAX_CELL_CHARS + 1)
    own.write_text(",".join(SITE_HEADER) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match=f"a cell over {MAX_CELL_CHARS} characters"):
        load_catalogue(extra_sites=(own,))
