"""`@record`: a frozen dataclass whose methods are written once, here, instead of generated for each class.

`@dataclass(frozen=True)` writes the source of six methods per class (__init__, __repr__, __eq__, __hash__,
__setattr__, __delattr__) and compiles each with `exec` when the class is defined: ~4 M instructions a class,
paid by every process at import (a cold `rag ask` defines a dozen records: ~5% of its work). A record is still a
dataclass (`dataclasses.fields`, `replace`, `asdict`, `is_dataclass`, `__match_args__`), defined by the same
annotations and `field(...)` defaults, and behaves as the frozen dataclass would: the same constructor
(positional or keyword arguments, defaults, default factories, the same errors for a missing or unknown one),
equality and hash over the compared fields of two objects of the same class, the same repr, and assigning or
deleting a field raises `dataclasses.FrozenInstanceError`. The generic methods cost no more per object (a
generated frozen __init__ sets each field through `object.__setattr__`).
"""

from __future__ import annotations

from dataclasses import MISSING, FrozenInstanceError, dataclass, fields
from operator import attrgetter


class Record:
    """The methods of every record (see the module's docstring)."""

    __slots__ = ()
    _names: tuple[str, ...] = ()  # the fields, in order (set by @record for each class)
    _defaults: tuple = ()  # (name, default, factory or None) of the fields that have a default
    _compared = staticmethod(lambda obj: ())  # the compared fields' values, as a tuple

    def __init__(self, *args, **kwargs) -> None:
        cls = type(self)
        names = cls._names
        values = self.__dict__
        if len(args) > len(names):
            raise TypeError(f"{cls.__qualname__}.__init__() takes {len(names) + 1} positional arguments but "
                            f"{len(args) + 1} were given")
        values.update(zip(names, args))
        for name in kwargs:
            if name in values:
                raise TypeError(f"{cls.__qualname__}.__init__() got multiple values for argument {name!r}")
            if name not in cls.__dataclass_fields__:
                raise TypeError(f"{cls.__qualname__}.__init__() got an unexpected keyword argument {name!r}")
        values.update(kwargs)
        if len(values) < len(names):
            for name, default, factory in cls._defaults:
                if name not in values:
                    values[name] = default if factory is None else factory()
            if len(values) < len(names):
                missing = [n for n in names if n not in values]
                raise TypeError(f"{cls.__qualname__}.__init__() missing {len(missing)} required argument"
                                f"{'s' if len(missing) > 1 else ''}: {', '.join(repr(n) for n in missing)}")

    def __repr__(self) -> str:
        return f"{type(self).__qualname__}({', '.join(f'{f.name}={getattr(self, f.name)!r}' for f in fields(self) if f.repr)})"

    def __eq__(self, other) -> bool:
        if other.__class__ is self.__class__:
            return self._compared(self) == other._compared(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._compared(self))

    def __setattr__(self, name: str, value) -> None:
        if "_names" in type(self).__dict__ or name in type(self).__dataclass_fields__:  # (a subclass may add others)
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if "_names" in type(self).__dict__ or name in type(self).__dataclass_fields__:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        object.__delattr__(self, name)


def record(cls: type) -> type:
    """Make `cls` (a subclass of Record, with annotated fields) a frozen record: a dataclass whose methods are
    Record's."""
    cls = dataclass(init=False, repr=False, eq=False)(cls)
    own = fields(cls)
    if hasattr(cls, "__post_init__") or not all(f.init and f.hash is None for f in own):
        raise TypeError(f"{cls.__qualname__}: a record has no __post_init__, init=False or hash= fields")
    cls._names = tuple(f.name for f in own)
    cls._defaults = tuple((f.name, None if f.default is MISSING else f.default,
                           None if f.default_factory is MISSING else f.default_factory)
                          for f in own if f.default is not MISSING or f.default_factory is not MISSING)
    compared = [f.name for f in own if f.compare]
    # a tuple even of one field (attrgetter of one name returns the value itself)
    cls._compared = staticmethod(attrgetter(*compared) if len(compared) > 1 else
                                 (lambda obj, _get=attrgetter(*compared): (_get(obj),)) if compared else
                                 (lambda obj: ()))
    return cls
