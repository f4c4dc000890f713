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
from rag.types import Clause, Hit

DOCUMENTS = 3  # the documents of this many best clauses are searched for a definition
STEP = 1e-6  # a defining clause ranks just above the best clause

_ASKS_ZH = re.compile(r"指的?是|是指什么|是什么意思|什么意思|什么叫|何谓|如何界定|怎么界定|怎样界定|怎么定义|如何定义|"
                      r"的定义|算不算|算是|^\s*什么是|^\s*哪些(?:人|企业|单位|产品|物项|技术)?属于")
_ASKS_EN = re.compile(r"\bwhat (?:does|do|did) [^?]{1,60}?\bmean\b|\bwhat is meant by\b|\bwho (?:is|are) meant by\b|"
                      r"\b(?:what|who|which \w+) (?:counts?|qualif(?:y|ies)) as\b|\bcounts? as\b|\bdefinitions? of\b|"
                      r"\bhow (?:is|are|does|do) [^?]{1,60}?\bdefined?\b|\b(?:what|who) (?:is|are) (?:considered|"
                      r"regarded as|deemed|defined as)\b|\bwhat (?:exactly )?(?:is|are) (?:an? |the )?[\w\s'’-]{2,40}\?\s*$",
                      re.I)
# "第十条 国内产业，是指……", "本法所称两用物项，是指……", "前款所称进口许可证，包括……" is a list, not a definition
_DEFINES_ZH = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+条\s*)?(?:本(?:法|条例|规定|办法|细则|决定|通知|意见)(?:所称|中的?|所指的?)|本条(?:第.款)?所称|前款所称)?"
                         r"[“\"「]?([\u4e00-\u9fff（）()A-Za-z]{2,16}?)[”\"」]?[，,]?(?:是指|系指|指的是)")
_DEFINES_EN = re.compile(r"^(?:(?:for the purposes? of|under|in) (?:this|these) [\w\s]{2,30}?,\s*)?(?:the terms? )?"
                         r"[\"“‘']?([A-Za-z][\w\s-]{1,40}?)[\"”’']?,?\s+(?:means|shall mean|refers to|is defined as|"
                         r"shall refer to)\b", re.I)


def asks_definition(question: str) -> bool:
    """True when a question asks what a term means or who or what counts as it."""
    return bool(_ASKS_ZH.search(question) or _ASKS_EN.search(question))


def defined_term(sentence: str) -> str | None:
    """The term a sentence defines ("国内产业" in "国内产业，是指……"), if it is a definition."""
    m = _DEFINES_ZH.match(sentence.strip()) or _DEFINES_EN.match(sentence.strip())
    return m.group(1).strip() if m else None


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


def names_term(question: str, term: str, translations: Iterable[str]) -> bool:
    """True when the question names a defined term, in its words or in its translated terms."""
    if re.search(r"[A-Za-z]", term):
        return re.search(rf"\b{re.escape(term.lower())}\b", question.lower()) is not None
    if term in question:
        return True
    return spelled_by(term, [t for t in translations if t and t in term])


class Definitions(NamedTuple):
    """The ranking with the defining clauses first, and the terms they define (empty when none was found)."""

    hits: list[Hit]
    terms: frozenset[str] = frozenset()

    def decides(self, sentence: str) -> bool:
        """True for a sentence defining one of the terms: it answers without the question's other words."""
        return bool(self.terms) and defined_term(sentence) in self.terms


def with_definitions(hits: list[Hit], question: str, translations: Iterable[str],
                     clauses_of: Callable[[str], list[Clause]]) -> Definitions:
    """Put first the clause defining a term the question asks the meaning of (see the module docstring)."""
    if not hits or not asks_definition(question):
        return Definitions(hits)
    targets = tuple(translations)
    docs = list(dict.fromkeys(h.clause.doc_id for h in hits))[:DOCUMENTS]
    found: list[tuple[str, Clause]] = []  # (the longest defined term the question names, its clause)
    for doc in docs:
        for clause in clauses_of(doc):
            terms = [t for s in split_sentences(clause.text) if (t := defined_term(s)) and names_term(question, t, targets)]
            if terms:
                found.append((max(terms, key=len), clause))
    if not found:
        return Definitions(hits)
    # the most specific term the question names: "微量补贴是指什么？" is about 微量补贴, not 补贴
    longest = max(len(t) for t, _ in found)
    found = [(t, c) for t, c in found if len(t) == longest][:2]
    top = hits[0].score
    by_id = {h.clause.id: h for h in hits}
    first = [by_id.get(c.id) or Hit(c, top, {"definition": 1}, hits[0].dense, hits[0].lexical) for _, c in found]
    first = [Hit(h.clause, top + STEP * (len(first) - n), h.sources, h.dense, h.lexical) for n, h in enumerate(first)]
    ids = {h.clause.id for h in first}
    return Definitions(first + [h for h in hits if h.clause.id not in ids], frozenset(t for t, _ in found))
