"""Look-ups that name a document as users do: run the probes of `probes.jsonl` and print how many cite the clause
asked for (positives) or are refused (negatives: a document the split does not hold), per style.

    python eval/lookup_names/run.py                 # every split the probes use
    python eval/lookup_names/run.py --split blind30 --json out.json

Each split is answered from its own index, as `rag eval --split S` builds it (`<RAG_INDEX_DIR or index/>/eval-S`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))  # (run as a script from any folder)


def load_probes(path: Path = HERE / "probes.jsonl") -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cites(cited: list[str], doc: str, path: str) -> bool:
    """True when a cited clause id is the clause asked for, or one of its sub-clauses."""
    return any(c.split("#", 1)[0] == doc and (c.split("#", 1)[1] == path or c.split("#", 1)[1].startswith(path + "/"))
               for c in cited if "#" in c)


def main(argv: list[str] | None = None) -> int:
    from rag.assistant import Assistant
    from rag.evaluate import default_splits

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", action="append", help="only this split (repeatable)")
    parser.add_argument("--json", type=Path, help="write each probe's outcome here (JSON lines)")
    args = parser.parse_args(argv)
    probes = [p for p in load_probes() if not args.split or p["split"] in args.split]
    by_split: dict[str, list[dict]] = defaultdict(list)
    for probe in probes:
        by_split[probe["split"]].append(probe)
    splits = default_splits()
    tally: Counter = Counter()
    out = args.json.open("w", encoding="utf-8") if args.json else None
    for name, rows in by_split.items():
        sp = splits[name]
        assistant = Assistant.load(sources=list(sp.sources), index_dir=sp.index_dir, show_progress=False)
        for probe in rows:
            answer = assistant.ask(probe["question"])
            cited = [c.clause.id for c in answer.citations]
            ok = answer.refused if probe.get("absent") else (not answer.refused
                                                              and cites(cited, probe["doc"], probe["path"]))
            style = "negative" if probe.get("absent") else probe["style"]
            tally[style, ok] += 1
            if out:
                out.write(json.dumps({**probe, "ok": ok, "refused": answer.refused, "mode": answer.mode,
                                      "cited": cited[:3]}, ensure_ascii=False) + "\n")
    if out:
        out.close()
    for style in sorted({s for s, _ in tally}):
        right, n = tally[style, True], tally[style, True] + tally[style, False]
        print(f"{style:16s} {right:4d} / {n:<4d} {right / n:.3f}")
    positives = [(s, ok) for s, ok in tally.elements() if s != "negative"]
    negatives = [ok for s, ok in tally.elements() if s == "negative"]
    if positives:
        print(f"{'cited (all)':16s} {sum(ok for _, ok in positives):4d} / {len(positives):<4d} "
              f"{sum(ok for _, ok in positives) / len(positives):.3f}")
    if negatives:
        print(f"{'refused (neg.)':16s} {sum(negatives):4d} / {len(negatives):<4d} {sum(negatives) / len(negatives):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
