"""Clause metadata on disk (index format 4): documents, clauses and chunks in one SQLite file per segment
of a generation, plus three memory-mapped arrays for what every question reads per chunk.

Opening reads the documents' metadata (title, 文号, dates: `StoredDocument`) and maps the arrays; a
document's clean text (what clause spans point into), its clauses and chunks are read by row when a
question needs them, so opening costs the same at 10k and 1M clauses. The tables are written once and
never changed: readers open the file read-only and immutable (no locks), one connection per thread and
process. (Format 3 kept the text inside each document's JSON body; such a file is still read.)
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import asdict, fields
from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.sentences import join_spans
from rag.types import Chunk, Clause, Document, RowSequence

META_FILE = "meta.sqlite"
ARRAY_FILES = ("chunk_clause.npy", "chunk_doc.npy", "chunk_lang.npy")
_SCHEMA = """
CREATE TABLE documents (row INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, body TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE clauses (row INTEGER PRIMARY KEY, doc INTEGER NOT NULL, path TEXT NOT NULL, heading TEXT NOT NULL,
                      spans TEXT NOT NULL, lang TEXT NOT NULL, level INTEGER NOT NULL, ord INTEGER NOT NULL);
CREATE INDEX clauses_by_doc ON clauses (doc, row);
CREATE TABLE chunks (row INTEGER PRIMARY KEY, clause INTEGER NOT NULL, text TEXT NOT NULL, lang TEXT NOT NULL);
"""
CACHE = 65_536  # clauses and chunks kept as objects once read (a question reads a few hundred)
TEXT_CACHE = 256  # documents whose clean text is kept once read (the rest is read again when needed)
HEAD = 800  # a document's opening characters, kept when they name what it is about (rag.docref.own_names:
# "《…》（以下简称…）"), so describing a document in a question reads none of the documents' texts
BLOCK = 20_000  # rows per query when every clause or chunk is read in order


def write_meta(folder: Path, documents: list[Document], clauses: list[Clause], chunks: list[Chunk]) -> None:
    """Write meta.sqlite and the chunk arrays of a new generation into `folder`."""
    doc_row = {d.doc_id: i for i, d in enumerate(documents)}
    clause_row = {c.id: i for i, c in enumerate(clauses)}
    path = folder / META_FILE
    con = sqlite3.connect(path)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=8192;" + _SCHEMA)
        con.executemany("INSERT INTO documents VALUES (?, ?, ?, ?)",
                        ((i, d.doc_id, json.dumps({k: v for k, v in asdict(d).items() if k != "text"},
                                                  ensure_ascii=False), d.text) for i, d in enumerate(documents)))
        con.executemany("INSERT INTO clauses VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        ((i, doc_row[c.doc_id], c.path, c.heading, json.dumps(c.spans), c.lang, c.level, c.order)
                         for i, c in enumerate(clauses)))
        con.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?)",
                        ((i, clause_row[c.clause_id], c.text, c.lang) for i, c in enumerate(chunks)))
        con.commit()
    finally:
        con.close()
    np.save(folder / "chunk_clause.npy", np.array([clause_row[c.clause_id] for c in chunks], dtype=np.int64))
    np.save(folder / "chunk_doc.npy", np.array([doc_row[c.doc_id] for c in chunks], dtype=np.int32))
    np.save(folder / "chunk_lang.npy", np.array([c.lang for c in chunks], dtype="<U2"))


class MetaStore:
    """Read access to one generation's meta.sqlite.

    Each thread reads through its own connection. A newer generation deletes this one's folder while
    questions may still be answered from it (an upload swaps the index in after writing it): the file
    lives on through the connections already open, and a thread that opens its first one after the
    deletion reads through the connection opened at load instead, under a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._shared = self._open()
        self._shared_pid = os.getpid()
        self._lock = threading.Lock()
        self.n_clauses = self.rows("SELECT COUNT(*) FROM clauses")[0][0]
        self.n_chunks = self.rows("SELECT COUNT(*) FROM chunks")[0][0]
        self.n_documents = self.rows("SELECT COUNT(*) FROM documents")[0][0]
        # format 4 keeps each document's text in its own column; format 3 inside the JSON body
        self._text_column = any(r[1] == "text" for r in self.rows("PRAGMA table_info(documents)"))
        self.text = lru_cache(maxsize=TEXT_CACHE)(self._text)

    def _open(self) -> sqlite3.Connection:
        con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        con.execute("SELECT 1 FROM documents LIMIT 1").fetchall()  # fails now, not later, when the file is gone
        return con

    def _thread_connection(self) -> sqlite3.Connection | None:
        """This thread's connection; None when none can be opened (the generation was deleted)."""
        pid = os.getpid()
        if getattr(self._local, "pid", None) != pid:  # first use in this thread (or in a forked child)
            try:
                self._local.con = self._open()
            except sqlite3.Error:
                if self._shared_pid != pid:
                    raise
                self._local.con = None
            self._local.pid = pid
        return self._local.con

    def rows(self, sql: str, args: tuple = ()) -> list[tuple]:
        """The rows of one query."""
        con = self._thread_connection()
        if con is not None:
            return con.execute(sql, args).fetchall()
        with self._lock:
            return self._shared.execute(sql, args).fetchall()

    def documents(self) -> list[Document]:
        """Every document, in row order, without reading its text (`StoredDocument`)."""
        body = "body" if self._text_column else "json_remove(body, '$.text')"  # (in SQLite, not Python)
        text = "text" if self._text_column else "json_extract(body, '$.text')"
        head = f"CASE WHEN instr(substr({text}, 1, {HEAD}), '以下简称') > 0 THEN substr({text}, 1, {HEAD}) END"
        return [StoredDocument.of(json.loads(b), self, row, h)
                for row, b, h in self.rows(f"SELECT row, {body}, {head} FROM documents ORDER BY row")]

    def _text(self, row: int) -> str:
        """One document's clean text (the last TEXT_CACHE read are kept)."""
        column = "text" if self._text_column else "json_extract(body, '$.text')"
        return self.rows(f"SELECT {column} FROM documents WHERE row = ?", (row,))[0][0]


def _document(d: dict) -> Document:
    return Document(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items()})


