"""Claims: "Is it true that …?" / "……对吗？" gets a verdict — supported, contradicted or not stated — from
the sentences the answer quotes, by comparing the figures and the direction (rise/fall, allowed/banned,
alone/jointly) on both sides. The quoted sentences stay the evidence; the verdict only reads them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.claimtext import claim_text, is_claim  # noqa: F401 (detection: its own module, imported on every question)
from rag.lookup import EN_ORDINALS, strip_clause_refs, strip_doc_numbers
from rag.markers import CN_YEAR_DIGITS, cn_number
from rag.months import MONTH_NAME, MONTHS

if TYPE_CHECKING:
    from rag.salience import Vocabulary

# ---- figures ------------------------------------------------------------------------------------

_BIG = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
        "bn": 1e9, "m": 1e6}
_EN_WORD = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
            "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
            "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
            "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
_EN_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_EN_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_FRACTIONS = {"一半": 0.5, "半数": 0.5, "减半": 0.5, "half": 0.5, "one-third": 1 / 3, "one third": 1 / 3, "a third": 1 / 3,
              "one-quarter": 0.25, "one quarter": 0.25, "a quarter": 0.25, "two-thirds": 2 / 3, "two thirds": 2 / 3,
              "three-quarters": 0.75, "three quarters": 0.75,
              **{f"{n}{sep}{d}": v / k for n, v in (("one", 1), ("two", 2), ("three", 3), ("four", 4)) for sep in "- "
                 for d, k in (("fifths", 5), ("tenths", 10)) if v > 1},
              "one-fifth": 0.2, "one fifth": 0.2, "a fifth": 0.2, "one-tenth": 0.1, "one tenth": 0.1, "a tenth": 0.1}
_SLASHED = re.compile(r"(?<![\d/.])([1-9])\s?/\s?([2-9]\d?)(?![\d/])")  # a fraction written "2/3"


# (a number in words may be followed by its digits: "sixty (60) days")
_NUM = (r"(\d+(?:[.,]\d+)*|[零〇○一二两三四五六七八九十百千]+|万(?=分之)|"
        rf"(?:{_EN_TENS})(?:-(?:{_EN_UNITS}))?(?:\s*\(\d+\))?(?![a-z])|"
        r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
        r"seventeen|eighteen|nineteen)(?:\s*\(\d+\))?(?![a-z]))")
_FIGURE = re.compile(
    rf"(?:(?:US|S|A|C|HK|NZ)?\$\s?|RMB\s*|CNY\s*|(?:USD|EUR|GBP|HKD|SGD|AUD|CAD)\s*|[¥￥£€]\s?)?{_NUM}(?:\s*|(?<=\d)-(?=(?:day|week|month|year|hour)))(%|％|percent|per cent|个百分点|分之[零〇一二两三四五六七八九十]+|"
    r"(?:万亿|亿|万|thousand|million|billion|trillion|bn)?\s*(?:元|美元|人民币|英镑|欧元|日元|港元|港币|新元|新加坡元|澳元|加元|"
    r"yuan|(?:(?:US|U\.S\.|Hong\s+Kong|Singapore|Australian|Canadian|New\s+Zealand)\s+)?dollars|euros?|RMB)|"
    # physical measures ("2000平方米", "10万吨", "5,000 square metres", "1.5 liters")
    r"(?:万|thousand|million)?\s*(?:平方公里|平方千米|平方米|立方米|公里|千米|公顷|公斤|千克|公升|毫米|厘米|毫克|米|吨|升(?![级高值任学])|"
    r"mm\b|cm\b|mg\b|℃|°\s?C\b|摄氏度|degrees?\s+(?:Celsius|centigrade)\b|"
    r"㎡|m²|square\s+(?:kilomet|met)(?:er|re)s?\b|sq\.?\s?(?:km|m)\b|cubic\s+met(?:er|re)s?\b|kilomet(?:er|re)s?\b|"
    r"km\b|met(?:er|re)s?\b|hectares?\b|tonnes?\b|tons?\b|kilograms?\b|kilos?\b|kg\b|lit(?:er|re)s?\b)|"
    r"万亿|亿|万|thousand|million|"
    r"billion|trillion|bn|倍|times|周岁|岁|years?[- ]old|年|years?|个?月|months?|个?星期|周(?![年岁])|weeks?|天|个?工作日|"
    r"(?:working |business |calendar )?days?|"
    r"日(?=内|以内|之内|后|以后|前|以前|之前|报|申|提|办|[，,。；;：:]|$)|"  # ("时限为90日；": not a date, as "3月31日，" is)
    r"个?小时|hours?|个?部门|departments?|家|项|类|次|categories|名|位|个?人(?![民员])|people|persons|(?:wo)?men\b|children\b)",
    re.I)
_KIND = [("percent", re.compile(r"%|％|percent|per cent|个百分点", re.I)), ("fraction", re.compile(r"分之")),
         ("money", re.compile(r"元|人民币|英镑|港币|dollars|yuan|euros?|RMB|\$", re.I)), ("times", re.compile(r"倍|times", re.I)),
         ("age", re.compile(r"岁|old", re.I)), ("week", re.compile(r"星期|周|weeks?", re.I)),
         ("year", re.compile(r"^年$|^years?$", re.I)), ("month", re.compile(r"月|months?", re.I)),
         ("day", re.compile(r"天|日|days?", re.I)), ("hour", re.compile(r"小时|hours?", re.I)),
         ("bodies", re.compile(r"部门|departments?", re.I)),
         ("people", re.compile(r"名|位|人|people|persons|men$|children", re.I)),  # ("100 women": people)
         # physical measures, each in one unit (the larger first: 平方公里 before 平方米, kilometres before metres)
         ("area:km2", re.compile(r"平方公里|平方千米|square\s+kilomet|sq\.?\s?km", re.I)),
         ("area:m2", re.compile(r"平方米|㎡|m²|square|sq\.?\s?m", re.I)), ("area:ha", re.compile(r"公顷|hectare", re.I)),
         ("volume:m3", re.compile(r"立方米|cubic", re.I)), ("length:km", re.compile(r"公里|千米|kilomet|km", re.I)),
         ("length:mm", re.compile(r"毫米|mm", re.I)), ("length:cm", re.compile(r"厘米|cm", re.I)),
         ("mass:mg", re.compile(r"毫克|mg", re.I)), ("temperature", re.compile(r"℃|°|摄氏度|degree", re.I)),
         ("length:m", re.compile(r"米|met(?:er|re)", re.I)), ("mass:t", re.compile(r"吨|ton", re.I)),
         ("mass:kg", re.compile(r"公斤|千克|kilo|kg", re.I)), ("volume:l", re.compile(r"升|lit(?:er|re)", re.I)),
         ("count", re.compile(r"."))]


_MEASURES = ("area:", "volume:", "length:", "mass:", "temperature")  # the kinds of physical measure (see _KIND)


@dataclass(frozen=True)
class Figure:
    kind: str
    value: float
    working: bool = field(default=False, compare=False)  # days counted as working days ("15个工作日"), shown so
    currency: str = field(default="", compare=False)  # an amount's currency where it is written ("USD", "CNY"), or ""


_ZH_MONTH_OF_YEAR = re.compile(r"(?:(?<=年)\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月|(\d{1,2}|[一二三四五六七八九十]{1,3})月"
                               r"(?=\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]))")
_DAY_OF_MONTH = re.compile(r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]")
_CALENDAR = ("calendar", "calendar-month")  # a year, a month of the year: when, not how much


_ZH_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年(?:\s*([一二三四五六七八九十]{1,3})\s*月(?:\s*([一二三四五六七八九十]{1,3})"
                      r"\s*([日号]))?)?")


def arabic_dates(text: str) -> str:
    """A date written in Chinese numerals in figures (二○○四年一月一日: 2004年1月1日), as the other dates are."""
    if not any(ch in text for ch in "〇○零"):
        return text

    def digits(m) -> str:
        out = "".join(CN_YEAR_DIGITS[ch] for ch in m.group(1)) + "年"
        if m.group(2):
            out += f"{cn_number(m.group(2))}月"
            if m.group(3):
                out += f"{cn_number(m.group(3))}{m.group(4)}"
        return out

    return _ZH_DATE.sub(digits, text)


def _value(number: str) -> float:
    low = re.sub(r"\s*\(\d+\)$", "", number.lower())  # "sixty (60)"
    if low in _EN_WORD:
        return float(_EN_WORD[low])
    if "-" in low and all(w in _EN_WORD for w in low.split("-")):  # "twenty-five"
        return float(sum(_EN_WORD[w] for w in low.split("-")))
    if re.fullmatch(r"[\d.,]+", number):
        return float(number.replace(",", ""))
    return float(cn_number(number))


# a range whose unit is written once, at its end ("10万到50万元", "5至10万元"): the unit is of both ends
_RANGE_UNIT = re.compile(r"(\d+(?:\.\d+)?)(万|亿)?\s*(到|至|~|～|-|–)\s*(\d+(?:\.\d+)?)(万|亿)?(元|美元)")


# 日 after a word that measures time ("提前三十日", "满十五日", "不少于三十日"): days, whatever follows (alone, 三十日
# may be a day of the month)
_LENGTH_IN_DAYS = re.compile(r"(提前|前|满|超过|不少于|不超过|不得少于|不得超过|至少|延长|逾期)(\d+|[零〇○一二两三四五六七八九十百]+)日")


def _unit_both(m) -> str:
    scale = m.group(2) or m.group(5) or ""
    return f"{m.group(1)}{scale}{m.group(6)}{m.group(3)}{m.group(4)}{m.group(5) or ''}{m.group(6)}"


# an amount's currency, as written beside it: a dollar sign or "dollars" alone names none (US, Singapore, Hong Kong)
_CURRENCIES_WRITTEN = [("USD", r"美元|US\$|\bUSD|\bU\.?S\.? dollars?"), ("HKD", r"港元|港币|HK\$|\bHKD|Hong Kong dollars?"),
                       ("SGD", r"新加坡元|新元|S\$|\bSGD|Singapore dollars?"), ("AUD", r"澳元|A\$|\bAUD|Australian dollars?"),
                       ("CAD", r"加元|C\$|\bCAD|Canadian dollars?"),
                       ("JPY", r"日元|\bJPY"), ("EUR", r"欧元|€|\bEUR|\beuros?\b"), ("GBP", r"英镑|£|\bGBP|\bpounds?\b"),
                       ("CNY", r"人民币|\bRMB|\bCNY|\byuan\b|元")]
_CURRENCY_OF = [(code, re.compile(pattern, re.I)) for code, pattern in _CURRENCIES_WRITTEN]


def _currency(amount: str) -> str:
    """The currency an amount is written in ("1万美元": USD, "5000元": CNY, "S$500": SGD), "$" for a dollar of no
    named country ("$1 million", "10 dollars"), "" when it names none."""
    return next((code for code, pattern in _CURRENCY_OF if pattern.search(amount)), "") or \
        ("$" if re.search(r"\$|\bdollars?\b", amount, re.I) else "")


_DOLLARS = frozenset({"$", "USD", "HKD", "SGD", "AUD", "CAD"})


def _other_currency(a: "Figure", b: "Figure") -> bool:
    """True when two amounts are written in two currencies: 1万美元 and 1万元, "$1 million" and 100万元 (a dollar of
    no named country is any country's dollar, and no yuan, euro or pound)."""
    if not (a.kind == b.kind == "money" and a.currency and b.currency) or a.currency == b.currency:
        return False
    return not ("$" in (a.currency, b.currency) and {a.currency, b.currency} <= _DOLLARS)


def figures(text: str) -> set[Figure]:
    """The figures a text states, normalised: 97%, 二分之一 and "half" compare by value and kind (not the numbers
    of the documents and clauses it names)."""
    text = _RANGE_UNIT.sub(_unit_both, strip_clause_refs(strip_doc_numbers(text)))
    spans = figure_spans(text)
    out = {f for f, _, _ in spans}
    for m in re.finditer(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)", text):
        if not any(a <= m.start() < b for f, a, b in spans if f.kind.startswith(_MEASURES)):
            out.add(Figure("calendar", float(m.group(1))))  # (not "2000平方米", an area)
    for n, month in enumerate(MONTHS, 1):
        if re.search(rf"\b{month}\b", text):
            out.add(Figure("calendar-month", float(n)))  # (December is no "12 months")
    for m in _ZH_MONTH_OF_YEAR.finditer(text):  # 2006年1月1日: January
        if 1 <= (n := int(cn_number(m.group(1) or m.group(2)))) <= 12:
            out.add(Figure("calendar-month", float(n)))
    out |= _counted(text)
    for word, value in _FRACTIONS.items():
        # (not the period "the first half" of a year)
        if re.search(rf"(?<![A-Za-z])(?<!first )(?<!second ){re.escape(word)}(?![A-Za-z])", text, re.I):
            out.add(Figure("fraction", round(value, 4)))
    for m in _SLASHED.finditer(text) if "/" in text else ():
        if int(m.group(1)) < int(m.group(2)):  # (not "24/7")
            out.add(Figure("fraction", round(int(m.group(1)) / int(m.group(2)), 4)))
    out |= {Figure("grade", float(_ROMAN.index(g) + 1)) for g in _grades(text)}
    out |= _ordinals(text)
    return out


# the place of a round, a batch, a phase or a session in its series: 第17轮, "the 18th round" (no count of rounds)
_ORDINAL_UNITS = {"轮": "round", "批": "batch", "期": "phase", "届": "session"}
_ORDINAL_ZH = re.compile(r"第\s*(\d{1,3}|[一二两三四五六七八九十百]{1,4})\s*(轮|批|期|届)")
_ORDINAL_EN = re.compile(r"\b(\d{1,3}(?:st|nd|rd|th)|" + "|".join(w for w in EN_ORDINALS if w != "zeroth")
                         + r")\s+(round|batch|phase|session)s?\b", re.I)


def _ordinals(text: str) -> set[Figure]:
    out = {Figure(f"ordinal:{_ORDINAL_UNITS[m.group(2)]}", _value(m.group(1))) for m in _ORDINAL_ZH.finditer(text)}
    for m in _ORDINAL_EN.finditer(text):
        word = m.group(1).lower()
        value = EN_ORDINALS.get(word) or int(re.sub(r"\D", "", word))
        out.add(Figure(f"ordinal:{m.group(2).lower()}", float(value)))
    return out


# grades and classes in Roman numerals: Ⅲ级 (one character each), "Class III", "Schedule II", "Category IV"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_ROMAN_CHARACTERS = re.compile("[\u2160-\u216b]")  # Ⅰ … Ⅻ
_GRADED = re.compile(r"\b(?i:class|category|level|grade|tier|schedule|type)\s+([IVX]{1,4}(?:(?:,?\s*(?:and|or)\s+|,\s*|/|"
                     r"-|–)[IVX]{1,4})*)\b")  # (a separator between numerals: no way to read "IIII…" twice)


_ZH_GRADE = re.compile(r"第([一二三四五六七八九十]{1,2}|\d{1,2})类")  # 第二类医疗器械: Class II


def _grades(text: str) -> list[str]:
    """The Roman numerals of the grades a text names ("Ⅰ、Ⅱ级": I and II; "Class III or IV"; 第二类: II)."""
    out = [_ROMAN[ord(ch) - 0x2160] for ch in _ROMAN_CHARACTERS.findall(text)]
    out += [_ROMAN[n - 1] for m in _ZH_GRADE.finditer(text) if 1 <= (n := int(cn_number(m.group(1)))) <= len(_ROMAN)]
    for m in _GRADED.finditer(text):
        out += [g for g in re.findall(r"[IVX]{1,4}", m.group(1)) if g in _ROMAN]
    return out


# an English count of things, named by the plural noun it counts within three words: "50 revenue-sharing foreign
# films", "twenty … films", "two American acquisitions"; not a word merely ending in s ("£1,000 plus VAT", "90,000
# mass incidents": incidents) (a figure of kind "count:films", compared only with
# counts of the same thing; amounts, lengths of time and percentages have units of their own)
_COUNTED = re.compile(r"(?<![\d.,$])\b(\d{1,3}(?:,\d{3})+(?![\d.,])|\d{1,6}|two|three|four|five|six|seven|eight|"
                      r"nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)\s+((?:[A-Za-z][\w-]*\s+){0,2}?)"
                      r"([a-z]{3,}s(?<!ss)(?<!us)(?<!is)|(?:wo)?men|children)\b", re.I)
_NOT_COUNTED = frozenset("years months days hours weeks times percent dollars yuan categories departments "
                         "thousands millions billions trillions metres meters kilometres kilometers hectares tons "
                         "tonnes kilograms kilos litres liters thirds quarters fifths tenths degrees".split())  # (measures: see _KIND)
_EN_COUNT = {**_EN_WORD, "eleven": 11, "thirty": 30, "forty": 40}
# people counted in English, compared with 人/名 in Chinese ("five representatives": 1至3名代表)
_PEOPLE = frozenset("people persons representatives officers inspectors members staff employees workers officials "
                    "experts judges arbitrators directors soldiers troops prisoners detainees hostages citizens "
                    "nationals residents individuals foreigners students tourists visitors passengers travellers "
                    "travelers civilians refugees migrants journalists personnel teachers doctors nurses lawyers "
                    "patients children adults volunteers women men".split())  # (名, 人, 位 in Chinese: people)


_LARGE_COUNT = 100  # a count claimed at least this large is a fact the source must write (see _compare_figures)


def _writes_number(text: str, value: float) -> bool:
    """True when an English text writes the number anywhere, in figures ("5000", "5,000") or in words ("five")."""
    if value != int(value):
        return False
    n = int(value)
    words = [w for w, v in _EN_COUNT.items() if v == n]
    return re.search(rf"(?<![\d.,]){n:,}(?![\d])|(?<![\d.,]){n}(?![\d])", text) is not None or any(
        re.search(rf"\b{w}\b", text, re.I) for w in words)


def _writes_chinese_number(text: str, value: float) -> bool:
    """True when a text writes the number in Chinese numerals anywhere ("三", "十五", "两")."""
    from rag.markers import cn_number

    for numeral in re.findall(r"[零〇○一二两三四五六七八九十百千万]+", text):
        try:
            if cn_number(numeral) == value:
                return True
        except (ValueError, KeyError, IndexError):
            continue
    return False


def _counted(text: str) -> set[Figure]:
    from rag.tokenize import EN_STOPWORDS

    out = set()
    for m in _COUNTED.finditer(text):
        number, between, noun = m.group(1).lower(), m.group(2).lower().split(), m.group(3).lower()
        if noun in _NOT_COUNTED or noun in EN_STOPWORDS or any(w in EN_STOPWORDS for w in between):
            continue
        value = float(_EN_COUNT[number]) if number in _EN_COUNT else float(number.replace(",", ""))
        if 1900 <= value <= 2100 and number.isdigit():
            continue  # a year ("2011 complaints" is rare; "in 2011 seizures" is a date)
        out.add(Figure("people" if noun in _PEOPLE else f"count:{noun}", value))
    for m in _COUNTED_PARTS.finditer(text):  # "the 22-article regulation", "该法共三十条": how many articles it has
        noun = _PART_NOUNS[(m.group(2) or m.group(4)).lower()]
        out.add(Figure(f"count:{noun}", _value(m.group(1) or m.group(3))))
    return out


# a count of a text's own parts: "a 22-article regulation" (one word, not the 22nd article) or 共/一共 N 条 (not 第N条,
# the article numbered N, nor "30条措施", N measures, which says nothing of the text's length)
_PARTS_COUNTED_EN = re.compile(r"\b\d{1,3}\s+(?:articles|chapters|sections)\b", re.I)
_PART_COUNTS = ("count:articles", "count:chapters", "count:sections")
_PART_NOUNS = {"article": "articles", "chapter": "chapters", "section": "sections", "条": "articles", "章": "chapters",
               "节": "sections"}
_COUNTED_PARTS = re.compile(r"(?<![\d.,])\b(\d{1,3})-(article|chapter|section)\b|"
                            r"(?:一共有?|总共有?|共计|全文共|共有|共)\s*(\d{1,3}|[一二两三四五六七八九十百]+)\s*(条|章|节)(?![\u4e00-\u9fff])", re.I)


# a percentage said of a change ("growing at 15 percent", "an increase of 23.47 percent", "up 8%", "同比增长15%",
# "下降了3%"), which neither supports nor contradicts a level or a share ("half of the market", "税率为15%"); a change
# *to* a figure ("increased to 10 percent", "提高到10%") states the level, and stays a percentage; so does the second
# figure of a range of changes ("15 percent to 20 percent"), by the same words before it
_CHANGE_BEFORE = re.compile(r"(?:\b(?:grow(?:s|ing|n)?|grew|growth|increase[sd]?|increasing|rise[sn]?|rising|rose|up|"
                            r"down|decline[sd]?|declining|fell|fall(?:s|en|ing)?|drop(?:s|ped)?|decrease[sd]?)"
                            r"(?:\s+(?:of|by|at|about|around|approximately|nearly|almost|over|some|more than))*\s*"
                            r"(?:\d[\d.]*\s*(?:%|percent|per cent)\s+to\s+)?|"
                            r"(?:增长|增加|增幅|增速|下降|降低|减少|下滑|上升|提高)(?:了|约|达|超过|近)*)$", re.I)


_TIME_UNIT = re.compile(r"年|个?月|个?星期|周|天|个?工作日|日|个?小时")


def figure_spans(text: str) -> list[tuple[Figure, int, int]]:
    """The amounts, percentages, counts and durations of a text (not calendar years), with where they are."""
    out: list[tuple[Figure, int, int]] = []
    text = _LENGTH_IN_DAYS.sub(r"\1\2天", text)  # "提前三十日在首页……": a length of 30 days, not the 30th (same length)
    if not text.isascii() or re.search(r"\b(?:an?|one)\s+(?:year|month|week|day|hour)\b", text, re.I):
        text = _ONE_UNIT.sub(lambda m: m.group(1) + "1" + " " * (len(m.group(2)) - 1), text)  # "as long as a year"
    for m in _FIGURE.finditer(text):
        number, unit = m.group(1), m.group(2)
        if unit.startswith("日") and text[max(0, m.start() - 1):m.start()] == "月":
            continue  # "3月31日前": a day of the month, not 31 days
        if text[max(0, m.start() - 1):m.start()] == "第" and not _TIME_UNIT.match(unit):
            continue  # an ordinal, no count of things: "善意第三人" (a bona fide third party), "第二类医疗器械" (a grade,
            # see `_grades`); (a year's place, "第3年", is read as its length, which the tiers of a rule go by)
        value = _value(number)
        if unit.startswith("分之"):
            denominator = 1e4 if number == "万" else _value(number)  # 万分之五: five in ten thousand
            value = _value(unit[2:]) / denominator if denominator else 0.0
        if any(c in m.group(0) for c in _CURRENCY_SIGNS):
            unit = unit + " dollars"
        for word, scale in sorted(_BIG.items(), key=lambda kv: -len(kv[0])):  # 万亿 before 万
            if re.search(rf"(?<![a-z]){word}(?![a-z])", unit, re.I):
                value *= scale
                break
        kind = next(k for k, pattern in _KIND if pattern.search(unit))
        if kind == "percent" and _CHANGE_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            kind = "growth"  # "growing at 15 percent annually", "同比增长15%": a change, not a level or a share
        if kind == "year" and value >= 1900:
            continue
        if kind == "month" and unit.startswith("月") and (text[max(0, m.start() - 1):m.start()] == "年"
                                                          or _DAY_OF_MONTH.match(text, m.end())):
            continue  # 2006年1月1日, 三月三十日: a month of the year (see `figures`), not one month
        if kind == "week":  # "two weeks", "两周": 14 days
            kind, value = "day", value * 7
        working = kind == "day" and re.search(r"工作日|working|business", unit, re.I) is not None
        out.append((Figure(kind, round(value, 6 if kind == "fraction" and value < 0.01 else 4), working,
                           _currency(m.group(0)) if kind == "money" else ""), m.start(), m.end()))
    taken = [(a, b) for _, a, b in out]
    for m in _PER_MILLE.finditer(text):  # "月综合费率不得超过24‰": a share of 0.024, as 千分之二十四
        out.append((Figure("fraction", round(float(m.group(1)) / 1000, 6)), m.start(), m.end()))
    for m in _ANNIVERSARY.finditer(text):  # "70周年", "the 80th anniversary": which anniversary
        number = m.group(1) or m.group(2)
        out.append((Figure("anniversary", _value(number)), m.start(), m.end()))
    for m in _MULTIPLE.finditer(text) if text.isascii() else ():  # "double their wage": 2 times (not "twice a year")
        out.append((Figure("times", _MULTIPLES[m.group(1).lower()]), m.start(), m.end()))
    for m in _ONCE.finditer(text) if text.isascii() else ():
        out.append((Figure("count", 1.0), m.start(), m.end()))
    for m in _AGE.finditer(text) if text.isascii() else ():  # "children under eight": an age, which has no unit
        if not any(a <= m.start(1) < b for a, b in taken):
            out.append((Figure("age", _value(m.group(1))), m.start(1), m.end(1)))
    # "$140", "RMB 50,000 to 100,000": an amount with its currency before it and no unit after it
    for m in _BARE_DOLLARS.finditer(text) if any(c in text for c in _CURRENCY_SIGNS) else ():
        for group in (1, 2):
            if m.group(group) and not any(a <= m.start(group) < b for a, b in taken):
                written = _currency(text[max(0, m.start() - 2):m.end()])  # ("S$500": the S before the sign)
                out.append((Figure("money", _value(m.group(group)), currency=written), m.start(group), m.end(group)))
    for m in _EITHER_OR.finditer(text) if re.search(r"\bor\b|[一两三四五六七八九][两三四五六七八九十]", text) else ():
        # "one or two hours", "an hour or two", "两三天": either number, in the unit written once
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3)) if m.group(3) else \
            (m.group(5), m.group(7))
        start = m.start(1) if m.group(1) else m.start(4) if m.group(3) else m.start(5)
        out += [(f, start, start + len(number)) for f, _, _ in figure_spans(f"{number} {unit}")]
    return out


