"""Reading files into Documents: encodings, refusals, front matter, HTML cleaning, metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag import ingest
from rag.clauses import parse_clauses
from rag.ingest import corpus_files, decode, load_document, parse_document, read_text
from rag.types import RagError
from tests.conftest import FIXTURES, SEED_IDS, SEEDS

ZH_TEXT = "关于促进进口的意见\n沪府发〔2020〕7号\n一、总体要求\n（一）目标任务。\n扩大优质消费品进口。\n"


@pytest.fixture(scope="module")
def seed_docs():
    return {short: load_document(SEEDS / name) for short, name in SEED_IDS.items()}


# ------------------------------------------------------------------------------ seed 000 (HTML)


def test_000_front_matter_gives_title_and_date(seed_docs):
    doc = seed_docs["000"]
    assert doc.title == "商务部：扩大先进技术、重要设备等进口，鼓励优质消费品进口"
    assert doc.date == "2021-11-24"
    assert doc.lang == "zh"
    assert doc.doc_number is None
    # the YAML block itself is not part of the text
    for leaked in ("categories", "headimg", "thumbnail", "comments: false", "---"):
        assert leaked not in doc.text


def test_000_html_becomes_clean_text(seed_docs):
    text = seed_docs["000"].text
    assert not re.search(r"</?[A-Za-z!][^>]*>", text), "an HTML tag survived"
    assert "cms-style" not in text and "href" not in text
    # <style> rules, comments, the QR/share widget and the editor footer are dropped
    for leaked in ("appendQr", "border:1px", "font-size", "&#123;", "{", "news_keyword_pub", "正文下iframe",
                   "总声明", "文末二维码", "编辑姓名", "海量资讯", "新浪财经APP", "责任编辑", "刘万里", "sinaimg"):
        assert leaked not in text, leaked
    # inline <span><a>农产品</a></span> stays inside its sentence
    assert "增加能源资源产品和国内紧缺农产品进口。" in text
    assert "国内紧缺农产品进口" in text
    # one paragraph per line, no blank lines, no leading full-width indentation
    lines = text.split("\n")
    assert all(line.strip() == line and line for line in lines)
    assert lines[0] == "澎湃新闻记者 周頔 刘航"
    assert any(line.startswith("一是进一步扩大市场开放。") for line in lines)
    assert any(line.startswith("四是高标准推动进口贸易便利化。") for line in lines)


# ------------------------------------------------------------------------------ seed metadata


@pytest.mark.parametrize(
    "short, title, number, issuer, date, lang",
    [
        ("001", "国务院办公厅转发商务部等部门关于扩大进口促进对外贸易平衡发展意见的通知",
         "国办发〔2018〕53号", "国务院办公厅", "2018-07-02", "zh"),
        ("002", "The State Council deploys and imports policy measures", None, None, None, "en"),
        ("003", "转发国务院关于加强进口促进对外贸易平衡发展指导意见的通知",
         "粤府〔2012〕60号", "广东省人民政府", "2012-06-07", "zh"),
        ("004", "重庆市人民政府办公厅转发重庆市商务委等部门关于扩大进口促进外贸发展的意见的通知",
         "渝府办发〔2018〕175号", "重庆市人民政府办公厅", "2018-11-30", "zh"),
    ],
)
def test_seed_metadata(seed_docs, short, title, number, issuer, date, lang):
    doc = seed_docs[short]
    assert doc.doc_id == SEED_IDS[short]
    assert doc.title == title
    assert doc.doc_number == number
    assert doc.issuer == issuer
    assert doc.date == date
    assert doc.lang == lang


def test_seed_aliases_are_the_other_numbers_they_carry(seed_docs):
    assert seed_docs["001"].aliases == ()
    assert "国发〔2012〕15号" in seed_docs["003"].aliases
    assert seed_docs["004"].aliases == ("国办发〔2018〕53号",)
    for doc in seed_docs.values():
        assert doc.doc_number not in doc.aliases


def test_seed_fingerprints_are_stable_hex(seed_docs):
    again = load_document(SEEDS / SEED_IDS["001"])
    assert again.fingerprint == seed_docs["001"].fingerprint
    fingerprints = {d.fingerprint for d in seed_docs.values()}
    assert len(fingerprints) == 5
    assert all(re.fullmatch(r"[0-9a-f]{64}", fp) for fp in fingerprints)


def test_002_symbol_bullets_are_stripped(seed_docs):
    assert not seed_docs["002"].text.startswith("◆")


# ------------------------------------------------------------------------- the HTML fixture


def test_html_fixture_is_cleaned():
    doc = load_document(FIXTURES / "page.html")
    assert doc.title == "测试页面标题"  # front matter wins over <title>
    assert doc.date == "2022-03-04"
    assert doc.issuer == "测试作者"
    assert doc.text == "第一段正文，支持农产品进口。\n第二段正文。"
    for leaked in ("SCRIPT_TEXT_MUST_NOT_APPEAR", "COMMENT_MUST_NOT_APPEAR", "SHARE_WIDGET_TEXT",
                   "不应出现的标题", "color:red", "责任编辑"):
        assert leaked not in doc.text


_MARKER = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ", min_size=8, max_size=12).map(lambda s: "ZQ" + s)
_FILLER = st.text(alphabet="进口政策支持扩大消费品服务贸易便利化通关。，", min_size=1, max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(marker=_MARKER, before=_FILLER, after=_FILLER,
       where=st.sampled_from(["head", "body", "p", "div", "end"]),
       attrs=st.sampled_from(["", ' type="text/javascript"', ' async src="x.js"']))
def test_script_content_never_reaches_clean_text(marker, before, after, where, attrs):
    script = f"<script{attrs}>var x = '{marker}'; document.write(\"<p>{marker}</p>\");</script>"
    head = script if where == "head" else ""
    body_script = script if where == "body" else ""
    p_script = script if where == "p" else ""
    div_script = script if where == "div" else ""
    end_script = script if where == "end" else ""
    html = (f"<html><head><title>t</title>{head}</head><body>{body_script}"
            f"<p>{before}{p_script}{after}</p><div>正文内容{div_script}</div></body></html>{end_script}")
    doc = parse_document("x.html", html)
    assert marker not in doc.text
    assert "<script" not in doc.text and "document.write" not in doc.text


# --------------------------------------------------------------------------- encodings & refusals


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_with_bom_is_accepted(tmp_path):
    plain = load_document(_write(tmp_path, "plain.txt", ZH_TEXT.encode("utf-8")))
    bom = load_document(_write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + ZH_TEXT.encode("utf-8")))
    assert "\ufeff" not in bom.text
    assert bom.text == plain.text
    assert bom.title == "关于促进进口的意见"
    assert bom.doc_number == "沪府发〔2020〕7号"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_accepted(tmp_path, codec):
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec]
    path = _write(tmp_path, "doc.txt", bom + ZH_TEXT.encode(codec))
    doc = load_document(path)
    assert doc.text == load_document(_write(tmp_path, "ref.txt", ZH_TEXT.encode())).text
    assert doc.doc_number == "沪府发〔2020〕7号"


def test_gbk_is_refused_with_a_message_about_utf8(tmp_path):
    path = _write(tmp_path, "gbk.txt", ZH_TEXT.encode("gbk"))
    with pytest.raises(RagError) as err:
        load_document(path)
    message = str(err.value)
    assert "UTF-8" in message
    assert "gbk.txt" in message
    assert "\n" not in message


def test_binary_file_is_refused(tmp_path):
    path = _write(tmp_path, "blob.txt", b"PK\x03\x04\x00\x00binary\x00\xff\xfe\x00")
    # (starts without a UTF-16 BOM, contains NULs)
    with pytest.raises(RagError, match="binary|NUL"):
        load_document(path)


def test_broken_utf16_is_refused(tmp_path):
    path = _write(tmp_path, "broken.txt", b"\xff\xfe" + "进口".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(RagError, match="UTF-16"):
        load_document(path)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t \r\n", "\u3000\n".encode()])
def test_empty_file_is_refused(tmp_path, content):
    path = _write(tmp_path, "empty.txt", content)
    with pytest.raises(RagError, match="no text"):
        load_document(path)


def test_html_without_text_is_refused(tmp_path):
    path = _write(tmp_path, "blank.html", b"<html><body><script>x()</script><div></div></body></html>")
    with pytest.raises(RagError, match="no text"):
        load_document(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(RagError, match="no such file"):
        load_document(tmp_path / "nope.txt")


def test_folder_is_not_a_file(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(RagError, match="not a file"):
        read_text(tmp_path / "dir.txt")


@pytest.mark.parametrize("name", ["report.doc", "report.odt", "README", "data.csv"])
def test_unsupported_suffix_is_refused(tmp_path, name):
    path = _write(tmp_path, name, ZH_TEXT.encode())
    with pytest.raises(RagError, match="unsupported file type"):
        load_document(path)


@pytest.mark.parametrize("name", ["UPPER.TXT", "notes.Md", "page.HTM"])
def test_suffixes_are_case_insensitive(tmp_path, name):
    doc = load_document(_write(tmp_path, name, ZH_TEXT.encode()))
    assert doc.doc_id == name


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: cheap to create, refused before it is read
        fh.truncate(ingest.MAX_BYTES + 1)
    with pytest.raises(RagError, match="limit"):
        load_document(path)


def test_file_at_the_size_limit_is_read(tmp_path):
    body = ("扩大进口。" * 10).encode()
    data = body + b" " * (ingest.MAX_BYTES - len(body))
    doc = load_document(_write(tmp_path, "limit.txt", data))
    assert doc.text.startswith("扩大进口。")


def test_decode_direct():
    assert decode("进口".encode(), "a") == "进口"
    assert decode(b"\xef\xbb\xbf" + "进口".encode(), "a") == "进口"
    assert decode("进口".encode("utf-16"), "a") == "进口"
    with pytest.raises(RagError, match="UTF-8"):
        decode("进口".encode("gb18030"), "a")


# ---------------------------------------------------------------------------- front matter


def test_malformed_front_matter_is_kept_as_text():
    doc = parse_document("x.md", "---\ntitle: [unclosed\n---\n正文一句。\n")
    assert "正文一句。" in doc.text
    assert doc.title  # falls back to a line of the text


def test_front_matter_fields():
    doc = parse_document("x.md", "---\ntitle: 标题\ndate: 2020-01-02\nissuer: 某部门\n"
                                 "doc_number: 商贸发〔2020〕1号\n---\n正文。\n")
    assert (doc.title, doc.date, doc.issuer, doc.doc_number) == ("标题", "2020-01-02", "某部门", "商贸发〔2020〕1号")
    assert doc.text == "正文。"


def test_rfc2822_front_matter_date():
    doc = parse_document("x.md", "---\ndate: Wed, 24 Nov 2021 08:56:05 GMT\n---\n正文。\n")
    assert doc.date == "2021-11-24"


def test_date_from_chinese_text_and_publication_line():
    assert parse_document("a.txt", "通知\n正文。\n2019年3月7日").date == "2019-03-07"
    assert parse_document("b.txt", "标题发布日期:2012-6-7 正文。").date == "2012-06-07"


def test_front_matter_dates_a_page_by_its_publication_keys():
    assert parse_document("a.md", "---\ntitle: Guide\npubDate: 2025-10-24\n---\nText.\n").date == "2025-10-24"
    assert parse_document("b.md", "---\ntitle: Guide\nupdated: 2026-08-19\n---\nText.\n").date == "2026-08-19"
    both = "---\ntitle: Guide\ndate: 2024-01-02\nupdated: 2026-08-19\n---\nText.\n"
    assert parse_document("c.md", both).date == "2024-01-02"  # published, not last edited
    assert parse_document("d.md", "---\ntitle: Page\npublished: true\n---\nText.\n").date is None  # a flag


LETTERHEAD = ("中国人民银行文件\n银发〔2012〕165号\n中国人民银行关于明确外商直接投资人民币结算业务操作细则的通知\n"
              "各分行：\n为贯彻落实《管理办法》（中国人民银行公告〔2011〕第23号），结算银行应当在 2012 年 7 月 31 日前完成。\n"
              "一、境外投资者应当开立账户。\n"
              "抄送：商务部。\n中国人民银行办公厅 2012 年 6 月 29 日印发\n")


def test_a_letterhead_notice_is_titled_numbered_and_dated_by_its_own_lines():
    doc = parse_document("notice.txt", LETTERHEAD)
    assert doc.title == "中国人民银行关于明确外商直接投资人民币结算业务操作细则的通知"  # not "中国人民银行文件"
    assert (doc.doc_number, doc.issuer) == ("银发〔2012〕165号", "中国人民银行")
    assert doc.date == "2012-06-29"  # printed on, not the deadline in the text



def test_a_notice_printed_with_its_page_number_after_the_date_is_dated_by_it_and_its_record_is_no_clause():
    """"…2012年7月31日印发— 12 —": the printing line with the page's number run on still dates the notice (not the
    earlier date its text quotes first) and starts no clause (parser 49)."""
    notice = LETTERHEAD.replace("结算银行应当在 2012 年 7 月 31 日前完成", "自2010年10月1日起执行").replace(
        "2012 年 6 月 29 日印发\n", "2012 年 6 月 29 日印发— 12 —\n")
    doc = parse_document("notice.txt", notice)
    assert doc.date == "2012-06-29"
    assert not any("抄送" in c.text or "印发" in c.text for c in parse_clauses(doc))


def test_a_disclosure_widget_leaves_its_list_and_no_tags_or_click_prompt():
    """<details> / <summary>Click to expand …</summary> around a list: the list, without the widget (parser 51); a
    summary that names something keeps its words."""
    page = ("# Transit\n\nThe following 3 provinces:\n\n<details>\n<summary>Click to expand the list of all these 3 "
            "provinces</summary>\n\n1. **Anhui**: all cities\n2. **Beijing**: all cities\n3. **Fujian**: Xiamen\n"
            "</details>\n\n<details><summary>Fees for 2025</summary>\nNo fee is charged.\n</details>\n")
    text = parse_document("transit.md", page).text
    assert "1. Anhui: all cities\n2. Beijing: all cities\n3. Fujian: Xiamen" in text
    assert "Fees for 2025" in text and "No fee is charged." in text
    assert "<" not in text and "Click to expand" not in text

def test_a_web_page_is_dated_by_its_closing_page_edited_line():
    body = "".join(f"Paragraph {i} of the page says what travellers may bring in.\n\n" for i in range(60))
    page = f"# Customs for travellers\n\n{body}_**Page edited:** 9 January 2024 _\n\nShare this page\n"
    assert parse_document("page.md", page).date == "2024-01-09"
    assert parse_document("other.md", page.replace("Page edited", "Edited by")).date is None

ORDER = ("中国人民银行令〔2021〕第7号（动产和权利担保统一登记办法）\n中国人民银行令〔2021〕第7号\n"
         "《动产和权利担保统一登记办法》已经2021年11月18日中国人民银行2021年第11次行务会议审议通过，现予发布。\n"
         "行　长  易纲\n2021年12月28日\n动产和权利担保统一登记办法\n第一章　总  则\n"
         "第一条  为规范登记，根据《国务院关于实施动产和权利担保统一登记的决定》（国发〔2020〕18号），制定本办法。\n")


def test_an_order_with_a_bracketed_year_is_its_own_number_not_the_decision_it_cites():
    doc = parse_document("order.txt", ORDER)
    assert doc.doc_number == "中国人民银行令〔2021〕第7号" and doc.aliases == ("国发〔2020〕18号",)
    assert doc.title == "动产和权利担保统一登记办法"
    assert doc.date == "2021-12-28"  # signed, not the meeting that adopted it
    repeals = ("通知\n第一条 本办法自2007年3月1日起施行，1998年12月15日印发的《办法》同时废止。\n"
               "某局办公厅 2007年1月13日印发\n")
    assert parse_document("repeals.txt", repeals).date == "2007-01-13"  # (not the repealed rule's "印发的")


def test_control_characters_are_removed():
    doc = parse_document("x.txt", "第一\x07行\u200b文字。\r\n第二行\x1b。\r第三行。")
    assert doc.text == "第一行文字。\n第二行。\n第三行。"


def test_english_text_is_english():
    doc = parse_document("x.txt", "Imports of consumer goods will be expanded.\n"
                                  "Customs clearance is simpler.")
    assert doc.lang == "en"
    assert doc.title == "Imports of consumer goods will be expanded."


def test_markdown_heading_marker_not_in_title(tmp_path):
    doc = load_document(_write(tmp_path, "notes.md", b"# Import notes\n\nImports will be expanded.\n"))
    assert doc.title == "Import notes"


def test_a_page_s_language_switcher_is_no_title(tmp_path):
    """A scraped page opens with its language switcher ("**English** |  Gaeilge") and a breadcrumb; its own heading
    comes further down. A first line that is no switcher stays the title."""
    page = ("**English** |  Gaeilge \n\n**You are here:** [ Home ](/en/) > Customs regulations\n\n"
            "#  Customs regulations for travellers\n\n##  Introduction\n\nCustoms officers may check all travellers.\n")
    assert load_document(_write(tmp_path, "page.md", page.encode())).title == "Customs regulations for travellers"
    menu = "繁體 | 简体 | English\n\n# 进口指南\n\n进口货物应当申报。\n"
    assert load_document(_write(tmp_path, "menu.md", menu.encode())).title == "进口指南"
    plain = "Import notes for 2024\n\n# Customs\n\nImports will be expanded.\n"
    assert load_document(_write(tmp_path, "plain.md", plain.encode())).title == "Import notes for 2024"


# --------------------------------------------------------------------------------- corpus_files


def test_corpus_files_expands_folders_sorted(tmp_path):
    for name in ["b.txt", "a.md", "c.html", "skip.doc", "skip.rtf"]:
        (tmp_path / name).write_text("正文。", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    files = corpus_files([tmp_path])
    assert [f.name for f in files] == ["a.md", "b.txt", "c.html"]


def test_corpus_files_refuses_empty_and_missing(tmp_path):
    with pytest.raises(RagError, match="empty"):
        corpus_files([tmp_path])
    with pytest.raises(RagError, match="no such file or folder"):
        corpus_files([tmp_path / "missing"])


def test_corpus_files_refuses_duplicate_names(tmp_path):
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "same.txt").write_text("正文。", encoding="utf-8")
    with pytest.raises(RagError, match="same.txt"):
        corpus_files([tmp_path / "x", tmp_path / "y"])


def test_a_page_that_opens_with_body_text_is_titled_by_its_address_or_file_name():
    """A scraped page without a title line: its permalink ("china/import-tariffs.html") or its file name
    names it, not its first sentence cut at 120 characters."""
    body = ("A comprehensive guide to the customs rules is the Customs Clearance Handbook, compiled by the "
            "customs administration and sold at bookshops.\n\nTariff rates are set by the tariff commission.\n")
    page = parse_document("guide.md", "---\npermalink: 'china/import-tariffs.html'\nlayout: default\n---\n" + body)
    assert page.title == "Import Tariffs"
    assert parse_document("prohibited-and-restricted-imports.md", body).title == "Prohibited and Restricted Imports"
    assert parse_document("notes.txt", "Customs Rules in Brief\n\n" + body).title == "Customs Rules in Brief"


def test_an_extract_opening_on_its_first_numbered_article_is_titled_by_its_file_name():
    """A page that starts at "## Article 18 - Claims …", with Article 19 further down, has no title line of its
    own: its file name names it (abbreviations in capitals), not its first article's heading. A lone numbered
    heading over body text is still the title."""
    body = ("## Article 18 - Claims for Preferential Tariff Treatment\n\n1. An importer may make a claim.\n\n"
            "## Article 19 - Basis of a Declaration of Origin\n\n1. A declaration of origin is completed.\n")
    assert parse_document("uk_australia_fta_origin_procedures.md", body).title == "UK Australia FTA Origin Procedures"
    zh = "一、总则\n（一）标题。\n正文。\n二、组织领导\n（二）各部门要落实。\n"
    assert parse_document("opinion.txt", zh).title == "Opinion"
    alone = "Article 5 Notes on Imports\n\nImports must be declared at the first port of entry.\n"
    assert parse_document("x.md", alone).title == "Article 5 Notes on Imports"


def test_a_law_database_page_names_its_issuer_and_publication_date_in_its_front_matter():
    """flk.npc.gov.cn pages give `office` (the body that passed the law) and `publish`: the document's issuer and
    date, not the first date of its text (the adoption date in its header)."""
    raw = ('---\ntitle: "三亚市乡村民宿促进和管理条例"\noffice: "三亚市人民代表大会常务委员会"\npublish: "2021-06-30 00:00:00"\n'
           '---\n\n# 三亚市乡村民宿促进和管理条例\n\n（2021年4月30日三亚市第七届人民代表大会常务委员会第四十九次会议通过）\n\n'
           '第一条 为了规范乡村民宿，制定本条例。\n')
    doc = parse_document("sanya.md", raw)
    assert (doc.issuer, doc.date) == ("三亚市人民代表大会常务委员会", "2021-06-30")
    joint = parse_document("joint.md", "---\nauthor: [商务部, 海关总署]\n---\n# 公告\n\n一、正文。\n")
    assert joint.issuer == "商务部 海关总署"  # (a list of issuers, not its Python spelling)


def test_a_header_line_of_date_and_publishing_body_names_the_issuer():
    """"2019年2月5日 中华人民共和国交通运输部公布" under the title: the ministry issued it. A body named in the text
    is no issuer."""
    raw = ("# 中华人民共和国海员证管理办法\n\n2019年2月5日 中华人民共和国交通运输部公布\n\n"
           "第一条 为规范海员证的申请、签发和使用管理，制定本办法。\n")
    doc = parse_document("seafarer.md", raw)
    assert (doc.issuer, doc.date) == ("中华人民共和国交通运输部", "2019-02-05")
    body = parse_document("x.md", "# 办法\n\n第一条 2019年2月5日交通运输部公布的名单由海事局管理。\n")
    assert body.issuer is None


def test_an_image_or_a_sections_bold_heading_is_no_title():
    """A guide chapter that opens with a Markdown image, or with the first of its sections' bold headings, takes
    its title from its page address; a bold line alone is the title, without its asterisks."""
    front = "---\npermalink: 'china/railway-and-metro-overview.html'\npublished: true\n---\n"
    sections = front + "**Railway Industry**\n\nChina's rail network carried 7.28 billion passengers.\n\n" \
                       "**Metro Industry**\n\nChina is the largest market for urban rail transit.\n"
    assert parse_document("rail.md", sections).title == "Railway and Metro Overview"
    image = front.replace("railway-and-metro", "aviation") + \
        "![Aviation, Spacecraft, and Related Parts](images/chap4-aviation-overview.png)\n\nChina is one of the " \
        "world's fastest growing civil aviation markets.\n"
    assert parse_document("air.md", image).title == "Aviation Overview"
    alone = front + "**Banking System in China**\n\nChina's banking system is dominated by state-owned banks.\n"
    assert parse_document("bank.md", alone).title == "Banking System in China"


def test_front_matter_with_a_colon_in_a_plain_value_is_still_front_matter():
    # static-site generators write `description: Two limits: …`, which YAML refuses; the page is still titled
    # and dated by it, and its keys are no text
    doc = parse_document("cash.md", "---\ntitle: How Much Cash Can I Take?\ndescription: Two limits apply: one in "
                                    "renminbi, one in foreign currency.\norder: 98\nupdated: 2026-08-20\nrelated:\n"
                                    "  - /answers/a/\n  - /guides/b/\n---\n\nCarry at most ¥20,000 in renminbi.\n")
    assert (doc.title, doc.date) == ("How Much Cash Can I Take?", "2026-08-20")
    assert doc.text == "Carry at most ¥20,000 in renminbi."


def test_bold_over_a_line_break_and_bold_list_items_are_their_words():
    doc = parse_document("notice.md", "# Notice\n\nApply for a **residence permit\nwithin 30 days** after entry.\n\n"
                                      "- **Control measures**:\n- Exports are prohibited.\n")
    assert "**" not in doc.text
    assert "residence permit" in doc.text and "- Control measures:" in doc.text


def test_a_line_break_in_a_table_cell_keeps_the_row_whole():
    doc = parse_document("samples.md", "# Samples\n\n| Type | Limit |\n|--|--|\n| Liquor <br>and tobacco | at most "
                                       "S$400 <<br> and 10 litres |\n")
    assert "| Liquor  and tobacco | at most S$400   and 10 litres |" in doc.text


def test_markdown_hard_breaks_and_wrapped_bold_links_leave_no_marks():
    """A FAQ's bold questions ending in a hard line break ("**…?**\\") are headings over their answers, each answer
    its own clause, none with a backslash; a bold link whose words wrap onto the next line
    ("[**China travel\\ntips**](/tips)") reads as its words."""
    page = ("# Guide\n\n## FAQ\n\n**Can I drink the tap water?**\\\nNo. Use the filtered water dispensers.\n\n"
            "**How much does a taxi cost?**\\\nExpect 100-150 CNY.\n\n**Do I pay tolls?**\\\nYes, tolls are added. "
            "See our [**China travel\ntips**](/china-travel-tips) for more.\n")
    c = {x.path: x for x in parse_clauses(parse_document("guide.md", page))}
    assert not any("\\" in x.heading + x.text or "*" in x.heading + x.text for x in c.values())
    assert c["FAQ/Do I pay tolls?"].text.endswith("See our China travel tips for more.")  # (parser 52: a line going
    # on in lower case is the same sentence)
    assert c["FAQ/Can I drink the tap water?"].text == "No. Use the filtered water dispensers."
    assert c["FAQ/How much does a taxi cost?"].text == "Expect 100-150 CNY."
    assert c["FAQ/Do I pay tolls?"].text.startswith("Yes, tolls are added.")


def test_a_crawled_page_s_links_read_as_their_words_and_its_share_buttons_leave_nothing():
    """A page crawled to Markdown breaks its links over lines: words on a line of their own after the bracket
    ("[\nJuries Act 1976\n](http://…)"), a target whose file name has a space, wrapped there ("(https://…/Jury\n
    Booklet.pdf)"); its share buttons are links without words, the bracket closing on the next line and the target
    wrapped after a hyphen ("[\n](https://facebook.com/…/jury-\nservice/)", "[ ](javascript:void\\(0\\))"). Each
    reads as its words, or as nothing."""
    page = ("# Jury service\n\n## Who is eligible\n\nThe rules are set down in the [\nJuries Act 1976\n]"
            "(http://www.irishstatutebook.ie/1976/en/act/pub/0004/index.html) as amended.\n\n## Further information\n\n"
            "Read the Courts Service’s ‘ [ Guide to Jury Service\n](https://www.courts.ie/acc/Jury\n"
            "Booklet_Final.pdf/pdf#view=fitH) ’ (pdf).\n_Page edited: 13 January 2023 _\n[\n]"
            "(https://facebook.com/sharer/sharer.php?u=https://www.citizensinformation.ie/en/justice/courtroom/jury-\n"
            "service/?utm_source=sharebutton_facebook) [ ](javascript:void\\(0\\))\n")
    c = {x.path: x for x in parse_clauses(parse_document("jury.md", page))}
    assert c["Who is eligible"].text == "The rules are set down in the Juries Act 1976 as amended."
    further = c["Further information"].text
    assert "‘ Guide to Jury Service ’ (pdf)." in further and further.endswith("_Page edited: 13 January 2023 _")
    assert not any(mark in x.text for x in c.values() for mark in ("](", "[", "http"))


def test_a_blockquote_reads_as_its_text_without_marks_alert_labels_or_link_boxes():
    """A quoted article and a GitHub alert ("> [!WARNING]") read as their words, without "> " and without the
    label; a quoted box of links ("> [A Guide to Visas](/visas)") is no text of the guide."""
    page = ("# Bringing medicine\n\nPersonal medicines are allowed in reasonable amounts for your own use while\n"
            "you stay in the country.\n\n> Related reading:\n>\n> [A Guide to Visas](/visas/)\n>\n"
            "> [Scams to Avoid](/scams/)\n\n## The rule\n\n> 个人携带少量药品进境的，以自用、合理数量为限。\n\n"
            "> [!WARNING]\n> Carry the prescription with the medicine: officers may ask for\n> it at the border.\n")
    text = parse_document("medicine.md", page).text
    assert ">" not in text and "[!" not in text and "WARNING" not in text
    assert "Guide to Visas" not in text and "Scams to Avoid" not in text
    assert "\n个人携带少量药品进境的，以自用、合理数量为限。\n" in text
    assert "\nCarry the prescription with the medicine: officers may ask for" in text


def test_numbered_bold_questions_under_numbered_sections_are_the_faqs_items():
    """"**1. What are the limits?**\\" under "## FAQ", in a guide whose sections are "## 1. …", "## 2. …": the
    questions are the FAQ's own list, not sections 1 and 2 again."""
    page = ("# Guide\n\n## 1. Why pay by phone\n\nPhones are used everywhere.\n\n## 2. Setting up\n\nDownload the app.\n\n"
            "## FAQ\n\n**1. What are the limits?**\\\nUp to $5,000 per transaction.\n\n"
            "**2. Are there fees?**\\\nA 3% fee over 200 CNY.\n")
    c = {x.path: x for x in parse_clauses(parse_document("guide.md", page))}
    assert c["1"].text == "Phones are used everywhere." and c["2"].text == "Download the app."
    assert c["FAQ/1"].heading == "What are the limits?" and c["FAQ/1"].text == "Up to $5,000 per transaction."
    assert c["FAQ/2"].text == "A 3% fee over 200 CNY."


