"""Finding a place by what a person types: id or any name, ignoring case and diacritics."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

# Letters that Unicode decomposition does not reduce to ASCII.
_FOLD = str.maketrans({"ı": "i", "ə": "e", "Ə": "e", "ø": "o", "ß": "ss", "ł": "l", "đ": "d"})


def fold(text: str) -> str:
    """Lowercase, strip diacritics and punctuation: 'Şəki' -> 'seki', 'Kars-Ani' -> 'kars ani'."""
    text = text.translate(_FOLD).casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


def suggest(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to n candidates close to `name`, for a "did you mean" hint."""
    pool = {fold(c): c for c in candidates}
    close = difflib.get_close_matches(fold(name), list(pool), n=n, cutoff=0.6)
    return [pool[c] for c in close]


def index(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Map every folded name (and id) to its id. The first entry to claim a name keeps it."""
    out: dict[str, str] = {}
    for entry_id, names in entries:
        for name in (entry_id, *names):
            key = fold(name)
            if key:
                out.setdefault(key, entry_id)
    return out


def by_words(name: str, table: dict[str, str]) -> list[str]:
    """The ids whose folded names hold every word of `name` as a whole word ('gergeti' finds
    'gergeti trinity church'), in the order of the table; for names typed in part."""
    words = set(fold(name).split())
    if not words:
        return []
    found = [entry_id for key, entry_id in table.items() if words <= set(key.split())]
    return list(dict.fromkeys(found))
