"""Every error the library raises on purpose. The CLI turns these into one-line messages."""

from __future__ import annotations


class TourError(Exception):
    """Root of the errors a user can cause; anything else is a bug."""


class CatalogueError(TourError, ValueError):
    """The catalogue data (sites, towns, roads, crossings, scenarios) is invalid.

    Carries every problem found, so that a broken file is fixed in one pass.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        head = f"{len(self.problems)} problem(s) in the catalogue:"
        super().__init__("\n".join([head, *("  " + p for p in self.problems)]))


class UnknownNameError(TourError, LookupError):
    """A site, town, crossing or scenario name that matches nothing."""

    def __init__(self, kind: str, name: str, suggestions: list[str]) -> None:
        self.kind, self.name, self.suggestions = kind, name, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown {kind} {name!r}.{hint}")


class NoRouteError(TourError, LookupError):
    """No road connects two places under the chosen scenario."""


class RequestError(TourError, ValueError):
    """A plan request that cannot be met as asked (bad date, impossible must-see, ...)."""


class InfeasibleError(TourError, RuntimeError):
    """The solver found no tour that keeps every hard constraint."""
