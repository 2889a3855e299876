"""The tour's time line: minutes since 00:00 UTC of the first date.

Each place keeps its own clock (Türkiye UTC+3, the others UTC+4); the day budget (default
09:00-19:00) is read on the local clock of wherever the traveller is, so crossing into Türkiye
gains an hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tours.catalogue import hours
from tours.catalogue.model import TIMEZONES, Site
from tours.planner.request import Pace

Window = tuple[int, int]


@dataclass(frozen=True)
class Clock:
    first: date
    days: int
    pace: Pace

    @property
    def epoch(self) -> datetime:
        return datetime.combine(self.first, time(0, 0), tzinfo=UTC)

    def minute(self, moment: datetime) -> int:
        return int((moment - self.epoch).total_seconds() // 60)

    def moment(self, minute: int, country: str) -> datetime:
        return (self.epoch + timedelta(minutes=minute)).astimezone(ZoneInfo(TIMEZONES[country]))

    def day_date(self, d: int) -> date:
        return self.first + timedelta(days=d)

    def budget(self, d: int, country: str) -> Window:
        """Day d's earliest departure and latest arrival on the local clock of `country`."""
        zone = ZoneInfo(TIMEZONES[country])
        day = self.day_date(d)
        return (
            self.minute(datetime.combine(day, self.pace.day_start, tzinfo=zone)),
            self.minute(datetime.combine(day, self.pace.day_end, tzinfo=zone)),
        )

    def visit_minutes(self, site: Site) -> int:
        return max(15, round(site.visit_minutes * self.pace.visit_factor))

    def in_season(self, site: Site) -> bool:
        return any(self.day_date(d).month in site.months for d in range(self.days))

    def windows(self, site: Site) -> list[Window | None]:
        """Per day, the window for the start of a visit: the longest opening that day, in season."""
        out: list[Window | None] = []
        tz = TIMEZONES[site.country]
        for d in range(self.days):
            best: Window | None = None
            if self.day_date(d).month in site.months:
                lo, hi = self.budget(d, site.country)
                opening = hours.open_intervals(
                    site.opening_hours, self.day_date(d), tz, (site.lat, site.lon), site.country
                )
                for opened, closed in opening:
                    a = max(lo, self.minute(opened))
                    b = min(hi, self.minute(closed)) - self.visit_minutes(site)
                    if a <= b and (best is None or b - a > best[1] - best[0]):
                        best = (a, b)
            out.append(best)
        return out
