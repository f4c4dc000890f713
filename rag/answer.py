"""Extractive answers: verbatim sentences of the retrieved clauses, each followed by its [n] marker."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from rag import lazyre as re
from rag.lang import squash
from rag.sentences import TABLE_ROW, asks_responsibility, is_closer, norm, split_sentences
from rag.tokenize import token_set, tokenize
from rag.types import Answer, Citation, Clause, Document, Hit, page_of

NOT_FOUND = {"en": "Not found in the documents.", "zh": "文件中未找到相关内容。"}


@dataclass
class AnswerPolicy:
    """Knobs of the extractive answerer.

    Refusal: the support score of a question is the best cosine of its top-3 clauses plus `alpha`
    times the best share of its (idf-weighted, translated) terms found in one of them; below
    `threshold` the documents are taken not to answer it. Both are per question language. The later
    stages (answerability, things never mentioned, claims) refuse most near misses on their own, so the
    threshold only has to stop questions that match nothing well. en: 0.80. It was 0.911, the middle of
    the seeds split's gap (highest unanswerable 0.902, lowest answerable 0.919), but everyday English
    questions over a new document score lower against its Chinese clauses: over a State Council regulation
    nobody tuned on (tests/fixtures/structures/countervailing_regulations.md, 14 English questions written
    for it), 5 whose right clause ranked in the top 3 scored 0.81–0.87 and were refused. At 0.85 the seeds
    split answers one more unanswerable question (refused 27 → 26 of 30) and no answerable one is refused
    more. 0.85 → 0.80 (stop 15): the fresh split (written blind, then read) answers one more English→Chinese
    question ("What's the absolute longest a safeguard can stay in place…?", 0.846); seeds, unseen and dev
    measured the same, near misses included. zh: 0.99 → 0.92 (stop 22), just above a Chinese question's over
    English clauses: colloquial Chinese questions over a new law ("车企确定要召回一批车，得先把召回方案报给谁？", 0.927;
    "……能不能少罚点？", 0.939) were refused with the right article ranked first or third. Over every tuned split
    (seeds, unseen, dev, fresh, blind … blind24) it refused no near miss fewer and answered three more
    questions; holdout, blind11, blind13 and blind15 measured the same or better (blind15: one wrong refusal
    fewer); 0.88 measured the same as 0.92. 0.92 → 0.90 (stop 59), now the same over Chinese and English
    clauses: with the support check off, four tuned splits (blind28, 31, 34, 41) had three colloquial Chinese
    questions over Chinese laws at 0.907–0.918 that nothing later refused, two of them citing the right clause
    ranked first ("粮库里的粮食放久了快不行了，该怎么办？"), and no Chinese near miss between 0.80 and 0.95
    (each scored more, or a later stage refused it). Raising `threshold` refuses more of both.
    """

    alpha: dict = field(default_factory=lambda: {"zh": 0.9, "en": 0.3})
    threshold: dict = field(default_factory=lambda: {"zh": 0.90, "en": 0.80})
    # a Chinese question whose best clause is English: its terms reach the clause only through translation, so
    # support is lower for the same answer (answerable ones measured 0.907 and 0.987 on the dev and fresh
    # splits; every unanswerable one of the four tuned splits scored 1.009 or more, and the later stages refuse
    # those). English questions are mostly over Chinese clauses already: their threshold is the same.
    # (zh 0.90 → 0.88 was tried at stop 59, to stay below `threshold`: the four splits measured the same from 0.70
    # to 0.96, but the full run answered one more near miss, blind53 cf079 at 0.88–0.90, and gained nothing)
    cross_threshold: dict = field(default_factory=lambda: {"zh": 0.90, "en": 0.80})
    # a claim is judged "supported" only on stronger support than an answer needs (below it, only a
    # contradiction is evidence enough). zh 0.99 → 0.95, en 0.911 → 0.885 (stop 26): over the 399 claims of the 27
    # read splits, five true claims whose quoted clause states them (blind5 m057, blind6 n062, blind12 w057,
    # blind26 be058, blind36 bo059: support 0.888–0.909) were refused as not stated, and one not-stated claim
    # (0.899) is now judged supported; below 0.885 "the documents require all imported cars to be electric" (0.880
    # on the seeds) would be judged supported (tests/test_claims.py)
    claim_threshold: dict = field(default_factory=lambda: {"zh": 0.95, "en": 0.885})
    max_clauses: int = 3
    max_sentences: int = 4
    max_chars: int = 600
    min_relative: float = 0.35  # a sentence scoring below this share of the best one is left out
    # a clause in the other language than the question's is found through translated terms, and a wrong
    # dictionary sense matches many sentences ("hit back" -> 支持); the embedder compares meaning across
    # languages, so the other-language clauses whose cosine is within `dense_window` of the best of them get
    # up to `dense_share` of the best sentence's term score (0 -> 0.4 on the dev split: English->Chinese
    # 28 -> 30 of 39, answerable cited 62 -> 64 of 81; seeds 108 -> 109 of 115 cited; unseen unchanged)
    dense_share: float = 0.4
    dense_window: float = 0.05
    # ...and sentence by sentence: the sentences whose own meaning (the language-agnostic embedder's cosine to the
    # question) is within `sentence_window` of the closest get up to `sentence_share` of the best term score, so
    # that of a clause's sentences, and of the top clauses, the one saying what was asked is quoted even when a
    # dictionary sense misses its words ("make people work longer hours" for 延长职工工作时间). 0 -> 0.5 (stop 53):
    # on 20 tuned splits 32 questions gained, 20 lost (only other-language sentences: 25 gained, 15 lost); on all
    # 78 splits, with stop 53's other changes, tuned 101 gained and 59 lost, the 21 unread splits 48 and 20,
    # seeds unchanged
    sentence_share: float = 0.5
    sentence_window: float = 0.1
    prefer_share: float = 0.35  # a sentence holding the asked-for item is preferred when on the question's terms
    # (0.5 -> 0.35, measured on the dev split: English->Chinese 26 -> 28 of 39, wrongly refused 6 -> 4 of 72,
    # unanswerable refused 20 of 22 both; seeds 107 -> 108 cited; unseen one more near miss answered, 25 -> 24 of 27)
    min_relative_new_clause: float = 0.5  # ...and this share to bring in another clause (eval: precision
    # 0.49 -> 0.54 at no cost in citation accuracy; 0.6 trades 0.02 accuracy for 0.04 precision)


def clause_page(doc: Document, clause: Clause) -> int | None:
    """The page on which a clause's text starts (None for documents without pages)."""
    return page_of(doc, clause.spans[0][0]) if clause.spans else None


