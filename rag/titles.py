"""English renderings of Chinese document titles and clause headings, for English readers of Chinese
sources (rag/gloss.py). No machine translation model is assumed: a title is parsed by the structure every
Chinese official title follows (GB/T 9704: issuer + 关于 + subject + 的 + kind of document, with 转发/印发 when
one body forwards another's document; 中华人民共和国…法 for national laws), and its parts are translated word by
word, in order, from the glossary and CC-CEDICT. The result is a reader's gloss, marked as translated where it
is shown; the Chinese title stays beside it.

    english_title("国务院办公厅转发商务部等部门关于扩大进口促进对外贸易平衡发展意见的通知")
    -> "Notice of the General Office of the State Council Forwarding the Opinions of the Ministry of Commerce
        and Other Departments on Expand Imports, Promote Balanced Development of Foreign Trade"
"""

from __future__ import annotations

import functools

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.lang import unified_han_end

# Kinds of document, longest first (a title ends with one).
_KINDS = [
    ("实施细则", "Implementing Rules"), ("实施意见", "Implementing Opinions"), ("指导意见", "Guiding Opinions"),
    ("若干意见", "Several Opinions"), ("若干规定", "Several Provisions"), ("实施办法", "Implementing Measures"),
    ("管理办法", "Administrative Measures"),
    ("管理条例", "Administrative Regulations"), ("管理规定", "Administrative Provisions"),
    ("实施条例", "Implementing Regulations"), ("暂行办法", "Interim Measures"), ("暂行规定", "Interim Provisions"),
    ("行动计划", "Action Plan"), ("工作方案", "Work Plan"), ("实施方案", "Implementation Plan"),
    ("若干措施", "Several Measures"), ("特别规定", "Special Provisions"), ("措施", "Measures"), ("意见", "Opinions"),
    ("通知", "Notice"), ("决定", "Decision"), ("公告", "Announcement"), ("通告", "Circular"),
    ("办法", "Measures"), ("细则", "Detailed Rules"), ("规定", "Provisions"), ("条例", "Regulations"),
    ("方案", "Plan"), ("规划", "Plan"), ("纲要", "Outline"), ("指引", "Guidelines"), ("指南", "Guide"),
    ("批复", "Reply"), ("报告", "Report"), ("法", "Law"),
]
_KIND_RE = "|".join(zh for zh, _ in _KINDS)
_KIND_EN = dict(_KINDS)
_VERBS = {"转发": "Forwarding", "印发": "Issuing", "发布": "Publishing", "颁布": "Promulgating"}

_FORWARD = re.compile(rf"^(?P<issuer>.*?)(?:关于)?(?P<verb>转发|印发|发布|颁布)(?P<inner>.+?)的?(?P<kind>通知|通告|公告|决定)$")
_LAW = re.compile(r"^中华人民共和国(?P<subject>.+?)(?P<kind>法实施条例|管理条例|实施条例|条例|管理办法|实施办法|办法|管理规定|规定|法)$")
_PRC = "of the People's Republic of China"
_ABOUT = re.compile(rf"^(?P<issuer>.*?)关于(?P<subject>.+?)的?(?P<kind>{_KIND_RE})$")
_PLAIN = re.compile(rf"^(?P<subject>.+?)(?P<kind>{_KIND_RE})$")
_DOC_NUMBER = re.compile(r"(?:^|\s)[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")
_OTHERS = re.compile(r"等\s*(?:[\d一二三四五六七八九十]+\s*个?)?(?:部门|单位|部委)$")
_LEVEL = {"省": "Provincial", "市": "Municipal", "自治区": "Autonomous Region", "县": "County", "区": "District"}
_OFFICES = ("办公厅", "办公室")

_JOINERS = {"和": "and", "与": "and", "及": "and", "以及": "and", "并": "and", "或": "or", "或者": "or",
            "对": "", "的": "", "之": "", "关于": "on", "、": ",", "，": ",", "等": "etc.",
            "自": "from", "从": "from", "向": "to", "在": "in", "于": "in", "由": "by"}  # words between words
_PREFIXES = {"反": "anti-"}  # a character that makes the next word's opposite
_HEADINGS = {"总则": "General Provisions", "分则": "Specific Provisions", "附则": "Supplementary Provisions",
             "法律责任": "Legal Liability"}  # the standard parts of every Chinese law
