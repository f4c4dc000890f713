"""The clause tree: ids, spans, headings, trailing-heading layout, repeated passages."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.chunk import make_chunks
from rag.clauses import cn_number, find_markers, int_to_cn, parse_clauses
from rag.ingest import load_document, parse_document
from rag.sentences import is_closer, join_spans, norm, split_sentences
from rag.types import Document
from tests.conftest import FIXTURES, SEED_IDS, SEEDS

ITEM_LABEL = re.compile(r"^（[一二三四五六七八九十百]+）$")


@pytest.fixture(scope="module")
def docs():
    return {short: load_document(SEEDS / name) for short, name in SEED_IDS.items()}


@pytest.fixture(scope="module")
def clauses(docs):
    return {short: parse_clauses(doc) for short, doc in docs.items()}


def by_path(clauses_list):
    return {c.path: c for c in clauses_list}


# ----------------------------------------------------------------------------- every seed


@pytest.mark.parametrize("short", sorted(SEED_IDS))
def test_ids_are_unique_and_stable(docs, clauses, short):
    first = clauses[short]
    assert first, "no clauses"
    ids = [c.id for c in first]
    assert len(ids) == len(set(ids))
    again = parse_clauses(load_document(SEEDS / SEED_IDS[short]))
    assert [c.id for c in again] == ids
    assert again == first  # same headings, texts and spans too
    assert all(c.id == f"{SEED_IDS[short]}#{c.path}" for c in first)
    assert all(c.doc_id == SEED_IDS[short] and c.lang == docs[short].lang for c in first)


@pytest.mark.parametrize("short", sorted(SEED_IDS))
def test_spans_lie_in_the_document_and_rebuild_the_text(docs, clauses, short):
    text = docs[short].text
    for c in clauses[short]:
        previous_end = -1
        for s, e in c.spans:
            assert 0 <= s < e <= len(text), (c.path, s, e)
            assert s >= previous_end, f"{c.path}: spans overlap or are out of order"
            assert text[s:e] == text[s:e].strip(), f"{c.path}: span not trimmed"
            previous_end = e
        assert c.text == join_spans(text, c.spans), c.path
        if c.spans:
            assert c.span == (c.spans[0][0], c.spans[-1][1])
        else:
            assert c.text == "" and c.heading, f"{c.path}: a clause needs a body or a heading"


@pytest.mark.parametrize("short", sorted(SEED_IDS))
def test_order_and_levels(clauses, short):
    cl = clauses[short]
    assert [c.order for c in cl] == sorted(c.order for c in cl)
    for c in cl:
        if c.path.startswith("¶") or c.is_signature:
            assert c.level == 0 and c.heading == ""
            assert re.fullmatch(r"¶\d+|署名\d*", c.path)
        else:
            assert c.level == c.path.count("/") + 1
            assert c.label == c.path.rsplit("/", 1)[-1]


@pytest.mark.parametrize("short", sorted(SEED_IDS))
def test_parent_clauses_exist(clauses, short):
    paths = {c.path for c in clauses[short]}
    for path in paths:
        if "/" in path:
            assert path.rsplit("/", 1)[0] in paths, path


# --------------------------------------------------------------------- 001: trailing headings


def test_001_headings_printed_after_bodies_are_reattached(clauses):
    c = by_path(clauses["001"])
    item = c["二/（三）"]
    assert item.heading == "支持关系民生的产品进口"
    assert item.text.startswith("适应消费升级和供给提质需要")
    assert "（商务部、发展改革委" in item.text
    assert item.text.rstrip().endswith("等按职责分工负责）")
    assert "支持关系民生的产品进口" not in item.text  # the heading is not repeated in the body


def test_001_single_window_item(clauses):
    c = by_path(clauses["001"])
    item = c["五/（十五）"]
    assert item.heading == "优化进口通关流程"
    assert "单一窗口" in item.text
    assert item.text.startswith("加快实施世界贸易组织《贸易便利化协定》")


def test_001_points_under_items(clauses):
    c = by_path(clauses["001"])
    assert c["一/（二）/一是"].heading == "坚持深化改革创新"
    assert c["一/（二）/一是"].text.startswith("深化体制机制改革")
    assert [p for p in c if p.startswith("一/（二）/")] == [
        "一/（二）/一是", "一/（二）/二是", "一/（二）/三是", "一/（二）/四是"]
    assert c["一/（二）"].heading == "基本原则"


def test_001_has_seventeen_items_in_five_sections(clauses):
    cl = clauses["001"]
    items = [c for c in cl if ITEM_LABEL.match(c.label) and c.level == 2]
    assert [c.label for c in items] == [f"（{int_to_cn(n)}）" for n in range(1, 18)]
    sections = [c for c in cl if c.level == 1 and "/" not in c.path and not c.path.startswith("¶")]
    assert [c.path for c in sections] == ["一", "二", "三", "四", "五"]
    assert by_path(cl)["五"].heading == "改善贸易自由化便利化条件"
    paths = [c.path for c in cl]
    for item in items:
        assert item.heading, item.path
        has_points = any(p.startswith(item.path + "/") for p in paths)
        assert item.text.strip() or has_points, item.path


def test_001_preamble_and_closing_are_paragraphs(clauses):
    c = by_path(clauses["001"])
    assert c["¶1"].text == "各省、自治区、直辖市人民政府，国务院各部委、各直属机构："
    # the header (title lines, 文号) and the signature (issuing body, date, 此件公开发布) are no clause
    texts = [x.text for x in clauses["001"]]
    for line in ("国务院办公厅转发", "国办发〔2018〕53号", "国务院办公厅", "2018年7月2日", "（此件公开发布）"):
        assert line not in texts
    closing = [x for x in clauses["001"] if x.path.startswith("¶") and "商务部要切实发挥牵头作用" in x.text]
    assert len(closing) == 1


# ---------------------------------------------------------------- 003 / 004: repeated passages


@pytest.mark.parametrize("short", ["003", "004"])
def test_repeated_sentences_are_indexed_once(clauses, short):
    owner: dict[str, str] = {}
    for c in clauses[short]:
        for sentence in split_sentences(c.text):
            key = norm(sentence)
            if len(key) < 10 or is_closer(sentence):
                continue  # short phrases and responsible-department lines may repeat
            assert owner.setdefault(key, c.path) == c.path, (
                f"{sentence[:30]!r} is in both {owner[key]} and {c.path}")


@pytest.mark.parametrize("short", ["003", "004"])
def test_a_number_that_occurs_twice_is_one_clause(clauses, short):
    labels = [c.label for c in clauses[short] if ITEM_LABEL.match(c.label)]
    assert len(labels) == len(set(labels))
    assert labels.count("（一）") == 1


def test_004_known_items(clauses):
    c = by_path(clauses["004"])
    assert c["一/（一）"].heading == "扩大先进技术设备和关键零部件进口"
    assert c["一/（一）"].text.startswith("重点围绕大数据、人工智能")
    assert c["五/（十四）"].heading == "大力培育进口贸易平台"
    assert c["五/（十四）"].text.startswith("依托“1279”开放平台体系")
    assert c["五/（十五）"].heading == "优化进口通关流程"
    assert "单一窗口" in c["五/（十五）"].text


def test_004_item_seven_keeps_its_own_body(clauses):
    item = by_path(clauses["004"])["三/（七）"]
    assert item.heading == "做好中国国际进口博览会采购交易工作"
    assert "广泛组织全市龙头制造业企业" in item.text


def test_003_known_items(clauses):
    c = by_path(clauses["003"])
    assert c["一/（一）"].heading == "指导思想"
    assert c["一/（二）"].heading == "基本原则"
    assert c["一/（二）"].text.startswith("坚持进口与出口协调发展")


# ------------------------------------------------------------------------ 002 and 000


def test_002_english_is_paragraphs(clauses):
    cl = clauses["002"]
    assert all(re.fullmatch(r"¶\d+", c.path) for c in cl)
    assert all(c.heading == "" and c.level == 0 and c.lang == "en" for c in cl)
    assert len(cl) >= 5
    assert any("Shen Danyang" in c.text for c in cl)
    title_copies = [c for c in cl if "The State Council deploys and imports policy measures" in c.text]
    assert title_copies == []  # the title line (printed twice in the source) is header, no clause
    assert cl[0].text.startswith("The State Council Standing Committee held on the 29th")


def test_000_points(clauses):
    cl = clauses["000"]
    points = [c for c in cl if not c.path.startswith("¶")]
    assert [c.path for c in points] == ["一是", "二是", "三是", "四是"]
    assert [c.heading for c in points] == ["进一步扩大市场开放", "深入培育进口贸易促进创新示范区",
                                           "充分发挥进口贸易平台作用", "高标准推动进口贸易便利化"]
    assert "国内紧缺农产品进口" in points[0].text
    assert "单一窗口" in points[3].text


# --------------------------------------------------------------------- generic layouts


def test_leading_headings_fixture():
    doc = load_document(FIXTURES / "leading_headings.txt")
    c = by_path(parse_clauses(doc))
    assert list(c) == ["一", "一/（一）", "一/（二）", "二", "二/（三）"]
    assert c["一"].heading == "总则" and c["一"].text == ""
    assert c["一/（一）"].heading == "标题"
    assert c["一/（一）"].text == "正文第一句。正文第二句。"
    assert c["一/（二）"].heading == "第二项" and c["一/（二）"].text == "第二项正文。"
    assert c["二/（三）"].heading == "组织领导" and c["二/（三）"].text == "各部门要落实。"


def test_leading_headings_inline():
    doc = parse_document("x.txt", "一、总则\n（一）标题。\n正文……")
    c = by_path(parse_clauses(doc))
    assert c["一/（一）"].heading == "标题"
    assert c["一/（一）"].text == "正文……"
    assert c["一"].heading == "总则"


def test_a_first_sentence_is_not_cut_off_as_a_title():
    """A short inline title is the clause's heading only; a first sentence (a comma, or too long for a title)
    read as one stays in the clause's text too: quoting the clause quotes it."""
    doc = parse_document("x.txt", "关于口岸的规定\n\n"
                         "一、本规定所指口岸是供人员、货物和交通工具出入国境的港口、机场、车站、通道等。口岸分为一类口岸和二类口岸。\n"
                         "二、临时进出境的车辆和人员，由省级人民政府审批。报批前应征得同意。\n"
                         "三、加强领导。各部门要落实。\n")
    c = by_path(parse_clauses(doc))
    assert c["一"].text.startswith("本规定所指口岸是供人员") and "口岸分为一类口岸和二类口岸。" in c["一"].text
    assert c["二"].text == "临时进出境的车辆和人员，由省级人民政府审批。报批前应征得同意。"
    assert c["三"].heading == "加强领导" and c["三"].text == "各部门要落实。"


def test_articles_fixture():
    doc = load_document(FIXTURES / "articles.txt")
    c = by_path(parse_clauses(doc))
    assert "¶1" not in c  # the title "进口管理办法" is header, no clause
    assert list(c) == ["第一条", "第二条", "第三条"]
    assert c["第二条"].text == "本办法适用于本市行政区域内的进口活动。"
    assert c["第一条"].heading == ""


def test_articles_inside_chapters():
    doc = parse_document("x.txt", "第一章 总则\n第一条 为了规范进口管理，制定本办法。\n第二条 本办法适用于本市。\n"
                                  "第二章 附则\n第三条 本办法自发布之日起施行。")
    c = by_path(parse_clauses(doc))
    assert list(c) == ["第一章", "第一章/第一条", "第一章/第二条", "第二章", "第二章/第三条"]
    assert c["第一章"].heading == "总则"
    assert c["第二章/第三条"].text == "本办法自发布之日起施行。"


def test_items_restarting_per_section_keep_their_section():
    doc = parse_document("x.txt", "一、甲部分\n（一）甲一。\n正文甲一内容。\n二、乙部分\n（一）乙一。\n正文乙一内容。")
    c = by_path(parse_clauses(doc))
    assert c["一/（一）"].text == "正文甲一内容。"
    assert c["二/（一）"].text == "正文乙一内容。"


