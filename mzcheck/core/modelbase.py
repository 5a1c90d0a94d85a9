"""The models' base: pydantic's, or light records for a check / 模型基类:pydantic 的,或检查用的轻量记录.

mzcheck's records (rules, reports, results) are declared once, as pydantic models, in :mod:`mzcheck.model`; they
take ``BaseModel``, ``Field``, ``ConfigDict`` and the validator decorators from this module. In a library
process these are pydantic's own: ``import mzcheck`` gives pydantic models, validated and written by pydantic,
as the contract says (docs/contract.md).

``mzcheck check`` does not need pydantic: its rules come from the signed rule-set cache (validated when they
were loaded), its reports from readers that check every field themselves, and its results are made by the
engine from values of the right types and written by mzcheck's own writers. Importing pydantic and defining the
models is most of a check's start (docs/design/0035-light-records-for-a-check.md). So before the models are
imported, the CLI may call :func:`use_light`: the same declarations then make light records — the fields in
``__dict__`` in declared order, the defaults and default factories, frozen where declared, the same pickled
state as pydantic's — that validate nothing. Which records the check path may build this way, and when it
must not (a file to validate: a rule file outside the cache, a waiver file), is the CLI's to say.

Only what the models and the check path use is here; ``tests/test_light.py`` holds a light check's output to a
pydantic one, byte for byte, and ``tests/test_startup.py`` holds that a check imports no pydantic.
"""

from __future__ import annotations

import contextlib
import inspect
import operator
from collections.abc import Callable, Iterator
from copy import deepcopy
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from pydantic import BaseModel as BaseModel
    from pydantic import ConfigDict as ConfigDict
    from pydantic import Field as Field
    from pydantic import PlainSerializer as PlainSerializer
    from pydantic import ValidationError as ValidationError
    from pydantic import field_validator as field_validator
    from pydantic import model_validator as model_validator
    from pydantic_core import PydanticUndefined as PydanticUndefined

__all__ = ["BaseModel", "ConfigDict", "Field", "PlainSerializer", "PydanticUndefined", "ValidationError",
           "field_validator", "is_light", "model_validator", "use_light"]

_NAMES = ("BaseModel", "ConfigDict", "Field", "PlainSerializer", "PydanticUndefined", "ValidationError",
          "field_validator", "model_validator")
_light = False
_given = False  # whether a name has been given out: the choice is made before, once


def use_light() -> None:
    """Make the records light for the rest of this process (the CLI's check, before any model is imported)."""
    global _light
    if _given and not _light:
        raise RuntimeError("the models are already pydantic's in this process")
    _light = True


def is_light() -> bool:
    """Whether this process's records are light (:func:`use_light`)."""
    return _light


def __getattr__(name: str) -> Any:
    global _given
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _given = True
    if _light:
        value = _LIGHT[name]
    elif name == "PydanticUndefined":
        from pydantic_core import PydanticUndefined as value
    else:
        import pydantic

        value = getattr(pydantic, name)
    globals()[name] = value
    return value


# ------------------------------------------------------------------------------------------------ light records


class _Undefined:
    """No default: the field is required."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "PydanticUndefined"

    def __reduce__(self) -> str:
        return "_UNDEFINED"


_UNDEFINED = _Undefined()


class _FieldInfo:
    """A field's default or default factory (constraints are for validation, which light records skip)."""

    __slots__ = ("default", "default_factory")

    def __init__(self, default: Any = _UNDEFINED, default_factory: Callable[[], Any] | None = None) -> None:
        self.default = default
        self.default_factory = default_factory

    def is_required(self) -> bool:
        return self.default is _UNDEFINED and self.default_factory is None


def _field(default: Any = _UNDEFINED, *, default_factory: Callable[[], Any] | None = None, **_: Any) -> Any:
    return _FieldInfo(default, default_factory)


def _config(**config: Any) -> dict[str, Any]:
    return config


class _PlainSerializer:
    """How pydantic writes a field (a Decimal as a JSON number): mzcheck's writers write light records."""

    def __init__(self, *_: Any, **__: Any) -> None:
        pass


class _ValidationError(ValueError):
    """Never raised: light records validate nothing."""


def _decorator(*_: Any, **__: Any) -> Callable[[Any], Any]:
    """A validator's decorator: the validator is kept on the class and never run."""
    def mark(function: Any) -> Any:
        target = getattr(function, "__func__", function)
        with contextlib.suppress(AttributeError):  # a function that keeps no attributes: not counted
            target.__mzcheck_validator__ = True
        return function
    return mark


class _Decorators:
    """What :mod:`mzcheck.core.records` asks of pydantic's: whether a record has validators."""

    __slots__ = ("field_validators", "model_validators")

    def __init__(self, validators: dict[str, Any]) -> None:
        self.field_validators = validators  # field and model validators alike: a record with any is validated
        self.model_validators: dict[str, Any] = {}


_set = object.__setattr__


