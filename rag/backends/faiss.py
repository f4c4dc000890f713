"""Dense search with the FAISS indexes of the index folder (flat, or HNSW by size), in-process; a flat index
is searched in numpy (rag/backends/flat.py), so FAISS is imported only for HNSW or the cross-lingual index."""

from __future__ import annotations

import numpy as np

from rag.backends.base import CROSSLINGUAL, Allowed, VectorStore
from rag.backends.flat import FlatIndex


class FaissStore(VectorStore):
    """The default backend: the per-language FAISS indexes that rag/store.py built and loaded."""

    name = "faiss"

    def __init__(self, index) -> None:
        indexes = [i for i, _ in index.dense.values()] + ([index.xdense] if index.xdense is not None else [])
        if any(not isinstance(i, FlatIndex) for i in indexes):
            import faiss

            faiss.omp_set_num_threads(1)  # one query at a time: OpenMP threads cost more than they save
        self.index = index

    def spaces(self) -> set[str]:
        """Each indexed language, and the cross-lingual space when it was built."""
        return set(self.index.dense) | ({CROSSLINGUAL} if self.index.xdense is not None else set())

    def search(self, space: str, qvec: np.ndarray, k: int, allowed: Allowed | None = None) -> list[tuple[int, float]]:
        """Search one FAISS index, restricted to the allowed chunks by an ID selector."""
        if space == CROSSLINGUAL:
            index, ids = self.index.xdense, None
        else:
            index, ids = self.index.dense[space]
        k = min(k, index.ntotal)
        params = None
        if allowed is not None:
            local = np.nonzero(allowed.mask if ids is None else allowed.mask[ids])[0].astype(np.int64)
            if len(local) == 0:
                return []
            k = min(k, len(local))
            if isinstance(index, FlatIndex):
                params = local
            else:
                import faiss

                params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(local))
        if isinstance(index, FlatIndex):
            scores, found = index.search(qvec[None, :], k, subset=params)
        else:
            scores, found = index.search(qvec[None, :], k, params=params) if params else index.search(qvec[None, :], k)
        rows = found[0] if ids is None else [ids[j] if j >= 0 else -1 for j in found[0]]
        return [(int(r), float(s)) for r, s in zip(rows, scores[0]) if r >= 0]
