""".pdf and .docx documents: text, page numbers in citations, and one clear error per unusable file.

The fixtures under tests/fixtures/formats/ were made by make_fixtures.py there (fpdf2, python-docx and the
WenQuanYi Zen Hei font, which zh_rules.pdf embeds); the tests read the committed files only.

- zh_rules.pdf: two A5 pages, 第一章…第三章 with 第一条…第八条, a running header "某市商务局文件",
  footers "- 1 -" / "- 2 -"; 第六条 starts on page 1 and ends on page 2; lines wrap mid-sentence.
- en_guide.docx: a title, "1. Scope" / "2. Customs clearance" / "3. Duty rates" headings, paragraphs,
  two numbered-list paragraphs and a 3x3 table.
- scanned.pdf (an image, no text), locked.pdf (user password "secret"), owner_only.pdf (an owner password
  only: opens with the empty user password).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from rag import formats, ingest
from rag.clauses import parse_clauses
from rag.formats import clean_pdf_pages, joiner
from rag.ingest import clean_pages, corpus_files, load_document, page_of, parse_document, read_text
from rag.types import RagError
from tests.conftest import FIXTURES, snapshot

FORMATS = FIXTURES / "formats"
ARTICLE_6 = ("境内服务商应当在境内办理工商登记，向海关提交相关资质证书并办理注册登记，"
             "如实向监管部门传输交易、支付、物流等电子信息，并承担相应责任。")


@pytest.fixture(scope="module")
def zh_pdf():
    return load_document(FORMATS / "zh_rules.pdf")


@pytest.fixture(scope="module")
def zh_clauses(zh_pdf):
    return {c.label: c for c in parse_clauses(zh_pdf)}


def copy(tmp_path: Path, name: str, as_name: str | None = None) -> Path:
    dest = tmp_path / (as_name or name)
    dest.write_bytes((FORMATS / name).read_bytes())
    return dest


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------- Chinese PDF


def test_chinese_pdf_reads_as_clean_text(zh_pdf):
    assert zh_pdf.doc_id == "zh_rules.pdf"
    assert zh_pdf.lang == "zh"
    assert zh_pdf.title == "跨境电子商务零售进口管理办法"
    text = zh_pdf.text
    assert "某市商务局文件" not in text, "the running header survived"
    assert "- 1 -" not in text and "- 2 -" not in text, "a page number survived"
    assert "\f" not in text
    lines = text.split("\n")
    assert all(line == line.strip() and line for line in lines)
    # every line is whole: a heading, or a clause that ends its sentence
    for line in lines:
        assert line.endswith("。") or len(line) < 16, line
    assert "第一条 为了规范跨境电子商务零售进口活动，促进跨境电子商务健康有序发展，" in text
    assert "结合本市实际，制定本办法。" in text  # a line that started with "，" was joined


def test_pdf_pages_are_offsets_of_page_starts(zh_pdf):
    assert len(zh_pdf.pages) == 2 and zh_pdf.pages[0] == 0
    start = zh_pdf.pages[1]
    assert zh_pdf.text[start:].startswith("担相应责任。")  # page 2 starts inside 第六条's sentence
    assert page_of(zh_pdf, 0) == 1
    assert page_of(zh_pdf, start - 1) == 1
    assert page_of(zh_pdf, start) == 2
    assert page_of(zh_pdf, len(zh_pdf.text) - 1) == 2


def test_article_across_a_page_break_is_whole_and_cites_its_first_page(zh_pdf, zh_clauses):
    art6 = zh_clauses["第六条"]
    assert art6.path == "第二章/第六条"
    assert art6.text == ARTICLE_6
    assert page_of(zh_pdf, art6.spans[0][0]) == 1
    assert art6.span[0] < zh_pdf.pages[1] < art6.span[1], "第六条 does not cross the page break"
    assert page_of(zh_pdf, zh_clauses["第七条"].spans[0][0]) == 2
    assert page_of(zh_pdf, zh_clauses["第一条"].spans[0][0]) == 1
    assert [c for c in zh_clauses if c.startswith("第") and c.endswith("条")] == [
        f"第{n}条" for n in "一二三四五六七八"]


def test_text_documents_have_no_pages():
    doc = parse_document("a.txt", "第一条 为了规范进口管理，制定本办法。\f第二条 本办法适用于本市。")
    assert doc.pages == ()
    assert page_of(doc, 5) is None


# ---------------------------------------------------------------------------------- English DOCX


def test_docx_paragraphs_headings_lists_and_table_in_order():
    doc = load_document(FORMATS / "en_guide.docx")
    assert doc.doc_id == "en_guide.docx" and doc.lang == "en" and doc.pages == ()
    assert doc.title == "Cross-border Trade Guide"
    assert doc.text.split("\n") == [
        "Cross-border Trade Guide",
        "This guide explains how importers use the single window.",
        "1. Scope",
        "The guide covers consumer goods, medicines and medical equipment imported by retailers.",
        "2. Customs clearance",
        "Importers declare goods through the single window before arrival.",
        "Declarations are checked within one working day.",  # numbered-list paragraphs keep their text
        "Inspection results are published online.",
        "3. Duty rates",
        "The table lists the duty rates that apply to common goods.",
        "Goods Rate Note",  # one line per table row, cells separated (the tab becomes a space)
        "Infant formula 0% quota applies",
        "Cosmetics 9.1% per parcel",
        "Rates are reviewed every year by the State Council.",
    ]
    headings = {c.heading for c in parse_clauses(doc)}
    assert {"Scope", "Customs clearance", "Duty rates"} <= headings


def test_docx_table_cells_are_tab_separated_and_merged_cells_kept_once(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("Tariff table.")
    table = d.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Goods and rate"
    table.cell(0, 2).text = "Note"
    for cell, value in zip(table.rows[1].cells, ("Wine", "14%", "bottled"), strict=True):
        cell.text = value
    buf = io.BytesIO()
    d.save(buf)
    text = read_text(write(tmp_path, "t.docx", buf.getvalue()))
    assert text.split("\n") == ["Tariff table.", "Goods and rate\tNote", "Wine\t14%\tbottled"]


# ---------------------------------------------------------------------------------- one error each


@pytest.mark.parametrize("make, message", [
    (lambda p: copy(p, "scanned.pdf"), "scanned.pdf has no text layer (scanned?); run OCR first"),
    (lambda p: copy(p, "locked.pdf"), "locked.pdf is password-protected"),
    (lambda p: write(p, "cut.pdf", (FORMATS / "zh_rules.pdf").read_bytes()[:20000]),
     "cut.pdf is damaged or truncated"),
    (lambda p: write(p, "junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"),
     "junk.pdf is damaged: it cannot be read as a PDF"),
    (lambda p: write(p, "note.pdf", "这不是PDF文件。".encode()), "note.pdf is not a PDF file"),
    (lambda p: write(p, "fake.docx", "This is plain text, not a Word file.".encode()),
     "fake.docx is damaged or not a .docx file (it is not a zip archive)"),
    (lambda p: write(p, "cut.docx", (FORMATS / "en_guide.docx").read_bytes()[:5000]),
     "cut.docx is damaged or not a .docx file"),
    (lambda p: write(p, "old.docx", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504),
     "old.docx is an old Word .doc or a password-protected document"),
])
def test_unusable_files_raise_one_clear_error(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(RagError) as err:
        load_document(path)
    text = str(err.value)
    assert text.startswith(message), text
    assert "\n" not in text


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_a_zip_that_is_not_a_docx(tmp_path):
    with pytest.raises(RagError, match=r"archive.zip.docx is a zip archive but not a Word document"):
        load_document(write(tmp_path, "archive.zip.docx", _zip({"readme.txt": b"hello"})))
    xlsx = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    with pytest.raises(RagError, match="not a Word document"):
        load_document(write(tmp_path, "sheet.docx", xlsx))


def test_a_docx_with_broken_xml_is_damaged(tmp_path):
    with zipfile.ZipFile(FORMATS / "en_guide.docx") as zf:
        entries = {i.filename: zf.read(i) for i in zf.infolist()}
    entries["word/document.xml"] = entries["word/document.xml"][:400]
    with pytest.raises(RagError, match="broken.docx is damaged: it cannot be read as a .docx"):
        load_document(write(tmp_path, "broken.docx", _zip(entries)))


def test_owner_password_only_pdf_opens(tmp_path):
    doc = load_document(FORMATS / "owner_only.pdf")
    assert doc.text.split("\n") == ["Import Notes", "1. Imports of consumer goods will be expanded.",
                                    "2. Customs clearance will be simplified."]
    assert doc.pages == (0,)


def test_limits_bound_the_work(tmp_path, monkeypatch):
    formats._cache.clear()  # the text of a file read before (with other limits) is kept in memory
    monkeypatch.setattr(formats, "MAX_PAGES", 1)
    with pytest.raises(RagError, match=r"zh_rules.pdf has 2 pages; the limit is 1 pages"):
        load_document(FORMATS / "zh_rules.pdf")
    monkeypatch.setattr(formats, "MAX_PAGES", 2000)
    monkeypatch.setattr(formats, "MAX_TEXT_CHARS", 100)
    formats._cache.clear()
    with pytest.raises(RagError, match="more than"):
        load_document(copy(tmp_path, "zh_rules.pdf", "big.pdf"))
    with pytest.raises(RagError, match="more than"):
        load_document(FORMATS / "en_guide.docx")
    monkeypatch.setattr(formats, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(RagError, match="unpacks to"):
        load_document(FORMATS / "en_guide.docx")
    monkeypatch.setattr(ingest, "MAX_BINARY_BYTES", 1000)
    with pytest.raises(RagError, match=r"zh_rules.pdf is 0.0 MB; the limit is"):
        load_document(FORMATS / "zh_rules.pdf")
    formats._cache.clear()


def test_binary_formats_have_their_own_size_limit(tmp_path):
    assert ingest.MAX_BINARY_BYTES > ingest.MAX_BYTES
    path = tmp_path / "huge.pdf"
    with path.open("wb") as fh:  # sparse: refused before it is read
        fh.truncate(ingest.MAX_BINARY_BYTES + 1)
    with pytest.raises(RagError, match="limit is 50 MB"):
        load_document(path)


def test_supported_types_are_listed_everywhere(tmp_path):
    assert {".pdf", ".docx"} <= set(ingest.SUFFIXES)
    with pytest.raises(RagError, match=r"\.pdf, \.docx; save it as \.docx"):
        load_document(write(tmp_path, "old.doc", b"x"))
    folder = tmp_path / "corpus"
    folder.mkdir()
    with pytest.raises(RagError, match=r"\.txt, \.md, \.html, \.pdf or \.docx"):
        corpus_files([folder])
    for name in ("b.docx", "a.pdf", "c.doc"):
        (folder / name).write_bytes(b"")
    assert [f.name for f in corpus_files([folder])] == ["a.pdf", "b.docx"]


def test_upload_names_accept_pdf_and_docx():
    from ui import handlers

    assert handlers.safe_name("年度报告 2024.PDF") == "年度报告_2024.pdf"
    assert handlers.safe_name("guide.docx") == "guide.docx"
    assert handlers.MAX_UPLOAD_BINARY_BYTES > handlers.MAX_UPLOAD_BYTES
    with pytest.raises(RagError, match="unsupported file type"):
        handlers.safe_name("guide.doc")


# ---------------------------------------------------------------------------------- PDF artefacts


def test_running_headers_footers_and_page_numbers_are_dropped():
    bodies = ["Imports of consumer goods will be expanded.", "Customs clearance will be simplified.",
              "Medicines enter faster.", "The single window covers more procedures.", "Rates are reviewed."]
    feet = ["- 1 -", "第 2 页", "3", "Page 4 of 5", "5/5"]
    pages = [f"Ministry of Commerce 2024 Report\n{body}\n{foot}\nprinted 2024-0{n}-01 10:0{n}"
             for n, (body, foot) in enumerate(zip(bodies, feet, strict=True), 1)]
    assert clean_pdf_pages(pages).split("\n\f") == bodies


def test_a_header_on_the_first_page_only_is_kept():
    text = clean_pdf_pages(["Notice on imports\nBody one.", "Body two.", "Body three."])
    assert text.startswith("Notice on imports\n")


def test_english_lines_and_hyphens_are_joined():
    full = "The meeting decided to encourage the expansion of imports of advanced technology equip-"
    pages = ["\n".join([
        full,
        "ment and key components, which the regulation covers together with",
        "year-on-",
        "year growth. The equipment list is attached.",
        "1. Scope",
        "Short title line",
        "Another paragraph.",
    ])]
    lines = clean_pdf_pages(pages).split("\n")
    # "equipment" occurs elsewhere, so "equip-" + "ment" loses its hyphen; "year-on-year" keeps its own
    assert lines[0] == ("The meeting decided to encourage the expansion of imports of advanced technology "
                        "equipment and key components, which the regulation covers together with "
                        "year-on-year growth. The equipment list is attached.")
    assert lines[1:] == ["1. Scope", "Short title line", "Another paragraph."]


def test_chinese_lines_join_unless_a_clause_or_sentence_ends():
    full = "一" * 30
    assert joiner(full, "二二二。", 60) == ""
    assert joiner(full, "（二）标题。", 60) is None  # the next line starts a clause
    assert joiner(full, "第三条 内容。", 60) is None
    assert joiner(full[:-1] + "。", "二二二。", 60) is None  # the line ends a sentence
    assert joiner("短标题", "正文内容。", 60) is None  # a short line is a title, not a wrapped line
    assert joiner("短标题", "，续行。", 60) == ""  # ... but no paragraph starts with "，"
    assert joiner("（商务部、海关总署等按职责分工负责）", "下一段正文。", 10) is None


def test_page_breaks_inside_a_line_keep_the_line_whole():
    text, pages = clean_pages("甲乙丙\n丁戊\f己庚。\n第二行。\n\f第三页。")
    assert text == "甲乙丙\n丁戊己庚。\n第二行。\n第三页。"
    assert pages == (0, 6, 15)
    text, pages = clean_pages("words run\x20\fon here.\n\f\n\fLast page.")
    assert text == "words run on here.\nLast page."
    assert pages == (0, 10, 18, 19)  # the empty page 3 starts where page 4 does


# ---------------------------------------------------------------------------------- end to end


@pytest.fixture
def mixed_corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    copy(folder, "zh_rules.pdf")
    copy(folder, "en_guide.docx")
    return folder


def test_index_and_ask_a_pdf_and_a_docx(mixed_corpus, tmp_path, fake_embedder, capsys):
    from rag.assistant import Assistant
    from rag.cli import _print_answer
    from ui import render

    assistant = Assistant.load(sources=[mixed_corpus], index_dir=tmp_path / "index", embedder=fake_embedder,
                               show_progress=False)
    assert set(assistant.documents) == {"zh_rules.pdf", "en_guide.docx"}
    answer = assistant.ask("境内服务商应当如实向监管部门传输哪些电子信息？")
    assert not answer.refused
    first = answer.citations[0]
    assert (first.clause.doc_id, first.clause.path, first.page) == ("zh_rules.pdf", "第二章/第六条", 1)
    assert first.clause.text == ARTICLE_6
    data = answer.to_dict()["citations"][0]
    assert (data["doc"], data["clause"], data["page"]) == ("zh_rules.pdf", "第二章/第六条", 1)

    capsys.readouterr()
    _print_answer(answer, explain=False)
    assert "— 第二章/第六条 p. 1  (zh_rules.pdf)" in capsys.readouterr().out
    assert '<span class="cite-page">第1页</span>' in render.citation_card(first, "zh")
    assert '<span class="cite-page">p. 1</span>' in render.citation_card(first, "en")

    hits = assistant.ask("Do importers declare goods through the single window before arrival?").retrieved
    assert (hits[0].clause.doc_id, hits[0].clause.label) == ("en_guide.docx", "2")

    # a second load reads the stored index: the page survives the round trip
    again = Assistant.load(sources=[mixed_corpus], index_dir=tmp_path / "index", embedder=fake_embedder,
                           show_progress=False)
    assert again.ask("境内服务商应当如实向监管部门传输哪些电子信息？").citations[0].page == 1
    lookup = again.ask("第七条")  # a clause look-up cites the page too
    assert lookup.mode == "lookup"
    assert (lookup.citations[0].clause.label, lookup.citations[0].page) == ("第七条", 2)


def test_a_docx_citation_has_no_page(mixed_corpus, tmp_path, fake_embedder):
    from rag.answer import lookup_answer
    from rag.assistant import Assistant
    from rag.types import Answer
    from ui import render

    assistant = Assistant.load(sources=[mixed_corpus], index_dir=tmp_path / "index", embedder=fake_embedder,
                               show_progress=False)
    clause = assistant.clause("en_guide.docx", "2")
    _, citations = lookup_answer("clause 2", "en", [clause], assistant.children, assistant.documents)
    assert [(c.clause.doc_id, c.page) for c in citations] == [("en_guide.docx", None)]
    answer = Answer("clause 2", "x [1]", False, tuple(citations), (), "en", "lookup")
    assert answer.to_dict()["citations"][0]["page"] is None
    assert "cite-page" not in render.citation_card(citations[0], "en")


def test_a_bad_pdf_is_skipped_and_the_cli_says_why(mixed_corpus, tmp_path, fake_embedder, monkeypatch, capsys):
    """Issue 16: a bad file in the corpus folder is reported and skipped; named on its own it is an error."""
    import os

    from rag import embed
    from rag.assistant import Assistant
    from rag.cli import main

    copy(mixed_corpus, "scanned.pdf")
    root = tmp_path / "index"
    assistant = Assistant.load(sources=[mixed_corpus], index_dir=root, embedder=fake_embedder, show_progress=False)
    assert "scanned.pdf" not in assistant.documents and assistant.documents
    assert "rag: skipped scanned.pdf: scanned.pdf has no text layer" in capsys.readouterr().err

    monkeypatch.setattr(embed, "load_embedder", lambda spec=None: fake_embedder)
    capsys.readouterr()
    assert main(["index", "-q", str(mixed_corpus / "scanned.pdf")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "rag: error: scanned.pdf has no text layer (scanned?); run OCR first"
    assert snapshot(Path(os.environ["RAG_INDEX_DIR"])) == {}
    assert main(["index", "-q", str(mixed_corpus)]) == 0
    err = capsys.readouterr().err
    assert "rag: skipped scanned.pdf: scanned.pdf has no text layer (scanned?); run OCR first" in err


@pytest.fixture
def ui_assistant(tiny_corpus, tmp_path, fake_embedder):
    """A fake-embedder Assistant over the tiny corpus as the UI's Assistant."""
    from rag.assistant import Assistant
    from ui import handlers

    assistant = Assistant.load(sources=[tiny_corpus], index_dir=tmp_path / "ui-index", embedder=fake_embedder,
                               show_progress=False)
    previous = handlers._assistant
    handlers.set_assistant(assistant)
    yield assistant
    handlers.set_assistant(previous)


