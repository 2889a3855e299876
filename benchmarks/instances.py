"""Read literature instance files into plain data, and turn that data into the solver's `Problem`.

Three formats (see ../shared/benchmarks/*/FORMAT.txt):
- OPTW/TOPTW (KU Leuven): `k v N t`, `D Q`, then `i x y d S f a list O C` per vertex; vertex 0 is the
  depot and its C is the route limit. The number of routes m is not in the file.
- OPHS (Divsalar et al.): `N H D`, `Tmax`, the D trip lengths, then `x y S` for the start hotel, the
  end hotel, the H extra hotels, then the customers.
- MCTOPMTW (Souffriau et al. 2013): `M N B E1..E10`, the depot `0 x y d S O C`, then
  `i x y d S O1 O2 O3 O4 C4 E b e1..e10` per vertex: two windows a tour, alternating by tour
  (E=1: windows 1 and 3 on tours 1 and 3, windows 2 and 4 on tours 2 and 4; E=0 the other way),
  an entrance fee b against the budget B, and 10 types with caps E1..E10 over the tour.

Rounding decides whether a published optimum is reachable: Solomon files (c*, r*, rc*) use integer
units floor(10*d) with windows and service times scaled by 10; Cordeau files (pr*) use ceil(100*d)
with scale 100; OPHS uses unrounded Euclidean distances; MCTOPMTW rounds down to one decimal
(`floor1`, unscaled). Other files: unrounded unless `--rounding`.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tours.solver.problem import INF, Problem

ROUNDINGS = ("solomon", "cordeau", "floor1", "none")


@dataclass(frozen=True)
class Raw:
    """One instance as read from its file, before any rounding."""

    name: str
    kind: str  # "optw" or "ophs"
    path: Path
    xy: tuple[tuple[float, float], ...]
    service: tuple[float, ...]
    score: tuple[float, ...]
    open: tuple[float, ...]
    close: tuple[float, ...]
    trip_lengths: tuple[float, ...] = ()  # OPHS: Td per trip
    hotels: int = 0  # OPHS: number of extra hotels (nodes 2..hotels+1)
    # MCTOPMTW
    routes: int = 0  # M, the number of tours (in the file)
    windows: tuple[tuple[float, ...], ...] = ()  # per vertex O1 O2 O3 O4 C4 (the depot: empty)
    exchanged: tuple[int, ...] = ()  # per vertex E
    fee: tuple[float, ...] = ()
    types: tuple[tuple[int, ...], ...] = ()  # per vertex, 10 flags
    caps: tuple[float, ...] = ()  # E1..E10 over the tour
    budget: float = INF

    def tour_windows(self, v: int, tour: int) -> tuple[tuple[float, float], tuple[float, float]]:
        """MCTOPMTW: the two windows vertex v has on tour `tour` (0-based)."""
        o1, o2, o3, o4, c4 = self.windows[v]
        first = (tour % 2 == 0) == (self.exchanged[v] == 1)  # windows 1 and 3
        return ((o1, o2), (o3, o4)) if first else ((o2, o3), (o4, c4))


class FormatError(ValueError):
    pass


def _numbers(line: str, path: Path, lineno: int) -> list[float]:
    try:
        return [float(t) for t in line.split()]
    except ValueError as exc:
        raise FormatError(f"{path}:{lineno}: {exc}. Hint: expected numbers separated by spaces.") from None


def read_optw(path: Path) -> Raw:
    lines = list(path.read_text().splitlines())
    rows: list[list[float]] = []
    for lineno, line in enumerate(lines[2:], start=3):
        if line.strip():
            rows.append(_numbers(line, path, lineno))
    if not rows:
        raise FormatError(f"{path}: no vertex lines after the two header lines.")
    for lineno, r in enumerate(rows, start=3):
        if len(r) < 9 and not (len(r) >= 8 and r[0] == 0):
            raise FormatError(
                f"{path}:{lineno}: {len(r)} numbers; a vertex line has at least 9 (i x y d S f a O C)."
            )
    return Raw(
        name=path.stem,
        kind="optw",
        path=path,
        xy=tuple((r[1], r[2]) for r in rows),
        service=tuple(r[3] for r in rows),
        score=tuple(r[4] for r in rows),
        open=tuple(r[-2] for r in rows),
        close=tuple(r[-1] for r in rows),
    )


def read_ophs(path: Path) -> Raw:
    # the files end with a line of dashes; anything after the points is ignored
    lines = [ln for ln in path.read_text().splitlines() if ln.strip() and not ln.strip().startswith("-" * 3)]
    head = _numbers(lines[0], path, 1)
    if len(head) != 3:
        raise FormatError(f"{path}:1: expected 'N H D', got {lines[0]!r}.")
    n, h, d = (int(x) for x in head)
    lengths = tuple(_numbers(lines[2], path, 3))
    if len(lengths) != d:
        raise FormatError(f"{path}:3: {len(lengths)} trip lengths, expected D = {d}.")
    pts = [_numbers(ln, path, i) for i, ln in enumerate(lines[3 : 3 + n + h], start=4)]
    if len(pts) != n + h:
        raise FormatError(f"{path}: {len(pts)} point lines, expected N + H = {n + h}.")
    return Raw(
        name=path.stem,
        kind="ophs",
        path=path,
        xy=tuple((p[0], p[1]) for p in pts),
        service=tuple(0.0 for _ in pts),
        score=tuple(p[2] for p in pts),
        open=tuple(0.0 for _ in pts),
        close=tuple(INF for _ in pts),
        trip_lengths=lengths,
        hotels=h,
    )


def read_mctopmtw(path: Path) -> Raw:
    rows = [
        _numbers(line, path, lineno)
        for lineno, line in enumerate(path.read_text().splitlines(), start=1)
        if line.strip()
    ]
    head = rows[0]
    if len(head) != 13:
        raise FormatError(f"{path}:1: expected 'M N B E1..E10' (13 numbers), got {len(head)}.")
    depot, vertices = rows[1], rows[2:]
    if any(len(r) != 22 for r in vertices):
        bad = next(i for i, r in enumerate(vertices, start=3) if len(r) != 22)
        raise FormatError(
            f"{path}:{bad}: a vertex line has 22 numbers (i x y d S O1 O2 O3 O4 C4 E b e1..e10)."
        )
    every = [depot, *vertices]
    return Raw(
        name=path.stem,
        kind="mctopmtw",
        path=path,
        xy=tuple((r[1], r[2]) for r in every),
        service=tuple(r[3] for r in every),
        score=tuple(r[4] for r in every),
        open=(depot[5], *(r[5] for r in vertices)),
        close=(depot[6], *(r[9] for r in vertices)),
        routes=int(head[0]),
        windows=((), *(tuple(r[5:10]) for r in vertices)),
        exchanged=(0, *(int(r[10]) for r in vertices)),
        fee=(0.0, *(r[11] for r in vertices)),
        types=((0,) * 10, *(tuple(int(x) for x in r[12:22]) for r in vertices)),
        caps=tuple(head[3:13]),
        budget=head[2],
    )


def read(path: Path) -> Raw:
    if path.suffix == ".ophs":
        return read_ophs(path)
    if path.name.upper().startswith("MCTOPMTW"):
        return read_mctopmtw(path)
    return read_optw(path)


def rounding_for(raw: Raw) -> str:
    if raw.kind == "ophs":
        return "none"
    if raw.kind == "mctopmtw":
        return "floor1"
    if re.fullmatch(r"pr\d+", raw.name):
        return "cordeau"
    if re.fullmatch(r"(c|r|rc)\d+", raw.name):
        return "solomon"
    return "none"


def scale(rounding: str) -> float:
    return {"solomon": 10.0, "cordeau": 100.0, "floor1": 1.0, "none": 1.0}[rounding]


def distance(a: tuple[float, float], b: tuple[float, float], rounding: str) -> float:
    d = math.hypot(a[0] - b[0], a[1] - b[1])
    if rounding == "solomon":
        return float(math.floor(10 * d + 1e-9))
    if rounding == "cordeau":
        return float(math.ceil(100 * d - 1e-9))
    if rounding == "floor1":
        return math.floor(10 * d + 1e-9) / 10
    return d


def problem(raw: Raw, routes: int, rounding: str) -> Problem:
    """The solver's problem: m parallel routes (OPTW/TOPTW) or chained trips (OPHS)."""
    n, k = len(raw.xy), scale(rounding)
    travel = np.array([[distance(raw.xy[i], raw.xy[j], rounding) for j in range(n)] for i in range(n)])
    service = np.array(raw.service) * k
    score = np.array(raw.score, dtype=float)
    wo = np.array(raw.open) * k
    wc = np.array(raw.close) * k
    if raw.kind == "ophs":
        trips = len(raw.trip_lengths)
        return Problem(
            travel=travel,
            service=service,
            score=score,
            window_open=[wo] * trips,
            window_close=[wc] * trips,
            open=[np.zeros(n)] * trips,
            close=[np.full(n, INF)] * trips,
            length=list(raw.trip_lengths),
            drive_cap=[INF] * trips,
            first=0,
            last=1,
            hotels=tuple(range(raw.hotels + 2)),
            chained=True,
            customers=tuple(range(raw.hotels + 2, n)),
        )
    if raw.kind == "mctopmtw":
        return _mctopmtw(raw, travel)
    depot_open, depot_close = np.full(n, wo[0]), np.full(n, wc[0])
    return Problem(
        travel=travel,
        service=service,
        score=score,
        window_open=[wo] * routes,
        window_close=[wc] * routes,
        open=[depot_open] * routes,
        close=[depot_close] * routes,
        length=[INF] * routes,
        drive_cap=[INF] * routes,
        first=0,
        last=0,
        chained=False,
        customers=tuple(range(1, n)),
    )


