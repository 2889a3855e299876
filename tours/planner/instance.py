"""The solver's instance in plain numbers: places (hotels first, then candidate sites), the travel
matrix, scores, visit lengths, each site's window per day and each hotel's day budget, and the
day model an operator's tour keeps (lunch, visits a day, walking, one town at a time, nights in a
row, compact days)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tours import solver
from tours.catalogue.model import CATEGORIES, TIMEZONES, Catalogue, Site, Town
from tours.network.graph import great_circle_km
from tours.planner.job import Candidate, Job
from tours.planner.request import LUNCH_WINDOW
from tours.planner.scoring import site_score

# The objective's prices, in score points (an importance-2 site matching one interest is 15):
DRIVE_COST_PER_HOUR = 4.0  # between two tours of equal value, the one with less driving wins
FLIGHT_COST = 30.0  # per flight: a flight out and back is never worth one site
HOTEL_CHANGE_COST = 10.0  # per night elsewhere than the night before: bases of 2+ nights
KIND_CAP_PER_DAY = 3  # most sites of one category a day, unless the traveller asked for it
DECAY_DAY = 0.8  # the k-th site of a category on a day is worth 0.8^(k-1) of its score ...
DECAY_TOUR = 0.97  # ... and 0.97^(k-1) over the tour
GROUP_KM = 10.0  # a site this near a town is that town's: one town at a time
TOWN_SPLIT_COST = 25.0  # a town's sites on two days with the night between in another town
KINDS = sorted(CATEGORIES)


def build(job: Job, candidates: dict[str, Candidate], hotels: list[str]) -> tuple[solver.Instance, list[str]]:
    """The instance, and the place id of each of its node numbers."""
    sites = [c.site for c in candidates.values()]
    places = [*hotels, *candidates]
    pos = {p: i for i, p in enumerate(places)}
    days = job.request.days
    nodes = job.network.nodes
    windows: list[list[tuple[int, int] | None]] = [[None] * days for _ in hotels]
    windows += [c.windows for c in candidates.values()]
    inst = solver.Instance(
        travel=job.matrix.table(places),  # legs are unwound later, for the plan only
        service=[0] * len(hotels) + [job.clock.visit_minutes(s) for s in sites],
        score=[0] * len(hotels) + [site_score(s, job.request.interests) for s in sites],
        windows=windows,
        hotels=[pos[h] for h in hotels if nodes[h].accommodation or h == job.end],
        start=pos[job.start],
        end=pos[job.end],
        days=[{pos[h]: job.clock.budget(d, nodes[h].country) for h in hotels} for d in range(days)],
        drive_cap=job.pace.drive_minutes,
        mandatory=frozenset(pos[m] for m in job.must),
        candidates=tuple(range(len(hotels), len(places))),
        model=day_model(job, places, len(hotels), sites),
    )
    return inst, places


def day_model(job: Job, places: list[str], n_hotels: int, sites: list[Site]) -> solver.DayModel:
    """Lunch, visits a day and per category, walking (drive minutes), towns on consecutive days,
    the objective's prices, fixed nights."""
    n = len(places)
    interests = set(job.request.interests)
    capped = [k for k in KINDS if k not in interests]
    types = [[0.0] * (1 + len(capped)) for _ in range(n)]
    kind = [-1] * n
    for i, s in enumerate(sites, start=n_hotels):
        types[i][0] = 1.0
        if s.category in capped:
            types[i][1 + capped.index(s.category)] = 1.0
        kind[i] = KINDS.index(s.category)
    drive = job.matrix.drive_table(places)
    flights = job.matrix.flights_table(places)
    leg_cost = [
        [
            drive[a][b] / 60 * DRIVE_COST_PER_HOUR + FLIGHT_COST * flights[a][b] if a != b else 0.0
            for b in range(n)
        ]
        for a in range(n)
    ]
    town, names = groups(job, places, n_hotels, sites)
    hotel_at = {h: i for i, h in enumerate(places[:n_hotels]) if job.network.nodes[h].accommodation}
    home = [hotel_at.get(t, -1) for t in names]
    return solver.DayModel(
        drive=drive,
        breaks=lunches(job) if job.request.lunch else (),
        types=types,
        cap_day=[float(job.pace.max_visits), *[float(KIND_CAP_PER_DAY)] * len(capped)],
        cap_tour=[float("inf")] * (1 + len(capped)),
        groups=town,
        group_spans=[2 if h >= 0 else 1 for h in home],
        group_home=home,
        group_split_cost=TOWN_SPLIT_COST,
        kind=kind,
        decay_day=DECAY_DAY,
        decay_tour=DECAY_TOUR,
        leg_cost=leg_cost,
        hotel_change_cost=HOTEL_CHANGE_COST,
        long_drive=float(job.pace.long_drive),
        fixed_hotels=fixed_nights(job, places),
    )


