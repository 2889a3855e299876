"""The sweep on a Dask cluster: the only module that imports `dask`, and only when a sweep is
given a scheduler (`pip install 'caucasus-tours[cluster]'`).

The catalogue goes to every worker once (`scatter`, broadcast); each task is a run of one
scenario's requests (`tours.analysis.sweep.chunks`), and a worker keeps the networks it built,
so a run, and any later run of the same scenario on that worker, shares them.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from tours.analysis.shared import Networks
from tours.errors import TourError

if TYPE_CHECKING:
    from tours.analysis.batch import NamedRequest
    from tours.analysis.sweep import Cell, Progress, Task, Variant
    from tours.catalogue.model import Catalogue

# per worker process: the networks of the catalogue it was sent (threads of a worker share them)
_NETWORKS: dict[int, tuple[Catalogue, Networks]] = {}
_LOCK = threading.Lock()


def _networks(catalogue: Catalogue) -> Networks:
    with _LOCK:
        found = _NETWORKS.get(id(catalogue))
        if found is None or found[0] is not catalogue:
            _NETWORKS.clear()  # one catalogue at a time: a new sweep's catalogue replaces the last
            found = _NETWORKS[id(catalogue)] = (catalogue, Networks(catalogue))
        return found[1]


def _task(catalogue: Catalogue, run: list[Task]) -> list[Cell]:
    from tours.analysis.sweep import plan_chunk

    return plan_chunk(catalogue, _networks(catalogue), run)


def run_on_dask(
    catalogue: Catalogue,
    variants: tuple[Variant, ...],
    requests: tuple[NamedRequest, ...],
    scheduler: Any,
    progress: Progress | None = None,
) -> list[Cell]:
    """The cells in scenario-major order. `scheduler`: an address (tcp://host:8786) or a Client."""
    from tours.analysis.sweep import chunks

    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        raise TourError("--scheduler needs Dask. Hint: pip install 'caucasus-tours[cluster]'.") from None
    own = not isinstance(scheduler, Client)
    try:
        client = Client(scheduler, timeout=30) if own else scheduler  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise TourError(
            f"cannot reach the Dask scheduler {scheduler!r}: {exc}. Hint: tcp://HOST:8786."
        ) from None
    try:
        runs = chunks(variants, requests, max(1, len(client.scheduler_info()["workers"])))
        shared = client.scatter(catalogue, broadcast=True)
        futures = [
            client.submit(_task, shared, run, key=f"tours-sweep-run-{k}", pure=False)
            for k, run in enumerate(runs)
        ]
        index = {f.key: k for k, f in enumerate(futures)}
        results: list[list[Cell]] = [[] for _ in runs]
        done, total = 0, sum(len(run) for run in runs)
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            results[index[future.key]] = future.result()
            done += len(results[index[future.key]])
            if progress:
                progress(done, total)
        return [c for run in results for c in run]
    finally:
        if own:
            client.close()
