"""The corpus the user controls: `rag index PATH…` / `rag add` / `rag remove` / `rag list`, incremental
updates that embed only what changed, provenance, changed and vanished sources, duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rag.assistant
import rag.embed
from rag.assistant import Assistant
from rag.cli import main
from rag.corpus import update_index
from rag.store import load_index, read_manifest
from rag.types import RagError
from tests.conftest import FakeEmbedder, snapshot


class Counting(FakeEmbedder):
    """The fake embedder, counting the passages it embeds."""

    def __init__(self, dim: int = 64, salt: str = "") -> None:
        super().__init__(dim, salt)
        self.passages = 0

    def embed_passages(self, texts):
        self.passages += len(texts)
        return super().embed_passages(texts)


def _law(n_articles: int, subject: str) -> str:
    lines = [f"{subject}管理办法", "第一章 总则"]
    lines += [f"第{_cn(i)}条 {subject}的第{i}项规定：经营者应当按照规定办理{subject}手续，编号{i:03d}。"
              for i in range(1, n_articles + 1)]
    return "\n".join(lines) + "\n"


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


@pytest.fixture
def hundred(tmp_path) -> Path:
    """Five documents of twenty articles each: a 100-clause corpus."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for i, subject in enumerate(["进口许可", "出口退税", "海关监管", "外汇结算", "跨境电商"]):
        (folder / f"law{i}.txt").write_text(_law(20, subject), encoding="utf-8")
    return folder


@pytest.fixture
def models():
    return Counting(), Counting(dim=32, salt="x")


@pytest.fixture
def patched(monkeypatch, models):
    """The CLI and the Assistant use the counting fake embedders instead of the real models."""
    main_model, xling = models
    for module in (rag.embed, rag.assistant):
        monkeypatch.setattr(module, "load_embedder", lambda spec=None: main_model)
        monkeypatch.setattr(module, "load_xling", lambda spec=None: xling)
    return models


