"""Exact inner-product search over a faiss flat index file, in numpy, without importing faiss.

A flat index (``IndexFlatIP``, used below `rag.store.HNSW_FROM` chunks per language) is a header and
the raw float32 vectors; searching it is one matrix-vector product. Reading it here saves importing
faiss (~40 ms) on every cold start. The header layout is faiss's ``write_index`` for flat indexes:
fourcc ``IxFI``, d (int32), ntotal (int64), two int64 placeholders, is_trained (1 byte), metric (int32),
then the vectors as a uint64 count of floats and the float32 values. Any other index type is left to faiss.
"""

from __future__ import annotations

import heapq
import struct
import threading
from pathlib import Path

import numpy as np

_HEADER = struct.Struct("<4siqqq?i")  # fourcc, d, ntotal, dummy, dummy, is_trained, metric_type
_METRIC_INNER_PRODUCT = 0


class NotFlat(ValueError):
    """The file is not a flat inner-product index (let faiss read it)."""


class ExactIndex:
    """A flat inner-product index read from its faiss file; `search` as faiss's (plus `subset`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with open(path, "rb") as fh:
            head = fh.read(_HEADER.size + 8)
        if len(head) < _HEADER.size + 8:
            raise NotFlat("too short for a flat index")
        fourcc, d, ntotal, _, _, _, metric = _HEADER.unpack_from(head)
        if fourcc != b"IxFI" or metric != _METRIC_INNER_PRODUCT:
            raise NotFlat(f"index type {fourcc!r}")
        (count,) = struct.unpack_from("<Q", head, _HEADER.size)
        if d <= 0 or ntotal < 0 or count != d * ntotal or path.stat().st_size != _HEADER.size + 8 + 4 * count:
            raise ValueError("the flat index header does not match its size")
        self.d, self.ntotal = int(d), int(ntotal)
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def _matrix(self) -> np.ndarray:
        if self._vectors is None:
            with self._lock:
                if self._vectors is None:
                    self._vectors = np.fromfile(self.path, dtype=np.float32, count=self.ntotal * self.d,
                                                offset=_HEADER.size + 8).reshape(self.ntotal, self.d)
        return self._vectors

    def reconstruct(self, i: int) -> np.ndarray:
        """The stored vector at position i (as faiss's `reconstruct`)."""
        return self._matrix()[i].copy()

    def search(self, queries: np.ndarray, k: int, subset: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, positions) per query row, best first; only positions in `subset` when given.
        Missing results are -1 with the lowest float32 score, as faiss pads them."""
        matrix = self._matrix()
        pool = np.arange(self.ntotal) if subset is None else np.asarray(subset, dtype=np.int64)
        scores = np.asarray(queries, dtype=np.float32) @ (matrix if subset is None else matrix[pool]).T
        n = min(k, len(pool))
        out_s = np.full((len(scores), k), np.finfo(np.float32).min, dtype=np.float32)
        out_i = np.full((len(scores), k), -1, dtype=np.int64)
        for row, s in enumerate(scores):
            if n == 0:
                continue
            kth = np.partition(s, len(s) - n)[len(s) - n]  # the n-th best score
            cand = np.nonzero(s >= kth)[0]  # in position order, as faiss scans them
            ordered = np.sort(s[cand])
            if len(cand) == n and bool((ordered[1:] != ordered[:-1]).all()):  # no equal scores: by score
                top = cand[np.argsort(-s[cand], kind="stable")]
                out_s[row, :n], out_i[row, :n] = s[top], pool[top]
                continue
            kept = _faiss_heap(list(zip(s[cand].tolist(), pool[cand].tolist())), n)
            out_s[row, :n] = [v for v, _ in kept]
            out_i[row, :n] = [i for _, i in kept]
        return out_s, out_i


def _faiss_heap(scanned: list[tuple[float, int]], k: int) -> list[tuple[float, int]]:
    """The k results faiss's flat search keeps from (score, id) pairs in scan order, best first.

    Its min-heap admits a score only when strictly above the worst kept one, evicts the worst by
    (score, id), and lists the result by (score, id) descending; this fixes the order of equal scores.
    Only pairs scoring at least the k-th best need scanning: lower ones never change what is kept."""
    heap: list[tuple[float, int]] = [(-np.inf, -1)] * k
    for pair in scanned:
        if pair[0] > heap[0][0]:
            heapq.heapreplace(heap, pair)
    return sorted(heap, reverse=True)
