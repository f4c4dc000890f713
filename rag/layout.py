"""Line roles before clause parsing: what is no clause (header, table of contents, navigation) and
which lines are headings (Markdown `#`, a bold line, an ALL-CAPS or short title line in English).

Lines that are no clause are *left out* of the clause tree (they are never indexed, looked up or cited):

- the header block at the start: title lines, the 文号 line, issuing body, date, "发布日期…", metadata
  lines ("发布机关：…", "Published: …"), a legislative history in brackets ("（2004年…修订）");
- the same kinds of line anywhere when they stand alone: a lone 文号 or date line, "（此件公开发布）", and a
  scraped page header "title发布日期:2012-06-07文号━━━";
- a table of contents: "目录"/"Contents" and the title lines after it, dot-leader lines ("第一章 总则 …… 1"),
  and a leading run of title lines that recur later in the document (the TOC before the text);
- navigation: "Return to top", "Back to top", "返回顶部", "Print", "打印本页", "关闭窗口", breadcrumbs
  ("首页 > 政策 > …", "Home > Policies > …");
- a page's script or style sheet that a scrape left in its text ("function search(value){" … "}", ".extends {").

A signature (issuing body, then a date line) is no part of the clause before it: it becomes a clause of its
own (path 署名 / "signature"), which answers "who issued it?" and "when was it signed?".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.months import MONTH_NAME
from rag.sentences import TABLE_ROW
from rag.types import Span

_DOC_NO = r"[\u4e00-\u9fff]{1,10}\s*[〔\[【（(]\s*\d{4}\s*[〕\]】）)]\s*第?\s*\d{1,5}\s*号"
_DATE = (r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月"
         r"[一二三四五六七八九十]{1,3}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|"
         rf"{MONTH_NAME}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{MONTH_NAME}\s+\d{{4}})")
_META_KEY = (r"(?:发布机关|发文机关|制定机关|发文字号|文号|索引号|主题分类|成文日期|发文日期|发布日期|发布时间|施行日期|生效日期|"
             r"实施日期|公布日期|时效性|效力级别|来源|信息来源|作者|Issued by|Issuing (?:body|authority)|Date|Dated|"
             r"Published|Publication date|Effective(?: date)?|Source|Document No\.?|Author|Updated|Last updated|"
             r"Last reviewed|Last modified)")
_META_LINE = re.compile(rf"^{_META_KEY}\s*(?:[:：]|[-–—]\s)")  # ("Last reviewed - 03 January 2025")
# a scraped page's record of itself, listed at its head ("- Source: …", "- URL: …", "- Fetched: 2026-02-08"): in
# the header block only, where no clause has begun ("- Effective Date: 2024-07-01" in a list of key details is one)
_HEADER_META = re.compile(rf"^(?:[-*+•]\s+)?(?:{_META_KEY}|URL|Link|Fetched|Retrieved|Accessed|Category|Categories|Tags|"
                          rf"Confidence|Language)\s*[:：]", re.I)
_DOC_NO_LINE = re.compile(rf"^[\[【（(]?{_DOC_NO}[\]】）)]?$")
_DATE_LINE = re.compile(rf"^[\[【（(]?{_DATE}[\]】）)]?$", re.I)
# a promulgation or revision line at the top of a law as law databases print them, unbracketed: "2005年8月26日
# 中华人民共和国国务院令第445号公布", "2018年9月18日 《国务院关于修改部分行政法规的决定》第三次修订"
_REVISION_LINE = re.compile(rf"^{_DATE}\s*[^。；]{{0,80}}?(?:公布|发布|颁布|修订|修正|通过|施行|批准)\s*$")
_PUBLIC_LINE = re.compile(r"^[（(]此件[^（）()]{0,12}[）)]$")
_HISTORY_LINE = re.compile(rf"^[（(][^（）()]{{0,400}}{_DATE}[^（）()]{{0,400}}(?:通过|修订|修正|公布|发布|施行)[^（）()]*[）)]$")
_PAGE_HEADER = re.compile(rf"(?:(?<![^\n])|(?<=[。！？]))[^。！？；\n]{{0,150}}?发布日期[:：]\s*{_DATE}"
                          rf"(?:\s*[^。，；：！？\n]{{0,150}}?{_DOC_NO})?[\s━─—=＝_\-]*")
_ISSUER_END = re.compile(r"(?:人民政府|人民政府办公厅|办公厅|办公室|国务院|委员会|常务委员会|监会|部|委|局|厅|署|总署|总局|银行|"
                         r"Council|Ministry|Department|Office|Commission|Administration|Bureau|Agency)$")
_NAV = re.compile(
    r"^[\[【\s]*(?:return to top|back to top|to top|top of page|go to top|print(?: this page)?|close(?: window)?|"
    r"print (?:this |the )?(?:page|fact sheet|article|version|document|friendly(?: version)?)|"
    r"share|返回顶部|回到顶部|返回页首|返回首页|打印本页|打印|关闭窗口|关闭|分享|收藏|【?字号[:：]?\s*大\s*中\s*小】?|"
    # a web page's dialog buttons and close marks ("×", "Cancel", "Unselect All", "Include Cover Page", "I understand")
    r"[×✕✖]|cancel|send|submit|(?:un)?select all|include cover page|i understand|accept all(?: cookies)?|reject all|"
    r"sign in|log in|on this page:?|expand all|collapse all|show all|hide all|search tips|"
    r"(?:skip|go) to (?:the )?(?:main )?content(?: area)?(?:\s*:::)?|"
    # a table of contents' line: a range of articles ("- 第1~20条：") (parser 50)
    r"[-*]?\s*第\s*\d{1,4}\s*[~～\-–—至]\s*\d{1,4}\s*条[:：]?)"
    r"[\]】\s↑^]*$", re.I)
_NAV_RUN = re.compile(r"^(?:\s*[\[【]\s*[^\[\]【】]{1,8}\s*[\]】]\s*)+$")  # 【打印本页】【关闭窗口】
# a printed page's number alone on a line: "— 4 —", "- 12 -", "第 3 页 共 10 页", "Page 2 of 7"
_PAGE_LINE = re.compile(r"^(?:[—–－-]{1,2}\s*\d{1,4}\s*[—–－-]{1,2}|"
                        r"第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|Page\s+\d{1,4}(?:\s+of\s+\d{1,4})?)$", re.I)
# an editor's or a tool's mark alone on a line, in capitals: "[REVIEW_NEEDED]", "[DRAFT]", "[FACTBOX]" … "[/FACTBOX]"
_TAG_LINE = re.compile(r"^[\[【]\s*/?[A-Z][A-Z0-9]*(?:[_ -][A-Z0-9]+)*\s*[\]】]$")
_CRUMB = re.compile(r"^(?:当前位置|您现在的位置|您的位置|位置|You are here)?\s*[:：]?\s*(?:首页|主页|Home)\s*(?:[>»›＞/]|&gt;|->)")
_TOC_TITLE = re.compile(r"^(?:目\s*录|目\s*次|contents|table of contents)$", re.I)
_LEADER = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|．{3,}|-{3,}|_{3,}|\s{2,})\s*\d{1,4}$")
_PAGE_NO = re.compile(r"[\s.…·．\-_]*\d{1,4}$")
_FINAL = "。；！？.;!?：:，,"
# (two hashes or more also without the space: "##Goods you can't export", as some sites write them; "#tag" is no
# heading)
_MD = re.compile(r"^(#{1,6})(?:[ \t]+|(?<=##)(?=[^\s#]))(.+?)[ \t]*#*$")
_BOLD = re.compile(r"^(?:\*\*|__)((?:(?!\*\*|__).)+)(?:\*\*|__)[:：]?$")
# a heading between a generator's tags: "[SECTION] Business Environment [/SECTION]"
_TAGGED = re.compile(r"^\[(?P<tag>[A-Z][A-Z0-9]*)\]\s*(?P<text>\S(?:(?!\[/).){0,119}?)\s*\[/(?P=tag)\]$")
# a sentence that runs on into the lines after it, not a title: "The term “applicant” means any individual who",
# "Each agency shall", a line ending in a word that cannot end a title
_LEAD_IN = re.compile(r"\s(?:means|includes|shall|may|must|is|are|who|which|that|whose|the|a|an|of|to|by|for|with|"
                      r"and|or|in|on|under|from)$|\b(?:means|shall)\b", re.I)
# an English signature: the signer's name in capitals ("DONALD J. TRUMP", "JOSEPH R. BIDEN JR."), then the place
# and date it was signed ("THE WHITE HOUSE, April 2, 2025.") or the date alone
_EN_SIGNER = re.compile(r"^[A-Z][A-Z.’'\- ]{2,40}$")
_EN_SIGNED_AT = re.compile(rf"^(?:[A-Z][A-Z.’' ]{{2,40}},\s*)?{_DATE}\.?$")
_EN_PLACE = re.compile(r"^[A-Z][A-Z.’' ]{2,40},$")
_CAPS = re.compile(r"^[A-Z][A-Z0-9 ,&'’()/\-]{2,70}$")
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class HeadingLine:
    """A line that is a heading: its line span, the span of its text (no `#`/`**`), Markdown depth or 0."""

    line: Span
    text: Span
    depth: int  # 1..6 for `#`..`######`, 0 for a bold / capitals / short title line


@dataclass
class Layout:
    """What the parser needs to know about a document's lines."""

    skip: list[Span] = field(default_factory=list)  # no clause: header, TOC, navigation
    headings: list[HeadingLine] = field(default_factory=list)
    signatures: list[Span] = field(default_factory=list)  # issuing body and date: a clause of their own


