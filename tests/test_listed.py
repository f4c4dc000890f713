"""Lists the documents leave to someone else to draw up (rag/listed.py): "which products are on the list?" is not
answered by the sentence saying who draws the list up."""

from __future__ import annotations

import pytest

from rag.listed import asks_members, left_to_a_list, listed_text

_CATALOGUE = ["国家对必须经过认证的产品，统一产品目录，统一技术规范的强制性要求、标准和合格评定程序，统一标志，统一收费标准。",
              "统一的产品目录(以下简称目录)由国务院认证认可监督管理部门会同国务院有关部门制定、调整，由国务院认证认可监督管理部门发布。"]
_COUNTRIES = ["对外劳务合作企业组织劳务人员赴国务院商务主管部门会同国务院外交等有关部门确定的特定国家或者地区工作的，"
              "应当经国务院商务主管部门会同国务院有关部门批准。"]


@pytest.mark.parametrize("question, members", [
    ("Which products are on China's mandatory certification list?", True),
    ("需要批准才能派劳务人员去的特定国家具体是哪些？", True),
    ("Which departments draw up the catalogue?", False),  # which body: the setter is the answer
    ("哪些部门负责制定目录？", False),
    ("Who publishes the catalogue?", False),
])
def test_a_question_asking_for_the_members_of_a_set(question, members):
    assert asks_members(question) is members


def test_a_sentence_naming_who_draws_the_list_up_does_not_answer_which_things_are_on_it():
    assert left_to_a_list("Which products are on China's mandatory certification list?", _CATALOGUE) == _CATALOGUE[1]
    assert left_to_a_list("需要批准才能派劳务人员去的特定国家具体是哪些？", _COUNTRIES) == _COUNTRIES[0]
    text = listed_text(_CATALOGUE[1], "en")
    assert text.startswith("Not found in the documents: they do not list them") and "制定、调整" in text


def test_a_sentence_that_names_members_or_a_question_about_the_body_is_answered():
    named = _CATALOGUE + ["目录包括电线电缆、家用电器和汽车等产品。"]
    assert left_to_a_list("Which products are on China's mandatory certification list?", named) is None
    assert left_to_a_list("Which departments draw up the catalogue?", _CATALOGUE) is None
    assert left_to_a_list("What does the catalogue cover?", _CATALOGUE) is None  # no set's members asked for


def test_the_assistant_refuses_with_the_sentence_that_leaves_the_list_to_a_body(tmp_path, fake_embedder):
    from rag.assistant import Assistant

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "certification.txt").write_text(
        "中华人民共和国认证认可条例\n第一条 为了规范认证认可活动，制定本条例。\n第二十八条 " + "".join(_CATALOGUE) + "\n"
        "第二十九条 列入目录的产品，必须经指定的认证机构进行认证。\n", encoding="utf-8")
    assistant = Assistant.load(sources=[tmp_path / "docs"], index_dir=tmp_path / "index", embedder=fake_embedder,
                               show_progress=False)
    answer = assistant.ask("哪些产品列入了统一的产品目录？")
    assert answer.refused and "制定、调整" in answer.text and answer.retrieved


def test_a_lead_in_ending_its_sentence_with_a_colon_names_the_members_after_it():
    sentences = ["(a)  The Secretary of Commerce shall consult with the heads of other relevant executive departments "
                 "and agencies as determined by the Secretary of Commerce.",
                 "Within 270 days of the date of this order, the Secretary of Commerce shall submit a report to the "
                 "President that includes:"]
    assert left_to_a_list("美国商务部长关于铜进口的报告里要提出哪些应对措施的建议？", sentences) is None
    assert left_to_a_list("美国商务部长关于铜进口的报告里要提出哪些应对措施的建议？", sentences[:1]) == sentences[0]
