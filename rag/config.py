"""Where things live: project root, corpus folders, index folder (RAG_INDEX_DIR)."""

from __future__ import annotations

import os
from pathlib import Path

from rag.types import RagError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def eval_split_names() -> tuple[str, ...]:
    """The evaluation splits shipped in eval/: seeds, unseen, holdout, dev, fresh, then every blind split
    (a folder eval/blind/, eval/blind2/, eval/blind3/ … with a questions.jsonl), in number order."""
    import re

    blind = sorted((p.parent.name for p in (PROJECT_ROOT / "eval").glob("blind*/questions.jsonl")
                    if re.fullmatch(r"blind(?:[2-9]|[1-9]\d+)?", p.parent.name)), key=lambda name: int(name[5:] or 1))
    return ("seeds", "unseen", "holdout", "dev", "fresh", *blind)


def index_dir() -> Path:
    """The index folder: $RAG_INDEX_DIR, else index/ in the project."""
    env = os.environ.get("RAG_INDEX_DIR")
    return Path(env).expanduser() if env else PROJECT_ROOT / "index"


def check_index_dir(root: Path | None = None) -> Path:
    """The index folder, or a RagError when it cannot be created there (RAG_INDEX_DIR under a file, in /proc, …).

    Probes by creating the missing folders and removing them again, so a failed check leaves nothing behind."""
    root = Path(root or index_dir())
    missing, existing = [], root
    while not existing.exists() and existing != existing.parent:
        missing.append(existing)
        existing = existing.parent
    problem = None if existing.is_dir() else f"{existing} is not a folder"
    created: list[Path] = []
    try:
        for folder in reversed(missing if problem is None else []):
            folder.mkdir()
            created.append(folder)
    except OSError as exc:
        problem = f"{exc.strerror or exc} ({folder})"
    finally:
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                pass
    if problem:
        raise RagError(f"cannot use {root} as the index folder (RAG_INDEX_DIR): {problem}")
    return root


def seeds_dir() -> Path:
    """The shipped corpus: $RAG_SEEDS_DIR, else seeds/ in the project."""
    env = os.environ.get("RAG_SEEDS_DIR")
    return Path(env).expanduser() if env else PROJECT_ROOT / "seeds"


def uploads_dir() -> Path:
    """Where documents added by users are kept: $RAG_DATA_DIR/docs, else data/docs in the project."""
    env = os.environ.get("RAG_DATA_DIR")
    return (Path(env).expanduser() if env else PROJECT_ROOT / "data") / "docs"


def default_sources() -> list[Path]:
    """The default corpus: the seeds plus any documents users added."""
    sources = [seeds_dir()]
    if uploads_dir().is_dir() and any(uploads_dir().iterdir()):
        sources.append(uploads_dir())
    return sources


def progress_enabled() -> bool:
    """Progress bars are on unless $RAG_NO_PROGRESS is set."""
    return not os.environ.get("RAG_NO_PROGRESS")
