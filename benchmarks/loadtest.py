"""Load test of `rag serve` through its `/ask` API (gradio_client), on loopback only.

    .venv/bin/python benchmarks/loadtest.py                          # 50 conversations, 1000 questions
    .venv/bin/python benchmarks/loadtest.py --concurrency 20 --questions 100 --max-seconds 300
    .venv/bin/python benchmarks/loadtest.py --maximal-clients 4 --uploads   # mixed with maximal questions + uploads
    .venv/bin/python benchmarks/loadtest.py --compare --concurrency 10     # idle vs under load, side by side
    .venv/bin/python benchmarks/loadtest.py --workers 1,2 --questions 300  # throughput of `rag serve --workers N`

--workers N1,N2,… runs the whole test once per count against a server whose questions are answered by
that many worker processes (`rag serve --workers N`, rag/workers.py; 1 = in-process, as `rag serve`),
each run after --warm questions (default 4 per worker) that are not measured, and writes the runs side
by side with their throughput (questions/s) and its ratio to the first count. With --direct the
questions go straight to `PooledAssistant.ask` (or `Assistant.ask` for 1) from threads of this process,
without HTTP or gradio_client: the answering capacity the worker count changes, apart from the web
server's and the clients' own CPU (on a 2-core machine the clients otherwise take a core themselves).

--maximal-clients N adds N clients that send maximal questions (the longest the server accepts) back to
back; --uploads drops two hostile uploads into the server while questions run (a 2 MB one-line text and
a 1 MB deeply nested HTML page, handed to the UI's upload handler inside the server process, the path a
browser upload takes). Latencies of normal questions are reported idle (no upload indexing) and during
the uploads. --compare runs three phases against one server: idle; with --maximal-clients (default 4)
sending maximal questions; during the two uploads, and prints p50/p95 of normal questions for each.

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
import concurrent.futures
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

    def cpu(self) -> float:
        """CPU seconds of the server and its worker processes."""
        total = 0.0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                times = p.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                pass
        return total

    def run(self) -> None:
        t0 = time.monotonic()
        while not self._halt.is_set():
            try:
                self.last = self.rss()
                self.cpu_seconds = self.cpu()
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


SERVE_FLAG = "--serve-for-loadtest"


def serve_for_loadtest(port: int, drop: Path, workers: int = 1) -> None:
    """The server process: what `rag serve` runs (ui.app.serve) on loopback, plus a drop folder whose files
    go through the UI's upload handler (ui.handlers.add_document) one at a time, as a browser upload does;
    each outcome is written to NAME.done (JSON: ok, message, start and end time)."""
    sys.path.insert(0, str(ROOT))
    from ui import app, handlers

    assistant = None
    if workers > 1:  # what `rag serve --workers N` does
        from rag.assistant import Assistant
        from rag.workers import PooledAssistant

        assistant = PooledAssistant(Assistant.load(show_progress=False), workers)
    app.serve(host="127.0.0.1", port=port, block=False, assistant=assistant)
    while True:
        for path in sorted(drop.iterdir()):
            if path.suffix in (".part", ".done"):
                continue
            start = time.time()
            result = handlers.add_document(str(path), path.name, "en")
            done = {"name": path.name, "bytes": path.stat().st_size, "ok": result.ok, "message": result.message,
                    "start": start, "end": time.time(), "seconds": round(time.time() - start, 2)}
            path.unlink()
            part = drop / f"{path.name}.done.part"
            part.write_text(json.dumps(done, ensure_ascii=False), encoding="utf-8")
            os.replace(part, drop / f"{path.name}.done")
        time.sleep(0.2)


def start_server(port: int, index_dir: Path, data_dir: Path, log_path: Path, drop: Path,
                 workers: int = 1) -> subprocess.Popen:
    env = {**os.environ, "RAG_INDEX_DIR": str(index_dir), "RAG_DATA_DIR": str(data_dir), "RAG_NO_PROGRESS": "1",
           "GRADIO_ANALYTICS_ENABLED": "False", "PYTHONUNBUFFERED": "1", "NO_PROXY": "127.0.0.1,localhost",
           "PYTHONPATH": str(ROOT)}
    env.setdefault("OMP_NUM_THREADS", "1")
    log = open(log_path, "wb")
    try:
        return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), SERVE_FLAG, str(port), str(drop),
                                 str(workers)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    finally:
        log.close()


def hostile_uploads(folder: Path) -> list[Path]:
    """A 2 MB text on one line without punctuation, and a 1 MB HTML page nested 900 elements deep."""
    folder.mkdir(parents=True, exist_ok=True)
    line = folder / "oneline.txt"
    unit = "跨境电商零售进口商品清单"
    line.write_text(unit * (2_000_000 // len(unit.encode())), encoding="utf-8")
    blocks, n = [], 0
    while sum(map(len, blocks)) < 1_000_000:
        n += 1
        blocks.append("<div>" * 900 + f"<p>第{n}条 进口商品第{n}项清单自公布之日起施行。</p>" + "</div>" * 900)
    nested = folder / "nested.html"
    nested.write_text("<html><body><h1>进口商品清单</h1>" + "".join(blocks) + "</body></html>", encoding="utf-8")
    return [line, nested]


def maximal_questions(count: int = 8) -> list[str]:
    """Questions exactly as long as the server accepts (MAX_QUESTION_TOKENS), cut from the seed documents."""
    sys.path.insert(0, str(ROOT))
    from rag.assistant import MAX_QUESTION_CHARS, MAX_QUESTION_TOKENS
    from rag.sentences import split_by_tokens

    text = "".join("".join(p.read_text(encoding="utf-8").split()) for p in sorted((ROOT / "seeds").glob("*.txt")))
    step = max(1, len(text) // count)
    out = []
    for i in range(count):
        q = split_by_tokens(text[i * step:], MAX_QUESTION_TOKENS)[0][:MAX_QUESTION_CHARS]
        out.append(q.rstrip("。") + "？")
    return out


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
        self.spans: list[tuple[float, float]] = []  # (start, end) wall-clock time of each answered question
        self.stop = threading.Event()  # set from outside: take no more questions
        self.stream_drops: list[str] = []  # questions asked again after gradio_client dropped their stream
        self.check_consistency = True  # off while uploads change the corpus (answers may then change)

    def take(self) -> dict | None:
        with self.lock:
            if self.next >= len(self.plan) or self.stop.is_set():
                return None
            if time.monotonic() >= self.deadline:
                self.stopped_by_deadline = True
                return None
            item = self.plan[self.next]
            self.next += 1
            return item

    def record(self, item: dict, seconds: float, result: object, span: tuple[float, float] = (0.0, 0.0)) -> None:
        q = item["question"]
        with self.lock:
            if not isinstance(result, dict) or "error" in result or not isinstance(result.get("answer"), str) \
                    or not result.get("answer") or not isinstance(result.get("citations"), list):
                self.errors.append({"question": q, "error": f"bad answer object: {str(result)[:300]}"})
                return
            self.latencies.append(seconds)
            self.spans.append(span)
            self.answered += 1
            self.by_lang[item["lang"]] += 1
            self.refused += bool(result.get("refused"))
            signature = (result["answer"], bool(result.get("refused")),
                         tuple(f"{c.get('doc')}#{c.get('clause')}" for c in result["citations"]))
            first = self.signatures.setdefault(q, signature)
            self.repeats[q] += 1
            if signature != first and self.check_consistency:
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
        t0, wall0 = time.perf_counter(), time.time()
        try:
            result = ask_once_retrying_a_dropped_stream(client, item, run)
        except Exception as exc:  # noqa: BLE001 - counted as an error
            if time.monotonic() >= run.deadline:
                with run.lock:
                    run.stopped_by_deadline = True
                break
            run.fail(item, f"{type(exc).__name__}: {exc}")
            continue
        run.record(item, time.perf_counter() - t0, result, (wall0, time.time()))
    try:
        client.close()
    except Exception:  # noqa: BLE001
        pass


def ask_once_retrying_a_dropped_stream(client, item: dict, run: Run) -> object:
    """The answer to one question. This script never cancels a job, so a `CancelledError` means
    gradio_client closed the job's event stream under it (its shared per-session stream ended, typically
    the server's close after the previous answer crossing this submission) with no answer from the server
    and no error from it either. The question is then asked once more on the same client and the drop is
    counted (`stream_drops_retried` in the report); a second drop, or any other failure, is an error."""
    for attempt in (1, 2):
        job = client.submit(item["question"], api_name="/ask")
        try:
            return job.result(timeout=max(1.0, run.deadline - time.monotonic()))
        except concurrent.futures.CancelledError:
            if attempt == 2 or time.monotonic() >= run.deadline:
                raise
            with run.lock:
                run.stream_drops.append(item["question"])
    raise AssertionError("unreachable")


def latency(values: list[float]) -> dict:
    return {"n": len(values), "p50": round(percentile(values, 0.50), 4), "p95": round(percentile(values, 0.95), 4),
            "p99": round(percentile(values, 0.99), 4), "max": round(max(values), 4) if values else None,
            "mean": round(statistics.fmean(values), 4) if values else None,
            "min": round(min(values), 4) if values else None}


def start_workers(url: str, run: Run, n: int, name: str) -> tuple[list[threading.Thread], threading.Barrier]:
    ready = threading.Barrier(n + 1)
    threads = [threading.Thread(target=worker, args=(url, run, ready), daemon=True, name=f"{name}-{i}")
               for i in range(n)]
    for th in threads:
        th.start()
    return threads, ready


def drive(url: str, plan: list[dict], concurrency: int, deadline: float, maximal: int = 0,
          uploads: list[Path] = (), drop: Path | None = None, label: str = "run") -> dict:
    """Ask `plan` with `concurrency` clients (plus `maximal` clients sending maximal questions until the
    plan is done); with `uploads`, drop them into the server at the start and, when the plan ends first,
    keep asking until they are indexed. Normal latencies are split into idle and during-upload."""
    run = Run(plan if not uploads else plan * 50, deadline)
    run.check_consistency = not uploads
    big = Run([{"question": q, "lang": "zh", "id": None} for q in maximal_questions()] * 10_000, deadline)
    big.check_consistency = not uploads
    threads, ready = start_workers(url, run, concurrency, f"{label}-normal")
    big_threads, big_ready = start_workers(url, big, maximal, f"{label}-maximal") if maximal else ([], None)
    for barrier in (ready, big_ready):
        try:
            barrier and barrier.wait(timeout=180)
        except threading.BrokenBarrierError:
            pass
    print(f"loadtest: [{label}] {concurrency} conversations + {maximal} maximal-question clients connected; "
          f"asking {len(plan)} questions{' during ' + str(len(uploads)) + ' uploads' if uploads else ''}",
          file=sys.stderr, flush=True)
    pending = {}
    for path in uploads:
        part = drop / f"{path.name}.part"
        shutil.copy(path, part)
        os.replace(part, drop / path.name)
        pending[path.name] = drop / f"{path.name}.done"
    done: list[dict] = []
    t0 = last = time.monotonic()
    while any(th.is_alive() for th in threads):
        for th in threads:
            th.join(timeout=0.2)
        for name, marker in list(pending.items()):
            if marker.exists():
                done.append(json.loads(marker.read_text(encoding="utf-8")))
                del pending[name]
        if uploads and not pending and run.answered >= len(plan):
            run.stop.set()
        if time.monotonic() - last > 15:
            last = time.monotonic()
            print(f"loadtest: [{label}] {run.answered} answered ({big.answered} maximal), {len(run.errors)} errors, "
                  f"{len(done)}/{len(uploads)} uploads indexed, {time.monotonic() - t0:.0f}s", file=sys.stderr, flush=True)
        if time.monotonic() > deadline + 30:
            run.stopped_by_deadline = True
            break
    big.stop.set()
    for th in big_threads:
        th.join(timeout=120)
    windows = [(d["start"], d["end"]) for d in done]
    during = [lat for lat, (a, b) in zip(run.latencies, run.spans) if any(a < e and b > s for s, e in windows)]
    idle = [lat for lat, (a, b) in zip(run.latencies, run.spans) if not any(a < e and b > s for s, e in windows)]
    return {"run": run, "maximal_run": big, "seconds": time.monotonic() - t0,
            "normal": latency(run.latencies), "normal_idle": latency(idle), "normal_during_uploads": latency(during),
            "maximal": latency(big.latencies), "uploads": done, "uploads_unfinished": sorted(pending)}


def _line(label: str, lat: dict) -> str:
    if not lat["n"]:
        return f"  {label:<34} (no questions)"
    return f"  {label:<34} n={lat['n']:<5} p50 {lat['p50']:.3f}s  p95 {lat['p95']:.3f}s  max {lat['max']:.3f}s"


def direct_run(args: argparse.Namespace, plan: list[dict], workers: int, index_dir: Path) -> dict:
    """--direct: `concurrency` threads asking `plan` of an Assistant (1) or a PooledAssistant (N) here."""
    sys.path.insert(0, str(ROOT))
    from rag.assistant import Assistant
    from rag.errors import ask_dict
    from rag.workers import PooledAssistant

    t0 = time.monotonic()
    local = Assistant.load(index_dir=index_dir, show_progress=False)
    local.warm_up()
    assistant = PooledAssistant(local, workers) if workers > 1 else local
    try:
        warm = args.warm if args.warm is not None else 4 * workers
        threads = [threading.Thread(target=assistant.ask, args=(item["question"],)) for item in plan[:warm]]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        startup_s = time.monotonic() - t0
        run = Run(plan, time.monotonic() + args.max_seconds)
        me = psutil.Process()

        def cpu() -> float:
            return sum(sum(p.cpu_times()[:2]) for p in [me, *me.children(recursive=True)])

        def ask_loop() -> None:
            while (item := run.take()) is not None:
                t, wall = time.perf_counter(), time.time()
                result = ask_dict(assistant, item["question"])
                run.record(item, time.perf_counter() - t, result, (wall, time.time()))

        load_before, cpu_before = os.getloadavg(), cpu()
        start = time.monotonic()
        threads = [threading.Thread(target=ask_loop) for _ in range(args.concurrency)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        seconds = time.monotonic() - start
        used = cpu() - cpu_before
        rss = sum(p.memory_info().rss for p in [me, *me.children(recursive=True)])
    finally:
        if workers > 1:
            assistant.close()
    return {"config": {"direct": True, "workers": workers, "concurrency": args.concurrency, "questions": len(plan),
                       "warm_questions": warm},
            "machine": {"cpus": os.cpu_count(), "loadavg_before": [round(x, 2) for x in load_before],
                        "loadavg_after": [round(x, 2) for x in os.getloadavg()]},
            "startup_seconds": round(startup_s, 2), "drive_seconds": round(seconds, 2), "answered": run.answered,
            "errors": len(run.errors), "error_examples": run.errors[:5], "mismatches": len(run.mismatches),
            "latency_seconds": latency(run.latencies),
            "throughput_qps": round(run.answered / seconds, 3) if seconds else None,
            "server": {"peak_rss_mb": round(rss / 2**20, 1), "cpu_seconds": round(used, 1),
                       "cpu_seconds_per_question": round(used / run.answered, 4) if run.answered else None}}


def compare_workers(argv: list[str], args: argparse.Namespace) -> int:
    """One run per worker count (same plan, a fresh server each), then their throughput side by side."""
    rest, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a in ("--workers", "--out"):
            skip = True
        elif not a.startswith(("--workers=", "--out=")):
            rest.append(a)
    runs, status = [], 0  # a count may repeat (1,2,1,2): runs alternate, so drifting load hits both alike
    tmp = Path(tempfile.mkdtemp(prefix="rag-loadtest-workers-"))
    try:
        for i, n in enumerate(args.workers):
            out = tmp / f"run-{i}-workers-{n}.json"
            status = max(status, main([*rest, "--workers", str(n), "--out", str(out)]))
            if out.exists():
                runs.append(json.loads(out.read_text(encoding="utf-8")))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    scaling = [{"workers": r["config"]["workers"], "throughput_qps": r["throughput_qps"],
                "latency_p50_s": r["latency_seconds"]["p50"], "latency_p95_s": r["latency_seconds"]["p95"],
                "errors": r["errors"], "mismatches": r["mismatches"], "peak_rss_mb_all_processes": r["server"]["peak_rss_mb"],
                "cpu_seconds_per_question": r["server"]["cpu_seconds_per_question"],
                "cores_used": round(r["server"]["cpu_seconds"] / r["drive_seconds"], 2) if r["drive_seconds"] else None,
                "loadavg_before": r["machine"]["loadavg_before"]} for r in runs]
    by_count = {}
    for row in scaling:
        by_count.setdefault(row["workers"], []).append(row["throughput_qps"] or 0.0)
    base = statistics.median(by_count[args.workers[0]]) if by_count.get(args.workers[0]) else None
    summary = [{"workers": n, "runs": len(v), "throughput_qps_median": round(statistics.median(v), 3),
                "speedup": round(statistics.median(v) / base, 2) if base else None} for n, v in by_count.items()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "scaling": scaling, "runs": runs}, ensure_ascii=False,
                                   indent=2) + "\n", encoding="utf-8")
    print("\nworkers  questions/s  p50 s   p95 s   cores used  CPU s/question  peak RSS MB (all processes)")
    for row in scaling:
        print(f"{row['workers']:>7}  {row['throughput_qps']:>11.2f}  {row['latency_p50_s']:.3f}  "
              f"{row['latency_p95_s']:.3f}  {row['cores_used'] or 0:>10.2f}  {row['cpu_seconds_per_question'] or 0:>14.4f}"
              f"  {row['peak_rss_mb_all_processes']:.0f}")
    for row in summary:
        print(f"{row['workers']} worker(s): median {row['throughput_qps_median']} questions/s over {row['runs']} "
              f"run(s), {row['speedup']}x the first count")
    print(f"-> {args.out}")
    return status


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [SERVE_FLAG]:
        serve_for_loadtest(int(argv[1]), Path(argv[2]), int(argv[3]) if len(argv) > 3 else 1)
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=50, help="simultaneous conversations (default 50)")
    parser.add_argument("--questions", type=int, default=1000, help="questions in total (default 1000)")
    parser.add_argument("--maximal-clients", type=int, default=None,
                        help="clients sending maximal questions back to back (default 0; 4 with --compare)")
    parser.add_argument("--uploads", action="store_true", help="index a 2 MB one-line text and a 1 MB nested "
                                                                  "HTML upload while questions run")
    parser.add_argument("--compare", action="store_true", help="three phases on one server: idle, with maximal "
                                                                  "questions, during uploads (--questions each)")
    parser.add_argument("--max-seconds", type=float, default=1800, help="hard limit for the whole run (default 1800)")
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    parser.add_argument("--index-dir", type=Path, default=None,
                        help="a built index to copy (default: the server builds one at start)")
    parser.add_argument("--questions-file", type=Path, default=QUESTIONS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON report (default {DEFAULT_OUT})")
    parser.add_argument("--workers", type=lambda v: [int(x) for x in v.split(",")], default=[1],
                        help="worker processes answering questions, or a list to compare (e.g. 1,2)")
    parser.add_argument("--warm", type=int, default=None, help="unmeasured questions first (default 4 per worker)")
    parser.add_argument("--direct", action="store_true", help="ask the (pooled) Assistant in this process, no HTTP")
    args = parser.parse_args(argv)
    if len(args.workers) > 1:
        return compare_workers(argv, args)
    workers = args.workers[0]
    warm = args.warm if args.warm is not None else 4 * workers
    if args.direct:
        pool = load_questions(args.questions_file)
        rng = random.Random(args.seed)
        plan = [rng.choice(pool) for _ in range(args.questions)]
        index_dir = Path(tempfile.mkdtemp(prefix="rag-loadtest-direct-")) / "index"
        try:
            if args.index_dir:
                shutil.copytree(args.index_dir, index_dir)
            os.environ["RAG_INDEX_DIR"] = str(index_dir)
            report = direct_run(args, plan, workers, index_dir)
        finally:
            shutil.rmtree(index_dir.parent, ignore_errors=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"[direct, {workers} worker(s)] {report['answered']} answered in {report['drive_seconds']}s: "
              f"{report['throughput_qps']} questions/s, p50 {report['latency_seconds']['p50']}s, "
              f"errors {report['errors']}, mismatches {report['mismatches']}")
        return 1 if report["errors"] or report["mismatches"] else 0
    maximal = args.maximal_clients if args.maximal_clients is not None else (4 if args.compare else 0)
    if args.concurrency < 1 or args.questions < 1 or maximal < 0:
        parser.error("--concurrency and --questions must be positive")

    t_start = time.monotonic()
    hard_deadline = t_start + args.max_seconds
    pool = load_questions(args.questions_file)
    rng = random.Random(args.seed)
    plan = [rng.choice(pool) for _ in range(args.questions)]
    port = args.port or free_port()
    url = f"http://127.0.0.1:{port}"
    tmp = Path(tempfile.mkdtemp(prefix="rag-loadtest-"))
    index_dir, data_dir, log_path, drop = tmp / "index", tmp / "data", tmp / "server.log", tmp / "drop"
    drop.mkdir()
    uploads = hostile_uploads(tmp / "uploads") if (args.uploads or args.compare) else []
    if args.index_dir:
        shutil.copytree(args.index_dir, index_dir)
    load_before = os.getloadavg()
    print(f"loadtest: starting the server on {url} ({'copied index' if args.index_dir else 'building the index'})",
          file=sys.stderr, flush=True)
    proc = start_server(port, index_dir, data_dir, log_path, drop, workers)
    sampler = None
    report: dict = {}
    try:
        if not wait_ready(url, proc, hard_deadline):
            print(f"loadtest: the server did not start (exit {proc.poll()}):\n"
                  + log_path.read_text(errors="replace")[-3000:], file=sys.stderr)
            return 2
        startup_s = time.monotonic() - t_start
        if warm:
            drive(url, plan[:warm], min(args.concurrency, warm), hard_deadline, label="warm")
        sampler = RssSampler(proc.pid)
        sampler.start()
        time.sleep(0.3)
        rss_ready = sampler.rss()
        cpu_before = sampler.cpu_seconds
        phases: dict[str, dict] = {}
        if args.compare:
            phases["idle"] = drive(url, plan, args.concurrency, hard_deadline, label="idle")
            phases["maximal"] = drive(url, plan, args.concurrency, hard_deadline, maximal=maximal, label="maximal")
            phases["uploads"] = drive(url, plan, args.concurrency, hard_deadline, uploads=uploads, drop=drop,
                                      label="uploads")
        else:
            phases["run"] = drive(url, plan, args.concurrency, hard_deadline, maximal=maximal, uploads=uploads,
                                  drop=drop, label="run")
        drive_s = sum(ph["seconds"] for ph in phases.values())
        sampler.stop()
        cpu_used = sampler.cpu_seconds - cpu_before
        server_alive = proc.poll() is None
        runs = [r for ph in phases.values() for r in (ph["run"], ph["maximal_run"])]
        errors = [e for r in runs for e in r.errors]
        mismatches = [m for r in runs for m in r.mismatches]
        answered = sum(r.answered for r in runs)
        lat = [x for ph in phases.values() for x in ph["run"].latencies]
        report = {
            "config": {"concurrency": args.concurrency, "questions": args.questions, "maximal_clients": maximal,
                       "uploads": [p.name for p in uploads], "compare": args.compare, "max_seconds": args.max_seconds,
                       "seed": args.seed, "questions_file": str(args.questions_file.relative_to(ROOT))
                       if args.questions_file.is_relative_to(ROOT) else str(args.questions_file),
                       "distinct_questions": len({p["question"] for p in plan}),
                       "languages": dict(Counter(p["lang"] for p in plan)),
                       "index": "copied" if args.index_dir else "built by the server at start",
                       "server_omp_threads": os.environ.get("OMP_NUM_THREADS", "1"), "workers": workers,
                       "warm_questions": warm},
            "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                        "loadavg_before": [round(x, 2) for x in load_before],
                        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
                        "note": "shared machine: other processes were running; latencies are indicative"},
            "startup_seconds": round(startup_s, 2),
            "drive_seconds": round(drive_s, 2),
            "answered": answered,
            "refused_answers": sum(r.refused for r in runs),
            "errors": len(errors),
            "error_examples": errors[:10],
            "mismatches": len(mismatches),
            "mismatch_examples": mismatches[:10],
            "stream_drops_retried": [q for r in runs for q in r.stream_drops],
            "questions_asked_more_than_once": sum(1 for r in runs for n in r.repeats.values() if n > 1),
            "stopped_by_time_limit": any(r.stopped_by_deadline for r in runs) or any(
                ph["run"].answered + len(ph["run"].errors) < args.questions for ph in phases.values()),
            "latency_seconds": latency(lat),  # normal questions, all phases
            "phases": {name: {k: ph[k] for k in ("normal", "normal_idle", "normal_during_uploads", "maximal",
                                                 "uploads", "uploads_unfinished")} | {"seconds": round(ph["seconds"], 2)}
                       for name, ph in phases.items()},
            "throughput_qps": round(answered / drive_s, 3) if drive_s > 0 else None,
            "server": {"peak_rss_mb": round(sampler.peak / 2**20, 1), "rss_ready_mb": round(rss_ready / 2**20, 1),
                       "rss_end_mb": round(sampler.last / 2**20, 1), "rss_samples": sampler.samples,
                       "cpu_seconds": round(cpu_used, 1),
                       "cpu_seconds_per_question": round(cpu_used / answered, 4) if answered else None,
                       "alive_at_end": server_alive, "rss_timeline_mb": sampler.timeline},
            "total_seconds": round(time.monotonic() - t_start, 2),
        }
        if args.compare:
            idle, big, up = (phases[k] for k in ("idle", "maximal", "uploads"))
            report["done_when"] = {
                "p50_with_maximal_over_idle": round(big["normal"]["p50"] / idle["normal"]["p50"], 2),
                "p95_during_uploads_over_idle": round(up["normal_during_uploads"]["p95"] / idle["normal"]["p95"], 2)
                if up["normal_during_uploads"]["n"] else None,
            }
    finally:
        try:
            stop_server(proc)  # first: whatever else fails, no server is left behind
        finally:
            if sampler is not None:
                sampler.stop()
        if report and report["errors"]:  # the server's side of a failure, before its folder goes
            report["server_log_tail"] = log_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        if report:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\nanswered {report['answered']} questions ({report['refused_answers']} not-found answers) with "
          f"{args.concurrency} concurrent conversations + {maximal} maximal-question clients in "
          f"{report['drive_seconds']:.1f}s")
    lat = report["latency_seconds"]
    print(f"latency of normal questions  p50 {lat['p50']:.3f}s  p95 {lat['p95']:.3f}s  p99 {lat['p99']:.3f}s  "
          f"max {lat['max']:.3f}s")
    for name, ph in report["phases"].items():
        print(f"[{name}] normal questions:")
        print(_line("all", ph["normal"]))
        if ph["uploads"]:
            print(_line("idle (no upload being indexed)", ph["normal_idle"]))
            print(_line("while an upload is indexed", ph["normal_during_uploads"]))
        if ph["maximal"]["n"]:
            print(_line("maximal questions", ph["maximal"]))
        for up in ph["uploads"]:
            print(f"  upload {up['name']} ({up['bytes'] / 1e6:.1f} MB): {'indexed' if up['ok'] else 'refused'} in "
                  f"{up['seconds']:.1f}s: {up['message'][:120]}")
        for name_ in ph["uploads_unfinished"]:
            print(f"  upload {name_}: not finished")
    if "done_when" in report:
        d = report["done_when"]
        print(f"normal p50 with {maximal} maximal clients / idle p50: {d['p50_with_maximal_over_idle']}x;  "
              f"normal p95 during uploads / idle p95: {d['p95_during_uploads_over_idle']}x")
    print(f"throughput {report['throughput_qps']:.2f} questions/s   errors {report['errors']}   "
          f"mismatches {report['mismatches']}")
    print(f"server peak RSS {report['server']['peak_rss_mb']:.0f} MB (ready {report['server']['rss_ready_mb']:.0f} MB),"
          f" startup {report['startup_seconds']:.1f}s   -> {args.out}")
    if report["stream_drops_retried"]:
        print(f"asked again after gradio_client dropped the event stream (no answer, no server error): "
              f"{len(report['stream_drops_retried'])}")
    if report["errors"] or report["mismatches"] or not report["server"]["alive_at_end"]:
        for example in report["error_examples"][:3] + report["mismatch_examples"][:3]:
            print(f"  {json.dumps(example, ensure_ascii=False)[:400]}", file=sys.stderr)
        if report.get("server_log_tail"):
            print("server log (tail):\n" + report["server_log_tail"][-1500:], file=sys.stderr)
        return 1
    if report["stopped_by_time_limit"]:
        print(f"loadtest: stopped by --max-seconds {args.max_seconds:g} before all questions were asked",
              file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
