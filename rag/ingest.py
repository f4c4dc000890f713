"""Read .txt / .md / .html / .pdf / .docx files into Documents: front matter, HTML to text, metadata.

.pdf and .docx files become plain text in rag/formats.py; a PDF's text keeps its page starts
(`Document.pages`, see `page_of`)."""

from __future__ import annotations

import contextlib
import hashlib
import html
import re
import unicodedata
from datetime import datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

import yaml

from rag.htmltable import Cell, Table, span
from rag.lang import detect_lang, unligate
from rag.layout import TABLE_RULE, is_editor_mark, is_markdown_title, is_meta, is_navigation
from rag.sites import web_site
from rag.types import Document, RagError, page_of  # noqa: F401 (page_of: where it was)

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
BINARY_SUFFIXES = (".pdf", ".docx")
SUFFIXES = TEXT_SUFFIXES + BINARY_SUFFIXES
MAX_BYTES = 5 * 1024 * 1024  # a text file
MAX_BINARY_BYTES = 50_000_000  # a .pdf or .docx (their text is limited in rag/formats.py)
PAGE_BREAK = "\f"  # separates the pages of a PDF's text (rag/formats.py)

_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_LOOKS_HTML = re.compile(r"<(?:p|div|html|body|br|span|table|h[1-6]|article|section)\b", re.I)
# a Markdown or text file with only inline HTML in it (a converter's <span>s around underlined words): its lines
# are wrapped as written, tags included, so they are unwrapped before the tags go
_BLOCK_HTML = re.compile(r"<(?:p|div|html|body|br|table|tr|li|ul|ol|h[1-6]|article|section|blockquote|pre)\b", re.I)
_BLOCK_TAGS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
               "blockquote", "pre", "table", "ul", "ol", "header", "footer", "dd", "dt")
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "template", "svg",
              "form", "button", "input", "select", "textarea", "head", "nav")
_VOID_TAGS = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                        "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "isindex"))
# inline elements: a line break inside one, or between two of them ("</span>.\n<span>"), is the source's wrapping
# (Markdown a converter wrapped around its tags), not a new paragraph
_INLINE_TAGS = frozenset(("span", "u", "em", "i", "b", "strong", "a", "font", "sup", "sub", "small", "mark", "s",
                          "ins", "del", "abbr", "cite", "q"))
