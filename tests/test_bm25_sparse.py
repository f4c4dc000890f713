"""BM25 top-k from the sparse index (fake embedder, seeds + tiny corpus): the same lists the dense
scorer gave — every chunk scored one token at a time — for single terms, weighted term lists,
language masks and document filters."""

from __future__ import annotations

import numpy as np
import pytest

from rag.corpus import build_index
from rag.retrieve import BM25_DEPTH, Retriever
from rag.store import load_index
from rag.tokenize import tokenize
from tests.conftest import SEEDS, TINY_CORPUS


@pytest.fixture(scope="module")
def retriever(tmp_path_factory):
    from tests.conftest import FakeEmbedder

    root = tmp_path_factory.mktemp("bm25") / "index"
    embedder = FakeEmbedder()
    build_index([SEEDS, TINY_CORPUS], embedder, root, show_progress=False)
    return Retriever(load_index(root), embedder)


def dense_top(retriever: Retriever, weighted: list[tuple[str, float]], mask, depth: int = BM25_DEPTH):
    """The scorer this replaced: a dense array over every chunk, one query token at a time."""
    bm = retriever.index.bm25
    total = np.zeros(len(retriever.index.chunks), dtype=np.float32)
    for tok, w in weighted:
        total += w * bm.get_scores([tok])
    if mask is not None:
        total = np.where(mask, total, 0.0)
    order = np.lexsort((np.arange(len(total)), -total))
    return [(int(i), float(total[i])) for i in order[:depth] if total[i] > 0]


