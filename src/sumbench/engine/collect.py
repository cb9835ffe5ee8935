"""Results gathered as they arrive, in any order, and handed on in report order, from disk.

Workers finish documents out of order; a cache supplies others first. The results go to
a :class:`~sumbench.results.spool.Spool` at once, so a run never holds them all in memory,
and a number per result records where it belongs: system (in run order), then document id.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sumbench.results import CacheStats, DocumentResult, Failure, Outcome
from sumbench.results.spool import Spool


@dataclass(frozen=True)
class Evaluated:
    """Every system's results on a corpus: scored summaries and failures."""

    documents: Sequence[DocumentResult]  # by system (run order), then document id
    by_system: dict[str, Sequence[DocumentResult]]  # each system's part of ``documents``
    failures: tuple[Failure, ...]  # in document, then system order
    cache_stats: CacheStats


class Collector:
    """Receives ``(position, outcome)`` pairs in any order; :meth:`finish` sorts them."""

    def __init__(
        self, ids: Sequence[str], systems: Sequence[str], folder: Path | None = None
    ) -> None:
        self._size = len(ids)
        self._rank = array("q", bytes(8 * len(ids)))  # position -> rank of its id
        for rank, position in enumerate(sorted(range(len(ids)), key=ids.__getitem__)):
            self._rank[position] = rank
        self._systems = {name: i for i, name in enumerate(systems)}
        self._spool: Spool[DocumentResult] = Spool(folder=folder)
        self._places = array("q")  # spool index -> system * documents + rank
        self._counts = [0] * len(self._systems)  # results per system
        self._failures: list[tuple[int, Failure]] = []

    def add(self, position: int, outcome: Outcome) -> None:
        """One system's outcome on the document at ``position`` of the corpus."""
        system = self._systems[outcome.system]
        if isinstance(outcome, Failure):
            self._failures.append((position * len(self._systems) + system, outcome))
            return
        place = system * self._size + self._rank[position]
        self._spool.append(outcome)
        self._places.append(place)
        self._counts[system] += 1

    def __len__(self) -> int:
        return len(self._spool) + len(self._failures)

    def finish(self, reused: int) -> Evaluated:
        """The results in report order; ``reused`` of them came from the cache."""
        places = self._places
        order = sorted(range(len(places)), key=places.__getitem__)
        documents = self._spool.reordered(order)
        by_system: dict[str, Sequence[DocumentResult]] = {}
        start = 0
        for name, count in zip(self._systems, self._counts, strict=True):
            by_system[name] = documents.reordered(range(start, start + count))  # contiguous
            start += count
        failures = tuple(f for _, f in sorted(self._failures, key=lambda pair: pair[0]))
        return Evaluated(
            documents=documents,
            by_system=by_system,
            failures=failures,
            cache_stats=CacheStats(reused=reused, computed=len(self) - reused),
        )
