"""The on-disk index: every file read or written under the index folder goes through this module.

Layout (documented in index/README.md)::

    manifest.json        format version, embedders, the indexed documents with their provenance,
                         the current generation and the size + sha256 of each of its files
    gen-<stamp>/         one complete build: meta.sqlite (documents, clauses, chunks) and the chunk
                         arrays (rag/meta.py), vectors.npy (+ xvectors.npy), dense-<lang>.faiss (+ ids),
                         dense-x.faiss, bm25/

A write builds a new generation folder and then replaces manifest.json atomically, so killing it at
any point leaves the previous index usable, and readers keep answering from the generation they
loaded. Loading validates the manifest and verifies every file against it; a damaged index is
refused with a clear message, never used.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from pathlib import Path

import numpy as np

from rag.meta import ARRAY_FILES, META_FILE, ChunkTable, ClauseTable, MetaStore, write_meta
from rag.parserversion import PARSER_VERSION
from rag.sentences import join_spans
from rag.tokenize import tokenize_corpus
from rag.types import Chunk, Clause, Document, RagError


FORMAT_VERSION = 3  # 3: clause metadata in meta.sqlite + chunk arrays; 2: docs.json + chunks.json
LEGACY_FORMATS = (2,)  # read only to rewrite them in the current format (vectors reused, nothing re-embedded)
HNSW_FROM = 25_000  # chunks per language from which HNSW is used: exact search there costs ~2.5 ms
# (1 thread), about 10% of a query embedding (benchmarks/bench.py, section 4c)
ORIGINS = ("shipped", "operator", "upload")
_REQUIRED_FILES = {3: (META_FILE, *ARRAY_FILES, "vectors.npy"), 2: ("docs.json", "chunks.json", "vectors.npy")}
STAMPED_FROM = 0  # files this large (all) are hashed once after writing; later opens compare size, mtime, inode
# and hash only a file that differs (rewritten in place: another mtime; replaced or copied: another inode)
STAMPS = ".stamps.json"


class IndexCorrupt(RagError):
    """The index on disk is damaged or from another version."""


@dataclass(frozen=True)
class DocRecord:
    """Where an indexed document came from (its provenance) and how to notice that it changed."""

    source: str | None  # absolute path of the file it was read from
    sha256: str  # of the decoded text
    size: int = 0  # of the file when indexed (a cheap first check for changes)
    mtime: float = 0.0
    origin: str = "operator"  # "shipped" (the demo corpus), "operator" (`rag add`/`rag index`), "upload" (UI)
    added_at: str = ""


@dataclass(frozen=True)
class Manifest:
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

    @property
    def sources(self) -> dict[str, str | None]:
        """Document id -> source path."""
        return {d: r.get("source") for d, r in self.documents.items()}

    def record(self, doc_id: str) -> DocRecord:
        """The provenance of one document."""
        return DocRecord(**self.documents[doc_id])

    def to_json(self) -> str:
        """Serialise."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


@dataclass
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


def corpus_fingerprint(records: dict[str, DocRecord]) -> str:
    """Hash of the documents' contents and the parser version."""
    import hashlib  # writing and checking only: opening an unchanged index does not load OpenSSL

    h = hashlib.sha256(f"parser={PARSER_VERSION}".encode())
    for doc_id in sorted(records):
        h.update(f"\n{doc_id}\t{records[doc_id].sha256}".encode())
    return h.hexdigest()


