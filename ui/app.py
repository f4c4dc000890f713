"""The Gradio app: layout, event wiring and `serve()` (called by `rag serve`)."""

from __future__ import annotations

import logging
import os
import sys
import threading

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # offline: no telemetry, no version check

import gradio as gr  # noqa: E402

from rag.ingest import SUFFIXES  # noqa: E402
from ui import handlers, render  # noqa: E402
from ui.i18n import norm_lang, question_lang, t  # noqa: E402

log = logging.getLogger(__name__)

CONCURRENCY = 20  # simultaneous questions; Assistant.ask is thread-safe
QUEUE_SIZE = 256
MAX_HTTP_UPLOAD = "10mb"  # gradio refuses bigger uploads outright; handlers.MAX_UPLOAD_BYTES (2 MB text)
# and MAX_UPLOAD_BINARY_BYTES (10 MB .pdf / .docx) explain

EXAMPLES = [
    "跨境电商零售进口有哪些措施？",
    "What does the policy say about the single window?",
    "国办发〔2018〕53号第（十五）条",
    "What does clause 15 of the Chongqing opinion say?",
    "如何扩大优质农产品进口？",
    "How will import customs clearance be made faster?",
]

CSS = """
.answer { line-height: 1.7; }
.cite-marker { color: #1d4ed8; font-weight: 600; font-size: 0.85em; vertical-align: super; margin-left: 1px; }
.thinking { color: #6b7280; font-style: italic; }
.not-found { border: 1px solid #f59e0b; border-left: 6px solid #d97706; background: #fffbeb; color: #78350f;
             padding: 10px 14px; border-radius: 8px; }
.not-found strong { display: block; margin-bottom: 4px; }
.not-found .maybe { margin-top: 6px; font-weight: 600; }
.not-found ul { margin: 4px 0 0 18px; padding: 0; }
.rag-error, .upload-error { border-left: 6px solid #dc2626; background: #fef2f2; color: #7f1d1d;
                            padding: 8px 12px; border-radius: 8px; }
.upload-ok { border-left: 6px solid #16a34a; background: #f0fdf4; color: #14532d; padding: 8px 12px;
             border-radius: 8px; }
.citation-card { border: 1px solid #d1d5db; border-radius: 8px; padding: 8px 12px; margin-bottom: 8px;
                 background: #f9fafb; color: #111827; }
.cite-n { color: #1d4ed8; font-weight: 700; }
.cite-title { font-weight: 600; }
.cite-docno { color: #374151; background: #e5e7eb; border-radius: 4px; padding: 0 6px; margin-left: 4px;
              font-size: 0.9em; white-space: nowrap; }
.cite-path { font-family: ui-monospace, monospace; color: #1e3a8a; background: #dbeafe; border-radius: 4px;
             padding: 0 4px; }
.cite-heading { font-weight: 600; }
.cite-page { color: #374151; font-size: 0.9em; white-space: nowrap; margin-right: 4px; }
.cite-quote { margin: 6px 0 0 0; padding-left: 10px; border-left: 3px solid #93c5fd; color: #374151; }
.clause-context { border: 1px solid #d1d5db; border-radius: 8px; padding: 10px 12px; background: #fff;
                  color: #111827; }
.context-doc { margin-bottom: 8px; }
.doc-id { color: #6b7280; font-size: 0.8em; font-family: ui-monospace, monospace; }
.clause-prev, .clause-next { color: #6b7280; font-size: 0.92em; padding: 6px 10px;
                              border-left: 3px solid #e5e7eb; }
.clause-focus { padding: 8px 10px; margin: 6px 0; border-left: 5px solid #2563eb; background: #eff6ff;
                border-radius: 4px; }
.clause-caption { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.03em; color: #9ca3af; }
.clause-text { white-space: normal; line-height: 1.7; }
.clause-context mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.sources-empty, .context-empty { color: #6b7280; font-style: italic; }
table.corpus { width: 100%; border-collapse: collapse; font-size: 0.9em; }
table.corpus td, table.corpus th { border-bottom: 1px solid #e5e7eb; padding: 4px 6px; text-align: left; }
"""


def _header(lang: str) -> str:
    return f"## {t('title', lang)}\n{t('subtitle', lang)}"


def _empty(kind: str, lang: str) -> str:
    return f'<div class="{kind}-empty">{render.esc(t(kind + "_empty", lang))}</div>'


