"""Atomic file writes, JSON reading, and OS errors as one line.

Results folders (replaced whole, only when provably sumbench's) are in :mod:`sumbench.outdir`.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from sumbench.errors import InputError


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
        Path(tmp).chmod(0o666 & ~umask())
        Path(tmp).replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)  # a failing write() names no file
        raise


def umask() -> int:
    current = os.umask(0o022)  # the only way to read it is to set it; put it back at once
    os.umask(current)
    return current


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


# Errors of the machine rather than of the input: the disk filled or failed during the run.
_RUN_FAULTS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG})


def os_error_line(exc: OSError) -> str:
    """One line naming the path(s) and the operating system's reason, without a traceback."""
    reason = exc.strerror or type(exc).__name__
    paths = [str(p) for p in (exc.filename, exc.filename2) if p is not None]
    if not paths:
        return reason
    return f"{' -> '.join(paths)}: {reason}"


def os_error_exit(exc: OSError) -> int:
    """Exit code of an OS error: 1 for a fault during the run (disk full), else 2 (environment)."""
    from sumbench.errors import EXIT_INPUT

    return 1 if exc.errno in _RUN_FAULTS else EXIT_INPUT
