"""Argument checks shared by the strategies: a bad argument raises InvalidArgument when the strategy is made.

Each check names the argument and says what was expected, the way hypothesis' own strategies do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

from hypothesis.errors import InvalidArgument

from mzcheck.core.errors import MzcheckError
from mzcheck.core.numbers import from_python
from mzcheck.core.units import Unit, parse_unit


def as_fraction(value: object, name: str) -> Fraction:
    """``value`` (int, str, Decimal, Fraction or float) as an exact Fraction."""
    try:
        return from_python(value)
    except MzcheckError as exc:
        raise InvalidArgument(f"{name}={value!r} is not a finite number: {exc}") from None


def unit_argument(text: object, name: str = "unit") -> Unit:
    """The unit mzcheck reads from ``text``."""
    if not isinstance(text, str):
        raise InvalidArgument(f"{name} must be unit text such as '人', '%' or '张/万名老年人', not {text!r}")
    try:
        return parse_unit(text)
    except MzcheckError as exc:
        raise InvalidArgument(f"{name}={text!r} is not a unit mzcheck reads: {exc}") from None


def int_argument(value: object, name: str, low: int, high: int) -> int:
    """An int (not a bool) between ``low`` and ``high``."""
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidArgument(f"{name} must be an int between {low} and {high}, not {value!r}")
    return value


def bool_argument(value: object, name: str) -> bool:
    """True or False, nothing merely truthy."""
    if not isinstance(value, bool):
        raise InvalidArgument(f"{name} must be True or False, not {value!r}")
    return value


def choices(values: object, name: str, allowed: Sequence[str]) -> tuple[str, ...]:
    """A non-empty collection of names from ``allowed``, in the order given (examples shrink towards the first)."""
    if isinstance(values, str):
        raise InvalidArgument(f"{name} must be a collection of names such as ({allowed[0]!r},), "
                              f"not the string {values!r}")
    if not isinstance(values, Iterable):
        raise InvalidArgument(f"{name} must be a collection drawn from {', '.join(allowed)}, not {values!r}")
    given = list(values)
    unknown = [v for v in given if not isinstance(v, str) or v not in allowed]
    if unknown:
        raise InvalidArgument(f"{name} has unknown {unknown}; choose from {', '.join(allowed)}")
    if not given:
        raise InvalidArgument(f"{name} must not be empty; choose from {', '.join(allowed)}")
    return tuple(dict.fromkeys(given))
