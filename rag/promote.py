"""Ranking stages that know the clause answering a question (the article defining a term, the one naming a
law's basis) put it first: `put_first` is the one way they do it."""

from __future__ import annotations

from rag.types import Clause, Hit

STEP = 1e-6  # the promoted clauses rank just above the best hit, in the order given


def put_first(hits: list[Hit], clauses: list[Clause], why: str) -> list[Hit]:
    """The ranking with `clauses` first (keeping their retrieval evidence when they were retrieved; else with
    `why` as their source), then the other hits in their order."""
    if not hits or not clauses:
        return hits
    top = hits[0]
    by_id = {h.clause.id: h for h in hits}
    first = [by_id.get(c.id) or Hit(c, top.score, {why: 1}, top.dense, top.lexical) for c in clauses]
    first = [Hit(h.clause, top.score + STEP * (len(first) - n), h.sources, h.dense, h.lexical)
             for n, h in enumerate(first)]
    ids = {c.id for c in clauses}
    return first + [h for h in hits if h.clause.id not in ids]
