"""Run the solver core (and VROOM) on a folder of instances; print a table or JSON."""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from benchmarks import instances
from benchmarks.check import check
from tours.solver.problem import Settings
from tours.solver.tour import solve_problem


@dataclass(frozen=True)
class Task:
    path: Path
    set: str
    routes: int
    rounding: str
    bks: float | None
    settings: Settings
    vroom: bool
    grils: tuple[float | None, float | None] = (None, None)  # published GRILS best, average


@dataclass
class Result:
    set: str
    instance: str
    routes: int
    score: float
    bks: float | None
    gap: float | None
    seconds: float
    iterations: int
    feasible: bool
    problems: list[str]
    vroom_score: float | None = None
    vroom_gap: float | None = None
    vroom_seconds: float | None = None
    grils_avg: float | None = None  # MCTOPMTW: the published GRASP-ILS average score (Souffriau 2013)
    grils_gap: float | None = None
    seed: int = 0


def _gap(bks: float | None, score: float | None) -> float | None:
    if bks is None or score is None or bks <= 0:
        return None
    return 100.0 * (bks - score) / bks


def run_one(task: Task) -> Result:
    raw = instances.read(task.path)
    problem = instances.problem(raw, task.routes, task.rounding)
    clock = time.perf_counter()
    sol = solve_problem(problem, task.settings)
    seconds = time.perf_counter() - clock
    trips = [(a, list(v), b) for a, v, b in sol.trips]
    score, problems = check(raw, task.rounding, trips)
    if abs(score - sol.score) > 1e-6:
        problems.append(f"solver says {sol.score:g}, checker counts {score:g}")
    result = Result(
        set=task.set,
        instance=raw.name,
        routes=task.routes,
        score=score,
        bks=task.bks,
        gap=_gap(task.bks, score),
        seconds=round(seconds, 2),
        iterations=sol.iterations,
        feasible=not problems,
        problems=problems,
        grils_avg=task.grils[1],
        grils_gap=_gap(task.bks, task.grils[1]),
        seed=task.settings.seed,
    )
    if task.vroom and raw.kind != "mctopmtw":  # VROOM has no windows per day, caps or budget
        from benchmarks.peer import vroom_tour

        vscore, vsec, vproblems = vroom_tour(raw, task.routes, task.rounding)
        if vproblems:
            result.problems += [f"vroom: {p}" for p in vproblems]
        result.vroom_score, result.vroom_seconds = vscore, round(vsec, 2)
        result.vroom_gap = _gap(task.bks, vscore)
    return result


def tasks(
    folder: Path,
    *,
    set_prefix: str,
    routes: tuple[int, ...],
    bks_path: Path | None,
    rounding: str,
    settings: Settings,
    vroom: bool,
    only: tuple[str, ...] = (),
) -> list[Task]:
    bks = instances.load_bks(bks_path)
    scores = {}
    for extra in sorted(folder.rglob("bks.csv")):  # each set's own bks.csv (MCTOPMTW: with GRILS)
        scores.update(instances.load_scores(extra))
    out: list[Task] = []
    for path in instances.discover(folder):
        name = instances.set_name(path, folder)
        if set_prefix and not name.startswith(set_prefix):
            continue
        if only and path.stem not in only:
            continue
        raw = instances.read(path)
        rnd = rounding if rounding != "auto" else instances.rounding_for(raw)
        if raw.kind == "mctopmtw":
            found = next((v for (_, i, m), v in scores.items() if i == path.stem and m == raw.routes), None)
            best = found[0] if found else None
            grils = (found[1], found[2]) if found else (None, None)
            out.append(Task(path, name, raw.routes, rnd, best, settings, vroom, grils))
            continue
        if raw.kind == "ophs":
            trips = len(raw.trip_lengths)
            out.append(Task(path, name, trips, rnd, bks.get((name, path.stem, trips)), settings, vroom))
            continue
        for m in routes:
            known = bks.get((name, path.stem, m))
            if bks and known is None:
                continue  # with a bks file, run the pairs it scores
            out.append(Task(path, name, m, rnd, known, settings, vroom))
    return out


def run(all_tasks: list[Task], workers: int) -> list[Result]:
    if workers <= 1:
        return share_peer([run_one(t) for t in all_tasks])
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return share_peer(list(pool.map(run_one, all_tasks)))


