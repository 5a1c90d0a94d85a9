"""Records built from values that are already what validation makes of them / 由已是目标类型的值直接构建记录.

The engine builds tens of thousands of results from values it made itself: Decimals, dates, texts of the
right literal, records already built. Validating a result again costs pydantic a pass over its 26 fields;
:func:`built` sets the fields directly, as validation would have set them — the fields in their declared
order, the defaults of those not given (a new list from each ``default_factory``), the set of fields given —
so the record is equal to the validated one, field for field, and serializes to the same JSON (1.9 µs against
2.9). A small record (an amount, a message: a few fields) is validated faster than this function builds it:
:func:`maker` writes a constructor for one (its dict a literal), and :class:`Filled` fills the results of one
rule from a template holding the rule's own fields (docs/design/0024-dense-results.md).

Only for models without validators, extra fields or private attributes, and only with values of the
field's own type: a list given is kept as it is (validation would copy it), so give a list of its own.
``tests/test_records.py`` holds every record :func:`evaluate` builds to the validated one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any, Generic, TypeVar

from mzcheck.core.modelbase import BaseModel, PydanticUndefined

M = TypeVar("M", bound=BaseModel)

_set = object.__setattr__
_REQUIRED = object()  # the placeholder of a required field in a template
_Template = tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...], frozenset[str]]
_TEMPLATES: dict[type[BaseModel], _Template] = {}

# Tests set this to validate every record instead (the reference the direct path is compared with).
VALIDATE = False


def built(cls: type[M], fields: dict[str, Any]) -> M:
    """``cls(**fields)`` for ``fields`` already of their fields' types, without validating them again."""
    if VALIDATE:
        return cls(**fields)
    kept = _TEMPLATES.get(cls)
    if kept is None:
        kept = _template(cls)
    template, factories, required = kept
    if not required <= fields.keys():
        return cls(**fields)  # validation says which field is missing
    values = template.copy()
    values.update(fields)
    if len(values) != len(template):
        return cls(**fields)  # a field the model does not have: validation says so
    for name, factory in factories:
        if name not in fields:
            values[name] = factory()
    record = cls.__new__(cls)
    _set(record, "__dict__", values)
    _set(record, "__pydantic_fields_set__", set(fields))
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


def _template(cls: type[BaseModel]) -> _Template:
    """The fields of ``cls`` in their order with their defaults, its default factories and required fields."""
    if cls.__pydantic_decorators__.field_validators or cls.__pydantic_decorators__.model_validators:
        raise TypeError(f"{cls.__name__} has validators: build it by validation")
    if cls.model_config.get("extra") not in (None, "ignore") or cls.__private_attributes__:
        raise TypeError(f"{cls.__name__} has extra fields or private attributes: build it by validation")
    template: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    required: set[str] = set()
    for name, info in cls.model_fields.items():
        if info.default_factory is not None:
            factories.append((name, info.default_factory))  # type: ignore[arg-type]
            template[name] = None
        elif info.default is PydanticUndefined:
            required.add(name)
            template[name] = _REQUIRED
        else:
            template[name] = info.default
    kept = _TEMPLATES[cls] = (template, tuple(factories), frozenset(required))
    return kept


def maker(cls: type[M], given: tuple[str, ...]) -> Callable[..., M]:
    """A function that makes small records directly / 直接构建小型记录的函数.

    ``make(*values)`` gives ``cls(**dict(zip(given, values)))`` for values already of their fields' types, for a
    small record built tens of thousands of times (an amount, a value used, a child's verdict, a message, a
    completion): ``given`` are some of the record's fields in their declared order, the others take their
    defaults (no default factory, no default that validation would copy). The function is written for the
    record (its dict a literal, its parts set through their slots), which costs about 0.65 µs against 1.1 for
    validation, where :func:`built`'s general steps cost more than they save. Records are compared with the
    validated ones as :func:`built`'s are (``VALIDATE``, ``tests/test_records.py``)."""
    template, factories, required = _TEMPLATES.get(cls) or _template(cls)
    names = tuple(template)
    if ([n for n in names if n in given] != list(given) or len(set(given)) != len(given)
            or not required <= set(given) or any(n not in given for n, _ in factories)):
        raise TypeError(f"{cls.__name__}: {given} are not its fields in their order, or leave one without a default")
    defaults = {n: template[n] for n in names if n not in given}
    if any(not _immutable(v) for v in defaults.values()):
        raise TypeError(f"{cls.__name__}: a default of {sorted(defaults)} is copied by validation")
    bound: dict[str, Any] = {"cls": cls, "given": given, "new": cls.__new__, "set_dict": _SET_DICT,
                             "set_given": _SET_GIVEN, "set_extra": _SET_EXTRA, "set_private": _SET_PRIVATE}
    # a frozen record (a message) never changes its set of the fields given, and a copy with changes gets a new
    # one: its records share one set (some 200 bytes each, and the wordings kept per rule are many)
    frozen = bool(cls.model_config.get("frozen"))
    if frozen:
        bound["given_set"] = shared_given(set(given))
    items = []  # the dict in declared order: a given field is an argument, another its default (bound)
    for n in names:
        if n in given:
            items.append(f"{n!r}: v{given.index(n)}")
        else:
            bound[f"d{len(bound)}"] = defaults[n]
            items.append(f"{n!r}: d{len(bound) - 1}")
    args = "".join(f"v{i}, " for i in range(len(given)))
    lines = [f"def outer({', '.join(bound)}):",
             f"    def make({args}):",
             "        if VALIDATE:",  # read from this module's globals at each call
             f"            return cls(**dict(zip(given, ({args}), strict=True)))",
             "        record = new(cls)",
             f"        set_dict(record, {{{', '.join(items)}}})",
             "        set_given(record, given_set)" if frozen else
             f"        set_given(record, {{{', '.join(map(repr, given))}}})" if given else
             "        set_given(record, set())",
             "        set_extra(record, None)",
             "        set_private(record, None)",
             "        return record",
             "    return make"]
    scope: dict[str, Any] = {}
    exec("\n".join(lines), globals(), scope)
    make: Callable[..., M] = scope["outer"](**bound)
    make.__qualname__ = make.__name__ = f"make_{cls.__name__}"
    return make


