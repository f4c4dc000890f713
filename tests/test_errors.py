"""Every error path ends cleanly (GitHub issues 14 and 16).

- The CLI: a mistake is one line `rag: error: …` on stderr, exit 2, nothing on stdout, nothing written,
  and (for a bad question, folder or port) no model loaded.
- The HTTP `/ask` endpoint and `rag ask --json -`: a bad question is the `rag ask --json` object with
  "refused": true, "mode": "error" and the message in "error", never an exception or {"error": null}.
- A look-up of a document or clause the corpus lacks is a refusal saying what is missing.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag import cli
from rag.assistant import Assistant, validate_question
from rag.errors import error_dict
from rag.lookup import cn_numeral, named_documents, parse_ref, resolve
from rag.types import Clause, Document, RagError
from tests.conftest import SEEDS, snapshot

D001 = "001_74f300c54dbf5e13.txt"
ANSWER_KEYS = {"question", "answer", "refused", "mode", "citations", "retrieved"}


def one_error_line(capsys) -> str:
    """The single stderr line of a failed command (nothing on stdout)."""
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("rag: error: "), lines[0]
    return lines[0]


@pytest.fixture
def no_model(monkeypatch):
    """Loading the Assistant (the model and the index) fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(Assistant, "load", refuse)


def listening_socket() -> socket.socket:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
    return s


# ---- 1. an index folder that cannot be created ------------------------------------------------------

@pytest.mark.parametrize("command", [["ask", "单一窗口是什么？"], ["index"], ["show"], ["eval", "-q"],
                                     ["add", str(SEEDS)], ["remove", "001"]])
def test_index_folder_under_a_file_is_one_line(tmp_path, monkeypatch, capsys, no_model, command):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("RAG_INDEX_DIR", str(blocker / "index"))
    assert cli.main(command) == 2
    line = one_error_line(capsys)
    assert line == f"rag: error: cannot use {blocker / 'index'} as the index folder (RAG_INDEX_DIR): {blocker} is not a folder"
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_index_folder_in_proc_is_one_line(monkeypatch, capsys, no_model):
    monkeypatch.setenv("RAG_INDEX_DIR", "/proc/x/index")
    assert cli.main(["ask", "单一窗口是什么？"]) == 2
    assert "cannot use /proc/x/index as the index folder (RAG_INDEX_DIR)" in one_error_line(capsys)


def test_index_folder_check_leaves_nothing_behind(tmp_path):
    from rag.config import check_index_dir

    assert check_index_dir(tmp_path / "a" / "b" / "index") == tmp_path / "a" / "b" / "index"
    assert list(tmp_path.iterdir()) == []  # the probe created and removed a/b/index


# ---- 2. a port that is taken ------------------------------------------------------------------------

def test_taken_port_fails_at_once_before_loading(monkeypatch, capsys, no_model):
    with listening_socket() as busy:
        port = busy.getsockname()[1]
        t0 = time.perf_counter()
        assert cli.main(["serve", "--port", str(port)]) == 2
        assert time.perf_counter() - t0 < 5
    assert one_error_line(capsys) == (f"rag: error: port {port} on 127.0.0.1 is in use; "
                                      "choose another with --port or RAG_PORT")


def test_rag_port_is_read_and_checked(monkeypatch, capsys, no_model):
    with listening_socket() as busy:
        monkeypatch.setenv("RAG_PORT", str(busy.getsockname()[1]))
        assert cli.main(["serve"]) == 2
    assert "is in use" in one_error_line(capsys)
    monkeypatch.setenv("RAG_PORT", "eighty")
    with pytest.raises(SystemExit) as exit_:
        cli.main(["serve"])
    assert exit_.value.code == 2
    assert "'eighty' is not a TCP port" in one_error_line(capsys)


def test_unknown_host_is_one_line(capsys, no_model):
    assert cli.main(["serve", "--host", "no-such-host.invalid", "--port", "8000"]) == 2
    assert "cannot serve on host 'no-such-host.invalid'" in one_error_line(capsys)


class _UnusedAssistant:
    documents: dict = {}

    def warm_up(self):
        pass

    def ask(self, *args, **kwargs):
        raise AssertionError("asked")


def test_serve_wraps_gradios_launch_error(monkeypatch):
    """The port is taken between the check and gradio's launch: still a RagError with the same message."""
    import ui.port
    from ui import app, handlers

    monkeypatch.setattr(ui.port, "check_port", lambda host, port: None)
    monkeypatch.setattr(handlers, "_assistant", None)
    with listening_socket() as busy:
        port = busy.getsockname()[1]
        with pytest.raises(RagError, match=f"^port {port} on 127.0.0.1 is in use; choose another"):
            app.serve("127.0.0.1", port, assistant=_UnusedAssistant(), block=False)


# ---- 3. --doc takes what `rag show` takes -----------------------------------------------------------

QUESTION = "单一窗口是什么？"


@pytest.mark.slow
@pytest.mark.parametrize("doc", ["001", "001_74f300c54dbf5e13", D001])
def test_ask_doc_accepts_what_show_accepts(real_assistant, monkeypatch, capsys, doc):
    monkeypatch.setattr(cli, "_load", lambda args, rebuild=False: real_assistant)
    assert cli.main(["ask", "--json", "--doc", doc, QUESTION]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["citations"] and {c["doc"] for c in out["citations"]} == {D001}
    assert {h["doc"] for h in out["retrieved"]} == {D001}


@pytest.mark.slow
def test_ask_doc_ambiguous_prefix_lists_the_candidates(real_assistant, monkeypatch, capsys):
    monkeypatch.setattr(cli, "_load", lambda args, rebuild=False: real_assistant)
    assert cli.main(["ask", "--doc", "00", QUESTION]) == 2
    line = one_error_line(capsys)
    assert "'00' is ambiguous" in line and "000_274db59a894b4ffd.txt" in line and D001 in line
    assert cli.main(["ask", "--doc", "999", QUESTION]) == 2
    assert "unknown document '999'" in one_error_line(capsys)


# ---- 4. look-ups of what the corpus lacks ------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("question, text", [
    ("国办发〔2099〕1号第（四）条", "文件中没有国办发〔2099〕1号。"),
    ("What does Guofaban [2099] No. 1 say in clause 4?", "The documents do not include 国办发〔2099〕1号."),
    ("对外贸易法第十六条", "文件中没有对外贸易法。"),
    ("Article 16 of the Foreign Trade Law", "The documents do not include the Foreign Trade Law."),
    ("clause 99 of the Chongqing opinion", "渝府办发〔2018〕175号 has no clause （九十九）; it has （一）–（十七）."),
    ("国办发〔2018〕53号第（九十九）条", "国办发〔2018〕53号没有（九十九）；该文件有（一）至（十七）。"),
    ("section 9 of the Chongqing opinion", "渝府办发〔2018〕175号 has no section 九; it has 一–五."),
], ids=["zh-number", "en-number", "zh-law", "en-law", "en-clause", "zh-clause", "en-section"])
def test_missing_document_or_clause_is_a_refusal_saying_so(real_assistant, question, text):
    answer = real_assistant.ask(question)
    assert (answer.refused, answer.mode, answer.text) == (True, "refused", text)
    assert answer.citations == ()
    assert answer.retrieved, "the nearest clauses are still offered"


@pytest.mark.slow
def test_no_such_clause_offers_clauses_of_the_named_document(real_assistant):
    answer = real_assistant.ask("clause 99 of the Chongqing opinion")
    assert {h.clause.doc_id for h in answer.retrieved} == {"004_edba0bb1fe2c3448.txt"}


@pytest.mark.slow
def test_existing_documents_and_title_words_without_a_clause_are_not_missing(real_assistant):
    found = real_assistant.ask("国办发〔2018〕53号第（十五）条")
    assert found.mode == "lookup" and found.citations[0].clause.path == "五/（十五）"
    chongqing = real_assistant.ask("What does clause 15 of the Chongqing opinion say?")
    assert chongqing.mode == "lookup" and chongqing.citations[0].clause.doc_id == "004_edba0bb1fe2c3448.txt"
    not_a_lookup = real_assistant.ask("对外贸易法对扩大进口有什么要求？")
    assert "对外贸易法" not in not_a_lookup.text


