"""The reach matrix as a picture for a report: the only module that imports `matplotlib`.

Top row: hours from each hub (rows) to each hub (columns) under each scenario. Bottom row: the
hours each scenario saves against the first; "new" where the first had no road. Drawn with the
Agg canvas on a `Figure` of its own (no pyplot, no display, no global state), so it runs on a
server and in threads.
"""

from __future__ import annotations

import io
import math

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import ListedColormap, Normalize
from matplotlib.figure import Figure

from tours.analysis.reach import ReachMatrix

CAP_HOURS = 24.0  # the colour scale's end: a day or more looks the same
NO_ROAD = "#d9d9d9"


def _hours(x: float | None) -> float:
    return math.nan if x is None else x / 60


def heat_map_png(m: ReachMatrix, *, dpi: int = 110) -> bytes:
    """The PNG of the matrix: one column per scenario, hours above and hours saved below."""
    k, n = len(m.scenarios), len(m.hubs)
    rows = 2 if k > 1 else 1
    size = 0.42 * n + 1.6
    fig = Figure(figsize=(size * k, size * rows + 0.6), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(rows, k, squeeze=False)
    first = m.minutes[m.scenarios[0]]
    hours_norm, saved_norm = Normalize(0, CAP_HOURS), Normalize(0, CAP_HOURS / 2)
    for j, s in enumerate(m.scenarios):
        table = [[_hours(m.minutes[s][a][b]) for b in m.hubs] for a in m.hubs]
        labels = [["–" if math.isnan(h) else f"{h:.0f}" for h in row] for row in table]
        for i in range(n):
            labels[i][i] = ""
        _panel(axes[0][j], m, table, labels, "viridis_r", hours_norm, f"{s}: hours")
        if rows == 1 or j == 0:
            continue
        saved = [[_saved(first[a][b], m.minutes[s][a][b]) for b in m.hubs] for a in m.hubs]
        labels = [
            [
                "new" if first[a][b] is None and m.minutes[s][a][b] is not None and a != b else ""
                for b in m.hubs
            ]
            for a in m.hubs
        ]
        labels = [
            [
                lab or (f"{v:.0f}" if not math.isnan(v) and v >= 0.5 else "")
                for lab, v in zip(lr, vr, strict=True)
            ]
            for lr, vr in zip(labels, saved, strict=True)
        ]
        _panel(
            axes[1][j], m, saved, labels, "Greens", saved_norm, f"{s}: hours saved against {m.scenarios[0]}"
        )
    if rows == 2:
        axes[1][0].axis("off")
        axes[1][0].text(
            0.5, 0.5, f"base: {m.scenarios[0]}\n(– no road; new: newly reachable)", ha="center", va="center"
        )
    fig.suptitle(f"Travel between hubs, {m.on.isoformat()} (verify every crossing before travel)")
    out = io.BytesIO()
    fig.savefig(out, format="png", metadata={"Software": None})
    return out.getvalue()


def _saved(before: float | None, after: float | None) -> float:
    if after is None:
        return math.nan
    if before is None:
        return CAP_HOURS  # newly reachable: at least a day saved, as `tours impact` counts it
    return max(0.0, (before - after) / 60)


def _panel(
    ax: object,
    m: ReachMatrix,
    table: list[list[float]],
    labels: list[list[str]],
    cmap: str,
    norm: Normalize,
    title: str,
) -> None:
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    ax.set_facecolor(NO_ROAD)  # a cell with no value (no road) shows the background
    ax.imshow(table, cmap=cmap, norm=norm)
    n = len(m.hubs)
    diagonal = [[1.0 if i == j else math.nan for j in range(n)] for i in range(n)]
    ax.imshow(diagonal, cmap=ListedColormap(["white"]))  # a hub to itself: no colour at all
    ax.set_xticks(range(n), [x[:10] for x in m.names], rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(n), [x[:10] for x in m.names], fontsize=7)
    ax.set_title(title, fontsize=8)
    for i in range(n):
        for j in range(n):
            if labels[i][j]:
                value = table[i][j]
                dark = not math.isnan(value) and norm(value) > 0.55
                ax.text(
                    j,
                    i,
                    labels[i][j],
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white" if dark else "black",
                )
