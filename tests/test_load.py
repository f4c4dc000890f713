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
