"""The on-disk index (fake embedder, tiny corpus): manifest, round trip, generations, staleness,
and refusing damaged indexes without touching them."""

from __future__ import annotations

import hashlib
import json
import types
from pathlib import Path

import faiss
import numpy as np
import pytest

from rag import index_write
from rag.parserversion import PARSER_VERSION
from rag.assistant import Assistant
from rag.clauses import parse_clauses
from rag.ingest import load_document
from rag.corpus import build_index, source_changes
from rag.store import FORMAT_VERSION, STAMPS, IndexCorrupt, load_index, read_manifest
from rag.types import RagError
from tests.conftest import FakeEmbedder, snapshot, wait_next_second

GBK_DOC = "关于促进进口的意见\n（一）扩大进口。\n".encode("gbk")


@pytest.fixture
def built(tiny_corpus, tmp_path, fake_embedder):
    """(corpus folder, index folder, manifest) of a fresh build."""
    root = tmp_path / "index"
    manifest = build_index([tiny_corpus], fake_embedder, root, show_progress=False)
    return tiny_corpus, root, manifest


def _gen(root: Path) -> Path:
    return root / read_manifest(root).generation


# ------------------------------------------------------------------------------------ manifest


def test_manifest_records_what_the_index_was_built_from(built, fake_embedder):
    corpus, root, manifest = built
    data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    assert data["format_version"] == FORMAT_VERSION
    assert data["parser_version"] == PARSER_VERSION
    assert data["embedder"] == "fake:bow-64" == fake_embedder.id
    assert data["dim"] == 64
    assert len(data["corpus_fingerprint"]) == 64
    assert manifest.sources == {"en_notes.md": str((corpus / "en_notes.md").resolve()),
                                "zh_rules.txt": str((corpus / "zh_rules.txt").resolve())}
    for name in ("en_notes.md", "zh_rules.txt"):
        record = data["documents"][name]
        assert record["origin"] == "operator" and record["added_at"]
        assert record["sha256"] == load_document(corpus / name).fingerprint
    assert data["xling"] == "use:multilingual-v3" and data["xling_dim"] == 512  # the cross-lingual list, by default
    assert data["index_types"] == {"en": "flat", "zh": "flat"}
    assert data["counts"]["documents"] == 2
    assert data["counts"]["clauses"] >= 8 and data["counts"]["chunks"] >= 8
    assert data["generation"].startswith("gen-")
    assert {"python", "faiss", "bm25s", "numpy"} <= set(data["versions"])
    gen = root / data["generation"]
    assert {"meta.sqlite", "chunk_clause.npy", "chunk_doc.npy", "chunk_lang.npy", "vectors.npy", "dense-zh.faiss",
            "dense-en.faiss"} <= set(data["files"])
    assert any(rel.startswith("bm25/") for rel in data["files"])
    on_disk = {str(p.relative_to(gen)) for p in gen.rglob("*") if p.is_file()} - {STAMPS}
    assert on_disk == set(data["files"])
    for rel, info in data["files"].items():
        raw = (gen / rel).read_bytes()
        assert info["bytes"] == len(raw)
        assert info["sha256"] == hashlib.sha256(raw).hexdigest()
    assert read_manifest(root) == manifest


def test_read_manifest_of_an_empty_folder_is_none(tmp_path):
    assert read_manifest(tmp_path) is None
    with pytest.raises(RagError, match="rag index"):
        load_index(tmp_path)


def test_no_temporary_folders_are_left(built):
    _, root, _ = built
    names = sorted(p.name for p in root.iterdir())
    assert [n for n in names if n.startswith(".tmp")] == []
    assert len([n for n in names if n.startswith("gen-")]) == 1


# ---------------------------------------------------------------------------------- round trip


def test_load_round_trip(built, fake_embedder):
    corpus, root, manifest = built
    index = load_index(root)
    assert index.manifest == manifest
    documents = [load_document(p) for p in sorted(corpus.iterdir())]
    assert index.documents == {d.doc_id: d for d in documents}
    expected = [c for d in documents for c in parse_clauses(d)]
    assert list(index.clauses) == expected
    assert [index.clauses[i] for i in range(len(expected))] == expected  # by row, as a question reads them
    assert index.clauses_of("zh_rules.txt") == [c for c in expected if c.doc_id == "zh_rules.txt"]
    assert len(index.chunks) == manifest.counts["chunks"]
    assert all(index.clauses[i].id == ch.clause_id for i, ch in zip(index.chunk_clause, index.chunks))
    for lang, (dense, ids) in index.dense.items():
        assert dense.d == 64 and dense.ntotal == len(ids)
        assert all(index.chunks[i].lang == lang for i in ids)
        # stored vectors are the embedder's passage vectors
        first = int(ids[0])
        expected_vec = fake_embedder.embed_passages([index.chunks[first].text])[0]
        np.testing.assert_allclose(dense.reconstruct(0), expected_vec, atol=1e-6)
    ids = [c.id for c in index.clauses]
    assert index.clause_index["zh_rules.txt#二/（三）"] == ids.index("zh_rules.txt#二/（三）")


