"""Property tests (hypothesis) of ingestion, clause parsing and chunking on arbitrary text.

The documents are drawn from a mix of Chinese policy vocabulary, clause markers (一、 （三） 第五条 1.
一是 （1） 第二章), responsible-department lines （商务部负责）, sentences that repeat, full-width and
ASCII punctuation, newlines and other white space, front-matter and HTML fragments, and arbitrary
Unicode text. For every document:

- `parse_document` either succeeds or raises RagError saying the document has no text; `parse_clauses`
  and `make_chunks` never raise;
- clause ids are unique, clause order increases, every span lies inside the clean text, spans are
  sorted and disjoint within a clause and across clauses (except that an article holds its items' text),
  and `clause.text == join_spans(text, spans)`;
- no text is lost: every character of the clean text that carries a letter or digit is inside a clause
  span, a clause-number marker, a clause heading or a line that is no clause (header, table of
  contents, navigation: rag.layout) — or it belongs to a stretch of dropped text that
  consists entirely of repeated sentences, i.e. it splits into pieces of at least 10 normalised characters
  each of which is present in clause text kept elsewhere in the document (the dedup rule of
  rag.clauses._dedup: a repeated sentence is kept once, in the clause whose heading fits it best,
  on a tie at its first occurrence);
- responsible-department lines are never dropped, however often they repeat;
- chunking loses nothing: every clause with text has chunks, each chunk starts with the clause heading,
  and the chunk bodies together are the clause text (up to white space and punctuation).
"""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rag.chunk import make_chunks
from rag.clauses import clause_markers, parse_clauses
from rag.ingest import parse_document
from rag.sentences import is_closer, join_spans, norm, sentence_spans
from rag.types import RagError

MIN_DEDUP = 10  # rag.clauses._MIN_DEDUP: shorter sentences may repeat

MARKERS = ["一、", "二、", "三、", "十五、", "（一）", "（二）", "（三）", "（十五）", "第一条", "第五条", "第十二条",
           "第一章", "第二章", "1.", "2.", "3．", "4、", "（1）", "(2)", "一是", "二是", "三是", "第（三）条"]
ZH_WORDS = ["进口", "扩大", "支持", "跨境电商", "单一窗口", "通关", "海关", "政策", "服务贸易", "总体要求",
            "保障措施", "目标任务", "优化通关流程", "上海市人民政府", "国务院办公厅", "2018年", "国办发〔2018〕53号",
            "发布日期：2020-03-05", "2020年3月5日", "各区人民政府", "负责", "牵头"]
EN_WORDS = ["Import", "policy", "customs", "will", "be", "simplified", "the single window", "Section",
            "e.g.", "No.", "3.5", "U.S.", "clause", "Article 5", "procedures"]
PUNCT = ["。", "，", "；", "：", "！", "？", "、", ".", ". ", "!", "? ", ";", "“", "”", "（", "）", "(", ")", "…",
         "——", "《", "》", "◆", "■", "·"]
SPACE = ["\n", "\n", "\n", "\n\n", " ", "　", "\t", "\r\n", "\xa0", "\u200b"]
DEPARTMENTS = ["（商务部负责）", "（商务部、海关总署等按职责分工负责）", "（各区人民政府牵头）", "（市商务委负责）"]
REPEATS = ["扩大优质消费品进口，支持跨境电商零售进口发展。", "推广国际贸易单一窗口，压缩整体通关时间。",
           "各部门要明确责任分工，抓好政策落实。", "Customs clearance will be simplified and the window expanded. ",
           "进口规模稳步扩大"]
MARKUP = ["---\n", "title: 标题\n", "date: 2020-02-30\n", "date: 2021-01-05\n", "issuer: [\n", "---",
          "<p>", "</p>", "<div>", "<br>", "<script>var s = '脚本';</script>", "<style>p{}</style>", "&amp;", "&lt;"]

piece = st.one_of(
    st.sampled_from(MARKERS), st.sampled_from(ZH_WORDS), st.sampled_from(EN_WORDS), st.sampled_from(PUNCT),
    st.sampled_from(SPACE), st.sampled_from(DEPARTMENTS), st.sampled_from(REPEATS), st.sampled_from(MARKUP),
    st.text(max_size=8),
)
documents = st.lists(piece, max_size=80).map("".join)


def _structured(items) -> str:
    """A policy-like layout: marker, heading, body sentences, optional department line, per line."""
    lines = []
    for marker, heading, body, dept in items:
        lines.append(f"{marker}{heading}。" if heading else marker)
        lines.append("".join(body) + (dept or ""))
    return "\n".join(lines)


structured = st.lists(
    st.tuples(st.sampled_from(MARKERS), st.sampled_from(["", "目标任务", "基本原则", "优化通关流程", "Import"]),
              st.lists(st.sampled_from(REPEATS + ZH_WORDS + PUNCT), max_size=6),
              st.sampled_from([None, *DEPARTMENTS])),
    max_size=12,
).map(_structured)


def _word_chars(text: str, start: int, end: int) -> list[int]:
    return [i for i in range(start, end) if norm(text[i])]


def _markers_used(doc) -> list:
    return clause_markers(doc)[0]


def _breakable(s: str, kept: str) -> bool:
    """Can s be cut into pieces of >= MIN_DEDUP characters, each a substring of the kept text?"""

    @lru_cache(maxsize=None)
    def ok(i: int) -> bool:
        if i == len(s):
            return True
        for j in range(i + MIN_DEDUP, len(s) + 1):
            if s[i:j] in kept:
                if ok(j):
                    return True
            else:
                break  # a longer piece from i cannot be a substring either
        return False

    return ok(0)


