"""Generated answers (optional): a language model rewrites the answer from the numbered clauses, citing [n]
after every sentence; rag/verify.py then keeps only the sentences their cited clause supports.

One `Generator` protocol, two implementations picked by `load_generator` from one setting
($RAG_GENERATOR or `--generator`):

- ``openai:<base_url>[#model]``: any OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp server, …);
  the base URL is the one OpenAI clients take (usually ending in /v1); without ``#model`` the first model
  the server lists is used. $RAG_GENERATOR_API_KEY (or $OPENAI_API_KEY) is sent as a bearer token.
- ``hf:<model id or folder>`` or ``hf:<folder>#<file.gguf>`` (or ``hf:<path to a .gguf file>``): a local
  transformers causal LM, GGUF files de-quantised by transformers (needs ``pip install -e '.[gen]'``).

Off by default: the extractive answer stays the answer. A model that fails, is unreachable, runs past
$RAG_GENERATOR_TIMEOUT seconds (default 60), refuses, or writes nothing verifiable gives the extractive
answer back with a note saying why.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from rag.answer import NOT_FOUND
from rag.sentences import norm
from rag.types import Answer, Citation, Clause, Document, GeneratedSentence, Hit, RagError

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 60.0


class GenerationError(Exception):
    """The model could not give an answer (unreachable, failed, too slow); the extractive answer stands."""


class Generator(Protocol):
    """A chat model: messages in, the assistant's reply out."""

    id: str

    def complete(self, messages: list[dict], timeout: float) -> str:
        """The reply to a chat, or GenerationError within about `timeout` seconds."""
        ...


@dataclass
class GenerationPolicy:
    """What the model sees and how long it may take."""

    max_clauses: int = 4  # the top-ranked clauses, numbered [1]…[n]
    max_clause_chars: int = 700  # each clause's text is cut here (a small CPU model reads slowly)
    max_history_turns: int = 4  # earlier questions shown for a follow-up
    max_new_tokens: int = 300
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


def _with_deadline(call, timeout: float, what: str):
    """Run `call()` in a worker thread; GenerationError when it raises or is not done after `timeout`."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="rag-generate")
    future = pool.submit(call)
    try:
        return future.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        raise GenerationError(f"{what} did not answer within {timeout:g}s") from None
    except GenerationError:
        raise
    except Exception as exc:  # noqa: BLE001 - any model failure means: keep the extractive answer
        raise GenerationError(f"{what} failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") \
            from exc
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


# ---- OpenAI-compatible endpoint -------------------------------------------------------------------------


class OpenAIGenerator:
    """Any OpenAI-compatible /chat/completions endpoint, through httpx."""

    def __init__(self, base_url: str, model: str | None = None, api_key: str | None = None,
                 max_tokens: int = 300) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.max_tokens = max_tokens
        self.id = f"openai:{self.base_url}#{model or '?'}"

    def _headers(self) -> dict:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    def _model(self, client, timeout: float) -> str:
        if self.model is None:  # the first model the server lists (Ollama, vLLM and llama.cpp list theirs)
            r = client.get(f"{self.base_url}/models", headers=self._headers(), timeout=timeout)
            r.raise_for_status()
            models = [m.get("id") for m in r.json().get("data", []) if m.get("id")]
            if not models:
                raise GenerationError(f"{self.base_url} lists no model; give one as openai:<url>#<model>")
            self.model = models[0]
            self.id = f"openai:{self.base_url}#{self.model}"
        return self.model

    def complete(self, messages: list[dict], timeout: float) -> str:
        """The first choice's message content."""
        import httpx

        def call() -> str:
            with httpx.Client(timeout=timeout) as client:
                body = {"model": self._model(client, timeout), "messages": messages, "temperature": 0,
                        "max_tokens": self.max_tokens, "stream": False}
                r = client.post(f"{self.base_url}/chat/completions", json=body, headers=self._headers())
                if r.status_code >= 400:
                    raise GenerationError(f"{self.base_url} answered HTTP {r.status_code}")
                try:
                    return r.json()["choices"][0]["message"]["content"] or ""
                except (ValueError, KeyError, IndexError, TypeError):
                    raise GenerationError(f"{self.base_url} sent no chat completion") from None

        return _with_deadline(call, timeout, f"the model at {self.base_url}")


