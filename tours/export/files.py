"""Writing a plan's files: all or nothing.

Everything is rendered first; then the files are written into a temporary folder beside `out`,
and that folder takes `out`'s place in two renames, with SIGINT and SIGTERM held off between
them. An error or an interrupt before the swap leaves the previous outputs as they were and no
stray files; other files the user keeps in `out` move along into the new folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from tours.catalogue.model import Catalogue
from tours.errors import TourError
from tours.export.formats import geojson, visits_csv
from tours.export.render import ItineraryContext, context, render
from tours.itinerary.plan import Plan

if TYPE_CHECKING:
    from tours.itinerary.findings import Finding

OUTPUTS = (
    "plan.json",
    "itinerary.html",
    "itinerary.md",
    "report.html",
    "map.html",
    "route.gpx",
    "calendar.ics",
    "plan.geojson",
    "visits.csv",
)
OPTIONAL = ("itinerary.pdf",)  # made by some runs only: a run without it leaves no stale copy


@dataclass(frozen=True)
class CheckedContext(ItineraryContext):
    """The context of a re-checked plan's templates: also what no longer holds in it (report.html
    shows them where `ctx.findings is defined`)."""

    findings: tuple[Finding, ...] = ()


def write_atomic(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode("utf-8") if isinstance(text, str) else text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a plan is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_plan(
    plan: Plan,
    catalogue: Catalogue,
    out: Path,
    *,
    brand: str | None = None,
    templates: Path | None = None,
    pdf: bool = False,
    findings: tuple[Finding, ...] = (),
) -> list[Path]:
    """Render everything first, then write: a template error leaves no half-written folder.
    `pdf`: also itinerary.pdf, printed by headless Chromium (tours.export.pdf). `findings`: what
    a re-check found no longer holds (`tours render`), shown in report.html."""
    from tours.export.gpx import gpx  # each heavy dependency: imported by the command that uses it
    from tours.export.ics import ics
    from tours.export.webmap import map_html

    ctx = context(plan, catalogue, brand=brand)
    if findings:
        ctx = CheckedContext(**{f.name: getattr(ctx, f.name) for f in fields(ctx)}, findings=findings)
    try:
        texts: dict[str, str | bytes] = {
            "plan.json": plan.to_json(),
            "itinerary.html": render("itinerary.html", ctx, templates=templates),
            "itinerary.md": render("itinerary.md", ctx, templates=templates),
            "report.html": render("report.html", ctx, templates=templates),
            "map.html": map_html(plan, catalogue),
            "route.gpx": gpx(plan, catalogue),
            "calendar.ics": ics(plan, catalogue),
            "plan.geojson": geojson(plan, catalogue),
            "visits.csv": visits_csv(plan),
        }
    except Exception as exc:  # a template from an operator's folder may fail in many ways
        if isinstance(exc, TourError):
            raise
        from tours.export.render import where

        raise TourError(f"{where(exc)}could not render the plan: {type(exc).__name__}: {exc}") from exc
    if pdf:
        from tours.export.pdf import print_pdf

        texts["itinerary.pdf"] = print_pdf(str(texts["itinerary.html"]))
    write_folder(out, texts)
    return [out / name for name in texts]


def write_folder(out: Path, texts: Mapping[str, str | bytes], *, stale: Collection[str] = ()) -> None:
    """Put exactly these files into `out`, all at once (see the module's docstring). A name may
    hold folders ("tour/index.html"): a top folder of `texts` replaces the one `out` had.
    `stale`: names of earlier outputs that this run no longer makes; they go, not kept."""
    given, out = out, out.absolute()
    try:
        if out.exists() and not out.is_dir():
            raise TourError(f"--out {out} is a file, not a folder. Hint: give a folder path.")
        _refuse_to_replace(given, texts)
    except OSError as exc:  # a name too long, a loop of links, a folder we may not read
        raise TourError(f"cannot use --out {out}: {exc.strerror or exc}. Hint: another --out.") from exc
    with _terminate_as_interrupt():
        _write_and_swap(out, texts, stale)


def _write_and_swap(out: Path, texts: Mapping[str, str | bytes], stale: Collection[str]) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as exc:
        raise TourError(f"cannot write into {out.parent}: {exc.strerror}. Hint: another --out.") from exc
    try:
        for name, text in texts.items():
            write_atomic(fresh / name, text)
        os.chmod(fresh, 0o777 & ~_umask())
        if out.exists():
            for kept in out.iterdir():  # the user's own files stay with the outputs
                if kept.name not in {Path(name).parts[0] for name in texts} | set(OPTIONAL) | set(stale):
                    _copy(kept, fresh / kept.name)
        _swap(fresh, out)
    except OSError as exc:
        raise TourError(
            f"could not write {out}: {exc.strerror or exc}. The previous outputs are unchanged."
        ) from exc
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _refuse_to_replace(out: Path, texts: Mapping[str, str | bytes]) -> None:
    """A run replaces the whole folder: never the one we stand in, one above it, or a folder
    of other things (a home, a project) that holds no earlier outputs."""
    try:
        here: Path | None = Path.cwd().resolve()
    except OSError:  # the current folder was deleted
        here = None
    target = out.resolve()
    shown = repr(str(out))  # as given: '' and '.' both show as '.'
    if here is not None and (target == here or target in here.parents):
        raise TourError(
            f"--out {shown} is the current folder or one above it, which a run would replace. "
            "Hint: a folder of its own, e.g. --out out/tour."
        )
    if target == target.parent or target == Path.home().resolve():
        raise TourError(f"--out {out} is a root or home folder. Hint: a folder of its own, e.g. out/tour.")
    ours = {Path(name).parts[0] for name in texts}
    foreign = target.is_dir() and not any((target / name).exists() for name in ours)
    if foreign and next(target.iterdir(), None) is not None:
        raise TourError(
            f"--out {out} already holds other files and no earlier outputs; a run replaces the "
            "folder. Hint: a new or empty folder."
        )


def _swap(fresh: Path, out: Path) -> None:
    """`fresh` takes `out`'s place; if the second rename fails, the first is undone."""
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))  # unique per run
    try:
        with _signals_held():
            moved = out.exists()
            if moved:
                os.replace(out, old)  # onto an empty folder: allowed
            try:
                os.replace(fresh, out)
            except BaseException:
                if moved:
                    os.replace(old, out)
                raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """While writing, SIGTERM raises KeyboardInterrupt as SIGINT does, so the temporary folder is
    cleaned up on the way out instead of left behind by the default action (main thread only)."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except (ValueError, OSError):  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is over (main thread on POSIX; else no-op)."""
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    except (AttributeError, ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _copy(src: Path, dst: Path) -> None:
    if src.is_dir() and not src.is_symlink():
        shutil.copytree(src, dst, symlinks=True)
    else:
        shutil.copy2(src, dst, follow_symlinks=False)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