def test_a_second_build_replaces_the_generation(built, fake_embedder):
    corpus, root, first = built
    wait_next_second()  # a build in a later second (same-second builds: see the next test)
    (corpus / "extra.txt").write_text("补充通知\n（一）扩大服务进口。\n", encoding="utf-8")
    second = build_index([corpus], fake_embedder, root, show_progress=False)
    assert second.generation != first.generation
    assert not (root / first.generation).exists()
    assert [p.name for p in root.glob("gen-*")] == [second.generation]
    assert read_manifest(root) == second
    assert "extra.txt" in load_index(root).documents


def test_two_builds_in_the_same_second(built, fake_embedder, monkeypatch):
    """Regression: the generation name has one-second resolution; a second build by the same
    process within that second used to fail with OSError (Directory not empty)."""
    corpus, root, first = built
    frozen = first.generation[len("gen-"):].rsplit("-", 1)[0]  # the first build's stamp
    real_time = index_write.time
    shim = types.SimpleNamespace(
        strftime=lambda fmt, *a: frozen if fmt == "%Y%m%d-%H%M%S" else real_time.strftime(fmt, *a),
        perf_counter=real_time.perf_counter, time=real_time.time)
    monkeypatch.setattr(index_write, "time", shim)
    (corpus / "extra.txt").write_text("补充通知\n（一）扩大服务进口。\n", encoding="utf-8")
    second = build_index([corpus], fake_embedder, root, show_progress=False)
    assert second.generation != first.generation
    assert "extra.txt" in load_index(root).documents
    assert read_manifest(root) == second
    assert [p.name for p in root.glob("gen-*")] == [second.generation]
    assert build_index([corpus], fake_embedder, root, show_progress=False) == second  # nothing changed
    (corpus / "extra.txt").write_text("补充通知\n（一）扩大服务贸易进口。\n", encoding="utf-8")
    third = build_index([corpus], fake_embedder, root, show_progress=False)
    assert third.generation != second.generation
    assert read_manifest(root) == third
    assert [p.name for p in root.glob("gen-*")] == [third.generation]


# ------------------------------------------------------------------------- changed sources


def test_unchanged_sources_report_nothing(built):
    assert source_changes(built[2]) == []


def test_a_changed_and_a_vanished_source_are_reported(built):
    corpus, _, manifest = built
    path = corpus / "zh_rules.txt"
    path.write_text(path.read_text(encoding="utf-8") + "（五）新增条款。\n", encoding="utf-8")
    (corpus / "en_notes.md").unlink()
    changes = {c.doc_id: c.kind for c in source_changes(manifest)}
    assert changes == {"zh_rules.txt": "changed", "en_notes.md": "missing"}


def test_touching_a_file_without_changing_it_is_no_change(built):
    corpus, _, manifest = built
    path = corpus / "zh_rules.txt"
    path.write_bytes(path.read_bytes())
    assert source_changes(manifest) == []


# ---------------------------------------------------------------------- Assistant.load and index


def test_assistant_load_builds_then_reuses(tiny_corpus, tmp_path, fake_embedder, capsys):
    root = tmp_path / "index"
    Assistant.load(sources=[tiny_corpus], index_dir=root, embedder=fake_embedder, show_progress=False)
    first = snapshot(root)
    assert "building the index" in capsys.readouterr().err
    Assistant.load(sources=[tiny_corpus], index_dir=root, embedder=fake_embedder, show_progress=False)
    assert snapshot(root) == first
    assert "building" not in capsys.readouterr().err


def test_assistant_load_with_another_embedder_rebuilds(built, capsys):
    corpus, root, first = built
    wait_next_second()
    other = FakeEmbedder(dim=32, salt="-b")
    assistant = Assistant.load(sources=[corpus], index_dir=root, embedder=other, show_progress=False)
    manifest = read_manifest(root)
    assert manifest.embedder == other.id == "fake:bow-32-b"
    assert manifest.dim == 32
    assert manifest.generation != first.generation
    assert "rebuilding" in capsys.readouterr().err
    assert assistant.index.manifest == manifest
    assert not (root / first.generation).exists()


def test_assistant_load_after_a_document_changed_rebuilds(built, fake_embedder):
    corpus, root, first = built
    wait_next_second()
    (corpus / "zh_rules.txt").write_text("新的意见\n（一）扩大技术进口。\n新增正文内容。\n", encoding="utf-8")
    assistant = Assistant.load(sources=[corpus], index_dir=root, embedder=fake_embedder, show_progress=False)
    assert read_manifest(root).generation != first.generation
    assert assistant.clause("zh_rules.txt", "（一）").text == "新增正文内容。"


