"""Opening hours: OSM `opening_hours` strings turned into open intervals on given dates.

The only module that imports `opening_hours` (opening-hours-py, the Rust implementation of the
OSM specification). Given a place's coordinates, `sunrise`/`sunset` are that place's on that
date; given its country, `PH` is that country's public holidays where the library knows them
(Armenia, Georgia, Türkiye; not Azerbaijan, where a `PH` rule is evaluated as an ordinary day and
the output tells the reader to check holidays).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import opening_hours


def problem(expr: str) -> str | None:
    """None when `expr` parses, else the parser's first line of complaint."""
    try:
        _parsed(expr)
    except (opening_hours.ParserError, ValueError) as exc:  # type: ignore[attr-defined]
        lines = [ln.strip() for ln in str(exc).strip().splitlines()]
        where = next((ln.removeprefix("--> ") for ln in lines if ln.startswith("-->")), "")
        expected = next((ln.removeprefix("= ") for ln in lines if ln.startswith("= ")), "")
        return "; ".join(x for x in (lines[0], f"at line:column {where}" if where else "", expected) if x)
    return None


@lru_cache(maxsize=4096)
def _parsed(expr: str) -> opening_hours.OpeningHours:
    return opening_hours.OpeningHours(expr)


@lru_cache(maxsize=4096)
def _placed(
    expr: str, tz: str, coords: tuple[float, float], country: str | None
) -> opening_hours.OpeningHours:
    zone = ZoneInfo(tz)
    try:
        return opening_hours.OpeningHours(expr, timezone=zone, country=country, coords=coords)
    except Exception:  # the library raises a bare error for a country it has no holidays for
        return opening_hours.OpeningHours(expr, timezone=zone, coords=coords)


def open_intervals(
    expr: str,
    day: date,
    tz: str,
    coords: tuple[float, float] | None = None,
    country: str | None = None,
) -> list[tuple[datetime, datetime]]:
    """The intervals of `day` (local date in `tz`) in which the place is open, as aware datetimes.
    With `coords`, sunrise and sunset are the place's; with `country`, its public holidays."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time(0, 0))
    end = start + timedelta(days=1)
    out: list[tuple[datetime, datetime]] = []
    parsed = _placed(expr, tz, coords, country) if coords is not None else _parsed(expr)
    for begin, finish, state, _comment in parsed.intervals(start, end):
        if state == opening_hours.State.OPEN:
            begin, finish = begin.replace(tzinfo=None), finish.replace(tzinfo=None)  # local wall time
            out.append((begin.replace(tzinfo=zone), min(finish, end).replace(tzinfo=zone)))
    return out
