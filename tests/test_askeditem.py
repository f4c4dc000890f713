"""The clause holding the asked-for item is put first when the clauses an answer is composed from hold none
(rag/askeditem.py): "how many days does the bureau have to decide?" is answered by the article that gives the
days, not refused because five articles that only name the report ranked above it."""

from __future__ import annotations

from rag.answer import AnswerPolicy
from rag.answerability import asked_for
from rag.askeditem import with_asked_item
from rag.types import Clause, Hit

QUESTION = "报告书报送审批后，审批部门多少日内作出审批决定？"
WEIGHTS = {"报告书": 2.0, "审批": 1.5, "部门": 0.5, "决定": 1.0, "日": 0.3}
NAMING = [f"建设单位应当编制报告书，报送审批部门审批，第{n}项。" for n in range(1, 6)]  # on its terms, no period
DAYS = "审批部门应当自收到报告书之日起六十日内作出审批决定。"
OTHER_DAYS = "规划实施后三十日内，编制机关应当组织跟踪评价。"  # a period of another step, on few of its terms


def _hits(*texts: str) -> list[Hit]:
    clauses = [Clause("e.md", f"第{n}条", "", t, ((0, len(t)),), "zh", 1, n) for n, t in enumerate(texts, 1)]
    return [Hit(c, 1.0 / (60 + n), {"dense": n}, 0.9) for n, c in enumerate(clauses, 1)]


def test_a_lower_clause_holding_the_asked_period_is_put_first():
    hits = _hits(*NAMING, OTHER_DAYS, DAYS)
    out = with_asked_item(hits, asked_for(QUESTION), QUESTION, WEIGHTS, AnswerPolicy())
    assert out[0].clause.text == DAYS
    assert [h.clause.id for h in out[1:]] == [h.clause.id for h in hits if h.clause.text != DAYS]


def test_a_period_of_another_step_is_not_put_first():
    hits = _hits(*NAMING, OTHER_DAYS)
    assert with_asked_item(hits, asked_for(QUESTION), QUESTION, WEIGHTS, AnswerPolicy()) == hits


def test_nothing_moves_when_a_clause_shown_holds_the_item_or_the_question_asks_for_none():
    shown = _hits(NAMING[0], DAYS, *NAMING[1:], OTHER_DAYS)
    assert with_asked_item(shown, asked_for(QUESTION), QUESTION, WEIGHTS, AnswerPolicy()) == shown
    hits = _hits(*NAMING, DAYS)
    open_question = "报告书由哪个部门审批？"  # who, not how long
    assert with_asked_item(hits, asked_for(open_question), open_question, WEIGHTS, AnswerPolicy()) == hits