def test_english_numbered_list():
    doc = parse_document("x.txt", (
        "Import rules for the city of test purposes\n"
        "1. Imports of medicines and elderly care products are encouraged by the city.\n"
        "2. Customs clearance will be simplified and the single window will cover more."))
    c = by_path(parse_clauses(doc))
    assert [p for p in c if not p.startswith("¶")] == ["1", "2"]
    assert "Customs clearance will be simplified" in c["2"].heading + " " + c["2"].text


@pytest.mark.parametrize("text, needle", [
    ("进口办法\n（一）加强组织领导。\n（二）优化通关流程，压缩整体通关时间。", "压缩整体通关时间"),
    ("Import rules for the city\n1. Imports of medicines are encouraged.\n"
     "2. Customs clearance will be simplified.",
     "Customs clearance will be simplified"),
], ids=["zh", "en"])
def test_one_sentence_items_are_indexed(text, needle):
    chunks = make_chunks(parse_clauses(parse_document("x.txt", text)))
    assert any(needle in ch.text for ch in chunks)


# ------------------------------------------------------------------------- numerals, property


def test_cn_number_examples():
    assert cn_number("十五") == 15
    assert cn_number("十") == 10
    assert cn_number("二十一") == 21
    assert cn_number("一百零五") == 105
    assert cn_number("17") == 17
    assert int_to_cn(15) == "十五" and int_to_cn(20) == "二十" and int_to_cn(105) == "一百零五"


@given(st.integers(min_value=1, max_value=999))
def test_cn_number_round_trip(n):
    assert cn_number(int_to_cn(n)) == n


_SENTENCE = st.text(alphabet="进口政策支持扩大消费服务贸易通关便利化组织领导落实", min_size=2, max_size=24)
_LINE = st.one_of(
    _SENTENCE.map(lambda s: s + "。"),
    st.tuples(st.sampled_from("一二三四五"), _SENTENCE).map(lambda t: f"{t[0]}、{t[1]}"),
    st.tuples(st.sampled_from(["一", "二", "三", "十二"]), _SENTENCE, _SENTENCE).map(
        lambda t: f"（{t[0]}）{t[1]}。{t[2]}。"),
    st.tuples(st.sampled_from("一二三"), _SENTENCE).map(lambda t: f"{t[0]}是{t[1]}。"),
    st.tuples(st.sampled_from("一二三"), _SENTENCE).map(lambda t: f"第{t[0]}条 {t[1]}。"),
    _SENTENCE.map(lambda s: f"（{s}等负责）"),
)


_MARKER_PREFIX = re.compile(r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+[、是]|第[一二三四五六七八九十]+条)")



@settings(max_examples=60, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=12))
def test_any_layout_gives_consistent_clauses(lines):
    text = "\n".join(lines)
    doc = parse_document("p.txt", text)
    cl = parse_clauses(doc)
    assert len({c.id for c in cl}) == len(cl)
    for c in cl:
        for s, e in c.spans:
            assert 0 <= s < e <= len(doc.text)
        assert c.text == join_spans(doc.text, c.spans)
    assert parse_clauses(doc) == cl
    # no body text is lost: every plain sentence line is in some clause (kept at its first occurrence)
    covered = norm("".join(c.heading + c.text for c in cl))
    for line in lines:
        if not _MARKER_PREFIX.match(line):
            assert norm(line) in covered, line


# ------------------------------------------------------- user documents (tests/fixtures/structures)

STRUCTURES = FIXTURES / "structures"


@pytest.fixture(scope="module")
def law():
    return by_path(parse_clauses(load_document(STRUCTURES / "trade_law.md")))


def test_law_clause_paths(law):
    assert list(law) == [
        "第一编", "第一编/第一章", "第一编/第一章/第一条", "第一编/第一章/第二条",
        "第一编/第二章", "第一编/第二章/第八条", "第一编/第二章/第九条", "第一编/第二章/第十条",
        "第一编/第二章/第十条/（一）", "第一编/第二章/第十条/（二）",
        "第二编", "第二编/第三章", "第二编/第三章/第一节", "第二编/第三章/第一节/第十六条",
        "第二编/第三章/第一节/第十六条/（一）", "第二编/第三章/第一节/第十六条/（二）",
        "第二编/第三章/第一节/第十六条/（三）", "第二编/第三章/第一节/第十九条",
        "第二编/第三章/第二节", "第二编/第三章/第二节/第二百五十条"]
    assert law["第二编/第三章"].heading == "货物进出口与技术进出口"  # no "#" in a heading
    assert law["第一编/第二章"].heading == "对外贸易经营者"
    assert not any("#" in c.heading or "#" in c.text for c in law.values())


def test_article_text_is_the_whole_article(law):
    art = law["第二编/第三章/第一节/第十六条"]
    assert art.heading == ""
    assert art.text == (
        "国家基于下列原因，可以限制或者禁止有关货物、技术的进口或者出口：\n"
        "（一）为维护国家安全、社会公共利益或者公共道德，需要限制或者禁止进口或者出口的；\n"
        "（二）为保护人的健康或者安全，保护动物、植物的生命或者健康，保护环境，需要限制或者禁止进口或者出口的；\n"
        "（三）依照法律、行政法规的规定，其他需要限制或者禁止进口或者出口的。\n"
        "限制或者禁止进口或者出口的货物、技术目录，由国务院对外贸易主管部门会同国务院其他有关部门制定、调整并公布。"
        "具体办法由国务院规定。")
    item = law["第二编/第三章/第一节/第十六条/（三）"]
    assert item.heading == "" and item.text == "依照法律、行政法规的规定，其他需要限制或者禁止进口或者出口的。"


def test_lead_in_keeps_its_items(law):
    art = law["第一编/第二章/第十条"]
    assert art.text.startswith("有下列情形之一的，对外贸易经营者不得从事国营贸易管理货物的进出口：\n（一）未依法办理备案登记的；")
    assert art.text.endswith("（二）被依法禁止从事有关对外贸易经营活动的。")


def test_repeated_boilerplate_stays_in_every_article(law):
    owners = [p for p, c in law.items() if "具体办法由国务院规定。" in c.text and "（" not in c.label]
    assert owners == ["第一编/第二章/第九条", "第二编/第三章/第一节/第十六条", "第二编/第三章/第一节/第十九条",
                      "第二编/第三章/第二节/第二百五十条"]


def test_header_toc_and_navigation_are_no_clause(law):
    text = "\n".join(c.heading + "\n" + c.text for c in law.values())
    for line in ("中华人民共和国对外贸易法", "1994年5月12日", "发布日期", "返回顶部", "第一章 一般规定"):
        assert line not in text, line
    assert "目录" not in law and not any(c.heading == "目录" or c.text == "目录" for c in law.values())
    assert "第一编" in law and law["第一编"].order == 0  # the TOC copy of 第一编 is not the clause


@pytest.mark.parametrize("question, path", [
    ("第十六条第（三）项", "第二编/第三章/第一节/第十六条/（三）"),
    ("第十条第（二）项是什么", "第一编/第二章/第十条/（二）"),
    ("第十六条", "第二编/第三章/第一节/第十六条"),
    ("第二百五十条", "第二编/第三章/第二节/第二百五十条"),
])
def test_law_look_ups(law, question, path):
    from rag.lookup import parse_ref, resolve

    assert [c.path for c in resolve(parse_ref(question), list(law.values()))] == [path]


def test_english_guide_structure():
    c = by_path(parse_clauses(load_document(STRUCTURES / "trade_guide.md")))
    assert list(c) == [
        "Chapter 1", "Chapter 1/Article 1", "Chapter 1/Article 2", "Chapter 2", "Chapter 2/Section 3",
        "Chapter 2/Section 3/2", "Chapter 2/Section 3/2/2.3", "Chapter 2/Section 3/Quota licences",
        "Chapter 2/Section 3/RECORD KEEPING"]
    assert c["Chapter 2"].heading == "Tariffs and Quotas"
    assert c["Chapter 2/Section 3/2/2.3"].heading == "Rates for small parcels"
    assert c["Chapter 2/Section 3/Quota licences"].text.startswith("A quota licence is needed")
    assert c["Chapter 1/Article 1"].text == (
        "This guide explains how small businesses bring goods into the country. In 1999, the U.S. Congress passed "
        "Public Law 105-261, e.g. on export controls of satellites. Importers should also read No. 7 of the "
        "customs notices.")
    every = "\n".join(x.heading + "\n" + x.text for x in c.values())
    for line in ("Return to top", "Back to top", "Home >", "Table of Contents", "........", "Published",
                 "Import Compliance Guide"):
        assert line not in every, line


def test_notice_numbering():
    c = by_path(parse_clauses(load_document(STRUCTURES / "import_notice.txt")))
    assert list(c) == ["¶1", "¶2", "一", "一/（一）", "二", "二/（二）", "二/（二）/1", "二/（二）/1/（1）",
                       "二/（二）/1/（2）", "二/（二）/2", "二/（三）", "署名"]
    # the signature is a clause of its own ("who issued it, and when?"), not the tail of the last item
    assert c["署名"].text == "商务部\n2023年3月1日" and c["署名"].is_signature
    assert "2023年3月1日" not in c["二/（三）"].text
    assert c["一/（一）"].heading == "指导思想"
    assert c["二/（二）"].text.startswith("重点做好以下工作：\n1.扩大先进技术进口。\n（1）支持企业进口研发设备；")
    texts = [x.text for x in c.values()]
    for line in ("关于做好2023年进口促进工作的通知", "商贸发〔2023〕12号", "商务部", "2023年3月1日", "打印本页 关闭窗口"):
        assert line not in texts, line


def test_markdown_headings_without_numbers():
    doc = parse_document("g.md", "# Import guide\n\n## Scope\nThis guide covers imports of goods.\n\n"
                                 "### 2.1 Tariffs\nTariffs are listed in the schedule.\n\n## Contacts\nWrite to us.")
    c = by_path(parse_clauses(doc))
    assert list(c) == ["Scope", "Scope/2.1", "Contacts"]
    assert c["Scope"].heading == "Scope" and c["Scope"].text == "This guide covers imports of goods."
    assert c["Scope/2.1"].heading == "Tariffs"


def test_a_list_numbered_from_1_under_numbered_headings_is_no_heading_sibling():
    """A guide numbers its sections in headings ("## 1. Why …", "## 3. Alipay setup") and its steps in lists under
    sub-headings ("1. Download …"): each list stays under its own heading (it was read as the headings' numbering, so
    that clause "1" collected the first step of every list on the page)."""
    doc = parse_document("pay.md", "# Paying in China\n\nIntro.\n\n## 1. Why it matters\n\nCash still works.\n\n"
                                   "## 2. Alipay setup\n\n### Step 1: Register\n\n1. Download the Alipay app.\n"
                                   "2. Sign up with your phone number.\n\n### Step 2: Add a card\n\n"
                                   "1. Open the Me tab.\n2. Enter the card number.\n\n## 3. WeChat Pay setup\n\n"
                                   "1. Download WeChat.\n2. Ask a friend to verify you.\n")
    c = by_path(parse_clauses(doc))
    assert c["1"].text == "Cash still works."
    assert c["2/Step 1: Register/1"].text == "Download the Alipay app."
    assert c["2/Step 2: Add a card/2"].text == "Enter the card number."
    assert c["3/1"].text == "Download WeChat." and c["3/2"].text == "Ask a friend to verify you."
    assert "2/Step 1: Register" in c and not any(p.startswith("1/") for p in c)


