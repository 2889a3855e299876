"""A plan as plain data: the contract `plan.json` follows, and its round trip to JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any, Literal

from tours.notes import Notice, NoticeCode, Reason, ReasonCode
from tours.planner.request import Request

Mode = Literal["road", "walk", "flight"]
Stopped = Literal["iterations", "no-improvement", "time"]


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
    mode: Mode = "road"  # "walk" on foot; "flight" when it takes a flight (km: its road part)
    flights: tuple[str, ...] = ()  # "TBS-GYD" for each flight on the leg
    path: tuple[str, ...] = ()  # the network nodes it follows, from_ .. to (maps never re-route)
    drive_minutes: int = 0  # the minutes driven or flown, not walked


@dataclass(frozen=True)
class Lunch:
    """The day's lunch break: after the visit `after` (a place id: the stop before it), or on the
    way from there when `en_route`."""

    start: datetime
    end: datetime
    after: str
    en_route: bool = False


@dataclass(frozen=True)
class Day:
    day: int
    date: date
    start: Place
    end: Place
    visits: tuple[Visit, ...]
    legs: tuple[Leg, ...]
    km: float
    drive_minutes: int  # driven or flown (the travel cap), not walked
    leave: datetime
    arrive: datetime
    walk_minutes: int = 0
    lunch: Lunch | None = None


@dataclass(frozen=True)
class Dropped:
    site: str
    reason: Reason


@dataclass(frozen=True)
class ScenarioInfo:
    name: str
    title: str
    as_of: date
    open: tuple[str, ...]  # "crossing:FROM>TO" a traveller of this request may use
    closed: tuple[str, ...]


@dataclass(frozen=True)
class Totals:
    km: float
    drive_minutes: int
    visits: int
    score: int
    countries: tuple[str, ...]
    crossings: tuple[str, ...]


@dataclass(frozen=True)
class SolverInfo:
    status: Stopped  # what stopped the search
    seconds: float
    iterations: int
    score: int


@dataclass(frozen=True)
class Plan:
    request: Request
    scenario: ScenarioInfo
    days: tuple[Day, ...]
    dropped: tuple[Dropped, ...]
    totals: Totals
    solver: SolverInfo
    notices: tuple[Notice, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        days = [_plain(asdict(d)) for d in self.days]
        for day in days:
            for leg in day["legs"]:
                leg["from"] = leg.pop("from_")
            day["legs"] = [{k: g[k] for k in LEG_KEYS} for g in day["legs"]]
        return {
            "request": self.request.to_dict(),
            "scenario": _plain(asdict(self.scenario)),
            "days": days,
            "dropped": [
                {
                    "site": x.site,
                    "reason": x.reason.text,
                    "code": x.reason.code.value,
                    "params": x.reason.params,
                }
                for x in self.dropped
            ],
            "totals": _plain(asdict(self.totals)),
            "solver": _plain(asdict(self.solver)),
            "notices": [n.text for n in self.notices],
            "notice_codes": [{"code": n.code.value, "params": n.params} for n in self.notices],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        s = data["scenario"]
        scenario = ScenarioInfo(
            name=s["name"],
            title=s["title"],
            as_of=date.fromisoformat(s["as_of"]),
            open=tuple(s["open"]),
            closed=tuple(s["closed"]),
        )
        return cls(
            request=Request.from_dict(data["request"]),
            scenario=scenario,
            days=tuple(_day(d) for d in data["days"]),
            dropped=tuple(
                Dropped(x["site"], Reason(ReasonCode(x["code"]), x["params"])) for x in data["dropped"]
            ),
            totals=Totals(**_tuples(data["totals"], Totals)),
            solver=SolverInfo(**data["solver"]),
            notices=tuple(Notice(NoticeCode(n["code"]), n["params"]) for n in data["notice_codes"]),
        )

    @classmethod
    def from_json(cls, text: str) -> Plan:
        return cls.from_dict(json.loads(text))


# the order of plan.json 0.2 ("from" last), then the fields added since
LEG_KEYS = (
    "to",
    "km",
    "minutes",
    "crossings",
    "estimated",
    "mode",
    "flights",
    "from",
    "path",
    "drive_minutes",
)


def _day(d: dict[str, Any]) -> Day:
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
        return Leg(**_tuples(g, Leg))

    return Day(
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
        walk_minutes=d.get("walk_minutes", 0),
        lunch=_lunch(d["lunch"]) if d.get("lunch") else None,
    )


def _lunch(x: dict[str, Any]) -> Lunch:
    return Lunch(
        start=datetime.fromisoformat(x["start"]),
        end=datetime.fromisoformat(x["end"]),
        after=x["after"],
        en_route=bool(x.get("en_route", False)),
    )


def _tuples(data: dict[str, Any], kind: type) -> dict[str, Any]:
    """JSON lists back to the tuples the dataclass `kind` holds."""
    names = {f.name for f in fields(kind)}
    return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in names}


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=_encode))


def _encode(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | frozenset | set):
        return list(value)
    raise TypeError(f"cannot encode {value!r}")
