"""The cache: one import for its parts, and the guard of a run's cache writes.

The parts, by role: :mod:`~sumbench.engine.cache_keys` (every key), :mod:`~sumbench.engine.
cache_codecs` (payloads), :mod:`~sumbench.engine.cache_store` (the cache's secret and
entries of one file each) and :mod:`~sumbench.engine.cache_packs` (entries appended to one
file per run key: the results and the documents' sentences).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sumbench.engine.cache_codecs import (
    Analysis,
    decode_analysis,
    decode_page,
    decode_result,
    decode_source,
    encode_analysis,
    encode_source,
)
from sumbench.engine.cache_keys import (
    CACHE_FORMAT,
    analysis_key,
    canonical_json,
    digest,
    doc_digest,
    document_digest,
    fields_digest,
    report_key,
    result_key,
    results_pack,
    run_digest,
    sources_key,
    sources_pack,
    system_digest,
)
from sumbench.engine.cache_packs import Pack, pack_line
from sumbench.engine.cache_store import (
    SECRET_FILE,
    cache_secret,
    decode_entry,
    encode_entry,
    entry_path,
    prepare_cache_dir,
    read_entry,
    write_entry,
)

__all__ = [
    "CACHE_FORMAT",
    "SECRET_FILE",
    "Analysis",
    "CacheGuard",
    "Pack",
    "analysis_key",
    "cache_secret",
    "canonical_json",
    "decode_analysis",
    "decode_entry",
    "decode_page",
    "decode_result",
    "decode_source",
    "digest",
    "doc_digest",
    "document_digest",
    "encode_analysis",
    "encode_entry",
    "encode_source",
    "entry_path",
    "fields_digest",
    "pack_line",
    "prepare_cache_dir",
    "read_entry",
    "report_key",
    "result_key",
    "results_of",
    "run_digest",
    "sentences_of",
    "sources_key",
    "system_digest",
    "write_entry",
]


def results_of(root: Path, run: str) -> Pack:
    """The pack of the per-document results of every run with run digest ``run``."""
    return Pack(root, root / "results" / f"{results_pack(run)}.pack")


def sentences_of(root: Path, language: str, segmenter: str) -> Pack:
    """The pack of the documents' sentences as ``segmenter`` splits ``language``."""
    return Pack(root, root / "sources" / f"{sources_pack(language, segmenter)}.pack")


class CacheGuard:
    """The cache writes of one run: the first OS error stops them with one warning.

    A cache is an optimisation: a full disk, a read-only or vanished cache folder must not
    sink the run, nor print a warning per entry. Workers keep their own guard (``announce``
    off) and hand its error to the run's, which says it once.
    """

    def __init__(self, *, announce: bool = True) -> None:
        self.error: str | None = None
        self.announce = announce

    def prepare(self, root: Path) -> None:
        """:func:`prepare_cache_dir`, degrading to no cache writes on an OS error."""
        try:
            prepare_cache_dir(root)
        except OSError as exc:
            if exc.filename is None:  # e.g. the key file's write(), which names no file
                exc.filename = str(root)
            self.fail(exc)

    def write(self, root: Path, key: str, payload: Mapping[str, Any]) -> None:
        """:func:`write_entry`, unless a write failed before; an OS error stops the writes."""
        if self.error is not None:
            return
        try:
            write_entry(root, key, payload)
        except OSError as exc:
            if exc.filename is None:  # a failing write() names no file
                exc.filename = str(entry_path(root, key))
            self.fail(exc)

    def append(self, pack: Pack, entries: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        """:meth:`Pack.append`, unless a write failed before; an OS error stops the writes."""
        if self.error is not None:
            return
        try:
            pack.append(entries)
        except OSError as exc:
            if exc.filename is None:
                exc.filename = str(pack.path)
            self.fail(exc)

    def fail(self, exc: OSError | str) -> None:
        """Record the first failure (an OS error or its line) and, if announcing, warn."""
        if self.error is not None:
            return
        from sumbench.fsio import os_error_line

        self.error = exc if isinstance(exc, str) else os_error_line(exc)
        if self.announce:
            print(
                f"sumbench: warning: cannot write the cache ({self.error}); continuing without it",
                file=sys.stderr,
            )