def test_uploading_a_pdf_and_a_scanned_one(ui_assistant, tmp_path):
    from rag import config
    from ui import handlers

    src = copy(tmp_path, "zh_rules.pdf", "upload.bin")
    result = handlers.add_document(src, "跨境电商 办法.pdf", "zh")
    assert result.ok, result.message
    assert result.doc_id == "跨境电商_办法.pdf"
    assert ui_assistant.documents["跨境电商_办法.pdf"].pages[0] == 0
    answer = ui_assistant.ask("境内服务商应当如实向监管部门传输哪些电子信息？")
    assert (answer.citations[0].clause.doc_id, answer.citations[0].page) == ("跨境电商_办法.pdf", 1)

    before = sorted(p.name for p in config.uploads_dir().iterdir())
    result = handlers.add_document(copy(tmp_path, "scanned.pdf", "scan.bin"), "scan.pdf", "en")
    assert not result.ok
    assert "scan.pdf has no text layer (scanned?); run OCR first" in result.message
    assert sorted(p.name for p in config.uploads_dir().iterdir()) == before
    assert "scan.pdf" not in ui_assistant.documents


def test_a_pdf_with_ten_thousand_pages_is_refused_quickly(tmp_path):
    import time

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(10_000):
        writer.add_blank_page(72, 72)
    path = tmp_path / "huge.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    started = time.monotonic()
    with pytest.raises(RagError, match=r"huge.pdf has 10,000 pages; the limit is 2,000 pages"):
        load_document(path)
    assert time.monotonic() - started < 20


