"""Clause look-up by number: "国办发〔2018〕53号第（十五）条", "clause 15 of the Chongqing opinion",
"item (3) of section two", "paragraph 4"."""

from __future__ import annotations

import functools

from typing import NamedTuple

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.lang import fold_case
from rag.markers import cn_number, int_to_cn
from rag.types import Clash, Clause, Document, RagError

_EN_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
EN_ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
_CN_NUM = "[一二三四五六七八九十百零〇]+"
_EN_NUM = r"(\d{1,3}|" + "|".join(sorted(_EN_NUMBERS, key=len, reverse=True)) + "|" + "|".join(
    sorted(EN_ORDINALS, key=len, reverse=True)) + ")"

_ZH_ITEM = re.compile(rf"第?（({_CN_NUM}|\d{{1,3}})）(?:条|项|款)?|第?\(({_CN_NUM})\)|第\((\d{{1,3}})\)|"
                      rf"第({_CN_NUM}|\d{{1,3}})(?:项|款)")
_ZH_ARTICLE = re.compile(rf"第({_CN_NUM}|\d{{1,3}})条")
_ZH_SECTION = re.compile(rf"第({_CN_NUM}|\d{{1,3}})(?:部分|大项|节)|(?<![（(第])({_CN_NUM})、")
_ZH_POINT = re.compile(rf"({_CN_NUM})是")
_ZH_KUAN = re.compile(rf"第({_CN_NUM}|\d{{1,3}})款")
_EN_ARTICLE = re.compile(rf"\b(?:article|art\.(?=\s*\d)|art(?=\s*\d{{1,3}}\s*(?:$|[^\w\s]|(?:of|in|under|says?)\b)))"
                         rf"\s*{_EN_NUM}", re.I)  # (also "art. 13", "Trust Law art 43?"; not "art 3 pieces")
_EN_SUB_ITEM = re.compile(rf"\b(?:item|point|subparagraph)\s*\(?{_EN_NUM}\)?\s+(?:of|in|under)\s+article\b|"
                          rf"\b(?:article|art\.?)\s*\d+\s*,?\s*(?:(?:item|point|subparagraph)\s*\(?{_EN_NUM}\)?|\((\d{{1,2}})\))", re.I)
_EN_ITEM = re.compile(rf"\b(?:clause|item|article|measure|point|provision)\s*\(?{_EN_NUM}\)?", re.I)
_EN_ORD_ITEM = re.compile(rf"\b{_EN_NUM}\s+(?:clause|item|article|measure|provision)\b", re.I)
_EN_SECTION = re.compile(rf"\b(?:section|part|chapter)\s*\(?{_EN_NUM}\)?", re.I)
_EN_PARA = re.compile(rf"\b(?:paragraph|para\.?|¶)\s*{_EN_NUM}", re.I)
# an item numbered in Roman numerals, as English translations of Chinese documents number their （一）, （二） ("item (III)
# of Part II") and codes their clauses and subclauses ("clause (xvii)", "subclause (II)"); a part so numbered ("Part II")
_ROMAN_ITEM = re.compile(r"\b(?:clause|item|point|subclause|sub-clause|subparagraph|provision|measure)\s*[（(]([ivxl]{1,7})[）)]|"
                         r"(?<![\w(（])[（(]([ivxl]{1,7})[）)]\s*(?:of|in|under)\s+(?:part|section|the)\b|"
                         r"\bpart\s+[ivxl]{1,6}\s*,?\s*[（(]([ivxl]{1,7})[）)]", re.I)
_EN_ARTICLE_ROMAN = re.compile(r"\b(?:[Aa]rticle|ARTICLE|Art\.)\s*([IVXL]{1,7})\b(?![\w-])")
_ROMAN_PART = re.compile(r"\b(?i:part|section)\s+([IVXL]{1,6})\b")
# a chapter or part asked for by the number its heading gives it ("Chapter 3", "part two"), and such a heading
_EN_HEADED = re.compile(rf"\b(chapter|part)\s*{_EN_NUM}\b", re.I)
_HEADED_AS = re.compile(r"(?:chapter|part)\s+\d{1,3}(?!\d)", re.I)
_ZH_CHAPTER = re.compile(rf"第({_CN_NUM}|\d{{1,3}})章")  # 第七章: a law's chapter, or an English text's "Chapter 7"
# a section as an English document labels it (rag/markers.py, "Section {num}"): "Section 3", "Sec. 2",
# "section 442.571" (a state code's chapter.section), "§ 2313", "Section A" (a bill's lettered section), "§327-14" (a
# state code's chapter-section), "§ 328J-7" (its chapter lettered)
_EN_SECTION_LABEL = re.compile(r"(?:(?<![A-Za-z])(?:section|sec\.)|§|(?<![A-Za-z])(?:U\.?S\.?C|C\.?F\.?R)\.?\s*§*)\s*"
                               # ("的Section 2(e)" in a Chinese question: no word boundary between 的 and the S;
                               # "19 CFR 134.43": a section of the Code of Federal Regulations)
                               # ("§ 328J-7": a chapter lettered after its number)
                               r"(\d{1,4}[a-z]{1,2}(?:-\d{1,4}[a-z]?(?:\.\d{1,4})*)+(?![0-9a-z])|"
                               r"\d{1,5}(?:\.\d{1,4})*(?:-\d{1,4}"
                               r"(?:\.\d{1,4})*)*[a-z]{0,2}(?![0-9a-z])|(?-i:[A-Z])\b(?!\.\w))|"
                               # a Chinese question's 第327-14条 / 第442.571节 / 第3006A条: a code's section (no Chinese
                               # law numbers its articles so); so is 第9134条 or 第2节 with a lettered subsection after
                               # it ("第9134条(f)款", "第2节(e)"): a Chinese law's paragraphs are 第二款, never (f)
                               r"第\s*(\d{1,4}(?-i:[A-Z]{1,2})(?:-\d{1,4}(?-i:[A-Za-z])?)+|"
                               r"\d{1,4}(?:[.-]\d{1,4})+|\d{1,5}(?-i:[A-Z]{1,2})|"
                               r"(?:\d{1,5}|[一二三四五六七八九十百]{1,6})(?=\s*[条节]\s*(?:的\s*)?第?\s*[（(]\s*[A-Za-z]{1,4}\s*[）)]))"
                               r"\s*[条节]", re.I)  # (in Chinese numerals too: "行政令第二条(d)款")
# the subsections a citation names after its section's number, in turn: "§ 3006A(a)(2)", "section 327-14 (h)",
# "第327-14条(h)款"
_SUB_CHAIN = re.compile(r"(?:\s*的)?\s*第?(?:\s*[（(]\s*(?:\d{1,3}|[A-Za-z]{1,4})\s*[）)](?:\s*[款项目])?(?:\s*第(?=\s*[（(]))?)+")
# (also "的(b)款", "第(e)款", "(a)款第（3）项")
# a code's section cited by its number alone, its lettered subsection right after it: "1603(d)(4)", "5336(a)(11)",
# "134.43条(e)款" (three digits or more, or a dotted number: no year or amount is written so)
_BARE_SECTION = re.compile(r"(?<![A-Za-z0-9.§-])(\d{3,5}[a-z]?|\d{1,4}(?:\.\d{1,4})+)[条节]?(?=的?第?[（(][a-z]{1,2}[）)])")
# a subsection named before its section: "paragraph (a) of 19 CFR 134.43", "subsection (b) of section 7214a"
_SUB_BEFORE = re.compile(r"\b(?:sub)?(?:paragraph|section|clause)\s*[（(]\s*(\d{1,3}|[A-Za-z]{1,4})\s*[）)]\s+(?:of|in|under)\s+"
                         r"(?:the\s+)?(?:\d{1,3}\s+)?$", re.I)  # (a title number: "19 CFR")
_SUB_LABEL = re.compile(r"[（(]\s*(\d{1,3}|[A-Za-z]{1,4})\s*[）)]")
# a word each of the six English patterns above needs (found in lang.fold_case(text), as they ignore case)
_EN_CLAUSE_WORDS = ("art", "item", "point", "clause", "measure", "provision", "section", "part", "chapter", "para",
                    "¶")
# a 文号, `([\u4e00-\u9fff]{1,6})\s*[〔\[【（(]\s*(\d{4})\s*[〕\]】）)]\s*(\d{1,4})\s*号`, is found as its bracketed
# part (in a copy with the brackets made ASCII) and the Han characters before it (`doc_numbers`): compiling the
# Han class, or the CJK brackets' classes, costs more than a cold question's look-ups
_DOC_NO_TAIL = re.compile(r"\s*[\[(]\s*(\d{4})\s*[\])]\s*(\d{1,4})\s*号")
_ASCII_BRACKETS = str.maketrans("〔【（〕】）", "[[(]])")
_DOC_PREFIX = 6  # Han characters at most before the bracket
_EN_DOC_NO = re.compile(r"(?:\[|\()?(\d{4})(?:\]|\))?\s*(?:No\.?|Number|#)\s*(\d{1,4})|(?:No\.?|Number)\s*(\d{1,4})\D{0,12}?(\d{4})",
                        re.I)
