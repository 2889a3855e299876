"""The site catalogue: the nouns (`model`), reading files (`rows`, `sites`, `files`, `scenarios`),
opening hours (`hours`), country polygons (`geo`) and the checks of `tours sites validate`
(`validate`, `checks`)."""

from __future__ import annotations

from tours.catalogue.files import load_catalogue, site_files
from tours.catalogue.model import Catalogue, Crossing, Scenario, Site, Town
from tours.catalogue.scenarios import DEFAULT_SCENARIO

__all__ = [
    "DEFAULT_SCENARIO",
    "Catalogue",
    "Crossing",
    "Scenario",
    "Site",
    "Town",
    "load_catalogue",
    "site_files",
]
