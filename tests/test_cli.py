"""The `rag` command, run as a subprocess against a copy of the session's seeds index.

Each subprocess loads the model and the index (a few seconds), so the number of calls is kept
small; user mistakes must exit 2 with one "rag: error: ..." line and leave the index untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rag.assistant import validate_question
from rag.types import RagError
from tests.conftest import PROJECT_ROOT, SEEDS, snapshot

D001 = "001_74f300c54dbf5e13.txt"
_RAG_SCRIPT = Path(sys.executable).with_name("rag")
RAG = [str(_RAG_SCRIPT)] if _RAG_SCRIPT.exists() else [sys.executable, "-m", "rag.cli"]

CITATION_KEYS = {"n", "doc", "title", "doc_number", "clause", "heading", "text"}
RETRIEVED_KEYS = {"doc", "clause", "text", "score"}


def run_rag(args: list[str], index_dir: Path, tmp_path: Path, stdin: str | None = None,
            timeout: float = 240) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    for key in ("RAG_EMBEDDER", "RAG_QUERY_PREFIX", "RAG_PASSAGE_PREFIX"):
        env.pop(key, None)
    env.update({
        "RAG_INDEX_DIR": str(index_dir),
        "RAG_DATA_DIR": str(tmp_path / "data"),
        "RAG_SEEDS_DIR": str(SEEDS),
        "RAG_NO_PROGRESS": "1",
        "PYTHONIOENCODING": "utf-8",
        # the checkout under test, also when the `rag` script was installed from another one
        "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])),
    })
    return subprocess.run(RAG + args, input=stdin, capture_output=True, text=True, encoding="utf-8",
                          env=env, cwd=tmp_path, timeout=timeout)


def assert_user_error(result: subprocess.CompletedProcess) -> str:
    """Exit code 2, one line on stderr starting "rag: error:", no traceback, nothing on stdout."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("rag: error:"), lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return lines[0]


@pytest.fixture
def index_copy(seeds_index, tmp_path) -> Path:
    """A private copy of the session's seeds index, so a test may damage it."""
    dest = tmp_path / "index"
    shutil.copytree(seeds_index, dest)
    return dest


# ------------------------------------------------------------------------------- rag ask --json