def build_app(default_lang: str = "zh") -> gr.Blocks:
    """The Blocks app over the shared Assistant (handlers.get_assistant())."""
    lang0 = norm_lang(default_lang)
    docs0 = handlers.document_choices()
    with gr.Blocks(title="政策文件问答 · Policy Q&A", analytics_enabled=False) as demo:
        state = gr.State(handlers.new_session())
        pending = gr.State("")
        with gr.Row(equal_height=True):
            header = gr.Markdown(_header(lang0), elem_id="header")
            ui_lang = gr.Radio([("中文", "zh"), ("English", "en")], value=lang0, label=t("ui_lang", lang0),
                               elem_id="ui-lang", scale=0, min_width=220)
        with gr.Tabs():
            with gr.Tab(t("tab_chat", lang0), id="chat") as tab_chat:
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(label=t("chat", lang0), elem_id="chatbot", height=460,
                                             sanitize_html=True, render_markdown=True, feedback_options=None,
                                             buttons=["copy"])
                        with gr.Row(equal_height=True):
                            question = gr.Textbox(label=t("question", lang0), elem_id="question", scale=5,
                                                  placeholder=t("question_ph", lang0), max_length=2000)
                            ask_btn = gr.Button(t("ask", lang0), variant="primary", elem_id="ask-btn",
                                                scale=1)
                        doc_filter = gr.Dropdown(choices=docs0, value=[], multiselect=True,
                                                 label=t("doc_filter", lang0), elem_id="doc-filter")
                        gr.Examples([[q] for q in EXAMPLES], inputs=[question],
                                    label="示例问题 · Example questions")
                        clear_btn = gr.Button(t("clear", lang0), size="sm", elem_id="clear-btn")
                    with gr.Column(scale=2):
                        sources_title = gr.Markdown(f"### {t('sources', lang0)}")
                        sources = gr.HTML(_empty("sources", lang0), elem_id="sources")
                        source_pick = gr.Radio(choices=[], value=None, label=t("open_source", lang0),
                                               elem_id="source-pick")
                        context = gr.HTML(_empty("context", lang0), elem_id="clause-context")
            with gr.Tab(t("tab_lookup", lang0), id="lookup") as tab_lookup:
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
            with gr.Tab(t("tab_docs", lang0), id="docs") as tab_docs:
                upload = gr.File(label=t("upload", lang0), file_types=list(SUFFIXES), file_count="single",
                                 type="filepath", elem_id="upload", visible=handlers.uploads_enabled())
                upload_btn = gr.Button(t("upload_btn", lang0), variant="primary", elem_id="upload-btn",
                                       visible=handlers.uploads_enabled())
                upload_status = gr.HTML("", elem_id="upload-status")
                corpus_title = gr.Markdown(f"### {t('corpus', lang0)}")
                corpus = gr.HTML(handlers.corpus_view(lang0), elem_id="corpus")

        # ---- language: labels follow the toggle; asking a question flips it to the question's language
        relabel_outputs = [header, ui_lang, tab_chat, tab_lookup, tab_docs, chatbot, question, ask_btn,
                           doc_filter, clear_btn, sources_title, source_pick, lk_doc, lk_clause, lk_show,
                           lk_query, lk_find, lk_cite, upload, upload_btn, corpus_title, sources, context]

        def relabel(lang, st):
            lang = norm_lang(lang)
            fresh = not (st or {}).get("answer")
            return [
                gr.update(value=_header(lang)), gr.update(label=t("ui_lang", lang)),
                gr.update(label=t("tab_chat", lang)), gr.update(label=t("tab_lookup", lang)),
                gr.update(label=t("tab_docs", lang)), gr.update(label=t("chat", lang)),
                gr.update(label=t("question", lang), placeholder=t("question_ph", lang)),
                gr.update(value=t("ask", lang)), gr.update(label=t("doc_filter", lang)),
                gr.update(value=t("clear", lang)), gr.update(value=f"### {t('sources', lang)}"),
                gr.update(label=t("open_source", lang)), gr.update(label=t("lookup_doc", lang)),
                gr.update(label=t("lookup_clause", lang)), gr.update(value=t("lookup_show", lang)),
                gr.update(label=t("lookup_query", lang), placeholder=t("lookup_query_ph", lang)),
                gr.update(value=t("lookup_find", lang)), gr.update(label=t("citation_string", lang)),
                gr.update(label=t("upload", lang)), gr.update(value=t("upload_btn", lang)),
                gr.update(value=f"### {t('corpus', lang)}"),
                gr.update(value=_empty("sources", lang)) if fresh else gr.update(),
                gr.update(value=_empty("context", lang)) if fresh else gr.update(),
            ]

        ui_lang.change(relabel, [ui_lang, state], relabel_outputs, queue=False, api_visibility="private")

        # ---- chat
        def start(q, lang):
            q = q if isinstance(q, str) else ""
            return q, "", (question_lang(q, lang) if q.strip() else norm_lang(lang))

        def chat(q, st, docs, lang):
            first = True
            for view in handlers.chat_turn(q, st, docs, lang):
                if first or view.done:
                    pick = gr.update(choices=view.choices, value=None)
                else:
                    pick = gr.update()
                first = False
                yield view.messages, view.sources, pick, view.context, view.state

        gr.on([question.submit, ask_btn.click], start, [question, ui_lang], [pending, question, ui_lang],
              queue=False, api_visibility="private").then(
            chat, [pending, state, doc_filter, ui_lang], [chatbot, sources, source_pick, context, state],
            api_visibility="private")

        def clear(lang):
            lang = norm_lang(lang)
            return ([], _empty("sources", lang), gr.update(choices=[], value=None), _empty("context", lang),
                    handlers.new_session())

        clear_btn.click(clear, [ui_lang], [chatbot, sources, source_pick, context, state], queue=False,
                        api_visibility="private")
        source_pick.change(handlers.open_source, [source_pick, state, ui_lang], [context],
                           api_visibility="private")

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

        # ---- adding documents
        def add(path, lang):
            result = handlers.add_document(path or None, None, lang)
            choices = handlers.document_choices()
            return (result.html(), gr.update(choices=choices), gr.update(choices=choices),
                    handlers.corpus_view(lang), gr.update(value=None) if result.ok else gr.update())

        upload_btn.click(add, [upload, ui_lang], [upload_status, doc_filter, lk_doc, corpus, upload],
                         concurrency_limit=1, api_visibility="private")

        # ---- API: /ask returns the `rag ask --json` object
        gr.api(handlers.api_ask, api_name="ask",
               api_description="Answer a question from the documents; returns the `rag ask --json` object.")
    return demo