_PER_MILLE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:‰|per mille\b|per mil\b)", re.I)
_EN_SMALL = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})"
_EITHER_OR = re.compile(rf"\b({_EN_SMALL})\s+or\s+{_EN_SMALL}\s+((?:working |business )?(?:hours?|days?|weeks?|months?|years?))\b|"
                        rf"\b(?:an?|one|1)\s+(hour|day|week|month|year)\s+or\s+({_EN_SMALL})\b(?!\s*(?:%|percent|per\b|[a-z]+s\b))|"
                        # (two neighbouring numbers: 两三天, 三五年 is no idiom of "or"; not 一九年 of 二〇一九年)
                        r"(?<![〇○零一二两三四五六七八九十百千])(?=一两|两三|三四|四五|五六|六七|七八|八九)(.)(.)"
                        r"\s*(个?(?:小时|工作日|天|星期|周|月)|年)", re.I)
_ANNIVERSARY = re.compile(r"(\d{1,3}|[一二三四五六七八九十百]{1,4})\s*周年|\b(\d{1,3})(?:st|nd|rd|th)\s+anniversary\b", re.I)
# one of a unit of time written as a word, after a word that measures a length ("within a year", "as long as a
# year", "for an hour"), not a frequency or a rate ("twice a year", "50 films a year", "per day")
_ONE_UNIT = re.compile(r"\b((?:for|within|in|after|than|to|about|over|under|nearly|almost|least|most|of|as|past|last|"
                       r"first|only|just|full|whole|entire|into|by|before|another|extra) )(an?|one)"
                       r"(?=\s+(?:year|month|week|day|hour)s?\b(?!-))", re.I)  # (not "a year-end bonus")
_MULTIPLES = {"double": 2, "doubled": 2, "twice": 2, "triple": 3, "tripled": 3, "treble": 3, "threefold": 3,
              "fourfold": 4, "quadruple": 4, "fivefold": 5, "tenfold": 10}
_MULTIPLE = re.compile(r"\b(" + "|".join(_MULTIPLES) + r")\b(?!\s+(?:a|per|each|every)\b)", re.I)
# one occurrence, said as a count ("held in detention even once", 3次以上行政拘留: a count of times, as 次 writes one;
# not "once a year", "once approved")
_ONCE = re.compile(r"\b(?:even|only|just|at least|at most|no more than)\s+once\b(?!\s+(?:a|per|each|every)\b)", re.I)
_AGE = re.compile(r"\b(?:under|below|over|above|aged|age of)\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|"
                  r"ten|twelve)\b(?!\s*(?:%|percent|per|years?|months?|weeks?|days?|hours?|times|yuan|dollars|"
                  r"million|billion|thousand|[a-z]+s\b))", re.I)
_AMOUNT = r"(\d+(?:,\d{3})*(?:\.\d+)?)(?!\d|[.,]\d|\s*(?:thousand|million|billion|trillion|bn|m)\b)"
_CURRENCY_SIGNS = ("$", "RMB", "CNY", "¥", "￥", "£", "€", "USD", "EUR", "GBP", "HKD", "SGD", "AUD",
                   "CAD")  # (an amount in pounds or euros: "£500")
_BARE_DOLLARS = re.compile(rf"(?:(?:US)?\$|\bRMB|\bCNY|\bEUR|\bGBP|\bHKD|[¥￥£€])\s?{_AMOUNT}(?:\s*(?:to|-|–|and)\s*{_AMOUNT})?", re.I)


def _as_times(f: Figure) -> float | None:
    """A multiple as a number of times: "double" 2, "300%" of a wage 3 (a percentage above 100 only: 100% is a
    whole share, "own 100% of a travel agency", no fine of 1倍)."""
    return f.value if f.kind == "times" else f.value / 100 if f.kind == "percent" and f.value > 100 else None


def _same(a: Figure, b: Figure) -> bool:
    if _other_currency(a, b):
        return False  # 1万美元 is no 1万元
    if {a.kind, b.kind} == {"age", "year"}:  # "records more than five years old": 超过5年
        return abs(a.value - b.value) <= 1e-6
    if {a.kind, b.kind} == {"times", "percent"}:  # "double the daily wage" and 日工资收入的300%
        ta, tb = _as_times(a), _as_times(b)
        return ta is not None and tb is not None and abs(ta - tb) < 0.005
    if a.kind == "percent" and b.kind == "fraction" or a.kind == "fraction" and b.kind == "percent":
        pa = a.value if a.kind == "percent" else a.value * 100
        pb = b.value if b.kind == "percent" else b.value * 100
        return abs(pa - pb) < 0.5
    if a.kind != b.kind and a.kind in _DAYS and b.kind in _DAYS:  # "one year" and "12 months" are the same time
        da, db = a.value * _DAYS[a.kind], b.value * _DAYS[b.kind]
        return abs(da - db) <= 0.03 * max(da, db)
    return a.kind == b.kind and abs(a.value - b.value) <= 1e-6 * max(1.0, abs(a.value))


# lengths of time in days: a claimed "12 months" is the source's "1年". Lengths in other units are not
# comparable, though: a licence valid for "三年" is no contradiction of "10个工作日" to decide on it
_DAYS = {"year": 365.0, "month": 30.0, "day": 1.0}


def _comparable(a: Figure, b: Figure) -> bool:
    if _other_currency(a, b):  # "fines of up to $1 million" is neither stated nor contradicted by a fine in yuan
        return False
    if {a.kind, b.kind} == {"times", "percent"}:
        return _as_times(a) is not None and _as_times(b) is not None
    return a.kind == b.kind or {a.kind, b.kind} in ({"percent", "fraction"}, {"age", "year"})


def figure_preference(question: str):
    """For a claim stating a figure ("最高可罚十倍", "a 20 percent rate"): a test for the sentences that state a
    figure of the same kind, which are the ones that can support or contradict it; None for a claim
    without figures (every on-topic sentence may decide it)."""
    kinds = {f.kind for f in figures(claim_text(question)) if f.kind not in (*_CALENDAR, "month")}  # (a length in
    # months chooses no sentence: "up to six months" is not "自被拒绝之日起六个月" about another right)
    if not kinds:
        return None
    return lambda sentence: any(_comparable(Figure(kind, 0.0), g) for g in figures(sentence) for kind in kinds)


# ---- which figure a claim's words are about ----------------------------------------------------------

def _claim_terms(claim: str, evidence: str) -> list[str]:
    """The claim's content words as they would be written in the evidence: its own tokens (hyphenated ones
    also in parts) and, when the evidence is in the other language, their translations."""
    from rag.lang import has_han
    from rag.tokenize import tokenize

    bare = re.sub(_FIGURE.pattern, " ", claim, flags=re.I)
    terms = [p for t in tokenize(bare) for p in {t, *t.split("-")} if len(p) > 1 and not p.isdigit()]
    if has_han(claim) != has_han(evidence):
        from rag.translate import translate_terms

        # the senses the evidence itself uses ("force": 强迫 there, not 力量)
        terms += [e.target for e in translate_terms(bare, "zh" if has_han(evidence) else "en",
                                                    known=lambda term: term.lower() in evidence.lower())
                  if e.target not in _UNIT_WORDS]  # ("year": 年, the unit of every length in years, no topic)
    return list(dict.fromkeys(terms))


# units a figure is counted in: a claim's word for one ("a year") is no word of what the figure is about
_UNIT_WORDS = frozenset("年 月 日 天 周 星期 小时 分钟 秒 个 次 元 人 名 岁".split())


def _term_positions(term: str, sentence: str) -> list[int]:
    if re.match(r"[\u4e00-\u9fff]", term):
        found = [m.start() for m in re.finditer(re.escape(term), sentence)]
        if not found and len(term) >= 4:  # a compound the text writes with 的 inside it: 无固定期限劳动合同 in
            # "无固定期限的劳动合同" (a dictionary's or glossary's term, against a law's wording)
            found = [m.start() for m in re.finditer("的?".join(map(re.escape, term)), sentence)]
        return found
    stem = term[:-1] if len(term) > 4 and term.endswith("y") else term  # company ~ companies
    return [m.start() for m in re.finditer(rf"(?<![A-Za-z]){re.escape(stem)}", sentence, re.I)]


def _bound_figures(sentence: str, terms: list[str]) -> list[tuple[Figure, frozenset[str]]]:
    """Each figure of a sentence with the claim's words that are about it: a word is about the figure of its
    own clause (between commas), else about the nearest figure ("small firms pay 20 percent, and high-tech
    firms pay 15 percent": high-tech is about 15). A label before a colon is about the figures after it
    ("…25 percent in 2024; Syringes and needles: Increase rate to 50 percent": syringes are about 50)."""
    spans = figure_spans(sentence)
    cuts = [0] + [m.end() for m in re.finditer(r"[，；;：:]|,(?!\d)", sentence)] + [len(sentence) + 1]
    bound: list[set[str]] = [set() for _ in spans]

    def distance(i: int, pos: int) -> int:
        return max(spans[i][1] - pos, pos - spans[i][2], 0)

    def within(start: int, end: int) -> list[int]:
        return [i for i, span in enumerate(spans) if start <= span[1] < end]

    for term in terms:
        for pos in _term_positions(term, sentence):
            k = next(k for k, (a, b) in enumerate(zip(cuts, cuts[1:])) if a <= pos < b)
            own = within(cuts[k], cuts[k + 1])
            if not own and sentence[cuts[k + 1] - 1:cuts[k + 1]] in (":", "：") and k + 2 < len(cuts):
                own = within(cuts[k + 1], cuts[k + 2])
            nearest = min(own or range(len(spans)), key=lambda i: distance(i, pos), default=None)
            if nearest is not None:
                bound[nearest].add(term)
    return [(span[0], frozenset(words)) for span, words in zip(spans, bound)]


def _closest(claim: str, evidence: list[str]) -> str:
    """The evidence sentence(s) holding most of the claim's words ("商务部不得强迫出口经营者作出承诺" for "MOFCOM
    may force exporters to make undertakings", not its neighbour on what MOFCOM may propose)."""
    counts = _claim_word_counts(claim, evidence)
    best = max(counts, default=0)
    return " ".join(s for s, n in zip(evidence, counts) if n == best) if best else ""


