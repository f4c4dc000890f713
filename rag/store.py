"""The on-disk index, read: every file read under the index folder goes through this module (writing it is
rag/index_write.py, generations and the manifest, and rag/segment_write.py, a segment's files).

Layout (documented in index/README.md)::

    manifest.json        format version, embedders, the indexed documents with their provenance,
                         the current generation, its segments and the size + sha256 of each file
    gen-<stamp>/         one complete index: its base segment at the top (meta.sqlite with documents,
                         clauses, chunks and the chunk arrays: rag/meta.py; vectors.npy (+ xvectors.npy),
                         dense-<lang>.faiss (+ ids), dense-x.faiss, bm25/) and one seg-<n>/ folder of
                         the same files per later update (rag/segments.py)

A full build writes one base segment. An update writes only a segment holding the documents it adds;
the files of the other segments are hard links to the previous generation's (nothing of theirs is
written) and a removed or replaced document is hidden, not deleted. Either way the new generation is
complete before manifest.json is replaced atomically, so killing a write at any point leaves the
previous index usable, and readers keep answering from the generation they loaded. Loading validates
the manifest and verifies every file against it; a damaged index is refused with a clear message.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path

import numpy as np

from rag.meta import ARRAY_FILES, META_FILE, ChunkTable, ClauseTable, MetaStore
from rag.records import Record, record  # frozen dataclasses, cheaper to define (cold start)
from rag.sentences import join_spans
from rag.types import Chunk, Clause, Document, RagError


FORMAT_VERSION = 4  # 4: segments, document text in its own column; 3: one segment, text inside the document's
# JSON; 2: docs.json + chunks.json
READABLE_FORMATS = (3,)  # read as they are (a one-segment index); the next update writes the current format
LEGACY_FORMATS = (2,)  # read only to rewrite them in the current format (vectors reused, nothing re-embedded)
ORIGINS = ("shipped", "operator", "upload")
_REQUIRED_FILES = {4: (META_FILE, *ARRAY_FILES, "vectors.npy"), 3: (META_FILE, *ARRAY_FILES, "vectors.npy"),
                   2: ("docs.json", "chunks.json", "vectors.npy")}
TEXT_IN_MEMORY = 200_000  # chunks up to which the documents' text is held in memory for salience checks
STAMPS = ".stamps.json"


class IndexCorrupt(RagError):
    """The index on disk is damaged or from another version."""


@record
class DocRecord(Record):
    """Where an indexed document came from (its provenance) and how to notice that it changed."""

    source: str | None  # absolute path of the file it was read from
    sha256: str  # of the decoded text
    size: int = 0  # of the file when indexed (a cheap first check for changes)
    mtime: float = 0.0
    origin: str = "operator"  # "shipped" (the demo corpus), "operator" (`rag add`/`rag index`), "upload" (UI)
    added_at: str = ""


@record
class Manifest(Record):
    """What an index holds and was built with."""

    format_version: int
    parser_version: int
    embedder: str
    dim: int
    xling: str | None  # the language-agnostic embedder beside the main one, or None
    xling_dim: int
    corpus_fingerprint: str
    documents: dict[str, dict]  # document id -> DocRecord fields
    generation: str
    files: dict[str, dict]  # relative path -> {"bytes": n, "sha256": h}
    index_types: dict[str, str]  # language -> "flat" | "hnsw"
    counts: dict[str, int]
    versions: dict[str, str]
    built_at: str
    build_seconds: float
    # in order; each {"name": "." (the generation folder) or "seg-<n>", "chunks": rows it holds (hidden
    # ones too), "tokens": BM25 tokens of those rows (None: unknown, format 3), "index_types": {lang: kind}}
    segments: list = field(default_factory=list)

    @property
    def sources(self) -> dict[str, str | None]:
        """Document id -> source path."""
        return {d: r.get("source") for d, r in self.documents.items()}

    def record(self, doc_id: str) -> DocRecord:
        """The provenance of one document."""
        return DocRecord(**self.documents[doc_id])

    def to_json(self) -> str:
        """Serialise, on one line: its fields are plain JSON values already, so no deep copy (`asdict`) and no
        indentation (at 20,000 documents: 50 ms and 4.8 MiB, against 390 ms and 5.9 MiB indented)."""
        return json.dumps({f.name: getattr(self, f.name) for f in fields(self)}, ensure_ascii=False,
                          separators=(",", ":"))


@dataclass(eq=False, repr=False)  # (holds arrays: compared and shown as itself; cheaper to define)
class Contents:
    """Everything one generation holds, in memory, in chunk order."""

    documents: list[Document]
    clauses: list[Clause]
    chunks: list[Chunk]
    vectors: np.ndarray  # (n chunks, dim), main embedder
    xvectors: np.ndarray | None  # (n chunks, xling dim), or None
    records: dict[str, DocRecord] = field(default_factory=dict)

    def parts(self) -> dict[str, tuple[Document, list[Clause], list[Chunk]]]:
        """Document id -> (document, its clauses, its chunks), grouped once."""
        if getattr(self, "_parts", None) is None:
            groups = {d.doc_id: (d, [], []) for d in self.documents}
            for c in self.clauses:
                groups[c.doc_id][1].append(c)
            for c in self.chunks:
                groups[c.doc_id][2].append(c)
            self._parts = groups
        return self._parts


def _sha256(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------------------------------- reading

_FIELD_TYPES = {"format_version": int, "parser_version": int, "embedder": str, "dim": int, "xling": (str, type(None)),
                "xling_dim": int, "corpus_fingerprint": str, "documents": dict, "generation": str, "files": dict,
                "index_types": dict, "counts": dict, "versions": dict, "built_at": str,
                "build_seconds": (int, float), "segments": list}


def _validate(data: object, path: Path, root: Path) -> Manifest:
    """The manifest's schema, checked before anything in it is used."""
    def bad(why: str) -> IndexCorrupt:
        return IndexCorrupt(f"index manifest {path} is malformed ({why}); rebuild it with `rag index`")

    if not isinstance(data, dict):
        raise bad("not an object")
    version = data.get("format_version")
    if version != FORMAT_VERSION and version not in READABLE_FORMATS + LEGACY_FORMATS:
        raise IndexCorrupt(f"index at {root} has format version {version!r}, this program "
                           f"reads {FORMAT_VERSION}; rebuild it with `rag index`")
    if version != FORMAT_VERSION and "segments" not in data:  # one segment: the generation folder
        counts = data.get("counts")
        data = {**data, "segments": [{"name": ".", "chunks": counts.get("chunks") if isinstance(counts, dict) else 0,
                                      "tokens": None, "index_types": data.get("index_types")}]}
    if set(data) != set(_FIELD_TYPES):
        raise bad("fields " + ", ".join(sorted(set(data) ^ set(_FIELD_TYPES))))
    for name, kind in _FIELD_TYPES.items():
        if not isinstance(data[name], kind) or isinstance(data[name], bool):
            raise bad(f"{name} has the wrong type")
    gen = data["generation"]
    if not gen.startswith("gen-") or "/" in gen or "\\" in gen or gen in (".", ".."):
        raise bad("generation")
    files = data["files"]
    segments = data["segments"]
    if not segments or not all(
            isinstance(g, dict) and set(g) == {"name", "chunks", "tokens", "index_types"}
            and isinstance(g["name"], str) and (g["name"] == "." or re.fullmatch(r"seg-[0-9]+", g["name"]))
            and isinstance(g["chunks"], int) and isinstance(g["tokens"], (int, type(None)))
            and isinstance(g["index_types"], dict) for g in segments) or segments[0]["name"] != "." or len(
            {g["name"] for g in segments}) != len(segments):
        raise bad("segments")
    for g in segments:
        prefix = "" if g["name"] == "." else g["name"] + "/"
        if not all(prefix + f in files for f in _REQUIRED_FILES[version]) or not any(
                f.startswith(prefix + "bm25/") for f in files):
            raise bad("the file list is incomplete")
        for lang, kind in g["index_types"].items():
            if kind not in ("flat", "hnsw") or prefix + f"dense-{lang}.faiss" not in files:
                raise bad(f"no dense index for {lang}")
        if data["xling"] is not None and prefix + "dense-x.faiss" not in files:
            raise bad("no cross-lingual index")
    for rel, info in files.items():
        if (not isinstance(info, dict) or not isinstance(info.get("bytes"), int)
                or not isinstance(info.get("sha256"), str) or ".." in Path(rel).parts or rel.startswith("/")):
            raise bad(f"entry {rel!r}")
    langs = data["index_types"]
    if not langs or not all(isinstance(k, str) and v in ("flat", "hnsw") for k, v in langs.items()):
        raise bad("index_types")
    if data["dim"] <= 0 or not data["documents"]:
        raise bad("dimension or documents")
    known = {f.name for f in fields(DocRecord)}
    for doc_id, entry in data["documents"].items():
        if not isinstance(entry, dict) or not set(entry) <= known or not isinstance(entry.get("sha256"), str):
            raise bad(f"document {doc_id!r}")
    return Manifest(**data)