def test_bold_marks_a_formatter_broke_over_a_line_wrap_leave_no_stars():
    """Prettier wraps "**Time:**" as "*" at a line's end and "*Time:**" on the next, and a bold link as "[*" /
    "*expat SIM card guide**](…)": the words read without stars; a link whose plain words wrap keeps its spaces."""
    page = ("# Guide\n\n## Daxing\n\n- **Airport Express:** A metro line. Cost: 35 CNY. *\n  *Time:** ~20 mins.\n"
            "- **SIM:** See our [*\n  *expat SIM card guide**](/sim) for tips. Fees can be [$50 or\nmore ](/fees)per\n"
            "night.\n")
    text = parse_document("guide.md", page).text
    assert "*" not in text and "Time: ~20 mins." in text and "See our expat SIM card guide for tips." in text
    assert "$50 or\nmore per" in text or "$50 or more per" in text


def test_a_notice_title_run_into_its_addressees_on_one_line_is_the_title_alone():
    raw = ("中国人民银行 财政部 商务部 海关总署关于出口货物贸易人民币结算企业管理有关问题的通知中国人民银行上海总部，各分行、营业管理部；"
           "各直属海关；中国邮政储蓄银行：\n为进一步促进贸易、投资便利化，现就有关问题通知如下：\n一、出口货物贸易人民币结算实行重点监管企业名单管理。\n")
    doc = parse_document("pbc_notice_2012.txt", raw)
    assert doc.title == "中国人民银行 财政部 商务部 海关总署关于出口货物贸易人民币结算企业管理有关问题的通知"
    plain = parse_document("plain.txt", "关于做好进口工作的通知\n各省、自治区、直辖市人民政府：\n一、做好进口工作。\n")
    assert plain.title == "关于做好进口工作的通知"  # (a title on its own line, as before)


