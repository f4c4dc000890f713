"""Dense search in Milvus (`RAG_STORE=milvus:<uri>`): a file path opens milvus-lite (embedded), an
http(s)://host:19530 URI a Milvus server or cluster, through the same client code.

The index folder (rag/store.py) stays the source of truth; on open the collection is brought in line
with it document by document: chunks of removed or changed documents are deleted, those of new or
changed documents inserted (their vectors read from the memory-mapped vectors.npy, never
re-embedded). A document's row with `ord == 0` is written last, so an interrupted sync is finished
by the next open. Lexical (BM25) search stays in-process beside it: see index/README.md.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

import numpy as np

from rag.backends.base import CROSSLINGUAL, Allowed, VectorStore
from rag.types import RagError

log = logging.getLogger(__name__)

HNSW_FROM = 25_000  # chunks from which a new collection gets an HNSW index (as rag/segment_write.py's FAISS)
BATCH = 2_000  # rows per insert call
_clients: dict[str, object] = {}
_clients_lock = threading.Lock()


def quote(value: str) -> str:
    """A Milvus filter-expression string literal (C-style escapes)."""
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def _client(uri: str):
    """One client per URI per process (milvus-lite opens its file once)."""
    try:
        from pymilvus import MilvusClient
    except ImportError:
        raise RagError("RAG_STORE=milvus needs pymilvus and milvus-lite: pip install '.[milvus]'") from None
    local = None
    if not uri.startswith(("http://", "https://", "tcp://")):
        local = path = Path(uri).expanduser().resolve()  # milvus-lite keeps its data in a folder of this name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RagError(f"cannot create the Milvus database at {path} ({exc.strerror})") from None
        uri = str(path)
    with _clients_lock:
        if uri not in _clients:
            try:
                _clients[uri] = MilvusClient(uri)
            except Exception as exc:  # connection refused, bad file, a file another process holds: one line
                hint = "" if local is None else ("; a milvus-lite file serves one process at a time (use a Milvus "
                                                 "server, milvus:http://host:19530, for several)")
                raise RagError(f"cannot open Milvus at {uri} ({exc.__class__.__name__}: {exc}){hint}"
                               .replace("\n", " ")) from None
        return _clients[uri]


def _version(doc_sha256: str, chunk_texts: list[str]) -> str:
    """What a document's rows are keyed by: its content and how it was chunked (a new parser or
    chunker re-inserts it even when the file is unchanged)."""
    h = hashlib.sha256(doc_sha256.encode())
    for text in chunk_texts:
        h.update(b"\0" + text.encode())
    return h.hexdigest()[:16]


def collection_name(index) -> str:
    """One collection per index folder and embedder pair (a new embedder starts a new collection)."""
    m = index.manifest
    key = f"{Path(index.root or '').resolve()}|{m.embedder}|{m.dim}|{m.xling}|{m.xling_dim}"
    return "rag_" + hashlib.sha256(key.encode()).hexdigest()[:16]


class MilvusStore(VectorStore):
    """Dense search, adds and deletes through a Milvus collection of the index's chunk vectors."""

    name = "milvus"

    def __init__(self, index, uri: str) -> None:
        self.index = index
        self.uri = uri
        self.client = _client(uri)
        self.collection = collection_name(index)
        self._rows: dict[str, np.ndarray] = {}  # document id -> its chunk rows, in order
        names = index.doc_ids if index.doc_ids is not None else list(index.documents)  # document row -> id
        live = index.live  # None, or False for the rows of removed or replaced documents (rag/segments.py)
        doc_of = np.asarray(index.chunk_doc)
        order = np.argsort(doc_of, kind="stable")
        bounds = np.flatnonzero(doc_of[order][1:] != doc_of[order][:-1]) + 1
        for part in np.split(order, bounds) if len(order) else []:
            if live is None or live[part[0]]:
                self._rows[names[int(doc_of[part[0]])]] = part.astype(np.int64)
        texts: dict[str, list[str]] = {}
        for row, chunk in enumerate(index.chunks):  # one pass in row order (a document's rows ascend)
            if live is None or live[row]:
                texts.setdefault(chunk.doc_id, []).append(chunk.text)
        self._sha = {d: _version(index.manifest.documents[d]["sha256"], texts[d]) for d in self._rows}
        self._langs = set(index.dense)
        self.sync()

    # ------------------------------------------------------------------------------ schema, sync

    def _create(self) -> None:
        from pymilvus import DataType

        m = self.index.manifest
        schema = self.client.create_schema(auto_id=False)
        schema.add_field("pk", DataType.VARCHAR, is_primary=True, max_length=64)
        schema.add_field("doc_id", DataType.VARCHAR, max_length=1024)
        schema.add_field("lang", DataType.VARCHAR, max_length=8)
        schema.add_field("ord", DataType.INT64)
        schema.add_field("vec", DataType.FLOAT_VECTOR, dim=m.dim)
        if m.xling is not None:
            schema.add_field("xvec", DataType.FLOAT_VECTOR, dim=m.xling_dim)
        params = self.client.prepare_index_params()
        big = len(self.index.chunk_lang) >= HNSW_FROM
        for field in ("vec", "xvec") if m.xling is not None else ("vec",):
            if big:
                params.add_index(field, index_type="HNSW", metric_type="IP", params={"M": 32, "efConstruction": 80})
            else:
                params.add_index(field, index_type="FLAT", metric_type="IP")
        self.client.create_collection(self.collection, schema=schema, index_params=params,
                                      consistency_level="Strong")

    def indexed(self) -> dict[str, str]:
        """Document id -> the content-hash prefix of the copy held in Milvus (complete copies only)."""
        if not self.client.has_collection(self.collection):
            return {}
        rows = self.client.query(self.collection, filter="ord == 0", output_fields=["doc_id", "pk"], limit=16_384)
        out = {r["doc_id"]: r["pk"].split(":", 1)[0] for r in rows}
        if len(rows) < 16_384:  # Milvus's largest query window; beyond it, page with an iterator
            return out
        it = self.client.query_iterator(self.collection, batch_size=4_096, filter="ord == 0",
                                        output_fields=["doc_id", "pk"])
        try:
            while rows := it.next():
                out.update((r["doc_id"], r["pk"].split(":", 1)[0]) for r in rows)
        finally:
            it.close()
        return out

    def sync(self) -> tuple[int, int]:
        """Bring the collection in line with the index; (documents added, documents removed)."""
        if not self.client.has_collection(self.collection):
            self._create()
        want = self._sha
        have = self.indexed()
        stale = [d for d, h in have.items() if want.get(d) != h]
        missing = [d for d, h in want.items() if have.get(d) != h]
        for doc_id in stale + [d for d in missing if d not in have]:  # also a partial copy of a new document
            self.client.delete(self.collection, filter=f"doc_id == {quote(doc_id)}")
        for doc_id in missing:
            self._insert(doc_id, want[doc_id])
        if stale or missing:
            # sealed segments get their vector index; unflushed rows are searched by brute force
            # (milvus-lite: ~130 ms instead of ~6 ms a search at 2,000 chunks)
            self.client.flush(self.collection)
            log.info("Milvus collection %s: %d documents added, %d removed", self.collection, len(missing),
                     len([d for d in stale if d not in want]))
        return len(missing), len([d for d in stale if d not in want])

    def _insert(self, doc_id: str, sha: str) -> None:
        index = self.index
        rows = self._rows[doc_id]
        records = []
        for ord_, row in enumerate(rows):
            rec = {"pk": f"{sha}:{ord_}", "doc_id": doc_id, "lang": str(index.chunk_lang[int(row)]), "ord": ord_,
                   "vec": np.asarray(index.vectors[row], dtype=np.float32).tolist()}
            if index.xvectors is not None:
                rec["xvec"] = np.asarray(index.xvectors[row], dtype=np.float32).tolist()
            records.append(rec)
        first, rest = records[:1], records[1:]
        for start in range(0, len(rest), BATCH):
            self.client.upsert(self.collection, rest[start:start + BATCH])  # idempotent if two processes sync
        self.client.upsert(self.collection, first)  # last: marks the document complete

    # ------------------------------------------------------------------------------------ search

    def spaces(self) -> set[str]:
        """Each indexed language, and the cross-lingual space when the index has it."""
        return self._langs | ({CROSSLINGUAL} if self.index.xvectors is not None else set())

    def search(self, space: str, qvec: np.ndarray, k: int, allowed: Allowed | None = None) -> list[tuple[int, float]]:
        """One filtered ANN search in the collection, mapped back to chunk rows."""
        if allowed is not None and not allowed.docs:
            return []
        conditions = [] if space == CROSSLINGUAL else [f"lang == {quote(space)}"]
        if allowed is not None:
            conditions.append("doc_id in [" + ", ".join(quote(d) for d in sorted(allowed.docs)) + "]")
        field = "xvec" if space == CROSSLINGUAL else "vec"
        params = {"metric_type": "IP", "params": {"ef": max(128, k)}}
        found = self.client.search(self.collection, data=[np.asarray(qvec, dtype=np.float32).tolist()],
                                   anns_field=field, limit=k, filter=" and ".join(conditions),
                                   output_fields=["doc_id", "ord", "pk"], search_params=params)[0]
        out = []
        for hit in found:
            entity = hit["entity"]
            rows = self._rows.get(entity["doc_id"])
            if rows is not None and hit["pk"].startswith(self._sha[entity["doc_id"]] + ":"):  # else another
                # process synced a different version of the document since this index was loaded: skip
                out.append((int(rows[entity["ord"]]), float(hit["distance"])))
        return out