# ---- hard-wrapped text files ----------------------------------------------------------------------

_WRAPPED = """MEMORANDUM FOR THE SECRETARY OF COMMERCE

On May 5, 2022, the Trade Representative initiated the statutory review of
the two actions taken under section 301 of the Trade Act of 1974 (19 U.S.C.
2411), in the investigation of acts, policies and practices related to
technology transfer.  The actions were later modified by imposing duties on
supplemental lists of products.

During its review, the Office of the Trade Representative sought and
received approximately 1,500 written submissions from interested parties,
all of them for goods bought either duty-free/tax-free or duty-paid/tax-
paid before the review began.

Sec. 2.  Divestment.  (a)  Not later than 120 calendar days after the date
of this order, the purchasers shall divest all interests in the property.
(b)  Not later than 90 calendar days after the date of this order, they
shall remove all equipment from the property.
"""


def test_a_hard_wrapped_text_has_its_paragraphs_on_one_line_again():
    doc = parse_document("memo.txt", _WRAPPED)
    texts = [c.text for c in parse_clauses(doc)]
    review = next(t for t in texts if t.startswith("On May 5, 2022"))
    # one paragraph, its lines joined with spaces (also after the abbreviation "U.S.C." ending a line)
    assert "review of the two actions" in review and "(19 U.S.C. 2411), in the investigation" in review
    assert review.endswith("supplemental lists of products.")
    # a compound broken at its hyphen is one word again (parser 51)
    assert any(t.startswith("During its review") and t.endswith("duty-paid/tax-paid before the review began.")
               for t in texts)
    # a lettered item starts its own line: the 120 days and the 90 days stay apart
    remove = next(t for t in texts if t.startswith("Not later than 90 calendar days"))
    assert "120 calendar days" not in remove and remove.endswith("remove all equipment from the property.")
    divest = next(t for t in texts if t.startswith("(a)  Not later than 120 calendar days"))
    assert "divest all interests in the property.\n(b)" in divest  # the section is whole: its items included


