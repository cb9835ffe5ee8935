"""The results folder of a run: written atomically, reused when nothing changed."""

from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from sumbench.defaults import MULTI_DIR
from sumbench.engine import cache
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
    """
    from sumbench.outdir import write_tree

    guard = guard or cache.CacheGuard()
    stamp = _stamp(result) if cache_dir is not None else ""
    if cache_dir is not None and _unchanged(out, cache.read_entry(cache_dir / "folders", stamp)):
        return  # a warm re-run: the folder holds what these results render to
    files = result_files(result, cache_dir=cache_dir, guard=guard)
    if not _holds(out, files):  # a warm re-run rewrites nothing
        write_tree(out, files, inputs=inputs)
    if cache_dir is not None:
        guard.write(cache_dir / "folders", stamp, {"out": str(out.resolve()), "files": _stats(out)})


def _stamp(result: RunResult) -> str:
    """Cache key of a run's rendered folder: its results and the renderers' version.

    The results are hashed as the dicts ``results.json`` is made of, pickled without a memo:
    as exact as their JSON (every type, float bit and character) and ten times faster than
    canonical JSON. Their order is the order of ``results.json``, which is the same bytes
    in a warm and a cold run.
    """
    data = (
        sumbench_version(),
        result.as_dict(),
        None if result.clusters is None else result.clusters.as_dict(),
    )
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: the bytes depend on the values, not on shared objects
    pickler.dump(data)
    return hashlib.sha256(buffer.getvalue()).hexdigest()


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
    result: RunResult, *, cache_dir: Path | None = None, guard: cache.CacheGuard | None = None
) -> dict[str, str]:
    """Every file of a run's results folder (a cluster run's in ``multi/``), by relative path."""
    from sumbench.report import output_files

    guard = guard or cache.CacheGuard()
    html = None if cache_dir is None else partial(_cached_html, cache_dir / "reports", guard)
    files = output_files(result, html=html)
    if result.clusters is not None:
        multi = output_files(result.clusters, html=html)
        files.update({f"{MULTI_DIR}/{k}": v for k, v in multi.items()})
    return files


def _holds(out: Path, files: dict[str, str]) -> bool:
    """Whether folder ``out`` holds exactly ``files``, byte for byte, and nothing else."""
    from sumbench.outdir import MARKER

    found: set[str] = set()
    for folder, _, names in os.walk(out):
        found.update(Path(folder, name).relative_to(out).as_posix() for name in names)
    found.discard(MARKER)
    if found != set(files):
        return False
    for name, text in files.items():
        try:
            if (out / name).read_bytes() != text.encode("utf-8"):
                return False
        except OSError:
            return False
    return True


def _cached_html(root: Path, guard: cache.CacheGuard, result: RunResult, results_json: str) -> str:
    key = cache.report_key(results_json)
    page = cache.decode_page(cache.read_entry(root, key))
    if page is None:
        from sumbench.report import render

        page = render(result, "html")
        guard.write(root, key, {"html": page})
    return page
