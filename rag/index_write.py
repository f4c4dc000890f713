"""Writing an index: generations, the lock, and the switch of the manifest (reading is rag/store.py).

A full build writes a new generation of one segment (`write_generation`); an update links every file of
the current generation into a new one and adds one segment with the documents it adds
(`append_segment`; rag/segment_write.py writes a segment's files). Either way the new generation is
complete and its files hashed before manifest.json is replaced atomically (`_switch`), so killing a write
at any point leaves the previous index usable, and readers keep answering from the generation they
loaded; older generations and leftovers of killed writes are then removed (`collect_garbage`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from rag.parserversion import PARSER_VERSION
from rag.segment_write import Bm25Stats, write_segment
from rag.store import (FORMAT_VERSION, STAMPS, Contents, DocRecord, LoadedIndex, Manifest, _read_stamps, _sha256,
                       _stamp)
from rag.types import RagError

MAX_SEGMENTS = 8  # an update that would make more segments rewrites the index as one
REWRITE_SHARE = 0.1  # ... and so does one whose added segments would hold more than this share of the base's
# chunks (their BM25 scores use the statistics of when they were written), or hidden chunks more than
HIDDEN_SHARE = 0.25  # this share of all
STAMPED_FROM = 0  # files this large (all) are hashed once after writing; later opens compare size, mtime, inode
# and hash only a file that differs (rewritten in place: another mtime; replaced or copied: another inode)


def corpus_fingerprint(records: dict[str, DocRecord]) -> str:
    """Hash of the documents' contents and the parser version."""
    import hashlib  # writing and checking only: opening an unchanged index does not load OpenSSL

    h = hashlib.sha256(f"parser={PARSER_VERSION}".encode())
    for doc_id in sorted(records):
        h.update(f"\n{doc_id}\t{records[doc_id].sha256}".encode())
    return h.hexdigest()



def _versions() -> dict[str, str]:
    import bm25s
    import faiss

    from rag.lexicon import lexicon_key

    return {"python": sys.version.split()[0], "faiss": faiss.__version__, "bm25s": bm25s.__version__,
            "numpy": np.__version__, "lexicon": lexicon_key()}  # (the dictionary its Chinese was segmented with)



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


def _hash_files(folder: Path, prefix: str = "") -> dict[str, dict]:
    return {prefix + str(p.relative_to(folder)): {"bytes": p.stat().st_size, "sha256": _sha256(p)}
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != STAMPS}


def write_generation(root: Path, contents: Contents, embedder: tuple[str, int], xling: tuple[str, int] | None,
                     started: float) -> Manifest:
    """Write `contents` as a new generation of one segment and switch the manifest to it (call under
    `build_lock`)."""
    if not contents.chunks:
        raise RagError("the corpus has no text to index")
    stamp = _new_generation_name(root)
    gen, tmp = root / f"gen-{stamp}", root / f".tmp-{stamp}"
    _rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
        entry = write_segment(tmp, contents, xling is not None, None)
        files = _hash_files(tmp)
        _write_stamps(tmp, files)
        os.replace(tmp, gen)  # a rename keeps inodes and mtimes: the stamps stay valid
    except BaseException as exc:
        _rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):  # disk full, permissions: one line, the previous index kept
            raise _write_error(root, exc) from None
        raise
    counts = {"documents": len(contents.documents), "clauses": len(contents.clauses), "chunks": len(contents.chunks)}
    records = {d.doc_id: contents.records[d.doc_id] for d in contents.documents}
    return _switch(root, gen, embedder, xling, records, files, [{"name": ".", **entry}], counts, started)


def can_append(index: LoadedIndex, new_chunks: int, hidden_chunks: int) -> bool:
    """Whether an update adding `new_chunks` and hiding `hidden_chunks` more can be written as one more
    segment (else the index is rewritten as one)."""
    m = index.manifest
    segments = m.segments
    if m.format_version != FORMAT_VERSION or not segments or any(s.get("tokens") is None for s in segments):
        return False
    rows = sum(s["chunks"] for s in segments) + new_chunks
    hidden = rows - new_chunks - m.counts["chunks"] + hidden_chunks
    return (len(segments) < MAX_SEGMENTS and sum(s["chunks"] for s in segments[1:]) + new_chunks
            <= REWRITE_SHARE * segments[0]["chunks"] and hidden <= HIDDEN_SHARE * rows)