def test_a_text_with_a_paragraph_per_line_is_not_joined():
    law = "\n".join(f"第{n}条 经营者应当依照本条例的规定，向所在地的主管部门申请办理登记手续，并提交第{n}项所列的全部材料"
                    for n in "一二三四五六七八九十") + "\n"
    english = "\n".join(f"Paragraph {n} of the guide says one thing about customs clearance and no more than"
                        f" that, and it ends without any full stop at all {n}" for n in range(12)) + "\n"
    assert formats.unwrap_text(law) == law
    assert formats.unwrap_text(english) == english


# a bill as the Government Publishing Office prints it: preformatted text in an HTML page, each level of items
# indented, every line filled to the same column (so its lines, without their indents, are of many widths)
_BILL = """<html><body><pre>
[Congressional Bills 118th Congress]

SECTION 1. SHORT TITLE.

    This Act may be cited as the ``Widget Security Act''.

SEC. 2. PROHIBITION ON CONTRACTING WITH CERTAIN WIDGET PROVIDERS.

    (a) In General.--The head of an executive agency may not--
            (1) procure or obtain any widget equipment or service
        produced or provided by a widget company of concern; or
            (2) enter into a contract or extend or renew a contract
        with any entity that--
                    (A) uses widget equipment or services produced
                or provided by a widget company of concern and
                acquired after the applicable effective date; or
                    (B) enters into any contract the performance of
                which such entity knows will require the use of
                widget equipment or services produced or provided
                by a widget company of concern.
    (b) Waiver.--The head of an executive agency may waive the
        prohibitions under subsection (a)--
                    (A) on a case-by-case basis, and shall notify
                the appropriate congressional committees not later
                than 30 days after granting such waiver; and
                    (B) for a period of not more than 365 days,
                which may be extended once by the Director if--
                            (i) the Director finds that no other
                        source of such equipment is available;
                            (ii) the agency has a plan to phase
                        out the equipment within that period;
                        and
                            (iii) the Director notifies the
                        committees of each extension in writing.
    (c) Report.--Not later than 180 days after the date of the
        enactment of this Act, the Director shall submit to Congress
        a report on the widget equipment procured by agencies.
</pre></body></html>
"""


