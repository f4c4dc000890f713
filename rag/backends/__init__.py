"""Where dense (vector) search runs: FAISS in-process (the default) or Milvus (`RAG_STORE=milvus:<uri>`).

The index folder stays the source of truth (rag/index_write.py writes it, vectors and all); a backend is
the engine that answers nearest-neighbour queries over it. One file per implementation, imported
only when chosen; `open_store` is the factory.
"""

from __future__ import annotations

import os

from rag.backends.base import Allowed, VectorStore
from rag.types import RagError

__all__ = ["Allowed", "VectorStore", "open_store", "store_spec"]


def store_spec(spec: str | None = None) -> tuple[str, str]:
    """(kind, uri) from `spec` or $RAG_STORE: "faiss" (default) or "milvus:<file path | http(s)://host:port>"."""
    spec = (spec if spec is not None else os.environ.get("RAG_STORE", "")).strip()
    if spec in ("", "faiss"):
        return "faiss", ""
    kind, _, uri = spec.partition(":")
    if kind == "milvus" and uri.strip():
        return "milvus", uri.strip()
    raise RagError(f"RAG_STORE={spec!r} is not a store: use faiss (the default) or milvus:<file or http://host:19530>")


def open_store(index, spec: str | None = None) -> VectorStore:
    """The dense-search backend for a loaded index (`index`: rag.store.LoadedIndex)."""
    kind, uri = store_spec(spec)
    if kind == "milvus":
        from rag.backends.milvus import MilvusStore

        return MilvusStore(index, uri)
    from rag.backends.faiss import FaissStore

    return FaissStore(index)