# ---- local transformers model ---------------------------------------------------------------------------


class HFGenerator:
    """A local transformers causal LM (a folder, a hub id already in the local cache, or a GGUF file).

    Loaded on first use (a GGUF file is de-quantised then: tens of seconds on a small CPU)."""

    def __init__(self, model: str, gguf_file: str | None = None, max_new_tokens: int = 300) -> None:
        self.model_name = model
        self.gguf_file = gguf_file
        self.max_new_tokens = max_new_tokens
        self.id = f"hf:{model}" + (f"#{gguf_file}" if gguf_file else "")
        self._lock = threading.Lock()
        self._loaded = None
        self._failed = ""

    def _load(self):
        if self._loaded is None:
            try:
                import torch  # noqa: F401
                from transformers import AutoModelForCausalLM, AutoTokenizer
            except ImportError:
                raise GenerationError("transformers is not installed: pip install -e '.[gen]'") from None
            extra = {"gguf_file": self.gguf_file} if self.gguf_file else {}
            tokenizer = AutoTokenizer.from_pretrained(self.model_name, **extra)
            model = AutoModelForCausalLM.from_pretrained(self.model_name, **extra)
            model.eval()
            self._loaded = (tokenizer, model)
        return self._loaded

    def _prompt(self, tokenizer, messages: list[dict]):
        if getattr(tokenizer, "chat_template", None):
            return tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                                 return_dict=True)
        text = "\n\n".join(f"{m['role'].capitalize()}: {m['content']}" for m in messages) + "\n\nAssistant:"
        return tokenizer(text, return_tensors="pt")

    def complete(self, messages: list[dict], timeout: float) -> str:
        """Greedy decoding, stopped at `max_new_tokens` or the deadline (loading the model on first use, which
        can take a minute for a GGUF file, is not counted)."""
        with self._lock:
            if self._failed:  # tried once; not again for every question
                raise GenerationError(self._failed)
            try:
                self._load()
            except Exception as exc:  # noqa: BLE001 - a model that cannot load: keep the extractive answer
                log.exception("loading %s failed", self.model_name)
                self._failed = (str(exc) if isinstance(exc, GenerationError) else
                                f"the model {self.model_name} could not be loaded "
                                f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})")
                raise GenerationError(self._failed) from None
        deadline = time.monotonic() + timeout

        def call() -> str:
            import torch

            with self._lock:  # one generation at a time: the model is not re-entrant on CPU
                tokenizer, model = self._load()
                left = deadline - time.monotonic()
                if left <= 0:
                    raise GenerationError("loading the model took longer than the timeout")
                inputs = self._prompt(tokenizer, messages)
                pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
                with torch.no_grad():
                    out = model.generate(**inputs, max_new_tokens=self.max_new_tokens, do_sample=False,
                                         max_time=left, pad_token_id=pad)
                if time.monotonic() >= deadline:
                    raise GenerationError("generation ran past the timeout")
                return tokenizer.decode(out[0, inputs["input_ids"].shape[1]:], skip_special_tokens=True)

        return _with_deadline(call, timeout, f"the model {self.model_name}")


# ---- choosing one ---------------------------------------------------------------------------------------


def parse_spec(spec: str) -> tuple[str, str, str | None]:
    """("openai"|"hf", location, "#" part) from a generator spec; a RagError says what is wrong."""
    kind, sep, rest = spec.strip().partition(":")
    kind = kind.lower()
    if not sep or kind not in ("openai", "hf") or not rest.strip():
        raise RagError(f"unknown generator {spec!r}: use 'openai:<base_url>[#model]', "
                       "'hf:<model id or folder>[#file.gguf]' or 'none'")
    location, _, fragment = rest.strip().rpartition("#") if "#" in rest else (rest.strip(), "", "")
    if kind == "openai" and not location.startswith(("http://", "https://")):
        raise RagError(f"generator {spec!r}: the base URL must start with http:// or https://")
    return kind, location, fragment or None


