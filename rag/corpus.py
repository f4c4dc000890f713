"""The corpus the user controls: which documents are indexed, and incremental changes to it.

`update_index` is the one way the index changes: replace the corpus with exactly some files
(`rag index PATH…`), add files (`rag add`, UI uploads), remove documents (`rag remove`), refresh
documents whose source changed. Only the chunks of new or changed documents are embedded, and only
they are written: as one more segment of the index, beside the existing ones (rag/index_write.py,
`append_segment`); removed and replaced documents are hidden. When the segments would grow too many
or too large (`can_append`), or the embedder or parser changed, the index is rewritten as one segment,
every other document's clauses, chunks and vectors reused from the current generation.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple
from pathlib import Path

import numpy as np

from rag import config
from rag.embed import Embedder
from rag.parserversion import PARSER_VERSION
from rag.sentences import count_tokens
from rag.index_write import append_segment, build_lock, can_append, collect_garbage, write_generation
from rag.store import (FORMAT_VERSION, LEGACY_FORMATS, READABLE_FORMATS, Contents, DocRecord, IndexCorrupt, LoadedIndex,
                       Manifest, load_index, read_manifest)
from rag.tokenize import keep_segments
from rag.translate import keep_words
from rag.wordsenses import keep_word_vectors
from rag.types import Chunk, Clause, Document, RagError


BATCH = 4  # chunks per embedder call: a question waits at most one batch for the embedder while indexing
MAX_DOC_TOKENS = 50_000  # distinct chunk tokens one document may bring ($RAG_MAX_DOC_TOKENS): bounds indexing time


@dataclass
class Parsed:
    """One document read from its file, parsed and chunked (not yet embedded)."""

    document: Document
    clauses: list[Clause]
    chunks: list[Chunk]
    record: DocRecord


class SourceChange(NamedTuple):
    """An indexed document whose source file changed or vanished since it was indexed."""

    doc_id: str
    kind: str  # "changed" | "missing"
    path: str


class UpdateReport(NamedTuple):
    """What an update did."""

    manifest: Manifest
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    embedded: int = 0  # chunks embedded by this update (the rest were reused)
    index: LoadedIndex | None = None  # the verified index, when nothing changed (saves loading it again)
    skipped: tuple[tuple[str, str], ...] = ()  # (file name, why) of files that could not be read

    @property
    def changed(self) -> bool:
        """Whether a new generation was written."""
        return bool(self.added or self.updated or self.removed or self.embedded)


def origin_of(path: Path) -> str:
    """Provenance by location: the shipped demo corpus, an upload, or an operator's file."""
    path = Path(path).resolve()
    for folder, origin in ((config.seeds_dir(), "shipped"), (config.uploads_dir(), "upload")):
        try:
            path.relative_to(Path(folder).resolve())
            return origin
        except ValueError:
            continue
    return "operator"