def first_item(parts: list[str]) -> int | None:
    """The index of a clause's first item ("(一)…") when the parts before it end as a lead-in ("……罚款：",
    "……罚款；"); None for a clause without one."""
    first = next((i for i, p in enumerate(parts) if _ITEM.match(p)), None)
    return first if first and parts[first - 1].rstrip().endswith(_LEADS_IN) else None


def _sentence_score(sentence: str, weights: dict[str, float]) -> float:
    """The query's term weight a sentence holds; an English word counts in its inflected forms too ("who has to
    sign it?": "completed and signed by the exporter")."""
    toks = token_set(sentence)
    from rag.translate import _lemma

    english = frozenset(t for t in weights if t.isascii() and t.isalpha())
    based = {base for t in toks if t.isascii() and t.isalpha() and t not in weights
             and (base := _lemma(t, english)) in english and base not in toks} if english else set()
    return sum(w for t, w in weights.items() if t in toks) + sum(weights[b] for b in based)


def coverage(text: str, weights: dict[str, float]) -> float:
    """Share of the query's term weight found in a text."""
    total = sum(weights.values())
    if not total:
        return 0.0
    toks = token_set(text)
    return sum(w for t, w in weights.items() if t in toks) / total


def term_weights(tokens: list[tuple[str, float]], df: dict[str, int], n_docs: int) -> dict[str, float]:
    """Query term weights: the given weight times an idf from chunk frequencies."""
    out: dict[str, float] = {}
    for tok, w in tokens:
        idf = math.log(1 + (n_docs + 1) / (df.get(tok, 0) + 0.5))
        if df.get(tok, 0) == 0:
            idf *= 0.25  # a term the corpus never uses cannot help choose a sentence
        out[tok] = max(out.get(tok, 0.0), w * idf)
    return out


