"""From a request to a plan: score sites, pick candidate hotels, build the solver instance,
solve, and turn the solution back into days, visits and legs with real times.

Time line: minutes since 00:00 UTC of the tour's first date. Each place keeps its own clock
(Türkiye UTC+3, the others UTC+4); the day budget (default 09:00-19:00) is read on the local
clock of wherever the traveller is, so crossing into Türkiye gains an hour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from tours import hours, solver
from tours.errors import InfeasibleError, RequestError, UnknownNameError
from tours.flights import add_flights
from tours.model import TIMEZONES, Catalogue, Scenario, Site
from tours.names import fold, index, suggest
from tours.network import Network, Route, apply_season, build_network, trip_dates
from tours.plan import ESTIMATE_NOTICE, Day, Dropped, Leg, Place, Plan, ScenarioInfo, Visit, verify_notice
from tours.scenario import DEFAULT_SCENARIO, apply_scenario, override

IMPORTANCE_POINTS = {1: 1, 2: 3, 3: 6}
MAX_HOTELS = 30  # candidate overnight towns, ranked by the score within a day trip
DAY_TRIP_MINUTES = 240  # a site further than this from every candidate hotel is out of reach


@dataclass(frozen=True)
class Pace:
    day_start: time
    day_end: time
    visit_factor: float  # times each site's typical visit length
    drive_minutes: int  # cap on travel (driving, border waits, flights) per day


PACES = {
    "relaxed": Pace(time(9, 30), time(18, 0), 1.25, 5 * 60),
    "standard": Pace(time(9, 0), time(19, 0), 1.0, 7 * 60),
    "intensive": Pace(time(8, 0), time(20, 0), 0.8, 9 * 60),
}


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
    pace: str = "standard"  # relaxed | standard | intensive: day length, visit lengths, driving cap
    day_start: time | None = None  # None: the pace's
    day_end: time | None = None
    drive_hours: float | None = None  # cap on travel per day; None: the pace's
    time_limit: float = 10.0  # seconds, a cap; the iteration count stops the search first
    iterations: int = 1000  # deterministic stopping rule: same inputs and seed, same plan
    seed: int = 0
    allow_flights: bool = False  # may legs fly the direct routes of sites/network/flights.csv

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
        }


@dataclass
class Resolver:
    """Finds towns and sites by id or any of their names (case- and diacritics-insensitive)."""

    catalogue: Catalogue
    _towns: dict[str, str] = field(init=False)
    _sites: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self._towns = index(
            (t.id, (t.name, t.name_local))
            for t in self.catalogue.towns
            if t.kind not in ("checkpoint", "junction", "pass")
        )
        self._sites = index(
            (s.id, (s.name, s.name_local, *s.other_names, *s.name.split(" / "))) for s in self.catalogue.sites
        )

    def town(self, name: str) -> str:
        return self._find("town", name, self._towns)

    def site(self, name: str) -> str:
        return self._find("site", name, self._sites)

    def place(self, name: str) -> str:
        """A town or a site."""
        key = fold(name)
        if key in self._towns:
            return self._towns[key]
        if key in self._sites:
            return self._sites[key]
        raise UnknownNameError("town or site", name, suggest(name, [*self._towns, *self._sites]))

    @staticmethod
    def _find(kind: str, name: str, table: dict[str, str]) -> str:
        key = fold(name)
        if key in table:
            return table[key]
        raise UnknownNameError(kind, name, [table[k] for k in suggest(key, list(table))])


def site_score(site: Site, interests: tuple[str, ...]) -> int:
    base = IMPORTANCE_POINTS[site.importance]
    if not interests:
        return base * 5
    matches = len(set(interests) & (site.tags | {site.category}))
    return base * (1 + 4 * matches)


def matches_interests(site: Site, interests: tuple[str, ...]) -> bool:
    return bool(set(interests) & (site.tags | {site.category}))


def scenario_for(catalogue: Catalogue, request: Request) -> Scenario:
    try:
        base = catalogue.scenario(request.scenario)
    except KeyError:
        names = [s.name for s in catalogue.scenarios]
        raise UnknownNameError("scenario", request.scenario, suggest(request.scenario, names)) from None
    return override(base, catalogue.crossings, open_ids=request.open, close_ids=request.close)


def network_for(catalogue: Catalogue, request: Request) -> Network:
    """The network this request may use: scenario, the season of every trip day, flights if allowed."""
    scenario = scenario_for(catalogue, request)
    network = apply_scenario(build_network(catalogue), scenario, nationality=request.nationality)
    network = apply_season(network, trip_dates(request.date, request.days))
    return add_flights(
        network, catalogue.airports, catalogue.flights, scenario, allowed=request.allow_flights
    )


def plan_tour(
    catalogue: Catalogue,
    request: Request,
    network: Network | None = None,
    *,
    progress: solver.Progress | None = None,
) -> Plan:
    """Plan a tour. `network` is `network_for(catalogue, request)`, passed when already built."""
    if not 1 <= request.days <= 30:
        raise RequestError(f"days {request.days} is outside 1..30.")
    pace = request.pace_values
    if pace.day_end <= pace.day_start:
        raise RequestError("the day must end after it starts (e.g. 09:00-19:00).")
    resolver = Resolver(catalogue)
    start = resolver.town(request.start)
    end = resolver.town(request.end) if request.end else start
    must = tuple(dict.fromkeys(resolver.site(m) for m in request.must))
    avoid = {resolver.site(a) for a in request.avoid}
    if clash := set(must) & avoid:
        raise RequestError(f"{', '.join(sorted(clash))} is both a must-see and avoided.")
    network = network or network_for(catalogue, request)
    assert network.scenario is not None
    builder = _Builder(catalogue, network, request, start, end, must, avoid)
    builder.progress = progress
    return builder.run()


class _Builder:
    def __init__(
        self,
        catalogue: Catalogue,
        network: Network,
        request: Request,
        start: str,
        end: str,
        must: tuple[str, ...],
        avoid: set[str],
    ) -> None:
        self.cat, self.net, self.req = catalogue, network, request
        self.start, self.end, self.must, self.avoid = start, end, must, avoid
        self.epoch = datetime.combine(request.date, time(0, 0), tzinfo=UTC)
        self.dropped: dict[str, str] = {}
        self.routes: dict[str, dict[str, Route]] = {}
        self.minutes: dict[str, dict[str, float]] = {}
        self.pace = request.pace_values
        self.progress: solver.Progress | None = None
        self._fits: solver.Fits | None = None

    # -- time ------------------------------------------------------------------------------
    def minute(self, moment: datetime) -> int:
        return int((moment - self.epoch).total_seconds() // 60)

    def moment(self, minute: int, country: str) -> datetime:
        return (self.epoch + timedelta(minutes=minute)).astimezone(ZoneInfo(TIMEZONES[country]))

    def day_date(self, d: int) -> date:
        return self.req.date + timedelta(days=d)

    def budget(self, d: int, country: str) -> tuple[int, int]:
        zone = ZoneInfo(TIMEZONES[country])
        day = self.day_date(d)
        return (
            self.minute(datetime.combine(day, self.pace.day_start, tzinfo=zone)),
            self.minute(datetime.combine(day, self.pace.day_end, tzinfo=zone)),
        )

    def visit_minutes(self, site: Site) -> int:
        return max(15, round(site.visit_minutes * self.pace.visit_factor))

    def windows(self, site: Site) -> list[tuple[int, int] | None]:
        """Per day, the window for the start of a visit: the longest opening that day, in season."""
        out: list[tuple[int, int] | None] = []
        tz = TIMEZONES[site.country]
        for d in range(self.req.days):
            best: tuple[int, int] | None = None
            if self.day_date(d).month in site.months:
                lo, hi = self.budget(d, site.country)
                for opened, closed in hours.open_intervals(site.opening_hours, self.day_date(d), tz):
                    a = max(lo, self.minute(opened))
                    b = min(hi, self.minute(closed)) - self.visit_minutes(site)
                    if a <= b and (best is None or b - a > best[1] - best[0]):
                        best = (a, b)
            out.append(best)
        return out

    # -- reach -----------------------------------------------------------------------------
    def minutes_from(self, src: str, targets: list[str]) -> dict[str, float]:
        """Travel minutes from `src` to each reachable target (no path unwinding: cheap)."""
        known = self.minutes.setdefault(src, {})
        missing = [t for t in targets if t not in known]
        if missing:
            tree = self.net.shortest(src, missing)
            known.update({t: tree[t][0] for t in missing if t in tree})
        return known

    def routes_from(self, src: str, targets: list[str]) -> dict[str, Route]:
        known = self.routes.setdefault(src, {})
        missing = [t for t in targets if t not in known]
        if missing:
            known.update(self.net.routes_from(src, missing))
        return known

    def run(self) -> Plan:
        interests = self.req.interests
        sites = []
        for s in self.cat.sites:
            if s.id in self.avoid:
                continue
            if not s.plannable:
                reason = f"access {s.access}: {s.access_note}"
                if s.id in self.must:
                    raise RequestError(f"Must-see {s.name} cannot be planned: {reason}")
                if matches_interests(s, interests):
                    self.dropped[s.id] = reason
                continue
            sites.append(s)
        reach = self.minutes_from(self.start, [s.id for s in sites] + [self.end])
        if self.end not in reach:
            raise RequestError(self.net.explain_unreachable(self.start, self.end))
        back = {s.id for s in sites if self.end in self.minutes_from(s.id, [self.end])}
        reachable: list[Site] = []
        for s in sites:
            if s.id in reach and s.id in back:
                reachable.append(s)
                continue
            reason = "unreachable under this scenario: " + self._blocked(s.id)
            if s.id in self.must:
                raise RequestError(f"Must-see {s.name} cannot be visited. {reason[0].upper()}{reason[1:]}")
            if matches_interests(s, interests):
                self.dropped[s.id] = reason
        hotels = self.pick_hotels(reachable)
        near = {h: self.minutes_from(h, [s.id for s in reachable]) for h in hotels}
        candidates: dict[str, tuple[Site, list[tuple[int, int] | None]]] = {}
        for s in reachable:
            nearest = min((near[h][s.id] for h in hotels if s.id in near[h]), default=1e9)
            windows = self.windows(s)
            if not any(windows):
                if not any(self.day_date(d).month in s.months for d in range(self.req.days)):
                    reason = f"out of season on the tour dates (reachable {_months(s.months)})"
                else:
                    reason = f"closed on the tour dates, or open too briefly for a visit ({s.opening_hours})"
            elif nearest > DAY_TRIP_MINUTES:
                reason = f"too far for this tour: {nearest / 60:.1f} h from the nearest overnight option"
            else:
                candidates[s.id] = (s, windows)
                continue
            if s.id in self.must:
                raise RequestError(f"Must-see {s.name} cannot be visited: {reason}.")
            if matches_interests(s, interests):
                self.dropped[s.id] = reason
        return self.solve(candidates, hotels)

    def _blocked(self, site: str) -> str:
        """Which closed crossing blocks the site, and whether a flight would reach it."""
        a, b = (self.start, site) if self.net.blocking(self.start, site) else (site, self.end)
        hint = self.net.flight_hint(a, b)
        return self.net.blocked_reason(a, b) + (f".{hint}" if hint else "")

    def pick_hotels(self, sites: list[Site]) -> list[str]:
        """Up to MAX_HOTELS overnight towns: start, end, and those with the most score nearby."""
        lodgings = [t.id for t in self.cat.towns if t.accommodation]
        reachable = self.minutes_from(self.start, lodgings)
        towns = [t for t in lodgings if t in reachable]
        total_budget = self.req.days * self.pace.drive_minutes  # start -> town -> end must fit
        value: dict[str, float] = {}
        score = {s.id: site_score(s, self.req.interests) for s in sites}
        for t in towns:
            r = self.minutes_from(t, [s.id for s in sites] + [self.start, self.end])
            if (
                r.get(self.start) is None
                or r.get(self.end) is None
                or r[self.start] + r[self.end] > total_budget
            ):
                continue
            value[t] = sum(
                score[s] / (1 + r[s] / 60) ** 2 for s in score if s in r and r[s] <= DAY_TRIP_MINUTES
            )
            if any(m in r and r[m] <= DAY_TRIP_MINUTES for m in self.must):
                value[t] += 1e6
        chosen = [self.start] if self.start == self.end else [self.start, self.end]
        for tid in sorted(value, key=lambda t: (-value[t], t)):
            if len(chosen) >= MAX_HOTELS:
                break
            r = self.minutes_from(tid, chosen)
            if all(c in r and r[c] >= 45 for c in chosen):
                chosen.append(tid)
        return chosen

    # -- solve -----------------------------------------------------------------------------
    def solve(
        self, candidates: dict[str, tuple[Site, list[tuple[int, int] | None]]], hotels: list[str]
    ) -> Plan:
        """Solve over the hotels and the candidate sites, each with its visit window per day."""
        sites = [site for site, _ in candidates.values()]
        places = [*hotels, *candidates]
        pos = {p: i for i, p in enumerate(places)}
        travel = [[solver.UNREACHABLE] * len(places) for _ in places]
        for p in places:
            tree = self.minutes_from(p, places)  # legs are unwound later, for the plan only
            for q in places:
                if q in tree:
                    travel[pos[p]][pos[q]] = 0 if p == q else max(1, round(tree[q]))
        nodes = self.net.nodes
        score = [0] * len(hotels) + [site_score(s, self.req.interests) for s in sites]
        service = [0] * len(hotels) + [self.visit_minutes(s) for s in sites]
        windows: list[list[tuple[int, int] | None]] = [[None] * self.req.days for _ in hotels]
        windows += [w for _, w in candidates.values()]
        days = [{pos[h]: self.budget(d, nodes[h].country) for h in hotels} for d in range(self.req.days)]
        inst = solver.Instance(
            travel=travel,
            service=service,
            score=score,
            windows=windows,
            hotels=[pos[h] for h in hotels if self.net.nodes[h].accommodation or h == self.end],
            start=pos[self.start],
            end=pos[self.end],
            days=days,
            drive_cap=self.pace.drive_minutes,
            mandatory=frozenset(pos[m] for m in self.must),
            candidates=tuple(range(len(hotels), len(places))),
        )
        settings = solver.Settings(
            iterations=self.req.iterations,
            time_limit=self.req.time_limit,
            seed=self.req.seed,
            stall_limit=max(30 * self.req.days, self.req.iterations // 2),  # more nights, more moves
        )
        try:
            solution = solver.solve(inst, settings, self.progress)
        except solver.NoFeasibleTourError as exc:
            raise InfeasibleError(f"No tour fits: {exc}. Hint: add days or choose a nearer end.") from exc
        missing = [m for m in inst.mandatory if m not in solution.visited]
        if missing:
            names = ", ".join(self.cat.site(places[m]).name for m in missing)
            raise InfeasibleError(
                f"Must-see {names} does not fit: {self.why_not(inst, solution, missing[0], places)}. "
                "Hint: add a day, a faster pace, or drop another must-see."
            )
        for s in sites:
            if pos[s.id] not in solution.visited and matches_interests(s, self.req.interests):
                self.dropped.setdefault(s.id, self.why_not(inst, solution, pos[s.id], places))
        return self.to_plan(solution, places)

    def why_not(
        self, inst: solver.Instance, solution: solver.Solution, node: int, places: list[str] | None = None
    ) -> str:
        """Why a site is not in the plan, found by trying to insert it (see tours.solver.Fits)."""
        if self._fits is None:
            self._fits = solver.Fits(inst)
        fits = self._fits
        open_days = [d for d in range(inst.n_days) if inst.windows[node][d] is not None]
        if not open_days:
            return "closed on every tour date within the day budget"
        plan = {dr.day: dr for dr in solution.days}
        empty = [d for d in open_days if fits(d, plan[d].start_place, [], plan[d].end_place, node)]
        if not empty:
            near = sorted(inst.hotels, key=lambda h: inst.travel[h][node] + inst.travel[node][h])
            capacity = inst.n_days * (inst.drive_cap or 24 * 60)
            for h in near[:10]:
                there = inst.travel[inst.start][h] + inst.travel[h][inst.end]
                if there > capacity:
                    town = self.net.nodes[places[h]].name if places else "the nearest overnight town"
                    return (
                        f"too far for this tour: {town}, the nearest overnight option, is "
                        f"{there / 60:.0f} h from the start and back to the end, more than "
                        f"{inst.n_days} days of travel allow"
                    )
                last = inst.n_days - 1
                if any(
                    fits(d, inst.start if d == 0 else h, [], inst.end if d == last else h, node)
                    for d in open_days
                ):
                    town = self.net.nodes[places[h]].name if places else "another town"
                    return (
                        f"outscored: it needs a night in or near {town}, "
                        "and the nights chosen score more elsewhere"
                    )
            d = open_days[0]
            a = inst.start if d == 0 else near[0]
            b = inst.end if d == inst.n_days - 1 else near[0]
            name_a = self.net.nodes[places[a]].name if places else "the start"
            name_b = self.net.nodes[places[b]].name if places else "the end"
            travel = (inst.travel[a][node] + inst.travel[node][b]) / 60
            return (
                f"does not fit the day budget: at best {name_a} → it → {name_b} on day {d + 1} is "
                f"{travel:.1f} h of travel (cap {self.pace.drive_minutes / 60:g} h) plus "
                f"{inst.service[node]} min on site, "
                f"within {self.pace.day_start:%H:%M}-{self.pace.day_end:%H:%M}"
            )
        # it fits an empty day: which chosen visits would have to go?
        d = empty[0]
        day = plan[d]
        visits = [s.place for s in day.stops]
        given_up: list[int] = []
        for v in sorted(visits, key=lambda v: (inst.score[v], v)):
            if v in inst.mandatory:
                continue
            given_up.append(v)
            rest = [x for x in visits if x not in given_up]
            if fits(d, day.start_place, rest, day.end_place, node):
                break
        if places is None:
            return "outscored by what was chosen"
        names = ", ".join(self.cat.site(places[v]).name for v in given_up)
        lost = sum(inst.score[v] for v in given_up)
        return (
            f"outscored: it fits day {d + 1} only in place of {names} "
            f"(score {inst.score[node]} against {lost})"
        )

    def to_plan(self, solution: solver.Solution, places: list[str]) -> Plan:
        nodes = self.net.nodes
        days: list[Day] = []
        for dr in solution.days:
            a, b = places[dr.start_place], places[dr.end_place]
            stops = [places[s.place] for s in dr.stops]
            chain = [a, *stops, b]
            legs: list[Leg] = []
            for x, y in pairwise(chain):
                if x == y:
                    continue
                r = self.routes_from(x, [y])[y]
                legs.append(
                    Leg(
                        from_=x,
                        to=y,
                        km=round(r.km, 1),
                        minutes=round(r.minutes),
                        crossings=r.crossings,
                        estimated=r.estimated,
                        mode=r.mode,
                        flights=r.flights,
                    )
                )
            visits = []
            for st in dr.stops:
                site = self.cat.site(places[st.place])
                visits.append(
                    Visit(
                        site=site.id,
                        name=site.name,
                        country=site.country,
                        arrive=self.moment(st.start, site.country),
                        depart=self.moment(st.end, site.country),
                        opening_hours=site.opening_hours,
                        hours_verified=site.hours_verified,
                    )
                )
            days.append(
                Day(
                    day=dr.day + 1,
                    date=self.day_date(dr.day),
                    start=Place(a, nodes[a].name),
                    end=Place(b, nodes[b].name),
                    visits=tuple(visits),
                    legs=tuple(legs),
                    km=round(sum(g.km for g in legs), 1),
                    drive_minutes=sum(g.minutes for g in legs),
                    leave=self.moment(dr.leave, nodes[a].country),
                    arrive=self.moment(dr.arrive, nodes[b].country),
                )
            )
        scenario = self.net.scenario
        assert scenario is not None
        allowed = self.net.allowed or frozenset()
        every = sorted({(a.crossing, a.direction) for a in (*self.net.arcs, *self.net.removed) if a.crossing})
        crossings = sorted({c for d in days for g in d.legs for c in g.crossings})
        countries = sorted(
            {v.country for d in days for v in d.visits} | {nodes[d.end.id].country for d in days}
        )
        totals = {
            "km": round(sum(d.km for d in days), 1),
            "drive_minutes": sum(d.drive_minutes for d in days),
            "visits": sum(len(d.visits) for d in days),
            "score": solution.score,
            "countries": countries,
            "crossings": crossings,
        }
        info = ScenarioInfo(
            name=scenario.name,
            title=scenario.title,
            as_of=scenario.as_of,
            open=tuple(f"{c}:{d}" for c, d in every if (c, d) in allowed),
            closed=tuple(f"{c}:{d}" for c, d in every if (c, d) not in allowed),
        )
        notices = [verify_notice(scenario.as_of), ESTIMATE_NOTICE]
        if season := self.net.season_notice([(g.from_, g.to) for d in days for g in d.legs]):
            notices.append(season)
        return Plan(
            request=self.req.to_dict(),
            scenario=info,
            days=tuple(days),
            dropped=tuple(Dropped(k, v) for k, v in sorted(self.dropped.items())),
            totals=totals,
            solver={
                "status": solution.status,
                "seconds": round(solution.seconds, 2),
                "iterations": solution.iterations,
                "score": solution.score,
            },
            notices=tuple(notices),
        )


def _months(months: frozenset[int]) -> str:
    """{5, 6, 7, 8, 9, 10} -> 'May-Oct' (runs of months, wrapping at the year's end)."""
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    if len(months) == 12:
        return "all year"
    runs = []
    for m in sorted(m for m in months if (m - 2) % 12 + 1 not in months):
        end = m
        while end % 12 + 1 in months:
            end = end % 12 + 1
        runs.append(names[m - 1] if end == m else f"{names[m - 1]}-{names[end - 1]}")
    return ", ".join(runs)
