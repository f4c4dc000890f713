"""Typed records passed between pipeline stages."""

from __future__ import annotations

from collections.abc import Sequence

from bisect import bisect_right
from dataclasses import field

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag.records import Record, record  # frozen dataclasses, cheaper to define (cold start)

Span = tuple[int, int]
_LEAD_LINE = re.compile(r"^\[\d+\] ")  # a lead line starts with its marker; a quote ends with it


class RagError(Exception):
    """A user-facing error: one line, no traceback, exit code 2 on the CLI."""


@record
class Document(Record):
    """A parsed source document: clean text plus metadata."""

    doc_id: str  # file name, e.g. "001_74f300c54dbf5e13.txt"
    text: str  # clean text; every span refers to it
    lang: str  # "zh" or "en"
    title: str
    doc_number: str | None = None  # 文号, e.g. 国办发〔2018〕53号
    issuer: str | None = None
    date: str | None = None
    aliases: tuple[str, ...] = ()  # other 文号 the document carries (e.g. a forwarded one)
    fingerprint: str = ""  # sha256 of the raw bytes
    pages: tuple[int, ...] = ()  # offset in `text` where each page starts (page 1 at 0); () without pages
    site: str | None = None  # the government web site it was published on ("www.gov.uk"): see rag/ingest.web_site


def page_of(doc: Document, offset: int) -> int | None:
    """The page (1-based) on which `offset` of `doc.text` lies; None for a document without pages."""
    if not doc.pages:
        return None
    return max(bisect_right(doc.pages, max(offset, 0)), 1)


@record
class Clause(Record):
    """One clause (or paragraph) of a document, with where it sits in the clean text."""

    doc_id: str
    path: str  # e.g. "二/（三）"; "¶3" for a paragraph outside the numbering
    heading: str  # e.g. "支持关系民生的产品进口"; "" for paragraphs
    text: str  # the clause body as it reads in the document (repeats removed)
    spans: tuple[Span, ...]  # where `text` comes from in Document.text, in order
    lang: str
    level: int = 0  # depth in the clause tree (0 = paragraph outside the numbering)
    order: int = 0  # position in the document

    @property
    def id(self) -> str:
        """Stable id: document id + clause path."""
        return f"{self.doc_id}#{self.path}"

    @property
    def label(self) -> str:
        """The last path component, e.g. "（三）"."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def span(self) -> Span:
        """Overall extent of the clause in the clean text."""
        return (self.spans[0][0], self.spans[-1][1]) if self.spans else (0, 0)

    @property
    def is_signature(self) -> bool:
        """True for a document's signature (its issuing bodies and date): path 署名 or "signature", numbered
        from the second on (rag/clauses.py). It is shown and looked up, never searched (rag/chunk.py)."""
        return self.level == 0 and self.path.rstrip("0123456789") in SIGNATURE_PATHS


SIGNATURE_PATHS = ("署名", "signature")


@record
class Chunk(Record):
    """The unit that is embedded and indexed: a clause or a window of one."""

    clause_id: str
    doc_id: str
    text: str  # text that is embedded / tokenized (heading + body window)
    lang: str


@record
class Hit(Record):
    """A retrieved clause with its fused score and where the score came from."""

    clause: Clause
    score: float
    sources: dict[str, int] = field(default_factory=dict)  # retriever -> rank (1-based)
    dense: float = 0.0  # best cosine similarity of the clause's chunks
    lexical: float = 0.0  # share of the query's terms found in the clause


@record
class Clash(Record):
    """Another indexed document that claims the same 文号 as a cited one (never merged: both are flagged)."""

    doc_number: str
    doc_id: str
    title: str
    origin: str  # "shipped", "operator" or "upload"
    source: str | None  # the file it was read from

    def to_dict(self) -> dict:
        """The `clash` entry of a citation in `rag ask --json`."""
        return {"doc_number": self.doc_number, "doc": self.doc_id, "title": self.title, "origin": self.origin,
                "source": self.source}


@record
class Citation(Record):
    """A cited clause, numbered as its [n] marker in the answer."""

    n: int
    clause: Clause
    title: str
    doc_number: str | None
    sentences: tuple[str, ...] = ()  # sentences of the clause the answer used
    page: int | None = None  # page of the document where the clause starts (PDF); None when unknown
    origin: str = ""  # provenance of the document: "shipped", "operator" or "upload" ("" when unknown)
    sha256: str = ""  # content hash of the document's text
    clashes: tuple[Clash, ...] = ()  # other documents claiming the same 文号


@record
class GeneratedSentence(Record):
    """One sentence a language model wrote, the clauses it cites and whether verification kept it."""

    text: str
    cites: tuple[int, ...]  # its [n] markers as the model wrote them (numbers of the clauses it was given)
    clauses: tuple[Clause, ...]  # the cited clauses that were given
    verified: bool
    reason: str = ""  # why it was removed; "" when verified
    similarity: float = 0.0  # cosine to the closest sentence of a cited clause
    support: str = ""  # that clause sentence

    def to_dict(self, numbering: dict[str, int] | None = None) -> dict:
        """The per-sentence object of a generated answer; `cites` uses the answer's citation numbers."""
        numbering = numbering or {}
        return {"text": self.text, "verified": self.verified,
                "cites": [numbering[c.id] for c in self.clauses if c.id in numbering] if self.verified else [],
                "clauses": [{"doc": c.doc_id, "clause": c.path} for c in self.clauses],
                "reason": self.reason, "similarity": round(self.similarity, 4)}


