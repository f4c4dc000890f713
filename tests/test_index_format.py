"""Index format 3 (clause metadata in meta.sqlite + memory-mapped chunk arrays) against format 2
(docs.json + chunks.json read whole): the same `rag ask --json` answers, and a format-2 index is
rewritten in format 3 on open (announced, vectors reused) instead of being refused."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from rag.answer import AnswerPolicy
from rag.assistant import Assistant
from rag.corpus import build_index
from rag.meta import ARRAY_FILES, META_FILE, ClauseTable
from rag.store import FORMAT_VERSION, load_index, read_manifest

QUESTIONS = ["单一窗口", "进口规模", "What about the single window?", "medicines and elderly care products",
             "沪府发〔2020〕7号第（三）条", "clause 3 of 沪府发〔2020〕7号", "跨境电商"]
POLICY = AnswerPolicy(threshold={"zh": 0.0, "en": 0.0})  # the fake embedder's cosines are low: compose anyway


def _answers(assistant: Assistant) -> list[dict]:
    return [json.loads(json.dumps(assistant.ask(q).to_dict(), ensure_ascii=False)) for q in QUESTIONS]


def _as_format_2(root: Path) -> None:
    """Rewrite the current generation as format 2 wrote it: docs.json and chunks.json, no meta files."""
    index = load_index(root)
    gen = root / index.manifest.generation
    docs = {"documents": [asdict(d) for d in index.documents.values()],
            "clauses": [{"doc_id": c.doc_id, "path": c.path, "heading": c.heading, "spans": c.spans, "lang": c.lang,
                         "level": c.level, "order": c.order} for c in index.clauses]}
    chunks = [asdict(c) for c in index.chunks]
    del index
    (gen / "docs.json").write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
    (gen / "chunks.json").write_text(json.dumps(chunks, ensure_ascii=False), encoding="utf-8")
    data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    for name in (META_FILE, *ARRAY_FILES):
        (gen / name).unlink()
        del data["files"][name]
    for name in ("docs.json", "chunks.json"):
        raw = (gen / name).read_bytes()
        data["files"][name] = {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
    data["format_version"] = 2
    (root / "manifest.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def two_formats(tiny_corpus, tmp_path, fake_embedder):
    """(corpus, format-3 index folder, format-2 copy of the same build)."""
    new = tmp_path / "index3"
    build_index([tiny_corpus], fake_embedder, new, show_progress=False)
    old = tmp_path / "index2"
    shutil.copytree(new, old)
    _as_format_2(old)
    return tiny_corpus, new, old


def test_format_3_answers_exactly_as_format_2(two_formats, fake_embedder):
    corpus, new, old = two_formats
    legacy = load_index(old)  # format 2 read the old way: every clause and chunk in lists
    assert legacy.manifest.format_version == 2 and isinstance(legacy.clauses, list)
    current = load_index(new)
    assert current.manifest.format_version == FORMAT_VERSION and isinstance(current.clauses, ClauseTable)
    assert list(current.clauses) == legacy.clauses and list(current.chunks) == legacy.chunks
    assert (np.asarray(current.chunk_clause) == legacy.chunk_clause).all()
    before = _answers(Assistant(legacy, fake_embedder, [corpus], old, policy=POLICY))
    after = _answers(Assistant(current, fake_embedder, [corpus], new, policy=POLICY))
    assert after == before
    assert any(a["citations"] for a in before) and any(a["mode"] == "lookup" for a in before)


def test_a_format_2_index_is_rewritten_on_open_with_the_same_answers(two_formats, fake_embedder, capsys):
    corpus, new, old = two_formats
    from rag.embed import load_xling

    # (built with the default cross-lingual list, which Assistant.load loads too)
    before = _answers(Assistant(load_index(old), fake_embedder, [corpus], old, policy=POLICY, xling=load_xling()))
    vectors = np.load(old / read_manifest(old).generation / "vectors.npy")
    assistant = Assistant.load(index_dir=old, embedder=fake_embedder, show_progress=False, policy=POLICY)
    err = capsys.readouterr().err
    assert f"in index format {FORMAT_VERSION} (it is in format 2); its vectors are reused" in err
    manifest = read_manifest(old)
    assert manifest.format_version == FORMAT_VERSION and "docs.json" not in manifest.files
    assert (np.load(old / manifest.generation / "vectors.npy") == vectors).all()
    assert _answers(assistant) == before


def test_format_1_is_still_refused(two_formats):
    from rag.store import IndexCorrupt

    _, _, old = two_formats
    data = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    data["format_version"] = 1
    (old / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IndexCorrupt, match=f"format version 1, this program reads {FORMAT_VERSION}; rebuild it with `rag index`"):
        load_index(old)


def test_a_deleted_generation_stays_readable_from_threads_that_had_not_read_it(tiny_corpus, tmp_path, fake_embedder):
    """An upload writes a new generation and deletes the old folder while questions may still be answered
    from the old index, on threads that never opened its meta.sqlite."""
    import threading

    root = tmp_path / "index"
    build_index([tiny_corpus], fake_embedder, root, show_progress=False)
    index = load_index(root)
    clauses, chunks = list(index.clauses), list(index.chunks)
    index.clauses._get.cache_clear()
    index.chunks._get.cache_clear()
    shutil.rmtree(root / index.manifest.generation)
    out: dict = {}

    def read() -> None:
        out["clauses"] = [index.clauses[i] for i in range(len(clauses))]
        out["of_doc"] = index.clauses_of("zh_rules.txt")
        out["chunks"] = list(index.chunks)

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    assert out["clauses"] == clauses and out["chunks"] == chunks
    assert out["of_doc"] == [c for c in clauses if c.doc_id == "zh_rules.txt"]
