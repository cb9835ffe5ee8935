"""Whose is a results folder: the proof that sumbench wrote it, and what it may replace.

Before anything is deleted, sumbench proves the folder is its own (a marker file it wrote,
or a sumbench ``results.json`` from before markers existed) and that it holds nothing
sumbench does not write (:func:`owned_snapshot`); :func:`check_output_dir` also refuses the
working folder, a project root and any folder holding an input.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from sumbench.errors import InputError

# Written first into every results folder; its text proves the folder is sumbench's.
MARKER = ".sumbench"
MARKER_TEXT = "sumbench-results/1\n"
# Everything sumbench writes at the top of a results folder (``multi/`` is one too).
OWN_FILES = frozenset({MARKER, "results.json", "results.csv", "results.md", "report.html"}) | {
    f"correlations.{ext}" for ext in ("json", "csv", "md", "html", "png", "svg")
}  # ``sumbench correlate``'s folder
# A sweep's folder: its table and plot, and one results folder (with its marker) per point.
OWN_FILES |= {"sweep.json", "sweep.csv", "sweep.md", "sweep.png", "sweep.svg"}
OWN_DIRS = {"summaries": (".txt",), "plots": (".png", ".svg"), "multi": ()}
# Folders whose presence marks a project root, never a results folder.
PROJECT_MARKERS = (".git", "pyproject.toml", "setup.py", "setup.cfg")


def _is_sumbench_results(path: Path) -> bool:
    """Whether ``path`` parses as a results.json that sumbench wrote (before markers existed)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and {"sumbench_version", "signature", "systems"} <= data.keys()


def _has_proof(folder: Path) -> bool:
    marker = folder / MARKER
    with contextlib.suppress(OSError, UnicodeDecodeError):
        if marker.is_file() and not marker.is_symlink():
            return marker.read_text(encoding="utf-8") == MARKER_TEXT
    return _is_sumbench_results(folder / "results.json")


def _is_marked(folder: Path) -> bool:
    marker = folder / MARKER
    with contextlib.suppress(OSError, UnicodeDecodeError):
        if marker.is_file() and not marker.is_symlink():
            return marker.read_text(encoding="utf-8") == MARKER_TEXT
    return False


def _own_subtree(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    """Every file and folder below ``folder``; None of a kind sumbench would not write there."""
    # os.scandir, not Path.rglob: the types come with the listing (no stat per file), and
    # a warm run checks every summary file of the folder it keeps.
    listed: list[tuple[tuple[str, ...], str, bool, bool]] = []  # parts, path, symlink, folder
    pending: list[tuple[str, tuple[str, ...]]] = [(os.fspath(folder), ())]
    while pending:
        where, parts = pending.pop()
        with os.scandir(where) as entries:
            for entry in entries:
                link = entry.is_symlink()
                is_dir = not link and entry.is_dir()
                listed.append(((*parts, entry.name), entry.path, link, is_dir))
                if is_dir:
                    pending.append((entry.path, (*parts, entry.name)))
    listed.sort()  # in the order of sorted(folder.rglob("*")): by path components
    for relative, path, link, is_dir in listed:
        if link or not (is_dir or relative[-1].endswith(suffixes)):
            raise _NotOurs(Path(path))
    return [path for _, path, _, _ in listed]  # strings: a Path each costs more than the walk


class _NotOurs(Exception):
    """A path sumbench did not write (internal: becomes an InputError with the folder)."""


def _owned_entries(folder: Path, *, nested: bool = False) -> list[str]:
    """The files and folders of a results folder, deepest last; raises ``_NotOurs``."""
    found: list[str] = []
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if entry.is_symlink():
            raise _NotOurs(entry)
        if name in OWN_FILES and entry.is_file():
            found.append(os.fspath(entry))
        elif name in OWN_DIRS and entry.is_dir() and not (nested and name == "multi"):
            found.append(os.fspath(entry))
            if name == "multi":
                found += _owned_entries(entry, nested=True)
            else:
                found += _own_subtree(entry, OWN_DIRS[name])
        elif not nested and entry.is_dir() and _is_marked(entry):  # a sweep point's folder
            found.append(os.fspath(entry))
            found += _owned_entries(entry, nested=True)
        else:
            raise _NotOurs(entry)
    return found


def owned_snapshot(target: Path) -> list[Path]:
    """Every path of results folder ``target`` (empty if absent); refuses one not ours."""
    return [Path(path) for path in _owned_paths(target)]


def _owned_paths(target: Path) -> list[str]:
    if not target.exists():
        return []
    if not target.is_dir() or target.is_symlink():
        raise InputError(f"output path {target} exists and is not a folder")
    try:
        entries = _owned_entries(target)
    except _NotOurs as exc:
        raise InputError(
            f"refusing to replace {target}: it holds {exc.args[0]}, which sumbench did not write"
        ) from None
    except FileNotFoundError:
        return []  # it vanished while being read (moved away by another run): nothing to lose
    except OSError as exc:
        raise InputError(f"cannot read output folder {target}: {exc.strerror or exc}") from exc
    if entries and not _has_proof(target):
        raise InputError(
            f"refusing to replace {target}: it is not empty and is not a sumbench results folder"
        )
    return entries


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_dir(
    target: Path, *, inputs: Iterable[Path] = (), snapshot: bool = True
) -> list[Path]:
    """Refuse an output path that is a file, a folder not ours, or a folder work depends on.

    The working folder (or one of its parents), a project root, and any folder that holds one
    of ``inputs`` (corpus, references, system outputs, experiment file) are never replaced.
    Returns the folder's snapshot (:func:`owned_snapshot`), or ``[]`` without ``snapshot``
    (a check before the work: the folder is checked again, and listed, at the swap).
    """
    real = target.resolve()
    if _within(Path.cwd().resolve(), real):
        raise InputError(f"refusing to use {target} as results folder: it is the working folder")
    if real == Path(real.anchor) or real == Path.home().resolve():
        raise InputError(f"refusing to use {target} as results folder")
    for marker in PROJECT_MARKERS:
        if (real / marker).exists():
            raise InputError(f"refusing to use {target} as results folder: it is a project root")
    for path in inputs:
        if _within(path.resolve(), real):
            raise InputError(f"refusing to use {target} as results folder: it holds input {path}")
    listed = _owned_paths(target)
    parent = real.parent
    if parent.exists() and not os.access(parent, os.W_OK):
        raise InputError(f"output folder {parent} is not writable")
    return [Path(path) for path in listed] if snapshot else []
