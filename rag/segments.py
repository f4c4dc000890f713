"""One index made of several segments: the base a full build writes, then one small segment per update.

An update (`rag add`, `rag remove`, an upload) writes only a segment with the documents it adds and
links every file of the existing segments into the new generation (rag/index_write.py); a removed or
replaced document stays in its segment, hidden. Row numbers run through the segments in order
(segment 0's chunks first), so everything a question reads by row — clauses, chunks, the per-chunk
arrays, vectors — goes through these views, and searches run per segment and are merged.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence

import numpy as np

from rag.sparse import Bm25Scores, top_k
from rag.types import RowSequence


class Stacked(RowSequence):
    """Row tables of the segments read as one (clauses or chunks): row r lies in the segment whose first
    row is the largest not above r."""

    def __init__(self, parts: Sequence[Sequence]) -> None:
        self.parts = list(parts)
        self.starts = np.cumsum([0] + [len(p) for p in self.parts]).tolist()

    def __len__(self) -> int:
        return self.starts[-1]

    def _locate(self, i: int) -> tuple[int, int]:
        part = bisect_right(self.starts, i) - 1
        return part, i - self.starts[part]

    def _row(self, i: int):
        part, local = self._locate(i)
        return self.parts[part][local]

    def __iter__(self) -> Iterator:
        for part in self.parts:
            yield from part

    def many(self, rows: Sequence[int]) -> list:
        """Rows in the order given, each segment's read together."""
        by_part: dict[int, list[int]] = {}
        located = []
        for r in rows:
            r = int(r)
            if not 0 <= r < len(self):
                raise IndexError(r)
            part, local = self._locate(r)
            by_part.setdefault(part, []).append(local)
            located.append((part, local))
        found = {}
        for part, locals_ in by_part.items():
            table = self.parts[part]
            items = table.many(locals_) if hasattr(table, "many") else [table[j] for j in locals_]
            found.update(((part, j), item) for j, item in zip(locals_, items))
        return [found[key] for key in located]


class StackedArray:
    """The per-chunk matrices of the segments (vectors) read as one, by row: [i], [array of rows], [a:b]."""

    def __init__(self, parts: Sequence[np.ndarray]) -> None:
        self.parts = list(parts)
        self.starts = np.cumsum([0] + [len(p) for p in self.parts])
        self.shape = (int(self.starts[-1]),) + tuple(self.parts[0].shape[1:])
        self.dtype = self.parts[0].dtype
        self.ndim = len(self.shape)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows):
        if isinstance(rows, (int, np.integer)):
            r = int(rows) + (len(self) if rows < 0 else 0)
            part = int(np.searchsorted(self.starts, r, side="right")) - 1
            return self.parts[part][r - self.starts[part]]
        rows = np.arange(len(self))[rows] if isinstance(rows, slice) else np.asarray(rows, dtype=np.int64)
        out = np.empty((len(rows),) + self.shape[1:], dtype=self.dtype)
        part = np.searchsorted(self.starts, rows, side="right") - 1
        for p in np.unique(part) if len(rows) else []:
            where = part == p
            out[where] = self.parts[int(p)][rows[where] - self.starts[p]]
        return out

    def __array__(self, dtype=None, copy=None):
        out = np.concatenate([np.asarray(p) for p in self.parts])
        return out if dtype is None else out.astype(dtype)


class SegmentedBm25:
    """The BM25 matrices of the segments searched as one: each segment's own top-k (its rows shifted by
    its first row), merged by score and then row. A segment's scores were computed with the corpus
    statistics of the whole index when it was written (`rag.segment_write`), so they are comparable."""

    def __init__(self, parts: Sequence[Bm25Scores], starts: Sequence[int]) -> None:
        self.parts = list(parts)
        self.starts = [int(s) for s in starts]
        self.num_docs = sum(int(p.scores["num_docs"]) for p in self.parts)
        self._df: dict[str, int] | None = None

    @property
    def df(self) -> dict[str, int]:
        """Token -> number of chunks holding it, over every segment."""
        if self._df is None:
            df: dict[str, int] = {}
            for part in self.parts:
                for tok, n in part.df.items():
                    df[tok] = df.get(tok, 0) + n
            self._df = df
        return self._df

    @property
    def vocab_dict(self) -> dict[str, int]:
        """Every token of any segment (membership tests; the values are document frequencies)."""
        return self.df

    def get_scores(self, tokens: list[str]) -> np.ndarray:
        """The BM25 score of every chunk, in row order."""
        return np.concatenate([p.get_scores(tokens) for p in self.parts])

    def top(self, weighted_tokens: list[tuple[str, float]], mask: np.ndarray | None,
            depth: int) -> list[tuple[int, float]]:
        """The depth best chunks of all segments (row, score), best first, ties by row."""
        found = []
        for part, start in zip(self.parts, self.starts):
            n = int(part.scores["num_docs"])
            local = None if mask is None else mask[start:start + n]
            found += [(start + r, s) for r, s in top_k(part, weighted_tokens, local, depth)]
        found.sort(key=lambda rs: (-rs[1], rs[0]))
        return found[:depth]