def _claim_word_counts(claim: str, evidence: list[str]) -> list[int]:
    """For each evidence sentence, how many of the claim's words (in the evidence's language) it holds."""
    terms = _claim_terms(claim, " ".join(evidence))
    # (a clause a sentence names is none of its words: "第三项" is no "three")
    return [sum(1 for t in terms if _term_positions(t, strip_clause_refs(s))) for s in evidence]


# a part that opens an item of its own ("（三）", "(3)", "二、", "3.", "(c)"): a list's next statement, not the rest
# of the one before it
_OPENS_ITEM = re.compile(r"\s*(?:[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2}|[a-z]|[ivx]{1,4})[）)]|[一二三四五六七八九十]{1,3}、|"
                         r"\d{1,2}[.．、](?!\d))")


def _joined(evidence: list[str]) -> list[str]:
    """The evidence with each part that ends in "；" joined to the part after it (quoted in order): "立即发放
    自动进口许可证明；在特殊情况下，最长不得超过10天" states its 10 days of automatic import licences. An item
    after it stays apart: "（一）海上……500万元；" and "（三）陆路……200万元" are two statements, each with its own
    figure."""
    return _joined_units(evidence, ())[0]


def _joined_units(evidence: list[str], units: tuple[int, ...]) -> tuple[list[str], tuple[int, ...]]:
    """`_joined`, with the cited clause each sentence is from (`units`, in step with the evidence; () when not
    known): a joined sentence is of its first part's clause."""
    out: list[str] = []
    of: list[int] = []
    for i, sentence in enumerate(evidence):
        unit = units[i] if len(units) == len(evidence) else 0
        if out and out[-1].rstrip().endswith(("；", ";")) and not _OPENS_ITEM.match(sentence):
            out[-1] += sentence
        else:
            out.append(sentence)
            of.append(unit)
    return out, tuple(of) if len(units) == len(evidence) else ()


def _about(claim: str, evidence: list[str]) -> str:
    """The evidence sentence(s) most about a claim: those saying when something takes effect, for a claim
    about when it did; else the closest (see `_closest`)."""
    if _EFFECT.search(claim) and (effect := [s for s in evidence if _EFFECT.search(s)]):
        return " ".join(effect)
    return _closest(claim, evidence)


def _rebound(claimed: Figure, claim: str, evidence: list[str]) -> Figure | None:
    """A figure the evidence gives for what the claim is about, in place of the claimed one: in a sentence
    stating the claimed figure about fewer of the claim's words than another figure of its kind (the claim
    put "20 percent" on high-tech firms; the sentence gives them 15 and someone else 20). None otherwise."""
    terms = _claim_terms(claim, " ".join(evidence))
    said = figures(claim)  # (the claim's other figure is no replacement: "10万到50万元" against 10万元以上50万元以下)
    for sentence in evidence:
        pairs = _bound_figures(strip_doc_numbers(sentence), terms)
        same = [words for f, words in pairs if _same(claimed, f)]
        if not same:
            continue
        mine = max(same, key=len)
        instead = [(f, words) for f, words in pairs if (_comparable(claimed, f) or _both_spans(claimed, f))
                   and not _same(claimed, f) and words > mine and not any(_same(f, g) for g in said)]
        if not instead:
            continue
        if _CAP_CLAIMED.search(claim) and len(instead) > 1:  # "as long as a year": the figure a cap is set at
            # ("试用期不得超过六个月"), not the length of what the cap is for ("三年以上……的劳动合同")
            most = max(len(w) for _, w in instead)
            capped = [f for f in _capped(strip_doc_numbers(sentence))
                      if any(f == g and len(w) == most for g, w in instead)]
            if capped:
                return capped[-1]
        return max(instead, key=lambda p: len(p[1]))[0] if any(_comparable(claimed, f) for f, _ in instead) else None
    return None


def _elsewhere(claimed: Figure, claim: str, evidence: list[str]) -> Figure | None:
    """The figure of the one sentence most about a claim, when that sentence gives another figure of the claimed
    one's kind and the claimed figure stands only in sentences about something else ("技术出口……10个工作日":
    the export sentence says 15, the 10 is the import sentence's). None otherwise."""
    if len(evidence) < 2:
        return None
    evidence = _with_leads(evidence)  # (an item is about what its lead-in says: "可以推定……市场支配地位：" before
    # "（三）三个经营者……四分之三的" makes the item, not a later sentence on a tenth, the one about being presumed dominant)
    counts = _claim_word_counts(claim, evidence)
    best = max(counts)
    if not best:
        return None
    # (sentences tied for most about it: each gives a figure of its kind, none the claimed one, and one of them a
    # figure counted as the claimed one is: "3日前，书面通知" and "30个工作日内……书面通知" for "7 days' written notice")
    tied = [figures(strip_doc_numbers(s)) for s, n in zip(evidence, counts) if n == best]
    if not all(any(_comparable(claimed, g) or _both_spans(claimed, g) for g in own) for own in tied):
        return None
    own = set().union(*tied)
    if any(_same(claimed, g) for g in own):
        return None
    other = sorted({g for g in own if _comparable(claimed, g) or _both_spans(claimed, g)}, key=lambda g: (g.kind, g.value))
    if len(other) > 1 and counts.count(best) > 1:  # (calendar days claimed: not the working days of another act)
        other = [g for g in other if g.working == claimed.working]
    if len(other) > 1:  # the one the claim's words are about ("经营全国的……基础电信业务的，
        # ……10亿元；经营增值电信业务的，……1000万元" for a nationwide network: 10亿)
        terms = _claim_terms(claim, " ".join(evidence))
        bound = {g: 0 for g in other}
        for sentence, n in zip(evidence, counts):
            if n == best:
                for f, words in _bound_figures(strip_doc_numbers(sentence), terms):
                    for g in bound:
                        if _same(f, g):
                            bound[g] = max(bound[g], len(words))
        ranked = sorted(bound.values(), reverse=True)
        if ranked[0] > ranked[1]:
            return max(bound, key=bound.get)
        if _CAP_CLAIMED.search(claim):  # "as long as a year": of the figures tied for the claim's words, the one a
            # cap is set at ("试用期不得超过六个月"), not the length of what the cap is for ("三年以上……的劳动合同")
            top = [g for g in other if bound[g] == ranked[0]]
            capped = [g for g in top for sentence, n in zip(evidence, counts) if n == best
                      for f in _capped(strip_doc_numbers(sentence)) if _same(f, g)]
            if len(set(capped)) == 1:
                return capped[0]
    return other[0] if len(other) == 1 or (other and counts.count(best) == 1) else None


# a claim that something may reach a figure at most, and the words that set a cap before a figure
_CAP_CLAIMED = re.compile(r"\b(?:as (?:long|much|many|high) as|up to|at most|no more than|not more than|maximum|"
                          r"a maximum of)\b|最长|最多|最高|不超过|不得超过", re.I)
_CAP_BEFORE = re.compile(r"(?:不得超过|不超过|最长|最多|最高|至多|up to|at most|not (?:more|longer) than|no (?:more|longer) "
                         r"than|a maximum of)\s*$", re.I)


def _capped(text: str) -> list[Figure]:
    """The figures a text sets a cap at ("试用期不得超过六个月", "up to 90 days"), in the order it states them."""
    return [f for f, start, _ in figure_spans(text) if _CAP_BEFORE.search(text[max(0, start - 8):start])]


def _range_ends_otherwise(claim: str, evidence: list[str]) -> str:
    """"5000 ≠ 1000" when the one sentence most about a claim states its every amount (money, a percentage) and
    gives the range they are one end of otherwise ("at most 1,000 yuan" against 1000元以上5000元以下); "" otherwise."""
    said = figures(claim)
    closest = _closest(claim, evidence)
    if not said or not closest or any(f.kind not in _AMOUNTS for f in said if f.kind not in _CALENDAR) \
            or not any(f.kind in _AMOUNTS for f in said):
        return ""
    own = figures(strip_doc_numbers(closest))
    if not all(any(_same(f, g) for g in own) for f in said if f.kind in _AMOUNTS):
        return ""
    return _range_conflict(claim, closest) or _other_end_only(claim, [closest]) or ""


# a figure in a technical unit the figures above do not read: one written with a slash ("40cN/dtex", "0.5mg/m3",
# "100 km/h") or an SI unit with its prefix ("2.4GHz", "500 kWh", "300 MW", "65 dB")
_MEASURE = re.compile(r"(?<![A-Za-z0-9.,])(\d+(?:\.\d+)?)\s?((?:[A-Za-zμ]{1,5}/[A-Za-z0-9]{1,5})|"
                      r"(?:[kMGTmμn]?(?:Hz|Wh|W|V|Pa|dB|bps|ppm)))(?![A-Za-z/])")


def _other_measure(claim: str, evidence: list[str]) -> str:
    """"40cN/dtex ≠ 30cN/dtex" when the claim gives a figure in such a unit that the evidence states in that unit
    only as other figures ("strength of 30cN/dtex or more" against "≥40cN/dtex"); "" otherwise."""
    stated: dict[str, set[float]] = {}
    for m in _MEASURE.finditer(" ".join(evidence)):
        stated.setdefault(m.group(2), set()).add(float(m.group(1)))
    for m in _MEASURE.finditer(claim):
        value, unit = float(m.group(1)), m.group(2)
        if stated.get(unit) and value not in stated[unit]:
            other = min(stated[unit], key=lambda v: abs(v - value))
            return f"{other:g}{unit} ≠ {value:g}{unit}"
    return ""


def _first_clause_otherwise(claimed: Figure, claim: str, evidence: list[str],
                            units: tuple[int, ...]) -> Figure | None:
    """The figure the clause cited first gives, when it gives one figure of the claimed one's kind, another, and the
    claimed figure stands only in clauses cited after it: "fish farming in port waters can be fined up to 50,000
    yuan" against the article on fish farming in port waters (可以处一万元以下罚款), where the 五万元 is another
    article's, on dumping. The clause cited first is the one the search found most about the whole claim, which an
    English claim's words cannot always tell across languages (养殖 for "fish farming"). Only across languages: in
    the claim's own language its words tell which sentence a figure is of (`_rebound`, `_elsewhere`), and a clause
    ranked first for sharing them may be about another thing than the claim. None otherwise."""
    from rag.lang import has_han

    if len(units) != len(evidence) or len(set(units)) < 2 or claimed.kind not in _AMOUNTS:
        return None
    own = [s for s, u in zip(evidence, units) if u == units[0]]
    if any(has_han(s) == has_han(claim) for s in own):
        return None
    first = set().union(*(figures(strip_doc_numbers(s)) for s in own))
    if any(_same(claimed, g) for g in first):
        return None
    other = {g.value: g for g in first if _comparable(claimed, g) and not _both_spans(claimed, g)}
    return next(iter(other.values())) if len(other) == 1 else None


def _both_spans(a: Figure, b: Figure) -> bool:
    """True for two calendar lengths of time in different units ("一年" and "6个月"): in the one sentence about
    what a claim says, a period in another unit is the period the claim misstates. (Not working days, which
    count another way, nor in general: "三年" of a licence is no contradiction of "10个工作日" to decide on it.)"""
    return a.kind != b.kind and {a.kind, b.kind} <= _DAYS.keys() and not (a.working or b.working)


# ---- who acts ------------------------------------------------------------------------------------

# "led by NDRC and MOFCOM", "approved by the State Council": the bodies named after an act and "by"
_BY = re.compile(r"\b(led|headed|chaired|issued|approved|run|organi[sz]ed|administered|managed|reviewed|overseen|"
                 r"supervised|signed|published|enforced|granted|decided|coordinated|convened|established) by "
                 r"((?:the )?[A-Z][\w&'’.-]*(?:,? (?:and |& )?(?:the |of |for )*[A-Z][\w&'’.-]*)*)")


