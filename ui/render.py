"""Pure functions that turn Answers, Documents and Clauses into safe HTML and plain strings.

Every piece of source text and user text goes through `esc` (html.escape) before it is put into HTML,
so a document containing `<script>` or `<img onerror=…>` is shown as text and runs nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence

from rag.types import Answer, Citation, Clause, Document, Hit
from ui.i18n import t

_MARKER = re.compile(r"\[(\d{1,3})\]")
_SEGMENT = re.compile(r".*?\[\d{1,3}\]\s*|.+$", re.S)
_CN_NUMERAL = re.compile(r"^[一二三四五六七八九十百零〇]+$")


def esc(text: object) -> str:
    """HTML-escape any text (quotes too, so it is safe inside attributes)."""
    return html.escape("" if text is None else str(text), quote=True)


def _lines(escaped: str) -> str:
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


# ---- clause names and citation strings ----------------------------------------------------------

def human_path(path: str, lang: str = "zh") -> str:
    """A readable clause number: "五/（十五）" -> "第五部分（十五）"; "¶3" -> "第3段" / "paragraph 3"."""
    parts = [p for p in path.split("/") if p]
    if not parts:
        return path
    out = []
    for part in parts:
        if part.startswith("¶"):
            number = part[1:]
            out.append(f"第{number}段" if lang == "zh" else f"paragraph {number}")
        elif lang == "zh" and _CN_NUMERAL.match(part):
            out.append(f"第{part}部分")
        else:
            out.append(part)
    return "".join(out) if lang == "zh" else ", ".join(out)


def citation_string(doc: Document | None, clause: Clause) -> str:
    """A copyable citation: title + 文号 + clause number + heading, e.g.
    "国务院办公厅转发…的通知 国办发〔2018〕53号 第五部分（十五）优化进口通关流程"."""
    lang = doc.lang if doc else clause.lang
    title = doc.title.strip() if doc and doc.title else clause.doc_id
    number = (doc.doc_number or "").strip() if doc else ""
    where = human_path(clause.path, lang)
    heading = clause.heading.strip()
    if lang == "zh":
        head = " ".join(p for p in (title, number) if p)
        return f"{head} {where}{heading}".strip()
    head = ", ".join(p for p in (title, number) if p)
    return f"{head}, {where}" + (f": {heading}" if heading else "")


def clause_label(clause: Clause, doc: Document | None = None, with_doc: bool = True) -> str:
    """A one-line plain-text label for lists and dropdowns: "五/（十五） 优化进口通关流程 — title"."""
    label = f"{clause.path} {clause.heading}".strip()
    if not clause.heading:
        preview = " ".join(clause.text.split())[:40]
        label += f" {preview}…" if preview else ""
    if with_doc and doc is not None:
        label += f" — {doc.title[:40]}"
    return label


def document_label(doc: Document) -> str:
    """A plain-text label for a document: "title（文号）"."""
    title = doc.title.strip() or doc.doc_id
    if len(title) > 60:
        title = title[:59] + "…"
    return f"{title}（{doc.doc_number}）" if doc.doc_number else title


# ---- answers ------------------------------------------------------------------------------------

def answer_segments(text: str) -> list[str]:
    """The answer cut after each [n] marker (the pieces it is streamed in); they join back to `text`."""
    return [m.group(0) for m in _SEGMENT.finditer(text) if m.group(0)]


def markers(text: str) -> list[int]:
    """The [n] numbers in an answer text, in order of appearance."""
    return [int(n) for n in _MARKER.findall(text)]


def answer_html(text: str, lang: str = "en") -> str:
    """Answer text as safe HTML with each [n] marker in a span (for the chat)."""
    escaped = _lines(esc(text))
    body = _MARKER.sub(lambda m: f'<span class="cite-marker">[{m.group(1)}]</span>', escaped)
    return f'<div class="answer" lang="{esc(lang)}">{body}</div>'


def not_found_html(lang: str, hits: Sequence[Hit], documents: Mapping[str, Document], limit: int = 3,
                   headline: str | None = None) -> str:
    """The distinct "not found in the documents" box (or `headline`: what exactly is missing), with the
    closest clauses as suggestions."""
    items = []
    for hit in list(hits)[:limit]:
        c = hit.clause
        doc = documents.get(c.doc_id)
        title = doc.title if doc else c.doc_id
        items.append(f'<li><span class="cite-path">{esc(c.path)}</span> '
                     f'<span class="cite-heading">{esc(c.heading)}</span> — '
                     f'<span class="cite-title">{esc(title)}</span></li>')
    suggestions = (f'<div class="maybe">{esc(t("maybe", lang))}</div><ul>{"".join(items)}</ul>'
                   if items else "")
    return (f'<div class="not-found" lang="{esc(lang)}"><strong>{esc(headline or t("not_found", lang))}</strong>'
            f"{suggestions}</div>")


def error_html(message: str, lang: str = "en") -> str:
    """A user-facing error (bad question, failed upload) as safe HTML."""
    return f'<div class="rag-error">{esc(t("error", lang, error=message))}</div>'


def chat_message_html(answer: Answer, documents: Mapping[str, Document], text: str | None = None) -> str:
    """The assistant's chat message for an answer (or for a streamed prefix `text` of it)."""
    if answer.refused:
        from rag.answer import NOT_FOUND

        specific = answer.text if answer.text and answer.text not in NOT_FOUND.values() else None
        return not_found_html(answer.lang, answer.retrieved, documents, headline=specific)
    return answer_html(answer.text if text is None else text, answer.lang)


