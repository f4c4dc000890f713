"""Start-up: the lexicon file (dictionaries looked up per text), tokens that match the index's, BM25
read without bm25s/scipy, and `rag serve` answering before it has warmed up."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from rag import lexicon
from rag import tokenize as rag_tokenize
from rag.tokenize import _tokens, tokenize, tokenize_corpus

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

TEXTS = [
    "跨境电商零售进口有哪些政策？",
    "推进国际贸易“单一窗口”建设，优化进口通关流程，降低进口环节制度性成本。",
    "What does the policy say about the single window?",
    "Cross-border e-commerce retail imports and the RCEP's 2018 tariffs (5.5%)",
    "重庆市2018年扩大进口RCEP e-commerce 跨境电子商务综合试验区 imports’ duties",
    "国办发〔2018〕53号第（十五）条",
    "",
    "鼓励优质消费品进口，积极发展跨境电商、市场采购贸易等新业态。",
]


def _seed_paragraphs(limit: int = 60) -> list[str]:
    out = []
    for path in sorted(SEEDS.iterdir()):
        out += [p for p in path.read_text(encoding="utf-8").split("\n") if p.strip()][:12]
    return out[:limit]


@pytest.fixture
def reference_jieba():
    """jieba's own tokenizer with its whole dictionary and the glossary's terms added, as indexing
    used it before the lexicon: the tokens everything must reproduce."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for term in sorted({zh for _, zh in lexicon.glossary_pairs() if zh}):
        tk.add_word(term)
    return tk


def test_query_tokens_match_index_tokens_in_chinese_english_and_mixed_text(reference_jieba, monkeypatch):
    """A question is segmented by looking up only the entries it needs; an index by the whole table in
    memory. Both give exactly jieba's tokens (so a question's words are the index's words)."""
    import rag.tokenize

    texts = TEXTS + _seed_paragraphs()
    expected = [_tokens(t, reference_jieba.cut_for_search) for t in texts]
    assert [tokenize(t) for t in texts] == expected
    monkeypatch.setattr(rag.tokenize, "BULK", 1)  # the in-memory path, as for a large index
    assert tokenize_corpus(texts) == expected
    assert "跨境电商零售进口" in tokenize(TEXTS[0])  # a glossary term kept whole (jieba alone splits it)
    assert "跨境电商零售进口" not in _tokens(TEXTS[0], __import__("jieba").Tokenizer().cut_for_search)
    assert tokenize(TEXTS[3])[:3] == ["cross-border", "e-commerce", "retail"]


def test_every_query_token_of_an_indexed_text_is_in_the_bm25_vocabulary(tiny_corpus, tmp_path, fake_embedder):
    from rag.corpus import build_index
    from rag.store import load_index

    root = tmp_path / "index"
    build_index([tiny_corpus], fake_embedder, root, show_progress=False)
    index = load_index(root)
    for chunk in index.chunks:
        toks = tokenize(chunk.text)
        assert toks and set(toks) <= set(index.bm25.vocab_dict), chunk.id
        assert index.bm25.get_scores(toks)[index.chunks.index(chunk)] > 0


# ---- the lexicon file --------------------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder for this test; the process's lexicon is reopened before and after."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("RAG_CACHE_DIR", str(folder))
    lexicon.reset()
    yield folder
    lexicon.reset()


def _segment(text: str) -> list[str]:
    return list(lexicon.tokenizer_for("jieba", text).cut_for_search(text))


def test_the_lexicon_is_written_at_index_time_and_used_read_only(cache, tiny_corpus, tmp_path, fake_embedder):
    from rag.corpus import build_index

    assert not cache.exists()
    build_index([tiny_corpus], fake_embedder, tmp_path / "index", show_progress=False)
    files = list(cache.glob("lexicon-*.sqlite"))
    assert files == [lexicon.lexicon_path()]
    lex = lexicon.lexicon()
    assert isinstance(lex, lexicon.SqliteLexicon)
    with pytest.raises(sqlite3.OperationalError):  # opened read-only: a reader never changes it
        lex.fetch("DELETE FROM jieba", ())
    meta = dict(sqlite3.connect(files[0]).execute("SELECT k, v FROM meta").fetchall())
    assert meta["key"] == lexicon.lexicon_key() and meta["complete"] == "1"


