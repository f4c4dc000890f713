"""Chinese runs segmented at index time, kept so that answering does not segment them again.

Answering a question tokenizes clause and sentence texts (coverage, sentence choice) and translated
terms; each Chinese run of them costs jieba look-ups in the lexicon (rag/lexicon.py), ~15 ms for the
ten clauses of one cold answer. Indexing segments every run of the corpus anyway, so it keeps each
run's BM25 tokens (jieba search mode, stopwords not yet removed) in one SQLite file beside the
lexicon, `segments-<lexicon key>.sqlite`: the tokens are a function of the run and the lexicon alone,
so corpora share the file, and a changed lexicon means another file. A run the file lacks (a
question's own words) is segmented as before; only index-time text is ever written, never a question.

A second table, `words`, keeps the words of whole index-time texts over the translation dictionary
(rag/translate.py): the titles, issuers and clause headings an English answer glosses from Chinese, so a
cold English question over Chinese documents never loads jieba.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

from rag import lexicon

_SEP = "\n"  # tokens of a Chinese run never contain a newline
_BATCH = 900  # SQLite host parameters per statement
_lock = threading.Lock()
_conn: sqlite3.Connection | None = None
_conn_path: Path | None = None  # the file _conn reads (None: not opened yet)


_for_lexicon: tuple[object, Path | None] = (None, None)  # (the lexicon, its segments file)


def path() -> Path | None:
    """The segments file of the lexicon this process uses (None when the lexicon is held in memory)."""
    global _for_lexicon
    lex = lexicon.lexicon()  # opened once per process (again after lexicon.reset())
    if _for_lexicon[0] is not lex:
        lex_path = getattr(lex, "path", None)  # lexicon-<key>.sqlite
        _for_lexicon = (lex, lex_path.with_name("segments-" + lex_path.name.split("-", 1)[1]) if lex_path else None)
    return _for_lexicon[1]


def _connection() -> sqlite3.Connection | None:
    global _conn, _conn_path
    target = path()
    if _conn_path != target:
        with _lock:
            if _conn_path != target:
                if _conn is not None:
                    _conn.close()
                _conn = None
                try:
                    if target is not None and target.is_file():
                        _conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
                except sqlite3.Error:
                    _conn = None
                _conn_path = target
    return _conn


def lookup(run: str) -> list[str] | None:
    """The stored tokens of a Chinese run; None when the file lacks it (or there is no file)."""
    conn = _connection()
    if conn is None:
        return None
    try:
        with _lock:
            row = conn.execute("SELECT v FROM runs WHERE k = ?", (run,)).fetchone()
    except sqlite3.Error:
        return None
    return row[0].split(_SEP) if row else None


def lookup_many(runs: list[str]) -> dict[str, list[str]]:
    """The stored tokens of those of `runs` the file holds (one query for a text's runs, not one each)."""
    keys = list(dict.fromkeys(runs))
    conn = _connection() if keys else None
    if conn is None:
        return {}
    found: list[tuple[str, str]] = []
    try:
        with _lock:
            for i in range(0, len(keys), _BATCH):
                part = keys[i:i + _BATCH]
                found += conn.execute(f"SELECT k, v FROM runs WHERE k IN ({','.join('?' * len(part))})",
                                      part).fetchall()
    except sqlite3.Error:
        return {}
    return {k: v.split(_SEP) for k, v in found}


def lookup_words(text: str) -> list[str] | None:
    """The stored translation-dictionary words of an index-time text; None when the file lacks it."""
    conn = _connection()
    if conn is None:
        return None
    try:
        with _lock:
            row = conn.execute("SELECT v FROM words WHERE k = ?", (text,)).fetchone()
    except sqlite3.Error:  # no such table: a file written before words were kept
        return None
    return json.loads(row[0]) if row else None


def store(segments: Iterable[tuple[str, list[str]]]) -> None:
    """Keep runs' tokens (index time); nothing happens when the cache folder cannot be written."""
    _write("runs", [(run, _SEP.join(tokens)) for run, tokens in segments if tokens])


def store_words(words: Iterable[tuple[str, list[str]]]) -> None:
    """Keep whole texts' translation-dictionary words (index time), like `store`."""
    _write("words", [(text, json.dumps(ws, ensure_ascii=False)) for text, ws in words])


def _write(table: str, rows: list[tuple[str, str]]) -> None:
    if not rows:
        return
    with contextlib.suppress(OSError, sqlite3.Error):
        target = path()
        if target is None:
            return
        conn = sqlite3.connect(target, timeout=30)
        try:
            conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
            conn.executemany(f"INSERT OR IGNORE INTO {table} VALUES (?, ?)", rows)
            conn.commit()
        finally:
            conn.close()
        reset()  # a reader of this process sees the new rows


def reset() -> None:
    """Forget the opened file (the next look-up opens the current lexicon's)."""
    global _conn, _conn_path
    with _lock:
        if _conn is not None:
            _conn.close()
        _conn, _conn_path = None, None
