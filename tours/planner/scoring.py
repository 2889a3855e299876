"""What a site is worth to this traveller."""

from __future__ import annotations

from tours.catalogue.model import Site

IMPORTANCE_POINTS = {1: 1, 2: 3, 3: 6}


def site_score(site: Site, interests: tuple[str, ...]) -> int:
    base = IMPORTANCE_POINTS[site.importance]
    if not interests:
        return base * 5
    matches = len(set(interests) & (site.tags | {site.category}))
    return base * (1 + 4 * matches)


def matches_interests(site: Site, interests: tuple[str, ...]) -> bool:
    return bool(set(interests) & (site.tags | {site.category}))
