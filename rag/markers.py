"""Clause-number markers: Chinese numerals, the marker kinds, their ranks and labels, and finding them.

Kinds, outermost first (the rank orders them; a marker nests under the open clauses of lower rank):

    annex    附件 / 附件1 (a regulation's attachments, after its last article)
    part     第X编 / Part IV            chapter  第X章 / Chapter 2        jie     第X节
    sec_en   Section 3                  heading  an unnumbered heading line (Markdown, bold, caps)
    section  一、                        article  第X条 / Article 16      item    （一）
    upper    A. (an English list)         point    一是                        arabic   1. / 1.2 / 1.2.3
    sub      （1）                       letter   (a)                     capital (A)

Chinese markers are found anywhere a sentence may start (some scrapes have no line breaks); English
markers only at the start of a line.
"""

from __future__ import annotations

from typing import NamedTuple

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.types import Span

_NUM = "[一二三四五六七八九十百千零〇两]+"
_CN = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_LINE_START = r"(?:(?<![^\n])|(?<=\n\*\*)|(?<=\A\*\*))"  # a line start, also inside "**第一条**"
_AFTER_SENTENCE = r"(?:(?<=^)|(?<=[\n。；：！？）])|(?<=\n\*\*)|(?<=\A\*\*))"
_AFTER_CLAUSE = r"(?:(?<=^)|(?<=[\n。；：]))"
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_LETTERS = frozenset("ivx")  # letters that are also roman numerals: (i) is a letter only after (h)

RANK = {"annex": -1.0, "part": 0.0, "chapter": 1.0, "jie": 2.0, "sec_en": 2.0, "heading": 2.5, "section": 3.0,
        "article": 4.0, "item": 5.0, "upper": 5.5, "point": 6.0, "arabic": 6.0, "inline": 6.0, "sub": 7.0,
        "letter": 8.0, "capital": 8.5}
# kinds whose number may open a short title ("（三）优化通关流程。"); articles and list items do not
TITLE_LIMIT = {"part": 40, "chapter": 40, "jie": 40, "sec_en": 80, "section": 60, "item": 45, "point": 45,
               "arabic": 45, "sub": 45, "upper": 80}

# (kind, pattern, Chinese?) — group 1 is the number
_ZH_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(_LINE_START + rf"第({_NUM}|\d{{1,3}})编")),
    ("chapter", re.compile(_LINE_START + rf"第({_NUM}|\d{{1,3}})章")),
    ("jie", re.compile(_LINE_START + rf"第({_NUM}|\d{{1,3}})节")),
    ("section", re.compile(_AFTER_SENTENCE + rf"({_NUM})、")),
    ("article", re.compile(r"(?:(?<=^)|(?<=[\n。])|(?<=\n\*\*)|(?<=\A\*\*))" + rf"第((?:{_NUM}|\d{{1,4}})条(?:之[一二三四五六七八九十]+)?)")),
    # (not a reference to items: "第（三）、（四）项", "第（一）、（二）、（五）项规定的")
    ("item", re.compile(rf"(?<![第、和或至及])（({_NUM})）")),
    # half-width brackets, as many published law texts print items — only where a clause may start
    # ("第(二)、(三)项" and "出口国(地区)" are references and words, not items)
    ("item", re.compile(_AFTER_CLAUSE + rf"\(({_NUM})\)")),
    ("point", re.compile(_AFTER_CLAUSE + rf"({_NUM})是(?=[\u4e00-\u9fff])")),
    # "附件：绿色债券支持项目目录", "附件：1.……决定书", "附件1" alone on its line: the attachments a regulation or notice
    # lists after its last article, and each attachment printed after it — no part of that article
    ("annex", re.compile(_LINE_START + r"附件\s*(\d{1,2}|[一二三四五六七八九十]{1,3}|)(?:\s*[:：]|(?=[ \t]*(?:\n|$)))")),
]
# "附件：1.……": the first attachment of the list, on the annex's line (the others start lines of their own)
_ANNEX_FIRST = re.compile(_LINE_START + r"附件\s*[:：]\s*(1)[.．、]")
_COMMON_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    # 1. / 1、 / 2.3 / 2.3. / 2.3.1 — a bare "2.3" needs a space after it, "2" alone needs its dot
    ("arabic", re.compile(_LINE_START + r"(\d{1,2}(?:[.．]\d{1,2}){0,3})(?:[.．、](?![\d.．])|(?<=\d[.．]\d)(?=\s)|"
                                        r"(?<=\d[.．]\d\d)(?=\s))")),
    ("sub", re.compile(_AFTER_CLAUSE + r"[（(](\d{1,2})[）)](?:\.(?=[ \t]))?")),  # ("(1). Developed lots: …")
]
# "…。2．确保…。3．高标准…" — numbered points run on inside one paragraph: taken only when the number
# continues the previous point's (1 → 2 → 3), so a figure after a full stop is never a clause number
_INLINE_POINT = re.compile(r"(?<=[。；])(\d{1,2})[.．、](?=[\u4e00-\u9fff])")
# a section's number: "3", "2.3", a state code's chapter and section joined by a hyphen ("§327-14", "§ 12-10-101",
# "§ 2.2-3700"); a code's bracketed section ("[§327-5]", a section not yet enacted as part of the code) is one too
# (and the United States Code's "§ 3006A", "§ 1001", "§ 78A": parser 58); a chapter lettered after its number
# ("§328J-7", "§ 481B-14": parser 61)
_SECTION_NUMBER = (r"(?:\d{1,4}[A-Z]{1,2}(?:-\d{1,4}[A-Za-z]?(?:\.\d{1,3})*)+|"
                   r"\d{1,3}(?:\.\d{1,3})*(?:-\d{1,4}(?:\.\d{1,3})*)*|\d{4,5}[A-Z]{0,2}|\d{1,3}[A-Z]{1,2})")
