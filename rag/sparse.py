"""BM25 scoring straight from the files `bm25s` saves, without importing it (it pulls in scipy).

bm25s stores, per vocabulary token, the precomputed BM25 score of every chunk containing it, as one
compressed sparse column matrix (data, indices, indptr). A query's score is the sum of its tokens'
columns, which is all that search needs; building the index still goes through bm25s.

`top_k` adds the postings of the query's tokens into one float32 row and takes the depth best, with
the depth-th score found through a sample of the row (`_floor`), so a query made only of frequent tokens
(应当, 部门, 负责: each in every Chinese chunk of the synthetic 1M corpus) costs 3-4 ms, not 23-30 ms.
Restricted to a few documents (`mask` true for few chunks), only those chunks are looked up, token by
token. An earlier MaxScore pruning (the rare tokens' chunks first, the frequent tokens' postings looked up
by binary search) was removed when this made scoring every posting faster at 1M (1.6 vs 3.4 ms p95 a list).
The lists are the ones bm25s's dense `get_scores` gives, summed token by token in query order.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

# bm25s methods whose score of a chunk lacking every query token is 0 (no non-occurrence array)
_SPARSE_METHODS = ("robertson", "lucene", "atire")
FEW = 16  # postings under 1/FEW of the chunks: rank just the chunks they name, not the whole row
LOOKUP = 16  # a few allowed chunks are looked up in the postings when they number under 1/LOOKUP of the
# postings per token (a binary search each, against adding every posting)


class Bm25Scores:
    """A saved bm25s index, read-only: `get_scores`, `vocab_dict` and `scores` as bm25s names them."""

    def __init__(self, folder: Path) -> None:
        params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
        if params.get("method", "lucene") not in _SPARSE_METHODS:
            raise ValueError(f"BM25 method {params.get('method')!r} is not supported")
        self.vocab_dict: dict[str, int] = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
        self.dtype = np.dtype(params.get("dtype", "float32"))
        self.scores = {  # memory-mapped, as bm25s's load(mmap=True): pages shared between processes
            "data": np.load(folder / "data.csc.index.npy", mmap_mode="r"),
            "indices": np.load(folder / "indices.csc.index.npy", mmap_mode="r"),
            "indptr": np.load(folder / "indptr.csc.index.npy", mmap_mode="r"),
            "num_docs": int(params["num_docs"]),
        }
        indptr, indices = self.scores["indptr"], self.scores["indices"]
        # bm25s gives the empty token (its padding) the last id and no column
        if (indptr.ndim != 1 or len(indptr) not in (len(self.vocab_dict), len(self.vocab_dict) + 1)
                or int(indptr[-1]) != len(indices)
                or len(indices) != len(self.scores["data"])
                or (len(indices) and int(indices.max()) >= self.scores["num_docs"])):
            raise ValueError("the BM25 arrays do not match")
        self._ascending: dict[int, bool] = {}  # token id -> whether its postings' rows ascend (bm25s's do)
        self._df: dict[str, int] | None = None

    @property
    def df(self) -> dict[str, int]:
        """Token -> number of chunks holding it (one array operation, not a memmap read per token)."""
        if self._df is None:
            counts = np.diff(np.asarray(self.scores["indptr"])).tolist()
            self._df = {tok: counts[j] for tok, j in self.vocab_dict.items() if tok and j < len(counts)}
        return self._df

    def postings(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """(chunk rows, scores) of token id j: memory-mapped slices."""
        indptr = self.scores["indptr"]
        if j + 1 >= len(indptr):
            return self.scores["indices"][:0], self.scores["data"][:0]
        start, end = int(indptr[j]), int(indptr[j + 1])
        return self.scores["indices"][start:end], self.scores["data"][start:end]

    def ascending(self, j: int) -> bool:
        """Whether the rows of token j's postings ascend (so a row can be found by binary search)."""
        found = self._ascending.get(j)
        if found is None:
            rows = self.postings(j)[0]
            found = self._ascending[j] = len(rows) < 2 or bool(np.all(rows[1:] > rows[:-1]))
        return found

    def get_scores(self, tokens: list[str]) -> np.ndarray:
        """The BM25 score of every chunk for a list of tokens (tokens outside the vocabulary score 0)."""
        data, indices, indptr = self.scores["data"], self.scores["indices"], self.scores["indptr"]
        out = np.zeros(self.scores["num_docs"], dtype=self.dtype)
        for tok in tokens:
            j = self.vocab_dict.get(tok)
            if j is not None and j + 1 < len(indptr):
                start, end = indptr[j], indptr[j + 1]
                np.add.at(out, indices[start:end], data[start:end])
        return out