# a `<br>` inside a Markdown table's cell ("| a) Liquor products <br>lesser than …"): a space, or the row would be
# cut into lines that are no rows (a stray "<" before it, "<<br>", goes with it)
_TABLE_LINE = re.compile(r"(?m)^[ \t]*\|.*\|[ \t]*$")
_CELL_BREAK = re.compile(r"<?<br\s*/?>", re.I)
_SOFT_GAP = re.compile(r"[ \t]*\n[ \t]*")  # one line break, no blank line
# between two inline elements: punctuation, one line break, Markdown emphasis ("</span>.\n *<u>De")
_GAP_TEXT = re.compile(r"[.,;:!?)”’\"']*[ \t]*\n[ \t]*[*_]*")
_IMPLIED_END = frozenset(("p", "li", "dt", "dd", "tr", "td", "th", "option"))
_WIDGET_CLASS = re.compile(r"share|qr|appendqr|editor|comment|related|advert|(^|[-_])ad([-_]|$)", re.I)
_FOOTER_LINE = re.compile(r"^(责任编辑|编辑[:：]|来源[:：]|海量资讯|扫描二维码|分享到|Editor[:：])")
# a line that only draws a rule (Markdown's thematic break "---", "***", "___"; "=====" in plain text): no text
_RULE_LINE = re.compile(r"^(?:[-*_=]\s*){3,}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_LEAD_SYMBOLS = " \t\u3000\xa0◆■●▲★☆◇□○•·"
# Runs of ASCII sentence punctuation ("........" leaders) are cut to this length: the English sentence
# splitter backtracks quadratically in the length of such a run (a 1 MB line of dots never finishes).
_PUNCT_RUN = re.compile(r"[.!?]{33,}")
_MAX_PUNCT_RUN = 32

_DOC_NUMBER = re.compile(
    r"(?:(?:国|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]|商|财|署|海关|发改)"
    r"[府办发政函字令厅委部商贸财税关署]{0,4}"
    # a city's or agency's prefix: 杭政办发, 深府函, 甬政发 (a one- or two-character name, then 政/府/委/办…)
    r"|(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{1,2}[政府委办][府办发政函字令厅]{0,3}"
    r"|(?<=[\s《（(])[\u4e00-\u9fff]{1,2}[政府委办][府办发政函字令厅]{0,3}"
    # any issuer's prefix on a line of its own, the 发文字号 under a letterhead: 银发〔2012〕165号, 税总发〔2019〕1号
    r"|(?<![^\n])[\u4e00-\u9fff]{1,10}(?=〔\d{4}〕\d+号[ \t\u3000]*(?:\n|$)))〔\d{4}〕\d+号"
)
# the order number a regulation or rule is promulgated under, on its date line at the top ("2021年7月22日 国家市场
# 监督管理总局令第43号公布", "（2005年8月10日中华人民共和国国务院令第445号公布 …）"): the issuer starts after the date
# or a non-Han character; a later promulgation (a revised text) wins, an amendment's order number is an alias
_ORDER_LINE = re.compile(
    # (co-issuers before it: "商务部 海关总署公告……")
    # ("2014年1月15日以粤府令第197号公布": 以 is no part of the issuer, parser 50)
    r"(?:(?<=日)|(?<![\u4e00-\u9fff\d]))(?:以|经)?原?((?:[\u4e00-\u9fff]{2,20}[ \t\u3000]+){0,3}"
    r"[\u4e00-\u9fff]{2,20}?(?:令|公告)\s*(?:\d{4}\s*年\s*|[〔（(]\s*\d{4}\s*[〕）)]\s*)?"
    r"第\s*(?:\d{1,4}|[一二三四五六七八九十百零〇]{1,6})\s*号)\s*(公布|发布|颁布)?")
# a Markdown backslash escape of punctuation that is no Markdown structure here ("\\(b\\)", "\\[s\\]hould", "1\\."): the
# character itself; "\\#", "\\*", "\\_", "\\-", "\\+", "\\>" and "\\`" stay escaped, as the layout reads those
_MD_ESCAPE = re.compile(r"\\([()\[\]{}.!:;,\"'$%&@?/|~^=])")
# a backslash ending a line: CommonMark's hard line break ("**How long does it take?**\"), no character of the text
_MD_HARD_BREAK = re.compile(r"(?<=\S)\\(?=[ \t]*\r?\n)")
# Markdown italics inside a line ("the *de minimis* exemption", "General Provisions*.*"; wrapped: "*De\nMinimi*"):
# the words. A starred run opening a line ("**Article 3**", "*Chapter 1*") is left: the layout reads it as a heading
_MD_ITALIC = re.compile(r"(?:(?<=[^*\\])|^)\*(?![\s*])((?:[^*\n]|\n(?![ \t]*\n))+?)(?<![\s*\\])\*(?![*\w])")
_MD_BOLD_NUMBER = re.compile(r"(?m)^\*\*(\([0-9A-Za-z]{1,5}\))\*\*[ \t]*$")  # a bill's "**(1)**" line: the number (1)
_MD_JOINED_ITALICS = re.compile(r"(?<=[A-Za-z])\*\*(?=[a-z])")  # "*De Minimi**s*": two italic runs in one word
# bold inside a line that holds more than it ("**REBALANCING TRADE:** This week …", "the **negative list** of …"): the
# words. A line that is all bold ("**CHINESE ACTIONS:**", "**Article 3**") is left: the layout reads it as a heading
_MD_BOLD = re.compile(r"\*\*(?=\S)([^*\n]{0,199}?\S)(\s?)\*\*")  # ("**…CHAINS: **This": its space kept)
# a Markdown link ("[the SAFE website](https://…)", with or without a "title"): its words. An image (![…](…)) is left
# (its words may wrap onto the next line, bold and all: "[**China travel tips\n**](/china-travel-tips)")
# (a target the text's wrapping broke after a hyphen or a slash, "](https://eur-\nlex.europa.eu/…)", is one
# target: parser 49)
# (and words wrapped before the closing bracket, "[ Criminal Justice\nAct 1994 Section 38(1)\n](http://…)": parser 49)
# (and words on lines of their own, the bracket ending the line before: "[\nJuries Act 1976\n](http://…)"; a target
# with a space in a file's name, wrapped there or not, "(https://…/Jury\nBooklet_Combined_Final.pdf/pdf#view=fitH)":
# parser 60)
_MD_LINK = re.compile(r"(?<![!\\])\[(\n?[^\[\]\n]+(?:\n[^\[\]\n]+)?\n?)\]\((?:[^()\s]|\([^()\s]*\)|"
                      r"(?<=[-/])\n(?=[^\s()])|[ \n](?=[^\s()\"]+\)))+(?:[ \t]+\"[^\"\n]*\")?\)")
# a bold mark a formatter broke over a line wrap, one star at the end of a line and one at the start of the next
# ("Cost: 35 CNY. *" / "*Time:** ~20 mins.", "[*" / "*expat SIM card guide**](…)"): the mark, on the next line
_SPLIT_BOLD = re.compile(r"(?<=[ \t\[])\*\n([ \t]*)\*(?=[^\s*])")
_WRAPPED_BOLD = re.compile(r"^\*\*(?=\S)([^*]+?)\s*\*\*$")


def _link_words(m) -> str:
    """A link's words; bold all through, as the words without the marks ("**China travel tips\n**")."""
    words = m.group(1)
    bold = _WRAPPED_BOLD.fullmatch(words.strip()) if "\n" in words else None
    # the words without the padding a converter puts inside the brackets ("[ revenue website ](…) ."), keeping a
    # space the link stood for ("[$50 or\nmore ](…)per night")
    text, string = (bold.group(1) if bold else words.strip()), m.string
    before = " " if words[:1].isspace() and m.start() > 0 and not string[m.start() - 1].isspace() else ""
    after = " " if words[-1:].isspace() and m.end() < len(string) and not string[m.end()].isspace() else ""
    return before + text + after


# a character reference in a Markdown text or a front-matter title ("China&#39;s", "R&amp;D"): the character it stands
# for, as a Markdown renderer shows it (only with its semicolon: "AT&T" and "&c" are words)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MD_ALL_BOLD_LINE = re.compile(r"[ \t]*\*\*[^*\n]+\*\*[ \t]*[:：.]?[ \t]*")  # (a bulleted one is an item: its words)
# a line all bold that may be a sentence, not a heading ("**All refunds are processed by the operator, not by
# customs.**")
_MD_BOLD_SENTENCE = re.compile(r"[ \t]*\*\*((?:[^*\s]+[ \t]+){5,}[^*\s]+|(?=[^*\n]*[\u4e00-\u9fff])[^*\n]{15,})[.。!！]\*\*[ \t]*")
# a Kramdown attribute list after a link or a paragraph ('touristrefund.sg{:target="_blank"}'): no text
_MD_ATTRIBUTES = re.compile(r"\{:[^{}\n]{0,200}\}")
# …or Pandoc's after a heading or a span ("## 第一章 总则{align=\"center\"}", "{#intro .lead}"): no text (parser 50)
_PANDOC_ATTRIBUTES = re.compile(r"\{(?:[#.][\w-]+|[A-Za-z][\w-]*=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s{}]+))"
                                r"(?:[ \t]+(?:[#.][\w-]+|[A-Za-z][\w-]*=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s{}]+)))*\}")
# the directives of a Markdown site generator, each alone on its line, which frame or build the page and say nothing
# (parser 50): a container's fence with its kind and label ("::: tip 修订信息", "::: details 目录", ":::", Pandoc's
# "::: {.note}"), a tab's label ("@tab 章节") and a table-of-contents directive ("[[toc]]", "[TOC]")
_MD_DIRECTIVE = re.compile(r"(?im)^[ \t]*(?::{3,}[^\n]*|@tab\b[^\n]*|\[\[?toc\]\]?)[ \t]*$")
# a Liquid template's tags (a Jekyll page's source): a comment with what it hides ("{% comment -%} (a) {%- endcomment
# -%}", letters the published page does not show) and any other tag ("{% include accordion.html %}"), which build the
# page and say nothing (parser 57); an output tag ("{{site.contact.tollfree}}") stands for words and is kept
_LIQUID_COMMENT = re.compile(r"\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}[ \t]*", re.S)
_LIQUID_TAG = re.compile(r"\{%-?[^%\n]{0,300}?-?%\}[ \t]*")
# an output tag naming a field of the page's own front matter ("{{ page.title }}" over "title: 280.06  MONARCH
# TREES."): its value, as the published page shows it; an output tag alone on its line with no such field ("{{ top
# }}", a back-to-top link; "{{ Articles 18 to 29 }}", a link to other pages) builds the page and is dropped (parser 59)
_LIQUID_PAGE_FIELD = re.compile(r"\{\{-?\s*page\.([A-Za-z_]\w*)\s*(?:\|[^}\n]*)?-?\}\}")
_LIQUID_OUTPUT_LINE = re.compile(r"(?m)^[ \t]*\{\{[^{}\n]{1,200}\}\}[ \t]*$")
# an item of a numbered Markdown list indented under an item of another ("4. “Fireworks” means:" then "    1. …",
# "    2. …"): the outer item's own list, numbered "(1)", "(2)" as the parser nests them (read flat, its 1. and 2.
# would be the outer list's and merge with them: parser 57)
_MD_ORDERED_ITEM = re.compile(r"(?P<indent>[ \t]*)(?P<num>\d{1,2})[.)](?P<gap>[ \t]+(?=\S)|[ \t]*$)")  # (or empty: "5.")
_INDENT_STEP = 2  # spaces (a tab is four) an item is indented past the one it is under


def _indent(spaces: str) -> int:
    return len(spaces.replace("\t", "    "))


def _nested_numbers(body: str) -> str:
    """A Markdown text with each numbered list nested one level under a numbered item (indented past it, with only
    its own lines, blank lines or deeper lines between) numbered "(1) …" instead of "1. …"; a list nested deeper is
    text of the item it is under, its numbers written "1)" (which number no clause)."""
    lines = body.split("\n")
    outer: int | None = None  # the indent of the open numbered item at the list's first level
    inner: int | None = None  # ...and of the items of the list under it
    blank = False  # whether a blank line came before this one
    for i, line in enumerate(lines):
        if not line.strip():
            blank = True
            continue
        after_blank, blank = blank, False
        m = _MD_ORDERED_ITEM.match(line)
        width = _indent(line[:len(line) - len(line.lstrip(" \t"))])
        if m and (outer is None or width < outer + _INDENT_STEP):
            outer, inner = width, None  # an item of the first level (or of a new list)
        elif m and (inner is None or width < inner + _INDENT_STEP):
            inner = width if inner is None else inner
            lines[i] = f"{m.group('indent')}({m.group('num')}){m.group('gap')}{line[m.end():]}"
        elif m:  # deeper still: the words of the item it is under (numbered flat, they would be the outer list's)
            lines[i] = f"{m.group('indent')}{m.group('num')}){m.group('gap')}{line[m.end():]}"
        elif outer is not None and width <= outer and after_blank:
            outer = inner = None  # a paragraph back at the list's margin (or left of it) ends the list (a line
            # right after an item's is its text run on, as a hard-wrapped Markdown file writes it)
    return "\n".join(lines)


# a scraped page's chrome above its title: its menus, list items that are only a link ("* [ Health ](/en/health/)",
# "* [ Categories ![](/images/arrow.png) ](javascript:void\(0\))"), this many or more before its one `#` heading, which
# the page's text starts at (parser 57)
_MENU_ITEM = re.compile(r"(?m)^[ \t]*[-*+][ \t]+\[(?:[^\[\]\n]|!\[[^\]\n]*\]\([^)\n]*\))*\]\((?:[^()\s]|\\[()]|\([^)\n]*\))*"
                        r"(?:[ \t]+\"[^\"\n]*\")?\)[ \t]*$")
_MENU_ITEMS = 10
_H1 = re.compile(r"(?m)^#[ \t]+\S")


def _without_chrome(body: str) -> str:
    """A Markdown page from its one `#` heading on when the lines above it hold a site's menus (see _MENU_ITEM)."""
    heads = list(_H1.finditer(body))
    if len(heads) != 1 or heads[0].start() == 0:
        return body
    above = body[:heads[0].start()]
    return body[heads[0].start():] if len(_MENU_ITEM.findall(above)) >= _MENU_ITEMS else body


# a heading underlined (Setext): "Applying for an IRD number" over "-----", a page's title over "=====" (parser 50)
_SETEXT = re.compile(r"(?m)^(?![ \t]*(?:[-*+>|#]|\d+[.)][ \t]))([^\n|]{1,150}?\S)[ \t]*\n[ \t]{0,3}(=+|-{3,})[ \t]*$")
# a line that goes on with the sentence of the line before (a link on its own line broke it: "If you're an
# [offshore person](…)" / ", you may need to …"): joined to it (parser 50)
_CONTINUED = re.compile(r"[ \t]*\n[ \t]*(?=[,;:)，；：）]|\.(?:\s|$))")
# a disclosure widget in a Markdown page ("<details>", "<summary>Click to expand the list of all these 24
# provinces</summary>", "</details>"): its tags are no text, nor a summary that only tells the reader to click
# (parser 51)
_MD_DETAILS = re.compile(r"(?i)<summary\b[^>\n]*>\s*(?:click|tap|expand|show|view|展开|点击|查看)[^<\n]*</summary>|"
                         r"</?(?:details|summary)\b[^>\n]*>")
# a link without words ("[](/api/glossary/item?id={D699…})"): nothing; also a share button's, its bracket closing
# on the next line and its target wrapped after a hyphen ("[\n](https://facebook.com/sharer/…/jury-\nservice/…)", "[
# ](javascript:void\(0\))": parser 60)
_MD_EMPTY_LINK = re.compile(r"(?<!!)\[\s*\]\((?:[^()\s\\]|\\[()]|(?<=[-/])\n(?=[^\s()]))*\)")
# bold over a hard line break inside a paragraph ("apply for a **residence permit\nwithin 30 days** after entry")
_MD_BOLD_WRAPPED = re.compile(r"(?<![*\w])\*\*(?=\S)([^*\n]{1,199}\n[^*\n]{0,199}?\S)\*\*(?![*\w])")
_OPENING = 1500  # characters at the top of a document where its promulgation lines stand
_CLOSING = 3000  # characters at the end of a web page where its "Page edited" or "Last updated" line stands
_HEADER = 400  # characters at the top holding an order's or a notice's header lines (number, signature, date)
_PUB_DATE = re.compile(r"发布日期[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")
# a date line among an English text's opening metadata ("- Introduced: 2025-01-24", "Date: 2024-05-14"; not "Date
# accessed: …")
_EN_META_DATE = re.compile(r"(?im)^[-*]?[ \t]*(?:date|dated|published|publication date|introduced|issued|signed)[ \t]*"
                           r"[:：][ \t]*(\d{4})-(\d{1,2})-(\d{1,2})\b")
# the same in words ("Last reviewed - 03 January 2025", "Updated: March 5, 2024")
# (and a web page's closing "Page edited: 9 January 2024", "_Last updated: …_", read in its last _CLOSING
# characters when its opening has no date: parser 49)
_EN_META_WORD_DATE = re.compile(r"(?im)^[-*_]?[ \t]*(?:date|dated|published|publication date|issued|signed|updated|"
                                r"last updated|last reviewed|last modified|page (?:last )?(?:edited|updated|reviewed))"
                                r"[ \t]*(?:[:：]|[-–—][ \t])[ \t]*"
                                r"(?:(\d{1,2})[ \t]+([A-Z][a-z]+)|([A-Z][a-z]+)[ \t]+(\d{1,2}),?)[ \t]+(\d{4})\b")
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
# the date a notice was printed and sent, in its closing lines (印发日期: "中国人民银行办公厅 2012 年 6 月 29 日印发")
# (a printed page's number may follow on the line: "2012年7月31日印发— 12 —", parser 49)
_PRINTED_ON = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*印发[ \t\u3000]*"
                         r"(?:[—–－-]{1,2}[ \t\u3000]*\d{1,4}[ \t\u3000]*[—–－-]{1,2}[ \t\u3000]*)?$", re.M)
