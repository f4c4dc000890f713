"""The chat of one browser session, as plain Python (no gradio import) so it can be tested directly.

A `Conversation` (held in the session's gr.State) keeps every turn: its question, its chat message and
its Answer, so an earlier answer's [n] still opens its own sources. Questions are shown the moment they
are sent (`submit`) and answered one at a time, in order, by `run`: a question sent while another is
being answered waits in the queue, marked as queued, and is answered next. With a language model
($RAG_GENERATOR), its text streams in as it is written, marked as a draft not yet checked, and is then
replaced by the verified answer: only verified sentences in the answer, the removed ones struck through
under a folded "removed" list (or the extractive answer with a note when nothing was verified).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from rag.followup import Turn
from rag.types import Answer, RagError
from ui import render
from ui.clauseview import clause_in_corpus
from ui.i18n import norm_lang, t

log = logging.getLogger(__name__)

STREAM_DELAY_S = 0.04  # pause between streamed pieces of an answer, so the text visibly grows
DRAFT_INTERVAL_S = 0.1  # a model's text being written is redrawn at most this often
HISTORY_TURNS = 6  # earlier answered turns a follow-up is read against
_REF = re.compile(r"^t(\d{1,4})([cr])(\d{1,3})$")


@dataclass
class Entry:
    """One turn: the question, what it was asked with, and (once answered) the answer or an error."""

    question: str
    docs: tuple[str, ...] = ()
    answer: Answer | None = None
    error: str | None = None
    done: bool = False


@dataclass
class Conversation:
    """A session's chat. Shared by that session's events (submit and run may overlap)."""

    entries: list[Entry] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)  # the chatbot's messages: user, assistant, …
    active: int | None = None  # the turn whose sources the panel shows
    busy: bool = False
    epoch: int = 0  # bumped by clear(): a worker answering an older epoch stops writing
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def __deepcopy__(self, memo) -> Conversation:  # gradio copies a State's initial value per session
        return Conversation()

    def snapshot(self) -> list[dict]:
        """A copy of the messages for the chatbot."""
        with self.lock:
            return [dict(m) for m in self.messages]

    def history(self, turn: int) -> list[Turn]:
        """The answered turns before `turn`, for reading a follow-up."""
        turns = []
        for e in self.entries[max(0, turn - HISTORY_TURNS):turn]:
            if e.answer is not None:
                cited = tuple(c.clause.id for c in e.answer.citations) if not e.answer.refused else ()
                turns.append(Turn(e.question, cited))
        return turns


@dataclass
class ChatView:
    """What one step of answering shows."""

    messages: list[dict]
    sources: str | None = None  # HTML of the sources panel (None: leave as is)
    clause: str | None = None  # HTML of the clause panel (None: leave as is)
    done: bool = False


def _placeholder(kind: str, lang: str) -> str:
    return f'<div class="{kind}-empty">{render.esc(t(kind + "_empty", lang))}</div>'


def empty_sources(lang: str) -> str:
    """The sources panel before any answer."""
    return _placeholder("sources", lang)


def empty_clause(lang: str) -> str:
    """The clause panel before anything is opened."""
    return _placeholder("context", lang)


def submit(conv: Conversation, question: str | None, docs=None, ui_lang: str = "zh") -> bool:
    """Show a question in the chat at once (queued if another is being answered); False if empty."""
    question = question if isinstance(question, str) else ""
    if not question.strip():
        return False
    lang = norm_lang(ui_lang)
    with conv.lock:
        waiting = conv.busy or any(not e.done for e in conv.entries)
        conv.entries.append(Entry(question, tuple(str(d) for d in docs or ())))
        conv.messages.append({"role": "user", "content": render.text_html(question)})
        css, label = ("queued", t("queued", lang)) if waiting else ("thinking", t("thinking", lang))
        conv.messages.append({"role": "assistant", "content": f'<div class="{css}">{render.esc(label)}</div>'})
    return True


def run(conv: Conversation, assistant, ui_lang: str = "zh") -> Iterator[ChatView]:
    """Answer the waiting questions in order, streaming each answer; returns at once when another
    event of the session is already answering (that one picks the new question up)."""
    with conv.lock:
        if conv.busy:
            return
        conv.busy = True
    try:
        while True:
            with conv.lock:  # checked and released together: a question sent meanwhile is never stranded
                turn = next((i for i, e in enumerate(conv.entries) if not e.done), None)
                if turn is None:
                    conv.busy = False
                    return
                epoch, entry = conv.epoch, conv.entries[turn]
            yield from _answer_turn(conv, turn, entry, assistant, ui_lang, epoch)
    finally:
        with conv.lock:
            conv.busy = False


def _answer_turn(conv: Conversation, turn: int, entry: Entry, assistant, ui_lang: str,
                 epoch: int) -> Iterator[ChatView]:
    lang = norm_lang(ui_lang)

    def reply(content: str) -> bool:
        with conv.lock:
            if conv.epoch != epoch:
                return False
            conv.messages[2 * turn + 1] = {"role": "assistant", "content": content}
            return True

    reply(f'<div class="thinking">{render.esc(t("thinking", lang))}</div>')
    yield ChatView(conv.snapshot())
    answer, drafted = None, False
    events = _ask_events(assistant, entry, conv.history(turn))
    try:
        shown_at = 0.0
        for event in events:
            if isinstance(event, Answer):
                answer = event
                break
            now = time.monotonic()  # a draft: the model's text so far, shown at most every DRAFT_INTERVAL_S
            if now - shown_at < DRAFT_INTERVAL_S:
                continue
            shown_at, drafted = now, True
            if not reply(render.draft_html(event.text, lang)):
                break  # the chat was cleared: stop the model too (closing the events below)
            yield ChatView(conv.snapshot())
    except RagError as exc:
        answer, entry.error = None, str(exc)
    except Exception as exc:  # noqa: BLE001 - shown to the user, logged for the operator
        log.exception("ask failed")
        answer, entry.error = None, f"internal error ({type(exc).__name__})"
    finally:
        events.close()
    if conv.epoch != epoch:
        entry.done = True
        return
    if answer is None:
        entry.done = True
        reply(render.error_html(entry.error or "", lang))
        yield ChatView(conv.snapshot(), done=True)
        return
    entry.answer = answer
    documents = assistant.documents
    origins = origins_of(assistant)
    conv.active = turn
    sources = render.sources_html(answer, documents, lang, turn, origins)
    clause = None
    if answer.mode == "lookup" and answer.citations:  # a look-up opens its clause
        first = answer.citations[0]
        clause = clause_in_corpus(assistant, first.clause, first.sentences, lang, origins)
    if answer.refused:
        entry.done = True
        reply(render.chat_message_html(answer, documents, turn=turn, ui_lang=lang))
        yield ChatView(conv.snapshot(), sources, empty_clause(lang), True)
        return
    # the answer streams in [n] by [n]; an answer the model already wrote live replaces its draft at once
    pieces = [answer.text] if drafted else render.answer_segments(answer.text)
    shown = ""
    for i, piece in enumerate(pieces):
        shown += piece
        last = i == len(pieces) - 1
        if last:
            entry.done = True
        if not reply(render.chat_message_html(answer, documents, None if last else shown, turn, lang)):
            return
        yield ChatView(conv.snapshot(), sources if last else None, clause if last else None, last)
        if not last and STREAM_DELAY_S:
            time.sleep(STREAM_DELAY_S)


def _ask_events(assistant, entry: Entry, history: list[Turn]) -> Iterator:
    """The assistant's answer to a turn as events: with a generator, rag.generate.Draft pieces of the text the
    model is writing, then the Answer (always last); without one, just the Answer."""
    docs = set(entry.docs) or None
    if getattr(assistant, "generator", None) is not None and hasattr(assistant, "ask_stream"):
        yield from assistant.ask_stream(entry.question, docs=docs, history=history)
    else:
        yield assistant.ask(entry.question, docs=docs, history=history)


def origins_of(assistant) -> dict[str, str]:
    """Document id -> where it came from ("shipped", "operator", "upload"), from the index manifest."""
    records = getattr(getattr(getattr(assistant, "index", None), "manifest", None), "documents", None) or {}
    return {d: r.get("origin", "") for d, r in records.items() if isinstance(r, dict)}


def open_ref(conv: Conversation, value: str | None, assistant, ui_lang: str = "zh") -> tuple[str | None, str]:
    """(sources panel, clause panel) for a clicked [n], source card or suggestion ("t<turn>c<n>" /
    "t<turn>r<i>"): the clause in its document, and that turn's sources in the panel."""
    lang = norm_lang(ui_lang)
    m = _REF.match((value or "").split(":", 1)[0])
    if not m:
        return None, empty_clause(lang)
    turn, kind, n = int(m.group(1)), m.group(2), int(m.group(3))
    entry = conv.entries[turn] if turn < len(conv.entries) else None
    answer = entry.answer if entry else None
    if answer is None:
        return None, empty_clause(lang)
    clause, sentences = None, ()
    if kind == "c":
        cited = [c for c in answer.citations if c.n == n]
        if cited:
            clause, sentences = cited[0].clause, cited[0].sentences
    elif n < len(answer.retrieved):
        clause = answer.retrieved[n].clause
    if clause is None:
        return None, empty_clause(lang)
    origins = origins_of(assistant)
    sources = None
    if conv.active != turn and not answer.refused:
        conv.active = turn
        sources = render.sources_html(answer, assistant.documents, lang, turn, origins)
    title = f"[{n}]" if kind == "c" else None
    return sources, clause_in_corpus(assistant, clause, sentences, lang, origins, title)


def clear(conv: Conversation) -> None:
    """Forget the conversation (a question being answered stops writing to it)."""
    with conv.lock:
        conv.entries.clear()
        conv.messages.clear()
        conv.active = None
        conv.epoch += 1


def relabel_sources(conv: Conversation, assistant, ui_lang: str) -> tuple[str, str | None]:
    """The sources panel in another interface language (the clause panel is reopened by the client)."""
    lang = norm_lang(ui_lang)
    if conv.active is None or conv.active >= len(conv.entries) or conv.entries[conv.active].answer is None:
        return empty_sources(lang), empty_clause(lang)
    answer = conv.entries[conv.active].answer
    return render.sources_html(answer, assistant.documents, lang, conv.active, origins_of(assistant)), None
