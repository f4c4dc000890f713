"""Bounded cost for every input: chunks bounded in tokens whatever the punctuation, a per-document
embedding budget, HTML parsed in linear time with a depth limit, a question budget in tokens, long
questions taking turns, and questions answered while a document is being indexed.

Growth is checked with small inputs: 4x the input must cost well under 16x (quadratic) the time,
best of three runs each (a linear parser scores about 4)."""

from __future__ import annotations

import random
import threading
import time

import pytest

from rag import assistant as assistant_mod
from rag.assistant import MAX_QUESTION_TOKENS, Assistant, validate_question
from rag.chunk import MAX_TOKENS, make_chunks
from rag.clauses import parse_clauses
from rag.corpus import parse_file, update_index
from rag.errors import ask_dict
from rag.ingest import MAX_HTML_DEPTH, html_to_text, parse_document
from rag.sentences import count_tokens, split_by_tokens
from rag.types import RagError
from tests.conftest import FakeEmbedder

HANZI = "进口跨境电商零售税收政策海关总署商务部货物通关时间压缩清单监管试点城市服务"


def _best_of(fn, arg, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - t0)
    return best


def _growth(fn, make, small: int) -> float:
    """Time for 4x the input over time for 1x."""
    return _best_of(fn, make(4 * small)) / max(_best_of(fn, make(small)), 1e-4)


def _chunks_of(text: str):
    return make_chunks(parse_clauses(parse_document("x.txt", text)))


def _random_line(n: int) -> str:
    rng = random.Random(n)
    return "标题\n" + "".join(rng.choice(HANZI) for _ in range(n))


@pytest.mark.parametrize("line", [
    _random_line(60_000),  # Chinese without any punctuation
    "标题\n" + "import policy " * 10_000,  # English words without a full stop
    "Title\n" + "x" * 200_000,  # one 200,000-letter "word"
    "标题\n" + "，".join(["扩大进口"] * 20_000),  # commas only
])
def test_every_chunk_is_bounded_in_tokens_whatever_the_punctuation(line):
    chunks = _chunks_of(line)
    assert len(chunks) > 1
    assert max(count_tokens(c.text) for c in chunks) <= MAX_TOKENS


def test_a_token_cut_prefers_a_comma_and_keeps_every_character():
    text = "，".join(["扩大先进技术设备进口"] * 200)
    pieces = split_by_tokens(text, 100)
    assert all(count_tokens(p) <= 100 for p in pieces)
    assert all(p.endswith("，") for p in pieces[:-1])
    assert "".join(pieces) == text


def test_chunking_time_grows_linearly():
    assert _growth(_chunks_of, _random_line, 40_000) < 9


