"""The JSON shape of a question that could not be answered: the `rag ask --json` object with
"refused": true, an empty answer, no citations, "mode": "error" and the message in "error"."""

from __future__ import annotations

import logging

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.types import Answer, RagError

log = logging.getLogger(__name__)

_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: object) -> str:
    """Text that can be written as UTF-8: undecodable bytes and lone surrogates become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if isinstance(text, str) else ""


def error_dict(question: object, message: str) -> dict:
    """The error object for a question (same keys as a normal answer, plus "error")."""
    out = Answer(printable(question), "", True, (), (), mode="error").to_dict()
    out["error"] = printable(message) or "internal error"
    return out


def ask_dict(assistant, question: object, docs: set[str] | None = None, explain: bool = False,
             history: object = None) -> dict:
    """`assistant.ask(question)` as the `rag ask --json` object; a bad question or a failure gives
    `error_dict` instead of an exception (the CLI batch mode and the HTTP `/ask` endpoint use it).
    history: the earlier turns of the conversation (see `rag.followup.parse_history`)."""
    try:
        extra = {"history": history} if history is not None else {}  # plain questions: ask() as before
        answer = assistant.ask(question, docs=docs, explain=explain, **extra)
    except RagError as exc:
        return error_dict(question, str(exc))
    except Exception as exc:  # noqa: BLE001 - reported in the answer object, logged for the operator
        log.exception("ask failed")
        return error_dict(question, f"internal error ({type(exc).__name__})")
    out = answer.to_dict()
    if explain:
        out["explain"] = answer.explain
    return out