def asking_weights(plan, weights: dict[str, float]) -> dict[str, float] | None:
    """The weights of the terms of a question's asking sentences (their own words and their words' translations),
    when a scenario is told before them; None when the whole question asks."""
    from rag.answerability import asking_sentences

    asking = asking_sentences(plan.question)
    if asking.strip() == plan.question.strip():
        return None
    low = asking.lower()
    tokens = set(tokenize(asking))
    for source, target, _, _ in plan.translations:
        if source.lower() in low:
            tokens.update(tokenize(target))
    return {t: w for t, w in weights.items() if t in tokens} or None


def question_share(plan, both: dict[str, float], df: dict[str, int], n_docs: int) -> Callable[[Clause], float]:
    """How much of a question a clause holds, as its language writes the question: a clause in the question's
    language by the question's own terms, one in the other language by the question's words that it holds in
    some translation (each word counted once, by its best sense: a word with three senses is not three words).
    both: the question's term weights in both languages at once (`term_weights` of all its tokens), which an
    English question keeps (its grouped share measured worse)."""
    own = term_weights([(t, 1.0) for t in plan.tokens] + list(plan.synonym_tokens), df, n_docs)
    words: dict[str, dict[str, float]] = {}  # a translated word -> its senses' tokens and weights
    for source, target, _, weight in plan.translations:
        for tok, w in term_weights([(t, weight) for t in tokenize(target)], df, n_docs).items():
            senses = words.setdefault(source.lower(), {})
            senses[tok] = max(senses.get(tok, 0.0), w)

    def share(clause: Clause) -> float:
        text = clause.heading + clause.text
        if plan.lang == "en" or not words:
            return coverage(text, both)
        if clause.lang == plan.lang:
            return coverage(text, own)
        toks = token_set(text)
        held = sum(max((w for t, w in senses.items() if t in toks), default=0.0) for senses in words.values())
        return held / sum(max(senses.values()) for senses in words.values())

    return share


def support(hits: list[Hit], lang: str, policy: AnswerPolicy) -> float:
    """How well the top clauses support an answer (see AnswerPolicy)."""
    if not hits:
        return 0.0
    top = hits[:3]
    return max(h.dense for h in top) + policy.alpha.get(lang, 0.4) * max(h.lexical for h in top)


def should_refuse(hits: list[Hit], lang: str, policy: AnswerPolicy, claim: bool = False) -> bool:
    """True when the documents do not support an answer to the question (for a claim: a verdict)."""
    cross = bool(hits) and hits[0].clause.lang != lang
    threshold = (policy.claim_threshold if claim else policy.cross_threshold if cross else policy.threshold).get(lang, 0.92)
    return not hits or support(hits, lang, policy) < threshold


_CONTINUED = ("；", ";")  # a sentence part ending so is continued by the next
# the part before an article's first item ending so leads in its items ("…下列事项：", "… a report that describes—")
_LEADS_IN = ("：", ":", "；", ";", "—")
_ITEM = re.compile(r"\s*[(（][一二三四五六七八九十\d]{1,3}[)）]")
CONTINUATION_SHARE = 0.9  # of its lead's term score, the least a continuing part scores
# a sentence that speaks of what an earlier one named: "The mark is required for 23 categories …" after "The China
# Compulsory Certification (CCC) mark is …"; "It/This/Such …" and 该/上述/此 after the sentence before
_BACK_REFERENCE_EN = re.compile(r"^(?:The|These|Those|This|That|Such)\s+((?:[a-z-]+\s+){0,2}[a-z-]+)\b")
_PRONOUN_OPENER = re.compile(r"^(?:It|They|Its|Their|This|These|Such)\b|^(?:该|上述|此|其)")


# a Chinese sentence about the paragraph or item before it: "前款规定的…", "上述…", "前两款…"
_PREVIOUS_PARAGRAPH = re.compile(r"(?:前款|前述|上述|前项|前[两二三四]款|前[一二三四五六七八九十]项)")


