"""`rag serve --workers N`: questions answered by N worker processes over one index.

The serving process keeps its own Assistant for everything but answering (the document list, clause
views, uploads and removals); `PooledAssistant.ask` sends each question to a pool of N processes, each
with its own Assistant over the same index folder. The index is opened read-only in every worker and
its large parts are memory-mapped (FAISS with IO_FLAG_MMAP_IFC, the vectors, the BM25 matrix, the chunk
arrays; meta.sqlite is read through the page cache), so the pages are shared: N workers cost N times the
models and Python state, not N copies of the index. A worker only reads: when the serving process
installs a new generation (an upload, `rag add` seen by a reload), each worker opens that generation
before its next question. Workers are started with `spawn` (no state copied from the web server's
threads) and warm up (tokenizer, dictionaries) before their first question.

Each worker's OpenMP threads (the embedder's matrix products) default to cores / N, at least 1
(OMP_NUM_THREADS, when set, wins): N workers with a thread per core each would spin against each other.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from rag.types import RagError

log = logging.getLogger(__name__)
MAX_WORKERS = 64
_worker = None  # this worker process's Assistant


def _start(root: str, embedder: str | None, threads: int) -> None:
    """Worker initializer: open the index read-only (no rebuild, no source refresh) and warm up."""
    global _worker
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))  # before the embedder's OpenMP runtime starts
    from rag.assistant import Assistant
    from rag.embed import load_embedder, load_xling
    from rag.generate import load_generator
    from rag.store import load_index

    path = Path(root)
    _worker = Assistant(load_index(path), load_embedder(embedder), [], path, xling=load_xling(None),
                        generator=load_generator(None))
    _worker.warm_up()


def _ask(generation: str, question: str, kwargs: dict):
    """In a worker: answer from the generation the serving process answers from (opened if it moved)."""
    _worker.follow(generation)
    return _worker.ask(question, **kwargs)


def _pid() -> int:
    return os.getpid()


class PooledAssistant:
    """An Assistant whose `ask` runs in N worker processes; every other attribute is the local one's."""

    def __init__(self, local, workers: int, embedder: str | None = None) -> None:
        if not 1 <= workers <= MAX_WORKERS:
            raise RagError(f"--workers must be between 1 and {MAX_WORKERS}")
        from rag.backends import store_spec

        kind, uri = store_spec()
        if kind == "milvus" and not uri.startswith(("http://", "https://")):
            raise RagError(f"a milvus-lite file ({uri}) is opened by one process at a time: several workers need "
                           "a Milvus server (RAG_STORE=milvus:http://host:19530) or the default faiss store")
        self._local = local
        self._workers = workers
        self._spec = (str(local.root), embedder, max(1, (os.cpu_count() or 1) // workers))
        self._lock = threading.Lock()
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(self._workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start, initargs=self._spec)
        for _ in range(self._workers):  # start every worker now (each submit with none idle starts one)
            pool.submit(_pid)
        return pool

    def __getattr__(self, name: str):
        return getattr(self._local, name)

    def ask(self, question: str, **kwargs):
        """Answer in a worker process (the same Answer as `Assistant.ask`)."""
        generation = self._local.index.manifest.generation
        for attempt in (1, 2):
            pool = self._pool
            try:
                return pool.submit(_ask, generation, question, kwargs).result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): start a new pool once
                log.error("a worker process died; starting %d new ones", self._workers)
                with self._lock:
                    if self._pool is pool:
                        self._pool = self._new_pool()
                if attempt == 2:
                    raise RagError("the worker processes stopped; see the server log") from None
        raise AssertionError("unreachable")

    def worker_pids(self) -> list[int]:
        """The worker processes (for tests and load tests)."""
        return sorted(p.pid for p in (self._pool._processes or {}).values())

    def close(self) -> None:
        """Stop the workers."""
        self._pool.shutdown(wait=True, cancel_futures=True)
