"""The follow-up stage (rag/followup.py): detection and rewriting by general rules, then follow-ups
answered through Assistant.ask(history=…) and `rag ask --json -` on the seeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag.followup import Turn, parse_history, resolve_followup, topic_terms
from rag.types import RagError

ROOT = Path(__file__).resolve().parent.parent
SINGLE_WINDOW = "What does the policy say about the single window?"
CITED = ("001_x.txt#五/（十五）", "004_y.txt#五/（十五）")


@pytest.mark.parametrize("question, topic", [
    (SINGLE_WINDOW, "single window"),
    ("How will import customs clearance be made faster?", "import customs clearance be made faster"),
    ("跨境电商零售进口有哪些措施？", "跨境电商零售进口"),
])
def test_topic_terms_drop_question_words(question, topic):
    assert topic_terms(question) == topic


@pytest.mark.parametrize("question", [
    "Which departments are responsible for it?",
    "What are their deadlines?",
    "Which departments handle those measures?",
    "What does that mean?",
    "这个由哪些部门负责？",
    "它的目标是什么？",
    "上述措施由谁牵头？",
])
def test_back_references_are_rewritten_with_the_previous_topic(question):
    follow = resolve_followup(question, [Turn(SINGLE_WINDOW, CITED)])
    assert follow.kind == "reference"
    assert "single window" in follow.question and follow.original == question
    assert follow.docs == {"001_x.txt", "004_y.txt"} and follow.boost == CITED
    assert follow.focus == question  # the answer's sentences are chosen for what is asked now


def test_english_pronoun_is_replaced_in_place():
    follow = resolve_followup("Which departments are responsible for it?", [Turn(SINGLE_WINDOW)])
    assert follow.question == "Which departments are responsible for the single window?"


@pytest.mark.parametrize("question, subject", [
    ("What about Chongqing?", "Chongqing"),
    ("how about Guangdong", "Guangdong"),
    ("And in Guangdong?", "in Guangdong"),
    ("那重庆呢？", "重庆"),
    ("广东的呢?", "广东"),
])
def test_elliptic_questions_ask_the_previous_question_about_a_new_subject(question, subject):
    follow = resolve_followup(question, [Turn(SINGLE_WINDOW, CITED)])
    assert follow.kind == "ellipsis"
    assert follow.question == f"{SINGLE_WINDOW} {subject}"
    assert not follow.docs  # a new subject may live in any document


@pytest.mark.parametrize("question", [
    "其他省份有哪些进口措施？",  # 其他 is not 其
    "应该如何扩大进口？",  # 应该 is not 该
    "因此海关要做什么？",  # 因此 is not 此
    "Does the policy say that imports of medicine get lower tariffs?",  # "that" starting a clause
    "What is the tariff on wine?",
    "And what formalities make a labour contract valid?",  # a question of its own after "and"
])
def test_standalone_questions_are_left_alone(question):
    follow = resolve_followup(question, [Turn(SINGLE_WINDOW, CITED)])
    assert follow.kind == "new" and follow.question == question and not follow.docs


def test_without_history_nothing_changes():
    assert resolve_followup("Which departments are responsible for it?", []).kind == "new"


def test_a_chain_of_follow_ups_keeps_the_first_topic():
    history = [Turn(SINGLE_WINDOW), Turn("What about Chongqing?")]
    follow = resolve_followup("Which departments are responsible for it?", history)
    assert "single window" in follow.question and "Chongqing" in follow.question


def test_history_accepts_questions_and_answer_objects():
    turns = parse_history(["first question",
                           {"question": SINGLE_WINDOW, "answer": "…",
                            "citations": [{"n": 1, "doc": "001_x.txt", "clause": "五/（十五）"}]}])
    assert turns == [Turn("first question"), Turn(SINGLE_WINDOW, ("001_x.txt#五/（十五）",))]


@pytest.mark.parametrize("history, why", [
    ("not a list", "must be a list"),
    ([{"answer": "no question"}], "turn 1"),
    ([{"question": "q", "citations": [{"doc": 1}]}], "citations"),
])
def test_malformed_history_is_a_one_line_error(history, why):
    with pytest.raises(RagError, match=why):
        parse_history(history)


# ---- through the Assistant and the CLI, on the seeds ---------------------------------------------

@pytest.mark.slow
def test_which_departments_are_responsible_for_it(real_assistant):
    first = real_assistant.ask(SINGLE_WINDOW)
    answer = real_assistant.ask("Which departments are responsible for it?", history=[first.to_dict()],
                                explain=True)
    assert answer.question == "Which departments are responsible for it?"
    assert answer.explain["followup"]["rewritten"] == "Which departments are responsible for the single window?"
    cited = {(c.clause.path, c.clause.heading) for c in answer.citations}
    assert ("五/（十五）", "优化进口通关流程") in cited
    # the answer names the responsible departments (the clause's closing "（…负责）" line)
    assert "负责" in answer.text and ("海关总署" in answer.text or "市商务委" in answer.text)
    # each answer keeps its own sources: the first answer is unchanged by the follow-up
    assert real_assistant.ask(SINGLE_WINDOW).citations == first.citations


@pytest.mark.slow
def test_bad_history_through_ask_changes_nothing(real_assistant):
    with pytest.raises(RagError, match="history"):
        real_assistant.ask("Which departments are responsible for it?", history="oops")


@pytest.mark.slow
def test_rag_ask_json_batch_lines_carry_history(seeds_index, tmp_path):
    import shutil

    index = tmp_path / "index"
    shutil.copytree(seeds_index, index)
    lines = [json.dumps({"question": "Which departments are responsible for it?",
                         "history": [SINGLE_WINDOW]}, ensure_ascii=False),
             "{not json",
             "跨境电商零售进口有哪些措施？"]
    env = {**os.environ, "RAG_INDEX_DIR": str(index), "RAG_NO_PROGRESS": "1"}
    proc = subprocess.run([sys.executable, "-m", "rag.cli", "ask", "--json", "--explain", "-"],
                          input="\n".join(lines) + "\n", capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=600)
    assert proc.returncode == 2, proc.stderr  # the bad line is reported; the batch goes on
    outs = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(outs) == 3
    assert outs[0]["question"] == "Which departments are responsible for it?"
    assert outs[0]["explain"]["followup"]["rewritten"].endswith("the single window?")
    assert any(c["clause"] == "五/（十五）" for c in outs[0]["citations"])
    assert outs[1]["refused"] and "not valid JSON" in outs[1]["error"]
    assert outs[2]["citations"] and "followup" not in outs[2].get("explain", {})


@pytest.mark.parametrize("question, who", [
    ("Which departments are responsible for it?", True),
    ("这个由哪些部门负责？", True),
    ("上述措施由谁牵头？", True),
    ("Who is in charge of customs clearance?", True),
    ("商务部和哪些部门一起开展国际贸易“单一窗口”试点？", False),  # which departments, but not who is responsible
    ("53号文要求由商务部发挥牵头作用、督促检查政策落实，对吗？", False),
    ("What does the policy say about the single window?", False),
])
def test_who_is_responsible_questions_are_answered_by_the_responsibility_lines(question, who):
    from rag.sentences import asks_responsibility

    assert asks_responsibility(question) is who
