"""Binary formats to plain text: the text layer of a .pdf (pypdf) and the body of a .docx (python-docx).

Both produce the plain text the rest of `rag.ingest` takes, one paragraph per line. A PDF's pages are
separated by a form feed ("\\f"): the page after it starts there. A line that runs on across a page break
has no newline before the "\\f" (a space before it when the two halves need one), so the page start can
fall inside a line (see `ingest.parse_document`, which turns these into `Document.pages`).

What a PDF's text layer needs before the clause parser can read it, done here:
- running headers and footers (a line at the same place near the top or bottom of most pages, digits
  ignored) and bare page numbers ("- 3 -", "第 3 页", "3", "Page 3 of 9") are dropped;
- lines broken by the page width are joined: a line that does not end a sentence, reaches (nearly) the
  full text width and is not followed by a new numbered clause or heading runs on into the next line
  (Chinese without a space, English with one; see `joiner` for hyphens).

Every failure is one RagError: a scanned PDF, a password, a damaged or truncated file, a zip that is
not a Word document, and limits on pages, unpacked size and text length bound the work.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import re
import unicodedata
import zipfile
from collections import Counter, OrderedDict
from contextlib import contextmanager

from rag.layout import is_table_row
from rag.types import RagError

log = logging.getLogger(__name__)

MAX_PAGES = 2000  # a PDF with more pages is refused before any page is read
MAX_TEXT_CHARS = 5 * 1024 * 1024  # extracted text, like ingest.MAX_BYTES for text files
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024  # everything inside a .docx, as its zip directory declares it
PAGE_BREAK = "\f"

_MIN_FULL_WIDTH = 24  # narrower "full" lines (a few short lines) say nothing about wrapping
_EDGE = 3  # lines at the top and at the bottom of a page where running headers/footers sit
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and Office files encrypted with a password
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—－~·•]?\s*\d{1,4}\s*[-–—－~·•]?"  # 3, - 3 -, — 3 —
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/9
    # 第 3 页, 共 9 页 第 3 页, 第 3 页 / 共 9 页
    r"|(?:共\s*\d{1,4}\s*页\s*[,，]?\s*)?第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",  # Page 3 of 9
    re.I,
)
# Lines that end a sentence (closing quotes or brackets may follow the punctuation).
_SENTENCE_END = re.compile(r"[。！？；：.!?;:…][”’\"'」』）)\]]*$")
# A line that starts a new numbered clause, list item or heading is never joined to the line before it.
_NUM = "[一二三四五六七八九十百零〇]+"
_NEW_BLOCK = re.compile(
    rf"^(?:第\s*(?:{_NUM}|\d+)\s*[章节条编部款]"  # 第一章 第十二条 第3条
    rf"|{_NUM}[、.．]"  # 一、
    rf"|[（(](?:{_NUM}|\d{{1,2}})[）)]"  # （一） (1)
    r"|\((?:[a-z]|[ivx]{1,4}|[A-Z])\)\s"  # (a) (iv) (B): a lettered item of an English text
    rf"|{_NUM}是"  # 一是
    r"|\d{1,2}(?:[.．、](?![\d.．])|\s)"  # 1. 1、 "1 Scope"
    r"|\d{1,2}(?:\.\d{1,2})+\s"  # 1.2 Heading
    r"|[•●■◆▪□○◇▲★☆·\-–—*]\s?"  # bullets
    r"|(?:Article|Chapter|Section|Part|Annex|Appendix)\s+[\dIVXivx]"
    r"|附件|附则|附表)"
)
# Characters a Chinese line never starts a new paragraph with: such a line continues the one before.
# a numbered part named in words ("Section 232", "Article 5"), which running text also names
_NAMED_PART = re.compile(r"(?:Article|Chapter|Section|Part|Annex|Appendix)\s+[\dIVXivx]")
_MID_PHRASE = re.compile(r"(?<![A-Za-z])(?:a|an|the|of|to|in|on|under|by|for|with|from|that|its|their)$")
# a line ending in a word a number follows ("… set forth in sections" + "442.560 to 442.592 shall …"): it runs on
_BEFORE_A_NUMBER = re.compile(r"(?<![A-Za-z])(?:(?:[Ss]ub)?[Ss]ections?|[Aa]rticles?|[Cc]hapters?|[Pp]aragraphs?|"
                              r"[Ss]ubdivisions?|[Tt]itles?|[Pp]arts?|[Cc]lauses?|[Ii]tems?|Nos?\.|§§?)$")
_INITIAL_END = re.compile(r"\b[A-Z][a-z]+ [A-Z]\.$")  # "Donald J.", "John F."
_SUSPENDED = re.compile(r"(?:and|or|to)\b")
_CONTINUATION_START = re.compile(r"^[，。、；：？！）》」』”’,.;:)]")
_SPACES = re.compile(r"[ \t]{2,}")  # layout spacing inside a line (justification, columns)
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})

_cache: OrderedDict[str, str] = OrderedDict()  # sha256 of the file -> its text (see extract_text)
_CACHE_SIZE = 8


def extract_text(raw: bytes, name: str, suffix: str) -> str:
    """Plain text of a .pdf or .docx file's bytes; RagError when there is none or the file is unusable.

    The last few results are kept in memory: building an index reads each file twice (to parse it and to
    fingerprint the corpus), and a PDF's text is slow to extract."""
    key = hashlib.sha256(suffix.encode() + b"\0" + raw).hexdigest()
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    text = read_pdf(raw, name) if suffix == ".pdf" else read_docx(raw, name)
    _cache[key] = text
    while len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return text


