"""The asker's language: an English question answered from Chinese clauses gets, for each cited point, a
line in English before the Chinese quote — the document (its 文号 romanised, its issuer), the clause
("Part V, item (15)", "Chapter 6, Article 33"), what its heading is about, and the figures and dates the
quoted sentences hold. The same the other way for a Chinese question over English text. Words the system
translated are marked as such; the verbatim quote that follows stays the evidence."""

from __future__ import annotations

from dataclasses import replace

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.lang import unified_han_end
from rag.markers import CN_YEAR_DIGITS, cn_number
from rag.months import MONTHS
from rag.types import Answer, Citation, Document

_ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
          "XVII", "XVIII", "XIX", "XX"]
_CN = "零〇一二两三四五六七八九十百千"
# (the first character a step must have or "", pattern, English form): a pattern is only tried (and compiled)
# on a step that starts as its matches do
_STEP = [
    ("第", re.compile(rf"^第([{_CN}\d]+)编$"), lambda n: f"Part {n}"),
    ("第", re.compile(rf"^第([{_CN}\d]+)章$"), lambda n: f"Chapter {n}"),
    ("第", re.compile(rf"^第([{_CN}\d]+)节$"), lambda n: f"Section {n}"),
    ("第", re.compile(rf"^第([{_CN}\d]+)条"), lambda n: f"Article {n}"),
    ("第", re.compile(rf"^第([{_CN}\d]+)款$"), lambda n: f"paragraph {n}"),
    ("（", re.compile(rf"^（([{_CN}\d]+)）$"), lambda n: f"item ({n})"),
    ("", re.compile(rf"^([{_CN}]+)是$"), lambda n: f"point {n}"),
    ("", re.compile(rf"^([{_CN}]+)$"), lambda n: f"Part {_ROMAN[n] if n < len(_ROMAN) else n}"),
    ("¶", re.compile(r"^¶(\d+)$"), lambda n: f"paragraph {n}"),
    ("", re.compile(r"^(\d+(?:\.\d+)*)$"), lambda n: f"item {n}"),
]
_ZH_STEP = [
    (re.compile(r"^Part ([IVXLC\d]+)$", re.I), "第{}部分"), (re.compile(r"^Chapter (\d+)$", re.I), "第{}章"),
    (re.compile(r"^Section (\d+)$", re.I), "第{}节"), (re.compile(r"^Article (\d+)$", re.I), "第{}条"),
    (re.compile(r"^¶(\d+)$"), "第{}段"), (re.compile(r"^signature(\d*)$"), "署名{}"),
]


def _number(text: str) -> int | str:
    try:
        return int(text) if text.isdigit() else cn_number(text)
    except (ValueError, KeyError, IndexError):
        return text


def clause_in_english(path: str) -> str:
    """"五/（十五）" → "Part V, item (15)"; "第六章/第三十三条" → "Chapter 6, Article 33"."""
    out = []
    for step in path.split("/"):
        if step.rstrip("0123456789") == "署名":
            out.append("signature")
            continue
        for first, pattern, name in _STEP:
            m = pattern.match(step) if step.startswith(first) else None
            if m:
                value = _number(m.group(1))
                out.append(name(value) if isinstance(value, int) else step)
                break
        else:
            out.append(step)
    return ", ".join(out)


def clause_in_chinese(path: str) -> str:
    """"¶3" → "第3段"; Chinese paths stay as they are; a heading in English words is set apart from the steps
    beside it ("Key Provisions / 第6章", not "Key Provisions第6章")."""
    out = ""
    for step in path.split("/"):
        for pattern, form in _ZH_STEP:
            m = pattern.match(step)
            if m:
                step = form.format(m.group(1))
                break
        else:
            if out and step.isdigit() and not _LATIN_END.search(out):
                step = f"（{step}）"  # "Article 21/1/2": 第21条（1）（2）, not 第21条12
        if out and (_LATIN_END.search(out) or _LATIN_START.match(step)):
            out += " / "
        out += step
    return out


_LATIN_END = re.compile(r"[A-Za-z)]\s*$")
_LATIN_START = re.compile(r"\s*[A-Za-z]")


# the part of a 文号 after its Han prefix; the prefix is scanned (`romanised_number`): a Han class costs a cold
# question ~10 M instructions to compile
_WENHAO_TAIL = re.compile(r"\s*〔(\d{4})〕\s*(\d+)\s*号")