# ----------------------------------------------------------------------------- damaged indexes


def _corrupt_faiss(root: Path) -> None:
    path = _gen(root) / "dense-zh.faiss"
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2:len(raw) // 2 + 16] = b"\xde\xad\xbe\xef" * 4
    path.write_bytes(bytes(raw))


def _truncate_docs(root: Path) -> None:
    path = _gen(root) / "meta.sqlite"
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def _remove_chunks(root: Path) -> None:
    (_gen(root) / "chunk_clause.npy").unlink()


def _remove_generation_file_from_bm25(root: Path) -> None:
    next((_gen(root) / "bm25").glob("*.json")).unlink()


def _future_format(root: Path) -> None:
    data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    data["format_version"] = 999
    (root / "manifest.json").write_text(json.dumps(data), encoding="utf-8")


def _garbage_manifest(root: Path) -> None:
    (root / "manifest.json").write_bytes(b"\x00\xffnot json at all{{{")


def _list_manifest(root: Path) -> None:
    (root / "manifest.json").write_text("[1, 2, 3]", encoding="utf-8")


def _incomplete_manifest(root: Path) -> None:
    data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    del data["files"]
    (root / "manifest.json").write_text(json.dumps(data), encoding="utf-8")


def _missing_generation(root: Path) -> None:
    import shutil

    shutil.rmtree(_gen(root))