# ---- PDF -----------------------------------------------------------------------------------------

@contextmanager
def _quiet(logger_name: str):
    """pypdf logs a warning for every flaw it repairs; a user cannot act on them, so keep them out."""
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def read_pdf(raw: bytes, name: str) -> str:
    """The text layer of a PDF, cleaned for the clause parser, pages separated by PAGE_BREAK."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    if b"%PDF-" not in raw[:1024]:
        raise RagError(f"{name} is not a PDF file (it does not start with %PDF-)")
    if b"%%EOF" not in raw[-65536:]:
        raise RagError(f"{name} is damaged or truncated (its end-of-file marker is missing); "
                       "download or export it again")
    pages: list[str] = []
    try:
        with _quiet("pypdf"):
            reader = PdfReader(io.BytesIO(raw), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")  # "owner password only" files open without one
                except DependencyError:
                    raise RagError(f"{name} is encrypted with a method that needs the 'cryptography' "
                                   "package; install it (pip install 'pypdf[crypto]') and retry") from None
                if not opened:
                    raise RagError(f"{name} is password-protected; save a copy without the password "
                                   "and retry")
            count = len(reader.pages)
            if count > MAX_PAGES:
                raise RagError(f"{name} has {count:,} pages; the limit is {MAX_PAGES:,} pages (split it)")
            total = 0
            for page in reader.pages:
                text = page.extract_text() or ""
                total += len(text)
                if total > MAX_TEXT_CHARS:
                    raise RagError(f"{name} holds more than {MAX_TEXT_CHARS / 1e6:.0f} million characters of "
                                   "text; split it into smaller documents")
                pages.append(text)
    except RagError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file can make pypdf raise almost anything
        log.debug("pypdf failed on %s", name, exc_info=True)
        raise RagError(f"{name} is damaged: it cannot be read as a PDF ({type(exc).__name__})") from None
    text = clean_pdf_pages(pages)
    if not text.replace(PAGE_BREAK, "").strip():
        raise RagError(f"{name} has no text layer (scanned?); run OCR first")
    return text


_WIDE = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]"
_WIDE_GAP = re.compile(rf"(?<={_WIDE}) (?={_WIDE})")
_WIDE_PAIR = re.compile(rf"{_WIDE}(?={_WIDE})")
_SPACE_BY_WIDE = re.compile(rf"(?<={_WIDE}) | (?={_WIDE})")


def _unspace(line: str) -> str:
    """Undo letter-spacing: a justified Chinese line often comes out as "通 知 发 布 日 期"."""
    gaps = len(_WIDE_GAP.findall(line))
    if gaps >= 3 and gaps > len(_WIDE_PAIR.findall(line)):
        return _SPACE_BY_WIDE.sub("", line)
    return line


def _width(line: str) -> int:
    """Display width: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def _strip_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Drop running headers/footers (same line, digits aside, at the same edge place on most pages)
    and bare page numbers at the top or bottom of each page."""
    def places(lines: list[str]) -> list[tuple[int, str]]:
        n = len(lines)
        idx = sorted(set(range(min(_EDGE, n))) | set(range(max(n - _EDGE, 0), n)))
        return [(i if i < _EDGE else i - n, _edge_key(lines[i])) for i in idx]  # top: 0,1,2; bottom: -1,-2,-3

    running: set[tuple[int, str]] = set()
    if len(pages) >= 2:
        counts = Counter(p for lines in pages for p in set(places(lines)))
        need = max(2, math.ceil(len(pages) / 2))
        running = {p for p, c in counts.items() if c >= need}
    out = []
    for lines in pages:
        drop = {pos if pos >= 0 else len(lines) + pos for pos, key in places(lines) if (pos, key) in running}
        kept = [line for i, line in enumerate(lines) if i not in drop]
        while kept and _PAGE_NUMBER.match(kept[0]):
            kept.pop(0)
        while kept and _PAGE_NUMBER.match(kept[-1]):
            kept.pop()
        out.append(kept)
    return out


def _full_width(pages: list[list[str]]) -> int:
    """The width of a full line of body text: the 90th percentile of the line widths."""
    widths = sorted(_width(line) for lines in pages for line in lines)
    if not widths:
        return 0
    return widths[int(0.9 * (len(widths) - 1))] if len(widths) >= 5 else widths[-1]


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _whole_parenthetical(par: str) -> bool:
    """True for a paragraph that is one bracketed remark, e.g. "（商务部等按职责分工负责）"."""
    if par[:1] not in "（(" or par[-1:] not in "）)":
        return False
    depth = 0
    for i, ch in enumerate(par):
        depth += 1 if ch in "（(" else -1 if ch in "）)" else 0
        if depth == 0:
            return i == len(par) - 1
    return False


def joiner(line: str, nxt: str, full: int, words: frozenset[str] = frozenset()) -> str | None:
    """How the paragraph `line` runs on into the next line `nxt`: "" or " " (the separator), "-" (drop
    the hyphen), or None (it does not: `line` ends a sentence or `nxt` starts a clause or heading).

    A line ending in a hyphen joins without a space; the hyphen is dropped ("regu-" + "lation") only when
    `words` (the document's words, lower case) has the joined word, since PDFs made by word processors
    and browsers break lines at the hyphens of compounds ("year-on-" + "year") and seldom hyphenate."""
    if not line or not nxt:
        return None
    if nxt[0].isdigit() and _BEFORE_A_NUMBER.search(line):
        return " "
    if _NEW_BLOCK.match(nxt) and not (_NAMED_PART.match(nxt) and _MID_PHRASE.search(line)):
        return None  # (a line ending mid-phrase runs on into "Section 232 investigation under the Act …")
    if _INITIAL_END.search(line) and nxt[0].isupper():
        return " "  # "President Donald J." + "Trump signed …": an initial, no sentence's end
    if _SENTENCE_END.search(line) or _whole_parenthetical(line):
        return None
    if re.search(r"\w-$", line) and _SUSPENDED.match(nxt):
        return " "  # "medium-" + "and heavy-duty trucks": a suspended hyphen, its word left open
    if re.search(r"\w-$", line) and nxt[0].isalnum():
        left = re.search(r"([A-Za-z]+)-$", line)
        right = re.match(r"[a-z]+", nxt)
        return "-" if left and right and (left.group(1) + right.group(0)).lower() in words else ""
    near_full = full >= _MIN_FULL_WIDTH and _width(line) >= 0.8 * full
    if _wide(line[-1]) or _wide(nxt[0]):
        return "" if near_full or _CONTINUATION_START.match(nxt) else None
    if near_full or nxt[0].islower() or line.endswith((",", "(", "-")) or _MID_PHRASE.search(line):
        return " "
    return None


def _join(line: str, nxt: str, how: str) -> str:
    return line[:-1] + nxt if how == "-" else line + how + nxt


def clean_pdf_pages(page_texts: list[str]) -> str:
    """Page texts from pypdf -> one text, headers/footers/page numbers dropped, wrapped lines joined,
    pages separated by PAGE_BREAK (preceded by "\\n" when the page break is also a line break)."""
    pages = [[s for s in (_unspace(_SPACES.sub(" ", ln.translate(_LIGATURES)).strip())
                          for ln in t.replace("\r", "\n").split("\n")) if s]
             for t in page_texts]
    pages = _strip_furniture(pages)
    full = _full_width(pages)
    words = frozenset(w.lower() for lines in pages for line in lines
                      for w in re.findall(r"[A-Za-z]{3,}", line))
    parts: list[str] = []
    last = ""  # the last line written so far, on this or an earlier page
    for lines in pages:
        joined: list[str] = []
        for line in lines:
            if joined and (how := joiner(joined[-1], line, full, words)) is not None:
                joined[-1] = _join(joined[-1], line, how)
            else:
                joined.append(line)
        if parts:  # a line runs on across the page break only from a page that has text
            how = joiner(last, joined[0], full, words) if (joined and last) else None
            if how is None:
                parts.append("\n" + PAGE_BREAK)
            elif how == "-":
                parts[-1] = parts[-1][:-1]
                parts.append(PAGE_BREAK)
            else:
                parts.append(how + PAGE_BREAK)
        parts.append("\n".join(joined))
        last = joined[-1] if joined else ""
    return "".join(parts)


# ---- hard-wrapped text ----------------------------------------------------------------------------

# ---- line-numbered text (a bill as printed: every line of the body prefixed by its number on the page) ---------

_LINE_NUMBER = re.compile(r"^(\d{1,3}) +(?=\S)")
_MIN_NUMBERED_LINES = 12
_NUMBERED_SHARE = 0.6  # of the non-blank lines from the first numbered line to the last
_IN_SEQUENCE_SHARE = 0.9  # of the numbered lines: the one before + 1, or 1 (the count restarts on each page)
_MIN_RUN = 4  # lines counted from 1 before the count restarts, on average


def strip_line_numbers(lines: list[str]) -> list[str]:
    """A legislative text printed with line numbers ("1 442.566. As used in sections …", "2 unless the context
    …", restarting at 1 on each page or section) without them, and without the page furniture standing between
    its numbered lines (a running footer such as "SB 806 2", a line that recurs there with only its digits
    changed). Numbered lines are taken for line numbers only when there are many of them, they count up by one
    and restart at 1 (more than once), they make most of the text between the first and the last of them, and
    their text is hard-wrapped (most of it fills the line): a numbered list ("1 Scope", "2 Terms") or a table is
    left alone. Any other text is returned unchanged."""
    numbered = [(i, int(m.group(1))) for i, line in enumerate(lines) if (m := _LINE_NUMBER.match(line.strip()))]
    if len(numbered) < _MIN_NUMBERED_LINES:
        return lines
    first, last = numbered[0][0], numbered[-1][0]
    body = sum(1 for line in lines[first:last + 1] if line.strip())
    in_sequence = [numbered[0][1] == 1] + [n == p + 1 or n == 1 for (_, p), (_, n) in zip(numbered, numbered[1:])]
    restarts = sum(1 for _, n in numbered[1:] if n == 1)
    if len(numbered) < _NUMBERED_SHARE * body or sum(in_sequence) < _IN_SEQUENCE_SHARE * len(numbered) or \
            not 2 <= restarts <= len(numbered) / _MIN_RUN:
        return lines
    texts = [_LINE_NUMBER.sub("", lines[i].strip()) for i, _ in numbered]
    widths = sorted(_width(t) for t in texts)
    full = widths[int(0.9 * (len(widths) - 1))]
    if sum(w >= 0.7 * full for w in widths) < _WRAPPED_SHARE * len(widths):
        return lines
    stripped = {i: t for (i, _), t, ok in zip(numbered, texts, in_sequence) if ok}
    between = Counter(_edge_key(line) for line in lines[first:last + 1] if line.strip() and not _LINE_NUMBER.match(line.strip()))
    out = []
    for i, line in enumerate(lines):
        if i in stripped:
            out.append(stripped[i])
        elif first < i < last and line.strip() and between[_edge_key(line)] >= 2 and re.search(r"\d", line):
            continue  # a running header or footer between the pages' numbered lines
        else:
            out.append(line)
    return out


WRAPPED_MAX_WIDTH = 120  # a text whose full lines are at most this wide (CJK counting two) may be hard-wrapped
# (100 -> 120, parser 31: Markdown formatted at 120 columns, as prettier and editors set it, is hard-wrapped too)
_MIN_WRAPPED_LINES = 10
_WRAPPED_SHARE = 0.4  # …and is, when at least this share of its lines are nearly full (0.5 -> 0.4, parser 31: in a
# Markdown guide its headings, short list items and closing lines are more than half the lines — 0.44 in a guide
# wrapped at 120 that read a line per clause and a sentence per line; over all 325 seed, eval and fixture files two
# parse differently, both with lines now joined: that guide and a bill with two wrapped definitions)


# a line ending in an abbreviation, not a sentence: "(19 U.S.C." "No." "e.g." "Sec." (then a line going on in lower
# case, a figure or a bracket)
_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}|\b(?:No|Nos|Sec|Secs|Art|Arts|Para|Inc|Ltd|Co|Corp|Mr|Ms|Dr|"
                               r"St|Jr|vs|v|al|seq|approx|Dept|Gov|Pub|Stat|Reg|Fed)\.)$")


def _after_abbreviation(line: str, nxt: str) -> str | None:
    return " " if _ABBREVIATION_END.search(line) and re.match(r"[a-z0-9(\[§]", nxt) else None


_SPACED_SHARE = 0.15  # blank lines to text lines in a text that sets its paragraphs apart with blank lines
_EN_SENTENCE_END = re.compile(r"[a-z0-9)][.!?][”’\"')\]]?$")


def _sentence_runs_on(line: str, nxt: str, full: int) -> str | None:
    """" " when an English sentence ends a nearly full line and the next line goes on with a capitalised word of
    running text (not a clause, item or heading); None otherwise."""
    if not _EN_SENTENCE_END.search(line) or _width(line) < 0.8 * full or _NEW_BLOCK.match(nxt):
        return None
    return " " if re.match(r"[A-Z][a-z]+\s+\S", nxt) else None


_ALL_BOLD = re.compile(r"\*\*[^*\n]+\*\*[:：]?")


_WORDS_BROKEN_OFF = re.compile(r"[A-Za-z],?\Z")  # a line that stops mid-sentence, on a word or a comma
_LOWER_CASE_ON = re.compile(r"(?!\(?[ivxlc]+[.)]|\(?[a-z][.)]|https?:)[a-z]{2,}\b")  # (not an item "iv)", a link)


def _runs_on_in_lower_case(text: str) -> str:
    """A text not wrapped at one width (lines of many widths, as a Markdown page whose links and bold markup were
    taken out) with its English lines that stop on a word or a comma joined to the next line when that one goes on in
    lower case ("… for ensuring a pleasant" + "and trouble-free trip."): no sentence, heading or item ends on
    "pleasant", and none starts with "and". Lines apart (a blank line between) stay apart."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        prev = out[-1].rstrip() if out else ""
        nxt = line.strip()
        if (prev and nxt and _WORDS_BROKEN_OFF.search(prev) and _LOWER_CASE_ON.match(nxt) and len(prev.split()) >= 3
                and not _own_line(prev.strip()) and not _own_line(nxt) and not _NEW_BLOCK.match(nxt)):
            out[-1] = prev + " " + nxt
        else:
            out.append(line)
    return "\n".join(out)


def _own_line(line: str) -> bool:
    """A Markdown heading, a line all bold (a FAQ's question "**How much does a taxi cost?**") or a table's row: a
    line of its own, which neither runs on into the next line nor takes the line before it."""
    return line.startswith("#") or _ALL_BOLD.fullmatch(line) is not None or is_table_row(line)


def unwrap_text(text: str) -> str:
    """A plain-text or Markdown document broken into lines of a fixed width (an e-mail, a Federal Register or
    White House text, text copied out of a PDF) with each paragraph on one line again, as `clean_pdf_pages`
    does for PDFs: a line runs on into the next one unless it ends a sentence, the next one starts a clause, an
    item or a heading, or a blank line stands between them. A text whose lines are not mostly of one width (a
    paragraph per line, a law with an article per line) is returned unchanged."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if (unnumbered := strip_line_numbers(raw)) is not raw:
        raw, text = unnumbered, "\n".join(unnumbered)
    lines = [line.strip() for line in raw]
    # the width of its lines as written, or with their indents (a bill or a statute printed as preformatted text
    # indents each level of its items, and fills every line to the same column: "        (1) procure or obtain …")
    for widths in (sorted(_width(line) for line in lines if line),
                   sorted(_width(line.rstrip()) for line in raw if line.strip())):
        if len(widths) < _MIN_WRAPPED_LINES:
            return _runs_on_in_lower_case(text)
        full = widths[int(0.9 * (len(widths) - 1))]
        if _MIN_FULL_WIDTH <= full <= WRAPPED_MAX_WIDTH and \
                sum(w >= 0.8 * full for w in widths) >= _WRAPPED_SHARE * len(widths):
            break
    else:
        return _runs_on_in_lower_case(text)
    words = frozenset(w.lower() for line in lines for w in re.findall(r"[A-Za-z]{3,}", line))
    # paragraphs set apart by blank lines: there a full line ending a sentence runs on all the same (the sentence
    # ended where the line did), as long as the next line starts no clause, item or heading
    spaced = sum(1 for line in lines if not line) >= _SPACED_SHARE * sum(1 for line in lines if line)
    out: list[str] = []
    open_ = False  # whether out[-1] is a paragraph the next line may continue (no blank line between)
    last = ""  # the line before, as written
    for line in lines:
        if not line:
            out.append("")
            open_ = False
            continue
        how = None
        if open_ and not _own_line(line):
            how = joiner(out[-1], line, full, words)
            # a join without a space is a word broken at its hyphen ("duty-paid/tax-" + "paid outside the EU", parser
            # 51: it was read as no join); Chinese lines stay as written here, as they always have (a hard-wrapped
            # file's title, 文号 and addressee lines are as wide as its text)
            if how == "" and not out[-1].endswith("-"):
                how = None
            if how is None:
                how = _after_abbreviation(out[-1], line)
            if how is None and spaced:
                how = _sentence_runs_on(last, line, full)
        if how is not None:
            out[-1] = _join(out[-1], line, how)
        else:
            out.append(line)
        open_ = not _own_line(line)  # a Markdown heading is a line of its own
        last = line
    return "\n".join(out)


# ---- DOCX ----------------------------------------------------------------------------------------

def read_docx(raw: bytes, name: str) -> str:
    """The body of a .docx: paragraphs in order, one per line; table rows as lines of tab-separated cells."""
    if raw.startswith(_OLE_MAGIC):
        raise RagError(f"{name} is an old Word .doc or a password-protected document, not a .docx; "
                       "save it as .docx without a password and retry")
    buf = io.BytesIO(raw)
    if not zipfile.is_zipfile(buf):
        raise RagError(f"{name} is damaged or not a .docx file (it is not a zip archive)")
    try:
        with zipfile.ZipFile(buf) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise RagError(f"{name} is damaged or not a .docx file (its zip directory cannot be read)") from None
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise RagError(f"{name} is a zip archive but not a Word document (it has no word/document.xml)")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNZIPPED_BYTES:
        raise RagError(f"{name} unpacks to {unpacked / 1e6:.0f} MB; the limit is "
                       f"{MAX_UNZIPPED_BYTES / 1e6:.0f} MB")
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(raw))
        lines: list[str] = []
        for block in document.iter_inner_content():
            lines.extend(_table_lines(block) if isinstance(block, Table) else [block.text])
    except ValueError as exc:
        if "not a Word file" in str(exc):
            raise RagError(f"{name} is not a Word document (it is another kind of Office file)") from None
        raise RagError(f"{name} is damaged: it cannot be read as a .docx (ValueError)") from None
    except Exception as exc:  # noqa: BLE001 - broken XML or parts make python-docx/lxml raise many types
        log.debug("python-docx failed on %s", name, exc_info=True)
        raise RagError(f"{name} is damaged: it cannot be read as a .docx ({type(exc).__name__})") from None
    text = "\n".join(lines)
    if len(text) > MAX_TEXT_CHARS:
        raise RagError(f"{name} holds more than {MAX_TEXT_CHARS / 1e6:.0f} million characters of text; "
                       "split it into smaller documents")
    return text


def _table_lines(table, depth: int = 0) -> list[str]:
    """A table row by row, cells separated by a tab; a merged cell once; nested tables after their row."""
    lines: list[str] = []
    for row in table.rows:
        cells, seen, nested = [], set(), []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a horizontally merged cell is returned once per grid column
                continue
            seen.add(id(cell._tc))
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text:
                cells.append(text)
            if depth < 3:
                nested.extend(cell.tables)
        if cells:
            lines.append("\t".join(cells))
        for inner in nested:
            lines.extend(_table_lines(inner, depth + 1))
    return lines
