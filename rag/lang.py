"""Language of a text: Chinese ("zh") or English ("en")."""

from __future__ import annotations

from collections.abc import Iterable

from rag import lazyre as re  # patterns compiled on first use (cold start)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# A text's runs: Han characters, an English word, a number. The tokens of rag/tokenize.py, and the Han count
# below: one pattern, as a class spanning the Han blocks costs ~1 ms to compile (once per process).
RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]|\d+(?:\.\d+)?%?")


def is_han(ch: str) -> bool:
    """True for a character of the Han blocks `_HAN` spans."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def unified_han_end(text: str, start: int) -> int:
    r"""The end of the run of CJK Unified Ideographs (U+4E00–U+9FFF, the class `[\u4e00-\u9fff]`) that starts at
    `start` (`start` itself when there is none). The patterns that need such a run scan for it with this: a
    character class spanning the block costs ~10 M instructions to compile, a few per cold question."""
    end, n = start, len(text)
    while end < n and "\u4e00" <= text[end] <= "\u9fff":
        end += 1
    return end


def detect_lang(text: str) -> str:
    """Return "zh" when Han characters outweigh English words, else "en".

    A Han character carries about as much as an English word, so the two are
    compared one to one; a text with neither counts as English.
    """
    han = sum(len(run) for run in RUNS.findall(text) if is_han(run[0]))  # every Han character is in a Han run
    words = len(_LATIN_WORD.findall(text))
    return "zh" if han and han >= words else "en"


def has_han(text: str) -> bool:
    """True when the text contains at least one Han character."""
    return bool(_HAN.search(text))


# The characters IGNORECASE matches to an ASCII letter besides A-Z: İ (its simple lower case), ı and ſ (sre's
# equivalences), the Kelvin sign K (lower case k)
_ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def fold_case(text: str) -> str:
    """`text` with every character IGNORECASE equates with an ASCII letter written as that letter, lower case:
    an ASCII word occurs in it exactly where a case-insensitive pattern would find the word. A cheap test
    that a pattern needing the word cannot match, without compiling the pattern."""
    return text.translate(_ASCII_FOLDS).lower()


def spelled_by(term: str, parts: Iterable[str]) -> bool:
    """True when a Chinese term is written end to end by the given words (国内产业: 国内 + 产业)."""
    parts = sorted({p for p in parts if p}, key=len, reverse=True)
    reach = [True] + [False] * len(term)
    for i in range(len(term)):
        if reach[i]:
            for p in parts:
                if term.startswith(p, i):
                    reach[i + len(p)] = True
    return reach[len(term)]


_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st"}


def unligate(text: str) -> str:
    """The text with a PDF's Latin ligatures as their letters ("ﬁne" -> "fine"), as the parser reads it."""
    return text.translate(_LIGATURES) if any("\ufb00" <= ch <= "\ufb06" for ch in text) else text


def squash(text: str) -> str:
    """The text without white space: how a quote is found in a clause whatever the line breaks or spaces."""
    return re.sub(r"\s+", "", text)

