"""Writing a plan's files: all or nothing, each through a temporary file and a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tours.catalogue.model import Catalogue
from tours.errors import TourError
from tours.export.render import context, render
from tours.itinerary.plan import Plan

OUTPUTS = ("plan.json", "itinerary.html", "itinerary.md", "map.html")


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
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
) -> list[Path]:
    """Render everything first, then write: a template error leaves no half-written folder."""
    from tours.export.webmap import map_html  # folium: imported by the command that draws a map

    ctx = context(plan, catalogue, brand=brand)
    try:
        texts = {
            "plan.json": plan.to_json(),
            "itinerary.html": render("itinerary.html", ctx, templates=templates),
            "itinerary.md": render("itinerary.md", ctx, templates=templates),
            "map.html": map_html(plan, catalogue),
        }
    except Exception as exc:  # a template from an operator's folder may fail in many ways
        if isinstance(exc, TourError):
            raise
        raise TourError(f"Could not render the plan: {type(exc).__name__}: {exc}") from exc
    paths = []
    for name in OUTPUTS:
        write_atomic(out / name, texts[name])
        paths.append(out / name)
    return paths