_PLACE_SUFFIX = {"省": "Province", "市": "City", "县": "County", "自治区": "Autonomous Region"}
_ANNOUNCEMENT = re.compile(r"^(?P<issuer>[\u4e00-\u9fff]+?)公告(?P<year>\d{4})年第(?P<n>\d+)号$")
_SMALL = {"of", "on", "the", "and", "or", "for", "in", "to", "a", "an", "by", "with", "at", "from", "etc."}


_LONGEST = 12  # characters of the longest word or glossary phrase matched


@functools.lru_cache(maxsize=1)
def _glossary() -> dict[str, list[str]]:
    from rag.translate import _glossary

    return _glossary().zh_to_en


def _word_english(word: str) -> str:
    from rag.translate import _zh_to_en_ranked, pinyin

    glossary = _glossary()
    if word in _JOINERS:
        return _JOINERS[word]
    if word in glossary:
        return glossary[word][0]
    for suffix, name in _PLACE_SUFFIX.items():  # 广东省 -> Guangdong Province
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            place = word[: -len(suffix)]
            english = glossary[place][0] if place in glossary else pinyin(place).capitalize()
            if english:
                return f"{english} {name}"
    senses = _zh_to_en_ranked(word)
    if senses:
        return senses[0]
    defs = [d.removeprefix("to ") for d in _senses(word)]  # 中小企业: "small and medium enterprise", longer
    if defs and len(defs[0].split()) <= 4:  # than the search's senses (not an explanation)
        return defs[0]
    return (pinyin(word) or "").capitalize()


def _senses(word: str) -> list[str]:
    """A word's CC-CEDICT definitions, common readings first, without notes in brackets ("to promote")."""
    from rag.translate import _BAD_DEF, _PAREN, _cedict_zh

    out = []
    for entry in sorted(_cedict_zh().get(word) or [], key=lambda e: e[1:2].isupper()):  # (proper nouns last)
        for d in entry.split("/")[1:-1]:
            d = " ".join(_PAREN.sub("", d).split()).strip(" ,;.")
            if d and not _BAD_DEF.search(d) and d.isascii() and d not in out:
                out.append(d)
    return out


# verbs too light to name an act on their own: "to do business" is business, "to go bankrupt" bankruptcy
_LIGHT = frozenset("be do make have go take get give become".split())
# the usual endings of the act a verb names (evaluate: evaluation, register: registration, enforce: enforcement)
_NOMINAL = (("ate", "ation"), ("ize", "ization"), ("ise", "ision"), ("ect", "ection"), ("uct", "uction"),
            ("ibit", "ibition"), ("ote", "otion"), ("uce", "uction"), ("ify", "ification"), ("ve", "val"),
            ("er", "ration"), ("ce", "cement"), ("ge", "gement"), ("", "ion"), ("", "ation"), ("", "ment"),
            ("", "ance"), ("", "al"), ("e", "ing"), ("", "ing"))


def _is_noun(english: str, chinese: str = "") -> bool:
    """True when the English word list translates `english` as a noun by `chinese`, or (without it) gives it
    first as a noun ("performance", not "loose")."""
    from rag.translate import _en_words

    entry = _en_words().get(english.lower()) or ""
    if not chinese:
        return entry.startswith("n.")
    noun = re.search(r"(?<![a-z /])n\.([^a-z]*)", entry)  # (not " /n.保护/解除", a note after "vt.保护")
    return bool(noun) and chinese in noun.group(1)


