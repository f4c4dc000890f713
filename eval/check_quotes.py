"""Checks of a split's questions against the parser only (never the QA system):
`PYTHONPATH=. python eval/check_quotes.py SPLIT [-v]`.

For every gold quote: it is in its raw file once, and (whitespace removed) inside the parsed text of exactly one
clause of its document, counting a clause and the ancestors that repeat its text as one (the matching clauses form
one chain of the clause tree; the deepest one is "the" clause). For look-ups, that clause is the article or
paragraph asked for (or one of its items), as `eval/SPLIT/lookup_clauses.json` gives it (question id -> clause
path). Every answer keyword is in a gold document. Exits 1 when anything fails."""
import json
import re
import sys
from pathlib import Path

from rag.clauses import parse_clauses
from rag.ingest import load_document
from rag.lang import unligate


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def problems(split_dir: Path, verbose: bool = False) -> tuple[int, int]:
    """(problems found, questions read) for the split in `split_dir`; each problem is printed."""
    docs = split_dir / "docs"
    lookup_clause = json.loads((split_dir / "lookup_clauses.json").read_text(encoding="utf-8"))
    clauses = {p.name: parse_clauses(load_document(p)) for p in docs.iterdir()}
    raw = {p.name: p.read_text(encoding="utf-8") for p in docs.iterdir()}
    rows = [json.loads(line) for line in (split_dir / "questions.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    bad = 0
    for r in rows:
        for g in r["gold"]:
            quote, doc = g["quote"], g["doc"]
            if raw[doc].count(quote) != 1:
                print(r["id"], "raw count", raw[doc].count(quote), quote); bad += 1
            paths = sorted(c.path for c in clauses[doc] if squash(unligate(quote)) in squash(c.text))
            if not paths or not all(paths[-1] == p or paths[-1].startswith(p + "/") for p in paths):
                print(r["id"], "not in one clause chain", paths, quote); bad += 1
                continue
            deepest = paths[-1]
            if r["type"] == "lookup" and r["id"] in lookup_clause:
                want = lookup_clause[r["id"]]
                if not (deepest == want or deepest.startswith(want + "/")):
                    print(r["id"], "lookup clause", deepest, "!=", want); bad += 1
            if verbose:
                print(r["id"], doc, "->", deepest)
        for k in r["answer_keywords"]:
            if not any(k in raw[g["doc"]] for g in r["gold"]):
                print(r["id"], "keyword not in gold doc", k); bad += 1
        if r["type"] == "lookup" and r["id"] not in lookup_clause:
            print(r["id"], "lookup without an expected clause"); bad += 1
    return bad, len(rows)


if __name__ == "__main__":
    bad, read = problems(Path(__file__).resolve().parent / sys.argv[1], "-v" in sys.argv)
    print("problems:", bad, "questions:", read)
    sys.exit(1 if bad else 0)