def test_a_missing_damaged_or_stale_lexicon_is_rebuilt_not_fatal(cache, reference_jieba):
    text = TEXTS[4]
    expected = list(reference_jieba.cut_for_search(text))
    # missing (an index built before the lexicon existed, or a cleared cache): built on first use
    assert _segment(text) == expected
    path = lexicon.lexicon_path()
    assert path.is_file()
    # damaged: not a database at all
    path.write_bytes(b"\x00garbage" * 100)
    lexicon.reset()
    assert _segment(text) == expected
    assert sqlite3.connect(path).execute("SELECT v FROM meta WHERE k = 'complete'").fetchone() == ("1",)
    # incomplete (a build killed half-way would never be renamed into place, but a copied file might be)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET v = '0' WHERE k = 'complete'")
    conn.commit()
    conn.close()
    lexicon.reset()
    assert _segment(text) == expected
    assert isinstance(lexicon.lexicon(), lexicon.SqliteLexicon)
    # stale: built from other sources (another glossary, another jieba): a new file; the old one is
    # removed once it is a week old (another checkout sharing the folder may still use it)
    stale, recent = cache / "lexicon-0123456789abcdef0123.sqlite", cache / "lexicon-recent0123456789abcd.sqlite"
    path.rename(stale)
    recent.write_bytes(b"")
    week_ago = time.time() - lexicon.KEEP_OTHERS_S - 60
    os.utime(stale, (week_ago, week_ago))
    lexicon.reset()
    assert _segment(text) == expected
    assert sorted(cache.glob("lexicon-*.sqlite")) == sorted([path, recent])
    assert oct(path.stat().st_mode & 0o777) == "0o644"


def test_a_cache_folder_that_cannot_be_written_falls_back_to_memory(tmp_path, monkeypatch, reference_jieba):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RAG_CACHE_DIR", str(blocker / "cache"))
    lexicon.reset()
    try:
        assert isinstance(lexicon.lexicon(), lexicon.MemoryLexicon)
        assert _segment(TEXTS[1]) == list(reference_jieba.cut_for_search(TEXTS[1]))
        from rag.translate import translate_terms

        assert "单一窗口" in [e.target for e in translate_terms("the single window", "zh")]
    finally:
        lexicon.reset()


def test_the_lexicon_key_follows_the_glossary(cache, monkeypatch, tmp_path):
    glossary = tmp_path / "glossary.tsv"
    glossary.write_bytes(lexicon.GLOSSARY_PATH.read_bytes())
    monkeypatch.setattr(lexicon, "GLOSSARY_PATH", glossary)
    before = lexicon.lexicon_key()
    glossary.write_text(glossary.read_text(encoding="utf-8") + "bonded zone test\t保税测试区\n", encoding="utf-8")
    assert lexicon.lexicon_key() != before


# ---- BM25 without bm25s (and scipy) --------------------------------------------------


def test_the_glossary_tables_are_kept_in_the_cache_folder(cache, monkeypatch):
    """Built once and read back (the same tables); a damaged file is rebuilt; an unwritable folder only
    means building them each time."""
    from rag import translate

    builds = []
    build = translate._build_glossary
    monkeypatch.setattr(translate, "_build_glossary", lambda: builds.append(1) or build())
    translate._glossary.cache_clear()
    try:
        first = translate._glossary()
        files = list(cache.glob("glossary-*.marshal"))
        assert len(files) == 1 and builds == [1]
        translate._glossary.cache_clear()
        assert translate._glossary() == first and builds == [1]  # read, not built
        files[0].write_bytes(b"\x00damaged")
        translate._glossary.cache_clear()
        assert translate._glossary() == first and builds == [1, 1]
        translate._glossary.cache_clear()
        assert translate._glossary() == first and builds == [1, 1]
        blocked = cache / "blocked"
        blocked.write_text("a file where the folder would be")
        monkeypatch.setenv("RAG_CACHE_DIR", str(blocked / "sub"))
        translate._glossary.cache_clear()
        assert translate._glossary() == first and builds == [1, 1, 1]
    finally:
        translate._glossary.cache_clear()


