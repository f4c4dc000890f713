"""The Gradio app: layout and event wiring (`serve()` is called by `rag serve`).

The conversation lives in ui/chat.py, the HTML in ui/render.py and ui/clauseview.py, CSS and the page
script in ui/assets.py; this module only places components and connects events."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no telemetry, no version check

import gradio as gr  # noqa: E402

from rag.ingest import SUFFIXES  # noqa: E402
from ui import chat, handlers, render  # noqa: E402
from ui.assets import CSS, HEAD  # noqa: E402
from ui.i18n import norm_lang, t  # noqa: E402

CONCURRENCY = 20  # simultaneous questions; Assistant.ask is thread-safe
QUEUE_SIZE = 256
MAX_HTTP_UPLOAD = "10mb"  # gradio refuses bigger uploads outright; handlers.MAX_UPLOAD_BYTES (2 MB text)
# and MAX_UPLOAD_BINARY_BYTES (10 MB .pdf / .docx) explain
REFRESH_S = 5  # how often a page checks whether the corpus changed (an upload in another session)

EXAMPLES = [
    "跨境电商零售进口有哪些措施？",
    "What does the policy say about the single window?",
    "国办发〔2018〕53号第（十五）条",
    "What does clause 15 of the Chongqing opinion say?",
    "如何扩大优质农产品进口？",
    "How will import customs clearance be made faster?",
]


def _header(lang: str) -> str:
    return (f'<h1>{render.esc(t("title", lang))}</h1>'
            f'<p class="subtitle">{render.esc(t("subtitle", lang))}</p>')


def _welcome(lang: str) -> str:
    return f'<div class="welcome-text">{render.esc(t("welcome", lang))}</div>'


def _filter_note(docs, lang: str) -> str:
    if not docs:
        return ""
    names = ", ".join(str(d) for d in docs)
    return f'<span class="filter-note">{render.esc(t("filter_active", lang, docs=names))}</span>'


def _generation() -> str:
    """The corpus generation the shared Assistant answers from (changes with every upload or removal)."""
    manifest = getattr(getattr(handlers.get_assistant(), "index", None), "manifest", None)
    return str(getattr(manifest, "generation", "") or "")


def build_app(default_lang: str = "zh") -> gr.Blocks:
    """The Blocks app over the shared Assistant (handlers.get_assistant())."""
    lang0 = norm_lang(default_lang)
    docs0 = handlers.document_choices()
    uploads = handlers.uploads_enabled()
    with gr.Blocks(title="政策文件问答 · Policy Q&A", analytics_enabled=False, fill_height=False) as demo:
        conv = gr.State(handlers.new_session)
        seen_generation = gr.State(_generation())
        with gr.Row(elem_id="topbar"):
            header = gr.HTML(_header(lang0), elem_id="header")
            ui_lang = gr.Radio([("中文", "zh"), ("English", "en")], value=lang0, label=t("ui_lang", lang0), show_label=False,
                               elem_id="ui-lang", scale=0, min_width=200)
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab(t("tab_chat", lang0), id="chat", elem_id="tab-chat") as tab_chat:
                with gr.Row(elem_id="chat-row"):
                    with gr.Column(scale=3, elem_id="chat-col", min_width=320):
                        with gr.Column(elem_id="welcome") as welcome:
                            welcome_text = gr.HTML(_welcome(lang0))
                            with gr.Column(elem_classes=["welcome-examples"]):
                                example_btns = [gr.Button(q, size="sm", elem_classes=["example-btn"])
                                                for q in EXAMPLES]
                            doc_filter = gr.Dropdown(choices=docs0, value=[], multiselect=True,
                                                     label=t("doc_filter", lang0), elem_id="doc-filter")
                        chatbot = gr.Chatbot(label=t("chat", lang0), elem_id="chatbot", visible=False,
                                             height="calc(100dvh - 250px)", min_height=260, sanitize_html=True,
                                             render_markdown=False, latex_delimiters=[], feedback_options=None,
                                             buttons=[], show_label=False)
                        with gr.Row(elem_id="composer"):
                            question = gr.Textbox(show_label=False, label=t("question", lang0), elem_id="question",
                                                  placeholder=t("question_ph", lang0), max_length=2000, lines=1,
                                                  max_lines=4, scale=5, container=False)
                            ask_btn = gr.Button(t("ask", lang0), variant="primary", elem_id="ask-btn", scale=0,
                                                min_width=72)
                        with gr.Row(elem_id="chat-tools"):
                            filter_note = gr.HTML("", elem_id="filter-note")
                            clear_btn = gr.Button(t("new_chat", lang0), size="sm", elem_id="clear-btn", scale=0,
                                                  min_width=100)
                    with gr.Column(scale=2, elem_id="side", min_width=300):
                        clause_panel = gr.HTML(chat.empty_clause(lang0), elem_id="clause-panel")
                        sources_title = gr.HTML(f"<h3>{render.esc(t('sources', lang0))}</h3>")
                        sources = gr.HTML(chat.empty_sources(lang0), elem_id="sources")
                        open_ref = gr.Textbox(visible="hidden", elem_id="open-ref")
                        open_btn = gr.Button("open", visible="hidden", elem_id="open-ref-btn")
            with gr.Tab(t("tab_lookup", lang0), id="lookup", elem_id="tab-lookup") as tab_lookup:
                with gr.Row(equal_height=True):
                    lk_doc = gr.Dropdown(choices=docs0, value=None, label=t("lookup_doc", lang0),
                                         elem_id="lookup-doc", scale=3)
                    lk_clause = gr.Dropdown(choices=[], value=None, label=t("lookup_clause", lang0),
                                            elem_id="lookup-clause", scale=3)
                    lk_show = gr.Button(t("lookup_show", lang0), elem_id="lookup-show", scale=1)
                with gr.Row(equal_height=True):
                    lk_query = gr.Textbox(label=t("lookup_query", lang0), elem_id="lookup-query", scale=6,
                                          placeholder=t("lookup_query_ph", lang0), max_length=2000)
                    lk_find = gr.Button(t("lookup_find", lang0), elem_id="lookup-find", scale=1)
                lk_cite = gr.Textbox(label=t("citation_string", lang0), buttons=["copy"], interactive=False,
                                     elem_id="citation-string", lines=2)
                lk_view = gr.HTML("", elem_id="lookup-view")
            with gr.Tab(t("tab_docs", lang0), id="docs", elem_id="tab-docs") as tab_docs:
                upload_help = gr.HTML(f"<p>{render.esc(t('upload', lang0))}</p>", visible=uploads)
                upload = gr.UploadButton(t("upload_pick", lang0), file_types=list(SUFFIXES), file_count="single",
                                         type="filepath", elem_id="upload", visible=uploads, variant="primary")
                upload_status = gr.HTML("", elem_id="upload-status")
                corpus_title = gr.HTML(f"<h3>{render.esc(t('corpus', lang0))}</h3>")
                corpus = gr.HTML(handlers.corpus_view(lang0), elem_id="corpus")
                delete_ref = gr.Textbox(visible="hidden", elem_id="delete-ref")
                delete_btn = gr.Button("delete", visible="hidden", elem_id="delete-btn")

        # ---- language: every label follows the toggle, and only the toggle
        relabel_outputs = [header, ui_lang, tab_chat, tab_lookup, tab_docs, question, ask_btn, doc_filter,
                           clear_btn, sources_title, welcome_text, lk_doc, lk_clause, lk_show, lk_query, lk_find,
                           lk_cite, upload_help, upload, corpus_title, corpus, sources, clause_panel, filter_note]

        def relabel(lang, conversation, docs):
            lang = norm_lang(lang)
            side, panel = chat.relabel_sources(conversation, handlers.get_assistant(), lang)
            return [
                _header(lang), gr.update(label=t("ui_lang", lang)),
                gr.update(label=t("tab_chat", lang)), gr.update(label=t("tab_lookup", lang)),
                gr.update(label=t("tab_docs", lang)),
                gr.update(label=t("question", lang), placeholder=t("question_ph", lang)),
                gr.update(value=t("ask", lang)), gr.update(label=t("doc_filter", lang)),
                gr.update(value=t("new_chat", lang)), f"<h3>{render.esc(t('sources', lang))}</h3>", _welcome(lang),
                gr.update(label=t("lookup_doc", lang)), gr.update(label=t("lookup_clause", lang)),
                gr.update(value=t("lookup_show", lang)),
                gr.update(label=t("lookup_query", lang), placeholder=t("lookup_query_ph", lang)),
                gr.update(value=t("lookup_find", lang)), gr.update(label=t("citation_string", lang)),
                f"<p>{render.esc(t('upload', lang))}</p>", gr.update(label=t("upload_pick", lang)),
                f"<h3>{render.esc(t('corpus', lang))}</h3>", handlers.corpus_view(lang),
                side, panel if panel is not None else gr.update(), _filter_note(docs, lang),
            ]

        ui_lang.change(relabel, [ui_lang, conv, doc_filter], relabel_outputs, queue=False, api_visibility="private")

        # ---- chat: the question shows at once; answers stream in order (a question sent meanwhile queues)
        def start(q, conversation, docs, lang):
            if not chat.submit(conversation, q, docs, lang):
                return gr.update(), gr.update(), gr.update(), gr.update()
            return (gr.update(value=conversation.snapshot(), visible=True), "", gr.update(visible=False),
                    _filter_note(docs, norm_lang(lang)))

        def answer(conversation, lang):
            shown = False
            for view in chat.run(conversation, handlers.get_assistant(), lang):
                shown = True
                yield (view.messages, gr.update() if view.sources is None else view.sources,
                       gr.update() if view.clause is None else view.clause)
            if not shown:  # another event of this session is answering; it picks the question up
                yield gr.update(), gr.update(), gr.update()

        start_outputs = [chatbot, question, welcome, filter_note]
        answer_io = dict(fn=answer, inputs=[conv, ui_lang], outputs=[chatbot, sources, clause_panel],
                         api_visibility="private")
        # trigger_mode="multiple": a question sent while the previous one is on its way is queued, not dropped
        gr.on([question.submit, ask_btn.click], start, [question, conv, doc_filter, ui_lang], start_outputs,
              queue=False, trigger_mode="multiple", api_visibility="private").then(**answer_io)
        for btn in example_btns:  # an example asks at once
            btn.click(start, [btn, conv, doc_filter, ui_lang], start_outputs, queue=False, trigger_mode="multiple",
                      api_visibility="private").then(**answer_io)

        def clear(conversation, lang):
            lang = norm_lang(lang)
            chat.clear(conversation)
            return (gr.update(value=[], visible=False), chat.empty_sources(lang), chat.empty_clause(lang),
                    gr.update(visible=True), "")

        clear_outputs = [chatbot, sources, clause_panel, welcome, filter_note]
        clear_btn.click(clear, [conv, ui_lang], clear_outputs, queue=False, api_visibility="private")
        chatbot.clear(clear, [conv, ui_lang], clear_outputs, queue=False, api_visibility="private")

        def open_clause(value, conversation, lang):
            side, panel = chat.open_ref(conversation, value, handlers.get_assistant(), lang)
            return gr.update() if side is None else side, panel

        open_btn.click(open_clause, [open_ref, conv, ui_lang], [sources, clause_panel], api_visibility="private")

        # ---- citation lookup
        def pick_doc(doc_id):
            return gr.update(choices=handlers.clause_choices(doc_id), value=None)

        lk_doc.input(pick_doc, [lk_doc], [lk_clause], api_visibility="private")
        gr.on([lk_clause.input, lk_show.click], handlers.show_clause, [lk_doc, lk_clause, ui_lang],
              [lk_view, lk_cite], api_visibility="private")

        def find(query, lang):
            html_, cite, doc_id, path = handlers.find_clause(query, lang)
            if doc_id is None:
                return html_, cite, gr.update(), gr.update()
            return (html_, cite, gr.update(value=doc_id),
                    gr.update(choices=handlers.clause_choices(doc_id), value=path))

        gr.on([lk_query.submit, lk_find.click], find, [lk_query, ui_lang],
              [lk_view, lk_cite, lk_doc, lk_clause], api_visibility="private")

        # ---- the corpus: every session sees the current one (uploads in other sessions, deletions)
        def refresh(known, lang):
            now = _generation()
            if now == known:
                return gr.update(), gr.update(), gr.update(), known
            choices = handlers.document_choices()
            return gr.update(choices=choices), gr.update(choices=choices), handlers.corpus_view(lang), now

        lists = [doc_filter, lk_doc, corpus, seen_generation]
        gr.Timer(REFRESH_S).tick(refresh, [seen_generation, ui_lang], lists, queue=False, api_visibility="private")
        demo.load(refresh, [gr.State(""), ui_lang], lists, queue=False, api_visibility="private")

        def add(path, lang, progress=gr.Progress()):
            result = handlers.add_document(path or None, None, lang, temp=True,
                                           progress=lambda share, message: progress(share, desc=message))
            choices = handlers.document_choices()
            return (result.html(), gr.update(choices=choices), gr.update(choices=choices),
                    handlers.corpus_view(lang), _generation())

        upload.upload(add, [upload, ui_lang], [upload_status, doc_filter, lk_doc, corpus, seen_generation],
                      concurrency_limit=1, api_visibility="private")

        def delete(value, lang):
            result = handlers.delete_document((value or "").rsplit(":", 1)[0], lang)
            choices = handlers.document_choices()
            return (result.html(), gr.update(choices=choices), gr.update(choices=choices),
                    handlers.corpus_view(lang), _generation())

        delete_btn.click(delete, [delete_ref, ui_lang], [upload_status, doc_filter, lk_doc, corpus, seen_generation],
                         concurrency_limit=1, api_visibility="private")

        # ---- API: /ask returns the `rag ask --json` object
        gr.api(handlers.api_ask, api_name="ask",
               api_description="Answer a question from the documents (optionally after earlier turns, "
                               "`history`); returns the `rag ask --json` object.")
    return demo


def _theme():
    system = ["system-ui", "-apple-system", "Segoe UI", "Noto Sans CJK SC", "WenQuanYi Zen Hei",
              "PingFang SC", "Microsoft YaHei", "sans-serif"]
    return gr.themes.Soft(font=system, font_mono=["ui-monospace", "monospace"])


def serve(host: str = "127.0.0.1", port: int = 7860, embedder: str | None = None, assistant=None,
          block: bool = True, upload: bool = True):
    """Load the Assistant once, then serve the UI (blocking unless block=False, which returns the app).

    A taken port or an unusable host is a RagError before anything is loaded."""
    from rag.types import RagError
    from ui.port import check_port, in_use_message

    check_port(host, port)
    if assistant is None:
        from rag import config
        from rag.assistant import Assistant

        assistant = Assistant.load(embedder=embedder,
                                   show_progress=config.progress_enabled() and sys.stderr.isatty())
    assistant.warm_up()
    handlers.set_assistant(assistant)
    handlers.set_uploads(upload)
    demo = build_app()
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    try:
        demo.launch(server_name=host, server_port=port, theme=_theme(), css=CSS, head=HEAD, show_error=False,
                    ssr_mode=False, quiet=True, prevent_thread_lock=True, footer_links=["api"],
                    max_file_size=MAX_HTTP_UPLOAD)
    except OSError as exc:  # taken between the check and the launch, or refused by the system
        if "empty port" in str(exc):
            raise RagError(in_use_message(host, port)) from None
        raise RagError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    print(f"rag: serving on http://{host}:{port}", file=sys.stderr, flush=True)
    if block:
        demo.block_thread()
    return 0 if block else demo