def append_segment(root: Path, current: LoadedIndex, contents: Contents, records: dict[str, DocRecord],
                   counts: dict[str, int], embedder: tuple[str, int], xling: tuple[str, int] | None,
                   started: float) -> Manifest:
    """A new generation made of the current one's segments (hard links: nothing of them is written) and
    one more holding `contents` (the added or replaced documents); `records` are the documents it
    answers from (call under `build_lock`; `can_append` first)."""
    old = root / current.manifest.generation
    stamp = _new_generation_name(root)
    gen, tmp = root / f"gen-{stamp}", root / f".tmp-{stamp}"
    _rmtree(tmp, ignore_errors=True)
    segments = list(current.manifest.segments)
    name = f"seg-{max([int(s['name'][4:]) for s in segments if s['name'] != '.'] + [0]) + 1}"
    try:
        tmp.mkdir(parents=True)
        linked = True
        for rel in current.manifest.files:
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(old / rel, tmp / rel)
            except OSError:  # a file system without hard links: copied (and hashed again on the next open)
                import shutil

                shutil.copy2(old / rel, tmp / rel)
                linked = False
        files = dict(current.manifest.files)
        if contents.chunks:
            params = json.loads((old / "bm25" / "params.index.json").read_text(encoding="utf-8"))
            df = current.bm25.df
            stats = Bm25Stats(sum(s["chunks"] for s in segments), sum(s["tokens"] for s in segments),
                              lambda tok: df.get(tok, 0), params)
            entry = write_segment(tmp / name, contents, xling is not None, stats)
            segments.append({"name": name, **entry})
            files.update(_hash_files(tmp / name, prefix=name + "/"))
        stamps = _read_stamps(old) if linked else {}
        fresh = {rel: _stamp((tmp / rel).stat()) for rel, info in files.items()
                 if info["bytes"] >= STAMPED_FROM and rel not in stamps}
        if fresh or not linked:
            stamps.update(fresh)
            if stamps:
                (tmp / STAMPS).write_text(json.dumps(stamps), encoding="utf-8")
        elif stamps:  # nothing new to stamp (a removal): the old stamps, linked like every other file
            os.link(old / STAMPS, tmp / STAMPS)
        os.replace(tmp, gen)
    except BaseException as exc:
        _rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _write_error(root, exc) from None
        raise
    return _switch(root, gen, embedder, xling, records, files, segments, counts, started)


def _switch(root: Path, gen: Path, embedder: tuple[str, int], xling: tuple[str, int] | None,
            records: dict[str, DocRecord], files: dict[str, dict], segments: list[dict], counts: dict[str, int],
            started: float) -> Manifest:
    """Point manifest.json at a complete new generation, then remove the older ones."""
    index_types: dict[str, str] = {}
    for segment in segments:
        for lang, kind in segment["index_types"].items():
            index_types.setdefault(lang, kind)
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        parser_version=PARSER_VERSION,
        embedder=embedder[0],
        dim=embedder[1],
        xling=xling[0] if xling else None,
        xling_dim=xling[1] if xling else 0,
        corpus_fingerprint=corpus_fingerprint(records),
        documents={d: dict(vars(records[d])) for d in records},  # (asdict: a deep copy, 9x slower)
        generation=gen.name,
        files=files,
        index_types=index_types,
        counts=counts,
        versions=_versions(),
        built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        build_seconds=round(time.perf_counter() - started, 2),
        segments=segments,
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



def _rmtree(path, ignore_errors: bool = False) -> None:
    import shutil  # writing only: opening an index does not import it (nor bz2, lzma)

    shutil.rmtree(path, ignore_errors=ignore_errors)



def _write_stamps(folder: Path, files: dict[str, dict]) -> None:
    """Record size, mtime and inode of the files just hashed, so that opening them again needs no second pass
    over them (gigabytes at scale; a cold question's time otherwise) — a file rewritten since has another
    mtime or inode and is hashed again."""
    stamps = {rel: _stamp((folder / rel).stat()) for rel, info in files.items() if info["bytes"] >= STAMPED_FROM}
    if stamps:
        (folder / STAMPS).write_text(json.dumps(stamps), encoding="utf-8")
