"""The constraints and the objective of a real day, over a whole tour.

Constraints an insertion must keep (`allowed_all`): caps on how much of each type a trip and the tour
may hold, a budget of a second resource, groups whose visits lie on at most `group_span` (or the
group's own `group_spans`) consecutive trips, and the long-drive rule (no two consecutive trips
over `long_drive`, applied as a lower drive cap next to a long trip). The objective
(`shaped_value`): each visit's weight falls with the earlier visits of its kind on the trip and over
the tour (diminishing returns), less the cost of the legs taken, of each change of hotel and of
each group split around a night away from its home; a broken long-drive rule costs more than every
score together.

All of it is off unless the problem sets it, so the literature benchmarks run the plain search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from tours.solver.problem import EPS, INF, FloatArray, IntArray, Trip

if TYPE_CHECKING:
    from tours.solver.engine import Engine

BoolArray = npt.NDArray[np.bool_]


@dataclass
class Tally:
    """What a tour already uses: of each type per trip and over the tour, of the budget, the
    trips each group is on, and the visits of each kind per trip and over the tour."""

    trip_use: FloatArray  # trips x K
    tour_use: FloatArray  # K
    spent: float
    group_lo: FloatArray  # per group: first trip holding it (INF: none)
    group_hi: FloatArray
    kind_trip: FloatArray  # trips x kinds
    kind_tour: FloatArray


def _sizes(e: Engine) -> tuple[int, int, int]:
    p = e.p
    k = p.types.shape[1] if p.types is not None else 0
    g = int(p.groups.max()) + 1 if p.groups is not None and p.groups.size else 0
    kinds = int(p.kind.max()) + 1 if p.kind is not None and p.kind.size else 0
    return k, max(g, 0), max(kinds, 0)


def tally(e: Engine, tour: Sequence[Trip | None]) -> Tally:
    """The use of the trips in `tour` (trip d at index d; None for a trip not yet built)."""
    k, g, kinds = _sizes(e)
    days = max(len(tour), e.p.trips)
    out = Tally(
        trip_use=np.zeros((days, k)),
        tour_use=np.zeros(k),
        spent=0.0,
        group_lo=np.full(g, INF),
        group_hi=np.full(g, -INF),
        kind_trip=np.zeros((days, kinds)),
        kind_tour=np.zeros(kinds),
    )
    p = e.p
    for d, trip in enumerate(tour):
        if trip is None or not trip.visits:
            continue
        vs = np.asarray(trip.visits, dtype=np.int64)
        if p.types is not None:
            out.trip_use[d] = p.types[vs].sum(axis=0)
        if p.cost is not None:
            out.spent += float(p.cost[vs].sum())
        if p.groups is not None and g:
            for gid in p.groups[vs][p.groups[vs] >= 0].tolist():
                out.group_lo[gid] = min(out.group_lo[gid], d)
                out.group_hi[gid] = max(out.group_hi[gid], d)
        if p.kind is not None and kinds:
            ks = p.kind[vs]
            out.kind_trip[d] = np.bincount(ks[ks >= 0], minlength=kinds)[:kinds]
    out.tour_use = out.trip_use.sum(axis=0)
    out.kind_tour = out.kind_trip.sum(axis=0)
    return out


def add(e: Engine, t: Tally, d: int, v: int) -> None:
    """Count visit v on trip d."""
    p = e.p
    if p.types is not None:
        t.trip_use[d] += p.types[v]
        t.tour_use += p.types[v]
    if p.cost is not None:
        t.spent += float(p.cost[v])
    if p.groups is not None and p.groups[v] >= 0:
        gid = int(p.groups[v])
        t.group_lo[gid] = min(t.group_lo[gid], d)
        t.group_hi[gid] = max(t.group_hi[gid], d)
    if p.kind is not None and p.kind[v] >= 0:
        t.kind_trip[d, p.kind[v]] += 1
        t.kind_tour[p.kind[v]] += 1


def allowed_all(e: Engine, t: Tally, days: list[int], cand: IntArray) -> BoolArray:
    """Which candidates each of the trips `days` may take without breaking a cap, the budget or
    a group: trips x candidates."""
    p = e.p
    rows = np.asarray(days, dtype=np.int64)
    ok: BoolArray = np.ones((rows.size, cand.size), dtype=bool)
    c = _columns(e, cand)
    if c.types is not None:
        use = t.trip_use[rows]  # trips x K
        full = np.any(use + 1.0 > e.cap_trip[None, :] + EPS, axis=0)  # types near a cap somewhere
        for f in np.flatnonzero(full).tolist():  # a type or two at a time: no trips x C x F array
            ok &= use[:, f, None] + c.types[None, :, f] <= e.cap_trip[f] + EPS
        if e.tour_capped:
            full = t.tour_use + 1.0 > e.cap_tour + EPS
            if full.any():
                need = c.types[:, full]
                ok &= np.all(t.tour_use[full][None, :] + need <= e.cap_tour[full][None, :] + EPS, axis=1)[
                    None, :
                ]
    if p.cost is not None:
        ok &= (p.cost[cand] <= p.budget - t.spent + EPS)[None, :]
    if c.group is not None and t.group_lo.size:
        # per trip and group: may the group take a visit on that trip (trips x groups), then per
        # candidate by its group
        lo = np.minimum(t.group_lo[None, :], rows[:, None])
        hi = np.maximum(t.group_hi[None, :], rows[:, None])
        spans = p.group_spans if p.group_spans is not None else np.full(t.group_lo.size, p.group_span)
        may = hi - lo < spans[None, :]
        ok &= may[:, c.group] | c.outside[None, :]
    return ok


@dataclass(frozen=True)
class Columns:
    """What the masks read per candidate column: its types, its group (0 for none) and whether
    it has none."""

    types: FloatArray | None
    group: IntArray | None
    outside: BoolArray


def _columns(e: Engine, cand: IntArray) -> Columns:
    """The candidate columns' rule data, kept for the engine's list of every customer (the one
    long tours pass each time)."""
    if cand is e.customers and e.columns is not None:
        return e.columns
    p = e.p
    gid = p.groups[cand] if p.groups is not None else None
    out = Columns(
        types=p.types[cand] if p.types is not None else None,
        group=np.where(gid >= 0, gid, 0) if gid is not None else None,
        outside=gid < 0 if gid is not None else np.ones(cand.size, dtype=bool),
    )
    if cand is e.customers:
        e.columns = out
    return out


def factor_all(e: Engine, t: Tally, days: list[int], cand: IntArray) -> FloatArray:
    """Each candidate's weight factor on each of the trips `days` (diminishing returns for its
    kind): trips x candidates. Powers are read from tables (`Engine.decay_powers`)."""
    p = e.p
    rows = np.asarray(days, dtype=np.int64)
    if p.kind is None or t.kind_tour.size == 0:
        return np.ones((rows.size, cand.size))
    kd = p.kind[cand]
    safe = np.where(kd >= 0, kd, 0)
    trip_pow, tour_pow = e.decay_powers
    f = (
        trip_pow[t.kind_trip[rows][:, safe].astype(np.int64)]
        * tour_pow[t.kind_tour[safe].astype(np.int64)][None, :]
    )
    return np.where((kd >= 0)[None, :], f, 1.0)


def without(e: Engine, t: Tally, d: int, v: int) -> Tally:
    """A copy of the tally with visit v taken off trip d (group bounds kept: conservative)."""
    p = e.p
    out = Tally(
        trip_use=t.trip_use.copy(),
        tour_use=t.tour_use.copy(),
        spent=t.spent,
        group_lo=t.group_lo,
        group_hi=t.group_hi,
        kind_trip=t.kind_trip.copy(),
        kind_tour=t.kind_tour.copy(),
    )
    if p.types is not None:
        out.trip_use[d] -= p.types[v]
        out.tour_use -= p.types[v]
    if p.cost is not None:
        out.spent -= float(p.cost[v])
    if p.kind is not None and p.kind[v] >= 0:
        out.kind_trip[d, p.kind[v]] -= 1
        out.kind_tour[p.kind[v]] -= 1
    return out


def drive_cap(e: Engine, tour: Sequence[Trip | None], d: int) -> float:
    """Trip d's drive cap: `long_drive` next to a trip that drives more than that."""
    p = e.p
    cap = float(p.drive_cap[d])
    if p.long_drive >= INF:
        return cap
    for n in (d - 1, d + 1):
        if 0 <= n < len(tour) and (trip := tour[n]) is not None and trip.drive > p.long_drive + EPS:
            return min(cap, p.long_drive)
    return cap


