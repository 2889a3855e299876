"""The numbers the search core works on: a problem in, a result out, and the settings between.

Nothing here knows of sites, countries or dates: node ids are 0..n-1 and time is one axis
(minutes, or a benchmark's units). One shape serves both callers: the tour planner (days chained
through hotels the search chooses, per-day windows, a day budget and a travel cap) and the
benchmark runner (TOPTW: m parallel routes from one depot; OPHS: trips chained through hotels).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

INF = float("inf")
EPS = 1e-7

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Problem:
    """An orienteering instance.

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
    # --- a real day's constraints; all optional (the TOPTW/OPHS literature sets leave them off)
    drive: FloatArray | None = None  # n x n minutes that count toward drive_cap (default: travel)
    breaks: Sequence[Break | None] = ()  # per trip: a break (lunch) with a start window
    types: FloatArray | None = None  # n x K: how much of each type a visit uses (caps below)
    cap_trip: Sequence[float] = ()  # K: most of each type on one trip (INF: no cap)
    cap_tour: Sequence[float] = ()  # K: most of each type over the tour
    cost: FloatArray | None = None  # n: a second resource spent by a visit (entrance fees)
    budget: float = INF  # most of it over the tour
    groups: IntArray | None = None  # n: group id, or -1; a group's visits lie on consecutive trips
    group_span: int = 2  # at most this many consecutive trips per group
    group_spans: IntArray | None = None  # per group: its own span (overrides group_span)
    group_home: IntArray | None = None  # per group: the hotel its two days should have between
    group_split_cost: float = 0.0  # per group on two days with the night between elsewhere
    fixed_hotels: tuple[int, ...] = ()  # per night (the end of trip d): the hotel, or -1 for free
    long_drive: float = INF  # no two consecutive trips both drive more than this
    # --- objective shaping: what the search maximises beyond the sum of scores
    kind: IntArray | None = None  # n: kind id, or -1; the k-th visit of a kind is worth less
    decay_trip: float = 1.0  # weight factor per earlier visit of the same kind on the trip
    decay_tour: float = 1.0  # ... and over the tour
    leg_cost: FloatArray | None = None  # n x n: cost of taking a leg, in score units
    hotel_change_cost: float = 0.0  # per night spent somewhere else than the night before

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


@dataclass(frozen=True)
class Break:
    """A pause on a trip (lunch): it starts within `open .. close` and lasts `duration`. It is
    taken on a leg (stopping on the way, or on arrival, or before leaving) or after a visit, never
    inside one; a trip that ends by `open` needs none."""

    open: float
    close: float
    duration: float


@dataclass
class Trip:
    """One trip's sequence and its timing; `timing.time_trip` fills the arrays."""

    start: int
    end: int
    visits: list[int] = field(default_factory=list)
    # timing for the sequence [start, *visits, end]
    begin: FloatArray = field(default_factory=lambda: np.zeros(0))  # service start per position
    wait: FloatArray = field(default_factory=lambda: np.zeros(0))
    shift: FloatArray = field(default_factory=lambda: np.zeros(0))  # max shift per position
    drive: float = 0.0
    feasible: bool = True
    brk_leg: int = -1  # the break is on the leg from position brk_leg to brk_leg + 1 (-1: none)
    brk_start: float = 0.0


@dataclass(frozen=True)
class Result:
    """What a run of the search returns."""

    trips: tuple[tuple[int, tuple[int, ...], int], ...]  # (start hotel, visits, end hotel)
    score: float
    iterations: int
    seconds: float
    stopped_by: str  # "iterations", "time", "no-improvement"
    breaks: tuple[tuple[int, float] | None, ...] = ()  # per trip: (leg, start) of its break


@dataclass(frozen=True)
class Settings:
    """The stopping rule and every tuning number of the search, by name.

    The defaults are the values measured on the literature sets and the planner's tours
    (README, "Solver"); change them for experiments, not per request.
    """

    iterations: int = 4000  # deterministic stopping rule
    time_limit: float = 10.0  # wall-clock cap, seconds
    seed: int = 0
    restart_after: int = 40  # iterations without a new best before going back to it
    accept_drop: float = 0.05  # walk on from the best when the current tour is this share below it
    accept_after_routes: int = 3  # ... with this many parallel routes or more, and no hotel chain
    accept_after_routes_ruled: int = 4  # ... and this many under type caps and a budget (MCTOPMTW)
    stall_limit: int = 0  # stop after this many iterations without a new best (0 = never)
    # insertion ratio (weight * jitter) ** power / extra time; a power is drawn each iteration
    powers: tuple[float, ...] = (1.0, 1.5, 2.0, 2.0, 3.0)
    first_power: float = 2.0
    noise_share: float = 0.5  # share of iterations with noise on the weights
    noise_sigma: float = 0.1  # log-normal sigma of that noise
    hotel_move_share: float = 0.3  # share of iterations that start by moving a night
    hotel_move_tries: int = 12  # random hotels tried per night move; the best refilled pair wins
    swap_candidates: int = 10  # best unvisited nodes tried by swap-in
    cache_after_trips: int = 0  # with more trips, each trip's insertion deltas are remembered
    cache_entries: int = 50000  # the cache is cleared when it grows past this
    two_trip_kick_after: int = 4  # with more trips, half the kicks hit two random trips only
    big_kick_every: int = 5  # x restart_after: a kick of a third of the longest trip
    chain_restart_every: int = 4  # x restart_after: restart from the next starting chain
    local_rounds: int = 6  # fill / hotel rounds per local search
    polish_rounds: int = 3  # re-sequencing rounds on a new best
    chain_limit: int = 256  # enumerate hotel chains only when there are at most this many
    # two or more parallel routes from one depot (no hotel chain) only:
    related_share: float = 0.7  # share of kicks that remove the visits nearest a random one
    revert_drop: float = 0.02  # a kick whose refilled tour is worth this share less is taken back
    related_after_routes_ruled: int = 3  # ... under type caps and a budget: this many routes or more
    replace_rounds: int = 5  # replacements (a visit by an unvisited node worth more) per local search
    replace_checks: int = 4  # ... under caps and a budget: visits whose removal is asked per trip
    swap_unchained: bool = False  # swap-in on a new best without a hotel chain too
    dp_mandatory: int = 4  # mandatory nodes the hotel-chain programme gives a day of their own


Progress = Callable[[int, float, float], None]  # (iteration, best score, seconds)
Polish = Callable[[Problem, int, Trip], "list[int] | None"]  # a better order of a trip's visits


class NoTourError(ValueError):
    """The instance has no feasible tour at all (not even one that visits nothing)."""