def _agents(phrase: str) -> set[str]:
    """The names of the bodies a "by …" phrase gives, in Chinese where the glossary has them (MOFCOM and the
    Ministry of Commerce are both 商务部), else as written."""
    from rag.translate import translate_terms

    out: set[str] = set()
    for name in filter(None, re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", re.sub(r"^the\s+", "", phrase))):
        out |= {e.target for e in translate_terms(name, "zh") if e.weight >= 1.0} or {name.lower()}
    return out


def _other_agent(claim: str, evidence: list[str]) -> tuple[str, str] | None:
    """(the evidence's, the claim's) bodies when an English claim says an act was done by one ("led by SASAC")
    and the evidence says the same act was done by others ("led by NDRC and MOFCOM"); None otherwise."""
    said = _BY.search(claim)
    if said is None:
        return None
    claimed = _agents(said.group(2))
    for sentence in evidence:
        for m in _BY.finditer(sentence):
            if m.group(1).lower() == said.group(1).lower():
                theirs = _agents(m.group(2))
                if theirs and not (claimed & theirs) and not any(n in sentence.lower() for n in claimed):
                    return m.group(2), said.group(2)
    return None


# "the memorandum directs the Secretary of Commerce to publish it" against "The United States Trade Representative is
# authorized and directed to publish this memorandum": who is told to do an act, in the claim and in the source
_NAME = r"((?:the )?[A-Z][\w&'’.-]*(?: (?:of |for |and |the )*[A-Z][\w&'’.-]*)*)"
_TOLD_CLAIM = re.compile(rf"\b(?:direct|require|instruct|order|task|charge|authori[sz]e)s? {_NAME} "
                         r"(?:to|with) ([a-z]+)")
_TOLD_SOURCE = re.compile(rf"{_NAME},? (?:is|are|shall be) (?:hereby )?(?:(?:authorized|directed|required|instructed)"
                          rf"(?: and | or )?)+ to ([a-z]+)|{_NAME} shall ([a-z]+)")


def _other_actor(claim: str, evidence: list[str]) -> tuple[str, str] | None:
    """(the source's, the claim's) bodies when an English claim says a text tells one body to do an act ("directs
    the Secretary of Commerce to publish it") and the source tells another to do it ("The United States Trade
    Representative is authorized and directed to publish this memorandum"); None otherwise."""
    said = _TOLD_CLAIM.search(claim)
    if said is None:
        return None
    claimed, act = _agents(said.group(1)), said.group(2)[:6]
    for sentence in evidence:
        for m in _TOLD_SOURCE.finditer(sentence):
            who, verb = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            if verb[:6] != act:
                continue
            theirs = _agents(who)
            if theirs and not (claimed & theirs) and not any(n in sentence.lower() for n in claimed):
                return re.sub(r"^the ", "", who, flags=re.I), re.sub(r"^the ", "", said.group(1), flags=re.I)
    return None


# "费用由口岸检疫机关承担" against "由货主、物主或者其代理人承担": the party a Chinese rule gives an act to
_BY_ZH = re.compile(r"由([\u4e00-\u9fff、，,]{2,30}?)(?:自己|自行|本身|单独|负责)?(承担|支付|缴纳|负担|审批|批准|核发|签发|"
                    r"发放|颁发|处理|办理|解释|制定|征收|公布|发布)")  # (who interprets a regulation: "由商务部负责解释")
_PARTY_SPLIT = re.compile(r"[、，,]|或者其|或者|以及|及其|和|及|或|其")


def _parties(phrase: str) -> list[str]:
    return [p for p in _PARTY_SPLIT.split(phrase) if len(p) >= 2]


# "报省人民政府批准" against "报金华市人民政府批准", "向商务部报送合同有关情况" against "向国家发展和改革委员会报送":
# the body a Chinese rule has a matter submitted to
_TO_ZH = re.compile(r"报(?:送|请|经)?([\u4e00-\u9fff、]{2,20}?)(批准|审批|核准|审核|审定|备案)|"
                    r"向([\u4e00-\u9fff、]{2,20}?)(报送|报告|提交|申报|备案|提出申请|申请)")
_ZH_PARTIES = (_BY_ZH, _TO_ZH)


def _party_acts(text: str, pattern: re.Pattern) -> list[tuple[str, str]]:
    """(party, act) pairs a pattern finds in a text (its first two non-empty groups)."""
    return [tuple(g for g in m.groups() if g)[:2] for m in pattern.finditer(text)]


def _other_body(claim: str, evidence: list[str]) -> tuple[str, str] | None:
    """(the evidence's, the claim's) bodies when an English claim names a body by its kind and what it is of ("a
    bureau of the Department of Justice") and the sentence most about the claim names a body of that kind of
    something else ("the Financial Crimes Enforcement Network of the Department of the Treasury"), the claim's
    "Justice" written nowhere in the evidence; None otherwise."""
    text = " ".join(evidence)
    closest = _closest(claim, evidence)
    for m in _BODY_OF.finditer(claim):
        kind, of = m.group(1), m.group(2)
        if any(re.search(rf"\b{re.escape(w)}", text, re.I) for w in of.split() if w.lower() != "and"):
            continue
        for other in _BODY_OF.finditer(closest):
            if other.group(1) == kind and other.group(2).lower() != of.lower():
                return other.group(0), m.group(0)
    return None


# a Chinese sentence setting one figure per party, each part led by its party: "对生产企业并处货值金额3倍的罚款，对销售者
# 并处1000元以上5万元以下的罚款", "个体演员1年内不得从事营业性演出，个体演出经纪人5年内不得……"
_PARTY_PART = re.compile(r"^(?:当事人为[\u4e00-\u9fff]{1,4}的)?(?:对|由)?(?!并?处)([\u4e00-\u9fff]{1,10}?(?:人|者|员|企业|单位|"
                         r"机构|公司|部门|机关|组织|团体|商|户|方|银行|社))(?=并处|处以?|应当|应|不得|可以|[\d一二三四五六七八九十两])")
# (a party by the word a law names a person or a body with: 销售者, 个体演员, 生产企业, 演出经纪人; not 违法经营额)
_FINES = ("money", "times")  # a fine is set as an amount or as a multiple of one


def _figure_of_another_party(claim: str, evidence: list[str]) -> tuple[str, str] | None:
    """(the figure the sentence gives the claim's party, the claimed one) when a Chinese sentence sets a figure for
    each of several parties, the claim's figure is another party's, and the party the claim's words name has its
    own ("a shop … is fined three times the goods' value" against "对生产企业并处货值金额3倍的罚款，对销售者并处1000元以上
    5万元以下的罚款"); None otherwise. The claim's party is the one whose name its words cover most, and only one."""
    from rag.lang import has_han

    said = [f for f in figures(claim) if f.kind not in _CALENDAR]
    if len(said) != 1 or not evidence or not has_han(" ".join(evidence)):
        return None
    claimed = said[0]

    def alike(g: Figure) -> bool:
        return _comparable(claimed, g) or (claimed.kind in _FINES and g.kind in _FINES)

    for sentence in evidence:
        parts = []
        for part in re.split(r"[，；;,]", strip_clause_refs(sentence)):
            m = _PARTY_PART.match(part.strip())
            own = {g for g in figures(part) if alike(g)}
            if m and own:
                parts.append((m.group(1), own))
        if len({party for party, _ in parts}) < 2:
            continue
        terms = [t for t in _claim_terms(claim, sentence) if has_han(t) and len(t) >= 2]
        cover = [sum(len(t) for t in terms if t in party) / len(party) for party, _ in parts]
        best = max(cover)
        if not best or cover.count(best) > 1:
            continue
        party, own = parts[cover.index(best)]
        if any(_same(claimed, g) for g in own):
            return None  # the claim's party has the claimed figure
        if any(_same(claimed, g) for other, theirs in parts if other != party for g in theirs):
            low, high = min(own, key=lambda g: g.value), max(own, key=lambda g: g.value)
            return (_show(low) if low == high else f"{_show(low)}–{_show(high)}"), _show(claimed)
    return None


def _other_party_zh(claim: str, evidence: list[str]) -> tuple[str, str] | None:
    """(the evidence's, the claim's) parties when a Chinese claim gives an act to one ("由口岸检疫机关承担") or has a
    matter submitted to one ("报金华市人民政府批准") and a sentence gives the same act to others none of which it
    names, even in short (监管部门 for 市场监督管理部门); None otherwise."""
    def short_for(word: str, name: str) -> bool:  # 市场监管部门 for 市场监督管理部门: its characters in order, from
        # the name's first to its last
        return word[:1] == name[:1] and word[-1:] == name[-1:] and re.fullmatch(".*?".join(map(re.escape, word)),
                                                                                name) is not None

    for pattern in _ZH_PARTIES:
        for who, act in _party_acts(claim, pattern)[:1]:
            claimed = _parties(who)
            for sentence in evidence:
                for whom, theirs_act in _party_acts(sentence, pattern):
                    theirs = _parties(whom)
                    if theirs_act == act and theirs and claimed and not any(
                            c in t or t in c or short_for(c, t) or short_for(t, c) for c in claimed for t in theirs) \
                            and not any(c in sentence for c in claimed):
                        return "、".join(theirs), "、".join(claimed)
    return None


# "每年向商务部门交一份报告": how often, which the evidence must say too
# (a source's 年度, 年报, 全年, 年应征…销售额 state a yearly figure or act: "annual sales", "the annual return")
_EVERY = [("year", re.compile(r"每年|每一年|年度|年报|全年|年均|年应|年销售|年营业|年收入|"
                              r"\b(?:annually|annual(?!\s+(?:leave|vacation|holiday))|yearly|every year|each year|"
                              r"once a year)\b", re.I)),
          ("quarter", re.compile(r"每季度?|季度|\b(?:quarterly|every quarter|each quarter)\b", re.I)),
          ("month", re.compile(r"每月|每个月|\b(?:monthly|every month|each month|once a month)\b", re.I)),
          ("week", re.compile(r"每周|每星期|\b(?:weekly|every week|each week)\b", re.I))]


def _how_often(text: str) -> set[str]:
    return {unit for unit, pattern in _EVERY if pattern.search(text)} | _every_n(text)


def _often_shown(often: set[str]) -> str:
    """"every 3 months" for {"quarter", "3 month"}: the counted frequency, else the named one."""
    counted = sorted(o for o in often if " " in o)
    if counted:
        n, unit = counted[0].split()
        return f"every {n} {unit}s" if n != "1" else f"every {unit}"
    return f"every {sorted(often)[0]}"


def _units(often: set[str]) -> set[str]:
    """The units of counted periods ("5 year": year)."""
    return {o.split()[1] for o in often if " " in o}


# "every five years", "每五年", "每隔3个月": a period that recurs, as the unit with its count ("5 year")
_EVERY_N_EN = re.compile(r"\bevery\s+(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
                         r"(year|month|week|day)s?\b", re.I)
_EVERY_N_ZH = re.compile(r"每(?:隔)?\s*(\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个)?\s*(年|月|周|星期|天|日)")
_ZH_PERIOD = {"年": "year", "月": "month", "周": "week", "星期": "week", "天": "day", "日": "day"}


# every half year ("每半年", "semi-annually", "twice a year"), counted as every six months; a quarter is three
_HALF_YEARLY = re.compile(r"每半年|半年一次|每半个?年度|\b(?:semi-?annual(?:ly)?|half-?yearly|bi-?annual(?:ly)?|twice a year|"
                          r"twice yearly|twice each year|twice every year)\b", re.I)


def _every_n(text: str) -> set[str]:
    out = {"6 month"} if _HALF_YEARLY.search(text) else set()
    if any(pattern.search(text) for unit, pattern in _EVERY if unit == "quarter"):
        out.add("3 month")
    for m in _EVERY_N_EN.finditer(text):
        n = m.group(1).lower()
        out.add(f"{_EN_COUNT.get(n) or int(n)} {m.group(2).lower()}")
    for m in _EVERY_N_ZH.finditer(text):
        out.add(f"{int(cn_number(m.group(1)))} {_ZH_PERIOD[m.group(2)]}")
    return out


# ---- direction ----------------------------------------------------------------------------------

# whether an act is banned or allowed
_BANNED_ALLOWED = (r"\b(?:ban(?:s|ned)?|prohibit(?:s|ed)?|forbid(?:s|den)?|bar(?:s|red)?|not (?:allowed|permitted)|"
                   r"may not|must not|cannot|can't|can not)\b|(?:n['’]t|\bnot|\bnever)\s+(?:be\s+)?(?:allow|permit)\w*|"
                   r"禁止|不得|不准|不能|不可以",  # ("aren't allowed", "doesn't permit", "never be allowed")
                   r"(?<!n't )(?<!n’t )(?<!not )(?<!never )(?<!n't be )(?<!n’t be )(?<!not be )(?<!never be )"
                   r"\b(?:allow(?:s|ed)?|permit(?:s|ted)?|free(?:ly)?|may(?! not)(?! be (?:cited|referred)))\b|"
                   r"准许|允许|自由进出口|(?<!不)可以")  # ("This Act may be cited as": a short title, no permission)
_POLES = [  # (one pole, the other): a claim on one side contradicted by a source on the other only
    (r"\b(?:rose|rise[sn]?|increase[sd]?|grew|grow[sn]?|expand(?:ed|s)?|went up|higher|more|hik(?:e[sd]?|ing))\b|"
     # (raising a tariff, not an objection or money: "raise an objection", "raise funds")
     r"\brais(?:e[sd]?|ing)\b(?! (?:an? |the |any |their |its )?(?:objections?|questions?|concerns?|issues?|disputes?|"
     r"claims?|funds?|capital|money|awareness)\b)|增长|增加|上升|扩大|提高|提升",
     r"\b(?:fell|fall(?:en|s)?|decrease[sd]?|decline[sd]?|drop(?:ped|s)?|shr[ai]nk|reduce[sd]?|cut|lower(?:ed|s|ing)?|less|"
     r"went down|slash(?:ed|es)?)\b|"
     r"下降|减少|降低|下滑|萎缩|缩减"),
    _BANNED_ALLOWED,
    (r"\b(?:exempt(?:ed)?|do not (?:have to )?pay|don't pay|free of)\b|免征|免缴|无需缴纳",
     r"\b(?:required to pay|must pay|pay|are required|subject to)\b|缴纳|应当缴|征收"),
    (r"\b(?:alone|by itself|single-handedly|on its own|solely)\b|单独|独自|一家|自行|自己制定",
     r"\b(?:jointly|together with|along with)\b|联合|会同|等\s*[\d一二三四五六七八九十]+\s*(?:个)?部门|转发"),
    (r"\bimport(?:s|ed|ing|ers?)?\b|进口", r"\bexport(?:s|ed|ing|ers?)?\b|出口"),  # who pays: the importer
    # a status lost or kept ("goods … lose their origin" against "retain their origin")
    (r"\b(?:lose[sd]?|losing|lost|forfeit(?:s|ed)?)\b|丧失|失去",
     r"\b(?:retain(?:s|ed)?|keep(?:s)?|kept|maintain(?:s|ed)?)\b|保留|保持|仍然?具有"),
    # kept as it was against counted anew ("有效期要重新计算" against "编号和有效期限不变"; "the term is reset" against
    # "remains unchanged")
    (r"\b(?:unchanged|remains? the same|stays? the same|(?:does|do|will) not change)\b|(?<!不)不变|维持不变|保持不变",
     r"\b(?:recalculated|reset|restarts?|restarted|counted (?:again|anew|afresh)|starts? (?:over|again|afresh))\b|"
     r"重新计算|重新起算|重新核定|重新确定"),
    # first place against second ("more than any other country" against "second only to the United States")
    (r"\bmore than any other\b|(?<!second[- ])\b(?:largest|biggest)\b|\bnumber one\b|\brank(?:s|ed|ing)? first\b|最大|第一大|居首|"
     r"首位|排名第一", r"\bsecond only to\b|\bsecond[- ](?:largest|biggest)\b|\brank(?:s|ed|ing)? second\b|"
     r"\bsecond in the world\b|仅次于|第二大|居第二|排名第二"),
]
_MODAL = _POLES.index(_BANNED_ALLOWED)
# words that hold both poles of a pair ("进出口", "imports and exports") count for neither
_BOTH = re.compile(r"进出口|出入境|\b(?:imports?|importing) and (?:exports?|exporting)\b|"
                   r"\b(?:exports?|exporting) and (?:imports?|importing)\b|\bimport[- ]export\b|"
                   r"\bexport[- ]import\b|"  # (the Export-Import Bank)
                   r"\bwhat(?:['’]s| is) more\b|\bmore or less\b|\bmore and more\b", re.I)  # (idioms, no direction)


# words that only look like a pole: the month May ("from May 1", "in May 2020"; the modal is written in lower case
# inside a sentence) and permits held rather than given ("fish-farming permits", "work permits are issued")
_NO_POLE = re.compile(r"(\S |\w-\w+ )?\b(?:May|permits)\b(?=\s*(?:$|[.,;:?!)]|\s(?:are|were|is|was|for|issued|granted|"
                      r"held)\b))|(\S )May\b|(\w-\w+ )permits\b")


def _pole_words(text: str) -> dict[tuple[int, int], str]:
    """(pair, side) -> the first word of the text on that side of that pair ("增长", "banned")."""
    low = _BOTH.sub(" ", _NO_POLE.sub(lambda m: (m.group(1) or m.group(2) or m.group(3) or "") + " ", text).lower())
    out = {}
    for i, pair in enumerate(_POLES):
        for side, pattern in enumerate(pair):
            m = re.search(pattern, low)
            if m:
                out[(i, side)] = m.group(0)
    return out


def _statements(evidence: list[str]) -> list[str]:
    """The evidence without its questions ("Do commercial entities still need to pay social security …?", a guide's
    heading), which state nothing: neither a direction nor a negation."""
    return [s for s in evidence if not s.rstrip(" *_\"”’").endswith(("?", "？"))]


# the things a rise or a fall is said of, in either language (a tariff before a tax: 关税 is no other tax)
_MOVING_THINGS = [("tariff", r"\btariffs?\b|\bdut(?:y|ies)\b|关税|税率"),
                  ("import", r"\bimport(?:s|ed|ing)?\b|进口"), ("export", r"\bexport(?:s|ed|ing)?\b|出口"),
                  ("price", r"\bprices?\b|价格|物价"), ("tax", r"\btax(?:es)?\b|税"), ("cost", r"\bcosts?\b|成本"),
                  ("fee", r"\bfees?\b|\bcharges\b|费用|收费"), ("investment", r"\binvestments?\b|投资"),
                  ("consumption", r"\bconsumption\b|消费"), ("quota", r"\bquotas?\b|配额"),
                  ("barrier", r"\bbarriers?\b|壁垒|门槛")]
_MOVING_THING = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _MOVING_THINGS), re.I)
_RISE_OR_FALL = re.compile("|".join(_POLES[0]))  # (of lower-cased text, as _pole_words reads it)
# where what a direction word is said of ends: a stop, or a word joining another act ("cut tariffs to expand imports",
# "降低关税以扩大进口", "tariffs fell while imports rose")
_ACT_END = re.compile(r"[,.;:!?，。；：！？、]|\b(?:to|and|or|so|while|but|in order|which|that)\b|以|从而|并|和|及|而|但", re.I)


def _moving_thing(text: str, start: int, end: int) -> str | None:
    """What a direction word at text[start:end] is said of: the thing right after it ("raised tariffs on beef",
    "降低进口关税": a thing before another is only its modifier) or, with none after, the one before it in the same
    act ("imports fell", 进口同比增长); None when it names none of _MOVING_THINGS."""
    after = text[end:end + 40]
    after = after[:m.start()] if (m := _ACT_END.search(after)) else after
    after = after[:m.start()] if (m := _RISE_OR_FALL.search(after)) else after  # (nor past another such word:
    # 提高关税来减少进口)
    if re.match(r"\s*[\u4e00-\u9fff]", after):  # a Chinese phrase ends on its head: 消费品进口关税
        found = list(_MOVING_THING.finditer(after[:12]))
        return found[-1].lastgroup if found else _thing_before(text, start)
    found = list(_MOVING_THING.finditer(after))
    for i, m in enumerate(found):
        if i + 1 < len(found) and not after[m.end():found[i + 1].start()].strip():
            continue  # "import tariffs": of the tariffs
        return m.lastgroup
    return _thing_before(text, start)


def _thing_before(text: str, start: int) -> str | None:
    """The last of _MOVING_THINGS before `start` in the same act ("imports fell", 进口同比增长), or None."""
    before = text[max(0, start - 40):start]
    ends = list(_ACT_END.finditer(before))
    before = before[ends[-1].end():] if ends else before
    found = list(_MOVING_THING.finditer(before))
    return found[-1].lastgroup if found else None


def _moving(text: str) -> dict[tuple[str, int], str]:
    """(thing, side) -> the word, for each rise (0) or fall (1) the text says of a thing it names ("tariffs raised":
    ("tariff", 0) -> "raised"); the first word where several say it."""
    low = _BOTH.sub(" ", text.lower())
    out: dict[tuple[str, int], str] = {}
    for side, pattern in enumerate(_POLES[0]):
        for m in re.finditer(pattern, low):
            if thing := _moving_thing(low, m.start(), m.end()):
                out.setdefault((thing, side), m.group(0))
    return out


def _reversed_direction(claim: str, evidence: list[str]) -> tuple[str, str] | None:
    """(the claim's word, the evidence's word) when the claim is on one side of a pair and the evidence only
    on the other (增长 against 下降, allowed against 禁止) — all the evidence, or the sentence most about the
    claim; None when no direction is reversed. A claim that says both a rise and a fall ("raised tariffs to reduce
    imports") is read thing by thing: a rise of the one is contradicted only by a fall of the same thing."""
    claim_poles = _pole_words(claim)
    evidence = _statements(evidence)
    said = _moving(" ".join(evidence))
    for (thing, side), word in sorted(_moving(claim).items()):
        if (thing, 1 - side) in said and (thing, side) not in said:
            return word, said[(thing, 1 - side)]
    if (0, 0) in claim_poles and (0, 1) in claim_poles:  # the claim's rise and fall are each of its own thing
        del claim_poles[(0, 0)], claim_poles[(0, 1)]
    for whole, scope in ((True, " ".join(evidence)), (False, _closest(claim, evidence))):  # all the evidence, then
        text_poles = _pole_words(scope)  # the closest sentence
        for (pair, side), word in claim_poles.items():
            if whole and pair == _MODAL:  # what may or may not be done is said act by act: "不得伪造许可证证书" is
                continue  # no answer to "证书丢了可以申请补领" (rules forbid one act beside permitting another)
            if pair == _MODAL and side == 0:  # a ban claimed is not contradicted by a "may", "可以" near it: rules say
                continue  # most acts so ("the court may take measures" is no answer to "a ban … imposed at the
                # creditor's request"); a ban stated (不得, 禁止) against an act claimed allowed still is
            if (pair, 1 - side) in text_poles and (pair, side) not in text_poles:
                return word, text_poles[(pair, 1 - side)]
    return None


# a change of state from one thing to another: "changes from green to blue", "从蓝色变成绿色"
_CHANGE_EN = re.compile(r"\b(?:chang(?:e[sd]?|ing)|shift(?:s|ed|ing)?|turn(?:s|ed|ing)?|switch(?:es|ed|ing)?|"
                        r"convert(?:s|ed|ing)?|go(?:es)?|went)\s+from\s+([a-z]+)\s+to\s+([a-z]+)\b", re.I)
_CHANGE_ZH = re.compile(r"(?:从|由)([\u4e00-\u9fff]{1,4}?)(?:变成|变为|转为|转变为|变到|改为|换成)([\u4e00-\u9fff]{1,4}?)"
                        r"(?=[，。,.；;！？、]|$|的|了|再|后)")


def _changes(text: str) -> list[tuple[str, str]]:
    return [(m.group(1).lower(), m.group(2).lower()) for pattern in (_CHANGE_EN, _CHANGE_ZH)
            for m in pattern.finditer(text)]