def top_k(bm25: Bm25Scores, weighted_tokens: list[tuple[str, float]], mask: np.ndarray | None,
          depth: int) -> list[tuple[int, float]]:
    """The `depth` best chunks by weighted BM25 (chunk row, score > 0), best first, ties by chunk row;
    only chunks where `mask` is true when it is given. A token listed twice counts twice."""
    terms = [(j, w) for tok, w in weighted_tokens if (j := bm25.vocab_dict.get(tok)) is not None]
    if not terms:
        return []
    n = int(bm25.scores["num_docs"])
    postings = [bm25.postings(j) for j, _ in terms]
    total_postings = sum(len(rows) for rows, _ in postings)
    if (mask is not None and np.count_nonzero(mask) * len(terms) * LOOKUP <= total_postings
            and all(bm25.ascending(j) for j, _ in terms)):
        allowed = np.flatnonzero(mask)  # a few documents' chunks (--doc, a document named in the question):
        scores = _candidate_scores(terms, postings, allowed)  # each looked up in the postings
        keep = scores > 0
        return _best(allowed[keep], scores[keep], depth)
    return _scored(terms, postings, mask, depth, n)


class _Scratch(threading.local):
    """This thread's reusable buffers: the score row (kept zeroed between queries) and the postings converted
    for indexing. Allocating them per query (4 MB for the row at 1M chunks, 6 MB for a frequent token's
    postings) costs a page fault per 4 KB page whenever the allocator hands the memory back to the kernel
    between queries: ~3,800 faults and 4-6 ms a list on this machine."""

    def __init__(self) -> None:
        self.row_of: dict[int, np.ndarray] = {}  # chunks -> row (an index of several segments has several sizes)
        self.rows = np.zeros(0, dtype=np.int64)
        self.data = np.zeros(0, dtype=np.float32)

    def zeroed_row(self, n: int) -> np.ndarray:
        row = self.row_of.get(n)
        if row is None:
            if len(self.row_of) >= 16:  # segments of an index replaced by updates
                self.row_of.clear()
            row = self.row_of[n] = np.zeros(n, dtype=np.float32)
        return row

    def postings(self, rows: np.ndarray, data: np.ndarray, w: float) -> tuple[np.ndarray, np.ndarray]:
        """(rows as int64, w * data as float32): views of this thread's buffers."""
        if len(self.rows) < len(rows):
            self.rows = np.empty(len(rows), dtype=np.int64)
            self.data = np.empty(len(rows), dtype=np.float32)
        out_rows, out_data = self.rows[:len(rows)], self.data[:len(rows)]
        np.copyto(out_rows, rows)
        np.multiply(np.asarray(data, dtype=np.float32), w, out=out_data)
        return out_rows, out_data


_SCRATCH = _Scratch()


def _scored(terms: list[tuple[int, float]], postings: list[tuple[np.ndarray, np.ndarray]],
            mask: np.ndarray | None, depth: int, n: int) -> list[tuple[int, float]]:
    """Every posting added into one zeroed float32 row (this thread's, zeroed again afterwards), token by token."""
    total = _SCRATCH.zeroed_row(n)
    few = sum(len(r) for r, _ in postings) * FEW < n
    try:
        for (_, w), (rows, data) in zip(terms, postings):
            rows, scores = _SCRATCH.postings(rows, data, w)  # rows distinct within one token's column
            total[rows] += scores
        if few:  # few postings: rank just the chunks they name
            ids = _distinct(np.concatenate([np.asarray(r, dtype=np.int64) for r, _ in postings]))
            scores = total[ids]
            keep = scores > 0
            if mask is not None:
                keep &= mask[ids]
            ids, scores = ids[keep], scores[keep]
        else:  # a common term (应当 can occur in half of the chunks): partition the scratch row itself
            if mask is not None:
                total *= mask  # masked-out chunks score 0
            if n > depth:
                ids = np.flatnonzero(total >= max(_floor(total, depth), np.float32(1e-30)))
            else:
                ids = np.flatnonzero(total > 0)
            scores = total[ids]
            ids, scores = ids[scores > 0], scores[scores > 0]
    finally:
        if few:
            for rows, _ in postings:
                total[np.asarray(rows)] = 0
        else:
            total.fill(0)
    return _best(ids, scores, depth)