@record
class Answer(Record):
    """An answer, its citations and the ranked clauses it was built from."""

    question: str
    text: str
    refused: bool
    citations: tuple[Citation, ...]
    retrieved: tuple[Hit, ...]
    lang: str = "en"
    mode: str = "search"  # "search", "lookup", "refused" or "generated"
    explain: dict = field(default_factory=dict)
    sentences: tuple[GeneratedSentence, ...] = ()  # a model's sentences, kept and removed (generation on)
    note: str = ""  # e.g. why a generated answer fell back to the extractive one
    verdict: str | None = None  # for a claim ("Is it true that …?"): supported, contradicted or not_stated
    warnings: tuple[str, ...] = ()  # e.g. two cited documents claim the same 文号 (in JSON: each citation's "clash")
    not_found: tuple[str, ...] = ()  # the parts of a question the documents do not answer, when they answer another

    @property
    def quoted(self) -> str:
        """The answer without the lines the system wrote (a claim's verdict, a lead line "[n] …" in the
        asker's language): only the verbatim sentences and their [n] markers."""
        lines = self.text.split("\n")[1 if self.verdict else 0:]
        return "\n".join(line for line in lines if not _LEAD_LINE.match(line))

    def to_dict(self) -> dict:
        """The `rag ask --json` object (a stable contract)."""
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "mode": self.mode,
            **({"verdict": self.verdict} if self.verdict else {}),
            "citations": [
                {
                    "n": c.n,
                    "doc": c.clause.doc_id,
                    "title": c.title,
                    "doc_number": c.doc_number,
                    "clause": c.clause.path,
                    "heading": c.clause.heading,
                    "text": c.clause.text,
                    "span": list(c.clause.span),
                    "sentences": list(c.sentences),
                    "page": c.page,
                    "origin": c.origin,
                    "sha256": c.sha256,
                    "clash": [x.to_dict() for x in c.clashes],
                }
                for c in self.citations
            ],
            "retrieved": [
                {
                    "doc": h.clause.doc_id,
                    "clause": h.clause.path,
                    "heading": h.clause.heading,
                    "text": h.clause.text,
                    "score": round(h.score, 6),
                }
                for h in self.retrieved
            ],
            **self._generation_dict(),
        }

    def _generation_dict(self) -> dict:
        """"note" and "sentences" (each with the clause it cites and whether it was verified), when present."""
        out: dict = {}
        if self.note:
            out["note"] = self.note
        if self.not_found:
            out["not_found"] = list(self.not_found)
        if self.sentences:
            numbering = {c.clause.id: c.n for c in self.citations}
            out["sentences"] = [s.to_dict(numbering) for s in self.sentences]
        return out


class RowSequence(Sequence):
    """A Sequence of rows read one at a time: [i] takes negative indexes and slices, checks the range,
    and asks the subclass for row i (`_row`). The index's row tables and their stack of segments."""

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = int(i)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._row(i)

    def _row(self, i: int):
        raise NotImplementedError