class StoredDocument(Document):
    """A Document of an opened index whose clean text is read from meta.sqlite when it is used (the
    last few hundred are cached), so opening an index of 20,000 documents reads none of their text.
    It behaves as a Document (fields, equality, `replace`, `asdict`); it pickles as a plain one."""

    @classmethod
    def of(cls, data: dict, meta: MetaStore, row: int, head: str | None = None) -> StoredDocument:
        doc = object.__new__(cls)
        doc.__dict__.update({k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k != "text"})
        doc.__dict__["_source"] = (meta, row)
        doc.__dict__["head"] = head or ""  # text[:HEAD] when it holds "以下简称", else ""
        return doc

    def __getattr__(self, name: str):
        if name == "text":
            meta, row = self.__dict__["_source"]
            return meta.text(row)
        raise AttributeError(name)

    def __reduce__(self):
        return (Document, self._values())

    def _values(self) -> tuple:
        return tuple(getattr(self, f.name) for f in fields(Document))

    def __eq__(self, other) -> bool:
        if isinstance(other, Document):
            return self._values() == tuple(getattr(other, f.name) for f in fields(Document))
        return NotImplemented

    __hash__ = Document.__hash__


class _RowTable(RowSequence):
    """Rows of one table read on demand: row i goes through `_get`, an LRU cache over the subclass's `_read(i)`."""

    _get: object

    def _row(self, i: int):
        return self._get(i)


