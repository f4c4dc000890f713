"""Load test of `rag serve` through its `/ask` API (gradio_client), on loopback only.

    .venv/bin/python benchmarks/loadtest.py                          # 20 conversations, 1000 questions
    .venv/bin/python benchmarks/loadtest.py --concurrency 20 --questions 100 --max-seconds 300

It starts `rag serve` on a free 127.0.0.1 port (temporary RAG_INDEX_DIR: a copy of --index-dir, or
built by the server at start; empty temporary RAG_DATA_DIR), waits until it answers, then runs
--concurrency threads, each one conversation with its own gradio_client.Client, that together ask
--questions questions drawn (fixed seed) from eval/questions.jsonl in both languages. Checks: every
question gets an answer object, none is an error, and every answer to the same question is identical
(answer text, refused flag and cited clause ids) across the whole run. Reports latency (p50/p95/p99/max),
throughput, errors, mismatches and the server's peak RSS (psutil, sampled every 100 ms), prints a
summary and writes benchmarks/loadtest.json (or --out).

Exit status: 0 all good; 1 errors or mismatches; 3 the --max-seconds limit stopped the run first;
2 the server did not start. Nothing is sent anywhere but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
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
from collections import Counter
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "eval" / "questions.jsonl"
DEFAULT_OUT = ROOT / "benchmarks" / "loadtest.json"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load_questions(path: Path) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                item = json.loads(line)
                out.append({"id": item.get("id"), "question": item["question"], "lang": item.get("lang", "?")})
    if not out:
        raise SystemExit(f"no questions in {path}")
    return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class RssSampler(threading.Thread):
    """Peak resident memory of a process and its children, sampled every `every` seconds."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.every = every
        self.peak = 0
        self.last = 0
        self.samples = 0
        self.cpu_seconds = 0.0
        self.timeline: list[tuple[float, float]] = []  # (seconds, MB) every 5 s: growth would show a leak
        self._halt = threading.Event()

    def rss(self) -> int:
        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def run(self) -> None:
        t0 = time.monotonic()
        while not self._halt.is_set():
            try:
                self.last = self.rss()
                times = self.proc.cpu_times()
                self.cpu_seconds = times.user + times.system
            except psutil.Error:
                break
            self.peak = max(self.peak, self.last)
            self.samples += 1
            elapsed = time.monotonic() - t0
            if not self.timeline or elapsed - self.timeline[-1][0] >= 5:
                self.timeline.append((round(elapsed, 1), round(self.last / 2**20, 1)))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


