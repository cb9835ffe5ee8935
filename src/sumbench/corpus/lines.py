"""A JSONL corpus read from its file on demand: memory holds a bounded part of it.

Loading checks every line once (see :func:`sumbench.corpus.jsonl.load_jsonl`) and keeps
where each document's line is. The first documents, up to ``LIMITS.corpus_kept_bytes``
of lines, stay parsed in memory; the others are parsed again at each use (tens of
microseconds). A small corpus is so read once, and a run of 40,000 articles never holds
their texts all at once. The file stays open, and every line read back must have the
checksum it had when it was checked: a corpus changed during the run is an error, not a
silent mix of two corpora.
"""

from __future__ import annotations

import os
import zlib
from array import array
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from sumbench.corpus.model import Document
from sumbench.defaults import LIMITS
from sumbench.errors import InputError
from sumbench.lazyseq import LazySequence

Parse = Callable[[str, str], Document]  # (line, "file:line") -> document


class LineDocuments(LazySequence[Document]):
    """The documents of a JSONL file, in the order of the lines given, parsed when read."""

    def __init__(
        self,
        path: Path,
        parse: Parse,
        lines: Sequence[tuple[int, int, int, int]],
        kept: Mapping[int, Document] | None = None,
    ):
        """``lines``: (offset, length, CRC-32, line number) of each document's line.

        ``kept``: documents already parsed, by index, within ``LIMITS.corpus_kept_bytes``.
        """
        self._path = path
        self._parse = parse
        self._handle: BinaryIO = path.open("rb")
        self._offsets = array("q", (line[0] for line in lines))
        self._lengths = array("q", (line[1] for line in lines))
        self._crcs = array("L", (line[2] for line in lines))
        self._numbers = array("q", (line[3] for line in lines))
        self._kept: dict[int, Document] = dict(kept or {})
        self._room = LIMITS.corpus_kept_bytes - sum(self._lengths[i] for i in self._kept)

    def __len__(self) -> int:
        return len(self._offsets)

    def _read(self, index: int) -> Document:
        kept = self._kept.get(index)
        if kept is not None:
            return kept
        document = self._parsed(index)
        if self._lengths[index] <= self._room:
            self._room -= self._lengths[index]
            self._kept[index] = document
        return document

    def _parsed(self, index: int) -> Document:
        where = f"{self._path}:{self._numbers[index]}"
        try:
            raw = os.pread(self._handle.fileno(), self._lengths[index], self._offsets[index])
        except OSError as exc:
            raise InputError(f"cannot read {where}: {exc.strerror}") from exc
        if zlib.crc32(raw) != self._crcs[index]:
            raise InputError(f"{where}: the corpus file changed during the run")
        return self._parse(raw.decode("utf-8-sig" if self._offsets[index] == 0 else "utf-8"), where)

    def __repr__(self) -> str:
        return f"LineDocuments({self._path}, {len(self)} documents)"

    def __del__(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle is not None:
            handle.close()
