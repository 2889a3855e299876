"""Replace: a visit gives its place to an unvisited node worth more, checked in O(1) per pair
(the wait/max-shift bookkeeping of `insertion`) and vectorised over every visit and candidate
of a trip; the best pair over all trips is applied while one pays.

The replace move of the TOPTW heuristics (Gunawan et al. 2017), in the same place of the trip:
the refill that follows may use the time it frees.
"""

from __future__ import annotations

import numpy as np

from tours.solver import rules
from tours.solver.engine import Engine, value
from tours.solver.insertion import earliest_starts, unvisited
from tours.solver.problem import EPS, INF, FloatArray, IntArray, Trip
from tours.solver.rules import BoolArray
from tours.solver.timing import time_trip


def gains(e: Engine, d: int, trip: Trip, cand: IntArray, cap: float | None = None) -> FloatArray:
    """Visits x candidates: the weight gained by putting each candidate in place of each visit
    of trip d (-inf where it does not fit or the visit is mandatory)."""
    p, T = e.p, e.T
    seq = np.array([trip.start, *trip.visits, trip.end], dtype=np.int64)
    a, out, b = seq[:-2], seq[1:-1], seq[2:]
    arrive = T[a][:, cand] + (trip.begin[:-2] + p.service[a])[:, None]
    st, ok = earliest_starts(e, d, cand, arrive)  # one window a day or several
    back = st + p.service[cand][None, :] + e.TT[b][:, cand]  # arrival at the next stop
    ok &= back <= (trip.begin[2:] + trip.shift[2:])[:, None] + EPS
    if trip.brk_leg >= 0:  # the legs around a visit that holds the break: not modelled here
        ok[[r for r in (trip.brk_leg - 1, trip.brk_leg) if 0 <= r < len(out)]] = False
    limit = p.drive_cap[d] if cap is None else cap
    if limit < INF:
        D = e.D
        extra = D[a][:, cand] + e.DT[b][:, cand] - (D[a, out] + D[out, b])[:, None]
        ok &= extra <= limit - trip.drive + EPS
    gain = e.weight[cand][None, :] - e.weight[out][:, None]
    if p.mandatory:
        ok[np.fromiter((v in p.mandatory for v in out.tolist()), dtype=bool, count=out.size)] = False
    np.copyto(gain, -INF, where=~ok)
    return gain


def replace(e: Engine, trips: list[Trip], visited: set[int]) -> bool:
    """Apply the best paying replacement over all trips while there is one. True if any was."""
    improved = False
    for _ in range(e.s.replace_rounds):
        cand = unvisited(e, visited)
        if not cand.size or not _apply_best(e, trips, visited, cand):
            break
        improved = True
    return improved


def _apply_best(e: Engine, trips: list[Trip], visited: set[int], cand: IntArray) -> bool:
    """The best paying replacement over all trips, applied."""
    ruled = e.ruled or e.p.long_drive < INF
    base = rules.tally(e, list(trips)) if ruled else None
    allowed = rules.allowed_all(e, base, list(range(len(trips))), cand) if base is not None else None
    found: list[tuple[float, int, int, int]] = []  # (gain, trip, visit position, candidate column)
    for d, trip in enumerate(trips):
        if not trip.visits:
            continue
        g = gains(e, d, trip, cand, rules.drive_cap(e, trips, d) if base is not None else None)
        if base is None or allowed is None:
            k, col = divmod(int(np.argmax(g)), cand.size)
            if g[k, col] > EPS:
                found.append((float(g[k, col]), d, k, col))
        elif (pair := _best_allowed(e, base, allowed[d], d, trip, cand, g)) is not None:
            found.append((float(g[pair]), d, *pair))
    found.sort(key=lambda f: (-f[0], f[1], f[2], f[3]))
    before = value(e, trips) if e.shaped else 0.0
    for _, d, k, col in found:
        i, j = trips[d].visits[k], int(cand[col])
        old = trips[d]
        trips[d] = time_trip(e, d, Trip(old.start, old.end, [*old.visits[:k], j, *old.visits[k + 1 :]]))
        if trips[d].feasible and (not e.shaped or value(e, trips) > before + EPS):
            visited.discard(i)
            visited.add(j)
            return True
        trips[d] = old
    return False


def _best_allowed(
    e: Engine, base: rules.Tally, added: BoolArray, d: int, trip: Trip, cand: IntArray, g: FloatArray
) -> tuple[int, int] | None:
    """Under the rules that span trips: the best paying pair whose candidate the rules allow
    once the visit is off the trip (caps and budget then have room). A candidate allowed as an
    addition passes at once; for the others the tally without the visit is asked, for at most
    `replace_checks` visits."""
    ks, cols = np.nonzero(g > EPS)
    asked: dict[int, BoolArray] = {}
    for n in np.argsort(-g[ks, cols], kind="stable").tolist():
        k, col = int(ks[n]), int(cols[n])
        if added[col]:
            return k, col
        if k not in asked:
            if len(asked) >= e.s.replace_checks:
                continue
            asked[k] = rules.allowed_all(e, rules.without(e, base, d, trip.visits[k]), [d], cand)[0]
        if asked[k][col]:
            return k, col
    return None
