"""`re`, with patterns compiled on first use rather than at import.

The modules on the answer path define ~150 patterns at import; one question uses about a third of
them. A module that says `from rag import lazyre as re` keeps writing `_X = re.compile(…)`; the pattern
is compiled by `re.compile` the first time one of its methods is used, after which calls go straight to
the compiled pattern's methods. The module-level functions (`re.sub(pattern, …)`, …) accept lazy
patterns too.
"""

from __future__ import annotations

import re as _re
from re import (ASCII, DOTALL, IGNORECASE, MULTILINE, UNICODE, VERBOSE, A, I, M, Match, Pattern, S, U, X,  # noqa: F401
                error, escape)

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split", "scanner",
            "groups", "groupindex")


class LazyPattern:
    """A regular expression compiled when first used; `pattern` and `flags` are known without compiling."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> Pattern:
        """The compiled pattern (compiled now, the first time)."""
        compiled = _re.compile(self.pattern, self.flags)
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
