"""A batch of tour requests, the other axis of a sweep: our default set of typical tours, or a
planner's own TOML file.

The default set (`DEFAULT_REQUESTS`) is eight tours an operator in the region is asked for,
chosen to cross each border the scenarios differ on: Armenia to eastern Türkiye and back (the
Margara–Alican question), Georgia to Azerbaijan (the land entries), Armenia to Azerbaijan
(Syunik / Lachin), Türkiye's Black Sea coast to Georgia. All start on a Monday in June, when no
mountain pass is closed, so seasons do not blur the comparison.

A requests file is TOML. Top-level keys are defaults for every request; each `[[request]]`
table is one tour, with the keys of `plan.json`'s request (`tours plan`'s options) and a `name`:

    date = "2027-06-07"
    iterations = 40

    [[request]]
    name = "yerevan-to-kars"
    start = "yerevan"
    end = "kars"
    days = 3
    interests = ["monastery", "unesco"]

`scenario`, `open` and `close` are not request keys here: the sweep's scenarios set them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from tours.errors import RequestError
from tours.planner.request import Request

# what a file may set: the request's own keys, less what the sweep's scenarios decide
KEYS = frozenset(Request(start="x", days=1, date=date(2027, 1, 1)).to_dict()) - {"scenario", "open", "close"}
DEFAULT_DATE = date(2027, 6, 7)  # a Monday in June: every pass open, every site in season
DEFAULT_ITERATIONS = 40  # enough to tell scenarios apart; a sweep's cost is requests x scenarios


@dataclass(frozen=True)
class NamedRequest:
    name: str
    request: Request

    def contract(self) -> dict[str, object]:
        return {"name": self.name, "request": self.request.to_dict()}


def _default(name: str, start: str, end: str, days: int, interests: tuple[str, ...] = ()) -> NamedRequest:
    return NamedRequest(
        name,
        Request(
            start=start,
            end=end,
            days=days,
            date=DEFAULT_DATE,
            interests=interests,
            iterations=DEFAULT_ITERATIONS,
        ),
    )


DEFAULT_REQUESTS: tuple[NamedRequest, ...] = (
    _default("yerevan-to-kars", "yerevan", "kars", 3),  # Ani and Kars: 70 km apart across Margara
    _default("yerevan-to-van", "yerevan", "van", 4),  # Lake Van, Akdamar
    _default("kars-to-yerevan", "kars", "yerevan", 3),
    _default("yerevan-to-igdir", "yerevan", "igdir", 2),
    _default("tbilisi-to-baku", "tbilisi", "baku", 4),  # Red Bridge or a flight
    _default("batumi-to-sheki", "batumi", "sheki", 5),  # across Georgia to Lagodekhi
    _default("yerevan-to-baku", "yerevan", "baku", 5),  # through Syunik, or round by Georgia
    _default("trabzon-to-tbilisi", "trabzon", "tbilisi", 4),
)


def requests_for(value: str) -> tuple[NamedRequest, ...]:
    """`default` (our set) or a TOML file's requests."""
    if value == "default":
        return DEFAULT_REQUESTS
    return load_requests(Path(value))


def load_requests(path: Path) -> tuple[NamedRequest, ...]:
    """The requests of a TOML file; RequestError naming the file and line of what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        raise RequestError(f"{path}: cannot read it ({exc.strerror}).") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RequestError(f"{path}: not TOML: {exc}. Hint: see `tours sweep --help`.") from None
    tables = data.pop("request", None)
    if not isinstance(tables, list) or not tables:
        raise RequestError(f"{path}: no [[request]] table. Hint: one [[request]] per tour.")
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if re.match(r"\s*\[\[\s*request\s*\]\]", line)]
    _check_keys(data, f"{path}:1")
    out: list[NamedRequest] = []
    for i, table in enumerate(tables):
        where = f"{path}:{lines[i] if i < len(lines) else 1}"
        _check_keys(table, where, named=True)
        out.append(NamedRequest(str(table.get("name") or f"request-{i + 1}"), _request(data | table, where)))
    if len({r.name for r in out}) < len(out):
        raise RequestError(f"{path}: two requests have the same name. Hint: give each a name.")
    return tuple(out)


def _check_keys(table: dict[str, Any], where: str, *, named: bool = False) -> None:
    known = KEYS | ({"name"} if named else set())
    for key in table:
        if key not in known:
            hint = (
                "the sweep's --scenarios sets it"
                if key in {"scenario", "open", "close"}
                else "one of " + ", ".join(sorted(known))
            )
            raise RequestError(f"{where}: unknown key {key!r}. Hint: {hint}.")


def _request(table: dict[str, Any], where: str) -> Request:
    """The Request of one table (its own keys over the file's defaults)."""
    values = {"date": DEFAULT_DATE.isoformat(), "iterations": DEFAULT_ITERATIONS, **table}
    values.pop("name", None)
    for key in ("date", "day_start", "day_end"):
        if key in values and not isinstance(values[key], str):
            values[key] = values[key].isoformat()  # TOML has dates and times of its own
    if "start" not in values or "days" not in values:
        raise RequestError(f"{where}: a request needs start and days. Hint: start = 'yerevan', days = 3.")
    try:
        return Request.from_dict(values)
    except (TypeError, ValueError, AttributeError) as exc:
        raise RequestError(f"{where}: {exc}. Hint: the values of `tours plan`'s options.") from None


def with_iterations(requests: tuple[NamedRequest, ...], iterations: int | None) -> tuple[NamedRequest, ...]:
    """The requests with every plan's iteration count set to `iterations` (None: as they are)."""
    if iterations is None:
        return requests
    return tuple(NamedRequest(r.name, replace(r.request, iterations=iterations)) for r in requests)
