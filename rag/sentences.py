"""Sentence splitting with character offsets, and the normal form used to compare text."""

from __future__ import annotations

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.types import Span

# a Markdown table's row, its rule row too ("| Assets | Years |", "| --- | --- |"): read as one paragraph with its
# table (rag/clauses.py), quoted under its header row (rag/answer.py)
TABLE_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*")

_ZH_SENT = re.compile(r"[^。！？；!?;\n]+(?:[。！？；!?;]+[”’」』）)\"]*)?")
_EN_SENT = re.compile(r"\S.*?(?:(?<![.!?])[.!?]+[\"”’)]*(?=\s|$)|$)", re.S)  # lookbehind: linear on "....."
# a full stop after these is no sentence end: "the U.S. Congress", "No. 7", "Art. 5", "e.g. tariffs", "Acme Inc."
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.){2,}|(?<![\w.])[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|No|Nos|Art|Arts|Sec|Secs|Para|Paras|Ch|"
    r"Chap|Vol|Fig|Ref|Reg|Regs|Dept|Gov|Govt|Inc|Ltd|Co|Corp|Bros|vs|cf|approx|al|pp|p|para|art|sec|no|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)[\"”’)]*$")
_CLOSER = re.compile(r"^（[^（）]{2,300}(?:负责|牵头)）$")
_NON_WORD = re.compile(r"[\W_]+", re.U)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentences of text[start:end] as absolute (start, end) offsets, whitespace trimmed."""
    end = len(text) if end is None else end
    out: list[Span] = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        base = start + line.start()
        segment = line.group(0)
        # (a CJK full stop is looked for as a substring: the class [。！？；] costs ~2 M instructions to compile)
        english = not (any(stop in segment for stop in "。！？；") or not re.search(r"[.!?]\s", segment))
        pattern = _EN_SENT if english else _ZH_SENT
        pieces: list[Span] = []
        for m in pattern.finditer(segment):
            s, e = base + m.start(), base + m.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                if english and pieces and _continues(text, pieces[-1], s):
                    pieces[-1] = (pieces[-1][0], e)
                else:
                    pieces.append((s, e))
        out.extend(pieces)
    return out


def _continues(text: str, previous: Span, start: int) -> bool:
    """True when an English "sentence" ended at an abbreviation or the next one starts in lower case or a digit."""
    tail = text[max(previous[0], previous[1] - 12):previous[1]]
    return bool(_ABBREVIATION.search(tail)) or text[start].islower() or text[start].isdigit()


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, in order."""
    return [text[s:e] for s, e in sentence_spans(text)]


def is_closer(sentence: str) -> bool:
    """True for a responsible-departments line such as "（商务部、海关总署等按职责分工负责）"."""
    return bool(_CLOSER.match(sentence.strip()))


_WHO = re.compile(r"(哪些|哪个|哪|什么)(部门|单位|机构|部委)|谁|\b(which|what)\s+(departments?|agenc(y|ies)|ministr(y|ies)|"
                  r"authorit(y|ies)|bod(y|ies)|units?|offices?)\b|\bwho\b", re.I)
_DUTY = re.compile(r"负责|牵头|主管|\bresponsib|\bin charge\b|\blead", re.I)


def asks_responsibility(question: str) -> bool:
    """True for "which departments are responsible for …" / "由哪些部门负责": the responsible-departments
    lines ("（商务部、海关总署等按职责分工负责）") answer it."""
    return bool(_DUTY.search(question) and _WHO.search(question))  # the rarer (and cheaper) pattern first


def norm(text: str) -> str:
    """Lower-case text without whitespace or punctuation: the form used to compare passages."""
    return _NON_WORD.sub("", text).lower()


def join_spans(text: str, spans: list[Span] | tuple[Span, ...]) -> str:
    """The text covered by spans, joined with a newline where the source had a line break between them."""
    parts: list[str] = []
    prev_end = None
    for s, e in spans:
        if prev_end is not None:
            gap = text[prev_end:s]
            if "\n" in gap:
                parts.append("\n")
            elif gap and text[prev_end - 1].isascii():
                parts.append(" ")
        parts.append(text[s:e])
        prev_end = e
    return "".join(parts)


def merge_spans(text: str, spans: list[Span]) -> list[Span]:
    """Merge spans that are separated only by spaces (not line breaks) into one."""
    out: list[Span] = []
    for s, e in spans:
        if out and text[out[-1][1]:s].strip(" \t\u3000") == "" and "\n" not in text[out[-1][1]:s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


# A model token, estimated without the model: one CJK character, a word (every 6 letters of a long one),
# a number (every 4 digits), or one other symbol. multilingual-e5 (XLM-R sentencepiece) spends about this
# many or fewer on Chinese and up to ~1.5x on English; a 200,000-letter "word" is not one token.
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W\d_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,6}|"
                    r"\d{1,4}|[^\w\s]|_", re.U)
_SOFT_BREAK = re.compile(r"[，、,：:；;）)\]」』”’\s]")


def count_tokens(text: str) -> int:
    """Estimated model tokens of a text (linear time)."""
    return sum(1 for _ in _TOKEN.finditer(text))


def more_tokens_than(text: str, limit: int) -> bool:
    """`count_tokens(text) > limit`, answered without counting (or compiling the pattern) for a text of at most
    `limit` characters: a token is at least one character."""
    return len(text) > limit and count_tokens(text) > limit


def split_by_tokens(text: str, limit: int) -> list[str]:
    """Pieces of text of at most `limit` estimated tokens each, cut after a comma or space where one lies in
    the last quarter of a piece; a text within the limit is returned whole. Linear in the text's length."""
    starts = [m.start() for m in _TOKEN.finditer(text)]
    if len(starts) <= limit:
        return [text] if text.strip() else []
    pieces: list[str] = []
    begin, i = 0, 0
    while len(starts) - i > limit:
        cut = starts[i + limit]  # the piece ends before the (limit+1)-th token from `begin`
        floor = starts[i + limit - limit // 4]
        soft = None
        for m in _SOFT_BREAK.finditer(text, floor, cut):
            soft = m.end()
        if soft is not None and soft > begin:
            cut = soft
        piece = text[begin:cut].strip()
        if piece:
            pieces.append(piece)
        begin = cut
        while i < len(starts) and starts[i] < cut:
            i += 1
    tail = text[begin:].strip()
    if tail:
        pieces.append(tail)
    return pieces