def _reversed_change(claim: str, evidence: list[str]) -> tuple[str, str] | None:
    """(the evidence's change, the claim's) when a claim says a thing changes from A to B ("从蓝色变成绿色") and the
    evidence says it changes from B to A ("the number "100" will change from green to blue"); the claim's words are
    read in the evidence's language through their translations. None otherwise."""
    from rag.lang import has_han

    said = _changes(claim)
    if len(said) != 1:
        return None
    text = " ".join(evidence)
    a, b = said[0]
    if has_han(claim) != has_han(text):
        from rag.translate import translate_terms

        lang = "zh" if has_han(text) else "en"
        forms = lambda w: {w, *(e.target.lower() for e in translate_terms(w, lang))}  # noqa: E731
    else:
        forms = lambda w: {w}  # noqa: E731
    same = lambda w, x: any(f == x or (len(f) > 1 and len(x) > 1 and (f in x or x in f)) for f in forms(w))  # noqa: E731
    for c, d in _changes(text):
        if same(a, d) and same(b, c) and not same(a, c):
            return f"{c} → {d}", f"{a} → {b}"
    return None


# "从内地进入海南", "由海南自由贸易港进入境内其他地区（以下简称内地）", "from the mainland into Hainan": where goods
# move from and to
_MOVE_ZH = re.compile(r"(?:由|从|自)([\u4e00-\u9fff]{2,14}?)(?:进入|运入|运往|输往|进口到|出口到|进境到|出境到)"
                      r"([\u4e00-\u9fff]{2,14}?)(?:（以下简称([\u4e00-\u9fff]{2,8})）)?"
                      r"(?=[，,。；;（(]|的|时|后|要|应|须|需|按|原则|$)")
_MOVE_EN = re.compile(r"\bfrom (?:the )?([A-Za-z][\w -]{1,40}?) (?:into|to) (?:the )?([A-Za-z][\w -]{1,40}?)"
                      r"(?=\s*[,.;]|\s+(?:must|should|shall|are|is|will|need|needs|follow|go|goes|pay|pays)\b)", re.I)


def _moves(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(names of where from, names of where to) of each movement a text states."""
    out = [((m.group(1),), tuple(filter(None, (m.group(2), m.group(3))))) for m in _MOVE_ZH.finditer(text)]
    return out + [((m.group(1).lower(),), (m.group(2).lower(),)) for m in _MOVE_EN.finditer(text)]


def _same_place(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when two places share a name, or one name holds the other (海南 and 海南自由贸易港)."""
    return any(x in y or y in x for x in a for y in b)


def _reversed_movement(claim: str, evidence: list[str]) -> tuple[str, str] | None:
    """(the claim's movement, the evidence's) when the evidence sentence closest to a claim about goods moving
    from A to B says it of B to A ("从内地进入海南按进口规定" against "由海南……进入内地……按进口规定"); None
    otherwise. Only sentences about the same two places count, and the claim's places must be in the
    evidence's language (its words as written)."""
    moves = _moves(claim)
    if len(moves) != 1:
        return None
    src, dst = moves[0]
    about = [(sentence, move) for sentence in evidence for move in _moves(sentence)
             if (_same_place(src, move[0]) and _same_place(dst, move[1]))
             or (_same_place(src, move[1]) and _same_place(dst, move[0]))]
    if not about:
        return None
    closest = _closest(claim, [sentence for sentence, _ in about])
    found = [move for sentence, move in about if sentence in closest]
    if found and all(_same_place(src, m[1]) and _same_place(dst, m[0]) for m in found):
        return f"{src[0]} → {dst[0]}", f"{found[0][0][0]} → {found[0][1][-1]}"
    return None


# "took effect on the day it was published" against "本条例自2002年1月1日起施行": in force on a date of its own
_ON_PUBLICATION = re.compile(r"(?:公布|发布|印发|颁布)之日|\b(?:day|date) (?:it|they) (?:was|were) (?:published|issued|"
                             r"promulgated|released)\b|\bupon (?:its |their )?(?:publication|promulgation|issue)\b|"
                             r"\bdate of (?:publication|promulgation|issue)\b|\bas soon as (?:it|they) (?:was|were) "
                             r"(?:published|issued|promulgated)\b", re.I)
_EFFECT = re.compile(r"施行|生效|\b(?:tak(?:e|es|en|ing)|took) effect\b|\binto force\b|\beffective (?:from|on|as of)\b",
                     re.I)
_DATED = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[二○〇零一三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月"
                    rf"|\b\d{{1,2}} {MONTH_NAME},? (?:19|20)\d{{2}}\b|\b{MONTH_NAME} \d{{1,2}},? (?:19|20)\d{{2}}\b")


def _english_date(text: str) -> str:
    """A Chinese date in English ("2002年1月1日" → "1 January 2002"); other text as it is."""
    from rag.gloss import _DATE_ZH, _date_en

    return _DATE_ZH.sub(_date_en, text)


def _effect_dated(claim: str, evidence: list[str]) -> str | None:
    """The date the evidence puts a document in force on, when the claim says it took effect on publication
    and the evidence says it takes effect on a date of its own (and nowhere on publication); else None."""
    if not _ON_PUBLICATION.search(claim) or not _EFFECT.search(claim):
        return None
    effect = [s for s in evidence if _EFFECT.search(s)]
    if any(_ON_PUBLICATION.search(s) for s in effect):
        return None
    dated = [m.group(0) for s in effect for m in [_DATED.search(s)] if m]
    return dated[0] if dated else None


_MONTH_NUMBER = {m.lower(): n for n, m in enumerate(MONTHS, 1)}
_FULL_DATE = re.compile(r"(?P<y1>(?:19|20)\d{2})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日|"
                        r"\b(?P<d2>\d{1,2}) (?P<m2>[A-Z][a-z]+),? (?P<y2>(?:19|20)\d{2})\b|"
                        r"\b(?P<m3>[A-Z][a-z]+) (?P<d3>\d{1,2}),? (?P<y3>(?:19|20)\d{2})\b")
# what a document's date can be the date of: issued, in force, signed, adopted
_EVENTS = {
    "issued": re.compile(r"\b(?:issu|publish|releas|announc|promulgat|unveil)(?:ed|es|e|ing)?\b|发布|公布|印发|颁布|"
                         r"出台", re.I),
    "in force": re.compile(r"\beffective\b|\b(?:tak(?:e|es|en|ing)|took) effect\b|\binto force\b|施行|生效", re.I),
    "signed": re.compile(r"\bsign(?:ed|s|ing)?\b|签署|签订|签发", re.I),
    "adopted": re.compile(r"\b(?:adopt|pass|enact)(?:ed|s|ing)?\b|通过", re.I),
}


def _decides(f: Figure, claim: str, evidence: str) -> bool:
    """Whether the evidence's other figure of f's kind decides the claim: always, but for a month of the year when the
    claim dates an event (signed, issued, in force, adopted) and the evidence dates only others ("due by the end of
    March" against 6月30日 does; "signed into law in December 2024" against "Passed the House September 9" does not)."""
    if f.kind != "calendar-month":
        return True
    said = {event for event, pattern in _EVENTS.items() if pattern.search(claim)}
    stated = {event for event, pattern in _EVENTS.items() if pattern.search(evidence)}
    return not (said and stated) or bool(said & stated)


def _stated(f: Figure, other: list[Figure]) -> Figure:
    """The evidence's figure shown against a claimed one: the first, or of months the last (1月1日至6月30日: June)."""
    return max(other, key=lambda g: g.value) if f.kind == "calendar-month" else other[0]


def _full_dates(text: str) -> list[tuple[tuple[int, int, int], int, int]]:
    """The dates a text gives with day, month and year ("January 2, 2025", "2 January 2025", 2025年1月2日)."""
    out = []
    for m in _FULL_DATE.finditer(text) if any(ch.isdigit() for ch in text) else ():
        y, mo, d = (next(m.group(f"{k}{i}") for i in (1, 2, 3) if m.group(f"{k}{i}")) for k in ("y", "m", "d"))
        month = int(mo) if mo.isdigit() else _MONTH_NUMBER.get(mo.lower())
        if month:
            out.append(((int(y), month, int(d)), m.start(), m.end()))
    return out


# a day of a month, with or without its year: "October 15th", "15 October", "the 1st of October", 10月15日
_MONTH_DAY = re.compile(rf"\b(?P<m1>{MONTH_NAME})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|days?|years?))|"
                        rf"\b(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH_NAME})\b|"
                        r"(?<!\d)(?P<m3>\d{1,2})\s*月\s*(?P<d3>\d{1,2})\s*日")


def _month_days(text: str) -> set[tuple[int, int]]:
    out = set()
    for m in _MONTH_DAY.finditer(text):
        mo, d = next((m.group(f"m{i}"), m.group(f"d{i}")) for i in (1, 2, 3) if m.group(f"m{i}"))
        month = int(mo) if mo.isdigit() else _MONTH_NUMBER.get(mo.lower())
        if month and 1 <= month <= 12 and 1 <= int(d) <= 31:
            out.add((month, int(d)))
    return out


def _other_day(claim: str, evidence: list[str]) -> str:
    """"October 15 ≠ October 1" when a claim gives one day of a month ("communicated by October 1st") that no sentence
    gives, and a sentence about it (more than half as many of its words as the one holding most) gives another day of
    that month ("The amounts shall be communicated by October 15th"); "" otherwise."""
    said = _month_days(claim)
    if len(said) != 1:
        return ""
    month, day = next(iter(said))
    if any((month, day) in _month_days(sentence) for sentence in evidence):
        return ""
    counts = _claim_word_counts(claim, evidence)
    best = max(counts, default=0)
    for sentence, n in zip(evidence, counts):
        other = sorted(d for mo, d in _month_days(sentence) if mo == month and d != day)
        if other and n >= max(2, best * 0.6):
            name = MONTHS[month - 1]
            return f"{name} {other[0]} ≠ {name} {day}"
    return ""


def _event_of(sentence: str, start: int, end: int) -> str | None:
    """The event a date in a sentence is the date of: the event word nearest to it ("On October 28, 2024, the
    Treasury issued …": issued; "… with an effective date of January 2, 2025": in force)."""
    found = [(min(abs(m.start() - end), abs(start - m.end())), event) for event, pattern in _EVENTS.items()
             for m in pattern.finditer(sentence)]
    return min(found)[1] if found else None


def _date_of_another_event(claim: str, evidence: list[str]) -> str:
    """"October 28, 2024 ≠ January 2, 2025" when a claim dates an event ("issued its rule on January 2, 2025") by a
    date the evidence gives to another ("issued a final rule … with an effective date of January 2, 2025") and
    dates the claimed event otherwise; "" when not."""
    dates = _full_dates(claim)
    if len(dates) != 1:
        return ""
    claimed = dates[0][0]
    events = {event for event, pattern in _EVENTS.items() if pattern.search(claim)}
    if len(events) != 1:
        return ""
    (event,) = events
    other_event, own_date = False, None
    for sentence in evidence:
        for date, start, end in _full_dates(sentence):
            bound = _event_of(sentence, start, end)
            if date == claimed and bound not in (None, event):
                other_event = True
            elif date != claimed and bound == event:
                own_date = own_date or sentence[start:end]
    if not (other_event and own_date):
        return ""
    shown = _english_date(own_date) if claim.isascii() else own_date
    said = claim[dates[0][1]:dates[0][2]]
    return f"{shown} ≠ {said}"


def _with_leads(evidence: list[str]) -> list[str]:
    """Each sentence with the lead-in it completes: an item ("(i) beginning … on August 2, 2021, …") after a
    sentence ending in a colon ("The prohibitions … shall take effect:") is read with it, as are the items after
    that one."""
    out: list[str] = []
    lead = ""
    for sentence in evidence:
        item = bool(lead) and _OPENS_ITEM.match(sentence) is not None
        out.append(f"{lead} {sentence}" if item else sentence)
        if sentence.rstrip().endswith((":", "：")):
            lead = sentence  # (an item ending in a colon leads the items under it)
        elif not item:
            lead = ""
    return out


def _event_dated_otherwise(claim: str, evidence: list[str]) -> str:
    """"August 2, 2021 ≠ June 3, 2021" when a claim dates an event ("took effect on June 3, 2021") that the
    evidence dates otherwise, and the claimed date is nowhere in the evidence; "" when not."""
    dates = _full_dates(claim)
    events = {event for event, pattern in _EVENTS.items() if pattern.search(claim)}
    if len(dates) != 1 or len(events) != 1:
        return ""
    claimed, (event,) = dates[0][0], events
    own = []  # (how far from the word naming the event, the date as written)
    for sentence in _with_leads(evidence):
        for date, start, end in _full_dates(sentence):
            if date == claimed:
                return ""
            if _event_of(sentence, start, end) == event:
                own.append((min(min(abs(m.start() - end), abs(start - m.end()))
                                for m in _EVENTS[event].finditer(sentence)), sentence[start:end]))
    if not own:
        return ""
    shown = min(own)[1]
    return f"{_english_date(shown) if claim.isascii() else shown} ≠ {claim[dates[0][1]:dates[0][2]]}"


# a number written without a unit: a telephone number, an extension, a code ("(86-10) 6462-9112", "press 1", "114")
_BARE_NUMBER = re.compile(r"(?<![\w.,/])\d[\d-]*\d(?![\w%％])|(?<![\w.,/])\d(?![\w.,%％])")
_NUMBER_REACH = 25  # characters between a number and the word it is said of ("Operator (some English): 113")


def _bare_numbers(text: str) -> list[tuple[str, int]]:
    """The numbers of a text that are not figures (amounts, counts, lengths), years or dates, with their place."""
    taken = [(start, end) for _, start, end in figure_spans(text)]
    taken += [(start, end) for _, start, end in _full_dates(text)]
    taken += [m.span() for m in _COUNTED_PARTS.finditer(text)]  # "the 22-article regulation": a count of articles
    taken += [m.span() for m in _PARTS_COUNTED_EN.finditer(text)]  # "30 articles"
    return [(m.group(0), m.start()) for m in _BARE_NUMBER.finditer(text)
            if not any(a <= m.start() < b for a, b in taken) and not re.fullmatch(r"(?:19|20)\d\d", m.group(0))]


def _other_number(claim: str, evidence: list[str]) -> str:
    """"113 ≠ 114" when the claim gives a number without a unit (a telephone number, a key to press, a code) that
    no sentence about the claim holds (more than half as many of its words as the one holding most), and one of
    them gives another of the same form beside the claim's words
    ("Thai Airways … (press "0" for English)" for "press 1 … Thai Airways", though Qantas' line says "1"); ""
    otherwise."""
    claim = strip_clause_refs(strip_doc_numbers(claim))
    numbers = [n for n, _ in _bare_numbers(claim)]
    if not numbers or not evidence:
        return ""
    counts = _claim_word_counts(claim, evidence)
    best = max(counts)
    if best < 2:
        return ""
    about = [strip_doc_numbers(sentence) for sentence, n in zip(evidence, counts) if n >= max(2, best * 0.6)]
    terms = [t for t in _claim_terms(claim, " ".join(evidence)) if not t.isascii() or len(t) > 2]
    for n in numbers:
        if any(re.search(rf"(?<![\d-]){re.escape(n)}(?![\d-])", sentence) for sentence in about):
            continue
        shape = re.sub(r"\d", "0", n)  # (of the same form: a telephone number for a telephone number)
        for sentence in about:
            for m, where in _bare_numbers(sentence):
                if re.sub(r"\d", "0", m) == shape and (len(shape) > 5 or any(  # (a long one, as a telephone
                        abs(p - where) <= _NUMBER_REACH for t in terms for p in _term_positions(t, sentence))):
                    # number, needs no word beside it: the sentence is about the claim)
                    return f"{m} ≠ {n}"
    return ""


# a level on a scale ("the threat level … is high" against "low for crime and medium for terrorism")
_LEVEL = re.compile(r"\b(low|medium|moderate|high|elevated|severe|critical|extreme)\b(?![-–])", re.I)
_LEVEL_NOUN = re.compile(r"\b(?:levels?|risks?|threats?|alerts?|ratings?|danger|priority)\b", re.I)


def _other_level(claim: str, evidence: list[str]) -> str:
    """"medium ≠ high" when the claim puts a thing at one level of a scale (a threat, a risk, an alert) and the
    sentence most about it gives levels of that scale, none of them the claimed one; "" otherwise."""
    said = {m.group(1).lower() for m in _LEVEL.finditer(claim)}
    if len(said) != 1 or not _LEVEL_NOUN.search(claim) or not evidence:
        return ""
    closest = _closest(claim, evidence)
    given = [m.group(1).lower() for m in _LEVEL.finditer(closest)]
    if not given or said & set(given) or not _LEVEL_NOUN.search(closest):
        return ""
    return f"{given[-1]} ≠ {next(iter(said))}"


# ---- the verdict ---------------------------------------------------------------------------------

VERDICTS = ("supported", "contradicted", "not_stated")


@dataclass(frozen=True)
class ClaimVerdict:
    verdict: str  # one of VERDICTS
    reason: str = ""  # e.g. "97% ≠ 100%"


def _months(found: set[Figure]) -> str:
    """A span of months as shown: "March–June"."""
    first, last = min(f.value for f in found), max(f.value for f in found)
    return f"{MONTHS[int(first) - 1]}–{MONTHS[int(last) - 1]}"


def _show(f: Figure) -> str:
    if f.kind == "calendar-month":
        return MONTHS[int(f.value) - 1]
    if f.kind in ("percent", "growth"):
        return f"{f.value:g}%"
    if f.kind == "fraction":
        if f.value < 0.01:  # 万分之五, 千分之一: as a percentage (0.05%, 0.1%)
            return f"{f.value * 100:g}%"
        # (another share as a percentage: 百分之三十 is "30%")
        return {0.5: "1/2", 0.3333: "1/3", 0.25: "1/4", 0.6667: "2/3"}.get(f.value, f"{f.value * 100:g}%")
    if f.kind == "money" and f.currency in _SHOWN_CURRENCY:  # "£750 ≠ £1,000", "RMB 5,000 ≠ RMB 1,000"
        return f"{_SHOWN_CURRENCY[f.currency][0]}{f.value:,.2f}".removesuffix(".00")
    if f.value >= 1e4 and f.value % 1e4 == 0 and f.kind in ("money", "count"):
        return f"{f.value:,.0f}"
    if f.kind.startswith("ordinal:"):  # "18th round ≠ 17th round"
        n = int(f.value)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix} {f.kind[8:]}"
    if f.kind.startswith("count:"):  # "20 films ≠ 50 films"
        return f"{f.value:g} {f.kind[6:]}"
    if f.kind == "people":
        return f"{f.value:g} {'person' if f.value == 1 else 'people'}"
    if f.kind == "times":
        return f"{f.value:g} times"
    if f.kind == "grade":
        return _ROMAN[int(f.value) - 1]
    if f.kind == "age":
        return f"{f.value:g} years old"
    if f.kind in _MEASURE_NAMES:  # "2000 square metres ≠ 5000 square metres"
        return f"{f.value:g} {_MEASURE_NAMES[f.kind][0]}"
    if f.kind in _DAYS:  # a length of time with its unit: "200 days ≠ 1 year", "15 working days"
        return f"{f.value:g} {'working ' if f.working else ''}{f.kind}{'' if f.value == 1 else 's'}"
    return f"{f.value:g}"


