"""`re`, with patterns compiled on first use rather than at import, and compiled from a cache.

The modules on the answer path define ~150 patterns at import; one question uses about a third of
them, and compiling those still cost ~25 ms of a cold `rag ask`. A module that says
`from rag import lazyre as re` keeps writing `_X = re.compile(…)`; the pattern is compiled the first
time one of its methods is used, after which calls go straight to the compiled pattern's methods.
The module-level functions (`re.sub(pattern, …)`, …) accept lazy patterns too.

Compiling means parsing the pattern and generating the regex engine's code, in Python. The code of
each lazy pattern is kept in the cache folder (rag/lexicon.py's: `regex-<python>-<engine>.marshal`),
so a later process hands it straight to the engine (`_sre.compile`, what `re.compile` ends with): the
same pattern object, equal to `re.compile`'s (tests/test_startup.py checks every one), in microseconds.
A process that compiled a pattern the file lacks adds it at exit. Only these module-level constants
are kept (never a pattern made from a question). Any other Python or engine version, or an unreadable
file, compiles as `re` does.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re as _re
import sys
import threading
from re import (ASCII, DOTALL, IGNORECASE, MULTILINE, UNICODE, VERBOSE, A, I, M, Match, Pattern, S, U, X,  # noqa: F401
                error, escape)

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split", "scanner",
            "groups", "groupindex")
MAX_CACHED = 4000  # patterns kept in the cache file (past this, it is rewritten with this process's)

try:
    import _sre
    from re import _compiler, _parser

    _ENGINE = f"{sys.version_info[0]}{sys.version_info[1]}-{_sre.MAGIC}-{_sre.CODESIZE}"
except ImportError:  # another Python implementation: plain re.compile
    _sre = None
    _ENGINE = ""

_lock = threading.Lock()
_codes: dict | None = None  # (pattern, flags) -> arguments of _sre.compile, from the cache file
_added: dict = {}  # compiled by this process and missing from the file


def _cache_file():
    from rag.lexicon import cache_dir

    return cache_dir() / f"regex-{_ENGINE}.marshal"


def _cached_codes() -> dict:
    global _codes
    if _codes is None:
        with _lock:
            if _codes is None:
                try:
                    loaded = marshal.loads(_cache_file().read_bytes())
                    _codes = loaded if isinstance(loaded, dict) else {}
                except (OSError, EOFError, ValueError, TypeError):
                    _codes = {}
    return _codes


def _engine_args(pattern: str, flags: int) -> tuple:
    """What `re._compiler.compile` hands `_sre.compile` after the pattern (Python 3.11–3.12)."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def compile_cached(pattern, flags: int = 0) -> Pattern:
    """`re.compile(pattern, flags)`, from the cache file's engine code when it holds the pattern."""
    flags = int(flags)
    if _sre is None or not isinstance(pattern, str):
        return _re.compile(pattern, flags)
    key = (pattern, flags)
    args = _cached_codes().get(key)
    if args is not None:
        try:
            return _sre.compile(pattern, *args)
        except Exception:  # noqa: BLE001 — a damaged entry: compiled as re does, and rewritten
            pass
    try:
        args = _engine_args(pattern, flags)
        compiled = _sre.compile(pattern, *args)
    except Exception:  # noqa: BLE001 — anything unexpected (or a bad pattern: re raises its error)
        return _re.compile(pattern, flags)
    with _lock:
        if not _added:
            atexit.register(_save, _cache_file())  # the folder of now, not of whenever the process ends
        _added[key] = args
    return compiled


def _save(path=None) -> None:
    """Add this process's new patterns to the cache file (atomically), in an existing cache folder (the
    lexicon's); nothing when it cannot be written."""
    import tempfile

    try:
        path = path or _cache_file()
        if not path.parent.is_dir():
            return
        try:
            current = marshal.loads(path.read_bytes())
            current = current if isinstance(current, dict) else {}
        except (OSError, EOFError, ValueError, TypeError):
            current = {}
        merged = {**current, **_added} if len(current) + len(_added) <= MAX_CACHED else dict(_added)
        fd, tmp = tempfile.mkstemp(prefix=".regex-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(merged))
            os.chmod(tmp, 0o644)  # readable by every checkout sharing the folder, as the lexicon
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        pass


class LazyPattern:
    """A regular expression compiled when first used; `pattern` and `flags` are known without compiling."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> Pattern:
        """The compiled pattern (compiled now, the first time)."""
        compiled = compile_cached(self.pattern, self.flags)
        # the methods become plain attributes: later look-ups never reach __getattr__ again
        self.__dict__.update({name: getattr(compiled, name) for name in _METHODS})
        self.__dict__["compiled"] = lambda: compiled
        return compiled

    def __getattr__(self, name: str):
        if name not in _METHODS:
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazyre.compile({self.pattern!r}, {self.flags})"


def _real(pattern):
    return pattern.compiled() if isinstance(pattern, LazyPattern) else pattern


def compile(pattern, flags: int = 0) -> LazyPattern | Pattern:
    """A pattern compiled on first use (an already compiled one is returned as it is)."""
    if isinstance(pattern, (LazyPattern, Pattern)):
        return pattern
    return LazyPattern(pattern, flags)


def search(pattern, string, flags=0):
    return _re.search(_real(pattern), string, flags)


def match(pattern, string, flags=0):
    return _re.match(_real(pattern), string, flags)


def fullmatch(pattern, string, flags=0):
    return _re.fullmatch(_real(pattern), string, flags)


def sub(pattern, repl, string, count=0, flags=0):
    return _re.sub(_real(pattern), repl, string, count, flags)


def subn(pattern, repl, string, count=0, flags=0):
    return _re.subn(_real(pattern), repl, string, count, flags)


def split(pattern, string, maxsplit=0, flags=0):
    return _re.split(_real(pattern), string, maxsplit, flags)


def findall(pattern, string, flags=0):
    return _re.findall(_real(pattern), string, flags)


def finditer(pattern, string, flags=0):
    return _re.finditer(_real(pattern), string, flags)
