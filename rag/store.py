"""The on-disk index: documents, clauses, chunks, FAISS vectors and BM25, under a manifest.

Layout of the index folder::

    manifest.json        format version, embedder id and dim, corpus fingerprint, files + sha256
    gen-<stamp>/         one complete build: docs.json, chunks.json, dense-<lang>.faiss, bm25/

A build writes a new generation folder and then replaces manifest.json atomically, so killing a
build at any point leaves the previous index usable. Loading verifies every file against the
manifest; a corrupt index is refused with a clear message, never used.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from rag.chunk import make_chunks
from rag.clauses import PARSER_VERSION, parse_clauses
from rag.embed import Embedder
from rag.ingest import corpus_files, load_document
from rag.sentences import join_spans
from rag.tokenize import tokenize
from rag.types import Chunk, Clause, Document, RagError

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
HNSW_FROM = 25_000  # chunks per language from which HNSW is used: exact search there costs ~2.5 ms
# (1 thread), about 10% of a query embedding (benchmarks/bench.py, section 4c)
BATCH = 16


class IndexCorrupt(RagError):
    """The index on disk is damaged or from another version."""


@dataclass(frozen=True)
class Manifest:
    """What an index was built from and with."""

    format_version: int
    parser_version: int
    embedder: str
    dim: int
    corpus_fingerprint: str
    sources: dict[str, str]  # document id -> absolute source path
    generation: str
    files: dict[str, dict]  # relative path -> {"bytes": n, "sha256": h}
    index_types: dict[str, str]  # language -> "flat" | "hnsw"
    counts: dict[str, int]
    versions: dict[str, str]
    built_at: str
    build_seconds: float

    def to_json(self) -> str:
        """Serialise."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


@dataclass
class Corpus:
    """Parsed documents with their clauses and chunks."""

    documents: list[Document]
    clauses: list[Clause]
    chunks: list[Chunk]
    sources: dict[str, str]


def corpus_fingerprint(documents: list[Document]) -> str:
    """Hash of the documents' contents and the parser version."""
    h = hashlib.sha256(f"parser={PARSER_VERSION}".encode())
    for doc in sorted(documents, key=lambda d: d.doc_id):
        h.update(f"\n{doc.doc_id}\t{doc.fingerprint}".encode())
    return h.hexdigest()


def file_fingerprints(files: list[Path]) -> dict[str, str]:
    """sha256 of each file's text, by document id (cheap: no parsing)."""
    from rag.ingest import read_text

    return {f.name: hashlib.sha256(read_text(f).encode("utf-8")).hexdigest() for f in files}


def fingerprint_of_files(files: list[Path]) -> str:
    """The corpus fingerprint the given files would have once parsed."""
    h = hashlib.sha256(f"parser={PARSER_VERSION}".encode())
    for doc_id, fp in sorted(file_fingerprints(files).items()):
        h.update(f"\n{doc_id}\t{fp}".encode())
    return h.hexdigest()


def parse_corpus(sources: list[Path]) -> Corpus:
    """Read and parse every file; any unreadable file stops the build before anything is written."""
    files = corpus_files(sources)
    documents = [load_document(f) for f in files]
    clauses = [c for doc in documents for c in parse_clauses(doc)]
    chunks = make_chunks(clauses)
    if not chunks:
        raise RagError("the corpus has no text to index")
    return Corpus(documents, clauses, chunks, {f.name: str(f.resolve()) for f in files})


def _sha256(path: Path) -> str:
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