def test_a_new_cross_lingual_embedder_redoes_only_the_cross_lingual_vectors(hundred, tmp_path, models):
    """An index built without the cross-lingual list (or with another one) keeps its main vectors when the list is
    turned on: only the cross-lingual vectors are embedded, each chunk's its own; turned off, nothing is embedded."""
    main_model, xling = models
    root = tmp_path / "index"
    first = update_index(root, main_model, None, replace=[hundred])
    assert first.manifest.xling is None and load_index(root).xvectors is None
    main_model.passages = 0
    turned_on = update_index(root, main_model, xling)
    assert main_model.passages == 0 and xling.passages == first.manifest.counts["chunks"]
    assert turned_on.manifest.xling == xling.id
    index = load_index(root)
    for i in (0, len(index.chunks) // 2, len(index.chunks) - 1):
        assert (index.vectors[i] == main_model.embed_passages([index.chunks[i].text])[0]).all()
        assert (index.xvectors[i] == xling.embed_passages([index.chunks[i].text])[0]).all()
    main_model.passages = xling.passages = 0
    turned_off = update_index(root, main_model, None)
    assert main_model.passages == xling.passages == 0
    assert turned_off.manifest.xling is None and load_index(root).xvectors is None


def test_a_new_parser_version_embeds_only_the_chunks_whose_text_changed(hundred, tmp_path, models, monkeypatch):
    """After an upgrade that changes parsing, every document is parsed again, but a chunk whose text is what it
    was keeps its stored vectors: only the chunks the new parser made differently are embedded."""
    import rag.corpus
    import rag.index_write
    import rag.store

    main_model, xling = models
    root = tmp_path / "index"
    first = update_index(root, main_model, xling, replace=[hundred])
    import dataclasses

    import rag.chunk

    made = rag.chunk.make_chunks

    def new_parser(clauses):  # the new version writes article 1's chunk differently
        return [dataclasses.replace(c, text=c.text.replace("编号001", "编号 001")) for c in made(clauses)]

    monkeypatch.setattr(rag.chunk, "make_chunks", new_parser)
    for module in (rag.corpus, rag.store, rag.index_write):  # (each reads the version it imported)
        if hasattr(module, "PARSER_VERSION"):
            monkeypatch.setattr(module, "PARSER_VERSION", first.manifest.parser_version + 1)
    main_model.passages = xling.passages = 0
    report = update_index(root, main_model, xling)
    assert report.manifest.parser_version == first.manifest.parser_version + 1
    assert main_model.passages == xling.passages == 5  # each law's article 1, of 100 chunks
    index = load_index(root)
    assert len(index.chunks) == first.manifest.counts["chunks"]
    for i in range(len(index.chunks)):  # every vector is its own chunk's, reused or new
        assert (index.vectors[i] == main_model.embed_passages([index.chunks[i].text])[0]).all()
        assert (index.xvectors[i] == xling.embed_passages([index.chunks[i].text])[0]).all()


def test_opening_an_index_with_another_cross_lingual_embedder_keeps_its_main_vectors(hundred, tmp_path, models):
    """What the first start after an upgrade does to an index built without the cross-lingual list: it says so,
    embeds only the cross-lingual vectors and answers from the same main vectors (no rebuild)."""
    from rag.corpus import open_corpus

    main_model, xling = models
    root = tmp_path / "index"
    first = update_index(root, main_model, None, replace=[hundred])
    main_model.passages = 0
    said = []
    index = open_corpus(root, main_model, xling, show_progress=False, notice=said.append)
    assert main_model.passages == 0 and xling.passages == first.manifest.counts["chunks"]
    assert index.manifest.xling == xling.id and index.xvectors is not None
    assert any("cross-lingual vectors of the index" in line and "main vectors are reused" in line for line in said)
    assert not any(line.startswith("rebuilding") for line in said)


def test_add_and_remove_embed_only_the_changed_document(hundred, tmp_path, models):
    main_model, xling = models
    root = tmp_path / "index"
    first = update_index(root, main_model, xling, replace=[hundred])
    assert first.manifest.counts["clauses"] >= 100
    total = first.manifest.counts["chunks"]
    assert main_model.passages == xling.passages == total

    extra = tmp_path / "extra.txt"
    extra.write_text(_law(3, "服务贸易"), encoding="utf-8")
    main_model.passages = xling.passages = 0
    added = update_index(root, main_model, xling, add=[extra])
    assert added.added == ("extra.txt",)
    new_chunks = added.manifest.counts["chunks"] - total
    assert main_model.passages == xling.passages == added.embedded == new_chunks
    assert new_chunks <= 5

    main_model.passages = 0
    removed = update_index(root, main_model, xling, remove=["law2.txt"])
    assert removed.removed == ("law2.txt",) and main_model.passages == 0
    index = load_index(root)
    assert "law2.txt" not in index.documents and "extra.txt" in index.documents
    # the reused vectors are still the right ones: each chunk's stored vector is its own embedding
    for i in (0, len(index.chunks) // 2, len(index.chunks) - 1):
        assert (index.vectors[i] == main_model.embed_passages([index.chunks[i].text])[0]).all()
        assert (index.xvectors[i] == xling.embed_passages([index.chunks[i].text])[0]).all()


def test_index_paths_then_ask_answers_from_exactly_those(tmp_path, patched, capsys):
    zh = tmp_path / "notice.md"
    zh.write_text("# 关于加强冷链食品进口管理的通知\n\n一、严格检疫\n进口冷链食品应当逐批检测核酸，检测合格后方可放行。\n", encoding="utf-8")
    en = tmp_path / "guide.txt"
    en.write_text("Guide to tariff quotas\n\nWheat imports within the quota pay a tariff of 1 percent.\n", encoding="utf-8")
    assert main(["index", str(zh), str(en)]) == 0
    capsys.readouterr()
    assert main(["ask", "--json", "进口冷链食品如何检测？"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert "rebuild" not in captured.err and "seeds" not in captured.err  # never swapped for the seeds
    assert {r["doc"] for r in out["retrieved"]} <= {"notice.md", "guide.txt"}
    assert out["citations"][0]["doc"] == "notice.md"
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["doc"], r["origin"], r["status"]) for r in rows] == [
        ("guide.txt", "operator", "current"), ("notice.md", "operator", "current")]


def test_cli_add_remove_and_list(tmp_path, hundred, patched, capsys):
    main_model, _ = patched
    assert main(["index", str(hundred)]) == 0
    extra = tmp_path / "extra.txt"
    extra.write_text(_law(2, "服务贸易"), encoding="utf-8")
    main_model.passages = 0
    assert main(["add", str(extra)]) == 0
    out = capsys.readouterr().out
    assert "added extra.txt" in out and main_model.passages <= 3
    assert main(["remove", "law0"]) == 0  # a unique prefix is enough
    assert "removed law0.txt" in capsys.readouterr().out
    assert main(["remove", "nothing.txt"]) == 2
    assert "rag: error:" in capsys.readouterr().err
    assert main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "extra.txt" in listed and "law0.txt" not in listed


def test_a_changed_source_is_reindexed_and_a_vanished_one_reported(tmp_path, hundred, models, capsys):
    main_model, xling = models
    root = tmp_path / "index"
    Assistant.load(sources=[hundred], index_dir=root, embedder=main_model, xling=xling, show_progress=False)
    capsys.readouterr()
    (hundred / "law1.txt").write_text(_law(2, "出口退税") + "第三条 退税资金应当在十五个工作日内拨付。\n", encoding="utf-8")
    (hundred / "law4.txt").unlink()
    main_model.passages = 0
    assistant = Assistant.load(index_dir=root, embedder=main_model, xling=xling, show_progress=False)
    err = capsys.readouterr().err
    assert "re-indexing law1.txt" in err
    assert "law4.txt" in err and "is gone" in err
    assert main_model.passages <= 4  # only the changed document
    assert "law4.txt" in assistant.documents  # kept until the user removes it
    answer = assistant.ask("退税资金多久拨付？")
    assert answer.citations and answer.citations[0].clause.doc_id == "law1.txt"
    assert "十五个工作日" in answer.text


def test_a_running_assistant_picks_up_a_changed_source(tmp_path, hundred, models):
    main_model, xling = models
    root = tmp_path / "index"
    assistant = Assistant.load(sources=[hundred], index_dir=root, embedder=main_model, xling=xling,
                               show_progress=False)
    (hundred / "law3.txt").write_text("外汇结算办法\n第一条 结汇限额为每人每年五万美元。\n", encoding="utf-8")
    changes = assistant.refresh()
    assert [(c.doc_id, c.kind) for c in changes] == [("law3.txt", "changed")]
    assert "五万美元" in assistant.clause("law3.txt", "第一条").text


def test_duplicate_content_and_name_clashes_are_refused(tmp_path, hundred, models):
    main_model, xling = models
    root = tmp_path / "index"
    update_index(root, main_model, xling, replace=[hundred])
    before = snapshot(root)
    copy = tmp_path / "copy.txt"
    copy.write_bytes((hundred / "law0.txt").read_bytes())
    with pytest.raises(RagError, match="same content as law0.txt"):
        update_index(root, main_model, xling, add=[copy])
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "law0.txt").write_text("另一份同名文件\n第一条 内容不同。\n", encoding="utf-8")
    with pytest.raises(RagError, match="already indexed"):
        update_index(root, main_model, xling, add=[other / "law0.txt"])
    assert snapshot(root) == before


def test_adding_the_same_file_again_changes_nothing(tmp_path, hundred, models):
    main_model, xling = models
    root = tmp_path / "index"
    first = update_index(root, main_model, xling, replace=[hundred])
    again = update_index(root, main_model, xling, add=[hundred / "law0.txt"])
    assert not again.changed and again.manifest.generation == first.manifest.generation


def test_a_bad_file_in_an_add_leaves_the_index_untouched(tmp_path, hundred, models):
    main_model, xling = models
    root = tmp_path / "index"
    update_index(root, main_model, xling, replace=[hundred])
    before = snapshot(root)
    bad = tmp_path / "bad.txt"
    bad.write_bytes("进口".encode("gbk"))
    with pytest.raises(RagError, match="not UTF-8"):
        update_index(root, main_model, xling, add=[bad])
    assert snapshot(root) == before


def test_the_seeds_are_indexed_only_when_nothing_is(tmp_path, patched, capsys, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "demo.txt").write_text("示范文件\n（一）扩大进口。\n", encoding="utf-8")
    monkeypatch.setenv("RAG_SEEDS_DIR", str(seeds))
    own = tmp_path / "own.txt"
    own.write_text("自有文件\n第一条 出口管制。\n", encoding="utf-8")
    assert main(["ask", "扩大进口"]) == 0  # nothing indexed: the demo corpus
    assert "first use" in capsys.readouterr().err
    assert main(["index", str(own)]) == 0
    capsys.readouterr()
    assert main(["ask", "--json", "出口管制"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {r["doc"] for r in out["retrieved"]} == {"own.txt"}
    manifest = read_manifest(Path(__import__("os").environ["RAG_INDEX_DIR"]))
    assert list(manifest.documents) == ["own.txt"]


def test_seed_documents_are_recorded_as_shipped(tmp_path, patched, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "demo.txt").write_text("示范文件\n（一）扩大进口。\n", encoding="utf-8")
    monkeypatch.setenv("RAG_SEEDS_DIR", str(seeds))
    assistant = Assistant.load(show_progress=False)
    assert assistant.index.manifest.record("demo.txt").origin == "shipped"


def test_rag_index_a_pdf_a_docx_and_a_md_then_ask(tmp_path, patched, capsys):
    """`rag index a.pdf b.docx c.md`, then `rag ask`: answers come from exactly those three documents."""
    import shutil

    formats = Path(__file__).parent / "fixtures" / "formats"
    pdf, docx = tmp_path / "zh_rules.pdf", tmp_path / "en_guide.docx"
    shutil.copy(formats / "zh_rules.pdf", pdf)
    shutil.copy(formats / "en_guide.docx", docx)
    md = tmp_path / "notes.md"
    md.write_text("# 冷链进口须知\n\n一、检疫\n进口冷链食品应当逐批检测，合格后放行。\n", encoding="utf-8")
    assert main(["index", str(pdf), str(docx), str(md)]) == 0
    capsys.readouterr()
    assert main(["ask", "--json", "境内服务商应当如实向监管部门传输哪些电子信息？"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {r["doc"] for r in out["retrieved"]} <= {"zh_rules.pdf", "en_guide.docx", "notes.md"}
    assert out["citations"][0]["doc"] == "zh_rules.pdf" and out["citations"][0]["page"] >= 1
    assert main(["list", "--json"]) == 0
    assert [r["doc"] for r in json.loads(capsys.readouterr().out)] == ["en_guide.docx", "notes.md", "zh_rules.pdf"]


def test_an_index_segmented_with_another_dictionary_is_resegmented_without_embedding(hundred, tmp_path, models):
    """A glossary update changes how Chinese text is cut into words: an index whose search terms were cut with
    the old dictionary is written again with the new one (its vectors reused, nothing embedded), so that a
    question and the text it is matched with are cut alike; the manifest records the dictionary it used."""
    from rag.corpus import open_corpus
    from rag.lexicon import lexicon_key

    main_model, xling = models
    root = tmp_path / "index"
    update_index(root, main_model, xling, replace=[hundred])
    assert read_manifest(root).versions["lexicon"] == lexicon_key()
    data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    data["versions"]["lexicon"] = "an-older-dictionary"
    (root / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    before = read_manifest(root).generation
    main_model.passages = xling.passages = 0
    notices: list[str] = []
    index = open_corpus(root, main_model, xling, notice=notices.append)
    assert any("re-segmenting" in n for n in notices)
    assert main_model.passages == xling.passages == 0  # its vectors reused
    manifest = read_manifest(root)
    assert manifest.versions["lexicon"] == lexicon_key() and manifest.generation != before
    assert len(index.chunks) == manifest.counts["chunks"]
    notices.clear()
    open_corpus(root, main_model, xling, notice=notices.append)  # now current: left as it is
    assert notices == [] and read_manifest(root).generation == manifest.generation
