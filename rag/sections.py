"""Sections named by their heading: "What does the 'Special Considerations' section say?", "「总则」部分讲了什么？".

A question that quotes a heading and calls it a section (part, chapter, heading) looks that section up, as a
question giving an article's number looks up the article (rag/lookup.py): the clause whose heading is the quoted
name, in the documents the question names, else in any document (the best-ranked one when several have it).
Only a quoted name counts: an unquoted phrase ("the features section") is too often a topic, not a heading."""

from __future__ import annotations

from collections.abc import Sequence

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.types import Clause

_OPEN, _CLOSE = "\"'‘“「『", "\"'’”」』"
_NAME = rf"[{_OPEN}]([^{_OPEN}{_CLOSE}\n]{{2,80}}?)[{_CLOSE}]"
_SECTION_EN = re.compile(
    rf"{_NAME}\s+(?:section|part|heading|chapter|subsection|paragraph)s?\b|"
    rf"\b(?:section|part|heading|chapter|subsection)s?\s+(?:called|titled|entitled|named|headed)\s+{_NAME}|"
    rf"\bunder (?:the )?(?:heading |title )?{_NAME}", re.I)
_SECTION_ZH = re.compile(rf"{_NAME}\s*(?:这一?|那一?)?(?:部分|一节|章节|小节|一章|这章|标题|栏目|条目)|"
                         rf"(?:标题|题目)(?:为|是|叫)\s*{_NAME}")


def named_section(question: str) -> str:
    """The heading a question quotes as a section's name ("" when it quotes none)."""
    m = _SECTION_EN.search(question) or _SECTION_ZH.search(question)
    if not m:
        return ""
    return next(g for g in m.groups() if g).strip(" .,:;，。：；")


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def headed(name: str, pool: Sequence[Clause], ranked_docs: Sequence[str] = ()) -> list[Clause]:
    """The clauses of `pool` headed `name` (as written, ignoring case and punctuation; else the one heading that holds
    it, "总则" for "第一章 总则"), of one document: the first of `ranked_docs` that has one, else the first found."""
    key = _key(name)
    if not key:
        return []
    found = [c for c in pool if c.heading and _key(c.heading) == key]
    if not found:
        found = [c for c in pool if c.heading and key in _key(c.heading)]
        if len({c.heading for c in found}) != 1:
            return []
    docs = list(dict.fromkeys(c.doc_id for c in found))
    doc = next((d for d in ranked_docs if d in docs), docs[0] if docs else None)
    return [c for c in found if c.doc_id == doc][:3]
