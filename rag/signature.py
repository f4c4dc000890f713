"""The signature stage: "who issued the guidance?", "when was it signed?" are answered by the document's
signature (its issuing bodies and date, the clause 署名 / "signature" of rag/clauses.py), which shares no
words with the question and is never searched (rag/chunk.py). For such a question the signature of the
best-ranked document comes first in the ranking, before the clause that found the document."""

from __future__ import annotations

from collections.abc import Callable

from rag.answerability import Need, asks_signature
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
