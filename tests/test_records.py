"""`@record` classes (rag/records.py) behave as the `@dataclass(frozen=True)` they replace: each record of the
pipeline is compared with a frozen dataclass built from its own fields."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import numpy as np
import pytest

from rag import types
from rag.backends.base import Allowed
from rag.records import Record, record
from rag.index_write import Bm25Stats
from rag.store import DocRecord, Manifest

RECORDS = [types.Document, types.Clause, types.Chunk, types.Hit, types.Clash, types.Citation, types.GeneratedSentence,
           types.Answer, DocRecord, Manifest, Bm25Stats, Allowed]


def _frozen_twin(cls: type) -> type:
    """`@dataclass(frozen=True)` over the same fields, defaults and name."""
    body: dict = {"__annotations__": {f.name: f.type for f in dataclasses.fields(cls)}, "__module__": cls.__module__,
                  "__qualname__": cls.__qualname__}
    for f in dataclasses.fields(cls):
        if f.default_factory is not dataclasses.MISSING:
            body[f.name] = dataclasses.field(default_factory=f.default_factory)
        elif f.default is not dataclasses.MISSING:
            body[f.name] = f.default
    return dataclasses.dataclass(frozen=True)(type(cls.__name__, (), body))


def _values(cls: type, salt: int) -> list:
    """One value per field (hashable where the field's type allows)."""
    out = []
    for i, f in enumerate(dataclasses.fields(cls)):
        kind = str(f.type)
        if "dict" in kind:
            out.append({"k": salt + i})
        elif "ndarray" in kind:
            out.append(None)  # (an array is never compared here: see the Allowed test)
        elif "tuple" in kind or "list" in kind:
            out.append(((salt, i),) if "Span" in kind else ())
        elif "int" in kind and "str" not in kind:
            out.append(salt + i)
        elif "float" in kind:
            out.append(salt + i + 0.5)
        elif "bool" in kind:
            out.append(bool(salt % 2))
        else:
            out.append(f"v{salt}-{i}")
    return out


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_a_record_behaves_as_its_frozen_dataclass(cls):
    twin = _frozen_twin(cls)
    assert dataclasses.is_dataclass(cls) and issubclass(cls, Record)
    assert [(f.name, f.default, f.default_factory) for f in dataclasses.fields(cls)] == \
        [(f.name, f.default, f.default_factory) for f in dataclasses.fields(twin)]
    assert cls.__match_args__ == twin.__match_args__
    names = [f.name for f in dataclasses.fields(cls)]
    required = [f.name for f in dataclasses.fields(cls)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    a_vals, b_vals = _values(cls, 1), _values(cls, 2)
    kwargs = dict(zip(names, a_vals))
    a, ta = cls(*a_vals), twin(*a_vals)
    assert repr(a) == repr(ta)
    assert dataclasses.asdict(a) == dataclasses.asdict(ta)
    assert a == cls(**kwargs) and a != cls(*b_vals) and a != ta  # (ta: another class)
    only_required = cls(**{n: kwargs[n] for n in required})
    assert dataclasses.asdict(only_required) == dataclasses.asdict(twin(**{n: kwargs[n] for n in required}))
    factory = [f.name for f in dataclasses.fields(cls) if f.default_factory is not dataclasses.MISSING]
    if factory:  # a fresh default each time, never a shared one
        assert getattr(only_required, factory[0]) is not getattr(cls(**{n: kwargs[n] for n in required}), factory[0])
    if all(not isinstance(v, (dict, np.ndarray)) for v in a_vals):
        assert hash(a) == hash(ta) and hash(a) == hash(cls(**kwargs))
    for bad in (lambda: setattr(a, names[0], "x"), lambda: delattr(a, names[0]), lambda: setattr(a, "other", 1)):
        with pytest.raises(dataclasses.FrozenInstanceError):
            bad()
    replaced = dataclasses.replace(a, **{names[0]: b_vals[0]})
    assert getattr(replaced, names[0]) == b_vals[0] and dataclasses.asdict(replaced) == dataclasses.asdict(
        dataclasses.replace(ta, **{names[0]: b_vals[0]}))
    assert pickle.loads(pickle.dumps(a)) == a and copy.deepcopy(a) == a and copy.copy(a) == a
    for call in (lambda c: c(), lambda c: c(*a_vals, "extra"), lambda c: c(*a_vals[:1], **{names[0]: a_vals[0]}),
                 lambda c: c(**kwargs, nonsense=1)):
        with pytest.raises(TypeError):
            call(twin)
        with pytest.raises(TypeError):
            call(cls)


def test_arrays_are_held_as_given_and_only_records_of_one_class_are_equal():
    mask = np.array([True, False])
    allowed = Allowed(frozenset({"a"}), mask)
    assert allowed.mask is mask and allowed.docs == frozenset({"a"})
    assert types.Chunk("c", "d", "t", "zh") != ("c", "d", "t", "zh")


def test_a_subclass_may_set_its_own_attributes_but_not_the_fields():
    from rag.meta import StoredDocument

    doc = types.Document("d", "text", "zh", "title")
    stored = StoredDocument.of({k: v for k, v in dataclasses.asdict(doc).items()}, meta=None, row=0)
    stored.note = "kept"  # not a field: allowed, as a frozen dataclass's subclass allows it
    with pytest.raises(dataclasses.FrozenInstanceError):
        stored.title = "other"


def test_a_record_with_what_it_cannot_express_is_refused():
    class WithPostInit(Record):
        x: int

        def __post_init__(self) -> None:
            pass

    with pytest.raises(TypeError):
        record(WithPostInit)
