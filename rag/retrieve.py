"""Hybrid, language-aware retrieval: dense (per language, bias-corrected) + BM25 (original and
translated query), fused by reciprocal rank, aggregated from chunks to clauses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.backends import Allowed, open_store
from rag.backends.base import CROSSLINGUAL
from rag.embed import Embedder
from rag.lang import detect_lang
from rag.store import LoadedIndex
from rag.tokenize import tokenize
from rag.types import Hit

if TYPE_CHECKING:
    from rag.translate import NearFn

RRF_K = 60
# a translated word's sense that shares no chunk with a sense of the question's other words, when another sense of it
# does, is searched with this share of its weight (stop 57: of the 1,811 questions of 39 read splits whose weights it
# changes, 8 are answered right that were not, 4 the other way; the rest the same)
IN_CONTEXT_WEIGHT = 0.25
IN_CONTEXT_MAX_SHARE = 0.2  # a sense in more than this share of the chunks says nothing of the context it is in
IN_CONTEXT_MAX_CHUNKS = 50_000  # ...nor one in more chunks than this (the cost of a question stays bounded at 1M)
DENSE_DEPTH = 60
BM25_DEPTH = 60
SYNONYM_WEIGHT = 0.7


class QueryPlan(NamedTuple):
    """What a question was turned into before searching (shown by `rag ask --explain`)."""

    question: str
    lang: str
    tokens: tuple[str, ...]
    translations: tuple[tuple[str, str, str, float], ...]  # (source, target, origin, weight)
    translated_tokens: tuple[tuple[str, float], ...]
    dense_text: str
    synonym_tokens: tuple[tuple[str, float], ...] = ()  # same-language variants (跨境电商 -> 跨境电子商务)
    dense_text_other: str = ""  # the dense query for passages in the other language ("" : `dense_text`)


@dataclass
class Weights:
    """Fusion weights per retriever list (tuned on eval/)."""

    dense: float = 1.0
    dense_x: float = 1.0  # the language-agnostic embedder's list (bare question, no translation)
    bm25: float = 1.0
    bm25_translated: float = 1.0
    same_lang_bias: dict = field(default_factory=lambda: {"zh": 0.05, "en": 0.0})  # by query language:
    # the cosine bonus e5 gives a passage for merely sharing the query's language
    translate_dense: bool = True  # append glossary translations to the dense query
    crosslingual: bool = True  # False: the naive baseline (no translation, no language correction)


# a figure of the question searched in the other language too: two digits or more, and not a year (dates are
# everywhere in Chinese documents, so a year matching one is no evidence)
_FIGURE = re.compile(r"(?!(?:19[5-9]\d|20[0-4]\d)$)\d{2,}")
FIGURE_WEIGHT = 0.5
DENSE_SENSE_WEIGHT = 0.5  # a dictionary sense this strong (a word's first) joins the other language's dense query


def plan_query(question: str, corpus_langs: set[str], use_translation: bool = True,
               known: Callable[[str], bool] | None = None, near: NearFn | None = None) -> QueryPlan:
    """Detect the question's language and expand it into the other corpus language.

    known: whether the corpus uses a term (all its tokens are in the BM25 vocabulary); dictionary senses
    are chosen among the ones it uses. near: the corpus's own words for English words (rag/wordsenses.py)."""
    lang = detect_lang(question)
    tokens = tuple(tokenize(question))
    translations: list[tuple[str, str, str, float]] = []
    weighted: dict[str, float] = {}
    other = "zh" if lang == "en" else "en"
    if use_translation and other in corpus_langs:
        from rag.claimtext import claim_text, is_claim
        from rag.translate import translate_terms

        # a claim's tag ("Is that right?") is no term of it: "right" would be searched as 权利
        said = claim_text(question) if is_claim(question) else question
        for exp in translate_terms(said, other, known=known, near=near, beside=True):
            translations.append((exp.source, exp.target, exp.origin, exp.weight))
            for tok in tokenize(exp.target):
                weighted[tok] = max(weighted.get(tok, 0.0), exp.weight)
        for tok in tokens:  # a figure reads the same in both languages: "90天" finds "over 90 days"
            if tok.isdigit() and _FIGURE.fullmatch(tok):
                weighted[tok] = max(weighted.get(tok, 0.0), FIGURE_WEIGHT)
    synonyms: dict[str, float] = {}
    if use_translation and lang == "zh":
        # a Chinese term's glossary variants (跨境电商 / 跨境电子商务) found through their shared English
        from rag.translate import translate_terms

        own = set(tokens)
        for _, target, origin, _ in translations:
            if origin != "glossary":
                continue
            for back in translate_terms(target, "zh"):
                if back.origin == "glossary":
                    for tok in tokenize(back.target):
                        if tok not in own:
                            synonyms[tok] = SYNONYM_WEIGHT
    glossary_targets = " ".join(t for _, t, origin, _ in translations if origin == "glossary")
    dense_text = f"{question} {glossary_targets}".strip() if glossary_targets else question
    # the passages of the other language are searched with each word's best dictionary sense as well (the ones
    # the corpus uses): e5 matches "invoices … lost" to 丢失发票 far better in Chinese words than across languages.
    # (Not the question's own language: those words would pull the query away from passages written like it.)
    senses = " ".join(t for _, t, origin, w in translations if origin == "glossary" or w >= DENSE_SENSE_WEIGHT)
    other_text = f"{question} {senses}".strip() if senses != glossary_targets else ""
    return QueryPlan(question, lang, tokens, tuple(translations),
                     tuple(sorted(weighted.items(), key=lambda kv: -kv[1])), dense_text, tuple(synonyms.items()),
                     other_text)


