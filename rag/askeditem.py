"""The clause holding the asked-for item: when a question asks for a figure, a period, a date or a year and none
of the clauses an answer is composed from holds one, a clause ranked a little lower that holds it, in a sentence
on the question's terms, is put first ("How long does the bureau have to decide on our full environmental
report?": the article giving 六十日 for the 报告书, ranked tenth behind articles that only name the report).
The item's check (rag/answerability.py) still reads whatever is then quoted; this stage only lets it see the
clause that can pass it."""

from __future__ import annotations

from rag.answer import AnswerPolicy, sentence_score, topical_weights
from rag.answerability import Need, supplies
from rag.promote import put_first
from rag.sentences import split_sentences
from rag.types import Hit

# the kinds of item a sentence holds or lacks outright (not "open", "org" or "penalty", which many sentences
# answer in part; nor a bare count, which lists and English prose hold in passing: "three broad requirements")
ITEM_KINDS = frozenset({"percent", "money", "period", "date", "year", "frequency"})
ON_TERMS = 0.9  # a further clause's supplying sentence must score this share of the best sentence shown on the
# question's terms: a deadline of another step, in a sentence on fewer of its words, stays where it was


def with_asked_item(hits: list[Hit], need: Need, question: str, weights: dict[str, float],
                    policy: AnswerPolicy) -> list[Hit]:
    """`hits` with the first further hit of the best hit's document holding the asked-for item put first, when
    the clauses shown hold none (see the module's docstring); else unchanged."""
    if need.kind not in ITEM_KINDS or not hits:
        return hits
    shown = hits[: policy.max_clauses + 2]
    if any(supplies(need, s, question) for h in shown for s in split_sentences(h.clause.text)):
        return hits
    topical = topical_weights(weights)
    best = max((sentence_score(s, topical) for h in shown for s in split_sentences(h.clause.text)), default=0.0)
    if best <= 0:
        return hits
    for hit in hits[len(shown):]:
        if hit.clause.doc_id != hits[0].clause.doc_id:
            continue  # (the document the question is about is the best hit's: another's deadline is of another act)
        if any(supplies(need, s, question) and sentence_score(s, topical) >= ON_TERMS * best
               for s in split_sentences(hit.clause.text)):
            return put_first(hits, [hit.clause], "asked-item")
    return hits
