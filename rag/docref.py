"""Documents named in words: "the 2012 State Council guidance", "the 2018 opinion on expanding imports",
"国办2018年扩大进口的意见", "2012年国务院的指导意见".

A question that describes a document (by year, issuer, kind and topic) rather than by its 文号 means that
document: the search is narrowed to it, and the description is not itself searched for (its words would
pull the answer to the document's title block). Descriptions are matched against each document's own
metadata — title, issuer, 文号 and date — in either language, through the glossary for English; two-
character Chinese abbreviations (国办 for 国务院办公厅) match when their characters appear in order."""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.lang import fold_case
from rag.types import Document

_EN_KINDS = {
    "opinion": ("意见",), "opinions": ("意见",), "guidance": ("指导意见", "意见"), "guideline": ("指导意见", "意见"),
    "guidelines": ("指导意见", "意见"), "notice": ("通知",), "circular": ("通知",), "law": ("法",),
    "regulation": ("条例", "规定"), "regulations": ("条例", "规定"), "measures": ("办法", "措施"), "plan": ("规划", "方案"),
    "provisions": ("规定",), "decision": ("决定",), "briefing": ("发布会",), "report": ("报道", "报告"),
    "guide": ("指南",), "handbook": ("手册",),
}
_EN_DESC = re.compile(
    r"\b(?:the|this|that|its)\s+((?:[\w'’\-\[\]\.]+\s+){0,8}?(" + "|".join(sorted(_EN_KINDS, key=len, reverse=True))
    + r"))\b(?:\s+(?:on|about|for)\s+((?:(?!says?\b|said\b|about\b|require|state|mention|ask)[\w\-]+\s*){1,4}))?",
    re.I)
_ZH_KINDS = ("指导意见", "意见", "通知", "条例", "规定", "办法", "规划", "方案", "发布会", "法")
_ZH_DESC = re.compile(r"([\u4e00-\u9fff\dA-Z]{2,20}?)的?(" + "|".join(_ZH_KINDS) + r")(?![\u4e00-\u9fff]{0,1}[条款章])")
_ZH_LEAD = re.compile(r"^(?:请问|根据|按照|依据|关于|在|那份|这份|那个|这个|听说|据说|有人说|听人说|网上说)+")
_ALL_KINDS = frozenset(_ZH_KINDS) | {k for kinds in _EN_KINDS.values() for k in kinds}
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")
_CJK = re.compile(r"[\u4e00-\u9fff]+")


class DocReference(NamedTuple):
    """The documents a question describes, and the question without the description."""

    doc_ids: tuple[str, ...]
    phrase: str  # the description as written
    rest: str  # the question with the description taken out (what is searched for)


_OWN_NAME = re.compile(r"《([^《》\n]{2,80}?)》\s*[（(]\s*以下简称")


def own_names(doc: Document) -> list[str]:
    """Titles a document gives what it is about near its start: a report on 《关于…的指导意见》（以下简称
    《指导意见》） is about that guidance, whatever its headline says."""
    head = getattr(doc, "head", None)  # an opened index's documents keep just that opening (rag.meta.HEAD)
    return _OWN_NAME.findall(doc.text[:800] if head is None else head)


def _fields(doc: Document) -> str:
    return " ".join(filter(None, (doc.title, doc.issuer or "", doc.doc_number or "", *own_names(doc))))  # not the
    # 文号 it cites


def _years(doc: Document) -> set[str]:
    own = set(_YEAR.findall(doc.date or "")) | set(re.findall(r"[〔\[(（](\d{4})[〕\])）]", doc.doc_number or ""))
    return own | set(_YEAR.findall(doc.title))


