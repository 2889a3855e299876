"""Opening hours: OSM `opening_hours` strings turned into open intervals on given dates.

The only module that imports `opening_hours` (opening-hours-py, the Rust implementation of the
OSM specification). Public holidays (`PH`) are not known to it without a country region, so a
`PH` rule is evaluated as an ordinary day: the output tells the reader to check holidays.
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


def open_intervals(expr: str, day: date, tz: str) -> list[tuple[datetime, datetime]]:
    """The intervals of `day` (local date in `tz`) in which the place is open, as aware datetimes."""
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time(0, 0))
    end = start + timedelta(days=1)
    out: list[tuple[datetime, datetime]] = []
    for begin, finish, state, _comment in _parsed(expr).intervals(start, end):
        if state == opening_hours.State.OPEN:
            out.append((begin.replace(tzinfo=zone), min(finish, end).replace(tzinfo=zone)))
    return out