def romanised_number(number: str) -> str:
    """国办发〔2018〕53号 → "Guobanfa [2018] No. 53" (the way English texts cite a 文号); an order number,
    国家市场监督管理总局令第43号 → "State Administration for Market Regulation Order No. 43" (an issuer the glossary
    lacks whole is romanised), and an announcement's, 商务部公告2025年第21号 → "… Announcement No. 21 of 2025"."""
    from rag.lookup import order_number
    from rag.translate import pinyin

    for kind, word in (("令", "Order"), ("公告", "Announcement")):  # (商务部公告2025年第21号: "… Announcement No. 21
        if order := order_number(number, kind):  # of 2025")
            issuer, year, n = order
            issuer = issuer.removeprefix("中华人民共和国")
            names = dict.fromkeys((issuer, issuer.removeprefix("中国"), issuer.removeprefix("国家")))  # (中国人民银行:
            # the glossary's 人民银行, "People's Bank of China"; 国家税务总局: 税务总局)
            whole = [e.target for name in names for e in _terms(name, "en")
                     if e.origin == "glossary" and e.source == name]
            name = whole[0] if whole else (pinyin(issuer).capitalize() or issuer)
            return f"{name} {word} No. {n}" + (f" of {year}" if year else "")
    # re.match(r"\s*([\u4e00-\u9fff]+)\s*〔(\d{4})〕\s*(\d+)\s*号", number): leading space is what str.lstrip
    # removes (both are Unicode's whitespace), and the Han run is taken whole (no shorter one can be followed by 〔)
    start = len(number) - len(number.lstrip())
    end = unified_han_end(number, start)
    m = _WENHAO_TAIL.match(number, end) if end > start else None
    if not m:
        return number
    han = number[start:end]
    return f"{pinyin(han).capitalize() or han} [{m.group(1)}] No. {m.group(2)}"


def _terms(text: str, target: str):
    from rag.translate import translate_terms

    return translate_terms(text, target)


def _glossary(text: str, target: str) -> list[str]:
    return list(dict.fromkeys(e.target for e in _terms(text, target) if e.origin == "glossary"))


def _names_en(text: str) -> list[str]:
    """The glossary's first English name for each body a Chinese text names, in order ("商务部海关总署" →
    Ministry of Commerce, General Administration of Customs)."""
    from rag.translate import translate_terms

    firsts: dict[str, str] = {}
    for e in translate_terms(text, "en"):
        if e.origin == "glossary":
            firsts.setdefault(e.source, e.target)
    return sorted(firsts.values(), key=lambda name: min((text.find(src) for src, t in firsts.items() if t == name)))


_MONEY_ZH = re.compile(r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)\s*(万亿|亿|万)?\s*(美元|元)")
_SCALE = {"万亿": 1e12, "亿": 1e8, "万": 1e4, None: 1.0}


def _money_en(m: re.Match) -> str:
    raw = m.group(1)
    value = float(raw) if raw[0].isdigit() else float(cn_number(raw))
    value *= _SCALE[m.group(2)]
    unit = "US$" if m.group(3) == "美元" else ""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size:
            amount = f"{value / size:.2f}".rstrip("0").rstrip(".") + f" {word}"
            break
    else:
        amount = f"{value:,.0f}"
    return f"{unit}{amount}" + ("" if unit else " yuan")


_FRACTION_EN = {"三分之一": "one third", "三分之二": "two thirds", "四分之一": "a quarter", "二分之一": "one half",
                "一半": "half", "五分之一": "one fifth"}


