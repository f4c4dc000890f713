"""CI form of the load test: `benchmarks/loadtest.py --concurrency 20 --questions 100`.

It starts `rag serve` on a loopback port over a copy of the session seed index and drives `/ask` with 20
gradio_client conversations; it passes when every question got an answer object, none was an error, every
repeated question got the identical answer and citations, and the server was still alive at the end.
The full run (1000 questions) is `make loadtest`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_load_20_conversations_100_questions(seeds_index, tmp_path):
    out = tmp_path / "loadtest.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "loadtest.py"), "--concurrency", "20", "--questions", "100",
               "--max-seconds", "600", "--index-dir", str(seeds_index), "--out", str(out)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=700)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["answered"] == 100
    assert report["errors"] == 0 and report["mismatches"] == 0
    assert not report["stopped_by_time_limit"]
    assert report["config"]["languages"].keys() == {"zh", "en"}
    assert report["questions_asked_more_than_once"] > 0  # the consistency check had something to compare
    assert report["server"]["alive_at_end"] and report["server"]["peak_rss_mb"] > 0
    lat = report["latency_seconds"]
    assert 0 < lat["p50"] <= lat["p95"] <= lat["max"]
    assert report["throughput_qps"] > 0
    assert "latency" in result.stdout and "peak RSS" in result.stdout


def test_load_with_maximal_questions_and_hostile_uploads(seeds_index, tmp_path):
    """Clients sending maximal questions and a 2 MB one-line + 1 MB nested-HTML upload (through the server's
    upload handler) while normal questions run: no errors, both uploads indexed, the latency split reported."""
    out = tmp_path / "loadtest.json"
    command = [sys.executable, str(ROOT / "benchmarks" / "loadtest.py"), "--concurrency", "6", "--questions", "30",
               "--maximal-clients", "2", "--uploads", "--max-seconds", "600", "--index-dir", str(seeds_index),
               "--out", str(out)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=700)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["errors"] == 0
    run = report["phases"]["run"]
    assert sorted(u["name"] for u in run["uploads"]) == ["nested.html", "oneline.txt"]
    assert all(u["ok"] for u in run["uploads"]), run["uploads"]
    assert 1.9e6 <= next(u["bytes"] for u in run["uploads"] if u["name"] == "oneline.txt") <= 2.1e6
    assert run["maximal"]["n"] > 0 and run["normal_during_uploads"]["n"] > 0
    assert "while an upload is indexed" in result.stdout and "maximal questions" in result.stdout


def _loadtest_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("loadtest", ROOT / "benchmarks" / "loadtest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Job:
    def __init__(self, outcome):
        self.outcome = outcome

    def result(self, timeout=None):
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome


class _Client:
    """Hands out jobs whose results are the given outcomes, in order; counts submissions."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.submitted = 0

    def submit(self, question, api_name):
        self.submitted += 1
        return _Job(self.outcomes.pop(0))


def test_a_dropped_event_stream_is_asked_again_once_and_counted():
    """gradio_client cancels a job whose shared event stream closed under it (CI saw one in ~270 questions
    during uploads): the question is asked again and the drop reported; a second drop is an error."""
    import concurrent.futures
    import time

    loadtest = _loadtest_module()
    item = {"question": "单一窗口是什么？", "lang": "zh", "id": None}
    answer = {"answer": "…", "citations": []}
    run = loadtest.Run([item], time.monotonic() + 60)
    client = _Client(concurrent.futures.CancelledError(), answer)
    assert loadtest.ask_once_retrying_a_dropped_stream(client, item, run) == answer
    assert client.submitted == 2 and run.stream_drops == ["单一窗口是什么？"]

    client = _Client(concurrent.futures.CancelledError(), concurrent.futures.CancelledError())
    with pytest.raises(concurrent.futures.CancelledError):
        loadtest.ask_once_retrying_a_dropped_stream(client, item, run)

    client = _Client(RuntimeError("server error"))
    with pytest.raises(RuntimeError):
        loadtest.ask_once_retrying_a_dropped_stream(client, item, run)
    assert client.submitted == 1
