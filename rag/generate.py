"""Generated answers (optional): a language model rewrites the answer from the numbered clauses, citing [n]
after every sentence; rag/verify.py then keeps only the sentences their cited clause supports.

The models themselves (`Generator`: an OpenAI-compatible endpoint or a local transformers model, picked by
`load_generator` from $RAG_GENERATOR or `--generator`) are in rag/generators.py; this module is the stage:
the prompt, the call (whole, or streamed for the chat), the verification and the fall-backs.

Off by default: the extractive answer stays the answer. A model that fails, is unreachable, runs past
$RAG_GENERATOR_TIMEOUT seconds (default 60), refuses, or writes nothing verifiable gives the extractive
answer back with a note saying why.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace

from rag.answer import NOT_FOUND
from rag.generators import (  # noqa: F401 - the models, re-exported: rag.generate is where callers look
    GenerationError,
    Generator,
    HFGenerator,
    OpenAIGenerator,
    load_generator,
    parse_spec,
)
from rag.sentences import norm
from rag.types import Answer, Citation, Clause, Document, GeneratedSentence, Hit, RagError

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 60.0


@dataclass
class GenerationPolicy:
    """What the model sees and how long it may take."""

    max_clauses: int = 3  # the top-ranked clauses, numbered [1]…[n] (fewer distract a small model less)
    max_clause_chars: int = 600  # each clause's text is cut here (a small CPU model reads slowly)
    max_history_turns: int = 4  # earlier questions shown for a follow-up
    timeout: float = DEFAULT_TIMEOUT_S


def timeout_from_env() -> float:
    """$RAG_GENERATOR_TIMEOUT in seconds (default 60); a bad value is a RagError."""
    raw = os.environ.get("RAG_GENERATOR_TIMEOUT", "").strip()
    if not raw:
        return DEFAULT_TIMEOUT_S
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise RagError(f"RAG_GENERATOR_TIMEOUT={raw!r} is not a positive number of seconds")
    return value


# ---- the prompt -----------------------------------------------------------------------------------------

# The rules come after the clauses and the question, where a small model still has them in view, and one short
# worked example (about an invented notice) shows the format. Each sentence starts with its [n]: measured with
# Qwen2.5-Coder-0.5B on seeds questions, a small model asked to end sentences with [n] often left it out, and
# one asked to start with it did not (eval/README.md); rag/verify.py reads markers in either place, and the
# answer the user gets has them after each sentence.
_SYSTEM = {
    "zh": "你是政策文件问答助手，只根据用户给出的编号条款回答，不使用条款以外的知识。",
    "en": "You answer questions about policy documents only from the numbered clauses the user gives, never from "
          "other knowledge.",
}
_RULES = {
    "zh": ("回答要求：用中文回答，一到两句话。每句话前面写出它依据的条款编号，例如：[1] ……。"
           "数字、日期、百分比、文号和名称照抄条款原文。如果条款不能回答问题，只回答：" + NOT_FOUND["zh"]),
    "en": ("Instructions: answer in English, in one or two sentences. Start every sentence with the number of the "
           "clause it is based on, like this: [1] … . Copy figures, dates, percentages, document numbers and "
           "names exactly as the clause states them. If the clauses do not answer the question, reply only: "
           + NOT_FOUND["en"]),
}
_EXAMPLE = {
    "zh": ("[1] 某市促进消费的通知 第三条\n对新购置节能家电的居民给予售价10%的补贴，每户最高2000元。\n\n"
           "[2] 某市促进消费的通知 第五条\n本通知自发布之日起施行。",
           "家电补贴是多少？",
           "[1] 居民新购置节能家电可获得售价10%的补贴。[1] 每户最高补贴2000元。"),
    "en": ("[1] City notice on promoting consumption, Article 3\nResidents who buy new energy-saving appliances "
           "receive a subsidy of 10% of the price, up to 2,000 yuan per household.\n\n"
           "[2] City notice on promoting consumption, Article 5\nThis notice takes effect on the date of issue.",
           "How large is the appliance subsidy?",
           "[1] Residents buying new energy-saving appliances get 10% of the price back. [1] The subsidy is capped "
           "at 2,000 yuan per household."),
}
_LABELS = {"zh": ("条款", "此前的问题", "问题"), "en": ("Clauses", "Earlier questions", "Question")}


def clause_block(n: int, clause: Clause, doc: Document | None, max_chars: int) -> str:
    """One numbered clause as the model sees it: source line, then its text (cut at max_chars)."""
    source = " ".join(x for x in (doc.title if doc else "", doc.doc_number if doc else "", clause.path,
                                  clause.heading) if x)
    text = clause.text if len(clause.text) <= max_chars else clause.text[:max_chars] + "…"
    return f"[{n}] {source}\n{text}"


def build_messages(question: str, lang: str, clauses: list[Clause], documents: dict[str, Document],
                   history: list[str] | None = None, policy: GenerationPolicy | None = None) -> list[dict]:
    """The chat: the grounding rule; a worked example (clauses, question, cited answer); then the numbered
    clauses, the earlier questions (so that a follow-up reads in context), the question and the rules."""
    policy = policy or GenerationPolicy()
    lang = lang if lang in _SYSTEM else "en"
    label_clauses, label_earlier, label_question = _LABELS[lang]
    blocks = "\n\n".join(clause_block(n, c, documents.get(c.doc_id), policy.max_clause_chars)
                         for n, c in enumerate(clauses, 1))
    earlier = [q[:500] for q in history or [] if isinstance(q, str) and q.strip()][-policy.max_history_turns:]
    context = f"{label_earlier}:\n" + "\n".join(f"- {q}" for q in earlier) + "\n\n" if earlier else ""
    example_blocks, example_question, example_answer = _EXAMPLE[lang]

    def ask(blocks: str, context: str, question: str) -> dict:
        return {"role": "user",
                "content": f"{label_clauses}:\n{blocks}\n\n{context}{label_question}: {question}\n\n{_RULES[lang]}"}

    return [{"role": "system", "content": _SYSTEM[lang]},
            ask(example_blocks, "", example_question), {"role": "assistant", "content": example_answer},
            ask(blocks, context, question)]


# ---- the stage ------------------------------------------------------------------------------------------

_NOTES = {
    "failed": {"en": "The language model gave no answer ({why}); this is the extracted answer.",
               "zh": "语言模型未能作答（{why}），以下为摘录的原文答案。"},
    "declined": {"en": "The language model found no answer in the clauses; this is the extracted answer.",
                 "zh": "语言模型认为条款中没有答案，以下为摘录的原文答案。"},
    "empty": {"en": "The language model wrote no sentence; this is the extracted answer.",
              "zh": "语言模型没有写出完整的句子，以下为摘录的原文答案。"},
    "none_verified": {"en": "None of the {n} generated sentences is supported by the clause it cites; "
                            "this is the extracted answer.",
                      "zh": "生成的{n}句话均未得到所引条款的支持，以下为摘录的原文答案。"},
    "removed": {"en": "{n} generated sentence(s) removed: not supported by the clause cited.",
                "zh": "已删除{n}句未得到所引条款支持的生成内容。"},
}


def _note(kind: str, lang: str, **values) -> str:
    return _NOTES[kind]["zh" if lang == "zh" else "en"].format(**values)


def _declined(reply: str) -> bool:
    """True when every sentence of the reply says "not found in the documents" (markers aside)."""
    from rag.verify import split_cited

    refusals = {norm(t) for t in NOT_FOUND.values()}
    sentences = [norm(text) for text, _ in split_cited(reply)]
    return bool(sentences) and all(s in refusals for s in sentences)


@dataclass(frozen=True)
class Draft:
    """The model's reply so far, while it is being written (not verified: shown as a draft only)."""

    text: str