@contextlib.contextmanager
def build_lock(root: Path):
    """One build at a time per index folder."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RagError(f"another `rag index` is building {root}; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def embed_chunks(embedder: Embedder, chunks: list[Chunk], show_progress: bool) -> np.ndarray:
    """Passage vectors for all chunks, in batches, with a progress bar."""
    from tqdm import tqdm

    out = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
    with tqdm(total=len(chunks), desc="embedding clauses", unit="chunk", disable=not show_progress,
              file=sys.stderr) as bar:
        for start in range(0, len(chunks), BATCH):
            batch = chunks[start:start + BATCH]
            out[start:start + len(batch)] = embedder.embed_passages([c.text for c in batch])
            bar.update(len(batch))
    return out


def build_index(sources: list[Path], embedder: Embedder, root: Path, show_progress: bool = True) -> Manifest:
    """Parse, embed and index the corpus into a new generation, then switch the manifest to it."""
    import bm25s
    import faiss

    t0 = time.perf_counter()
    corpus = parse_corpus(sources)
    with build_lock(root):
        vectors = embed_chunks(embedder, corpus.chunks, show_progress)
        stamp = base = time.strftime("%Y%m%d-%H%M%S") + f"-{os.getpid()}"
        n = 1
        while (root / f"gen-{stamp}").exists():  # a second build by this process within the same second
            n += 1
            stamp = f"{base}-{n}"
        gen = root / f"gen-{stamp}"
        tmp = root / f".tmp-{stamp}"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            tmp.mkdir(parents=True)
            docs_payload = {
                "documents": [asdict(d) for d in corpus.documents],
                "clauses": [
                    {"doc_id": c.doc_id, "path": c.path, "heading": c.heading, "spans": c.spans,
                     "lang": c.lang, "level": c.level, "order": c.order}
                    for c in corpus.clauses
                ],
            }
            (tmp / "docs.json").write_text(json.dumps(docs_payload, ensure_ascii=False), encoding="utf-8")
            (tmp / "chunks.json").write_text(
                json.dumps([asdict(c) for c in corpus.chunks], ensure_ascii=False), encoding="utf-8")
            langs = sorted({c.lang for c in corpus.chunks})
            index_types = {}
            for lang in langs:
                ids = np.array([i for i, c in enumerate(corpus.chunks) if c.lang == lang], dtype=np.int64)
                index, kind = _faiss_index(vectors[ids])
                faiss.write_index(index, str(tmp / f"dense-{lang}.faiss"))
                np.save(tmp / f"dense-{lang}.ids.npy", ids)
                index_types[lang] = kind
            bm25 = bm25s.BM25()
            bm25.index([tokenize(c.text) for c in corpus.chunks], show_progress=False)
            bm25.save(str(tmp / "bm25"), show_progress=False)
            files = {
                str(p.relative_to(tmp)): {"bytes": p.stat().st_size, "sha256": _sha256(p)}
                for p in sorted(tmp.rglob("*")) if p.is_file()
            }
            os.replace(tmp, gen)
        except BaseException as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if isinstance(exc, OSError):  # disk full, permissions: one line, the previous index kept
                raise _write_error(root, exc) from None
            raise
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            parser_version=PARSER_VERSION,
            embedder=embedder.id,
            dim=embedder.dim,
            corpus_fingerprint=corpus_fingerprint(corpus.documents),
            sources=corpus.sources,
            generation=gen.name,
            files=files,
            index_types=index_types,
            counts={"documents": len(corpus.documents), "clauses": len(corpus.clauses),
                    "chunks": len(corpus.chunks)},
            versions=_versions(),
            built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            build_seconds=round(time.perf_counter() - t0, 2),
        )
        try:
            _atomic_write(root / "manifest.json", manifest.to_json())
        except BaseException as exc:  # the manifest still names the previous generation
            shutil.rmtree(gen, ignore_errors=True)
            if isinstance(exc, OSError):
                raise _write_error(root, exc) from None
            raise
        for old in root.glob("gen-*"):
            if old.name != gen.name:
                shutil.rmtree(old, ignore_errors=True)
        for old in root.glob(".tmp-*"):
            shutil.rmtree(old, ignore_errors=True)
        for old in root.glob(".manifest.json.*.tmp"):  # left by a build killed while switching
            with contextlib.suppress(OSError):
                old.unlink()
    return manifest


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


def read_manifest(root: Path) -> Manifest | None:
    """The manifest of an index folder; None when there is no index yet."""
    path = root / "manifest.json"
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorrupt(f"index manifest {path} is unreadable ({exc.__class__.__name__}); "
                           "rebuild it with `rag index`") from None
    if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
        found = data.get("format_version") if isinstance(data, dict) else None
        raise IndexCorrupt(f"index at {root} has format version {found!r}, this program reads "
                           f"{FORMAT_VERSION}; rebuild it with `rag index`")
    try:
        manifest = Manifest(**data)
    except TypeError:
        raise IndexCorrupt(f"index manifest {path} is incomplete; rebuild it with `rag index`") from None
    gen = manifest.generation
    if not (isinstance(gen, str) and gen.startswith("gen-") and "/" not in gen and "\\" not in gen
            and gen not in (".", "..")) or not all(
            isinstance(getattr(manifest, f), dict) for f in ("files", "index_types", "sources", "counts")) \
            or not isinstance(manifest.dim, int) or not isinstance(manifest.embedder, str):
        raise IndexCorrupt(f"index manifest {path} is malformed; rebuild it with `rag index`")
    return manifest


@dataclass
class LoadedIndex:
    """An index in memory, ready to search."""

    manifest: Manifest
    documents: dict[str, Document]
    clauses: list[Clause]
    chunks: list[Chunk]
    chunk_clause: np.ndarray  # chunk index -> clause index
    dense: dict[str, tuple[object, np.ndarray]]  # lang -> (faiss index, chunk ids)
    bm25: object

    @property
    def clause_index(self) -> dict[str, int]:
        """Clause id -> position in `clauses`."""
        return {c.id: i for i, c in enumerate(self.clauses)}


def load_index(root: Path, verify: bool = True) -> LoadedIndex:
    """Load and verify an index; IndexCorrupt when any file is missing, truncated or altered.

    A build in another process may switch the manifest and delete the generation being read; the
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
            log.info("index at %s was rebuilt while it was being loaded; loading %s", root, current.generation)
    raise AssertionError("unreachable")


