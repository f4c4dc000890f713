"""Sentence splitting with character offsets, and the normal form used to compare text."""

from __future__ import annotations

import re

from rag.types import Span

_ZH_SENT = re.compile(r"[^。！？；!?;\n]+(?:[。！？；!?;]+[”’」』）)\"]*)?")
_EN_SENT = re.compile(r"\S.*?(?:(?<![.!?])[.!?]+[\"”’)]*(?=\s|$)|$)", re.S)  # lookbehind: linear on "....."
_CLOSER = re.compile(r"^（[^（）]{2,300}(?:负责|牵头)）$")
_NON_WORD = re.compile(r"[\W_]+", re.U)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of text[start:end] as absolute (start, end) offsets, whitespace trimmed."""
    end = len(text) if end is None else end
    out: list[Span] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        base = start + line.start()
        segment = line.group(0)
        pattern = _ZH_SENT if re.search(r"[。！？；]", segment) or not re.search(r"[.!?]\s", segment) else _EN_SENT
        for m in pattern.finditer(segment):
            s, e = base + m.start(), base + m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append((s, e))
    return out


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, in order."""
    return [text[s:e] for s, e in sentence_spans(text)]


def is_closer(sentence: str) -> bool:
    """True for a responsible-departments line such as "（商务部、海关总署等按职责分工负责）"."""
    return bool(_CLOSER.match(sentence.strip()))


def norm(text: str) -> str:
    """Lower-case text without whitespace or punctuation: the form used to compare passages."""
    return _NON_WORD.sub("", text).lower()


def join_spans(text: str, spans: list[Span] | tuple[Span, ...]) -> str:
    """The text covered by spans, joined with a newline where the source had a line break between them."""
    parts: list[str] = []
    prev_end = None
    for s, e in spans:
        if prev_end is not None:
            gap = text[prev_end:s]
            if "\n" in gap:
                parts.append("\n")
            elif gap and text[prev_end - 1].isascii():
                parts.append(" ")
        parts.append(text[s:e])
        prev_end = e
    return "".join(parts)


def merge_spans(text: str, spans: list[Span]) -> list[Span]:
    """Merge spans that are separated only by spaces (not line breaks) into one."""
    out: list[Span] = []
    for s, e in spans:
        if out and text[out[-1][1]:s].strip(" \t\u3000") == "" and "\n" not in text[out[-1][1]:s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
