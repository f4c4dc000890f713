"""Evaluation of generated answers (`rag eval --generator …`), next to the extractive figures.

For each question the split's assistant answers twice: extractively (the usual `rag eval` record) and with
the generator. Generated-answer metrics:

- groundedness: sentences the verifier kept / all sentences the model wrote (over answers where it wrote some);
- citation accuracy: as for extractive answers (answered answerable questions citing a clause that holds a
  gold quote / all answerable questions), for the answers users get with the generator on;
- generated: share of answered questions whose answer is the generated one (the rest fell back: model failed
  or timed out, declined, or nothing it wrote was verified — each counted);
- citation accuracy of the generated answers alone, next to the extractive answers to the same questions;
- language adherence: kept sentences written in the question's language / all kept sentences (and the same
  over every written sentence);
- refusals and latency as in rag/evaluate.py.

`python -m rag.eval_generate --calibrate` measures the similarity thresholds of rag/verify.py (see
`calibrate`).
"""

from __future__ import annotations

import sys

import numpy as np

from rag.evaluate import Question, Record, error_record, judge, summarise, timed_answers


def run_generated(assistant, questions: list[Question], k: int = 5, show_progress: bool = False) -> dict:
    """Ask every question with the assistant's generator; the generated-answer report of one split."""
    from rag.evaluate import contains_gold
    from rag.lang import detect_lang

    records: list[Record] = []
    written = kept = 0
    in_lang = {"kept": 0, "written": 0}
    same_questions = {"answerable": 0, "generated_right": 0, "extractive_right": 0}
    outcomes = {"generated": 0, "failed": 0, "declined": 0, "empty": 0, "none_verified": 0}
    removed: list[dict] = []
    replies: list[dict] = []
    for q, answer, seconds, error in timed_answers(assistant, questions, "generating", show_progress, explain=True):
        if answer is None:
            records.append(error_record(q, seconds, error))
            continue
        records.append(judge(q, answer, seconds))
        if answer.refused or answer.mode == "lookup":
            continue
        generation = answer.explain.get("generation", {})
        replies.append({"id": q.id, "reply": generation.get("reply"), "clauses_given": generation.get("clauses_given"),
                        "mode": answer.mode, "note": answer.note, "seconds": round(seconds, 2)})
        written += len(answer.sentences)
        kept += sum(1 for s in answer.sentences if s.verified)
        for s in answer.sentences:
            if detect_lang(s.text) == answer.lang:
                in_lang["written"] += 1
                in_lang["kept"] += s.verified
        if answer.mode == "generated" and q.answerable:  # the extractive answer to the same question
            same_questions["answerable"] += 1
            same_questions["generated_right"] += records[-1].cites_gold
            extractive = assistant.ask(q.question, generate=False)
            same_questions["extractive_right"] += any(
                contains_gold(c.clause.doc_id, c.clause.heading, c.clause.text, q.gold) for c in extractive.citations)
        removed.extend({"id": q.id, "sentence": s.text, "reason": s.reason}
                       for s in answer.sentences if not s.verified)
        outcome = answer.explain.get("generation", {}).get("outcome")
        if outcome in outcomes:
            outcomes[outcome] += 1
    overall = summarise(records, k)
    attempted = sum(outcomes.values())
    overall.update({
        "groundedness": round(kept / written, 4) if written else None,  # replaces the verbatim measure
        "sentences_written": written,
        "sentences_kept": kept,
        "generated_share": round(outcomes["generated"] / attempted, 4) if attempted else None,
        "language_adherence": round(in_lang["kept"] / kept, 4) if kept else None,
        "language_adherence_written": round(in_lang["written"] / written, 4) if written else None,
        "generated_answerable": same_questions["answerable"],
        "citation_accuracy_generated_only": _share(same_questions["generated_right"], same_questions["answerable"]),
        "citation_accuracy_extractive_same_questions": _share(same_questions["extractive_right"],
                                                              same_questions["answerable"]),
        **{f"fallback_{name}": n for name, n in outcomes.items() if name != "generated"},
    })
    return {"generator": assistant.generator.id, "overall": overall, "removed_sentences": removed,
            "replies": replies}


def _share(n: int, total: int) -> float | None:
    return round(n / total, 4) if total else None


_ROWS = [("citation accuracy", "citation_accuracy"), ("citation precision", "citation_precision"),
         ("groundedness", "groundedness"), ("keyword recall", "keyword_recall"),
         ("refused correctly", "refusal_correct"), ("wrongly refused", "false_refusal"),
         ("latency p50 ms", "latency_p50_ms"), ("latency p95 ms", "latency_p95_ms")]


