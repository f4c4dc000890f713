"""Updates that write only what changed (index format 4, fake embedder, seeds + the tiny corpus).

- Adding a document writes one segment with its chunks; every file of the existing index is a hard link
  to the previous generation's (same inode: not one byte of it written again), and the document is found.
- Its BM25 scores are the ones a full rebuild of the same corpus gives it (scored with the whole index's
  statistics).
- Removing a document writes no data at all; replacing one hides the old copy.
- A crash in the middle of an update leaves the previous index loadable and answering the same; the next
  update cleans up.
- Too many or too large segments: the update rewrites the index as one segment, hidden copies dropped.
- A format-3 index (text inside the document's JSON) is read as it is; its first update writes format 4.
- Opening an index reads no document's text; a document's text is read when used.
"""

from __future__ import annotations

import json
import pickle
import shutil
import sqlite3

import numpy as np
import pytest

import rag.index_write as index_write
import rag.store as store
from rag.corpus import build_index, update_index
from rag.meta import MetaStore
from rag.retrieve import Retriever
from rag.store import FORMAT_VERSION, load_index, read_manifest
from rag.tokenize import tokenize
from tests.conftest import SEEDS, TINY_CORPUS


@pytest.fixture
def base(tmp_path, fake_embedder):
    root = tmp_path / "index"
    build_index([SEEDS], fake_embedder, root, show_progress=False, xling=None)
    return root


@pytest.fixture
def new_doc(tmp_path):
    folder = tmp_path / "new"
    folder.mkdir()
    path = folder / "zh_rules.txt"
    shutil.copy(TINY_CORPUS / "zh_rules.txt", path)
    return path


def _files(root):
    gen = root / read_manifest(root).generation
    return {str(p.relative_to(gen)): p.stat() for p in gen.rglob("*") if p.is_file()}


def _written(before: dict, after: dict) -> dict[str, int]:
    """Files of the new generation that are not hard links of the old one's: path -> bytes."""
    inodes = {st.st_ino for st in before.values()}
    return {rel: st.st_size for rel, st in after.items() if st.st_ino not in inodes}


def _rows_of(index, doc_id):
    return {int(r) for r in index.chunk_rows(doc_id)}


def test_adding_a_document_writes_only_its_segment(base, new_doc, fake_embedder):
    before = _files(base)
    report = update_index(base, fake_embedder, None, add=[new_doc])
    assert report.added == ("zh_rules.txt",) and report.embedded == 5
    after = _files(base)
    written = _written(before, after)
    # (and the stamps file: every file's size, mtime and inode, rewritten whole like the manifest)
    assert written and all(rel.startswith("seg-1/") or rel == ".stamps.json" for rel in written), written
    assert all(after[rel].st_ino == st.st_ino for rel, st in before.items() if rel != ".stamps.json")
    manifest = read_manifest(base)
    assert [s["name"] for s in manifest.segments] == [".", "seg-1"] and manifest.format_version == FORMAT_VERSION
    assert manifest.counts["documents"] == 6 and manifest.counts["chunks"] == len(load_index(base).chunks)

    index = load_index(base)
    rows = _rows_of(index, "zh_rules.txt")
    assert len(rows) == 5 and min(rows) == manifest.segments[0]["chunks"]  # after the base's rows
    retriever = Retriever(index, fake_embedder)
    text = index.chunks[min(rows)].text
    hits, _ = retriever.search(text, k=3)
    assert hits[0].clause.doc_id == "zh_rules.txt"
    assert index.clauses_of("zh_rules.txt")[0].text in index.documents["zh_rules.txt"].text


def test_an_added_segment_scores_bm25_as_a_full_rebuild(base, new_doc, fake_embedder, tmp_path):
    update_index(base, fake_embedder, None, add=[new_doc])
    incremental = load_index(base)
    full_root = tmp_path / "full"
    build_index([SEEDS, new_doc], fake_embedder, full_root, show_progress=False, xling=None)
    full = load_index(full_root)
    rows_full = {full.chunks[r].text: int(r) for r in full.chunk_rows("zh_rules.txt")}
    compared = 0
    for row in sorted(_rows_of(incremental, "zh_rules.txt")):
        chunk = incremental.chunks[row]
        for tok in dict.fromkeys(tokenize(chunk.text)):
            got = incremental.bm25.get_scores([tok])[row]
            want = full.bm25.get_scores([tok])[rows_full[chunk.text]]
            assert got == pytest.approx(want, rel=1e-6), tok
            compared += 1
    assert compared > 20


