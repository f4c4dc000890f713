"""Documents named in words narrow the search to them (rag/docref.py)."""

from __future__ import annotations

import pytest

from rag.docref import by_kind, described_documents
from rag.types import Document


def _doc(doc_id, title, number=None, issuer=None, date=None, aliases=()):
    return Document(doc_id, title, "zh", title, number, issuer, date, aliases)


DOCS = [
    _doc("gov2018", "国务院办公厅转发商务部等部门关于扩大进口促进对外贸易平衡发展意见的通知", "国办发〔2018〕53号",
         "国务院办公厅", "2018-07-02"),
    _doc("gd2012", "转发国务院关于加强进口促进对外贸易平衡发展指导意见的通知", "粤府〔2012〕60号", "广东省人民政府",
         "2012-06-07", ("国发〔2012〕15号",)),
    _doc("cq2018", "重庆市人民政府办公厅转发重庆市商务委等部门关于扩大进口促进外贸发展的意见的通知", "渝府办发〔2018〕175号",
         "重庆市人民政府办公厅", "2018-11-30", ("国办发〔2018〕53号",)),
    _doc("law", "中华人民共和国对外贸易法", None, None, "1994-05-12"),
    _doc("ports1985", "国务院关于口岸开放的若干规定", None, "国务院", "1985-09-18"),
    _doc("chambers", "外国商会管理暂行规定", None, "国务院", "1989-06-14"),
    _doc("pbc", "中国人民银行业务领域数据安全管理办法", "中国人民银行令〔2025〕第3号", "中国人民银行", "2025-05-01"),
]


@pytest.mark.parametrize("question, lang, expected, rest", [
    ("What does the 2018 State Council General Office opinion on expanding imports say about cross-border "
     "e-commerce?", "en", ("gov2018",), "cross-border e-commerce"),
    ("What does the 2012 State Council guidance say about import credit?", "en", ("gd2012",), "import credit"),
    ("国办2018年扩大进口的意见对跨境电商有什么要求？", "zh", ("gov2018",), "对跨境电商有什么要求"),  # 国办 = 国务院办公厅
    ("2012年国务院的指导意见对进口信贷有什么规定？", "zh", ("gd2012",), "对进口信贷有什么规定"),
    ("What does the 2018 opinion say about tariffs?", "en", ("gov2018", "cq2018"), "tariffs"),
    ("What do the 1985 provisions on opening ports say about inspection?", "en", ("ports1985",), "inspection"),
    # a claim's hearsay lead and a kind in the words before it (违反规定) are no words of the title's subject
    ("听说外国商会违反规定，最高可以被罚款10万元，对吗？", "zh", ("chambers",), "最高可以被罚款10万元"),
])
def test_a_described_document_is_found_and_its_description_is_not_searched(question, lang, expected, rest):
    ref = described_documents(question, DOCS, lang)
    assert ref is not None and set(ref.doc_ids) == set(expected)
    assert rest in ref.rest and ref.phrase not in ref.rest
    assert described_documents(question, DOCS, lang, by_kind(DOCS)) == ref  # scoring only documents of the kind


@pytest.mark.parametrize("question, lang", [
    ("What does the opinion say about tariffs?", "en"),  # nothing singles a document out
    ("What does the 2015 opinion say about tariffs?", "en"),  # no document of that year
    ("What does the policy say about the single window?", "en"),
    ("国务院的法律对进口有什么规定？", "zh"),  # no such law among the documents
    # a description most of whose words the only document of its kind lacks (出境, 评估) describes another one
    ("网信办的数据出境安全评估办法是哪天发布的？", "zh"),
])
def test_vague_or_unmatched_descriptions_do_not_narrow(question, lang):
    assert described_documents(question, DOCS, lang) is None
    assert described_documents(question, DOCS, lang, by_kind(DOCS)) is None


def test_a_question_naming_a_document_in_words_is_answered_from_it(real_assistant):
    answer = real_assistant.ask("What does the 2012 State Council guidance say about import credit?")
    assert not answer.refused
    assert {c.clause.doc_id for c in answer.citations} == {"003_ff874e791499430c.txt"}
    assert all(c.clause.path != "¶1" for c in answer.citations)  # not the title block


def test_a_report_on_a_document_is_described_by_the_name_it_gives_it():
    from rag.docref import described_documents
    from rag.types import Document

    report = Document("rcep.md", "据商务部网站消息，商务部等6部门联合印发《关于高质量实施<区域全面经济伙伴关系协定>（RCEP）的指导意见》"
                      "（以下简称《指导意见》），为企业提供指导。", "zh", "商务部等六部门印发重磅文件，事关RCEP")
    law = Document("law.md", "第一条 为了扩大对外开放，制定本法。", "zh", "中华人民共和国对外贸易法")
    found = described_documents("What does the RCEP guidance say about settling trade in yuan?", [report, law], "en")
    assert found and found.doc_ids == ("rcep.md",) and "guidance" not in found.rest
    found = described_documents("RCEP指导意见对人民币结算有什么要求？", [report, law], "zh")
    assert found and found.doc_ids == ("rcep.md",) and found.rest == "对人民币结算有什么要求？"


def test_many_documents_of_a_kind_give_the_same_answer_as_scoring_each():
    """2,000 generated documents (half regulations, issuers and years drawn from a few): a description is
    scored only against the documents a year or term of it can reach, with the same result as scoring every
    document of the kind, and the same as without the kind index."""
    import random

    rng = random.Random(5)
    issuers = ["国务院办公厅", "商务部", "海关总署", "广东省人民政府", "重庆市人民政府办公厅"]
    topics = ["扩大进口", "跨境电商", "外贸发展", "监管创新", "进口信贷", "通关便利"]
    kinds = ["若干规定", "管理条例", "指导意见", "通知", "实施办法"]
    docs = []
    for i in range(2000):
        year = rng.choice(range(2010, 2022))
        title = f"{rng.choice(issuers)}关于{rng.choice(topics)}{rng.choice(topics)}的{rng.choice(kinds)}"
        docs.append(_doc(f"d{i}", title, f"发〔{year}〕{i}号", rng.choice(issuers), f"{year}-0{rng.randint(1, 9)}-01"))
    kinds_index = by_kind(docs)
    questions = [("What do the 2015 customs regulations say about fees?", "en"),
                 ("What does the regulation on cross-border e-commerce say?", "en"),
                 ("What do the State Council regulations say about supervision?", "en"),
                 ("2018年海关的规定对通关有什么要求？", "zh"), ("国办2012年扩大进口的意见有哪些措施？", "zh"),
                 ("商务部跨境电商的通知怎么说？", "zh"), ("监管创新的条例要求什么？", "zh"),
                 ("What does the 2030 notice say?", "en")]
    narrowed = 0
    for question, lang in questions:
        ref = described_documents(question, docs, lang)
        assert described_documents(question, docs, lang, kinds_index) == ref, question
        narrowed += ref is not None
    assert narrowed >= 3
