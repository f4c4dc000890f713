"""Where things live: project root, corpus folders, index folder (RAG_INDEX_DIR)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def index_dir() -> Path:
    """The index folder: $RAG_INDEX_DIR, else index/ in the project."""
    env = os.environ.get("RAG_INDEX_DIR")
    return Path(env).expanduser() if env else PROJECT_ROOT / "index"


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
