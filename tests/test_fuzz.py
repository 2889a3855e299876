"""Fuzzing the loaders: random text and bytes as a site CSV row, a scenario file, a brand file and
a plan.json give a valid result or a TourError, never another exception. Bounded: a few hundred
examples a loader, no deadline, well under 30 s in all."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

from conftest import write_tiny
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tours.catalogue.files import load_catalogue
from tours.catalogue.rows import SITE_HEADER, Problems
from tours.catalogue.sites import parse_sites
from tours.errors import TourError
from tours.export.brand import load_brand
from tours.itinerary.check import load_plan

BOUNDED = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
VALID = [
    "own-test-church",
    "Own Test Church",
    "ტესტი",
    "",
    "GE",
    "41.70100",
    "44.77500",
    "church",
    "church;medieval",
    "2",
    "45",
    "Mo-Su 09:00-18:00",
    "typical; not verified",
    "",
    "",
    "12th c.",
    "free",
    "",
    "open",
    "",
    "",
    "",
    "A test church.",
    "https://example.org/own",
]
# cells a site row may hold: anything, numbers, and the values each column knows
CELLS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "nan", "inf", "-1", "1e400", "2.5", "0", "3", "480", "24/7", "AM", "TR", "open"]),
    st.from_regex(r"[A-Za-z]{2} \d{2}:\d{2}-\d{2}:\d{2}", fullmatch=True),
)


def _row_file(cells: list[str], tmp: Path) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SITE_HEADER)
    writer.writerow(cells)
    path = tmp / "own.csv"
    path.write_text(buf.getvalue(), encoding="utf-8", errors="surrogatepass")
    return path


@BOUNDED
@given(changes=st.dictionaries(st.integers(0, len(VALID) - 1), CELLS, max_size=6))
def test_a_site_row_parses_or_is_a_problem(changes: dict[int, str], tmp_path: Path) -> None:
    cells = [changes.get(i, v) for i, v in enumerate(VALID)]
    problems = Problems()
    sites = parse_sites(_row_file(cells, tmp_path), problems, {})
    assert len(sites) + bool(problems) >= 1  # a site, or at least one problem saying why not
    for site in sites:
        assert 1 <= site.importance <= 3 and 15 <= site.visit_minutes <= 480


@BOUNDED
@given(data=st.binary(max_size=600))
def test_any_bytes_as_a_site_file_are_rows_or_problems(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "own.csv"
    path.write_bytes((",".join(SITE_HEADER) + "\n").encode() + data)
    parse_sites(path, Problems(), {})  # problems are recorded, never raised


TOML_BITS = st.sampled_from(
    [
        'name = "status-quo"\n',
        "as_of = 2026-01-01\n",
        'as_of = "soon"\n',
        "[[status]]\n",
        'crossing = "ge-am"\n',
        'direction = "GE>AM"\n',
        'access = "everyone"\n',
        "access = 3\n",
        'source = "https://example.org/s"\n',
        'status = "x"\n',
        "status = [1, 2]\n",
        "[[flight]]\n",
        'route = "TBS-EVN"\n',
        "operates = true\n",
        'based_on = "status-quo"\n',
        "timeline = true\n",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.one_of(TOML_BITS, st.text(max_size=20)), max_size=12))
def test_a_scenario_file_loads_or_is_a_catalogue_error(parts: list[str], tmp_path: Path) -> None:
    root = tmp_path / "world"
    if not root.exists():
        write_tiny(root)
    (root / "scenarios" / "status-quo.toml").write_text("".join(parts), encoding="utf-8", errors="replace")
    with contextlib.suppress(TourError):  # a valid catalogue, or a TourError: nothing else
        load_catalogue(root)


@BOUNDED
@given(text=st.one_of(st.text(max_size=200), TOML_BITS.map(lambda s: s.replace("as_of", "colour"))))
def test_a_brand_file_loads_or_is_a_tour_error(text: str, tmp_path: Path) -> None:
    path = tmp_path / "b.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        brand = load_brand(str(path))
    except TourError:
        return
    assert brand.colour.startswith("#") and len(brand.colour) == 7


PLAN_BITS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
PLAN_KEYS = ["request", "scenario", "days", "dropped", "totals", "solver", "notice_codes"]


@BOUNDED
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.fixed_dictionaries(dict.fromkeys(PLAN_KEYS, PLAN_BITS)).map(lambda d: repr(d).encode()),
        st.fixed_dictionaries(dict.fromkeys(PLAN_KEYS, PLAN_BITS)).map(lambda d: json.dumps(d).encode()),
    )
)
def test_a_plan_json_reads_or_is_a_tour_error(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(data)
    with contextlib.suppress(TourError):
        load_plan(path)
