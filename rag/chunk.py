"""Clauses to chunks: the clause heading plus its text, long clauses split into sentence windows."""

from __future__ import annotations

from rag.sentences import split_sentences
from rag.types import Chunk, Clause

MAX_CHARS = {"zh": 320, "en": 900}


def clause_chunks(clause: Clause) -> list[Chunk]:
    """Chunks of one clause; every chunk starts with the clause heading for context."""
    body = clause.text.strip()
    if not body:
        return []
    head = f"{clause.heading}。" if clause.heading and clause.lang == "zh" else (
        f"{clause.heading}. " if clause.heading else "")
    limit = MAX_CHARS.get(clause.lang, 320)
    if len(head) + len(body) <= limit:
        return [Chunk(clause.id, clause.doc_id, head + body, clause.lang)]
    windows: list[str] = []
    current = ""
    sep = "" if clause.lang == "zh" else " "
    for sentence in split_sentences(body):
        if current and len(head) + len(current) + len(sentence) > limit:
            windows.append(current)
            current = ""
        current = f"{current}{sep}{sentence}" if current else sentence
    if current:
        windows.append(current)
    return [Chunk(clause.id, clause.doc_id, head + w, clause.lang) for w in windows]


def make_chunks(clauses: list[Clause]) -> list[Chunk]:
    """Chunks of all clauses, in clause order."""
    return [chunk for clause in clauses for chunk in clause_chunks(clause)]