def _immutable(value: Any) -> bool:
    """Whether a default is kept as it is by validation (None, a text, a number, a date; not a list or dict)."""
    return value is None or isinstance(value, (str, int, float, Decimal, dt.date))


def _slot(name: str) -> Callable[[Any, Any], None]:
    """The setter of one of a pydantic model's own attributes (``__dict__``, ``__pydantic_fields_set__`` …)."""
    for klass in BaseModel.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name].__set__  # type: ignore[no-any-return]
    raise AttributeError(name)


_SET_DICT = _slot("__dict__")
_SET_GIVEN = _slot("__pydantic_fields_set__")
_SET_EXTRA = _slot("__pydantic_extra__")
_SET_PRIVATE = _slot("__pydantic_private__")


_GIVEN: dict[frozenset[str], set[str]] = {}


def shared_given(given: AbstractSet[str]) -> set[str]:
    """One set object for each set of field names / 共用的字段名集合: pydantic keeps in every model a set of the
    fields given (``model_fields_set``, some 200 bytes to 2 KB), read but never changed in a frozen model (a
    copy with changes gets a set of its own). Frozen models given the same fields share this one: the cached rule
    set (load/sharing.py), reports (model/report.py), messages (:func:`maker`); the rules' result templates
    (:class:`Filled`) copy it for each result, which is not frozen."""
    names = frozenset(given)
    kept = _GIVEN.get(names)
    if kept is None:
        kept = _GIVEN[names] = set(names)
    return kept


class Filled(Generic[M]):
    """Makes records sharing some fields' values directly / 部分字段相同的记录的构建器.

    ``filled(*values)`` gives ``built(cls, {**fixed, **dict(zip(given, values))})``: the records of one rule share
    its fields (``fixed``: its id, names, target, source), set once in a template, and differ in ``given``.
    The fixed values are shared by every record made, as a dict of them spread into :func:`built` shares them;
    a default factory not among the fields gives each record its own value. No code is written for it (one is
    made for each rule, and thousands of rules may be checked once each), and it pickles with the rule that
    keeps it (``CompiledRule.derived``)."""

    __slots__ = ("cls", "factories", "fields_set", "fixed", "given", "values")

    def __init__(self, cls: type[M], fixed: dict[str, Any], given: tuple[str, ...]) -> None:
        template, factories, required = _TEMPLATES.get(cls) or _template(cls)
        if set(given) & fixed.keys() or not (set(given) | fixed.keys()) <= template.keys():
            raise TypeError(f"{cls.__name__}: {given} and {sorted(fixed)} overlap or are not all its fields")
        if not required <= set(given) | fixed.keys():
            raise TypeError(f"{cls.__name__}: {given} and {sorted(fixed)} leave a required field out")
        self.cls = cls
        self.fixed = fixed
        self.given = given
        self.values = {**template, **fixed}  # in declared order, as the template is
        self.factories = tuple((n, f) for n, f in factories if n not in given and n not in fixed)
        # one set for the rules given the same fields (some 2 KB each: thousands of rules keep a Filled)
        self.fields_set = shared_given({*given, *fixed})

    def __call__(self, *values: Any) -> M:
        cls = self.cls
        if VALIDATE:
            return cls(**self.fixed, **dict(zip(self.given, values, strict=True)))
        record = cls.__new__(cls)
        fields = self.values.copy()
        fields.update(zip(self.given, values))
        for name, factory in self.factories:
            fields[name] = factory()
        _SET_DICT(record, fields)
        _SET_GIVEN(record, set(self.fields_set))
        _SET_EXTRA(record, None)
        _SET_PRIVATE(record, None)
        return record