# the measures' units as a figure is shown in English and in Chinese
_MEASURE_NAMES = {"area:km2": ("square kilometres", "平方公里"), "area:m2": ("square metres", "平方米"),
                  "area:ha": ("hectares", "公顷"), "volume:m3": ("cubic metres", "立方米"), "length:km": ("km", "公里"),
                  "length:m": ("metres", "米"), "mass:t": ("tonnes", "吨"), "mass:kg": ("kg", "公斤"),
                  "volume:l": ("litres", "升")}
_ZH_MEASURE = re.compile(rf"(\d)\s({'|'.join(sorted((en for en, _ in _MEASURE_NAMES.values()), key=len, reverse=True))})\b")
_ZH_UNITS = re.compile(r"(\d)\s(working days?|days?|months?|years?|people|person|articles|chapters|sections)\b")
_ZH_UNIT = {"w": "个工作日", "d": "天", "m": "个月", "y": "年", "p": "人", "a": "条", "c": "章", "s": "节"}


# an amount's currency as an English line shows it before the amount, and a Chinese line after it
_SHOWN_CURRENCY = {"USD": ("US$", "美元"), "HKD": ("HK$", "港元"), "SGD": ("S$", "新加坡元"), "AUD": ("A$", "澳元"),
                   "CAD": ("C$", "加元"), "JPY": ("JPY ", "日元"), "EUR": ("€", "欧元"), "GBP": ("£", "英镑"),
                   "CNY": ("RMB ", "元"), "$": ("$", "")}  # (a dollar of no named country keeps its sign)
_SHOWN_AMOUNT = re.compile("(" + "|".join(re.escape(prefix) for prefix, zh in _SHOWN_CURRENCY.values() if zh) +
                           r")(\d[\d,]*(?:\.\d+)?)")


def _in_chinese(shown: str) -> str:
    """A shown figure as a Chinese line writes it: "200 days" is 200天, "15 working days" 15个工作日, "£750"
    750英镑."""
    if shown in MONTHS:  # April: 4月
        return f"{MONTHS.index(shown) + 1}月"
    suffix = {prefix: written for prefix, written in _SHOWN_CURRENCY.values()}
    shown = _SHOWN_AMOUNT.sub(lambda m: m.group(2) + suffix[m.group(1)], shown)
    shown = _ZH_UNITS.sub(lambda m: m.group(1) + _ZH_UNIT[m.group(2)[0]], shown)
    shown = _ZH_MEASURE.sub(lambda m: m.group(1) + dict(_MEASURE_NAMES.values())[m.group(2)], shown)
    return re.sub(r"(\d+) years old\b", r"\1周岁", re.sub(r"(\d) times\b", r"\1倍", shown))


MIN_COVERAGE = 0.2  # share of the claim's (idf-weighted, translated) terms the evidence must hold; set on
# the seeds split of eval/: the lowest correctly judged claim there covers 0.21


def unstated_things(claim: str, evidence: str, sites: frozenset[str] = frozenset()) -> list[str]:
    """The things an English claim names ("customs duties": 关税) that the evidence mentions in neither
    language (rag/salience.py's check, asked of the evidence instead of the corpus). sites: the government web
    sites that published the evidence (rag/sites.py): their countries and names it need not write."""
    from collections import Counter

    from rag.lang import has_han
    from rag.salience import Vocabulary, missing_concepts
    from rag.tokenize import tokenize

    if has_han(claim):
        return []
    from rag.sites import publishers

    vocab = Vocabulary(evidence.lower(), Counter(tokenize(evidence)), frozenset(), **publishers(sites))
    return (missing_concepts(claim, vocab, heads=False) + _unstated_names(claim, vocab)
            + _unstated_places(claim, evidence, vocab))


def _unstated_places(claim: str, evidence: str, vocab: Vocabulary) -> list[str]:
    """The countries and foreign places an English claim names that the evidence names in neither language
    ("… names China, North Korea, Russia and Cuba" against a list of China, the DPRK, the Russian Federation and
    Iran: Cuba). Not a place in China, which a national rule need not name ("a company in Shanghai must …")."""
    from rag.answerability import _asked_names
    from rag.salience import chinese_place, known_by_another_name
    from rag.translate import translate_terms

    return [name for name in _asked_names(claim) if not chinese_place(name)
            and not known_by_another_name(name, vocab)  # ("America": the United States)
            and not vocab.issued_in(name)  # ("the UK consolidated list" in a GOV.UK guide)
            and not re.search(r"\b" + re.escape(name), evidence, re.I)  # (as written, or "Russian" for Russia)
            and not any(e.target in evidence for e in translate_terms(name, "zh"))]


def _of_another_place(claim: str, evidence: list[str], context: str, sites: frozenset[str],
                      documents: tuple = ()) -> bool:
    """True when an English claim names a foreign place (a country, not one of China's) that no sentence of
    the evidence names, nor the titles and headings it is from, nor the government that published it, nor any
    of the cited `documents` is about (names again and again: an order on a property in Wyoming names the
    state five times, but not in the sentence giving the deadline to sell it): the evidence's figures are of
    other places, and contradict nothing said of this one."""
    from rag.answerability import _about_place, _asked_names, _names_name
    from rag.salience import chinese_place, country_key
    from rag.sites import government_of

    if not claim.isascii():
        return False
    from rag.salience import salient_terms

    governments = {government_of(site) for site in sites}
    named = _asked_names(claim) + [name for name in salient_terms(claim, "en")  # ("the United Kingdom")
                                   if " " in name and country_key(name) not in (None, "us", "cn")]
    places = [name for name in dict.fromkeys(named) if not chinese_place(name)
              and (country_key(name) is None or country_key(name) not in governments)]
    named = any(_names_name(text, name) for name in places for text in [*evidence, context])
    about = any(_about_place(doc, name) for name in places for doc in documents)
    return bool(places) and not named and not about


def _unstated_names(claim: str, vocab: Vocabulary) -> list[str]:
    """The acronyms an English claim names bodies by ("SASAC", "NDRC") that the evidence mentions in neither
    language (nor any of their translations). (Not every capitalised word: the words of a title, "Foreign
    Trade Law", are written otherwise in a Chinese source, and "China" goes without saying in its laws.)"""
    from rag.salience import salient_terms
    from rag.translate import translate_terms

    acronyms = [name for name in salient_terms(claim, "en")
                if name.isupper() and not name.isdigit() and name not in _CURRENCIES and len(name) > 1]  # (not the
    # C of "26°C")
    bodies = [m.group(0) for m in _BODY.finditer(claim)]  # "the National Development and Reform Commission"
    from rag.salience import known_by_another_name, known_by_its_expansion

    return [name for name in acronyms + bodies
            if not vocab.knows(name) and not vocab.issued_in(name)
            and not any(vocab.knows(e.target) for e in translate_terms(name, "zh"))
            and not known_by_another_name(name, vocab, whole=True) and not known_by_its_expansion(name, vocab)]


# a body named by its kind first ("the Ministry of Commerce", "the Department of Justice")
# (its kind and what it is of, groups 1 and 2)
_BODY_OF = re.compile(r"\b(Commission|Ministry|Bureau|Administration|Council|Agency|Office|Department|Committee|"
                      r"Authority|Court|Secretary|Minister|Director|Administrator|Commissioner)\s+(?:of|for|on)\s+"
                      r"(?:the\s+)?([A-Z][a-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+)*)")
_CURRENCIES = frozenset({"RMB", "CNY", "USD", "US", "EUR", "HKD", "JPY", "GBP"})  # a unit of an amount, no body
# a body's full English name: capitalised words ending in (or holding) the kind of body it is
_BODY = re.compile(r"\b(?:[A-Z][a-z]+(?:['’]s)?\s+(?:(?:of|and|for|on)\s+(?:the\s+)?)?){1,6}(?:Commission|Ministry|Bureau|"
                   r"Administration|Council|Agency|Office|Department|Committee|Authority|Congress|Parliament|"
                   r"Assembly|Senate|Court)(?:\s+of\s+(?:the\s+)?"
                   r"(?:[A-Z][a-z]+\s*){1,4})?")


_AMOUNTS = ("money", "percent")


def _asked_of():
    from rag.answerability import QUANTITY_NOUNS

    return QUANTITY_NOUNS


def _validity():
    """The words saying how long a thing stays valid (有效期, "valid for", "expires")."""
    from rag.answerability import PERIOD_NOUNS

    return PERIOD_NOUNS["valid"]


def _claimed_nouns(claim: str) -> list:
    """The patterns of what a claim's amount is of (a fee, a fine, a subsidy, capital …) that the claim names."""
    return [pattern for pattern in _asked_of().values() if pattern.search(claim)]


_FINED = re.compile(r"罚|\bfin(?:e|es|ed|ing)\b|\bpenal", re.I)  # a claim about a fine ("最高可以罚违法金额的30%")


def _counts_in_chinese(claimed: Figure, evidence: list[str]) -> bool:
    """True when an English count of things ("three certification bodies") is to be compared with the counts of
    Chinese evidence (至少指定两家…机构): the evidence is Chinese and counts things with a
    classifier (家, 个, 名), so the English noun cannot be matched but the count can."""
    if not claimed.kind.startswith("count:") or not evidence:
        return False
    text = " ".join(evidence)
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) and any(g.kind == "count" for g in figures(text))


def _compare_figures(claim: str, evidence: list[str], near_only: bool = False, context: str = "",
                     units: tuple[int, ...] = ()) -> tuple[str, list[tuple[Figure, list[Figure]]]]:
    """The claim's figures against the evidence's: ("11.5% ≠ 12%", …) for the first amount the evidence
    states otherwise (a year in the claim binds the figures of its own clause; the claim's words bind the
    figure they are about), else ("", the claim's figures the evidence does not state, each with the
    evidence's figures of its kind)."""
    from rag.lang import has_han

    text = " ".join(evidence)
    said, found = figures(claim), figures(text)
    if any(f.kind == "count" for f in said) and has_han(claim) and not has_han(text):  # "有10家航空公司" against
        # "9 airlines": a Chinese count by its classifier, an English one by its noun
        found = {Figure("count", g.value, g.working) if g.kind.startswith("count:") else g for g in found}
    years = [str(int(f.value)) for f in said if f.kind == "calendar"]
    parts = re.split(r"[，；;。]|,(?!\s*\d)", text)  # (not at "August 13, 2018": its day and its year stay with the
    # figures before them)
    dated = [part for i, part in enumerate(parts) if any(y in part for y in years) or (
        # a year set before its statement ("Preceding June 2018, … could repatriate up to 20%", "2020年，进口增长12%"):
        # the part after a part that states nothing but when
        i and any(y in parts[i - 1] for y in years) and all(f.kind in _CALENDAR for f in figures(parts[i - 1]))
        and not _NAMED_YEAR.search(part))]
    if dated and any(f.kind not in _CALENDAR for f in said):  # "in 2020 the share was 12%": 2020's own
        found = figures(" ".join(dated)) | {f for f in found if f.kind == "calendar"}
    grades = {f for f in said if f.kind == "grade"}
    if grades and any(f.kind != "grade" for f in said):  # "第二类……时限为90日": the figures of the sentence about
        # Class II, not those of the next one about Class III
        graded = [part for part in re.split(r"[；;。]|(?<=\.)\s", text)
                  if {Figure("grade", float(_ROMAN.index(g) + 1)) for g in _grades(part)} & grades]
        if graded:
            found = figures(" ".join(graded)) | {f for f in found if f.kind == "calendar"}
            evidence = graded  # (and only those rebind it)
    if sum(f.kind == "calendar-month" for f in said) > 1:  # "January–October": a span of months is compared by its year
        months = {f for f in said if f.kind == "calendar-month"}
        stated = {g for g in figures(_about(claim, evidence)) if g.kind == "calendar-month"} if evidence else set()
        if len(stated) > 1 and stated != months:  # "between January 1st and March 31st" against "March 1st … June 30th"
            return f"{_months(stated)} ≠ {_months(months)}", []
        said = {f for f in said if f.kind != "calendar-month"}
        if not any(g.kind == "calendar-month" for g in found):  # "from May 1 to September 16" where the evidence
            said |= months  # names no month at all: dates it does not state
    # an amount claimed of a fee, a fine, sales …: the evidence's amounts of sentences about it ("costs 1,000 yuan"
    # is not contradicted by the registered capital's 8000万元)
    nouns = _claimed_nouns(claim)
    if nouns:
        about = " ".join(s for s in evidence if any(pattern.search(s) for pattern in nouns))
        if not about and any(pattern.search(context) for pattern in nouns):  # the clause's heading or title names
            about = text  # it ("tariffs"), its items do not ("Syringes and needles: Increase rate to 50 percent")
        found = {g for g in found if g.kind not in _AMOUNTS} | {g for g in figures(about) if g.kind in _AMOUNTS}
    # an amount claimed of anything but a fine is not compared with the fines the evidence sets ("每家都要交100万元
    # 备用金" against "未按照规定存缴备用金的 … 处5000元以上1万元以下的罚款")
    fine = _asked_of()["fine"]
    if not _FINED.search(claim):
        unfined = [part for s in evidence for part in re.split(r"(?<=[，；;。])|,\s+", s) if not fine.search(part)]
        found = {g for g in found if g.kind not in _AMOUNTS} | {g for g in figures(" ".join(unfined))
                                                                if g.kind in _AMOUNTS and g in found}
    # a count of things is compared with counts of the same things only: "six areas" is not unstated where a
    # Chinese source says 六个方面
    # (in English evidence that never writes the number, a large count stays, unmatched: "about 5,000
    # foreign-invested commercial enterprises" is not stated by a source that names such enterprises and counts
    # none; a small one may be written in words the figures miss, and is left out as before)
    english = not any("\u4e00" <= ch <= "\u9fff" for ch in text)
    said = {f for f in said if not f.kind.startswith("count:") or any(g.kind == f.kind for g in found)
            or f.kind in _PART_COUNTS  # (how many articles a law has is a figure only a sentence saying so states)
            or _counts_in_chinese(f, evidence)
            or (english and f.value >= _LARGE_COUNT and not _writes_number(text, f.value))
            # (nor a count the evidence writes in no form at all: "must employ at least three people" is not stated by
            # sentences on who manages the firm, which write no three)
            or (f.value > 1 and not _writes_number(text, f.value) and not _writes_chinese_number(text, f.value))}
    said = {Figure("count", f.value, f.working) if f.kind.startswith("count:") and _counts_in_chinese(f, evidence) else f
            for f in said}
    # a place in a series is compared with places in the same series only ("第13届……峰会" against "the 13th annual
    # Summit", an ordinal of another word, is no unstated figure)
    said = {f for f in said if not f.kind.startswith("ordinal:") or any(g.kind == f.kind for g in found)}
    # "FDI in 2011 went above $116 billion" against "$105.7 billion in 2010": the evidence's figures are of
    # other years; they neither support nor contradict an amount claimed of a year it never mentions
    undated = bool(years) and not dated and any(g.kind == "calendar" for g in found)
    # one sentence stating every figure of the claim ("已满20年的，年休假15天" for "20 years or more get 15 days"):
    # the claim is that sentence's, whatever other sentences say of other lengths of service
    amounts = [f for f in said if f.kind not in _CALENDAR]  # (a year may be of another part of the sentence)
    together = len(amounts) > 1 and any(all(any(_same(f, g) for g in own) for f in amounts)
                                        for own in (figures(strip_doc_numbers(s)) for s in evidence))
    unmatched = []
    near_about: set[Figure] | None = None
    # how long a thing stays valid ("permits … valid for 180 days"): only a sentence on validity states it, not a
    # filing deadline (自海关放行之日起30日内……备案)
    valid = {g for s in evidence if _validity().search(s) for g in figures(s)} if _validity().search(claim) else None
    for f in sorted(said, key=lambda f: (f.kind == "calendar", f.kind, f.value)):  # amounts first, then years
        # (sorted in full: the verdict and the figures it shows never depend on set order)
        if any(_same(f, g) for g in found):
            other = (_rebound(f, claim, evidence) or _elsewhere(f, claim, evidence)
                     or _first_clause_otherwise(f, claim, evidence, units)) \
                if f.kind != "calendar" and not together else None
            if other is not None and (not near_only or _said_alike(f, other, claim, evidence, across=False)):
                return f"{_show(other)} ≠ {_show(f)}", []
            if f.kind not in _CALENDAR and _stated_apart(f, claim, evidence):
                unmatched.append((f, []))
            continue
        if undated and f.kind not in _CALENDAR:
            return "", [(g, []) for g in said]
        near = figures(_about(claim, evidence)) if evidence else set()  # (the sentence most about the claim first)
        if f.kind in _DAYS and near_about is None:
            near_about = _figures_of_sentences_about(claim, evidence)
        # (a length of time in another unit counts when the sentence most about the claim gives it: "can last up to
        # one year" against "实施期限……不超过200天"; not a deadline in working days for something else)
        other = sorted((g for g in found if (_comparable(f, g) or (f.kind in _DAYS and g.kind in _DAYS and g in near
                                                                    and not g.working))
                        and (not near_only or _said_alike(f, g, claim, evidence, across=False))
                        and (f.kind not in _DAYS or g in near_about or (not near_only and _said_alike(f, g, claim, evidence)))
                        and (f.kind not in _DAYS or valid is None or g in valid)
                        and not _same(f, g) and not _bounds_other_end(f, g, claim, evidence)),
                       key=lambda g: (g not in near, g.kind, g.value))
        if other and f.kind not in _CALENDAR:  # (another year or month may be of another event)
            return f"{_show(other[0])} ≠ {_show(f)}", []
        if f.value == 1 and f.kind in ("count", "people"):
            continue  # 一家企业, 一名代表: "a company", as often as a count the evidence must state
        unmatched.append((f, other))
    return "", unmatched