def test_an_html_list_keeps_its_bullets_and_is_read_with_the_line_leading_into_it():
    """A page's `<ul>`/`<ol>` items are bulleted lines: the items after "… invoices for:" are that paragraph's (one
    clause, not a clause per item with no context), and an item with no text leaves no bullet."""
    page = ("<p>Tax invoices must include seven pieces of information. There are additional requirements for invoices "
            "for:</p>\n<ul>\n<li>sales of $1,000 or more</li>\n<li>sales carried out by agents</li>\n<li><img src='x.png'>"
            "</li>\n</ul>\n<h2>Requirements</h2>\n<ol>\n<li>the seller's identity</li>\n<li>the date the invoice was issued"
            "</li>\n</ol>\n")
    doc = parse_document("invoices.html", page)
    assert "- sales of $1,000 or more\n- sales carried out by agents" in doc.text
    assert not any(line.strip() == "-" for line in doc.text.split("\n"))
    c = parse_clauses(doc)
    assert c[0].text.endswith("invoices for:\n- sales of $1,000 or more\n- sales carried out by agents")
    assert not any(x.text.startswith("sales carried out") for x in c)
    assert "- the seller's identity\n- the date the invoice was issued" in doc.text  # (a numbered list's too)


def test_an_html_table_is_read_row_by_row_with_spanning_cells_repeated():
    """A table's row is one line of its cells ("| port | area |", as a Markdown table's), not its cells run together
    ("PortArea") or one per line; a cell spanning rows is repeated in each, so any row says where its passengers may
    stay; the table is one clause with its header row."""
    page = ("<h2>Ports</h2>\n<table>\n<tr><th>Port</th><th>Stay area</th><th>Guide</th></tr>\n"
            "<tr><td>Beijing Capital<br/>International Airport</td><td rowspan='3'>Beijing, Tianjin, Hebei</td>"
            "<td rowspan='2'></td></tr>\n<tr><td>Beijing West Railway Station</td></tr>\n<tr><td>Port of Qinhuangdao"
            "</td></tr>\n<tr><td>Port of Shanghai</td><td>Shanghai, Jiangsu</td><td>guide</td></tr>\n</table>\n"
            "<p>Stays are counted from 00:00 the day after entry.</p>\n")
    doc = parse_document("ports.md", page)
    lines = doc.text.split("\n")
    assert "| Port | Stay area | Guide |" in lines
    assert "| Beijing Capital International Airport | Beijing, Tianjin, Hebei |" in lines
    assert "| Port of Qinhuangdao | Beijing, Tianjin, Hebei |" in lines
    assert "| Port of Shanghai | Shanghai, Jiangsu | guide |" in lines
    assert "Stays are counted from 00:00 the day after entry." in lines
    clause = next(c for c in parse_clauses(doc) if "Qinhuangdao" in c.text)
    assert "| Beijing West Railway Station | Beijing, Tianjin, Hebei |" in clause.text
    assert clause.text.startswith("| Port | Stay area | Guide |")


