"""Event handlers of the UI, as plain Python (no gradio import) so they can be tested directly.

One Assistant is shared by every session of the process (`get_assistant`); each session keeps its own
conversation in a `new_session()` dict held by a gr.State.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rag import config
from rag.types import Clause, RagError
from ui import render
from ui.chat import Conversation, origins_of
from ui.clauseview import clause_in_corpus, clause_key
from ui.i18n import norm_lang, t

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # a text file (.txt / .md / .html)
MAX_UPLOAD_BINARY_BYTES = 10 * 1024 * 1024  # a .pdf or .docx (ui/app.py's MAX_HTTP_UPLOAD: gradio's limit)

_assistant = None
_assistant_lock = threading.Lock()
_upload_lock = threading.Lock()


# ---- the shared Assistant -------------------------------------------------------------------------

_uploads_enabled = True


def set_uploads(enabled: bool) -> None:
    """Allow or refuse uploads through the UI (`rag serve --no-upload` turns them off)."""
    global _uploads_enabled
    _uploads_enabled = enabled


def uploads_enabled() -> bool:
    """Whether this server takes uploads."""
    return _uploads_enabled


def set_assistant(assistant) -> None:
    """Use this Assistant for every session (serve() and tests call it)."""
    global _assistant
    _assistant = assistant


def get_assistant():
    """The process-wide Assistant, loaded on first use."""
    global _assistant
    if _assistant is None:
        with _assistant_lock:
            if _assistant is None:
                from rag.assistant import Assistant

                _assistant = Assistant.load(show_progress=False)
    return _assistant


# ---- chat (ui/chat.py holds the conversation) ---------------------------------------------------

def new_session() -> Conversation:
    """A fresh per-session conversation."""
    return Conversation()


def _placeholder(kind: str, lang: str) -> str:
    """The grey hint shown in an empty panel ("sources" or "context")."""
    return f'<div class="{kind}-empty">{render.esc(t(kind + "_empty", lang))}</div>'


# ---- citation lookup ------------------------------------------------------------------------------

def document_choices() -> list[tuple[str, str]]:
    """(label, doc_id) for every document in the current corpus (read on every call: an upload in one
    session shows in every other session's lists)."""
    assistant = get_assistant()
    origins = origins_of(assistant)
    return [(render.document_label(d) + (" ⤒" if origins.get(d.doc_id) == "upload" else ""), d.doc_id)
            for d in assistant.documents.values()]


def clause_choices(doc_id: str | None) -> list[tuple[str, str]]:
    """(label, path) for the clauses of a document, in document order."""
    if not doc_id:
        return []
    try:
        clauses = get_assistant().clauses_of(doc_id)
    except RagError:
        return []
    return [(("　" * max(c.level - 1, 0)) + render.clause_label(c, with_doc=False), c.path)
            for c in sorted(clauses, key=clause_key)]


def show_clause(doc_id: str | None, path: str | None, ui_lang: str = "zh") -> tuple[str, str]:
    """(HTML of the clause in context, copyable citation string) for a document and clause path."""
    lang = norm_lang(ui_lang)
    if not doc_id or not path:
        return _placeholder("context", lang), ""
    assistant = get_assistant()
    try:
        clause = assistant.clause(doc_id, path)
    except RagError as exc:
        return render.error_html(str(exc), lang), ""
    cite = render.citation_string(assistant.documents.get(clause.doc_id), clause)
    return clause_in_corpus(assistant, clause, (), lang, origins_of(assistant)), cite


def find_clause(query: str, ui_lang: str = "zh") -> tuple[str, str, str | None, str | None]:
    """Resolve a typed reference ("第（十五）条", "clause 15 of the Chongqing opinion").

    Returns (HTML, citation string, doc_id, path); doc_id and path are None when nothing matched.
    """
    lang = norm_lang(ui_lang)
    assistant = get_assistant()
    try:
        answer = assistant.ask(query)
    except RagError as exc:
        return render.error_html(str(exc), lang), "", None, None
    if answer.mode != "lookup" or not answer.citations:
        from rag.answer import NOT_FOUND

        # "国办发〔2018〕53号 has no clause （九十九）; …" says more than "no matching clause"
        said = answer.text if answer.refused and answer.text not in NOT_FOUND.values() else t("lookup_none", lang)
        return f'<div class="not-found">{render.text_html(said)}</div>', "", None, None
    first = answer.citations[0].clause
    docs = assistant.documents
    strings = [render.citation_string(docs.get(c.clause.doc_id), c.clause) for c in answer.citations]
    others = ""
    if len(strings) > 1:
        items = "".join(f"<li>{render.text_html(s)}</li>" for s in strings[1:])
        others = f'<ul class="lookup-more">{items}</ul>'
    return (clause_in_corpus(assistant, first, (), lang, origins_of(assistant)) + others, "\n".join(strings),
            first.doc_id, first.path)


# ---- adding documents -----------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w.\-]+", re.U)


def safe_name(original: str) -> str:
    """A safe file name for an upload, or RagError: a plain name (no folders), a supported suffix,
    letters/digits/`._-` only, not hidden."""
    from rag.ingest import SUFFIXES

    name = unicodedata.normalize("NFC", str(original or "")).strip()
    if not name:
        raise RagError("the file has no name")
    if "/" in name or "\\" in name or "\x00" in name or name in (".", ".."):
        raise RagError(f"{name!r} is not a plain file name (folders and '..' are not allowed)")
    stem, suffix = os.path.splitext(name)
    suffix = suffix.lower()
    if suffix not in SUFFIXES:
        raise RagError(f"unsupported file type {suffix or '(none)'!r}: use {', '.join(SUFFIXES)}")
    stem = _UNSAFE.sub("_", stem).strip("._-")[:80]
    if not stem:
        raise RagError(f"{name!r} is not a usable file name")
    return stem + suffix


@dataclass
class UploadResult:
    """The outcome of an upload."""

    ok: bool
    message: str  # plain text, localized
    doc_id: str | None = None

    def html(self) -> str:
        css = "upload-ok" if self.ok else "upload-error"
        return f'<div class="{css}">{render.esc(self.message)}</div>'


def add_document(src: str | os.PathLike | None, original_name: str | None = None, ui_lang: str = "zh",
                 progress: Callable[[float, str], None] | None = None, temp: bool = False) -> UploadResult:
    """Validate an uploaded file, copy it into the uploads folder and index it (incrementally).

    On any failure the uploads folder and the index are left as they were. progress(share, message) is
    told each step. temp=True: `src` is the web server's temporary copy, deleted afterwards either way.
    """
    lang = norm_lang(ui_lang)
    try:
        if not _uploads_enabled:  # enforced here too: a client can call the endpoint without the widget
            return UploadResult(False, t("uploads_off", lang))
        if not src:
            return UploadResult(False, t("upload_none", lang))
        path = Path(src)
        try:
            name = safe_name(original_name if original_name is not None else path.name)
            with _upload_lock:
                return _add(path, name, lang, progress or (lambda share, message: None))
        except RagError as exc:
            return UploadResult(False, t("upload_fail", lang, error=str(exc)))
    finally:
        if temp and src:
            discard_temp(Path(src))


def discard_temp(path: Path) -> None:
    """Delete an upload's temporary copy (and its folder when that is left empty); never anything else."""
    try:
        path.unlink(missing_ok=True)
        parent = path.parent
        if parent != Path(tempfile.gettempdir()) and not any(parent.iterdir()):
            parent.rmdir()
    except OSError as exc:
        log.warning("could not delete the temporary upload %s: %s", path, exc)


def delete_document(doc_id: str | None, ui_lang: str = "zh") -> UploadResult:
    """Remove a document a user uploaded: from the index (nothing is re-embedded) and from the uploads
    folder. Shipped and operator documents cannot be deleted from the UI."""
    lang = norm_lang(ui_lang)
    if not _uploads_enabled:
        return UploadResult(False, t("uploads_off", lang))
    try:
        with _upload_lock:
            assistant = get_assistant()
            doc_id = assistant.resolve_doc(str(doc_id or ""))
            if origins_of(assistant).get(doc_id) != "upload":
                raise RagError(f"{doc_id} was not uploaded in the UI; the operator removes it with `rag remove`")
            record = assistant.index.manifest.documents.get(doc_id) or {}
            assistant.remove([doc_id])
            source = Path(record.get("source") or config.uploads_dir() / doc_id)
            if source.parent.resolve() == config.uploads_dir().resolve():
                source.unlink(missing_ok=True)
    except RagError as exc:
        return UploadResult(False, t("delete_fail", lang, error=str(exc)))
    return UploadResult(True, t("deleted", lang, name=doc_id), doc_id)


def _add(src: Path, name: str, lang: str, progress: Callable[[float, str], None]) -> UploadResult:
    from rag.ingest import load_document

    progress(0.1, t("upload_progress_check", lang))
    if not src.is_file():
        raise RagError("the uploaded file is missing")
    limit = MAX_UPLOAD_BINARY_BYTES if name.lower().endswith((".pdf", ".docx")) else MAX_UPLOAD_BYTES
    size = src.stat().st_size
    if size > limit:
        raise RagError(f"{name} is {size / 1e6:.1f} MB; the limit is {limit / 1e6:.0f} MB")
    if size == 0:
        raise RagError(f"{name} is empty")
    raw = src.read_bytes()[: limit + 1]
    if len(raw) > limit:
        raise RagError(f"{name} is larger than {limit / 1e6:.0f} MB")

    assistant = get_assistant()
    uploads = config.uploads_dir()
    dest = uploads / name
    if dest.exists():
        if dest.is_file() and hashlib.sha256(dest.read_bytes()).digest() == hashlib.sha256(raw).digest():
            return UploadResult(True, t("upload_same", lang, name=name), name)
        raise RagError(f"a different document named {name} already exists; rename the file and retry")
    taken = {d.lower() for d in assistant.documents}
    if name.lower() in taken:
        raise RagError(f"{name} is the name of a document already in the corpus; rename the file and retry")

    with tempfile.TemporaryDirectory(prefix="rag-upload-") as tmp:
        probe = Path(tmp) / name
        probe.write_bytes(raw)
        doc = load_document(probe)  # RagError for non-UTF-8, binary, empty, scanned or damaged PDF, …

    created = not uploads.exists()
    uploads.mkdir(parents=True, exist_ok=True)
    part = uploads / f".{name}.part"
    try:
        part.write_bytes(raw)
        os.replace(part, dest)
    except OSError as exc:
        part.unlink(missing_ok=True)
        if created and not any(uploads.iterdir()):
            shutil.rmtree(uploads, ignore_errors=True)
        raise RagError(f"cannot save {name}: {exc.strerror or exc}") from None

    progress(0.4, t("upload_progress_index", lang))
    try:
        assistant.add([dest], origin="upload")  # only this document is embedded; questions go on meanwhile
    except Exception as exc:  # noqa: BLE001 - undo, then report
        log.exception("indexing the upload failed")
        dest.unlink(missing_ok=True)
        if created and uploads.is_dir() and not any(uploads.iterdir()):
            shutil.rmtree(uploads, ignore_errors=True)
        message = str(exc) if isinstance(exc, RagError) else f"indexing failed ({type(exc).__name__})"
        raise RagError(message) from None
    return UploadResult(True, t("upload_ok", lang, name=name, title=doc.title[:60]), name)


def corpus_view(ui_lang: str = "zh") -> str:
    """HTML list of the documents in the corpus, with provenance; uploads can be deleted."""
    assistant = get_assistant()
    return render.corpus_html(assistant.documents, norm_lang(ui_lang), origins_of(assistant), _uploads_enabled)


# ---- API ------------------------------------------------------------------------------------------

def api_ask(question: str, history: list | None = None) -> dict:
    """The `/ask` endpoint: the same JSON object as `rag ask --json`; a bad question (or a failure) gives
    that object with "refused": true, "mode": "error" and the message in "error" (never an exception,
    which gradio would turn into {"error": null}).

    history: the earlier turns, oldest first: questions, or the answer objects `/ask` returned
    ({"question": …, "citations": [{"doc": …, "clause": …}]}); a follow-up is read against them."""
    from rag.errors import ask_dict, error_dict

    try:
        assistant = get_assistant()
    except Exception as exc:  # noqa: BLE001 - the index could not be opened: say so in the answer object
        log.exception("loading the assistant failed")
        return error_dict(question, str(exc) if isinstance(exc, RagError) else f"internal error ({type(exc).__name__})")
    return ask_dict(assistant, question, history=history)