_NOT_A_REFERENCE = r"(?!(?:\([\w.]{1,4}\))*\s+of\s)(?![ \t]+[a-z])"  # "Part I of the Export Control Reform Act … is
# amended", "Section 4(c) of Executive Order 14257 provided …": a sentence citing a part; "Section 301 exclusions
# …": a hard-wrapped line of running text (a heading's words start with a capital: "§ 2313. Description")
_NOT_CITED = r"(?![ \t]+(?:and|or|to|through)[ \t]+\(\w\))"
_EN_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(_LINE_START + r"(?:Part|PART)\s+([IVXLC]+|\d{1,3})\b\.?" + _NOT_A_REFERENCE)),
    ("chapter", re.compile(_LINE_START + r"(?:Chapter|CHAPTER)\s+([IVXLC]+|\d{1,3})\b\.?" + _NOT_A_REFERENCE)),
    ("sec_en", re.compile(_LINE_START + rf"(?:Section|SECTION|Sec\.|SEC\.|\[?§)\s*({_SECTION_NUMBER})\b\]?\.?"
                          + _NOT_A_REFERENCE)),
    # "Section A.  Sections 442.566 … are repealed": a bill's lettered sections
    ("sec_en", re.compile(_LINE_START + r"(?:Section|SECTION)\s+([A-Z])\.(?=[ \t]+\S)" + _NOT_A_REFERENCE)),
    # "442.566. As used in sections …": a section of a state code, numbered chapter.section, heading its text
    ("sec_en", re.compile(_LINE_START + r"(\d{1,4}\.\d{3,4}[a-z]?)\.(?=[ \t]+[A-Z0-9(\[])")),
    # "2.44.010    City responsibility.", "9.08.040. Noise": a city code's title, chapter and section (its section
    # numbered in three digits, no outline's "1.2.3") heading the section's text (parser 58)
    ("sec_en", re.compile(_LINE_START + r"(\d{1,3}\.\d{1,3}\.\d{3}[A-Za-z]?)\.?(?=[ \t]+[A-Z])")),
    # "A. Scheduling.  Interments must be …", "B. Work on lots": a code section's lettered subsections (a run of
    # A., B., C. …: see `find_markers`)
    ("upper", re.compile(_LINE_START + r"([A-Z])\.(?=[ \t]+[A-Z(\"“])")),
    ("article", re.compile(_LINE_START + r"(?:Article|ARTICLE|Art\.)\s+(\d{1,4})\b\.?" + _NOT_A_REFERENCE)),
    # (not "(a) and (b) with respect to …", "(B) and (E) and that …": a hard-wrapped line that cites two of them)
    ("letter", re.compile(_LINE_START + r"\(([a-z])\)(?=\s)" + _NOT_CITED)),
    # "(A) is charged with a felony …": a statute's subparagraph under its paragraph (1) (parser 58)
    ("capital", re.compile(_LINE_START + r"\(([A-Z])\)(?=\s)" + _NOT_CITED)),
]

# a section's run-in heading in title case and its subsection (a) on the same line
_RUN_IN_FIRST = re.compile(_LINE_START + rf"(?:Section|SECTION|Sec\.|SEC\.|\[?§)\s*{_SECTION_NUMBER}\]?\.?(?:\*\*)?[ \t]+"
                           r"(?:\*\*)?[A-Z][^\n.]{0,100}\.(?:\*\*)?(?:[ \t]+|--|—)(\(a\))(?=\s)")

_CODE_SECTION_FIRST = re.compile(_LINE_START + r"\d{1,4}\.\d{3,4}[a-z]?\.[ \t]+(1\.)(?=[ \t]+\S)")

