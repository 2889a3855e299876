from __future__ import annotations

import csv
import io
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from tours.catalogue import site_files
from tours.catalogue.geo import borders_from_geojson, load_borders
from tours.catalogue.model import Catalogue
from tours.catalogue.rows import SITE_HEADER as COLUMNS
from tours.catalogue.validate import Report, near_duplicates, validate
from tours.resources import data_dir


@pytest.fixture
def copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the built-in `sites/`, with the working directory above it (paths show as sites/...)."""
    root = tmp_path / "sites"
    shutil.copytree(data_dir(), root)
    monkeypatch.chdir(tmp_path)
    return root


def _find(root: Path, site_id: str) -> tuple[Path, int]:
    """The site file and 0-based line index of the row with this id."""
    for path in site_files(root):
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.startswith(site_id + ","):
                return path, i
    raise LookupError(site_id)


def _row(line: str) -> dict[str, str]:
    return dict(zip(COLUMNS, next(csv.reader([line])), strict=True))


def _line(row: dict[str, str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([row[c] for c in COLUMNS])
    return out.getvalue()


def edit_site(root: Path, site_id: str, **changes: str) -> str:
    """Change cells of one site row in place; returns its "sites/xx.csv:LINE"."""
    path, i = _find(root, site_id)
    lines = path.read_text(encoding="utf-8").splitlines()
    row = _row(lines[i])
    row.update(changes)
    lines[i] = _line(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"sites/{path.name}:{i + 1}"


def append_site(root: Path, like: str, **changes: str) -> str:
    """Append a copy of site `like` (to its own file) with some cells changed; returns its file:line."""
    path, i = _find(root, like)
    lines = path.read_text(encoding="utf-8").splitlines()
    row = _row(lines[i])
    row.update(changes)
    lines.append(_line(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return f"sites/{path.name}:{len(lines)}"


def _edit_csv(path: Path, index: int, **changes: str) -> dict[str, str]:
    """Change cells of data row `index` (1 = the first after the header) of any CSV; returns the row."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    row = dict(zip(header, next(csv.reader([lines[index]])), strict=True))
    row.update(changes)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([row[c] for c in header])
    lines[index] = out.getvalue()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return row


def unesco(real: Catalogue, number: int) -> str:
    return next(s.id for s in real.sites if s.unesco_id == number)


def text(report: Report) -> str:
    return "\n".join(report.lines())


def test_the_built_in_catalogue_has_no_errors() -> None:
    report = validate()
    assert report.loaded
    assert report.ok, "\n".join(str(p) for p in report.errors)
    assert report.lines()[-1].startswith("0 error(s)")


def test_loader_problems_are_all_reported_and_stop_the_rest(copy: Path, real: Catalogue) -> None:
    haghpat, gelati = unesco(real, 777), unesco(real, 710)
    path, i = _find(copy, haghpat)
    row = _row(path.read_text(encoding="utf-8").splitlines()[i])
    swapped = edit_site(copy, haghpat, lat=row["lon"], lon=row["lat"])  # lat 44.7: outside the region
    hours = edit_site(copy, gelati, opening_hours="daily 9 to 6")
    duplicate = append_site(copy, gelati, lat="42.0", lon="43.0")
    scenario = copy / "scenarios" / "turkey-armenia-open.toml"
    lines = scenario.read_text(encoding="utf-8").splitlines()
    first = next(n for n, ln in enumerate(lines) if ln.strip() == "[[status]]")
    source = next(n for n in range(first, len(lines)) if lines[n].startswith("source"))
    del lines[source]
    second = next(n for n in range(first + 1, len(lines)) if lines[n].strip() == "[[status]]")
    dated = next(n for n in range(second, len(lines)) if lines[n].startswith("as_of"))
    del lines[dated]
    scenario.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = validate(root=copy)
    out = text(report)
    assert not report.loaded and not report.ok
    assert f"{swapped}: lat/lon {float(row['lon'])}, {float(row['lat'])} is outside the region" in out
    assert f"{hours}: opening_hours 'daily 9 to 6' does not parse" in out
    assert f"{duplicate}: duplicate id {gelati!r}, first defined at {hours}." in out
    assert f"sites/scenarios/turkey-armenia-open.toml:{first + 1}: source is empty" in out
    assert f"sites/scenarios/turkey-armenia-open.toml:{second + 1}: as_of None is not a date." in out
    assert "from the loader; the geography and network checks run once these are fixed." in out