def read_manifest(root: Path) -> Manifest | None:
    """The manifest of an index folder; None when there is no index yet."""
    path = root / "manifest.json"
    try:
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise IndexCorrupt(f"index manifest {path} is unreadable ({exc.__class__.__name__}); "
                           "rebuild it with `rag index`") from None
    return _validate(data, path, root)


@dataclass(eq=False, repr=False)  # (holds arrays: compared and shown as itself; cheaper to define)
class Segment:
    """One segment of an opened index: its tables, arrays and searches, in its own row numbers, and
    where its rows start in the index's."""

    name: str
    documents: list[Document]  # in row order, hidden ones too
    clauses: Sequence[Clause]
    chunks: Sequence[Chunk]
    chunk_clause: np.ndarray
    chunk_doc: np.ndarray
    chunk_lang: np.ndarray
    vectors: np.ndarray
    dense: dict[str, tuple[object, np.ndarray]]  # lang -> (faiss index, chunk rows of this segment)
    bm25: object
    xdense: object | None = None
    xvectors: np.ndarray | None = None
    first_chunk: int = 0
    first_clause: int = 0
    first_document: int = 0
    hidden: np.ndarray | None = None  # chunk rows of this segment that no question may return, or None


@dataclass(eq=False, repr=False)  # (holds arrays: compared and shown as itself; cheaper to define)
class LoadedIndex:
    """An opened index, ready to search: document metadata in memory (their text read on use), clauses
    and chunks read by row on demand (`ClauseTable`, `ChunkTable`: sequences), vectors, FAISS, BM25 and
    the per-chunk arrays memory-mapped. Rows run through the segments in order (rag/segments.py)."""

    manifest: Manifest
    documents: dict[str, Document]  # the documents questions are answered from
    clauses: Sequence[Clause]
    chunks: Sequence[Chunk]
    chunk_clause: np.ndarray  # chunk row -> clause row
    dense: dict[str, tuple[object, np.ndarray]]  # lang -> (faiss index, chunk ids): the first segment's
    bm25: object
    vectors: np.ndarray  # memory-mapped main-embedder vectors, in chunk order (reused by updates)
    xdense: object | None = None  # faiss index over every chunk with the cross-lingual embedder
    xvectors: np.ndarray | None = None
    root: Path | None = None  # the index folder it was loaded from
    chunk_doc: np.ndarray | None = None  # chunk row -> document row (of `doc_ids`)
    chunk_lang: np.ndarray | None = None  # chunk row -> "zh" / "en"
    segments: list[Segment] = field(default_factory=list)
    doc_ids: list[str] | None = None  # document row -> id, hidden copies too (None: the order of `documents`)
    live: np.ndarray | None = None  # per chunk row: False for a hidden (removed or replaced) document's

    @property
    def clause_index(self) -> dict[str, int]:
        """Clause id -> position in `clauses` (reads every clause: for tests and small tools)."""
        return {c.id: i for i, c in enumerate(self.clauses) if self.live is None or c.id not in self._hidden_ids}

    @cached_property
    def _hidden_ids(self) -> set[str]:
        return {c.id for seg in self.segments for c in seg.clauses if self._doc_segment.get(c.doc_id) is not seg}

    def clauses_of(self, doc_id: str) -> list[Clause]:
        """One document's clauses in order."""
        segment = self._doc_segment.get(doc_id)
        if segment is None:  # not indexed, or removed
            return []
        if isinstance(segment.clauses, ClauseTable):
            return segment.clauses.of_doc(doc_id)
        return [c for c in segment.clauses if c.doc_id == doc_id]

    def chunk_rows(self, doc_id: str) -> np.ndarray:
        """The chunk rows of one document."""
        row = self._doc_row.get(doc_id)
        return np.empty(0, np.int64) if row is None else np.flatnonzero(self.chunk_doc == row)

    @cached_property
    def _doc_row(self) -> dict[str, int]:
        """Document id -> the row of the copy questions are answered from (the last segment's)."""
        if self.doc_ids is None:
            return {d: i for i, d in enumerate(self.documents)}
        rows = {d: i for i, d in enumerate(self.doc_ids)}  # later copies overwrite earlier ones
        return {d: r for d, r in rows.items() if d in self.documents}

    @cached_property
    def _doc_segment(self) -> dict[str, Segment]:
        return {d: seg for seg in self.segments for d in (x.doc_id for x in seg.documents) if d in self.documents}

    def corpus_text(self):
        """What the documents say, for "does the corpus mention X?" (rag/salience.py): their texts joined and
        lower-cased in memory up to TEXT_IN_MEMORY chunks; beyond that the BM25 vocabulary, looked up by
        token (`rag.sparse.CorpusWords`: a substring scan of a million clauses' text takes ~1 s a check)."""
        if len(self.chunks) <= TEXT_IN_MEMORY:
            return "\n".join(d.text + "\n" + d.title + "\n" + (d.doc_number or "")
                             for d in self.documents.values()).lower()
        from rag.sparse import CorpusWords

        return CorpusWords(self.bm25.df)

    def contents(self) -> Contents:
        """This index as writable contents (for a full rewrite: reads every clause and chunk)."""
        records = {d: self.manifest.record(d) for d in self.documents}
        if self.live is None:
            return Contents(list(self.documents.values()), list(self.clauses), list(self.chunks), self.vectors,
                            self.xvectors, records)
        live_rows = np.flatnonzero(self.live)
        owner = self._doc_segment  # a document's rows are those of the segment holding its live copy
        clauses = [c for seg in self.segments for c in seg.clauses if owner.get(c.doc_id) is seg]
        chunks = [c for seg in self.segments for c in seg.chunks if owner.get(c.doc_id) is seg]
        return Contents(list(self.documents.values()), clauses, chunks, _Rows(self.vectors, live_rows),
                        None if self.xvectors is None else _Rows(self.xvectors, live_rows), records)