def _lines(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0).strip()) for m in re.finditer(r"[^\n]+", text)]


def _bare(line: str) -> str:
    """A line without Markdown marks, page numbers and leaders: what a TOC entry and its heading share."""
    line = re.sub(r"^#{1,6}\s*|^\*\*|\*\*$|^__|__$", "", line.strip()).strip()
    line = _LEADER.sub("", line) if _LEADER.search(line) else line
    return re.sub(r"[\s\u3000*_#]+", "", line).lower()


# a Markdown image alone on a line, or the dangling end of a link cut at its start ("Overview](page.html)")
_IMAGE_OR_LINK_END = re.compile(r"^#{1,6}$|^!\[[^\]]*\]\([^)\s]*\)$|^[^\[\]()]{1,60}\]\([^)\s]+\)$")


def is_editor_mark(line: str) -> bool:
    """True for an editor's or a tool's mark alone on a line: "[REVIEW_NEEDED]", "[DRAFT]", "【DRAFT】"."""
    return bool(_TAG_LINE.match(line.strip()))


# a page's language switcher: the names of two or more languages, each in its own tongue ("English | Gaeilge",
# "EN / 中文", "简体 繁體 English") (parser 57)
_LANGUAGE_NAMES = frozenset(
    "english gaeilge cymraeg français francais deutsch español espanol italiano português portugues nederlands polski "
    "русский українська türkçe ελληνικά العربية עברית हिन्दी 日本語 한국어 中文 简体 繁體 简体中文 繁體中文 繁体中文 "
    "ไทย melayu tamil தமிழ் filipino en zh fr de es ga cy ja ko ru ar".split()) | {"tiếng việt", "bahasa indonesia",
                                                                                 "bahasa melayu"}