def test_a_broken_copy_lists_every_whole_catalogue_problem(copy: Path, real: Catalogue) -> None:
    ani, haghpat, gelati, etchmiadzin = (unesco(real, n) for n in (1518, 777, 710, 1011))
    path, i = _find(copy, ani)
    row = _row(path.read_text(encoding="utf-8").splitlines()[i])
    swapped = edit_site(copy, ani, lat=row["lon"], lon=row["lat"])  # still in the region, off Türkiye
    wrong_country = edit_site(copy, haghpat, lat="41.47600", lon="44.80800")  # Marneuli, Georgia
    far = edit_site(copy, gelati, lat="39.90000", lon="41.27000")  # Erzurum, ~200 km from Georgia
    hours = edit_site(copy, etchmiadzin, hours_source="see their website")
    source = edit_site(copy, etchmiadzin, source="Wikipedia")
    path, i = _find(copy, etchmiadzin)
    near = _row(path.read_text(encoding="utf-8").splitlines()[i])
    twin = append_site(copy, etchmiadzin, id="etchmiadzin-again", lat=f"{float(near['lat']) + 0.0002:.5f}")
    towns = copy / "network" / "towns_am.csv"
    towns.write_text(
        towns.read_text(encoding="utf-8")
        + "lonely-am,Lonely,Լոնլի,AM,40.20000,44.50000,village,no,https://example.org/lonely,\n",
        encoding="utf-8",
    )
    lonely = f"sites/network/towns_am.csv:{len(towns.read_text(encoding='utf-8').splitlines())}"
    airport = _edit_csv(copy / "network" / "airports.csv", 1, lat="40.17700", lon="44.51300")  # Yerevan
    flight = _edit_csv(copy / "network" / "flights.csv", 1, source="the airline's timetable")

    report = validate(root=copy)
    out = text(report)
    assert report.loaded and not report.ok
    assert f"{swapped}: site {ani!r} at {float(row['lon'])}, {float(row['lat'])} lies" in out
    assert "outside Turkey (TR, Natural Earth 1:10m)" in out
    assert "Hint: lat and lon look swapped" in out
    assert f"{wrong_country}: site {haghpat!r} at 41.476, 44.808 lies" in out
    assert "outside Armenia (AM, Natural Earth 1:10m), inside Georgia." in out
    assert f"{far}: site {gelati!r} at 39.9, 41.27 lies" in out
    assert f"{far}: site {gelati!r} (open) has no town of Georgia within 40 km (nearest is" in out
    unverified = "'typical; not verified'"
    assert f"{hours}: hours_source 'see their website' is neither URLs (and a date) nor {unverified}." in out
    assert f"{source}: site {etchmiadzin!r}: source 'Wikipedia' is not a URL." in out
    assert f"{twin}: site 'etchmiadzin-again' is 22 m from {etchmiadzin!r} ({hours})" in out
    assert f"{lonely}: town 'lonely-am' is on no road." in out
    assert f"sites/network/airports.csv:2: airport {airport['iata']!r} at 40.177, 44.513 lies" in out
    assert f"sites/network/flights.csv:2: flight {flight['from']}-{flight['to']}: source " in out
    assert out.splitlines()[-1].startswith(f"{len(report.errors)} error(s)")


def _operator_file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "operator.csv"
    path.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    return path


GOOD = (
    "op-test-chapel,Test Chapel,სატესტო,,GE,41.71500,44.82700,church,church,1,30,24/7,"
    "typical; not verified,,,19th c.,free,,open,,,,An operator's test row.,https://example.org/chapel"
)


def test_an_operator_file_is_merged_and_validated(tmp_path: Path, real: Catalogue) -> None:
    ours = next(s for s in real.sites if s.country == "GE" and s.plannable)
    twin = GOOD.replace("op-test-chapel", "op-twin").replace("41.71500,44.82700", f"{ours.lat},{ours.lon}")
    twin = twin.replace(",church,church,", f",{ours.category},{ours.category},")
    abroad = GOOD.replace("op-test-chapel", "op-abroad").replace("41.71500,44.82700", "40.17700,44.51300")
    path = _operator_file(tmp_path, GOOD, twin, abroad)
    report = validate([path])
    mine = [str(p) for p in report.errors if p.where.startswith(str(path))]
    assert report.loaded
    assert not [p for p in mine if p.startswith(f"{path}:2:")]
    assert any(p.startswith(f"{path}:3: site 'op-twin' is 0 m from {ours.id!r}") for p in mine), mine
    assert any(p.startswith(f"{path}:4: site 'op-abroad'") and "inside Armenia" in p for p in mine), mine


def test_an_operator_id_that_clashes_with_ours_names_both_lines(tmp_path: Path, real: Catalogue) -> None:
    ours = real.sites[0]
    path = _operator_file(tmp_path, GOOD.replace("op-test-chapel", ours.id))
    report = validate([path])
    assert not report.ok
    origin = ours.origin.replace("\\", "/").rsplit("/", 1)[-1]  # "am.csv:2", wherever pytest runs
    assert re.search(
        rf"{re.escape(str(path))}:2: duplicate id '{ours.id}', first defined at \S*{origin}\.", text(report)
    )