def _floor(values: np.ndarray, depth: int) -> np.float32:
    """The depth-th largest of many values. np.partition over a row of few distinct values (frequent tokens
    only: 213 sums in 1M chunks) takes 30 ms where it takes 0.7 ms on varied ones, so a strided sample
    first gives a threshold that at least `depth` values reach (checked; else the whole row is partitioned),
    and only the values above it are partitioned. 0 when fewer than `depth` values are above 0."""
    n, step = len(values), 64
    if n > 64 * depth:
        sample = values[::step]
        rank = min(len(sample), 4 * -(-depth // step) + 4)
        least = np.partition(sample, len(sample) - rank)[len(sample) - rank]
        above = values[values >= max(least, np.float32(1e-30))]
        if len(above) >= depth:
            return np.partition(above, len(above) - depth)[len(above) - depth]
        if least <= 0:  # fewer than depth values above 0: all of them make the list
            return np.float32(0)
    return np.partition(values, n - depth)[n - depth]


def _candidate_scores(terms: list[tuple[int, float]], postings: list[tuple[np.ndarray, np.ndarray]],
                      candidates: np.ndarray) -> np.ndarray:
    """Full scores of some chunks (ascending rows), each token looked up by binary search in its postings
    and added in query order: the float32 sums of `_scored`."""
    total = np.zeros(len(candidates), dtype=np.float32)
    for (_, w), (rows, data) in zip(terms, postings):
        if not len(rows):
            continue
        at = np.searchsorted(rows, candidates)
        at_ok = np.minimum(at, len(rows) - 1)
        hit = np.asarray(rows[at_ok] == candidates) & (at < len(rows))
        total[hit] += w * np.asarray(data[at_ok[hit]], dtype=np.float32)
    return total


def _distinct(ids: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique's result, without importing numpy.ma: cold start)."""
    ids = np.sort(ids)
    return ids[np.concatenate(([True], ids[1:] != ids[:-1]))] if len(ids) else ids


def _best(ids: np.ndarray, scores: np.ndarray, depth: int) -> list[tuple[int, float]]:
    """The depth best (row, score), by score then row: everything tied with the depth-th competes."""
    if len(ids) > depth:
        floor = np.partition(scores, len(scores) - depth)[len(scores) - depth]
        ids, scores = ids[scores >= floor], scores[scores >= floor]
    order = np.lexsort((ids, -scores))[:depth]
    return [(int(ids[i]), float(scores[i])) for i in order]


class CorpusWords:
    """"Does the corpus mention this?" for an index too large to keep its text in memory (rag/salience.py):
    a term is mentioned when each of its whole tokens (上海市, not the 海市 search-mode segmentation also
    gives), or each of its smallest ones (跨境 and 电商 of 跨境电商), is in the index's BM25 vocabulary (a
    dictionary look-up per token, whatever the corpus size), rather than as a substring of the joined text. A term with no token left (stopwords only) counts as
    mentioned: nothing in it can be missing."""

    def __init__(self, df: dict[str, int]) -> None:
        self.df = df

    def __contains__(self, term: str) -> bool:
        from rag.tokenize import tokenize

        toks = tokenize(term.lower())
        whole = [t for t in toks if not any(t != u and t in u for u in toks)]  # 上海市, not 上海 / 海市
        parts = [t for t in toks if not any(t != u and u in t for u in toks)]  # 跨境 + 电商 of 跨境电商
        return any(all(self.df.get(t, 0) > 0 for t in words) for words in (whole, parts))

    def has_word(self, word: str) -> bool:
        """Whether `word` (lower case) is a token of the corpus."""
        return word in self