def test_a_preformatted_bill_with_indented_items_is_unwrapped_and_its_sections_found():
    clauses = parse_clauses(parse_document("widget_act.txt", _BILL))
    texts = [c.text for c in clauses]
    # the waiver's 30 days stay in one sentence with what they are a deadline for
    assert any("shall notify the appropriate congressional committees not later than 30 days after granting such "
               "waiver" in t for t in texts)
    assert any("produced or provided by a widget company of concern and acquired after the applicable effective date"
               in t for t in texts)
    # "SEC. 2." is a section as "SECTION 1." is
    assert any(c.id.endswith("#Section 2") or "#Section 2/" in c.id for c in clauses)
    assert not any("<pre>" in t or "&lt;" in t for t in texts)


def test_a_sentence_ending_at_the_end_of_a_full_line_does_not_end_its_paragraph():
    """In a text that sets its paragraphs apart with blank lines, a full line that happens to end a sentence runs
    on into the next line of the same paragraph; a short line ending a sentence, or a next line starting an item,
    still ends it."""
    text = ("After taking the aforementioned actions, the Parties will establish a\n"
            "mechanism to continue discussions about economic and trade relations.\n"
            "The representative from the Chinese side for these discussions will be\n"
            "the Vice Premier, and the representatives from the other side will be\n"
            "the Secretary and the Trade Representative. These discussions may be\n"
            "conducted alternately in either country, or a third country upon the\n"
            "agreement of the Parties.\n"
            "\n"
            "The Parties will hold the first round of their discussions in Geneva.\n"
            "(a) The first item of the agenda is the level of the duties on goods.\n"
            "\n"
            "Each side will report on its measures within ninety days of the date\n"
            "of this statement, and each report will be made public by both sides.\n"
            "Short line.\n"
            "Next paragraph starts here and runs on for a while to fill the line.\n")
    lines = formats.unwrap_text(text).split("\n")
    assert lines[0].startswith("After taking") and lines[0].endswith("upon the agreement of the Parties.")
    assert "relations. The representative" in lines[0]
    assert lines[2] == "The Parties will hold the first round of their discussions in Geneva."  # an item follows
    assert lines[3].startswith("(a) The first item")
    assert lines[5].endswith("by both sides. Short line.") and lines[6].startswith("Next paragraph")


# a White House order saved as Markdown by a converter: underlined section numbers and headings kept as <span>s,
# the lines wrapped around the tags at 72 columns, italics in stars, the signature at the end
_U = '<span style="text-decoration: underline">'
_CONVERTED_ORDER = f"""---
title: Duties on Low-Value Imports
---

By the authority vested in me as President by the Constitution and the
laws of the United States of America, it is hereby ordered:  
  
{_U}Section</span>
{_U}1</span>.
 {_U}Purpose</span>.  Many shippers
based abroad conceal the true contents of shipments sent to the United
States, and the *de minimis* exemption lets them avoid detection.  
  
{_U}Sec</span>.
{_U}2</span>.
 {_U}Assessment of Duties on
Low-Value Products</span>.  (a)  All shipments valued at or under 800
dollars shall be subject to the duties in subsections (b) and (c).

(b)  Imposition of Duty.  Each postal item shall pay a duty of 30 percent
of its value or 25 dollars per item.

(c)  Bond Requirement.  Any carrier shall post a bond to pay the duties
described in this section.  
  
{_U}Sec</span>. {_U}3</span>.
 *<u>De
Minimi</u>*{_U}*<u>s</u>* Tariff
Decrease</span>.  The duty on postal items is reduced to 54 percent.  
 

DONALD J. TRUMP

THE WHITE HOUSE,  
    April 2, 2025.
"""


def test_a_converted_markdown_order_keeps_its_sections_headings_and_signature():
    clauses = {c.path: c for c in parse_clauses(parse_document("order.md", _CONVERTED_ORDER))}
    # the underlined run-in headings, wrapped around their tags, are the sections' headings, not their text
    assert clauses["Section 1"].heading == "Purpose"
    assert clauses["Section 1"].text.startswith("Many shippers based abroad conceal")
    assert "the de minimis exemption lets them" in clauses["Section 1"].text  # italics read as words
    assert clauses["Section 2"].heading == "Assessment of Duties on Low-Value Products"
    assert clauses["Section 3"].heading == "De Minimis Tariff Decrease"
    # a section keeps its subsections' text, as an article keeps its items; each subsection is a clause too
    assert "30 percent of its value" in clauses["Section 2"].text and "post a bond" in clauses["Section 2"].text
    assert clauses["Section 2/(b)"].heading == "Imposition of Duty"
    assert clauses["Section 2/(b)"].text.startswith("Each postal item shall pay")
    # the signer and the place and date of signing are the signature, not a heading over the last section
    assert clauses["signature"].text == "DONALD J. TRUMP\nTHE WHITE HOUSE, April 2, 2025."
    assert not any("TRUMP" in path for path in clauses if path != "signature")
    assert "TRUMP" not in clauses["Section 3"].text


