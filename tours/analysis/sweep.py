"""Many scenarios, many requests: every request planned under every scenario, on one core, on a
process pool (`workers`), or on a Dask cluster (`scheduler`, `tours.analysis.dask_sweep`).

Each process builds a scenario's network once and plans every request of that scenario on it
(`tours.analysis.shared`). Plans stop on their iteration count, not on time, so the same inputs
and seeds give the same report however the sweep ran.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from typing import Any

from tours.analysis.batch import NamedRequest
from tours.analysis.shared import Networks
from tours.catalogue.model import Catalogue
from tours.errors import RequestError, TourError
from tours.network.conditions import Conditions, scenario_for
from tours.planner.checks import checked
from tours.planner.resolve import Resolver
from tours.planner.tour import plan_tour

Progress = Callable[[int, int], None]  # (cells done, cells in all)
SLOW_PLAN = 3600.0  # seconds: a cap far above the iteration count's stop, so time never decides


@dataclass(frozen=True)
class Variant:
    """A scenario with overrides for the sweep, written `status-quo+open:alican-margara`."""

    scenario: str
    open: tuple[str, ...] = ()
    close: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return "+".join(
            [self.scenario, *(f"open:{x}" for x in self.open), *(f"close:{x}" for x in self.close)]
        )

    @classmethod
    def parse(cls, text: str) -> Variant:
        name, *extra = text.strip().split("+")
        opened: list[str] = []
        closed: list[str] = []
        for item in extra:
            verb, _, crossing = item.partition(":")
            if verb not in ("open", "close") or not crossing:
                raise RequestError(
                    f"scenario {text!r}: {item!r} is not open:ID or close:ID. "
                    "Hint: status-quo+open:alican-margara+close:red-bridge:GE>AZ."
                )
            (opened if verb == "open" else closed).append(crossing)
        return cls(name, tuple(opened), tuple(closed))


@dataclass(frozen=True)
class Cell:
    """One request planned under one scenario (ok False: no tour, `error` says why)."""

    scenario: str
    request: str
    ok: bool
    score: int = 0
    visits: int = 0
    km: float = 0.0
    drive_minutes: int = 0
    countries: tuple[str, ...] = ()
    crossings: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    error: str = ""

    def contract(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["km"] = round(self.km, 1)
        for key in ("countries", "crossings", "sites"):
            out[key] = list(out[key])
        return out


@dataclass(frozen=True)
class Sweep:
    variants: tuple[Variant, ...]
    requests: tuple[NamedRequest, ...]
    cells: tuple[Cell, ...]  # scenario-major: cells[i * len(requests) + j]

    def cell(self, scenario: str, request: str) -> Cell:
        return next(c for c in self.cells if c.scenario == scenario and c.request == request)

    def summary(self) -> list[dict[str, Any]]:
        """Per scenario: tours possible, sites, score and km over the batch, and against the first."""
        n = len(self.requests)
        rows = []
        for i, v in enumerate(self.variants):
            mine = self.cells[i * n : (i + 1) * n]
            rows.append(
                {
                    "scenario": v.label,
                    "possible": sum(c.ok for c in mine),
                    "score": sum(c.score for c in mine),
                    "visits": sum(c.visits for c in mine),
                    "km": round(sum(c.km for c in mine), 1),
                    "score_gained": sum(c.score - f.score for c, f in zip(mine, self.cells[:n], strict=True)),
                }
            )
        return rows

    def contract(self) -> dict[str, Any]:
        return {
            "scenarios": [v.label for v in self.variants],
            "requests": [r.contract() for r in self.requests],
            "summary": self.summary(),
            "cells": [c.contract() for c in self.cells],
        }


def plan_cell(catalogue: Catalogue, networks: Networks, variant: Variant, named: NamedRequest) -> Cell:
    """Plan one request under one scenario on the shared networks; a TourError is a cell with no
    tour (a road closed by the scenario, a must-see that does not fit), not the sweep's end."""
    request = replace(
        named.request,
        scenario=variant.scenario,
        open=variant.open,
        close=variant.close,
        time_limit=max(named.request.time_limit, SLOW_PLAN),
    )
    label = variant.label
    try:
        plan = plan_tour(catalogue, request, networks.for_request(request))
    except TourError as exc:
        return Cell(label, named.name, ok=False, error=str(exc).splitlines()[0])
    t = plan.totals
    return Cell(
        label,
        named.name,
        ok=True,
        score=t.score,
        visits=t.visits,
        km=t.km,
        drive_minutes=t.drive_minutes,
        countries=t.countries,
        crossings=t.crossings,
        sites=tuple(v.site for d in plan.days for v in d.visits),
    )