def test_the_last_item_of_a_list_is_no_title_over_the_paragraph_after_it():
    """"十四、…提交下列材料：（一）书面申请；…（四）其他材料。" then "银行应当审核…": the last item ends the list (its
    brothers end in ；), so the paragraph after it is point 十四's, not the body of a heading "其他材料"."""
    doc = parse_document("n.txt", "关于某业务的通知\n各分行：\n十三、银行应当做好登记。\n"
                                  "十四、境外投资者办理再投资业务，应当提交下列材料：\n（一）书面申请；\n（二）营业执照；\n"
                                  "（三）其他材料。\n银行应当审核上述材料的真实性。\n十五、本通知自印发之日起施行。\n")
    c = by_path(parse_clauses(doc))
    assert (c["十四/（三）"].heading, c["十四/（三）"].text) == ("", "其他材料。")
    assert c["十四"].text.endswith("（三）其他材料。\n银行应当审核上述材料的真实性。")
    titled = parse_document("t.txt", "一、主要任务\n（一）加快建设。各地要抓紧推进。\n（二）优化服务。\n提高办事效率。\n")
    assert by_path(parse_clauses(titled))["一/（二）"].heading == "优化服务"  # (titled items keep their titles)


def test_a_list_under_an_item_ending_in_a_colon_is_that_item_s_list():
    """An indented list numbered from 1 again under "4. The ways to pay are:" (or under "1. … shall be completed:")
    is item 4's list: its items were read as items 1 and 2 of the outer list again, and put in their clauses."""
    doc = parse_document("gst.md", "# GST on parcels\n\n1. GST is charged on imported goods.\n"
                                   "2. Parcels below the threshold are relieved.\n4. The ways to pay are:\n"
                                   "    1. pay the courier at delivery;\n    2. pay at the post office counter.\n"
                                   "5. Keep your receipt.\n")
    c = by_path(parse_clauses(doc))
    assert c["1"].text == "GST is charged on imported goods."
    assert (c["4/（1）"].text, c["4/（2）"].text) == ("pay the courier at delivery;", "pay at the post office counter.")
    assert "5" in c and "4/3" not in c and "4/（3）" not in c
    first = parse_document("od.md", "## Article 19\n\n1. An origin declaration shall be completed:\n\n"
                                    "   1. in the UK, by an exporter;\n   2. in Canada, by an exporter.\n\n"
                                    "2. The exporter shall provide a copy on request.\n")
    c = by_path(parse_clauses(first))
    assert c["Article 19/1/（2）"].text == "in Canada, by an exporter."
    assert c["Article 19/2"].text == "The exporter shall provide a copy on request."


def test_markdown_chapter_is_not_glued_to_the_previous_article():
    doc = parse_document("l.md", "## 第一章 总则\n第一条 为了规范进口，制定本法。\n## 第二章 对外贸易经营者\n"
                                 "第二条 对外贸易经营者应当备案。")
    c = by_path(parse_clauses(doc))
    assert c["第一章/第一条"].text == "为了规范进口，制定本法。"
    assert c["第二章"].heading == "对外贸易经营者"
    assert c["第二章/第二条"].text == "对外贸易经营者应当备案。"


def test_a_passage_a_scrape_repeats_is_dropped_but_a_short_sentence_is_not():
    passage = "进口企业应当如实向海关申报进口商品的名称、数量和价格。海关对申报内容进行审核，并依法征收关税。"
    # the scrape prints 第一条 again with its passage (as the seeds' scrambled 003 and 004 do)
    doc = parse_document("r.txt", f"第一条 {passage}具体办法由国务院规定。\n第二条 另行规定。具体办法由国务院规定。\n"
                                  f"第一条 {passage}")
    c = by_path(parse_clauses(doc))
    assert c["第一条"].text == passage + "具体办法由国务院规定。"
    assert c["第二条"].text == "另行规定。具体办法由国务院规定。"
    page = parse_document("p.txt", f"进口促进工作简报\n{passage}\n另行规定。具体办法由国务院规定。\n{passage}")
    assert [c.text for c in parse_clauses(page)].count(passage) == 1  # unnumbered paragraphs: the page's copy


def test_a_law_numbered_once_keeps_every_article_s_own_copy_of_what_it_repeats():
    """The Tariff Law's 第二十八条 repeats two of 第二十六条's items word for word, and an article repeats its
    penalty from one paragraph to the next: each is the law's own text, and a look-up returns it whole."""
    freight = "进口货物运抵中华人民共和国境内输入地点起卸后的运输及其相关费用、保险费；"
    penalty = "情节严重的，可以根据情形在职责范围内实施或者建议有关金融管理部门实施取消其任职资格等处罚。"
    doc = parse_document("t.md", "## 第三章 计税价格\n"
                                 "第二十六条 进口时在货物的价款中列明的下列费用、税收，不计入该货物的计税价格：\n"
                                 f"（一）厂房、机械、设备等货物进口后进行建设、安装、装配、维修和技术服务的费用；\n（二）{freight}\n"
                                 "（三）进口关税及国内税收。\n"
                                 "第二十八条 按照本法规定估定计税价格，应当扣除下列项目：\n"
                                 f"（一）同等级或者同种类货物在境内第一级销售环节销售时通常的利润和一般费用；\n（二）{freight}\n"
                                 "（三）进口关税及国内税收。\n"
                                 f"第二十九条 对董事给予警告或者处二十万元以下罚款；{penalty}\n"
                                 f"依照本法第五十五条处罚的，对董事处二十万元以上一百万元以下罚款；{penalty}\n")
    c = by_path(parse_clauses(doc))
    assert freight in c["第三章/第二十八条/（二）"].text and freight in c["第三章/第二十六条/（二）"].text
    assert freight in c["第三章/第二十八条"].text and "进口关税及国内税收" in c["第三章/第二十八条"].text
    assert c["第三章/第二十九条"].text.count(penalty) == 2


def test_english_abbreviations_are_not_sentence_ends():
    sentence = "In 1999, the U.S. Congress passed Public Law 105-261 in 1999."
    assert split_sentences(f"{sentence} It was signed by No. 7 of the Acme Inc. board.") == [
        sentence, "It was signed by No. 7 of the Acme Inc. board."]
    doc = parse_document("e.txt", f"Notes on export control\n{sentence} Later rules followed.\n"
                                  f"Another paragraph talks about imports. {sentence}")
    assert all(sentence in c.text for c in parse_clauses(doc))


def test_numbered_points_running_on_in_one_paragraph_are_clauses():
    """"1．甲。2．乙。3．丙。" in one paragraph: three points; a figure after a full stop is not one."""
    from rag.ingest import parse_document

    text = ("关于实施协定的指导意见\n一、重点任务\n（一）推动贸易发展\n1．促进货物贸易发展。2．确保优惠原产地规则发挥实效。"
            "3．高标准实施海关程序。\n（二）完善配套政策\n4．提升金融服务质效。全年增长。5．另起一项。\n"
            "（三）其他\n今年进口增长了。8．这不是第六点。\n")
    clauses = parse_clauses(parse_document("guide.txt", text))
    paths = {c.path: c.text for c in clauses}
    assert "确保优惠原产地规则发挥实效" in paths["一/（一）/2"]
    assert "高标准实施海关程序" in paths["一/（一）/3"]
    assert "另起一项" in paths["一/（二）/5"]
    assert not any(p.endswith("/8") for p in paths)


# A State Council regulation as published texts print it: 章 and 节, items in half-width brackets "(一)",
# and references to items ("前款第(二)、(三)…项") that are not items (fixture: 反补贴条例, abridged).

@pytest.fixture(scope="module")
def regulation():
    return by_path(parse_clauses(load_document(STRUCTURES / "countervailing_regulations.md")))


def test_half_width_items_nest_under_their_article(regulation):
    items = [p for p in regulation if p.startswith("第三章/第二十八条/")]
    assert items == [f"第三章/第二十八条/（{n}）" for n in "一二三四五六"]
    assert regulation["第三章/第二十八条/（二）"].text == "没有足够证据证明存在补贴、损害或者二者之间有因果关系的；"
    assert regulation["第三章/第二十八条"].text.endswith("有前款第(二)、(三)、(四)、(五)项所列情形之一的，针对所涉产品的反补贴调查应当终止。")
    assert "第四章/第一节/第三十一条" in regulation and "出口国(地区)" in regulation["第二章/第三条/（二）"].text


@pytest.mark.parametrize("question, path", [
    ("反补贴条例第四条第（三）项", "第二章/第四条/（三）"),
    ("第二十八条第(二)项是什么？", "第三章/第二十八条/（二）"),
    ("What is in article 4 item 3 of the countervailing duty regulations?", "第二章/第四条/（三）"),
    ("Article 28(2) of the regulations", "第三章/第二十八条/（二）"),
    ("第三十一条", "第四章/第一节/第三十一条"),
])
def test_regulation_look_ups(regulation, question, path):
    from rag.lookup import parse_ref, resolve

    assert [c.path for c in resolve(parse_ref(question), list(regulation.values()))] == [path]


def test_an_item_an_article_lacks_is_reported_against_that_article(regulation):
    from rag.answer import no_such_clause_text
    from rag.lookup import absent_clause, parse_ref

    clauses = list(regulation.values())
    assert no_such_clause_text("反补贴条例", *absent_clause(parse_ref("第五条第（三）项"), clauses), "zh") == \
        "反补贴条例第五条没有第（三）项；该条不分项。"
    assert no_such_clause_text("反补贴条例", *absent_clause(parse_ref("第四条第（九）项"), clauses), "en") == \
        "反补贴条例, Article 4, has no item （九）; it has items （一）–（五）."
    assert no_such_clause_text("反补贴条例", *absent_clause(parse_ref("第九十九条"), clauses), "zh") == \
        "反补贴条例没有第九十九条；该文件有第一条至第五十八条。"


@pytest.mark.parametrize("question, missing", [
    ("What is in article 4 item 3 of the countervailing duty regulations?", []),  # 反补贴条例, said otherwise
    ("Article 27 of the Countervailing Regulations", []),
    ("Article 16 of the Foreign Trade Law", ["Foreign Trade Law"]),
    ("海关法第十二条", ["海关法"]),
])
def test_a_regulation_named_in_english_is_found_and_an_absent_law_is_named(question, missing):
    from rag.lookup import missing_documents, named_documents

    doc = load_document(STRUCTURES / "countervailing_regulations.md")
    named = named_documents(question, [doc], {})
    assert named == (() if missing else (doc.doc_id,))
    assert missing_documents(question, [doc], named, is_lookup=True) == missing


def test_the_paragraph_after_an_articles_last_item_is_the_articles_not_the_items(regulation):
    """第九条: items (一)(二), then a new paragraph defining 微量补贴 — a 款 of the article, cited as the article."""
    assert regulation["第二章/第九条/（二）"].text == \
        "根据补贴进口产品之间的竞争条件以及补贴进口产品与国内同类产品之间的竞争条件，进行累积评估是适当的。"
    assert regulation["第二章/第九条"].text.endswith("是指补贴金额不足产品价值2%的补贴。")


def test_a_statute_s_roman_i_stays_in_its_paragraph_and_the_letter_after_h_is_a_clause():
    """U.S. Code text nests (u) > (1) > (A) > (i): "(i)" under "(B)" is a roman numeral, not the letter after
    "(h)", so it stays in (B) and paragraphs (2) and (3) stay under (u), not under a clause "(i)" (which would be
    cited as one). A
    chapter's heading starts at its name, not at the dash after its number."""
    doc = parse_document("c.md", "### CHAPTER 53— PUBLIC TRANSPORTATION\n#### § 5323. General provisions\n###### (u) Limitation on Certain Procurements.\n\n"
                                 "(1) In general.\n\nFunds shall not be used for a contract with a manufacturer that\n\n"
                                 "(A) has facilities in the United States; and\n\n(B) is owned by a firm in a country that\n\n"
                                 "(i) is a nonmarket economy country;\n\n(ii) is on the priority watch list.\n\n"
                                 "(2) Exception.\n\nA minority investment does not count.\n\n"
                                 "(3) International agreements.\n\nThis subsection follows the agreements.\n")
    c = by_path(parse_clauses(doc))
    assert not any(p.endswith("/(i)") or "/(i)/" in p for p in c)
    assert "(i) is a nonmarket economy country;" in c["Chapter 53/Section 5323/(u)/（1）/(B)"].text
    assert c["Chapter 53/Section 5323/(u)/（2）"].text == "A minority investment does not count."
    assert c["Chapter 53"].heading == "PUBLIC TRANSPORTATION"  # not "— PUBLIC TRANSPORTATION"
    assert "(u)/（3）" in " ".join(c)
    letters = by_path(parse_clauses(parse_document("l.md", "Definitions\n\n(g) Goods means goods.\n\n"
                                                           "(h) Host means the host.\n\n(i) Item means an item.\n")))
    assert letters["(i)"].text.startswith("Item means an item")


