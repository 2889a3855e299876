"""A trip's timing: earliest service starts, waits and max shifts (Vansteenwegen et al. 2009)."""

from __future__ import annotations

import numpy as np

from tours.solver.engine import Engine
from tours.solver.problem import EPS, Trip


def time_trip(e: Engine, d: int, trip: Trip) -> Trip:
    """Earliest-start timing of trip d, and each position's max shift; marks feasibility."""
    p, T = e.p, e.T
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
    limit = min(float(p.close[d][trip.end]), begin[0] + e.trip_limit[d])
    if arrive > limit + EPS or drive > p.drive_cap[d] + EPS:
        ok = False
    shift = np.empty(k)
    shift[-1] = limit - arrive
    for i in range(k - 2, 0, -1):
        shift[i] = min(float(wc[seq[i]]) - begin[i], wait[i + 1] + shift[i + 1])
    shift[0] = wait[1] + shift[1] if k > 1 else 0.0
    trip.begin, trip.wait, trip.shift, trip.drive, trip.feasible = begin, wait, shift, drive, ok
    return trip


def empty_trip_fits(e: Engine, d: int, h: int, g: int) -> bool:
    """Whether trip d can go straight from hotel h to hotel g."""
    p = e.p
    leave = float(p.open[d][h])
    arrive = leave + float(e.T[h, g])
    return (
        arrive <= min(float(p.close[d][g]), leave + e.trip_limit[d]) + EPS
        and float(e.T[h, g]) <= p.drive_cap[d] + EPS
    )
