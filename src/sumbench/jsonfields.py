"""The validation layer of the results codec: exact JSON types, sane values, named fields.

Every decoder of :mod:`sumbench.results` reads through these helpers, so that a tampered
or hand-edited ``results.json`` (or baseline) fails with one line naming the field
(``systems.lead.rouge1.fmeasure: expected a number in [0, 1], got nan``), never a
``KeyError`` traceback, and never passes silently (a string where a list belongs).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sumbench.errors import InputError


class FieldError(ValueError):
    """A field of a JSON document is missing or unusable; ``path`` names it."""

    def __init__(self, path: tuple[str, ...], problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem

    def __str__(self) -> str:
        return f"{'.'.join(self.path)}: {self.problem}" if self.path else self.problem


class at:  # used as a function: ``with at("systems", name):``
    """Errors raised inside are :class:`FieldError` whose path starts with ``parts``."""

    __slots__ = ("parts",)

    def __init__(self, *parts: object) -> None:
        self.parts = parts

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        # Returns None: never swallows an exception, only re-raises it with its path.
        here = tuple(str(p) for p in self.parts)
        if isinstance(exc, FieldError):
            raise FieldError(here + exc.path, exc.problem) from exc
        if isinstance(exc, KeyError):
            raise FieldError(here, f"missing {exc.args[0]!r}") from exc
        if isinstance(exc, (TypeError, ValueError, AttributeError, IndexError, InputError)):
            raise FieldError(here, str(exc)) from exc


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def typed(value: Any, kind: type) -> Any:
    """``value`` if its JSON type is exactly ``kind`` (int is accepted as a float)."""
    number: Any = value
    if type(value) is kind or (kind is float and type(value) is int):
        if kind is float and not math.isfinite(number):
            raise ValueError(f"expected a finite number, got {value}")
        return value
    raise TypeError(f"expected {kind.__name__}, got {_kind(value)}")


def member(data: Any, key: str, kind: type) -> Any:
    """``data[key]`` checked by :func:`typed`, errors naming ``key``."""
    if not isinstance(data, Mapping):
        raise TypeError(f"expected an object, got {_kind(data)}")
    if key not in data:
        raise FieldError((), f"missing {key!r}")
    with at(key):
        return typed(data[key], kind)


def unit_number(value: Any) -> float:
    """A score: a JSON number (not a boolean) between 0 and 1, finite."""
    if type(value) not in (int, float) or not 0 <= value <= 1:  # NaN fails the comparison
        raise ValueError(f"expected a number in [0, 1], got {value!r}")
    return value  # type: ignore[no-any-return]


def pair(values: Any, *, low: float = -1.0, high: float = 1.0) -> tuple[float, float]:
    """An interval ``[lo, hi]`` of finite numbers within ``[low, high]``, ``lo <= hi``."""
    if type(values) is not list or len(values) != 2:
        raise TypeError(f"expected [low, high], got {values!r}")
    first, second = typed(values[0], float), typed(values[1], float)
    if not low <= first <= second <= high:
        raise ValueError(f"expected low <= high within [{low:g}, {high:g}], got {values!r}")
    return first, second


def optional(value: Any, kind: type) -> Any:
    """``None``, or ``value`` checked by :func:`typed`."""
    return None if value is None else typed(value, kind)