_DATE_ZH = re.compile(r"((?:19|20)\d\d|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*"
                      r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")


def _date_en(m: re.Match) -> str:
    """"2022年1月24日", "二○一二年四月三十日" → "24 January 2012"."""
    year = "".join(CN_YEAR_DIGITS.get(ch, ch) for ch in m.group(1))
    month, day = (int(x) if x.isdigit() else cn_number(x) for x in (m.group(2), m.group(3)))
    if not 1 <= month <= 12:
        return m.group(0)
    return f"{day} {MONTHS[month - 1]} {year}"


def figures_in_english(sentences: tuple[str, ...]) -> list[str]:
    """The figures and dates of Chinese sentences, written in English."""
    text = "".join(sentences)
    out: list[str] = []
    # each pattern is tried (and compiled: a class of Chinese numerals costs ~2 M instructions) only where a
    # character every match of it holds is in the text
    out += [_money_en(m) for m in _MONEY_ZH.finditer(text)] if "元" in text else []
    out += re.findall(r"\d+(?:\.\d+)?\s*%", text) if "%" in text else []
    out += [en for zh, en in _FRACTION_EN.items() if zh in text]
    dates = list(_DATE_ZH.finditer(text)) if "年" in text and "月" in text and "日" in text else []
    out += [_date_en(m) for m in dates]
    undated = _DATE_ZH.sub(" ", text) if dates else text
    out += [f"{y}" for y in re.findall(r"(?<!\d)((?:19|20)\d\d)年", undated)] if "年" in text else []
    out += [f"{int(n)}x" for n in re.findall(r"(\d+)\s*倍", text)] if "倍" in text else []
    units = re.findall(r"(\d+|[一二两三四五六七八九十]+)\s*个?(工作日|小时|个月|天|年以上|年以下|年内)", text) if any(
        u in text for u in ("工作日", "小时", "个月", "天", "年以", "年内")) else []
    for n, unit in units:
        value = n if n.isdigit() else cn_number(n)
        english = {"工作日": "working days", "小时": "hours", "个月": "months", "天": "days", "年以上": "years or more",
                   "年以下": "years or less", "年内": "years"}[unit]
        if value == 1:  # "1 year or more", "1 month"
            english = english.replace("days", "day").replace("hours", "hour").replace("months", "month").replace(
                "years", "year")
        out.append(f"{value} {english}")
    return list(dict.fromkeys(out))


def gloss(citation: Citation, doc: Document, lang: str, first: bool = True) -> str:
    """The lead line of a cited point, in the asker's language `lang`; `first`: the document's first point
    in the answer (later ones name it by its 文号 alone, when it has one)."""
    clause = citation.clause
    if lang == "en":
        from rag.titles import english_phrase, english_title

        name = romanised_number(doc.doc_number) if doc.doc_number else ""
        title = english_title(doc.title, doc.doc_number) if first or not name else ""
        if title:
            name = f"{name}, “{title}”" if name else f"“{title}”"
        elif first and name and _glossary(doc.issuer or "", "en"):
            name += f" ({_glossary(doc.issuer or '', 'en')[0]})"
        parts = [name or doc.doc_id, clause_in_english(clause.path)]
        heading = english_phrase(clause.heading) if clause.heading else ""
        if heading:
            parts[-1] += f": “{heading[:1].upper() + heading[1:]}”"
        signed = _names_en(" ".join(citation.sentences)) if clause.is_signature else []
        if signed:  # "who signed it?": the bodies by their English names
            parts.append(f"issued by: {', '.join(signed)}")
        numbers = figures_in_english(citation.sentences)
        if numbers:
            parts.append(f"{'dated' if clause.is_signature else 'figures'}: {', '.join(numbers)}")
        marked = [what for what, done in (("title", title), ("heading", heading), ("names", signed)) if done]
        return " — ".join(parts) + (f" ({' and '.join(marked)} translated)" if marked else "")
    title = doc.title if len(doc.title) <= 60 else doc.title[:57] + "…"
    parts = [f"《{title}》（英文文件）", clause_in_chinese(clause.path)]
    about = _glossary(" ".join(citation.sentences), "zh")[:4]
    if about:
        parts.append(f"涉及：{'、'.join(about)}（系统翻译）")
    numbers = re.findall(r"(?:US)?\$\s?\d[\d.,]*\s*(?:billion|million|trillion)?|\d+(?:\.\d+)?\s*(?:%|percent)",
                         " ".join(citation.sentences))
    if numbers:
        parts.append(f"数字：{'、'.join(dict.fromkeys(n.strip() for n in numbers))}")
    return " — ".join(parts)


_GLOSS_LINE = re.compile(r"^\[\d+\] ")


def is_gloss_line(line: str) -> bool:
    """True for a lead line ("[1] Guobanfa [2018] No. 53 — …"); quotes end with their marker instead."""
    return bool(_GLOSS_LINE.match(line))


def with_glosses(answer: Answer, documents: dict[str, Document]) -> Answer:
    """Each cited point led by a line in the asker's language, when the clause is in the other language."""
    if answer.refused or not answer.citations or all(c.clause.lang == answer.lang for c in answer.citations):
        return answer
    blocks, seen = [], set()
    for c in answer.citations:
        sep = "" if c.clause.lang == "zh" else " "
        quote = sep.join(f"{s} [{c.n}]" for s in c.sentences)
        if c.clause.lang != answer.lang:
            first = c.clause.doc_id not in seen
            seen.add(c.clause.doc_id)
            blocks.append(f"[{c.n}] {gloss(c, documents[c.clause.doc_id], answer.lang, first)}\n{quote}")
        else:
            blocks.append(quote)
    return replace(answer, text="\n".join(blocks))
