"""Section 1 of benchmarks/bench.py: warm latency over eval/questions.jsonl (query embedding alone,
retrieval alone, the full ask), and the memory the opened index holds."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from timing import log, pct, rnd, summary_ms

TARGET_ASK_OVER_EMBED = 1.5


def bench_warm(assistant, embedder, questions: list[str], max_seconds: float, passes: int = 1) -> dict:
    from rag.retrieve import plan_query
    from rag.types import RagError

    for q in questions[:5]:  # warm-up: jieba, glossary, first faiss/bm25 calls
        try:
            assistant.ask(q)
        except RagError:
            pass
    emb, emb_dense, plan, ret, ask, overhead, ratios = [], [], [], [], [], [], []
    errors, refused, expanded = 0, 0, 0
    t_start = time.perf_counter()
    done_passes = 0
    capped = False
    for i, q in enumerate(questions * passes):
        if time.perf_counter() - t_start > max_seconds:
            log(f"warm latency: time cap of {max_seconds:.0f}s reached after {i} calls")
            capped = True
            break
        done_passes = i // len(questions) + 1
        try:
            t0 = time.perf_counter()
            embedder.embed_queries([q])
            t1 = time.perf_counter()
            p = plan_query(q, assistant.retriever.langs)
            plan.append(time.perf_counter() - t1)
            if p.dense_text != q:
                t_d = time.perf_counter()
                embedder.embed_queries([p.dense_text])
                emb_dense.append(time.perf_counter() - t_d)
            else:
                emb_dense.append(t1 - t0)
            t2 = time.perf_counter()
            assistant.retriever.search(q)
            t3 = time.perf_counter()
            answer = assistant.ask(q)
            t4 = time.perf_counter()
        except RagError:
            errors += 1
            continue
        expanded += p.dense_text != q
        refused += bool(answer.refused)
        emb.append(t1 - t0)
        ret.append(t3 - t2)
        ask.append(t4 - t3)
        overhead.append((t4 - t3) - (t1 - t0))
        ratios.append((t4 - t3) / (t1 - t0))
    e, a = summary_ms(emb), summary_ms(ask)
    r50 = a["p50_ms"] / e["p50_ms"] if e["p50_ms"] else None
    r95 = a["p95_ms"] / e["p95_ms"] if e["p95_ms"] else None
    return {
        "questions": len(questions), "passes": done_passes, "samples": len(emb), "time_capped": capped, "errors": errors, "refused": refused,
        "dense_query_expanded": expanded,
        "query_embedding": e, "dense_query_embedding": summary_ms(emb_dense), "plan_query": summary_ms(plan), "retrieval": summary_ms(ret), "full_ask": a,
        "ask_minus_embedding": summary_ms(overhead),
        "ask_over_embedding_p50": rnd(r50), "ask_over_embedding_p95": rnd(r95),
        "per_question_ratio_p50": rnd(pct(ratios, 50)),
        "target_ask_over_embedding_p50": TARGET_ASK_OVER_EMBED,
        "meets_target": r50 is not None and r50 <= TARGET_ASK_OVER_EMBED,
    }


def deep_sizeof(obj, seen: set | None = None) -> int:
    """Bytes of an object graph of str/bytes/numbers/containers/dataclasses (each object counted once)."""
    seen = set() if seen is None else seen
    stack, total = [obj], 0
    while stack:
        o = stack.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        if isinstance(o, np.ndarray):
            total += o.nbytes + 112
            continue
        total += sys.getsizeof(o)
        if isinstance(o, (str, bytes, int, float, bool, type(None))):
            continue
        if isinstance(o, dict):
            stack.extend(o.keys())
            stack.extend(o.values())
        elif isinstance(o, (list, tuple, set, frozenset)):
            stack.extend(o)
        elif hasattr(o, "__dict__"):
            stack.append(vars(o))
        elif hasattr(o, "__slots__"):
            stack.extend(getattr(o, a) for a in o.__slots__ if hasattr(o, a))
    return total


def bench_load_memory(index_dir: Path) -> dict:
    """Bytes of the loaded clause/chunk/document objects (deep size) and of the BM25 arrays, per clause."""
    from rag.store import load_index

    index = load_index(index_dir)
    # what an opened index holds in memory: the documents and the chunk arrays (clauses and chunks stay
    # in meta.sqlite until a question reads them; "objects" is what holding them all would cost)
    meta = deep_sizeof((index.documents, index.chunk_clause, index.chunk_doc, index.chunk_lang))
    as_objects = deep_sizeof((list(index.clauses), list(index.chunks)))
    bm25_bytes = sum(v.nbytes for v in index.bm25.scores.values() if hasattr(v, "nbytes"))
    dense_bytes = sum(idx.ntotal * idx.d * 4 for idx, _ in index.dense.values())
    n_clauses, n_chunks = len(index.clauses), len(index.chunks)
    return {"metadata_bytes": meta, "bm25_array_bytes": bm25_bytes, "dense_vector_bytes": dense_bytes,
            "clauses": n_clauses, "chunks": n_chunks, "document_chars": sum(len(d.text) for d in index.documents.values()),
            "metadata_bytes_per_clause": rnd(meta / max(n_clauses, 1), 1),
            "clause_and_chunk_objects_bytes_if_all_read": as_objects}
