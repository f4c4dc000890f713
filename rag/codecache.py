"""The methods `dataclasses` generates, compiled once and kept, not compiled in every process.

`@dataclass` writes the source of `__init__`, `__repr__`, `__eq__`, … as text and `exec`s it; compiling
that text is ~70% of creating a class, ~12 ms of CPU for the ~40 dataclasses a cold `rag ask` imports.
`install()` gives the `dataclasses` module an `exec` that, for classes of the rag and ui packages, looks
the text up in a table of compiled code objects (kept in the cache folder, rag/lexicon.py's:
`dataclass-code-<python tag>.marshal`, written at exit by a process that compiled texts the table
lacked) and compiles it, exactly as `exec` would (file "<string>", no inherited `__future__` flags), when
missing. The functions are the same; only the compiling is skipped. Another Python version (its own
file) or an unreadable file only means compiling.
"""

from __future__ import annotations

import atexit
import builtins
import marshal
import os
import sys
import threading
from importlib.util import MAGIC_NUMBER
from types import CodeType

MAX_CACHED = 4000  # texts kept in the file (past this, it is rewritten with this process's)
MODULES = ("rag.", "ui.")  # whose dataclasses are kept (others' compile as usual: the table stays ours)

_lock = threading.Lock()
_codes: dict[str, CodeType] | None = None
_added: dict[str, CodeType] = {}
_exec = builtins.exec


def _file():
    from rag.lexicon import cache_dir

    return cache_dir() / f"dataclass-code-{sys.implementation.cache_tag}-{MAGIC_NUMBER.hex()}.marshal"


def _table() -> dict[str, CodeType]:
    global _codes
    if _codes is None:
        try:
            loaded = marshal.loads(_file().read_bytes())
            _codes = {k: v for k, v in loaded.items() if isinstance(k, str) and isinstance(v, CodeType)} \
                if isinstance(loaded, dict) else {}
        except (OSError, EOFError, ValueError, TypeError):
            _codes = {}
    return _codes


def cached_exec(source, globals=None, locals=None, /):
    """`exec`, with a text's code object taken from the table (compiled and added when missing)."""
    if not isinstance(source, str) or not str((globals or {}).get("__name__", "")).startswith(MODULES):
        return _exec(source, globals, locals)
    with _lock:
        code = _table().get(source)
        if code is None:
            code = compile(source, "<string>", "exec", dont_inherit=True)
            if not _added:
                atexit.register(_save, _file())  # the folder of now, not of whenever the process ends
            _added[source] = _codes[source] = code
    return _exec(code, globals, locals)


def install() -> None:
    """Route `dataclasses`' `exec` through the table (idempotent)."""
    import dataclasses

    dataclasses.exec = cached_exec


def _save(path=None) -> None:
    """Add this process's new texts to the file (atomically), in an existing cache folder only."""
    import tempfile

    try:
        path = path or _file()
        if not path.parent.is_dir():
            return
        try:
            current = marshal.loads(path.read_bytes())
            current = current if isinstance(current, dict) else {}
        except (OSError, EOFError, ValueError, TypeError):
            current = {}
        merged = {**current, **_added} if len(current) + len(_added) <= MAX_CACHED else dict(_added)
        fd, tmp = tempfile.mkstemp(prefix=".dataclass-code-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(merged))
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass
