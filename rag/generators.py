"""Chat models for generated answers: one `Generator` protocol, two implementations, one factory.

- ``openai:<base_url>[#model]``: any OpenAI-compatible chat endpoint (Ollama, vLLM, llama.cpp server, …);
  the base URL is the one OpenAI clients take (usually ending in /v1); without ``#model`` the first model
  the server lists is used. $RAG_GENERATOR_API_KEY (or $OPENAI_API_KEY) is sent as a bearer token.
- ``hf:<model id or folder>`` or ``hf:<folder>#<file.gguf>`` (or ``hf:<path to a .gguf file>``): a local
  transformers causal LM, GGUF files de-quantised by transformers (needs ``pip install -e '.[gen]'``).

Both answer whole (`complete`) or piece by piece as the model writes (`stream`: server-sent events from the
endpoint, transformers' TextIteratorStreamer locally); both raise GenerationError when the model fails, is
unreachable or runs past the timeout.
"""

from __future__ import annotations

import concurrent.futures
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from rag.types import RagError

log = logging.getLogger(__name__)

DEFAULT_MAX_TOKENS = 128  # longest reply (two sentences: about 60); $RAG_GENERATOR_MAX_TOKENS overrides it


class GenerationError(Exception):
    """The model could not give an answer (unreachable, failed, too slow); the extractive answer stands."""


class Generator(Protocol):
    """A chat model: messages in, the assistant's reply out (whole, or streamed in pieces)."""

    id: str

    def complete(self, messages: list[dict], timeout: float) -> str:
        """The reply to a chat, or GenerationError within about `timeout` seconds."""
        ...

    def stream(self, messages: list[dict], timeout: float) -> Iterator[str]:
        """The reply in pieces as it is written (they join to the reply); GenerationError when the model
        fails or the whole reply takes longer than `timeout` seconds."""
        ...


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


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
        raise GenerationError(f"{what} failed: {_first_line(exc)}") from exc
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


# ---- OpenAI-compatible endpoint -------------------------------------------------------------------------


def sse_deltas(lines: Iterator[str]) -> Iterator[str]:
    """The text pieces of a streamed chat completion: `data: {…"choices":[{"delta":{"content":…}}]}` events
    up to `data: [DONE]` (comments, keep-alives and events without content are skipped)."""
    for line in lines:
        line = line.strip()
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        try:
            event = json.loads(data)
        except ValueError:
            raise GenerationError("the model server sent a malformed stream event") from None
        if isinstance(event, dict) and event.get("error"):  # a server failing mid-stream
            message = event["error"].get("message") if isinstance(event["error"], dict) else event["error"]
            raise GenerationError(f"the model server reported an error: {message}")
        choices = event.get("choices") if isinstance(event, dict) else None
        for choice in choices if isinstance(choices, list) else []:
            piece = (choice.get("delta") or {}).get("content") if isinstance(choice, dict) else None
            if isinstance(piece, str) and piece:
                yield piece


class OpenAIGenerator:
    """Any OpenAI-compatible /chat/completions endpoint, through httpx."""

    def __init__(self, base_url: str, model: str | None = None, api_key: str | None = None,
                 max_tokens: int = DEFAULT_MAX_TOKENS) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.max_tokens = max_tokens
        self.id = f"openai:{self.base_url}#{model or '?'}"
        # a server on this machine (llama.cpp, Ollama) is reached directly, never through $HTTP_PROXY
        self._local = (urlsplit(self.base_url).hostname or "") in ("localhost", "127.0.0.1", "::1")

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

    def _body(self, client, messages: list[dict], timeout: float, stream: bool) -> dict:
        return {"model": self._model(client, timeout), "messages": messages, "temperature": 0,
                "max_tokens": self.max_tokens, "stream": stream}

    @staticmethod
    def _content(payload) -> str:
        try:
            return payload["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError):
            raise GenerationError("the model server sent no chat completion") from None

    def complete(self, messages: list[dict], timeout: float) -> str:
        """The first choice's message content."""
        import httpx

        def call() -> str:
            with httpx.Client(timeout=timeout, trust_env=not self._local) as client:
                body = self._body(client, messages, timeout, stream=False)
                r = client.post(f"{self.base_url}/chat/completions", json=body, headers=self._headers())
                if r.status_code >= 400:
                    raise GenerationError(f"{self.base_url} answered HTTP {r.status_code}")
                try:
                    return self._content(r.json())
                except ValueError:
                    raise GenerationError(f"{self.base_url} sent no chat completion") from None

        return _with_deadline(call, timeout, f"the model at {self.base_url}")

    def stream(self, messages: list[dict], timeout: float) -> Iterator[str]:
        """The reply as the server streams it (`"stream": true`, server-sent events); a server that answers
        with one JSON completion instead gives it as one piece."""
        import httpx

        deadline = time.monotonic() + timeout
        what = f"the model at {self.base_url}"
        try:
            with httpx.Client(timeout=timeout, trust_env=not self._local) as client:
                body = self._body(client, messages, timeout, stream=True)
                with client.stream("POST", f"{self.base_url}/chat/completions", json=body,
                                   headers=self._headers()) as r:
                    if r.status_code >= 400:
                        raise GenerationError(f"{self.base_url} answered HTTP {r.status_code}")
                    if "text/event-stream" not in r.headers.get("content-type", ""):
                        r.read()
                        yield self._content(r.json())
                        return
                    for piece in sse_deltas(r.iter_lines()):
                        if time.monotonic() > deadline:
                            raise GenerationError(f"{what} did not answer within {timeout:g}s")
                        yield piece
        except GenerationError:
            raise
        except httpx.TimeoutException:
            raise GenerationError(f"{what} did not answer within {timeout:g}s") from None
        except (httpx.HTTPError, ValueError) as exc:
            raise GenerationError(f"{what} failed: {_first_line(exc)}") from None


# ---- local transformers model ---------------------------------------------------------------------------


class HFGenerator:
    """A local transformers causal LM (a folder, a hub id already in the local cache, or a GGUF file).

    Loaded on first use (a GGUF file is de-quantised then: tens of seconds on a small CPU); one generation
    at a time (the model is not re-entrant on CPU). Greedy decoding, stopped at `max_new_tokens` or the
    deadline; loading is not counted in the timeout."""

    def __init__(self, model: str, gguf_file: str | None = None,
                 max_new_tokens: int = DEFAULT_MAX_TOKENS) -> None:
        self.model_name = model
        self.gguf_file = gguf_file
        self.max_new_tokens = max_new_tokens
        self.id = f"hf:{model}" + (f"#{gguf_file}" if gguf_file else "")
        self._lock = threading.Lock()  # loading, then one generation at a time
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

    def _ready(self):
        """(tokenizer, model), loading them on first use; a model that cannot load is not tried again."""
        with self._lock:
            if self._failed:
                raise GenerationError(self._failed)
            try:
                return self._load()
            except Exception as exc:  # noqa: BLE001 - a model that cannot load: keep the extractive answer
                log.exception("loading %s failed", self.model_name)
                self._failed = (str(exc) if isinstance(exc, GenerationError) else
                                f"the model {self.model_name} could not be loaded ({_first_line(exc)})")
                raise GenerationError(self._failed) from None

    def warm_up(self) -> None:
        """Load the model now (a server's warm-up) rather than on the first question; failures are kept for it."""
        try:
            self._ready()
        except GenerationError:
            pass

    def _prompt(self, tokenizer, messages: list[dict]):
        if getattr(tokenizer, "chat_template", None):
            return tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                                 return_dict=True)
        text = "\n\n".join(f"{m['role'].capitalize()}: {m['content']}" for m in messages) + "\n\nAssistant:"
        return tokenizer(text, return_tensors="pt")

    def complete(self, messages: list[dict], timeout: float) -> str:
        """The whole reply (the streamed pieces joined)."""
        return "".join(self.stream(messages, timeout))

    def stream(self, messages: list[dict], timeout: float) -> Iterator[str]:
        """The reply piece by piece (transformers' TextIteratorStreamer); generation runs in a worker thread
        and stops when the reader stops reading, at `max_new_tokens` or at the deadline."""
        tokenizer, model = self._ready()
        deadline = time.monotonic() + timeout
        if not self._lock.acquire(timeout=timeout):
            raise GenerationError(f"the model {self.model_name} was busy for {timeout:g}s")
        try:
            yield from self._generate(tokenizer, model, messages, deadline, timeout)
        finally:
            self._lock.release()

    def _generate(self, tokenizer, model, messages: list[dict], deadline: float, timeout: float) -> Iterator[str]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        stop = threading.Event()
        left = deadline - time.monotonic()
        if left <= 0:
            raise GenerationError("waiting for the model took longer than the timeout")
        inputs = self._prompt(tokenizer, messages)
        start = inputs["input_ids"].shape[1]

        class _Stop(StoppingCriteria):
            def __call__(self, input_ids, scores, **kwargs):
                flag = stop.is_set() or time.monotonic() >= deadline or looping(input_ids[0, start:].tolist())
                return torch.full((input_ids.shape[0],), flag, dtype=torch.bool, device=input_ids.device)

        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True,
                                        timeout=max(left, 0.1))
        pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        failure: list[BaseException] = []

        def work() -> None:
            try:
                with torch.no_grad():
                    model.generate(**inputs, max_new_tokens=self.max_new_tokens, do_sample=False, max_time=left,
                                   pad_token_id=pad, streamer=streamer,
                                   stopping_criteria=StoppingCriteriaList([_Stop()]))
            except Exception as exc:  # noqa: BLE001 - reported to the reader below
                failure.append(exc)
                streamer.end()

        worker = threading.Thread(target=work, name="rag-generate", daemon=True)
        worker.start()
        try:
            try:
                for piece in streamer:
                    if time.monotonic() >= deadline:
                        raise GenerationError(f"generation ran past the timeout ({timeout:g}s)")
                    if piece:
                        yield piece
            except Exception as exc:  # the streamer's queue timed out
                if isinstance(exc, GenerationError):
                    raise
                raise GenerationError(f"generation ran past the timeout ({timeout:g}s)") from None
            if failure:
                raise GenerationError(f"the model {self.model_name} failed: {_first_line(failure[0])}")
            if time.monotonic() >= deadline:
                raise GenerationError(f"generation ran past the timeout ({timeout:g}s)")
        finally:
            stop.set()  # the reader stopped (done, failed, timed out or went away): so does the model
            worker.join()


LOOP_TOKENS = 16  # greedy decoding that writes the same 16 tokens again is caught in a loop


def looping(ids: list[int], n: int = LOOP_TOKENS) -> bool:
    """True when the last `n` generated tokens already appeared, whole, earlier in the generated text (a
    small model repeating a sentence until max_new_tokens; the repeats would be removed anyway)."""
    if len(ids) < 2 * n:
        return False
    tail = ids[-n:]
    return any(ids[i:i + n] == tail for i in range(len(ids) - 2 * n + 1))


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

    `max_new_tokens` defaults to $RAG_GENERATOR_MAX_TOKENS, else DEFAULT_MAX_TOKENS."""
    spec = (spec if spec is not None else os.environ.get("RAG_GENERATOR", "")).strip()
    if spec.lower() in ("", "none", "off", "0", "extractive"):
        return None
    if max_new_tokens is None:
        raw = os.environ.get("RAG_GENERATOR_MAX_TOKENS", str(DEFAULT_MAX_TOKENS)).strip()
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