class _Rows:
    """Some rows of a matrix, indexed as a matrix of their own (`[positions]`)."""

    def __init__(self, matrix, rows: np.ndarray) -> None:
        self.matrix, self.rows = matrix, rows
        self.shape = (len(rows),) + tuple(matrix.shape[1:])

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, positions):
        return np.asarray(self.matrix[self.rows[positions]])


def load_index(root: Path, verify: bool = True) -> LoadedIndex:
    """Load and verify an index; IndexCorrupt when any file is missing, truncated or altered.

    A write in another process may switch the manifest and delete the generation being read; the
    load is then retried on the new generation (a genuinely damaged index fails the same way again).
    """
    for attempt in range(3):
        manifest = read_manifest(root)
        if manifest is None:
            raise RagError(f"no index at {root}: build it with `rag index`")
        try:
            return _load_generation(root, manifest, verify)
        except IndexCorrupt:
            current = read_manifest(root)
            if attempt == 2 or current is None or current.generation == manifest.generation:
                raise
            import logging

            logging.getLogger(__name__).info("index at %s was rebuilt while it was being loaded; loading %s", root,
                                             current.generation)
    raise AssertionError("unreachable")


def _document(d: dict) -> Document:
    return Document(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items()})


def _read_faiss(path: Path):
    import faiss

    mmap_flag = getattr(faiss, "IO_FLAG_MMAP_IFC", 0)  # memory-mapped, zero-copy: opens in milliseconds and
    # the pages are shared by every process serving the same generation (plain read on older faiss)
    return faiss.read_index(str(path), mmap_flag)


