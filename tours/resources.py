"""Where the built-in data, templates and static files live: inside the installed package.

`tours/data/sites` and `tours/data/templates` are the repository's top-level `sites/` and
`templates/` (symbolic links in a checkout, copies in a built wheel), reached through
`importlib.resources`, so an installed wheel works from any folder.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from tours.errors import TourError


def _folder(*parts: str) -> Path:
    found = files("tours").joinpath(*parts)
    path = Path(str(found))
    if not path.is_dir():
        raise TourError(
            f"The built-in {'/'.join(parts)} folder is missing from the installed package ({path}). "
            "Hint: reinstall caucasus-tours from a wheel or a full checkout (symbolic links kept)."
        )
    return path.resolve()


def data_dir() -> Path:
    """The built-in catalogue (`sites/`)."""
    return _folder("data", "sites")


def template_dir() -> Path:
    """The built-in templates (`templates/`)."""
    return _folder("data", "templates")


def static_dir() -> Path:
    """Files inlined into pages (Leaflet)."""
    return _folder("export", "static")


def shown(path: Path) -> str:
    """A path relative to the working directory when it is below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
