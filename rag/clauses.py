"""Parse a Document into its clause tree.

Structure recognised (numbering in rag/markers.py, line roles in rag/layout.py):

- Chinese: 第X编 / 第X章 / 第X节 / 第X条 (款 and 项 inside an article), 一、 / （一） / 一是 / 1. / （1）;
- English: Part IV, Chapter 2, Section 3, Article 16, 1. / 2.3 / 2.3.1, (a), (1);
- Markdown headings (`#` … `######`, numbered or not: the `#`s are not part of the heading), a line in bold
  (`**…**`), and in English an ALL-CAPS or short title line followed by body text;
- text outside any numbering becomes paragraphs ¶1, ¶2, … (one per line);
- a signature (issuing bodies, then the date) is a clause of its own: 署名 (English documents: signature).

An article's text is the whole article: its 款 and its items, which are also clauses of their own
("第二章/第十六条/（三）"). A clause whose text ends in a lead-in ("有下列情形之一的：") keeps its items too.
Header lines, a table of contents and navigation lines are no clause (see rag/layout.py): they are left out,
so they are never indexed, looked up or cited.

Real scrapes break the usual layout, and the parser copes with what the seeds contain:

- headings printed *after* their body ("trailing" layout: body, then "（三）标题。", then the
  responsible-departments line) are detected per document and the body is re-attached;
- a clause number that occurs twice is one clause (its new text is appended);
- a passage repeated within a document is kept once (rag/dedup.py); a short sentence that repeats
  (boilerplate such as "具体办法由国务院规定。") is kept everywhere. Every clause keeps the character spans
  of its text in the clean text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rag.markers import RANK, TITLE_LIMIT, Marker, cn_number, int_to_cn, make_en_label, make_label, rank
from rag.markers import find_markers as _find_markers
from rag.parserversion import PARSER_VERSION  # noqa: F401 (re-exported; bump it in rag/parserversion.py)
from rag.sentences import TABLE_ROW, is_closer, join_spans, merge_spans, sentence_spans
from rag.types import SIGNATURE_PATHS, Clause, Document, Span

if TYPE_CHECKING:
    from rag.layout import Layout

__all__ = ["PARSER_VERSION", "cn_number", "int_to_cn", "find_markers", "parse_clauses", "clause_markers"]


_LIST_KINDS = ("item", "upper", "point", "arabic", "sub", "letter", "capital")
SENTENCE_TITLE = 25  # a Chinese inline title longer than this is a sentence (headings run 4–20 characters)
_NOT_A_TITLE = "；;，,、：:"  # a "title" ending so is the first part of a sentence: a list item, not a heading
_WHOLE = ("article", "sec_en")  # clauses whose text is the whole of them: their paragraphs and items included
_EN_TITLED = ("sec_en", "article", "part", "chapter", "letter", "upper", "capital")  # may open with a run-in heading
# words an English heading leaves in lower case ("Assessment of Duties on Low-Value Products of the PRC")
_SMALL_WORDS = frozenset("a an and as at by for from in into of on or over per the to under upon via with".split())
# "Purpose.  Many shippers …", "In General.--The head of …": the full stop that ends a run-in heading
_TITLE_STOP = re.compile(r"\.(?:\s+|--|—)(?=\S)|\.\s*$")  # (or the end: "General Provisions.", then a subsection)
_ABBREVIATED = re.compile(r"(?:\b[A-Z]|\bU\.S|\b(?:No|Nos|Sec|Secs|Art|Inc|Co|Corp|Ltd|Jr|St|Mr|Ms|Dr|etc|vs))$")
_MAX_TITLE_WORDS = 15


@dataclass
class _Segment:
    marker: Marker
    kind: str
    label: str
    rank: float
    heading: str
    head: Span  # the heading text's span (empty when none)
    rest: Span  # text after the heading up to the next marker
    start: int = 0  # where the segment starts: its marker, or its heading line's "#"
    body: list[Span] = field(default_factory=list)


@dataclass
class _Draft:
    path: str
    heading: str
    kind: str
    spans: list[Span]
    order: int
    heading_span: Span | None = None
    extent: list[Span] = field(default_factory=list)  # marker to end of its text, each occurrence


def find_markers(text: str, lang: str = "zh") -> list[Marker]:
    """All clause-number markers in a text (see rag.markers.find_markers)."""
    return _find_markers(text, lang)


def clause_markers(doc: Document) -> tuple[list[Marker], Layout]:
    """The markers the parser uses for a document, and the document's layout (skipped lines, headings).

    A marker at the start of a heading line's text ("## 第二章 …", "**第一条**") is that heading's number;
    other markers inside heading lines are not clause numbers."""
    from rag.layout import analyse  # parsing only: importing this module for PARSER_VERSION stays cheap

    text = doc.text
    layout = analyse(text, doc.lang)
    lines = [h.line for h in layout.headings]
    markers = [m for m in _find_markers(text, doc.lang, layout.skip) if not any(s <= m.start < e for s, e in lines)]
    for h in layout.headings:
        found = _find_markers(text[h.text[0]:h.text[1]], doc.lang)
        if found and found[0].start == 0:
            m = found[0]
            markers.append(Marker(h.text[0], h.text[0] + m.end, m.kind, m.num))
    return sorted(markers, key=lambda m: m.start), layout


def _subtract(spans: list[Span], holes: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s, e in spans:
        pieces = [(s, e)]
        for hs, he in holes:
            if he <= s or hs >= e:
                continue
            pieces = [p for a, b in pieces for p in ((a, min(b, hs)), (max(a, he), b)) if p[1] > p[0]]
        out.extend(pieces)
    return out


def _segments(text: str, doc: Document, markers: list[Marker], layout: Layout) -> list[_Segment]:
    """One segment per marker or heading line: its label, rank, heading and the text after it."""
    by_line = {h.line[0]: h for h in layout.headings}
    # a numbered heading line starts where its line starts ("## " included), so no "#" is left as text
    line_of = {h.text[0]: h.line[0] for h in layout.headings}
    starts: list[tuple[int, Marker | None, object]] = [(line_of.get(m.start, m.start), m, None) for m in markers]
    for h in layout.headings:
        if not any(h.line[0] <= m.start < h.line[1] for m in markers):
            starts.append((h.line[0], None, h))
    if (title := _title_heading(text, layout, markers)) is not None:  # "# Title" over "## Part 1" …: its name,
        starts = [t for t in starts if t[0] != title.line[0]]  # no clause holding all the others
    starts.sort(key=lambda t: t[0])
    md_rank: dict[str, float] = {}  # a kind numbered in Markdown headings ranks by its `#`s everywhere
    for m in markers:
        for h in layout.headings:
            if h.depth and m.start == h.text[0]:
                md_rank[m.kind] = min(md_rank.get(m.kind, 0.0), h.depth - 10.0)
    # 一、 between the articles of a document numbered by articles from its start (第一条 before any 一、): an
    # article's list of items ("第二条 …给予特别优惠：一、…；二、… 第三条"), not parts the articles fall under (一、
    # after the last article opens an annex of its own)
    articles = [m.start for m in markers if m.kind == "article"]
    inside = articles and any(articles[0] < m.start < articles[-1] for m in markers if m.kind == "section")
    segs: list[_Segment] = []
    restarted: set[str] = set()  # list kinds numbered in headings whose plain list has started over at 1
    for i, (pos, mk, _) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        line = next((h for h in layout.headings if h.line[0] <= pos < h.line[1]), None)
        if mk is None:
            h = by_line[pos]
            mk = Marker(pos, h.text[0], "heading", text[h.text[0]:h.text[1]])
        kind = mk.kind
        label = make_en_label(kind, mk.num) if doc.lang == "en" else make_label(kind, mk.num)
        if line is not None:  # a heading line: the rest of the line is the heading
            s = mk.end if kind != "heading" else line.text[0]
            e = line.text[1]
            heading = text[s:e].strip(" \t*_:：.．、—–").strip()  # "CHAPTER 53— PUBLIC …": no dash
            if kind != "heading":  # "**Chapter 1 - General Principles**"
                heading = _LEADING_DASH.sub("", heading)
            head = (s, e)
            title_end = line.line[1]
            if kind == "heading":
                label = _safe_label(heading)
            elif kind in _LIST_KINDS and _is_sentence(heading):  # "###### (b) In making such determination the
                heading, head, title_end = "", (s, s), s  # chief judge … shall deem …": the item's text, in a heading
        else:
            heading, head, title_end = _inline_title(text, mk, stop, kind)
        seg_rank = md_rank.get(kind, rank(kind, mk.num) if kind != "heading" else 2.5)
        if kind == "annex":  # outside every chapter, however deep the chapters' `#`s make them
            seg_rank = -100.0
        if line is not None and line.depth:
            restarted.clear()
        elif kind in md_rank and kind in _LIST_KINDS and (kind in restarted or _first_number(mk.num)):
            # "## 1. Why …", "## 2. Quick start", then under "### Step 1" a list "1. Download …",
            # "2. Sign up …": a plain list numbered from 1 again is a list under the heading, not the headings'
            # next sibling
            restarted.add(kind)
            seg_rank = rank(kind, mk.num)
        if inside and kind == "section" and kind not in md_rank and mk.start < articles[-1]:
            seg_rank = (RANK["article"] + RANK["item"]) / 2
        if line is not None and line.depth and kind == "heading":
            seg_rank = line.depth - 10.0
        segs.append(_Segment(mk, kind, label, seg_rank, heading, head, (title_end, stop), pos))
    _letters_first(segs)
    return segs


# a letter ranked between a point's "1." and a number's "(1)" (see `_letters_first`)
_LETTER_OVER_SUB = (RANK["arabic"] + RANK["sub"]) / 2


def _letters_first(segs: list[_Segment]) -> None:
    """Rank a section's letters above its numbers when its first letter comes first. Drafting differs: an American
    statute letters its subsections and numbers their paragraphs ("(a) … may make a gift: (1) in a will; (2) …
    (b) …"), a British one numbers its subsections and letters their paragraphs ("(1) … (a) … (b) … (2) …", the
    ranks of rag/markers.py). Each section (the markers between two that are no list's) is read on its own."""
    group: list[_Segment] = []
    for seg in [*segs, None]:
        if seg is not None and seg.kind in _LIST_KINDS:
            group.append(seg)
            continue
        kinds = [g.kind for g in group if g.kind in ("letter", "sub")]
        if "sub" in kinds and kinds[0] == "letter":
            for g in group:
                if g.kind == "letter" and g.rank == RANK["letter"]:
                    g.rank = _LETTER_OVER_SUB
        group = []


# an item's text that runs on into the next item: "（一）书面申请；", "Goods exported by freight;", "…establishments; and"
_RUNS_ON = re.compile(r"[；;](?:\s*(?:and|or))?$")


def _first_number(num: str) -> bool:
    """True for the number a list starts at: 1, 一, a, A, i."""
    return num.strip().lower() in ("1", "一", "a", "i", "１")


def _lone_title(text: str, layout: Layout, markers: list[Marker]):
    """A page's only heading, its first line, over paragraphs with no clause numbers: its title, and the paragraphs
    clauses of their own (not one clause of the whole page under the title)."""
    if markers or len(layout.headings) != 1:
        return None
    title = layout.headings[0]
    if text[:title.line[0]].strip() or text[title.line[1]:].strip().count("\n") < 1:
        return None
    return title


def _title_heading(text: str, layout: Layout, markers: list[Marker]):
    """The document's one `#` heading when it is its first line and `##` headings divide what follows (the title
    a Markdown file opens with: every section would otherwise sit under it, its name cut into every path), or its
    only heading over paragraphs (`_lone_title`)."""
    if (lone := _lone_title(text, layout, markers)) is not None:
        return lone
    tops = [h for h in layout.headings if h.depth == 1]
    if len(tops) != 1 or text[:tops[0].line[0]].strip() or not any(h.depth > 1 for h in layout.headings):
        return None
    return tops[0]


def _safe_label(heading: str) -> str:
    return re.sub(r"[/\n#]+", " ", heading).strip()[:40].rstrip() or "—"  # (cut at a space: no space at the end)


def _is_sentence(heading: str) -> bool:
    """True when a heading line's words after an item's marker are a sentence, not a title: longer than a title
    runs, with a verb (a page that sets every subsection in a heading, "(b) In making such determination the chief
    judge … shall deem any person qualified … unless he"; a bill's long section titles have no verb)."""
    return len(heading.split()) > _MAX_TITLE_WORDS and _SENTENCE_VERB.search(heading) is not None


_LEADING_DASH = re.compile(r"^[ \t]*(?:[:：]|[-–—](?=\s))?[ \t]*")


def _inline_title(text: str, mk: Marker, stop: int, kind: str) -> tuple[str, Span, int]:
    """The short title after a marker on the same line ("（三）优化通关流程。"), if any."""
    if kind in _EN_TITLED and (run_in := _run_in_title(text[mk.end:stop], _CODE_NUMBER.fullmatch(mk.num) is not None)):
        end = mk.end + run_in
        return text[mk.end:end].strip().rstrip(".-—").strip(), (mk.end, end), end
    limit = TITLE_LIMIT.get(kind, 0)
    if not limit:
        return "", (mk.end, mk.end), mk.end
    if kind in _EN_TITLED and text[mk.start:mk.start + 1].isascii():  # an English title is longer in characters
        limit = max(limit, TITLE_LIMIT["sec_en"])  # than a Chinese one
    # "Chapter 5: Trade Regulations", "**Chapter 1 - General Principles**": the title after the colon or dash
    start = mk.end + len(_LEADING_DASH.match(text[mk.end:stop]).group(0))
    window = text[start:min(stop, start + limit + 1)]
    title_end = start
    cut = re.search(r"[。\n]", window)
    if cut:
        title_end = start + cut.end() if cut.group(0) == "。" else start + cut.start()
    elif stop - start <= limit:
        title_end = stop
    heading = text[start:title_end].strip()
    if heading and heading[-1] in _NOT_A_TITLE:
        return "", (mk.end, mk.end), mk.end
    if re.search(r"[.!?;:]\s+\S", heading) or (heading.endswith(".") and len(heading.split()) > 12):
        return "", (mk.end, mk.end), mk.end  # English prose, not a title
    heading = heading.rstrip("。").strip()
    if heading.endswith(".") and heading.isascii() and not _ABBREVIATED.search(heading[:-1]):
        # "§327-14 Rights and duties of … others. (a) …": the title's full stop is no part of it
        heading = heading[:-1].rstrip()
    return heading, (mk.end, title_end), title_end


# a short Chinese title printed with spaces between its characters ("总 则", "附　　则"): the words they spell
_SPACED_TITLE = re.compile(r"[\u4e00-\u9fff](?:[ \t\u3000]+[\u4e00-\u9fff]){1,4}")


def _unspaced(heading: str) -> str:
    """A heading spaced out character by character (a chapter title "总 则") as its word, 总则; any other as it is."""
    if _SPACED_TITLE.fullmatch(heading):
        return re.sub(r"[ \t\u3000]+", "", heading)
    return heading


# a code's section number, whose run-in heading is written in sentence case: a city code's title, chapter and
# section ("2.44.010"), a state code's chapter and section ("§802-4 Determination of indigency."; rag/markers.py)
_CODE_NUMBER = re.compile(r"\d{1,3}\.\d{1,3}\.\d{3}[A-Za-z]?|\d{1,4}[A-Z]?(?:-\d{1,4}[A-Za-z]?)+(?:\.\d{1,3})?")
# ...but not a sentence: "§802-4 The court shall appoint counsel." opens with no heading
_SENTENCE_VERB = re.compile(r"\b(?:shall|may|must|will|is|are|was|were|has|have|does|do|can)\b")


def _run_in_title(rest: str, sentence_case: bool = False) -> int:
    """Where an English run-in heading ends ("Purpose.  Many shippers …" -> after "Purpose."), 0 when the text
    after the number opens with no heading in title case ("The Secretary shall …", "Sections 1 through 5 of …").
    sentence_case: a heading only its first word capitalises may run in too ("2.44.120 Proposed loans and
    investments. All proposed …", as city codes title their sections)."""
    for stop in _TITLE_STOP.finditer(rest[:TITLE_LIMIT["sec_en"] + 1]):
        title = rest[:stop.start()].strip()
        if _ABBREVIATED.search(title):
            continue  # "Duties on U.S. Goods": the full stop of an abbreviation
        words = re.findall(r"[^\s—–]+", title)
        if not words or len(words) > _MAX_TITLE_WORDS or "\n" in title:
            return 0
        title_case = all(w[:1].isupper() or w[:1].isdigit() or w[:1] in "(“\"'" or w.lower() in _SMALL_WORDS
                         for w in words)
        if (title_case or (sentence_case and not _SENTENCE_VERB.search(title))) and words[0][:1].isupper():
            return stop.end()
        return 0
    return 0


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
        if seg.kind in _LIST_KINDS and seg.heading:
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
        if seg.heading and seg.kind in _LIST_KINDS:
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
        if seg.kind == "section":
            current_section = seg.marker.num
        elif seg.kind == "item" and current_section and current_section not in seen_first:
            seen_first.add(current_section)
            if cn_number(seg.marker.num) > 1:
                return True
    return False


# a bulleted line ("-   Halt the flow of precursors …", "• 降低关税")
_BULLET = re.compile(r"[ \t]*[-*+•·●▪][ \t]+\S")


def _paragraphs(text: str, spans: list[Span]) -> list[list[Span]]:
    """Group spans into paragraphs: one per source line, except that the bulleted lines after a line ending in a
    colon are its items, in its paragraph ("… includes Chinese commitments to:", "-   Halt the flow of …"), and a
    Markdown table is one paragraph, its header and separator rows with its rows (after such a lead-in, in its
    paragraph too): a row alone ("| 3 | Obtain a business license | 5-10 days |") does not say what its cells are."""
    paras: list[list[Span]] = []
    leads = False  # the last paragraph is a lead-in (with its items so far)
    table = False  # the last paragraph ends in a table row
    for s, e in spans:
        for m in re.finditer(r"[^\n]+", text[s:e]):
            line = m.group(0)
            if not line.strip():
                continue
            span = (s + m.start(), s + m.end())
            row = bool(TABLE_ROW.fullmatch(line))
            if (leads and _BULLET.match(line)) or (row and (table or leads)):
                paras[-1].append(span)
                table = row
                continue
            paras.append([span])
            leads = line.rstrip().endswith((":", "："))
            table = row
    return paras


# a bulleted line opening a body ("- **Control measures**:", "* …")
_BULLET_LINE = re.compile(r"\s*[-*+•][ \t]+\S")


def _other_decimal(top: tuple[float, str, str], seg: _Segment) -> bool:
    """True when an open "1" or "1.2" is no prefix of this decimal number ("2.3" does not nest under "1")."""
    if top[2] != "arabic" or seg.kind != "arabic" or "." not in seg.marker.num:
        return False
    return not seg.marker.num.startswith(top[1].rsplit("/", 1)[-1] + ".")


def _build(text: str, segs: list[_Segment], global_items: bool,
           skip: list[Span]) -> tuple[dict[str, _Draft], list[str]]:
    """Drafts keyed by path, in first-occurrence order; a repeated number is one clause."""
    drafts: dict[str, _Draft] = {}
    order: list[str] = []
    stack: list[tuple[float, str, str]] = []  # (rank, path, kind) of the open clauses
    item_paths: dict[str, str] = {}
    listing: set[tuple[str, str]] = set()  # (parent path, kind) whose last item is a list item ending in ；
    # a list numbered from 1 again under an item ending in a colon is that item's list ("4. The ways to pay
    # are:", an indented "1. pay the courier …", "2. …") while its numbers go on ("1. …:", "1. in the UK",
    # "2. in Canada", then "2. The exporter …" and "5." are the outer list's): kind -> [rank, last number]
    nested: dict[str, list] = {}
    colon: set[str] = set()  # paths of list items whose text ends in a colon
    names: dict[tuple[str, str], bool] = {}  # (parent path, kind) -> whether its items so far are bare titles
    for seg in segs:
        mk = seg.marker
        num = cn_number(mk.num) if seg.kind in _LIST_KINDS and mk.num.isalnum() else 0
        inner = nested.get(seg.kind)
        if inner and (num != inner[1] + 1 or seg.rank < inner[0] - 0.5):
            del nested[seg.kind]  # not the inner list's next number: the outer list goes on, or is left
            inner = None
        if inner:
            inner[1] = num
            seg.rank = inner[0]
        elif num == 1 and stack and stack[-1][2] == seg.kind and stack[-1][0] == seg.rank and stack[-1][1] in colon:
            seg.rank += 0.5
            nested[seg.kind] = [seg.rank, 1]
        while stack and (stack[-1][0] >= seg.rank or _other_decimal(stack[-1], seg)):
            stack.pop()
        in_article = any(k == "article" for _, _, k in stack)
        parent = stack[-1][1] if stack else ""
        own_body = any(text[a:b].strip() for a, b in seg.body)
        if (seg.kind in _LIST_KINDS and seg.heading and not seg.heading.endswith((":", "：")) and parent in drafts
                and names.get((parent, seg.kind)) and own_body and _BULLET_LINE.match(text, seg.rest[0])):
            # a list of names ("1. High Point Aerotechnologies" … "16. ACT1 Federal", under "- **Sixteen listed
            # US entities**:"): bullets after its last name are the outer list's ("- **Control measures**:", its
            # own bullets), its parent's text, not that name's
            first = min(d.extent[0][0] for p, d in drafts.items() if p.startswith(parent + "/"))
            drafts[parent].spans.extend(_subtract([(first, seg.rest[1])], skip))  # (the names read with it)
            seg.body, own_body = [], False
        if seg.kind in _LIST_KINDS:
            names[(parent, seg.kind)] = bool(seg.heading) and not own_body and names.get((parent, seg.kind), True)
        # the last item of a list ("（一）书面申请；…（四）其他材料。") is no short title over the paragraph after it:
        # that paragraph is its parent's ("十四、…提交下列材料：" … "银行应当审核上述材料。")
        in_list = (parent, seg.kind) in listing
        if (in_article or in_list) and seg.kind in _LIST_KINDS and seg.heading:
            # an item of an article has no title: "（一）为维护国家安全；" is all text
            # its text ends with its line: a new line after it is the article's next 款
            own = [seg.head, *seg.body]
            cut = text.find("\n", seg.head[0], seg.rest[1])
            if cut != -1 and len(seg.body) == 1 and seg.body[0] == seg.rest and parent:  # (a list of no clause
                # has nobody to give the paragraph after its item to: that paragraph stays the item's)
                own = [(seg.head[0], cut)]
            seg.body = _subtract(own, skip)
            seg.heading, seg.head = "", (mk.end, mk.end)
        elif in_article and seg.kind in _LIST_KINDS and len(seg.body) == 1 and seg.body[0] == seg.rest:
            # an item without a short title ends with its sentence's line too: "(二)……适当的。\n微量补贴，是指……"
            # — the paragraph after the last item is the article's next 款 (a line broken mid-sentence is not cut)
            cut = next((m.start() for m in re.finditer("\n", text[seg.rest[0] : seg.rest[1]])
                        if text[seg.rest[0] + m.start() - 1] in "。；;.!?！？"), None) if seg.rest[1] > seg.rest[0] else None
            if cut is not None:
                seg.body = _subtract([(seg.rest[0], seg.rest[0] + cut)], skip)
        own_text = "".join(text[a:b] for a, b in seg.body).rstrip()
        if seg.kind in _LIST_KINDS and not seg.heading and _RUNS_ON.search(own_text):
            listing.add((parent, seg.kind))
        else:
            listing.discard((parent, seg.kind))
        if (seg.kind == "item" and num == 1 and stack and stack[-1][2] == "article"
                and f"{parent}/{seg.label}" in drafts and (kuan := _second_list(text, drafts[parent], mk))):
            # "个人饲养犬只的，应当提供下列材料：（一）…（三）… 单位饲养犬只的，应当提供下列材料：（一）…（六）": a second
            # list of the article, under the 款 whose lead-in it follows (parser 57); read as the first list's
            # items again, the two lists were merged item by item
            path, lead = kuan
            if path not in drafts:
                drafts[path] = _Draft(path, "", "kuan", [lead], lead[0], None, [(lead[0], seg.rest[1])])
                order.append(path)
            stack.append(((RANK["article"] + RANK["item"]) / 2 + 0.25, path, "kuan"))
        path = f"{stack[-1][1]}/{seg.label}" if stack else seg.label
        if seg.kind == "item" and global_items and not in_article:
            path = item_paths.setdefault(seg.label, path)  # numbering runs on across sections
        if seg.kind == "heading" and path in drafts:
            n = 2
            while f"{path} [{n}]" in drafts:
                n += 1
            path = f"{path} [{n}]"
        stack.append((seg.rank, path, seg.kind))
        if num and (own_text or seg.heading).endswith((":", "：")):
            colon.add(path)
        else:
            colon.discard(path)
        body = [b for b in seg.body if b[1] > b[0]]
        first = min([s for s, _ in body] + [mk.start])
        extent = (mk.start, seg.rest[1])
        if path in drafts:
            d = drafts[path]
            if not d.heading:
                d.heading = seg.heading
            elif seg.heading and seg.heading != d.heading:
                body = [seg.head, *body]  # the number repeats with a heading of its own: keep it as text
            d.spans.extend(body)
            d.extent.append(extent)
        else:
            drafts[path] = _Draft(path, seg.heading, seg.kind, list(body), first, seg.head, [extent])
            order.append(path)
    return drafts, order


_ITEM_LINE = re.compile(r"[（(][一二三四五六七八九十]{1,3}[）)]")


def _second_list(text: str, article: _Draft, mk: Marker) -> tuple[str, Span] | None:
    """The path of the 款 (an article's paragraph) that a list numbered from （一） again opens, and its lead-in's span:
    the line before the list ends in a colon ("单位饲养犬只的，应当提供下列材料："); None otherwise. The 款 is counted
    by the article's lines that are no items (its first line is its first 款)."""
    start = text.rfind("\n", 0, max(mk.start - 1, 0)) + 1
    lead = text[start:mk.start].strip()
    if not lead.endswith(("：", ":")) or _ITEM_LINE.match(lead):
        return None
    begin = article.extent[-1][0]
    paragraphs = [line for line in text[begin:mk.start].split("\n")
                  if line.strip() and not _ITEM_LINE.match(line.strip())]
    return f"{article.path}/第{int_to_cn(len(paragraphs))}款", (start, start + len(text[start:mk.start].rstrip()))


def _include_children(text: str, drafts: dict[str, _Draft], order: list[str], skip: list[Span]) -> None:
    """An article or an English section (and a lead-in ending in ：) keeps the text of its items and paragraphs."""
    for path in order:
        d = drafts[path]
        own = join_spans(text, merge_spans(text, sorted(set(d.spans)))).rstrip()
        # (an English section is whole, but its subsections keep only their own text unless they lead in to their
        # paragraphs: a bill's section runs to pages, and every paragraph of it holding all of its own would let
        # any date or figure anywhere in it answer a question about one of them)
        in_article = d.kind in _WHOLE or any(drafts[p].kind == "article" for p in _ancestors(path) if p in drafts)
        children = [drafts[p] for p in order if p.startswith(path + "/")]
        titles_items = d.kind in _LIST_KINDS and _names_its_items(own, path, children)
        if not children or not (in_article or own.endswith(("：", ":")) or titles_items
                                or _runs_into(text, own, path, children)):
            continue
        extra = [span for c in children for span in c.extent]
        d.spans = _subtract(sorted(set(d.spans + extra)), skip)
        d.spans = _covering(d.spans)


def _names_its_items(own: str, path: str, children: list[_Draft]) -> bool:
    """True for a statute's paragraph whose own text is only a title over its subparagraphs (A), (B) … ("(3) Trading
    prohibition after 3 years of non-inspections" over (A) … (D)): no sentence, so it is read with them, as a lead-in
    is (and as it was before parser 58 made the subparagraphs clauses of their own)."""
    depth = path.count("/") + 1  # (its own subparagraphs: not those of a paragraph under it)
    return any(c.kind == "capital" and c.path.count("/") == depth for c in children) and (not own or (
        len(own.split()) <= _MAX_TITLE_WORDS and "\n" not in own
        and not own.rstrip().endswith((".", "。", ";", "；", "!", "?", "？", ",", "，"))))


def _runs_into(text: str, own: str, path: str, children: list[_Draft]) -> bool:
    """True for an English lead-in whose sentence its first item finishes ("… shall deem any person qualified … unless
    he—" or, its dash lost, "unless he", over "(1) is not a citizen …"): no full stop, and the item goes on in lower
    case. Read with its items, as a lead-in ending in a colon is."""
    depth = path.count("/") + 1
    first = next((c for c in children if c.path.count("/") == depth and c.spans), None)
    if first is None or not own or re.search(r"[\u4e00-\u9fff]", own) or own.endswith((".", ";", "!", "?", ",", ")")):
        return False
    rest = join_spans(text, merge_spans(text, sorted(set(first.spans)))).lstrip()
    return rest[:1].islower()


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _covering(spans: list[Span]) -> list[Span]:
    """Sorted spans with overlaps joined."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _trim(text: str, spans: list[Span]) -> list[Span]:
    """Spans without leading or trailing white space, empty ones dropped."""
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def signature_path(lang: str, n: int = 1) -> str:
    """The path of a document's n-th signature (its issuing bodies and date): 署名, 署名2 / signature."""
    name = SIGNATURE_PATHS[0] if lang == "zh" else SIGNATURE_PATHS[1]
    return name if n == 1 else f"{name}{n}"


def parse_clauses(doc: Document) -> list[Clause]:
    """Split a document into clauses with stable ids, headings, texts and spans."""
    text = doc.text
    markers, layout = clause_markers(doc)
    segs = _segments(text, doc, markers, layout)
    trailing = detect_trailing(text, segs)
    tail = _assign_bodies(text, segs, trailing)
    for seg in segs:
        seg.body = _subtract(seg.body, layout.skip)
    drafts, order = _build(text, segs, _is_global_numbering(segs), layout.skip)
    if not trailing:  # in the trailing layout a marker's extent is not its text
        _include_children(text, drafts, order, layout.skip)

    first = segs[0].start if segs else len(text)
    lone = _lone_title(text, layout, markers)  # (its line is the title, no paragraph)
    unnumbered = _subtract([(0, first)] + tail, layout.skip + ([lone.line] if lone else []))
    paras = _paragraphs(text, [s for s in unnumbered if s[1] > s[0]])
    para_drafts = [_Draft(f"¶{i}", "", "paragraph", p, p[0][0]) for i, p in enumerate(paras, 1)]
    para_drafts += [_Draft(signature_path(doc.lang, n), "", "paragraph", [span], span[0])
                    for n, span in enumerate(layout.signatures, 1)]
    all_drafts = sorted(para_drafts + [drafts[p] for p in order], key=lambda d: d.order)

    parents = {d.path.rsplit("/", 1)[0] for d in all_drafts if "/" in d.path}
    for d in all_drafts:
        # a one-sentence item is all heading ("（二）优化通关流程，压缩整体通关时间。"): its heading is its text
        if d.heading_span and d.heading_span[1] > d.heading_span[0] and d.path not in parents and not any(
                text[s:e].strip() for s, e in d.spans):
            d.spans = [d.heading_span]
        elif not trailing and d.heading_span and _sentence_title(d.heading) and (
                any(text[s:e].strip() for s, e in d.spans)
                or (d.path in parents and _RULE_WORDS.search(d.heading))):
            # "一、本规定所指口岸是…通道等。口岸分为…": the first sentence stays text; so does a lead-in before items
            # ("十四、……应当向其境内结算银行提交以下材料，境内结算银行应当进行认真审核。" then （一）…（四）)
            d.spans = [d.heading_span, *d.spans]
        d.spans = _trim(text, _covering(d.spans))

    from rag.dedup import repeated_positions

    innermost = _innermost_lookup(all_drafts)
    # numbered once through (no number repeats, as the seeds' scrambled scrapes repeat theirs): a sentence said
    # twice in its numbered clauses is the document saying it twice (rag/dedup.py), kept each time
    once = all(len(d.extent) == 1 for d in drafts.values())
    numbered = _covering([s for d in all_drafts if d.kind != "paragraph" for s in d.spans])
    drop = sorted(repeated_positions(
        text, _covering([s for d in all_drafts for s in d.spans]),
        lambda pos: (d.heading if (d := innermost(pos)) else ""),
        (lambda pos: _within((pos, pos + 1), numbered)) if once else None))
    clauses: list[Clause] = []
    for d in all_drafts:
        kept = [sp for s, e in d.spans for sp in sentence_spans(text, s, e) if not _within(sp, drop)]
        kept = merge_spans(text, kept)
        if not kept and not d.heading:
            continue
        clauses.append(Clause(doc_id=doc.doc_id, path=d.path, heading=_unspaced(d.heading),
                              text=join_spans(text, kept), spans=tuple(kept), lang=doc.lang,
                              level=0 if d.kind == "paragraph" else d.path.count("/") + 1, order=len(clauses)))
    return clauses


# what a rule says, not what a title names: "发行人应当按季度向市场披露……", "本公告由中国人民银行负责解释",
# "本公告自发布之日起施行" (a title names a measure: "加强组织领导", "优化进口结构")
_RULE_WORDS = re.compile(r"应当|不得|必须|可以|负责解释|起施行|^本(?:公告|通知|办法|规定|意见|条例|决定|细则|通告)")


def _sentence_title(heading: str) -> bool:
    """A Chinese inline "title" that is the clause's first sentence, not a title: it has a comma, runs past
    SENTENCE_TITLE chars ("本规定所指口岸是供人员、货物和交通工具出入国境的港口、机场、车站、通道等"), states a rule
    ("发行人应当按季度向市场披露募集资金使用情况") or says what a thing is or may only be (see _STATEMENT)."""
    return bool(re.search(r"[\u4e00-\u9fff]", heading)) and (
        "，" in heading or len(heading) > SENTENCE_TITLE or _RULE_WORDS.search(heading) is not None
        or _STATEMENT.search(heading) is not None)


# a statement, not a title's measure: "境外机构人民币银行结算账户为活期存款账户", "境外机构在境内只能开立一个基本存款账户"
# (a title names a measure: "规范市场行为", "以扩大进口为重点", "坚持以企业为主体") (parser 49)
_STATEMENT = re.compile(r"^(?!(?:坚持|始终|要)?以).*?(?:(?<=[\u4e00-\u9fff]{2})(?<![行作认成因])(?:为|是)"
                        r"(?=[\u4e00-\u9fff]{2})|只能|仅能|仅限)")


def _within(span: Span, dropped: list[Span]) -> bool:
    """True when a span lies inside one of sorted, disjoint spans (a sentence inside a dropped one, an item's
    sentence inside its article's; a position inside the numbered text)."""
    i = bisect.bisect_right(dropped, (span[0], 1 << 62)) - 1
    return i >= 0 and dropped[i][0] <= span[0] and span[1] <= dropped[i][1]


def _innermost_lookup(drafts: list[_Draft]):  # noqa: ANN202 - a closure
    """innermost(position): the innermost clause whose text holds the position (None outside every clause)."""
    table = sorted(((s, e, -d.path.count("/"), i) for i, d in enumerate(drafts) for s, e in d.spans))

    def innermost(pos: int) -> _Draft | None:
        best = None
        for s, e, depth, i in table:
            if s > pos:
                break
            if pos < e and (best is None or depth < best[0]):
                best = (depth, i)
        return drafts[best[1]] if best else None

    return innermost
