"""A sequence kept on disk: a long run's per-document results without holding them in memory.

A run of 40,000 documents and 11 systems has 440,000 summaries; as Python objects they
cost several kilobytes each. A :class:`Spool` keeps the first few megabytes of items in
memory and writes the others (pickled) to an anonymous temporary file as they arrive,
keeping their offsets and lengths, so memory stays flat however long the corpus. The file
has no name: nothing is left behind, even when the run is killed. Pickle is safe here:
the spool reads only what this process wrote.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Generic, TypeVar

from sumbench.lazyseq import LazySequence

T = TypeVar("T")


class _Store(Generic[T]):
    """A spool's items: the first ones in memory, up to a budget; the rest in the file.

    The file is made when the first item does not fit: a small run never writes one.
    """

    def __init__(self, folder: Path | None) -> None:
        from sumbench.defaults import LIMITS

        self.folder = folder
        self.kept: list[T] = []
        self.room = LIMITS.spool_kept_bytes
        self.handle: IO[bytes] | None = None
        self.offsets, self.lengths = array("q"), array("q")
        self.end = 0

    def __len__(self) -> int:
        return len(self.kept) + len(self.offsets)

    def append(self, item: T) -> None:
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        if not self.offsets and len(data) <= self.room:  # only a prefix stays in memory
            self.room -= len(data)
            self.kept.append(item)
            return
        try:
            if self.handle is None:
                # Unbuffered: an item appended is readable at once with pread.
                self.handle = tempfile.TemporaryFile(buffering=0, dir=self.folder)  # noqa: SIM115
            written = 0
            while written < len(data):  # a raw write may write less than asked
                written += self.handle.write(data[written:]) or 0
        except OSError as exc:  # a full disk: say which
            exc.filename = exc.filename or str(self.folder or tempfile.gettempdir())
            raise
        self.offsets.append(self.end)
        self.lengths.append(len(data))
        self.end += len(data)

    def get(self, index: int) -> T:
        if index < len(self.kept):
            return self.kept[index]
        index -= len(self.kept)
        length = self.lengths[index]
        assert self.handle is not None  # items beyond the kept ones are in the file
        data = os.pread(self.handle.fileno(), length, self.offsets[index])
        if len(data) != length:
            raise OSError(f"spool file cut short at item {index}")
        item: T = pickle.loads(data)
        return item

    def __del__(self) -> None:
        handle = getattr(self, "handle", None)
        if handle is not None:
            handle.close()


class Spool(LazySequence[T]):
    """Items appended to an anonymous file; memory holds a bounded part, and one integer each.

    The first items, up to ``LIMITS.spool_kept_bytes`` of them pickled, stay in memory as
    they are: a small run reads nothing back from disk.
    """

    def __init__(self, items: Iterable[T] = (), *, folder: Path | None = None) -> None:
        self._store: _Store[T] = _Store(folder)
        self._order: array[int] | None = None  # a view's items, by store index
        for item in items:
            self.append(item)

    def append(self, item: T) -> None:
        """Add ``item`` at the end (a spool, not a view of one)."""
        if self._order is not None:
            raise TypeError("a reordered view of a spool is read-only")
        self._store.append(item)

    def reordered(self, order: Iterable[int]) -> Spool[T]:
        """A read-only view of the items at indices ``order``, sharing this spool's store."""
        view: Spool[T] = Spool.__new__(Spool)
        view._store = self._store
        view._order = array("q", (self._index(i) for i in order))
        return view

    def _index(self, i: int) -> int:
        return i if self._order is None else self._order[i]

    def __len__(self) -> int:
        return len(self._store) if self._order is None else len(self._order)

    def _read(self, index: int) -> T:
        return self._store.get(self._index(index))
