"""Records built from values that are already what validation makes of them / 由已是目标类型的值直接构建记录.

The engine builds tens of thousands of results from values it made itself: Decimals, dates, texts of the
right literal, records already built. Validating a result again costs pydantic a pass over its 26 fields;
:func:`built` sets the fields directly, as validation would have set them — the fields in their declared
order, the defaults of those not given (a new list from each ``default_factory``), the set of fields given —
so the record is equal to the validated one, field for field, and serializes to the same JSON (1.9 µs against
2.9). A small record (an amount, a message: a few fields) is validated faster than this function builds it,
so it is used for results alone (docs/design/0024-dense-results.md).

Only for models without validators, extra fields or private attributes, and only with values of the
field's own type: a list given is kept as it is (validation would copy it), so give a list of its own.
``tests/test_records.py`` holds every record :func:`evaluate` builds to the validated one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

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
    small record built tens of thousands of times (an amount, a value used, a child's
    verdict): ``given`` are the record's first fields in their declared order, the rest take their defaults
    (no default factory). Setting the dict directly costs about 0.9 µs against 1.5 for validation, where
    :func:`built`'s general steps cost more than they save. Records are compared with the validated ones as
    :func:`built`'s are (``VALIDATE``, ``tests/test_records.py``)."""
    template, factories, required = _TEMPLATES.get(cls) or _template(cls)
    names = tuple(template)
    if names[:len(given)] != given or not required <= set(given) or any(n not in given for n, _ in factories):
        raise TypeError(f"{cls.__name__}: {given} are not its first fields, or leave one without a default")
    rest = {n: template[n] for n in names[len(given):]}
    new = cls.__new__
    fields_set = frozenset(given)

    def make(*values: Any) -> M:
        if VALIDATE:
            return cls(**dict(zip(given, values, strict=True)))
        record = new(cls)
        fields = dict(zip(given, values))
        if rest:
            fields.update(rest)
        _set(record, "__dict__", fields)
        _set(record, "__pydantic_fields_set__", set(fields_set))
        _set(record, "__pydantic_extra__", None)
        _set(record, "__pydantic_private__", None)
        return record

    return make
