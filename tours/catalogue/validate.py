"""`tours sites validate`: the whole-catalogue checks that no single row can make on its own.

Level 1 is the loader (`catalogue.load_catalogue`): schema, ids, opening hours, scenario
statuses. When it fails, its problems are the report and nothing else runs. Level 2 runs on a
loaded catalogue and collects every problem at once:

- near-duplicate sites: two sites closer than `NEAR_M` are one place entered twice, unless they
  are separate monuments, which the rows say by having different categories (a museum inside a
  fortress, a mausoleum beside its mosque); two rows of the same category that close are an error
  (and two of different categories at one point, or sharing a name within a few km, a warning);
- every site and town inside its country's Natural Earth 1:10m polygon, give or take
  `BORDER_TOLERANCE_KM` for checkpoints and border sites (Ani is 1.3 km inside Türkiye);
- every plannable site within `REACH_KM` (great circle) of a town of its own country, and that
  town on the main road network with every crossing open; no town on no road;
- `hours_source` a URL or exactly `typical; not verified`; sources URLs (sites, towns,
  crossings, airports, flights, scenario entries); no road much shorter than the straight line
  between its ends. Airports are checked against their country's polygon too.

Errors make the command exit non-zero; warnings (counts of unverified hours, roads citing a
document rather than a URL, a road slightly shorter than the straight line) are printed and do not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tours.catalogue.checks import (
    Finding,
    hours_counts,
    hours_sources,
    near_duplicates,
    off_network,
    out_of_reach,
    outside_country,
    short_roads,
    sources,
)
from tours.catalogue.files import load_catalogue, site_files
from tours.catalogue.geo import Borders, load_borders
from tours.catalogue.model import Catalogue
from tours.errors import CatalogueError
from tours.resources import data_dir


@dataclass(frozen=True)
class Report:
    """Everything one validation found, in file and line order."""

    problems: tuple[Finding, ...]
    loaded: bool  # False: the loader failed, so only its problems are here
    counts: str = ""  # what was checked, e.g. "312 sites, 250 towns, ..."

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        head = f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        if not self.loaded:
            return f"{head} from the loader; the geography and network checks run once these are fixed."
        return f"{head} in {self.counts}."

    def lines(self) -> list[str]:
        return [*(str(p) for p in self.problems), self.summary()]


def validate(
    paths: Sequence[Path] = (), *, root: Path | None = None, borders: Borders | None = None
) -> Report:
    """Validate the catalogue under `root` (default `sites/`), merged with operator site files `paths`."""
    root = root or data_dir()
    ours = {p.resolve() for p in site_files(root)}
    given = {p.resolve(): p for p in reversed(paths)}  # each file once, named as first given
    extra = tuple(p for r, p in reversed(given.items()) if r not in ours)
    try:
        catalogue = load_catalogue(root, extra_sites=extra)
    except CatalogueError as exc:
        return Report(problems=_sorted(_from_loader(p) for p in exc.problems), loaded=False)
    problems = check(catalogue, borders=borders or load_borders())
    counts = (
        f"{len(catalogue.sites)} sites, {len(catalogue.towns)} towns, {len(catalogue.roads)} roads, "
        f"{len(catalogue.crossings)} crossings, {len(catalogue.scenarios)} scenarios; "
        f"{hours_counts(catalogue.sites)}"
    )
    return Report(problems=_sorted(problems), loaded=True, counts=counts)


def check(catalogue: Catalogue, *, borders: Borders) -> list[Finding]:
    """Level 2: every whole-catalogue problem of a catalogue the loader accepted."""
    return [
        *near_duplicates(catalogue.sites),
        *outside_country(catalogue, borders),
        *out_of_reach(catalogue),
        *off_network(catalogue),
        *hours_sources(catalogue.sites),
        *sources(catalogue),
        *short_roads(catalogue),
    ]


def _sorted(problems: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(problems, key=lambda p: p.sort_key))


def _from_loader(text: str) -> Finding:
    where, sep, message = text.partition(": ")
    return Finding(where, message) if sep else Finding("catalogue", text)
