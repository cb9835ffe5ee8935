"""Atomic file and folder writes: a crash leaves the previous results whole."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from sumbench.errors import InputError

# A folder sumbench may replace holds one of these (or nothing at all).
MARKER = "results.json"


def atomic_write_text(path: Path, text: str) -> None:
    """Write a UTF-8 text file via a temporary sibling and ``os.replace``."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file via a temporary sibling and ``os.replace``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        Path(tmp).chmod(0o666 & ~_umask())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _umask() -> int:
    current = os.umask(0o022)  # the only way to read it is to set it; put it back at once
    os.umask(current)
    return current


def check_output_dir(target: Path) -> None:
    """Refuse an output path that is a file, or a folder that is not ours to replace."""
    if target.exists() and not target.is_dir():
        raise InputError(f"output path {target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise InputError(f"refusing to replace {target}: it is not empty and has no {MARKER}")
    parent = target.resolve().parent
    if parent.exists() and not os.access(parent, os.W_OK):
        raise InputError(f"output folder {parent} is not writable")


@contextlib.contextmanager
def staged_dir(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder that replaces ``target`` only if the block succeeds."""
    check_output_dir(target)
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=parent))
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; results are not
    except OSError as exc:
        raise InputError(f"cannot create output folder in {parent}: {exc.strerror}") from exc
    try:
        yield staging
        _swap(staging, target.resolve())
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    # Two renames: the old folder stays complete until the new one is in place.
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        target.replace(old / target.name)
    staging.replace(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_tree(target: Path, files: Mapping[str, str]) -> None:
    """Write ``{relative path: text}`` as the whole new content of folder ``target``."""
    with staged_dir(target) as staging:
        for relative, text in sorted(files.items()):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")


def read_json(path: Path) -> dict[str, Any]:
    """Read a JSON object; a missing, truncated or invalid file is an input error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"file not found: {path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path} is not a JSON object")
    return data