def _mctopmtw(raw: Raw, travel: np.ndarray) -> Problem:
    """m unchained tours with two windows per vertex and tour, type caps over the tour, a budget."""
    n, m = len(raw.xy), raw.routes
    opens, closes = [], []
    for tour in range(m):
        wo = np.full((n, 2), 0.0)
        wc = np.full((n, 2), -1.0)
        for v in range(1, n):
            (a, b), (c, d) = raw.tour_windows(v, tour)
            wo[v], wc[v] = (a, c), (b, d)
        wo[0], wc[0] = (raw.open[0], raw.open[0]), (raw.close[0], raw.close[0])
        opens.append(wo)
        closes.append(wc)
    return Problem(
        travel=travel,
        service=np.array(raw.service, dtype=float),
        score=np.array(raw.score, dtype=float),
        window_open=opens,
        window_close=closes,
        open=[np.full(n, raw.open[0])] * m,
        close=[np.full(n, raw.close[0])] * m,
        length=[INF] * m,
        drive_cap=[INF] * m,
        first=0,
        last=0,
        chained=False,
        customers=tuple(range(1, n)),
        types=np.array(raw.types, dtype=float),
        cap_trip=(INF,) * len(raw.caps),
        cap_tour=tuple(raw.caps),
        cost=np.array(raw.fee, dtype=float),
        budget=raw.budget,
    )


