"""The catalogue's nouns as frozen dataclasses. Validated once on load; trusted downstream."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from tours.catalogue.timeline import Timeline

COUNTRIES: dict[str, str] = {"AM": "Armenia", "AZ": "Azerbaijan", "GE": "Georgia", "TR": "Turkey"}
TIMEZONES: dict[str, str] = {
    "AM": "Asia/Yerevan",
    "AZ": "Asia/Baku",
    "GE": "Asia/Tbilisi",
    "TR": "Europe/Istanbul",
}
CATEGORIES = frozenset(
    [
        "monastery",
        "church",
        "mosque",
        "fortress",
        "palace",
        "archaeological",
        "cave",
        "old-town",
        "museum",
        "mausoleum",
        "caravanserai",
        "bridge",
        "temple",
        "landscape",
        "monument",
        "synagogue",
    ]
)
AccessLevel = Literal["open", "permit", "restricted", "inaccessible"]
ACCESS_LEVELS: tuple[AccessLevel, ...] = ("open", "permit", "restricted", "inaccessible")
UNESCO_STATUSES = ("inscribed", "tentative")
CURRENCIES = ("AMD", "AZN", "GEL", "TRY", "EUR", "USD")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ALL_MONTHS = frozenset(range(1, 13))
TOWN_KINDS = frozenset(["city", "town", "village", "junction", "checkpoint", "pass"])
TERRAINS = frozenset(["flat", "hilly", "mountain"])


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    name_local: str
    other_names: tuple[str, ...]
    country: str
    lat: float
    lon: float
    category: str
    tags: frozenset[str]
    importance: int
    visit_minutes: int
    opening_hours: str
    hours_source: str
    unesco_id: int | None
    description: str
    source: tuple[str, ...]
    origin: str = ""  # "file:line" the row came from, for messages
    unesco_status: str = ""  # "inscribed", "tentative" or "" (neither)
    period: str = ""  # "10th-13th c.", "Urartian, 8th c. BC"
    fee: str = ""  # "free", "1000 AMD", or "" when unknown
    months: frozenset[int] = ALL_MONTHS  # months (1..12) when the site can usually be reached
    access: AccessLevel = "open"
    access_note: str = ""
    accessibility: str = ""  # notes for visitors with reduced mobility
    communities: tuple[str, ...] = ()  # builders named factually, for shared-heritage sites

    def contract(self) -> dict[str, Any]:
        """The `tours sites list --json` row."""
        return {
            "id": self.id,
            "name": self.name,
            "name_local": self.name_local,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "category": self.category,
            "tags": sorted(self.tags),
            "importance": self.importance,
            "visit_minutes": self.visit_minutes,
            "opening_hours": self.opening_hours,
            "unesco_id": self.unesco_id,
            "source": list(self.source),
        }

    @property
    def plannable(self) -> bool:
        """Open and permit sites can be put in a plan; restricted and inaccessible ones cannot."""
        return self.access in ("open", "permit")

    @property
    def seasonal(self) -> bool:
        return self.months != ALL_MONTHS

    @property
    def hours_verified(self) -> bool:
        return self.hours_source.startswith("http")


@dataclass(frozen=True)
class Town:
    id: str
    name: str
    name_local: str
    country: str
    lat: float
    lon: float
    kind: str
    accommodation: bool
    source: str
    note: str = ""
    origin: str = ""


@dataclass(frozen=True)
class Road:
    a: str
    b: str
    km: float
    speed_kmh: float
    road: str
    terrain: str
    estimated: bool
    source: str
    note: str = ""
    origin: str = ""
    closed_months: frozenset[int] = frozenset()  # months (1..12) the road is usually closed (winter passes)

    @property
    def minutes(self) -> float:
        return self.km / self.speed_kmh * 60.0


@dataclass(frozen=True)
class Airport:
    iata: str
    name: str
    node: str  # the town id the airport serves
    country: str
    lat: float
    lon: float
    source: str
    origin: str = ""


@dataclass(frozen=True)
class Flight:
    """A direct scheduled route, both ways, as of a date."""

    a: str  # IATA code
    b: str
    block_minutes: int
    operators: tuple[str, ...]
    source: str
    as_of: date
    note: str = ""
    origin: str = ""

    @property
    def route(self) -> str:
        return f"{self.a}-{self.b}"


@dataclass(frozen=True)
class Crossing:
    id: str
    name_a: str
    country_a: str
    node_a: str
    name_b: str
    country_b: str
    node_b: str
    modes: str
    hours: str
    wait_minutes: int
    source: str
    note: str = ""
    origin: str = ""

    @property
    def countries(self) -> tuple[str, str]:
        return (self.country_a, self.country_b)

    @property
    def name(self) -> str:
        return f"{self.name_a} – {self.name_b}"

    def directions(self) -> tuple[str, str]:
        return (f"{self.country_a}>{self.country_b}", f"{self.country_b}>{self.country_a}")

    def contract(self, scenario: Scenario) -> dict[str, Any]:
        """The `tours crossings list --json` row: the crossing and its status each way."""
        status = {}
        for d in self.directions():
            s = scenario.status(self.id, d)
            assert s is not None  # every direction is covered: validated on load
            status[d] = {
                "access": s.access.value,
                "rule": s.rule(),
                "since": s.since.isoformat() if s.since else None,
                "known_until": s.known_until.isoformat() if s.known_until else None,
                "as_of": s.as_of.isoformat(),
                "source": s.source,
                "source_kind": s.source_kind,
                "note": s.note,
            }
        return {
            "id": self.id,
            "countries": list(self.countries),
            "names": [self.name_a, self.name_b],
            "modes": self.modes,
            "hours": self.hours,
            "wait_minutes": self.wait_minutes,
            "status": status,
        }


class Access(StrEnum):
    """Who may cross in one direction."""

    EVERYONE = "everyone"
    THIRD_COUNTRY = "third-country"  # nationals of neither country of the pair
    FOREIGNERS = "foreigners"  # everyone but citizens of the country being left
    CITIZENS = "citizens"  # citizens of either country of the pair only
    PERMIT = "permit"  # special permits only: planned as closed, named in the output
    CLOSED = "closed"


ACCESS_RULES: dict[Access, str] = {
    Access.EVERYONE: "open to all travellers with valid documents",
    Access.THIRD_COUNTRY: "open to nationals of third countries only, not to citizens of {pair}",
    Access.FOREIGNERS: "open to foreigners and stateless persons; citizens of {left} may not leave this way",
    Access.CITIZENS: "open to citizens of {pair} only",
    Access.PERMIT: "only with a special permit (not planned)",
    Access.CLOSED: "closed",
}


@dataclass(frozen=True)
class CrossingStatus:
    crossing: str
    direction: str  # "GE>AZ"
    access: Access
    as_of: date
    source: str
    note: str = ""
    source_kind: str = ""  # official | news | traveller | "" (hypothetical overlays, older data)
    since: date | None = None  # the timeline event's start date, when it comes from the timeline
    known_until: date | None = None  # the date its source says it holds until (an announced end)

    def allows(self, nationality: str | None) -> bool:
        """Whether a traveller of this nationality (None: third-country) may cross."""
        pair = self.direction.split(">")
        match self.access:
            case Access.EVERYONE:
                return True
            case Access.THIRD_COUNTRY:
                return nationality is None or nationality not in pair
            case Access.FOREIGNERS:
                return nationality != pair[0]
            case Access.CITIZENS:
                return nationality in pair
            case _:
                return False

    def rule(self) -> str:
        """The rule in words: "open to foreigners and stateless persons; citizens of AZ may not ..."."""
        left, right = self.direction.split(">")
        return ACCESS_RULES[self.access].format(pair=f"{left} and {right}", left=left)


@dataclass(frozen=True)
class FlightStatus:
    """A scenario's word on one flight route: operating or not (a new route needs its block time)."""

    route: str  # "EVN-GYD", either order
    operates: bool
    source: str
    block_minutes: int | None = None
    note: str = ""
    carriers: str = ""

    @property
    def pair(self) -> frozenset[str]:
        return frozenset(self.route.split("-"))


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    as_of: date
    description: str
    statuses: tuple[CrossingStatus, ...]
    based_on: str = ""
    origin: str = ""
    flights: tuple[FlightStatus, ...] = ()  # changes to the routes of sites/network/flights.csv
    timeline: bool = False  # its statuses are the real timeline's on a date, its own ones laid over
    overlay: tuple[CrossingStatus, ...] = ()  # the statuses its file (and its bases') set by hand
    overlay_flights: tuple[FlightStatus, ...] = ()
    known_until: date | None = None  # the timeline's last known date; None: not from a timeline
    on: date | None = None  # the date the timeline was read on

    def status(self, crossing: str, direction: str) -> CrossingStatus | None:
        for s in self.statuses:
            if s.crossing == crossing and s.direction == direction:
                return s
        return None