def lunches(job: Job) -> list[tuple[int, int, int] | None]:
    """Per day, when lunch may start, on the clock of the tour's first town (an approximation on
    days spent in another time zone), and how long it lasts."""
    zone = ZoneInfo(TIMEZONES[job.network.nodes[job.start].country])
    out: list[tuple[int, int, int] | None] = []
    for d in range(job.request.days):
        day = job.clock.day_date(d)
        lo = job.clock.minute(datetime.combine(day, LUNCH_WINDOW[0], tzinfo=zone))
        hi = job.clock.minute(datetime.combine(day, LUNCH_WINDOW[1], tzinfo=zone))
        out.append((lo, hi, job.pace.lunch_minutes))
    return out


def groups(job: Job, places: list[str], n_hotels: int, sites: list[Site]) -> tuple[list[int], list[str]]:
    """Each place's town group (see `site_town`), -1 for none, and each group's town.

    One town at a time: a town with no hotel is seen in one day (Mtskheta, Vagharshapat); a town
    with hotels may be seen over two consecutive days, at a cost unless the night between is
    spent there (an evening and the next morning, not a return from another town)."""
    towns = _group_towns(job.catalogue)
    ids: dict[str, int] = {}
    out = [-1] * len(places)
    for i, s in enumerate(sites, start=n_hotels):
        if (town := site_town(s, towns)) is not None:
            out[i] = ids.setdefault(town, len(ids))
    return out, list(ids)


def site_town(site: Site, towns: list[Town]) -> str | None:
    """The town a site belongs to for "one town at a time": the nearest town of its country
    within GROUP_KM, or None."""
    box = GROUP_KM / 80  # degrees: a cheap screen before the distance
    near = [
        (great_circle_km(site.lat, site.lon, t.lat, t.lon), t.id)
        for t in towns
        if t.country == site.country and abs(t.lat - site.lat) < box and abs(t.lon - site.lon) < 1.5 * box
    ]
    best = min(near, default=None)
    return best[1] if best is not None and best[0] <= GROUP_KM else None


def _group_towns(catalogue: Catalogue) -> list[Town]:
    """The places a site can belong to for "one town at a time": cities, towns and villages."""
    return [t for t in catalogue.towns if t.kind in ("city", "town", "village")]


def site_towns(catalogue: Catalogue) -> dict[str, str]:
    """Every site's town, where it has one (see `site_town`)."""
    towns = _group_towns(catalogue)
    return {s.id: town for s in catalogue.sites if (town := site_town(s, towns)) is not None}


def fixed_nights(job: Job, places: list[str]) -> tuple[int, ...]:
    """Per night, the place `--nights` fixes it at, or -1."""
    pos = {p: i for i, p in enumerate(places)}
    out: list[int] = []
    for town, count in job.nights:
        out += [pos[town]] * count
    return tuple(out)


def settings(job: Job) -> solver.Settings:
    """The stopping rule of this request: its iterations and time cap, and more patience with
    more nights (more moves to try). Replacements are off for the planner's tours: on the
    operators' itineraries they moved scores both ways and added hotel changes (README, "Solver")."""
    r = job.request
    return solver.Settings(
        iterations=r.iterations,
        time_limit=r.time_limit,
        seed=r.seed,
        stall_limit=max(30 * r.days, r.iterations // 2),
        replace_rounds=0,
    )