# a date on a line of its own at the top: the date an order or notice was signed (成文日期), under the signature,
# above the text ("《…办法》已经2021年11月18日…会议审议通过" is the meeting's)
_CN_DATE_LINE = re.compile(r"(?m)^[ \t\u3000]*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[ \t\u3000]*$")
# front-matter keys that date a page, the publication's first ("published: true" is Isomer's flag, no date)
_FRONT_DATE_KEYS = ("date", "pubDate", "publishDate", "published_time", "published", "publication_date",
                    "publish", "publish_date", "date_published", "issue_date", "issued", "release_date",
                    "updated", "lastmod", "modified_time", "last_modified")
# the front-matter keys that name who issued a text ("office: 三亚市人民代表大会常务委员会" on a law database's page)
_FRONT_ISSUER_KEYS = ("issuer", "author", "office", "issued_by", "agency", "department", "publisher")
_CN_DIGITS = "〇一二三四五六七八九"
_ISSUER = re.compile(
    r"([\u4e00-\u9fff]{0,12}?(?:人民政府办公厅|人民政府|国务院办公厅|国务院))\s*"
    r"(?:\d{4}年|[〇○零一二三四五六七八九]{4}年)"
)


def _front_text(value) -> str:
    """A front-matter value as text: a list of names ("author: [商务部, 海关总署]") joined, a mapping or nothing as ""."""
    if isinstance(value, (list, tuple)):
        return " ".join(str(v).strip() for v in value if isinstance(v, (str, int, float)) and str(v).strip())
    return str(value).strip() if isinstance(value, (str, int, float)) else ""