def check_document(raw: str) -> None:
    try:
        doc = parse_document("doc.txt", raw)
    except RagError as exc:
        assert "no text" in str(exc)
        return
    text = doc.text
    assert text.strip()
    clauses = parse_clauses(doc)
    chunks = make_chunks(clauses)

    # ids, order, spans
    ids = [c.id for c in clauses]
    assert len(ids) == len(set(ids)), ids
    orders = [c.order for c in clauses]
    assert orders == sorted(set(orders))
    covered = [False] * len(text)
    owner: dict[int, str] = {}
    for c in clauses:
        assert c.doc_id == doc.doc_id and c.lang == doc.lang
        assert c.spans or c.heading, c
        prev_end = -1
        for s, e in c.spans:
            assert 0 <= s < e <= len(text), (c.id, s, e, len(text))
            assert s >= prev_end, f"spans of {c.id} overlap or are out of order: {c.spans}"
            prev_end = e
            for i in range(s, e):
                nested = covered[i] and (c.path.startswith(owner[i] + "/") or owner[i].startswith(c.path + "/"))
                assert not covered[i] or nested, f"position {i} ({text[i]!r}) is in two clauses"
                covered[i] = True
                owner[i] = c.path
        assert c.text == join_spans(text, c.spans)

    # what else a character may be: part of a clause-number marker or of a heading
    headings = sorted({c.heading for c in clauses if c.heading}, key=len, reverse=True)
    structural = [False] * len(text)
    layout = clause_markers(doc)[1]
    for s, e in layout.skip + [h.line for h in layout.headings]:
        for i in range(s, e):
            structural[i] = True
    for m in _markers_used(doc):
        for i in range(m.start, m.end):
            structural[i] = True
        after = text[m.end:].split("\n", 1)[0]  # a heading ends at the line's end
        pad = len(after) - len(after.lstrip())
        for h in headings:
            if after[pad:].startswith(h):
                for i in range(m.end, m.end + pad + len(h)):
                    structural[i] = True
                break

    # no text lost beyond the dedup rule
    kept_spans = sorted(span for c in clauses for span in c.spans)
    i = 0
    while i < len(text):
        if covered[i] or structural[i]:
            i += 1
            continue
        j = i
        while j < len(text) and not covered[j] and not structural[j]:
            j += 1
        lost = norm(text[i:j])
        if lost:
            # a repeat is kept once, wherever its clause's heading fits it best (see clauses._dedup)
            kept_elsewhere = "\0".join(norm(text[s:e]) for s, e in kept_spans)
            assert _breakable(lost, kept_elsewhere), (
                f"text lost: {text[i:j]!r} at {i}-{j} is neither in a clause nor a repeat of text kept elsewhere")
        i = j

    # department lines may repeat and are never dropped
    for s, e in sentence_spans(text):
        if is_closer(text[s:e]):
            assert all(covered[k] or structural[k] for k in _word_chars(text, s, e)), text[s:e]

    # chunking loses nothing
    by_clause: dict[str, list] = {}
    for ch in chunks:
        assert ch.clause_id in set(ids)
        by_clause.setdefault(ch.clause_id, []).append(ch)
    for c in clauses:
        got = by_clause.get(c.id, [])
        if not c.text.strip():
            assert not got
            continue
        assert got, c.id
        head = (f"{c.heading}。" if c.lang == "zh" else f"{c.heading}. ") if c.heading else ""
        assert all(ch.text.startswith(head) for ch in got)
        assert norm("".join(ch.text[len(head):] for ch in got)) == norm(c.text)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents)
@example("")
@example("一、总体要求\n（一）目标任务。\n扩大进口。\n（一）另一个标题。\n支持跨境电商零售进口发展。")
@example("---\ndate: 2020-02-30\n---\n（一）正文。")
@example("二、\n一、\n扩大优质消费品进口，支持跨境电商零售进口发展。\n二、\n扩大优质消费品进口，支持跨境电商零售进口发展。")
@example("（一）扩大优质消费品进口，支持跨境电商零售进口发展。（商务部负责）\n"
         "（二）扩大优质消费品进口，支持跨境电商零售进口发展。（商务部负责）")
def test_arbitrary_text_parses_without_losing_text(raw):
    check_document(raw)


@SETTINGS
@given(structured)
# a top-level list after an item ending in "；": the paragraph after the next item's short title stays that item's
@example("（一）\n；\n（一）目标任务。\n扩大优质消费品进口，支持跨境电商零售进口发展。")
def test_policy_layouts_parse_without_losing_text(raw):
    check_document(raw)


@SETTINGS
@given(st.text())
def test_any_unicode_text_parses_without_losing_text(raw):
    check_document(raw)


@pytest.mark.parametrize("raw", [
    "第一章 总则\n第一条 为了扩大进口，制定本办法。\n第二条 本办法适用于全市。\n第二章 措施\n第三条 支持进口。",
    "一、总体要求\n（一）目标任务。\n扩大优质消费品进口。\n二、保障措施\n（二）加强组织领导。\n抓好落实。",
    "Import notes\n1. Customs clearance will be simplified. 2. Not a marker.\n2. The single window expands.",
])
def test_typical_layouts(raw):
    check_document(raw)
