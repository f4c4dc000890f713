"""The evaluation harness: retrieval, citation accuracy and precision, groundedness, refusals, latency.

Definitions (also in eval/README.md):

- a clause *contains* a gold quote when the quote occurs in its heading + text with all whitespace removed (the
  quote read as the parser reads text: a PDF's ligatures as their letters);
- hit@1 / hit@k / MRR@10: rank of the first retrieved clause containing any gold quote;
- citation accuracy: answerable questions, answered (not refused), citing >= 1 clause that contains a gold quote,
  divided by all answerable questions;
- citation precision: over answered answerable questions, cited clauses that contain a gold quote or whose
  cited sentences contain one of the question's `answer_keywords`, divided by all cited clauses;
- groundedness: answer sentences found verbatim (whitespace-insensitive) in the clause their [n] marker cites,
  divided by all answer sentences; every unsupported sentence is listed;
- refusal: unanswerable questions refused / all unanswerable; answerable questions refused / all answerable;
- keyword recall: answer_keywords present in the answer text (answerable questions);
- latency: wall time of Assistant.ask per question, p50 and p95 (warm: after one untimed question).

Splits: `seeds` (eval/questions.jsonl over the default corpus, which the system was tuned on), `unseen`
(eval/unseen/questions.jsonl over eval/unseen/docs only, indexed in its own folder `<index dir>/eval-unseen`
so that the user's corpus index is never replaced) and `holdout` (eval/holdout/questions.jsonl over
eval/holdout/docs in `<index dir>/eval-holdout`: report only, never tuned on). `rag eval` runs all three and
reports them side by side. A fourth, `dev` (eval/dev/questions.jsonl over eval/dev/docs in `<index dir>/eval-dev`),
is the development split to tune on: it runs only when asked for (`rag eval --split dev`), not in `all`.
The blind splits, `fresh`, `blind` and `blind2`, `blind3` … (every folder eval/blind<N>/: eval/<split>/questions.jsonl
over eval/<split>/docs, each indexed in `<index dir>/eval-<split>`), were each written blind by someone who never ran the
assistant on them, measured once, and then either read and tuned on or kept unread as a measure of documents nobody
has tuned on (eval/README.md says which, with the commit and figures of each first run): report only, run only when
asked (`rag eval --split blind7`), not in `all`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rag import config
from rag.config import PROJECT_ROOT, progress_enabled
from rag.lang import squash, unligate
from rag.sentences import split_sentences
from rag.types import Answer, RagError

DEFAULT_QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
DEFAULT_THRESHOLDS = PROJECT_ROOT / "eval" / "thresholds.toml"
UNSEEN_QUESTIONS = PROJECT_ROOT / "eval" / "unseen" / "questions.jsonl"
UNSEEN_DOCS = PROJECT_ROOT / "eval" / "unseen" / "docs"
HOLDOUT_QUESTIONS = PROJECT_ROOT / "eval" / "holdout" / "questions.jsonl"
HOLDOUT_DOCS = PROJECT_ROOT / "eval" / "holdout" / "docs"
DEV_QUESTIONS = PROJECT_ROOT / "eval" / "dev" / "questions.jsonl"
DEV_DOCS = PROJECT_ROOT / "eval" / "dev" / "docs"
FRESH_QUESTIONS = PROJECT_ROOT / "eval" / "fresh" / "questions.jsonl"
FRESH_DOCS = PROJECT_ROOT / "eval" / "fresh" / "docs"
SPLIT_NAMES = config.eval_split_names()
BLIND_SPLITS = SPLIT_NAMES[5:]  # blind, blind2, blind3 …: each a folder eval/<split>/ with questions.jsonl and docs/
# `all` (the default); `dev`, `fresh` and the blind splits run only when asked for
SPLITS = ("seeds", "unseen", "holdout")
REQUIRED = ("id", "question", "answerable")
_MARKER = re.compile(r"\s*\[(\d+)\]")


@dataclass(frozen=True)
class Gold:
    """One acceptable source of the answer."""

    doc: str
    quote: str


@dataclass(frozen=True)
class Question:
    """One evaluation question."""

    id: str
    question: str
    answerable: bool
    lang: str = ""
    type: str = "other"
    gold: tuple[Gold, ...] = ()
    answer_keywords: tuple[str, ...] = ()
    verdict: str | None = None  # claims: supported, contradicted or not_stated


def load_questions(path: Path) -> list[Question]:
    """Read a questions.jsonl file; a malformed line is a RagError naming the line."""
    path = Path(path)
    if not path.is_file():
        raise RagError(f"no such questions file: {path}")
    out: list[Question] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RagError(f"{path.name}:{n}: not JSON ({exc.msg})") from None
        missing = [k for k in REQUIRED if k not in obj]
        if missing:
            raise RagError(f"{path.name}:{n}: missing field {missing[0]!r}")
        gold = tuple(Gold(g["doc"], unligate(g["quote"])) for g in obj.get("gold") or [])  # (as parsed)
        if obj["answerable"] and not gold:
            raise RagError(f"{path.name}:{n}: an answerable question needs at least one gold quote")
        out.append(Question(str(obj["id"]), obj["question"], bool(obj["answerable"]), obj.get("lang", ""),
                            obj.get("type", "other"), gold, tuple(obj.get("answer_keywords") or ()),
                            obj.get("verdict")))
    if not out:
        raise RagError(f"{path.name} has no questions")
    return out


def contains_gold(doc_id: str, heading: str, text: str, gold: tuple[Gold, ...]) -> bool:
    """True when a clause holds one of the gold quotes (whitespace-insensitive)."""
    body = squash(heading + text)
    return any(g.doc == doc_id and squash(g.quote) in body for g in gold)


def answer_segments(answer: Answer) -> list[tuple[str, int]]:
    """(sentence, cited n) for every sentence of an answer; n is 0 for a sentence with no marker."""
    out: list[tuple[str, int]] = []
    text = answer.quoted  # without a claim's verdict line or the lead lines the system wrote
    pos = 0
    for m in _MARKER.finditer(text):
        segment = text[pos:m.start()]
        out.extend((s, int(m.group(1))) for s in split_sentences(segment) if s.strip())
        pos = m.end()
    out.extend((s, 0) for s in split_sentences(text[pos:]) if s.strip())
    return out


@dataclass
class Record:
    """What happened to one question."""

    q: Question
    rank: int | None  # 1-based rank of the first gold clause in `retrieved`
    refused: bool
    cites_gold: bool
    cited: int
    cited_precise: int
    sentences: int
    supported: int
    unsupported: list[str] = field(default_factory=list)
    keywords_found: int = 0
    seconds: float = 0.0
    mode: str = ""
    error: str | None = None
    verdict: str | None = None
    cross_lingual: bool = False  # answered from at least one clause in the other language
    leads_in_own_language: bool = False  # ...and every such point is led by a line in the asker's language


def judge(q: Question, answer: Answer, seconds: float) -> Record:
    """Score one answer against its question."""
    rank = None
    for i, hit in enumerate(answer.retrieved[:10], 1):
        c = hit.clause
        if contains_gold(c.doc_id, c.heading, c.text, q.gold):
            rank = i
            break
    by_n = {c.n: c for c in answer.citations}
    cites_gold = any(contains_gold(c.clause.doc_id, c.clause.heading, c.clause.text, q.gold)
                     for c in answer.citations)
    precise = 0
    for c in answer.citations:
        used = "".join(c.sentences)
        if contains_gold(c.clause.doc_id, c.clause.heading, c.clause.text, q.gold) or any(
                k in used for k in q.answer_keywords):
            precise += 1
    segments = [] if answer.refused else answer_segments(answer)
    unsupported = [s for s, n in segments
                   if n not in by_n or squash(s) not in squash(by_n[n].clause.text)]
    keywords = sum(1 for k in q.answer_keywords if k in answer.text)
    other = [] if answer.refused else [c for c in answer.citations if c.clause.lang != answer.lang]
    return Record(q, rank, answer.refused, cites_gold, len(answer.citations), precise, len(segments),
                  len(segments) - len(unsupported), unsupported, keywords, seconds, answer.mode,
                  verdict=answer.verdict, cross_lingual=bool(other), leads_in_own_language=bool(other) and all(
                      any(line.startswith(f"[{c.n}] ") for line in answer.text.split("\n")) for c in other))


def error_record(q: Question, seconds: float, exc: Exception) -> Record:
    """What happened to a question that got an error instead of an answer."""
    return Record(q, None, True, False, 0, 0, 0, 0, [], 0, seconds, "error", str(exc))


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    idx = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[idx]


def summarise(records: list[Record], k: int) -> dict:
    """Metrics over a set of records."""
    answerable = [r for r in records if r.q.answerable]
    unanswerable = [r for r in records if not r.q.answerable]
    answered = [r for r in answerable if not r.refused]
    all_answered = [r for r in records if not r.refused]
    claims = [r for r in records if r.q.verdict]
    crossed = [r for r in records if r.cross_lingual]

    def ratio(a: float, b: float) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "questions": len(records),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "hit@1": ratio(sum(1 for r in answerable if r.rank == 1), len(answerable)),
        f"hit@{k}": ratio(sum(1 for r in answerable if r.rank and r.rank <= k), len(answerable)),
        "mrr@10": ratio(sum(1 / r.rank for r in answerable if r.rank), len(answerable)),
        "citation_accuracy": ratio(sum(1 for r in answered if r.cites_gold), len(answerable)),
        "citation_precision": ratio(sum(r.cited_precise for r in answered), sum(r.cited for r in answered)),
        "groundedness": ratio(sum(r.supported for r in all_answered), sum(r.sentences for r in all_answered)),
        "keyword_recall": ratio(sum(r.keywords_found for r in answerable),
                                sum(len(r.q.answer_keywords) for r in answerable)),
        "refusal_correct": ratio(sum(1 for r in unanswerable if r.refused), len(unanswerable)),
        "false_refusal": ratio(sum(1 for r in answerable if r.refused), len(answerable)),
        "claim_verdict_accuracy": ratio(sum(1 for r in claims if r.verdict == r.q.verdict), len(claims)),
        "leads_in_own_language": ratio(sum(1 for r in crossed if r.leads_in_own_language), len(crossed)),
        "latency_p50_ms": round(_pct([r.seconds for r in records], 50) * 1000, 1),
        "latency_p95_ms": round(_pct([r.seconds for r in records], 95) * 1000, 1),
        "errors": sum(1 for r in records if r.error),
    }


def timed_answers(assistant, questions: list[Question], desc: str, show_progress: bool, **ask):
    """(question, answer or None, seconds, RagError or None) for each question asked through Assistant.ask
    with `ask`'s keyword arguments, with a progress bar."""
    from tqdm import tqdm

    for q in tqdm(questions, desc=desc, unit="q", disable=not show_progress, file=sys.stderr):
        t0 = time.perf_counter()
        try:
            answer = assistant.ask(q.question, **ask)
        except RagError as exc:
            yield q, None, time.perf_counter() - t0, exc
            continue
        yield q, answer, time.perf_counter() - t0, None


