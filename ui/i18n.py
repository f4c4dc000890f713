"""Interface labels in Chinese and English."""

from __future__ import annotations

from rag.lang import detect_lang

LANGS = ("zh", "en")

LABELS: dict[str, dict[str, str]] = {
    "title": {"zh": "政策文件问答助手", "en": "Policy Documents Q&A"},
    "subtitle": {
        "zh": "用中文或英文提问；每个回答都注明出处条款 [n]。",
        "en": "Ask in Chinese or English; every answer cites the exact clause [n] it came from.",
    },
    "ui_lang": {"zh": "界面语言", "en": "Interface language"},
    "tab_chat": {"zh": "问答", "en": "Ask"},
    "tab_lookup": {"zh": "条款查询", "en": "Clause lookup"},
    "tab_docs": {"zh": "文件管理", "en": "Documents"},
    "chat": {"zh": "对话", "en": "Conversation"},
    "question": {"zh": "问题", "en": "Question"},
    "question_ph": {"zh": "例如：跨境电商零售进口有哪些措施？",
                    "en": "e.g. What does the policy say about the single window?"},
    "ask": {"zh": "提问", "en": "Ask"},
    "clear": {"zh": "清空对话", "en": "Clear conversation"},
    "doc_filter": {"zh": "限定文件（不选则检索全部）", "en": "Limit to documents (none = all)"},
    "examples": {"zh": "示例问题", "en": "Example questions"},
    "sources": {"zh": "出处", "en": "Sources"},
    "sources_empty": {"zh": "回答引用的条款会列在这里；点击查看原文。", "en": "The clauses an answer cites are listed here; click one to open it."},
    "open_source": {"zh": "查看条款原文", "en": "Open a clause"},
    "context_empty": {"zh": "点击回答中的 [n] 或出处卡片，在此查看条款原文。", "en": "Click an [n] in an answer or a source card to open the clause here."},
    "not_found": {"zh": "文件中未找到相关内容。", "en": "Not found in the documents."},
    "maybe": {"zh": "您可能在找：", "en": "You may be looking for:"},
    "thinking": {"zh": "正在检索…", "en": "Searching…"},
    "used": {"zh": "回答引用的句子", "en": "Sentences used in the answer"},
    "prev": {"zh": "上一条", "en": "Previous clause"},
    "next": {"zh": "下一条", "en": "Next clause"},
    "clause": {"zh": "条款", "en": "Clause"},
    "document": {"zh": "文件", "en": "Document"},
    "doc_number": {"zh": "文号", "en": "Doc. No."},
    "lookup_doc": {"zh": "选择文件", "en": "Document"},
    "lookup_clause": {"zh": "选择条款", "en": "Clause"},
    "lookup_show": {"zh": "显示条款", "en": "Show clause"},
    "lookup_query": {"zh": "或输入条款引用", "en": "Or type a clause reference"},
    "lookup_query_ph": {"zh": "例如：国办发〔2018〕53号第（十五）条", "en": "e.g. clause 15 of the Chongqing opinion"},
    "lookup_find": {"zh": "查找", "en": "Find"},
    "citation_string": {"zh": "引用格式（可复制）", "en": "Citation (copy it)"},
    "lookup_none": {"zh": "没有找到这个条款引用；请从下拉列表中选择。",
                    "en": "No clause matches that reference; pick one from the lists instead."},
    "upload": {"zh": "添加文件（.txt / .md / .html，UTF-8，不超过 2 MB；.pdf / .docx，不超过 10 MB）",
               "en": "Add a document (.txt / .md / .html in UTF-8, up to 2 MB; .pdf / .docx, up to 10 MB)"},
    "upload_pick": {"zh": "选择文件并添加…", "en": "Choose a file to add…"},
    "upload_btn": {"zh": "添加并建立索引", "en": "Add and index"},
    "upload_none": {"zh": "请先选择一个文件。", "en": "Choose a file first."},
    "upload_ok": {"zh": "已添加 {name}（{title}），现在可以检索。", "en": "Added {name} ({title}); it is searchable now."},
    "upload_same": {"zh": "{name} 已经添加过（内容相同），无需重复添加。",
                    "en": "{name} was already added (identical content); nothing to do."},
    "upload_fail": {"zh": "未能添加文件：{error}", "en": "Could not add the file: {error}"},
    "corpus": {"zh": "已收录的文件", "en": "Documents in the corpus"},
    "error": {"zh": "出错了：{error}", "en": "Error: {error}"},
    "busy": {"zh": "（正在处理上一个问题）", "en": "(still answering the previous question)"},
    "queued": {"zh": "排队中：上一个问题答完后回答", "en": "Queued: answered after the previous question"},
    "drafting": {"zh": "语言模型正在作答（尚未核对所引条款）…", "en": "The language model is writing (not yet checked against the clauses)…"},
    "removed": {"zh": "被删除的句子（未得到所引条款支持，不是回答的一部分）",
                "en": "Removed sentences (not supported by the clause cited; not part of the answer)"},
    "clause_panel": {"zh": "条款原文", "en": "Clause"},
    "close": {"zh": "关闭", "en": "Close"},
    "copy": {"zh": "复制", "en": "Copy"},
    "copied": {"zh": "已复制", "en": "Copied"},
    "origin": {"zh": "来源", "en": "Origin"},
    "origin_shipped": {"zh": "随附文件", "en": "shipped"},
    "origin_operator": {"zh": "管理员添加", "en": "added by operator"},
    "origin_upload": {"zh": "用户上传", "en": "uploaded by a user"},
    "origin_help": {"zh": "该文件如何进入语料库", "en": "How this document entered the corpus"},
    "clash": {"zh": "⚠ 文号重复", "en": "⚠ number shared"},
    "clash_help": {"zh": "另一份文件也使用此文号：请核对来源", "en": "Another document claims the same number: check the origin"},
    "delete": {"zh": "删除", "en": "Delete"},
    "deleted": {"zh": "已删除 {name}。", "en": "Deleted {name}."},
    "delete_fail": {"zh": "未能删除：{error}", "en": "Could not delete: {error}"},
    "new_chat": {"zh": "新对话", "en": "New chat"},
    "welcome": {"zh": "请提问，或点击一个示例问题。回答中的 [n] 可点击查看条款原文。",
                "en": "Ask a question, or click an example. Click any [n] in an answer to open the clause."},
    "filter_active": {"zh": "仅检索：{docs}", "en": "Searching only: {docs}"},
    "upload_progress_check": {"zh": "正在检查文件…", "en": "Checking the file…"},
    "upload_progress_index": {"zh": "正在建立索引…", "en": "Indexing…"},
    "uploads_off": {"zh": "此服务器已关闭上传。", "en": "Uploading is turned off on this server."},
    "menu": {"zh": "菜单", "en": "Menu"},
}


def t(key: str, lang: str, **kwargs: object) -> str:
    """The label `key` in `lang` ("zh" or "en"), formatted with kwargs."""
    entry = LABELS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text


def norm_lang(lang: str | None) -> str:
    """ "zh" or "en" (anything else becomes "en")."""
    return lang if lang in LANGS else "en"


def question_lang(question: str, fallback: str = "en") -> str:
    """The language a question is written in; `fallback` for an empty one."""
    return detect_lang(question) if question and question.strip() else norm_lang(fallback)