class _LightModel:
    """A record declared as a pydantic model, without pydantic: the same fields, defaults and pickled state."""

    __slots__ = ("__dict__", "__pydantic_extra__", "__pydantic_fields_set__", "__pydantic_private__")
    __pydantic_fields_set__: set[str]
    __pydantic_extra__: dict[str, Any] | None
    __pydantic_private__: dict[str, Any] | None

    model_config: ClassVar[dict[str, Any]] = {}
    model_fields: ClassVar[dict[str, _FieldInfo]] = {}
    __pydantic_decorators__: ClassVar[_Decorators] = _Decorators({})
    __private_attributes__: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, _FieldInfo] = {}
        config: dict[str, Any] = {}
        validators: dict[str, Any] = {}
        for base in reversed(cls.__mro__[1:]):
            if issubclass(base, _LightModel):
                fields.update(base.model_fields)
                config.update(base.model_config)
                validators.update(base.__pydantic_decorators__.field_validators)
        config.update(cls.__dict__.get("model_config", {}))
        for name, annotation in inspect.get_annotations(cls).items():
            if name == "model_config" or str(annotation).startswith(("ClassVar", "typing.ClassVar")):
                continue
            if name.startswith("_"):
                raise TypeError(f"{cls.__name__}.{name}: a private attribute, which light records do not keep")
            default = cls.__dict__.get(name, _UNDEFINED)
            fields[name] = default if isinstance(default, _FieldInfo) else _FieldInfo(default)
            if name in cls.__dict__:
                delattr(cls, name)  # as pydantic: a field's value is the record's, never the class's
        for name, value in list(cls.__dict__.items()):
            function = getattr(value, "__func__", value)
            if getattr(function, "__mzcheck_validator__", False):
                validators[name] = value
        cls.model_fields = fields
        cls.model_config = config
        cls.__pydantic_decorators__ = _Decorators(validators)
        if config.get("frozen"):
            getter = operator.itemgetter(*fields) if fields else (lambda d: ())
            cls.__hash__ = lambda self: hash(getter(self.__dict__))  # type: ignore[method-assign]
        else:
            cls.__hash__ = None  # type: ignore[assignment]

    def __init__(self, **data: Any) -> None:
        cls = type(self)
        values: dict[str, Any] = {}
        for name, info in cls.model_fields.items():
            if name in data:
                values[name] = data[name]
            elif info.default_factory is not None:
                values[name] = info.default_factory()
            elif info.default is not _UNDEFINED:
                values[name] = info.default
            else:
                raise TypeError(f"{cls.__name__}: the field {name!r} is required")
        if len(values) < len(data) and cls.model_config.get("extra") == "forbid":
            raise TypeError(f"{cls.__name__}: no field {sorted(data.keys() - values.keys())}")
        _set(self, "__dict__", values)
        _set(self, "__pydantic_fields_set__", {n for n in data if n in values})
        _set(self, "__pydantic_extra__", None)
        _set(self, "__pydantic_private__", None)
        self.model_post_init(None)

    def model_post_init(self, context: Any, /) -> None:
        pass

    def __setattr__(self, name: str, value: Any) -> None:
        if type(self).model_config.get("frozen"):
            raise TypeError(f"{type(self).__name__} is frozen")
        if name not in type(self).model_fields:
            raise AttributeError(f"{type(self).__name__} has no field {name!r}")
        self.__dict__[name] = value
        self.__pydantic_fields_set__.add(name)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        yield from self.__dict__.items()

    def __copy__(self) -> Any:  # as pydantic's: a dict of its own, the same values
        return self.model_copy()

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Any:
        copy = type(self).__new__(type(self))
        _set(copy, "__dict__", deepcopy(self.__dict__, memo))
        _set(copy, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        _set(copy, "__pydantic_extra__", None)
        _set(copy, "__pydantic_private__", None)
        return copy

    def __getstate__(self) -> dict[str, Any]:  # pydantic's own state: a pickle reads back under either
        return {"__dict__": self.__dict__, "__pydantic_extra__": self.__pydantic_extra__,
                "__pydantic_fields_set__": self.__pydantic_fields_set__,
                "__pydantic_private__": self.__pydantic_private__}

    def __setstate__(self, state: dict[str, Any]) -> None:
        _set(self, "__pydantic_fields_set__", state.get("__pydantic_fields_set__", set()))
        _set(self, "__pydantic_extra__", state.get("__pydantic_extra__"))
        _set(self, "__pydantic_private__", state.get("__pydantic_private__"))
        _set(self, "__dict__", state.get("__dict__", {}))

    @property
    def model_fields_set(self) -> set[str]:
        return self.__pydantic_fields_set__

    @classmethod
    def model_validate(cls, obj: Any) -> Any:
        if isinstance(obj, cls):
            return obj
        return cls(**obj)

    @classmethod
    def model_construct(cls, **values: Any) -> Any:
        return cls(**values)

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Any:
        if deep:
            return self.__deepcopy__()
        copy = type(self).__new__(type(self))
        _set(copy, "__dict__", {**self.__dict__, **(update or {})})
        _set(copy, "__pydantic_fields_set__", self.__pydantic_fields_set__ | set(update or ()))
        _set(copy, "__pydantic_extra__", None)
        _set(copy, "__pydantic_private__", None)
        return copy

    def model_dump(self, *, mode: str = "python", **options: Any) -> dict[str, Any]:
        """pydantic's ``model_dump()`` in its Python mode: records as dicts, messages as their JSON shape."""
        if mode != "python" or options:
            raise NotImplementedError(f"model_dump({mode!r}, {options}) of a light record")
        return {k: _dumped(v) for k, v in self.__dict__.items()}

    def model_dump_json(self, **options: Any) -> str:
        raise NotImplementedError("a light record is written by mzcheck's own writers")


def _dumped(value: Any) -> Any:
    if isinstance(value, _LightModel):
        return value.model_dump()
    if isinstance(value, list):
        return [_dumped(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_dumped(v) for v in value)
    if isinstance(value, dict):
        return {k: _dumped(v) for k, v in value.items()}
    as_json = getattr(value, "as_json", None)  # a message: pydantic writes it through its schema (core.messages)
    return as_json() if as_json is not None else value


_LIGHT: dict[str, Any] = {"BaseModel": _LightModel, "ConfigDict": _config, "Field": _field,
                          "PlainSerializer": _PlainSerializer, "PydanticUndefined": _UNDEFINED,
                          "ValidationError": _ValidationError, "field_validator": _decorator,
                          "model_validator": _decorator}