def _sha256(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _versions() -> dict[str, str]:
    import bm25s
    import faiss

    return {"python": sys.version.split()[0], "faiss": faiss.__version__, "bm25s": bm25s.__version__,
            "numpy": np.__version__}


def _faiss_index(vectors: np.ndarray) -> tuple[object, str]:
    import faiss

    dim = vectors.shape[1]
    if len(vectors) >= HNSW_FROM:
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        kind = "hnsw"
    else:
        index = faiss.IndexFlatIP(dim)
        kind = "flat"
    faiss.omp_set_num_threads(os.cpu_count() or 1)  # building uses every core; searching uses one
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index, kind


def ensure_writable(root: Path) -> None:
    """Create the index folder, or say in one line why it cannot be."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise RagError(f"cannot use {root} as the index folder ({exc.strerror or exc.__class__.__name__}); "
                       "set RAG_INDEX_DIR to a writable folder") from None


@contextlib.contextmanager
def build_lock(root: Path):
    """One writer at a time per index folder; a failed first build leaves no folder behind."""
    created = not root.exists()
    ensure_writable(root)
    ok = False
    try:
        with open(root / ".lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise RagError(f"another `rag` command is updating the index at {root}; "
                               "wait for it to finish") from None
            try:
                yield
                ok = True
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
    finally:
        if created and not ok and not (root / "manifest.json").exists():
            _rmtree(root, ignore_errors=True)


def _new_generation_name(root: Path) -> str:
    stamp = base = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}"
    n = 1
    while (root / f"gen-{stamp}").exists():  # a second write by this process within the same second
        n += 1
        stamp = f"{base}-{n}"
    return stamp


def write_generation(root: Path, contents: Contents, embedder: tuple[str, int], xling: tuple[str, int] | None,
                     started: float) -> Manifest:
    """Write `contents` as a new generation and switch the manifest to it (call under `build_lock`)."""
    import bm25s
    import faiss

    if not contents.chunks:
        raise RagError("the corpus has no text to index")
    stamp = _new_generation_name(root)
    gen, tmp = root / f"gen-{stamp}", root / f".tmp-{stamp}"
    _rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
        write_meta(tmp, contents.documents, contents.clauses, contents.chunks)
        np.save(tmp / "vectors.npy", np.ascontiguousarray(contents.vectors, dtype=np.float32))
        index_types = {}
        for lang in sorted({c.lang for c in contents.chunks}):
            ids = np.array([i for i, c in enumerate(contents.chunks) if c.lang == lang], dtype=np.int64)
            index, kind = _faiss_index(contents.vectors[ids])
            faiss.write_index(index, str(tmp / f"dense-{lang}.faiss"))
            np.save(tmp / f"dense-{lang}.ids.npy", ids)
            index_types[lang] = kind
        if xling is not None and contents.xvectors is not None:
            np.save(tmp / "xvectors.npy", np.ascontiguousarray(contents.xvectors, dtype=np.float32))
            index, kind = _faiss_index(contents.xvectors)
            faiss.write_index(index, str(tmp / "dense-x.faiss"))
        bm25 = bm25s.BM25()
        bm25.index(tokenize_corpus([c.text for c in contents.chunks]), show_progress=False)
        bm25.save(str(tmp / "bm25"), show_progress=False)
        files = {str(p.relative_to(tmp)): {"bytes": p.stat().st_size, "sha256": _sha256(p)}
                 for p in sorted(tmp.rglob("*")) if p.is_file()}
        _write_stamps(tmp, files)
        os.replace(tmp, gen)  # a rename keeps inodes and mtimes: the stamps stay valid
    except BaseException as exc:
        _rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):  # disk full, permissions: one line, the previous index kept
            raise _write_error(root, exc) from None
        raise
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        parser_version=PARSER_VERSION,
        embedder=embedder[0],
        dim=embedder[1],
        xling=xling[0] if xling else None,
        xling_dim=xling[1] if xling else 0,
        corpus_fingerprint=corpus_fingerprint(contents.records),
        documents={d.doc_id: asdict(contents.records[d.doc_id]) for d in contents.documents},
        generation=gen.name,
        files=files,
        index_types=index_types,
        counts={"documents": len(contents.documents), "clauses": len(contents.clauses),
                "chunks": len(contents.chunks)},
        versions=_versions(),
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        build_seconds=round(time.perf_counter() - started, 2),
    )
    try:
        _atomic_write(root / "manifest.json", manifest.to_json())
    except BaseException as exc:  # the manifest still names the previous generation
        _rmtree(gen, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _write_error(root, exc) from None
        raise
    collect_garbage(root, keep=gen.name)
    return manifest


def collect_garbage(root: Path, keep: str) -> None:
    """Remove older generations and leftovers of killed writes (open readers keep their data: files
    are read into memory or memory-mapped, and an unlinked file lives on while it is mapped)."""
    for old in root.glob("gen-*"):
        if old.name != keep:
            _rmtree(old, ignore_errors=True)
    for old in root.glob(".tmp-*"):
        _rmtree(old, ignore_errors=True)
    for old in root.glob(".manifest.json.*.tmp"):
        with contextlib.suppress(OSError):
            old.unlink()


def _write_error(root: Path, exc: OSError) -> RagError:
    return RagError(f"cannot write the index at {root} ({exc.strerror or exc.__class__.__name__}); "
                    "the previous index is unchanged")


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


# ---------------------------------------------------------------------------------------- reading

_FIELD_TYPES = {"format_version": int, "parser_version": int, "embedder": str, "dim": int, "xling": (str, type(None)),
                "xling_dim": int, "corpus_fingerprint": str, "documents": dict, "generation": str, "files": dict,
                "index_types": dict, "counts": dict, "versions": dict, "built_at": str,
                "build_seconds": (int, float)}


def _validate(data: object, path: Path, root: Path) -> Manifest:
    """The manifest's schema, checked before anything in it is used."""
    def bad(why: str) -> IndexCorrupt:
        return IndexCorrupt(f"index manifest {path} is malformed ({why}); rebuild it with `rag index`")

    if not isinstance(data, dict):
        raise bad("not an object")
    version = data.get("format_version")
    if version != FORMAT_VERSION and version not in LEGACY_FORMATS:
        raise IndexCorrupt(f"index at {root} has format version {version!r}, this program "
                           f"reads {FORMAT_VERSION}; rebuild it with `rag index`")
    if set(data) != set(_FIELD_TYPES):
        raise bad("fields " + ", ".join(sorted(set(data) ^ set(_FIELD_TYPES))))
    for name, kind in _FIELD_TYPES.items():
        if not isinstance(data[name], kind) or isinstance(data[name], bool):
            raise bad(f"{name} has the wrong type")
    gen = data["generation"]
    if not gen.startswith("gen-") or "/" in gen or "\\" in gen or gen in (".", ".."):
        raise bad("generation")
    files = data["files"]
    if not all(f in files for f in _REQUIRED_FILES[version]) or not any(f.startswith("bm25/") for f in files):
        raise bad("the file list is incomplete")
    for rel, info in files.items():
        if (not isinstance(info, dict) or not isinstance(info.get("bytes"), int)
                or not isinstance(info.get("sha256"), str) or ".." in Path(rel).parts or rel.startswith("/")):
            raise bad(f"entry {rel!r}")
    langs = data["index_types"]
    if not langs or not all(isinstance(k, str) and v in ("flat", "hnsw") for k, v in langs.items()):
        raise bad("index_types")
    for lang in langs:
        if f"dense-{lang}.faiss" not in files:
            raise bad(f"no dense index for {lang}")
    if data["xling"] is not None and "dense-x.faiss" not in files:
        raise bad("no cross-lingual index")
    if data["dim"] <= 0 or not data["documents"]:
        raise bad("dimension or documents")
    known = {f.name for f in fields(DocRecord)}
    for doc_id, record in data["documents"].items():
        if not isinstance(record, dict) or not set(record) <= known or not isinstance(record.get("sha256"), str):
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


@dataclass
class LoadedIndex:
    """An opened index, ready to search: documents in memory, clauses and chunks read by row on demand
    (`ClauseTable`, `ChunkTable`: sequences), vectors, FAISS, BM25 and the per-chunk arrays memory-mapped."""

    manifest: Manifest
    documents: dict[str, Document]
    clauses: Sequence[Clause]
    chunks: Sequence[Chunk]
    chunk_clause: np.ndarray  # chunk row -> clause row
    dense: dict[str, tuple[object, np.ndarray]]  # lang -> (faiss index, chunk ids)
    bm25: object
    vectors: np.ndarray  # memory-mapped main-embedder vectors, in chunk order (reused by updates)
    xdense: object | None = None  # faiss index over every chunk with the cross-lingual embedder
    xvectors: np.ndarray | None = None
    root: Path | None = None  # the index folder it was loaded from
    chunk_doc: np.ndarray | None = None  # chunk row -> document row (order of `documents`)
    chunk_lang: np.ndarray | None = None  # chunk row -> "zh" / "en"

    @property
    def clause_index(self) -> dict[str, int]:
        """Clause id -> position in `clauses` (reads every clause: for tests and small tools)."""
        return {c.id: i for i, c in enumerate(self.clauses)}

    def clauses_of(self, doc_id: str) -> list[Clause]:
        """One document's clauses in order."""
        if isinstance(self.clauses, ClauseTable):
            return self.clauses.of_doc(doc_id)
        return [c for c in self.clauses if c.doc_id == doc_id]

    def chunk_rows(self, doc_id: str) -> np.ndarray:
        """The chunk rows of one document."""
        row = self._doc_row.get(doc_id)
        return np.empty(0, np.int64) if row is None else np.flatnonzero(self.chunk_doc == row)

    @cached_property
    def _doc_row(self) -> dict[str, int]:
        return {d: i for i, d in enumerate(self.documents)}

    def contents(self) -> Contents:
        """This index as writable contents (for an incremental update: reads every clause and chunk)."""
        return Contents(list(self.documents.values()), list(self.clauses), list(self.chunks), self.vectors,
                        self.xvectors, {d: self.manifest.record(d) for d in self.documents})


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
        if manifest.format_version in LEGACY_FORMATS:
            documents, clauses, chunks, chunk_clause, chunk_doc, chunk_lang = _legacy_metadata(gen)
        else:
            meta = MetaStore(gen / META_FILE)
            doc_list = meta.documents()
            documents = {d.doc_id: d for d in doc_list}
            clauses, chunks = ClauseTable(meta, doc_list), ChunkTable(meta)
            chunk_clause, chunk_doc, chunk_lang = (np.load(gen / f, mmap_mode="r") for f in ARRAY_FILES)
            if not (len(chunk_clause) == len(chunk_doc) == len(chunk_lang) == len(chunks)) or (len(chunks) and (
                    int(chunk_clause.max()) >= len(clauses) or int(chunk_clause.min()) < 0
                    or int(chunk_doc.max()) >= len(doc_list) or int(chunk_doc.min()) < 0)):
                raise IndexCorrupt("the chunk arrays do not match the clause metadata; rebuild with `rag index`")
        if set(documents) != set(manifest.documents):
            raise IndexCorrupt("the documents do not match the manifest; rebuild with `rag index`")
        vectors = np.load(gen / "vectors.npy", mmap_mode="r")
        if vectors.shape != (len(chunks), manifest.dim):
            raise IndexCorrupt("the stored vectors do not match the chunks; rebuild with `rag index`")
        dense = {}
        for lang in manifest.index_types:
            ids = np.load(gen / f"dense-{lang}.ids.npy")
            if ids.ndim != 1 or (len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= len(chunks))):
                raise IndexCorrupt(f"dense index for {lang} does not match the chunks; rebuild with `rag index`")
            index = _dense_index(gen / f"dense-{lang}.faiss", manifest.index_types[lang], vectors, ids)
            if index.d != manifest.dim:
                raise IndexCorrupt(f"dense index for {lang} has dimension {index.d}, manifest says {manifest.dim}; "
                                   "rebuild with `rag index`")
            if manifest.index_types[lang] == "hnsw":
                index.hnsw.efSearch = 128
            if len(ids) != index.ntotal:
                raise IndexCorrupt(f"dense index for {lang} does not match the chunks; rebuild with `rag index`")
            dense[lang] = (index, ids)
        xdense = xvectors = None
        if manifest.xling is not None:
            xdense = _read_faiss(gen / "dense-x.faiss")
            xvectors = np.load(gen / "xvectors.npy", mmap_mode="r")
            if xdense.ntotal != len(chunks) or xvectors.shape != (len(chunks), manifest.xling_dim):
                raise IndexCorrupt("the cross-lingual index does not match the chunks; rebuild with `rag index`")
            if hasattr(xdense, "hnsw"):
                xdense.hnsw.efSearch = 128
        bm25 = Bm25Scores(gen / "bm25")  # the saved scores, memory-mapped, read without bm25s (and scipy)
        if int(bm25.scores["num_docs"]) != len(chunks):
            raise IndexCorrupt("the BM25 index does not match the chunks; rebuild with `rag index`")
    except IndexCorrupt:
        raise
    except Exception as exc:  # any parse failure of verified files means a wrong or damaged build
        raise IndexCorrupt(f"index at {root} cannot be read ({exc.__class__.__name__}: {exc}); "
                           "rebuild with `rag index`".replace("\n", " ")) from None
    return LoadedIndex(manifest, documents, clauses, chunks, chunk_clause, dense, bm25, vectors, xdense, xvectors,
                       root, chunk_doc, chunk_lang)


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


def _rmtree(path, ignore_errors: bool = False) -> None:
    import shutil  # writing only: opening an index does not import it (nor bz2, lzma)

    shutil.rmtree(path, ignore_errors=ignore_errors)


def _stamp(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _write_stamps(folder: Path, files: dict[str, dict]) -> None:
    """Record size, mtime and inode of the files just hashed, so that opening them again needs no second pass
    over them (gigabytes at scale; a cold question's time otherwise) — a file rewritten since has another
    mtime or inode and is hashed again."""
    stamps = {rel: _stamp((folder / rel).stat()) for rel, info in files.items() if info["bytes"] >= STAMPED_FROM}
    if stamps:
        (folder / STAMPS).write_text(json.dumps(stamps), encoding="utf-8")


def _read_stamps(gen: Path) -> dict[str, list[int]]:
    try:
        data = json.loads((gen / STAMPS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
