"""An operator's own look without writing templates: a brand file (TOML) or just a name.

    name = "Ararat & Kazbek Travel"
    colour = "#1b6ca8"          # the accent colour, #rrggbb
    contact = "+995 32 200 00 00 · info@example.ge"
    footer = "Licensed tour operator, Tbilisi"
    terms = "Prices and times are indicative; see our booking terms."

Every value is text shown as text (escaped); the colour must be #rrggbb, so nothing from the
file reaches CSS or HTML as code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from tours.catalogue.rows import Problems, read_text
from tours.errors import RequestError
from tours.resources import shown

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FIELDS = ("name", "colour", "contact", "footer", "terms")


@dataclass(frozen=True)
class Brand:
    name: str = ""
    colour: str = "#8a2b2b"
    contact: str = ""
    footer: str = ""
    terms: str = ""


def load_brand(value: str | None) -> Brand:
    """`value`: an operator's name, or the path of a brand file (`*.toml`); None: no brand."""
    if not value:
        return Brand()
    path = Path(value)
    if path.suffix.lower() != ".toml":
        return Brand(name=value)
    if not path.exists():
        raise RequestError(f"brand file {value} does not exist. Hint: a TOML file, or the operator's name.")
    problems = Problems()
    text = read_text(path, problems)  # a regular file of bounded size in UTF-8, or a problem
    if text is None:
        raise RequestError(f"brand file {problems[0]}")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RequestError(f"{shown(path)}: not a UTF-8 TOML brand file: {exc}.") from None
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise RequestError(f"{shown(path)}: unknown key(s) {', '.join(unknown)}. Hint: {', '.join(FIELDS)}.")
    bad = [k for k in FIELDS if k in data and not isinstance(data[k], str)]
    if bad:
        raise RequestError(f"{shown(path)}: {', '.join(bad)} must be text (in quotes).")
    colour = data.get("colour", Brand.colour)
    if not COLOUR.match(colour):
        raise RequestError(f'{shown(path)}: colour {colour!r} is not #rrggbb. Hint: colour = "#1b6ca8".')
    return Brand(**{k: data[k] for k in FIELDS if k in data})
