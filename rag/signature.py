"""The signature stage: "who issued the guidance?", "when was it signed?" are answered by the document's
signature (its issuing bodies and date, the clause 署名 / "signature" of rag/clauses.py), which shares no
words with the question and is never searched (rag/chunk.py). For such a question the signature of the
best-ranked document comes first in the ranking, before the clause that found the document. Likewise a
claim about when a named document took effect is decided by its closing provision ("本法自公布之日起施行"),
which comes first for such a claim."""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.answerability import EVENTS, Need, asks_signature
from rag.types import Clause, Hit

STEP = 1e-6  # the signature ranks just above the clause that found its document


def with_signature(hits: list[Hit], need: Need, clauses_of: Callable[[str], list[Clause]]) -> list[Hit]:
    """The ranking with the top document's signature first, when the question asks who issued or signed a
    document, or when (see answerability.asks_signature)."""
    if not hits or not asks_signature(need):
        return hits
    top = hits[0]
    signatures = [c for c in clauses_of(top.clause.doc_id) if c.is_signature]
    if not signatures:
        return hits
    ids = {c.id for c in signatures}
    rest = [h for h in hits[1:] if h.clause.id not in ids]
    first = [Hit(c, top.score + STEP, {"signature": top.clause.id}, top.dense, 0.0) for c in signatures[-1:]]
    return [*first, top, *rest]


def takes_effect(sentence: str) -> bool:
    """True when a sentence says when something takes effect (施行, 生效, "comes into force")."""
    return EVENTS["effect"].search(sentence) is not None


# a question asking when rules took effect, not an event ("when did the zone's approval take effect?")
_OF_RULES = re.compile(r"\b(?:rules?|regulations?|measures|provisions|law|act|guidelines?|notice|order|decree|"
                       r"announcement|circular|decision)\b|"
                       r"办法|规定|条例|细则|规则|公告|通知|决定|法(?![院人律])", re.I)


# a document cited by a number that `strip_doc_numbers` (文号, "Order No. 19") does not take out ("Customs Order 954",
# an executive order's number) or by its 《title》
_NUMBERED_OR_TITLED = re.compile(r"\b(?:Order|Decree|Announcement|Circular|Notice|Document)\s+\d+|《", re.I)


def _cites_a_document(question: str) -> bool:
    from rag.lookup import strip_doc_numbers

    return _NUMBERED_OR_TITLED.search(question) is not None or strip_doc_numbers(question) != question


def effect_documents(question: str, named: tuple[str, ...], hits: list[Hit],
                     clauses_of: Callable[[str], list[Clause]],
                     year_of: Callable[[str], str] | None = None) -> tuple[str, ...]:
    """The documents whose closing provision says when they took effect, for a question asking when: the ones it
    names, else, when it asks it of rules it describes ("when did China's current rules on hazardous substances
    in electronics take effect?"), the document of the best-ranked clause, if it says when it takes effect (a
    fact sheet about a rule says no such thing of itself, and another document's date is no answer)."""
    if named or not hits or not _OF_RULES.search(question) or _cites_a_document(question):
        return named  # (a document cited by its number or title that none of them is: "Customs Order 954")
    top = hits[0].clause.doc_id
    years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", question)
    if years and year_of is not None and (year_of(top) or "")[:4] not in years:
        return ()  # "the 2018 announcement on publishing tax violation cases": not the 2021 measures ranked first
    return (top,) if any(not c.is_signature and takes_effect(c.text) for c in clauses_of(top)) else ()


def with_effect_clause(hits: list[Hit], claim: str | None, named: tuple[str, ...],
                       clauses_of: Callable[[str], list[Clause]]) -> list[Hit]:
    """The ranking with a named document's closing provision on taking effect first, when a claim is about
    when that document took effect ("… took effect on the day it was published"): the last of its clauses
    that says when something takes effect."""
    if not hits or not claim or not named or not takes_effect(claim):
        return hits
    doc = hits[0].clause.doc_id if hits[0].clause.doc_id in named else named[0]
    closing = [c for c in clauses_of(doc) if not c.is_signature and takes_effect(c.text)][-1:]
    if not closing:
        return hits
    top = hits[0]
    rest = [h for h in hits if h.clause.id != closing[0].id]
    return [Hit(closing[0], top.score + STEP, {"closing": top.clause.id}, top.dense, 0.0), *rest]