_LANGUAGE_PART = re.compile(r"[^|｜/·•,\s]+(?: (?:việt|indonesia|melayu)(?![^|｜/·•,\s]))?", re.I)


def _language_switcher(line: str) -> bool:
    parts = [p.strip("*_[]()").lower() for p in _LANGUAGE_PART.findall(line)]
    return len(parts) >= 2 and all(p in _LANGUAGE_NAMES for p in parts) and any(len(p) > 2 or not p.isascii()
                                                                               for p in parts)  # (not "en de")


def is_navigation(line: str) -> bool:
    """True for "Return to top", "打印本页", "【打印】【关闭】", "首页 > 政策 > …", a web page's dialog buttons, an
    image alone on a line, an editor's mark ("[REVIEW_NEEDED]"), a printed page's number ("— 4 —"), and the
    like."""
    line = line.strip()
    if (_NAV.match(line) or _CRUMB.match(line) or _IMAGE_OR_LINK_END.match(line) or is_editor_mark(line)
            or _PAGE_LINE.match(line) or _counting_row(line) or _language_switcher(line)):
        return True
    parts = re.findall(r"[^\[\]【】|｜\s]+", line)
    if (_NAV_RUN.match(line) or len(parts) > 1) and all(re.fullmatch(r"[\u4e00-\u9fff]+", p) for p in parts):
        return all(_NAV.match(part) for part in parts)  # 【打印本页】【关闭窗口】, 打印本页 关闭窗口
    return False


