"""Is the solver's time limit held? Long tours with many must-sees, an iteration count no search
reaches, and `--time-limit T`: the figure is the wall time of `plan_tour` beyond T (everything
after the search: reasons for left-out sites, assembly) and the solver's own seconds
(`python -m benchmarks.time_limit --limits 2 5`).

A measurement to report, not a timed assertion: a busy machine moves it.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

from tours.catalogue.files import load_catalogue
from tours.errors import TourError
from tours.planner.request import Request
from tours.planner.tour import plan_tour

# Must-sees spread over the four countries' reachable parts from Tbilisi under the status quo.
MUST = (
    "jvari-monastery",
    "svetitskhoveli-cathedral",
    "haghpat-monastery",
    "sanahin-monastery",
    "geghard-monastery",
    "garni-temple",
    "khor-virap",
    "tatev-monastery",
    "noravank",
    "gelati-monastery",
    "vardzia",
    "ani",
)


def run(days: int, limit: float, must: tuple[str, ...]) -> tuple[float, float, str]:
    catalogue = load_catalogue()
    known = {s.id for s in catalogue.sites}
    request = Request(
        start="tbilisi",
        days=days,
        date=date(2027, 6, 7),
        must=tuple(m for m in must if m in known),
        interests=("monastery", "unesco"),
        iterations=10**7,
        time_limit=limit,
    )
    start = time.perf_counter()
    try:
        plan = plan_tour(catalogue, request)
    except TourError as exc:
        return time.perf_counter() - start, float("nan"), f"no plan: {str(exc)[:60]}"
    return time.perf_counter() - start, plan.solver.seconds, str(plan.solver.status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limits", type=float, nargs="+", default=[2.0, 5.0])
    parser.add_argument("--days", type=int, nargs="+", default=[14, 21])
    parser.add_argument("--must", type=int, default=len(MUST), help="How many must-sees (of 12).")
    args = parser.parse_args()
    print(f"{'days':>4} {'must':>4} {'limit s':>8} {'wall s':>7} {'solver s':>8} {'over s':>7}  stopped by")
    for days in args.days:
        for limit in args.limits:
            wall, solver_s, status = run(days, limit, MUST[: args.must])
            print(
                f"{days:>4} {args.must:>4} {limit:>8.1f} {wall:>7.2f} {solver_s:>8.2f} "
                f"{wall - limit:>7.2f}  {status}"
            )


if __name__ == "__main__":
    main()
