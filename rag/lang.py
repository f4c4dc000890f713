"""Language of a text: Chinese ("zh") or English ("en")."""

from __future__ import annotations

from rag import lazyre as re  # patterns compiled on first use (cold start)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_lang(text: str) -> str:
    """Return "zh" when Han characters outweigh English words, else "en".

    A Han character carries about as much as an English word, so the two are
    compared one to one; a text with neither counts as English.
    """
    han = len(_HAN.findall(text))
    words = len(_LATIN_WORD.findall(text))
    return "zh" if han and han >= words else "en"


def has_han(text: str) -> bool:
    """True when the text contains at least one Han character."""
    return bool(_HAN.search(text))
