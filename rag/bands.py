"""Tiers: a rule stated for a band of a measure ("已满10年不满20年的，年休假10天", "between 10 and 20 years of
service", "货值金额5万元以上不满20万元的") answers a question that gives a figure inside that band ("员工已经工作十五年
了，一年能休几天？"), though the question shares none of the band's numbers. `within_band` finds the sentences
whose band holds one of the question's own figures, of the same kind (years with years, yuan with yuan)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from rag import lazyre as re

if TYPE_CHECKING:
    from rag.claims import Figure

_INF = math.inf
# a number written before the figure that closes a band ("between 10 and 20 years": 10 has no unit of its own)
_NUMBER = r"(\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+|one|two|three|four|five|six|seven|eight|nine|ten|" \
          r"eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty)"
# what joins the two ends of a band: "满10年不满20年", "5万元以上20万元以下", "10至20年", "5 to 10 years",
# "between 10 and 20 years", "more than 5 years but less than 10 years"
_JOIN = (r"(?:(?:（含）)?(?:以上|及以上)?(?:（含）)?[，,]?\s*(?:不满|不足|未满|低于|不超过|不到|至|到)|\s*(?:-|–|～|~|至|到)\s*|"
         r"(?:\s+(?:years?|months?|days?|hours?))?(?:\s*,)?\s+(?:to|and|but (?:less|fewer) than|but not (?:more|over) than|"
         r"but under|and (?:less|fewer) than|but below|or more but (?:less|fewer) than)\s+(?:(?:RMB|CNY|USD|US\$|\$)\s?)?)")
_JOINED = re.compile(_JOIN, re.I)
_ABOVE_ONLY = re.compile(r"(?:（含）)?(?:以上|及以上)(?:（含）)?[、，,]?")  # "5万元以上20万元以下"
# a band of what is imposed, not of the case a rule is for: "处5万元以上20万元以下的罚款", "a fine of $5,000 to
# $20,000", "imprisonment of 3 to 10 years"
_PENALTY = re.compile(r"[处罚]|fine|penalt|imprison|sentence|\bjail", re.I)
_TAIL = re.compile(rf"{_NUMBER}\s*(?:万|亿)?\s*(?:[年月天日元岁人名个]|个月|个工作日|工作日|万元|亿元)?{_JOIN}$", re.I)
# one end only: "已满20年的", "20年以上", "more than 20 years", "不满1年的", "under 18"
_AT_LEAST_BEFORE = re.compile(r"(?:已满|满|超过|高于|多于|达到|\bmore than|\bover|\bat least|\bexceeding|\bin excess of)\s*"
                              r"(?:(?:RMB|CNY|USD|US\$|\$)\s?)?$", re.I)
_AT_LEAST_AFTER = re.compile(r"\s*(?:（含）)?(?:以上|及以上|或以上|\s+or (?:more|above|longer|over)|\s+and (?:above|over))", re.I)
_BELOW_BEFORE = re.compile(r"(?:不满|不足|未满|低于|少于|不超过|不到|\bless than|\bfewer than|\bunder|\bbelow|\bup to|"
                           r"\bnot (?:more|exceeding) than|\bnot exceeding)\s*(?:(?:RMB|CNY|USD|US\$|\$)\s?)?$", re.I)
_BELOW_AFTER = re.compile(r"\s*(?:（含）)?(?:以下|以内|之内|\s+or (?:less|fewer|under|below))", re.I)
# the question's figures that say how often or per what, not the asker's case: "一年能休几天", "每年", "per year"
_RATE = re.compile(r"(?:每|\ba |\bper |\beach |\bevery )\s*$", re.I)
_ONE = re.compile(r"一|an?\b|one\b", re.I)  # "一年能休几天", "a year": per year


class Band(NamedTuple):
    kind: str
    low: float  # inclusive
    high: float  # exclusive where the text says 不满/less than; kept inclusive, a case on the edge is the text's
    start: int = 0  # where the band is written
    end: int = 0


class Case(NamedTuple):
    """A figure of the asker's case, and the words it is said with ("工作十五年": 工作)."""
    figure: Figure
    words: frozenset[str]


def bands(text: str) -> list[Band]:
    """The bands a text states a rule for: both ends, or one (an open band: "已满20年的", "under 18")."""
    from rag.claims import figure_spans  # (the figures' parser: imported by a text with a number only)

    out: list[Band] = []
    spans = [(f, a, b) for f, a, b in figure_spans(text) if not f.kind.startswith("calendar")]
    closed: set[int] = set()
    for i, (f, start, end) in enumerate(spans):  # both ends
        low, j, at = _low_end(text, spans[:i], f, start, end)
        if low is not None and low < f.value and not _PENALTY.search(text[max(0, at - 24):at]):
            out.append(Band(f.kind, low, f.value, at, end))
            closed |= {i} if j is None else {i, j}
    for i, (f, start, end) in enumerate(spans):  # one end
        before, after = text[max(0, start - 20):start], text[end:end + 12]
        if i in closed or _PENALTY.search(text[max(0, start - 24):start]):
            continue
        lead = _AT_LEAST_BEFORE.search(before) or _BELOW_BEFORE.search(before)
        at = start - len(lead.group(0)) if lead else start
        if _AT_LEAST_BEFORE.search(before) or _AT_LEAST_AFTER.match(after):
            out.append(Band(f.kind, f.value, _INF, at, end))
        elif _BELOW_BEFORE.search(before) or _BELOW_AFTER.match(after):
            out.append(Band(f.kind, -_INF, f.value, at, end))
    return out


