"""A request checked once, at the boundary: every value that would otherwise fail deep inside
(or be ignored in silence) is refused here with the value and a hint."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

from tours.catalogue.model import Catalogue
from tours.catalogue.nations import nationality
from tours.errors import RequestError
from tours.names import suggest
from tours.planner.request import Request

FIRST_YEAR, LAST_YEAR = 2000, 2099  # the catalogue's statuses and hours mean nothing far outside


def checked(catalogue: Catalogue, request: Request) -> Request:
    """The request, interests folded to lowercase; RequestError on anything it cannot mean."""
    if not 1 <= request.days <= 30:
        raise RequestError(f"days {request.days} is outside 1..30.")
    check_date(request.date)
    if request.seed < 0:
        raise RequestError(f"seed {request.seed} is negative. Hint: 0, 1, 2, ...")
    if request.iterations < 1:
        raise RequestError(f"iterations {request.iterations} must be at least 1.")
    if not (math.isfinite(request.time_limit) and request.time_limit > 0):
        raise RequestError(f"time limit {request.time_limit} must be a positive number of seconds.")
    if request.drive_hours is not None and not (
        math.isfinite(request.drive_hours) and 0.5 <= request.drive_hours <= 16
    ):
        raise RequestError(f"drive hours {request.drive_hours} must be a number from 0.5 to 16.")
    for label, moment in (("--day-start", request.day_start), ("--day-end", request.day_end)):
        if moment is not None and moment.tzinfo is not None:
            raise RequestError(f"{label} {moment} carries a time zone. Hint: local time, e.g. 09:00.")
    check_overrides(request.open, request.close)
    return replace(
        request,
        interests=_interests(catalogue, request.interests),
        nationality=nationality(request.nationality),
    )


def check_date(day: date, label: str = "date") -> None:
    """A tour's or a route's date: within the years the catalogue's statuses can mean anything."""
    if not date(FIRST_YEAR, 1, 1) <= day <= date(LAST_YEAR, 12, 1):
        raise RequestError(
            f"{label} {day} is outside {FIRST_YEAR}-{LAST_YEAR}. Hint: the day of travel, e.g. 2027-05-10."
        )


def check_overrides(opened: tuple[str, ...], closed: tuple[str, ...]) -> None:
    """`--open X --close X` (either direction of one crossing) is a contradiction, not a choice."""
    both = sorted({x.partition(":")[0] for x in opened} & {x.partition(":")[0] for x in closed})
    if both:
        raise RequestError(f"{', '.join(both)} is both opened and closed for this run. Hint: pick one.")


def _interests(catalogue: Catalogue, interests: tuple[str, ...]) -> tuple[str, ...]:
    folded = tuple(dict.fromkeys(i.strip().lower() for i in interests if i.strip()))
    return tuple(known_interest(catalogue, i) for i in folded)


def known_interest(catalogue: Catalogue, interest: str) -> str:
    """`interest` folded to lowercase when some site carries it as a tag or category; else a
    RequestError with the nearest tags."""
    folded = interest.strip().lower()
    if folded in catalogue.tags:
        return folded
    hint = suggest(folded, sorted(catalogue.tags))
    raise RequestError(
        f"interest {interest!r} matches no site's tag or category."
        + (f" Did you mean: {', '.join(hint)}?" if hint else " See `tours sites tags`.")
    )