def test_items_numbered_in_words_inside_articles_stay_in_their_article():
    # 一、 between articles (an old State Council regulation): items of the article, not parts the later articles
    # fall under, and the 一、 of two articles are two clauses; 一、 after the last article opens an annex of its own
    text = ("# 关于鼓励投资的规定\n\n第一条 为了改善投资环境，制定本规定。\n\n第二条 国家对下列企业给予特别优惠：\n\n"
            "一、产品主要用于出口的生产型企业；\n\n二、外国投资者提供先进技术的生产型企业。\n\n"
            "第三条 上述企业的场地使用费，按下列标准计收：\n\n一、开发费和使用费综合计收的地区，为每年每平方米五元至二十元；\n\n"
            "二、开发费一次性计收的地区，使用费最高为每年每平方米三元。\n\n第四条 本规定自发布之日起施行。\n\n"
            "附录\n\n一、矿山井下作业；\n\n二、体力劳动强度分级标准中规定的第四级体力劳动强度的作业。\n")
    paths = [c.path for c in parse_clauses(parse_document("rules.md", text))]
    assert paths[:8] == ["第一条", "第二条", "第二条/一", "第二条/二", "第三条", "第三条/一", "第三条/二", "第四条"]
    assert "一" in paths and "二" in paths  # the annex after the last article


def test_a_markdown_comment_and_a_sentence_citing_a_part_are_no_clauses():
    text = ("# 某某条例\n\n2001年5月23日 国务院令第304号公布\n\n<!-- INFO END -->\n\n第一条 为了加强管理，制定本条例。\n\n"
            "第二条 本条例自公布之日起施行。\n")
    clauses = parse_clauses(parse_document("regs.md", text))
    assert [c.path for c in clauses] == ["第一条", "第二条"]
    assert not any("INFO END" in c.text for c in clauses)
    bill = ("# A BILL\n\nSection 1. Short title\n\nThis Act may be cited as the Overwatch Act.\n\nSection 2. Controls\n\n"
            "Part I of the Export Control Reform Act of 2018 is amended by inserting after section 1758 the following.\n")
    paths = [c.path for c in parse_clauses(parse_document("bill.md", bill))]
    assert not any("Part I" in p for p in paths) and "Section 2" in paths


def test_a_definition_s_lead_in_line_is_no_heading():
    # "The term “applicant” means any individual who" runs on into the items after it: the paragraphs after it are
    # the section's, not clauses under a heading made of half a sentence
    text = ("# Title 31\n\n(a) Definitions\n\nIn this section:\n\n(1) Acceptable identification document\n\n"
            "The term “acceptable identification document” means, with respect to an individual, a passport.\n\n"
            "(2) Applicant\n\nThe term “applicant” means any individual who\n\n"
            "(A) files an application to form a corporation, limited liability company, or other similar entity under "
            "the laws of a State or Indian Tribe; or\n\n"
            "(B) registers a foreign entity to do business in the United States.\n\n"
            "(3) Beneficial owner\n\nThe term “beneficial owner” means an individual who owns 25 percent.\n")
    paths = [c.path for c in parse_clauses(parse_document("usc.md", text))]
    assert not any("means" in p for p in paths)
    assert any(p.endswith("（3）") for p in paths)


def test_the_last_of_a_run_of_label_lines_is_no_heading():
    # "Tourist visa: not required" / … / "Working visa: required", each line a label and its value, then a
    # paragraph: the last line is one of the run, not a heading over the paragraph after it (which stays in the
    # section); a short line after a paragraph still heads what follows it
    text = ("# Entry rules\n\n## Visas\n\nTourist visa: not required  \nBusiness visa: not required  \n"
            "Student visa: required  \nWorking visa: required\n\n"
            "Ensure that you apply for the proper type of visa before you travel to the country.\n\n"
            "Registration with the police\n\nYou must register your address with the local police within 24 hours "
            "of arriving, or your hotel will do it for you.\n")
    clauses = {c.path: c for c in parse_clauses(parse_document("entry.md", text))}
    assert "Visas" in clauses and not any("Working visa" in p for p in clauses)
    assert "Working visa: required" in clauses["Visas"].text and "proper type of visa" in clauses["Visas"].text
    assert any(p.endswith("Registration with the police") for p in clauses)


def test_a_hard_wrapped_line_that_starts_with_a_section_number_is_no_heading():
    text = ("The United States will extend certain\nSection 301 exclusions, currently due to expire on November 29,"
            " 2025.\n\nBackground text.\nSection 4(c) of Executive Order 14257 provided that the rate would rise."
            "\n\nSection 2. Purpose\nThe purpose follows.\n\nArticle 16 shall apply to the cases above.\n")
    found = [(m.kind, m.num) for m in find_markers(text, "en")]
    assert found == [("sec_en", "2")]


def test_markdown_escapes_are_read_as_their_characters():
    """A Markdown file's backslash escapes ("\\(b\\)", "\\[s\\]hould", as converters write them) are the characters
    themselves: the escaped letters number the subsections, and no quote shows a backslash."""
    doc = parse_document("order.md", "# Order on duties\n\n"
                         "Sec. 2.  Duties.\n\n"
                         "\\(a\\)  Imposition of duty.  The order provided that “\\[s\\]hould any partner retaliate”, "
                         "duties may rise.\n\n"
                         "\\(b\\)  Duty rates.  The rate is 30 percent of the value.\n")
    c = by_path(parse_clauses(doc))
    assert "\\" not in doc.text
    assert any(p.endswith("(b)") for p in c), list(c)
    rates = next(cl for p, cl in c.items() if p.endswith("(b)"))
    assert "30 percent of the value" in rates.text and "[s]hould" in doc.text
    # a .txt file is not Markdown: its backslashes are its own
    assert "\\(b\\)" in parse_document("order.txt", "Duties\n\n\\(b\\) rates apply.\n").text


def test_a_law_s_promulgation_and_revision_lines_are_no_clause():
    """A law database prints a law's promulgation and each revision on lines of their own above the text, as
    many as there were: every one is metadata, none becomes a paragraph clause (the fourth used to)."""
    text = ("# 易制毒化学品管理条例\n\n2005年8月26日 中华人民共和国国务院令第445号公布\n\n"
            "2014年7月29日 《国务院关于修改部分行政法规的决定》第一次修订\n\n"
            "2016年2月6日 《国务院关于修改部分行政法规的决定》第二次修订\n\n"
            "2018年9月18日 《国务院关于修改部分行政法规的决定》第三次修订\n\n"
            "## 第一章　总则\n\n第一条 为了加强易制毒化学品管理，制定本条例。\n\n"
            "第二条 国家对易制毒化学品实行分类管理和许可制度。\n")
    clauses = parse_clauses(parse_document("precursors.md", text))
    assert [c.path for c in clauses] == ["第一章", "第一章/第一条", "第一章/第二条"]
    assert not any("修订" in c.text for c in clauses)


_SCRAPED_PAGE = """China - Corporate - Other taxes
×
Unselect All
Include Cover Page
Cancel
×
![](-/media/attachments/portrait.ashx%3Frev=ac5e)
######
Send
Overview](china.html)
# China
## Corporate - Other taxes
Last reviewed - 03 January 2025
Enterprises pay stamp duty on listed contracts at rates from 0.005% to 0.1%.
## Property tax
Property tax is levied at 1.2% of the original cost of the property less a deduction.
"""


def test_a_scraped_pages_dialog_buttons_and_images_are_no_clause_and_its_review_date_dates_it():
    """A saved web page's dialog ("×", "Cancel", "Include Cover Page"), images and empty headings are no text;
    "Last reviewed - 03 January 2025" dates the page and heads nothing."""
    doc = parse_document("page.md", _SCRAPED_PAGE)
    assert doc.date == "2025-01-03"
    clauses = parse_clauses(doc)
    text = "\n".join(f"{c.heading}\n{c.text}" for c in clauses)
    for junk in ("Unselect All", "Include Cover Page", "Cancel", "×", "Send", "](", "Last reviewed", "######"):
        assert junk not in text, junk
    taxes = next(c for c in clauses if c.heading == "Corporate - Other taxes")
    assert taxes.text == "Enterprises pay stamp duty on listed contracts at rates from 0.005% to 0.1%."
    assert parse_document("g.md", "# Guide\nUpdated: March 5, 2024\nSome text here.\n").date == "2024-03-05"


def test_a_reference_to_items_is_no_item_of_its_article():
    doc = parse_document("pawn.md", "第五十九条 典当行违反本办法第二十六条第（三）、（四）项规定，构成犯罪的，依法追究刑事责任。\n"
                                    "第六十条 典当行违反本办法第二十八条第（一）、（二）、（三）项或者第四十四条第（一）、（二）、（五）项规定的，"
                                    "处5000元以上3万元以下罚款。\n第六十一条 典当行有下列情形之一的，责令改正：\n（一）未按规定报告的；\n"
                                    "（二）项目资料不全的。\n")
    paths = [c.path for c in parse_clauses(doc)]
    assert paths == ["第五十九条", "第六十条", "第六十一条", "第六十一条/（一）", "第六十一条/（二）"]
    sixty = next(c for c in parse_clauses(doc) if c.path == "第六十条")
    assert sixty.text.endswith("处5000元以上3万元以下罚款。")  # its whole sentence, not "、、" and scraps


def test_markdown_headings_without_a_space_and_a_title_line_over_sections():
    text = ("# Export controls (出口管制) ##\n\n- Date: 2025\n\n## Summary\n\nLicences are needed.\n\n"
            "##Goods you can't export\n\nYou cannot export arms to embargoed countries.\n")
    doc = parse_document("guide.md", text)
    assert doc.title == "Export controls (出口管制)"  # without its closing #s
    clauses = parse_clauses(doc)
    paths = [c.path for c in clauses]
    # the title is no clause over every section; "##Goods" is a heading like "## Summary"
    assert "Summary" in paths and "Goods you can't export" in paths
    assert not any(p.startswith("Export controls") for p in paths)
    goods = next(c for c in clauses if c.path == "Goods you can't export")
    assert "embargoed countries" in goods.text and "#" not in goods.text
    # a hashtag is no heading
    tagged = parse_clauses(parse_document("n.md", "Intro.\n\n#tag line one.\n\nSecond paragraph.\n"))
    assert [(c.path, c.text) for c in tagged] == [("¶1", "Intro."), ("¶2", "#tag line one."), ("¶3", "Second paragraph.")]


