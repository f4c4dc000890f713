"""Parse a Document into its clause tree.

Chinese policy numbering (第X章 / 一、 / 第X条 / （一） / 一是, 1. / （1）) and plain paragraphs.
Real scrapes break the usual layout, and the parser copes with what the seeds contain:

- headings printed *after* their body ("trailing" layout: body, then "（三）标题。", then the
  responsible-departments line) are detected per document and the body is re-attached;
- a clause number that occurs twice is one clause (its new text is appended);
- sentences repeated within a document are kept at their first occurrence only, so a repeated
  passage is indexed once. Every clause keeps the character spans of its text in the clean text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.sentences import is_closer, join_spans, merge_spans, norm, sentence_spans
from rag.types import Clause, Document, Span

PARSER_VERSION = 5  # bump when parsing or chunking changes: every index is then rebuilt

_NUM = "[一二三四五六七八九十百零〇]+"
_CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_LINE_START = r"(?:(?<=^)|(?<=\n))"
_AFTER_SENTENCE = r"(?:(?<=^)|(?<=[\n。；：！？）]))"

# (level, kind, pattern); the label of a clause is built from kind and number.
_MARKERS: list[tuple[int, str, re.Pattern[str]]] = [
    (0, "chapter", re.compile(_LINE_START + rf"第({_NUM})章")),
    (1, "section", re.compile(_AFTER_SENTENCE + rf"({_NUM})、")),
    (2, "article", re.compile(r"(?:(?<=^)|(?<=[\n。]))" + rf"第({_NUM})条")),
    (3, "item", re.compile(rf"(?<!第)（({_NUM})）")),
    (4, "point", re.compile(r"(?:(?<=^)|(?<=[\n。；：]))" + rf"({_NUM})是(?=[\u4e00-\u9fff])")),
    (4, "arabic", re.compile(_LINE_START + r"(\d{1,2})[.．、](?![\d.．])")),
    (5, "sub", re.compile(r"(?:(?<=^)|(?<=[\n。；：]))[（(](\d{1,2})[）)]")),
]
_TITLE_LIMIT = {0: 40, 1: 60, 2: 0, 3: 45, 4: 45, 5: 45}
_MIN_DEDUP = 10  # sentences shorter than this (normalised) may legitimately repeat


def cn_number(s: str) -> int:
    """Value of a Chinese numeral up to 999 (also accepts Arabic digits)."""
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN.get(ch, 0)
    return total + current


def int_to_cn(n: int) -> str:
    """Chinese numeral for 1..999, as used in clause numbers (十五, 二十一)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    return digits[n // 100] + "百" + ("" if rest == 0 else ("零" + digits[rest] if rest < 10 else int_to_cn(rest)))


def make_label(kind: str, num: str) -> str:
    """The label a clause number prints as: 二, 第三条, （十五）, 一是, 1, （2）."""
    return {
        "chapter": f"第{num}章",
        "section": num,
        "article": f"第{num}条",
        "item": f"（{num}）",
        "point": f"{num}是",
        "arabic": num,
        "sub": f"（{num}）",
    }[kind]


@dataclass(frozen=True)
class _Marker:
    start: int
    end: int
    level: int
    kind: str
    num: str


@dataclass
class _Segment:
    marker: _Marker
    heading: str
    title_end: int  # where the heading text ends
    rest: Span  # text after the heading up to the next marker
    body: list[Span] = field(default_factory=list)


@dataclass
class _Draft:
    path: str
    heading: str
    level: int
    spans: list[Span]
    order: int
    heading_span: Span | None = None


def find_markers(text: str) -> list[_Marker]:
    """All clause-number markers in the text, in order, overlaps resolved by position."""
    found: list[_Marker] = []
    for level, kind, pattern in _MARKERS:
        for m in pattern.finditer(text):
            found.append(_Marker(m.start(), m.end(), level, kind, m.group(1)))
    found.sort(key=lambda mk: (mk.start, mk.level))
    out: list[_Marker] = []
    for mk in found:
        if out and mk.start < out[-1].end:
            continue
        out.append(mk)
    return out


def _segments(text: str, markers: list[_Marker]) -> list[_Segment]:
    segs = []
    for i, mk in enumerate(markers):
        stop = markers[i + 1].start if i + 1 < len(markers) else len(text)
        limit = _TITLE_LIMIT[mk.level]
        window = text[mk.end:min(stop, mk.end + limit + 1)]
        title_end = mk.end
        heading = ""
        if limit:
            cut = re.search(r"[。\n]", window)
            if cut:
                title_end = mk.end + cut.end() if cut.group(0) == "。" else mk.end + cut.start()
            elif stop - mk.end <= limit:
                title_end = stop
            heading = text[mk.end:title_end].strip().rstrip("。").strip()
        segs.append(_Segment(mk, heading, title_end, (title_end, stop)))
    return segs


def _rest_kind(text: str, seg: _Segment) -> str:
    """What follows a heading: "closer", "body" or "none"."""
    spans = sentence_spans(text, *seg.rest)
    if not spans:
        return "none"
    return "closer" if is_closer(text[spans[0][0]:spans[0][1]]) else "body"


def detect_trailing(text: str, segs: list[_Segment]) -> bool:
    """True when this document prints item headings after their bodies (body, heading, departments)."""
    votes = {"closer": 0, "body": 0, "none": 0}
    for seg in segs:
        if seg.marker.level >= 3 and seg.heading:
            votes[_rest_kind(text, seg)] += 1
    return votes["closer"] > votes["body"]


def _assign_bodies(text: str, segs: list[_Segment], trailing: bool) -> list[Span]:
    """Fill each segment's body; return text spans that belong to no clause (the tail)."""
    if not trailing:
        for seg in segs:
            seg.body = [seg.rest]
        return []
    pending: list[Span] = []
    for seg in segs:
        spans = sentence_spans(text, *seg.rest)
        closers = []
        while spans and is_closer(text[spans[0][0]:spans[0][1]]):
            closers.append(spans.pop(0))
        takes_pending = bool(seg.heading) and seg.marker.level >= 3
        if takes_pending:
            seg.body = pending + closers
            pending = []
        else:  # a section heading: what it carried goes on to the first item under it
            seg.body = closers
        pending = pending + spans
    return pending


def _is_global_numbering(segs: list[_Segment]) -> bool:
    """True when item numbers run on across sections ((三) is the first item of 二、)."""
    current_section = None
    seen_first = set()
    for seg in segs:
        if seg.marker.kind == "section":
            current_section = seg.marker.num
        elif seg.marker.kind == "item" and current_section and current_section not in seen_first:
            seen_first.add(current_section)
            if cn_number(seg.marker.num) > 1:
                return True
    return False


def _paragraphs(text: str, spans: list[Span]) -> list[list[Span]]:
    """Group spans into paragraphs: one per source line."""
    paras: list[list[Span]] = []
    for s, e in spans:
        for m in re.finditer(r"[^\n]+", text[s:e]):
            if m.group(0).strip():
                paras.append([(s + m.start(), s + m.end())])
    return paras


def parse_clauses(doc: Document) -> list[Clause]:
    """Split a document into clauses with stable ids, headings, texts and spans."""
    text = doc.text
    markers = find_markers(text) if doc.lang == "zh" else [m for m in find_markers(text) if m.kind == "arabic"]
    segs = _segments(text, markers)
    trailing = detect_trailing(text, segs)
    tail = _assign_bodies(text, segs, trailing)
    global_items = _is_global_numbering(segs)

    drafts: dict[str, _Draft] = {}
    order: list[str] = []
    stack: list[tuple[int, str]] = []  # (level, full path) of the open clauses
    item_paths: dict[str, str] = {}

    def add(path: str, heading: str, level: int, spans: list[Span], pos: int, head: Span) -> None:
        if path in drafts:
            if not drafts[path].heading:
                drafts[path].heading = heading
            elif heading and heading != drafts[path].heading:
                spans = [head, *spans]  # the number repeats with a heading of its own: keep it as text
            drafts[path].spans.extend(spans)
        else:
            drafts[path] = _Draft(path, heading, level, list(spans), pos, head)
            order.append(path)

    unnumbered: list[Span] = [(0, markers[0].start if markers else len(text))] + tail
    for seg in segs:
        mk = seg.marker
        label = make_label(mk.kind, mk.num)
        while stack and stack[-1][0] >= mk.level:
            stack.pop()
        path = f"{stack[-1][1]}/{label}" if stack else label
        if mk.kind == "item" and global_items:
            # numbering runs on across sections: an item keeps the path of its first occurrence
            path = item_paths.setdefault(label, path)
        stack.append((mk.level, path))
        body = [b for b in seg.body if b[1] > b[0]]
        first = min([s for s, _ in body] + [mk.start])
        add(path, seg.heading, path.count("/") + 1, body, first, (mk.end, seg.title_end))

    paras = _paragraphs(text, [s for s in unnumbered if s[1] > s[0]])
    para_drafts = [_Draft(f"¶{i}", "", 0, p, p[0][0]) for i, p in enumerate(paras, 1)]
    all_drafts = sorted(para_drafts + [drafts[p] for p in order], key=lambda d: d.order)

    parents = {d.path.rsplit("/", 1)[0] for d in all_drafts if "/" in d.path}
    for d in all_drafts:
        # a one-sentence item is all heading ("（二）优化通关流程，压缩整体通关时间。"): its heading is its text
        if d.heading_span and d.path not in parents and not any(text[s:e].strip() for s, e in d.spans):
            d.spans = [d.heading_span]
    clauses: list[Clause] = []
    for i, (d, kept) in enumerate(zip(all_drafts, _dedup(text, all_drafts))):
        if not kept and not d.heading:
            continue
        clauses.append(
            Clause(
                doc_id=doc.doc_id,
                path=d.path,
                heading=d.heading,
                text=join_spans(text, kept),
                spans=tuple(kept),
                lang=doc.lang,
                level=d.level,
                order=i,
            )
        )
    return clauses


def _bigrams(text: str) -> set[str]:
    t = norm(text)
    return {t[i:i + 2] for i in range(len(t) - 1)} if len(t) > 1 else {t}


def _dedup(text: str, drafts: list[_Draft]) -> list[list[Span]]:
    """Each draft's sentence spans with repeats removed.

    A sentence of >= _MIN_DEDUP normalised characters that occurs more than once is kept once: in
    the clause whose heading shares most with it, and on a tie where it first occurs in the text
    (a clause whose number repeats gathers text from further down, so clause order is not text
    order). A scrambled scrape thus does not strip a clause of its own text."""
    occurrences: dict[str, list[tuple[int, int]]] = {}  # key -> [(text position, draft index)]
    sentences: list[list[tuple[Span, str]]] = []
    for i, d in enumerate(drafts):
        mine = []
        for s, e in d.spans:
            for ss, se in sentence_spans(text, s, e):
                sentence = text[ss:se]
                key = norm(sentence)
                if len(key) < _MIN_DEDUP or is_closer(sentence):
                    key = ""
                else:
                    occurrences.setdefault(key, []).append((ss, i))
                mine.append(((ss, se), key))
        sentences.append(mine)
    winner: dict[str, tuple[int, int]] = {}
    for key, places in occurrences.items():
        grams = _bigrams(key)

        def affinity(place: tuple[int, int]) -> tuple[float, int]:
            heading = drafts[place[1]].heading
            share = len(_bigrams(heading) & grams) / len(_bigrams(heading)) if heading else 0.0
            return share, -place[0]

        winner[key] = max(places, key=affinity)
    out: list[list[Span]] = []
    for i, mine in enumerate(sentences):
        kept = [span for span, key in mine if not key or winner[key] == (span[0], i)]
        out.append(merge_spans(text, sorted(set(kept))))
    return out