def _load_generation(root: Path, manifest: Manifest, verify: bool) -> LoadedIndex:
    import bm25s
    import faiss

    gen = root / manifest.generation
    for rel, info in manifest.files.items():
        path = gen / rel
        try:
            if not path.is_file():
                raise IndexCorrupt(f"index file {rel} is missing from {gen}; rebuild with `rag index`")
            if path.stat().st_size != info["bytes"] or (verify and _sha256(path) != info["sha256"]):
                raise IndexCorrupt(f"index file {rel} is corrupt (size or checksum differs); "
                                   "rebuild with `rag index`")
        except (OSError, KeyError, TypeError) as exc:
            raise IndexCorrupt(f"index file {rel} cannot be checked ({exc.__class__.__name__}); "
                               "rebuild with `rag index`") from None
    try:
        payload = json.loads((gen / "docs.json").read_text(encoding="utf-8"))
        documents = {d["doc_id"]: Document(**{**d, "aliases": tuple(d["aliases"])}) for d in payload["documents"]}
        clauses = []
        for c in payload["clauses"]:
            doc = documents[c["doc_id"]]
            spans = tuple((int(s), int(e)) for s, e in c["spans"])
            clauses.append(Clause(doc_id=c["doc_id"], path=c["path"], heading=c["heading"],
                                  text=join_spans(doc.text, spans), spans=spans, lang=c["lang"],
                                  level=c["level"], order=c["order"]))
        chunks = [Chunk(**c) for c in json.loads((gen / "chunks.json").read_text(encoding="utf-8"))]
        position = {c.id: i for i, c in enumerate(clauses)}
        chunk_clause = np.array([position[c.clause_id] for c in chunks], dtype=np.int64)
        dense = {}
        for lang in manifest.index_types:
            index = faiss.read_index(str(gen / f"dense-{lang}.faiss"))
            if index.d != manifest.dim:
                raise IndexCorrupt(f"dense index for {lang} has dimension {index.d}, manifest says {manifest.dim}; "
                                   "rebuild with `rag index`")
            if manifest.index_types[lang] == "hnsw":
                index.hnsw.efSearch = 128
            ids = np.load(gen / f"dense-{lang}.ids.npy")
            if ids.ndim != 1 or len(ids) != index.ntotal or (
                    len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= len(chunks))):
                raise IndexCorrupt(f"dense index for {lang} does not match the chunks; rebuild with `rag index`")
            dense[lang] = (index, ids)
        bm25 = bm25s.BM25.load(str(gen / "bm25"), show_progress=False)
        if int(bm25.scores["num_docs"]) != len(chunks):
            raise IndexCorrupt("the BM25 index does not match the chunks; rebuild with `rag index`")
    except IndexCorrupt:
        raise
    except Exception as exc:  # any parse failure of verified files means a wrong or damaged build
        raise IndexCorrupt(f"index at {root} cannot be read ({exc.__class__.__name__}: {exc}); "
                           "rebuild with `rag index`".replace("\n", " ")) from None
    return LoadedIndex(manifest, documents, clauses, chunks, chunk_clause, dense, bm25)


def staleness(manifest: Manifest, sources: list[Path], embedder_id: str) -> str | None:
    """Why an index no longer matches the corpus or the embedder; None when it is current."""
    if manifest.parser_version != PARSER_VERSION:
        return f"it was built by parser version {manifest.parser_version} (now {PARSER_VERSION})"
    if manifest.embedder != embedder_id:
        return f"it was built with embedder {manifest.embedder}, configured is {embedder_id}"
    files = corpus_files(sources)
    if fingerprint_of_files(files) != manifest.corpus_fingerprint:
        current = {f.name for f in files}
        indexed = set(manifest.sources)
        if current != indexed:
            added, removed = sorted(current - indexed), sorted(indexed - current)
            parts = ([f"added {', '.join(added)}"] if added else []) + (
                [f"removed {', '.join(removed)}"] if removed else [])
            return "the corpus changed: " + "; ".join(parts)
        return "a document changed on disk since it was indexed"
    return None