# an item of a list ("(ii)", "(b)", "(3)", "（三）", "3.") and the words that join items ("or", "and", 或者)
_LISTED = re.compile(r"\s*(?:[(（](?:[ivx]{1,5}|[a-zA-Z]|[一二三四五六七八九十\d]{1,3})[)）]|\d{1,2}[.、](?!\d))")
_JOINS_ITEMS = re.compile(r"\s*(?:or|and|and/or|或者|或|以及|并且)\s*[;；,，]?\s*", re.I)
_BULLET = re.compile(r"\s*[-*•▪]\s+(?=\S)")  # an unnumbered item ("-   Semiconductors: …", "• …")


def _numbering(part: str, bullets: bool = True) -> str | None:
    """How an item is numbered: "roman" ((ii)), "lower" ((b)), "upper" ((B)), "digit" ((3), 3.), "han" (（三）),
    "bullet" (a Markdown or printed bullet; None for one when not `bullets`)."""
    if _BULLET.match(part):
        return "bullet" if bullets else None
    m = _LISTED.match(part)
    if not m:
        return None
    mark = m.group(0).strip(" \t()（）.、")
    if re.fullmatch(r"[ivx]+", mark):
        return "roman"
    if mark.isascii() and mark.isalpha():
        return "lower" if mark.islower() else "upper"
    return "digit" if mark.isdigit() else "han"


def lead_in(parts: list[str], order: int, bullets: bool = True) -> int | None:
    """The sentence ending in a colon that leads in the item `parts[order]`, past the items and joining words
    before it ("(b) The prohibitions … shall take effect:", "(i) …;", "or", "(ii) … 60 days after …"); None for
    a sentence that is no item or has no lead-in, or whose lead-in is its sibling ("(c) …" after "(b) …:").
    bullets: a bulleted line ("-   Semiconductors: …") is an item too."""
    style = _numbering(parts[order], bullets)
    if style is None:
        return None
    first = order
    for before in range(order - 1, -1, -1):
        part = parts[before].rstrip()
        if part.endswith((":", "：")):
            lead_style, first_style = _numbering(part, bullets), _numbering(parts[first], bullets)
            return before if lead_style != style and first_style == style else None
        if _numbering(part, bullets) is not None:
            first = before
        elif not _JOINS_ITEMS.fullmatch(part):
            return None
    return None


_TABLE_RULE = re.compile(r"\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*")  # "| --- | :---: |"


def table_header(parts: list[str], order: int) -> int | None:
    """The header row of the Markdown table whose row `parts[order]` is ("| Step | Requirement | Time |" for
    "| 3 | Obtain a business license | 5-10 days |"): what its cells are. None for a sentence that is no row."""
    if not TABLE_ROW.fullmatch(parts[order]) or _TABLE_RULE.fullmatch(parts[order]):
        return None
    for before in range(order - 1, 0, -1):
        if not TABLE_ROW.fullmatch(parts[before]):
            return None
        if _TABLE_RULE.fullmatch(parts[before]):
            return before - 1 if before - 1 != order and TABLE_ROW.fullmatch(parts[before - 1]) else None
    return None


def antecedent(parts: list[str], order: int, chinese: bool = True, bullets: bool = True) -> int | None:
    """The earlier sentence of a clause that `parts[order]` speaks of, or None: an item's lead-in (see `lead_in`),
    a table row's header (see `table_header`);
    the nearest one holding the words of its opening definite phrase ("The application process" after "… involves
    an application process …") or, in Chinese, its first two characters (修改内容 after "……修改平台服务协议……"),
    else the sentence just before for one opening with a pronoun ("It", "This", 该). chinese: follow a Chinese
    sentence's first word (off for claims). bullets: a bulleted line is an item, read with its lead-in (off
    for claims: a claimed figure is of the item's own subject, "Syringes: … 50 percent", not of every item
    under it)."""
    if order == 0:
        return None
    if (lead := lead_in(parts, order, bullets)) is not None:
        return lead
    if (header := table_header(parts, order)) is not None:
        return header
    sentence = parts[order].lstrip()
    m = _BACK_REFERENCE_EN.match(sentence)
    if m:
        from rag.translate import EN_STOPWORDS

        words = m.group(1).lower().split()
        for n in range(len(words), 0, -1):  # the longest phrase an earlier sentence holds ("application process")
            if words[n - 1] in EN_STOPWORDS:
                continue
            phrase = re.compile(r"\b" + r"\s+".join(map(re.escape, words[:n])) + r"\b")
            for before in range(order - 1, -1, -1):
                if phrase.search(parts[before].lower()):
                    return before
    if _PRONOUN_OPENER.match(sentence):
        return order - 1
    first = sentence[:2]  # (its first two characters, most often its first word: no segmenter loaded for it)
    if chinese and len(first) == 2 and all("\u4e00" <= ch <= "\u9fff" for ch in first):  # "修改内容应当至少在实施前七日予以公示"
        return next((before for before in range(order - 1, -1, -1) if first in parts[before]), None)  # after "……修改……"
    return None


