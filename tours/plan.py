"""A plan as plain data: the contract `plan.json` follows, and its round trip to JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

ESTIMATE_NOTICE = (
    "Drive times come from a road network with average speeds; some road lengths are "
    "estimates (marked ~). Opening hours marked * are typical, not verified."
)


def verify_notice(as_of: date) -> str:
    """The line every output that depends on a crossing carries."""
    return (
        "Border crossing statuses change. Verify every crossing on this route with the border "
        f"authorities of both countries before travel (statuses as of {as_of})."
    )


@dataclass(frozen=True)
class Place:
    id: str
    name: str


@dataclass(frozen=True)
class Visit:
    site: str
    name: str
    country: str
    arrive: datetime  # start of the visit, local time with offset
    depart: datetime
    opening_hours: str = ""
    hours_verified: bool = False


@dataclass(frozen=True)
class Leg:
    from_: str
    to: str
    km: float
    minutes: int
    crossings: tuple[str, ...] = ()
    estimated: bool = False  # some km on this leg are estimates, not sourced figures
    mode: str = "road"  # "flight" when the leg takes a flight (km are then its road part only)
    flights: tuple[str, ...] = ()  # "TBS-GYD" for each flight on the leg


@dataclass(frozen=True)
class Day:
    day: int
    date: date
    start: Place
    end: Place
    visits: tuple[Visit, ...]
    legs: tuple[Leg, ...]
    km: float
    drive_minutes: int
    leave: datetime
    arrive: datetime


@dataclass(frozen=True)
class Dropped:
    site: str
    reason: str


@dataclass(frozen=True)
class ScenarioInfo:
    name: str
    title: str
    as_of: date
    open: tuple[str, ...]  # "crossing:FROM>TO" a traveller of this request may use
    closed: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    request: dict[str, Any]
    scenario: ScenarioInfo
    days: tuple[Day, ...]
    dropped: tuple[Dropped, ...]
    totals: dict[str, Any]
    solver: dict[str, Any]
    notices: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = json.loads(json.dumps(asdict(self), default=_encode))
        for day in out["days"]:
            for leg in day["legs"]:
                leg["from"] = leg.pop("from_")
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        def visit(v: dict[str, Any]) -> Visit:
            return Visit(
                **{
                    **v,
                    "arrive": datetime.fromisoformat(v["arrive"]),
                    "depart": datetime.fromisoformat(v["depart"]),
                }
            )

        def leg(g: dict[str, Any]) -> Leg:
            g = dict(g)
            g["from_"] = g.pop("from")
            return Leg(**{**g, "crossings": tuple(g["crossings"]), "flights": tuple(g.get("flights", ()))})

        days = tuple(
            Day(
                day=d["day"],
                date=date.fromisoformat(d["date"]),
                start=Place(**d["start"]),
                end=Place(**d["end"]),
                visits=tuple(visit(v) for v in d["visits"]),
                legs=tuple(leg(g) for g in d["legs"]),
                km=d["km"],
                drive_minutes=d["drive_minutes"],
                leave=datetime.fromisoformat(d["leave"]),
                arrive=datetime.fromisoformat(d["arrive"]),
            )
            for d in data["days"]
        )
        s = data["scenario"]
        scenario = ScenarioInfo(
            name=s["name"],
            title=s["title"],
            as_of=date.fromisoformat(s["as_of"]),
            open=tuple(s["open"]),
            closed=tuple(s["closed"]),
        )
        return cls(
            request=data["request"],
            scenario=scenario,
            days=days,
            dropped=tuple(Dropped(**x) for x in data["dropped"]),
            totals=data["totals"],
            solver=data["solver"],
            notices=tuple(data["notices"]),
        )

    @classmethod
    def from_json(cls, text: str) -> Plan:
        return cls.from_dict(json.loads(text))


def _encode(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | frozenset | set):
        return list(value)
    raise TypeError(f"cannot encode {value!r}")