def test_a_long_markdown_title_line_and_a_scraped_pages_record_of_itself_are_no_clauses():
    """A scraped summary opens with a long bilingual "# " title and a list of where it came from (Source, URL,
    Date, Fetched): the title is the document's, however long, and none of those lines is a clause ("paragraph 6"
    was "- Fetched: 2026-02-08"). The same "- Effective Date: …" in the body's list of key details stays."""
    title = ("关于对航空航天结构、燃气轮机发动机设备、航天服面窗和超高分子量聚乙烯纤维实施出口管制的公告 (Announcement on Export "
             "Controls for Aerospace Structures, Gas Turbine Engine Equipment and UHMWPE Fiber)")
    text = (f"# {title}\n\n- **Source**: exportcontrol.mofcom.gov.cn\n- **URL**: http://example.gov.cn/a/1010.html\n"
            "- **Date**: 2024-06-03\n- **Category**: controlled_item_change\n- **Fetched**: 2026-02-08\n"
            "- **Confidence**: 高\n\n## Summary\nThe ministries control four categories of items.\n\n"
            "## Key Details\n- Effective Date: 2024-07-01\n- Scope: exporters of aerospace equipment\n")
    doc = parse_document("aero.md", text)
    assert doc.title == title
    clauses = parse_clauses(doc)
    assert [c.path for c in clauses] == ["Summary", "Key Details"]
    assert "Effective Date: 2024-07-01" in clauses[1].text
    # a short page record without bullets is metadata too
    plain = parse_clauses(parse_document("p.md", "# Export control on tungsten\n\nURL: http://x.gov.cn/1098.html\n"
                                                 "Fetched: 2026-01-28\n\n## Summary\nTungsten items need a licence.\n"))
    assert [c.path for c in plain] == ["Summary"]


def test_the_last_of_a_list_of_names_does_not_take_the_bullets_after_it():
    doc = parse_document("entities.md", "# Announcement\n\n## Key Provisions\n\n- **Legal basis**: the Export Control "
                                        "Law.\n- **Listed entities**:\n  1. High Point Aerotechnologies\n  2. Sierra "
                                        "Nevada Corporation\n  3. ACT1 Federal\n- **Control measures**:\n  - Exports to "
                                        "them are prohibited.\n\n## Notes\n\nNot legal advice.\n")
    c = {x.path: x for x in parse_clauses(doc)}
    assert c["Key Provisions/3"].text == "ACT1 Federal"
    assert "Exports to them are prohibited." in c["Key Provisions"].text
    assert "2. Sierra Nevada Corporation" in c["Key Provisions"].text


def test_a_list_item_with_bullets_of_its_own_keeps_them():
    doc = parse_document("steps.md", "# Guide\n\n## Steps\n\n1. Register online\n2. Bring these papers:\n"
                                     "   - your passport\n   - a photo\n")
    c = {x.path: x for x in parse_clauses(doc)}
    assert "your passport" in c["Steps/2"].text


def test_a_notice_record_of_distribution_is_no_clause():
    doc = parse_document("notice.txt", "中国人民银行关于某事项的通知\n一、银行应当审核上述材料。\n二、本通知自印发之日起施行。\n"
                                       "联系人：张三，联系电话：010-12345678主题词：人民币 结算 通知抄送：商务部，外汇局。\n"
                                       "内部发送：办公厅，条法司。\n中国人民银行办公厅 2012 年 6 月 29 日印发")
    c = {x.path: x for x in parse_clauses(doc)}
    assert c["二"].text.endswith("联系人：张三，联系电话：010-12345678")
    assert not any("抄送" in x.text or "内部发送" in x.text for x in c.values())
    assert doc.date == "2012-06-29"


def test_an_editors_mark_is_neither_title_nor_clause():
    """A summary a tool marked "[REVIEW_NEEDED]" above its "# " title, and a fact box between "[FACTBOX]" and
    "[/FACTBOX]": the marks are no clause and no title; the title is the heading under the mark, and the
    source lines under it are metadata, not clauses."""
    doc = parse_document("summary.md", "[REVIEW_NEEDED]\n\n# 商务部公告2030年第9号 关于调整出口管制的公告（MOFCOM "
                                       "Announcement 2030 No. 9: Adjusting Export Controls on Widgets and Gadgets）\n\n"
                                       "- **Source**: www.mofcom.gov.cn\n- **Date**: 2030-03-04\n\n## Summary\n\n"
                                       "Exports of widgets need a licence from 1 April 2030.\n\n[FACTBOX]\n"
                                       "Licence fee: none\n[/FACTBOX]\n\n## Key Details\n\nApply online.\n")
    assert doc.title.startswith("商务部公告2030年第9号 关于调整出口管制的公告（MOFCOM Announcement 2030 No. 9")
    assert doc.date == "2030-03-04"
    clauses = parse_clauses(doc)
    assert [c.path for c in clauses][:1] == ["Summary"]
    every = "\n".join(c.heading + "\n" + c.text for c in clauses)
    for line in ("REVIEW_NEEDED", "FACTBOX", "www.mofcom.gov.cn"):
        assert line not in every, line
    assert "Licence fee: none" in every and "Apply online." in every


def test_a_bold_sentence_is_text_and_page_widgets_are_no_clauses():
    """A web page's bold sentence is part of its section ("who processes refunds" must be answerable), a fact
    sheet's bold heading in a full stop stays a heading, and "On this page:", "Expand all" and Kramdown's
    `{:target="_blank"}` are no text."""
    page = ("# Refund Scheme\n\nOn this page:\n\n## How do I claim?\n\nApply at the kiosk, see "
            "[refunds.example](https://refunds.example){:target=\"_blank\"}.\n"
            "**All refunds are processed by Widget Refund Ltd, not by the customs authority.**\n"
            "For enquiries, call 6513 0000.\n\n## FAQs\n\nExpand all\n\n**Strengthening the refund counters.**\n\n"
            "Two counters opened in 2030.\n")
    c = by_path(parse_clauses(parse_document("refunds.md", page)))
    assert list(c) == ["How do I claim?", "FAQs", "FAQs/Strengthening the refund counters"]
    assert c["How do I claim?"].text == (
        "Apply at the kiosk, see refunds.example.\nAll refunds are processed by Widget Refund Ltd, not by the customs "
        "authority.\nFor enquiries, call 6513 0000.")
    assert c["FAQs/Strengthening the refund counters"].text == "Two counters opened in 2030."


def test_the_last_item_of_a_run_on_list_is_no_title():
    """Items that run on as one sentence ("…;", "…; and"): the last one ("6. Goods not presented for inspection.")
    is the item's text, not a title over the paragraph after the list."""
    en = parse_document("refunds.md", "## Refunds are not allowed on\n\n1.  Services (like car rental);\n"
                                      "2.  Goods exported by freight; and\n3.  Goods not presented for inspection.\n"
                                      "Do note that making a false claim is a serious offence.\n")
    c = by_path(parse_clauses(en))
    assert c["Refunds are not allowed on/3"].heading == ""
    assert c["Refunds are not allowed on/3"].text.startswith("Goods not presented for inspection.")


def test_a_list_said_again_under_another_lead_in_is_kept_in_both_places():
    """A tax page lists the same two boxes for imports and for goods removed from a warehouse: each list follows its
    own lead-in ("… declare the value of imports in:" / "… of goods removed in:"), so neither is a scraped copy;
    both sections keep both items, the long second item too. (Its other lists number an item twice, so its
    numbered text is searched for copies.) Under the same lead-in, the list is a copy, kept once."""
    box5 = "Box 5 (Total value of taxable purchases); and"
    box9 = ("Box 9 (Total value of goods imported under the Major Exporter Scheme, the Approved Third Party Logistics "
            "Company Scheme or Other Approved Schemes).")

    def parsed(lead_in: str) -> dict:
        page = (f"# GST returns\n\n## Reporting in GST returns\n\n### 1\\. Importing goods\n\nWhen you import goods "
                f"under the scheme, you should declare the value of imports in:\n\n1. {box5}\n2. {box9}\n\nKeep the "
                f"permits.\n\n### 2\\. Warehouses\n\n{lead_in}\n\n1. {box5}\n2. {box9}\n\nKeep the customs permits."
                f"\n\n## Notes\n\n1. Apply online.\n2. Pay the fee.\n\nAfterwards.\n\n1. Wait for the reply.\n")
        return by_path(parse_clauses(parse_document("gst.md", page)))

    c = parsed("When the goods are later removed from the warehouse, you should declare the value of goods removed in:")
    for section in ("Reporting in GST returns/1", "Reporting in GST returns/2"):
        assert c[f"{section}/1"].text == box5
        assert c[f"{section}/2"].text.startswith(box9)
    c = parsed("When you import goods under the scheme, you should declare the value of imports in:")
    assert sum(box9 in x.text for x in c.values()) == 2  # (its item's and its section's text, in section 1 only)
    assert box9 not in c["Reporting in GST returns/2"].text


def test_a_heading_between_a_generators_tags_is_a_heading():
    """A generated guide writes its section titles as "[SECTION] Business Environment [/SECTION]": each is the
    heading of the paragraphs under it, not a paragraph of its own with its tags."""
    page = ("# Doing Business\n\nIntro paragraph on the market.\n\n[SECTION] Business Environment [/SECTION]\n"
            "The government promotes foreign investment.\n\nReforms simplified registration.\n\n"
            "[SECTION] Starting a Business [/SECTION]\nRegistration takes about 20 days.\n")
    c = by_path(parse_clauses(parse_document("guide.md", page)))
    assert list(c) == ["¶1", "Business Environment", "Starting a Business"]
    assert c["Business Environment"].text == ("The government promotes foreign investment.\n"
                                              "Reforms simplified registration.")
    assert "[SECTION]" not in "\n".join(x.heading + x.text for x in c.values())


def test_a_list_numbered_again_after_a_lead_in_is_the_last_items_list():
    """"1. Apply online. 2. Pay the fee." then "Then:" and a list from 1 again: the second list is item 2's (it ends
    in the lead-in), not items 1 and 2 again, whose clauses held the other list's text under the first one's titles."""
    page = ("# Guide\n\n## Notes\n\n1. Apply online.\n2. Pay the fee.\n\nThen:\n\n1. Wait for the reply.\n"
            "2. Collect the licence.\n\n## Other\n\nText.\n")
    c = by_path(parse_clauses(parse_document("g.md", page)))
    assert c["Notes/1"].text == "Apply online."
    assert (c["Notes/2/1"].text, c["Notes/2/2"].text) == ("Wait for the reply.", "Collect the licence.")
    assert "Wait for the reply." not in c["Notes/1"].text


def test_a_first_sentence_stating_a_rule_is_text_not_only_a_title():
    """"十一、发行人应当按季度披露……。" is the point's first rule, not a title over it: it stays in the clause's
    text (quoting the point quotes it), as does a lead-in before items that states a rule; a short title
    ("加强领导。") is still the heading only."""
    doc = parse_document("notice.txt", "关于绿色债券的公告\n\n"
                         "一、加强领导。各部门要落实。\n"
                         "二、发行人应当按季度披露资金使用情况。发行人应当于每年4月30日前披露年度报告。\n"
                         "三、企业办理借款结算时应当向银行提交以下材料，银行应当认真审核。\n（一）批准证书；\n（二）借款合同。\n"
                         "四、本公告由某某银行负责解释。本公告未尽事宜按相关规定执行。\n"
                         "五、本公告自发布之日起施行。\n")
    c = by_path(parse_clauses(doc))
    assert c["一"].heading == "加强领导" and c["一"].text == "各部门要落实。"
    assert c["二"].text == "发行人应当按季度披露资金使用情况。发行人应当于每年4月30日前披露年度报告。"
    assert c["三"].text.startswith("企业办理借款结算时应当向银行提交以下材料，银行应当认真审核。")
    assert c["三/（二）"].text == "借款合同。"
    assert c["四"].text == "本公告由某某银行负责解释。本公告未尽事宜按相关规定执行。"
    assert c["五"].text == "本公告自发布之日起施行。"


def test_a_first_sentence_saying_what_a_thing_is_or_may_only_be_is_text_not_only_a_title():
    """"（七）境外机构的账户为活期存款账户。" and "（一）境外机构只能开立一个基本账户。" are statements: quoting the item
    quotes them (parser 49); "（二）规范市场行为。" and "（三）以扩大进口为重点。" are still titles only."""
    doc = parse_document("notice.txt", "关于境外机构账户的通知\n\n一、关于账户开立\n"
                         "（一）境外机构只能开立一个基本账户。境外机构开立基本账户后，可以开立专用账户。\n"
                         "（二）规范市场行为。各银行要加强管理。\n（三）以扩大进口为重点。各地要落实。\n"
                         "（七）境外机构的账户为活期存款账户。境外机构可将账户资金用作质押。\n")
    c = by_path(parse_clauses(doc))
    assert c["一/（一）"].text.startswith("境外机构只能开立一个基本账户。境外机构开立基本账户后")
    assert c["一/（七）"].text == "境外机构的账户为活期存款账户。境外机构可将账户资金用作质押。"
    assert c["一/（二）"].heading == "规范市场行为" and c["一/（二）"].text == "各银行要加强管理。"
    assert c["一/（三）"].heading == "以扩大进口为重点" and c["一/（三）"].text == "各地要落实。"

