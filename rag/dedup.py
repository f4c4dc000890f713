"""Repeated passages: which sentence positions of a document repeat an earlier passage.

Scrapes repeat whole passages; laws repeat short boilerplate ("具体办法由国务院规定。") on purpose. So only a
*passage* counts as a repetition: a run of at least MIN_RUN consecutive sentences (MIN_RUN_CHARS normalised
characters or more) that occurs more than once, or a single sentence of LONG_SENTENCE characters or more
(40 Chinese characters, 100 letters: a whole scraped paragraph line, not boilerplate).
One short sentence is never dropped. Of the copies of a repeated sentence one is kept: the one in the clause
whose heading shares most with it, on a tie the first in the text.

A document numbered once through (no clause number occurs twice) has no scraped copies in its numbered
clauses: a law repeats a penalty, a procedure or a whole list of items article by article ("情节严重的，处30万元以上
50万元以下的罚款；" in three articles, 第二十八条's items (二)(三) word for word 第二十六条's) and within an article
from one paragraph to the next, each time of its own case. There the caller passes `numbered_at`, and numbered text
is never a copy; its unnumbered paragraphs still are (a scraped page may repeat its lines). The seeds' scrambled
scrapes print their clause numbers again with the repeated passages.
"""

from __future__ import annotations

from collections.abc import Callable

from rag import lazyre as re
from rag.sentences import is_closer, norm, sentence_spans
from rag.types import Span

MIN_RUN = 2
MIN_RUN_CHARS = 40
LONG_SENTENCE = {"zh": 40, "en": 100}  # normalised characters: about one long Chinese or English sentence
_MIN_KEY = 10  # shorter sentences never count, not even inside a run
MAX_AFFINITY_COPIES = 50  # beyond this many copies the first is kept (placing each by heading costs too much)


def _bigrams(text: str) -> set[str]:
    t = norm(text)
    return {t[i:i + 2] for i in range(len(t) - 1)} if len(t) > 1 else {t}


def repeated_positions(text: str, spans: list[Span], heading_at: Callable[[int], str],
                       numbered_at: Callable[[int], bool] | None = None) -> set[Span]:
    """Sentence spans (within `spans`) that repeat a passage kept elsewhere and are to be dropped.

    `heading_at(position)` is the heading of the innermost clause holding that position; `numbered_at(position)`,
    when given, whether that clause is a numbered one, whose sentences are then never copies."""
    sentences: list[tuple[Span, str]] = []
    for s, e in spans:
        for ss, se in sentence_spans(text, s, e):
            sentence = text[ss:se]
            key = norm(sentence)
            if len(key) >= _MIN_KEY and not is_closer(sentence):  # short ones and closers may repeat freely
                if numbered_at is None or not numbered_at(ss):
                    sentences.append(((ss, se), key))
    where: dict[str, list[int]] = {}
    for i, (_, key) in enumerate(sentences):
        where.setdefault(key, []).append(i)
    in_passage: set[int] = set()
    for key, places in where.items():
        if len(places) < 2:
            continue
        if len(key) >= LONG_SENTENCE["en" if key.isascii() else "zh"]:
            first = places[0]  # (the copies of one said again under another lead-in are not copies of it)
            in_passage.update(i for i in places if i == first or not _under_other_lead_ins(
                text, sentences, first - (back := _same_before(sentences, first, i)), i - back))
            continue
        # each copy against the next one and against the first (not every pair: a line repeated 20,000
        # times would cost 2*10^8 comparisons), so the cost stays linear in the number of copies
        pairs = set(zip(places, places[1:])) | {(places[0], b) for b in places[1:]}
        for a, b in pairs:
            if (a not in in_passage or b not in in_passage) and (run := _run(sentences, a, b)) is not None \
                    and not _under_other_lead_ins(text, sentences, a - run, b - run):
                in_passage.update((a, b))
    drop: set[Span] = set()
    for key, places in where.items():
        copies = [i for i in places if i in in_passage]
        if len(copies) < 2:
            continue
        grams = _bigrams(key)

        def affinity(i: int) -> tuple[float, int]:
            heading = heading_at(sentences[i][0][0])
            share = len(_bigrams(heading) & grams) / len(_bigrams(heading)) if heading else 0.0
            return share, -sentences[i][0][0]

        # a line copied hundreds of times is filler, not a misplaced heading's sentence: keep the first
        keep = max(copies, key=affinity) if len(copies) <= MAX_AFFINITY_COPIES else copies[0]
        drop.update(sentences[i][0] for i in copies if i != keep)
    return drop


# what may stand between a lead-in's colon and its list's first item: the item's number or bullet
_ITEM_OPENING = re.compile(r"\s*(?:\d{1,2}[.)．、]|[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3}|[a-z])[）)]|[一二三四五六七八九十]{1,3}、|"
                           r"[a-z][.)]|[-*•·])?\s*")


def _under_other_lead_ins(text: str, sentences: list[tuple[Span, str]], a: int, b: int) -> bool:
    """True when runs starting at sentences a and b are each the list of a lead-in ending in a colon, and the
    lead-ins differ: a list said again of another case ("declare the value of imports in: 1. Box 5 …; 2. Box 9 …"
    and "declare the value of goods removed in: 1. Box 5 …"), not a scraped copy."""
    if a == 0:
        return False

    def lead_in(i: int) -> str | None:
        (start, end), key = sentences[i - 1]
        said = text[start:end].rstrip()
        between = text[end:sentences[i][0][0]]
        return key if said.endswith((":", "：")) and _ITEM_OPENING.fullmatch(between) else None

    first, second = lead_in(a), lead_in(b)
    return first is not None and second is not None and first != second


def _same_before(sentences: list[tuple[Span, str]], a: int, b: int, most: int = 20) -> int:
    """How many sentences right before a equal those right before b (up to `most`)."""
    n = 0
    while n < most and a - n - 1 >= 0 and b - n - 1 > a and sentences[a - n - 1][1] == sentences[b - n - 1][1]:
        n += 1
    return n


def _run(sentences: list[tuple[Span, str]], a: int, b: int) -> int | None:
    """How many sentences before a (and b) a repeated run of MIN_RUN sentences and MIN_RUN_CHARS around a and b
    starts, None when they form no such run."""
    count, chars = 1, len(sentences[a][1])

    def enough() -> bool:  # the run need not be measured further than the thresholds (bounded cost)
        return count >= MIN_RUN and chars >= MIN_RUN_CHARS

    lo = 0
    while not enough() and a - lo - 1 >= 0 and sentences[a - lo - 1][1] == sentences[b - lo - 1][1]:
        lo += 1
        count, chars = count + 1, chars + len(sentences[a - lo][1])
    hi = 0
    while (not enough() and b + hi + 1 < len(sentences) and a + hi + 1 < b - lo
           and sentences[a + hi + 1][1] == sentences[b + hi + 1][1]):
        hi += 1
        count, chars = count + 1, chars + len(sentences[a + hi][1])
    return lo if enough() else None