def _meaning_closeness(hits: list[Hit], lang: str, policy: AnswerPolicy) -> list[float]:
    """Per hit, 1 for an other-language clause of the best cosine of all, falling to 0 at `dense_window` below
    it; 0 for a clause in the question's own language, whose terms are the question's own (and an
    other-language clause is raised only when no clause in the question's language is closer in meaning)."""
    if all(h.clause.lang == lang for h in hits):
        return [0.0] * len(hits)
    best = max(h.dense for h in hits)
    return [max(0.0, 1.0 - (best - h.dense) / policy.dense_window) if h.clause.lang != lang else 0.0
            for h in hits]


def _closer_in_meaning(candidates: list[tuple[float, int, int, str]], meaning: Callable[[list[str]], list[float]],
                       top_term: float, policy: AnswerPolicy) -> list[tuple[float, int, int, str]]:
    """The candidate sentences with the bonus of their meaning: up to `sentence_share` of the best term score for
    the sentence closest to the question, falling to nothing `sentence_window` below its cosine."""
    cosines = meaning([sentence for *_, sentence in candidates])
    best = max(cosines)
    return [(score + policy.sentence_share * top_term * max(0.0, 1.0 - (best - cos) / policy.sentence_window),
             rank, order, sentence) for cos, (score, rank, order, sentence) in zip(cosines, candidates)]


_MEASURE_WORDS = frozenset("year month week day hour minute percent many much long time deadline period 年 月 日 天 周 小时 "
                           "多少 几 时间 期限 时限 期满 届满 到期".split())  # (and a period's end: "before time runs out")