def test_runs_segmented_at_index_time_are_answered_from_the_segments_file(cache, tiny_corpus, tmp_path,
                                                                         fake_embedder, reference_jieba,
                                                                         monkeypatch):
    """Indexing keeps the Chinese runs of chunks, of clause heading + text and of the glossary's terms;
    a kept run is tokenized without jieba look-ups, into jieba's own tokens; a question's own runs are
    segmented as before and never written; a damaged file only means segmenting again."""
    from rag import segcache
    from rag.corpus import build_index
    from rag.store import load_index

    segcache.reset()
    try:
        build_index([tiny_corpus], fake_embedder, tmp_path / "index", show_progress=False)
        assert segcache.path().parent == cache and segcache.path().is_file()
        index = load_index(tmp_path / "index")
        texts = [c.heading + c.text for c in index.clauses] + ["单一窗口", "跨境电商"]
        runs = {r for t in texts for r in rag_tokenize._RUNS.findall(t) if r[0] >= "\u3400"}
        assert runs and all(segcache.lookup(r) is not None for r in runs)
        with monkeypatch.context() as m:
            m.setattr(lexicon, "tokenizer_for", lambda *a: pytest.fail("looked up in the lexicon"))
            for text in texts:
                assert tokenize(text) == _tokens(text, reference_jieba.cut_for_search)
        question = "长江经济带的港口怎么办理"  # words no indexed text has
        assert segcache.lookup(question) is None
        assert tokenize(question) == _tokens(question, reference_jieba.cut_for_search)
        assert segcache.lookup(question) is None  # a question is never written
        segcache.reset()
        segcache.path().write_bytes(b"\x00 not sqlite")
        assert tokenize(texts[0]) == _tokens(texts[0], reference_jieba.cut_for_search)
    finally:
        segcache.reset()


def test_bm25_scores_read_from_the_files_equal_bm25s(tiny_corpus, tmp_path, fake_embedder):
    import bm25s

    from rag.corpus import build_index
    from rag.sparse import Bm25Scores

    root = tmp_path / "index"
    manifest = build_index([tiny_corpus], fake_embedder, root, show_progress=False)
    folder = root / manifest.generation / "bm25"
    ours, theirs = Bm25Scores(folder), bm25s.BM25.load(str(folder), show_progress=False)
    vocab = [t for t in theirs.vocab_dict if t]
    assert vocab and set(ours.vocab_dict) == set(theirs.vocab_dict)
    for tok in vocab:
        np.testing.assert_array_equal(ours.get_scores([tok]), theirs.get_scores([tok]))
    query = vocab[:3] + vocab[-2:]
    np.testing.assert_allclose(ours.get_scores(query), theirs.get_scores(query), rtol=1e-6)
    assert not ours.get_scores(["no-such-token"]).any()


def test_bm25_files_that_disagree_are_refused(tiny_corpus, tmp_path, fake_embedder):
    from rag.corpus import build_index
    from rag.sparse import Bm25Scores

    root = tmp_path / "index"
    manifest = build_index([tiny_corpus], fake_embedder, root, show_progress=False)
    folder = root / manifest.generation / "bm25"
    indptr = np.load(folder / "indptr.csc.index.npy")
    np.save(folder / "indptr.csc.index.npy", indptr[:-3])
    with pytest.raises(ValueError, match="do not match"):
        Bm25Scores(folder)


UNNEEDED = ("bm25s", "scipy", "faiss", "yaml", "numpy.ma", "rag.ingest", "gradio")  # for an ask on a flat index


