"""A trip's timing: earliest service starts, waits and max shifts (Vansteenwegen et al. 2009),
with an optional break (lunch) that starts within a window.

The break is taken on a leg: leaving a stop at `leave`, the traveller drives on and stops at the
window's opening (or at once, if it is already open), so the next stop is reached at
`max(leave + travel, open) + duration`; the break must start by the window's close, i.e.
`max(leave, open) <= close`. In the max-shift bookkeeping the break leg absorbs a delay of up to
`max(0, open - leave - travel)` (like a wait) and bounds the delay at its first stop by
`close - leave`. A trip that ends by the window's opening needs no break. Which leg takes the
break is chosen each time a trip is timed: the feasible choice that leaves most slack.
"""

from __future__ import annotations

import numpy as np

from tours.solver.engine import Engine, Timing
from tours.solver.problem import EPS, INF, Break, Trip


def earliest(opens: list[float], closes: list[float], arrive: float) -> tuple[float, float]:
    """The earliest start of service on arriving at `arrive`, and the close of the window it
    falls in; (INF, -INF) when every window has closed. Windows sorted, as lists (the timing
    loop's hot path; see `Engine.WOM`)."""
    for o, c in zip(opens, closes, strict=True):
        st = arrive if arrive > o else o
        if arrive <= c + EPS and st <= c + EPS:
            return st, c
    return INF, -INF


def _timing(e: Engine, d: int, seq: list[int], leg: int, brk: Break | None) -> Timing:
    """(begin, wait, shift, drive, feasible, break start) of `seq` with the break on `leg`.
    The loop runs on Python lists (see `Engine.TL`): the hot path of the search."""
    p, T, D, s = e.p, e.TL, e.DL, e.SL
    k = len(seq)
    begin = [0.0] * k
    wait = [0.0] * k
    closes = [0.0] * k  # the close of the window each visit starts in
    t = float(p.open[d][seq[0]])
    begin[0] = t
    drive = 0.0
    ok = True
    start = 0.0
    multi = e.multi
    wo, wc = ([], []) if multi else (e.WO[d], e.WC[d])
    wom, wcm = (e.WOM[d], e.WCM[d]) if multi else ([], [])
    arrive = t
    for i in range(1, k):
        a, b = seq[i - 1], seq[i]
        travel = T[a][b]
        drive += D[a][b]
        leave = t + s[a]
        if i - 1 == leg and brk is not None:
            start = max(leave, brk.open)
            if start > brk.close + EPS:
                ok = False
            absorbed = max(0.0, brk.open - leave - travel)
            arrive = max(leave + travel, brk.open) + brk.duration
        else:
            absorbed = 0.0
            arrive = leave + travel
        if i == k - 1:
            begin[i] = arrive
            wait[i] = absorbed
            break
        if multi:
            st, closes[i] = earliest(wom[b], wcm[b], arrive)
            if st >= INF:
                ok, st = False, arrive
        else:
            o, c = wo[b], wc[b]
            st = arrive if arrive > o else o
            closes[i] = c
            if st > c + EPS:
                ok = False
        wait[i] = st - arrive + absorbed
        begin[i] = st
        t = st
    limit = min(float(p.close[d][seq[-1]]), begin[0] + e.trip_limit[d])
    if brk is not None and leg < 0:
        limit = min(limit, brk.open)  # no break: the trip is over before it would be due
    if arrive > limit + EPS or drive > p.drive_cap[d] + EPS:
        ok = False
    shift = _shifts(e, seq, leg, brk, (begin, wait, closes), limit - arrive)
    return np.array(begin), np.array(wait), np.array(shift), drive, ok, start


def _shifts(
    e: Engine, seq: list[int], leg: int, brk: Break | None, times: tuple[list[float], ...], last: float
) -> list[float]:
    """Each position's max shift, backwards from the slack `last` at the end."""
    begin, wait, closes = times
    k = len(seq)
    shift = [0.0] * k
    shift[-1] = last
    for i in range(k - 2, 0, -1):
        shift[i] = min(closes[i] - begin[i], wait[i + 1] + shift[i + 1])
        if i == leg and brk is not None:
            shift[i] = min(shift[i], brk.close - (begin[i] + e.SL[seq[i]]))
    shift[0] = wait[1] + shift[1] if k > 1 else 0.0
    if leg == 0 and brk is not None:
        shift[0] = min(shift[0], brk.close - begin[0])
    return shift


def time_trip(e: Engine, d: int, trip: Trip) -> Trip:
    """Earliest-start timing of trip d, and each position's max shift; marks feasibility. With a
    break on trip d, the break goes on the leg that leaves most slack."""
    seq = [trip.start, *trip.visits, trip.end]
    brk = e.p.breaks[d] if e.p.breaks else None
    if brk is None:
        begin, wait, shift, drive, ok, _ = _timing(e, d, seq, -1, None)
        trip.begin, trip.wait, trip.shift, trip.drive, trip.feasible = begin, wait, shift, drive, ok
        trip.brk_leg, trip.brk_start = -1, 0.0
        return trip
    memo = (d, *seq)
    known = e.timings.get(memo)
    if known is not None:
        leg, (begin, wait, shift, drive, ok, start) = known
        trip.begin, trip.wait, trip.shift, trip.drive, trip.feasible = begin, wait, shift, drive, ok
        trip.brk_leg, trip.brk_start = leg, start
        return trip
    best: tuple[tuple[bool, float, float], int, Timing] | None = None
    for leg in _break_legs(e, d, seq, brk):
        timing = _timing(e, d, seq, leg, brk)
        key = (timing[4], round(float(timing[2][0]), 6), -abs(timing[5] - brk.open) if leg >= 0 else -INF)
        if best is None or key > best[0]:
            best = (key, leg, timing)
    assert best is not None
    _, leg, timing = best
    if len(e.timings) > e.s.cache_entries:
        e.timings.clear()
    e.timings[memo] = (leg, timing)
    begin, wait, shift, drive, ok, start = timing
    trip.begin, trip.wait, trip.shift, trip.drive, trip.feasible = begin, wait, shift, drive, ok
    trip.brk_leg, trip.brk_start = leg, start
    return trip


def _break_legs(e: Engine, d: int, seq: list[int], brk: Break) -> list[int]:
    """The legs worth trying for the break: from the one under way when the window opens to
    the last one left before it closes (times of the trip without a break); -1 (none) when the
    trip ends before the window opens."""
    begin, _, _, _, _, _ = _timing(e, d, seq, -1, None)
    s = e.p.service
    leaves = [float(begin[i]) + float(s[seq[i]]) for i in range(len(seq) - 1)]
    first = max([i for i, x in enumerate(leaves) if x <= brk.open + EPS], default=0)
    last = max([i for i, x in enumerate(leaves) if x <= brk.close + EPS], default=first)
    legs = list(range(first, max(first, last) + 1))
    if float(begin[-1]) <= brk.open + EPS:
        legs.append(-1)
    return legs


def empty_trip_fits(e: Engine, d: int, h: int, g: int) -> bool:
    """Whether trip d can go straight from hotel h to hotel g."""
    p = e.p
    leave = float(p.open[d][h])
    arrive = leave + float(e.T[h, g])
    brk = p.breaks[d] if p.breaks else None
    if brk is not None and arrive > brk.open:
        arrive = max(arrive, brk.open) + brk.duration
    return (
        arrive <= min(float(p.close[d][g]), leave + e.trip_limit[d]) + EPS
        and float(e.D[h, g]) <= p.drive_cap[d] + EPS
    )