def _prepare(extractive: Answer, generator: Generator, hits: list[Hit], documents: dict[str, Document],
             history: list[str] | None, policy: GenerationPolicy) -> tuple[list[Clause], list[dict], dict]:
    """The clauses given to the model, its chat, and the record of the stage."""
    clauses = list(dict.fromkeys(h.clause for h in hits))[: policy.max_clauses]
    messages = build_messages(extractive.question, extractive.lang, clauses, documents, history, policy)
    return clauses, messages, {"generator": generator.id, "clauses_given": [c.id for c in clauses]}


def generated_answer(extractive: Answer, generator: Generator, hits: list[Hit], documents: dict[str, Document],
                     embedder, history: list[str] | None = None, policy: GenerationPolicy | None = None,
                     verify_policy=None) -> Answer:
    """The generation stage: the model's answer with only its verified sentences, or the extractive answer
    with a note saying why not."""
    policy = policy or GenerationPolicy()
    t0 = time.perf_counter()
    clauses, messages, info = _prepare(extractive, generator, hits, documents, history, policy)
    try:
        reply = generator.complete(messages, policy.timeout)
    except GenerationError as exc:
        return _failed(extractive, exc, info, t0)
    return conclude(extractive, reply, clauses, documents, embedder, info, t0, verify_policy)