# a header line giving the date and the body that published the text, alone on its line
_DATED_PUBLISHER = re.compile(r"^[ \t（(]*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[ \t\u3000]*"
                              r"([\u4e00-\u9fff]{2,30}?(?:部|委员会|总局|总署|局|院|署|办公厅|政府|银行|会))[ \t\u3000]*"
                              r"(?:公布|发布|印发)[ \t）)]*$", re.M)


def read_text(path: Path) -> str:
    """Read a file as text; refuse missing, oversized, binary or non-UTF-8 files clearly.

    A .pdf or .docx file is converted to plain text (a PDF's pages separated by PAGE_BREAK)."""
    if not path.exists():
        raise RagError(f"no such file: {path}")
    if not path.is_file():
        raise RagError(f"not a file: {path}")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        hint = "; save it as .docx" if suffix == ".doc" else ""
        raise RagError(f"unsupported file type {path.suffix or '(none)'!r}: use {', '.join(SUFFIXES)}{hint}")
    limit = MAX_BINARY_BYTES if suffix in BINARY_SUFFIXES else MAX_BYTES
    size = path.stat().st_size
    if size > limit:
        raise RagError(f"{path.name} is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RagError(f"cannot read {path}: {exc.strerror or exc}") from None
    if suffix in BINARY_SUFFIXES:
        from rag.formats import extract_text

        return extract_text(raw, path.name, suffix)
    return decode(raw, path.name)


def decode(raw: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; refuse anything else."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise RagError(f"{name}: broken UTF-16 text") from None
        if "\x00" in text:  # a binary file that happens to start with a byte-order mark
            raise RagError(f"{name} looks like a binary file (it contains NUL characters), not text")
        return text
    if b"\x00" in raw:
        raise RagError(f"{name} looks like a binary file (it contains NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RagError(
            f"{name} is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8 and retry"
        ) from None


_YAML_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError)  # what YAML raises on a bad block


def split_front_matter(text: str) -> tuple[dict, str]:
    """Split YAML front matter from the body; malformed front matter is kept as body text."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1))
    except _YAML_ERRORS:
        meta = _loose_front_matter(m.group(1))  # `description: Two limits apply: ¥20,000 …`
    if not isinstance(meta, dict):
        return {}, text
    return {str(k): v for k, v in meta.items()}, text[m.end():]


_FRONT_KEY = re.compile(r"([A-Za-z_][\w-]{0,40})[ \t]*:(?:[ \t]+(.*?))?[ \t]*")


def _loose_front_matter(block: str) -> dict | None:
    """Front matter YAML cannot read because a plain value holds ": " (`description: Two ceilings: the renminbi
    …`), as static-site generators write it: each `key: value` entry read on its own, a value YAML cannot read
    taken as the text it is. None (the block is body text) when a line is no entry or continuation, or a value
    that fails opens a YAML collection or quote (`title: [unclosed`) or is a date that is none (2020-02-30)."""
    entries: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if entries and (not line.strip() or line[:1] in " \t" or line.startswith("- ")):
            entries[-1][1].append(line)
        elif m := _FRONT_KEY.fullmatch(line):
            entries.append((m.group(1), [line]))
        elif not line.strip() or line.lstrip().startswith("#"):
            continue
        else:
            return None
    meta: dict = {}
    for key, lines in entries:
        try:
            value = yaml.safe_load("\n".join(lines))
        except _YAML_ERRORS:
            raw = _FRONT_KEY.fullmatch(lines[0]).group(2) or ""
            if len(lines) > 1 or raw[:1] in "[{\"'|>&*!%@`" or re.fullmatch(r"\d{4}-\d\d-\d\d", raw):
                return None
            value = {key: raw}
        if not isinstance(value, dict):
            return None
        meta.update(value)
    return meta or None


MAX_HTML_DEPTH = 1000  # open elements; real pages nest a few dozen deep


class _TextExtractor(HTMLParser):
    """One pass over the tags (no tree): text outside dropped elements, a newline around each block.

    Linear in the input at any depth. An end tag closes the most recent open element of its name (and
    everything opened inside it); one with no open element is ignored; a `<p>`/`<li>`/`<tr>`… start closes
    an open element of the same name just above it, as browsers do, so sloppy pages do not nest without end."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, dropped)
        self.open: dict[str, int] = {}  # tag -> how many are open
        self.skipping = 0  # open dropped elements
        self.inline = 0  # open inline elements
        self.gap: int | None = None  # index in `out` of the text right after an inline element's end tag
        self.lists: list[str] = []  # the open lists (`ol`, `ul`), innermost last
        self.tables: list[Table] = []  # the open tables, innermost last (rag/htmltable.py)
        self.cells: list[tuple[int, Cell]] = []  # the open cells: (index in `out` where its text starts, cell)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            if tag == "br" and not self.skipping:
                self.out.append("\n")
            return
        if tag in _INLINE_TAGS and self.gap is not None and self.gap < len(self.out):
            # "</span>.\n<span>": the line break between two inline elements is wrapping
            self.out[self.gap] = _SOFT_GAP.sub(" ", self.out[self.gap], count=1)
        self.gap = None
        if tag in _IMPLIED_END and self.open.get(tag) and self._implied(tag):
            self.handle_endtag(tag)
        values = dict(attrs)
        marks = " ".join((values.get("class") or "").split()) + " " + (values.get("id") or "")
        dropped = tag in _DROP_TAGS or (tag not in ("body", "html") and bool(_WIDGET_CLASS.search(marks)))
        if len(self.stack) >= MAX_HTML_DEPTH:
            line = self.getpos()[0]
            raise RagError(f"{self.name} nests HTML elements more than {MAX_HTML_DEPTH:,} levels deep "
                           f"(line {line:,}); no real page does: flatten it or save it as text")
        self.stack.append((tag, dropped))
        self.open[tag] = self.open.get(tag, 0) + 1
        self.inline += tag in _INLINE_TAGS
        if tag in ("ol", "ul"):
            self.lists.append(tag)
        if not dropped and not self.skipping:
            self._table_start(tag, values)
        if dropped:
            self.skipping += 1
        elif tag in _BLOCK_TAGS and not self.skipping:
            self.out.append("\n")
            if tag == "li" and self.lists:  # a list's items keep their bullets: read with the line that leads
                self.out.append("- ")  # into them ("… additional requirements for invoices for:"), not each alone

    def _implied(self, tag: str) -> bool:
        """True when an open `tag` lies under only a few inline elements (`<p>a<b>b<p>`): the new one ends it."""
        for name, dropped in reversed(self.stack[-8:]):
            if name == tag:
                return True
            if dropped or name in _BLOCK_TAGS:
                return False
        return False

    def handle_endtag(self, tag: str) -> None:
        if not self.open.get(tag):
            return
        self.gap = None
        while self.stack:
            name, dropped = self.stack.pop()
            self.open[name] -= 1
            self.inline -= name in _INLINE_TAGS
            if name in ("ol", "ul") and self.lists:
                self.lists.pop()
            if not dropped and not self.skipping:
                self._table_end(name)
            if dropped:
                self.skipping -= 1
            elif name in _BLOCK_TAGS and not self.skipping:
                self.out.append("\n")
            if name == tag:
                self.gap = len(self.out) if tag in _INLINE_TAGS else None
                return

    def _table_start(self, tag: str, values: dict[str, str | None]) -> None:
        """A table, a cell of the innermost one, or a block inside an open cell (which makes it a layout cell)."""
        if self.cells and tag in _BLOCK_TAGS and tag != "tr":
            self.cells[-1][1].blocks = True
        if tag == "table":
            self.tables.append(Table())
        elif tag in ("td", "th") and self.tables:
            self.cells.append((len(self.out), Cell("", span(values.get("rowspan")), span(values.get("colspan")))))

    def _table_end(self, tag: str) -> None:
        """A cell's text goes into its row; a row's end writes the row; a table's end forgets the table."""
        if tag in ("td", "th") and self.cells:
            start, cell = self.cells.pop()
            cell.text = "".join(self.out[start:])
            del self.out[start:]
            self.gap = None
            self.tables[-1].row.append(cell)
            if self.cells:  # a cell inside a cell's table: the outer cell holds a table
                self.cells[-1][1].blocks = True
        elif tag in ("tr", "table") and self.tables:
            self.out.append(self.tables[-1].end_row())
            if tag == "table":
                self.tables.pop()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID_TAGS:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.inline and "\n" in data:  # a line break inside an inline element is wrapping
            data = _SOFT_GAP.sub(" ", data)
        if self.gap == len(self.out) and not _GAP_TEXT.fullmatch(data):
            self.gap = None
        self.out.append(data)

    def close(self) -> None:
        super().close()
        while self.stack:
            self.handle_endtag(self.stack[-1][0])


def html_to_text(html: str, name: str = "the HTML document") -> str:
    """Turn HTML into plain text with one block per line, dropping scripts, widgets and footers.

    Linear in the size of the page; nesting deeper than MAX_HTML_DEPTH is refused with a RagError."""
    parser = _TextExtractor(name)
    parser.feed(html)
    parser.close()
    return _EMPTY_ITEM.sub("", "".join(parser.out))


_EMPTY_ITEM = re.compile(r"(?m)^[ \t]*- [ \t]*$")  # a list item with no text (only an image or a dropped widget)


def clean_lines(text: str) -> str:
    """Normalise text: NFC, Latin ligatures as letters, no control characters, trimmed lines, no blank lines, rules
    or footers."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = unligate(text)  # a PDF's ligatures ("ﬁne", "speciﬁed") as their letters
    text = _CONTROL.sub("", text.replace("\t", " "))
    text = _PUNCT_RUN.sub(lambda m: m.group(0)[:_MAX_PUNCT_RUN], text)
    lines = []
    for line in text.split("\n"):
        line = line.strip().lstrip(_LEAD_SYMBOLS).strip()
        if line and not _FOOTER_LINE.match(line) and not _RULE_LINE.match(line) and not TABLE_RULE.match(line):
            lines.append(line)
    return "\n".join(lines)


def _iso(y: str, m: str, d: str) -> str:
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def _cn_year(s: str) -> str:
    return "".join(str(_CN_DIGITS.index(c)) if c in _CN_DIGITS else ("0" if c in "○零" else c) for c in s)


def _front_date(value: object) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    s = str(value)
    m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        return _iso(*m.groups())
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


# an issuer's letterhead (发文机关标志) above the 文号: "中国人民银行文件", "国务院办公厅文件"; the title comes after the number
_LETTERHEAD = re.compile(r"([\u4e00-\u9fff（）()、]{2,40}?)\s*文件")
_BRACKETED_TITLE = re.compile(r"[（(《]([^（）()《》]{4,80})[）)》]")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")  # ![Aviation, Spacecraft, and Related Parts](images/chap4.png)
_EMPHASIS_ONLY = re.compile(r"(\*\*|__)(.+?)\1")  # **Railway Industry**


# a language switcher or a menu on a page's first line ("**English** |  Gaeilge", "繁體 | 简体 | English"): short
# items between bars, no title
_NAV_ITEM = re.compile(r"\s*(?:\S+(?:\s+\S+){0,2})?\s*")
_MD_LINK_TEXT = re.compile(r"\[\s*([^\]]*?)\s*\]\([^)]*\)")
_MD_HEADING_1 = re.compile(r"^#\s+(\S.*?)\s*#*\s*$")


def _navigation(line: str) -> bool:
    """True for a line of two or more short items between bars (a page's language switcher or menu)."""
    items = _MD_LINK_TEXT.sub(r"\1", line.replace("**", "").replace("__", "")).split("|")
    return len(items) >= 2 and all(_NAV_ITEM.fullmatch(item) for item in items) and any(i.strip() for i in items)


def extract_title(text: str, numbers: list[str]) -> str:
    """Guess a title (after any editor's mark, "[DRAFT]"): the text before 发布日期, the lines before a lone 文号
    line, or line one unless it reads as body text, is a Markdown image, or is a bold line like others further down
    (a section's heading: "**Railway Industry**" before "**Metro Industry**"); "" then. A bold line alone loses its
    asterisks."""
    lines = text.split("\n")
    while len(lines) > 1 and (not lines[0].strip() or is_editor_mark(lines[0])):  # "[REVIEW_NEEDED]" above the title
        lines = lines[1:]
    # the page's own heading further down, not its language switcher or its "Skip to main content" link
    if lines and (_navigation(lines[0]) or is_navigation(lines[0])):
        # (however far down: a scraped page's menus may fill its first hundred lines)
        heading = next((m.group(1) for line in lines[1:] if (m := _MD_HEADING_1.match(line))), None)
        if heading:
            return heading
    first = re.sub(r"^#{1,6}\s+|\s+#+\s*$", "", lines[0]) if lines else ""  # ("## Title ##": its closing #s too)
    if "发布日期" in first[:200]:
        return first.split("发布日期", 1)[0].strip()
    own = numbers[0] if numbers and first.startswith(numbers[0]) else ""
    if own and (m := _BRACKETED_TITLE.fullmatch(first[len(own):].strip())):
        return m.group(1)  # "中国人民银行令〔2021〕第7号（动产和权利担保统一登记办法）": the order's own heading
    for i, line in enumerate(lines[:8]):
        if numbers and line.strip() == numbers[0] and i > 0:
            if _LETTERHEAD.fullmatch("".join(lines[:i]).strip()) and i + 1 < len(lines) \
                    and lines[i + 1].strip() and not _sentence_like(lines[i + 1]):
                return lines[i + 1].strip()  # "中国人民银行文件 / 银发〔2012〕165号 / 中国人民银行关于……的通知"
            # (the title's lines, not a promulgation date or a tool's comment between them and the number)
            return "".join(re.sub(r"^#{1,6}\s+", "", line).strip() for line in lines[:i] if not is_meta(line))
    if _MD_IMAGE.fullmatch(first.strip()) or _first_of_numbered(lines):
        return ""
    if bold := _EMPHASIS_ONLY.fullmatch(first.strip()):
        return "" if any(_EMPHASIS_ONLY.fullmatch(line.strip()) for line in lines[1:]) else bold.group(2).strip()
    if is_markdown_title(lines[0]):
        return first.strip()
    if (run_on := _TITLE_THEN_ADDRESSEES.match(first)) and len(first) > 60:  # "……关于……的通知中国人民银行上海总部，
        return run_on.group(1)  # 各分行……：": the title and the addressees on one line, with no break between
    return "" if _sentence_like(first) else first


# a numbered part's heading ("## Article 18 - Claims for …", "**第一章 总则**", "一、总则"): its number and kind
_NUMBERED_HEADING = re.compile(r"(?:#{1,6}\s+)?(?:\*\*|__)?\s*(?:(Article|Section|Chapter|Part|Rule)\s+"
                               r"(\d{1,3}|[IVXL]{1,6})\b|第([一二三四五六七八九十百零〇\d]{1,5})([编章节条])|([一二三四五六七八九十]{1,3})、)", re.I)


def _first_of_numbered(lines: list[str]) -> bool:
    """True when line one is the heading of a numbered part that has a sibling further down ("Article 18 - …" over
    "Article 19 - …"): an extract that starts at its first part has no title line of its own."""
    first = _NUMBERED_HEADING.match(lines[0].strip()) if lines else None
    if not first:
        return False
    kind = (first.group(1) or first.group(4) or "、").lower()
    for line in lines[1:]:
        m = _NUMBERED_HEADING.match(line.strip())
        if m and (m.group(1) or m.group(4) or "、").lower() == kind and m.group(0) != first.group(0):
            return True
    return False


# a notice's title ("…关于…的通知") run into its addressees on one line, which ends in the colon that heads the text
_TITLE_THEN_ADDRESSEES = re.compile(r"([^，。；：:]{0,80}?关于[^。；：:]{2,80}?的(?:通知|意见|决定|公告|通告|批复|复函|函|规定|办法))"
                                    r"(?=[^。]{2,}[：:]\s*$)")


def _sentence_like(line: str) -> bool:
    """A line that reads as body text, not as a title: long, or a full sentence."""
    return len(line) > 120 or (len(line) > 60 and line.rstrip().endswith((".", "。", "!", "?", "！", "？")))


def name_title(meta: dict, doc_id: str) -> str:
    """A title from where the document lives: its page address in the front matter (permalink/slug:
    'china/import-tariffs.html' -> "Import Tariffs"), else its file name."""
    for key in ("permalink", "slug", "url"):
        value = str(meta.get(key) or "").strip().strip("/")
        if value:
            stem = Path(value.split("/")[-1]).stem
            break
    else:
        stem = Path(doc_id).stem
        stem = re.sub(r"^\d+_|_[0-9a-f]{16}$", "", stem)  # 001_74f300c54dbf5e13.txt: the corpus' own naming
    words = re.sub(r"[_\-]+", " ", stem).split()
    small = {"and", "or", "of", "the", "on", "in", "to", "for", "a", "an"}
    return " ".join(w.upper() if w.lower() in _NAME_ACRONYMS else w if (i and w in small) or not w.isascii()
                    else w[:1].upper() + w[1:] for i, w in enumerate(words)) or doc_id


# abbreviations a file name writes in lower case that its title writes in capitals ("uk_japan_cepa_…")
_NAME_ACRONYMS = frozenset("uk us usa eu un wto fta epa cepa vat gst prc hs rmb fdi sme faq cbp".split())


def clean_pages(raw_text: str) -> tuple[str, tuple[int, ...]]:
    """Clean a PDF's text page by page; return the text and the offset at which each page starts.

    Pages are separated by PAGE_BREAK. When neither side of a break has a newline the page continues the
    line of the page before, with a space when one stands next to the break (see rag/formats.py)."""
    parts = raw_text.split(PAGE_BREAK)
    strength = ("", " ", "\n")
    text, starts, pending = "", [], ""
    for i, part in enumerate(parts):
        if i:
            prev = parts[i - 1]
            brk = ("\n" if prev.endswith("\n") or part.startswith("\n")
                   else " " if prev[-1:].isspace() or part[:1].isspace() else "")
            pending = max(pending, brk, key=strength.index)  # an empty page in between keeps the stronger
        cleaned = clean_lines(part)
        if cleaned and text:
            text += pending
        if cleaned:
            pending = ""
        starts.append(len(text))
        text += cleaned
    return text, tuple(starts)


def parse_document(doc_id: str, raw_text: str, fingerprint: str = "") -> Document:
    """Build a Document from decoded file text (or the text rag/formats.py made of a .pdf / .docx)."""
    kind = Path(doc_id).suffix.lower()
    pages: tuple[int, ...] = ()
    if kind in BINARY_SUFFIXES:  # no front matter, no HTML: the text is what the file says
        meta, body = {}, raw_text
    else:
        meta, body = split_front_matter(raw_text)
        if kind not in (".html", ".htm") and "|" in body and "<" in body:
            body = _TABLE_LINE.sub(lambda m: _CELL_BREAK.sub(" ", m.group(0)), body)
        if _LOOKS_HTML.search(body) or kind in (".html", ".htm"):
            if kind not in (".html", ".htm") and not _BLOCK_HTML.search(body):
                from rag.formats import unwrap_text

                body = unwrap_text(body)
            body = html_to_text(body, doc_id)
    if kind == ".pdf":
        text, pages = clean_pages(body)
    elif kind in BINARY_SUFFIXES:
        text = clean_lines(body)
    else:  # a text file may be hard-wrapped: each paragraph on one line again
        from rag.formats import unwrap_text

        if kind == ".md":
            body = _markdown_inline(_liquid_output(body, meta) if "{{" in body else body)
        text = clean_lines(unwrap_text(body))
    if not text.strip():
        raise RagError(f"{doc_id} has no text to index")
    numbers = list(dict.fromkeys(m.group(0) for m in _DOC_NUMBER.finditer(text)))
    numbers = _with_order_numbers(text, numbers)
    own = next((n for n in numbers if not _cited_only(text, n)), None)  # (not the opinion it cites first)
    title = (_completed(_unescape(str(meta.get("title") or "")).strip(), text) or extract_title(text, numbers)
             or name_title(meta, doc_id))
    date = next(filter(None, (_front_date(meta.get(key)) for key in _FRONT_DATE_KEYS)), None)
    if date is None and (m := _PUB_DATE.search(text) or _EN_META_DATE.search(text[:_OPENING])
                         or _CN_DATE_LINE.search(text[:_HEADER]) or _PRINTED_ON.search(text[-_HEADER:])
                         or _CN_DATE.search(text)):
        date = _iso(*m.groups())
    if date is None and (m := _EN_META_WORD_DATE.search(text[:_OPENING])
                         or _EN_META_WORD_DATE.search(text[-_CLOSING:] if len(text) > _OPENING else "")):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        with contextlib.suppress(ValueError):  # (not a month's name, or no such day)
            date = datetime.strptime(f"{day} {month} {m.group(5)}", "%d %B %Y").date().isoformat()
    issuer = next(filter(None, (_front_text(meta.get(key)) for key in _FRONT_ISSUER_KEYS)), None)
    if not issuer and (m := _ISSUER.search(text)):
        issuer = m.group(1)
    if not issuer and (m := _LETTERHEAD.fullmatch(text.split("\n", 1)[0].strip())):
        issuer = m.group(1)  # "中国人民银行文件": 中国人民银行
    if not issuer and (m := _DATED_PUBLISHER.search(text[:_HEADER])):
        issuer = m.group(1)  # "2019年2月5日 中华人民共和国交通运输部公布": 中华人民共和国交通运输部
    return Document(
        doc_id=doc_id,
        text=text,
        lang=detect_lang(text),
        title=title,
        doc_number=str(meta.get("doc_number") or "") or own,
        issuer=str(issuer) if issuer else None,
        date=date,
        aliases=tuple(n for n in numbers if n != own),
        fingerprint=fingerprint,
        pages=pages,
        site=web_site(meta, raw_text),
    )


# a title cut off mid-phrase by the site that stored it: its last word is one no title ends in ("Rights and duties of
# procurement organization and", "… before donor's") (parser 57)
_CUT_TITLE_END = re.compile(r"(?:\s(?:and|or|of|the|a|an|to|for|in|on|with|by|from|before|after|under|upon|at|as|"
                            r"nor|but|between|into|than|that|which)|['’]s)$", re.I)
_OPENING_TITLE = 600  # characters of the text the whole title is looked for in


def _completed(title: str, text: str) -> str:
    """A front matter's title cut off mid-phrase (see _CUT_TITLE_END) as the text's opening writes it in full, up to
    the full stop after at most six more words ("… procurement organization and others."); the title as it is when
    the text does not go on from it so."""
    if len(title.split()) < 4 or not _CUT_TITLE_END.search(title):
        return title
    m = re.search(re.escape(title) + r"((?:[ \t]+[^\s.]+){1,6})\.(?:\s|$)", text[:_OPENING_TITLE])
    return title + m.group(1) if m else title


def _unescape(text: str) -> str:
    """Character references (see _ENTITY) as the characters they stand for."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text) if "&" in text else text


# a Markdown blockquote's marks at a line's start ("> ", ">> "), and a GitHub alert's label line in one ("> [!TIP]")
_MD_QUOTE = re.compile(r"^[ \t]{0,3}>(?:[ \t]?>)*[ \t]?", re.M)
_MD_ALERT = re.compile(r"^[ \t]*\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*\n", re.M | re.I)
# a quoted line that is only a link ("> [A Legal Guide to Traveling in China](/legal-guide/)"): a "related reading" box,
# no text of the document
_MD_QUOTED_LINK = re.compile(r"^[ \t]{0,3}>[ \t]*(?:[-*+][ \t]+)?\[[^\]\n]+\]\([^)\n]*\)[ \t]*$", re.M)


def _liquid_output(body: str, meta: dict) -> str:
    """A Jekyll page's Liquid output tags: those naming its front matter's fields as their values, the others that
    stand alone on a line dropped (see _LIQUID_PAGE_FIELD); one inside a sentence stands for words and is kept."""
    def field(m: re.Match) -> str:
        value = meta.get(m.group(1))
        return str(value) if isinstance(value, (str, int, float)) else m.group(0)

    return _LIQUID_OUTPUT_LINE.sub("", _LIQUID_PAGE_FIELD.sub(field, body))


def _markdown_inline(body: str) -> str:
    """A Markdown text with its backslash escapes, links, character references and inline italics read as the
    characters they stand for, a bold sentence as its words, and without Kramdown attribute lists, blockquote
    marks or GitHub alert labels (a quoted article is text like any other)."""
    body = _unescape(body)
    if "](" in body and "\n#" in body:
        body = _without_chrome(body)
    if "{%" in body:
        body = _LIQUID_TAG.sub("", _LIQUID_COMMENT.sub("", body))
    if re.search(r"\n[ \t]{2,}\d{1,2}[.)][ \t]", body):
        body = _nested_numbers(body)
    if ">" in body:
        body = _MD_ALERT.sub("", _MD_QUOTE.sub("", _MD_QUOTED_LINK.sub("", body)))
    if "*\n" in body:
        body = _SPLIT_BOLD.sub(r"\n\1**", body)
    if "<details" in body or "<summary" in body:
        body = _MD_DETAILS.sub("", body)
    if "{:" in body:
        body = _MD_ATTRIBUTES.sub("", body)
    if "{" in body:
        body = _PANDOC_ATTRIBUTES.sub("", body)
    if ":::" in body or "@tab" in body or "toc]" in body.lower():
        body = _MD_DIRECTIVE.sub("", body)
    if "==" in body or "---" in body:
        body = _SETEXT.sub(lambda m: ("# " if m.group(2)[0] == "=" else "## ") + m.group(1), body)
    if "](" in body:
        body = _MD_LINK.sub(_link_words, _MD_EMPTY_LINK.sub("", body))
        body = _CONTINUED.sub("", body)
    if "\\" in body:
        body = _MD_ESCAPE.sub(r"\1", _MD_HARD_BREAK.sub("", body))
    if "*" in body:
        body = _labelled_paragraphs(_MD_BOLD_NUMBER.sub(r"\1", body))
        body = _MD_ITALIC.sub(r"\1", _MD_JOINED_ITALICS.sub("", _unbold(body)))
    return body


# a paragraph led by a bold label and a colon ("**Criminal Penalties:** You are subject to Japanese law …",
# "**Pets**: The Japanese …") or a dash, numbered or not ("**HO 1. Manufacturing or storing explosives—**bans …",
# parser 57): the label is the heading of what follows (parser 55). Not an item of a list (its
# label is the item's), not a record line ("**Date:** 2024-08-26", "**Source:** 商务部"): the text after the label
# is a sentence (its end mark within the line, or a colon ending it) of six words or more (in Chinese, thirty
# characters or more)
_LABEL_LEAD = re.compile(r"\*\*(?P<label>(?:[A-Z]{1,4}[ \t]?)?(?:\d{1,3}\.[ \t]+)?[^*\n.!?。！？]{2,200}?)[ \t]*"
                         r"(?:(?P<sep>[:：—])\*\*|\*\*[ \t]*(?P<after>[:：—]))[ \t]*(?P<rest>\S.*)")
_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)）]*[\\*]*(?:\s|$)|[:：]$")  # (or a lead-in to a list; a footnote's mark
# may follow the full stop: "… most machine tools.[\*](#notes1)")
_LABELLED_PAGE = 3  # labelled paragraphs a text needs before its labels are read as headings (a page built of them)


def _labelled_paragraphs(body: str) -> str:
    """A text built of bold-labelled paragraphs (see _LABEL_LEAD; three or more) with each label on a line of its
    own above its paragraph, as a heading of the lowest rank (under any heading before it; never a title line)."""
    if "**" not in body:
        return body
    lines = body.split("\n")
    found = [(i, m) for i, line in enumerate(lines) if (i == 0 or not lines[i - 1].strip()) and (m := _label_lead(line))]
    if len(found) < _LABELLED_PAGE:
        return body
    for i, m in reversed(found):
        lines[i:i + 1] = [f"###### {m.group('label').strip()}", "", m.group("rest")]
    return "\n".join(lines)


def _label_lead(line: str):
    """The match of a bold label leading a sentence (see _LABEL_LEAD), or None."""
    m = _LABEL_LEAD.fullmatch(line.rstrip())
    dash = m is not None and "—" in (m.group("sep") or m.group("after"))  # (a dash's label may name more: "HO 2.
    # Driving a motor vehicle or work as an outside helper on motor vehicles—**bans …")
    if not m or len(m.group("label").split()) > (30 if dash else 8) or len(m.group("label")) > (200 if dash else 60) \
            or not _SENTENCE_END.search(m.group("rest")):
        return None
    rest = m.group("rest")
    cjk = len(re.findall(r"[\u4e00-\u9fff]", rest))
    return m if (cjk >= 30 if cjk > len(rest) / 3 else len(rest.split()) >= 6) else None


def _unbold(body: str) -> str:
    """The bold runs of the lines that hold more than bold (see _MD_BOLD), as their words."""
    if "**" not in body:
        return body
    body = _MD_BOLD_WRAPPED.sub(lambda m: m.group(1) if _within_lines(body, m) else m.group(0), body)
    return "".join(_unbold_line(line) if "**" in line else line for line in body.splitlines(keepends=True))


def _unbold_line(line: str) -> str:
    """A line with bold: a bold sentence all of the line as its words, however long (a heading all bold stays as it
    is), and the bold runs of a line holding more than bold as their words."""
    bare = line.rstrip("\r\n")
    if _MD_ALL_BOLD_LINE.fullmatch(bare):
        if not _bold_sentence(bare):
            return line
        return re.sub(r"^([ \t]*)\*\*(.*)\*\*", r"\1\2", bare) + line[len(bare):]
    return _MD_BOLD.sub(_bold_words, line)


def _bold_words(m) -> str:
    """A bold run's words, and a space after a sentence it ends when the next word follows at once ("**Bribes are
    illegal.**If you …": two sentences, not "illegal.If")."""
    after = m.string[m.end():m.end() + 1]
    joined = not m.group(2) and after.isalpha() and after.isupper() and m.group(1)[-1] in ".!?:;"
    return m.group(1) + (" " if joined else m.group(2))


def _bold_sentence(line: str) -> bool:
    """A line all bold that is a sentence (see _MD_BOLD_SENTENCE): Chinese, or English with a finite verb or of
    twenty words; not a fact sheet's bold heading in a full stop ("**Reducing risks in federal supply chains.**")."""
    if not (m := _MD_BOLD_SENTENCE.fullmatch(line)):
        return False
    words = m.group(1).split()
    return (bool(re.search(r"[\u4e00-\u9fff]", m.group(1))) or len(words) >= 20
            or bool(_FINITE & {w.lower() for w in words}))


_FINITE = frozenset("is are was were be been must shall will can may should could would has have had does do "
                    "not".split())


def _within_lines(body: str, m) -> bool:
    """True when a bold run over a line break has words of its paragraph before or after it on its lines (not
    lines all bold, which the layout may read as a heading)."""
    start = body.rfind("\n", 0, m.start()) + 1
    end = body.find("\n", m.end())
    return bool(body[start:m.start()].strip(" \t-*+") or body[m.end():end if end != -1 else len(body)].strip(" \t:：."))


# a number in brackets right after a title in 《》 is that document's: "根据《国务院关于……的若干意见》（国发〔2009〕36号）"
_CITED_AFTER = re.compile(r"》\s*[（(]\s*$")


def _cited_only(text: str, number: str) -> bool:
    """True when every occurrence of a 文号 or order number in the text follows a title it is the number of
    (《……》（国发〔2009〕36号）): a document the text cites, not its own number."""
    spaced = r"\s*".join(map(re.escape, number))  # (as printed: "中国人民银行令〔2005〕第 1 号")
    starts = [m.start() for m in re.finditer(spaced, text)]
    return bool(starts) and all(_CITED_AFTER.search(text[max(0, at - 6):at]) for at in starts)


# a line's start, after any Markdown heading or quote marks and the names of co-issuers ("# 商务部 海关总署公告……")
_LINE_START = re.compile(r"(?:^|\n)[#>*\s]*(?:[\u4e00-\u9fff]{2,20}[ \t\u3000、]+){0,4}$")


def _with_order_numbers(text: str, numbers: list[str]) -> list[str]:
    """The document's numbers, its own first: the order number of its (last) promulgation line at the top comes
    before any 文号 found later in the text; the top's other order numbers (amendments, an earlier text) follow."""
    opening = text[:_OPENING]
    if "令" not in opening and "公告" not in opening:
        return numbers
    # promulgated: "…令第43号公布", or an order number that begins a line of the top ("中国人民银行令〔2021〕第7号",
    # the order's own heading)
    found = [(m.start(), re.sub(r"\s+", "", m.group(1)),
              bool(m.group(2)) or _LINE_START.search(opening, 0, m.start()) is not None)
             for m in _ORDER_LINE.finditer(opening)]
    promulgated = [f for f in found if f[2]]
    if not promulgated:
        return numbers
    own = promulgated[-1]
    first_wenhao = min((text.find(n) for n in numbers), default=len(text))
    if first_wenhao < own[0]:  # a 文号 above it (a notice forwarding the rule) stays the document's own
        return list(dict.fromkeys(numbers + [own[1]] + [f[1] for f in found]))
    return list(dict.fromkeys([own[1]] + [f[1] for f in found] + numbers))


def load_document(path: Path) -> Document:
    """Read and parse one file; its file name is its document id."""
    path = Path(path)
    text = read_text(path)
    fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return parse_document(path.name, text, fingerprint)


def corpus_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their supported files, sorted; refuse an empty corpus."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES))
        elif p.exists():
            files.append(p)
        else:
            raise RagError(f"no such file or folder: {p}")
    if not files:
        raise RagError("the corpus is empty: no .txt, .md, .html, .pdf or .docx files found in "
                       + ", ".join(map(str, paths)))
    names = [f.name for f in files]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise RagError(f"two files share the name {sorted(dupes)[0]!r}; document ids must be unique")
    return files
