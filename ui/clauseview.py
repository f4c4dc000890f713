"""A clause shown within its document: reference line, the clause with the quoted sentences highlighted,
and its neighbours in clause-number order (五/（十五） is followed by 五/（十六）, whatever the scrape's order)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from rag.types import Clause, Document
from ui.i18n import t
from ui.render import citation_string, esc, origin_badge, text_html

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100}
_NUMBER = re.compile(r"\d+|[零〇一二两三四五六七八九十百]+")


def cn_number(text: str) -> int | None:
    """十五 -> 15, 一百零二 -> 102; None when `text` is not a Chinese numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
    return total + digit


def _label_number(label: str) -> int | None:
    m = _NUMBER.search(label)
    if not m:
        return None
    return int(m.group(0)) if m.group(0).isdigit() else cn_number(m.group(0))


def clause_key(clause: Clause) -> tuple:
    """Sort key by clause numbering: each path part by its number (parts without one by position)."""
    key = []
    for part in clause.path.split("/"):
        n = None if part.startswith("¶") else _label_number(part)
        key.append((0, n, "") if n is not None else (1, clause.order, part))
    return tuple(key)


def neighbours(clauses: Sequence[Clause], clause: Clause) -> tuple[Clause | None, Clause | None]:
    """The clauses before and after `clause`: by clause number among numbered clauses, by position for
    paragraphs outside the numbering."""
    numbered = not clause.path.startswith("¶")
    pool = [c for c in clauses if (not c.path.startswith("¶")) == numbered]
    ordered = sorted(pool, key=clause_key if numbered else (lambda c: c.order))
    ids = [c.id for c in ordered]
    if clause.id not in ids:
        return None, None
    i = ids.index(clause.id)
    return (ordered[i - 1] if i > 0 else None), (ordered[i + 1] if i + 1 < len(ordered) else None)


def highlight(text: str, sentences: Iterable[str]) -> str:
    """Text as safe HTML (never markdown) with every occurrence of the given sentences in <mark>."""
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
        out.append(text_html(text[pos:s]))
        out.append(f"<mark>{text_html(text[s:e])}</mark>")
        pos = e
    out.append(text_html(text[pos:]))
    return "".join(out)


def _clause_block(clause: Clause, css: str, caption: str = "", sentences: Sequence[str] = ()) -> str:
    body = highlight(clause.text, sentences) if sentences else text_html(clause.text)
    cap = f'<div class="clause-caption">{esc(caption)}</div>' if caption else ""
    return (f'<div class="{css}" data-clause="{esc(clause.path)}">{cap}'
            f'<div class="clause-title"><span class="cite-path">{esc(clause.path)}</span> '
            f'<span class="cite-heading">{text_html(clause.heading)}</span></div>'
            f'<div class="clause-text">{body}</div></div>')


def clause_context_html(doc: Document | None, clauses: Sequence[Clause], clause: Clause,
                        sentences: Sequence[str] = (), lang: str = "en", origin: str | None = None,
                        title: str | None = None) -> str:
    """The clause panel: a header (what is shown and a close button), the reference line (document,
    文号, clause path, heading, provenance), the previous clause, the clause itself (the sentences the
    answer used in <mark>) and the next clause."""
    prev, nxt = neighbours(clauses, clause)
    ref = citation_string(doc, clause)
    head = (f'<div class="panel-head"><span class="panel-title">{esc(title or t("clause_panel", lang))}</span>'
            f'<button class="panel-close" type="button" aria-label="{esc(t("close", lang))}">×</button></div>')
    parts = [f'<div class="clause-context" data-doc="{esc(clause.doc_id)}">{head}'
             f'<div class="context-doc"><span class="ref-line">{text_html(ref)}</span> '
             f'{origin_badge(origin, lang)}<span class="doc-id">{esc(clause.doc_id)}</span></div>']
    if prev is not None:
        parts.append(_clause_block(prev, "clause-prev", t("prev", lang)))
    parts.append(_clause_block(clause, "clause-focus", "", sentences))
    if nxt is not None:
        parts.append(_clause_block(nxt, "clause-next", t("next", lang)))
    parts.append("</div>")
    return "".join(parts)


def clause_in_corpus(assistant, clause: Clause, sentences: Sequence[str] = (), lang: str = "zh",
                     origins: Mapping[str, str] | None = None, title: str | None = None) -> str:
    """`clause_context_html` for a clause of the assistant's current corpus."""
    from rag.types import RagError

    doc = assistant.documents.get(clause.doc_id)
    try:
        clauses = assistant.clauses_of(clause.doc_id)
    except RagError:
        clauses = [clause]
    return clause_context_html(doc, clauses, clause, sentences, lang, (origins or {}).get(clause.doc_id), title)
