"""Definitions: the article that says what a term means answers "what does X mean / who counts as X".

Laws and regulations define their terms in articles of their own ("国内产业，是指……的全部生产者",
"本法所称两用物项，是指……", "'Dual-use items' means …"). A question asking what a term means or who counts as
it shares its words with every article that uses the term, and the defining article is seldom the one
they rank first. This stage finds, in the documents the question's best clauses come from, the article
defining a term the question names (in its own words, or through its translations for a question in the
other language) and ranks it first. Definitions are read from the clause texts at question time; nothing is
precomputed in the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.sentences import split_sentences
from rag.lang import spelled_by
from rag.promote import put_first
from rag.types import Clause, Hit

DOCUMENTS = 3  # the documents of this many best clauses are searched for a definition

# what a question asks the meaning of: a quoted term, the words before "是指什么", after "什么是", …
_QUOTED = re.compile(r"[“\"「‘'](?P<t>[^”\"」’']{2,40})[”\"」’']")
_ASKS_ZH = re.compile(r"(?P<t>[\u4e00-\u9fffA-Za-z]{2,16})[”\"」’']?(?:指的?是(?:什么|谁|哪些|啥)|是指什么|是什么意思|什么意思|怎么界定|如何界定|"
                      r"怎样界定|怎么定义|如何定义|的定义是)|(?:什么是|什么叫|何谓|何为)(?P<u>[\u4e00-\u9fffA-Za-z]{2,16})")
_ASKS_EN = re.compile(r"\bwhat (?:does|do|did) (?:the (?:term|word|phrase) )?(?P<t>[^?]{2,60}?) mean\b|"
                      r"\b(?:what|who) (?:is|are) meant by (?:an? |the )?(?P<u>[^?,]{2,60})|"
                      r"\b(?:what|who|which \w+) (?:counts?|qualif(?:y|ies)) as (?:an? |the )?(?P<v>[^?,]{2,60})|"
                      r"\bdefinitions? of (?:an? |the )?(?P<w>[^?,]{2,60})|"
                      r"\bhow (?:is|are) (?:an? |the )?(?P<x>[^?,]{2,60}?) defined\b|"
                      r"^\s*what (?:exactly )?(?:is|are) (?:an? |the )?(?P<y>(?:[\w'’-]+ ){0,3}[\w'’-]+)\s*\?\s*$", re.I)
_CONTEXT = re.compile(r"^.*[里中内的，,]")  # "反补贴条例里，补贴是指什么": the term is what follows the last of these


# "第十条 国内产业，是指……", "本法所称两用物项，是指……", "前款所称进口许可证，包括……" is a list, not a definition
_DEFINES_ZH = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+条\s*)?(?:本(?:法|条例|规定|办法|细则|决定|通知|意见)(?:所称|中的?|所指的?)|本条(?:第.款)?所称|前款所称)?"
                         r"[“\"「]?([\u4e00-\u9fff（）()A-Za-z]{2,16}?)[”\"」]?[，,]?(?:是指|系指|指的是)")
_DEFINES_EN = re.compile(r"^(?:(?:for the purposes? of|under|in) (?:this|these) [\w\s]{2,30}?,\s*)?(?:the terms? )?"
                         r"[\"“‘']?([A-Za-z][\w\s-]{1,40}?)[\"”’']?,?\s+(?:means|shall mean|refers to|is defined as|"
                         r"shall refer to)\b", re.I)


def asked_term(question: str) -> str | None:
    """The term a question asks the meaning of ("国内产业" in "保障措施条例里说的“国内产业”指的是谁？", "subsidy"
    in "What counts as a subsidy?"), or None when it asks something else."""
    zh, en = _ASKS_ZH.search(question), _ASKS_EN.search(question)
    if not zh and not en:
        return None
    if quoted := _QUOTED.search(question):
        return quoted.group("t").strip()
    if zh:
        term = zh.group("t") or zh.group("u")
        return _CONTEXT.sub("", term) if zh.group("t") else term
    return next(g for g in en.groups() if g).strip()


def asks_definition(question: str) -> bool:
    """True when a question asks what a term means or who or what counts as it."""
    return asked_term(question) is not None


def defined_term(sentence: str) -> str | None:
    """The term a sentence defines ("国内产业" in "国内产业，是指……"), if it is a definition."""
    m = _DEFINES_ZH.match(sentence.strip()) or _DEFINES_EN.match(sentence.strip())
    return m.group(1).strip() if m else None


def names_term(asked: str, term: str, translations: Iterable[tuple[str, str]]) -> bool:
    """True when a defined term is the one asked about: in the asked words themselves, or (for a question in the
    other language) written end to end by the translations of those words."""
    if re.search(r"[A-Za-z]", term):
        return re.search(rf"\b{re.escape(term.lower())}s?\b", asked.lower()) is not None
    if term in asked:
        return term == asked or len(term) >= len(asked) - 1 or asked.endswith(term)
    return spelled_by(term, [t for s, t in translations if t and t in term and s.lower() in asked.lower()])


class Definitions(NamedTuple):
    """The ranking with the defining clauses first, and the terms they define (empty when none was found)."""

    hits: list[Hit]
    terms: frozenset[str] = frozenset()

    def decides(self, sentence: str) -> bool:
        """True for a sentence defining one of the terms: it answers without the question's other words."""
        return bool(self.terms) and defined_term(sentence) in self.terms


def with_definitions(hits: list[Hit], question: str, translations: Iterable[tuple[str, str]],
                     clauses_of: Callable[[str], list[Clause]]) -> Definitions:
    """Put first the clause defining the term a question asks the meaning of (see the module docstring).
    translations: (the question's phrase, its translation) pairs."""
    asked = asked_term(question) if hits else None
    if not asked:
        return Definitions(hits)
    targets = tuple(translations)
    docs = list(dict.fromkeys(h.clause.doc_id for h in hits))[:DOCUMENTS]
    found: list[tuple[str, Clause]] = []  # (the longest defined term the question names, its clause)
    for doc in docs:
        for clause in clauses_of(doc):
            terms = [t for s in split_sentences(clause.text) if (t := defined_term(s)) and names_term(asked, t, targets)]
            if terms:
                found.append((max(terms, key=len), clause))
    if not found:
        return Definitions(hits)
    # the most specific term the question names: "微量补贴是指什么？" is about 微量补贴, not 补贴
    longest = max(len(t) for t, _ in found)
    found = [(t, c) for t, c in found if len(t) == longest][:2]
    return Definitions(put_first(hits, [c for _, c in found], "definition"), frozenset(t for t, _ in found))