def stream_generated_answer(extractive: Answer, generator: Generator, hits: list[Hit],
                            documents: dict[str, Document], embedder, history: list[str] | None = None,
                            policy: GenerationPolicy | None = None, verify_policy=None) -> Iterator[Draft | Answer]:
    """`generated_answer` for the chat: an empty Draft when the model is asked, a Draft with the reply so far
    each time it writes a piece, then the verified Answer (or the extractive one with a note), always last."""
    policy = policy or GenerationPolicy()
    t0 = time.perf_counter()
    clauses, messages, info = _prepare(extractive, generator, hits, documents, history, policy)
    reply = ""
    yield Draft(reply)  # the model is reading the clauses (a small local one takes a while to write its first word)
    try:
        for piece in generator.stream(messages, policy.timeout):
            reply += piece
            yield Draft(reply)
    except GenerationError as exc:
        yield _failed(extractive, exc, info, t0)
        return
    yield conclude(extractive, reply, clauses, documents, embedder, info, t0, verify_policy)


def _failed(extractive: Answer, exc: GenerationError, info: dict, t0: float) -> Answer:
    log.warning("generation failed, answering extractively: %s", exc)
    return _fallback(extractive, "failed", _note("failed", extractive.lang, why=str(exc)), (), info, t0)


def conclude(extractive: Answer, reply: str, clauses: list[Clause], documents: dict[str, Document], embedder,
             info: dict, t0: float, verify_policy=None) -> Answer:
    """The model's reply verified sentence by sentence: the answer of its kept sentences, renumbered, or the
    extractive answer with a note (the model declined, wrote nothing, or nothing was verified)."""
    from rag.verify import verify

    lang = extractive.lang
    info["reply"] = reply
    if _declined(reply):
        return _fallback(extractive, "declined", _note("declined", lang), (), info, t0)
    checked = verify(reply, clauses, documents, embedder, verify_policy)
    if not checked:
        return _fallback(extractive, "empty", _note("empty", lang), (), info, t0)
    kept = [s for s in checked if s.verified]
    if not kept:
        return _fallback(extractive, "none_verified", _note("none_verified", lang, n=len(checked)),
                         tuple(checked), info, t0)
    numbering: dict[str, int] = {}
    for s in kept:
        for c in s.clauses:
            numbering.setdefault(c.id, len(numbering) + 1)
    parts = []
    for s in kept:
        marks = "".join(f"[{numbering[c.id]}]" for c in dict.fromkeys(s.clauses))
        sep = "" if not parts or (lang == "zh" and not s.text[:1].isascii()) else " "
        parts.append(f"{sep}{s.text} {marks}")
    by_id = {c.id: c for c in clauses}
    citations = []
    for cid, n in numbering.items():
        clause = by_id[cid]
        doc = documents[clause.doc_id]
        used = tuple(dict.fromkeys(s.support for s in kept if s.support and cid in {c.id for c in s.clauses}))
        from rag.answer import clause_page

        citations.append(Citation(n, clause, doc.title, doc.doc_number, used, clause_page(doc, clause)))
    removed = len(checked) - len(kept)
    note = _note("removed", lang, n=removed) if removed else ""
    info.update(seconds=round(time.perf_counter() - t0, 3), sentences=len(checked), removed=removed,
                outcome="generated")
    return replace(extractive, text="".join(parts).strip(), citations=tuple(citations), mode="generated",
                   sentences=tuple(checked), note=note, explain={**extractive.explain, "generation": info}
                   if extractive.explain else {})


def _fallback(extractive: Answer, outcome: str, note: str, checked: tuple[GeneratedSentence, ...], info: dict,
              t0: float) -> Answer:
    info.update(seconds=round(time.perf_counter() - t0, 3), outcome=outcome, fallback=note)
    explain = {**extractive.explain, "generation": info} if extractive.explain else {}
    return replace(extractive, note=note, sentences=checked, explain=explain)