def bm25_top(bm25: object, weighted_tokens: list[tuple[str, float]], mask: np.ndarray | None,
             depth: int = BM25_DEPTH) -> list[tuple[int, float]]:
    """The `depth` best chunks by weighted BM25 (chunk id, score > 0), best first, ties by chunk id.

    Reads only the posting lists of the query's tokens from bm25s's sparse (CSC) score matrix, and of a
    frequent token only the entries of chunks that hold a rarer query token, when those decide the top
    (`rag.sparse.top_k`, MaxScore). The scores are the ones bm25s's dense `get_scores` summed token by
    token over every chunk (same float32 additions, same order).
    """
    from rag.sparse import top_k

    if hasattr(bm25, "top"):  # several segments (rag/segments.py)
        return bm25.top(weighted_tokens, mask, depth)
    return top_k(bm25, weighted_tokens, mask, depth)


def _no_words(english: list[str]) -> dict[str, list[str]]:
    """No corpus word for any English word (no encoder to find them)."""
    return {w: [] for w in english}


class Retriever:
    """Searches a loaded index; safe to share between threads."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, weights: Weights | None = None,
                 xling: Embedder | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.xling = xling if index.xdense is not None else None
        self.weights = weights or Weights()
        self.langs = set(index.dense)
        self.store = open_store(index)  # dense search: FAISS, or Milvus with RAG_STORE=milvus:<uri>
        self._near: NearFn | None = None  # the corpus's own words for English words (made on first use)
        live = index.live  # None, or False for the chunks of removed or replaced documents
        self._lang_mask = {lang: np.asarray(index.chunk_lang == lang) & (True if live is None else live)
                           for lang in ("zh", "en")}

    def plan(self, question: str) -> QueryPlan:
        """Expand a question for search (no translation in the baseline)."""
        return plan_query(question, self.langs, use_translation=self.weights.crosslingual, known=self._known,
                          near=self._near_words if "zh" in self.langs else None)

    def warm_up(self) -> None:
        """Load the word encoder and the corpus's word vectors (rag/wordsenses.py) now, not on a first question."""
        if "zh" in self.langs:
            self._near_words(["customs"])

    def _near_words(self, english: list[str]) -> dict[str, list[str]]:
        """The corpus's own Chinese words for each English word (rag/wordsenses.py; none without its encoder)."""
        if self._near is None:
            from rag.embed import word_encoder
            from rag.wordsenses import NearWords

            encoder = word_encoder()
            self._near = NearWords(self.index.bm25.vocab_dict, encoder) if encoder is not None else _no_words
        return self._near(english)

    def _known(self, term: str) -> bool:
        """True when the corpus uses a term: its tokens, words rather than lone characters and covering the
        term (不相关 is not "used" because 不 is), are all in the BM25 vocabulary."""
        toks = tokenize(term)
        vocab = self.index.bm25.vocab_dict
        return (bool(toks) and sum(map(len, toks)) >= 0.6 * len(term) and all(t in vocab for t in toks)
                and any(len(t) >= 2 or t.isascii() for t in toks))

    def _allowed(self, docs: set[str] | None) -> np.ndarray | None:
        if not docs:
            return None
        mask = np.zeros(len(self.index.chunks), dtype=bool)
        for d in docs:
            mask[self.index.chunk_rows(d)] = True
        return mask

    def dense_lists(self, qvecs: dict[str, np.ndarray], allowed: Allowed | None) -> dict[str, list[tuple[int, float]]]:
        """Per-language dense results (chunk id, cosine), each language searched on its own with its query."""
        return {lang: found for lang in sorted(self.langs)
                if (found := self.store.search(lang, qvecs[lang], DENSE_DEPTH, allowed))}

    def query_vectors(self, plan: QueryPlan) -> dict[str, np.ndarray]:
        """The dense query of each corpus language: the question (with its glossary terms), and for the other
        language, when the plan has one, the question with its dictionary senses too (one embedding call)."""
        own = plan.dense_text if self.weights.translate_dense else plan.question
        other = plan.dense_text_other if self.weights.translate_dense and self.weights.crosslingual else ""
        if other and self.langs - {plan.lang}:
            qvec, xvec = self.embedder.embed_queries([own, other])
            return {lang: qvec if lang == plan.lang else xvec for lang in self.langs}
        qvec = self.embedder.embed_queries([own])[0]
        return dict.fromkeys(self.langs, qvec)

    def xling_list(self, question: str, allowed: Allowed | None) -> list[tuple[int, float]]:
        """Language-agnostic dense results for the bare question (chunk id, cosine)."""
        qvec = self.xling.embed_queries([question])[0]
        return self.store.search(CROSSLINGUAL, qvec, DENSE_DEPTH, allowed)

    def bm25_top(self, weighted_tokens: list[tuple[str, float]], mask: np.ndarray | None,
                 depth: int = BM25_DEPTH) -> list[tuple[int, float]]:
        """The `depth` best chunks of this index by weighted BM25 (see `bm25_top`)."""
        return bm25_top(self.index.bm25, weighted_tokens, mask, depth)

    def search(self, question: str, k: int = 10, docs: set[str] | None = None,
               plan: QueryPlan | None = None) -> tuple[list[Hit], dict]:
        """Top-k clauses for a question, with per-retriever ranks; also returns diagnostics."""
        plan = plan or self.plan(question)
        allowed = self._allowed(docs)
        dense_allowed = Allowed(frozenset(docs), allowed) if allowed is not None else None
        translated = self.in_context(plan) if self.weights.crosslingual else list(plan.translated_tokens)
        qvecs = self.query_vectors(plan)
        lists: dict[str, list[tuple[int, float]]] = {}
        # one dense list over all languages, each searched on its own and corrected for the
        # same-language bonus, so that the language of a passage does not decide its rank
        bias = self.weights.same_lang_bias.get(plan.lang, 0.0) if self.weights.crosslingual else 0.0
        merged = []
        for lang, results in self.dense_lists(qvecs, dense_allowed).items():
            merged += [(cid, score - (bias if lang == plan.lang else 0.0)) for cid, score in results]
        lists["dense"] = sorted(merged, key=lambda x: -x[1])
        if self.xling is not None and self.weights.crosslingual:
            lists["dense-x"] = self.xling_list(plan.question, dense_allowed)
        other = "en" if plan.lang == "zh" else "zh"
        own = [(t, 1.0) for t in dict.fromkeys(plan.tokens)] + list(plan.synonym_tokens)
        for name, toks, lang in (("bm25", own, plan.lang),
                                 ("bm25-translated", translated, other)):
            if not toks:
                continue
            # each term list searches the passages of its own language: an English question's "2018"
            # matching a Chinese date is no evidence (the translated list covers Chinese passages)
            mask = self._lang_mask[lang] if self.weights.crosslingual else self.index.live
            if allowed is not None:
                mask = allowed if mask is None else (mask & allowed)
            lists[name] = self.bm25_top(toks, mask)
        return self._fuse(lists, k), {"plan": plan, "lists": lists}

    def chunks_with(self, token: str) -> np.ndarray | None:
        """The rows of the chunks holding a token (None: too many to say anything, or not known)."""
        bm25 = self.index.bm25
        parts = [(bm25, 0)] if not hasattr(bm25, "parts") else list(zip(bm25.parts, bm25.starts))
        df = bm25.df.get(token, 0)
        if not df or df > min(IN_CONTEXT_MAX_SHARE * len(self.index.chunks), IN_CONTEXT_MAX_CHUNKS):
            return None
        rows = [start + np.asarray(part.postings(part.vocab_dict[token])[0], dtype=np.int64)
                for part, start in parts if token in part.vocab_dict]
        return np.unique(np.concatenate(rows)) if rows else None

    def in_context(self, plan: QueryPlan) -> list[tuple[str, float]]:
        """The translated terms, a word's senses that share no chunk with any sense of the question's other words
        weighed down, when another sense of it does ("operate" as 操纵 beside 港口 and 申请, where 经营 is
        the word the port law uses with them)."""
        senses: dict[str, dict[str, float]] = {}
        for source, target, _, weight in plan.translations:
            for tok in tokenize(target):
                word = senses.setdefault(source.lower(), {})
                word[tok] = max(word.get(tok, 0.0), weight)
        weighted = list(plan.translated_tokens)
        if len(senses) < 2:
            return weighted
        rows = {tok: self.chunks_with(tok) for word in senses.values() for tok in word}
        down: set[str] = set()
        for source, word in senses.items():
            if len(word) < 2:
                continue
            others = [r for other, w in senses.items() if other != source for t in w if (r := rows[t]) is not None]
            if not others:
                continue
            around = np.unique(np.concatenate(others))
            shared = {t: rows[t] is None or bool(np.intersect1d(rows[t], around, assume_unique=True).size)
                      for t in word}
            if any(shared.values()):
                down |= {t for t, ok in shared.items() if not ok}
        return [(t, w * IN_CONTEXT_WEIGHT if t in down else w) for t, w in weighted]

    def _fuse(self, lists: dict[str, list[tuple[int, float]]], k: int) -> list[Hit]:
        w = self.weights
        fused: dict[int, float] = {}
        ranks: dict[int, dict[str, int]] = {}
        best_dense: dict[int, float] = {}
        for name, results in lists.items():
            weight = {"dense": w.dense, "dense-x": w.dense_x, "bm25": w.bm25}.get(name, w.bm25_translated)
            seen: set[int] = set()
            rank = 0
            clause_of = np.asarray(self.index.chunk_clause[np.fromiter((c for c, _ in results), np.int64,
                                                                       len(results))]).tolist()  # one gather
            for (chunk_id, score), clause in zip(results, clause_of):
                if name == "dense":  # the main embedder's cosine (the scale refusal is calibrated on)
                    best_dense[clause] = max(best_dense.get(clause, -1.0), score)
                if clause in seen:
                    continue
                seen.add(clause)
                rank += 1
                fused[clause] = fused.get(clause, 0.0) + weight / (RRF_K + rank)
                ranks.setdefault(clause, {})[name] = rank
        order = sorted(fused, key=lambda c: -fused[c])[:k]
        clauses = self.index.clauses
        found = clauses.many(order) if hasattr(clauses, "many") else [clauses[c] for c in order]  # one query
        return [Hit(clause, fused[c], ranks[c], best_dense.get(c, 0.0)) for c, clause in zip(order, found)]
