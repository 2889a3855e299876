"""The one value the planner's stages share: the request resolved against the catalogue and the
network, the clock, the travel matrix, and the reasons collected so far."""

from __future__ import annotations

from dataclasses import dataclass, field

from tours.catalogue.model import Catalogue, Site
from tours.network.graph import Network
from tours.network.matrix import TravelMatrix
from tours.notes import Reason
from tours.planner.clock import Clock, Window
from tours.planner.request import Pace, Request
from tours.solver.problem import Progress


@dataclass
class Job:
    catalogue: Catalogue
    network: Network
    request: Request
    start: str  # town ids
    end: str
    must: tuple[str, ...]  # site ids
    avoid: frozenset[str]
    clock: Clock
    matrix: TravelMatrix
    nights: tuple[tuple[str, int], ...] = ()  # the first nights, resolved: (town id, how many)
    progress: Progress | None = None
    dropped: dict[str, Reason] = field(default_factory=dict)  # site id -> why it is left out

    @property
    def pace(self) -> Pace:
        return self.clock.pace


@dataclass(frozen=True)
class Candidate:
    """A site the solver may choose, with its visit window on each day."""

    site: Site
    windows: list[Window | None]
