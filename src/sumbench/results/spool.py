"""A sequence kept on disk: a long run's per-document results without holding them in memory.

A run of 40,000 documents and 11 systems has 440,000 summaries; as Python objects they
cost several kilobytes each. A :class:`Spool` writes each item (pickled) to an anonymous
temporary file as it arrives and keeps only its offset and length, so memory stays flat
however long the corpus. The file has no name: nothing is left behind, even when the run
is killed. Pickle is safe here: the spool reads only what this process wrote.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar, overload

T = TypeVar("T")


class _File:
    """The spool's anonymous file, closed when no spool (or view) refers to it any more."""

    def __init__(self, folder: Path | None) -> None:
        # Unbuffered: an item appended is readable at once with pread.
        self.handle: IO[bytes] = tempfile.TemporaryFile(buffering=0, dir=folder)  # noqa: SIM115
        self.folder = str(folder or tempfile.gettempdir())

    def __del__(self) -> None:
        self.handle.close()


class Spool(Sequence[T]):
    """Items appended to an anonymous file; memory holds two integers per item."""

    def __init__(self, items: Iterable[T] = (), *, folder: Path | None = None) -> None:
        self._file = _File(folder)
        self._offsets = array("q")
        self._lengths = array("q")
        self._end = 0
        for item in items:
            self.append(item)

    def append(self, item: T) -> int:
        """Write ``item`` at the end; its index."""
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        written = 0
        try:
            while written < len(data):  # a raw write may write less than asked
                written += self._file.handle.write(data[written:]) or 0
        except OSError as exc:
            exc.filename = exc.filename or self._file.folder  # a full disk: say which
            raise
        self._offsets.append(self._end)
        self._lengths.append(len(data))
        self._end += len(data)
        return len(self._offsets) - 1

    def reordered(self, order: Iterable[int]) -> Spool[T]:
        """A spool of the items at indices ``order``, sharing this one's file (no copy)."""
        view: Spool[T] = Spool.__new__(Spool)
        view._file, view._end = self._file, self._end
        view._offsets, view._lengths = array("q"), array("q")
        for i in order:
            view._offsets.append(self._offsets[i])
            view._lengths.append(self._lengths[i])
        return view

    def __len__(self) -> int:
        return len(self._offsets)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self._read(i) for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("spool index out of range")
        return self._read(index)

    def _read(self, index: int) -> T:
        length, offset = self._lengths[index], self._offsets[index]
        data = os.pread(self._file.handle.fileno(), length, offset)
        if len(data) != length:
            raise OSError(f"spool file cut short at item {index}")
        item: T = pickle.loads(data)
        return item

    def __iter__(self) -> Iterator[T]:
        for i in range(len(self)):
            yield self._read(i)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # equal to a tuple, so not hashable

    def __repr__(self) -> str:
        return f"Spool({len(self)} items)"

    def __reduce__(self) -> tuple[Any, ...]:
        # Another process cannot read this one's anonymous file: send the items.
        return (tuple, (tuple(self),))