def test_a_cold_ask_imports_no_module_it_does_not_need(tiny_corpus, tmp_path, fake_embedder):
    """Checked in a fresh process: loading the index and answering leaves out bm25s and scipy (BM25 is
    read from its files), FAISS (a flat index is searched in numpy), and the file readers."""
    import subprocess
    import sys

    from rag.corpus import build_index

    root = tmp_path / "index"
    build_index([tiny_corpus], fake_embedder, root, show_progress=False)
    code = ("import sys, json\nimport numpy as np\nfrom pathlib import Path\n"
            "from rag.assistant import Assistant\n"
            "class Embedder:\n"
            f"    dim, id = 64, {fake_embedder.id!r}\n"
            "    def embed_queries(self, texts):\n        return np.full((len(texts), 64), 0.125, np.float32)\n"
            f"a = Assistant.load(index_dir=Path({str(root)!r}), embedder=Embedder(), show_progress=False)\n"
            "hits = a.search('进口 single window')\n"
            "a.ask('What does the policy say about the single window?')\n"
            f"print(json.dumps([len(hits)] + sorted(m for m in {UNNEEDED!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], env=dict(os.environ),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-500:]
    found, *loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert found > 0 and loaded == []


def test_flat_search_in_numpy_ranks_as_faiss_does(tmp_path):
    """rag/backends/flat.py against faiss.IndexFlatIP: the same rows in the same order, the same scores
    (to float32 rounding), with and without a subset; and the header check of a FAISS file."""
    import faiss

    from rag.backends.flat import FlatIndex, flat_header

    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(300, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = np.flatnonzero(rng.random(300) < 0.5)
    ref = faiss.IndexFlatIP(32)
    ref.add(vectors[ids])
    flat = FlatIndex(vectors, ids)
    assert (flat.d, flat.ntotal) == (32, len(ids))
    np.testing.assert_array_equal(flat.reconstruct(3), vectors[ids[3]])
    for _ in range(20):
        q = rng.normal(size=(1, 32)).astype(np.float32)
        want_s, want = ref.search(q, 10)
        got_s, got = flat.search(q, 10)
        assert got.tolist() == want.tolist()
        np.testing.assert_allclose(got_s, want_s, atol=1e-5)
        subset = np.flatnonzero(rng.random(len(ids)) < 0.3)
        want_s, want = ref.search(q, 5, params=faiss.SearchParameters(sel=faiss.IDSelectorBatch(subset)))
        got_s, got = flat.search(q, 5, subset=subset)
        assert got.tolist() == want.tolist() and set(got[0]) <= set(subset.tolist())
    assert flat.search(q, 400)[1][0].tolist()[len(ids):] == [-1] * (400 - len(ids))  # short: padded with -1
    out = tmp_path / "flat.faiss"
    faiss.write_index(ref, str(out))
    assert flat_header(out) == (32, len(ids))
    faiss.write_index(faiss.IndexHNSWFlat(32, 8, faiss.METRIC_INNER_PRODUCT), str(out))
    assert flat_header(out) is None


# ---- serve: the first page before warming up ---------------------------------------------------------


def test_serve_answers_before_warm_up_finishes(tiny_corpus, tmp_path, fake_embedder, monkeypatch):
    """The page is up while the Assistant is still warming; a question asked meanwhile is answered."""
    from rag.assistant import Assistant
    from ui import app, handlers

    assistant = Assistant.load(sources=[tiny_corpus], index_dir=tmp_path / "index", embedder=fake_embedder,
                               show_progress=False)
    release, started = threading.Event(), threading.Event()

    def slow_warm_up():
        started.set()
        assert release.wait(60)

    monkeypatch.setattr(assistant, "warm_up", slow_warm_up)
    monkeypatch.setattr(handlers, "_assistant", None)
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = app.serve("127.0.0.1", port, assistant=assistant, block=False)
    try:
        assert started.wait(30)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:
            assert r.status == 200 and b"gradio" in r.read().lower()
        assert not release.is_set()  # still warming up
        reply = handlers.api_ask("进口通关")
        assert "error" not in reply and reply["question"] == "进口通关" and isinstance(reply["refused"], bool)
    finally:
        release.set()
        demo.close()


def test_chinese_place_and_organisation_tags_match_jiebas_tagger():
    """Salience tags a Chinese question's words from the lexicon, without reading jieba's 350k tags
    at import; the tags are those of jieba's tagger over the same dictionary, and `jieba.posseg`
    itself still tags correctly in the same process. Run in a fresh process (the import is the point)."""
    import subprocess
    import sys

    code = '''
import json, logging, sys
import jieba
from rag.salience import salient_terms
from rag import lexicon
questions = ["重庆市和广东省的跨境电商政策", "RCEP对海关总署有什么要求？", "商务部2018年关于扩大进口的意见",
             "上海自贸区的单一窗口建设"]
ours = [salient_terms(q, "zh") for q in questions]
lazily = "jieba.posseg" in sys.modules and type(sys.modules["jieba.posseg"].dt).__name__ == "LazyTags"
import jieba.posseg as pseg
jieba.setLogLevel(logging.WARNING)
tk = jieba.Tokenizer()
tk.initialize()
for term in sorted({zh for _, zh in lexicon.glossary_pairs() if zh}):
    tk.add_word(term)
ref = pseg.POSTokenizer(tk)
same = all([tuple(p) for p in lexicon.pos_tokenizer_for(q).cut(q)] == [tuple(p) for p in ref.cut(q)]
           for q in questions)
print(json.dumps([same, lazily, [tuple(p) for p in pseg.cut("重庆市和广东省")], ours]))
'''
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], env=dict(os.environ),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-800:]
    same, lazily, tagged, ours = json.loads(out.stdout.strip().splitlines()[-1])
    assert same and lazily, ours
    assert ["重庆市", "ns"] in tagged and ["广东省", "ns"] in tagged
    assert ["重庆市", "广东省"] == ours[0][:2]