def test_a_chapter_title_spaced_out_character_by_character_is_its_word():
    """"第一章 总 则", "第三章　罚　　则": the headings 总则 and 罚则 (parser 49); a title of words is as printed."""
    doc = parse_document("rules.txt", "某某管理办法\n\n第一章 总 则\n第一条 为了规范管理，制定本办法。\n"
                         "第二章 账户的开立\n第二条 存款人可以开立账户。\n第三章　罚　　则\n第三条 违反本办法的，处以罚款。\n")
    headings = [c.heading for c in parse_clauses(doc) if "/" not in c.path]
    assert headings == ["总则", "账户的开立", "罚则"]

def test_attachments_after_the_last_article_are_clauses_of_their_own():
    """The attachments a regulation lists after its last article ("附件：1.……决定书" / "2.……") and the forms printed
    after it ("附件1" …) are no part of that article: it ends with its own sentence, the list is 附件 with its
    items, each form is a clause that can be quoted (its 60-day appeal period); a printed page number
    ("— 3 —") is no text."""
    doc = parse_document("rules.md", "# 某某扣留规定\n\n## 第一章 总则\n\n第一条 为了规范扣留，制定本规定。\n\n"
                         "— 3 —\n\n第二条 本规定自2030年3月1日起施行。\n\n"
                         "附件：1.扣留决定书\n\n2.解除扣留决定书\n\n附件1\n\n扣留决定书\n\n"
                         "如不服本决定，可自本决定书送达之日起60日内申请行政复议。\n\n附件2\n\n解除扣留决定书\n\n决定解除扣留。\n")
    c = by_path(parse_clauses(doc))
    assert c["第一章/第一条"].text == "为了规范扣留，制定本规定。"
    assert c["第一章/第二条"].text == "本规定自2030年3月1日起施行。"
    assert c["附件/1"].text == "扣留决定书" and c["附件/2"].text == "解除扣留决定书"
    assert "60日内申请行政复议" in c["附件1"].text and "解除扣留" not in c["附件1"].text
    assert c["附件2"].text.endswith("决定解除扣留。")
    one = parse_document("notice.txt", "关于某事的通知\n\n一、加强管理。各部门要落实。\n二、本通知自发布之日起施行。\n"
                                       "附件：项目目录\n")
    c = by_path(parse_clauses(one))
    assert c["二"].text == "本通知自发布之日起施行。" and c["附件"].text == "项目目录"


# a regulation as a VuePress site keeps it: front matter, containers (a revision note, a table of contents built of
# tabs, article-number links and a [[toc]] directive, the source link), Pandoc attributes on the chapter headings
_VUEPRESS_LAW_MD = """---
title: 某某市扬尘污染防治条例
date: 2022-01-01
author: 某某市人民代表大会常务委员会
---

::: tip 修订信息

（2021年11月5日某某市人民代表大会常务委员会会议通过，2021年12月1日以某府令第12号公布）
:::

::: details 目录

::: tabs

@tab 章节

[[toc]]

@tab 条例

- 第1~3条：

  [1](#t1)&emsp;[2](#t2)&emsp;[3](#t3)&emsp;[4](#t4)&emsp;[5](#t5)

:::

## 第一章&emsp;总则{align="center"}

<p id="t1">&emsp;&emsp;<b>第一条</b>&emsp;为了防治扬尘污染，制定本条例。</p>
<p id="t2">&emsp;&emsp;<b>第二条</b>&emsp;本条例适用于本市行政区域。</p>

## 第二章&emsp;附则{align="center"}

<p id="t3">&emsp;&emsp;<b>第三条</b>&emsp;本条例自2022年1月1日起施行。</p>

::: warning 原文链接

<http://rd.example.cn/fg/2021/t20211209_1.html>

:::
"""


def test_a_regulation_from_a_markdown_site_generator_has_no_directive_or_contents_clause():
    """Container fences ("::: tip 修订信息", ":::"), tab labels, [[toc]] and the contents' rows of article numbers
    are no clauses and end no article; Pandoc's {align="center"} is no part of a heading; "以某府令第12号公布" is
    numbered 某府令第12号 (parser 50)."""
    doc = parse_document("dust.md", _VUEPRESS_LAW_MD)
    assert doc.doc_number == "某府令第12号"
    c = by_path(parse_clauses(doc))
    assert [p for p in c if not p.startswith("第")] == []
    assert (c["第一章"].heading, c["第二章"].heading) == ("总则", "附则")
    assert c["第二章/第三条"].text == "本条例自2022年1月1日起施行。"
    assert not any(mark in x.heading + x.text for x in c.values() for mark in (":::", "@tab", "toc", "{", "原文链接"))
    # a row of figures is no contents' row: only numbers counting up by one are
    table = parse_document("rates.txt", "某某收费标准\n\n第一条 各档收费如下：\n12 15 18 20 25\n2019 2020 2021 2022 2023\n")
    assert "12 15 18 20 25\n2019 2020 2021 2022 2023" in by_path(parse_clauses(table))["第一条"].text


# an English web page saved as Markdown: a skip link first, Setext headings (the title over "===", sections over
# "---"), a glossary link without words, and a link on its own line breaking a sentence
_SETEXT_PAGE_MD = """[Skip to main content](#main)

[Search tips](/search-tips)

Tax for non-resident taxpayers
==============================

As a non-resident taxpayer, you'll generally pay tax on income you earn from New Zealand sources.

Applying for an IRD number
--------------------------

An IRD number is a tax identification number that you'll need in most cases.

Buying and selling property
---------------------------

A profit made from selling a property may be taxed if you intended to sell it when you bought it.

If you're an [offshore person](/api/glossary/item?id={C275})
, you may need to have withholding tax deducted from the [](/api/glossary/item?id={D699})sale.
"""


def test_a_web_page_with_a_skip_link_and_underlined_headings_is_titled_and_sectioned_by_them():
    doc = parse_document("nonresident.md", _SETEXT_PAGE_MD)
    assert doc.title == "Tax for non-resident taxpayers"
    c = by_path(parse_clauses(doc))
    sections = {p.split("/")[-1]: x for p, x in c.items()}
    assert {"Applying for an IRD number", "Buying and selling property"} <= set(sections)
    assert sections["Applying for an IRD number"].text == (
        "An IRD number is a tax identification number that you'll need in most cases.")
    assert sections["Buying and selling property"].text.endswith(
        "If you're an offshore person, you may need to have withholding tax deducted from the sale.")
    assert not any("Skip to" in x.text or "Search tips" in x.text or "](" in x.text for x in c.values())


# parser 52: an English chapter's title after a colon or a dash, and a longer English title on the number's line
_CHAPTER_TITLES_MD = """# Customs Law Summary

## Key Provisions

**Chapter 1 - General Principles**
- Establishes customs authority and oversight functions

**Chapter 2 – Import/Export Transportation Vehicles**
- Vehicle registration and reporting requirements
"""

_CHAPTER_TITLE_LINE = """Chapter 5: Trade Regulations, Customs and Standards
* Import Tariffs
* Trade Barriers
Imports are subject to a number of taxes and fees, which are usually paid during customs clearance.
"""


def test_an_english_chapter_title_after_a_dash_or_a_colon_is_its_heading_without_the_dash():
    c = by_path(parse_clauses(parse_document("customs_law_summary.md", _CHAPTER_TITLES_MD)))
    headings = {p.split("/")[-1]: x.heading for p, x in c.items()}
    assert headings["Chapter 1"] == "General Principles"
    assert headings["Chapter 2"] == "Import/Export Transportation Vehicles"
    guide = parse_clauses(parse_document("chapter5.txt", _CHAPTER_TITLE_LINE))
    assert guide[0].label == "Chapter 5"
    assert guide[0].heading == "Trade Regulations, Customs and Standards"  # (47 characters: longer than a
    assert not guide[0].text.startswith(":")  # Chinese chapter title may be)
    assert "Import Tariffs" in guide[0].text


_LONE_TITLE_MD = """**Customs Duty Exemptions for Personal Baggage Imports by Travellers – Legal Framework (Article 56)**

This article exempts from customs duty the personal baggage of travellers arriving from third countries.

Personal baggage includes all items a traveller can present to customs on arrival.

Additional exemptions apply to alcohol and tobacco, with allowances by the traveller's age (17+).
"""


def test_a_page_whose_only_heading_is_its_title_has_a_clause_per_paragraph():
    """A summary whose one heading is its bold first line (too long to read as a title line of the header), over
    paragraphs with no numbers: that line is its title, and each paragraph is a clause (not one clause of the whole
    page), none holding the title's asterisks."""
    doc = parse_document("baggage_summary.md", _LONE_TITLE_MD)
    assert doc.title == ("Customs Duty Exemptions for Personal Baggage Imports by Travellers – Legal Framework "
                         "(Article 56)")
    cl = parse_clauses(doc)
    assert [c.path for c in cl] == ["¶1", "¶2", "¶3"]
    assert cl[1].text == "Personal baggage includes all items a traveller can present to customs on arrival."
    assert not any("*" in c.text for c in cl)


def test_a_joint_signature_whose_date_ends_the_last_line_of_issuers_is_no_part_of_the_last_point():
    """"中国人民银行　　财政部" / "海关总署　　银监会二〇一二年二月三日": the issuing bodies, the date of signing after the last of
    them on its line, are the signature (署名), not text of point 三."""
    raw = ("关于出口货物贸易人民币结算企业管理有关问题的通知\n各分行：\n一、实行重点监管名单管理。\n二、名单每年调整一次。\n"
           "三、请各分行将本通知转发至辖区内银行业金融机构。\n中国人民银行　　　　财政部　　　　商务部\n"
           "海关总署　　　　国家税务总局　　　银监会二〇一二年二月三日\n")
    c = by_path(parse_clauses(parse_document("notice.txt", raw)))
    assert c["三"].text == "请各分行将本通知转发至辖区内银行业金融机构。"
    assert c["署名"].is_signature and c["署名"].text.endswith("银监会二〇一二年二月三日")


def test_a_spaced_contents_title_after_a_legislative_history_broken_over_two_lines_is_no_clause():
    """"目 录" with its chapter list, after a history in brackets broken over two lines ("（2021年4月30日……通过" /
    "2021年6月1日……批准）"), is a table of contents: no clause. The history stays text (its dates answer questions)."""
    doc = parse_document("sanya.md", "# 三亚市乡村民宿促进和管理条例\n\n三亚市乡村民宿促进和管理条例\n\n"
                         "（2021年4月30日三亚市第七届人民代表大会常务委员会第四十九次会议通过\n"
                         "2021年6月1日海南省第六届人民代表大会常务委员会第二十八次会议批准）\n\n目 录\n\n第一章 总则\n\n"
                         "第二章 促进措施\n\n第一章 总则\n\n第一条 为了促进乡村民宿产业发展，制定本条例。\n\n"
                         "第二章 促进措施\n\n第二条 市人民政府应当加强统筹。\n")
    clauses = parse_clauses(doc)
    assert [c.path for c in clauses][-4:] == ["第一章", "第一章/第一条", "第二章", "第二章/第二条"]
    assert not any("目" in c.text and "录" in c.text for c in clauses)
    assert any("2021年6月1日海南省" in c.text for c in clauses)


