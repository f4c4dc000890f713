"""The English words of a corpus by their stems, so that a word it writes in another form still counts as one it
uses: "documentation" where it writes "documents", "quarterly" where it writes "quarter", "style" where it writes
"Indian-style". Snowball's English stemmer (PyStemmer) decides what is one word; the index's tokens are
only ever looked up, so a check costs the same at any corpus size once the stems are built (once per corpus)."""

from __future__ import annotations

import re
import threading

_WORD = re.compile(r"[a-z]{3,}")
_lock = threading.Lock()
_cache: list[tuple[dict, frozenset[str]]] = []  # (the token counts, their stems): holding the counts keeps their id
_KEEP = 4
# a verb's participle ("priced", "licensing") says that something is done, not that the corpus speaks of the thing:
# a corpus that writes only "priced" does not speak of a price; its stems come from its other words
_PARTICIPLE = ("ed", "ing")
# suffixes that make a word of another meaning than its stem's ("nationality" is no "national" thing, "formality"
# no "form"): such a word is used only as written
_OTHER_MEANING = ("ity", "ities", "ism", "isms")


def _stemmer():
    import Stemmer  # PyStemmer: loaded by the first question that needs it

    return Stemmer.Stemmer("english")


def stems(words: list[str]) -> list[str]:
    """The Snowball (Porter2) stems of lower-case English words."""
    return _stemmer().stemWords(words)


def corpus_stems(df: dict) -> frozenset[str]:
    """The stems of a corpus's English tokens and of each part of its hyphenated ones ("indian-style": indian,
    style), but not of participles (`_PARTICIPLE`), built once per token table."""
    with _lock:
        for table, found in _cache:
            if table is df:
                return found
    words = {part for token in df if token.isascii() for part in token.split("-") if _WORD.fullmatch(part)
             and not part.endswith(_PARTICIPLE)}
    found = frozenset(stems(sorted(words)))
    with _lock:
        _cache.insert(0, (df, found))
        del _cache[_KEEP:]
    return found


def uses_form(word: str, df: dict) -> bool:
    """True when a corpus (its token counts) uses an English word of four letters or more in some form: the word's
    stem is the stem of one of its tokens or of a part of one (not for a word in -ity or -ism)."""
    word = word.lower()
    if len(word) < 4 or not word.isascii() or not word.isalpha() or word.endswith(_OTHER_MEANING):
        return False
    return stems([word])[0] in corpus_stems(df)