def test_removing_a_document_writes_no_data_and_hides_it(base, fake_embedder):
    index = load_index(base)
    gone = sorted(index.documents)[0]
    probe = index.chunks[min(_rows_of(index, gone))].text
    before = _files(base)
    report = update_index(base, fake_embedder, None, remove=[gone])
    assert report.removed == (gone,)
    assert _written(before, _files(base)) == {}  # the manifest alone changed
    index = load_index(base)
    assert gone not in index.documents and index.clauses_of(gone) == [] and len(index.chunk_rows(gone)) == 0
    assert not index.live.all()
    retriever = Retriever(index, fake_embedder)
    hits, info = retriever.search(probe, k=20)
    assert hits and all(h.clause.doc_id != gone for h in hits)
    for found in info["lists"].values():
        assert all(index.live[row] for row, _ in found)
    assert gone not in {c.doc_id for c in index.contents().clauses}


def test_replacing_a_document_hides_its_old_copy(base, new_doc, fake_embedder, monkeypatch):
    monkeypatch.setattr(index_write, "REWRITE_SHARE", 0.5)  # two segments of 5 chunks beside 81 stay segments
    update_index(base, fake_embedder, None, add=[new_doc])
    old_text = load_index(base).documents["zh_rules.txt"].text
    new_doc.write_text(new_doc.read_text(encoding="utf-8").replace("上海市", "杭州市"), encoding="utf-8")
    report = update_index(base, fake_embedder, None, refresh=["zh_rules.txt"])
    assert report.updated == ("zh_rules.txt",)
    index = load_index(base)
    assert [s["name"] for s in index.manifest.segments] == [".", "seg-1", "seg-2"]
    doc = index.documents["zh_rules.txt"]
    assert "杭州市" in doc.text and doc.text != old_text
    rows = _rows_of(index, "zh_rules.txt")
    assert min(rows) >= index.manifest.segments[0]["chunks"] + index.manifest.segments[1]["chunks"]
    hits, _ = Retriever(index, fake_embedder).search("上海市人民政府", k=10)
    assert all("上海市" not in h.clause.text for h in hits if h.clause.doc_id == "zh_rules.txt")


def test_a_crash_mid_update_leaves_the_old_index_answering(base, new_doc, fake_embedder, monkeypatch):
    manifest = read_manifest(base)
    question = load_index(base).chunks[3].text
    answer = [h.clause.id for h in Retriever(load_index(base), fake_embedder).search(question, k=5)[0]]
    real = index_write.write_segment

    def crash(folder, *args, **kwargs):
        real(folder, *args, **kwargs)
        (folder / "vectors.npy").write_bytes(b"half")  # torn write, then the process dies
        raise KeyboardInterrupt

    monkeypatch.setattr(index_write, "write_segment", crash)
    with pytest.raises(KeyboardInterrupt):
        update_index(base, fake_embedder, None, add=[new_doc])
    assert read_manifest(base) == manifest
    assert sorted(p.name for p in base.glob("gen-*")) == [manifest.generation]
    index = load_index(base)
    assert "zh_rules.txt" not in index.documents
    assert [h.clause.id for h in Retriever(index, fake_embedder).search(question, k=5)[0]] == answer
    monkeypatch.setattr(index_write, "write_segment", real)
    update_index(base, fake_embedder, None, add=[new_doc])
    assert not list(base.glob(".tmp-*")) and len(list(base.glob("gen-*"))) == 1
    assert "zh_rules.txt" in load_index(base).documents