def _dense_index(path: Path, kind: str, vectors: np.ndarray, ids: np.ndarray):
    """A language's dense index: a flat one is searched in numpy over `vectors` (FAISS is not even imported:
    rag/backends/flat.py), after checking that the FAISS file holds those rows; HNSW is read with FAISS."""
    from rag.backends.flat import FlatIndex, flat_header

    if kind != "flat":
        return _read_faiss(path)
    header = flat_header(path)
    if header is None:
        raise IndexCorrupt(f"dense index {path.name} is not a flat index; rebuild with `rag index`")
    d, ntotal = header
    if d != vectors.shape[1] or ntotal != len(ids):
        raise IndexCorrupt(f"dense index {path.name} holds {ntotal} vectors of dimension {d}, not the {len(ids)} "
                           f"of dimension {vectors.shape[1]} its ids name; rebuild with `rag index`")
    return FlatIndex(vectors, ids)


def _load_generation(root: Path, manifest: Manifest, verify: bool) -> LoadedIndex:
    from rag.sparse import Bm25Scores

    gen = root / manifest.generation
    stamps = _read_stamps(gen)
    for rel, info in manifest.files.items():
        path = gen / rel
        try:
            if not path.is_file():
                raise IndexCorrupt(f"index file {rel} is missing from {gen}; rebuild with `rag index`")
            st = path.stat()
            if st.st_size != info["bytes"] or (verify and stamps.get(rel) != _stamp(st)
                                               and _sha256(path) != info["sha256"]):
                raise IndexCorrupt(f"index file {rel} is corrupt (size or checksum differs); "
                                   "rebuild with `rag index`")
        except OSError as exc:
            raise IndexCorrupt(f"index file {rel} cannot be checked ({exc.__class__.__name__}); "
                               "rebuild with `rag index`") from None
    try:
        segments, start = [], [0, 0, 0]
        for info in manifest.segments:
            segment = _load_segment(gen if info["name"] == "." else gen / info["name"], info, manifest, start)
            segments.append(segment)
            start = [start[0] + len(segment.chunks), start[1] + len(segment.clauses),
                     start[2] + len(segment.documents)]
        return _assemble_segments(root, manifest, segments)
    except IndexCorrupt:
        raise
    except Exception as exc:  # any parse failure of verified files means a wrong or damaged build
        raise IndexCorrupt(f"index at {root} cannot be read ({exc.__class__.__name__}: {exc}); "
                           "rebuild with `rag index`".replace("\n", " ")) from None