@dataclass(frozen=True)
class Catalogue:
    """Everything in `sites/`, validated."""

    sites: tuple[Site, ...]
    towns: tuple[Town, ...]
    roads: tuple[Road, ...]
    crossings: tuple[Crossing, ...]
    scenarios: tuple[Scenario, ...] = field(default=())
    airports: tuple[Airport, ...] = field(default=())
    flights: tuple[Flight, ...] = field(default=())
    timeline: Timeline | None = None

    @cached_property
    def _index(self) -> dict[str, Site | Town | Crossing]:
        items: list[Site | Town | Crossing] = [*self.sites, *self.towns, *self.crossings]
        return {f"{type(x).__name__}:{x.id}": x for x in items}

    @cached_property
    def tags(self) -> frozenset[str]:
        """Every tag and category a site carries: what `--interests` and `--tag` take."""
        return frozenset(t for s in self.sites for t in (*s.tags, s.category))

    def select(self, country: str | None = None, tags: tuple[str, ...] = ()) -> list[Site]:
        """The sites in `country` (ISO code) carrying every one of `tags` (tags or categories)."""
        return [
            s
            for s in self.sites
            if (country is None or s.country == country) and all(t in (*s.tags, s.category) for t in tags)
        ]

    def site(self, site_id: str) -> Site:
        found = self._index[f"Site:{site_id}"]
        assert isinstance(found, Site)
        return found

    def town(self, town_id: str) -> Town:
        found = self._index[f"Town:{town_id}"]
        assert isinstance(found, Town)
        return found

    def crossing(self, crossing_id: str) -> Crossing:
        found = self._index[f"Crossing:{crossing_id}"]
        assert isinstance(found, Crossing)
        return found

    def scenario(self, name: str) -> Scenario:
        for s in self.scenarios:
            if s.name == name:
                return s
        raise KeyError(name)