# an order number (令号), the number a State Council regulation or a departmental rule is promulgated under:
# "中华人民共和国国务院令第420号", "国家市场监督管理总局令第43号", "对外贸易经济合作部令1995年第5号", "主席令第二十号";
# in English "Order No. 43", "Decree No. 420" (its issuer's name is not matched: the number is)
# (the year after 令 as "2021年" or bracketed, "中国人民银行令〔2021〕第7号")
# ...and an announcement's number (公告号), the number a ministry's 公告 is published under: "商务部公告2025年第21号",
# "中国人民银行公告〔2011〕第23号", "海关总署公告2018年第50号"; in English "Announcement No. 21 (of 2025)"
_ORDER_NO = re.compile(r"(令|公告)\s*(?:(?:[〔\[【（(]\s*)?(\d{4})(?:\s*[〕\]】）)])?\s*年?\s*)?"
                       r"第\s*(\d{1,4}|[一二三四五六七八九十百零〇]{1,6})\s*号")
_OWN_ORDER = re.compile(r"(令|公告)(?:[〔\[【（(]?(\d{4})[〕\]】）)]?年?)?第(\d{1,4}|[一二三四五六七八九十百零〇]{1,6})号$")
_EN_ORDER_NO = re.compile(r"\b(?:order|decree)\s+No\.?\s*(\d{1,4})\b", re.I)
_EN_ANNOUNCEMENT_NO = re.compile(r"\bannouncement\s+No\.?\s*(\d{1,4})(?:\s*(?:of|,)\s*(\d{4}))?\b", re.I)
_ORDER_PREFIX = 16  # Han characters at most before 令 (国家市场监督管理总局, 中华人民共和国国务院)
_NUMBER_WORD = {"guofaban": "国办发", "guobanfa": "国办发", "guofa": "国发", "yufubanfa": "渝府办发",
                "yuefu": "粤府"}


# a law or regulation named by its title: "对外贸易法第十六条", "《海关法》第五条", "Article 16 of the Foreign Trade Law"
_ZH_TITLE = re.compile(r"《([^《》]{2,40})》|([\u4e00-\u9fff]{2,16}?(?:法|条例|规定|办法))(?=\s*的?\s*(?:第|[（(]))")
_ZH_LEAD_IN = re.compile(r"^(?:请问|请|根据|按照|依据|依照|关于|查询|查看|查|显示|看看|告诉我|在)+")
_EN_TITLE = re.compile(r"\b(?:of|in|under|does|do|did|says?)\s+(?:the\s+)?((?:[a-z][\w'-]*\s+){1,7}?"
                       r"(?:law|act|code|regulations?|measures|provisions))\b"
                       r"(?!\s+(?:[a-z][\w'-]*\s+){0,4}?(?:law|act|code|regulations?|measures|provisions)\b)"
                       r"(?!\s+(?:on|for|concerning|governing)\s)"  # (the whole name: "market regulation
                       # complaints and reports measures"; "regulations on …" is read as such below)
                       r"|\b(?-i:((?:[A-Z][\w'-]*\s+){1,5}(?:Law|Act|Code|Regulations?)))\b"
                       r"|\bthe\s+(?-i:((?:[A-Z][\w'-]*\s+){1,5}))(?-i:provisions|measures)\b(?!\s+(?-i:[A-Z]))",
                       re.I)  # capitalised words; ("the Unreliable Entity List provisions": a name in capitals, its
# kind in lower case)
_EN_KIND = {"law": "法", "act": "法", "code": "法", "regulation": "条例", "regulations": "条例", "provisions": "规定",
            "measures": "办法", "rules": "规则"}
# a title that says its kind first, in capitals: "the Provisions on Disclosing Market Regulation Penalty Information",
# "Regulations on Customs Statistics", "Measures for the Administration of Invoices"
_EN_KIND_FIRST = re.compile(r"(?-i:(?:\b(Regulations?|Provisions|Measures|Rules)\s+(?:on|for|of|concerning|governing)|"
                            r"\b(Law)\s+(?:of\s+the\s+(?:PRC|People's\s+Republic\s+of\s+China)\s+)?"
                            r"(?:on|for|concerning|governing|[Aa]gainst))"
                            r"\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+(?:(?:of|and|on|for|the|in|to|upon|against|by|with|from)\s+)*[A-Z][\w'-]*){0,8})")
# the same in lower case, as users write it ("the PRC regulations on compulsory motor vehicle traffic accident liability
# insurance"): its subject runs to the end of the title, before the verb or the punctuation after it
_LOWER_KIND_ON = r"(?:regulations?|provisions|measures|rules)\s+(?:on|for|concerning|governing)"  # "regulations on"
_EN_KIND_FIRST_LOWER = re.compile(
    rf"(?:\bthe\s+(?:(?:PRC|China's|Chinese)\s+)?|\b(?:PRC|China's|Chinese)\s+)(?:State\s+Council(?:'s)?\s+)?"
    rf"({_LOWER_KIND_ON}\s+"
    r"(?:the\s+)?[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,9}?)(?=\s+(?:say|says|said|state|states|provide|provides|require|"
    r"requires|cover|covers|contain|contains|mean|means)\b|\s*[?？,，.;:]|\s*$)")
_KIND_FIRST = {"regulation": "条例", "regulations": "条例", "provisions": "规定", "measures": "办法", "rules": "规则",
               "law": "法"}
# "the Law of the People's Republic of China on …": the words between a kind and its subject
_OF_CHINA = re.compile(r"^(?:of\s+the\s+(?:PRC|People's\s+Republic\s+of\s+China)\s+(?=on|for|concerning|governing|"
                       r"[Aa]gainst))?(?:on|for|of|concerning|governing|[Aa]gainst)\s+")


def cn_numeral(n: int) -> str:
    """Chinese numeral of a clause number; numbers no clause uses (over 999, negative) stay in digits."""
    return int_to_cn(n) if 0 <= n < 1000 else str(n)


class ClauseRef(NamedTuple):
    """A reference to a clause found in a question."""

    item: int | None = None
    section: int | None = None
    article: int | None = None
    paragraph: int | None = None
    point: int | None = None
    kuan: int | None = None  # 第二十八条第二款: a paragraph of an article (answered with the article)
    docs: tuple[str, ...] = ()  # documents the question names
    label: str | None = None  # an English section's label ("Section 442.571"), matched as the parser wrote it
    headed: str | None = None  # "Chapter 3", "Part 2": the heading an English or Markdown document starts it with
    sub: tuple[str, ...] = ()  # "§ 3006A(a)(2)", "section 327-14(h)": the subsections of the labelled section, in turn


def roman_value(numeral: str) -> int:
    """The value of a Roman numeral ("XVII": 17; "iv": 4)."""
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    digits = [values[ch] for ch in numeral.lower()]
    return sum(-d if i + 1 < len(digits) and d < digits[i + 1] else d for i, d in enumerate(digits))


def _roman_item(question: str) -> ClauseRef | None:
    """"item (III) of Part II", "clause (xvii)": the Roman-numbered item as a label (matched in a text that labels it
    so) in the part its question names."""
    m = _ROMAN_ITEM.search(question)
    if m is None:
        return None
    numeral = next(g for g in m.groups() if g)
    if not _VALID_ROMAN.fullmatch(numeral):
        return None  # no numeral ("(XIV)" is; "(IIII)" is not)
    part = _ROMAN_PART.search(question)
    return ClauseRef(label=f"({numeral})", section=roman_value(part.group(1)) if part else None)


_ROMAN_LABEL = re.compile(r"\(([IVXL]+|[ivxl]+)\)")
_VALID_ROMAN = re.compile(r"(?=[ivxl])(?:xl|l?x{0,3})(?:ix|iv|v?i{0,3})", re.I)  # one to forty-nine


def _num(token: str) -> int:
    token = token.lower()
    if token.isdigit():
        return int(token)
    if token in _EN_NUMBERS:
        return _EN_NUMBERS[token]
    if token in EN_ORDINALS:
        return EN_ORDINALS[token]
    return cn_number(token)


class DocNumber(NamedTuple):
    """A 文号 found in a text: its Han prefix, year and number as written, and where it is."""

    prefix: str
    year: str
    number: str
    start: int
    end: int


def doc_numbers(text: str) -> list[DocNumber]:
    r"""Every 文号 of a text ("国办发〔2018〕53号", "国办发[2018]53号"), as
    `re.finditer(r"([\u4e00-\u9fff]{1,6})\s*[〔\[【（(]\s*(\d{4})\s*[〕\]】）)]\s*(\d{1,4})\s*号", text)` finds them.

    A match's Han prefix ends where its bracketed part (with any space before it) begins, and is the up to six
    Han characters before that, after the previous match; the bracketed parts are found left to right, none
    inside another (only its last character, 号, is Han, so no prefix can end inside one)."""
    found: list[DocNumber] = []
    after = 0  # where the previous match ended
    for m in _DOC_NO_TAIL.finditer(text.translate(_ASCII_BRACKETS)):  # (one character for one: same offsets)
        tail = m.start()
        start = tail
        while start > after and tail - start < _DOC_PREFIX and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        if start < tail:
            found.append(DocNumber(text[start:tail], m.group(1), m.group(2), start, m.end()))
            after = m.end()
    if "令" in text or "公告" in text:  # order and announcement numbers: the Han characters before 令 or 公告 (it
        # included) are the prefix, the year is often absent
        taken = [(d.start, d.end) for d in found]
        for m in _ORDER_NO.finditer(text):
            start = m.start()
            while m.start() - start < _ORDER_PREFIX and start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff":
                start -= 1
            if start < m.start() and not any(s < m.end() and start < e for s, e in taken):
                found.append(DocNumber(text[start:m.end(1)], m.group(2) or "", m.group(3), start, m.end()))
        found.sort(key=lambda d: d.start)
    return found