class ClauseTable(_RowTable):
    """The clauses of an index by row, read on demand (a Sequence: len, [i], iteration in row order)."""

    _COLUMNS = "row, doc, path, heading, spans, lang, level, ord"

    def __init__(self, meta: MetaStore, documents: list[Document]) -> None:
        self.meta = meta
        self._docs = documents
        self._doc_row = {d.doc_id: i for i, d in enumerate(documents)}
        self._get = lru_cache(maxsize=CACHE)(self._read)

    def __len__(self) -> int:
        return self.meta.n_clauses


    def __iter__(self) -> Iterator[Clause]:
        for start in range(0, len(self), BLOCK):
            for row in self.meta.rows(f"SELECT {self._COLUMNS} FROM clauses WHERE row >= ? AND row < ? ORDER BY row",
                                      (start, start + BLOCK)):
                yield self._clause(row)

    def of_doc(self, doc_id: str) -> list[Clause]:
        """One document's clauses in order (through the index on the document)."""
        doc = self._doc_row.get(doc_id)
        if doc is None:
            return []
        rows = self.meta.rows(f"SELECT {self._COLUMNS} FROM clauses WHERE doc = ? ORDER BY row", (doc,))
        return [self._clause(r) for r in rows]

    def many(self, rows: Sequence[int]) -> list[Clause]:
        """Clauses by row, in the order given, read in one query (a question's hits)."""
        rows = [int(r) for r in rows]
        wanted = sorted(set(rows))
        if wanted and not (0 <= wanted[0] and wanted[-1] < len(self)):
            raise IndexError(wanted[0] if wanted[0] < 0 else wanted[-1])
        found = {}
        for start in range(0, len(wanted), 512):  # under SQLite's limit on bound parameters
            part = wanted[start:start + 512]
            found.update((r[0], self._clause(r)) for r in self.meta.rows(
                f"SELECT {self._COLUMNS} FROM clauses WHERE row IN ({','.join('?' * len(part))})", tuple(part)))
        return [found[r] for r in rows]

    def rows_of(self, doc_id: str) -> list[int]:
        """The rows of one document's clauses."""
        doc = self._doc_row.get(doc_id)
        if doc is None:
            return []
        return [r for (r,) in self.meta.rows("SELECT row FROM clauses WHERE doc = ? ORDER BY row", (doc,))]

    def _read(self, i: int) -> Clause:
        return self._clause(self.meta.rows(f"SELECT {self._COLUMNS} FROM clauses WHERE row = ?", (i,))[0])

    def _clause(self, row: tuple) -> Clause:
        _, doc, path, heading, spans, lang, level, order = row
        document = self._docs[doc]
        spans = tuple((int(s), int(e)) for s, e in json.loads(spans))
        return Clause(doc_id=document.doc_id, path=path, heading=heading, text=join_spans(document.text, spans),
                      spans=spans, lang=lang, level=level, order=order)


class ChunkTable(_RowTable):
    """The chunks of an index by row, read on demand."""

    _SELECT = ("SELECT k.row, k.text, k.lang, c.path, d.doc_id FROM chunks k JOIN clauses c ON c.row = k.clause "
               "JOIN documents d ON d.row = c.doc")

    def __init__(self, meta: MetaStore) -> None:
        self.meta = meta
        self._get = lru_cache(maxsize=CACHE)(self._read)

    def __len__(self) -> int:
        return self.meta.n_chunks


    def __iter__(self) -> Iterator[Chunk]:
        for start in range(0, len(self), BLOCK):
            for row in self.meta.rows(self._SELECT + " WHERE k.row >= ? AND k.row < ? ORDER BY k.row",
                                      (start, start + BLOCK)):
                yield _chunk(row)

    def _read(self, i: int) -> Chunk:
        return _chunk(self.meta.rows(self._SELECT + " WHERE k.row = ?", (i,))[0])


def _chunk(row: tuple) -> Chunk:
    _, text, lang, path, doc_id = row
    return Chunk(clause_id=f"{doc_id}#{path}", doc_id=doc_id, text=text, lang=lang)

