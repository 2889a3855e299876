"""Finding towns and sites by id or any of their names."""

from __future__ import annotations

from dataclasses import dataclass, field

from tours.catalogue.model import Catalogue
from tours.errors import RequestError, UnknownNameError
from tours.names import by_words, fold, index, suggest
from tours.notes import Reason, ReasonCode


@dataclass
class Resolver:
    """Finds towns and sites by id or any of their names (case- and diacritics-insensitive)."""

    catalogue: Catalogue
    _towns: dict[str, str] = field(init=False)
    _sites: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self._towns = index(
            (t.id, (t.name, t.name_local))
            for t in self.catalogue.towns
            if t.kind not in ("checkpoint", "junction", "pass")
        )
        self._sites = index(
            (s.id, (s.name, s.name_local, *s.other_names, *s.name.split(" / "))) for s in self.catalogue.sites
        )

    def town(self, name: str) -> str:
        return self._find("town", name, self._towns)

    def site(self, name: str) -> str:
        return self._find("site", name, self._sites)

    def place(self, name: str) -> str:
        """A town or a site."""
        key = fold(name)
        if key in self._towns:
            return self._towns[key]
        if key in self._sites:
            return self._sites[key]
        return self._find("town or site", name, {**self._sites, **self._towns})

    def routable(self, name: str) -> str:
        """`place(name)`; a RequestError when it is a site whose access allows no visit."""
        found = self.place(name)
        try:
            site = self.catalogue.site(found)
        except KeyError:  # a town
            return found
        if not site.plannable:
            why = Reason(ReasonCode.ACCESS, {"access": site.access, "note": site.access_note})
            raise RequestError(f"{site.name} cannot be routed to: {why.text} Hint: route to a town near it.")
        return found

    def search(self, text: str) -> list[str]:
        """Site ids any of whose names (or id) holds `text` folded, as a word start or anywhere
        ('etchmi' finds Etchmiadzin, 'sameba' finds Tsminda Sameba); whole words first."""
        key = fold(text)
        if not key:
            return []
        whole = by_words(text, self._sites)
        inside = [i for k, i in self._sites.items() if key in k]
        return list(dict.fromkeys([*whole, *inside]))

    @staticmethod
    def _find(kind: str, name: str, table: dict[str, str]) -> str:
        """By id or whole name; else by the words of a name when they name one place only."""
        key = fold(name)
        if key in table:
            return table[key]
        partial = by_words(name, table)
        if len(partial) == 1:
            return partial[0]
        hint = partial[:5] if partial else [table[k] for k in suggest(key, list(table))]
        raise UnknownNameError(kind, name, hint)