def test_a_layout_table_keeps_its_paragraphs():
    """A page laid out in a table (a cell holding the articles' paragraphs) is read as those paragraphs, one per
    line, and its articles are clauses as on any page."""
    page = ("<table><tr><td><p>关于加强口岸管理的办法</p><p>第一条 为了规范口岸管理，制定本办法。</p>"
            "<p>第二条 本办法适用于全国口岸。</p></td><td><p>相关链接</p></td></tr></table>")
    doc = parse_document("layout.html", page)
    assert "第一条 为了规范口岸管理，制定本办法。\n第二条 本办法适用于全国口岸。" in doc.text
    assert " | " not in doc.text
    assert [c.path for c in parse_clauses(doc) if c.path.startswith("第")] == ["第一条", "第二条"]


def test_a_page_of_bold_labelled_paragraphs_has_a_clause_per_label():
    """A page built of paragraphs each led by a bold label ("**Criminal Penalties:** You are subject …") is a clause per
    label, titled by it, holding the paragraphs up to the next label; a record line ("**Date:** 2024-08-26") and a
    list's labelled item stay as they are."""
    page = ("# Local Laws\n\n**Date:** 2024-08-26\n\n"
            "**Criminal Penalties:** You are subject to local law while you are in the country.\n\n"
            "Some offences are also prosecutable at home, regardless of local law.\n\n"
            "**Pets**: The quarantine service sets procedures for importing pets into the country.\n\n"
            "- **Customs:** Check the customs website for the import rules that apply to you.\n\n"
            "**Employment Issues:** Do not come to work without the proper employment visa arranged.\n")
    clauses = {c.path: c.text for c in parse_clauses(parse_document("laws.md", page))}
    assert clauses["Criminal Penalties"] == ("You are subject to local law while you are in the country.\n"
                                             "Some offences are also prosecutable at home, regardless of local law.")
    assert clauses["Pets"].startswith("The quarantine service sets procedures")
    assert "Customs: Check the customs website" in clauses["Pets"]  # (an item of the paragraph before)
    assert clauses["Employment Issues"].startswith("Do not come to work")
    assert not any("Date" in path for path in clauses)
    two = page.replace("**Pets**: ", "").replace("**Employment Issues:** ", "")  # one label: a paragraph's lead only
    assert not any(path.endswith("Criminal Penalties") for path in (c.path for c in
                                                                      parse_clauses(parse_document("l.md", two))))