def _queries(retriever: Retriever) -> list[list[tuple[str, float]]]:
    chunks = retriever.index.chunks
    queries = []
    for i in range(0, len(chunks), max(1, len(chunks) // 40)):
        toks = list(dict.fromkeys(tokenize(chunks[i].text)))[:8]
        queries.append([(t, 1.0) for t in toks])
        queries.append([(t, 0.7 if j % 2 else 1.0) for j, t in enumerate(toks)] + [("notaword", 1.0)])
    common = sorted(retriever.index.bm25.vocab_dict, key=lambda t: -len(t))[:5]
    queries += [[(t, 1.0)] for t in common]
    return queries


def test_sparse_top_k_equals_the_dense_scorer(retriever):
    queries = _queries(retriever)
    assert len(queries) > 40
    nonempty = 0
    for weighted in queries:
        for mask in (None, retriever._lang_mask["zh"], retriever._lang_mask["en"]):
            got = retriever.bm25_top(weighted, mask)
            want = dense_top(retriever, weighted, mask)
            assert [i for i, _ in got] == [i for i, _ in want], weighted
            assert [s for _, s in got] == [s for _, s in want]  # the same float32 sums, bit for bit
            nonempty += bool(got)
    assert nonempty > 40


def test_a_common_term_fills_the_depth_and_ties_go_by_chunk_order(retriever):
    df = {t: int(np.diff(retriever.index.bm25.scores["indptr"])[j])
          for t, j in retriever.index.bm25.vocab_dict.items() if t}
    common = max(df, key=df.get)
    assert df[common] > BM25_DEPTH
    got = retriever.bm25_top([(common, 1.0)], None)
    assert len(got) == BM25_DEPTH and got == dense_top(retriever, [(common, 1.0)], None)
    scores = [s for _, s in got]
    assert scores == sorted(scores, reverse=True)
    for (i, s), (j, t) in zip(got, got[1:]):
        assert s > t or i < j


def test_document_filter_and_unknown_terms(retriever):
    doc = retriever.index.chunks[0].doc_id
    allowed = retriever._allowed({doc})
    toks = [(t, 1.0) for t in dict.fromkeys(tokenize(retriever.index.chunks[0].text))]
    got = retriever.bm25_top(toks, allowed)
    assert got and all(retriever.index.chunks[i].doc_id == doc for i, _ in got)
    assert got == dense_top(retriever, toks, allowed)
    assert retriever.bm25_top([("zzzunknownzzz", 1.0)], None) == []
    assert retriever.bm25_top([], None) == []


def test_frequent_terms_and_few_allowed_chunks_give_the_full_lists(tmp_path):
    """20,000 synthetic chunks where two terms occur in every chunk or every other one: queries mixing them
    with rarer terms, or made of them alone (every chunk scores one of a few sums: the depth-th found through
    a sample of the row), over all chunks, two thirds of them, or 80 (a few documents' chunks, looked up in
    the postings), give the list scoring every posting densely gives, bit for bit."""
    import bm25s

    from rag.sparse import Bm25Scores, top_k

    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(3000)]
    corpus = [["every"] + (["half"] if i % 2 else []) + [words[j] for j in rng.integers(0, 3000, 12)]
              for i in range(20_000)]
    model = bm25s.BM25()
    model.index(corpus, show_progress=False)
    model.save(str(tmp_path / "bm25"), show_progress=False)
    bm25 = Bm25Scores(tmp_path / "bm25")
    mask = np.arange(20_000) % 3 != 0
    few = np.zeros(20_000, dtype=bool)  # a few documents' chunks (--doc, a document the question names)
    few[rng.choice(20_000, 80, replace=False)] = True
    for q in range(60):
        rare = [words[j] for j in rng.integers(0, 3000, 1 + q % 3)]
        weighted = [("every", 1.0), (rare[0], 0.9), ("half", 0.7)] + [(w, 1.0) for w in rare[1:]]
        for m in (None, mask, few):
            got = top_k(bm25, weighted, m, BM25_DEPTH)
            total = np.zeros(20_000, dtype=np.float32)
            for tok, w in weighted:
                total += w * bm25.get_scores([tok])
            if m is not None:
                total = np.where(m, total, 0.0)
            order = np.lexsort((np.arange(20_000), -total))
            want = [(int(i), float(total[i])) for i in order[:BM25_DEPTH] if total[i] > 0]
            assert got == want, weighted
    # frequent tokens only: every chunk scores one of a few sums (the depth-th found through a sample)
    for weighted in ([("every", 1.0), ("half", 0.7)], [("every", 1.0)], [("half", 1.0), ("every", 0.5)]):
        for m in (None, mask, few):
            total = np.zeros(20_000, dtype=np.float32)
            for tok, w in weighted:
                total += w * bm25.get_scores([tok])
            if m is not None:
                total = np.where(m, total, 0.0)
            order = np.lexsort((np.arange(20_000), -total))
            assert len(np.unique(total)) < 200
            want = [(int(i), float(total[i])) for i in order[:BM25_DEPTH] if total[i] > 0]
            assert top_k(bm25, weighted, m, BM25_DEPTH) == want


def test_threads_searching_at_once_get_their_own_lists(tmp_path):
    """Each thread adds postings into its own reused score row, zeroed after each search: four threads
    searching at once get the lists one thread gets alone."""
    import threading

    import bm25s

    from rag.sparse import Bm25Scores, top_k

    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(500)]
    corpus = [["every"] + [words[j] for j in rng.integers(0, 500, 8)] for _ in range(6000)]
    model = bm25s.BM25()
    model.index(corpus, show_progress=False)
    model.save(str(tmp_path / "bm25"), show_progress=False)
    bm25 = Bm25Scores(tmp_path / "bm25")
    queries = [[("every", 1.0)] + [(words[j], 1.0) for j in rng.integers(0, 500, 2)] for _ in range(40)]
    queries += [[(words[j], 0.5)] for j in rng.integers(0, 500, 40)]  # few postings: touched rows reset
    alone = [top_k(bm25, q, None, BM25_DEPTH) for q in queries]
    found: dict[int, list] = {}

    def search(offset: int) -> None:
        for _ in range(5):
            for i in range(offset, len(queries), 4):
                found.setdefault(i, []).append(top_k(bm25, queries[i], None, BM25_DEPTH))

    threads = [threading.Thread(target=search, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(lists == [alone[i]] * 5 for i, lists in found.items()) and len(found) == len(queries)