def discover(folder: Path) -> list[Path]:
    """Every instance file under `folder`: *.ophs, and *.txt that are not FORMAT/README files."""
    found = list(folder.rglob("*.ophs"))
    found += [p for p in folder.rglob("*.txt") if p.stem.upper() not in ("FORMAT", "README")]
    return sorted(found)


def load_bks(path: Path | None) -> dict[tuple[str, str, int], float]:
    """bks.csv: `set,instance,routes,bks_score,source` -> {(set, instance, routes): score}."""
    return {k: v[0] for k, v in load_scores(path).items()}


def load_scores(path: Path | None) -> dict[tuple[str, str, int], tuple[float, float | None, float | None]]:
    """{(set, instance, routes): (bks, published GRILS best, GRILS average)}: `bks.csv` and, for
    MCTOPMTW, its `grils2013_best` / `grils2013_avg` columns."""
    if path is None or not path.exists():
        return {}
    out = {}
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            best, avg = row.get("grils2013_best"), row.get("grils2013_avg")
            out[(row["set"], row["instance"], int(row["routes"]))] = (
                float(row["bks_score"]),
                float(best) if best else None,
                float(avg) if avg else None,
            )
    return out


def set_name(path: Path, root: Path) -> str:
    """The set an instance belongs to, as bks.csv names it: its folder relative to `root`."""
    rel = path.parent.relative_to(root)
    return rel.as_posix() if rel.parts else path.parent.name