def _abbreviates(short: str, text: str) -> bool:
    """国办 abbreviates 国务院办公厅: its characters appear in order within one name of the text."""
    pos = 0
    for ch in short:
        pos = text.find(ch, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _terms(phrase: str, lang: str) -> list[str]:
    """Words of a description to look for in a document's metadata (Chinese, and English as written)."""
    if lang == "en":
        from rag.translate import translate_terms

        terms = [e.target for e in translate_terms(phrase, "zh") if e.origin == "glossary"]
        terms += [w for w in re.findall(r"[A-Z][A-Za-z]{2,}|[A-Z]{2,}", phrase)]  # names as written (RCEP)
        return list(dict.fromkeys(terms))
    from rag.tokenize import tokenize

    terms = [t for t in dict.fromkeys(tokenize(_YEAR.sub(" ", phrase))) if _CJK.fullmatch(t) and len(t) >= 2]
    return terms + re.findall(r"[A-Z]{2,}", phrase)  # names as written (RCEP指导意见)


def _score(doc: Document, years: list[str], kinds: tuple[str, ...], terms: list[str],
           known: DocKinds | None = None) -> int:
    if known is not None:  # the documents were picked by kind already
        fields, own, names = known.facts(doc)
    else:
        if not any(k in doc.title or any(k in name for name in own_names(doc)) for k in kinds):
            return -1  # "the guidance" is not a law, "对外贸易法" is not an opinion
        fields = _fields(doc)
        own, names = (_years(doc) if years else set()), None
    score = 0
    if years:
        if own and not set(years) & own:
            return -1  # "the 2012 guidance" is not a 2018 document
        score += 2 if set(years) & own else 0
    return score + sum(1 for t in terms if t in fields or (len(t) == 2 and _CJK.fullmatch(t) and any(
        _abbreviates(t, name) for name in (names if names is not None else re.findall(r"[\u4e00-\u9fff]+", fields)))))


class DocKinds:
    """Documents by kind (意见, 通知, 法…: those whose title or own names hold it), and each document's
    searchable fields and years once computed: a description is scored against the documents of its kind
    only (every other document scores -1 for it), without rebuilding their fields per question."""

    def __init__(self, documents: list[Document]) -> None:
        by_kind: dict[str, set[str]] = {k: set() for k in _ALL_KINDS}
        for doc in documents:
            names = [doc.title, *own_names(doc)]
            for kind in _ALL_KINDS:
                if any(kind in name for name in names):
                    by_kind[kind].add(doc.doc_id)
        self.ids = {k: frozenset(v) for k, v in by_kind.items()}
        self._seen: dict[str, tuple[str, set[str], list[str]]] = {}
        self._texts: dict[frozenset[str], tuple[list[Document], str, list[int], dict[str, set[int]]]] = {}

    def warm(self, documents: list[Document]) -> None:
        """Compute every kind's fields now (`rag serve` before its first question) rather than on the first
        description of that kind (~45 ms for 10,000 regulations)."""
        for wanted in {*_EN_KINDS.values(), *((k,) for k in _ZH_KINDS)}:
            ids = frozenset().union(*(self.ids.get(k, frozenset()) for k in wanted))
            if ids:
                self.candidates([d for d in documents if d.doc_id in ids], ids, [], [])

    def candidates(self, pool: list[Document], pool_ids: frozenset[str], years: list[str],
                   terms: list[str]) -> list[Document]:
        """The documents of `pool` (those of `pool_ids`) that can score above 0 for a description: a year of
        theirs is described, or a term is in their fields (or abbreviates a name there). Found in one string
        of the pool's fields, joined once, so that a description is scored against those few documents, not
        against every document of its kind (10,000 regulations at 1M clauses: 19 ms a question)."""
        if pool_ids not in self._texts:
            facts = [self.facts(d) for d in pool]
            starts, joined = [], []
            at = 0
            for fields, _, _ in facts:
                starts.append(at)
                joined.append(fields)
                at += len(fields) + 1
            by_year: dict[str, set[int]] = {}
            for i, (_, own, _) in enumerate(facts):
                for year in own:
                    by_year.setdefault(year, set()).add(i)
            self._texts[pool_ids] = (list(pool), "\0".join(joined), starts, by_year)
        docs, text, starts, by_year = self._texts[pool_ids]
        found: set[int] = set().union(*(by_year.get(y, ()) for y in years))
        for t in terms:
            if len(t) == 2 and _CJK.fullmatch(t):  # its characters in order within one Chinese name
                hits = (m.start() for m in re.finditer(re.escape(t[0]) + "[\u4e00-\u9fff]*?" + re.escape(t[1]), text))
            else:
                hits = _occurrences(text, t)
            found.update(bisect_right(starts, at) - 1 for at in hits)
        return [docs[i] for i in sorted(found)]

    def facts(self, doc: Document) -> tuple[str, set[str], list[str]]:
        """(fields, years, Chinese names in the fields) of a document, computed on first use."""
        found = self._seen.get(doc.doc_id)
        if found is None:
            fields = _fields(doc)
            found = self._seen[doc.doc_id] = (fields, _years(doc), re.findall(r"[\u4e00-\u9fff]+", fields))
        return found


def _occurrences(text: str, term: str):
    """Where `term` occurs in `text`."""
    at = text.find(term)
    while at >= 0:
        yield at
        at = text.find(term, at + 1)


def by_kind(documents: list[Document]) -> DocKinds:
    """The documents' kinds, for `described_documents`."""
    return DocKinds(documents)


def described_documents(question: str, documents: list[Document], lang: str,
                        kinds: DocKinds | None = None) -> DocReference | None:
    """The documents a question describes in words, when the description singles them out.

    kinds: `by_kind(documents)`, kept by the caller, so that a description is not scored against every
    document (the same result)."""
    found: list[tuple[str, list[str], tuple[str, ...], str]] = []  # (phrase, years, kinds, lang)
    if lang == "en":
        folded = fold_case(question)  # (the kind words every description needs: no kind, no pattern compiled)
        for m in _EN_DESC.finditer(question) if any(k in folded for k in _EN_KINDS) else ():
            phrase = m.group(0)
            found.append((phrase, _YEAR.findall(phrase), _EN_KINDS[m.group(2).lower()], "en"))
    else:
        for m in _ZH_DESC.finditer(question) if any(k in question for k in _ZH_KINDS) else ():
            head = _ZH_LEAD.sub("", m.group(1))
            phrase = head + m.group(0)[len(m.group(1)):]
            found.append((phrase, _YEAR.findall(head), (m.group(2),), "zh"))
    best: DocReference | None = None
    for phrase, years, wanted, plang in found:
        terms = [t for t in _terms(phrase, plang) if t not in _ALL_KINDS and not (plang == "zh" and t.endswith(wanted))]
        # (违反规定: the kind itself, in the words before it, is no word of the title's subject)
        if not years and not terms:
            continue  # "the opinion", "这个通知": nothing singles a document out
        pool = documents
        if kinds is not None:
            ids = frozenset().union(*(kinds.ids.get(k, frozenset()) for k in wanted))
            pool = [d for d in documents if d.doc_id in ids] if ids else []
            if not pool:
                continue  # no document of that kind: every score is -1
            pool = kinds.candidates(pool, ids, years, terms) or pool[:1]  # the rest score 0 or -1
        scores = {d.doc_id: _score(d, years, wanted, terms, kinds) for d in pool}
        top = max(scores.values(), default=0)
        chosen = tuple(d for d, s in scores.items() if s == top)
        named = any(t.isascii() and t.isupper() for t in terms)  # "the RCEP guidance": a name, as written
        if top < 2 and not (top == 1 and named and len(chosen) == 1):
            continue
        if plang == "zh" and not years and 2 * top <= len(terms):  # (an English description's terms are the
            continue  # glossary's variants of its words) "数据出境安全评估办法": a measures on 数据 and 安全, without
            # 出境 or 评估, is another document
        if len(chosen) == len(documents) and len(documents) > 1:
            continue  # describes every document: no narrowing
        rest = " ".join(question.replace(phrase, " ").split())
        if best is None or len(chosen) < len(best.doc_ids):
            best = DocReference(chosen, phrase, rest or question)
    return best