def _load_segment(folder: Path, info: dict, manifest: Manifest, start: list[int]) -> Segment:
    """Open one segment's files (memory-mapped) and check that they agree with each other."""
    from rag.sparse import Bm25Scores

    if manifest.format_version in LEGACY_FORMATS:
        documents, clauses, chunks, chunk_clause, chunk_doc, chunk_lang = _legacy_metadata(folder)
        doc_list = list(documents.values())
    else:
        meta = MetaStore(folder / META_FILE)
        doc_list = meta.documents()
        clauses, chunks = ClauseTable(meta, doc_list), ChunkTable(meta)
        chunk_clause, chunk_doc, chunk_lang = (np.load(folder / f, mmap_mode="r") for f in ARRAY_FILES)
        if not (len(chunk_clause) == len(chunk_doc) == len(chunk_lang) == len(chunks)) or (len(chunks) and (
                int(chunk_clause.max()) >= len(clauses) or int(chunk_clause.min()) < 0
                or int(chunk_doc.max()) >= len(doc_list) or int(chunk_doc.min()) < 0)):
            raise IndexCorrupt("the chunk arrays do not match the clause metadata; rebuild with `rag index`")
    if len(chunks) != info["chunks"] and manifest.format_version == FORMAT_VERSION:
        raise IndexCorrupt("a segment does not hold the chunks the manifest says; rebuild with `rag index`")
    vectors = np.load(folder / "vectors.npy", mmap_mode="r")
    if vectors.shape != (len(chunks), manifest.dim):
        raise IndexCorrupt("the stored vectors do not match the chunks; rebuild with `rag index`")
    dense = {}
    for lang, kind in info["index_types"].items():
        ids = np.load(folder / f"dense-{lang}.ids.npy")
        if ids.ndim != 1 or (len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= len(chunks))):
            raise IndexCorrupt(f"dense index for {lang} does not match the chunks; rebuild with `rag index`")
        index = _dense_index(folder / f"dense-{lang}.faiss", kind, vectors, ids)
        if index.d != manifest.dim:
            raise IndexCorrupt(f"dense index for {lang} has dimension {index.d}, manifest says {manifest.dim}; "
                               "rebuild with `rag index`")
        if kind == "hnsw":
            index.hnsw.efSearch = 128
        if len(ids) != index.ntotal:
            raise IndexCorrupt(f"dense index for {lang} does not match the chunks; rebuild with `rag index`")
        dense[lang] = (index, ids)
    xdense = xvectors = None
    if manifest.xling is not None:
        from rag.backends.flat import flat_header

        xvectors = np.load(folder / "xvectors.npy", mmap_mode="r")
        path = folder / "dense-x.faiss"  # a flat one over every chunk is searched in numpy, as a language's is
        xdense = _read_faiss(path) if flat_header(path) is None else \
            _dense_index(path, "flat", xvectors, np.arange(len(chunks), dtype=np.int64))
        if xdense.ntotal != len(chunks) or xvectors.shape != (len(chunks), manifest.xling_dim):
            raise IndexCorrupt("the cross-lingual index does not match the chunks; rebuild with `rag index`")
        if hasattr(xdense, "hnsw"):
            xdense.hnsw.efSearch = 128
    bm25 = Bm25Scores(folder / "bm25")  # the saved scores, memory-mapped, read without bm25s (and scipy)
    if int(bm25.scores["num_docs"]) != len(chunks):
        raise IndexCorrupt("the BM25 index does not match the chunks; rebuild with `rag index`")
    return Segment(info["name"], doc_list, clauses, chunks, chunk_clause, chunk_doc, chunk_lang, vectors, dense, bm25,
                   xdense, xvectors, *start)


