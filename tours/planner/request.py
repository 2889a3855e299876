"""What a client asks for: the request, and the pace presets that set a day's length."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time
from typing import Any, Literal

from tours.catalogue.scenarios import DEFAULT_SCENARIO
from tours.errors import RequestError
from tours.network.conditions import Conditions, trip_dates

PaceName = Literal["relaxed", "standard", "intensive"]


@dataclass(frozen=True)
class Pace:
    day_start: time
    day_end: time
    visit_factor: float  # times each site's typical visit length
    drive_minutes: int  # cap on travel (driving, border waits, flights) per day
    max_visits: int = 6  # visits a day
    lunch_minutes: int = 45
    long_drive: int = 5 * 60  # no two consecutive days drive more than this


# Operators' published itineraries for the region show 3-4 sites on a touring day, 5-8 on a
# walking day in a city, lunch of about an hour, and a long transfer day now and then.
PACES: dict[str, Pace] = {
    "relaxed": Pace(
        time(9, 30), time(18, 0), 1.25, 5 * 60, max_visits=4, lunch_minutes=60, long_drive=4 * 60
    ),
    "standard": Pace(time(9, 0), time(19, 0), 1.0, 7 * 60, max_visits=6, lunch_minutes=45, long_drive=5 * 60),
    "intensive": Pace(
        time(8, 0), time(20, 0), 0.8, 9 * 60, max_visits=8, lunch_minutes=45, long_drive=6 * 60
    ),
}
LUNCH_WINDOW = (time(12, 0), time(14, 30))  # when lunch may start, local time


@dataclass(frozen=True)
class Request:
    start: str
    days: int
    date: date
    end: str | None = None
    scenario: str = DEFAULT_SCENARIO
    interests: tuple[str, ...] = ()
    must: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    open: tuple[str, ...] = ()
    close: tuple[str, ...] = ()
    nationality: str | None = None
    pace: PaceName = "standard"  # day length, visit lengths, driving cap
    day_start: time | None = None  # None: the pace's
    day_end: time | None = None
    drive_hours: float | None = None  # cap on travel per day; None: the pace's
    time_limit: float = 30.0  # seconds, a cap; the iteration count stops the search first
    iterations: int = 1000  # deterministic stopping rule: same inputs and seed, same plan
    seed: int = 0
    allow_flights: bool = False  # may legs fly the direct routes of sites/network/flights.csv
    max_visits: int | None = None  # visits a day; None: the pace's
    countries: tuple[str, ...] = ()  # keep visits and nights in these (ISO codes); (): anywhere
    nights: tuple[tuple[str, int], ...] = ()  # the first nights, in order: (town, how many)
    lunch: bool = True  # a lunch break on every day that spans midday

    @property
    def pace_values(self) -> Pace:
        """The pace preset with this request's own day and driving limits laid over it."""
        if self.pace not in PACES:
            raise RequestError(f"pace {self.pace!r} is not one of: {', '.join(PACES)}.")
        base = PACES[self.pace]
        return Pace(
            day_start=self.day_start or base.day_start,
            day_end=self.day_end or base.day_end,
            visit_factor=base.visit_factor,
            drive_minutes=round(self.drive_hours * 60) if self.drive_hours else base.drive_minutes,
            max_visits=self.max_visits or base.max_visits,
            lunch_minutes=base.lunch_minutes,
            long_drive=base.long_drive,
        )

    @property
    def conditions(self) -> Conditions:
        """What this request may use of the network."""
        return Conditions(
            scenario=self.scenario,
            open=self.open,
            close=self.close,
            nationality=self.nationality,
            dates=trip_dates(self.date, self.days),
            allow_flights=self.allow_flights,
        )

    def resolved(self) -> Request:
        """The same request with the pace's defaults written out (what `plan.json` records);
        it plans the same tour."""
        pace = self.pace_values
        return replace(
            self,
            end=self.end or self.start,
            day_start=pace.day_start,
            day_end=pace.day_end,
            drive_hours=pace.drive_minutes / 60,
            max_visits=pace.max_visits,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end or self.start,
            "days": self.days,
            "date": self.date.isoformat(),
            "scenario": self.scenario,
            "interests": list(self.interests),
            "must": list(self.must),
            "avoid": list(self.avoid),
            "open": list(self.open),
            "close": list(self.close),
            "nationality": self.nationality or "third-country",
            "pace": self.pace,
            "day_start": self.pace_values.day_start.strftime("%H:%M"),
            "day_end": self.pace_values.day_end.strftime("%H:%M"),
            "drive_hours": self.pace_values.drive_minutes / 60,
            "time_limit": self.time_limit,
            "iterations": self.iterations,
            "seed": self.seed,
            "allow_flights": self.allow_flights,
            "max_visits": self.pace_values.max_visits,
            "countries": list(self.countries),
            "nights": [[town, n] for town, n in self.nights],
            "lunch": self.lunch,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Request:
        """The request `to_dict` wrote: planning it again gives the same plan."""
        nationality = data.get("nationality")
        return cls(
            start=data["start"],
            end=data.get("end"),
            days=int(data["days"]),
            date=date.fromisoformat(data["date"]),
            scenario=data.get("scenario", DEFAULT_SCENARIO),
            interests=tuple(data.get("interests", ())),
            must=tuple(data.get("must", ())),
            avoid=tuple(data.get("avoid", ())),
            open=tuple(data.get("open", ())),
            close=tuple(data.get("close", ())),
            nationality=None if nationality in (None, "third-country") else nationality,
            pace=data.get("pace", "standard"),
            day_start=time.fromisoformat(data["day_start"]) if data.get("day_start") else None,
            day_end=time.fromisoformat(data["day_end"]) if data.get("day_end") else None,
            drive_hours=data.get("drive_hours"),
            time_limit=float(data.get("time_limit", 30.0)),
            iterations=int(data.get("iterations", 1000)),
            seed=int(data.get("seed", 0)),
            allow_flights=bool(data.get("allow_flights", False)),
            max_visits=data.get("max_visits"),
            countries=tuple(data.get("countries", ())),
            nights=tuple((str(town), int(n)) for town, n in data.get("nights", ())),
            lunch=bool(data.get("lunch", True)),
        )