def test_a_document_over_the_token_budget_is_refused_before_embedding(tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_MAX_DOC_TOKENS", "5000")
    path = tmp_path / "big.txt"
    path.write_text(_random_line(20_000), encoding="utf-8")
    embedder = FakeEmbedder()
    with pytest.raises(RagError, match=r"big\.txt holds about 2\d,\d{3} tokens of distinct text; the limit per "
                                       r"document is 5,000 \(RAG_MAX_DOC_TOKENS\)"):
        update_index(tmp_path / "index", embedder, replace=[path])
    assert embedder.calls == 0
    assert not (tmp_path / "index" / "manifest.json").exists()


def test_repeated_text_is_embedded_once(tmp_path, monkeypatch):
    monkeypatch.setenv("RAG_MAX_DOC_TOKENS", "5000")
    path = tmp_path / "same.txt"
    path.write_text("标题\n" + "跨境电商零售进口" * 50_000, encoding="utf-8")  # 400,000 characters, one line
    parsed = parse_file(path)
    assert len(parsed.chunks) > 900
    embedder = FakeEmbedder()
    report = update_index(tmp_path / "index", embedder, replace=[path])
    assert report.embedded == len(parsed.chunks)
    assert embedder.calls <= 2  # a handful of distinct chunk texts: one batch


# ------------------------------------------------------------------------------------------- HTML


def _nested(levels: int, repeats: int = 1) -> str:
    one = "<div>" * levels + "<p>一、扩大进口。</p>" + "</div>" * levels
    return "<html><body>" + one * repeats + "</body></html>"


def test_deep_html_within_the_limit_keeps_its_text():
    text = html_to_text(_nested(MAX_HTML_DEPTH - 10, repeats=3))
    assert text.count("一、扩大进口。") == 3


def test_html_deeper_than_the_limit_is_a_clear_error():
    with pytest.raises(RagError, match=rf"deep\.html nests HTML elements more than {MAX_HTML_DEPTH:,} levels deep"):
        parse_document("deep.html", "<div>" * (MAX_HTML_DEPTH + 1) + "x")


def test_unclosed_paragraphs_do_not_count_as_depth():
    page = "<html><body>" + "<p>一、扩大进口。<b>重点</b>" * (3 * MAX_HTML_DEPTH) + "</body></html>"
    assert html_to_text(page).count("一、扩大进口。") == 3 * MAX_HTML_DEPTH


def test_html_parsing_time_grows_linearly():
    assert _growth(html_to_text, lambda n: _nested(900, repeats=n), 10) < 9


def test_dropped_widgets_and_scripts_stay_dropped_at_any_depth():
    page = "<div>" * 500 + '<div class="share">分享到微信</div><script>alert(1)</script>正文' + "</div>" * 500
    assert html_to_text(page) .strip() == "正文"


# -------------------------------------------------------------------------------------- questions


def test_question_budget_in_tokens():
    assert validate_question("a" * 2000) == "a" * 2000  # one long word: within both budgets
    with pytest.raises(RagError, match=rf"the limit is {MAX_QUESTION_TOKENS}"):
        validate_question("进口" * (MAX_QUESTION_TOKENS // 2 + 1))
    with pytest.raises(RagError, match="the limit is"):
        validate_question("go " * (MAX_QUESTION_TOKENS + 1))


class RecordingEmbedder(FakeEmbedder):
    """Records the query texts and how many `embed_queries` calls overlap; slow on long queries."""

    def __init__(self, slow_s: float = 0.0) -> None:
        super().__init__()
        self.queries: list[str] = []
        self.active_long = 0
        self.max_active_long = 0
        self.slow_s = slow_s
        self._mu = threading.Lock()

    def embed_queries(self, texts):
        long = count_tokens(texts[0]) > 64
        with self._mu:
            self.queries += list(texts)
            if long:
                self.active_long += 1
                self.max_active_long = max(self.max_active_long, self.active_long)
        if long:
            time.sleep(self.slow_s)
            with self._mu:
                self.active_long -= 1
        return super().embed_queries(texts)


@pytest.fixture
def small_assistant(tiny_corpus, tmp_path):
    def make(embedder):
        return Assistant.load(sources=[tiny_corpus], index_dir=tmp_path / "index", embedder=embedder,
                              show_progress=False)
    return make


def test_an_over_budget_question_gets_the_error_shape(small_assistant):
    out = ask_dict(small_assistant(FakeEmbedder()), "进口" * MAX_QUESTION_TOKENS)
    assert out["refused"] is True and out["mode"] == "error" and out["citations"] == []
    assert "the limit is" in out["error"]


def test_a_long_question_is_embedded_by_its_first_tokens(small_assistant):
    embedder = RecordingEmbedder()
    assistant = small_assistant(embedder)
    question = "跨境电商零售进口" * 45  # 360 tokens: within the budget
    assistant.ask(question)
    assert count_tokens(embedder.queries[-1]) <= assistant_mod.DENSE_QUERY_TOKENS


def test_long_questions_take_turns_while_short_ones_pass(small_assistant):
    embedder = RecordingEmbedder(slow_s=0.3)
    assistant = small_assistant(embedder)
    long_q = "跨境电商零售进口的政策" * 20
    threads = [threading.Thread(target=assistant.ask, args=(long_q,)) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.1)
    t0 = time.perf_counter()
    assistant.ask("跨境电商零售进口")  # a short question does not queue behind the long ones
    short_s = time.perf_counter() - t0
    for t in threads:
        t.join()
    assert embedder.max_active_long == assistant_mod.LONG_LANES == 1
    assert short_s < 4 * 0.3  # four long questions in a row would take 1.2 s


def test_questions_are_answered_while_a_document_is_being_embedded(small_assistant, tmp_path):
    """The update holds its lock while embedding; a question must not wait for it."""
    answered = threading.Event()
    seen: list[bool] = []

    class SlowPassages(FakeEmbedder):
        def embed_passages(self, texts):
            if any("新增文件" in t for t in texts):
                seen.append(answered.wait(timeout=20))  # blocks until a question was answered meanwhile
            return super().embed_passages(texts)

    assistant = small_assistant(SlowPassages())
    new = tmp_path / "new.txt"
    new.write_text("新增文件\n一、新增文件的条款。支持新增文件。\n", encoding="utf-8")
    adding = threading.Thread(target=assistant.add, args=([new],))
    adding.start()
    time.sleep(0.2)
    answer = assistant.ask("跨境电商零售进口")
    answered.set()
    adding.join()
    assert seen and seen[0] is True, "the question waited for the embedding"
    assert answer.question
    assert "new.txt" in assistant.documents


def test_a_line_repeated_thousands_of_times_parses_in_near_linear_time():
    """Filler repeated line after line (a cheap attack on de-duplication) must not cost quadratic time."""
    def repeated(n: int) -> str:
        return "标题\n" + "扩大进口促进外贸发展。\n" * n

    assert _growth(lambda text: parse_clauses(parse_document("x.txt", text)), repeated, 2_000) < 9
    clauses = parse_clauses(parse_document("x.txt", repeated(3_000)))
    assert sum(c.text.count("扩大进口促进外贸发展。") for c in clauses) >= 1  # one copy is kept


def test_the_other_languages_passages_are_searched_with_the_questions_dictionary_senses_too(small_assistant):
    # "leads" and "organisation" are in no glossary: their dictionary senses the corpus writes (领导, 组织) join the
    # query of the Chinese passages only; the English passages are searched with the question as asked. One
    # embedding call for both.
    embedder = RecordingEmbedder()
    assistant = small_assistant(embedder)
    embedder.queries.clear()
    calls = embedder.calls
    assistant.ask("Who leads the organisation of this work?")
    own, other = embedder.queries[:2]
    assert embedder.calls == calls + 1
    assert other.startswith("Who leads the organisation of this work?") and "领导" in other and "组织" in other
    assert own == "Who leads the organisation of this work?"
