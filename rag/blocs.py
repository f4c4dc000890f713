"""Trade blocs: a document names "the Andean countries", "EU member states" or 东盟 where a question names one of
their members ("Peru", "法国", "Vietnam"). A member the corpus never names is still within what a document on its
bloc says; `bloc_named` finds the bloc a corpus names for such a country (rag/data/blocs.json)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from rag import lazyre as re

_BLOCS = Path(__file__).resolve().parent / "data" / "blocs.json"


@lru_cache(maxsize=1)
def _blocs() -> tuple[tuple[tuple[str, ...], frozenset[str]], ...]:
    """(the bloc's names, its members' names lower-cased), per bloc."""
    data = json.loads(_BLOCS.read_text(encoding="utf-8"))["blocs"]
    return tuple((tuple(b["names"]), frozenset(n.lower() for m in b["members"] for n in m.split("|"))) for b in data)


def _names(text, name: str) -> bool:
    """Does the (lower-cased) text name it: as a word in English ("EU", not "Europe"), as written in Chinese? The
    text may be a large index's `rag.sparse.CorpusWords`, which looks its words up instead."""
    low = name.lower()
    if not name.isascii() or not isinstance(text, str):
        return low in text
    return low in text and re.search(rf"(?<![a-z]){re.escape(low)}(?![a-z])", text) is not None


def bloc_named(place: str, text) -> str | None:
    """The name of a bloc the place belongs to that the lower-cased corpus `text` (or a large index's
    `rag.sparse.CorpusWords`) names, or None."""
    member = place.strip().lower()
    for names, members in _blocs():
        if member in members:
            for name in names:
                if _names(text, name):
                    return name
    return None
