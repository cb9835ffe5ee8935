"""A read-only sequence whose items are made when read: from a file, never all in memory.

The base of a JSONL corpus read back from its file
(:class:`~sumbench.corpus.lines.LineDocuments`) and of a run's spooled results
(:class:`~sumbench.results.spool.Spool`): indexing, slicing, iteration, equality with
any sequence (a tuple of the same items), and pickling as a tuple, in one place.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar, overload

T = TypeVar("T")


class LazySequence(Sequence[T]):
    """Subclasses give ``__len__`` and ``_read(index)`` (``0 <= index < len(self)``)."""

    def __len__(self) -> int:
        raise NotImplementedError

    def _read(self, index: int) -> T:
        raise NotImplementedError

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
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._read(index)

    def __iter__(self) -> Iterator[T]:
        for i in range(len(self)):
            yield self._read(i)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # equal to a tuple, so not hashable

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} items)"

    def __reduce__(self) -> tuple[Any, ...]:
        # What the items are read from (an open file) does not travel to another process.
        return (tuple, (tuple(self),))