def _stated_apart(claimed: Figure, claim: str, evidence: list[str]) -> bool:
    """True when evidence in the claim's language states the claimed figure only in sentences holding none of the
    claim's words, while another sentence holds some: "(24 hours)" after a telephone number does not state that
    the hospital the sentence before names "is open 24 hours a day"."""
    from rag.lang import has_han

    if any(has_han(s) != has_han(claim) for s in evidence):
        return False  # (across languages a sentence holds the claim's words only as far as their translations go)
    counts = _claim_word_counts(claim, evidence)
    holding = [n for s, n in zip(evidence, counts) if any(_same(claimed, g) for g in figures(strip_doc_numbers(s)))]
    return any(counts) and bool(holding) and not any(holding)  # (a figure compared otherwise, a Chinese count with
    # "9 airlines", is found in no sentence this way: nothing is said of it)


def _figures_of_sentences_about(claim: str, evidence: list[str]) -> set[Figure]:
    """The figures of the sentences about the claim: those holding at least half as many of its words as the one
    holding most, and one at least. A length of time from a sentence about something else ("提前三十日在首页公示"
    for a claim about refunding a deposit within seven days) contradicts nothing."""
    counts = _claim_word_counts(claim, evidence)
    floor = max(1, max(counts, default=0) / 2)
    return {g for sentence, n in zip(evidence, counts) if n >= floor for g in figures(sentence)}


def _said_alike(claimed: Figure, stated: Figure, claim: str, evidence: list[str], across: bool = True) -> bool:
    """True when a sentence of the evidence states `stated` about one of the words the claim says its own figure
    about ("提前十天在首页公告" and "提前三十日在首页……公示": 提前, 首页), not of something else ("一年内结案" and
    "3年以上……从事直销活动的经验"). across: a claim in the other language than the evidence is compared through
    the translations of its words next to the figure; not for a claim naming what the documents never mention
    (`near_only`), whose words in common with any figure of the evidence ("annually", "purchases") prove nothing."""
    from rag.lang import has_han

    terms = _claim_terms(claim, " ".join(evidence))

    def beside(text: str, figure: Figure) -> set[str]:  # the claim's words right next to the figure
        reach = 6 if has_han(text) else 25
        return {t for f, start, end in figure_spans(text) if f == figure for t in terms
                if any(start - reach <= p < start or end <= p < end + reach for p in _term_positions(t, text))}

    mine = beside(claim, claimed)
    if across and has_han(claim) != has_han(" ".join(evidence)):
        # across languages: the claim's words next to its figure as the evidence writes them, against the words
        # of the figure's own clause in the evidence ("停业期限不得超过一年")
        mine |= _translated_beside(claim, claimed, " ".join(evidence))
        return bool(mine) and any(f == stated and words & mine for sentence in evidence
                                  for f, words in _bound_figures(strip_doc_numbers(sentence), terms))
    return bool(mine) and any(beside(strip_doc_numbers(sentence), stated) & mine for sentence in evidence)


_NEXT_TO = 40  # characters of a claim before (and half as many after) its figure that say what it is of