def _theme():
    system = ["system-ui", "-apple-system", "Segoe UI", "Noto Sans CJK SC", "WenQuanYi Zen Hei",
              "PingFang SC", "Microsoft YaHei", "sans-serif"]
    return gr.themes.Soft(font=system, font_mono=["ui-monospace", "monospace"])


def warm_in_background(assistant) -> threading.Thread:
    """Warm the Assistant up in a daemon thread (questions meanwhile are answered, a little later)."""
    def warm() -> None:
        try:
            assistant.warm_up()
        except Exception:  # a question will meet the same problem and report it
            log.exception("warming up the assistant failed")

    thread = threading.Thread(target=warm, name="rag-warm-up", daemon=True)
    thread.start()
    return thread


def serve(host: str = "127.0.0.1", port: int = 7860, embedder: str | None = None, assistant=None,
          block: bool = True, upload: bool = True):
    """Load the Assistant once, then serve the UI (blocking unless block=False, which returns the app).

    The first page is served before the Assistant warms up (its tokenizer and dictionaries); warming
    runs in the background, and a question asked meanwhile is answered when its turn comes.
    A taken port or an unusable host is a RagError before anything is loaded."""
    from rag.types import RagError
    from ui.port import check_port, in_use_message

    check_port(host, port)
    if assistant is None:
        from rag import config
        from rag.assistant import Assistant

        assistant = Assistant.load(embedder=embedder,
                                   show_progress=config.progress_enabled() and sys.stderr.isatty())
    handlers.set_assistant(assistant)
    handlers.set_uploads(upload)
    demo = build_app()
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    try:
        demo.launch(server_name=host, server_port=port, theme=_theme(), css=CSS, show_error=False,
                    ssr_mode=False, quiet=True, prevent_thread_lock=True, footer_links=["api"],
                    max_file_size=MAX_HTTP_UPLOAD)
    except OSError as exc:  # taken between the check and the launch, or refused by the system
        if "empty port" in str(exc):
            raise RagError(in_use_message(host, port)) from None
        raise RagError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
    print(f"rag: serving on http://{host}:{port}", file=sys.stderr, flush=True)
    warm_in_background(assistant)
    if block:
        demo.block_thread()
    return 0 if block else demo