def _low_end(text: str, earlier: list[tuple[Figure, int, int]], f: Figure, start: int,
             end: int) -> tuple[float | None, int | None, int]:
    """The low end of a band the figure at start:end closes, if it closes one; the index of the figure that
    writes it, if one does; where it is written."""
    for j in range(len(earlier) - 1, -1, -1):  # "满10年不满20年", "5万元以上20万元以下"
        g, _, b = earlier[j]
        if b <= start and g.kind == f.kind:
            between = text[b:start]
            if _JOINED.fullmatch(between) or (_ABOVE_ONLY.fullmatch(between) and _BELOW_AFTER.match(text, end)):
                return g.value, j, earlier[j][1]
            break
    m = _TAIL.search(text, max(0, start - 40), start)  # "between 10 and 20 years": 10 has no unit of its own
    if m and (low := _number(m.group(1))) is not None and f.value > 0:
        digits = re.search(r"\d+(?:,\d{3})*(?:\.\d+)?", text[start:end])
        written = _number(digits.group(0)) if digits else None
        return low * (f.value / written if written else 1.0), None, m.start()
    return None, None, start


def _number(word: str) -> float | None:
    from rag.claims import _value

    try:
        return _value(word.replace(",", ""))
    except (ValueError, KeyError):
        return None


def case_figures(question: str, translations: tuple[tuple[str, str], ...] = ()) -> list[Case]:
    """The figures a question gives of the asker's case ("已经工作十五年", "a 30,000-yuan shipment"), not how often
    or per what it asks ("一年能休几天"), each with the words said around it and their `translations`
    ((source, target) pairs of the question's plan)."""
    if not _ANY_NUMBER.search(question):
        return []
    from rag.claims import figure_spans

    out = []
    for f, start, end in figure_spans(question):
        if (f.kind.startswith("calendar") or _RATE.search(question[max(0, start - 6):start])
                or (f.value == 1 and _ONE.match(question, start))):
            continue
        around = question[max(0, start - _AROUND):end + _AROUND // 2]
        words = set(_words(around))
        low = around.lower()
        for source, target in translations:
            if source.lower() in low:
                words.update(_words(target))
        out.append(Case(f, frozenset(words)))
    return out


def within_band(sentence: str, cases: list[Case]) -> bool:
    """Does the sentence state a rule for a band that holds one of these cases (a question's `case_figures`)? The
    band is of the case's measure when the sentence starts with it (a tier of a list: "已满10年不满20年的，……") or
    is written beside a word the case is said with ("累计工作满10年", not "请病假累计2个月以上" for "started four
    months ago")."""
    if not cases:
        return False
    for band in bands(sentence):
        for case in cases:
            f = case.figure
            if f.kind != band.kind or not band.low <= f.value <= band.high or f.value in (band.low, band.high):
                continue
            if _OPENS.fullmatch(sentence[:band.start]) or case.words & set(
                    _words(sentence[max(0, band.start - _BESIDE):band.start] + " " + sentence[band.end:band.end + _BESIDE])):
                return True
    return False


def _words(text: str) -> list[str]:
    """The words of a text that can say what a figure is of (not numbers, units, single characters)."""
    from rag.tokenize import tokenize

    return [w for w in tokenize(text) if len(w) > 1 and not _MEASURE_WORD.fullmatch(w)]


# a number in any form a figure is written in (digits, Chinese numerals, English number words): a question without
# one gives no case, and its answer never loads the figures' parser
_ANY_NUMBER = re.compile(r"\d|[二两三四五六七八九十百千万半]|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|"
                         r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
                         r"seventy|eighty|ninety|hundred|thousand|million|billion|half|double|twice|triple|an? week)\b", re.I)
_AROUND = 30  # characters of a question around its case's figure (half as many after it)
_BESIDE = 12  # characters of a sentence on each side of a band
_OPENS = re.compile(r"[\s(（]*(?:[一二三四五六七八九十]{1,3}|\d{1,2}|[a-z]|[ivx]{1,4})?[)）、.]?\s*"
                    r"(?:已满|满|超过|不满|未满|不足|(?:at least|more than|less than|over|under|between|from)\s*)?", re.I)
_MEASURE_WORD = re.compile(r"[\d.,%]+|[零〇一二两三四五六七八九十百千万]+[年月天日个周岁元]*|[年月天日个周岁元]+|以上|以下|不满|已满|"
                           r"(?:year|month|day|week|hour|time|many|much|old)s?", re.I)
