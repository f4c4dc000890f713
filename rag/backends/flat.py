"""Exact inner-product search in numpy over the stored vectors: what a flat FAISS index answers, without
importing FAISS (~40 ms of every cold `rag ask`).

Below `rag.segment_write.HNSW_FROM` chunks per language the index folder's `dense-<lang>.faiss` is a flat index
over exactly the rows `dense-<lang>.ids.npy` names of `vectors.npy`; a question is one matrix-vector
product over those rows. Scores agree with FAISS's to float32 rounding (~1e-7); the order is by score,
then by row.
"""

from __future__ import annotations

import struct
import threading
from pathlib import Path

import numpy as np

FLAT_IP_FOURCC = b"IxFI"  # faiss.write_index's tag for IndexFlatIP


def flat_header(path: Path) -> tuple[int, int] | None:
    """(dimension, number of vectors) from a FAISS IndexFlatIP file's header; None when it is not one."""
    with open(path, "rb") as f:
        head = f.read(16)
    if len(head) < 16 or head[:4] != FLAT_IP_FOURCC:
        return None
    d, ntotal = struct.unpack("<iq", head[4:16])
    return d, ntotal


class FlatIndex:
    """The rows `ids` of `vectors` (memory-mapped), searched exactly; the subset of FAISS's index API that
    rag uses (`d`, `ntotal`, `search`, `reconstruct`)."""

    def __init__(self, vectors: np.ndarray, ids: np.ndarray) -> None:
        self._vectors = vectors
        self._ids = np.asarray(ids, dtype=np.int64)
        self.d = int(vectors.shape[1])
        self.ntotal = len(self._ids)
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()

    def _rows(self) -> np.ndarray:
        """This index's vectors, contiguous (gathered from the memory map on first use)."""
        if self._matrix is None:
            with self._lock:
                if self._matrix is None:
                    self._matrix = np.ascontiguousarray(self._vectors[self._ids], dtype=np.float32)
        return self._matrix

    def reconstruct(self, i: int) -> np.ndarray:
        """The i-th vector of this index."""
        return np.array(self._rows()[i])

    def search(self, queries: np.ndarray, k: int, subset: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(scores, positions), each (n queries, k), best first; positions are 0..ntotal-1 (-1 pads a short
        result). subset: the positions that may be returned (all when None)."""
        rows = self._rows()
        queries = np.asarray(queries, dtype=np.float32).reshape(-1, self.d)
        scores_out = np.full((len(queries), k), -np.inf, dtype=np.float32)
        found_out = np.full((len(queries), k), -1, dtype=np.int64)
        if subset is not None:
            positions = np.asarray(subset, dtype=np.int64)
            rows = rows[positions]
        for qi, q in enumerate(queries):
            scores = rows @ q
            n = len(scores)
            take = min(k, n)
            if take == 0:
                continue
            if n > take:  # the k best, and everything tied with the k-th, then ordered exactly
                kth = np.partition(scores, n - take)[n - take]
                cand = np.flatnonzero(scores >= kth)
            else:
                cand = np.arange(n)
            order = cand[np.lexsort((cand, -scores[cand]))][:take]
            scores_out[qi, :take] = scores[order]
            found_out[qi, :take] = order if subset is None else positions[order]
        return scores_out, found_out