# a page's script or style sheet left in its text by a scrape (parser 55): a line that opens a block of code
# ("function search(value){", "if(value != \"\"){", "@counter-style CusTCI {", ".extends {"), the lines of code inside
# it, and a statement alone ("(function(w,d,s,l,i){…", "new WOW().init();", "window.location.href = …;")
_CODE_OPENER = re.compile(r"^(?:(?:async\s+)?function\b[^{]*|(?:if|for|while|switch)\s*\(.*|(?:else|try)\b\s*|"
                          r"[\w$.]+\s*[:=]\s*function\b.*|.*=>\s*|[@.#]?[A-Za-z][\w-]*(?:[ \t.#:>,*\[\]=\"']+[\w-]+)*\s*)\{$")
_CODE_INSIDE = re.compile(r"[;{}]$|^[})\]]|^(?:for|if|while|return|var|let|const)\b.*[(=;]|"
                          r"^[a-z]+(?:-[a-z]+)*\s*:\s*[^;{}]{1,80};$")
_CODE_STATEMENT = re.compile(r"^(?:\(function\s*\(|(?:window|document)\.[\w$.]+\s*(?:=|\()|new\s+[A-Z][\w$]*\(.*\)\.[\w$]+\(.*\);?$|"
                             r"(?:var|let|const)\s+[\w$]+\s*=.*;$)")
CODE_BLOCK_MAX = 400  # lines one block of code may run to before the rest is read as text again


def code_lines(lines: list[str]) -> set[int]:
    """The indexes of the lines (stripped) that are a page's script or style sheet (see _CODE_OPENER): no text of
    the document. A block ends where its braces close, or at a line that reads as no code (a scrape that cut a
    script short: "for(let i = 0; i" and then the page's text)."""
    code: set[int] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        if _CODE_STATEMENT.match(line):
            code.add(i)
        elif line.endswith("{") and _CODE_OPENER.match(line) and not re.search(r"[\u4e00-\u9fff]", line):
            depth = line.count("{") - line.count("}")
            code.add(i)
            j = i + 1
            while depth > 0 and j < len(lines) and j - i <= CODE_BLOCK_MAX and _CODE_INSIDE.search(lines[j]):
                depth += lines[j].count("{") - lines[j].count("}")
                code.add(j)
                j += 1
            i = j
            continue
        i += 1
    return code


def _counting_row(line: str) -> bool:
    """A contents' row of articles' numbers, each a link to its article: "1 2 3 … 20" (five or more numbers of at
    most three digits, counting up by one; not a table's row of figures) (parser 50)."""
    if not _NUMBER_ROW.fullmatch(line):
        return False
    numbers = [int(n) for n in line.split()]
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


_NUMBER_ROW = re.compile(r"(?:\d{1,3}[ \t\u2003\u3000]+){4,}\d{1,3}")
_COMMENT = re.compile(r"^<!--.*-->$")  # "<!-- INFO END -->": a Markdown file's note to its tools, never text


def is_meta(line: str) -> bool:
    """True for a line that only carries document metadata: 文号, a date, "发布日期: …", "（此件公开发布）"."""
    line = line.strip()
    return bool(_DOC_NO_LINE.match(line) or _DATE_LINE.match(line) or _PUBLIC_LINE.match(line) or _COMMENT.match(line)
                or _HISTORY_LINE.match(line) or _REVISION_LINE.match(line)
                or (len(line) <= 80 and _META_LINE.match(line)) or _REVISED_LINE.match(line))


