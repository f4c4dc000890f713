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


# characters markdown, LaTeX or a template would act on: as character references they show as themselves
# (the chat runs its messages through a markdown renderer; a quote must read exactly as the document)
_MARKUP = str.maketrans({c: f"&#{ord(c)};" for c in "![]()*_`~#|$\\{}<>&\"'"})


def text_html(text: object) -> str:
    """Source or user text as HTML that every renderer shows verbatim: escaped, markdown-inert, line breaks kept."""
    return _lines(("" if text is None else str(text)).translate(_MARKUP))


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


# ---- provenance ---------------------------------------------------------------------------------

ORIGINS = ("shipped", "operator", "upload")


def origin_badge(origin: str | None, lang: str = "en") -> str:
    """Where a document came from: shipped with the corpus, added by the operator, or uploaded by a user."""
    if origin not in ORIGINS:
        return ""
    return (f'<span class="origin origin-{origin}" title="{esc(t("origin_help", lang))}">'
            f'{esc(t("origin_" + origin, lang))}</span> ')


def shared_numbers(documents: Mapping[str, Document]) -> set[str]:
    """文号 that more than one document claims (a copy or a spoof: both are flagged, never merged)."""
    seen: dict[str, int] = {}
    for d in documents.values():
        if d.doc_number:
            seen[d.doc_number] = seen.get(d.doc_number, 0) + 1
    return {n for n, count in seen.items() if count > 1}


def _clash(doc_number: str | None, clashes: set[str], lang: str) -> str:
    if not doc_number or doc_number not in clashes:
        return ""
    return f'<span class="clash" title="{esc(t("clash_help", lang))}">{esc(t("clash", lang))}</span> '


# ---- answers ------------------------------------------------------------------------------------

def answer_segments(text: str) -> list[str]:
    """The answer cut after each [n] marker (the pieces it is streamed in); they join back to `text`."""
    return [m.group(0) for m in _SEGMENT.finditer(text) if m.group(0)]


def markers(text: str) -> list[int]:
    """The [n] numbers in an answer text, in order of appearance."""
    return [int(n) for n in _MARKER.findall(text)]


def ref(turn: int, n: int, kind: str = "c") -> str:
    """The value a clickable citation carries: turn number, "c" (citation n) or "r" (suggestion n)."""
    return f"t{turn}{kind}{n}"


def ref_class(turn: int, n: int, kind: str = "c") -> str:
    """CSS classes that make an element open a citation (classes survive the chat's HTML sanitizer,
    data attributes do not): "cref ref-t0c1"."""
    return f"cref ref-{ref(turn, n, kind)}"


def answer_html(text: str, lang: str = "en", turn: int = 0) -> str:
    """Answer text as safe HTML; each [n] marker is a button that opens citation n of this turn."""
    out, pos = [], 0
    for m in _MARKER.finditer(text):
        out.append(text_html(text[pos:m.start()]))
        out.append(f'<button type="button" class="cite-marker {ref_class(turn, int(m.group(1)))}">'
                   f"[{m.group(1)}]</button>")
        pos = m.end()
    out.append(text_html(text[pos:]))
    return f'<div class="answer" lang="{esc(lang)}">{"".join(out)}</div>'


def is_suggestible(clause: Clause) -> bool:
    """A clause worth suggesting: it has a heading or says something (not a bare "（此件公开发布）")."""
    body = re.sub(r"[\W_]+", "", clause.text)
    if clause.heading.strip():
        return True
    if re.fullmatch(r"\s*[（(][^（）()]*[）)]\s*", clause.text):
        return False
    return len(body) >= 15


def suggestions(answer: Answer, limit: int = 3) -> list[tuple[int, Clause]]:
    """(index in answer.retrieved, clause) of the closest real clauses of a refused answer."""
    out, seen = [], set()
    for i, hit in enumerate(answer.retrieved):
        if hit.clause.id in seen or not is_suggestible(hit.clause):
            continue
        seen.add(hit.clause.id)
        out.append((i, hit.clause))
        if len(out) == limit:
            break
    return out