def test_accurate_mode_words_match_jiebas(reference_jieba):
    """`segment` (follow-up topics) gives jieba's accurate-mode words over the same dictionary."""
    from rag.tokenize import segment

    for text in [t for t in TEXTS + _seed_paragraphs(20) if t]:
        for run in __import__("re").findall(r"[\u3400-\u9fff]+", text):
            assert segment(run) == list(reference_jieba.cut(run)), run


# ---- patterns: compiled on first use, from the cache folder ---------------------------------------------

def _lazy_patterns() -> list:
    """Every module-level lazy pattern of the rag package (in lists, tuples and dicts too)."""
    import importlib
    import pkgutil

    import rag
    from rag.lazyre import LazyPattern

    found, seen = [], set()

    def walk(value, depth=0):
        if isinstance(value, LazyPattern):
            if id(value) not in seen:
                seen.add(id(value))
                found.append(value)
        elif depth < 3 and isinstance(value, (list, tuple, dict)):
            for item in (value.values() if isinstance(value, dict) else value):
                walk(item, depth + 1)

    for info in pkgutil.iter_modules(rag.__path__):
        module = importlib.import_module(f"rag.{info.name}")
        for value in vars(module).values():
            walk(value)
    return found


def test_lazy_patterns_behave_as_compiled_ones():
    import re

    from rag import lazyre

    lazy = lazyre.compile(r"(?P<n>\d+)\s*号", re.I)
    assert lazy.pattern == r"(?P<n>\d+)\s*号" and "compiled" not in vars(lazy)  # nothing compiled yet
    assert lazy.search("国办发〔2018〕53号").group("n") == "53"
    assert lazyre.sub(lazy, "N号", "53号 和 7 号") == "N号 和 N号"
    assert [m.group(0) for m in lazyre.finditer(lazy, "1号2号")] == ["1号", "2号"]
    assert lazyre.compile(lazy) is lazy and lazy.groupindex == {"n": 1}
    with pytest.raises(AttributeError):
        lazy.no_such_method



# ---- a cold `rag ask` loads what its question needs ------------------------------------------------------