# a web page's or a fact sheet's record of its revision, with no colon: "**Revised December 2016**", "Updated 3 May
# 2024", "Last reviewed January 2025" (parser 55)
_REVISED_LINE = re.compile(rf"^(?:\*\*|__)?(?:Revised|Updated|Last (?:updated|revised|reviewed|modified)|Published)"
                           rf"(?:\s+on)?\s+(?:{_DATE}|{MONTH_NAME}\s+\d{{4}})\.?(?:\*\*|__)?$", re.I)


def is_markdown_title(line: str) -> bool:
    """True for a Markdown "# " line, the title it says it is however long (a bilingual title of 200 characters)."""
    return re.match(r"#\s", line) is not None and len(line) <= 300


# a row of a pipe table ("Cigarillos  |  400", "| Spirits | 1 litre |", its rule "---|---"): a line of its own, no
# heading and no table-of-contents entry ("Introduction  3"), whatever its figures (parser 49)
_TABLE_ROW = re.compile(r"[^|\s]\s*\|\s*[^|\s]")
TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$")


def is_table_row(line: str) -> bool:
    return _TABLE_ROW.search(line) is not None


def _title_like(line: str) -> bool:
    """A short line without sentence punctuation at its end: a title, a heading, an issuing body."""
    bare = re.sub(r"^#{1,6}\s*|^\*\*|\*\*$", "", line).strip()
    if bare.startswith(("（", "(", "[", "【")):  # "（商务部负责）": a closer or a note, not a title
        return False
    return 0 < len(bare) <= 80 and bare[-1] not in _FINAL and len(bare.split()) <= 14


_DATED = re.compile(rf"{_DATE}$")


def _issuers_dated(line: str) -> bool:
    """True for a line of issuing bodies the date of signing ends ("海关总署　　国家税务总局　　银监会二〇一二年二月三日")."""
    return (m := _DATED.search(line)) is not None and m.start() > 0 and _is_issuer(line[:m.start()].rstrip())


def _is_issuer(line: str) -> bool:
    return len(line) <= 40 and bool(_ISSUER_END.search(line)) and not re.search(r"[，。；：,.;:]", line)


def _en_signature(line: str, nxt: str, after: str = "") -> int:
    """The lines of a signature starting here: a signer's name in capitals followed by the place and date of
    signing (or the date) on one line (2), or by the place on one and the date on the next (3: "THE WHITE HOUSE,",
    "November 4, 2025."); or by the place and the date alone, when no name is printed (2: "THE WHITE HOUSE,",
    "February 25, 2025."); 0 for none."""
    if _EN_PLACE.match(line) and _EN_SIGNED_AT.match(nxt):
        return 2
    if not (_EN_SIGNER.match(line) and len(line.split()) <= 5 and nxt):
        return 0
    if _EN_SIGNED_AT.match(nxt):
        return 2
    return 3 if _EN_PLACE.match(nxt) and _EN_SIGNED_AT.match(after) else 0


def is_signature_line(line: str) -> bool:
    """True for a line of a signature: an issuing body ("商务部发展改革委……海关总署") or its date alone."""
    line = line.strip()
    return _is_issuer(line) or bool(_DATE_LINE.match(line))


def _is_body(line: str) -> bool:
    return len(line) > 80 or (bool(line) and line[-1] in "。；！？.;!?")


# a "label: value" line ("Working visa: required", "Processing time: 10 days"): the last of a run of them is an
# entry of that run, not a heading over the paragraph after it
_LABELLED = re.compile(r"^[^:：]{1,40}[:：]\s*\S")