def test_a_law_named_by_title_finds_the_document_that_has_it():
    law = Document("law.txt", "第十六条 国家基于下列原因，可以限制进口。", "zh", "中华人民共和国对外贸易法")
    other = Document("other.txt", "（一）扩大进口。", "zh", "关于扩大进口的意见", "国办发〔2018〕53号")
    docs = [law, other]
    assert named_documents("对外贸易法第十六条", docs, {}) == ("law.txt",)
    assert named_documents("《中华人民共和国对外贸易法》第十六条", docs, {}) == ("law.txt",)
    assert named_documents("Article 16 of the Foreign Trade Law", docs, {}) == ("law.txt",)
    assert named_documents("海关法第十六条", docs, {}) == ()


def test_a_chinese_title_named_in_english_by_another_kind_or_word_order_finds_its_document():
    """Users call 办法 "regulations" and name a title kind first ("Measures for Customs Supervision of …"); a title
    with an order's number after it ("（海关总署第104号令）") still ends in its kind. A law stays a law: "the Salt
    Monopoly Law" is not 食盐专营办法, and a title the corpus lacks is still not found."""
    salt = Document("salt.md", "第二十一条 食盐批发企业应当……", "zh", "食盐专营办法")
    express = Document("express.md", "第十一条 快件应当……", "zh", "中华人民共和国海关对进出境快件监管办法（海关总署第104号令）")
    docs = [salt, express]
    assert named_documents("What does Article 21 of the Salt Monopoly Regulations say?", docs, {}) == ("salt.md",)
    assert named_documents("What does Article 11 of the Measures for Customs Supervision of Express Mail "
                           "say?", docs, {}) == ("express.md",)
    assert named_documents("What does Article 21 of the Salt Monopoly Law say?", docs, {}) == ()
    assert named_documents("What does Article 21 of the Fisheries Regulations say?", docs, {}) == ()


# ---- 5. hostile input -------------------------------------------------------------------------------

def test_clause_numbers_of_any_size_convert():
    assert [cn_numeral(n) for n in (0, 15, 999, 1000, 123456, -3)] == ["零", "十五", "九百九十九", "1000", "123456", "-3"]
    ref = parse_ref("第百百百百百百百百百百条")
    assert ref is not None and ref.article == 1000
    clause = Clause("d.txt", "一/（一）", "", "文字", ((0, 2),), "zh", 2, 0)
    assert resolve(ref, [clause]) == []


@pytest.mark.slow
@pytest.mark.parametrize("question", ["第百百百百百百百百百百条", "国办发〔2018〕53号第百百百百百百百百百百条"])
def test_huge_clause_numbers_are_refused_cleanly(real_assistant, question):
    answer = real_assistant.ask(question)
    assert answer.refused and not answer.citations


@pytest.mark.parametrize("question", ["\ud800", "单一窗口\udcff\udcfe", "\udfff?"])
def test_surrogates_are_rejected_as_questions(question):
    with pytest.raises(RagError, match="not valid text"):
        validate_question(question)


@pytest.mark.slow
def test_surrogate_question_through_the_python_api(real_assistant):
    with pytest.raises(RagError, match="not valid text"):
        real_assistant.ask("\ud800")


def test_undecodable_argv_is_one_line_before_loading():
    """A real process: the shell passes bytes that are not UTF-8 (Python decodes them with surrogateescape)."""
    rag = Path(sys.executable).with_name("rag")
    command = [str(rag)] if rag.exists() else [sys.executable, "-m", "rag.cli"]
    env = dict(os.environ, RAG_INDEX_DIR="/nonexistent-never-read", PYTHONIOENCODING="utf-8")
    t0 = time.perf_counter()
    result = subprocess.run([os.fsencode(c) for c in command] + [b"ask", b"\xff\xfe import"],
                            capture_output=True, env=env, timeout=120)
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stdout == b""
    assert result.stderr.decode("utf-8").splitlines() == [
        "rag: error: the question is not valid text (undecodable bytes or an unpaired surrogate); send it as UTF-8"]
    assert time.perf_counter() - t0 < 60