def test_a_bold_sentence_run_into_the_next_keeps_the_space_between_them():
    doc = parse_document("t.md", "# Traffic\n\n* **Bribes are illegal.**If you are found guilty, you could be jailed.\n")
    assert "Bribes are illegal. If you are found guilty" in doc.text


def test_a_pages_script_and_style_sheet_left_in_its_text_are_no_clause():
    """A scrape that kept a page's script and style sheet as text: its blocks of code (to where their braces close,
    or to a line that reads as text), and statements alone, are no clause; the page's text after them is."""
    page = ("# Visa-Exempt Entry\n\n"
            "(function(w,d,s,l,i){w[l]=w[l]||[];})(window,document,'script','dataLayer','GTM-X');\n"
            " @counter-style CusTCI {\n system: extends trad-chinese-informal;\n prefix: \"(\";\n }\n"
            " .extends {\n list-style: CusTCI;\n }\n\n Go to main content area :::\n\n"
            " function getValue(){\n var q = document.getElementsByName('qStr');\n for(let i = 0; i \n"
            "Visitors may stay for up to 90 days without a visa.\n\n"
            "## Requirements\n\nA passport valid for at least six months on entry.\n\nnew WOW().init();\n")
    clauses = parse_clauses(parse_document("visa.md", page))
    text = "\n".join(c.text for c in clauses)
    for code in ("function", "counter-style", "list-style", "getElementsByName", "for(let", "WOW", "main content"):
        assert code not in text, code
    assert "Visitors may stay for up to 90 days without a visa." in text
    assert [c.text for c in clauses if c.path == "Requirements"] == ["A passport valid for at least six months on entry."]