def load_generator(spec: str | None = None, max_new_tokens: int | None = None) -> Generator | None:
    """The generator named by `spec` (default $RAG_GENERATOR); None when generation is off.

    `max_new_tokens` defaults to $RAG_GENERATOR_MAX_TOKENS, else 300."""
    spec = (spec if spec is not None else os.environ.get("RAG_GENERATOR", "")).strip()
    if spec.lower() in ("", "none", "off", "0", "extractive"):
        return None
    if max_new_tokens is None:
        raw = os.environ.get("RAG_GENERATOR_MAX_TOKENS", "300").strip()
        if not raw.isdigit() or int(raw) < 1:
            raise RagError(f"RAG_GENERATOR_MAX_TOKENS={raw!r} is not a positive whole number")
        max_new_tokens = int(raw)
    kind, location, fragment = parse_spec(spec)
    if kind == "openai":
        key = os.environ.get("RAG_GENERATOR_API_KEY") or os.environ.get("OPENAI_API_KEY")
        return OpenAIGenerator(location, fragment, key, max_tokens=max_new_tokens)
    path = Path(location).expanduser()
    if location.lower().endswith(".gguf") and not fragment:
        path, fragment = path.parent, path.name
    looks_local = location.startswith((".", "/", "~")) or path.exists() or fragment
    if looks_local and not path.exists():
        raise RagError(f"generator {spec!r}: no such folder {path}")
    if fragment and not (path / fragment).is_file():
        raise RagError(f"generator {spec!r}: no such file {path / fragment}")
    return HFGenerator(str(path) if looks_local else location, fragment, max_new_tokens=max_new_tokens)


# ---- the prompt -----------------------------------------------------------------------------------------

_SYSTEM = {
    "zh": ("你是政策文件问答助手。只依据下面编号的条款回答问题，不要使用条款以外的知识。用中文回答，简洁，"
           "不超过四句话。每句话的末尾都必须写出它所依据的条款编号，例如 [1]。数字、日期、百分比、文号和名称"
           "必须与条款原文一致。格式示例：该措施自2020年起实施[2]。如果这些条款不能回答问题，只回答：" + NOT_FOUND["zh"]),
    "en": ("You answer questions about policy documents using only the numbered clauses below, never other "
           "knowledge. Answer in English, briefly, in at most four sentences. End every sentence with the number "
           "of the clause it is based on, for example [1]. Copy numbers, dates, percentages, document numbers "
           "and names exactly as the clauses state them. Format example: The measure took effect in 2020 [2]. "
           "If the clauses do not answer the question, reply only: "
           + NOT_FOUND["en"]),
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
    """The chat: grounding rules, then the numbered clauses, the earlier questions (so that a follow-up reads
    in context) and the question."""
    policy = policy or GenerationPolicy()
    lang = lang if lang in _SYSTEM else "en"
    label_clauses, label_earlier, label_question = _LABELS[lang]
    blocks = "\n\n".join(clause_block(n, c, documents.get(c.doc_id), policy.max_clause_chars)
                         for n, c in enumerate(clauses, 1))
    earlier = [q[:500] for q in history or [] if isinstance(q, str) and q.strip()][-policy.max_history_turns:]
    context = f"{label_earlier}:\n" + "\n".join(f"- {q}" for q in earlier) + "\n\n" if earlier else ""
    return [{"role": "system", "content": _SYSTEM[lang]},
            {"role": "user", "content": f"{label_clauses}:\n{blocks}\n\n{context}{label_question}: {question}"}]


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


def generated_answer(extractive: Answer, generator: Generator, hits: list[Hit], documents: dict[str, Document],
                     embedder, history: list[str] | None = None, policy: GenerationPolicy | None = None,
                     verify_policy=None) -> Answer:
    """The generation stage: the model's answer with only its verified sentences, or the extractive answer
    with a note saying why not."""
    from rag.verify import verify

    policy = policy or GenerationPolicy()
    lang = extractive.lang
    t0 = time.perf_counter()
    clauses = list(dict.fromkeys(h.clause for h in hits))[: policy.max_clauses]
    messages = build_messages(extractive.question, lang, clauses, documents, history, policy)
    info = {"generator": generator.id, "clauses_given": [c.id for c in clauses]}
    try:
        reply = generator.complete(messages, policy.timeout)
    except GenerationError as exc:
        log.warning("generation failed, answering extractively: %s", exc)
        return _fallback(extractive, "failed", _note("failed", lang, why=str(exc)), (), info, t0)
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