def shaped_value(e: Engine, trips: list[Trip]) -> float:
    """The objective: decayed weights, less leg costs, hotel changes, groups split around a night
    away from their home, and long-drive breaches."""
    p = e.p
    total = _decayed_weights(e, trips)
    if p.leg_cost is not None:
        for t in trips:
            seq = [t.start, *t.visits, t.end]
            total -= float(sum(p.leg_cost[a, b] for a, b in pairwise(seq)))
    if p.hotel_change_cost > 0:
        nights = [t.end for t in trips[:-1]]
        total -= p.hotel_change_cost * sum(1 for a, b in pairwise(nights) if a != b)
    if p.group_split_cost > 0:
        total -= p.group_split_cost * away_splits(e, trips)
    if p.long_drive < INF:
        long = [t.drive > p.long_drive + EPS for t in trips]
        total -= e.big * sum(1 for a, b in pairwise(long) if a and b)
    return total


def away_splits(e: Engine, trips: list[Trip]) -> int:
    """How many groups lie on two consecutive trips with the night between spent elsewhere than
    the group's home (a town seen in the evening and again next morning from another town)."""
    p = e.p
    if p.groups is None or p.group_home is None:
        return 0
    on = [{int(g) for g in p.groups[t.visits] if g >= 0} if t.visits else set() for t in trips]
    return sum(1 for d, (a, b) in enumerate(pairwise(on)) for g in a & b if p.group_home[g] != trips[d].end)


def _decayed_weights(e: Engine, trips: list[Trip]) -> float:
    p = e.p
    if p.kind is None or (p.decay_trip >= 1 and p.decay_tour >= 1):
        return float(sum(e.weight[v] for t in trips for v in t.visits))
    by_kind = sorted(
        (int(p.kind[v]), -float(e.weight[v]), v) for t in trips for v in t.visits if p.kind[v] >= 0
    )
    ranks_tour: dict[int, int] = {}
    seen: dict[int, int] = {}
    for kd, _, v in by_kind:
        ranks_tour[v] = seen.get(kd, 0)
        seen[kd] = ranks_tour[v] + 1
    total = 0.0
    for t in trips:
        local: dict[int, int] = {}
        for _, _, v in sorted((int(p.kind[v]), -float(e.weight[v]), v) for v in t.visits):
            w = float(e.weight[v])
            kd = int(p.kind[v])
            if kd < 0:
                total += w
                continue
            total += w * p.decay_trip ** local.get(kd, 0) * p.decay_tour ** ranks_tour[v]
            local[kd] = local.get(kd, 0) + 1
    return total
