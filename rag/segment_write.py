"""Writing one segment of an index: the files a segment holds for the documents it was written with.

A full build writes one (the generation's base segment), an update one more (`rag.index_write`): the
clause metadata (rag/meta.py), the vectors, a FAISS index per language (flat, or HNSW from HNSW_FROM
chunks), and a BM25 matrix in bm25s's files. An update's matrix is scored against the statistics of the
whole index (`Bm25Stats`), so its chunks score as a full rebuild would score them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag.meta import write_meta
from rag.records import Record, record  # frozen dataclasses, cheaper to define (cold start)
from rag.tokenize import tokenize_corpus

if TYPE_CHECKING:
    from rag.store import Contents

HNSW_FROM = 25_000  # chunks per language from which HNSW is used: exact search there costs ~2.5 ms
# (1 thread), about 10% of a query embedding (benchmarks/bench.py, section 4c)


def faiss_index(vectors: np.ndarray) -> tuple[object, str]:
    """A FAISS inner-product index over `vectors`: HNSW from HNSW_FROM vectors, else flat; and which."""
    import faiss

    dim = vectors.shape[1]
    if len(vectors) >= HNSW_FROM:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        kind = "hnsw"
    else:
        index = faiss.IndexFlatIP(dim)
        kind = "flat"
    faiss.omp_set_num_threads(os.cpu_count() or 1)  # building uses every core; searching uses one
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index, kind




@record
class Bm25Stats(Record):
    """The corpus statistics a new segment's BM25 scores are computed with: those of the segments before
    it (every row, hidden ones too, as in their matrices) plus its own."""

    num_docs: int
    tokens: int
    df: Callable[[str], int]  # chunks of the earlier segments holding a token
    params: dict  # the base segment's bm25s parameters (k1, b, method…)


def write_segment(folder: Path, contents: Contents, with_xling: bool, stats: Bm25Stats | None) -> dict:
    """Write one segment (metadata, vectors, FAISS per language, BM25) into `folder`; its manifest entry
    without the name. stats None: BM25 by bm25s over these chunks alone (a full build)."""
    import faiss

    folder.mkdir(parents=True, exist_ok=True)
    write_meta(folder, contents.documents, contents.clauses, contents.chunks)
    np.save(folder / "vectors.npy", np.ascontiguousarray(contents.vectors, dtype=np.float32))
    index_types = {}
    langs = np.array([c.lang for c in contents.chunks])
    for lang in sorted(set(langs.tolist())):
        ids = np.flatnonzero(langs == lang).astype(np.int64)
        index, kind = faiss_index(np.asarray(contents.vectors[ids]))
        faiss.write_index(index, str(folder / f"dense-{lang}.faiss"))
        np.save(folder / f"dense-{lang}.ids.npy", ids)
        index_types[lang] = kind
    if with_xling and contents.xvectors is not None:
        np.save(folder / "xvectors.npy", np.ascontiguousarray(contents.xvectors, dtype=np.float32))
        index, _ = faiss_index(np.asarray(contents.xvectors))
        faiss.write_index(index, str(folder / "dense-x.faiss"))
    token_lists = tokenize_corpus([c.text for c in contents.chunks])
    if stats is None:
        import bm25s

        bm25 = bm25s.BM25()
        bm25.index(token_lists, show_progress=False)
        bm25.save(str(folder / "bm25"), show_progress=False)
    else:
        write_bm25(folder / "bm25", token_lists, stats)
    return {"chunks": len(contents.chunks), "tokens": sum(map(len, token_lists)), "index_types": index_types}


def write_bm25(folder: Path, token_lists: list[list[str]], stats: Bm25Stats) -> None:
    """A segment's BM25 matrix in bm25s's files, scored with bm25s's own functions against the statistics
    of the whole index (`stats` plus these chunks): with empty `stats`, what bm25s.BM25.index writes."""
    import scipy.sparse as sp
    from bm25s.scoring import _build_scores_and_indices_for_matrix, _select_idf_scorer

    params = stats.params
    vocab = {t: i for i, t in enumerate(sorted({t for toks in token_lists for t in toks}))}
    corpus_ids = [[vocab[t] for t in toks] for toks in token_lists]
    local_df = dict.fromkeys(range(len(vocab)), 0)
    for ids in corpus_ids:
        for i in set(ids):
            local_df[i] += 1
    n_docs = stats.num_docs + len(token_lists)
    avg_len = (stats.tokens + sum(map(len, token_lists))) / max(n_docs, 1)
    idf_of = _select_idf_scorer(params.get("idf_method") or params["method"])
    idf = np.zeros(len(vocab), dtype=params["dtype"])
    for tok, i in vocab.items():
        idf[i] = idf_of(stats.df(tok) + local_df[i], N=n_docs)
    scores, rows, cols = _build_scores_and_indices_for_matrix(
        corpus_ids, idf, avg_len, local_df, params["k1"], params["b"], params.get("delta"), None,
        method=params["method"], dtype=params["dtype"], int_dtype=params.get("int_dtype", "int32"),
        show_progress=False)
    matrix = sp.csc_matrix((scores, (rows, cols)), shape=(len(token_lists), len(vocab)), dtype=params["dtype"])
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "data.csc.index.npy", matrix.data)
    np.save(folder / "indices.csc.index.npy", matrix.indices)
    np.save(folder / "indptr.csc.index.npy", matrix.indptr)
    (folder / "vocab.index.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (folder / "params.index.json").write_text(json.dumps({**params, "num_docs": len(token_lists)}, indent=4),
                                              encoding="utf-8")