def test_a_sections_first_subsection_on_its_heading_line_is_a_clause_and_a_three_line_signature_is_one():
    """"Sec. 2. Assessment ….  (a)  All shipments …": (a) is Section 2's first subsection, as (b) and (c) are; a
    heading on its own line keeps no full stop; italics opening a line are words; a signer, then the place and
    the date on lines of their own, are the signature (not a heading "THE WHITE HOUSE," over the date)."""
    order = _CONVERTED_ORDER.replace(
        "DONALD J. TRUMP\n\nTHE WHITE HOUSE,  \n    April 2, 2025.\n",
        f"{_U}Sec</span>. {_U}4</span>. {_U}General Provisions</span>.\n(a)  Nothing in this order shall be\n"
        "construed to impair the authority of any agency or the heavier\n*ad valorem* duties it sets.\n\n"
        "(b)  This order shall be implemented consistent with applicable law.\n\n"
        "                              DONALD J. TRUMP\n\nTHE WHITE HOUSE,\n\n    November 4, 2025.\n")
    clauses = {c.path: c for c in parse_clauses(parse_document("order.md", order))}
    assert clauses["Section 2/(a)"].text.startswith("All shipments valued at or under 800 dollars")
    assert "All shipments valued" in clauses["Section 2"].text  # (the section keeps it too)
    assert clauses["Section 4"].heading == "General Provisions"
    assert "the heavier ad valorem duties" in " ".join(clauses["Section 4/(a)"].text.split())
    assert clauses["Section 4/(b)"].text == "This order shall be implemented consistent with applicable law."
    assert clauses["signature"].text.split() == "DONALD J. TRUMP THE WHITE HOUSE, November 4, 2025.".split()
    assert not any("WHITE HOUSE" in path or "TRUMP" in path for path in clauses if path != "signature")
    # no signer's name printed: the place and the date alone are the signature, not a heading over a date in (b)
    unsigned = order.replace("                              DONALD J. TRUMP\n\n", "")
    clauses = {c.path: c for c in parse_clauses(parse_document("order.md", unsigned))}
    assert clauses["signature"].text.split() == "THE WHITE HOUSE, November 4, 2025.".split()
    assert clauses["Section 4/(b)"].text == "This order shall be implemented consistent with applicable law."
    assert not any("WHITE HOUSE" in path for path in clauses if path != "signature")


_BILL_MD = """# HR 1: A Trade Act

- Congress: 119
- Introduced: 2025-01-24
- Date accessed: 2026-06-01T04:21:25

#### 2. Findings
Congress finds the following:
**(1)**
The United States maintains an open market for goods.
**(2)**
The United States is the world's largest importer of goods.
"""


def test_a_bills_bold_paragraph_numbers_are_numbers_and_its_metadata_date_dates_it():
    doc = parse_document("bill.md", _BILL_MD)
    assert doc.date == "2025-01-24"  # the date it was introduced, not the date the page was read
    clauses = parse_clauses(doc)
    findings = next(c for c in clauses if c.heading == "Findings")
    assert "**" not in findings.text and "(1)\nThe United States maintains" in findings.text
    items = [c for c in clauses if c.path.startswith(findings.path + "/")]
    assert [c.text for c in items] == ["The United States maintains an open market for goods.",
                                       "The United States is the world's largest importer of goods."]


# a White House fact sheet as converters save it: hard-wrapped at 72 columns, bold run-in labels, a bulleted lead-in
# whose items are nested bullets set apart by "<!-- -->" lines
_FACT_SHEET_MD = """---
title: 'Fact Sheet: The President Imposes Tariffs on Imports of Heavy Trucks'
date: '2025-10-17'
---

**SUPPORTING THE TRUCKING INDUSTRY:** Today, President Donald J.
Trump signed a Proclamation imposing tariffs on imports of medium-
and heavy-duty trucks, truck parts and buses, following the completion of a
Section 232 investigation under the Act by the Secretary of Commerce.

-   The Proclamation imposes a 25% tariff on imports of medium- and
    heavy-duty trucks and a 10% tariff on imports of buses of all kinds.
-   The Proclamation commits the trading partners to the following:
    -   Halt the flow of precursors used to make fentanyl into the
        United States.

    <!-- -->

    -   Open their markets to United States soybeans and other
        agricultural exports.

**BUILDING ON A RECORD OF SECURING CRITICAL INDUSTRIES: **This
Proclamation builds on previous actions taken by the Administration to
protect critical industries and supply chains of the United States.
"""


def test_a_fact_sheet_s_wrapped_lines_labels_and_bulleted_lead_in_are_read_as_written():
    doc = parse_document("fact_sheet.md", _FACT_SHEET_MD)
    paragraphs = [c.text for c in parse_clauses(doc)]
    first = paragraphs[0]
    # an initial ends no sentence; a suspended hyphen keeps its space; "Section 232 investigation" runs on
    assert first.startswith("SUPPORTING THE TRUCKING INDUSTRY: Today, President Donald J. Trump signed")
    assert "medium- and heavy-duty trucks" in first and "completion of a Section 232 investigation" in first
    assert not any("**" in p for p in paragraphs)  # bold run-in labels are their words
    assert any(p.startswith("BUILDING ON A RECORD OF SECURING CRITICAL INDUSTRIES: This Proclamation")
               for p in paragraphs)
    # the lead-in and its bulleted items are one clause
    lead = next(p for p in paragraphs if "commits the trading partners to the following:" in p)
    assert "Halt the flow of precursors" in lead and "Open their markets" in lead
    assert not any(p.startswith("-   Halt") for p in paragraphs)


def test_a_line_ending_an_initial_or_a_suspended_hyphen_runs_on():
    assert joiner("Today, President Donald J.", "Trump signed a Proclamation", 72) == " "
    assert joiner("The sentence ends here.", "Trump signed a Proclamation", 72) is None
    assert joiner("imports of medium-", "and heavy-duty trucks", 72) == " "
    assert joiner("following the completion of a", "Section 232 investigation under the Act", 72) == " "
    assert joiner("The investigation is complete.", "Section 2. Purpose", 72) is None