def order_number(number: str, kind: str = "令") -> tuple[str, str, int] | None:
    """(issuer, year or "", number) of an order number ("国家市场监督管理总局令第43号" → ("国家市场监督管理总局", "",
    43)), or with `kind` "公告" of an announcement's ("商务部公告2025年第21号" → ("商务部", "2025", 21)); None for
    anything else (a 文号 with its year in brackets)."""
    number = re.sub(r"\s+", "", number)
    m = _OWN_ORDER.search(number)
    if not m or m.group(1) != kind:
        return None
    return number[:m.start()], m.group(2) or "", _order_int(m.group(3))


def _order_int(token: str) -> int:
    return int(token) if token.isdigit() else cn_number(token)


def number_matches(number: str, prefix: str | None, year: str, num: int) -> bool:
    """True when a document's 文号 or order number `number` is the one a question names as (prefix, year, num):
    a 文号 by its year and number, its prefix ending the question's (which may carry words before it, "请问国办发");
    an order number (prefix ending in 令) by
    its number, and its year when both give one, the issuers agreeing where the question names one (国务院令 for
    中华人民共和国国务院令, 市场监管总局令 for 国家市场监督管理总局令)."""
    if prefix is not None and prefix.endswith(("令", "公告")):
        kind = "令" if prefix.endswith("令") else "公告"
        own = order_number(number, kind)
        if own is None or own[2] != num or (year and own[1] and own[1] != year):
            return False
        mine, theirs = own[0], prefix[:-len(kind)]
        return (not theirs or mine.endswith(theirs) or theirs.endswith(mine) or theirs[-2:] == mine[-2:]
                or (len(theirs) >= 2 and theirs in mine))  # (one of the co-issuers: "商务部海关总署公告")
    if prefix is None and year and (own := order_number(number, "公告")):  # "No. 21 of 2025": an announcement's
        return own[1:] == (year, num)
    own_prefix = number.split("〔", 1)[0]
    return number.endswith(f"〔{year}〕{num}号") and (not prefix or prefix.endswith(own_prefix))


def _norm_number(s: str) -> str:
    found = doc_numbers(s) if "号" in s else ()
    if found and found[0].prefix.endswith(("令", "公告")):
        return f"{found[0].prefix}{found[0].year + '年' if found[0].year else ''}第{_order_int(found[0].number)}号"
    return f"{found[0].prefix}〔{found[0].year}〕{found[0].number}号" if found else s


def _numbers_in(question: str) -> list[tuple[str | None, str, int]]:
    """(prefix or None, year, number) of every 文号 a question mentions, in either language."""
    found: list[tuple[str | None, str, int]] = []
    for m in doc_numbers(question) if "号" in question else ():
        found.append((m.prefix, m.year, _order_int(m.number)))
    for m in _EN_ORDER_NO.finditer(question) if "o." in question else ():
        found.append(("令", "", int(m.group(1))))
    for m in _EN_ANNOUNCEMENT_NO.finditer(question) if "o." in question else ():
        found.append(("公告", m.group(2) or "", int(m.group(1))))
    squashed = question.lower().replace(" ", "")
    prefix = next((zh for en, zh in sorted(_NUMBER_WORD.items(), key=lambda kv: -len(kv[0])) if en in squashed), None)
    for m in _EN_DOC_NO.finditer(question) if any(ch.isdigit() for ch in question) else ():
        year, num = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        found.append((prefix, year, int(num)))
    return found


def strip_doc_numbers(question: str) -> str:
    """The question without its 文号 ("国办发〔2018〕53号", "[2018] No. 53"), so "No. 53" is not read as a clause."""
    for m in reversed(doc_numbers(question) if "号" in question else ()):
        question = question[:m.start] + " " + question[m.end:]
    if not any(ch.isdigit() for ch in question):  # (each match below has one)
        return question
    question = _EN_DOC_NO.sub(" ", question)
    return _EN_ANNOUNCEMENT_NO.sub(" ", _EN_ORDER_NO.sub(" ", question)) if "o." in question else question


_ZH_SECTION_NUMBERED = re.compile(rf"第(?:{_CN_NUM}|\d{{1,3}})(?:部分|大项|节|章|编)")


def strip_clause_refs(text: str) -> str:
    """The text without the clause numbers it names ("第23项", "第十六条第（三）项", "Article 16", "item (15)"),
    so that a claim about item 23 is not read as stating the count 23."""
    if not any(ch.isdigit() or ch in _CN_DIGITS for ch in text):
        return text
    for pattern in (_ZH_ARTICLE, _ZH_KUAN, _ZH_ITEM, _ZH_SECTION_NUMBERED, _EN_SUB_ITEM, _EN_ARTICLE, _EN_ITEM,
                    _EN_ORD_ITEM, _EN_SECTION, _EN_PARA):
        text = pattern.sub(" ", text)
    return text


_CN_DIGITS = frozenset("一二三四五六七八九十百零〇")


def named_documents(question: str, documents: list[Document], names: dict[str, list[str]]) -> tuple[str, ...]:
    """Documents a question names: by 文号 (any bracket style, or "2018 No. 53"), or by a name in the title.

    A document's own 文号 wins over one it merely cites (Chongqing's opinion cites 国办发〔2018〕53号)."""
    found: list[str] = []
    for prefix, year, num in _numbers_in(question):
        own = [d.doc_id for d in documents if d.doc_number and number_matches(d.doc_number, prefix, year, num)]
        cited = [d.doc_id for d in documents if any(number_matches(a, prefix, year, num) for a in d.aliases)]
        found.extend(own or cited)
    if not found:
        for phrase in title_phrases(question):
            found.extend(d.doc_id for d in documents if _title_has(d.title, phrase))
    if not found and any("\u4e00" <= ch <= "\u9fff" for ch in question):  # a title written out without 《》 or
        # a clause number after it ("反补贴条例自公布之日起施行"), its 中华人民共和国 left off
        found.extend(d.doc_id for d in documents if _long_enough(short := _short_title(d.title)) and short in question)
    if not found:  # an acronym only one title carries ("the RCEP guidance", "RCEP指导意见")
        for acronym in dict.fromkeys(re.findall(r"(?<![A-Za-z])[A-Z]{3,}(?![A-Za-z])", question)):
            titled = [d.doc_id for d in documents if re.search(rf"(?<![A-Za-z]){acronym}(?![A-Za-z])", d.title)]
            if not titled and re.search(rf"(?<![A-Za-z]){acronym}\s*(?:{_DOC_KIND_AFTER})", question):  # or, for
                # "China's ODS regulations", the initials of words its file is named with
                # (ozone_depleting_substances_regulations_2018.md; not "the VAT we pay" for value_added_tax_law.md)
                titled = [d.doc_id for d in documents if _initials_in_name(acronym, d.doc_id)]
            if len(titled) == 1:
                found.extend(titled)
    if not found:  # an English title in lower case, called a chapter or a guide ("the foreign exchange controls
        # chapter", "the chapter on methods of payment")
        lowered = fold_case(question)
        found.extend(d.doc_id for d in documents if _title_called(d.title, lowered))
    if not found:  # through the documents that have names (not every document: a corpus may hold 20,000)
        lowered = question.lower()
        hits = {d for d, ns in names.items() if any(n and n.lower() in lowered for n in ns)}
        if hits:
            found.extend(d.doc_id for d in documents if d.doc_id in hits)
    if not found:  # "Article 24 of the Harbin Central Street regulations": 哈尔滨市中央大街步行街区条例, the one Chinese title
        found.extend(_words_all_titled(question, documents))  # that has every word of the name (not 步行 it leaves out)
    return tuple(dict.fromkeys(_law_or_its_rules(question, found, documents)))


def _words_all_titled(question: str, documents: list[Document]) -> list[str]:
    """The one document whose Chinese title has each word of an English title a question names, of two words or more
    before its kind ("the Harbin Central Street regulations": 哈尔滨, 中央, 大街 in 哈尔滨市中央大街步行街区条例), by a
    translation of the word or a word the dictionary defines by it; none when no title or several have them all (a
    shortened name is read one way only: the title may have more words, as a question leaves out 步行街区)."""
    found: list[str] = []
    for phrase in title_phrases(question):
        words = phrase.split()
        if len(words) >= 3 and words[0].lower() in _EN_KIND and words[1].lower() in ("on", "for", "of", "concerning",
                                                                                  "governing"):
            words = words[1:] + words[:1]  # "Measures for Customs Supervision of Express Consignments": the kind last
        if len(words) < 3 or words[-1].lower() not in _EN_KIND:
            continue
        named = [w for w in words[:-1] if w.lower() not in _NOT_NAMING]
        if len(named) < 2:
            continue
        targets = {w: _chinese_for(w) for w in named}

        def titled(kinds: tuple[str, ...]) -> list[str]:
            return [d.doc_id for d in documents if (t := _BRACKETED_END.sub("", d.title.strip("《》 "))).endswith(kinds)
                    and not ("法" in kinds and "办法" not in kinds and t.endswith("办法"))  # (measures are not a law)
                    and any(x in d.title for w in named for x in targets[w])  # (the dictionary's glosses only for
                    and all(any(x in d.title for x in targets[w]) or _glossed_in(w, d.title) for w in named)]  # these)

        kind = _EN_KIND[words[-1].lower()]
        # the kind the question says, else any kind of rules below a law: users call 办法 "regulations" and 条例
        # "rules" (a law stays a law)
        one = titled((kind,))
        if not one and kind != "法":
            one = titled(_RULE_KINDS)
        if len(one) == 1:
            found += one
    return found