def _assemble_segments(root: Path, manifest: Manifest, segments: list[Segment]) -> LoadedIndex:
    """One index over its segments. A document is answered from its copy in the last segment holding it,
    if the manifest lists it; every other copy is hidden."""
    owner: dict[str, int] = {}
    for i, seg in enumerate(segments):
        for doc in seg.documents:
            owner[doc.doc_id] = i
    if not set(manifest.documents) <= set(owner):
        raise IndexCorrupt("the documents do not match the manifest; rebuild with `rag index`")
    if len(segments) == 1 and set(owner) == set(manifest.documents):
        seg = segments[0]  # the common case: one segment, nothing hidden; its arrays serve as they are
        return LoadedIndex(manifest, {d.doc_id: d for d in seg.documents}, seg.clauses, seg.chunks, seg.chunk_clause,
                           seg.dense, seg.bm25, seg.vectors, seg.xdense, seg.xvectors, root, seg.chunk_doc,
                           seg.chunk_lang, segments)
    from rag.segments import SegmentedBm25, Stacked, StackedArray

    documents, doc_ids, live = {}, [], []
    for i, seg in enumerate(segments):
        shown = np.array([owner[d.doc_id] == i and d.doc_id in manifest.documents for d in seg.documents], dtype=bool)
        documents.update((d.doc_id, d) for d, ok in zip(seg.documents, shown) if ok)
        doc_ids += [d.doc_id for d in seg.documents]
        seg_live = shown[np.asarray(seg.chunk_doc)] if len(seg.chunks) else np.zeros(0, dtype=bool)
        seg.hidden = None if seg_live.all() else np.flatnonzero(~seg_live)
        live.append(seg_live)
    first = segments[0]
    dense = {}
    for seg in segments:
        for lang, (index, ids) in seg.dense.items():
            dense.setdefault(lang, (index, np.asarray(ids) + seg.first_chunk))
    chunk_clause = np.concatenate([np.asarray(s.chunk_clause) + s.first_clause for s in segments])
    chunk_doc = np.concatenate([np.asarray(s.chunk_doc, dtype=np.int64) + s.first_document for s in segments])
    chunk_lang = np.concatenate([np.asarray(s.chunk_lang) for s in segments])
    many = len(segments) > 1
    return LoadedIndex(
        manifest, documents, Stacked([s.clauses for s in segments]) if many else first.clauses,
        Stacked([s.chunks for s in segments]) if many else first.chunks, chunk_clause, dense,
        SegmentedBm25([s.bm25 for s in segments], [s.first_chunk for s in segments]) if many else first.bm25,
        StackedArray([s.vectors for s in segments]) if many else first.vectors,
        first.xdense,  # (with several segments, rag/backends/faiss.py searches each one's)
        (StackedArray([s.xvectors for s in segments]) if many else first.xvectors) if first.xvectors is not None
        else None, root, chunk_doc, chunk_lang, segments, doc_ids, np.concatenate(live))


