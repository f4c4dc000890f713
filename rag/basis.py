"""Legal basis: "which law is this regulation based on?" is answered by the article saying so.

A law or regulation names the law it implements in its first article ("为了……，根据《中华人民共和国对外贸易法》
的有关规定，制定本条例。", "These Regulations are formulated in accordance with the Foreign Trade Law …").
A question asking for that basis shares few words with it (依据, 制定), so this stage finds the basis article
of the documents the question names (or of those its best clauses come from) and ranks it first, one per
document. Basis articles are read from the clause texts at question time.
"""

from __future__ import annotations

from collections.abc import Callable

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.promote import put_first
from rag.types import Clause, Hit

DOCUMENTS = 3  # without a named document, the documents of this many best clauses

_ASKS = re.compile(r"(?:依据|根据|依照|按照)(?:哪部|哪个|哪一部|什么)(?:法律|法规|法)|(?:法律|制定)依据|上位法|"
                   r"\b(?:under|pursuant to|in accordance with|based on) (?:which|what) (?:law|act|statute)s?\b|"
                   r"\b(?:which|what) (?:law|act|statute)s? (?:is|are|was|were|does|do|did) [^?]{0,80}?"
                   r"(?:based on|made under|formulated|enacted|issued|adopted|implement)|\blegal basis\b", re.I)
_STATES_ZH = re.compile(r"(?:根据|依据|依照)《[^》]{2,40}》[^。]{0,80}?制定本(?:条例|法|办法|规定|细则|决定|实施条例)")
_STATES_EN = re.compile(r"\b(?:(?:are|is) (?:hereby )?(?:formulated|enacted|made|adopted|promulgated) "
                        r"(?:in accordance with|pursuant to|under|on the basis of)|(?:in accordance with|pursuant to|"
                        r"on the basis of) the [^.]{3,120}?\b(?:these|this) (?:Regulations|Law|Measures|Rules|Provisions)"
                        r" (?:are|is) (?:hereby )?(?:formulated|enacted|made|adopted))", re.I)


def asks_basis(question: str) -> bool:
    """True when a question asks which law a document is based on or made under."""
    return _ASKS.search(question) is not None


def states_basis(sentence: str) -> bool:
    """True for a sentence naming the law its document is made under ("根据《对外贸易法》……制定本条例")."""
    return bool(_STATES_ZH.search(sentence) or _STATES_EN.search(sentence))


def with_basis(hits: list[Hit], question: str, named: tuple[str, ...],
               clauses_of: Callable[[str], list[Clause]]) -> list[Hit]:
    """Put first the article of each document (the named ones, else those of the best clauses) that names the
    law it is made under, when the question asks for it."""
    if not hits or not asks_basis(question):
        return hits
    docs = list(named) or list(dict.fromkeys(h.clause.doc_id for h in hits))[:DOCUMENTS]
    return put_first(hits, [c for doc in docs for c in _first_basis(clauses_of(doc))], "basis")


def _first_basis(clauses: list[Clause]) -> list[Clause]:
    """The first clause of a document that states its basis (the innermost: an article, not its chapter)."""
    for clause in clauses:
        if states_basis(clause.text):
            return [clause]
    return []