def page_label(page: int | None, lang: str = "en") -> str:
    """Where in a paged document (PDF) a clause starts: "p. 3" / "第3页"; "" when unknown."""
    if not page:
        return ""
    return f"第{page}页" if lang == "zh" else f"p. {page}"


def citation_card(c: Citation, lang: str = "en") -> str:
    """One source card: [n], document title, 文号, clause path, page, heading, and the sentences used."""
    number = (f'<span class="cite-docno">{esc(t("doc_number", lang))}: {esc(c.doc_number)}</span>'
              if c.doc_number else "")
    page = f'<span class="cite-page">{esc(page_label(c.page, lang))}</span> ' if c.page else ""
    quote = "".join(f"<span>{_lines(esc(s))}</span> " for s in c.sentences)
    return (f'<div class="citation-card" data-n="{c.n}">'
            f'<div class="cite-head"><span class="cite-n">[{c.n}]</span> '
            f'<span class="cite-title">{esc(c.title)}</span> {number}</div>'
            f'<div class="cite-clause"><span class="cite-path">{esc(c.clause.path)}</span> {page}'
            f'<span class="cite-heading">{esc(c.clause.heading)}</span></div>'
            + (f'<blockquote class="cite-quote">{quote.strip()}</blockquote>' if quote else "")
            + "</div>")


def sources_html(answer: Answer | None, documents: Mapping[str, Document], lang: str = "en") -> str:
    """The sources panel: citation cards, or the not-found box with the closest clauses."""
    if answer is None:
        return f'<div class="sources-empty">{esc(t("sources_empty", lang))}</div>'
    lang = answer.lang or lang
    if answer.refused or not answer.citations:
        return not_found_html(lang, answer.retrieved, documents)
    return '<div class="sources">' + "".join(citation_card(c, lang) for c in answer.citations) + "</div>"


