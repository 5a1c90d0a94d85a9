"""One object for each value a rule set repeats / 规则集中重复值的共享 (stage: load).

A city's each-county targets for five years are thousands of rules that repeat their documents, sources,
targets, units, dates and texts, each parsed into objects of its own. :func:`share` makes equal immutable
values one object before the rule set is cached (mzcheck/load/cache.py), so the cache is smaller and a run
unpickles and holds fewer objects (docs/design/0028-pieces-side-by-side.md: a forked process then also
copies fewer pages).

Only values that cannot change are shared: text, numbers, dates, tuples, and frozen pydantic models whose
fields are all shared already (a model holding a list is kept as it is: two lists are two lists). Equal
values that print differently stay apart (``Decimal('1500')`` and ``Decimal('1.5E+3')``, ``0.0`` and
``-0.0``), and so do models whose fields were given differently (``model_fields_set``). The set of the fields
given, which pydantic keeps in every model (about 700 bytes for a rule), is shared among frozen models given the
same fields: pydantic reads it, and a copy with changes gets a set of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

from mzcheck.core.modelbase import BaseModel
from mzcheck.core.records import shared_given

__all__ = ["share"]

_ATOMS = (str, int, bool, Fraction, dt.date, type(None))
_SPELLED = (Decimal, float)  # equal values that print differently: keyed by how they print


class _Sharing:
    def __init__(self) -> None:
        self.seen: dict[int, Any] = {}  # id of an object met → what replaces it
        self.canon: dict[Any, Any] = {}  # a value's key → its one object
        self.keep: list[Any] = []  # objects whose ids are keys of seen, kept alive while sharing

    def value(self, obj: Any) -> Any:
        key = id(obj)
        if key in self.seen:
            return self.seen[key]
        self.keep.append(obj)
        kind = type(obj)
        if kind in _ATOMS:
            out = self.canon.setdefault((kind, obj), obj)
        elif kind in _SPELLED:
            out = self.canon.setdefault((kind, repr(obj)), obj)
        elif kind is tuple:
            items = tuple(self.value(v) for v in obj)
            out = self.canon.setdefault((kind, tuple(map(id, items))), items)
        elif isinstance(obj, BaseModel):
            self.seen[key] = obj  # a model that holds itself: met again, it is itself
            out = self._model(obj)
        elif kind is list:
            self.seen[key] = obj
            obj[:] = [self.value(v) for v in obj]
            out = obj
        elif kind is dict:
            self.seen[key] = obj
            for k, v in list(obj.items()):
                obj[k] = self.value(v)
            out = obj
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            self.seen[key] = obj
            for f in dataclasses.fields(obj):
                v = getattr(obj, f.name)
                shared = self.value(v)
                if shared is not v:
                    object.__setattr__(obj, f.name, shared)  # a frozen dataclass: the same value, one object
            out = obj
        elif not kind.__module__.startswith("mzcheck."):  # a class, a function, another library's object: as it is
            out = obj
        else:  # another of mzcheck's own objects (a RuleSet, an index): its attributes are shared, the object stays
            self.seen[key] = obj
            for name, v in list(getattr(obj, "__dict__", {}).items()):
                object.__setattr__(obj, name, self.value(v))
            out = obj
        self.seen[key] = out
        return out

    def _model(self, obj: BaseModel) -> BaseModel:
        fields = obj.__dict__
        for name, v in list(fields.items()):
            fields[name] = self.value(v)
        if obj.model_config.get("frozen"):
            # the names of the fields given: a set of their own in every model (about 700 bytes for a rule's), read
            # but never changed in a frozen model (a copy with changes gets a new one): one set for equal ones
            object.__setattr__(obj, "__pydantic_fields_set__", shared_given(obj.__pydantic_fields_set__))
        if (not obj.model_config.get("frozen") or obj.__pydantic_extra__ or obj.__pydantic_private__
                or any(type(v) in (list, dict, set) for v in fields.values())):
            return obj
        key = (type(obj), frozenset(obj.model_fields_set), tuple((n, id(v)) for n, v in fields.items()))
        shared: BaseModel = self.canon.setdefault(key, obj)
        return shared


def share(obj: Any) -> Any:
    """``obj`` with the equal immutable values inside it made one object each (changed in place where it can
    be: lists, dicts, models and dataclasses keep their identity; the value to use is returned)."""
    return _Sharing().value(obj)