class Marker(NamedTuple):
    """A clause number found in the text: where it is, its kind and its number as written."""

    start: int
    end: int
    kind: str
    num: str


# a year written digit by digit in Chinese numerals (二○一二年)
CN_YEAR_DIGITS = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
                  "七": "7", "八": "8", "九": "9"}


def cn_number(s: str) -> int:
    """Value of a Chinese numeral (also accepts Arabic digits): 十五 → 15, 二百五十 → 250, 一百零五 → 105."""
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            current = _CN.get(ch, 0)
    return total + current


def int_to_cn(n: int) -> str:
    """Chinese numeral for 1..9999, as used in clause numbers (十五, 二十一, 一百一十五, 二百五十)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    if n >= 10000:
        return str(n)
    size, unit = (1000, "千") if n >= 1000 else (100, "百")
    head, rest = digits[n // size] + unit, n % size
    if rest == 0:
        return head
    if rest < size // 10:
        return head + "零" + int_to_cn(rest)
    return head + ("一" if rest < 20 else "") + int_to_cn(rest)


def roman_number(s: str) -> int:
    """Value of a Roman numeral (IV → 4); Arabic digits pass through."""
    if s.isdigit():
        return int(s)
    values = [_ROMAN.get(ch, 0) for ch in s.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def canonical_cn(num: str) -> str:
    """One spelling per number: 16 / 十六 → 十六, 一百十五 → 一百一十五."""
    value = cn_number(num)
    return int_to_cn(value) if 0 < value < 10000 else num


def make_label(kind: str, num: str) -> str:
    """The label a clause number prints as: 第三章, 二, 第十六条, （十五）, 一是, 2.3, （2）, Article 16."""
    if kind == "article":  # the pattern keeps 条 so that 第五条之一 stays apart from 第五条
        base, _, suffix = num.partition("条")
        return f"第{canonical_cn(base)}条{suffix}"
    if kind in ("part", "chapter", "jie", "section", "item", "point"):
        num = canonical_cn(num)  # 第16章 and 第十六章 (一百十五 and 一百一十五) are one number
    return {
        "part": f"第{num}编",
        "chapter": f"第{num}章",
        "jie": f"第{num}节",
        "section": num,
        "item": f"（{num}）",
        "point": f"{num}是",
        "arabic": num,
        "sub": f"（{num}）",
        "letter": f"({num})",
        "upper": num,
        "capital": f"({num})",
        "sec_en": f"Section {num}",
        "annex": f"附件{num}",
    }.get(kind, num)


def make_en_label(kind: str, num: str) -> str:
    """Labels of English structural markers: Part IV, Chapter 2, Section 3, Article 16."""
    return {"part": f"Part {num}", "chapter": f"Chapter {num}", "article": f"Article {num}"}.get(kind) or make_label(
        kind, num)


def rank(kind: str, num: str) -> float:
    """Nesting rank of a marker: 2.3 nests under 2, 2.3.1 under 2.3."""
    if kind in ("arabic", "sec_en"):
        return RANK[kind] + 0.25 * num.count(".")
    return RANK[kind]


# a section of a Commonwealth act, numbered without the word ("1 Short title and commencement", "2 Interpretation",
# "12A Offences"): its number and a short heading alone on a line, no full stop after it (parser 57)
_BARE_SECTION = re.compile(r"(?m)^(\d{1,3})([A-Z]?)[ \t]+(?!(?:" + "|".join(
    ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
     "December")) + r")\b)([A-Z][^\n]{1,100}?)[ \t]*$")
_MIN_BARE_SECTIONS = 3


def bare_sections(text: str) -> list[Marker]:
    """The sections of an act numbered "1 Short title", "2 Interpretation" …: lines of a number and a short heading
    (twelve words at most, no final stop) numbered 1, 2, 3 … through the text — at least three of them, and not those
    of its table of contents (three or more such lines in a row, with no text between them)."""
    lines = [m for m in _BARE_SECTION.finditer(text)
             if len(m.group(3).split()) <= 12 and not m.group(3).rstrip().endswith((".", ";", ":", ","))]
    follows = {m.start(): text.count("\n", p.end(), m.start()) == 1 for p, m in zip(lines, lines[1:])}
    runs: set[int] = set()  # a table of contents: three lines or more, each right after the one before
    run: list[int] = []
    for m in lines:
        if run and follows.get(m.start()):
            run.append(m.start())
        else:
            run = [m.start()]
        if len(run) >= 3:
            runs.update(run)
    chain: list[Marker] = []
    expected = 1
    for m in lines:
        if m.start() in runs:
            continue
        number = int(m.group(1))
        if number == expected and not m.group(2):
            chain.append(Marker(m.start(), m.end(1), "sec_en", m.group(1)))
            expected += 1
        elif chain and number == expected - 1 and m.group(2):  # "5A" after 5
            chain.append(Marker(m.start(), m.end(2), "sec_en", m.group(1) + m.group(2)))
    return chain if len(chain) >= _MIN_BARE_SECTIONS else []


# a paragraph numbered without a stop, its number set off by two spaces or a tab ("1  The Garden of Peace … was
# designed …", "2\tNEA has …"), as written answers and official letters number theirs (parser 58)
_SPACED_PARAGRAPH = re.compile(r"(?m)^(\d{1,2})(?:[ ]{2,}|\t)(?=[A-Z“\"(])")


def spaced_paragraphs(text: str) -> list[Marker]:
    """The numbered paragraphs of a text that numbers them "1  …", "2  …": the lines so opening numbered 1, 2, 3 …
    through the text, at least two of them; a lone "1  …" or numbers out of order are no list."""
    chain: list[Marker] = []
    for m in _SPACED_PARAGRAPH.finditer(text):
        if int(m.group(1)) == len(chain) + 1:
            chain.append(Marker(m.start(), m.end(1), "arabic", m.group(1)))
    return chain if len(chain) >= 2 else []


def find_markers(text: str, lang: str = "zh", skip: list[Span] | None = None) -> list[Marker]:
    """All clause-number markers in the text, in order, overlaps resolved by position.

    Markers that start inside a skipped span (header, table of contents, navigation) are left out."""
    table = (_ZH_MARKERS if lang == "zh" else _EN_MARKERS) + _COMMON_MARKERS
    found: list[tuple[int, float, Marker]] = []
    for kind, pattern in table:
        for m in pattern.finditer(text):
            end = m.end()
            if text.startswith("**", end):  # "**第一条**": the closing bold mark belongs to the number
                end += 2
            found.append((m.start(), RANK[kind], Marker(m.start(), end, kind, m.group(1))))
    if lang == "zh":
        found += [(m.start(), RANK["inline"], Marker(m.start(), m.end(), "inline", m.group(1)))
                  for m in _INLINE_POINT.finditer(text)]
        found += [(m.start(1), RANK["arabic"], Marker(m.start(1), m.end(), "arabic", "1"))
                  for m in _ANNEX_FIRST.finditer(text)]
    else:  # "Sec. 3. Monitoring and Recommendations.  (a)  The Secretary …": the first subsection on the heading's line
        found += [(m.start(1), RANK["letter"], Marker(m.start(1), m.end(1), "letter", "a"))
                  for m in _RUN_IN_FIRST.finditer(text)]
        # "442.571. 1. Except as provided …": a code section's subsection 1 on the section's line
        found += [(m.start(1), RANK["arabic"], Marker(m.start(1), m.end(1), "arabic", "1"))
                  for m in _CODE_SECTION_FIRST.finditer(text)]
        if not any(kind in ("sec_en", "article") for _, _, (_, _, kind, _) in found):
            found += [(m.start, RANK["sec_en"], m) for m in bare_sections(text)]
        found += [(m.start, RANK["arabic"], m) for m in spaced_paragraphs(text)]
    found.sort(key=lambda t: (t[0], t[1]))
    blocked = sorted(skip or [])
    out: list[Marker] = []
    last_point = None  # the number of the last 1. / 2. point
    last_letter = None  # the last (a) / (b) letter
    last_upper = None  # the last A. / B. letter
    last_capital = None  # the last (A) / (B) letter
    # a list lettered A., B. …: an "A." with a "B." after it, each letter after the one before ("J. Smith" is a name)
    uppers = {mk.num for _, _, mk in found if mk.kind == "upper"}
    capitals = {mk.num for _, _, mk in found if mk.kind == "capital"}  # and so (A), (B) …
    for _, _, mk in found:
        if out and mk.start < out[-1].end:
            continue
        if any(s <= mk.start < e for s, e in blocked):
            continue
        if mk.kind == "inline":
            if last_point is None or int(mk.num) != last_point + 1:
                continue
        if mk.kind == "letter":
            if mk.num in _ROMAN_LETTERS and (last_letter is None or ord(mk.num) != ord(last_letter) + 1):
                continue  # a statute's roman (i) under (B), not the letter after (h): text, like its (ii), (iii)
            last_letter = mk.num
        if mk.kind == "capital":  # (a roman (I) is the letter after (H) only)
            if not ((mk.num == "A" and "B" in capitals) or (last_capital and ord(mk.num) == ord(last_capital) + 1)):
                continue
            last_capital = mk.num
        if mk.kind == "upper":
            if not ((mk.num == "A" and "B" in uppers) or (last_upper and ord(mk.num) == ord(last_upper) + 1)):
                continue
            last_upper = mk.num
        if mk.kind in ("arabic", "inline") and mk.num.isdigit():
            last_point = int(mk.num)
        out.append(mk)
    return out
