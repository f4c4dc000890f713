"""Verify again the replies a `rag eval --generator … --out REPORT` run recorded, with the current verifier.

Generating is the slow part (about a minute a question for a 0.5B model on 2 shared CPU cores); checking is
not. This re-reads each recorded reply, gives it the clauses the model was given (the same search, generation
off) and prints, for the current rag/verify.py: sentences written and kept, outcomes, and citation accuracy of
the answers that would be generated next to the extractive answers to the same questions.

    python benchmarks/reverify_generated.py REPORT.json QUESTIONS.jsonl
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(report_path: str, questions_path: str) -> dict:
    from rag.assistant import Assistant
    from rag.evaluate import contains_gold, load_questions
    from rag.generate import GenerationPolicy, _declined
    from rag.verify import verify

    report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    split = next(iter(report["splits"].values()))
    questions = {q.id: q for q in load_questions(Path(questions_path))}
    assistant = Assistant.load(show_progress=False)
    policy = GenerationPolicy()
    written = kept = 0
    outcomes = {"generated": 0, "declined": 0, "empty": 0, "none_verified": 0, "not_sent": 0}
    generated_right = extractive_right = answerable_generated = 0
    reasons: dict[str, int] = {}
    for row in split["generated"]["replies"]:
        q, reply = questions[row["id"]], row.get("reply")
        answer = assistant.ask(q.question, generate=False)
        if reply is None or answer.refused or answer.mode != "search":
            outcomes["not_sent"] += 1
            continue
        if _declined(reply):
            outcomes["declined"] += 1
            continue
        clauses = list(dict.fromkeys(h.clause for h in answer.retrieved))[: policy.max_clauses]
        checked = verify(reply, clauses, assistant.documents, assistant.embedder)
        written += len(checked)
        good = [s for s in checked if s.verified]
        kept += len(good)
        for s in checked:
            if not s.verified:
                reason = s.reason.split(" (")[0]
                for word in ("figure", "document number", "name", "closer to clause", "cites ["):
                    if reason.startswith(word):
                        reason = word
                reasons[reason] = reasons.get(reason, 0) + 1
        outcome = "generated" if good else ("none_verified" if checked else "empty")
        outcomes[outcome] += 1
        if outcome == "generated" and q.answerable:
            answerable_generated += 1
            cited = {c.id: c for s in good for c in s.clauses}.values()
            generated_right += any(contains_gold(c.doc_id, c.heading, c.text, q.gold) for c in cited)
            extractive_right += any(contains_gold(c.clause.doc_id, c.clause.heading, c.clause.text, q.gold)
                                    for c in answer.citations)
    return {"sentences_written": written, "sentences_kept": kept,
            "kept_share": round(kept / written, 4) if written else None, "outcomes": outcomes,
            "removed_reasons": dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
            "answerable_generated": answerable_generated,
            "citation_accuracy_generated": round(generated_right / answerable_generated, 4)
            if answerable_generated else None,
            "citation_accuracy_extractive_same_questions": round(extractive_right / answerable_generated, 4)
            if answerable_generated else None}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(json.dumps(main(sys.argv[1], sys.argv[2]), ensure_ascii=False, indent=2))
