"""BM25 scoring straight from the files `bm25s` saves, without importing it (it pulls in scipy).

bm25s stores, per vocabulary token, the precomputed BM25 score of every chunk containing it, as one
compressed sparse column matrix (data, indices, indptr). A query's score is the sum of its tokens'
columns, which is all that search needs; building the index still goes through bm25s.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

# bm25s methods whose score of a chunk lacking every query token is 0 (no non-occurrence array)
_SPARSE_METHODS = ("robertson", "lucene", "atire")


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