def test_a_contents_list_of_questions_that_head_the_sections_is_no_clause():
    """A guide's contents list whose entries are the questions heading its sections ("* Do I have to pay customs duty
    or tax?") is no clause of its own; each section is."""
    page = ("# Shipping your belongings home\n\n* Introduction\n* How much does it cost to ship belongings?\n"
            "* Do I have to pay customs duty or tax?\n* More information\n\n## Introduction\n\nYou may want to move "
            "your belongings home.\n\n## How much does it cost to ship belongings?\n\nThe cost depends on size.\n\n"
            "## Do I have to pay customs duty or tax?\n\nYou may have to pay VAT.\n\n## More information\n\n"
            "Contact Revenue.\n")
    clauses = parse_clauses(parse_document("ship.md", page))
    assert [c.heading for c in clauses] == ["Introduction", "How much does it cost to ship belongings?",
                                            "Do I have to pay customs duty or tax?", "More information"]


def test_a_state_code_s_hyphenated_sections_and_lettered_subsections():
    """A US state code numbers its sections chapter-section ("§327-14"; "[§327-5]" for one not yet enacted into the
    code) and letters their subsections, whose paragraphs it numbers: (1)–(3) under (c), (d) back beside (c) — and
    the (1) of two subsections are two clauses, not one."""
    text = ("**§327-14 Rights and duties of procurement organization and others.** (a) When a hospital refers an "
            "individual, the organization shall search any donor registry.\n\n"
            "(b) A procurement organization shall be allowed access to the records of motor vehicles.\n\n"
            "(c) The organization may examine a body part for:\n\n(1) Transplantation;\n\n(2) Therapy; or\n\n"
            "(3) Research.\n\n"
            "(d) After a donor's death, the person to which a part passes may conduct any reasonable examination.\n\n"
            "**[§327-5]** **Manner of making an anatomical gift.** (a) A donor may make an anatomical gift:\n\n"
            "(1) By a symbol on the donor's driver's license;\n\n(2) In a will.\n\n"
            "(b) A gift may be made by a donor card signed by:\n\n(1) The donor; or\n\n"
            "(2) Another individual acting at the direction of the donor.\n")
    c = by_path(parse_clauses(parse_document("hrs.md", text)))
    assert {"Section 327-14", "Section 327-14/(c)/（1）", "Section 327-14/(d)", "Section 327-5/(a)/（2）",
            "Section 327-5/(b)/（2）"} <= set(c), list(c)
    assert c["Section 327-14"].heading == "Rights and duties of procurement organization and others"
    assert c["Section 327-5/(a)/（2）"].text == "In a will."
    assert c["Section 327-5/(b)/（2）"].text == "Another individual acting at the direction of the donor."
    assert "Research." in c["Section 327-14/(c)"].text and "Research." not in c["Section 327-14/(d)"].text


def test_a_state_code_chapter_lettered_after_its_number_keeps_its_section_number():
    """"**§328J-7 Exceptions**.", "**[§481B-14]**": a state code's chapter lettered after its number (Hawaii's 328J,
    481B) is part of the section's number, not "Section 328J" with "-7 Exceptions." left in its text."""
    text = ("**§328J-7 Exceptions**. Notwithstanding any other provision of this chapter, the following areas shall "
            "be exempt from sections 328J-3 and 328J-5:\n\n(1) Private residences;\n\n(2) Retail tobacco stores.\n\n"
            "**[§481B-14]** **Hotel or restaurant service charge.** Any hotel or restaurant that applies a service "
            "charge shall distribute it to its employees.\n")
    c = by_path(parse_clauses(parse_document("hrs.md", text)))
    assert {"Section 328J-7", "Section 328J-7/（1）", "Section 328J-7/（2）", "Section 481B-14"} <= set(c), list(c)
    assert c["Section 328J-7"].heading == "Exceptions"
    assert c["Section 328J-7"].text.startswith("Notwithstanding")
    assert c["Section 481B-14"].heading == "Hotel or restaurant service charge"


def test_a_british_act_still_letters_the_paragraphs_of_its_numbered_subsections():
    text = ("Section 4. Tethering of animals\n\n(1) No person shall tether any animal—\n\n(a) on land of another;\n\n"
            "(b) in any public place.\n\n(2) Every person who tethers an animal commits an offence.\n")
    paths = [c.path for c in parse_clauses(parse_document("act.md", text))]
    assert "Section 4/（1）/(b)" in paths and "Section 4/（2）" in paths, paths


def test_a_numbered_markdown_list_indented_under_an_item_is_that_item_s_list():
    """"2. Beta means:" then "    1. …", "    2. …" (a list one level in, its lines hard-wrapped at the margin): the
    item's own list, not items 1 and 2 of the outer list merged with them; a list nested deeper still is the words
    of the item it is under."""
    text = ("# Rules\n\n## Definitions\n\n1. Alpha means a thing that is first.\n2. Beta means either of:\n"
            "    1. Beta one, the first kind of beta,\nwrapped at the margin.\n    2. Beta two, the second kind.\n"
            "        1. Beta two small.\n3. Gamma means the third.\n")
    c = by_path(parse_clauses(parse_document("rules.md", text)))
    assert c["Definitions/1"].text == "Alpha means a thing that is first."
    assert c["Definitions/2/（1）"].text == "Beta one, the first kind of beta, wrapped at the margin."
    assert c["Definitions/2/（2）"].heading == "Beta two, the second kind"
    assert "Beta two small." in c["Definitions/2/（2）"].text and not any("（2）/" in p for p in c)
    assert c["Definitions/3"].text == "Gamma means the third." and "Definitions/4" not in c


def test_a_jekyll_page_s_liquid_tags_are_no_text():
    """A Liquid comment hides its words from the published page ("{% comment -%} (a) {%- endcomment -%}"); any other
    tag builds the page; an output tag ({{ … }}) stands for words and stays."""
    text = ("# Chapter 1519: Fireworks\n\n1. {% comment -%} (a) {%- endcomment -%} \"Beer\" has the meaning of R.C. "
            "4301.01.\n2. {% comment -%} (b) {%- endcomment -%} \"Booby trap\" means a small tube.\n\n"
            "{% include accordion.html %}\n\nCall {{site.contact.tollfree}} for help.\n")
    doc = parse_document("chapter.md", text)
    assert "{%" not in doc.text and "comment" not in doc.text and "{{site.contact.tollfree}}" in doc.text
    c = by_path(parse_clauses(doc))
    assert c["1"].text == "\"Beer\" has the meaning of R.C. 4301.01."
    assert c["2"].heading == "\"Booby trap\" means a small tube"


def test_a_jekyll_page_s_field_is_its_value_and_a_lone_output_tag_is_no_text():
    """"{{ page.title }}" over a page whose front matter gives its title is that title (the heading the published page
    shows, not a clause named "{{ page.title }}"); an output tag alone on its line with no such field ("{{ top }}", a
    back-to-top link) is no text of the clause above it; one inside a sentence stays (previous test)."""
    text = ('---\nlayout: default\ntitle: "280&#46;06  MONARCH TREES."\n---\n\n{{ page.title }}\n----------------\n\n'
            "(a) The City Council may designate any tree as a Monarch Tree.\n\n{{ top }}\n\n"
            "(b) Property owners may apply for cost-sharing.\n\n{{ Articles 18 to 29 }}\n")
    doc = parse_document("monarch.md", text)
    assert "{{" not in doc.text and doc.title == "280.06  MONARCH TREES."
    c = by_path(parse_clauses(doc))
    assert c["280.06  MONARCH TREES"].heading == "280.06  MONARCH TREES"
    assert c["280.06  MONARCH TREES/(a)"].text == "The City Council may designate any tree as a Monarch Tree."
    assert c["280.06  MONARCH TREES/(b)"].text == "Property owners may apply for cost-sharing."


def test_a_sentence_set_as_a_heading_is_text_and_a_lead_in_its_items_finish_keeps_them():
    """"###### (b) In making such determination the chief judge … shall deem any person qualified … unless he" over
    "(1) is not a citizen …": the subsection's text, not its heading (a sentence: too long for a title, with a verb;
    a long title with no verb stays one), and a lead-in whose sentence its items finish, in lower case or after a
    dash, keeps their text as one ending in a colon does. A heading path cut at 40 characters ends in no space."""
    text = ("#### § 1865. Qualifications for jury service\n###### (b) In making such determination the chief judge "
            "of the district court, or such other district court judge as the plan may provide, shall deem any person "
            "qualified to serve on grand and petit juries in the district court unless he\n\n"
            "(1) is not a citizen of the United States eighteen years old;\n\n(2) is unable to speak the English "
            "language;\n\n###### (c) Prohibition on purchase of public or private real estate located in the United "
            "States by citizens of foreign countries of concern\n\nThe term “covered nation” means—\n\n"
            "(1) the People’s Republic of China;\n\n(2) the Russian Federation.\n")
    c = by_path(parse_clauses(parse_document("usc.md", text)))
    lead = c["Section 1865/(b)"]
    assert lead.heading == "" and lead.text.startswith("In making such determination the chief judge")
    assert "(2) is unable to speak the English language;" in lead.text
    assert c["Section 1865/(b)/（1）"].text == "is not a citizen of the United States eighteen years old;"
    assert c["Section 1865/(c)"].heading.startswith("Prohibition on purchase of public or private real estate")
    assert "the Russian Federation." in c["Section 1865/(c)"].text  # (a lead-in ending in a dash)
    cut = by_path(parse_clauses(parse_document("guide.md", "# Guide\n## Leaving China: The Exit Process and Tax Refund "
                                                            "Steps\nCheck in first.\n## Arriving\nShow your passport.\n")))
    assert "Leaving China: The Exit Process and Tax" in cut and not [p for p in cut if p != p.rstrip()]


def test_an_article_s_second_list_is_under_its_own_paragraph_not_merged_into_the_first():
    """"个人……提供下列材料：（一）…（三）" then "单位……提供下列材料：（一）…（四）": the second list is the items of
    the article's third 款 (the paragraph whose lead-in it follows), not the first list's items again."""
    text = ("第十四条 养犬人应当申请办理养犬登记。\n个人饲养犬只的，应当提供下列材料：\n（一）个人身份证明；\n"
            "（二）房产证明；\n（三）犬只的免疫证明。\n单位饲养犬只的，应当提供下列材料：\n（一）单位的组织机构代码证；\n"
            "（二）养犬安全管理制度；\n（三）单位饲养犬只的场所证明；\n（四）犬只的免疫证明。\n"
            "第十五条 公安部门应当自收到材料之日起十个工作日内进行审核。\n")
    c = by_path(parse_clauses(parse_document("dogs.md", text)))
    assert c["第十四条/（一）"].text == "个人身份证明；"
    assert c["第十四条/第三款"].text.startswith("单位饲养犬只的，应当提供下列材料：")
    assert c["第十四条/第三款/（一）"].text == "单位的组织机构代码证；"
    assert c["第十四条/第三款/（四）"].text == "犬只的免疫证明。" and "第十四条/（四）" not in c
    assert "第十五条" in c and c["第十四条"].text.count("免疫证明") == 2


def test_a_commonwealth_act_s_sections_are_numbered_without_the_word():
    """"1 Short title and commencement", "2 Interpretation" … (no "Section", no full stop): the act's sections, not
    those of its table of contents (its lines in a row), and a date line ("27 December 1978 …") is none."""
    text = ("Wandering Animals Act 1976\n\nContents\n1 Short title and commencement\n2 Interpretation\n"
            "3 Animals to be secured at all times\n\n27 December 1978 Sch 2: amended\n\n"
            "1 Short title and commencement\n(1) This Act may be cited as the Wandering Animals Act 1976.\n"
            "(2) This Act comes into force on 1 January 1977.\n2 Interpretation\nIn this Act animal includes any horse."
            "\n3 Animals to be secured at all times\nNo person may keep any animal on any land unless—\n"
            "(a) the land is properly fenced; or\n(b) the animal is securely tethered.\n")
    c = by_path(parse_clauses(parse_document("act.md", text)))
    assert c["Section 1"].heading == "Short title and commencement"
    assert c["Section 1/（2）"].text.startswith("This Act comes into force on 1 January 1977")
    assert c["Section 2"].text == "In this Act animal includes any horse."
    assert c["Section 3/(b)"].text == "the animal is securely tethered."
    assert not any("Section 4" in p or p.startswith("Section 27") for p in c)