def test_a_file_given_twice_or_one_of_ours_does_not_clash_with_itself(tmp_path: Path) -> None:
    path = _operator_file(tmp_path, GOOD)
    again = tmp_path / "." / "operator.csv"
    report = validate([path, again, site_files(data_dir())[0]])
    assert report.loaded, text(report)


def test_the_cli_exits_non_zero_and_prints_file_and_line(tmp_path: Path, real: Catalogue) -> None:
    ours = real.sites[0]
    path = _operator_file(tmp_path, GOOD.replace("op-test-chapel", ours.id))
    result = CliRunner().invoke(cli, ["sites", "validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    assert f"{path}:2: duplicate id {ours.id!r}" in result.output
    assert "error(s)" in result.output.splitlines()[-1]


def test_scenario_statuses_are_dated_and_sourced(real: Catalogue) -> None:
    for scenario in real.scenarios:
        for status in scenario.statuses:
            assert status.as_of and status.source.startswith("http"), (scenario.name, status)


def test_borders_know_enclaves_and_border_sites() -> None:
    borders = load_borders()
    assert borders.country_at(40.635, 45.505) == "AM"  # Artsvashen, an Armenian exclave
    assert borders.country_at(43.0, 41.0) == "GE"  # Sukhumi: Abkhazia lies inside Georgia
    assert borders.country_at(39.76, 46.75) == "AZ"  # Shusha / Shushi
    assert borders.contains("TR", 40.5075, 43.5725)  # Ani
    assert 1.0 < borders.border_km("TR", 40.5075, 43.5725) < 1.6
    assert borders.country_at(42.5, 36.0) is None  # the Black Sea


def test_ray_casting_treats_inner_rings_as_holes() -> None:
    square = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]
    borders = borders_from_geojson(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "properties": {"ISO_A2": "XX"},
                    "geometry": {"type": "Polygon", "coordinates": [square, hole]},
                }
            ],
        }
    )
    assert borders.contains("XX", 3.0, 3.0)
    assert not borders.contains("XX", 1.5, 1.5)
    assert not borders.contains("XX", 5.0, 1.0)
    assert abs(borders.border_km("XX", 1.5, 1.5) - 0.5 * 110.574) < 1.0


def test_separate_monuments_may_stand_close_when_their_categories_differ(real: Catalogue) -> None:
    ours = next(s for s in real.sites if s.category != "museum")
    museum = replace(ours, id="op-museum", name="Op Museum", name_local="", other_names=(), category="museum")
    museum = replace(museum, lat=ours.lat + 0.0001, origin="op.csv:2")
    twin = replace(ours, id="op-twin", lat=ours.lat + 0.0001, origin="op.csv:3")
    renamed = replace(ours, id="op-renamed", category="museum", lat=ours.lat + 0.01, origin="op.csv:4")
    problems = list(near_duplicates([ours, museum, twin, renamed]))
    errors = [str(p) for p in problems if p.severity == "error"]
    warnings = [str(p) for p in problems if p.severity == "warning"]
    expected = f"op.csv:3: site 'op-twin' is 11 m from {ours.id!r} ({ours.origin}), both {ours.category}"
    assert len(errors) == 1 and errors[0].startswith(expected), errors
    assert any(
        w.startswith("op.csv:3: warning: site 'op-twin' has the same point as 'op-museum'") for w in warnings
    )
    assert any(w.startswith("op.csv:4: warning: site 'op-renamed' shares the name") for w in warnings)
    assert not [p for p in problems if p.where == "op.csv:2"]


def test_the_readme_gives_the_hours_counts_the_data_has(real: Catalogue) -> None:
    """The README's figures for sourced hours are the catalogue's (issue 14: counts by country)."""
    import re

    from tours.catalogue.checks import hours_counts

    counts = hours_counts(real.sites)
    got = re.match(
        r"(\d+) of (\d+) sites with sourced hours \(AM (\d+), AZ (\d+), GE (\d+), TR (\d+); (\d+) of (\d+)",
        counts,
    )
    assert got, counts
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    text = " ".join(readme.split())
    n, total, am, az, ge, tr, key, keys = got.groups()
    assert f"Hours: {n} of {total} sites have sourced hours" in text
    assert f"Armenia {am}, Azerbaijan {az}, Georgia {ge}, Türkiye {tr}" in text
    assert f"of the {keys} importance-3 and World Heritage sites, {key} " in text
