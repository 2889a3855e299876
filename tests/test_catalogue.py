from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from tours import CatalogueError, load_catalogue
from tours.catalogue.model import Catalogue
from tours.resources import data_dir


def test_real_catalogue_meets_the_counts(real: Catalogue) -> None:
    per_country = Counter(s.country for s in real.sites)
    assert len(real.sites) >= 80
    assert all(per_country[c] >= 15 for c in ("AM", "AZ", "GE", "TR")), per_country
    assert all(s.source for s in real.sites)


def test_every_world_heritage_property_is_in_the_catalogue(real: Catalogue) -> None:
    with (data_dir() / "reference" / "unesco_4countries.csv").open(encoding="utf-8") as fh:
        wanted = {int(r["id_no"]) for r in csv.DictReader(fh)}
    have = {s.unesco_id for s in real.sites if s.unesco_id}
    assert wanted - have == set()


def test_landscape_points_are_at_the_real_place(real: Catalogue) -> None:
    hyrcanian = [s for s in real.sites if s.unesco_id == 1584]
    assert hyrcanian and all(s.country == "AZ" and s.lon < 49.5 for s in hyrcanian)
    khinalig = [s for s in real.sites if s.unesco_id == 1696]
    # The village, not the landscape centroid ~55 km to the south-east (40.71N 48.89E).
    assert khinalig and all(abs(s.lat - 41.18) < 0.05 and abs(s.lon - 48.13) < 0.05 for s in khinalig)


def test_contested_places_carry_both_names(real: Catalogue) -> None:
    contested = [s for s in real.sites if "contested" in s.tags]
    assert contested
    assert all(" / " in s.name for s in contested)


def test_a_broken_copy_reports_every_problem_at_once(tiny_root: Path) -> None:
    sites = tiny_root / "ge.csv"
    lines = sites.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("41.70,44.80", "44.80,41.70")  # swapped lat/lon
    lines[2] = (
        lines[2].replace("Tu-Su 10:00-17:00", "Tues 10-5").replace("fortress,fortress", "fortress,castle")
    )
    lines.append(lines[2].replace("Tues 10-5", "24/7"))  # duplicate id
    sites.write_text("\n".join(lines) + "\n", encoding="utf-8")
    roads = tiny_root / "network" / "roads_x.csv"
    roads.write_text(
        roads.read_text(encoding="utf-8") + "capital-ge,nowhere,10,60,,flat,sourced,x,\n", encoding="utf-8"
    )
    with pytest.raises(CatalogueError) as err:
        load_catalogue(tiny_root)
    text = "\n".join(err.value.problems)
    assert "ge.csv:2: lat/lon 44.8, 41.7 is outside the region" in text
    assert "ge.csv:3: opening_hours 'Tues 10-5' does not parse" in text
    assert "do not include the category 'fortress'" in text
    assert "ge.csv:4: duplicate id 'beta-fort', first defined at" in text
    assert "roads_x.csv:7: to 'nowhere' is not a town id" in text
    assert len(err.value.problems) >= 5


def test_a_scenario_with_an_unknown_crossing_is_named(tiny_root: Path) -> None:
    path = tiny_root / "scenarios" / "az-open.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"ge-az"', '"ge-zz"'), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"az-open.toml:\d+: crossing 'ge-zz'"):
        load_catalogue(tiny_root)


def test_status_quo_covers_every_direction(tiny_root: Path) -> None:
    path = tiny_root / "scenarios" / "status-quo.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.rindex("[[status]]")], encoding="utf-8")
    with pytest.raises(CatalogueError, match="no status for: ge-az AZ>GE"):
        load_catalogue(tiny_root)
