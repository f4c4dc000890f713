"""Section 4 of benchmarks/bench.py: FAISS (flat, HNSW, IVF) and BM25 alone on synthetic corpora of 10k,
100k and 1M clauses, and whether rag.store's HNSW threshold is where flat search stops being cheap.
(The whole `ask` at those sizes is benchmarks/scale.py.)"""

from __future__ import annotations

import gc
import math
import os
import sys
import time

import numpy as np
import psutil

from timing import log, rnd, summary_ms

# synthetic scale corpus
DIM = 384
CENTROIDS = 1000
LATENT_DIM, LATENT_SPREAD, NOISE = 64, 1.0, 0.5
N_QUERIES = 200
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 32, 80, 128  # what rag.store uses
IVF_NPROBE = 16
BM25_VOCAB, BM25_DOC_TOKENS, BM25_QUERY_TOKENS, BM25_ZIPF_S = 50_000, 40, 5, 1.07
PRODUCT_K = 60  # rag.retrieve.DENSE_DEPTH / BM25_DEPTH


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

    from rag.segment_write import HNSW_FROM

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
    """Is rag.segment_write.HNSW_FROM right? Flat search is exact, so switch to HNSW only where flat latency stops
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