def _heading(text: str, s: int, e: int, line: str, lang: str, nxt: str | None,
             prev: str | None = None) -> HeadingLine | None:
    raw = text[s:e]
    lead = len(raw) - len(raw.lstrip())
    if m := _MD.match(raw.strip()):
        return HeadingLine((s, e), (s + lead + m.start(2), s + lead + m.end(2)), len(m.group(1)))
    if m := _BOLD.match(raw.strip()):
        return HeadingLine((s, e), (s + lead + m.start(1), s + lead + m.end(1)), 0)
    if m := _TAGGED.match(raw.strip()):
        return HeadingLine((s, e), (s + lead + m.start("text"), s + lead + m.end("text")), 0)
    if lang != "en" or not nxt or not _is_body(nxt) or len(nxt) <= len(line) or is_table_row(line):
        return None
    caps = _CAPS.match(line) and len(_WORD.findall(line)) >= 1 and sum(c.isalpha() for c in line) >= 4
    short = (_title_like(line) and line[0].isupper() and len(line) <= 70 and len(line.split()) <= 10
             and not line.endswith((")", "”", '"')) and not _LEAD_IN.search(line))
    if short and prev and _LABELLED.match(line) and _LABELLED.match(prev) and not _is_body(prev):
        return None  # ("Tourist visa: not required" / … / "Working visa: required", then a paragraph)
    if caps or short:
        return HeadingLine((s, e), (s + lead, s + lead + len(line)), 0)
    return None


# the labels of a Chinese official document's record of distribution (版记), printed after its body: 主送, 抄送,
# 内部发送, 主题词, 信息公开选项 (scraped text often runs them on: "…共享。信息公开选项：主动公开主  送：…")
_RECORD_LABEL = re.compile(r"(?:信息公开选项|主[ \t\u3000]*送|抄[ \t\u3000]*送|内部发送|主[ \t\u3000]*题[ \t\u3000]*词)[:：]")
# (a printed page's number may follow: "2012年7月31日印发— 12 —", parser 49)
_PRINTED_LINE = re.compile(r"(?:年|\d)[ \t\u3000]*\d{1,2}[ \t\u3000]*月[ \t\u3000]*\d{1,2}[ \t\u3000]*日[ \t\u3000]*印发[ \t\u3000]*"
                           r"(?:[—–－-]{1,2}[ \t\u3000]*\d{1,4}[ \t\u3000]*[—–－-]{1,2}[ \t\u3000]*)?\Z")
RECORD_TAIL = 2000  # characters at the end of a document where its record of distribution stands


def _distribution_record(text: str) -> int | None:
    """Where a Chinese document's record of distribution begins: its first label among the last RECORD_TAIL
    characters, when the document ends with the line saying who printed it when ("中国人民银行办公厅 2015年7月18日
    印发"). It lists who received the document, not what the document says: no clause."""
    tail = text.rstrip()
    if not _PRINTED_LINE.search(tail[-80:]):
        return None
    start = max(0, len(tail) - RECORD_TAIL)
    found = _RECORD_LABEL.search(tail, start)
    return found.start() if found else None