def _die_with_parent() -> None:
    """In the server process (Linux): get SIGTERM when the load test dies, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_server(port: int, index_dir: Path, data_dir: Path, log_path: Path) -> subprocess.Popen:
    env = {**os.environ, "RAG_INDEX_DIR": str(index_dir), "RAG_DATA_DIR": str(data_dir), "RAG_NO_PROGRESS": "1",
           "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1", "NO_PROXY": "127.0.0.1,localhost"}
    env.setdefault("OMP_NUM_THREADS", "1")
    log = open(log_path, "wb")
    try:
        return subprocess.Popen([sys.executable, "-m", "rag.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    finally:
        log.close()


def wait_ready(url: str, proc: subprocess.Popen, deadline: float) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with opener.open(url + "/config", timeout=3) as resp:
                if resp.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


class Run:
    """Shared state of the worker threads."""

    def __init__(self, plan: list[dict], deadline: float) -> None:
        self.plan = plan
        self.deadline = deadline
        self.next = 0
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[dict] = []
        self.mismatches: list[dict] = []
        self.signatures: dict[str, tuple] = {}
        self.repeats = Counter()
        self.answered = 0
        self.refused = 0
        self.by_lang = Counter()
        self.stopped_by_deadline = False

    def take(self) -> dict | None:
        with self.lock:
            if self.next >= len(self.plan):
                return None
            if time.monotonic() >= self.deadline:
                self.stopped_by_deadline = True
                return None
            item = self.plan[self.next]
            self.next += 1
            return item

    def record(self, item: dict, seconds: float, result: object) -> None:
        q = item["question"]
        with self.lock:
            if not isinstance(result, dict) or "error" in result or not isinstance(result.get("answer"), str) \
                    or not result.get("answer") or not isinstance(result.get("citations"), list):
                self.errors.append({"question": q, "error": f"bad answer object: {str(result)[:300]}"})
                return
            self.latencies.append(seconds)
            self.answered += 1
            self.by_lang[item["lang"]] += 1
            self.refused += bool(result.get("refused"))
            signature = (result["answer"], bool(result.get("refused")),
                         tuple(f"{c.get('doc')}#{c.get('clause')}" for c in result["citations"]))
            first = self.signatures.setdefault(q, signature)
            self.repeats[q] += 1
            if signature != first:
                self.mismatches.append({"question": q, "first": list(first[2]), "now": list(signature[2]),
                                        "first_answer": first[0][:200], "now_answer": signature[0][:200]})

    def fail(self, item: dict | None, error: str) -> None:
        with self.lock:
            self.errors.append({"question": item["question"] if item else None, "error": error[:500]})


def worker(url: str, run: Run, ready: threading.Barrier) -> None:
    from gradio_client import Client

    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # noqa: BLE001 - counted as an error
        run.fail(None, f"client could not connect: {type(exc).__name__}: {exc}")
        ready.abort()
        return
    try:
        ready.wait(timeout=120)
    except threading.BrokenBarrierError:
        pass
    while (item := run.take()) is not None:
        t0 = time.perf_counter()
        try:
            job = client.submit(item["question"], api_name="/ask")
            result = job.result(timeout=max(1.0, run.deadline - time.monotonic()))
        except Exception as exc:  # noqa: BLE001 - counted as an error
            if time.monotonic() >= run.deadline:
                with run.lock:
                    run.stopped_by_deadline = True
                break
            run.fail(item, f"{type(exc).__name__}: {exc}")
            continue
        run.record(item, time.perf_counter() - t0, result)
    try:
        client.close()
    except Exception:  # noqa: BLE001
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=20, help="simultaneous conversations (default 20)")
    parser.add_argument("--questions", type=int, default=1000, help="questions in total (default 1000)")
    parser.add_argument("--max-seconds", type=float, default=900, help="hard limit for the whole run (default 900)")
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument("--index-dir", type=Path, default=None,
                        help="a built index to copy (default: the server builds one at start)")
    parser.add_argument("--questions-file", type=Path, default=QUESTIONS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON report (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    if args.concurrency < 1 or args.questions < 1:
        parser.error("--concurrency and --questions must be positive")

    t_start = time.monotonic()
    hard_deadline = t_start + args.max_seconds
    pool = load_questions(args.questions_file)
    rng = random.Random(args.seed)
    plan = [rng.choice(pool) for _ in range(args.questions)]
    port = args.port or free_port()
    url = f"http://127.0.0.1:{port}"
    tmp = Path(tempfile.mkdtemp(prefix="rag-loadtest-"))
    index_dir, data_dir, log_path = tmp / "index", tmp / "data", tmp / "server.log"
    if args.index_dir:
        shutil.copytree(args.index_dir, index_dir)
    load_before = os.getloadavg()
    print(f"loadtest: starting rag serve on {url} ({'copied index' if args.index_dir else 'building the index'})",
          file=sys.stderr, flush=True)
    proc = start_server(port, index_dir, data_dir, log_path)
    sampler = None
    report: dict = {}
    try:
        if not wait_ready(url, proc, hard_deadline):
            print(f"loadtest: the server did not start (exit {proc.poll()}):\n"
                  + log_path.read_text(errors="replace")[-3000:], file=sys.stderr)
            return 2
        startup_s = time.monotonic() - t_start
        sampler = RssSampler(proc.pid)
        sampler.start()
        time.sleep(0.3)
        rss_ready = sampler.rss()
        cpu_before = sampler.cpu_seconds

        run = Run(plan, hard_deadline)
        ready = threading.Barrier(args.concurrency + 1)
        threads = [threading.Thread(target=worker, args=(url, run, ready), daemon=True, name=f"conv-{i}")
                   for i in range(args.concurrency)]
        for th in threads:
            th.start()
        try:
            ready.wait(timeout=180)
        except threading.BrokenBarrierError:
            pass
        print(f"loadtest: {args.concurrency} conversations connected; asking {args.questions} questions",
              file=sys.stderr, flush=True)
        t0 = time.monotonic()
        last_report = t0
        while any(th.is_alive() for th in threads):
            for th in threads:
                th.join(timeout=0.5)
            if time.monotonic() - last_report > 15:
                last_report = time.monotonic()
                print(f"loadtest: {run.answered}/{args.questions} answered, {len(run.errors)} errors, "
                      f"{time.monotonic() - t0:.0f}s", file=sys.stderr, flush=True)
            if time.monotonic() > hard_deadline + 30:  # workers stuck past the limit: give up on them
                run.stopped_by_deadline = True
                break
        drive_s = time.monotonic() - t0
        sampler.stop()
        cpu_used = sampler.cpu_seconds - cpu_before
        server_alive = proc.poll() is None
        lat = run.latencies
        report = {
            "config": {"concurrency": args.concurrency, "questions": args.questions, "max_seconds": args.max_seconds,
                       "seed": args.seed, "questions_file": str(args.questions_file.relative_to(ROOT))
                       if args.questions_file.is_relative_to(ROOT) else str(args.questions_file),
                       "distinct_questions": len({p["question"] for p in plan}),
                       "languages": dict(Counter(p["lang"] for p in plan)),
                       "index": "copied" if args.index_dir else "built by the server at start",
                       "server_omp_threads": os.environ.get("OMP_NUM_THREADS", "1")},
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                        "loadavg_before": [round(x, 2) for x in load_before],
                        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
                        "note": "shared machine: other processes were running; latencies are indicative"},
            "startup_seconds": round(startup_s, 2),
            "drive_seconds": round(drive_s, 2),
            "answered": run.answered,
            "refused_answers": run.refused,
            "answered_by_lang": dict(run.by_lang),
            "errors": len(run.errors),
            "error_examples": run.errors[:10],
            "mismatches": len(run.mismatches),
            "mismatch_examples": run.mismatches[:10],
            "questions_asked_more_than_once": sum(1 for n in run.repeats.values() if n > 1),
            "stopped_by_time_limit": run.stopped_by_deadline or run.answered + len(run.errors) < args.questions,
            "latency_seconds": {
                "p50": round(percentile(lat, 0.50), 4), "p95": round(percentile(lat, 0.95), 4),
                "p99": round(percentile(lat, 0.99), 4), "max": round(max(lat), 4) if lat else None,
                "mean": round(statistics.fmean(lat), 4) if lat else None,
                "min": round(min(lat), 4) if lat else None},
            "throughput_qps": round(run.answered / drive_s, 3) if drive_s > 0 else None,
            "server": {"peak_rss_mb": round(sampler.peak / 2**20, 1), "rss_ready_mb": round(rss_ready / 2**20, 1),
                       "rss_end_mb": round(sampler.last / 2**20, 1), "rss_samples": sampler.samples,
                       "cpu_seconds": round(cpu_used, 1),
                       "cpu_seconds_per_question": round(cpu_used / run.answered, 4) if run.answered else None,
                       "alive_at_end": server_alive, "rss_timeline_mb": sampler.timeline},
            "total_seconds": round(time.monotonic() - t_start, 2),
        }
    finally:
        try:
            stop_server(proc)  # first: whatever else fails, no server is left behind
        finally:
            if sampler is not None:
                sampler.stop()
        if report:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        shutil.rmtree(tmp, ignore_errors=True)

    lat = report["latency_seconds"]
    print(f"\nanswered {report['answered']}/{args.questions} ({report['refused_answers']} not-found answers) "
          f"with {args.concurrency} concurrent conversations in {report['drive_seconds']:.1f}s")
    print(f"latency  p50 {lat['p50']:.3f}s  p95 {lat['p95']:.3f}s  p99 {lat['p99']:.3f}s  max {lat['max']:.3f}s")
    print(f"throughput {report['throughput_qps']:.2f} questions/s   errors {report['errors']}   "
          f"mismatches {report['mismatches']}")
    print(f"server peak RSS {report['server']['peak_rss_mb']:.0f} MB (ready {report['server']['rss_ready_mb']:.0f} MB),"
          f" startup {report['startup_seconds']:.1f}s   -> {args.out}")
    if report["errors"] or report["mismatches"] or not report["server"]["alive_at_end"]:
        for example in report["error_examples"][:3] + report["mismatch_examples"][:3]:
            print(f"  {json.dumps(example, ensure_ascii=False)[:400]}", file=sys.stderr)
        return 1
    if report["stopped_by_time_limit"]:
        print(f"loadtest: stopped by --max-seconds {args.max_seconds:g} before all questions were asked",
              file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