def run_eval(assistant, questions: list[Question], k: int = 5, show_progress: bool = False) -> dict:
    """Ask every question through Assistant.ask and build the report."""
    if questions:
        try:
            assistant.ask(questions[0].question, generate=False)  # warm-up, untimed
        except RagError:
            pass
    records = [judge(q, answer, seconds) if answer else error_record(q, seconds, error)
               for q, answer, seconds, error in timed_answers(assistant, questions, "evaluating", show_progress,
                                                              generate=False)]
    types = sorted({r.q.type for r in records})
    report = {
        "k": k,
        "overall": summarise(records, k),
        "by_type": {t: summarise([r for r in records if r.q.type == t], k) for t in types},
        "unsupported_sentences": [{"id": r.q.id, "sentence": s} for r in records for s in r.unsupported],
        "misses": [{"id": r.q.id, "type": r.q.type, "question": r.q.question, "rank": r.rank,
                    "refused": r.refused, "cites_gold": r.cites_gold, "error": r.error,
                    **({"verdict": r.verdict, "gold_verdict": r.q.verdict} if r.q.verdict else {})}
                   for r in records if (r.q.answerable and (not r.cites_gold or r.rank != 1))
                   or (not r.q.answerable and not r.refused) or r.error
                   or (r.q.verdict and r.verdict != r.q.verdict)],  # (a claim judged wrongly is missed)
        "embedder": assistant.embedder.id,
    }
    return report