def analyse(text: str, lang: str) -> Layout:
    """The lines of a document that are no clause, and its heading lines."""
    lines = _lines(text)
    roles = ["" for _ in lines]  # "skip" or ""
    # header block: title lines and metadata at the start
    titles = 0
    for i, (_, _, line) in enumerate(lines[:16]):
        if is_navigation(line) or is_meta(line) or (len(line) <= 300 and _HEADER_META.match(line)):
            roles[i] = "skip"
        elif not titles and is_markdown_title(line):  # (line one, or after a mark or a metadata line)
            roles[i] = "skip"
            titles += 1
        elif (_title_like(line) and titles < 4 and not re.match(r"^#{2,6}\s", line) and not TABLE_ROW.fullmatch(line)
              and not _starts_structure(line) and not _TOC_TITLE.match(re.sub(r"^#{1,6}\s*|\*\*", "", line).strip())):
            roles[i] = "skip"
            titles += 1
        else:
            break
    for i in code_lines([line for _, _, line in lines]):
        roles[i] = "skip"
    start = next((i for i, r in enumerate(roles) if r != "skip"), len(lines))
    _mark_toc(lines, roles, start)
    signatures: list[Span] = []
    for i, (_, _, line) in enumerate(lines):
        if roles[i]:
            continue
        nxt = lines[i + 1][2] if i + 1 < len(lines) else ""
        if is_navigation(line) or is_meta(line) or (_LEADER.search(line) and _title_like(_LEADER.sub("", line))
                                                     and not is_table_row(line)):
            roles[i] = "skip"
        elif n := _en_signature(line, nxt, lines[i + 2][2] if i + 2 < len(lines) else ""):
            roles[i : i + n] = ["signature"] * n
            signatures.append((lines[i][0], lines[i + n - 1][1]))
        elif (_is_issuer(line) and nxt and _DATE_LINE.match(nxt)) or _issuers_dated(line):  # a signature: issuing
            # bodies, then the date (on a line of its own, or after the last body: "海关总署　　银监会二〇一二年二月三日")
            last = i if _issuers_dated(line) else i + 1
            first = i
            while first > start and not roles[first - 1] and _is_issuer(lines[first - 1][2]):
                first -= 1  # a joint document: one issuing body per line
            roles[first : last + 1] = ["signature"] * (last + 1 - first)
            signatures.append((lines[first][0], lines[last][1]))
    skip = [(s, e) for (s, e, _), r in zip(lines, roles) if r in ("skip", "signature")]
    skip += [(m.start(), m.end()) for m in _PAGE_HEADER.finditer(text) if m.end() > m.start()]
    if lang == "zh" and (record := _distribution_record(text)) is not None:
        skip.append((record, len(text)))
    headings = []
    prev = None  # the last line before this one that is not skipped
    for i, (s, e, line) in enumerate(lines):
        if not roles[i]:  # a skipped line or a signature is no heading
            nxt = next((ln for j, (_, _, ln) in enumerate(lines[i + 1:], i + 1) if roles[j] != "skip"), None)
            if h := _heading(text, s, e, line, lang, nxt, prev):
                headings.append(h)
        if roles[i] != "skip":
            prev = line
    return Layout(sorted(skip), headings, signatures)


_STRUCTURE = re.compile(r"^(?:#{1,6}\s*|\*\*)?(?:第[一二三四五六七八九十百零〇\d]+[编章节条]|[一二三四五六七八九十]+、|"
                        r"（[一二三四五六七八九十]+）|(?:Part|Chapter|Section|Article)\s+[IVXLC\d]+\b|\d{1,2}(?:\.\d{1,2})*\.?\s)",
                        re.I)


def _starts_structure(line: str) -> bool:
    return bool(_STRUCTURE.match(line))


def _question_entry(line: str) -> bool:
    """A contents entry that is a question, as a FAQ's or a guide's sections are headed ("* Do I have to pay customs
    duty or tax?"): one short line ending in a question mark."""
    bare = re.sub(r"^\s*(?:[-*+•]\s+)?", "", line).strip()
    return 0 < len(bare) <= 100 and bare.endswith(("?", "？")) and len(bare.split()) <= 16


def _mark_toc(lines: list[tuple[int, int, str]], roles: list[str], start: int) -> None:
    """Mark a table of contents at the start: after a "目录" line, or a run of titles that recur later."""
    # (a "目 录" line a few lines on, after a legislative history broken over lines that stays text)
    i = next((k for k in range(start, min(start + 4, len(lines)))
              if _TOC_TITLE.match(re.sub(r"^#{1,6}\s*|\*\*", "", lines[k][2]).strip())), start)
    explicit = i < len(lines) and bool(_TOC_TITLE.match(re.sub(r"^#{1,6}\s*|\*\*", "", lines[i][2]).strip()))
    if explicit:
        roles[i] = "skip"
        i += 1
    later = [_bare(line) for _, _, line in lines]
    j = i
    while j < len(lines) and (_question_entry(lines[j][2]) or (
            _title_like(_LEADER.sub("", lines[j][2]) or lines[j][2]) and not _is_body(lines[j][2]))):
        key = later[j]
        recurs = bool(key) and key in later[j + 1:] and later.index(key, j + 1) > j
        if explicit and j > i and key == later[i]:
            break  # the first entry again: the text itself begins
        if not explicit and not recurs:
            break
        j += 1
    if explicit or j - i >= 2:
        for k in range(i, j):
            roles[k] = "skip"