def test_a_long_bold_sentence_is_text_not_a_heading():
    """A bold line that is a sentence is text however long (not the heading of the paragraphs after it, which would
    leave its own words, a helpline's number, in no clause)."""
    sentence = ("For additional information, visit our Wage and Hour Division Website: http://www.dol.gov/agencies/whd "
                "and/or call our toll-free information and helpline, available 8 a.m. to 5 p.m. in your time zone, "
                "1-866-4USWAGE (1-866-487-9243).")
    page = (f"# Child Labor\r\n\r\n## Where to Obtain Additional Information\r\n\r\n**{sentence}**\r\n\r\n"
            "This publication is general.\r\n")
    clauses = parse_clauses(parse_document("fact.md", page))
    assert [c.path for c in clauses] == ["Where to Obtain Additional Information"]
    assert "1-866-487-9243" in clauses[0].text and "This publication is general." in clauses[0].text


def test_the_title_above_a_lone_order_number_leaves_out_its_date_and_comments():
    text = ("# 校外培训行政处罚暂行办法\n\n2023年8月23日 公布\n\n<!-- INFO END -->\n<!-- STATUS: 现行有效 -->\n\n"
            "中华人民共和国教育部令第53号\n\n《校外培训行政处罚暂行办法》已经教育部部务会议审议通过，现予公布。\n\n"
            "第一条 为规范校外培训行政处罚行为，制定本办法。\n")
    doc = parse_document("tutoring.md", text)
    assert doc.title == "校外培训行政处罚暂行办法"
    assert doc.doc_number == "中华人民共和国教育部令第53号"


