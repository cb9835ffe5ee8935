"""Results folders that sumbench replaces only when they are its own.

A results folder is replaced in two renames under a lock, so a crash leaves the previous
results whole. Before anything is deleted, sumbench proves the folder is its own (a marker
file it wrote, or a sumbench ``results.json`` from before markers existed) and that it holds
nothing sumbench does not write (:mod:`sumbench.outdir_owned`); deletion then removes only
the files that proof listed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from sumbench.errors import InputError
from sumbench.outdir_owned import (
    MARKER,
    MARKER_TEXT,
    OWN_DIRS,
    OWN_FILES,
    check_output_dir,
    owned_snapshot,
)
from sumbench.textsafe import printable

__all__ = [
    "MARKER",
    "MARKER_TEXT",
    "OWN_DIRS",
    "OWN_FILES",
    "check_output_dir",
    "clean_stale",
    "folder_lock",
    "owned_snapshot",
    "remove_owned",
    "staged_dir",
    "write_tree",
]

LOCK_WAIT_SECONDS = 60.0


@contextlib.contextmanager
def folder_lock(target: Path) -> Iterator[None]:
    """Hold an exclusive lock on results folder ``target`` (a lock file beside it)."""
    lock = target.parent / f".{target.name}.lock"
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            if _try_lock(fd, lock):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        if time.monotonic() > deadline:
            raise InputError(f"{target} is being written by another sumbench process")
        time.sleep(0.05)
    try:
        yield
    finally:
        # Unlink while still holding the lock: a waiter then sees a stale inode and retries.
        with contextlib.suppress(OSError):
            lock.unlink()
        os.close(fd)


def _try_lock(fd: int, lock: Path) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise
    try:  # the holder before us may have unlinked the file we opened
        return os.fstat(fd).st_ino == lock.stat().st_ino
    except FileNotFoundError:
        return False


_SIBLING = re.compile(r"\.(?P<name>.+)\.(?:new|old)-(?P<pid>\d+)-[0-9a-f]+")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale(target: Path) -> None:
    """Remove staging and old folders left beside ``target`` by runs that died."""
    with contextlib.suppress(OSError):
        for path in sorted(target.parent.iterdir()):
            match = _SIBLING.fullmatch(path.name)
            if match is None or match["name"] != target.name or _alive(int(match["pid"])):
                continue
            with contextlib.suppress(InputError):
                remove_owned(path, owned_snapshot(path))


def remove_owned(folder: Path, entries: list[Path]) -> None:
    """Delete exactly ``entries`` (a snapshot) and then ``folder`` if nothing else is left."""
    for path in reversed(entries):  # children before their folders
        with contextlib.suppress(FileNotFoundError, OSError):
            if path.is_dir() and not path.is_symlink():
                path.rmdir()
            else:
                path.unlink()
    try:
        folder.rmdir()
    except FileNotFoundError:
        pass
    except OSError:
        message = f"sumbench: warning: left {folder}: it holds files it did not write"
        print(printable(message), file=sys.stderr)


def _sibling(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"


@contextlib.contextmanager
def staged_dir(target: Path, *, inputs: Iterable[Path] = ()) -> Iterator[Path]:
    """Yield an empty staging folder that replaces ``target`` only if the block succeeds."""
    inputs = tuple(inputs)
    real = target.resolve()
    if real.parent.is_dir():  # under the lock: never see another run's folder half swapped
        with folder_lock(real):
            check_output_dir(target, inputs=inputs)
    else:
        check_output_dir(target, inputs=inputs)
    staging = _sibling(real, "new")
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir(mode=0o777)  # the umask applies, as to any folder the user makes
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot create output folder in {real.parent}: {exc.strerror}") from exc
    try:
        yield staging
        _swap(staging, real, inputs)
    finally:
        if staging.exists():
            remove_owned(staging, _staged_entries(staging))


def _staged_entries(staging: Path) -> list[Path]:
    return sorted(staging.rglob("*"), key=lambda p: len(p.parts))


def _swap(staging: Path, target: Path, inputs: tuple[Path, ...]) -> None:
    """Two renames under the lock; the old folder is deleted only as far as it was checked."""
    with folder_lock(target):
        clean_stale(target)
        # Again, under the lock: the folder may have appeared or changed during the run.
        snapshot = check_output_dir(target, inputs=inputs)
        old = None
        if target.exists():
            old = _sibling(target, "old")
            target.replace(old)
        try:
            staging.replace(target)
        except BaseException:
            if old is not None:
                old.replace(target)
            raise
    if old is not None:
        remove_owned(old, [old / p.relative_to(target) for p in snapshot])


def write_tree(
    target: Path, files: Mapping[str, str | bytes], *, inputs: Iterable[Path] = ()
) -> None:
    """Write ``{relative path: text or bytes}`` as the whole new content of folder ``target``."""
    write_stream(target, sorted(files.items()), inputs=inputs)


def write_stream(
    target: Path,
    files: Iterable[tuple[str, str | bytes | Iterable[str]]],
    *,
    inputs: Iterable[Path] = (),
) -> None:
    """:func:`write_tree` of files given one by one, a text possibly in pieces."""
    with staged_dir(target, inputs=inputs) as staging:
        for relative, content in files:
            path = staging / relative
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                if isinstance(content, bytes):
                    path.write_bytes(content)
                    continue
                with path.open("w", encoding="utf-8", newline="\n") as handle:
                    handle.writelines([content] if isinstance(content, str) else content)
            except OSError as exc:
                if exc.filename is None:
                    exc.filename = str(target / relative)  # a failing write() names no file
                raise