def test_a_bold_line_alone_stays_a_heading_whatever_its_line_ends():
    doc = parse_document("guide.md", "**Introduction**\r\n\r\nChina attracted **much** investment in 2010.\r\n\r\n"
                                     "**Investment Policies**\r\n\r\nThe government welcomes investment.\r\n")
    clauses = parse_clauses(doc)
    assert [c.heading for c in clauses if c.heading] == ["Investment Policies"]
    assert any(c.text == "China attracted much investment in 2010." for c in clauses)


_TABLE_GUIDE_MD = """Doing business here starts with five formalities.

| Step | Requirement | Time |
| --- | --- | --- |
| 1 | Register with the market regulator | 3-5 days |
| 2 | Obtain a business license | 5-10 days |

The fees below are charged once:
| Fee | Amount |
|---|---|
| Registration | $200 |

Visit [the regulator's portal](https://example.org/portal "portal") for forms; China&#39;s rules change.
"""


def test_a_markdown_table_is_one_clause_with_its_header_and_a_link_or_reference_reads_as_its_words():
    doc = parse_document("guide.md", "---\ntitle: China&#39;s Start-up Guide\n---\n" + _TABLE_GUIDE_MD)
    assert doc.title == "China's Start-up Guide"
    texts = [c.text for c in parse_clauses(doc)]
    table = next(t for t in texts if "Obtain a business license" in t)
    # the row keeps its header (what "5-10 days" is) and its table: no row or separator is a clause alone
    assert table.startswith("| Step | Requirement | Time |") and "| 1 | Register with the market regulator" in table
    assert not any(t.startswith(("| ---", "|---", "| 2 |")) for t in texts)
    fees = next(t for t in texts if "$200" in t)
    assert fees.startswith("The fees below are charged once:")  # a table after a lead-in is in its clause
    assert texts[-1] == "Visit the regulator's portal for forms; China's rules change."
    assert "AT&T" in parse_document("a.md", "AT&T and R&D; &c.").text  # no reference without its semicolon


# a state bill as its PDF prints it: each body line numbered, the count restarting at 1 on each page and section,
# a running footer with the page number between the pages, code sections numbered chapter.section
_NUMBERED_BILL = """SECOND REGULAR SESSION
HOUSE BILL NO. 1234
AN ACT
To repeal section 301.010, RSMo, and to enact in lieu thereof one new section relating to widget dealers.
Be it enacted by the General Assembly of the State, as follows:
1 Section A. Section 301.010, RSMo, is repealed and one new
2 section enacted in lieu thereof, to be known as section
3 301.010, to read as follows:
1 301.010. 1. No person shall act as a widget dealer in
2 this state unless the person holds a license issued by the
3 director under the provisions of sections 301.010 to
4 301.090, and each license shall be valid for a period of
5 two years from the date on which the director issued it.
6 2. A dealer who sells more than twelve widgets in any
7 calendar year shall keep a record of every sale for at
HB 1234 2
8 least five years and shall produce the record to the
9 director on request within thirty days of the request.
1 301.020. The fees set forth in sections
2 301.010 to 301.090 shall be paid to the director of
3 revenue and credited to the state road fund of the state
4 treasury, and no fee shall be refunded after the license
5 has been issued under the provisions of this chapter.
HB 1234 3
1 Section B. Because of the need to license dealers, this
2 act shall be in full force and effect upon its passage.
"""


def test_a_bill_printed_with_line_numbers_reads_without_them_by_section():
    """Line numbers and the running footer go; the sections numbered chapter.section (and Section A, B) are
    clauses, subsection 1 on its section's line included; "sections" + "301.010 to …" is one sentence."""
    clauses = {c.path: c for c in parse_clauses(parse_document("hb1234.md", _NUMBERED_BILL))}
    assert {"Section A", "Section A/Section 301.010", "Section A/Section 301.010/1", "Section A/Section 301.010/2",
            "Section A/Section 301.020", "Section B"} <= set(clauses)
    text = "\n".join(c.text for c in clauses.values())
    assert "HB 1234" not in text and not any(line[:1].isdigit() and line.split()[0].isdigit()
                                             for c in clauses.values() for line in c.text.split("\n"))
    assert ("shall keep a record of every sale for at least five years and shall produce the record"
            in clauses["Section A/Section 301.010/2"].text)
    assert clauses["Section A/Section 301.020"].text.startswith(
        "The fees set forth in sections 301.010 to 301.090 shall be paid")
    assert clauses["Section A/Section 301.020"].heading == ""


def test_numbered_lines_that_are_not_line_numbers_are_left_alone():
    """A numbered list (one short item per line) and numbered headings keep their numbers: they are not a hard-wrapped
    text counting its lines."""
    lines = [f"{i} {name}" for i, name in enumerate(
        ["Scope", "Terms and definitions", "General requirements", "Labelling", "Packaging", "Storage",
         "Transport", "Inspection", "Sampling", "Test methods", "Marking", "Documents", "Records", "Complaints",
         "Recalls", "Training", "Audits", "Penalties", "Transition", "Entry into force", "Annex"], start=1)]
    assert formats.strip_line_numbers(lines + lines[:3]) == lines + lines[:3]
    prose = ["1 The importer shall file the declaration with the customs office"] * 30  # never counting up
    assert formats.strip_line_numbers(prose) == prose