def load_thresholds(path: Path, split: str = "seeds") -> dict[str, float]:
    """Minimum (or, for keys ending in _max, maximum) values per metric of one split ([seeds], [unseen],
    [holdout]; a split without a section, such as dev, has none); a file with only an [overall] section (the format before splits) holds the seeds thresholds."""
    if not Path(path).is_file():
        return {}
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    section = data.get(split)
    if section is None and split == "seeds":
        section = data.get("overall")
    return {str(k): float(v) for k, v in (section or {}).items()}


def check_thresholds(report: dict, thresholds: dict[str, float]) -> list[str]:
    """Failures: metrics below their minimum or above their maximum."""
    failures = []
    overall = report["overall"]
    for key, limit in thresholds.items():
        metric = key[:-4] if key.endswith("_max") else key
        value = overall.get(metric)
        if value is None:
            continue
        if key.endswith("_max") and value > limit:
            failures.append(f"{metric} = {value} is above the maximum {limit}")
        elif not key.endswith("_max") and value < limit:
            failures.append(f"{metric} = {value} is below the threshold {limit}")
    return failures


def format_table(report: dict) -> str:
    """A readable table: one row per question type plus the overall row."""
    k = report["k"]
    cols = [("n", "questions"), ("hit@1", "hit@1"), (f"hit@{k}", f"hit@{k}"), ("MRR", "mrr@10"),
            ("cite acc", "citation_accuracy"), ("cite prec", "citation_precision"),
            ("grounded", "groundedness"), ("kw recall", "keyword_recall"), ("refused ok", "refusal_correct"),
            ("false ref", "false_refusal"), ("p50 ms", "latency_p50_ms"), ("p95 ms", "latency_p95_ms")]
    rows = [("type", *[c for c, _ in cols])]
    for name, summary in [*report["by_type"].items(), ("OVERALL", report["overall"])]:
        rows.append((name, *["-" if summary.get(key) is None else str(summary[key]) for _, key in cols]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    if report["unsupported_sentences"] and report.get("report_only"):
        lines.append(f"\n{len(report['unsupported_sentences'])} unsupported answer sentences "
                     "(not listed: a report-only split)")
    elif report["unsupported_sentences"]:
        lines.append("\nunsupported answer sentences:")
        lines.extend(f"  {u['id']}: {u['sentence']}" for u in report["unsupported_sentences"])
    return "\n".join(lines)


@dataclass(frozen=True)
class Split:
    """One evaluation split: a questions file asked over one corpus, each corpus in its own index folder."""

    name: str
    questions: Path
    sources: tuple[Path, ...] | None = None  # None: the default corpus (seeds plus uploaded documents)
    index_dir: Path | None = None  # None: the configured index folder (RAG_INDEX_DIR or index/)
    report_only: bool = False  # measured for the record, never tuned on: the text report names no question


def split_index_dir(name: str) -> Path:
    """Where a split with its own documents keeps its index: a subfolder of the index folder named after it
    (`eval-unseen`, `eval-holdout`, `eval-dev`, `eval-fresh`, `eval-blind`, `eval-blind2` …), never the corpus
    index."""
    return config.index_dir() / f"eval-{name}"


def default_splits(questions: Path | None = None) -> dict[str, Split]:
    """The shipped splits; `questions` replaces the questions file of whichever split is run."""
    own = {"unseen": (UNSEEN_QUESTIONS, UNSEEN_DOCS, False), "holdout": (HOLDOUT_QUESTIONS, HOLDOUT_DOCS, True),
           "dev": (DEV_QUESTIONS, DEV_DOCS, False), "fresh": (FRESH_QUESTIONS, FRESH_DOCS, True),
           **{name: (blind_questions(name), blind_docs(name), True) for name in BLIND_SPLITS}}
    return {"seeds": Split("seeds", Path(questions or DEFAULT_QUESTIONS)),
            **{name: Split(name, Path(questions or file), (docs,), split_index_dir(name), report_only=report_only)
               for name, (file, docs, report_only) in own.items()}}


def blind_questions(name: str) -> Path:
    """The questions file of a blind split (`blind`, `blind2` …)."""
    return PROJECT_ROOT / "eval" / name / "questions.jsonl"


def blind_docs(name: str) -> Path:
    """The documents folder of a blind split."""
    return PROJECT_ROOT / "eval" / name / "docs"


def evaluate_splits(splits: list[Split], embedder=None, k: int = 5, crosslingual: bool = True,
                    show_progress: bool = False, generator=None) -> dict:
    """Run each split through its own Assistant (the embedder is loaded once and shared); with a generator
    (rag/eval_generate.py) each split also reports its generated answers."""
    from rag.assistant import Assistant
    from rag.generate import load_generator

    generator = generator if generator is None or not isinstance(generator, str) else load_generator(generator)

    # every questions file is checked before any model loads
    questions = {sp.name: load_questions(sp.questions) for sp in splits}
    reports: dict[str, dict] = {}
    for sp in splits:
        assistant = Assistant.load(sources=list(sp.sources) if sp.sources else None, index_dir=sp.index_dir,
                                   embedder=embedder, show_progress=show_progress, crosslingual=crosslingual,
                                   generator=generator or "none")
        embedder = assistant.embedder
        report = run_eval(assistant, questions[sp.name], k=k, show_progress=show_progress)
        if generator is not None:
            from rag.eval_generate import run_generated

            assistant.generator = generator
            report["generated"] = run_generated(assistant, questions[sp.name], k=k, show_progress=show_progress)
        report["questions_file"] = str(sp.questions)
        report["corpus"] = [str(p) for p in assistant.sources]
        report["index_dir"] = str(assistant.root)
        if sp.report_only:
            report["report_only"] = True
        reports[sp.name] = report
    return {"k": k, "splits": reports}


_HEADLINE = [("questions", "questions"), ("hit@1", "hit@1"), ("hit@{k}", "hit@{k}"), ("MRR@10", "mrr@10"),
             ("citation accuracy", "citation_accuracy"), ("citation precision", "citation_precision"),
             ("groundedness", "groundedness"), ("keyword recall", "keyword_recall"),
             ("refused correctly", "refusal_correct"), ("wrongly refused", "false_refusal"),
             ("claim verdicts", "claim_verdict_accuracy"), ("led in asker's language", "leads_in_own_language"),
             ("latency p50 ms", "latency_p50_ms"), ("latency p95 ms", "latency_p95_ms")]


def _grid(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def _cell(summary: dict | None, key: str) -> str:
    value = None if summary is None else summary.get(key)
    return "-" if value is None else str(value)


def format_side_by_side(report: dict) -> str:
    """Headline metrics with one column per split, then hit@1 and citation accuracy per type per split."""
    k = report["k"]
    names = list(report["splits"])
    rows = [("metric", *names)]
    for label, key in _HEADLINE:
        key = key.format(k=k)
        rows.append((label.format(k=k), *[_cell(report["splits"][n]["overall"], key) for n in names]))
    types = sorted({t for n in names for t in report["splits"][n]["by_type"]})
    by_type = [("type", *[f"{m} {n}" for m in ("n", "hit@1", "cite acc") for n in names])]
    for t in types:
        cells = [report["splits"][n]["by_type"].get(t) for n in names]
        keys = ("questions", "hit@1", "citation_accuracy")
        by_type.append((t, *[_cell(c, key) for key in keys for c in cells]))
    return _grid(rows) + "\n\n" + _grid(by_type)


def _shown(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def format_report(report: dict) -> str:
    """One table per split (per type plus the overall row), then the splits side by side."""
    parts = []
    for name, r in report["splits"].items():
        corpus = ", ".join(_shown(p) for p in r.get("corpus", [])) or "the default corpus"
        parts.append(f"== {name}: {_shown(r.get('questions_file', ''))} over {corpus} ==\n{format_table(r)}")
        if "generated" in r:
            from rag.eval_generate import format_generated

            removed = r["generated"].get("removed_sentences", [])
            if r.get("report_only"):  # the count only, no question named
                r = {**r, "generated": {**r["generated"], "removed_sentences": []}}
            text = format_generated(r) + (f"\n{len(removed)} sentences removed (not listed: a report-only split)"
                                          if r.get("report_only") and removed else "")
            parts.append(f"== {name}: extractive | generated ==\n{text}")
    if len(report["splits"]) > 1:
        parts.append("== " + " | ".join(report["splits"]) + " ==\n" + format_side_by_side(report))
    return "\n\n".join(parts)


def _selected_splits(args: argparse.Namespace) -> list[Split]:
    split = getattr(args, "split", None) or ("seeds" if args.questions else "all")
    if split == "all" and args.questions:
        raise RagError(f"--questions replaces one split's questions: give --split {_one_of(SPLIT_NAMES)} too")
    splits = default_splits(Path(args.questions) if args.questions else None)
    if split == "all":
        return [splits[n] for n in SPLITS]
    if split not in splits:
        raise RagError(f"unknown split {split!r} ({_one_of((*SPLIT_NAMES, 'all'))})")
    return [splits[split]]


def _one_of(names: tuple[str, ...]) -> str:
    """"a, b or c"."""
    return ", ".join(names[:-1]) + " or " + names[-1]


def main(args: argparse.Namespace) -> int:
    """`rag eval`: print the tables (or JSON) of the selected splits, exit 1 when a threshold is not met."""
    if args.k < 1:
        raise RagError("--k must be at least 1")
    splits = _selected_splits(args)
    show = progress_enabled() and not args.quiet and sys.stderr.isatty()
    from rag.generate import load_generator

    generator = load_generator(getattr(args, "generator", None))  # --generator, else $RAG_GENERATOR
    report = evaluate_splits(splits, embedder=args.embedder, k=args.k,
                             crosslingual=not getattr(args, "no_crosslingual", False), show_progress=show,
                             generator=generator)
    thresholds_path = Path(args.thresholds) if args.thresholds else DEFAULT_THRESHOLDS
    failures = []
    if args.k == 5 or args.thresholds:
        for name, r in report["splits"].items():
            r["threshold_failures"] = check_thresholds(r, load_thresholds(thresholds_path, name))
            failures.extend(f"{name}: {f}" for f in r["threshold_failures"])
    report["threshold_failures"] = failures
    if args.out:
        Path(args.out).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
        for f in failures:
            print(f"FAIL: {f}")
    return 1 if failures else 0