def test_a_pdfs_ligatures_are_read_as_their_letters():
    """Text extracted from a PDF writes "ﬁne" with one ligature character: it is searched and quoted as "fine"."""
    doc = parse_document("act.txt", "Section 10\nIs liable to a ﬁne not exceeding $500 as speciﬁed in section 8.\n")
    assert "liable to a fine not exceeding $500 as specified in section 8." in doc.text


def test_a_pages_print_button_and_revision_line_are_neither_title_nor_heading():
    page = ("Print Fact Sheet\n\nWAGE AND HOUR DIVISION\n\n# Fact Sheet #43: Child Labor Provisions\n\n"
            "**Revised December 2016**\n\nThis Fact Sheet provides general information about youth employment.\n\n"
            "## Minimum Age Standards\n\nThe minimum age for most non-farm work is 16.\n")
    doc = parse_document("fs43.md", page)
    assert doc.title == "Fact Sheet #43: Child Labor Provisions"
    clauses = parse_clauses(doc)
    assert not any("Revised" in c.path or "Print" in c.path for c in clauses)
    assert any(c.text == "This Fact Sheet provides general information about youth employment." for c in clauses)


def test_a_scraped_page_s_language_switcher_is_no_title_however_long_its_menus():
    """"**English** |  Gaeilge" opens the page, then a hundred lines of menus: the title is the page's own `#`
    heading; a line naming languages is navigation, a line naming one language is not."""
    from rag.layout import is_navigation

    menus = "".join(f"* [ Topic {n} ](/en/topic-{n}/)\n" for n in range(60))
    doc = parse_document("fireworks.md", f"**English** |  Gaeilge\n\n{menus}\n#  Fireworks: the law\n\n"
                                         "##  Introduction\n\nFireworks are explosives.\n")
    assert doc.title == "Fireworks: the law"
    assert is_navigation("EN / 中文") and is_navigation("Tiếng Việt | English")
    assert not is_navigation("English") and not is_navigation("Chinese | English")