def source_choices(answer: Answer | None, documents: Mapping[str, Document]) -> list[tuple[str, str]]:
    """(label, value) pairs for the list of openable sources: "c<n>" for citations, "r<i>" for the
    closest clauses of a not-found answer."""
    if answer is None:
        return []
    if answer.citations and not answer.refused:
        out = []
        for c in answer.citations:
            doc = documents.get(c.clause.doc_id)
            number = f" {c.doc_number}" if c.doc_number else ""
            out.append((f"[{c.n}] {c.clause.path} {c.clause.heading}".rstrip()
                        + f" — {(doc.title if doc else c.title)[:40]}{number}", f"c{c.n}"))
        return out
    return [(clause_label(h.clause, documents.get(h.clause.doc_id)), f"r{i}")
            for i, h in enumerate(list(answer.retrieved)[:3])]


# ---- a clause in its document -------------------------------------------------------------------

def highlight(text: str, sentences: Iterable[str]) -> str:
    """Escaped text with every occurrence of the given sentences wrapped in <mark>."""
    spans: list[tuple[int, int]] = []
    for sentence in sentences:
        s = sentence.strip()
        if not s:
            continue
        start = text.find(s)
        while start != -1:
            spans.append((start, start + len(s)))
            start = text.find(s, start + len(s))
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.append(_lines(esc(text[pos:s])))
        out.append(f"<mark>{_lines(esc(text[s:e]))}</mark>")
        pos = e
    out.append(_lines(esc(text[pos:])))
    return "".join(out)


def _clause_block(clause: Clause, css: str, caption: str = "", sentences: Sequence[str] = ()) -> str:
    body = highlight(clause.text, sentences) if sentences else _lines(esc(clause.text))
    cap = f'<div class="clause-caption">{esc(caption)}</div>' if caption else ""
    return (f'<div class="{css}" data-clause="{esc(clause.path)}">{cap}'
            f'<div class="clause-title"><span class="cite-path">{esc(clause.path)}</span> '
            f'<span class="cite-heading">{esc(clause.heading)}</span></div>'
            f'<div class="clause-text">{body}</div></div>')


def neighbours(clauses: Sequence[Clause], clause: Clause) -> tuple[Clause | None, Clause | None]:
    """The clauses before and after `clause` in its document (by position)."""
    ordered = sorted(clauses, key=lambda c: c.order)
    ids = [c.id for c in ordered]
    if clause.id not in ids:
        return None, None
    i = ids.index(clause.id)
    return (ordered[i - 1] if i > 0 else None), (ordered[i + 1] if i + 1 < len(ordered) else None)


def clause_context_html(doc: Document | None, clauses: Sequence[Clause], clause: Clause,
                        sentences: Sequence[str] = (), lang: str = "en") -> str:
    """A clause shown within its document: document header, the previous clause, the clause itself
    (highlighted, with the sentences the answer used in <mark>), and the next clause."""
    prev, nxt = neighbours(clauses, clause)
    title = doc.title if doc else clause.doc_id
    number = (f' <span class="cite-docno">{esc(t("doc_number", lang))}: {esc(doc.doc_number)}</span>'
              if doc and doc.doc_number else "")
    parts = [f'<div class="clause-context">'
             f'<div class="context-doc"><span class="cite-title">{esc(title)}</span>{number} '
             f'<span class="doc-id">{esc(clause.doc_id)}</span></div>']
    if prev is not None:
        parts.append(_clause_block(prev, "clause-prev", t("prev", lang)))
    parts.append(_clause_block(clause, "clause-focus", "", sentences))
    if nxt is not None:
        parts.append(_clause_block(nxt, "clause-next", t("next", lang)))
    parts.append("</div>")
    return "".join(parts)


def corpus_html(documents: Mapping[str, Document], lang: str = "en") -> str:
    """The list of documents in the corpus."""
    rows = "".join(
        f'<tr><td>{esc(d.title)}</td><td>{esc(d.doc_number or "")}</td><td>{esc(d.lang)}</td>'
        f'<td class="doc-id">{esc(d.doc_id)}</td></tr>'
        for d in documents.values())
    return (f'<table class="corpus"><thead><tr><th>{esc(t("document", lang))}</th>'
            f'<th>{esc(t("doc_number", lang))}</th><th></th><th>id</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")
