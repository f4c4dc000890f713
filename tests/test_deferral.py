"""Matters the documents leave to other rules (rag/deferral.py): a question about a case a regulation sends
elsewhere ("军队采购……按照军队的有关规定执行") is not answered with the general rule's figure."""

from __future__ import annotations

import pytest

from rag.assistant import Assistant
from rag.deferral import DEFERS, deferral, deferred_text, subject_terms
from rag.types import Citation, Clause, Hit

_GENERAL = "机关从中小企业采购货物，应当自货物交付之日起30日内支付款项。"
_MILITARY = "军队采购货物支付中小企业款项，按照军队的有关规定执行。"
_TEXT = _GENERAL + _MILITARY


def _clause(path: str, text: str) -> Clause:
    start = _TEXT.index(text)
    return Clause("r.md", path, "", text, ((start, start + len(text)),), "zh", 1, int(start > 0))


GENERAL, MILITARY = _clause("第八条", _GENERAL), _clause("第二十八条", _MILITARY)
HITS = [Hit(GENERAL, 0.03, {"dense": 1}, 0.9), Hit(MILITARY, 0.02, {"dense": 2}, 0.8)]
QUOTED = [Citation(1, GENERAL, "条例", "", (_GENERAL,))]


@pytest.mark.parametrize("sentence, defers", [
    (_MILITARY, True),
    ("具体办法由国务院另行制定。", True),
    ("保证金的收取比例应当符合国家有关规定。", True),
    ("违反电信条例的，由有关机关依法给予处罚。", True),
    ("Defence procurement is governed by separate rules.", True),
    (_GENERAL, False),
    ("海关应当在30日内作出决定。", False),
    # rules to be made by a body ("对……时速、装载质量等作出规定"), not a provision this law makes "except where"
    ("邮政管理部门对快递专用电动三轮车的行驶时速、装载质量等作出规定，并加强统一编号管理。", True),
    ("本法已对实施行政处罚的机关作出规定的除外。", False),
])
def test_sentences_that_send_a_matter_elsewhere(sentence, defers):
    assert (DEFERS.search(sentence) is not None) is defers


def test_the_subject_the_quoted_sentences_lack_is_found_in_the_sentence_deferring_it():
    found = deferral(["军队"], QUOTED, HITS)
    assert found is not None and found.hit.clause.path == "第二十八条" and found.term == "军队"
    assert deferral(["采购"], QUOTED, HITS) is None  # the quoted sentence names it: it is the rule asked about
    assert "军队的有关规定" in deferred_text(found, "zh") and "other rules" in deferred_text(found, "en")


def test_only_rare_terms_name_a_subject():
    df = {"军队": 1, "企业": 40, "采购": 2}
    assert subject_terms(["军队", "企业", "采购", "天", "30"], df, 50) == ["军队", "采购"]
    # China is the country of all the rules, no subject one of them leaves elsewhere ("Chinese officers":
    # "中国人民解放军……的卫生检疫工作，依照……有关规定办理")
    assert subject_terms(["中国", "China", "军队"], {"中国": 1, "china": 1, "军队": 1}, 50) == ["军队"]


@pytest.fixture
def regulation(tmp_path):
    from rag.embed import load_embedder

    source = tmp_path / "docs" / "payments.md"
    source.parent.mkdir()
    articles = ["第一条　为了保障中小企业款项及时支付，制定本条例。",
                "第二条　机关、事业单位从中小企业采购货物、工程、服务，应当自货物、工程、服务交付之日起30日内支付款项。",
                "第三条　大型企业从中小企业采购货物、工程、服务，应当按照行业规范合理约定付款期限并及时支付款项。",
                "第四条　中小企业应当依法经营，提供合格的货物、工程和服务。",
                "第五条　军队采购货物、工程、服务支付中小企业款项，按照军队的有关规定执行。",
                "第六条　本条例自2020年9月1日起施行。"]
    source.write_text("# 保障中小企业款项支付条例\n\n" + "\n\n".join(articles) + "\n", encoding="utf-8")
    return Assistant.load(sources=[source.parent], index_dir=tmp_path / "index", embedder=load_embedder(),
                          show_progress=False)


def test_a_case_left_to_other_rules_is_not_answered_with_the_general_rule(regulation):
    answer = regulation.ask("军队采购拖欠中小企业的货款，付款期限是多少天？")
    assert answer.refused
    assert "按照军队的有关规定执行" in answer.text  # says where the matter is left, quoting it
    assert answer.retrieved[0].clause.label == "第五条"  # and lists that article first among the nearest
    general = regulation.ask("机关从中小企业采购货物，付款期限是多少天？")
    assert not general.refused and "30日内" in general.text


def test_the_subject_is_named_before_the_deferring_words_in_a_quoted_document():
    handled = _clause("第二十八条", _MILITARY)
    assert deferral(["有关"], QUOTED, [Hit(handled, 0.02, {"dense": 2}, 0.8)]) is None  # in "按照……有关规定执行"
    other = Clause("other.md", "第五条", "", _MILITARY, MILITARY.spans, "zh", 1, 5)
    assert deferral(["军队"], QUOTED, [Hit(other, 0.02, {"dense": 2}, 0.8)]) is None  # another document


def test_a_subject_is_named_by_a_word_of_its_own_not_inside_a_longer_one():
    """"special bank account" translated 特别 is not what "组织劳务人员赴香港特别行政区…参照本条例的规定执行"
    defers: 特别 there is part of 特别行政区 (jieba's word), so the answer is not refused with it."""
    text = "组织劳务人员赴香港特别行政区、澳门特别行政区、台湾地区工作的，参照本条例的规定执行。"
    clause = Clause("r.md", "第五十二条", "", text, ((0, len(text)),), "zh", 1, 1)
    hit = Hit(clause, 0.02, {"dense": 2}, 0.8)
    assert deferral(["特别"], QUOTED, [HITS[0], hit]) is None
    assert deferral(["香港"], QUOTED, [HITS[0], hit]).term == "香港"


def test_a_quoted_sentence_that_defers_the_subject_is_the_one_refused_with():
    """When the answer quotes both the general rule and the sentence sending the question's case elsewhere,
    the case is still left to other rules (the general rule's 30日 is no answer for military procurement)."""
    quoted = [Citation(1, GENERAL, "条例", "", (_GENERAL,)), Citation(2, MILITARY, "条例", "", (_MILITARY,))]
    found = deferral(["军队"], quoted, HITS)
    assert found is not None and found.hit.clause.path == "第二十八条"