_ASK_AND_LIST_MODULES = """
import json, sys
from rag.cli import main
status = main(["ask", sys.argv[1], "--json"])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _cold_ask(question: str, index_dir: Path) -> tuple[dict, set[str]]:
    """The answer of `rag ask --json` run in a fresh process, and the modules that process imported."""
    import subprocess
    import sys

    env = dict(os.environ, RAG_INDEX_DIR=str(index_dir), PYTHONIOENCODING="utf-8")
    out = subprocess.run([sys.executable, "-c", _ASK_AND_LIST_MODULES, question], cwd=Path(__file__).resolve().parents[1],
                         env=env, capture_output=True, text=True, encoding="utf-8", timeout=240)
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads(out.stderr.strip().splitlines()[-1])
    assert report["status"] == 0
    return json.loads(out.stdout.strip().splitlines()[-1]), set(report["modules"])


@pytest.mark.slow
def test_a_cold_english_ask_loads_no_chinese_tokenizer_and_no_stage_it_does_not_use(seeds_index):
    """An English question over the Chinese seeds is answered (with English glosses of Chinese titles and
    headings) without jieba, whose titles and headings were segmented at index time; nor are the claim
    verdict, the generator, logging or OpenSSL loaded. A claim does load its verdict stage."""
    answer, modules = _cold_ask("What does the policy say about the single window?", seeds_index)
    assert not answer["refused"] and answer["citations"]
    assert "translated" in answer["answer"]  # the English gloss of a Chinese clause
    unused = {"jieba", "rag.claims", "rag.generate", "rag.generators", "rag.clauses", "logging", "hashlib"}
    assert not unused & modules, unused & modules

    answer, modules = _cold_ask("Is it true that the single window covers air cargo?", seeds_index)
    assert "rag.claims" in modules and "verdict" in answer


def test_main_called_from_python_leaves_the_cycle_collector_alone(tiny_corpus, tmp_path, fake_embedder, monkeypatch,
                                                                   capsys):
    """Only the `rag` process itself (`rag.cli.run`: the console script, `python -m rag.cli`) answers its one question
    without the cycle collector and leaves its objects to the exit; a program calling `rag.cli.main` keeps its
    collector on and its objects collectable."""
    import gc

    from rag import cli
    from rag.assistant import Assistant
    from rag.corpus import build_index

    root = tmp_path / "index"
    build_index([tiny_corpus], fake_embedder, root, show_progress=False)
    assistant = Assistant.load(index_dir=root, embedder=fake_embedder, show_progress=False)
    monkeypatch.setattr(cli, "_load", lambda args, rebuild=False: assistant)
    import sys

    callers, freeze = [], gc.freeze

    def spy():  # (the index's own objects may be frozen when it is (re)opened: rag/assistant.py)
        callers.append(sys._getframe(1).f_code.co_filename)
        freeze()

    monkeypatch.setattr(gc, "freeze", spy)
    assert cli.main(["ask", "What does the policy say about the single window?"]) == 0
    assert capsys.readouterr().out.strip()
    assert gc.isenabled() and not [f for f in callers if f.endswith("cli.py")]


def test_the_literal_checks_before_patterns_never_change_what_a_question_is_read_as(monkeypatch):
    """A question's patterns are compiled only when it holds a word every match needs (the checks that keep a
    cold question from compiling dozens of patterns). With the checks off, every eval question of every split
    (and some made to hit each pattern) reads exactly the same: kind, years, span, clause reference, claim."""
    import glob

    from rag import answerability, claimtext, lookup
    from rag.answerability import asked_for
    from rag.claimtext import is_claim
    from rag.lookup import parse_ref, title_phrases

    root = Path(__file__).resolve().parents[1]
    questions = [json.loads(line)["question"] for f in sorted(glob.glob(str(root / "eval" / "**" / "questions.jsonl"),
                                                                    recursive=True))
                 for line in open(f, encoding="utf-8") if line.strip()]
    questions += ["Article 16 of the Foreign Trade Law", "ARTICLE five, item 3", "item (3) of article 16", "para. 2",
                  "the third measure", "Who pays the fee?", "How much money does it allocate?", "What percentage?",
                  "In which year was it issued?", "When was it signed in July?", "the first ten months of 2021",
                  "Is it true that imports rose 5%?", "这个说法对吗？", "第十六条第（三）项", "《海关法》第五条",
                  "İtem 4 of the ſection 2"]

    def read(q: str) -> tuple:
        return asked_for(q), parse_ref(q), title_phrases(q), is_claim(q)

    gated = [read(q) for q in questions]
    monkeypatch.setattr(answerability, "_EN_NEEDS", {})
    monkeypatch.setattr(answerability, "fold_case", lambda text: "first")  # (span_of's word: there)
    monkeypatch.setattr(lookup, "_search", lambda pattern, text, *needles: pattern.search(text))
    monkeypatch.setattr(lookup, "_EN_CLAUSE_WORDS", ("",))
    monkeypatch.setattr(lookup, "fold_case", lambda text: "law act code regulation")
    monkeypatch.setattr(claimtext, "_CLAIM_EN_NEEDS", ("",))
    assert [read(q) for q in questions] == gated
    assert len(questions) > 300