def test_too_large_a_segment_rewrites_the_index_as_one(base, new_doc, fake_embedder, monkeypatch):
    index = load_index(base)
    gone = sorted(index.documents)[0]
    update_index(base, fake_embedder, None, remove=[gone])
    monkeypatch.setattr(index_write, "REWRITE_SHARE", 0.01)
    report = update_index(base, fake_embedder, None, add=[new_doc])
    assert report.embedded == 5  # only the new document is embedded; the rest is reused
    index = load_index(base)
    assert [s["name"] for s in index.manifest.segments] == ["."] and index.live is None
    assert gone not in index.documents and len(index.chunks) == index.manifest.counts["chunks"]
    assert index.manifest.segments[0]["tokens"] > 0


def test_a_format_3_index_is_read_as_it_is_and_rewritten_by_its_next_update(base, new_doc, fake_embedder):
    gen = base / read_manifest(base).generation
    con = sqlite3.connect(gen / "meta.sqlite")  # format 3: the text inside the document's JSON body
    con.execute("UPDATE documents SET body = json_set(body, '$.text', text)")
    con.execute("ALTER TABLE documents DROP COLUMN text")
    con.commit()
    con.execute("VACUUM")
    con.close()
    data = json.loads((base / "manifest.json").read_text(encoding="utf-8"))
    data["format_version"] = 3
    del data["segments"]
    data["files"]["meta.sqlite"] = {"bytes": (gen / "meta.sqlite").stat().st_size,
                                    "sha256": store._sha256(gen / "meta.sqlite")}
    (base / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    (gen / store.STAMPS).unlink(missing_ok=True)

    index = load_index(base)
    assert index.manifest.format_version == 3 and index.manifest.segments[0]["tokens"] is None
    doc = next(iter(index.documents.values()))
    assert doc.text and index.clauses_of(doc.doc_id)[0].text in doc.text
    update_index(base, fake_embedder, None, add=[new_doc])
    manifest = read_manifest(base)
    assert manifest.format_version == FORMAT_VERSION and [s["name"] for s in manifest.segments] == ["."]
    assert load_index(base).documents[doc.doc_id].text == doc.text


def test_opening_reads_no_document_text(base, monkeypatch):
    reads = []
    real = MetaStore._text
    monkeypatch.setattr(MetaStore, "_text", lambda self, row: reads.append(row) or real(self, row))
    index = load_index(base)
    assert reads == []
    doc = index.documents["000_274db59a894b4ffd.txt"]
    original = (SEEDS / "000_274db59a894b4ffd.txt").read_text(encoding="utf-8")
    assert doc.text and doc.text.split()[0] in original and reads == [0]
    plain = pickle.loads(pickle.dumps(doc))
    assert type(plain).__name__ == "Document" and plain == doc and plain.text == doc.text
    assert index.clauses[0].text  # a clause's text is cut from its document's, read on demand


def test_an_index_of_several_segments_gives_the_vectors_of_each(base, new_doc, fake_embedder):
    update_index(base, fake_embedder, None, add=[new_doc])
    index = load_index(base)
    rows = np.array(sorted(_rows_of(index, "zh_rules.txt")))
    want = fake_embedder.embed_passages([index.chunks[int(r)].text for r in rows])
    assert np.allclose(index.vectors[rows], want) and np.allclose(index.vectors[int(rows[0])], want[0])
    assert index.vectors.shape == (len(index.chunks), fake_embedder.dim)


def test_a_large_index_checks_mentions_by_its_vocabulary(base, new_doc, fake_embedder, monkeypatch):
    """Above TEXT_IN_MEMORY chunks "does the corpus mention X?" looks the term's tokens up in the BM25
    vocabulary instead of the joined text: the same answers for words its clauses have or lack (titles are
    not in the vocabulary)."""
    monkeypatch.setattr(index_write, "REWRITE_SHARE", 0.5)
    update_index(base, fake_embedder, None, add=[new_doc])
    index = load_index(base)
    joined = index.corpus_text()
    assert isinstance(joined, str)
    monkeypatch.setattr(store, "TEXT_IN_MEMORY", 0)
    words = index.corpus_text()
    assert not isinstance(words, str)
    terms = ["进口", "国务院办公厅", "跨境电商", "import", "imports", "成都", "chengdu", "2018", "2099"]
    assert [t in words for t in terms] == [t in joined for t in terms]
    assert any(t in words for t in terms) and not all(t in words for t in terms)
    assert words.has_word("import") and not words.has_word("chengdu")