def _translated_beside(claim: str, claimed: Figure, evidence: str) -> set[str]:
    """The translations, in the senses the evidence uses, of the claim's words next to its figure ("suspend
    operations for up to two years": 停业), so that a figure of Chinese evidence is said alike of an English
    claim's."""
    from rag.lang import has_han
    from rag.translate import translate_terms

    found: set[str] = set()
    low = evidence.lower()
    for f, start, end in figure_spans(claim):
        if f != claimed:
            continue
        left = re.split(r"[，；;。,]", claim[max(0, start - _NEXT_TO):start])[-1]
        right = re.split(r"[，；;。,]", claim[end:end + _NEXT_TO // 2])[0]
        window = re.sub(_FIGURE.pattern, " ", f"{left} {right}", flags=re.I)
        found |= {e.target for e in translate_terms(window, "zh" if has_han(evidence) else "en",
                                                    known=lambda term: term.lower() in low)}
    return found


# A bound on a claimed figure ("at most five times", "不超过二年") and a range in the evidence ("五倍以上十倍以下",
# "between 10 and 30 days"): a claimed maximum that is the range's minimum is contradicted by its maximum.
_MAX_BEFORE = re.compile(r"(?:at most|up to|no more than|not more than|a maximum of|maximum of|not exceeding|"
                         r"不超过|不得超过|最多|最高|至多)[^，。；,;\d]{0,10}$", re.I)  # "最高是违法经营额的五倍"
_MIN_BEFORE = re.compile(r"(?:at least|no less than|not less than|a minimum of|minimum of|至少|最少|不少于|不低于)"
                         r"[^，。；,;\d]{0,10}$", re.I)
_MAX_AFTER = re.compile(r"^\s*(?:以下|以内|之内|or less|or fewer|at most|at the most)", re.I)
_MIN_AFTER = re.compile(r"^\s*(?:以上|or more|at least)", re.I)
_RANGE = re.compile(r"[^，。；,;]{0,24}?以上[^，。；,;]{0,24}?以下|\bbetween\s+[^,;.]{1,40}?\s+and\s+[^,;.]{1,40}|"
                    r"\bfrom\s+[^,;.]{1,30}?\s+to\s+[^,;.]{1,30}", re.I)


def _bound(claim: str, start: int, end: int) -> str:
    """"max", "min" or "": what the claim says of the figure at claim[start:end]."""
    before, after = claim[max(0, start - 20):start], claim[end:end + 12]
    if _MAX_BEFORE.search(before) or _MAX_AFTER.match(after):
        return "max"
    if _MIN_BEFORE.search(before) or _MIN_AFTER.match(after):
        return "min"
    return ""


def _bounds_other_end(f: Figure, g: Figure, claim: str, evidence: list[str]) -> bool:
    """True when the claim bounds `f` from one side ("at least 21 years old") and the evidence bounds `g`, wherever it
    states it, only from the other (年龄不超过60周岁), and both can hold (21 ≤ 60): a source that sets the most says
    nothing of the least, and does not contradict it."""
    sides = {_bound(claim, a, b) for h, a, b in figure_spans(claim) if _same(h, f)}
    if len(sides) != 1 or f.kind != g.kind:
        return False
    side = sides.pop()
    stated = [_bound(sentence, a, b) for sentence in evidence
              for h, a, b in figure_spans(sentence) if _same(h, g)]
    if not side or not stated or any(other in ("", side) for other in stated):
        return False
    return f.value <= g.value if side == "min" else f.value >= g.value


def _range_conflict(claim: str, evidence: str) -> str:
    """"10 times ≠ 5 times" when the claim bounds a figure ("at most five times") that the evidence gives as the
    other end of a range ("五倍以上十倍以下"); "" otherwise."""
    ranges = []
    for m in _RANGE.finditer(evidence):
        ends = [f for f, _, _ in figure_spans(m.group(0))]
        if len(ends) == 2 and _comparable(*ends):
            ranges.append((min(ends, key=lambda f: f.value), max(ends, key=lambda f: f.value)))
    for f, start, end in figure_spans(claim) if ranges else ():
        side = _bound(claim, start, end)
        for lo, hi in ranges:
            if side == "max" and _same(f, lo) and not _same(f, hi):
                return f"{_show(hi)} ≠ {_show(f)}"
            if side == "min" and _same(f, hi) and not _same(f, lo):
                return f"{_show(lo)} ≠ {_show(f)}"
    return ""


def _other_end_only(claim: str, evidence: list[str]) -> str:
    """"2,000,000 ≠ 500,000" when the claim bounds a figure ("fined up to RMB 500,000") that every sentence of the
    evidence stating it gives as the other end of a range ("处五十万元以上二百万元以下的罚款"): the claimed most is the
    least; "" otherwise (the figure stated on its own, or as the same end, anywhere)."""
    for f, start, end in figure_spans(claim):
        if (side := _bound(claim, start, end)) and (other := _only_as_other_end(f, side, evidence)) is not None:
            return f"{_show(other)} ≠ {_show(f)}"
    return ""


def _only_as_other_end(f: Figure, side: str, evidence: list[str]) -> Figure | None:
    """The other end of the range every sentence stating `f` gives it in, when that is always the end opposite
    the claimed `side` ("max": the claim's most is the range's least); None when a sentence states it otherwise."""
    other = None
    for sentence in evidence:
        ranges = []
        for m in _RANGE.finditer(sentence):
            ends = [(g, m.start() + a, m.start() + b) for g, a, b in figure_spans(m.group(0))]
            if len(ends) == 2 and _comparable(ends[0][0], ends[1][0]):
                ranges.append(sorted(ends, key=lambda e: e[0].value))
        for g, start, end in figure_spans(sentence):
            if not _same(f, g):
                continue
            within = next((r for r in ranges if any(a - 2 <= start and end <= b + 2 for _, a, b in r)), None)
            if within is None:
                return None  # stated on its own
            (lo, *_), (hi, *_) = within
            if side == "max" and _same(f, lo) and not _same(f, hi):
                other = other or hi
            elif side == "min" and _same(f, hi) and not _same(f, lo):
                other = other or lo
            else:
                return None  # the claimed end
    return other


# the words between a Chinese label and its figure ("存储期限为1年", "期限最长不超过2年")
_LABEL_GAP = re.compile(r"(?:是|为|达到?|约|大约|仅|只有|共|合计|要|需要?|应当?|在|最长|最多|最少|最低|最高|"
                        r"不超过|不得超过|不少于|不低于|不得少于|为期|的)+$")
LABEL_CHARS = 4  # a label is the last this many characters before the figure (3 at least: 网站 labels nothing)


def _label_before(text: str, start: int) -> str:
    """The Chinese words right before a figure, without the ones that only join it to them ("正常的存储期限是3年":
    存储期限)."""
    run = re.search(r"[\u4e00-\u9fff]+$", text[:start])
    words = _LABEL_GAP.sub("", run.group(0)) if run else ""
    return words[-LABEL_CHARS:] if len(words) >= 3 else ""


def _labelled_otherwise(claim: str, evidence: list[str]) -> str:
    """"1年 ≠ 3年" when a Chinese claim gives a figure right after a label ("存储期限是3年") and the evidence gives
    that label only other figures of its kind ("存储期限为1年"), whatever other sentence states the claimed one
    ("《保税仓库注册登记证书》有效期为3年"); "" otherwise."""
    from rag.lang import has_han

    if not has_han(claim):
        return ""
    for claimed, start, _ in figure_spans(claim):
        label = _label_before(claim, start)
        if not label:
            continue
        stated = [f for sentence in evidence if has_han(sentence) for f, at, _ in figure_spans(sentence)
                  if _comparable(claimed, f) and _label_before(sentence, at).endswith(label)]
        if stated and not any(_same(claimed, f) for f in stated):
            return f"{_show(stated[0])} ≠ {_show(claimed)}"
    return ""


def contradiction(statement: str, evidence: list[str]) -> str:
    """How a statement contradicts the evidence (its sentences), read as `judge` reads a claim against the
    quoted sentences: "the evidence says 11.5%, not 12%" (a figure of the same kind with another value, another
    year's figure, or another figure for what the statement is about), "'允许' where the evidence says '禁止'"
    (the opposite direction); "" when it contradicts nothing (which does not make it supported). Used by
    rag/verify.py on generated sentences."""
    conflict, unmatched = _compare_figures(statement, evidence)
    reversed_ = _reversed_direction(statement, evidence)
    if not conflict and not reversed_:  # then a year the evidence states otherwise ("in force since 1997")
        conflict = next((f"{_show(_stated(f, other))} ≠ {_show(f)}" for f, other in unmatched
                         if other and _decides(f, statement, " ".join(evidence))), "")
    if conflict:
        shown, said = conflict.split(" ≠ ")
        return f"the evidence says {shown}, not {said}"
    if reversed_:
        return f"'{reversed_[0]}' where the evidence says '{reversed_[1]}'"
    return ""


# a year (and its month) that names the document a claim speaks of ("China's 1985 port-opening provisions", "the
# February 2025 copper order", "2018年的意见")
_DOCUMENT_YEAR = re.compile(rf"(?:\b{MONTH_NAME}\s+(?:\d{{1,2}},?\s+)?)?(?<!\d)((?:19|20)\d\d)(?!\d)"
                            r"(?:年(?:\d{1,2}月)?(?:的|版|发布的|出台的|印发的)?)?\s*(?=(?:[\w'’-]+\s+){0,3}?"
                            r"(?:provisions|regulations?|rules|measures|law|opinions?|guidance|guidelines|notice|"
                            r"circular|order|decree|act|plan|controls|announcement|proclamation|memorandum|bill)\b|[\u4e00-\u9fff]{0,10}?(?:规定|条例|办法|意见|通知|决定|规划|"
                            r"方案|法|公告|管制)(?![\u4e00-\u9fff]))", re.I)


def _without_document_years(claim: str, context: str) -> str:
    """The claim without the years naming its document that the cited clauses' titles or file names give (what
    the claim is about, not a figure it states)."""
    return _DOCUMENT_YEAR.sub(lambda m: " " if m.group(1) in context else m.group(0), claim)


# a thing a claim names only to set its own against it: "the USTR's office, not the Commerce Department, is running
# it", "rather than the importer", "而不是海关"
_FOIL = re.compile(r",\s*(?:and\s+)?not\s+(?:the\s+|a\s+|an\s+)?[^,;.?]{2,60}?,|\b(?:rather than|instead of)\s+[^,;.?]{2,60}?"
                   r"(?=[,;.?]|$)|而(?:不是|非)[^，,。；;？?]{1,30}", re.I)


def _without_foil(claim: str) -> str:
    """The claim without the things it names only to set its own against (`_FOIL`)."""
    return _FOIL.sub(" ", claim)


def states_figures(question: str, context: str = "") -> bool:
    """Whether a claim states a figure of its own (not the year naming its document, which `context`, the cited
    clauses' titles, gives)."""
    return bool(figures(_without_document_years(arabic_dates(claim_text(question)), context)))


def judge(question: str, evidence: list[str], answered: bool, covered: float | None = None,
          context: str = "", unmentioned: bool = False, sites: frozenset[str] = frozenset(),
          documents: tuple = (), units: tuple[int, ...] = ()) -> ClaimVerdict:
    """Supported, contradicted or not stated, from the quoted sentences (`evidence`) of the answer.
    covered: the share of the claim's terms the evidence holds; below MIN_COVERAGE the evidence is about
    something else and the claim is not stated (a sentence that merely contradicts nothing supports nothing).
    context: the titles and headings of the evidence's clauses, which name what the sentences are about.
    unmentioned: the claim names things the documents never mention ("港务局"); a figure contradicts it only
    from the sentence most about it ("提前三十日在首页……" against "提前十天在首页公告"), not from any sentence.
    sites: the government web sites that published the evidence (see `unstated_things`).
    documents: the documents the evidence is from (rag.corpus.Document; see `_of_another_place`).
    units: for each evidence sentence, the rank of the cited clause it is from (0: the clause cited first, the one
    most about the claim; see `_first_clause_otherwise`); () when not known."""
    if not answered or not evidence:
        return ClaimVerdict("not_stated")
    evidence, units = _joined_units(evidence, units)
    evidence = [arabic_dates(s) for s in evidence]  # "自二○○四年一月一日起施行": 2004年1月1日
    claim = arabic_dates(claim_text(question))
    if dated := _effect_dated(claim, evidence):  # in force on a date of its own, not on publication
        english = not any("\u4e00" <= ch <= "\u9fff" for ch in claim)
        return ClaimVerdict("contradicted", f"{_english_date(dated) if english else dated} ≠ "
                                            f"{'the day of publication' if english else '公布之日'}")
    if other := _date_of_another_event(claim, evidence) or _event_dated_otherwise(claim, evidence):  # "issued on"
        return ClaimVerdict("contradicted", other)  # the date it took effect; "took effect" on a date it did not
    if _EFFECT.search(claim) and any(_EFFECT.search(s) for s in evidence):
        covered = None  # when it took effect: the sentence saying so decides, whatever words it shares
    if covered is not None and covered < MIN_COVERAGE / 2:
        # (few of an English claim's words reach Chinese evidence through their translations: the sentence most
        # about it still decides, when it states the claimed amount as one end of a range whose other end the claim
        # denies: "fined at most 1,000 yuan for not maintaining its trucks" against "不按规定维护和检测运输车辆的……
        # 处1000元以上5000元以下的罚款")
        ends = _range_ends_otherwise(claim, evidence)
        return ClaimVerdict("contradicted", ends) if ends else ClaimVerdict("not_stated")
    text = " ".join(evidence)
    stated = _how_often(text)
    if (often := _how_often(claim)) and not often & stated and not _units(often) & _units(stated):
        # "every month", "every five years", where no sentence says so (nor "every three years", which the figures
        # then weigh): the evidence is about something else, whatever its figures — unless the sentence most about
        # the claim states its amount otherwise ("up to 50% … each month" against "could repatriate up to 20% of its
        # investments", the frequency lost in the writing)
        closest = _closest(claim, evidence)
        amounts = [f for f in figures(claim) if f.kind in _AMOUNTS]
        conflict = _compare_figures(_without_document_years(claim, context), [closest])[0] \
            if closest and amounts and not _how_often(closest) else ""
        return ClaimVerdict("contradicted", conflict) if conflict else ClaimVerdict("not_stated")
    if often and not often & stated and (said := _how_often(_closest(claim, evidence))) and not often & said \
            and _units(often) & _units(said):  # "每半年核销一次" against the sentence most about it: "每季度……办理核销
        # 手续" (every six months, every three; not "every month" against "every week", which may be the rates of two
        # things: "每月加班不得超过36小时" and "每周工作40小时")
        return ClaimVerdict("contradicted", f"{_often_shown(said)} ≠ {_often_shown(often)}")
    nouns = _claimed_nouns(claim)
    if nouns and not any(pattern.search(f"{context}\n{text}") for pattern in nouns):  # "a fixed inspection fee for
        return ClaimVerdict("not_stated")  # every batch", where no sentence names a fee: it is about something else
    figured = _without_document_years(claim, context)  # ("China's 1985 provisions": the document, no figure)
    conflict, unmatched = _compare_figures(figured, evidence, near_only=unmentioned, context=context,
                                           units=units)
    if conflict and _of_another_place(claim, evidence, context, sites, documents):  # "a 10% tariff on goods
        # from the United Kingdom" against Brazil's 40%
        conflict, unmatched = "", unmatched or [(f, []) for f in figures(figured)]
    if covered is not None and covered < MIN_COVERAGE and (unmatched or not figures(figured)) and not conflict:
        # a claim whose every figure the evidence states ("at most two years": 不超过二年) needs fewer of its
        # words there: an English claim's words reach Chinese evidence only through their translations; so does
        # one the evidence states another figure of the same kind for ("within 5 years" against 批准后3年内实施,
        # its words covered 0.19): on the tuned splits' 183 claims, every such figure conflict between half the
        # floor and the floor was a claim the source contradicts (3 of 3), and no claim it does not state had one
        return ClaimVerdict("not_stated")
    conflict = conflict or _range_conflict(claim, _closest(claim, evidence) or text) or \
        _range_conflict(claim, _closest(claim, [s for s in evidence if _RANGE.search(s)])) or \
        _other_end_only(figured, evidence) or _labelled_otherwise(figured, evidence)  # (the closest of those
    # giving a range: "五倍以上十倍以下" for "at most five times", where the closest of all gives no figure)
    if conflict:
        return ClaimVerdict("contradicted", conflict)
    if _reversed_direction(claim, evidence):
        return ClaimVerdict("contradicted", "direction")
    if number := _other_number(claim, evidence) or _other_level(claim, evidence) or _other_measure(claim, evidence) \
            or _other_day(claim, evidence):
        # "press 1" against 'press "0" for English'; a threat "high" against "medium"; "30cN/dtex" against 40cN/dtex
        return ClaimVerdict("contradicted", number)
    if moved := _reversed_movement(claim, evidence):  # the documents say it of goods moving the other way
        return ClaimVerdict("contradicted", f"{moved[1]} ≠ {moved[0]}")
    if changed := _reversed_change(claim, evidence):  # "从蓝色变成绿色": "will change from green to blue"
        return ClaimVerdict("contradicted", f"{changed[0]} ≠ {changed[1]}")
    if theirs := _figure_of_another_party(claim, evidence):  # 3倍 is the producer's fine; the seller's is 1000元–5万元
        return ClaimVerdict("contradicted", f"{theirs[0]} ≠ {theirs[1]}")
    if agent := _other_agent(claim, evidence) or _other_actor(claim, evidence) or _other_party_zh(claim, evidence) \
            or _other_body(claim, evidence):
        # done by others than it says
        return ClaimVerdict("contradicted", f"{agent[0]} ≠ {agent[1]}")
    if _negated_otherwise(claim, evidence):  # "China has signed the conventions": "China has not ratified them"
        return ClaimVerdict("contradicted", "direction")
    if _not_the_only_one(claim, evidence):  # "只能去找海关": "可以向海关、中国国际贸易促进委员会…申请"
        return ClaimVerdict("contradicted", "direction")
    for f, other in unmatched:
        if other and _decides(f, claim, text):  # "came into force in 1997" against a source saying 1987
            return ClaimVerdict("contradicted", f"{_show(_stated(f, other))} ≠ {_show(f)}")
    if unmatched:  # the claim's own figure ("500万元", "twice a year") is nowhere in the evidence
        return ClaimVerdict("not_stated")
    if unstated_things(_without_foil(claim), f"{context}\n{text}", sites):  # "the fund is financed from customs
        # duties": no duties (a thing the claim sets against its own, "not the Commerce Department", need not be)
        return ClaimVerdict("not_stated")
    if _unnamed(_without_foil(question), f"{context}\n{text}", sites):  # "Cantonese is the second most widely spoken language":
        return ClaimVerdict("not_stated")  # the sentences on languages name Mandarin only
    return ClaimVerdict("supported")


# capitalised words that name no particular thing a source must write: the country every document here is about,
# its people, the days and months of a date, titles of address
_UNNAMED_OK = frozenset("i china chinese prc beijing mainland english mandarin monday tuesday wednesday thursday friday "
                        "saturday sunday mr mrs ms dr internet president "
                        # a document and its parts, which a claim names by kind ("the modified Annex II", "the Order")
                        "annex appendix schedule section article chapter part title paragraph clause item order act "
                        "law laws rule rules regulation regulations notice guide guidance measures provisions "
                        "memorandum proclamation statement fact sheet".split())


def _unnamed(claim: str, evidence: str, sites: frozenset[str]) -> list[str]:
    """The capitalised words an English claim (the question asking it) names things by ("Cantonese", "Ambassador",
    "Shanghai") that English
    evidence (with the titles and headings it is from) never writes, in any form: a claim about what the
    evidence does not name is not stated by it. Not a claim's first word, an acronym (see `_unstated_names`), a
    country or the publisher's own name, a place in China when the evidence names no other (a national rule need
    not name the city a claim is about), a people ("Americans"), nor a month or a day."""
    from rag.answerability import _is_place
    from rag.lang import has_han
    from rag.salience import chinese_place, country_key
    from rag.sites import compact, site_names

    if has_han(claim) or has_han(evidence):
        return []
    own = {n for site in sites for n in site_names(site)}
    low = evidence.lower()
    # a body's name ("the Ministry of Commerce", which evidence may call MOFCOM: see `_unstated_names`) and a
    # country's name in words ("North Korea": the Democratic People's Republic of Korea) are checked otherwise
    named = [(m.start(), m.end()) for pattern in (_BODY, _BODY_OF) for m in pattern.finditer(claim)]
    for m in re.finditer(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+", claim):
        words = m.group(0).split()
        name = compact(m.group(0))
        if name in own or (len(name) >= 6 and any(site.endswith(name) for site in own)):
            named.append((m.start(), m.end()))  # "the White House", whose site published the evidence
            continue
        if any(_is_place(" ".join(words[i:i + 2])) and not chinese_place(" ".join(words[i:i + 2]))
               for i in range(len(words) - 1)):
            named.append((m.start(), m.end()))
    out = []
    for m in re.finditer(r"(?<![\w.'’-])([A-Z][a-z]{2,})(?:['’]s)?\b", claim):
        word = m.group(1)
        first = re.search(r"(?:^|(?<![A-Z])[.?!]\s+|[:;\"“‘'(]\s*)$", claim[:m.start()])  # a sentence's first word
        if first or word.lower() in _UNNAMED_OK or word.lower() in own:
            continue
        if any(a <= m.start() < b for a, b in named):
            continue
        if any(word == month for month in MONTHS) or country_key(re.sub(r"(?<=n)s$", "", word)) is not None or (
                _is_place(word) and not chinese_place(word)):
            continue  # (a foreign place: see `_unstated_places`)
        stem = word.lower()[:max(4, len(word) - 3)]  # ("Ambassador": ambassadors; "Cantonese": Canton)
        if re.search(r"\b" + re.escape(stem), low):
            continue
        if chinese_place(word) and not _other_places_named(evidence):
            continue
        out.append(word)
    return out


def _other_places_named(evidence: str) -> bool:
    """True when English evidence names a province or city of China ("Jiangxi province", "Guangzhou city")."""
    from rag.salience import chinese_place

    return any(chinese_place(m.group(1)) for m in re.finditer(r"\b([A-Z][a-z]{3,})\b", evidence)
               if m.group(1).lower() not in _UNNAMED_OK)


# English negation, without the bounds and idioms that only look like one ("not less than", "not only")
_NOT_NEGATION_EN = re.compile(r"\b(?:not|no) (?:only|less|more|later|earlier|fewer|exceed\w*|to exceed|longer than|"
                              r"shorter than|just|least)\b|\bno doubt\b|\bnos?\.\s*\d|"  # ("Order No. 5": a number)
                              # a thing set against another, not a statement denied ("accrue to the United States and
                              # Indonesia, not third-countries.")
                              r",\s+not\s+(?:the\s+|an?\s+)?[\w-]+(?:\s+[\w-]+)?\s*(?=[.;,)]|$)", re.I)
_NEGATION_EN = re.compile(r"\b(?:not|never|cannot|neither|nor|no|nothing|without)\b|n['’]t\b", re.I)  # ("Nothing in
# this order shall prohibit …": it does not prohibit)
# where a sentence turns from one statement to another ("… has not ratified X, but has ratified Y")
_TURN_EN = re.compile(r",?\s+but\s+|;\s*|,\s+(?:while|whereas|although|though|yet)\s+", re.I)
# a concession before the main clause, negated or not on its own: "Even if they're not on the list themselves,
# organisations are subject to sanctions if …"
_CONCESSIVE_EN = re.compile(r"\s*(?:even if|even though|although|though|whether or not)\b[^,]{1,150},\s*", re.I)
# an act a source says may not be done, and a claim's "without …" phrase
_CANNOT_EN = re.compile(r"\b(?:cannot|can ?not|can['’]t|may not|must not|shall not|are not allowed|is not allowed|"
                        r"are not permitted|is not permitted)\b", re.I)
_WITHOUT_EN = re.compile(r"\bwithout\b[^,.;:?!]*", re.I)
NEGATION_OVERLAP = 0.6  # share of the claim's words the part of a sentence must hold to be about the same thing


def _content_words(text: str) -> set[str]:
    from rag.translate import EN_STOPWORDS

    return {w[:-1] if len(w) > 4 and w.endswith("s") else w for w in re.findall(r"[a-z]{3,}", text.lower())
            if w not in EN_STOPWORDS and w not in ("not", "never", "cannot", "nor", "neither", "without", "nothing")}


# Chinese negation, without the bounds that only look like one (不超过, 不少于)
_NOT_NEGATION_ZH = re.compile(r"不(?:超过|少于|低于|高于|足|仅|但|论|久|断|同|外乎)|无论")
_NEGATION_ZH = re.compile(r"不|没有|没|未|无|禁止|严禁")


def _english_words_of(claim: str, evidence: str = "") -> set[str]:
    """The English content words of a Chinese claim: its words' senses (the glossary's, else the dictionary's), one
    apiece, so that a word with many senses counts once — the first the `evidence` uses (酒店 is "hotel" beside
    "Hotels must register foreign guests", not the dictionary's first "wine shop"), else the best."""
    from rag.translate import translate_terms

    senses: dict[str, list[str]] = {}
    for e in translate_terms(claim, "en"):
        senses.setdefault(e.source, []).append(e.target)
    used = _content_words(evidence)
    words: set[str] = set()
    for targets in senses.values():
        words |= next((own for target in targets if (own := _content_words(target)) & used), _content_words(targets[0]))
    return words


def _negated_otherwise(claim: str, evidence: list[str]) -> bool:
    """True when a claim and the part of an English source sentence about the same thing (most of the claim's
    words; a Chinese claim's by their English senses) differ in negation: "China has signed up to the ILO
    conventions on freedom of association" against "China has not ratified core ILO conventions on freedom of
    association …, but has ratified …"; "外国律师可以和中国律师合办合资律所" against "… are not allowed to form joint
    ventures with Chinese lawyers"."""
    if claim.isascii():
        words = _content_words(claim)
        negated = _NEGATION_EN.search(_NOT_NEGATION_EN.sub(" ", claim)) is not None
    else:  # a Chinese claim, by the English words of its translation ("外国律师可以和中国律师合办合资律所")
        words = _english_words_of(claim, " ".join(s for s in evidence if s.isascii()))
        negated = _NEGATION_ZH.search(_NOT_NEGATION_ZH.sub(" ", claim)) is not None
    if len(words) < 3:
        return False
    best, part_negated, part = 0.0, negated, ""
    for sentence in _statements(evidence):
        if not sentence.isascii():
            continue
        lead = m.end() if (m := _CONCESSIVE_EN.match(sentence)) else 0  # "Even if they're not on the list, …"
        for piece in ([sentence[:lead]] if lead else []) + _TURN_EN.split(sentence[lead:]):
            share = len(words & _content_words(piece)) / len(words)
            if share > best:
                best, part = share, piece
                part_negated = _NEGATION_EN.search(_NOT_NEGATION_EN.sub(" ", piece)) is not None
    if best >= NEGATION_OVERLAP and negated and part_negated and claim.isascii() and _CANNOT_EN.search(part):
        # "can apply directly, without a mainland entity" against "cannot apply": what the claim goes without is
        # no negation of what it says may be done (but "without approval" is "do not need approval")
        negated = _NEGATION_EN.search(_NOT_NEGATION_EN.sub(" ", _WITHOUT_EN.sub(" ", claim))) is not None
    return best >= NEGATION_OVERLAP and part_negated != negated


# a Chinese claim that one party or place is the only one ("只能去找海关", "只要向国内主管部门报告就行了"): the words
# after the marker, up to the end of its clause
_ONLY_ZH = re.compile(r"(?:只能|只有|只要|只需|只需要|仅能|仅需|仅向|只向|只找|只去)([^，,。；;？?！!]{2,30})")
# joined to another of its kind in the source: "向海关、中国国际贸易促进委员会…", "向……使馆(领馆)和国内有关主管部门报告"
_AND_OR_ZH = r"(?:、|和|及|以及|或者|或)"


def _not_the_only_one(claim: str, evidence: list[str]) -> tuple[str, str] | None:
    """(what a Chinese claim says is the only one, the source's list naming it with others) when the source
    sentence most about the claim names the claimed party or place in a list joined with another ("只能去找海关"
    against "可以向海关、中国国际贸易促进委员会及其地方分会……申请"); None otherwise."""
    m = _ONLY_ZH.search(claim)
    if not m or not evidence:
        return None
    from rag.tokenize import tokenize

    closest = _closest(claim, evidence)
    for term in sorted({t for t in tokenize(m.group(1)) if len(t) >= 2}, key=lambda t: (-len(t), t)):
        if term not in closest:
            continue
        listed = re.search(rf"{_AND_OR_ZH}[^，,。；;]{{0,20}}{re.escape(term)}|{re.escape(term)}[^，,。；;、]{{0,12}}?"
                           rf"{_AND_OR_ZH}[\u4e00-\u9fff(（]", closest)
        if listed:
            return term, listed.group(0)
    return None


_LINES = {
    "en": {"supported": "Supported by the documents.", "contradicted": "Contradicted by the documents.",
           "not_stated": "Not stated in the documents."},
    "zh": {"supported": "文件支持这一说法。", "contradicted": "与文件不符。", "not_stated": "文件中没有这一说法的依据。"},
}


def cited_context(citations) -> str:
    """The titles, file names and headings of the cited clauses: what their sentences are about (`judge`'s
    context; "missouri sb806 foreign ownership" names what a bill whose text never says so is), with the years its
    file name and 文号 give ("…_provisions_1985.md": the claim's "1985 provisions" are this document)."""
    from rag.salience import file_words

    def years(c) -> str:
        return " ".join(dict.fromkeys(_NAMED_YEAR.findall(f"{c.clause.doc_id} {c.doc_number or ''}")))

    return "\n".join(f"{c.title} ({' '.join(sorted(file_words(c.clause.doc_id)))}) {years(c)} {c.clause.heading or ''}"
                     for c in citations)


def cited_units(citations) -> tuple[int, ...]:
    """For each quoted sentence of the citations, in order, the rank of its citation (`judge`'s units)."""
    return tuple(i for i, c in enumerate(citations) for _ in c.sentences)


_NAMED_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")


def with_verdict(answer, question: str, covered: float | None = None, sites: frozenset[str] = frozenset(),
                 documents: tuple = ()):
    """The answer to a claim, with its verdict set and stated in the first line. A claim the documents do
    not state is a refusal ("Not stated in the documents."): nothing is cited as support, and the clauses
    that were checked stay first among the closest clauses."""
    from dataclasses import replace

    verdict = judge(question, [s for c in answer.citations for s in c.sentences], not answer.refused, covered,
                    cited_context(answer.citations), sites=sites, documents=documents,
                    units=cited_units(answer.citations))
    if (verdict.verdict == "not_stated" and answer.mode == "lookup" and not answer.refused and answer.citations
            and covered is not None and covered < MIN_COVERAGE):
        # "第23项任务是支持自由贸易试验区……，对吗？": the claim says what a clause it names is about, and that
        # clause is about something else (it holds too few of the claim's terms): the attribution is wrong
        verdict = ClaimVerdict("contradicted", "clause")
    if verdict.verdict == "not_stated":
        checked = [c.clause.id for c in answer.citations]
        near = sorted(answer.retrieved, key=lambda h: checked.index(h.clause.id) if h.clause.id in checked else len(checked))
        why = answer.text if answer.refused and answer.text.startswith(("Not found in the documents:", "文件中未找到相关内容：")) else ""
        why = why.split(":", 1)[-1].split("：", 1)[-1].strip()
        why = why[:1].upper() + why[1:]  # "They never mention space station."
        return replace(answer, verdict=verdict.verdict, refused=True, mode="refused", citations=(),
                       retrieved=tuple(near), text=" ".join(filter(None, (verdict_line(verdict, answer.lang), why))))
    return replace(answer, verdict=verdict.verdict, text=f"{verdict_line(verdict, answer.lang)}\n{answer.text}")


def verdict_line(verdict: ClaimVerdict, lang: str) -> str:
    """The line an answer to a claim starts with."""
    line = _LINES.get(lang, _LINES["en"])[verdict.verdict]
    if verdict.verdict == "contradicted" and verdict.reason == "clause":
        line += "所指条款说的是另一件事：" if lang == "zh" else " The clause it names says something else:"
    elif verdict.verdict == "contradicted" and verdict.reason and verdict.reason != "direction":
        shown, claimed = verdict.reason.split(" ≠ ")
        line += f"文件写的是{_in_chinese(shown)}，不是{_in_chinese(claimed)}。" if lang == "zh" else f" The documents say {shown}, not {claimed}."
    return line