@pytest.mark.slow
def test_ask_json_contract(index_copy, tmp_path):
    before = snapshot(index_copy)
    result = run_rag(["ask", "--json", "跨境电商零售进口有哪些政策？"], index_copy, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert {"question", "answer", "refused", "citations", "retrieved"} <= set(data)
    assert data["question"] == "跨境电商零售进口有哪些政策？"
    assert isinstance(data["answer"], str) and data["answer"]
    assert data["refused"] is False
    assert data["citations"], "no citations"
    for n, citation in enumerate(data["citations"], 1):
        assert CITATION_KEYS <= set(citation)
        assert citation["n"] == n
        assert f"[{n}]" in data["answer"]
        assert citation["text"] and citation["title"] and citation["clause"]
        assert citation["doc"].endswith((".txt", ".md", ".html"))
    assert 1 <= len(data["retrieved"]) <= 10
    for hit in data["retrieved"]:
        assert RETRIEVED_KEYS <= set(hit)
        assert isinstance(hit["score"], (int, float))
    scores = [h["score"] for h in data["retrieved"]]
    assert scores == sorted(scores, reverse=True)
    assert "Traceback" not in result.stderr
    assert snapshot(index_copy) == before  # asking never writes to the index


@pytest.mark.slow
def test_ask_json_stdin_one_line_per_question(index_copy, tmp_path):
    questions = ["国办发〔2018〕53号第（十五）条", "What does the policy say about the single window?"]
    result = run_rag(["ask", "--json", "-"], index_copy, tmp_path, stdin="\n".join(questions) + "\n\n")
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    objects = [json.loads(line) for line in lines]
    assert [o["question"] for o in objects] == questions
    assert objects[0]["citations"][0]["doc"] == D001
    assert objects[0]["citations"][0]["clause"] == "五/（十五）"
    for o in objects:
        assert {"question", "answer", "refused", "citations", "retrieved"} <= set(o)


# ------------------------------------------------------------------------------- user mistakes


@pytest.mark.slow
@pytest.mark.parametrize("question, expected", [
    ("", "empty"),
    ("   ", "empty"),
    ("import " * (100_000 // 7) + "x" * (100_000 % 7), "limit"),
    ("单一窗口\x07\x1b是什么", "control characters"),
], ids=["empty", "whitespace", "100k-chars", "control-chars"])
def test_bad_question_exits_2(index_copy, tmp_path, question, expected):
    before = snapshot(index_copy)
    result = run_rag(["ask", "--json", question], index_copy, tmp_path)
    line = assert_user_error(result)
    assert expected in line
    assert snapshot(index_copy) == before


@pytest.mark.slow
def test_index_of_a_missing_folder_exits_2(index_copy, tmp_path):
    before = snapshot(index_copy)
    line = assert_user_error(run_rag(["index", "/nonexistent"], index_copy, tmp_path))
    assert "/nonexistent" in line
    assert snapshot(index_copy) == before


@pytest.mark.slow
def test_a_gbk_file_in_a_folder_is_skipped_and_named_alone_exits_2(index_copy, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("关于促进进口的意见\n（一）扩大进口。\n", encoding="utf-8")
    (corpus / "legacy.txt").write_bytes("旧文件\n（一）扩大进口。\n".encode("gbk"))
    before = snapshot(index_copy)
    line = assert_user_error(run_rag(["index", str(corpus / "legacy.txt")], index_copy, tmp_path))
    assert "legacy.txt" in line and "UTF-8" in line
    assert snapshot(index_copy) == before  # a file named on its own: an error, nothing written
    result = run_rag(["index", str(corpus)], index_copy, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "skipped legacy.txt" in result.stderr and "UTF-8" in result.stderr  # one bad file never blocks the rest
    listed = json.loads(run_rag(["list", "--json"], index_copy, tmp_path).stdout)
    assert [d["doc"] if "doc" in d else d["doc_id"] for d in listed] == ["ok.txt"]


@pytest.mark.slow
def test_index_of_an_empty_folder_exits_2(index_copy, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    before = snapshot(index_copy)
    line = assert_user_error(run_rag(["index", str(empty)], index_copy, tmp_path))
    assert "empty" in line
    assert snapshot(index_copy) == before


@pytest.mark.slow
def test_corrupt_index_exits_2_and_is_left_alone(index_copy, tmp_path):
    manifest = json.loads((index_copy / "manifest.json").read_text(encoding="utf-8"))
    faiss_file = index_copy / manifest["generation"] / "dense-zh.faiss"
    faiss_file.write_bytes(b"\x00garbage" * (faiss_file.stat().st_size // 8))
    before = snapshot(index_copy)
    line = assert_user_error(run_rag(["ask", "--json", "单一窗口是什么？"], index_copy, tmp_path))
    assert "rag index" in line
    assert snapshot(index_copy) == before


# ------------------------------------------------------------------------------------ rag show


@pytest.mark.slow
def test_show_document_and_clause(index_copy, tmp_path):
    result = run_rag(["show", "001"], index_copy, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "国办发〔2018〕53号" in result.stdout.splitlines()[0]
    listed = [line.split()[0] for line in result.stdout.splitlines()[1:] if line.strip()]
    assert "五/（十五）" in listed
    assert "二/（三）" in listed and "一/（二）/一是" in listed

    result = run_rag(["show", "001", "（十五）"], index_copy, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert "五/（十五） 优化进口通关流程" in out
    assert "打造具有国际先进水平的国际贸易“单一窗口”" in out
    assert "国办发〔2018〕53号" in out


# ---------------------------------------------------------------------- in-process, no model


def test_validate_question():
    assert validate_question("  单一窗口 \n\t 是什么？ ") == "单一窗口 是什么？"
    assert validate_question("a" * 2000) == "a" * 2000
    with pytest.raises(RagError, match="limit"):
        validate_question("a" * 2001)
    with pytest.raises(RagError, match="control"):
        validate_question("单一\x00窗口")
    with pytest.raises(RagError, match="empty"):
        validate_question("\u3000 \n")
    with pytest.raises(RagError, match="text"):
        validate_question(None)


def test_parser_knows_the_commands():
    from rag.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["ask", "--json", "--doc", "001", "q"])
    assert args.json and args.doc == ["001"] and args.question == "q"
    args = parser.parse_args(["--embedder", "st:/models/x", "index", "a", "b", "-q"])
    assert args.embedder == "st:/models/x" and args.paths == ["a", "b"] and args.quiet
    args = parser.parse_args(["show", "001", "（十五）"])
    assert (args.doc, args.clause) == ("001", "（十五）")


def test_main_turns_rag_errors_into_exit_code_2(tmp_path, capsys, monkeypatch):
    from rag.cli import main

    monkeypatch.setenv("RAG_INDEX_DIR", str(tmp_path / "index"))
    assert main(["index", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("rag: error: no such file or folder")
    assert err.count("\n") == 1
    assert not (tmp_path / "index").exists() or snapshot(tmp_path / "index") == {}


def test_project_folders_are_not_the_defaults():
    from rag import config

    assert config.index_dir() != PROJECT_ROOT / "index"
    assert config.uploads_dir().parent != PROJECT_ROOT / "data"