def format_generated(report: dict) -> str:
    """Extractive and generated figures of one split side by side, then the generation outcomes."""
    ext, gen = report["overall"], report["generated"]["overall"]
    rows = [("metric", "extractive", "generated")]
    rows += [(label, str(ext.get(key, "-")), str(gen.get(key, "-"))) for label, key in _ROWS]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.append(f"generator {report['generated']['generator']}: {gen['sentences_kept']} of "
                 f"{gen['sentences_written']} written sentences verified; generated answers "
                 f"{gen['generated_share']}; fell back: model failed or timed out {gen['fallback_failed']}, declined "
                 f"{gen['fallback_declined']}, no sentence {gen['fallback_empty']}, nothing verified "
                 f"{gen['fallback_none_verified']}")
    lines.append(f"the {gen.get('generated_answerable', 0)} answerable questions answered by the model: citation "
                 f"accuracy {gen.get('citation_accuracy_generated_only')} generated, "
                 f"{gen.get('citation_accuracy_extractive_same_questions')} extractive; kept sentences in the "
                 f"question's language {gen.get('language_adherence')} (written: "
                 f"{gen.get('language_adherence_written')})")
    lines.extend(f"  removed {r['id']}: {r['sentence']}  ({r['reason']})"
                 for r in report["generated"]["removed_sentences"][:20])
    return "\n".join(lines)


# ---- calibration of the meaning check -------------------------------------------------------------------


def _pieces(clause) -> list[str]:
    from rag.sentences import norm, split_sentences

    return [*(s for s in split_sentences(clause.text) if len(norm(s)) >= 4), (clause.heading + " " + clause.text)[:600]]


def calibrate(keep: float = 0.9, margin_keep: float = 0.95) -> dict:
    """Similarity thresholds of rag/verify.py, measured on eval/questions.jsonl over the seeds.

    A question paraphrases the gold sentence that answers it (in the same or the other language), as a
    generated sentence paraphrases the clause it cites — but less closely, so question→gold similarities
    are a lower bound for honest sentences. Positives: each answerable question against the gold clause
    (best cosine over its sentences). Negatives: the question against the top-ranked retrieved clauses
    that hold no gold quote. The threshold keeps `keep` of the positives per pair type (same language /
    cross-lingual); the report gives the share of negatives it rejects. The margin (how much closer another
    given clause may be than the cited one) keeps `margin_keep` of the positives.
    """
    from rag.assistant import Assistant
    from rag.evaluate import DEFAULT_QUESTIONS, contains_gold, load_questions
    from rag.verify import lexical_support

    assistant = Assistant.load(show_progress=False)
    embed = assistant.embedder.embed_queries
    pos: dict[str, list[float]] = {"same": [], "cross": []}
    neg: dict[str, list[float]] = {"same": [], "cross": []}
    lex_pos: dict[str, list[float]] = {"same": [], "cross": []}
    lex_neg: dict[str, list[float]] = {"same": [], "cross": []}
    gaps: list[float] = []
    for q in load_questions(DEFAULT_QUESTIONS):
        if not q.answerable or q.type == "lookup":
            continue
        hits = assistant.search(q.question, k=6)
        gold = [c for c in assistant.index.clauses if contains_gold(c.doc_id, c.heading, c.text, q.gold)]
        if not gold:
            continue
        qv = embed([q.question])[0]

        def best(clause) -> float:
            return float(np.max(embed(_pieces(clause)) @ qv))

        gold_sim = max(best(c) for c in gold[:3])
        lang = q.lang or assistant.plan(q.question).lang
        pair = "same" if lang == gold[0].lang else "cross"
        pos[pair].append(gold_sim)
        lex_pos[pair].append(max(lexical_support(q.question, [c]) for c in gold[:3]))
        others = [h.clause for h in hits if h.clause not in gold][:4]
        other_sims = [best(c) for c in others]
        neg[pair].extend(other_sims)
        lex_neg[pair].extend(lexical_support(q.question, [c]) for c in others)
        if other_sims:
            gaps.append(max(other_sims) - gold_sim)
    out: dict = {"keep": keep}
    for pair in ("same", "cross"):
        if not pos[pair]:
            continue
        threshold = float(np.quantile(pos[pair], 1 - keep))
        lexical = float(np.quantile(lex_pos[pair], 1 - keep))
        both = [s < threshold or w < lexical for s, w in zip(neg[pair], lex_neg[pair])]
        kept = [s >= threshold and w >= lexical for s, w in zip(pos[pair], lex_pos[pair])]
        out[pair] = {"threshold": round(threshold, 3), "lexical": round(lexical, 3), "positives": len(pos[pair]),
                     "negatives": len(neg[pair]),
                     "negatives_rejected_by_similarity": round(float(np.mean(np.array(neg[pair]) < threshold)), 3)
                     if neg[pair] else None,
                     "negatives_rejected_by_either": round(float(np.mean(both)), 3) if both else None,
                     "positives_kept_by_both": round(float(np.mean(kept)), 3),
                     "positive_similarity_quartiles": [round(float(x), 3) for x in np.quantile(pos[pair], [.25, .5, .75])],
                     "negative_similarity_quartiles": [round(float(x), 3) for x in np.quantile(neg[pair], [.25, .5, .75])]
                     if neg[pair] else None}
    out["margin"] = round(float(np.quantile(gaps, margin_keep)), 3) if gaps else None
    return out


if __name__ == "__main__":
    import json

    if "--calibrate" not in sys.argv[1:]:
        sys.exit("usage: python -m rag.eval_generate --calibrate")
    print(json.dumps(calibrate(), indent=2))