def _as_noun(word: str, english: str) -> str:
    """A verb reading of a word (`english`, "protect") as the noun an English title puts in its place:
    the act the verb names ("protection", found by its usual endings and confirmed by the English word list,
    which translates it back to the word), a noun sense of the same word ("to go bankrupt … bankruptcy"), the
    object of a verb phrase after it ("to launder money": money laundering; "to do business": business) —
    or the verb itself when none is found."""
    head, _, rest = english.partition(" ")
    if not rest:
        if _is_noun(head, word):  # "export", "levy", "safeguard": a noun as it is
            return head
        found = [head[: len(head) - len(end)] + ending for end, ending in _NOMINAL
                 if head.endswith(end) and len(head) > len(end) + 2]
        for candidate in found:
            if _is_noun(candidate, word):
                return candidate
    nouns = [d for d in _senses(word) if not d.startswith("to ") and " " not in d]
    for sense in (*(d for d in nouns if _is_noun(d, word)), *(d for d in nouns if _is_noun(d))):
        return sense  # a noun sense of the word ("bankruptcy", "traffic", "activity"; "performance")
    if rest and head in _LIGHT:  # "to do business": business; "to have a holiday": holiday
        return re.sub(r"^(?:a|an|the)\s+", "", rest)
    if rest and " " not in rest and (_is_noun(rest, word[-1]) or _is_noun(rest)):  # "launder money": money laundering
        return f"{rest} {_gerund(head)}"
    return english


def _verb(word: str, english: str) -> tuple[bool, bool]:
    """(`english` renders `word` as a verb, the word's first sense is a verb), from CC-CEDICT's "to …"
    definitions; a glossary phrase (扩大进口) is judged by its longest leading CC-CEDICT word (扩大)."""
    from rag.translate import _cedict_zh

    cedict = _cedict_zh()
    lead = next((word[:n] for n in range(len(word), 0, -1) if cedict.get(word[:n])), "")
    entries = [e for e in (cedict.get(lead) or []) if e and not e[1:2].isupper()]
    if not entries:
        return False, False
    senses = [d.strip() for d in entries[0].split("/")[1:-1] if d.strip() and not d.startswith("CL:")]
    verbs = {d[3:].split(" ")[0].lower() for d in senses if d.startswith("to ")}
    return english.split(" ")[0].lower() in verbs, senses[0].startswith("to ")


def _gerund(english: str) -> str:
    """"expand imports" -> "expanding imports": the first word of a translated verb."""
    first, _, rest = english.partition(" ")
    if not first.isalpha() or first.endswith("ing"):
        return english
    if first.endswith("e") and not first.endswith(("ee", "ye")):
        first = first[:-1]
    return f"{first}ing" + (f" {rest}" if rest else "")


def _words(text: str) -> list[str]:
    """Bidirectional maximum matching over the glossary and CC-CEDICT headwords (glossary phrases such as
    对外贸易平衡发展 stay whole, so they come out in English word order): of the forward and the backward
    segmentation, the one with fewer single characters, which a dictionary renders worst (进口许可|证 →
    "admonish"; 进口|许可证 → "import licence"); forward on a tie."""
    from rag.translate import _cedict_zh

    glossary, cedict = _glossary(), _cedict_zh()

    def known(piece: str) -> bool:
        return piece in glossary or piece in _JOINERS or (len(piece) > 1 and piece in cedict)

    forward, i = [], 0
    while i < len(text):
        size = next((n for n in range(min(_LONGEST, len(text) - i), 1, -1) if known(text[i : i + n])), 1)
        forward.append(text[i : i + size])
        i += size
    backward, j = [], len(text)
    while j > 0:
        size = next((n for n in range(min(_LONGEST, j), 1, -1) if known(text[j - n : j])), 1)
        backward.append(text[j - size : j])
        j -= size
    backward.reverse()

    def singles(words: list[str]) -> int:
        return sum(len(w) == 1 and w not in _JOINERS and w not in glossary for w in words)

    return backward if singles(backward) < singles(forward) else forward


