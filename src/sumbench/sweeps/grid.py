"""The grid of a sweep: a ``[sweep]`` table (or ``--sentences 1,2,3`` flags) as named points.

Pure functions, no I/O. A point's name is its folder name under the sweep's output
folder: ``key-value`` pairs in key order joined by ``_`` (``sentences-3_words-100``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sumbench.errors import InputError

Value = bool | int | float | str
PARAMS = "params"  # "params.<system>.<attribute>" keys set one system parameter
MAX_NAME = 120  # characters; longer names end in a hash (file systems allow 255 bytes)
# Characters kept as they are in names; the others are %-escaped, "_" included since it
# separates the pairs, so that different points never share a name.
_SAFE = "-.+="


@dataclass(frozen=True)
class Point:
    """One grid point: its folder name and the run options it sets, sorted by option."""

    name: str
    overrides: tuple[tuple[str, Value], ...]

    def options(self) -> dict[str, Value]:
        """The run options it sets, except system parameters."""
        return {k: v for k, v in self.overrides if not k.startswith(f"{PARAMS}.")}

    def params(self) -> tuple[tuple[str, str, Value], ...]:
        """Its ``(system, attribute, value)`` parameter overrides."""
        out = []
        for key, value in self.overrides:
            if key.startswith(f"{PARAMS}."):
                _, system, attr = key.split(".")
                out.append((system, attr, value))
        return tuple(out)


def expand(table: Mapping[str, Any], known: Collection[str]) -> list[Point]:
    """Every combination of the table's values, as points sorted by their values.

    ``known`` holds the run options a sweep may vary; ``params.<system>.<attribute>``
    keys are accepted when ``"params"`` is in it (the caller checks system and
    attribute when it builds each run's configuration).
    """
    if not isinstance(table, Mapping) or not table:
        raise InputError("[sweep] needs at least one option with a list of values")
    for key in sorted(table):
        _check_key(key, known)
    axes = [(key, _values(key, table[key])) for key in sorted(table)]
    points = []
    for combination in itertools.product(*(values for _, values in axes)):
        overrides = tuple((key, value) for (key, _), value in zip(axes, combination, strict=True))
        points.append(Point(point_name(overrides), overrides))
    # A safeguard: the escaping makes names unique, a truncated name's hash nearly so.
    if len({p.name for p in points}) != len(points):
        raise InputError("[sweep] two grid points would share a folder name")
    return points


def _check_key(key: str, known: Collection[str]) -> None:
    if key.startswith(f"{PARAMS}."):
        parts = key.split(".")
        if PARAMS in known and len(parts) == 3 and all(parts):
            return
        raise InputError(f"[sweep] key {key!r} must look like params.<system>.<attribute>")
    if key not in known:
        names = ", ".join(sorted(k for k in known if k != PARAMS))
        raise InputError(f"[sweep] unknown option {key!r} (a sweep may vary: {names})")


def _values(key: str, raw: object) -> tuple[Value, ...]:
    """The checked values of one key, in a fixed order whatever order they came in."""
    if not isinstance(raw, list | tuple):
        raise InputError(f"[sweep] {key} must be a list of values, e.g. {key} = [1, 2, 3]")
    if not raw:
        raise InputError(f"[sweep] {key} is an empty list")
    for value in raw:
        if not isinstance(value, bool | int | float | str):
            kind = type(value).__name__
            raise InputError(
                f"[sweep] {key} holds a {kind}; values must be numbers, text or true/false"
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise InputError(f"[sweep] {key} holds {value}; numbers must be finite")
    typed = {(type(v).__name__, v) for v in raw}
    if len(typed) != len(raw):
        raise InputError(f"[sweep] {key} lists a value twice")
    values = tuple(sorted(raw, key=_order))
    named: dict[str, Value] = {}
    for value in values:  # true and "true", 1 and "1": one folder name for two values
        first = named.setdefault(_text(value), value)
        if type(first) is not type(value):
            raise InputError(
                f"[sweep] {key} lists {first!r} and {value!r}, which would name the same folder"
            )
    return values


def _order(value: Value) -> tuple[int, float, str]:
    # Booleans first, then numbers by size (1 before 1.0), then text.
    if isinstance(value, bool):
        return (0, float(value), "")
    if isinstance(value, int | float):
        return (1, float(value), type(value).__name__)
    return (2, 0.0, value)


def point_name(overrides: Sequence[tuple[str, Value]]) -> str:
    """The folder name of a point: ``key-value`` pairs joined by ``_``, escaped."""
    name = "_".join(f"{_escape(key)}-{_escape(_text(value))}" for key, value in overrides)
    if len(name) <= MAX_NAME:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return f"{name[: MAX_NAME - 13]}~{digest}"


def _text(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)  # repr: shortest exact


def _escape(text: str) -> str:
    escaped = quote(text, safe=_SAFE).replace("_", "%5F")  # quote() always keeps "_"
    # A leading dot would hide the folder; "." and ".." are not folder names at all.
    return escaped.replace(".", "%2E", 1) if escaped.startswith(".") else escaped


def parse_list(option: str, text: str) -> tuple[Value, ...]:
    """The values of a command-line list such as ``--sentences 1,2,3`` or ``--words 50,100``.

    Each item is read as ``--param`` reads a value: a JSON number or ``true``/``false``
    if it parses as one, else text; spaces around items are ignored.
    """
    items = [item.strip() for item in text.split(",")]
    if not any(items):
        raise InputError(f"--{option} needs a comma-separated list of values")
    if not all(items):
        raise InputError(f"--{option}: empty item in {text!r}")
    return tuple(_scalar(item) for item in items)


def parse_param_list(text: str) -> tuple[str, tuple[Value, ...]]:
    """``--param SYSTEM.PARAM=V1,V2`` as a sweep key and its values."""
    key, eq, values = text.partition("=")
    system, dot, attr = key.strip().partition(".")
    if not eq or not dot or not system or not attr or "." in attr:
        raise InputError(f"--param expects SYSTEM.PARAM=VALUE,VALUE..., got {text!r}")
    return f"{PARAMS}.{system}.{attr}", parse_list("param", values)


def _scalar(item: str) -> Value:
    try:
        value = json.loads(item)
    except json.JSONDecodeError:
        return item
    if isinstance(value, bool | int) or (isinstance(value, float) and math.isfinite(value)):
        return value
    return item  # NaN, null, lists: kept as written; the option's check rejects them


def merge(table: Mapping[str, Any], flags: Mapping[str, Sequence[Value]]) -> dict[str, Any]:
    """The file's ``[sweep]`` table with the command line's lists replacing its entries."""
    merged = dict(table)
    merged.update({key: list(values) for key, values in flags.items()})
    return merged
