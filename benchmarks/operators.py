"""Our tours against real operators' published itineraries (`benchmarks/operators/*.toml`).

For each itinerary, plan the same start, end, number of days and countries, and report: recall of
the operator's named sites (the share our plan visits too), visits per day (mean, max), driving
hours per day (mean, max), hotel changes, days on which a town's sites are split from the rest
of that town's visits by another day, and the score.

    python -m benchmarks.operators [FOLDER] [--date 2027-06-07] [--iterations 1000] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tomllib
from dataclasses import asdict, dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path

from tours.catalogue.files import load_catalogue
from tours.catalogue.model import Catalogue
from tours.errors import TourError
from tours.itinerary.plan import Plan
from tours.planner.instance import site_towns
from tours.planner.request import Request
from tours.planner.tour import plan_tour

FOLDER = Path(__file__).resolve().parent / "operators"


@dataclass(frozen=True)
class Row:
    name: str
    days: int
    operator_sites: int
    recall: float | None  # None when the itinerary names no site (overnights only)
    visits_mean: float
    visits_max: int
    drive_mean: float
    drive_max: float
    hotel_changes: int
    split_town_days: int
    score: int
    error: str = ""


def request_for(data: dict[str, object], on: date, iterations: int, seed: int) -> Request:
    days = data["day"]
    assert isinstance(days, list)
    countries = data.get("countries", [])
    assert isinstance(countries, list)
    return Request(
        start=str(data["start"]),
        end=str(data["end"]),
        days=len(days),
        date=on,
        countries=tuple(str(c) for c in countries),
        iterations=iterations,
        time_limit=600.0,  # the iteration count stops the search: the same figures on any machine
        seed=seed,
    )


def split_days(plan: Plan, towns: dict[str, str]) -> int:
    """Days holding a town's sites when that town is seen on more than one visit: on days that
    are not consecutive, or on two consecutive days with the night between in another town (an
    evening there and a return next morning from elsewhere)."""
    days_of: dict[str, set[int]] = {}
    for d in plan.days:
        for v in d.visits:
            if v.site in towns:
                days_of.setdefault(towns[v.site], set()).add(d.day)
    night = {d.day: d.end.id for d in plan.days}
    bad: set[int] = set()
    for town, days in days_of.items():
        apart = max(days) - min(days) + 1 > len(days)
        away = any(night[d] != town for d in days if d + 1 in days)
        if apart or away:
            bad |= days
    return len(bad)


def measure(catalogue: Catalogue, path: Path, on: date, iterations: int, seed: int) -> Row:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    theirs = {s for d in data["day"] for s in d.get("sites", [])}
    try:
        plan = plan_tour(catalogue, request_for(data, on, iterations, seed))
    except TourError as exc:
        return Row(data["name"], len(data["day"]), len(theirs), 0.0, 0, 0, 0, 0, 0, 0, 0, str(exc))
    ours = {v.site for d in plan.days for v in d.visits}
    visits = [len(d.visits) for d in plan.days]
    drive = [d.drive_minutes / 60 for d in plan.days]
    nights = [d.end.id for d in plan.days[:-1]]
    return Row(
        name=data["name"],
        days=len(plan.days),
        operator_sites=len(theirs),
        recall=len(theirs & ours) / len(theirs) if theirs else None,
        visits_mean=statistics.mean(visits),
        visits_max=max(visits),
        drive_mean=statistics.mean(drive),
        drive_max=max(drive),
        hotel_changes=sum(1 for a, b in pairwise(nights) if a != b),
        split_town_days=split_days(plan, site_towns(catalogue)),
        score=plan.totals.score,
    )


def table(rows: list[Row]) -> str:
    out = [
        "| itinerary | days | their sites | recall | visits/day mean (max) | driving h/day mean (max) "
        "| hotel changes | split-town days | score |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if r.error:
            out.append(f"| {r.name} | {r.days} | {r.operator_sites} | error: {r.error} | | | | | |")
            continue
        recall = "-" if r.recall is None else f"{r.recall:.2f}"
        out.append(
            f"| {r.name} | {r.days} | {r.operator_sites} | {recall} "
            f"| {r.visits_mean:.1f} ({r.visits_max}) | {r.drive_mean:.1f} ({r.drive_max:.1f}) "
            f"| {r.hotel_changes} | {r.split_town_days} | {r.score} |"
        )
    good = [r for r in rows if not r.error and r.days > 1]
    recalls = [r.recall for r in good if r.recall is not None]
    if good:
        out.append(
            f"| **mean of the {len(good)} multi-day tours** | | "
            f"| **{statistics.mean(recalls):.2f}** ({len(recalls)} with sites) "
            f"| {statistics.mean(r.visits_mean for r in good):.1f} "
            f"({max(r.visits_max for r in good)}) | {statistics.mean(r.drive_mean for r in good):.1f} "
            f"({max(r.drive_max for r in good):.1f}) | {statistics.mean(r.hotel_changes for r in good):.1f} "
            f"| {statistics.mean(r.split_town_days for r in good):.1f} | |"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.operators")
    ap.add_argument(
        "folder", nargs="?", type=Path, default=FOLDER, help=f"folder of *.toml (default {FOLDER})"
    )
    ap.add_argument("--date", default="2027-06-07", help="first day of every tour (default 2027-06-07)")
    ap.add_argument("--iterations", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    files = sorted(args.folder.glob("*.toml"))
    if not files:
        print(f"error: no *.toml in {args.folder}.", file=sys.stderr)
        return 2
    catalogue = load_catalogue()
    on = date.fromisoformat(args.date)
    rows = [measure(catalogue, f, on, args.iterations, args.seed) for f in files]
    print(json.dumps([asdict(r) for r in rows], indent=1) if args.json else table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