@pytest.mark.slow
def test_stdin_batch_reports_a_bad_line_on_its_own_and_goes_on(real_assistant, monkeypatch, capsys):
    monkeypatch.setattr(cli, "_load", lambda args, rebuild=False: real_assistant)
    lines = ["国办发〔2018〕53号第（十五）条".encode(), b"\xff\xfe import", b"", "\x07单一窗口".encode(),
             "单一窗口是什么？".encode()]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"\n".join(lines) + b"\n"), encoding="utf-8"))
    assert cli.main(["ask", "--json", "-"]) == 2  # some lines failed
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 4  # one line per non-empty input line, in order
    objects = [json.loads(line) for line in out]
    assert all(ANSWER_KEYS <= set(o) for o in objects)
    assert objects[0]["mode"] == "lookup" and objects[0]["citations"][0]["clause"] == "五/（十五）"
    assert objects[1] == error_dict("\ufffd\ufffd import", objects[1]["error"])
    assert "not valid text" in objects[1]["error"]
    assert objects[2]["mode"] == "error" and "control characters" in objects[2]["error"]
    assert objects[3]["question"] == "单一窗口是什么？" and objects[3]["mode"] == "search"


# ---- 6. bad questions fail before any model is loaded ------------------------------------------------

@pytest.mark.parametrize("question, expected", [
    ("", "the question is empty"),
    (" \t\u3000 ", "the question is empty"),
    ("进口" * 50_000, "the question is 100,000 characters long; the limit is 2,000"),
    ("单一窗口\x07\x1b是什么", "control characters"),
], ids=["empty", "whitespace", "100k-chars", "control-chars"])
def test_bad_question_is_one_line_before_any_model(capsys, no_model, tmp_path, monkeypatch, question, expected):
    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "index"))
    assert cli.main(["ask", "--json", question]) == 2
    assert expected in one_error_line(capsys)
    assert snapshot(tmp_path) == {}


def test_argparse_mistakes_are_one_line(capsys):
    for argv, expected in ([["ask"], "the following arguments are required: question (see `rag ask --help`)"],
                           [["bogus"], "invalid choice: 'bogus'"],
                           [["eval", "--k", "many"], "argument --k: invalid int value: 'many'"]):
        with pytest.raises(SystemExit) as exit_:
            cli.main(argv)
        assert exit_.value.code == 2
        assert expected in one_error_line(capsys)


# ---- the JSON shape of a bad question: /ask and the Python API ---------------------------------------

class _FailingAssistant:
    documents: dict = {}

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def ask(self, question, docs=None, k=10, explain=False):
        validate_question(question)
        raise self.exc


@pytest.mark.parametrize("question, message", [
    ("", "the question is empty"),
    (None, "the question must be text"),
    ("\ud800", "the question is not valid text (undecodable bytes or an unpaired surrogate); send it as UTF-8"),
    ("单一窗口？", "internal error (ValueError)"),
])
def test_api_ask_returns_the_answer_object_for_bad_questions(monkeypatch, question, message):
    from ui import handlers

    monkeypatch.setattr(handlers, "_assistant", _FailingAssistant(ValueError("boom")))
    out = handlers.api_ask(question)
    assert out == {"question": question if isinstance(question, str) and question != "\ud800" else
                   ("\ufffd" if question else ""),
                   "answer": "", "refused": True, "mode": "error", "citations": [], "retrieved": [],
                   "error": message}
    json.dumps(out, ensure_ascii=False).encode("utf-8")  # printable as UTF-8: no surrogate survives


def test_api_ask_reports_an_index_that_cannot_be_opened(monkeypatch):
    from ui import handlers

    def broken():
        raise RagError("the index at /x is damaged; run `rag index`")

    monkeypatch.setattr(handlers, "get_assistant", broken)
    out = handlers.api_ask("单一窗口？")
    assert out["mode"] == "error" and out["error"] == "the index at /x is damaged; run `rag index`"
    assert ANSWER_KEYS <= set(out)


@pytest.mark.slow
def test_lookup_tab_says_what_is_missing(real_assistant, monkeypatch):
    from ui import handlers

    monkeypatch.setattr(handlers, "_assistant", real_assistant)
    html, cite, doc_id, path = handlers.find_clause("clause 99 of the Chongqing opinion", "en")
    assert "渝府办发〔2018〕175号 has no clause （九十九）; it has （一）–（十七）." in html
    assert (cite, doc_id, path) == ("", None, None)
