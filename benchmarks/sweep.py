"""Speed of a sweep (scenarios x requests), and that every way of running it gives one report:
`python -m benchmarks.sweep --workers 2 --dask`.

Rows: each cell planned alone on a fresh network (what a loop over `tours plan` costs); the sweep
on one worker (networks and searches shared per scenario); on a process pool of N workers; on a
local Dask cluster of N worker processes. Every report is compared with the one-worker report.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from tours.analysis.batch import DEFAULT_REQUESTS, NamedRequest, with_iterations
from tours.analysis.sweep import Cell, Sweep, Variant, sweep
from tours.catalogue.files import load_catalogue
from tours.catalogue.model import Catalogue
from tours.errors import TourError
from tours.planner.tour import plan_tour

SCENARIOS = "status-quo,turkey-armenia-open,azerbaijan-land-open,all-open"


def unshared(catalogue: Catalogue, variants: list[Variant], requests: tuple[NamedRequest, ...]) -> Sweep:
    """Every cell planned by `plan_tour` on its own network: the baseline the sharing saves on."""
    cells = []
    for v in variants:
        for r in requests:
            request = replace(r.request, scenario=v.scenario, open=v.open, close=v.close, time_limit=3600)
            try:
                plan = plan_tour(catalogue, request)
            except TourError as exc:
                cells.append(Cell(v.label, r.name, ok=False, error=str(exc).splitlines()[0]))
                continue
            t = plan.totals
            sites = tuple(x.site for d in plan.days for x in d.visits)
            cells.append(
                Cell(
                    v.label,
                    r.name,
                    True,
                    t.score,
                    t.visits,
                    t.km,
                    t.drive_minutes,
                    t.countries,
                    t.crossings,
                    sites,
                )
            )
    return Sweep(variants=tuple(variants), requests=requests, cells=tuple(cells))


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def free_cores(workers: int, n: int = 6_000_000) -> float:
    """How much faster `workers` processes of pure arithmetic run than one doing all of it, now:
    on a machine that others share, the most the sweep's own speed-up can be."""
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    for _ in range(workers):
        _spin(n)
    alone = time.perf_counter() - start
    with ProcessPoolExecutor(workers) as pool:
        start = time.perf_counter()
        list(pool.map(_spin, [n] * workers))
        together = time.perf_counter() - start
    return alone / together


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (a pool's workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(run: Callable[[], Sweep]) -> tuple[float, float, dict[str, Any]]:
    """Wall seconds, CPU seconds (this process and the workers it started and ended), report."""
    start, cpu = time.perf_counter(), _cpu()
    report = run().contract()
    return time.perf_counter() - start, _cpu() - cpu, report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.sweep")
    ap.add_argument("--scenarios", default=SCENARIOS, help=f"comma-separated (default {SCENARIOS})")
    ap.add_argument("--iterations", type=int, default=None, help="per plan (default: the requests' 40)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="N for the pool and Dask rows")
    ap.add_argument("--dask", action="store_true", help="also on a local Dask cluster of N processes")
    ap.add_argument("--no-baseline", action="store_true", help="skip the unshared row")
    args = ap.parse_args(argv)
    catalogue = load_catalogue()
    variants = [Variant.parse(x) for x in args.scenarios.split(",")]
    requests = with_iterations(DEFAULT_REQUESTS, args.iterations)
    free = free_cores(args.workers)  # before any thread (Dask's) exists: the pool forks
    rows: list[tuple[str, float, float, dict[str, Any]]] = []
    if not args.no_baseline:
        rows.append(
            ("each cell alone, fresh network", *timed(lambda: unshared(catalogue, variants, requests)))
        )
    rows.append(("sweep, 1 worker", *timed(lambda: sweep(catalogue, variants, requests))))
    n = args.workers
    rows.append((f"sweep, {n} workers", *timed(lambda: sweep(catalogue, variants, requests, workers=n))))
    if args.dask:
        from dask.distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=n, threads_per_worker=1, dashboard_address=None)  # type: ignore[no-untyped-call]
        with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            rows.append(
                (
                    f"sweep, Dask ({n} processes)",
                    *timed(lambda: sweep(catalogue, variants, requests, scheduler=client)),
                )
            )
    one = next(seconds for name, seconds, _, _ in rows if name == "sweep, 1 worker")
    reference = json.dumps(next(r for name, _, _, r in rows if name == "sweep, 1 worker"))
    cells = len(variants) * len(requests)
    print(
        f"{len(variants)} scenarios x {len(requests)} requests = {cells} plans, "
        f"{requests[0].request.iterations} iterations each, {os.cpu_count()} cores; "
        f"{n} processes of plain arithmetic ran {free:.2f}x faster than one just now"
    )
    print("| run | seconds | CPU seconds | speed-up over 1 worker | same report as 1 worker |")
    print("|---|---|---|---|---|")
    for name, seconds, cpu, report in rows:
        same = json.dumps(report) == reference
        shown = f"{cpu:.1f}" if "Dask" not in name else "(in the cluster)"
        print(f"| {name} | {seconds:.1f} | {shown} | {one / seconds:.2f}x | {'yes' if same else 'NO'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