def compose(question: str, lang: str, hits: list[Hit], weights: dict[str, float],
            documents: dict[str, Document], policy: AnswerPolicy,
            prefer: Callable[[str], bool] | None = None,
            decisive: Callable[[str], bool] | None = None, by_meaning: bool = True,
            asked: dict[str, float] | None = None, asks_item: bool = False,
            meaning: Callable[[list[str]], list[float]] | None = None,
            tier: Callable[[str], bool] | None = None, keep_top: bool = False) -> tuple[str, list[Citation]]:
    """Pick the best sentences from the top clauses and number the clauses they come from.

    prefer: sentences that hold what the question asks for (a figure, a date); among sentences on the
    question's terms (at least `policy.prefer_share` of the best term score) these are raised to the top.
    decisive: sentences that answer without sharing the question's terms (a signature, for "who signed
    it?"); these are raised to the top whatever their terms.
    by_meaning: raise the other-language clauses closest in meaning (see AnswerPolicy.dense_share); off for
    a claim, whose verdict rests on the sentence that states its terms.
    asks_item: `prefer` holds the item a question asks for ("how many years …?"), whose measure words are then
    no topic a preferred sentence must share (a claim's figure, by contrast, is what its sentence must state).
    asked: the term weights of the sentences that ask, when a scenario is told before them ("We collect royalties
    from a Chinese licensee. What income tax rate applies?"): a sentence on the asking sentences' terms may be
    preferred even when the scenario's rarer terms score other sentences higher.
    meaning: the cosines of sentences to the question in a language-agnostic embedding (see
    AnswerPolicy.sentence_share); used only with `by_meaning`.
    tier: sentences stating the tier the asker's case is in ("已满10年不满20年的，年休假10天" for "工作十五年了，能休
    几天？", rag/bands.py); raised as a preferred sentence is, whatever their terms (a tier of a list seldom repeats
    what the list is of).
    keep_top: the best sentence of the first hit is quoted whatever its score, beside the others (one clause more
    than `policy.max_clauses` if need be)."""
    candidates: list[tuple[float, int, int, str]] = []  # (score, hit rank, sentence order, sentence)
    who = asks_responsibility(question)  # "which departments are responsible …": the closer lines answer it
    terms: list[float] = []
    reaches: list[float] = []  # a sentence's term score, or that of the earlier sentence it speaks of if higher
    asking: list[float] = []  # a sentence's score on the asking sentences' terms
    spoken_of: list[tuple[tuple[int, int], float]] = []  # (hit rank, order) of a sentence a later one speaks of,
    # and that later sentence's own score
    pool = hits[: policy.max_clauses + 2]
    # the words a question measures its answer in ("how many years …") are no topic: a sentence is preferred for
    # holding the asked-for item only when it shares the question's other words ("within the next two years" of
    # airports is no answer to how many years bid records are kept)
    topical = {t: w for t, w in weights.items() if t not in _MEASURE_WORDS} if prefer and asks_item else weights
    closeness = _meaning_closeness(pool, lang, policy) if by_meaning else [0.0] * len(pool)
    leads: dict[tuple[int, int], tuple[int, str]] = {}  # (hit rank, order) of a part after "；" or of an item ->
    # (order, text) of the part it continues or the lead-in it is read with
    for rank, hit in enumerate(pool):
        prior = 1.0 / (1 + rank)
        parts = split_sentences(hit.clause.text)
        items_from = first_item(parts)
        for order, sentence in enumerate(parts):
            if (is_closer(sentence) and not who) or (len(norm(sentence)) < 4
                                                     and not (decisive is not None and decisive(sentence))):
                continue  # (a signature's "商务部" is short, and answers "who issued it?")
            # a responsible-departments line answers a "who is responsible" question in full
            term = sum(weights.values()) if who and is_closer(sentence) else _sentence_score(sentence, weights)
            if items_from is not None and order >= items_from and _ITEM.match(sentence):
                # "(三)在标价之外加价出售商品的；" is read with the lead-in its article states once for every item
                # ("有下列行为之一的，……处5000元以下的罚款：")
                leads[(rank, order)] = (0, parts[0])
            elif by_meaning and (lead := lead_in(parts, order)) is not None:  # "(ii) … 60 days after
                # the determination" is quoted with "(b) The prohibitions … take effect:", "-   Semi-
                # conductors: …" with "… for the following products:" (an item after "(i) …;" is its sibling,
                # not its continuation; a claim's verdict is read from the item's own words, quoted as before)
                leads[(rank, order)] = (lead, parts[lead])
            elif order and parts[order - 1].rstrip().endswith(_CONTINUED):
                # "……立即发放自动进口许可证明；在特殊情况下，最长不得超过10天。": the part after the semicolon
                # is about what the part before it is about, and is quoted with it
                leads[(rank, order)] = (order - 1, parts[order - 1])
                term = max(term, CONTINUATION_SHARE * _sentence_score(parts[order - 1], weights))
            elif (lead := lead_in(parts, order, bullets=False)) is not None:
                leads[(rank, order)] = (lead, parts[lead])
            elif (header := table_header(parts, order)) is not None:  # a table row, under its header row
                leads[(rank, order)] = (header, parts[header])
            terms.append(term)
            # (what it speaks of counts towards preferring it; a claim's figure, by the sentence's own
            # subject: "流动性资产……不得低于25%" is no ratio of bonds)
            back = antecedent(parts, order, chinese=by_meaning, bullets=by_meaning)
            own = _sentence_score(sentence, topical) if topical is not weights else term
            if back is not None and by_meaning:  # and what it speaks of is on its terms: "客运班线的经营期限为4年到
                # 8年" before "经营期限届满需要延续客运班线经营许可的，……" (on "licence")
                spoken_of.append(((rank, back), own))
            if back is not None:
                own = max(own, _sentence_score(parts[back], topical))
            elif by_meaning and _PREVIOUS_PARAGRAPH.match(sentence):  # "前款规定的企业信息应当自产生之日起20个
                # 工作日内予以公示": of whatever the paragraph before it (its lead-in and items) names
                own = max([own] + [_sentence_score(x, topical) for x in parts[:order]])
            reaches.append(own)
            asking.append(_sentence_score(sentence, asked) if asked else 0.0)
            candidates.append((term + 0.5 * prior + (0.2 if order == 0 else 0.0), rank, order, sentence))
    at = {(rank, order): i for i, (_, rank, order, _) in enumerate(candidates)}
    for key, reach in spoken_of:
        if key in at:
            reaches[at[key]] = max(reaches[at[key]], reach)
    if candidates and any(closeness):
        top_term = max(terms)
        candidates = [(score + policy.dense_share * top_term * closeness[rank], rank, order, sentence)
                      for score, rank, order, sentence in candidates]
    if meaning is not None and by_meaning and candidates and policy.sentence_share:
        candidates = _closer_in_meaning(candidates, meaning, max(terms), policy)
    if (prefer or decisive or tier) and candidates:
        # (reaches score on the topical terms, so the best of them is what a reach is measured against)
        best_term, best, best_asking = max(reaches), max(c[0] for c in candidates), max(asking)

        def on_terms(reach: float, on_asking: float) -> bool:
            return (0 < reach and reach >= policy.prefer_share * best_term) or (
                0 < on_asking and on_asking >= policy.prefer_share * best_asking)

        # (a decisive sentence above every preferred one)
        candidates = [(score + 2 * best if decisive is not None and decisive(sentence)
                       else score + best if ((prefer and on_terms(reach, on_asking) and prefer(sentence))
                                             or (tier is not None and tier(sentence))) else score,
                       rank, order, sentence)
                      for (score, rank, order, sentence), reach, on_asking in zip(candidates, reaches, asking)]
    candidates.sort(key=lambda c: -c[0])
    chosen: list[tuple[int, int, str]] = []
    used_clauses: list[int] = []
    length = 0
    seen = set()
    for score, rank, order, sentence in candidates:
        if len(chosen) >= policy.max_sentences or length >= policy.max_chars:
            break
        key = norm(sentence)
        if key in seen:
            continue
        if rank not in used_clauses and len(used_clauses) >= policy.max_clauses:
            continue
        if chosen and score < policy.min_relative * candidates[0][0]:
            break
        if chosen and rank not in used_clauses and score < policy.min_relative_new_clause * candidates[0][0]:
            continue
        seen.add(key)
        chosen.append((rank, order, sentence))
        if rank not in used_clauses:
            used_clauses.append(rank)
        length += len(sentence)
    if keep_top and 0 not in used_clauses:  # the first hit's best sentence, beside the others
        top = next(((rank, order, sentence) for _, rank, order, sentence in candidates
                    if rank == 0 and norm(sentence) not in seen), None)
        if top is not None:
            seen.add(norm(top[2]))
            chosen.append(top)
            used_clauses.append(0)
    for rank, order, _ in list(chosen):  # a part after "；" comes with the part it continues
        before, lead = leads.get((rank, order), (0, None))
        if lead is not None and norm(lead) not in seen:
            seen.add(norm(lead))
            chosen.append((rank, before, lead))
    # present clause by clause in rank order, sentences in document order
    used_clauses.sort()
    numbering = {rank: n for n, rank in enumerate(used_clauses, 1)}
    chosen.sort(key=lambda c: (numbering[c[0]], c[1]))
    parts = []
    for rank, _, sentence in chosen:
        sep = "" if not parts or (lang == "zh" and not sentence[:1].isascii()) else " "
        parts.append(f"{sep}{sentence} [{numbering[rank]}]")
    citations = []
    for rank in used_clauses:
        clause = hits[rank].clause
        doc = documents[clause.doc_id]
        citations.append(Citation(numbering[rank], clause, doc.title, doc.doc_number,
                                  tuple(s for r, _, s in chosen if r == rank), clause_page(doc, clause)))
    return "".join(parts).strip(), citations


