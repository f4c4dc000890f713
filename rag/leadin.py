"""Items and their lead-in: "有下列行为之一的，处5000元以下的罚款：(一)不标明价格的；…" states the fine once, in the
article's lead-in, for every item under it (or in a paragraph after them: "前款规定的企业信息应当自产生之日起20个工作日内
予以公示"). A question about one item's consequence ("what happens to a shop
that doesn't put price tags on its goods?") finds the item; the article takes the item's place in the ranking
(it holds the item too), and the answer quotes the item with its lead-in (`rag.answer.compose`)."""

from __future__ import annotations

from collections.abc import Callable

from rag.answer import first_item
from rag.answerability import Need, supplies, without_fines
from rag.sentences import split_sentences
from rag.types import Clause, Hit

EXPANDED = 3  # the items among the first hits whose lead-ins are brought in


def lead_in(article: Clause) -> str:
    """The lead-in of an article whose items follow it ("…有下列行为之一的，…罚款："), or ""."""
    parts = split_sentences(article.text)
    first = first_item(parts)
    return "".join(parts[:first]) if first else ""


def own_paragraphs(article: Clause, items: list[Clause]) -> str:
    """The sentences of an article that none of its items holds: its lead-in and its paragraphs after them."""
    held = {x for item in items for x in split_sentences(item.text)}
    return "".join(x for x in split_sentences(article.text) if x not in held)


def with_lead_ins(hits: list[Hit], need: Need, question: str,
                  clauses_of: Callable[[str], list[Clause]]) -> list[Hit]:
    """The ranking with each of its first EXPANDED item clauses that do not hold the asked-for kind of thing
    replaced by its article, when the article's lead-in holds it (the article's own later place is dropped)."""
    if need.kind == "open":
        return hits
    swapped: dict[int, Hit] = {}  # hit rank -> the article in the item's place
    for i, h in enumerate(hits[:EXPANDED]):
        path = h.clause.path
        if "/" not in path or supplies(need, h.clause.text, question):
            continue
        parent_path = path.rsplit("/", 1)[0]
        parent = next((c for c in clauses_of(h.clause.doc_id) if c.path == parent_path), None)
        if parent is None or any(x.clause.id == parent.id for x in hits[:i]) or any(
                x.clause.id == parent.id for x in swapped.values()):
            continue
        head = lead_in(parent) or ""
        if not (head and supplies(need, head, question)):  # "…下列企业信息：(一)…(二)…" then "前款规定的企业信息
            # 应当自产生之日起20个工作日内予以公示": the article's own paragraph after its items
            items = [c for c in clauses_of(h.clause.doc_id) if c.path.startswith(parent_path + "/")]
            head = own_paragraphs(parent, items)
        if need.kind != "penalty" and "fine" not in need.nouns:
            head = without_fines(head)  # "how much cash may I carry?": the fine for not declaring it is no answer
        if head and supplies(need, head, question):
            swapped[i] = Hit(parent, h.score, {**h.sources, "lead-in": h.clause.path}, h.dense, h.lexical)
    if not swapped:
        return hits
    articles = {h.clause.id for h in swapped.values()}
    return [swapped.get(i, h) for i, h in enumerate(hits) if i in swapped or h.clause.id not in articles]