def sweep(
    catalogue: Catalogue,
    variants: Iterable[Variant],
    requests: Iterable[NamedRequest],
    *,
    workers: int = 1,
    scheduler: Any = None,
    progress: Progress | None = None,
) -> Sweep:
    """Every request under every scenario. `workers` > 1: a process pool on this machine;
    `scheduler`: the address of a Dask scheduler (or a `distributed.Client`)."""
    vs, rs = tuple(variants), tuple(requests)
    if not vs or not rs:
        raise RequestError("a sweep needs at least one scenario and one request.")
    _check(catalogue, vs, rs)
    if scheduler is not None:
        from tours.analysis.dask_sweep import run_on_dask

        cells = run_on_dask(catalogue, vs, rs, scheduler, progress)
    elif workers > 1:
        cells = _run_on_pool(catalogue, chunks(vs, rs, workers), workers, progress)
    else:
        cells = plan_chunk(catalogue, Networks(catalogue), [(v, r) for v in vs for r in rs], progress)
    return Sweep(variants=vs, requests=rs, cells=tuple(cells))


Task = tuple[Variant, NamedRequest]


def _check(catalogue: Catalogue, variants: tuple[Variant, ...], requests: tuple[NamedRequest, ...]) -> None:
    """A name or value that is wrong fails here, before any worker starts, and not as a cell with
    no tour under every scenario."""
    for v in variants:
        scenario_for(catalogue, Conditions(scenario=v.scenario, open=v.open, close=v.close))
    resolver = Resolver(catalogue)
    for r in requests:
        try:
            checked(catalogue, r.request)
            for town in (r.request.start, r.request.end or r.request.start):
                resolver.town(town)
            for site in (*r.request.must, *r.request.avoid):
                resolver.site(site)
        except TourError as exc:
            raise RequestError(f"request {r.name!r}: {exc}") from None


def chunks(
    variants: tuple[Variant, ...], requests: tuple[NamedRequest, ...], workers: int
) -> list[list[Task]]:
    """The cells in scenario-major order, cut into runs of one scenario's requests: a worker
    that plans a run builds that scenario's network once and shares it along the run. About two
    runs a worker, so that a slow scenario does not leave the others idle."""
    per_scenario = min(len(requests), max(1, -(-2 * workers // len(variants))))
    size = -(-len(requests) // per_scenario)
    return [[(v, r) for r in requests[i : i + size]] for v in variants for i in range(0, len(requests), size)]


def plan_chunk(
    catalogue: Catalogue, networks: Networks, tasks: list[Task], progress: Progress | None = None
) -> list[Cell]:
    out = []
    for k, (v, r) in enumerate(tasks, start=1):
        out.append(plan_cell(catalogue, networks, v, r))
        if progress:
            progress(k, len(tasks))
    return out


# a pool worker's catalogue and networks, set once by its initializer
_WORKER: dict[str, Any] = {}


def _init_worker(catalogue: Catalogue) -> None:
    _WORKER["catalogue"], _WORKER["networks"] = catalogue, Networks(catalogue)


def _worker_chunk(tasks: list[Task]) -> list[Cell]:
    return plan_chunk(_WORKER["catalogue"], _WORKER["networks"], tasks)


def _run_on_pool(
    catalogue: Catalogue, runs: list[list[Task]], workers: int, progress: Progress | None
) -> list[Cell]:
    # spawn, not fork: the same start on every platform, and no fork of a threaded parent
    context = multiprocessing.get_context("spawn")
    total, done = sum(len(x) for x in runs), 0
    results: list[list[Cell]] = [[] for _ in runs]
    with ProcessPoolExecutor(
        min(workers, len(runs)), mp_context=context, initializer=_init_worker, initargs=(catalogue,)
    ) as pool:
        futures: dict[Future[list[Cell]], int] = {
            pool.submit(_worker_chunk, x): k for k, x in enumerate(runs)
        }
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            done += len(results[futures[future]])
            if progress:
                progress(done, total)
    return [c for run in results for c in run]