def _chunks(text: str) -> list[str]:
    r"""`re.findall(r"[A-Za-z0-9][A-Za-z0-9.\-]*|[\u4e00-\u9fff]+|[、，,]", text)`: Latin words and numbers, Han
    runs and commas, by a scan (a short heading does not pay for compiling a Han class)."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch, j = text[i], i + 1
        if ch.isascii() and ch.isalnum():
            while j < n and text[j].isascii() and (text[j].isalnum() or text[j] in ".-"):
                j += 1
        elif "\u4e00" <= ch <= "\u9fff":
            while j < n and "\u4e00" <= text[j] <= "\u9fff":
                j += 1
        elif ch not in "、，,":
            i = j
            continue
        out.append(text[i:j])
        i = j
    return out


def _nominal(words: list[str], i: int, verbs: bool, after_words: bool) -> bool:
    """True when the verb reading of `words[i]` stands where English puts a noun: ending a law's subject or
    before another act or a conjunction in it (个人信息保护: "personal information protection", 监督管理), ending a
    phrase after its object, or made a description by 性 (营业性演出: "business performance"). Not before the thing
    a verb acts on (节约能源, 生产许可证: the object or the head noun after it cannot be told apart), nor a glossary
    phrase of several English words (扩大进口: "expand imports")."""
    word, after = words[i], words[i + 1 : i + 2]
    if " " in (_glossary().get(word) or [""])[0]:
        return False
    if after == ["性"]:
        return True
    if verbs:
        return after_words and not after
    return not after or after[0] in _JOINERS or _verb(after[0], _word_english(after[0]))[0]


def english_phrase(text: str, verbs: bool = True) -> str:
    """A Chinese phrase (a heading, a title's subject) in English, word by word in order; "" if nothing
    could be translated. Latin text (RCEP, WTO) and digits are kept as they are. A phrase that opens with
    a verb reads as one (扩大进口促进… -> "expanding imports and promoting …"), unless `verbs` is False (a
    law's subject, 出口管制: "export control")."""
    text = text.strip()
    if text in _HEADINGS:
        return _HEADINGS[text]
    parts: list[str] = []
    object_seen: bool | None = None  # None: no verb yet; else whether the last verb has had its object
    for chunk in _chunks(text):
        if not "\u4e00" <= chunk[0] <= "\u9fff":  # (a Han run; tested without compiling a Han class)
            parts.append("," if chunk in "、，," else chunk)
            continue
        words = _words(chunk)
        prefix = ""
        for i, word in enumerate(words):
            if word in _PREFIXES and i + 1 < len(words):  # 反|不正当竞争: "anti-unfair competition"
                prefix = _PREFIXES[word]
                continue
            if word == "性" and 0 < i < len(words) - 1:  # 营业性演出: 性 makes the word before it describe the next
                continue
            english = _word_english(word)
            as_verb, first_is_verb = _verb(word, english) if english and word not in _JOINERS else (False, False)
            if as_verb and _nominal(words, i, verbs, bool(parts)):
                english, as_verb = _as_noun(word, english), False
            as_verb = as_verb and verbs  # (a law's subject is a thing: 出口管制, "export control")
            if as_verb and not parts:
                english, object_seen = _gerund(english), " " in english
            elif as_verb and first_is_verb and object_seen and i + 1 < len(words) \
                    and parts[-1] not in ("and", "or", ","):  # 扩大进口促进… -> "… imports and promoting …"
                english, object_seen = "and " + _gerund(english), " " in english
            elif object_seen is not None:
                object_seen = True
            parts.append(prefix + english if english else english)
            prefix = ""
    words = [p for p in parts if p]
    if not any(w not in _JOINERS.values() for w in words):
        return ""
    out = " ".join(words).replace(" ,", ",")
    out = re.sub(r"(?:^|\s)(?:and|or|etc\.|on|,)\s*$", "", out)  # a dangling joiner
    return re.sub(r"^(?:and|or|,)\s+", "", out).strip(" ,")


def _title_case(text: str) -> str:
    words = text.split(" ")
    return " ".join(w if (w in _SMALL and i) or any(c.isupper() for c in w) else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def _issuer(text: str) -> str:
    """"商务部等部门" → "the Ministry of Commerce and Other Departments"; "重庆市人民政府办公厅" → "the General Office
    of the Chongqing Municipal People's Government"."""
    from rag.translate import pinyin

    text = text.strip()
    others = _OTHERS.search(text) if "等" in text else None  # each pattern only where its literal is
    if others:
        text = text[: others.start()]
    names = []
    for part in filter(None, text.replace("、", ",").replace("，", ",").replace("和", ",").split(",")):
        m = _government(part) if "人民政府" in part else None
        glossary = _glossary()
        if part in glossary:
            names.append(glossary[part][0])
        elif m:
            place, level, office = m
            government = f"{(pinyin(place) or english_phrase(place)).capitalize()} {_LEVEL[level]} People's Government"
            names.append(f"General Office of the {government}" if office else government)
        else:
            names.append(english_phrase(part))
    names = [n for n in names if n]
    if not names:
        return ""
    joined = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    if others:
        joined += " and Other Departments"
    return "the " + _title_case(joined) if not joined.lower().startswith("the ") else _title_case(joined)


def _government(part: str) -> tuple[str, str, str] | None:
    r"""(place, level, office or "") of a local government's name ("重庆市人民政府办公厅" → 重庆, 市, 办公厅): the groups
    of `re.match(r"^(?P<place>[\u4e00-\u9fff]{2,8}?)(?P<level>省|市|自治区|县|区)人民政府(?P<office>办公厅|办公室)?$", part)`,
    by a scan (the Han class costs a cold question ~10 M instructions to compile)."""
    han = unified_han_end(part, 0)
    for size in range(2, min(han, 8) + 1):  # the shortest place first, as the lazy {2,8}? tries it
        level = next((x for x in _LEVEL if part.startswith(x, size)), None)
        rest = part[size + len(level):] if level else None
        if rest is not None and rest.startswith("人民政府"):
            office = rest[4:].removesuffix("\n")  # `$` also matches before a final newline
            if office in ("", *_OFFICES):
                return part[:size], level, office
    return None


def _kind_of(kind: str, issuer: str, subject: str) -> str:
    title = _KIND_EN[kind]
    if issuer:
        title += f" of {_issuer(issuer)}"
    if subject:
        title += f" on {_title_case(english_phrase(subject))}"
    return title


def english_title(title: str, number: str | None = None) -> str:
    """A Chinese document title in English by its structure and words; "" when it has none to read
    (no Chinese, or nothing translatable). `number`: the document's 文号, left out wherever it is."""
    title = (title or "").replace(number, " ") if number else title or ""
    if "〔" in title:  # (each pattern is compiled only for a title holding a literal it needs)
        title = _DOC_NUMBER.sub(" ", title)
    title = "".join(ch for ch in title if ch not in "《》〈〉" and not ch.isspace()).strip("（）()")  # as \s does
    if not any("\u4e00" <= ch <= "\u9fff" for ch in title):
        return ""
    m = _ANNOUNCEMENT.match(title) if "公告" in title else None
    if m:
        return f"Announcement No. {m.group('n')} [{m.group('year')}] of {_issuer(m.group('issuer'))}"
    m = _LAW.match(title)
    if m:  # as the official translations read: a law's subject is a thing (出口管制法: Export Control Law)
        subject, kind = _title_case(english_phrase(m.group("subject"), verbs=False)), m.group("kind")
        if kind == "法实施条例":
            return f"Regulations for the Implementation of the {subject} Law {_PRC}"
        if kind in ("管理条例", "管理办法", "管理规定"):  # 发票管理办法: Measures … on the Administration of Invoice
            return f"{_KIND_EN[kind[2:]]} {_PRC} on the Administration of {subject}"
        if kind in ("办法", "规定", "实施办法"):  # (a law is "X Law"; other rules are "Measures … on X")
            return f"{_KIND_EN[kind]} {_PRC} on {subject}"
        return f"{subject} {_KIND_EN[kind]} {_PRC}".strip()
    m = _FORWARD.match(title)
    if m and m.group("inner"):
        inner = english_title(m.group("inner")) or _title_case(english_phrase(m.group("inner")))
        head = _KIND_EN[m.group("kind")] + (f" of {_issuer(m.group('issuer'))}" if m.group("issuer") else "")
        article = "" if inner.lower().startswith("the ") else "the "
        return f"{head} {_VERBS[m.group('verb')]} {article}{inner}"
    m = _ABOUT.match(title) if "关于" in title else None
    if m:
        return _kind_of(m.group("kind"), m.group("issuer"), m.group("subject"))
    m = _PLAIN.match(title)
    if m and len(m.group("subject")) >= 2:
        return _kind_of(m.group("kind"), "", m.group("subject"))
    return _title_case(english_phrase(title))


def restates_title(text: str, title: str) -> bool:
    """Whether a clause's whole text is its document's title, printed again where the text begins ("…局长：王军
    2021年12月31日" then "重大税收违法失信主体信息公布管理办法"): a heading, which answers nothing and cites nothing."""
    def bare(s: str) -> str:
        return re.sub(r"[\s《》〈〉<>\"“”#*]+", "", s).casefold()

    return bool(title) and bare(text) == bare(title)

