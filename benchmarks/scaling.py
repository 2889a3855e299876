"""How the planner's search grows with the instance: tours of more days over more of the
catalogue, at a fixed iteration count (the same figures on any machine but for the seconds).

    python -m benchmarks.scaling [--iterations 300] [--days 3,7,14,21]

For each size it reports the candidate sites and hotels (the instance), the seconds per
iteration, the seconds from request to plan, and the score and visits reached.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date

from tours.catalogue.files import load_catalogue
from tours.planner import candidates
from tours.planner.request import Request
from tours.planner.tour import plan_tour, prepare

AREAS = {"GE": ("GE",), "GE+AM": ("GE", "AM"), "all four": ()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.scaling")
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--days", default="3,7,14,21")
    args = ap.parse_args(argv)
    catalogue = load_catalogue()
    print("| area | days | candidate sites | hotels | ms / iteration | s to plan | visits | score |")
    print("|---|---|---|---|---|---|---|---|")
    for area, countries in AREAS.items():
        for days in (int(x) for x in args.days.split(",")):
            request = Request(
                start="tbilisi",
                days=days,
                date=date(2027, 6, 7),
                countries=countries,
                iterations=args.iterations,
                time_limit=3600.0,
                interests=("monastery", "unesco"),
            )
            sites, hotels = candidates.select(prepare(catalogue, request))
            clock = time.perf_counter()
            plan = plan_tour(catalogue, request)
            total = time.perf_counter() - clock
            per = 1000 * plan.solver.seconds / max(1, plan.solver.iterations)
            print(
                f"| {area} | {days} | {len(sites)} | {len(hotels)} | {per:.1f} | {total:.1f} "
                f"| {plan.totals.visits} | {plan.totals.score} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
