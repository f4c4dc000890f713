"""Matters the documents leave to other rules.

A regulation often settles a case by sending it elsewhere: "军队采购……支付中小企业款项，
按照军队有关规定执行" (military procurement follows the military's own rules), "违反电信条例……的，
由有关机关依法给予处罚" (a breach of another regulation is punished under that law), "具体办法由国务院
另行制定". A question about that case ("what is the payment term for military procurement?") is near
enough to the general rule (30日内支付) for an answer to quote it, yet the documents say the general rule
does not govern it.

This stage looks, among the ranked clauses, for a sentence that names the question's own subject (a rare
term of the question that the quoted sentences lack) and sends it to other rules. When the question asks
for an item (a figure, a period, a date, a body) that sentence does not give, the answer is a refusal that
quotes it.
"""

from __future__ import annotations

from typing import NamedTuple

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.sentences import split_sentences
from rag.types import Citation, Hit

# how a sentence sends a matter to other rules, in either language
DEFERS = re.compile(
    r"(?:按照|依照|根据)[^，,。；;]{0,24}?(?:有关|相关|另行|其他|专门)规定(?:执行|办理)|"
    r"参照[^，,。；;]{1,30}?(?:执行|办理)|另行(?:规定|制定)|"
    r"由[^，,。；;]{2,30}?(?:另行|具体|自行)?规定[。；;]?$|"
    r"(?:应当)?符合国家(?:有关|相关)规定[。；;]?$|"
    r"(?:作出|做出)(?:具体|相应)?规定(?=[，,。；;]|$)|"  # (对……时速、装载质量等作出规定: made elsewhere)
    r"依法(?:给予|予以)?(?:处罚|处理)[。；;]?$|"
    r"\b(?:governed|regulated|handled|dealt with) (?:by|under|in accordance with) (?:other|separate|the relevant|"
    r"relevant|its own)\b|"
    r"\b(?:formulated|prescribed|stipulated|laid down|determined) separately\b|"
    r"\bin accordance with (?:the )?(?:relevant|other|separate) (?:provisions|regulations|rules|laws)\b|"
    r"\b(?:separate|other) (?:rules|regulations|provisions) (?:apply|shall apply|govern)\b", re.I)

DEPTH = 10  # ranked clauses looked through
RARE_SHARE = 0.05  # a term in at most this share of the corpus's passages names a particular subject


_HOME = frozenset({"中国", "我国", "中华人民共和国", "中国人", "china", "chinese", "prc"})


class Deferral(NamedTuple):
    """A sentence that leaves the question's subject (`term`) to other rules, and the hit holding it."""

    hit: Hit
    sentence: str
    term: str


def subject_terms(terms: list[str], df: dict[str, int], passages: int) -> list[str]:
    """The question's terms (its own and their translations) rare enough in the corpus to name a particular
    subject: not 企业 or "company", which most passages hold."""
    out = []
    for t in dict.fromkeys(terms):
        if t.lower() in _HOME:
            continue  # "Chinese officers": China is the country of all the rules, no subject of one (中国人民解放军)
        n = df.get(t, 0)
        if t.isdigit() or len(t) < (2 if not t.isascii() else 4) or not n or n > max(1.0, RARE_SHARE * passages):
            continue
        out.append(t)
    return out


def deferral(subjects: list[str], citations: list[Citation] | tuple[Citation, ...],
             hits: list[Hit]) -> Deferral | None:
    """The first ranked sentence (within DEPTH clauses) of the answer's first document that names a subject of the
    question which the quoted sentences do not, and leaves that subject to other rules; None when there is none.
    The subject is named before the words that defer it ("军队采购……，按照……规定执行"), not in them ("依法处理"
    is no answer to a question that asks who 处理s), and the document is the one the answer quotes first: the one
    whose general rule the case is an exception to."""
    quoted = " ".join(s for c in citations for s in c.sentences if not DEFERS.search(s)).lower()  # (a quoted
    # sentence that defers the subject is the one to refuse with, not an answer that names it)
    own = [t for t in subjects if t.lower() not in quoted]
    if not own or not citations:
        return None
    docs = {citations[0].clause.doc_id}  # (the document of the answer's first point)
    for h in hits[:DEPTH]:
        if h.clause.doc_id not in docs:
            continue
        for sentence in split_sentences(h.clause.text):
            m = DEFERS.search(sentence)
            if not m:
                continue
            subject = sentence[:m.start()].lower()
            term = next((t for t in own if _names(t.lower(), subject)), None)
            if term:
                return Deferral(h, sentence, term)
    return None


def _names(term: str, text: str) -> bool:
    """True when a text names a term as a word (or words) of its own: not 特别 ("special") inside 特别行政区,
    nor "tax" inside "taxi"; a name inside a longer one counts (香港 in 香港特别行政区)."""
    if term.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", text) is not None
    if term not in text:
        return False
    from rag.tokenize import segment

    bounds, at = {0}, 0
    for word in segment(text):  # jieba's accurate cut: where its words begin and end
        at += len(word)
        bounds.add(at)
    start = text.find(term)
    while start >= 0:
        if start in bounds and start + len(term) in bounds:
            return True
        start = text.find(term, start + 1)
    from rag import lexicon

    return lexicon.lexicon().tags_for(term).get(term, "")[:2] in ("ns", "nr", "nt")  # a name within a longer
    # one: 香港 in 香港特别行政区


def deferred_text(found: Deferral, lang: str) -> str:
    """The refusal that says the documents leave the matter to other rules, quoting the sentence."""
    if lang == "zh":
        return f"文件中未找到相关内容：文件把这一事项交由其他规定处理：“{found.sentence}”"
    return f"Not found in the documents: they leave this to other rules: \u201c{found.sentence}\u201d"
