"""Dense search with the FAISS indexes of the index folder (flat, or HNSW by size), in-process; a flat index
is searched in numpy (rag/backends/flat.py), so FAISS is imported only for HNSW or the cross-lingual index.
An index of several segments (rag/segments.py) is searched segment by segment and the results merged."""

from __future__ import annotations

import numpy as np

from rag.backends.base import CROSSLINGUAL, Allowed, VectorStore
from rag.backends.flat import FlatIndex


class FaissStore(VectorStore):
    """The default backend: the per-language FAISS indexes that rag/segment_write.py built and rag/store.py loaded."""

    name = "faiss"

    def __init__(self, index) -> None:
        segments = index.segments or []
        indexes = [i for i, _ in index.dense.values()] + ([index.xdense] if index.xdense is not None else [])
        indexes += [i for seg in segments for i, _ in seg.dense.values()]
        indexes += [seg.xdense for seg in segments if seg.xdense is not None]
        if any(not isinstance(i, FlatIndex) for i in indexes):
            import faiss

            faiss.omp_set_num_threads(1)  # one query at a time: OpenMP threads cost more than they save
        self.index = index
        self._hidden: dict[tuple[int, str], np.ndarray] = {}  # (segment, space) -> positions never returned

    def spaces(self) -> set[str]:
        """Each indexed language, and the cross-lingual space when it was built."""
        return set(self.index.dense) | ({CROSSLINGUAL} if self.index.xdense is not None else set())

    def search(self, space: str, qvec: np.ndarray, k: int, allowed: Allowed | None = None) -> list[tuple[int, float]]:
        """Search one FAISS index per segment, restricted to the allowed chunks by an ID selector."""
        segments = self.index.segments
        if len(segments) <= 1 and (not segments or segments[0].hidden is None):
            if space == CROSSLINGUAL:
                index, ids = self.index.xdense, None
            else:
                index, ids = self.index.dense[space]
            return _search(index, ids, qvec, k, None if allowed is None else allowed.mask, None)
        found = []
        for n, seg in enumerate(segments):
            if space == CROSSLINGUAL:
                index, ids = seg.xdense, None
            elif space in seg.dense:
                index, ids = seg.dense[space]
            else:
                continue
            start = seg.first_chunk
            mask = None if allowed is None else allowed.mask[start:start + len(seg.chunks)]
            hidden = self._hidden_positions(n, space, seg, ids) if mask is None and seg.hidden is not None else None
            found += [(start + r, s) for r, s in _search(index, ids, qvec, k, mask, hidden)]
        found.sort(key=lambda rs: (-rs[1], rs[0]))
        return found[:k]

    def _hidden_positions(self, n: int, space: str, seg, ids) -> np.ndarray:
        """Positions in a segment's index of its hidden chunks (removed or replaced documents)."""
        key = (n, space)
        if key not in self._hidden:
            hidden = np.zeros(len(seg.chunks), dtype=bool)
            hidden[seg.hidden] = True
            self._hidden[key] = np.flatnonzero(hidden if ids is None else hidden[ids]).astype(np.int64)
        return self._hidden[key]


def _search(index, ids, qvec: np.ndarray, k: int, mask: np.ndarray | None,
            hidden: np.ndarray | None) -> list[tuple[int, float]]:
    """Up to k (row, score) of one FAISS index: only rows where `mask` holds, never the `hidden` positions."""
    k = min(k, index.ntotal)
    params = None
    if mask is not None:
        local = np.nonzero(mask if ids is None else mask[ids])[0].astype(np.int64)
        if len(local) == 0:
            return []
        k = min(k, len(local))
        if isinstance(index, FlatIndex):
            params = local
        else:
            import faiss

            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(local))
    elif hidden is not None and len(hidden):
        k = min(k, index.ntotal - len(hidden))
        if k <= 0:
            return []
        if isinstance(index, FlatIndex):
            keep = np.ones(index.ntotal, dtype=bool)
            keep[hidden] = False
            params = np.flatnonzero(keep)
        else:
            import faiss

            batch = faiss.IDSelectorBatch(hidden)
            params = faiss.SearchParameters(sel=faiss.IDSelectorNot(batch))
            params._keep = batch  # the selector must outlive the search (SWIG does not hold it)
    if isinstance(index, FlatIndex):
        scores, found = index.search(qvec[None, :], k, subset=params)
    else:
        scores, found = index.search(qvec[None, :], k, params=params) if params else index.search(qvec[None, :], k)
    rows = found[0] if ids is None else [ids[j] if j >= 0 else -1 for j in found[0]]
    return [(int(r), float(s)) for r, s in zip(rows, scores[0]) if r >= 0]
