"""Site rows: `sites/<cc>[_<part>].csv` (see sites/FORMAT.md for every column)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from tours.catalogue import hours
from tours.catalogue.model import (
    ACCESS_LEVELS,
    ALL_MONTHS,
    CATEGORIES,
    CURRENCIES,
    UNESCO_STATUSES,
    AccessLevel,
    Site,
)
from tours.catalogue.rows import (
    FEE,
    SITE_HEADER,
    SLUG,
    Problems,
    parse_coords,
    parse_country,
    parse_months,
    parse_number,
    read_rows,
    split_cell,
    unique_id,
)


def _site_extras(row: dict[str, str], tags: frozenset[str], where: str, problems: Problems) -> None:
    """Checks on the columns beyond the skeleton's: UNESCO status, fee, months, access, communities."""
    status = row["unesco_status"]
    if status and status not in UNESCO_STATUSES:
        problems.add(
            where, f"unesco_status {status!r} is not one of: {', '.join(UNESCO_STATUSES)} (or empty)."
        )
    if (status == "inscribed") != bool(row["unesco_id"]):
        problems.add(where, "unesco_status 'inscribed' and unesco_id must go together.")
    if (status == "tentative") != ("tentative" in tags):
        problems.add(where, "unesco_status 'tentative' and the 'tentative' tag must go together.")
    if not FEE.match(row["fee"]) and row["fee"]:
        problems.add(
            where,
            f"fee {row['fee']!r} is not understood. Hint: 'free', '1000 AMD', '3-5 AZN' "
            f"(currencies {' '.join(CURRENCIES)}) or empty when unknown.",
        )
    if parse_months(row["months"]) is None:
        problems.add(where, f"months {row['months']!r} is not understood. Hint: 'May-Oct', 'Jun;Aug-Sep'.")
    if row["access"] not in ACCESS_LEVELS:
        problems.add(where, f"access {row['access']!r} is not one of: {', '.join(ACCESS_LEVELS)}.")
    elif row["access"] != "open" and not row["access_note"]:
        problems.add(
            where, f"access is {row['access']!r} but access_note is empty. Hint: say who may go and how."
        )
    if "shared-heritage" in tags and not row["communities"]:
        problems.add(where, "tagged shared-heritage but communities is empty. Hint: e.g. 'Georgian'.")


def parse_sites(path: Path, problems: Problems, seen: dict[str, str]) -> list[Site]:
    out: list[Site] = []
    for where, row in read_rows(path, SITE_HEADER, problems):
        before = len(problems)
        sid = unique_id(row, "id", where, problems, seen)
        country = parse_country(row, where, problems)
        coords = parse_coords(row, where, problems)
        tags = frozenset(split_cell(row["tags"]))
        importance, visit, unesco = _site_checks(row, tags, where, problems)
        if len(problems) > before or sid is None or country is None or coords is None:
            continue
        assert importance is not None and visit is not None
        out.append(
            Site(
                id=sid,
                name=row["name"],
                name_local=row["name_local"],
                other_names=split_cell(row["other_names"]),
                country=country,
                lat=coords[0],
                lon=coords[1],
                category=row["category"],
                tags=tags,
                importance=int(importance),
                visit_minutes=int(visit),
                opening_hours=row["opening_hours"],
                hours_source=row["hours_source"],
                unesco_id=unesco,
                description=row["description"],
                source=split_cell(row["source"]),
                origin=where,
                unesco_status=row["unesco_status"],
                period=row["period"],
                fee=row["fee"],
                months=parse_months(row["months"]) or ALL_MONTHS,
                access=cast(AccessLevel, row["access"]),  # checked in _site_extras
                access_note=row["access_note"],
                accessibility=row["accessibility"],
                communities=split_cell(row["communities"]),
            )
        )
    return out


def _site_checks(
    row: dict[str, str], tags: frozenset[str], where: str, problems: Problems
) -> tuple[float | None, float | None, int | None]:
    """Check a site row's cells; its importance, visit minutes and UNESCO id where they parse."""
    for tag in sorted(tags):
        if not SLUG.match(tag):
            problems.add(where, f"tag {tag!r} is not lowercase kebab-case.")
    category = row["category"]
    if category not in CATEGORIES:
        problems.add(where, f"category {category!r} is not one of: {' '.join(sorted(CATEGORIES))}.")
    elif category not in tags:
        problems.add(where, f"tags {row['tags']!r} do not include the category {category!r}.")
    importance = _whole(row, "importance", where, problems, 1, 3)
    visit = _whole(row, "visit_minutes", where, problems, 15, 480)
    if (problem := hours.problem(row["opening_hours"])) is not None:
        problems.add(
            where,
            f"opening_hours {row['opening_hours']!r} does not parse: {problem}. "
            "Hint: OSM syntax, e.g. 'Tu-Su 10:00-18:00' or '24/7'.",
        )
    if not row["hours_source"]:
        problems.add(where, "hours_source is empty. Hint: a URL, or 'typical; not verified'.")
    unesco: int | None = None
    if row["unesco_id"]:
        if row["unesco_id"].isdigit():
            unesco = int(row["unesco_id"])
        else:
            problems.add(where, f"unesco_id {row['unesco_id']!r} is not a number.")
    if (unesco is not None) != ("unesco" in tags):
        problems.add(where, "the 'unesco' tag and unesco_id must go together.")
    _site_extras(row, tags, where, problems)
    for key in ("name", "name_local", "description", "source"):
        if not row[key]:
            problems.add(where, f"{key} is empty.")
    return importance, visit, unesco


def _whole(row: dict[str, str], key: str, where: str, problems: Problems, lo: int, hi: int) -> float | None:
    value = parse_number(row, key, where, problems, lo, hi)
    if value is not None and not value.is_integer():
        problems.add(where, f"{key} {row[key]!r} is not a whole number. Hint: e.g. {lo}.")
        return None
    return value