DAMAGE = {
    "corrupt faiss": _corrupt_faiss,
    "truncated meta.sqlite": _truncate_docs,
    "missing chunk_clause.npy": _remove_chunks,
    "missing bm25 file": _remove_generation_file_from_bm25,
    "format_version 999": _future_format,
    "garbage manifest": _garbage_manifest,
    "manifest not an object": _list_manifest,
    "incomplete manifest": _incomplete_manifest,
    "missing generation": _missing_generation,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_index_is_refused_and_left_alone(built, fake_embedder, damage):
    corpus, root, _ = built
    DAMAGE[damage](root)
    before = snapshot(root)
    with pytest.raises(IndexCorrupt) as err:
        load_index(root)
    assert isinstance(err.value, RagError)
    assert "rag index" in str(err.value)
    assert "\n" not in str(err.value)
    assert snapshot(root) == before
    # the Assistant refuses it the same way and neither rebuilds nor repairs it
    with pytest.raises(IndexCorrupt, match="rag index"):
        Assistant.load(sources=[corpus], index_dir=root, embedder=fake_embedder, show_progress=False)
    assert snapshot(root) == before


def test_format_version_999_message(built):
    _, root, _ = built
    _future_format(root)
    with pytest.raises(IndexCorrupt, match="999"):
        read_manifest(root)


def test_dimension_mismatch_is_refused(built, fake_embedder):
    """A faiss file with the right checksum but the wrong dimension (e.g. a hand-edited manifest)."""
    _, root, _ = built
    gen = _gen(root)
    other = faiss.IndexFlatIP(8)
    other.add(np.ones((1, 8), dtype=np.float32))
    faiss.write_index(other, str(gen / "dense-zh.faiss"))
    data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    raw = (gen / "dense-zh.faiss").read_bytes()
    data["files"]["dense-zh.faiss"] = {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
    (root / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IndexCorrupt, match="dimension"):
        load_index(root)


# ------------------------------------------------------------------------- failed builds


def test_bad_file_in_the_folder_is_skipped_and_reported(built, fake_embedder):
    """Issue 16: one unreadable file is reported and skipped; it never blocks the other documents."""
    from rag.corpus import update_index

    corpus, root, _ = built
    before = set(load_index(root).documents)
    (corpus / "legacy.txt").write_bytes(GBK_DOC)
    report = update_index(root, fake_embedder, replace=[corpus])
    assert [name for name, _ in report.skipped] == ["legacy.txt"]
    assert "UTF-8" in report.skipped[0][1]
    assert set(load_index(root).documents) == before  # still usable, without the bad file


def test_bad_file_named_on_its_own_stops_the_build_and_keeps_the_previous_index(built, fake_embedder):
    corpus, root, _ = built
    before = snapshot(root)
    (corpus / "legacy.txt").write_bytes(GBK_DOC)
    with pytest.raises(RagError, match="UTF-8") as err:
        build_index([*sorted(p for p in corpus.iterdir() if p.name != "legacy.txt"), corpus / "legacy.txt"],
                    fake_embedder, root, show_progress=False)
    assert "legacy.txt" in str(err.value)
    assert snapshot(root) == before
    load_index(root)  # still usable


def test_bad_file_through_the_assistant_is_skipped_with_a_notice(built, fake_embedder, capsys):
    corpus, root, _ = built
    before = set(load_index(root).documents)
    (corpus / "legacy.txt").write_bytes(GBK_DOC)
    assistant = Assistant.load(sources=[corpus], index_dir=root, embedder=fake_embedder, show_progress=False)
    assert set(assistant.documents) == before
    assert "rag: skipped legacy.txt:" in capsys.readouterr().err


def test_empty_corpus_is_refused(tmp_path, fake_embedder):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "ignored.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    root = tmp_path / "index"
    with pytest.raises(RagError, match="empty"):
        build_index([empty], fake_embedder, root, show_progress=False)
    assert snapshot(root) == {}


def test_empty_corpus_keeps_the_previous_index(built, fake_embedder, tmp_path):
    _, root, _ = built
    before = snapshot(root)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(RagError, match="empty"):
        build_index([empty], fake_embedder, root, show_progress=False)
    assert snapshot(root) == before


def test_failure_while_embedding_keeps_the_previous_index(built):
    corpus, root, _ = built
    before = snapshot(root)

    class Exploding(FakeEmbedder):
        def embed_passages(self, texts):
            raise RuntimeError("model crashed")

    (corpus / "zh_rules.txt").write_text("新的意见\n（一）扩大技术进口。\n", encoding="utf-8")  # to be embedded
    with pytest.raises(RuntimeError):
        build_index([corpus], Exploding(), root, show_progress=False)
    after = snapshot(root)
    after.pop(".lock", None)
    before.pop(".lock", None)
    assert after == before
    assert not list(root.glob(".tmp-*"))


def test_concurrent_build_is_refused(built, fake_embedder):
    import fcntl

    corpus, root, _ = built
    with open(root / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(RagError, match="another `rag` command"):
            build_index([corpus], fake_embedder, root, show_progress=False)


def test_large_corpora_use_hnsw_recorded_in_the_manifest(tiny_corpus, tmp_path, fake_embedder, monkeypatch):
    """Above HNSW_FROM chunks per language the index is approximate (HNSW); the manifest says so, and
    on a small corpus it ranks exactly as the flat FAISS index on disk does, with and without a document
    filter (FAISS against FAISS: the fake embedder's vectors tie often, and engines order ties apart)."""
    import rag.segment_write
    from rag.retrieve import Retriever

    flat_root = tmp_path / "flat"
    build_index([tiny_corpus], fake_embedder, flat_root, show_progress=False)
    monkeypatch.setattr(rag.segment_write, "HNSW_FROM", 1)
    root = tmp_path / "hnsw"
    manifest = build_index([tiny_corpus], fake_embedder, root, show_progress=False)
    assert set(manifest.index_types.values()) == {"hnsw"}
    assert json.loads((root / "manifest.json").read_text(encoding="utf-8"))["index_types"] == manifest.index_types
    exact = load_index(flat_root)
    exact.dense = {lang: (faiss.read_index(str(_gen(flat_root) / f"dense-{lang}.faiss")), ids)
                   for lang, (_, ids) in exact.dense.items()}
    flat, hnsw = Retriever(exact, fake_embedder), Retriever(load_index(root), fake_embedder)
    assert set(flat.index.manifest.index_types.values()) == {"flat"}
    for chunk in hnsw.index.chunks:
        for docs in (None, {chunk.doc_id}):
            a, _ = flat.search(chunk.text, k=5, docs=docs)
            b, _ = hnsw.search(chunk.text, k=5, docs=docs)
            assert [h.clause.id for h in a] == [h.clause.id for h in b]
            assert docs is None or all(h.clause.doc_id == chunk.doc_id for h in b)


def test_a_loaded_index_keeps_answering_after_its_generation_is_deleted(built, fake_embedder):
    """FAISS indexes and the BM25 arrays are memory-mapped: a rebuild that deletes the generation a
    reader loaded (unlinking the mapped files) leaves that reader's answers unchanged."""
    from rag.retrieve import Retriever

    corpus, root, manifest = built
    retriever = Retriever(load_index(root), fake_embedder)
    questions = ["跨境电商零售进口", "customs clearance single window", "进口规模"]
    before = [[(h.clause.id, h.score) for h in retriever.search(q)[0]] for q in questions]
    (corpus / "extra.txt").write_text("关于冷链的通知\n（一）冷链食品进口实施检测。\n", encoding="utf-8")
    build_index([corpus], fake_embedder, root, show_progress=False)
    assert not (root / manifest.generation).exists()
    assert [[(h.clause.id, h.score) for h in retriever.search(q)[0]] for q in questions] == before
    assert all(before)
