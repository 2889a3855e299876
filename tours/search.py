"""Iterated local search for orienteering with time windows and hotel selection (numbers only).

One instance shape serves both callers: the tour planner (days chained through hotels the search
chooses, per-day opening windows, a day budget and a driving cap) and the benchmark runner (TOPTW:
m parallel routes from one depot; OPHS: trips chained through extra hotels with a length each).

The search follows the iterated local search of Vansteenwegen et al. (2009) for the TOPTW,
extended for hotel choice (Divsalar et al. 2013):

- **insertion** by best score^2/extra-time ratio, checked in O(1) per position with the
  wait/max-shift bookkeeping (vectorised with numpy over all positions and candidates);
- **hotel moves**: at each boundary between two trips, the hotel that leaves most slack;
- **perturbation**: remove a run of visits from every trip, sometimes change a hotel;
- **restarts** from the best tour after a run of iterations without improvement.

The stopping rule is an iteration count (deterministic for a seed) capped by a wall-clock limit.
Nothing here knows of sites, countries or dates: node ids are 0..n-1 and time is one axis.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

INF = float("inf")
EPS = 1e-7

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Problem:
    """An orienteering instance. Times are one axis (minutes, or the benchmark's units).

    A trip d leaves its start hotel h at `open[d][h]` at the earliest, arrives at its end hotel g
    by `close[d][g]`, lasts at most `length[d]` and drives at most `drive_cap[d]`. A visit to node
    i on trip d starts within `window_open[d][i] .. window_close[d][i]` and lasts `service[i]`.
    Chained trips (`chained=True`) start where the previous one ended; the first starts at `first`,
    the last ends at `last`, the ones between at any node of `hotels`. Unchained trips (TOPTW) all
    go from `first` to `last`.
    """

    travel: FloatArray  # n x n
    service: FloatArray  # n
    score: FloatArray  # n
    window_open: Sequence[FloatArray]  # per trip, n
    window_close: Sequence[FloatArray]  # per trip, n
    open: Sequence[FloatArray]  # per trip, n (meaningful for hotels)
    close: Sequence[FloatArray]  # per trip, n
    length: Sequence[float]  # per trip; INF if no cap
    drive_cap: Sequence[float]  # per trip; INF if no cap
    first: int
    last: int
    hotels: tuple[int, ...] = ()
    chained: bool = True
    mandatory: frozenset[int] = frozenset()
    customers: tuple[int, ...] = ()  # nodes that may be visited; default: all but hotels/ends

    @property
    def n(self) -> int:
        return len(self.service)

    @property
    def trips(self) -> int:
        return len(self.length)

    def candidates(self) -> tuple[int, ...]:
        if self.customers:
            return self.customers
        fixed = {self.first, self.last, *self.hotels}
        return tuple(i for i in range(self.n) if i not in fixed)


@dataclass
class Trip:
    start: int
    end: int
    visits: list[int] = field(default_factory=list)
    # timing for the sequence [start, *visits, end], filled by `time_trip`
    begin: FloatArray = field(default_factory=lambda: np.zeros(0))  # service start per position
    wait: FloatArray = field(default_factory=lambda: np.zeros(0))
    shift: FloatArray = field(default_factory=lambda: np.zeros(0))  # max shift per position
    drive: float = 0.0
    feasible: bool = True


@dataclass(frozen=True)
class Solution:
    trips: tuple[tuple[int, tuple[int, ...], int], ...]  # (start hotel, visits, end hotel)
    score: float
    iterations: int
    seconds: float
    stopped_by: str  # "iterations", "time", "no-improvement"


@dataclass(frozen=True)
class Settings:
    iterations: int = 4000  # deterministic stopping rule
    time_limit: float = 10.0  # wall-clock cap, seconds
    seed: int = 0
    restart_after: int = 40  # iterations without a new best before going back to it
    stall_limit: int = 0  # stop after this many iterations without a new best (0 = never)


Progress = Callable[[int, float, float], None]  # (iteration, best score, seconds)
Polish = Callable[["Problem", int, "Trip"], "list[int] | None"]  # a better order of a trip's visits


class Search:
    """The state of one run: the problem, derived arrays, the current and best tours."""

    def __init__(self, problem: Problem, settings: Settings, polish: Polish | None = None) -> None:
        self.p = problem
        self.polish = polish
        self.s = settings
        self.rng = random.Random(settings.seed)
        self.T = problem.travel
        big = float(problem.score.sum()) + 1.0
        weight = problem.score.copy()
        for m in problem.mandatory:
            weight[m] = weight[m] + big
        self.weight = weight  # what the search maximises: mandatory visits outrank any score
        self.customers = np.array(problem.candidates(), dtype=np.int64)
        self.power = 2.0  # insertion ratio: (weight * jitter)**power / extra time
        self.jitter = np.ones(problem.n)  # random noise on the weights, to vary the insertions
        self.noise = np.random.default_rng(settings.seed)
        self.cached = problem.trips > 4  # see `deltas`
        self.cache: dict[tuple[int, int, int, tuple[int, ...]], tuple[FloatArray, npt.NDArray[np.int64]]] = {}
        self.trip_limit = list(problem.length)  # per-trip length cap (INF: none)

    # ---- timing -------------------------------------------------------------------------
    def time_trip(self, d: int, trip: Trip) -> Trip:
        """Earliest-start timing of a trip, and each position's max shift; marks feasibility."""
        p, T = self.p, self.T
        seq = [trip.start, *trip.visits, trip.end]
        k = len(seq)
        begin = np.empty(k)
        wait = np.zeros(k)
        t = float(p.open[d][trip.start])
        begin[0] = t
        drive = 0.0
        ok = True
        wo, wc, s = p.window_open[d], p.window_close[d], p.service
        for i in range(1, k - 1):
            a, b = seq[i - 1], seq[i]
            leg = float(T[a, b])
            drive += leg
            arrive = t + float(s[a]) + leg
            st = max(arrive, float(wo[b]))
            if st > float(wc[b]) + EPS:
                ok = False
            wait[i] = st - arrive
            begin[i] = st
            t = st
        a, b = seq[-2], seq[-1]
        leg = float(T[a, b])
        drive += leg
        arrive = t + float(s[a]) + leg
        begin[-1] = arrive
        limit = min(float(p.close[d][trip.end]), begin[0] + self.trip_limit[d])
        if arrive > limit + EPS or drive > p.drive_cap[d] + EPS:
            ok = False
        shift = np.empty(k)
        shift[-1] = limit - arrive
        for i in range(k - 2, 0, -1):
            shift[i] = min(float(wc[seq[i]]) - begin[i], wait[i + 1] + shift[i + 1])
        shift[0] = wait[1] + shift[1] if k > 1 else 0.0
        trip.begin, trip.wait, trip.shift, trip.drive, trip.feasible = begin, wait, shift, drive, ok
        return trip

    # ---- insertion ----------------------------------------------------------------------
    def route_deltas(
        self, d: int, trip: Trip, cand: npt.NDArray[np.int64]
    ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """For each candidate, the least extra time of inserting it into trip d (inf if it fits
        nowhere) and the position. Independent of scores, so it is cached per trip content."""
        p, T = self.p, self.T
        seq = np.array([trip.start, *trip.visits, trip.end], dtype=np.int64)
        a, b = seq[:-1], seq[1:]
        base = trip.begin[:-1] + p.service[a]  # leave a
        ta = T[a[:, None], cand[None, :]]
        tb = T[cand[None, :], b[:, None]]
        st = np.maximum(base[:, None] + ta, p.window_open[d][cand][None, :])
        ok = st <= p.window_close[d][cand][None, :] + EPS
        delta = st + p.service[cand][None, :] + tb - (base + T[a, b])[:, None]
        ok &= delta <= (trip.wait[1:] + trip.shift[1:])[:, None] + EPS
        if p.drive_cap[d] < INF:
            ok &= ta + tb - T[a, b][:, None] <= p.drive_cap[d] - trip.drive + EPS
        delta = np.where(ok, np.maximum(delta, 1e-3), INF)
        pos = np.argmin(delta, axis=0)
        return delta[pos, np.arange(cand.size)], pos

    def route_options(
        self, d: int, trip: Trip, cand: npt.NDArray[np.int64]
    ) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """For each candidate, the best insertion ratio into trip d (-1 if none fits) and its position."""
        delta, pos = self.route_deltas(d, trip, cand)
        return self.ratio(delta, cand), pos

    def ratio(self, delta: FloatArray, cand: npt.NDArray[np.int64]) -> FloatArray:
        w = self.weight[cand] * self.jitter[cand]
        return np.where(np.isfinite(delta), w**self.power / delta, -1.0)

    def deltas(self, d: int, trip: Trip) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """`route_deltas` over every customer, remembered per trip content: with many trips (a
        long tour) most are unchanged from one iteration to the next."""
        key = (d, trip.start, trip.end, tuple(trip.visits))
        found = self.cache.get(key)
        if found is None:
            if len(self.cache) > 50000:
                self.cache.clear()
            found = self.cache[key] = self.route_deltas(d, trip, self.customers)
        return found

    def fill(self, trips: list[Trip], visited: set[int], *, day: int | None = None) -> None:
        """Insert by best ratio until nothing fits; only the changed trip is re-evaluated.
        `day`: `trips` is that one trip alone. Long tours (`cached`) evaluate every customer and
        remember each trip's deltas; short ones evaluate only the unvisited customers."""
        days = [day] if day is not None else list(range(len(trips)))
        if self.cached:
            cand = self.customers
            avail = np.fromiter((c not in visited for c in cand.tolist()), dtype=bool, count=cand.size)
            avail &= self.weight[cand] > 0
        else:
            cand = np.array([c for c in self.customers.tolist() if c not in visited], dtype=np.int64)
            cand = cand[self.weight[cand] > 0]
            avail = np.ones(cand.size, dtype=bool)

        def options(k: int) -> tuple[FloatArray, npt.NDArray[np.int64]]:
            if self.cached:
                delta, pos = self.deltas(days[k], trips[k])
                return self.ratio(delta, cand), pos
            return self.route_options(days[k], trips[k], cand)

        if not avail.any():
            return
        ratios = np.full((len(trips), cand.size), -1.0)
        positions = np.zeros((len(trips), cand.size), dtype=np.int64)
        for k in range(len(trips)):
            ratios[k], positions[k] = options(k)
        while True:
            masked = np.where(avail[None, :], ratios, -1.0)
            k, col = divmod(int(np.argmax(masked)), cand.size)
            if masked[k, col] <= 0:
                return
            node = int(cand[col])
            trips[k].visits.insert(int(positions[k, col]), node)
            self.time_trip(days[k], trips[k])
            visited.add(node)
            avail[col] = False
            ratios[k], positions[k] = options(k)

    def swap_in(self, trips: list[Trip], visited: set[int]) -> bool:
        """Replace one visit by an unvisited node worth more, if that fits. True when it improved."""
        free = sorted(
            (c for c in self.customers if c not in visited and self.weight[c] > 0),
            key=lambda c: -self.weight[c],
        )
        improved = False
        for j in free[:10]:
            one = np.array([j], dtype=np.int64)
            done = False
            for d, trip in enumerate(trips):
                for k, i in enumerate(trip.visits):
                    if self.weight[i] >= self.weight[j] or i in self.p.mandatory:
                        continue
                    trial = Trip(trip.start, trip.end, trip.visits[:k] + trip.visits[k + 1 :])
                    self.time_trip(d, trial)
                    ratio, pos = self.route_options(d, trial, one)
                    if ratio[0] > 0:
                        trial.visits.insert(int(pos[0]), j)
                        trips[d] = self.time_trip(d, trial)
                        visited.discard(i)
                        visited.add(j)
                        improved = done = True
                        break
                if done:
                    break
        return improved

    # ---- hotels -------------------------------------------------------------------------
    def initial_hotels(self) -> list[tuple[int, int, list[int]]]:
        """(start, end, visits) per trip: the chain of hotels with least travel that fits, and that
        gives each mandatory node a day of its own where one can (dynamic programme over
        (trip, hotel, mandatory nodes covered); with more than 4 mandatory nodes, the first 4)."""
        p = self.p
        D = p.trips
        if not p.chained:
            return [(p.first, p.last, []) for _ in range(D)]
        options = sorted({*p.hotels, p.first, p.last})
        must = sorted(p.mandatory)[:4]
        Key = tuple[int, int]  # (hotel, covered mask)
        cost: dict[Key, float] = {(p.first, 0): 0.0}
        back: list[dict[Key, tuple[Key, int]]] = []
        for d in range(D):
            ends = [p.last] if d == D - 1 else options
            nxt: dict[Key, float] = {}
            prev: dict[Key, tuple[Key, int]] = {}
            for (h, mask), c in cost.items():
                for g in ends:
                    moves: list[tuple[int, float, int]] = []
                    if self._empty_trip_fits(d, h, g):
                        moves.append((mask, float(self.T[h, g]), -1))
                    for k, m in enumerate(must):
                        if mask >> k & 1:
                            continue
                        detour = float(self.T[h, m] + self.T[m, g])
                        if detour > p.drive_cap[d] + EPS:
                            continue
                        if self.time_trip(d, Trip(h, g, [m])).feasible:
                            moves.append((mask | 1 << k, detour, m))
                    for new_mask, extra, m in moves:
                        key = (g, new_mask)
                        if c + extra < nxt.get(key, INF) - EPS:
                            nxt[key], prev[key] = c + extra, ((h, mask), m)
            back.append(prev)
            cost = nxt
        finals = [k for k in cost if k[0] == p.last]
        if not finals:
            raise NoTourError(
                "no chain of hotels connects the first and the last stop within the trip limits"
            )
        key = max(finals, key=lambda k: (bin(k[1]).count("1"), -cost[k]))
        out: list[tuple[int, int, list[int]]] = []
        for d in range(D - 1, -1, -1):
            (h, mask), m = back[d][key]
            out.append((h, key[0], [m] if m >= 0 else []))
            key = (h, mask)
        out.reverse()
        return out

    def _empty_trip_fits(self, d: int, h: int, g: int) -> bool:
        p = self.p
        leave = float(p.open[d][h])
        arrive = leave + float(self.T[h, g])
        return (
            arrive <= min(float(p.close[d][g]), leave + self.trip_limit[d]) + EPS
            and float(self.T[h, g]) <= p.drive_cap[d] + EPS
        )

    def improve_hotels(self, trips: list[Trip]) -> bool:
        """At each boundary, move to the hotel that keeps both trips feasible with most slack."""
        p = self.p
        if not p.chained or len(trips) < 2:
            return False
        changed = False
        for d in range(len(trips) - 1):
            left, right = trips[d], trips[d + 1]
            current = left.end
            best_h, best_slack = current, left.shift[-1] + right.shift[0]
            last = left.visits[-1] if left.visits else left.start
            leave_last = left.begin[-2] + (p.service[last] if left.visits else 0.0)
            limit_left = left.begin[0] + self.trip_limit[d]
            first = right.visits[0] if right.visits else right.end
            for h in p.hotels:
                if h == current:
                    continue
                # O(1) screens before timing both trips
                if leave_last + self.T[last, h] > min(p.close[d][h], limit_left) + EPS:
                    continue
                if right.visits and p.open[d + 1][h] + self.T[h, first] > p.window_close[d + 1][first] + EPS:
                    continue
                a = Trip(left.start, h, list(left.visits))
                b = Trip(h, right.end, list(right.visits))
                self.time_trip(d, a)
                if not a.feasible:
                    continue
                self.time_trip(d + 1, b)
                if not b.feasible:
                    continue
                slack = a.shift[-1] + b.shift[0]
                if slack > best_slack + EPS:
                    best_h, best_slack = h, slack
            if best_h != current:
                left.end = best_h
                right.start = best_h
                self.time_trip(d, left)
                self.time_trip(d + 1, right)
                changed = True
        return changed

    def move_hotel(self, trips: list[Trip], visited: set[int], tries: int = 12) -> None:
        """Perturbation: move a random boundary to another hotel, dropping what no longer fits;
        of a few random hotels, the one whose two refilled trips are worth most."""
        p = self.p
        if not p.chained or len(trips) < 2 or not p.hotels:
            return
        d = self.rng.randrange(len(trips) - 1)
        left, right = trips[d], trips[d + 1]
        options = [h for h in p.hotels if h != left.end]
        best: tuple[float, Trip, Trip] | None = None
        for h in self.rng.sample(options, min(tries, len(options))):
            a = Trip(left.start, h, list(left.visits))
            b = Trip(h, right.end, list(right.visits))
            if not self._trim(d, a, from_end=True) or not self._trim(d + 1, b, from_end=False):
                continue
            others = visited - set(left.visits) - set(right.visits)
            self.fill_one(d, a, others | set(a.visits) | set(b.visits))
            self.fill_one(d + 1, b, others | set(a.visits) | set(b.visits))
            value = self.value([a, b])
            if best is None or value > best[0]:
                best = (value, a, b)
        if best is None:
            return
        _, a, b = best
        visited -= set(left.visits) | set(right.visits)
        visited |= set(a.visits) | set(b.visits)
        trips[d], trips[d + 1] = a, b

    def _trim(self, d: int, trip: Trip, *, from_end: bool) -> bool:
        """Drop visits nearest the moved hotel until the trip fits; False if a mandatory one would go."""
        self.time_trip(d, trip)
        while not trip.feasible:
            if not trip.visits:
                return False
            node = trip.visits[-1] if from_end else trip.visits[0]
            if node in self.p.mandatory:
                return False
            trip.visits.remove(node)
            self.time_trip(d, trip)
        return True

    def force_mandatory(self, trips: list[Trip], visited: set[int]) -> None:
        """Give each unvisited mandatory node a day of its own, sleeping where it is cheapest to reach."""
        p = self.p
        for m in sorted(p.mandatory - visited):
            best: tuple[float, int, int, int] | None = None
            for d, trip in enumerate(trips):
                if any(v in p.mandatory for v in trip.visits):
                    continue
                starts = [trip.start] + (list(p.hotels) if p.chained and d > 0 else [])
                ends = [trip.end] + (list(p.hotels) if p.chained and d < len(trips) - 1 else [])
                for a in starts:
                    for b in ends:
                        cost = float(self.T[a, m] + self.T[m, b])
                        if best is not None and cost >= best[0]:
                            continue
                        if self.time_trip(d, Trip(a, b, [m])).feasible:
                            best = (cost, d, a, b)
            if best is None:
                continue
            _, d, a, b = best
            trial = self.copy(trips)
            trial[d] = self.time_trip(d, Trip(a, b, [m]))
            ok = True
            if d > 0:
                trial[d - 1].end = a
                ok = self._trim(d - 1, trial[d - 1], from_end=True)
            if ok and d < len(trips) - 1:
                trial[d + 1].start = b
                ok = self._trim(d + 1, trial[d + 1], from_end=False)
            if ok:
                trips[:] = trial
                visited.clear()
                visited.update(v for t in trips for v in t.visits)

    # ---- the run ------------------------------------------------------------------------
    def value(self, trips: list[Trip]) -> float:
        return float(sum(self.weight[v] for t in trips for v in t.visits))

    def copy(self, trips: list[Trip]) -> list[Trip]:
        return [
            Trip(t.start, t.end, list(t.visits), t.begin, t.wait, t.shift, t.drive, t.feasible) for t in trips
        ]

    def perturb(self, trips: list[Trip], visited: set[int], size: int, where: int) -> None:
        """Remove a run of `size` visits from each trip (from some trips only, when there are many)."""
        chosen = set(range(len(trips)))
        if len(trips) > 4 and self.rng.random() < 0.5:
            chosen = set(self.rng.sample(range(len(trips)), 2))
        for d, trip in enumerate(trips):
            if not trip.visits or d not in chosen:
                continue
            start = self.rng.randrange(len(trip.visits)) if where < 0 else where % len(trip.visits)
            removed = [v for v in trip.visits[start : start + size] if v not in self.p.mandatory]
            if not removed:
                continue
            trip.visits = [v for v in trip.visits if v not in removed]
            for v in removed:
                visited.discard(v)
            self.time_trip(d, trip)

    def local_search(self, trips: list[Trip], visited: set[int], *, deep: bool = False) -> None:
        for _ in range(6):
            self.fill(trips, visited)
            if self.improve_hotels(trips):
                continue
            if not (deep and self.swap_in(trips, visited)):
                break

    def chains(self, limit: int = 256) -> list[list[int]]:
        """Every chain of hotels whose empty trips fit, when there are at most `limit` of them."""
        p = self.p
        if not p.chained or p.trips < 2 or not p.hotels or p.mandatory:
            return []
        options = sorted({*p.hotels, p.first, p.last})
        if len(options) ** (p.trips - 1) > limit:
            return []
        out = []
        for middle in itertools.product(options, repeat=p.trips - 1):
            chain = [p.first, *middle, p.last]
            if all(self._empty_trip_fits(d, chain[d], chain[d + 1]) for d in range(p.trips)):
                out.append(chain)
        return out

    def greedy_days(self) -> list[Trip] | None:
        """Day by day, end each trip at the hotel whose filled day is worth most, keeping the
        last stop reachable in the days left. None when that is impossible."""
        p = self.p
        D = p.trips
        options = sorted({*p.hotels, p.first, p.last})
        reach: list[set[int]] = [set() for _ in range(D + 1)]  # hotels from which `last` is reachable
        reach[D] = {p.last}
        for d in range(D - 1, -1, -1):
            reach[d] = {h for h in options if any(self._empty_trip_fits(d, h, g) for g in reach[d + 1])}
        if p.first not in reach[0]:
            return None
        trips: list[Trip] = []
        visited: set[int] = set()
        h = p.first
        for d in range(D):
            best: tuple[float, float, Trip] | None = None
            for g in sorted(g for g in reach[d + 1] if self._empty_trip_fits(d, h, g)):
                trial = [self.time_trip(d, Trip(h, g))]
                self.fill_one(d, trial[0], visited)
                key = (self.value(trial), -float(self.T[h, g]))
                if best is None or key > best[:2]:
                    best = (*key, trial[0])
            assert best is not None
            trips.append(best[2])
            visited.update(best[2].visits)
            h = best[2].end
        return trips

    def fill_one(self, d: int, trip: Trip, visited: set[int]) -> None:
        """`fill` for trip d alone, leaving `visited` untouched."""
        self.fill([trip], set(visited), day=d)

    def starts(self) -> list[list[Trip]]:
        """Starting tours, best first: one filled tour per chain of hotels when there are few
        chains (OPHS); else a day-by-day greedy tour and the least-travel chain (which also gives
        each mandatory node a day)."""
        chains = self.chains()
        scored = []
        if chains:
            for chain in chains:
                trips = [self.time_trip(d, Trip(chain[d], chain[d + 1])) for d in range(self.p.trips)]
                self.fill(trips, set())
                scored.append((-self.value(trips), chain, trips))
            scored.sort(key=lambda x: (x[0], x[1]))
            return [t for _, _, t in scored]
        dp = [self.time_trip(d, Trip(a, b, v)) for d, (a, b, v) in enumerate(self.initial_hotels())]
        out = [dp]
        if self.p.chained and self.p.trips > 1 and not self.p.mandatory:
            greedy = self.greedy_days()
            if greedy is not None:
                self.fill(dp, {v for t in dp for v in t.visits})
                out = [greedy, dp] if self.value(greedy) >= self.value(dp) else [dp, greedy]
        return out

    def run(self, progress: Progress | None = None) -> Solution:
        clock = time.perf_counter()
        s = self.s
        starts = self.starts()
        trips = starts[0]
        visited: set[int] = {v for t in trips for v in t.visits}
        self.local_search(trips, visited)
        if self.p.mandatory - visited:
            self.force_mandatory(trips, visited)
            self.local_search(trips, visited)
        best, best_value = self.copy(trips), self.value(trips)
        if progress:
            progress(0, self.real_score(best), time.perf_counter() - clock)
        size, where, since = 1, 0, 0
        longest = max(1, max(len(t.visits) for t in trips))
        stopped, it = "iterations", 0
        for it in range(1, s.iterations + 1):
            if time.perf_counter() - clock > s.time_limit:
                stopped = "time"
                break
            if s.stall_limit and since >= s.stall_limit:
                stopped = "no-improvement"
                break
            if self.p.chained and self.p.hotels and self.rng.random() < 0.3:
                self.move_hotel(trips, visited)
            self.power = self.rng.choice((1.0, 1.5, 2.0, 2.0, 3.0))
            if self.rng.random() < 0.5:
                self.jitter = np.exp(self.noise.normal(0.0, 0.1, self.p.n))
            else:
                self.jitter = np.ones(self.p.n)
            kick = size
            if since and since % (5 * s.restart_after) == 0:
                kick = max(size, longest // 3)  # a big kick out of a deep basin
            self.perturb(trips, visited, kick, -1 if self.rng.random() < 0.5 else where)
            self.local_search(trips, visited)
            value = self.value(trips)
            if value > best_value + EPS:
                self.local_search(trips, visited, deep=True)
                self.reorder(trips, visited)
                value = self.value(trips)
                best, best_value, size, since = self.copy(trips), value, 1, 0
                longest = max(1, max(len(t.visits) for t in trips))
                if progress:
                    progress(it, self.real_score(best), time.perf_counter() - clock)
            else:
                since += 1
                size += 1
                where += size
                if size > max(2, longest // 2 + 1):
                    size = 1
                if since % s.restart_after == 0:
                    trips = self.copy(best)
                    if len(starts) > 1 and since % (4 * s.restart_after) == 0:
                        # diversify: restart from the next chain of hotels
                        trips = self.copy(starts[(since // (4 * s.restart_after)) % len(starts)])
                    visited = {v for t in trips for v in t.visits}
                    where = self.rng.randrange(1 << 16)
        return Solution(
            trips=tuple((t.start, tuple(t.visits), t.end) for t in best),
            score=self.real_score(best),
            iterations=it,
            seconds=time.perf_counter() - clock,
            stopped_by=stopped,
        )

    def reorder(self, trips: list[Trip], visited: set[int]) -> None:
        """Re-sequence each trip with the polish hook (least travel) and fill the time it frees."""
        if self.polish is None:
            return
        for _ in range(3):
            changed = False
            for d, trip in enumerate(trips):
                order = self.polish(self.p, d, trip)
                if not order:
                    continue
                new = self.time_trip(d, Trip(trip.start, trip.end, order))
                if new.feasible and new.begin[-1] < trip.begin[-1] - EPS:
                    trips[d] = new
                    changed = True
            if not changed:
                return
            before = self.value(trips)
            self.local_search(trips, visited, deep=True)
            if self.value(trips) <= before + EPS:
                return

    def real_score(self, trips: list[Trip]) -> float:
        return float(sum(self.p.score[v] for t in trips for v in t.visits))


class NoTourError(ValueError):
    """The instance has no feasible tour at all (not even one that visits nothing)."""


def solve(
    problem: Problem,
    settings: Settings | None = None,
    progress: Progress | None = None,
    polish: Polish | None = None,
) -> Solution:
    return Search(problem, settings or Settings(), polish).run(progress)
