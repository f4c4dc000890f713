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
