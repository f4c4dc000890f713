"""Section 2 of benchmarks/bench.py: cold start of `rag ask` and `rag serve` as subprocesses (imports,
stages, first page, /ask through gradio_client, RSS)."""

from __future__ import annotations

import json
import os
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

import psutil

from timing import ROOT, log, rnd, run_timed, summary_ms

HEAVY_MODULES = ("gradio", "gradio_client", "torch", "sentence_transformers", "transformers")


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