_BRACKETED_END = re.compile(r"\s*[（(][^（）()]*[）)]$")  # "……监管办法（海关总署第104号令）": the order's number after it
_NOT_NAMING = frozenset(("the", "of", "and", "on", "for", "china's", "prc", "concerning", "governing"))
# the kinds of rules below a law, by the last characters of their titles
_RULE_KINDS = ("条例", "办法", "规定", "细则", "规则")


_DOC_KIND_AFTER = (r"(?i:regulations?|rules|measures|provisions|law|act|guidelines?|guide|notice|circular|decree|"
                   r"order)\b|条例|办法|规定|法|细则|通知|指南")


def _initials_in_name(acronym: str, doc_id: str) -> bool:
    """True when consecutive words of a file's name start with the acronym's letters, in order (ODS:
    "ozone_depleting_substances_regulations_2018.md")."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", doc_id.rsplit("/", 1)[-1]).lower()
    words = [w for w in re.split(r"[\W_]+", stem) if w and w[0].isalpha()]
    initials = "".join(w[0] for w in words)
    return len(acronym) <= len(words) and acronym.lower() in initials


_IMPLEMENTING = re.compile(r"实施(?:细则|条例|办法|规定)|\bimplement(?:ing|ation) (?:rules|regulations|measures|provisions)\b|"
                           r"\b(?:rules|regulations|measures|provisions) (?:for|on) (?:the )?implement", re.I)


def _law_or_its_rules(question: str, found: list[str], documents: list[Document]) -> list[str]:
    """A law and its implementing rules both named by the law's name ("the WFOE Law": 外资企业法 and
    外资企业法实施细则): the rules when the question says implementing rules, else the law itself."""
    if len(set(found)) < 2:
        return found
    wanted = set(found)
    titles = {d.doc_id: d.title for d in documents if d.doc_id in wanted}
    rules = [d for d in found if _IMPLEMENTING.search(titles.get(d, ""))]
    if not rules or len(rules) == len(found):
        return found
    said = bool(_IMPLEMENTING.search(question))
    return [d for d in found if (d in rules) == said]


def names_one_part(question: str, names: tuple[str, ...] = (), titles: tuple[str, ...] = ()) -> bool:
    """True when a question asks two things or more (several sentences ending in "?", or one asking a second
    thing after ", and how …") and names a document in some of them only ("According to the guide, how many
    airports …? And under China's tendering law, when …?"): the document it names is not where the whole question
    is searched. names: what else names the document (its place, "the Yiwu rules"); a part that speaks of it ("…,
    and how does it …?") names it too. titles: the named documents' titles, when known: a part naming another
    title ("… under China's customs measures") does not name them."""
    parts = re.findall(r"[^.!?。！？]+[?？]", question) if question.count("?") + question.count("？") > 1 else []
    if not parts and names and (m := _SECOND_ASK.search(question)):  # (only when the second thing is asked of
        # another document: "…, and how are such zones run under China's customs measures?")
        second = title_phrases(question[m.end():])
        if second and not any(_title_has(t, phrase) for t in titles for phrase in second):
            parts = [question[:m.start()], question[m.end():]]
    lowered = [p.lower() for p in parts]
    naming = [p for p, low in zip(parts, lowered)
              if any(not titles or any(_title_has(t, phrase) for t in titles) for phrase in title_phrases(p))
              or any(prefix for prefix, _, _ in _numbers_in(p))
              or any(n.lower() in low for n in names)
              or (names and _SPEAKS_OF_IT.search(p))]
    return 0 < len(naming) < len(parts)


# a second thing asked in one sentence: "What do the Yiwu rules say about it, and how are such zones run …?"
_SECOND_ASK = re.compile(r",\s+and\s+(?=(?:how|what|which|when|where|who|whether|can|could|does|do|is|are)\b)", re.I)
# a part that goes on speaking of the document named before it
_SPEAKS_OF_IT = re.compile(r"\b(?:it|its|they|their|them|this|these|that|those)\b|the same", re.I)


_CALLED = (r"(?:chapter|section|part|guide|document|report|page|paper|notice|article|law|act|regulations?|rules|"
           r"measures|provisions|policy|circular)s?")


def _title_called(title: str, lowered: str) -> bool:
    """True when a question writes an English title of two words or more (in any case) as a document's name:
    followed by what kind of text it is, or after "chapter on" ("the foreign exchange controls chapter")."""
    name = " ".join(fold_case(title).split())
    if len(name.split()) < 2 or not name.isascii() or name not in lowered:
        return False
    escaped = re.escape(name)
    return re.search(rf"\b{escaped}\s+{_CALLED}\b|\b{_CALLED}\s+(?:on|about|titled|called)\s+(?:the\s+)?[\"“']?{escaped}\b",
                     lowered) is not None


def without_short_titles(question: str, titles: list[str]) -> str:
    """A Chinese question without the short titles it names its documents by ("违反密码法的话，罚款……": 违反的话，
    罚款……): the name says where to search, and is no term to search for (the English text of 中华人民共和国密码法
    glosses 核心密码 and 商用密码 everywhere but in the clause on fines)."""
    for title in titles:
        if _long_enough(short := _short_title(title)):
            question = question.replace(f"《{short}》", " ").replace(short, " ")
    return question


def _long_enough(short: str) -> bool:
    """Whether a short title names its document in any question that writes it: four characters, or a law's
    three (密码法, 海关法, 公司法: a two-character subject and 法)."""
    return len(short) >= 4 or (len(short) == 3 and short.endswith("法") and not short.endswith("办法"))


def _short_title(title: str) -> str:
    """A Chinese title as a question writes it: without 《》, without a leading 中华人民共和国 and without the English
    translation a bilingual title closes with ("…行政许可法（Law of the People's Republic …）")."""
    title = re.sub(r"\s*[（(][A-Za-z][^（）()]*(?:\([^()]*\)[^（）()]*)*[）)]\s*$", "", title)
    return title.strip("《》 ").removeprefix("中华人民共和国")


_THIS = re.compile(r"^(?:这个|那个|这份|那份|这部|那部|这项|那项|该|本|此|上述|前述)")
_KIND_ONLY = re.compile(r"(?:法|条例|规定|办法)")


def title_phrases(question: str) -> list[str]:
    """Laws and regulations a question names by title ("对外贸易法", "《海关法》", "Foreign Trade Law")."""
    found = []
    bare = strip_doc_numbers(question)
    zh_titles = _ZH_TITLE.finditer(bare) if any(k in bare for k in ("《", "法", "条例", "规定")) else ()  # all it needs
    for m in zh_titles:
        phrase = m.group(1) or _THIS.sub("", _ZH_LEAD_IN.sub("", m.group(2)))
        if len(phrase) >= 2 and (m.group(1) or not _KIND_ONLY.fullmatch(phrase)):  # (not "这个办法": no title)
            found.append(phrase)
    folded = fold_case(question)
    kind_first = [m for m in _EN_KIND_FIRST.finditer(question)] if any(
        k in question for k in ("Regulation", "Provisions", "Measures", "Rules", "Law")) else []
    found += [" ".join(m.group(0).split()) for m in kind_first]
    lower = [m for m in _EN_KIND_FIRST_LOWER.finditer(question) if not any(
        k.start() <= m.start(1) < k.end() for k in kind_first)] if any(
        k in folded for k in ("regulation", "provisions", "measures", "rules")) else []
    found += [" ".join(m.group(1).split()) for m in lower]
    kind_first += lower
    en_titles = _EN_TITLE.finditer(question) if any(w in folded for w in ("law", "act", "code", "regulation",
                                                                          "provisions", "measures")) else ()
    for m in en_titles:
        group = next(g for g in (1, 2, 3) if m.group(g))
        phrase = " ".join(m.group(group).split()) + ("" if group < 3 else " " + m.group(0).split()[-1].lower())
        start = m.start(group)
        if any(k.start() <= start < k.end() or start <= k.start() < m.end() for k in kind_first):  # (also "the PRC
            # regulations on …", whose "PRC regulations" is no title of its own)
            continue  # ("… of the Provisions on Disclosing Market Regulation": the whole title is named above)
        if not phrase.lower().startswith(("the ", "this ", "that ", "which ", "what ")):
            found.append(phrase)
    return list(dict.fromkeys(found))


def _title_has(title: str, phrase: str) -> bool:
    """True when a document title contains a phrase (an English one also through its Chinese translation),
    or its subject and kind with a word or two between them, as titles are shortened ("外汇条例",
    "the foreign exchange regulations": 外汇管理条例)."""
    if phrase.lower() in title.lower() or phrase.removeprefix("中华人民共和国") in title:
        return True
    short = re.fullmatch(r"([\u4e00-\u9fff]{2,12}?)(条例|办法|规定|法)", phrase.removeprefix("中华人民共和国"))
    if short and (_shortened(short.group(1), short.group(2), title) or _initials(short.group(1), short.group(2), title)):
        return True
    words = phrase.split()
    if len(words) > 2 and words[0].lower() in _KIND_FIRST and (between := _OF_CHINA.match(" ".join(words[1:]))):
        return _kind_first_title(title, _KIND_FIRST[words[0].lower()], " ".join(words[1:])[between.end():].split())
    if len(words) < 2 or words[-1].lower() not in _EN_KIND:
        return False
    from rag.translate import translate_terms

    kind = _EN_KIND[words[-1].lower()]
    named = [w for w in words[:-1] if w.lower() not in ("the", "of", "and", "on", "for", "china's", "prc")]
    if kind == "法" and title.strip("《》 ").endswith("办法"):
        return False  # measures (办法), not a law
    # (not "PRC" or "China's": 中华人民共和国 is in every law's title, and would name any of them)
    targets = [e.target for e in translate_terms(" ".join(w for w in words[:-1] if w.lower() not in ("china's", "prc")),
                                                 "zh")] + _phrase_targets(named)
    if _other_place(named, title, targets):
        return False  # "the Guangdong Free Trade Zone Regulations" are not Shanghai's
    if any(t + kind in title or _shortened(t, kind, title) for t in targets):
        return True
    # a translated term's head word ("rules of origin": 原产地规则, whose 原产地 the 原产地条例 is named by)
    if any(len(w) >= 3 and _shortened(w, kind, title) for t in targets for w in _han_words(t) if w != t):
        return True
    if named and _same_head(named[-1], kind, title):
        return True
    # both ways: each named word is in the title (a translation of it, or a word the dictionary defines by it:
    # "Tendering and Bidding Law" for 招标投标法), and each word of the title's subject is one a named word
    # translates or defines — not the "Company Law" for 企业所得税法, whose 所得税 no named word gives, nor the
    # "Labor Contract Law" for 劳动法
    return (bool(named) and title.strip("《》 ").endswith(kind)
            and all(any(t in title for t in _chinese_for(w)) or _glossed_in(w, title) for w in named)
            and _subject_said(named, title, kind))


def _other_place(named: list[str], title: str, targets: list[str]) -> bool:
    """True when an English name and a Chinese title are of different places: the name has a place of China the
    title does not, and the title one no named word says (the "Guangdong Free Trade Zone Regulations" are not
    中国（上海）自由贸易试验区条例). A place is a proper name the dictionary places in China (not 地区, "zone").
    (Other words are no such test: a title's words are not all a name's translations — "China's refined oil
    measures" are 成品油流通管理办法, nothing saying 流通 — and only a list of laws would tell "China's Labour Law"
    from 劳动合同法.)"""
    words = [w for w in _cut(re.sub(r"[（()）《》]", "", title)) if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
    places = [w for w in named if w[:1].isupper() and _place_name(w)]
    if not places or all(any(t in title for t in _chinese_for(w)) for w in places):
        return False
    said = [t for w in named for t in _chinese_for(w)] + list(targets)
    return any(_place_name(w) and not any(w in t or t in w for t in said) for w in words)


def _place_name(word: str) -> bool:
    """True for a place of China by its proper name, in either language (上海, "Guangdong"; not "zone")."""
    from rag.salience import chinese_place
    from rag.translate import _cedict_zh

    names = list(_chinese_for(word)) if word.isascii() else [word]
    return chinese_place(word) and any(e[1:2].isupper() for name in names for e in _cedict_zh().get(name) or [] if e)


def _phrase_targets(named: list[str]) -> list[str]:
    """The Chinese words CC-CEDICT defines by two or three of the named words together ("express delivery": 快递,
    "credit reporting": 征信), which a word-by-word translation misses (快车 … 交付)."""
    from rag.translate import _en_phrase_table_senses

    words = [w.lower() for w in named]
    return [z for n in (3, 2) for i in range(len(words) - n + 1)
            for z in _en_phrase_table_senses(tuple(words[i:i + n]))[:2] if z]


def _same_head(head: str, kind: str, title: str) -> bool:
    """True when the last word of an English name, in any of its dictionary senses, is the word the Chinese
    title's subject ends with: both languages name a subject head-last ("the Commercial Performances
    Regulations": 演出 of 营业性演出管理条例, a sense the translation's first three, 执行, 履行, 性能, miss); not
    a word further in ("Company Law" is not 企业所得税法, whose subject ends in 所得税)."""
    from rag.tokenize import singular
    from rag.translate import dictionary_senses

    plain = title.strip("《》 ").removeprefix("中华人民共和国")
    if not plain.endswith(kind):
        return False
    subject = re.sub(r"(?:管理|监督管理)$", "", plain[: -len(kind)])
    word = head.lower()
    return any(len(z) >= 2 and subject.endswith(z) for w in dict.fromkeys((word, singular(word)))
               for z in dictionary_senses(w))


def _kind_first_title(title: str, kind: str, words: list[str]) -> bool:
    """True when a Chinese title of that kind (规定 for "Provisions on …") holds at least half the English
    title's words, and two: each as a Chinese translation in it, or as a word of the title read in English
    (rag.titles: "Market Regulation" for 市场监督管理)."""
    if not title.strip("《》 ").endswith(kind) or (kind == "法" and title.strip("《》 ").endswith("办法")):
        return False  # (measures, 办法, are not a law)
    named = [w for w in words if w.lower() not in ("the", "of", "and", "on", "for", "in", "to", "upon", "against", "by",
                                                   "with", "from", "china's", "prc")]
    english = _title_words_in_english(title)
    found = sum(w.lower() in english or any(t in title for t in _chinese_for(w)) or _glossed_in(w, title)
                for w in named)
    return found >= 2 and 2 * found >= len(named)


def _glossed_in(word: str, title: str) -> bool:
    """True when an English word of a named title (or, hyphenated, each of its parts) is in the CC-CEDICT
    definitions of the Chinese title's words, as written or by its base form: "Tendering and Bidding" for
    招标 ("to invite bids") and 投标 ("to bid; to make a tender"), "Sino-Foreign … Joint Ventures" for 中外 and
    合营 ("a joint venture") — the words a dictionary gives that the translation's first senses miss."""
    parts = _parts(word)  # ("anti" is the title's 反, which no segmenter keeps as a word: 反洗钱法, 反垄断法)
    return bool(parts) and all(_glossed(p, _title_glosses(title)) or (p == "anti" and "反" in title) for p in parts)


def _parts(word: str) -> list[str]:
    """An English word lower-cased, a hyphenated one in its parts ("Sino-Foreign": sino, foreign)."""
    return [p for p in word.lower().split("-") if p]


def _glossed(part: str, glosses: frozenset[str]) -> bool:
    """True when a word, as written or by its base form ("bidding": bid), is among dictionary definition words."""
    from rag.translate import lemma_in

    return part in glosses or lemma_in(part, glosses)


@functools.lru_cache(maxsize=65536)
def _title_glosses(title: str) -> frozenset[str]:
    """The English words of the CC-CEDICT definitions of a Chinese title's words (jieba's search cut), lower
    case, plural nouns also singular; once per title."""
    return frozenset(w for word in _han_words(title.strip("《》 ")) for w in _glosses(word))


@functools.lru_cache(maxsize=65536)
def _glosses(word: str) -> frozenset[str]:
    from rag.tokenize import singular
    from rag.translate import definition_words

    words = definition_words(word)
    return frozenset(words) | {singular(w) for w in words}


_TITLE_VERBS = re.compile(r"^(?:(?:防范|处置|预防|防止|制止|禁止|打击|惩治|促进|推进|规范|加强)(?:和|与|及|、)?)+")


def _subject_said(named: list[str], title: str, kind: str) -> bool:
    """True when every word of a Chinese title's subject (中华人民共和国 and the kind left out, jieba's accurate
    cut) is said by a named English word: inside one of its translations, or defined by it in the dictionary."""
    subject = title.strip("《》 ").removeprefix("中华人民共和国").removesuffix(kind)
    # a title that opens with what it does to its subject (防范和处置非法集资条例, 禁止传销条例) is named by the
    # subject alone ("the illegal fund-raising regulations"): those verbs need no English word
    subject = _TITLE_VERBS.sub("", subject) or subject
    words = [w for w in _cut(subject) if all("\u4e00" <= ch <= "\u9fff" for ch in w)]
    targets = [t for w in named for t in _chinese_for(w)]
    parts = [p for w in named for p in _parts(w)]

    def said(word: str) -> bool:
        return any(word in t or t in word for t in targets) or any(_glossed(p, _glosses(word)) for p in parts)

    # 反洗钱 is "anti-" and 洗钱 ("to launder money"): the word after 反 said by the others
    return bool(words) and all(said(w) or ("anti" in parts and w.startswith("反") and len(w) > 2 and said(w[1:]))
                               for w in words)


@functools.lru_cache(maxsize=65536)
def _title_words_in_english(title: str) -> frozenset[str]:
    """The words of a Chinese title read in English (rag.titles), lower-cased; once per title, as every document
    of a kind is tried against a question's title."""
    from rag.titles import english_title

    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", english_title(title)))


@functools.lru_cache(maxsize=4096)
def _chinese_for(word: str) -> tuple[str, ...]:
    from rag.translate import translate_terms

    return tuple(e.target for e in translate_terms(word, "zh"))


def _han_words(text: str) -> list[str]:
    """The words of a Chinese term as the search segments it (原产地规则: 原产地, 规则)."""
    from rag.tokenize import tokenize

    return [w for w in tokenize(text) if all("\u4e00" <= ch <= "\u9fff" for ch in w)]


def _shortened(subject: str, kind: str, title: str) -> bool:
    """True when a title holds a subject and then its kind with at most four characters between them (外汇 …
    条例 in 外汇管理条例, not in 外汇管理条例实施细则's 细则), the kind ending the title; or the subject's words
    in order, each gap as short ("检疫实施条例": 检疫 … 实施 … 条例 in 进出境动植物检疫法实施条例)."""
    if len(subject) < 2:
        return False
    gap = r"[\u4e00-\u9fff（）()]{0,4}"  # (a place in brackets: 中国（上海）自由贸易试验区条例)
    title = title.strip("《》 ")
    if re.search(re.escape(subject) + gap + re.escape(kind) + "$", title):
        return True
    words = _cut(subject)
    if len(words) > 1 and re.search(gap.join(map(re.escape, words)) + gap + re.escape(kind) + "$", title):
        return True
    # a word the title says otherwise ("代表处条例": 常驻代表机构 in 外国企业常驻代表机构登记管理条例)
    from rag.translate import zh_synonyms

    synonyms = [zh_synonyms(w) for w in words]
    if any(len(said) > 1 for said in synonyms):
        either = ["(?:" + "|".join(map(re.escape, said)) + ")" for said in synonyms]
        if re.search(gap.join(either) + gap + re.escape(kind) + "$", title):
            return True
    # the title's words in another order ("海洋石油对外合作条例": 对外合作开采海洋石油资源条例), most of the title
    body = title.removeprefix("中华人民共和国")
    if len(words) > 1 and body.endswith(kind) and all(w in body for w in words) \
            and sum(map(len, words)) >= len(body[: -len(kind)]) / 2:
        return True
    # a word shortened to its first characters ("市场监管…办法": 监督管理 in 市场监督管理投诉举报处理暂行办法)
    contracted = ["[\u4e00-\u9fff]{0,2}".join(map(re.escape, w)) for w in words]
    return len(words) > 2 and re.search(gap.join(contracted) + gap + re.escape(kind) + "$", title) is not None


def _initials(short: str, kind: str, title: str) -> bool:
    """True when a short name is the title's words by their first characters, the last one the head word's, as
    Chinese shortens titles (商检法: 进出口商品检验法's 商品 and 检验; not 劳动法 for 劳动合同法)."""
    plain = title.strip("《》 ").removeprefix("中华人民共和国")
    if not (2 <= len(short) <= 4 and plain.endswith(kind) and len(plain) > len(kind)):
        return False
    words, i = [part for w in _cut(plain[: -len(kind)]) for part in _tiled(w)], 0
    for ch in short:
        while i < len(words) and not words[i].startswith(ch):
            i += 1
        if i == len(words):
            return False
        i += 1
    return i == len(words)


def _tiled(word: str) -> list[str]:
    """A long word in the shorter dictionary words that tile it from the left (商品检验: 商品, 检验)."""
    if len(word) < 4:
        return [word]
    from rag import lexicon

    inner = {w for w in lexicon.tokenizer_for("jieba", word).cut_for_search(word, HMM=False) if 1 < len(w) < len(word)}
    parts, at = [], 0
    while at < len(word):
        step = max((len(w) for w in inner if word.startswith(w, at)), default=1)
        parts.append(word[at:at + step])
        at += step
    return parts


def _cut(text: str) -> list[str]:
    """A Chinese phrase cut into words, each once (jieba's accurate mode: 检疫实施 → 检疫, 实施)."""
    from rag.tokenize import segment

    return [w for w in segment(text) if w.strip()]


def missing_documents(question: str, documents: list[Document], named: tuple[str, ...],
                      is_lookup: bool) -> list[str]:
    """Documents a question names that the corpus lacks: a 文号 no document has or cites, or (for a
    clause look-up) a law named by title that no document title matches. Empty when any named one is there."""
    if named:
        return []
    numbers = None  # gathered only for a question that carries a 文号 (a pass over every document)
    absent = []
    for prefix, year, num in _numbers_in(question):
        if prefix is None:  # "2018 No. 5" alone may be a year and a measure number, not a 文号
            continue
        if numbers is None:
            numbers = [d.doc_number for d in documents if d.doc_number] + [a for d in documents for a in d.aliases]
        if not any(number_matches(n, prefix, year, num) for n in numbers):
            if prefix.endswith(("令", "公告")):
                mark, word = ("令", "Order") if prefix.endswith("令") else ("公告", "Announcement")
                absent.append(f"{_ZH_LEAD_IN.sub('', prefix)}{year + '年' if year else ''}第{num}号"
                              if len(prefix) > len(mark) else f"{word} No. {num}")
            else:
                absent.append(f"{_ZH_LEAD_IN.sub('', prefix)}〔{year}〕{num}号")
    if is_lookup:  # (not a title that says its kind first, "the Provisions on …", nor a name before a kind in lower
        # case, "the Unreliable Entity List provisions": read too loosely to say it is absent)
        absent.extend(p for p in title_phrases(question) if not _EN_KIND_FIRST.fullmatch(p)
                      and not re.match(rf"{_LOWER_KIND_ON}\b", p)
                      and not p.endswith((" provisions", " measures", "规定", "办法")))  # (货代管理规定: shortened
        # past recognising, as provisions and measures are)
    return list(dict.fromkeys(absent))


_LABEL_KINDS = {
    "paragraph": re.compile(r"¶\d+"),
    "article": re.compile(rf"第{_CN_NUM}条"),
    "item": re.compile(rf"（{_CN_NUM}）"),
    "section": re.compile(_CN_NUM),
    "point": re.compile(rf"{_CN_NUM}是"),
}


def _label_value(label: str) -> int:
    m = re.search(rf"\d+|{_CN_NUM}", label)
    return _num(m.group(0)) if m else 0


def absent_clause(ref: ClauseRef, clauses: list[Clause]) -> tuple[str, str, list[str]]:
    """For a reference a document lacks: (kind, the label asked for, the labels of that kind it has, in order).
    An item of an article the document has: ("item_of_article", "第五条/（三）", the items of that article)."""
    if ref.article is not None and ref.item is not None:  # "第五条第（三）项" of a document that has 第五条
        article = f"第{cn_numeral(ref.article)}条"
        parents = [c.path for c in clauses if c.label == article]
        if parents:
            labels = sorted({c.label for c in clauses if c.path.startswith(parents[0] + "/")
                             and _LABEL_KINDS["item"].fullmatch(c.label)}, key=_label_value)
            return "item_of_article", f"{article}/（{cn_numeral(ref.item)}）", labels
    if ref.label and (sections := [c.label for c in clauses if c.label.startswith("Section ")]):
        return "clause", ref.label, list(dict.fromkeys(sections))
    asked: list[tuple[str, str]] = []
    if ref.paragraph is not None:
        asked.append(("paragraph", f"¶{ref.paragraph}"))
    if ref.article is not None:
        asked += [("article", f"第{cn_numeral(ref.article)}条"), ("item", f"（{cn_numeral(ref.article)}）")]
    if ref.item is not None:
        asked.append(("item", f"（{cn_numeral(ref.item)}）"))
    if ref.section is not None:
        asked.append(("section", cn_numeral(ref.section)))
    if ref.point is not None:
        asked.append(("point", f"{cn_numeral(ref.point)}是"))
    for kind, label in asked:
        labels = sorted({c.label for c in clauses if _LABEL_KINDS[kind].fullmatch(c.label)}, key=_label_value)
        if labels:
            return kind, label, labels
    return (asked[0] if asked else ("item", "?")) + ([],)


def resolve_doc_id(name: str, doc_ids) -> str:
    """A document id from what a user typed: the id, the id without its extension, or a unique prefix."""
    ids = sorted(doc_ids)
    if name in ids:
        return name
    stem = [d for d in ids if d.rsplit(".", 1)[0] == name]
    if len(stem) == 1:
        return stem[0]
    matches = [d for d in ids if name and d.startswith(name)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise RagError(f"document {name!r} is ambiguous: it could be {', '.join(matches)}; give more of its name")
    known = ", ".join(ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
    raise RagError(f"unknown document {name!r}; known: {known or 'none'} (`rag show` lists them)")


def _search(pattern, text: str, *needles: str):
    """`pattern.search(text)`, or None without compiling the pattern when `text` holds none of `needles`
    (literals every match contains): most questions name no clause, and these patterns are many."""
    return pattern.search(text) if any(n in text for n in needles) else None


def _en_search(pattern, text: str):
    """`pattern.search(text)` for the English clause patterns, each of which needs one of _EN_CLAUSE_WORDS."""
    folded = fold_case(text)
    return pattern.search(text) if any(w in folded for w in _EN_CLAUSE_WORDS) else None


def parse_ref(question: str) -> ClauseRef | None:
    """The clause number(s) a question asks for, or None when it asks for none."""
    item = section = article = paragraph = point = None
    question = strip_doc_numbers(question)
    kuan = None
    if m := _search(_ZH_ARTICLE, question, "条"):
        article = _num(m.group(1))
        if k := _search(_ZH_KUAN, question[m.end():], "款"):
            kuan = _num(k.group(1))
            question = question[:m.end()] + question[m.end():].replace(k.group(0), "")
    elif m := _EN_ARTICLE_ROMAN.search(question):  # "GATT Article XXIV": the article numbered 24
        article = roman_value(m.group(1))
        question = question.replace(m.group(0), " ")
    elif m := _en_search(_EN_ARTICLE, question):  # "Article 16 of the Foreign Trade Law" (an item where no articles)
        article = _num(m.group(1))
        if s := _en_search(_EN_SUB_ITEM, question):
            item = _num(next(g for g in s.groups() if g))
        question = question.replace(m.group(0), " ")
        if item is not None:
            return ClauseRef(item=item, article=article)
    if m := _search(_ZH_ITEM, question, "（", "(", "第"):
        item = _num(next(g for g in m.groups() if g))
    if m := _search(_ZH_SECTION, question, "第", "、"):
        section = _num(m.group(1) or m.group(2))
    if m := _search(_ZH_POINT, question.replace("是否", ""), "是"):
        if item is not None or section is not None:
            point = _num(m.group(1))
    if item is None and article is None and (m := _en_search(_EN_ITEM, question)
                                             or _en_search(_EN_ORD_ITEM, question)):
        item = _num(m.group(1))
    if section is None and (m := _en_search(_EN_SECTION, question)):
        section = _num(m.group(1))
    if m := _en_search(_EN_PARA, question):
        paragraph = _num(m.group(1))
    label = f"Section {_arabic(m.group(1) or m.group(2))}" if (m := _search(
        _EN_SECTION_LABEL, question, "ection", "ECTION", "ec.", "EC.", "§", "第", "U.S.C", "USC", "CFR", "C.F.R")) else None
    if label is None and (m := _search(_BARE_SECTION, question, "(", "（")):
        label = f"Section {m.group(1)}"
    sub = tuple(_SUB_LABEL.findall(chain.group(0))) if label and (chain := _SUB_CHAIN.match(question, m.end())) else ()
    if label and not sub and (before := _SUB_BEFORE.search(question, 0, m.start())):  # "paragraph (a) of 19 CFR 134.43"
        sub = (before.group(1),)
    headed = None
    if label is None and (m := _en_search(_EN_HEADED, question)):  # "Chapter 3 of the … summary": its heading
        headed = f"{m.group(1).title()} {_num(m.group(2))}"
    elif label is None and (m := _search(_ZH_CHAPTER, question, "章")):
        headed = f"Chapter {_num(m.group(1))}"
        if section is None and article is None and item is None:
            return ClauseRef(headed=headed)
    if item is None and article is None and label is None and (roman := _roman_item(question)):
        return roman  # "item (III) of Part II": an item numbered as English translations number （三）
    if item is None and article is None and section is None and paragraph is None:
        return ClauseRef(label=label, sub=sub) if label else None
    if item is not None and article is not None and not re.search(
            rf"第(?:{_CN_NUM}|\d{{1,3}})条\s*第?[（(]?(?:{_CN_NUM}|\d{{1,3}})[）)]?(?:项|款)?", question):
        article = None  # "第（十五）条" names an item, not an article; "第十六条第（三）项" names both
    return ClauseRef(item=item, section=section, article=article, paragraph=paragraph, point=point, kuan=kuan,
                     label=label, headed=headed, sub=sub)


def coded_section(ref: ClauseRef) -> bool:
    """True for a code's section number, which names one section whatever the act is called: three digits or more,
    or with letters or dots or dashes in it ("Section 7214a", "Section 134.43", "Section 572-5", "Section 328J-7"),
    not "Section 2"."""
    return bool(ref.label and re.fullmatch(r"Section (?:\d{3,}[A-Za-z]{0,2}|\d+[A-Za-z]{1,2}|"
                                           r"\d+[A-Za-z]{0,2}(?:[.-]\d+[A-Za-z]?)+)", ref.label))


def _arabic(number: str) -> str:
    """A section number as written, or in Arabic digits when written in Chinese numerals (二 → 2)."""
    return str(_num(number)) if re.fullmatch(_CN_NUM, number) else number


def _items_restart(clauses: list[Clause]) -> bool:
    """True when a document's items are numbered within each part (again from （一） in each, or in one part only), not
    through the whole text (国办发〔2018〕53号's （一）…（二十） across its parts, which readers call 第一条…第二十条)."""
    items = [c for c in clauses if _LABEL_KINDS["item"].fullmatch(c.label or "")]
    labels = [c.label for c in items]
    return bool(items) and (len(labels) != len(set(labels)) or len({c.path.rsplit("/", 1)[0] for c in items}) < 2)


def resolve(ref: ClauseRef, clauses: list[Clause]) -> list[Clause]:
    """Clauses matching a reference (already limited to the named documents).

    "第十五条" in a document without articles means its item （十五）, as readers use it; "Section 3" of an English
    document is the clause it labels so."""
    if ref.label and _ROMAN_LABEL.fullmatch(ref.label):
        return _roman_labelled(ref, clauses)
    if ref.label and (labelled := [c for c in clauses if (c.label or "").lower() == ref.label.lower()]):
        return _within(labelled, ref.sub, clauses)
    if ref.label and (labelled := [c for c in clauses if _section_number(c.label) == ref.label[len("Section "):]]):
        return _within(labelled, ref.sub, clauses)  # "Section 7214a" of a code whose heading is "§ 7214a. Additional …"
    if ref.label and (headed := [c for c in clauses if c.heading and c.label == ref.label.split()[-1]]):
        return headed  # "Section 6" of a bill whose sections are headed "6. Report" (not its items (6))
    # "Part 2" of a guide whose heading is "Part 2: WeChat Pay" (not its item (二), nor 第二条); "Chapter 3" or 第三章:
    # the chapter a heading numbers so, in an English text or a Chinese law
    chapter = f"第{cn_numeral(int(ref.headed.split()[1]))}章" if ref.headed and ref.headed.startswith("Chapter") else None
    whole = ref.article is None and ref.item is None and ref.paragraph is None  # (not 第五章第三十九条: its article)
    if ref.headed and whole and (headed := [c for c in clauses if c.label == chapter or (
            _HEADED_AS.match(c.label) and _HEADED_AS.match(c.label).group(0).lower() == ref.headed.lower())]):
        return headed
    found = _resolve(ref, clauses)
    if ref.kuan is not None and ref.item is not None and len(found) > 1:
        # "第十四条第三款第（二）项" of an article with two lists: the item of the list under its third 款 (the first
        # list's items have no 款 in their path: rag/clauses.py, `_second_list`)
        kuan = f"第{cn_numeral(ref.kuan)}款"
        found = [c for c in found if kuan in c.path.split("/")] or [
            c for c in found if not re.search(r"/第[一二三四五六七八九十]+款/", c.path)] or found
    if not found and ref.paragraph is not None:  # "paragraph 6" of a text whose paragraphs are numbered "6."
        found = [c for c in clauses if c.label == str(ref.paragraph)]
    if not found and ref.article is not None and ref.item is None and ref.section is None and _items_restart(clauses):
        found = _resolve(ClauseRef(section=ref.article, point=ref.point), clauses)  # "第二条" of a notice whose parts
        # 一、二、… each number their items from （一）: its part 二 (an item （二） is in several parts)
    if not found and ref.article is not None and ref.item is None:
        found = _resolve(ClauseRef(item=ref.article, section=ref.section, point=ref.point), clauses)
    if not found and ref.section is not None and ref.item is None and ref.article is None:
        found = _resolve(ClauseRef(item=ref.section, point=ref.point), clauses)  # "section (3)" of a （一）… text
    if not found and ref.article is not None and ref.section is None:
        # "第九条", "item (4) of Article 10" of a text numbered 一、二、… (as readers call its parts): its part 九, the
        # item （四） of its part 十
        part = cn_numeral(ref.article)
        found = [c for c in _resolve(ClauseRef(item=ref.item, section=ref.article, point=ref.point), clauses)
                 if part in c.path.split("/")[:-1]] if ref.item is not None else \
            _resolve(ClauseRef(section=ref.article), clauses)
    # beside whatever the number means in Chinese documents (an article, or the item a text without articles numbers
    # so), the clause an English document labels with it: "Article 21", and for "第2节" "Section 2"
    if ref.article is not None and ref.item is None:
        found += [c for c in clauses
                  if (m := _EN_ARTICLE_LABEL.fullmatch(c.label or "")) and _article_value(m.group(1)) == ref.article]
        # and "第二条" of an executive order or an act numbered in sections, none in articles: its "Section 2"
        # (a Chinese reader calls a section 条, as in "第301条")
        articled = {c.doc_id for c in clauses
                    if _EN_ARTICLE_LABEL.fullmatch(c.label or "") or _LABEL_KINDS["article"].fullmatch(c.label or "")}
        found += [c for c in clauses if c.label == f"Section {ref.article}" and c.doc_id not in articled
                  and c not in found]
    if ref.section is not None and ref.item is None and ref.article is None and ref.label is None:
        found += [c for c in clauses if c.label == f"Section {ref.section}"]
    if not found and ref.article is not None and ref.item is None and ref.paragraph is None:
        # a summary whose headings name the article they sum up: "### Critical Infrastructure Requirements
        # (Article 27)", "（第二十七条）"
        found = [c for c in clauses if c.heading and (m := _ARTICLE_IN_HEADING.search(c.heading))
                 and _num(m.group(1) or m.group(2)) == ref.article]
    return found


_SECTION_HEADED = re.compile(r"(?:§+|Sec(?:tion)?\.?)\s*(\d+[A-Za-z]{0,2}(?:[.-]\d+[A-Za-z]{0,2})*)(?![\w-])")


def _section_number(label: str | None) -> str | None:
    """The number of a section a heading labels with its title ("§ 7214a. Additional disclosure": 7214a)."""
    m = _SECTION_HEADED.match(label or "")
    return m.group(1) if m else None


def _roman_labelled(ref: ClauseRef, clauses: list[Clause]) -> list[Clause]:
    """An item asked for by its Roman number ("(III)"): the clause labelled so, else the clause opening a line with it
    (the part whose paragraphs the items are, "II. Key Tasks … (III) Expand imports …"), in the asked part when
    one is named; else the item of that number in a Chinese document (（三）)."""
    label = ref.label or ""
    in_part = (lambda c: _in_roman_part(c, ref.section)) if ref.section is not None else (lambda c: True)
    labelled = [c for c in clauses if c.label == label and in_part(c)]
    if labelled:
        return labelled
    line = re.compile(rf"(?:^|\n)[ \t]*{re.escape(label)}\s")
    opening = [c for c in clauses if line.search(c.text) and in_part(c)]
    if opening:
        smallest = min(len(c.text) for c in opening)
        found = [c for c in opening if len(c.text) == smallest]
        return found if len(found) == 1 else []
    number = roman_value(label.strip("()"))
    return _resolve(ClauseRef(item=number, section=ref.section), clauses)


def _in_roman_part(clause: Clause, part: int) -> bool:
    """True when a clause is in (or is) the part headed with that Roman number ("II. Key Tasks"), or its path says
    so in Chinese (二、)."""
    for step in clause.path.split("/"):
        m = re.match(r"\s*(?:Part\s+)?([IVXL]+)[.、:：\s]", step)
        if m and roman_value(m.group(1)) == part:
            return True
        if step == cn_numeral(part) or step.startswith(f"{cn_numeral(part)}、"):
            return True
    return False


def _within(sections: list[Clause], sub: tuple[str, ...], clauses: list[Clause]) -> list[Clause]:
    """The subsection a citation names under the sections found ("§ 3006A(a)(2)": (a) of § 3006A, then its (2),
    labelled "(a)" and "（2）" by the parser), each the nearest clause so labelled under the one before; as deep as
    the labels go (a subsection the section lacks leaves its section)."""
    found = sections
    for token in sub:
        forms = {f"({token})", f"（{token}）", token}
        if token.isdigit():
            forms.add(f"（{cn_numeral(int(token))}）")
        under = [c for c in clauses if c.label in forms and any(c.path.startswith(s.path + "/") for s in found)]
        if not under:
            break
        depth = min(c.path.count("/") for c in under)
        found = [c for c in under if c.path.count("/") == depth]
    return found


# the article a heading says it sums up, in brackets at its end: "(Article 27)", "(Articles 27-28)", "（第二十七条）"
_ARTICLE_IN_HEADING = re.compile(r"[(（]\s*(?:Articles?|Art\.)\s*(\d+)\s*[)）]\s*$|[(（]第([一二三四五六七八九十百零〇\d]+)条[)）]\s*$")


# an English article's label ("Article 21", "ARTICLE 5", "Art. 3")
# an English article's label: "Article 21", "Article XXIV" of a treaty, "Article II: Scope" (a Roman-numbered one keeps its
# title in its label)
_EN_ARTICLE_LABEL = re.compile(r"(?:Article|ARTICLE|Art\.)\s*(\d+|[IVXL]+)(?:(?<=[IVXL])\s*[:.—–-]\s*\S.*)?")


def _article_value(number: str) -> int:
    return int(number) if number.isdigit() else roman_value(number)


def _is_article(label: str, n: int) -> bool:
    """Whether a clause label is article `n`: 第十六条, or "Article 16" of an English text."""
    return label == f"第{int_to_cn(n)}条" or bool((m := _EN_ARTICLE_LABEL.fullmatch(label)) and _article_value(m.group(1)) == n)


def meant_documents(found: list[Clause], described: list[str], ranked: list[str]) -> list[Clause]:
    """The clauses found for a clause number that matches in several documents, when the question names none:
    only the document it describes or dates (`described`: "China's 1994 State Council notice"), else every one,
    the document its other words are about first (`ranked`: the documents of its retrieved clauses, best first:
    "Article 21 of the UK–Australia origin procedures" before the tax law's 第二十一条)."""
    docs = {c.doc_id for c in found}
    if len(docs) < 2:
        return found
    if meant := next((d for d in described if d in docs), None):
        return [c for c in found if c.doc_id == meant]
    order = {d: i for i, d in enumerate(dict.fromkeys(d for d in ranked if d in docs))}
    return sorted(found, key=lambda c: order.get(c.doc_id, len(order)))


def _resolve(ref: ClauseRef, clauses: list[Clause]) -> list[Clause]:
    def label_is(c: Clause, label: str) -> bool:
        return c.label == label

    out: list[Clause] = []
    for c in clauses:
        parts = c.path.split("/")
        if ref.paragraph is not None and c.path == f"¶{ref.paragraph}":
            out.append(c)
            continue
        if ref.item is not None:
            n = ref.item
            item_labels = {f"（{cn_numeral(n)}）", f"（{n}）", f"第{cn_numeral(n)}条", str(n)}
            if ref.point is not None:
                if c.label == f"{cn_numeral(ref.point)}是" and any(p in item_labels for p in parts[:-1]):
                    out.append(c)
                continue
            if c.label in item_labels:
                if ref.article is not None and not any(_is_article(p, ref.article) for p in parts[:-1]):
                    continue  # "第十六条第（三）项": item (三) of article 16; "Article 20(3)": paragraph 3 of Article 20
                if ref.section is not None and not any(p == cn_numeral(ref.section) for p in parts[:-1]):
                    # numbering that restarts per section needs the section; global numbering does not
                    if any(label_is(o, c.label) and cn_numeral(ref.section) in o.path.split("/")[:-1] for o in clauses):
                        continue
                out.append(c)
            continue
        if ref.article is not None and c.label == f"第{cn_numeral(ref.article)}条":
            out.append(c)
            continue
        if ref.section is not None and ref.item is None and c.path == cn_numeral(ref.section):
            out.append(c)
    # prefer item labels over bare arabic numbers when both matched
    if ref.item is not None and any(c.label.startswith("（") or c.label.startswith("第") for c in out):
        out = [c for c in out if c.label.startswith("（") or c.label.startswith("第")]
    return out


def under_heading(found: list[Clause], question: str) -> list[Clause]:
    """Of clauses one number found under several headings of a document (paragraph 6 of "Verification of proofs
    of origin" and of "Verification of suppliers' declarations"), those under the heading whose words the question
    uses most ("paragraph 6 of the rules on verifying proofs of origin"); all of them when none is used more."""
    from rag.tokenize import tokenize

    parents = {c.id: c.path.rsplit("/", 1)[0] for c in found if "/" in c.path}
    if len(found) < 2 or len(parents) < len(found) or len(set(parents.values())) < 2:
        return found
    asked = set(tokenize(question))
    shared = {c.id: len(asked & set(tokenize(parents[c.id]))) for c in found}
    best = max(shared.values())
    kept = [c for c in found if shared[c.id] == best]
    return kept if best and len(kept) < len(found) else found


def number_clashes(documents: dict[str, Document], records: dict) -> dict[str, tuple[Clash, ...]]:
    """For each document whose own 文号 another document also claims, those other documents.

    records: doc id -> DocRecord (origin, source). A 文号 a document only cites (its aliases) is no claim."""
    by_number: dict[str, list[str]] = {}
    for doc in documents.values():
        if doc.doc_number:
            by_number.setdefault(_norm_number(doc.doc_number), []).append(doc.doc_id)
    out: dict[str, tuple[Clash, ...]] = {}
    for number, ids in by_number.items():
        if len(ids) < 2:
            continue
        for doc_id in ids:
            out[doc_id] = tuple(
                Clash(number, other, documents[other].title, getattr(records.get(other), "origin", "") or "",
                      getattr(records.get(other), "source", None))
                for other in ids if other != doc_id)
    return out


def clash_warning(doc_number: str, doc_ids: list[str], records: dict, lang: str) -> str:
    """One line saying which documents claim the same 文号, with where each came from."""
    who = [f"{d} ({getattr(records.get(d), 'origin', '') or '?'})" for d in doc_ids]
    if lang == "zh":
        return f"注意：{len(who)}份文件都自称{doc_number}：{'、'.join(who)}；请核实来源。"
    return f"warning: {len(who)} documents claim {doc_number}: {', '.join(who)}; check their sources."
