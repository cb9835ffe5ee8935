"""Python summarizers from outside: ``module:callable`` targets and installed entry points.

A plugin is a callable ``f(sentences, k) -> sentences or indices``. It receives the
document's sentences as the harness split them and the sentence budget K. What it
returns is checked by the pipeline like every other system's output.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

from sumbench.errors import InputError
from sumbench.systems.base import Context, ParsedDocument, System

ENTRY_POINT_GROUP = "sumbench.systems.sumy_systems"

PluginCallable = Callable[[list[str], int], Sequence[int] | Sequence[str]]


@contextmanager
def _cwd_on_path() -> Any:
    # The `sumbench` script, unlike `python -m`, does not put the working folder on
    # sys.path; a user's `mymodule:summarize` next to their data should still import.
    cwd = str(Path.cwd())
    added = cwd not in sys.path
    if added:
        sys.path.insert(0, cwd)
    try:
        yield
    finally:
        if added:
            sys.path.remove(cwd)


def load_callable(target: str) -> PluginCallable:
    """Import ``module:attr.path`` and return the callable it names."""
    module_name, sep, attr_path = target.partition(":")
    if not sep or not module_name or not attr_path:
        raise InputError(f"plugin target {target!r} is not of the form module:callable")
    try:
        with _cwd_on_path():
            obj: Any = importlib.import_module(module_name)
    except Exception as exc:  # any import-time failure is the plugin's, reported in one line
        raise InputError(f"cannot import {module_name!r} for {target!r}: {exc}") from exc
    for part in attr_path.split("."):
        if not hasattr(obj, part):
            raise InputError(f"plugin target {target!r}: {module_name!r} has no {attr_path!r}")
        obj = getattr(obj, part)
    if not callable(obj):
        raise InputError(f"plugin target {target!r} is not callable")
    found: PluginCallable = obj
    return found


@dataclass(frozen=True)
class _PluginCall:
    """Calls a plugin on a document's sentences (a class, so it can go to worker processes)."""

    name: str
    target: str
    func: PluginCallable

    def __call__(self, doc: ParsedDocument, ctx: Context) -> Sequence[int] | Sequence[str]:
        # An exception is the pipeline's to report, as a failure of this system here.
        return self.func(list(doc.sentences), ctx.k)


def plugin_system(name: str, func: PluginCallable, *, target: str) -> System:
    """Wrap a plugin callable as a non-extractive, never-cached :class:`System`."""
    return System(
        name,
        f"Python summarizer {target}",
        _PluginCall(name, target, func),
        {"callable": target},
        extractive=False,
        cacheable=False,  # its code may change under the same name
    )


def installed_plugins() -> dict[str, EntryPoint]:
    """Entry points of the ``sumbench.systems.sumy_systems`` group, by name."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def entry_point_system(entry_point: EntryPoint) -> System:
    """Load an installed plugin as a :class:`System`."""
    try:
        func = entry_point.load()
    except Exception as exc:  # a broken installed plugin must not give a traceback
        where = f"plugin {entry_point.name!r} ({entry_point.value})"
        raise InputError(f"cannot load {where}: {exc}") from exc
    if not callable(func):
        raise InputError(f"plugin {entry_point.name!r} ({entry_point.value}) is not callable")
    return plugin_system(entry_point.name, func, target=entry_point.value)