def with_seeds(all_tasks: list[Task], seeds: tuple[int, ...]) -> list[Task]:
    """Each task once per seed (the first seed's task runs the peer, which has no seed):
    per set and m the summary then averages over the seeds, the noise a single run carries."""
    out: list[Task] = []
    for k, seed in enumerate(seeds):
        for t in all_tasks:
            out.append(replace(t, settings=replace(t.settings, seed=seed), vroom=t.vroom and k == 0))
    return out


def share_peer(results: list[Result]) -> list[Result]:
    """Give every seed's row of an instance the peer's score, run once with the first seed."""
    peer = {(r.set, r.instance, r.routes): r for r in results if r.vroom_score is not None}
    for r in results:
        found = peer.get((r.set, r.instance, r.routes))
        if r.vroom_score is None and found is not None:
            r.vroom_score, r.vroom_gap = found.vroom_score, found.vroom_gap
            r.vroom_seconds = found.vroom_seconds
    return results


def summary(results: list[Result]) -> list[dict[str, object]]:
    groups: dict[tuple[str, int], list[Result]] = defaultdict(list)
    for r in results:
        groups[(r.set, r.routes)].append(r)
    rows: list[dict[str, object]] = []
    for (name, m), rs in sorted(groups.items()):
        gaps = [r.gap for r in rs if r.gap is not None]
        vg = [r.vroom_gap for r in rs if r.vroom_gap is not None]
        rows.append(
            {
                "set": name,
                "routes": m,
                "instances": len(rs),
                "mean_gap": round(statistics.mean(gaps), 2) if gaps else None,
                "at_bks": sum(1 for r in rs if r.bks is not None and r.score >= r.bks - 1e-6),
                "infeasible": sum(1 for r in rs if not r.feasible),
                "mean_seconds": round(statistics.mean(r.seconds for r in rs), 2),
                "vroom_mean_gap": round(statistics.mean(vg), 2) if vg else None,
                "below_vroom": sum(
                    1 for r in rs if r.vroom_score is not None and r.score < r.vroom_score - 1e-6
                ),
                "grils_mean_gap": _mean([r.grils_gap for r in rs]),
            }
        )
    gaps = [r.gap for r in results if r.gap is not None]
    vg = [r.vroom_gap for r in results if r.vroom_gap is not None]
    rows.append(
        {
            "set": "ALL",
            "routes": 0,
            "instances": len(results),
            "mean_gap": round(statistics.mean(gaps), 2) if gaps else None,
            "at_bks": sum(1 for r in results if r.bks is not None and r.score >= r.bks - 1e-6),
            "infeasible": sum(1 for r in results if not r.feasible),
            "mean_seconds": round(statistics.mean(r.seconds for r in results), 2) if results else None,
            "vroom_mean_gap": round(statistics.mean(vg), 2) if vg else None,
            "below_vroom": sum(
                1 for r in results if r.vroom_score is not None and r.score < r.vroom_score - 1e-6
            ),
            "grils_mean_gap": _mean([r.grils_gap for r in results]),
        }
    )
    return rows


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(statistics.mean(known), 2) if known else None


def _fmt(x: object) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.2f}" if not x.is_integer() else f"{x:g}"
    return str(x)


def table(results: list[Result]) -> str:
    head = [
        "set",
        "instance",
        "m",
        "seed",
        "score",
        "bks",
        "gap%",
        "sec",
        "ok",
        "vroom",
        "vroom gap%",
        "vroom sec",
    ]
    head += ["GRILS avg", "GRILS gap%"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        cells = [
            r.set,
            r.instance,
            r.routes,
            r.seed,
            r.score,
            r.bks,
            r.gap,
            r.seconds,
            "yes" if r.feasible else "NO",
            r.vroom_score,
            r.vroom_gap,
            r.vroom_seconds,
            r.grils_avg,
            r.grils_gap,
        ]
        lines.append("| " + " | ".join(_fmt(c) for c in cells) + " |")
    lines.append("")
    s_head = [
        "set",
        "m",
        "n",
        "mean gap%",
        "at bks",
        "infeasible",
        "mean sec",
        "vroom mean gap%",
        "below vroom",
        "GRILS mean gap%",
    ]
    lines += ["| " + " | ".join(s_head) + " |", "|" + "---|" * len(s_head)]
    for row in summary(results):
        lines.append("| " + " | ".join(_fmt(v) for v in row.values()) + " |")
    for r in results:
        for p in r.problems:
            lines.append(f"{r.set}/{r.instance} m={r.routes}: {p}")
    return "\n".join(lines)


def as_json(results: list[Result]) -> str:
    return json.dumps({"results": [asdict(r) for r in results], "summary": summary(results)}, indent=1)
