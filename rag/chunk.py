"""Clauses to chunks: the clause heading plus its text, long clauses split into sentence windows.

Every chunk is bounded in model tokens (MAX_TOKENS, estimated by `count_tokens`) whatever the punctuation:
a sentence longer than the window is cut after a comma or space, or hard at the limit (a 2 MB line with
no punctuation becomes many bounded chunks, not one huge one)."""

from __future__ import annotations

from rag.sentences import count_tokens, split_by_tokens, split_sentences
from rag.types import Chunk, Clause

MAX_CHARS = {"zh": 320, "en": 900}
MAX_TOKENS = 400  # below multilingual-e5's 512-token window, so a chunk is one forward pass
MAX_HEAD_TOKENS = MAX_TOKENS // 4


def clause_chunks(clause: Clause) -> list[Chunk]:
    """Chunks of one clause; every chunk starts with the clause heading for context. A signature has none: its
    names and date match every question about its issuers, and the signature stage finds it (rag/signature.py)."""
    body = clause.text.strip()
    if not body or clause.is_signature:
        return []
    heading = clause.heading
    if heading and count_tokens(heading) > MAX_HEAD_TOKENS:
        heading = split_by_tokens(heading, MAX_HEAD_TOKENS)[0]
    head = f"{heading}。" if heading and clause.lang == "zh" else (f"{heading}. " if heading else "")
    limit = MAX_CHARS.get(clause.lang, 320)
    budget = MAX_TOKENS - count_tokens(head)
    if len(head) + len(body) <= limit and count_tokens(body) <= budget:
        return [Chunk(clause.id, clause.doc_id, head + body, clause.lang)]
    windows: list[str] = []
    current, current_tokens = "", 0
    sep = "" if clause.lang == "zh" else " "
    for sentence in split_sentences(body):
        for piece in split_by_tokens(sentence, budget):
            tokens = count_tokens(piece)
            if current and (len(head) + len(current) + len(piece) > limit or current_tokens + tokens > budget):
                windows.append(current)
                current, current_tokens = "", 0
            current = f"{current}{sep}{piece}" if current else piece
            current_tokens += tokens
    if current:
        windows.append(current)
    return [Chunk(clause.id, clause.doc_id, head + w, clause.lang) for w in windows]


def make_chunks(clauses: list[Clause]) -> list[Chunk]:
    """Chunks of all clauses, in clause order."""
    return [chunk for clause in clauses for chunk in clause_chunks(clause)]
