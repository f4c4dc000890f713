"""The evaluation set is well-formed, and the shipped system meets eval/thresholds.toml on it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rag.evaluate import (Question, Gold, answer_segments, check_thresholds, judge, load_questions,
                          load_thresholds, run_eval)
from rag.types import Answer, Citation, Clause, Hit, RagError

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions.jsonl"
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_gold_quote_is_in_its_seed_file():
    for q in load_questions(QUESTIONS):
        for g in q.gold:
            text = (ROOT / "seeds" / g.doc).read_text(encoding="utf-8")
            assert g.quote in text, f"{q.id}: quote not in {g.doc}: {g.quote}"


def test_question_set_has_the_required_mix():
    qs = load_questions(QUESTIONS)
    assert len(qs) >= 80
    assert len({q.id for q in qs}) == len(qs)
    by_type: dict[str, int] = {}
    for q in qs:
        by_type[q.type] = by_type.get(q.type, 0) + 1
    for t in ("zh_paraphrase", "en_to_zh", "en_doc", "zh_to_en", "lookup", "multi_doc"):
        assert by_type.get(t, 0) >= 5, t
    assert by_type["unanswerable"] >= 10
    assert all(not q.answerable and not q.gold for q in qs if q.type == "unanswerable")
    for q in qs:
        for g in q.gold:
            n = len(HAN.findall(g.quote))
            if n:
                assert 8 <= n <= 40, (q.id, g.quote)
            else:
                assert 6 <= len(g.quote.split()) <= 25, (q.id, g.quote)


def test_loader_rejects_malformed_files(tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"id": "x", "question": "q"}\n', encoding="utf-8")
    with pytest.raises(RagError, match="missing field 'answerable'"):
        load_questions(bad)
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(RagError, match="q.jsonl:1"):
        load_questions(bad)
    bad.write_text('{"id": "x", "question": "q", "answerable": true, "gold": []}\n', encoding="utf-8")
    with pytest.raises(RagError, match="gold"):
        load_questions(bad)


def _clause(text: str) -> Clause:
    return Clause("d.txt", "一/（一）", "标题", text, ((0, len(text)),), "zh", 2, 0)


def test_judge_flags_an_unsupported_sentence_and_scores_citations():
    clause = _clause("加快建设单一窗口。扩大进口。")
    q = Question("q", "单一窗口？", True, "zh", "t", (Gold("d.txt", "加快建设单一窗口"),), ("单一窗口",))
    good = Answer("单一窗口？", "加快建设单一窗口。 [1]", False, (Citation(1, clause, "T", None, ("加快建设单一窗口。",)),),
                  (Hit(clause, 1.0),), "zh")
    rec = judge(q, good, 0.01)
    assert (rec.rank, rec.cites_gold, rec.supported, rec.sentences, rec.unsupported) == (1, True, 1, 1, [])
    bad = Answer("单一窗口？", "加快建设单一窗口。 [1]编造的句子。 [1]", False, good.citations, good.retrieved, "zh")
    rec = judge(q, bad, 0.01)
    assert rec.unsupported == ["编造的句子。"]
    assert answer_segments(bad) == [("加快建设单一窗口。", 1), ("编造的句子。", 1)]


def test_thresholds_file_is_read_and_checked(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('[overall]\n"hit@5" = 0.9\nfalse_refusal_max = 0.1\n', encoding="utf-8")
    th = load_thresholds(path)
    report = {"overall": {"hit@5": 0.8, "false_refusal": 0.2}}
    failures = check_thresholds(report, th)
    assert len(failures) == 2 and "hit@5" in failures[0] and "false_refusal" in failures[1]


@pytest.mark.slow
def test_shipped_system_meets_thresholds(real_assistant):
    report = run_eval(real_assistant, load_questions(QUESTIONS), k=5)
    failures = check_thresholds(report, load_thresholds(ROOT / "eval" / "thresholds.toml"))
    assert not failures, json.dumps(report["overall"], indent=1) + "\n" + "\n".join(failures)
    assert report["overall"]["groundedness"] == 1.0, report["unsupported_sentences"]