def test_a_front_matter_title_cut_off_mid_phrase_is_completed_from_the_text():
    """A site stored the title cut at a word no title ends in ("… organization and"); the section's opening line writes
    it in full. A whole title stays as it is, even where the text goes on from it."""
    cut = parse_document("hrs.md", "---\ntitle: Rights and duties of procurement organization and\n---\n"
                                   "**§327-14 Rights and duties of procurement organization and others.** (a) When a "
                                   "hospital refers an individual, the organization shall search the registry.\n")
    assert cut.title == "Rights and duties of procurement organization and others"
    whole = parse_document("fw.md", "---\ntitle: Fireworks safety rules for the public\n---\n"
                                    "Fireworks safety rules for the public are set by the fire service.\n")
    assert whole.title == "Fireworks safety rules for the public"


def test_a_scraped_page_s_menus_above_its_title_are_no_text():
    """Ten or more list items that are only links ("* [ Health ](/en/health/)") above the page's one `#` heading are
    the site's menus: the page starts at its heading. A page with a few links above its heading keeps them."""
    menus = "".join(f"  * [ Topic {n} ](/en/topic-{n}/)\n" for n in range(12))
    page = f"**English** | Gaeilge\n\n  * [ Categories ![](/images/arrow.png) ](javascript:void\\(0\\))\n{menus}\n" \
           "#  Fireworks: the law\n\n##  Introduction\n\nFireworks are explosives.\n"
    doc = parse_document("fireworks.md", page)
    assert doc.title == "Fireworks: the law" and "Topic 3" not in doc.text
    assert [c.path for c in parse_clauses(doc)] == ["Introduction"]
    few = parse_document("guide.md", "- [Fresh produce](/guidance/fresh)\n- [Live animals](/guidance/animals)\n\n"
                                     "# Import licences\n\nYou need a licence for these goods.\n")
    assert "Live animals" in few.text