def lookup_answer(question: str, lang: str, clauses: list[Clause], children: dict[str, list[Clause]],
                  documents: dict[str, Document], max_chars: int = 900) -> tuple[str, list[Citation]]:
    """Answer a clause look-up with the clause's own sentences (or its sub-clauses' when it has none)."""
    cited: list[Clause] = []
    for clause in clauses:
        items = [c for c in children.get(clause.id, []) if c.text.strip()]
        if clause.text.strip():
            cited.append(clause)
            if clause.text.rstrip().endswith(_LEADS_IN) and not any(squash(c.text) in squash(clause.text) for c in items):
                cited.extend(items)  # "… a report that describes—" then its items (1)–(3), kept apart by the parser
        else:
            cited.extend(items)
    cited = cited[:6]
    parts, citations = [], []
    budget = max_chars
    for n, clause in enumerate(cited, 1):
        used = []
        for sentence in split_sentences(clause.text):
            if budget <= 0 and used:
                break
            used.append(sentence)
            budget -= len(sentence)
        sep = "" if lang == "zh" or not parts else " "
        parts.append(f"{sep}{''.join(used) if clause.lang == 'zh' else ' '.join(used)} [{n}]")
        doc = documents[clause.doc_id]
        citations.append(Citation(n, clause, doc.title, doc.doc_number, tuple(used), clause_page(doc, clause)))
    return "".join(parts).strip(), citations


