"""Where data lives, and how a path is shown in a message."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "sites"
TEMPLATE_DIR = ROOT / "templates"


def shown(path: Path) -> str:
    """A path relative to the working directory when it is below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
