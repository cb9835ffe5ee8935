"""The results folder of a run: written atomically, reused when nothing changed."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from sumbench.defaults import MULTI_DIR
from sumbench.engine import cache
from sumbench.report import Content
from sumbench.results import RunResult
from sumbench.versions import sumbench_version


def write_results(
    result: RunResult,
    out: Path,
    *,
    cache_dir: Path | None = None,
    inputs: Iterable[Path] = (),
    guard: cache.CacheGuard | None = None,
) -> None:
    """Replace folder ``out`` with a run's files (a cluster run's in ``multi/``), atomically.

    With ``cache_dir``, an HTML report already drawn for the same results is reused. A folder
    holding one of ``inputs`` is never replaced (see :func:`sumbench.outdir.check_output_dir`).
    The files are rendered as they are written, so memory never holds them all.
    """
    from sumbench.outdir import write_stream

    guard = guard or cache.CacheGuard()
    digests = None if cache_dir is None else _digests(result)
    stamp = "" if digests is None else _folder_key(digests)
    if cache_dir is not None and _unchanged(out, cache.read_entry(cache_dir / "folders", stamp)):
        return  # a warm re-run: the folder holds what these results render to
    files = partial(result_files, result, cache_dir=cache_dir, guard=guard, digests=digests)
    if not _holds(out, files()):  # a warm re-run rewrites nothing
        write_stream(out, files(), inputs=inputs)
    if cache_dir is not None:
        guard.write(cache_dir / "folders", stamp, {"out": str(out.resolve()), "files": _stats(out)})


def _digests(result: RunResult) -> tuple[str, str | None]:
    """:func:`results_digest` of the run and of its cluster run (if any)."""
    clusters = None if result.clusters is None else results_digest(result.clusters)
    return results_digest(result), clusters


def _folder_key(digests: tuple[str, str | None]) -> str:
    """Cache key of a run's rendered folder: its results and the renderers' version."""
    return cache.fields_digest({"sumbench": sumbench_version(), "results": list(digests)})


def results_digest(run: RunResult) -> str:
    """SHA-256 of a run's results: what its ``results.json`` and report depend on.

    The results are hashed as the dicts ``results.json`` is made of, one entry at a time
    (a long run's are read from disk), each pickled without a memo: as exact as their
    JSON (every type, float bit and character) and ten times faster than canonical JSON.
    Their order is the order of ``results.json``, the same in a warm and a cold run.
    """
    found = hashlib.sha256()
    for part in _parts(run):
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=5)
        pickler.fast = True  # no memo: the bytes depend on the values, not on shared objects
        pickler.dump(part)  # pickles delimit themselves: no two sequences hash alike
        found.update(buffer.getvalue())
    return found.hexdigest()


def _parts(run: RunResult) -> Iterator[Any]:
    yield replace(run, documents=(), sources=()).as_dict()
    yield from (d.as_dict() for d in run.documents)
    yield from (s.as_dict() for s in run.sources)


def _stats(out: Path) -> dict[str, list[int]]:
    """Size and modification time of every file below ``out`` (the marker included)."""
    # os.scandir and plain strings: a warm run stats every file of the folder it keeps.
    found: dict[str, list[int]] = {}
    pending = [(os.fspath(out), "")]
    while pending:
        where, prefix = pending.pop()
        with os.scandir(where) as entries:
            for entry in entries:
                if entry.is_dir():  # as os.walk: a link to a folder is neither read nor listed
                    if not entry.is_symlink():
                        pending.append((entry.path, f"{prefix}{entry.name}/"))
                else:
                    info = entry.stat()
                    found[prefix + entry.name] = [info.st_size, info.st_mtime_ns]
    return found


def _unchanged(out: Path, manifest: dict[str, object] | None) -> bool:
    """Whether ``out`` is still the folder ``manifest`` recorded when it was written.

    Rendering a large run's files costs more than the rest of a warm run; like make, the
    check compares each file's size and modification time with those recorded, so a file
    edited, added or removed since makes the run write the folder again.
    """
    if manifest is None or manifest.get("out") != str(out.resolve()):
        return False
    try:
        return _stats(out) == manifest.get("files")
    except OSError:
        return False


def result_files(
    result: RunResult,
    *,
    cache_dir: Path | None = None,
    guard: cache.CacheGuard | None = None,
    digests: tuple[str, str | None] | None = None,
) -> Iterator[tuple[str, Content]]:
    """Every file of a run's results folder (a cluster run's in ``multi/``), by relative path.

    With ``cache_dir``, the HTML page comes from the cache when the results (of
    :func:`results_digest` ``digests``, computed if not given) have not changed.
    """
    from sumbench.report import output_files

    guard = guard or cache.CacheGuard()
    if cache_dir is not None and digests is None:
        digests = _digests(result)
    runs = [("", result, None if digests is None else digests[0])]
    if result.clusters is not None:
        runs.append((f"{MULTI_DIR}/", result.clusters, None if digests is None else digests[1]))
    for prefix, run, digest in runs:
        html = None
        if cache_dir is not None and digest is not None:
            html = partial(_cached_html, cache_dir / "reports", guard, digest)
        for name, content in output_files(run, html=html):
            yield prefix + name, content


def _holds(out: Path, files: Iterable[tuple[str, Content]]) -> bool:
    """Whether folder ``out`` holds exactly ``files``, byte for byte, and nothing else."""
    from sumbench.outdir import MARKER

    if not out.is_dir():
        return False
    found: set[str] = set()
    for folder, _, names in os.walk(out):
        found.update(Path(folder, name).relative_to(out).as_posix() for name in names)
    found.discard(MARKER)
    for name, content in files:
        if name not in found or not _same(out / name, content):
            return False
        found.discard(name)
    return not found


def _same(path: Path, content: Content) -> bool:
    """Whether the file at ``path`` holds ``content`` (compared piece by piece)."""
    pieces = [content] if isinstance(content, str) else content
    try:
        with path.open("rb") as handle:
            for piece in pieces:
                data = piece.encode("utf-8")
                if handle.read(len(data)) != data:
                    return False
            return handle.read(1) == b""
    except OSError:
        return False


def _cached_html(root: Path, guard: cache.CacheGuard, digest: str, result: RunResult) -> str:
    key = cache.report_key(digest)
    page = cache.decode_page(cache.read_entry(root, key))
    if page is None:
        from sumbench.report import render

        page = render(result, "html")
        guard.write(root, key, {"html": page})
    return page