def not_included_text(names: list[str], lang: str) -> str:
    """The refusal for documents the corpus lacks: "The documents do not include 国办发〔2099〕1号."."""
    if lang == "zh":
        return f"文件中没有{'、'.join(names)}。"
    # ("the Foreign Trade Law", but "China's Foreign Trade Law" and a 文号 as they are)
    listed = ", ".join(n if not n[:1].isascii() or re.match(r"(?:the\b|[A-Z][\w-]*['’]s\b)", n, re.I) else f"the {n}"
                       for n in names)  # (nor "Zhejiang's regulations")
    return f"The documents do not include {listed}."


def unmentioned_text(terms: list[str], lang: str) -> str:
    """The refusal for names, places or years the corpus never mentions."""
    if lang == "zh":
        return f"文件中未找到相关内容：文件没有提到{'、'.join(terms)}。"
    return f"Not found in the documents: they never mention {', '.join(terms)}."


def no_such_clause_text(name: str, kind: str, asked: str, labels: list[str], lang: str) -> str:
    """The refusal for a clause number a document lacks: "… has no clause （九十九）; it has （一）–（十九）."."""
    if kind == "item_of_article":  # the article exists, the item does not
        article, item = asked.split("/")
        if lang == "zh":
            has = f"该条有{labels[0]}至{labels[-1]}" if len(labels) > 1 else (f"该条只有{labels[0]}" if labels else "该条不分项")
            return f"{name}{article}没有第{item}项；{has}。"
        from rag.gloss import clause_in_english

        has = (f"it has items {labels[0]}–{labels[-1]}" if len(labels) > 1 else
               f"it has only item {labels[0]}" if labels else "it has no numbered items")
        return f"{name}, {clause_in_english(article)}, has no item {item}; {has}."
    if lang == "zh":
        if kind == "section":
            asked, labels = f"第{asked}部分", [f"第{label}部分" for label in labels]
        has = f"；该文件有{labels[0]}至{labels[-1]}" if len(labels) > 1 else (f"；该文件只有{labels[0]}" if labels else "")
        return f"{name}没有{asked}{has}。"
    noun = "section" if kind == "section" else "clause"
    has = f"; it has {labels[0]}–{labels[-1]}" if len(labels) > 1 else (f"; it has only {labels[0]}" if labels else "")
    return f"{name} has no {noun} {asked}{has}."


def refusal(question: str, lang: str, hits: list[Hit], explain: dict | None = None,
            text: str | None = None) -> Answer:
    """The "not found in the documents" answer (or `text` saying what is missing); closest clauses stay
    in `retrieved` as suggestions."""
    return Answer(question=question, text=text or NOT_FOUND.get(lang, NOT_FOUND["en"]), refused=True,
                  citations=(), retrieved=tuple(hits), lang=lang, mode="refused", explain=explain or {})