def not_found_html(answer: Answer, documents: Mapping[str, Document], turn: int = 0, lang: str | None = None,
                   headline: str | None = None) -> str:
    """The "not found in the documents" box (or `headline`: what exactly is missing), with the closest
    real clauses as suggestions that open in the clause panel."""
    lang = lang or answer.lang
    items = []
    for i, c in suggestions(answer):
        doc = documents.get(c.doc_id)
        title = doc.title if doc else c.doc_id
        label = c.heading or " ".join(c.text.split())[:40] + "…"
        items.append(f'<li><button type="button" class="suggestion {ref_class(turn, i, "r")}">'
                     f'<span class="cite-path">{esc(c.path)}</span> <span class="cite-heading">{text_html(label)}</span>'
                     f' — <span class="cite-title">{text_html(title)}</span></button></li>')
    more = f'<div class="maybe">{esc(t("maybe", lang))}</div><ul>{"".join(items)}</ul>' if items else ""
    return (f'<div class="not-found" lang="{esc(lang)}"><strong>{text_html(headline or t("not_found", lang))}</strong>'
            f"{more}</div>")


def error_html(message: str, lang: str = "en") -> str:
    """A user-facing error (bad question, failed upload) as safe HTML."""
    return f'<div class="rag-error">{text_html(t("error", lang, error=message))}</div>'


def source_line(c: Citation, documents: Mapping[str, Document] | None = None) -> str:
    """A citation as one plain line: "[1] title 文号 — 五/（十五） 优化进口通关流程"."""
    number = f" {c.doc_number}" if c.doc_number else ""
    heading = f" {c.clause.heading}" if c.clause.heading else ""
    return f"[{c.n}] {c.title}{number} — {c.clause.path}{heading}"


def plain_text(answer: Answer) -> str:
    """What "copy" puts on the clipboard: the answer, then its numbered sources (or the suggestions)."""
    if answer.refused:
        from rag.answer import NOT_FOUND

        head = answer.text or NOT_FOUND.get(answer.lang, "")
        near = [f"- {c.path} {c.heading}".rstrip() + f" ({c.doc_id})" for _, c in suggestions(answer)]
        return head + ("\n\n" + "\n".join(near) if near else "")
    return answer.text + "\n\n" + "\n".join(source_line(c) for c in answer.citations)


def chat_message_html(answer: Answer, documents: Mapping[str, Document], text: str | None = None, turn: int = 0,
                      ui_lang: str | None = None) -> str:
    """The assistant's chat message: a look-up's reference line, the answer with clickable [n] markers,
    its own sources (clickable) and a copy button; or the not-found box once, with clickable suggestions."""
    lang = ui_lang or answer.lang
    if answer.refused:
        from rag.answer import NOT_FOUND

        specific = answer.text if answer.text and answer.text not in NOT_FOUND.values() else None
        return not_found_html(answer, documents, turn, answer.lang, specific) + _copy_button(answer, lang)
    lead = ""
    if answer.mode == "lookup" and answer.citations:
        first = answer.citations[0]
        lead = (f'<div class="ref-lead"><button type="button" class="ref-open {ref_class(turn, first.n)}">'
                f"{text_html(citation_string(documents.get(first.clause.doc_id), first.clause))}</button></div>")
    body = answer_html(answer.text if text is None else text, answer.lang, turn)
    if text is not None and text != answer.text:
        return lead + body  # still streaming: the sources follow the last piece
    chips = "".join(f'<li><button type="button" class="source-chip {ref_class(turn, c.n)}">'
                    f"{text_html(source_line(c))}</button></li>" for c in answer.citations)
    sources = f'<ol class="msg-sources">{chips}</ol>' if chips else ""
    notes = "".join(f'<div class="answer-note">{text_html(n)}</div>'  # a part not found, a fall-back, a 文号 clash
                    for n in (*getattr(answer, "not_found", ()), getattr(answer, "note", ""),
                              *getattr(answer, "warnings", ())) if n)
    return lead + body + notes + removed_html(answer, lang) + sources + _copy_button(answer, lang)


def draft_html(text: str, lang: str = "en") -> str:
    """A generated answer while the model writes it: escaped plain text (its [n] are the model's numbers, not
    yet links), under a label saying it is not checked yet. Replaced by the verified answer when done."""
    return (f'<div class="draft-label">{esc(t("drafting", lang))}</div>'
            f'<div class="draft">{text_html(text)}</div>')