def parse_file(path: Path, origin: str | None = None) -> Parsed:
    """Read, parse and chunk one file; RagError when it cannot be read."""
    from rag.chunk import make_chunks
    from rag.clauses import parse_clauses
    from rag.ingest import load_document  # the readers (yaml, html, email dates): only when indexing

    path = Path(path)
    document = load_document(path)
    clauses = parse_clauses(document)
    chunks = make_chunks(clauses)
    if not chunks:
        raise RagError(f"{path.name} has no text to index")
    _check_budget(path.name, chunks)
    stat = path.stat()
    record = DocRecord(source=str(path.resolve()), sha256=document.fingerprint, size=stat.st_size,
                       mtime=stat.st_mtime, origin=origin or origin_of(path),
                       added_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    return Parsed(document, clauses, chunks, record)


def max_doc_tokens() -> int:
    """The per-document embedding budget in estimated tokens ($RAG_MAX_DOC_TOKENS, default MAX_DOC_TOKENS)."""
    value = os.environ.get("RAG_MAX_DOC_TOKENS", "").strip()
    try:
        return max(1, int(value)) if value else MAX_DOC_TOKENS
    except ValueError:
        raise RagError(f"RAG_MAX_DOC_TOKENS must be a whole number, not {value!r}") from None


def _check_budget(name: str, chunks: list[Chunk]) -> None:
    """Refuse a document whose distinct chunks would take too long to embed (repeated text is embedded once)."""
    tokens = sum(count_tokens(text) for text in {c.text for c in chunks})
    limit = max_doc_tokens()
    if tokens > limit:
        raise RagError(f"{name} holds about {tokens:,} tokens of distinct text; the limit per document is "
                       f"{limit:,} (RAG_MAX_DOC_TOKENS): split it into smaller documents")


def reparse(document: Document, record: DocRecord) -> Parsed:
    """Parse a stored document again (the parser changed and its source file is gone)."""
    from rag.chunk import make_chunks
    from rag.clauses import parse_clauses

    clauses = parse_clauses(document)
    return Parsed(document, clauses, make_chunks(clauses), record)


def source_changes(manifest: Manifest) -> list[SourceChange]:
    """Indexed documents whose source file changed or vanished (stat first; hash only when it moved)."""
    changes = []
    for doc_id, data in manifest.documents.items():
        source = data.get("source")
        if not source:
            continue
        path = Path(source)
        try:
            stat = path.stat()
        except OSError:
            changes.append(SourceChange(doc_id, "missing", source))
            continue
        if stat.st_size == data.get("size") and stat.st_mtime == data.get("mtime"):
            continue
        try:
            from rag.ingest import load_document

            sha = load_document(path).fingerprint
        except RagError:
            changes.append(SourceChange(doc_id, "changed", source))
            continue
        if sha != data.get("sha256"):
            changes.append(SourceChange(doc_id, "changed", source))
    return changes


def _embed(embedder: Embedder, texts: list[str], desc: str, show_progress: bool) -> np.ndarray:
    """Vectors of texts; a text that occurs more than once is embedded once. Small batches, so a
    question waiting for the embedder's lock waits for one batch, not the whole document."""
    from tqdm import tqdm

    unique = list(dict.fromkeys(texts))
    vectors = np.zeros((len(unique), embedder.dim), dtype=np.float32)
    with tqdm(total=len(unique), desc=desc, unit="chunk", disable=not show_progress, file=sys.stderr) as bar:
        for start in range(0, len(unique), BATCH):
            batch = unique[start:start + BATCH]
            vectors[start:start + len(batch)] = embedder.embed_passages(batch)
            bar.update(len(batch))
            time.sleep(0)  # let a waiting question take the embedder between batches
    row = {text: i for i, text in enumerate(unique)}
    return vectors[[row[t] for t in texts]] if texts else vectors


def _current(root: Path, replacing: bool) -> LoadedIndex | None:
    """The index being updated; a damaged one is only acceptable when it is being replaced."""
    try:
        if read_manifest(root) is None:
            return None
        return load_index(root)
    except IndexCorrupt:
        if replacing:
            return None
        raise


def stale_segmentation(manifest: Manifest) -> bool:
    """True when an index's search terms were segmented with another dictionary than the current one (jieba's
    words and the glossary's, rag.lexicon): a query would be cut differently from the text it is matched with."""
    from rag.lexicon import lexicon_key

    return manifest.versions.get("lexicon") != lexicon_key()


def update_index(root: Path, embedder: Embedder, xling: Embedder | None = None, *,
                 replace: Iterable[Path] | None = None, add: Iterable[Path] = (), remove: Iterable[str] = (),
                 refresh: Iterable[str] = (), origin: str | None = None, reembed: bool = False,
                 repair: bool = False, resegment: bool = False, show_progress: bool = False,
                 notice: Callable[[str], None] | None = None) -> UpdateReport:
    """Change the indexed corpus and write a new generation (nothing is written when nothing changed).

    replace: the corpus becomes exactly these files/folders; add: files/folders added (a file already
    indexed from the same path is refreshed); remove: document ids dropped; refresh: document ids
    re-read from their sources; reembed: embed every chunk again (a new embedder); repair: a damaged
    index is replaced instead of refused (only with `replace`); resegment: write every document's search
    terms again with the current dictionary (`stale_segmentation`), its vectors reused.
    """
    from rag.ingest import corpus_files

    started = time.perf_counter()
    replace_files = corpus_files(list(replace)) if replace is not None else None  # fail before locking
    add_files = corpus_files(list(add)) if add else []
    explicit = {Path(p) for p in [*(replace or ()), *add] if not Path(p).is_dir()}
    with build_lock(root):
        current = _current(root, replace is not None and repair)
        # a new cross-lingual embedder (or none now) keeps the main vectors: only the cross-lingual ones are redone
        same_x = current is not None and current.manifest.xling == (xling.id if xling else None)
        reusable = current is not None and current.manifest.embedder == embedder.id and not reembed and (
            current.manifest.parser_version == PARSER_VERSION)
        stored: list[Contents] = []  # the current index read whole: only for a full rewrite

        def old() -> Contents:
            if not stored:
                stored.append(current.contents())
            return stored[0]

        kept: dict[str, Parsed | DocRecord | None] = {}  # doc id -> None (reuse stored), DocRecord (reuse stored,
        # its file's new size and mtime) or Parsed (to embed)
        if current is not None:
            for doc_id in current.documents:
                kept[doc_id] = None
        to_read: list[tuple[Path, str | None]] = []
        if replace_files is not None:
            wanted = {f.name for f in replace_files}
            kept = {d: v for d, v in kept.items() if d in wanted}
            to_read = [(f, origin) for f in replace_files]
        to_read += [(f, origin) for f in add_files]
        unknown = [d for d in remove if d not in kept]
        if unknown:
            raise RagError(f"no document {unknown[0]!r} in the index; `rag list` shows what is indexed")
        for doc_id in remove:
            kept.pop(doc_id)
        records = {d: current.manifest.record(d) for d in current.documents} if current is not None else {}
        for doc_id in refresh:
            source = records[doc_id].source if doc_id in records else None
            if source and Path(source).exists():
                to_read.append((Path(source), records[doc_id].origin))
        # read every new or changed file before anything is embedded: a file named on its own that cannot
        # be read stops the update; one found in a folder (or re-read for a refresh) is reported and skipped,
        # and an earlier indexed copy of it is kept
        fresh: dict[str, Parsed] = {}
        skipped: list[tuple[str, str]] = []
        for path, orig in to_read:
            doc_id = path.name
            prior = records.get(doc_id)
            if doc_id in fresh:
                raise RagError(f"two files share the name {doc_id!r}; document ids must be unique")
            if doc_id in kept and prior is not None and replace is None and prior.source != str(path.resolve()):
                raise RagError(f"a document named {doc_id!r} is already indexed (from {prior.source}); "
                               f"remove it first (`rag remove {doc_id}`) or rename the file")
            try:
                parsed = parse_file(path, orig or (prior.origin if prior else None))
            except RagError as exc:
                if path in explicit:  # a file the user named: its error is the answer
                    raise
                skipped.append((doc_id, str(exc)))  # one bad file in a folder never blocks the others
                continue
            if prior is not None and doc_id in kept and prior.sha256 == parsed.record.sha256 and reusable:
                if (prior.size, prior.mtime) != (parsed.record.size, parsed.record.mtime):
                    kept[doc_id] = DocRecord(**{**prior.__dict__, "size": parsed.record.size,
                                                "mtime": parsed.record.mtime})
                continue  # unchanged: keep its vectors
            if prior is not None and doc_id in kept:
                parsed.record = DocRecord(**{**parsed.record.__dict__, "origin": prior.origin,
                                             "added_at": prior.added_at})
            fresh[doc_id] = parsed
        if skipped and not kept and not fresh:
            raise RagError(f"no document could be indexed: {skipped[0][1]}"
                           + (f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""))
        _refuse_duplicates(fresh, {d: records[d] for d in kept if d not in fresh and d in records})
        added = tuple(sorted(d for d in fresh if d not in kept))
        updated = tuple(sorted(d for d in fresh if d in kept))
        removed = tuple(sorted(set(records) - set(kept) - set(fresh)))
        if not reusable and current is not None:  # new embedder or parser: every kept document is redone
            for doc_id in kept:
                if doc_id not in fresh:
                    fresh[doc_id] = _redo(old(), doc_id, records[doc_id], parser_changed=(
                        current.manifest.parser_version != PARSER_VERSION))
        if current is not None and not (added or updated or removed) and reusable and same_x and not resegment and (
                current.manifest.format_version in (FORMAT_VERSION, *READABLE_FORMATS)) and not any(
                isinstance(v, DocRecord) for v in kept.values()):
            collect_garbage(root, keep=current.manifest.generation)  # leftovers of a killed update
            return UpdateReport(current.manifest, index=current, skipped=tuple(skipped))
        if current is not None and reusable and same_x and not resegment:
            report = _append(root, current, kept, fresh, records, embedder, xling, show_progress, started,
                             (added, updated, removed, tuple(skipped)), notice)
            if report is not None:
                return report
        if notice and reusable and not same_x:
            notice(f"cross-lingual vectors: {current.manifest.xling or 'none'} → {xling.id if xling else 'none'}; "
                   f"the main vectors are reused")
        contents, embedded = _assemble(old() if current is not None else None, kept, fresh, embedder, xling,
                                       show_progress, x_stale=not same_x, same_main=current is not None and (
                                           current.manifest.embedder == embedder.id and not reembed))
        if notice and embedded:
            notice(f"embedded {embedded} chunks of {len(fresh)} document(s); reused the rest")
        manifest = write_generation(root, contents, (embedder.id, embedder.dim),
                                    (xling.id, xling.dim) if xling else None, started)
        keep_segments([c.heading + c.text for c in contents.clauses])  # what answering tokenizes
        keep_word_vectors([c.text for c in contents.chunks], show_progress)  # the corpus's words (rag/wordsenses.py)
        keep_words([t for d in contents.documents for t in (d.title, d.issuer or "")]
                   + [c.heading for c in contents.clauses])  # what an English answer glosses
        return UpdateReport(manifest, added, updated, removed, embedded, skipped=tuple(skipped))


def _append(root: Path, current: LoadedIndex, kept: dict, fresh: dict[str, Parsed], records: dict[str, DocRecord],
            embedder: Embedder, xling: Embedder | None, show_progress: bool, started: float, changes: tuple,
            notice: Callable[[str], None] | None) -> UpdateReport | None:
    """The update as one more segment holding only the new and changed documents (the rest of the index
    is linked, not written); None when the index should be rewritten as one segment instead."""
    added, updated, removed, skipped = changes
    hidden = [d for d in (*updated, *removed) if d in current.documents]
    hidden_chunks = sum(len(current.chunk_rows(d)) for d in hidden)
    if not can_append(current, sum(len(p.chunks) for p in fresh.values()), hidden_chunks):
        return None
    contents, embedded = _assemble(None, {}, fresh, embedder, xling, show_progress)
    if notice and embedded:
        notice(f"embedded {embedded} chunks of {len(fresh)} document(s); reused the rest")
    live = {}
    for doc_id in sorted(set(kept) | set(fresh)):
        item = fresh.get(doc_id) or kept.get(doc_id)
        live[doc_id] = item.record if isinstance(item, Parsed) else item if isinstance(item, DocRecord) else (
            records[doc_id])
    counts = dict(current.manifest.counts)
    counts = {"documents": len(live),
              "clauses": counts["clauses"] - sum(len(current.clauses_of(d)) for d in hidden) + len(contents.clauses),
              "chunks": counts["chunks"] - hidden_chunks + len(contents.chunks)}
    manifest = append_segment(root, current, contents, live, counts, (embedder.id, embedder.dim),
                              (xling.id, xling.dim) if xling else None, started)
    keep_segments([c.heading + c.text for c in contents.clauses])  # what answering tokenizes
    keep_word_vectors([c.text for c in contents.chunks], show_progress)  # the new documents' words
    return UpdateReport(manifest, added, updated, removed, embedded, skipped=skipped)


def _stored(old: Contents, doc_id: str) -> tuple[Document, list[Clause], list[Chunk]]:
    return old.parts()[doc_id]


def _redo(old: Contents, doc_id: str, record: DocRecord, parser_changed: bool) -> Parsed:
    """A kept document under a new embedder or parser: re-read from its source when it is still there."""
    if parser_changed:
        source = Path(record.source) if record.source else None
        if source is not None and source.exists():
            parsed = parse_file(source, record.origin)
            if parsed.record.sha256 == record.sha256:
                parsed.record = record
                return parsed
        doc, _, _ = _stored(old, doc_id)
        return reparse(doc, record)
    doc, clauses, chunks = _stored(old, doc_id)
    return Parsed(doc, clauses, chunks, record)


def _refuse_duplicates(fresh: dict[str, Parsed], others: dict[str, DocRecord]) -> None:
    """The same content under two names is refused (a copy must not count as a second source)."""
    by_hash = {r.sha256: d for d, r in others.items()}
    for doc_id, parsed in fresh.items():
        twin = by_hash.get(parsed.record.sha256)
        if twin is not None and twin != doc_id:
            raise RagError(f"{doc_id} has the same content as {twin}, which is already indexed")
        by_hash[parsed.record.sha256] = doc_id


def _assemble(old: Contents | None, kept: dict[str, Parsed | None], fresh: dict[str, Parsed],
              embedder: Embedder, xling: Embedder | None, show_progress: bool,
              x_stale: bool = False, same_main: bool = False) -> tuple[Contents, int]:
    """New contents in document-id order: stored rows for kept documents, new vectors for the rest.
    x_stale: the stored cross-lingual vectors are another embedder's (or absent): a kept document's are redone.
    same_main: the stored main vectors are this embedder's, so a new document's chunk whose text is a stored
    chunk's (the same file re-parsed by a new parser version, most of its chunks unchanged) keeps its vectors."""
    rows: dict[str, np.ndarray] = {}
    by_text: dict[str, int] = {}  # a stored chunk's text -> its row, for reuse
    if old is not None:
        for i, chunk in enumerate(old.chunks):
            rows.setdefault(chunk.doc_id, []).append(i)
            if same_main:
                by_text.setdefault(chunk.text, i)
    order = sorted(set(kept) | set(fresh))
    documents, clauses, chunks, records = [], [], [], {}
    main_parts, x_parts = [], []
    new_texts: list[str] = []
    new_slots: list[tuple[int, list[int]]] = []  # (part index, its rows to embed) filled after embedding
    x_texts: list[str] = []  # kept documents' chunks whose cross-lingual vectors are redone
    x_slots: list[tuple[int, int]] = []
    for doc_id in order:
        item = fresh.get(doc_id) or kept.get(doc_id)
        if item is None or isinstance(item, DocRecord):  # stored, unchanged (perhaps its file's stamp)
            doc, cls, chs = _stored(old, doc_id)
            idx = np.array(rows.get(doc_id, []), dtype=np.int64)
            main_parts.append(np.asarray(old.vectors[idx]))
            if xling is not None and (x_stale or old.xvectors is None):
                x_slots.append((len(x_parts), len(chs)))
                x_texts += [c.text for c in chs]
            x_parts.append(np.asarray(old.xvectors[idx]) if (xling is not None and old.xvectors is not None) else None)
            records[doc_id] = item or old.records[doc_id]
        else:
            doc, cls, chs = item.document, item.clauses, item.chunks
            records[doc_id] = item.record
            x_kept = xling is None or (not x_stale and old is not None and old.xvectors is not None)
            stored_rows = [by_text.get(c.text) if x_kept else None for c in chs]
            need = [i for i, r in enumerate(stored_rows) if r is None]
            main_part = np.zeros((len(chs), embedder.dim), np.float32)
            x_part = np.zeros((len(chs), xling.dim), np.float32) if xling is not None else None
            reuse = [(i, r) for i, r in enumerate(stored_rows) if r is not None]
            if reuse:
                at, idx = (np.array(v, dtype=np.int64) for v in zip(*reuse))
                main_part[at] = old.vectors[idx]
                if x_part is not None:
                    x_part[at] = old.xvectors[idx]
            new_slots.append((len(main_parts), need))
            new_texts += [chs[i].text for i in need]
            main_parts.append(main_part)
            x_parts.append(x_part)
        documents.append(doc)
        clauses += cls
        chunks += chs
    new_main = _embed(embedder, new_texts, "embedding clauses", show_progress)
    new_x = _embed(xling, new_texts + x_texts, "embedding clauses (cross-lingual)", show_progress) if xling else None
    offset = 0
    for part, need in new_slots:
        n = len(need)
        if n:
            main_parts[part][need] = new_main[offset:offset + n]
            if xling is not None:
                x_parts[part][need] = new_x[offset:offset + n]
        offset += n
    for part, n in x_slots:  # (after the new documents' rows in new_x)
        x_parts[part] = new_x[offset:offset + n]
        offset += n
    vectors = np.concatenate(main_parts) if main_parts else np.zeros((0, embedder.dim), np.float32)
    xvectors = np.concatenate(x_parts) if xling is not None and x_parts else None
    return Contents(documents, clauses, chunks, vectors, xvectors, records), len(new_texts)


def _describe(report: UpdateReport) -> str:
    parts = [f"{label} {', '.join(ids)}" for label, ids in
             (("added", report.added), ("updated", report.updated), ("removed", report.removed)) if ids]
    return "; ".join(parts) or "re-embedded"


def _announce_skipped(report: UpdateReport, notice: Callable[[str], None] | None) -> None:
    for name, why in report.skipped:
        if notice:
            notice(f"skipped {name}: {why}")


def open_corpus(root: Path, embedder: Embedder, xling: Embedder | None, *, sources: list[Path] | None = None,
                rebuild: bool = False, show_progress: bool = False,
                notice: Callable[[str], None] = lambda message: None) -> LoadedIndex:
    """The index to answer from, brought up to date first (every change is announced through `notice`).

    With `sources` the corpus becomes exactly those files. Without, it is what was indexed: the demo
    corpus (seeds/, plus earlier uploads) is indexed only when there is no index at all. A source file
    that changed is re-indexed; one that vanished is reported and its indexed copy kept.
    """
    manifest = read_manifest(root)  # IndexCorrupt for a damaged or foreign manifest
    update = dict(embedder=embedder, xling=xling, show_progress=show_progress)
    if manifest is None:
        paths = [Path(s) for s in sources] if sources else config.default_sources()
        notice(f"building the index at {root} (first use) from {', '.join(map(str, paths))}")
        _announce_skipped(update_index(root, replace=paths, **update), notice)
        return load_index(root)
    if manifest.format_version in LEGACY_FORMATS and not rebuild:  # an older layout: rewritten, not re-embedded
        notice(f"rewriting the index at {root} in index format {FORMAT_VERSION} "
               f"(it is in format {manifest.format_version}); its vectors are reused")
        _announce_skipped(update_index(root, **update), notice)
        manifest = read_manifest(root)
    reason = None
    resegment = stale_segmentation(manifest)
    if rebuild:
        reason = "rebuild requested"
    elif manifest.parser_version != PARSER_VERSION:
        reason = f"it was built by parser version {manifest.parser_version} (now {PARSER_VERSION})"
    elif manifest.embedder != embedder.id:
        reason = f"it was built with embedder {manifest.embedder}, configured is {embedder.id}"
    # another cross-lingual embedder (or none now): its vectors are redone, the main ones kept (no rebuild)
    xling_change = None if reason or manifest.xling == (xling.id if xling else None) else (
        f"cross-lingual vectors of the index at {root}: {manifest.xling or 'none'} → {xling.id if xling else 'none'} "
        f"(RAG_XLING); its main vectors are reused")
    if resegment and not reason:
        notice(f"re-segmenting the index at {root}: its Chinese was segmented with another dictionary (the "
               f"glossary or word lists changed); its vectors are reused")
    if sources is not None:
        report = update_index(root, replace=[Path(s) for s in sources], reembed=rebuild, resegment=resegment,
                              **update)
        _announce_skipped(report, notice)
        if report.changed and reason:
            notice(f"rebuilding the index at {root}: {reason}")
        elif report.changed and xling_change:
            notice(xling_change)
        elif report.updated:
            notice(f"re-indexing {', '.join(report.updated)}: changed on disk since it was indexed")
        if report.changed and not reason and (report.added or report.removed):
            notice(f"updated the index at {root}: the corpus changed: {_describe(report)}")
        return report.index or load_index(root)
    if reason:
        notice(f"rebuilding the index at {root}: {reason}")
        _announce_skipped(update_index(root, reembed=True, **update), notice)
        manifest = read_manifest(root)
    elif xling_change:
        notice(xling_change)
        _announce_skipped(update_index(root, resegment=resegment, **update), notice)
        manifest = read_manifest(root)
    elif resegment:
        _announce_skipped(update_index(root, resegment=True, **update), notice)
        manifest = read_manifest(root)
    changes = source_changes(manifest)
    for change in changes:
        if change.kind == "missing":
            notice(f"the source of {change.doc_id} ({change.path}) is gone; answering from its indexed copy "
                   f"(`rag remove {change.doc_id}` drops it)")
    changed = [c.doc_id for c in changes if c.kind == "changed"]
    if changed:
        notice(f"re-indexing {', '.join(changed)}: changed on disk since it was indexed")
        _announce_skipped(update_index(root, refresh=changed, **update), notice)
    return load_index(root)


_DEFAULT = object()


def build_index(sources: list[Path], embedder: Embedder, root: Path, show_progress: bool = True,
                xling: Embedder | None | object = _DEFAULT, origin: str | None = None) -> Manifest:
    """Make the corpus exactly `sources` (reusing what is already embedded); the new manifest."""
    from rag.embed import load_xling

    xmodel = load_xling() if xling is _DEFAULT else xling
    return update_index(root, embedder, xmodel, replace=[Path(s) for s in sources], origin=origin,
                        repair=True, show_progress=show_progress).manifest