def test_paragraphs_led_by_numbered_bold_labels_ending_in_a_dash_are_clauses_of_their_own():
    """"**HO 1. Manufacturing or storing explosives—**bans …" (a fact sheet's hazardous orders, a footnote's mark after
    some full stops): each order a clause titled by its label, not one clause for all of them."""
    orders = [("HO 1. Manufacturing or storing explosives", "bans minors working where explosives are stored."),
              ("HO 2. Driving a motor vehicle or work as an outside helper on motor vehicles",
               "bans operating motor vehicles on public roads, except for some 17-year-olds.[\\*](#notes1)"),
              ("HO 3. Coal mining", "bans most jobs in coal mining and in the mines around them."),
              ("HO 4. Occupations in forest fire fighting, forest fire prevention, timber tract, forestry service, and "
               "occupations in logging and sawmilling operations", "bans most jobs in forest fire fighting and logging.")]
    text = "# Fact Sheet\n\n## The Hazardous Occupations Orders\n\n" + "".join(f"**{label}—**{rest}\n\n"
                                                                          for label, rest in orders)
    c = {cl.heading: cl for cl in parse_clauses(parse_document("fs.md", text))}
    assert {label for label, _ in orders} <= set(c), list(c)
    assert c["HO 3. Coal mining"].text == "bans most jobs in coal mining and in the mines around them."


CITY_CODE = ("Cemetery Regulations | cityofpomeroy1\n\nORDINANCE NO. 824\n\n"
             "Section 1. The following sections of the Municipal Code are hereby amended to read as follows:\n\n"
             "2.44.010    City responsibility. The city is authorized to maintain the lands used for cemetery purposes.\n\n"
             "2.44.120    Proposed loans and investments. All proposed loans shall be approved by the council.\n\n"
             "Section 2. The following sections are hereby adopted:\n"
             "2.44.210 Interments\n"
             "A. Scheduling.  Interments must be scheduled three working days before the interment date.\n\n"
             "B. Work on Lots. No work on lots is allowed without a permit.\n\n"
             "C. Interments allowed per grave.\n\n"
             "1. No person shall bury one body on top of another.\n"
             "2. Ashes may be interred as follows:\n"
             "(a) Three cremated remains may be added to a grave with a casket.\n"
             "(b) Four cremated remains may be interred in a grave with no casket.\n"
             "2.44.230 Cemetery hours.\n"
             "It is unlawful to be in any city cemetery after dusk or before six a.m.\n")


def test_a_city_code_s_sections_and_their_lettered_subsections_are_clauses():
    """A city code numbers its sections title.chapter.section ("2.44.010") and titles them in sentence case; their
    subsections are lettered "A.", "B.", over numbered paragraphs and (a), (b). Before (parser 57) the sections
    were text of the ordinance's Section 1 and 2, and the numbered paragraphs of every section merged by number.
"""
    doc = parse_document("pomeroy.md", CITY_CODE)
    c = by_path(parse_clauses(doc))
    assert c["Section 1/Section 2.44.010"].heading == "City responsibility"
    assert c["Section 1/Section 2.44.010"].text.startswith("The city is authorized")
    assert c["Section 1/Section 2.44.120"].heading == "Proposed loans and investments"
    assert c["Section 2/Section 2.44.210/A"].heading == "Scheduling"
    assert c["Section 2/Section 2.44.210/A"].text.startswith("Interments must be scheduled three working days")
    assert c["Section 2/Section 2.44.210/C/1"].text == "No person shall bury one body on top of another."
    assert c["Section 2/Section 2.44.210/C/2/(b)"].text.startswith("Four cremated remains")
    assert "after dusk" in c["Section 2/Section 2.44.230"].text
    assert "after dusk" not in c["Section 2/Section 2.44.210/C/2/(b)"].text


def test_a_lone_capital_letter_or_initial_is_no_list():
    """"A." opens a lettered list only when a "B." follows, and each letter follows the one before: an initial
    ("J. Smith") or a lone "A." line is text."""
    doc = parse_document("memo.md", "Memorandum\n\nSection 1. Scope.\n\nA. Lone letter opens no list here.\n\n"
                                    "J. Smith signed the memorandum for the department.\n")
    paths = [c.path for c in parse_clauses(doc)]
    assert paths == ["Section 1"]


def test_a_statute_s_capital_subparagraphs_are_clauses_but_a_wrapped_citation_is_not():
    """(A), (B) … under a statute's paragraph (1) are clauses of their own (the U.S. Code's "§ 3006A", a section
    number with a letter, is a section); a hard-wrapped line opening "(a) and (b) with respect to …" cites two
    subsections and opens none."""
    text = ("#### § 3006A. Adequate representation of defendants\n###### (a) Choice of Plan .\n\n"
            "Each district court shall place in operation a plan for representation.\n\n"
            "(1) Representation shall be provided for any financially eligible person who\n\n"
            "(A) is charged with a felony or a Class A misdemeanor;\n\n(B) is a juvenile alleged to have committed an act;\n\n"
            "(2) The head of an agency may waive the prohibitions under subsections\n"
            "(a) and (b) with respect to a contract on a case-by-case basis--\n"
            "(A) if the head determines that the waiver is necessary;\n(B) with the approval of the Director.\n")
    c = by_path(parse_clauses(parse_document("usc.md", text)))
    assert c["Section 3006A"].heading == "Adequate representation of defendants"
    assert c["Section 3006A/(a)/（1）/(A)"].text == "is charged with a felony or a Class A misdemeanor;"
    assert c["Section 3006A/(a)/（2）/(A)"].text == "if the head determines that the waiver is necessary;"
    assert not [p for p in c if p.count("(a)") > 1]
    # a paragraph that only leads in to its subparagraphs ("… person who") or titles them is read with them
    assert "(B) is a juvenile alleged to have committed an act;" in c["Section 3006A/(a)/（1）"].text
    titled = by_path(parse_clauses(parse_document("usc.md", "#### § 7214. Inspections\n###### (a) Disclosure\n"
                                                            "(3) Trading prohibition after 3 years of non-inspections"
                                                            "\n(A) In general\nThe Commission shall prohibit "
                                                            "trading.\n(B) Removal\nThe Commission shall end the "
                                                            "prohibition after 5 years.\n(4) Rules\nThe Commission "
                                                            "shall issue rules.\n")))
    assert "after 5 years" in titled["Section 7214/(a)/（3）"].text
    assert "after 5 years" not in titled["Section 7214/(a)/（3）/(A)"].text
    assert "issue rules" not in titled["Section 7214/(a)/（3）"].text


def test_a_state_code_section_s_sentence_case_title_and_a_written_answer_s_numbered_paragraphs():
    """"§802-4 Determination of indigency. Unless …": a state code's sentence-case run-in title is its heading (not a
    sentence: "§802-5 The court shall appoint counsel."). A written answer's paragraphs numbered "1  …", "2  …" (two
    spaces, no stop) are clauses of their own."""
    code = by_path(parse_clauses(parse_document("hrs.md", "§802-4 Determination of indigency. Unless otherwise "
                                                          "ordered, a public defender determines indigency.\n\n"
                                                          "§802-5 The court shall appoint counsel. It may do so "
                                                          "at any stage.\n")))
    assert code["Section 802-4"].heading == "Determination of indigency"
    assert code["Section 802-4"].text.startswith("Unless otherwise ordered")
    assert code["Section 802-5"].heading == ""
    assert code["Section 802-5"].text.startswith("The court shall appoint counsel.")
    reply = by_path(parse_clauses(parse_document("reply.md", "# Written reply\n\n**Answer:**\n\n"
                                                             "1  The Garden of Peace was designed with scattering "
                                                             "lanes.\n\n2  NEA has been raising awareness of the "
                                                             "process.\n\n3  NEA has introduced a rest period of "
                                                             "three months.\n")))
    assert [p for p in reply if p.endswith(("/1", "/2", "/3"))] == ["Answer/1", "Answer/2", "Answer/3"]
    assert reply["Answer/3"].text == "NEA has introduced a rest period of three months."


_TRANSLATED_OPINION = """Opinions on Promoting the Balanced Development of Trade

I. General Requirements

(I) Guiding principles. We will follow the new development philosophy.

(II) Main objectives. By 2025, the trade structure will be further optimized.

II. Key Tasks

(III) Expand imports of high-quality goods. We will increase imports of advanced technology.

(IV) Improve the import policy. We will cut tariffs on consumer goods.
"""


@pytest.mark.parametrize("question, quote", [
    ("What does item (III) of Part II say?", "(III) Expand imports of high-quality goods."),
    ("What does Part II, item (IV) of the opinions say?", "(IV) Improve the import policy."),
    ("What does item (II) say?", "(II) Main objectives."),
])
def test_an_item_numbered_in_roman_numerals_is_looked_up(question, quote):
    """English translations of Chinese documents number their items (I), (II), …: "item (III) of Part II" finds the
    clause that holds it, not a search on its words."""
    from rag.lookup import parse_ref, resolve

    doc = Document(doc_id="opinions_en.md", text=_TRANSLATED_OPINION, lang="en",
                   title="Opinions on Promoting the Balanced Development of Trade")
    found = resolve(parse_ref(question), parse_clauses(doc))
    assert len(found) == 1 and quote in found[0].text


def test_an_item_in_roman_numerals_of_a_chinese_document_is_its_numbered_item():
    from rag.lookup import parse_ref, resolve

    doc = Document(doc_id="opinions_zh.txt", lang="zh", title="关于促进贸易平衡发展的意见",
                   text="关于促进贸易平衡发展的意见\n\n一、总体要求\n\n（一）指导思想。坚持新发展理念。\n\n"
                        "二、重点任务\n\n（二）扩大优质商品进口。增加先进技术进口。\n\n（三）完善进口政策。降低消费品关税。\n")
    assert [c.path for c in resolve(parse_ref("What does item (III) of Part II say?"), parse_clauses(doc))] == \
        ["二/（三）"]


@pytest.mark.parametrize("question", ["Can I (I mean we) import wine?", "What does item (IIII) say?",
                                      "What does item (IV) of Part I say?"])
def test_no_roman_item_asked_or_none_there(question):
    from rag.lookup import parse_ref, resolve

    doc = Document(doc_id="opinions_en.md", text=_TRANSLATED_OPINION, lang="en",
                   title="Opinions on Promoting the Balanced Development of Trade")
    ref = parse_ref(question)
    assert ref is None or resolve(ref, parse_clauses(doc)) == []


@pytest.mark.parametrize("headings", [("Article I", "Article II", "Article III"),
                                      ("ARTICLE I", "ARTICLE II", "ARTICLE III"),
                                      ("Article I: Purpose", "Article II: Scope", "Article III: Definitions")])
@pytest.mark.parametrize("question", ["What does Article III of the agreement say?",
                                      "What does Article 3 of the agreement say?"])
def test_an_article_numbered_in_roman_numerals_is_looked_up(headings, question):
    """A treaty's "Article III" is its third article, asked for as "Article III" or "Article 3"."""
    from rag.lookup import parse_ref, resolve

    bodies = ["The agreement aims at closer customs cooperation.", "It covers goods in transit.",
              "Customs authority means the body that applies customs law."]
    text = "Agreement on Closer Customs Cooperation\n\n" + "\n\n".join(f"{h}\n{b}" for h, b in zip(headings, bodies))
    doc = Document(doc_id="customs_agreement.md", text=text, lang="en", title="Agreement on Closer Customs Cooperation")
    found = resolve(parse_ref(question), parse_clauses(doc))
    assert len(found) == 1 and bodies[2] in found[0].text
