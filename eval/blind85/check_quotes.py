"""Checks of the blind85 questions against the parser only (never the QA system).

For every gold quote: it is in its raw file, and (whitespace removed) inside the parsed text of exactly one
clause of its document, counting a clause and the ancestors that repeat its text as one (the matching
clauses form one chain of the clause tree; the deepest one is "the" clause). For look-ups, that clause is
the article or paragraph asked for (or one of its items). Every answer keyword is in a gold document."""
import json
import re
import sys
from pathlib import Path

from rag.clauses import parse_clauses
from rag.ingest import load_document

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
LOOKUP_CLAUSE = {  # question id -> path of the clause asked for
    "dl055": "第二章/第十四条", "dl056": "第三章/第二十三条", "dl057": "第二章/第十条/（三）",
    "dl058": "Key Provisions/8", "dl059": "第二章/第八条", "dl060": "第四章/第二十六条",
    "dl061": "第四章/第二十七条/（二）", "dl062": "Key Provisions/2",
}


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


clauses = {p.name: parse_clauses(load_document(p)) for p in DOCS.iterdir()}
raw = {p.name: p.read_text(encoding="utf-8") for p in DOCS.iterdir()}
rows = [json.loads(line) for line in (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
bad = 0
for r in rows:
    for g in r["gold"]:
        quote, doc = g["quote"], g["doc"]
        if raw[doc].count(quote) != 1:
            print(r["id"], "raw count", raw[doc].count(quote), quote); bad += 1
        hits = [c for c in clauses[doc] if squash(quote) in squash(c.text)]
        paths = sorted(c.path for c in hits)
        chain = all(paths[-1] == p or paths[-1].startswith(p + "/") for p in paths) if paths else False
        if not chain:
            print(r["id"], "not in one clause chain", paths, quote); bad += 1
            continue
        deepest = paths[-1]
        if r["type"] == "lookup":
            want = LOOKUP_CLAUSE[r["id"]]
            if not (deepest == want or deepest.startswith(want + "/")):
                print(r["id"], "lookup clause", deepest, "!=", want); bad += 1
        if "-v" in sys.argv:
            print(r["id"], doc, "->", deepest)
    for k in r["answer_keywords"]:
        if not any(k in raw[g["doc"]] for g in r["gold"]):
            print(r["id"], "keyword not in gold doc", k); bad += 1
    if r["type"] == "lookup" and r["id"] not in LOOKUP_CLAUSE:
        print(r["id"], "lookup without an expected clause"); bad += 1
print("problems:", bad, "questions:", len(rows))
sys.exit(1 if bad else 0)