def test_a_markdown_guide_wrapped_at_120_columns_reads_by_sentence_without_its_rules():
    """A Markdown guide formatted at 120 columns (prettier's and many editors' width), its list items' lines
    indented, headings and short items making more than half its lines: each paragraph and item is one line again,
    so "It is typically / valid for only 30 days" is one sentence, and a `---` rule is no clause."""
    from rag.sentences import split_sentences

    guide = (
        "# Working in China\n\n"
        "Working in China can be an incredibly rewarding career move, offering unique professional growth and cultural\n"
        "experiences. However, navigating the country's employment landscape requires a solid understanding of its legal\n"
        "and administrative processes, covering everything from visas and contracts to taxes and daily life essentials.\n\n"
        "---\n\n"
        "## The Work Visa\n\n"
        "Understanding the key documents is the first step. You will encounter three core items: the Z Visa, the Foreigner's\n"
        "Work Permit, and the Residence Permit. They are not interchangeable and serve different purposes for the holder.\n\n"
        "- **Z Visa:** This is an entry visa. You apply for it in your home country before you travel to China. It is typically\n"
        "  valid for only 30 days upon entry, giving you a window to complete the next steps with your new employer.\n"
        "- **Residence Permit:** This is the most important document for your long-term stay. After arriving, you must turn\n"
        "  your Z Visa into a Residence Permit at the local Public Security Bureau (PSB) Exit-Entry Administration office.\n\n"
        "## Police Registration\n\n"
        "By law, all foreigners must register their place of residence with the local Public Security Bureau within 24\n"
        "hours of arrival. If you are staying in a hotel, the front desk will handle this for you during check-in, but\n"
        "if you move into an apartment or stay with a friend, you must go to the nearest local police station yourself.\n\n"
        "---\n\n"
        "## Contracts\n\n- Short item.\n- Another short item.\n- A third one.\n- And a fourth.\n"
    )
    clauses = parse_clauses(parse_document("guide.md", guide))
    sentences = [s for c in clauses for s in split_sentences(c.text)]
    assert "It is typically valid for only 30 days upon entry, giving you a window to complete the next steps with " \
           "your new employer." in sentences
    assert any(s.startswith("By law, all foreigners must register") and s.endswith("within 24 hours of arrival.")
               for s in sentences)
    assert len([c for c in clauses if c.path.startswith("¶")]) == 1  # the opening paragraph, one clause
    assert not any(c.text.strip() == "---" for c in clauses)


# a web page saved as Markdown by a converter that wraps at 78 columns: its table rows are short, its link targets
# and link words broken over lines
_WRAPPED_PAGE_MD = """# Duty-free allowances for travellers

## Goods bought in another member state

You will not be charged any extra duty or VAT on purchases where the duty and
VAT has been paid in another member state, provided the goods are for your own
use. If your purchases are within the limits set out below, they will usually
be regarded as being for your personal use, and you may have to show that they
are when you exceed these quantities, as the officers at the port may ask.

**Allowances for travellers from member states** **Goods** |  **Maximum quantity**
---|---
Cigarettes  |  800
Cigars  |  200
Smoking tobacco  |  1 kg
Spirits (for example whiskey, vodka and gin)  |  10 litres
Other alcohol that contains 22% alcohol or less (for example sherry or port)  |  20 litres
Beer  |  110 litres

You are not entitled to alcohol or tobacco allowances if you are under 17
years old. Under the [ Customs Act 2015 Section
12(1)
](http://www.example.org/2015/en/act/pub/0015/sec0012.html#s12) an officer may
seize goods over the limits. Read more on the [ revenue website ](https://www.example.org/en/travelling-
with-cash/index.aspx) .
"""


def test_a_wrapped_page_keeps_every_table_row_on_its_own_line_and_reads_wrapped_links_as_words():
    """Short rows ("Cigarettes  |  800") are no table-of-contents entries, a row before a longer line is no
    heading, long rows are not run together, the `---|---` rule is no text, and a link whose words or target the
    wrapping broke reads as its words (parser 49)."""
    clauses = parse_clauses(parse_document("allowances.md", _WRAPPED_PAGE_MD))
    assert [c.path for c in clauses] == ["Goods bought in another member state"]
    lines = clauses[0].text.split("\n")
    for row in ("Cigarettes  |  800", "Cigars  |  200", "Smoking tobacco  |  1 kg",
                "Spirits (for example whiskey, vodka and gin)  |  10 litres", "Beer  |  110 litres",
                "Other alcohol that contains 22% alcohol or less (for example sherry or port)  |  20 litres"):
        assert row in lines
    assert not any("---" in line or "](" in line or "http" in line for line in lines)
    assert "Under the Customs Act 2015 Section 12(1) an officer may seize goods over the limits." in clauses[0].text
    assert clauses[0].text.endswith("Read more on the revenue website .")


# parser 52: a Markdown page hard-wrapped at 120 columns whose bold markup and links, taken out, left lines of many
# widths (so it does not read as wrapped at one width)
_UNEVENLY_WRAPPED_MD = """---
title: 'What Legal Rules Should Foreign Tourists Know Before Traveling to China?'
---

**Understand local regulations to ensure a smooth and safe journey**

As China continues to attract global tourists, understanding its unique legal system is crucial for ensuring a pleasant
and trouble-free trip. This guide provides a clear overview of laws and regulations for foreign tourists planning a
visit in 2025, helping you navigate your travels with confidence.

---

## **Alcohol, Drugs, and Internet Regulations**

China also maintains a **zero-tolerance policy toward drugs** — possession, use, or trafficking may lead to severe
punishment, including the **death penalty**.
You can review legal guidelines
on [China’s Narcotics Control Law (English version)](http://www.gov.cn/english/laws/2021-12/28/content_5665234.htm).

---

## **Permits**

Check these permits:
iii) Permits under the Approved Premises Scheme; and
iv) Permits under the Temporary Import Scheme.
"""


def test_lines_of_an_unevenly_wrapped_page_that_go_on_in_lower_case_are_one_sentence():
    doc = parse_document("tourists.md", _UNEVENLY_WRAPPED_MD)
    assert ("ensuring a pleasant and trouble-free trip. This guide provides a clear overview of laws and regulations "
            "for foreign tourists planning a visit in 2025") in doc.text
    cl = parse_clauses(doc)
    assert not any(c.text.startswith(("and trouble-free", "visit in 2025")) for c in cl)  # no clause per line
    drugs = next(c for c in cl if c.heading == "Alcohol, Drugs, and Internet Regulations")
    assert "You can review legal guidelines on China’s Narcotics Control Law" in drugs.text  # no heading of
    assert not any(c.heading == "You can review legal guidelines" for c in cl)  # half a sentence
    assert "Scheme; and\niv) Permits" in doc.text  # an item numbered in lower case stays an item
