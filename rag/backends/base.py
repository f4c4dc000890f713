"""The interface every dense-search backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

from rag.records import Record, record  # a frozen dataclass, cheaper to define (cold start)

CROSSLINGUAL = "x"  # the space of the language-agnostic embedder's vectors (all chunks, every language)


@record
class Allowed(Record):
    """The chunks a search may return: those of `docs` (`mask` marks them by chunk row)."""

    docs: frozenset[str]
    mask: np.ndarray


class VectorStore(ABC):
    """Nearest chunks to a query vector, in one space: a corpus language ("zh", "en": the main
    embedder's vectors of that language's chunks) or CROSSLINGUAL (the cross-lingual embedder's)."""

    name: str

    @abstractmethod
    def spaces(self) -> set[str]:
        """The spaces this store can search."""

    @abstractmethod
    def search(self, space: str, qvec: np.ndarray, k: int, allowed: Allowed | None = None) -> list[tuple[int, float]]:
        """Up to k (chunk row, inner product) pairs, best first; only `allowed` chunks when given."""