def _legacy_metadata(gen: Path) -> tuple:
    """Format 2's docs.json and chunks.json, read whole (only to rewrite the index in format 3)."""
    payload = json.loads((gen / "docs.json").read_text(encoding="utf-8"))
    documents = {d["doc_id"]: _document(d) for d in payload["documents"]}
    clauses = []
    for c in payload["clauses"]:
        doc = documents[c["doc_id"]]
        spans = tuple((int(s), int(e)) for s, e in c["spans"])
        clauses.append(Clause(doc_id=c["doc_id"], path=c["path"], heading=c["heading"],
                              text=join_spans(doc.text, spans), spans=spans, lang=c["lang"],
                              level=c["level"], order=c["order"]))
    chunks = [Chunk(**c) for c in json.loads((gen / "chunks.json").read_text(encoding="utf-8"))]
    position = {c.id: i for i, c in enumerate(clauses)}
    doc_row = {d: i for i, d in enumerate(documents)}
    chunk_clause = np.array([position[c.clause_id] for c in chunks], dtype=np.int64)
    chunk_doc = np.array([doc_row[c.doc_id] for c in chunks], dtype=np.int32)
    chunk_lang = np.array([c.lang for c in chunks], dtype="<U2")
    return documents, clauses, chunks, chunk_clause, chunk_doc, chunk_lang


def _stamp(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _read_stamps(gen: Path) -> dict[str, list[int]]:
    try:
        data = json.loads((gen / STAMPS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