def removed_html(answer: Answer, lang: str = "en") -> str:
    """The generated sentences verification removed, struck through with the reason, folded under a summary
    that says they are not part of the answer ("" when none was removed)."""
    removed = [s for s in getattr(answer, "sentences", ()) if not s.verified]
    if not removed:
        return ""
    items = "".join(f'<li><del>{text_html(s.text)}</del> <span class="removed-why">{text_html(s.reason)}</span></li>'
                    for s in removed)
    return (f'<details class="removed"><summary>{esc(t("removed", lang))} ({len(removed)})</summary>'
            f"<ul>{items}</ul></details>")


def _copy_button(answer: Answer, lang: str) -> str:
    return (f'<button type="button" class="copy-answer" title="{esc(t("copy", lang))}">{esc(t("copy", lang))}'
            f'<span class="copy-src">{esc(plain_text(answer))}</span></button>')


def page_label(page: int | None, lang: str = "en") -> str:
    """Where in a paged document (PDF) a clause starts: "p. 3" / "第3页"; "" when unknown."""
    if not page:
        return ""
    return f"第{page}页" if lang == "zh" else f"p. {page}"


def citation_card(c: Citation, lang: str = "en", turn: int = 0, origin: str | None = None,
                  clashes: set[str] | frozenset[str] = frozenset()) -> str:
    """One source card (clickable): [n], document title, 文号, provenance, clause path, page, heading, and the
    sentences used. Labels follow the interface language `lang`."""
    number = (f'<span class="cite-docno">{esc(t("doc_number", lang))}: {text_html(c.doc_number)}</span>'
              if c.doc_number else "")
    page = f'<span class="cite-page">{esc(page_label(c.page, lang))}</span> ' if c.page else ""
    quote = "".join(f"<span>{text_html(s)}</span> " for s in c.sentences)
    return (f'<div class="citation-card {ref_class(turn, c.n)}" data-n="{c.n}" role="button" tabindex="0">'
            f'<div class="cite-head"><span class="cite-n">[{c.n}]</span> '
            f'<span class="cite-title">{text_html(c.title)}</span> {number} {_clash(c.doc_number, set(clashes), lang)}'
            f"{origin_badge(origin, lang)}</div>"
            f'<div class="cite-clause"><span class="cite-path">{esc(c.clause.path)}</span> {page}'
            f'<span class="cite-heading">{text_html(c.clause.heading)}</span></div>'
            + (f'<blockquote class="cite-quote">{quote.strip()}</blockquote>' if quote else "")
            + "</div>")


def sources_html(answer: Answer | None, documents: Mapping[str, Document], lang: str = "en", turn: int = 0,
                 origins: Mapping[str, str] | None = None) -> str:
    """The sources panel of one answer: its citation cards (a refusal's suggestions are in the chat)."""
    if answer is None or answer.refused or not answer.citations:
        return f'<div class="sources-empty">{esc(t("sources_empty", lang))}</div>'
    origins = origins or {}
    clashes = shared_numbers(documents)
    cards = "".join(citation_card(c, lang, turn, origins.get(c.clause.doc_id), clashes) for c in answer.citations)
    return f'<div class="sources" data-turn="{turn}">{cards}</div>'


def corpus_html(documents: Mapping[str, Document], lang: str = "en", origins: Mapping[str, str] | None = None,
                deletable: bool = False) -> str:
    """The list of documents in the corpus, with provenance; uploads get a delete button."""
    origins = origins or {}
    clashes = shared_numbers(documents)
    rows = []
    for d in documents.values():
        origin = origins.get(d.doc_id)
        delete = (f'<button type="button" class="doc-delete del-{esc(d.doc_id)}">{esc(t("delete", lang))}</button>'
                  if deletable and origin == "upload" else "")
        rows.append(f'<tr><td>{text_html(d.title)}</td><td>{text_html(d.doc_number or "")} '
                    f'{_clash(d.doc_number, clashes, lang)}</td><td>{origin_badge(origin, lang)}</td>'
                    f'<td class="doc-id">{esc(d.doc_id)}</td><td>{delete}</td></tr>')
    return (f'<table class="corpus"><thead><tr><th>{esc(t("document", lang))}</th>'
            f'<th>{esc(t("doc_number", lang))}</th><th>{esc(t("origin", lang))}</th><th>id</th><th></th></tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")
