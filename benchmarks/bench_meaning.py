"""What quoting by meaning costs (AnswerPolicy.sentence_share: the top clauses' sentences embedded by the
language-agnostic USE embedder and compared with the question), on the seeds questions.

    .venv/bin/python benchmarks/bench_meaning.py            # the seeds index under index/ (built if missing)
    RAG_INDEX_DIR=/tmp/idx .venv/bin/python benchmarks/bench_meaning.py --rounds 2

Prints the warm latency of `Assistant.ask` (p50, p95, mean, in ms) over the seeds questions, in one process:
with sentence_share 0 (no sentence embedded), with quoting by meaning and its sentence vectors cleared before
each question (every sentence embedded: a question on clauses never asked about), and with the vectors kept
(a warm server, whose questions meet the same clauses again).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=1, help="passes over the questions per setting (default 1)")
    args = ap.parse_args(argv)
    from rag.assistant import Assistant
    from rag.evaluate import default_splits, load_questions

    split = default_splits()["seeds"]
    assistant = Assistant.load(sources=list(split.sources) if split.sources else None, index_dir=split.index_dir,
                               show_progress=False, generator="none")
    questions = [q.question for q in load_questions(split.questions)]
    if assistant._sentence_vectors is None:
        print("no cross-lingual embedder (RAG_XLING=none): nothing to measure")
        return 1
    for q in questions[:5]:  # warm-up: jieba, dictionaries, the embedders
        assistant.ask(q, generate=False)
    share = assistant.policy.sentence_share
    for name, sentence_share, clear in (("off (sentence_share 0)", 0.0, False),
                                        ("on, every sentence embedded", share, True),
                                        ("on, sentence vectors kept", share, False)):
        assistant.policy = replace(assistant.policy, sentence_share=sentence_share)
        times = []
        for _ in range(args.rounds):
            for q in questions:
                if clear:
                    assistant._sentence_vectors.clear()
                start = time.perf_counter()
                assistant.ask(q, generate=False)
                times.append((time.perf_counter() - start) * 1000)
        times.sort()
        print(f"{name:30s} n={len(times)}  p50 {times[len(times) // 2]:6.1f} ms  "
              f"p95 {times[int(0.95 * (len(times) - 1))]:6.1f} ms  mean {statistics.mean(times):6.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
