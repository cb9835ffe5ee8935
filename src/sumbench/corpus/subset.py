"""Subsets of a corpus: ``--limit N`` (the first N) or ``--sample N`` (N chosen by a seed).

A tabular corpus counts rows in file order and reads only the chosen rows; a folder or
JSONL corpus counts its documents in id order. The subset enters the run's signature.
"""

from __future__ import annotations

import hashlib
import heapq
from dataclasses import dataclass

from sumbench.corpus.model import Corpus
from sumbench.errors import InputError


@dataclass(frozen=True)
class Subset:
    """Which rows to read: the first ``limit``, or ``sample`` rows chosen by ``seed``.

    A sample ranks rows by a hash of (seed, row number) and keeps the lowest: the same
    rows on every machine and version, and a larger sample contains a smaller one.
    """

    limit: int | None = None
    sample: int | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        if self.limit is not None and self.sample is not None:
            raise InputError("--limit and --sample cannot be combined (choose one)")
        if self.sample is None and self.seed != 0:
            # A seed without a sample chooses nothing; saying so beats ignoring it.
            raise InputError("--sample-seed applies to --sample only (give --sample N)")
        for flag, value in (("--limit", self.limit), ("--sample", self.sample)):
            if value is not None and value < 1:
                raise InputError(f"{flag} must be at least 1 (got {value})")

    def indices(self, rows: int) -> tuple[int, ...]:
        """The row numbers to read, ascending, out of ``rows``."""
        if self.limit is not None:
            return tuple(range(min(rows, self.limit)))
        if self.sample is not None:
            return tuple(sorted(heapq.nsmallest(self.sample, range(rows), key=self._rank)))
        return tuple(range(rows))

    def _rank(self, row: int) -> bytes:
        return hashlib.blake2b(f"{self.seed}:{row}".encode(), digest_size=8).digest()

    def signature_value(self) -> str | None:
        """The signature's ``subset`` value (``first-100``, ``sample-100-seed-7``), or None."""
        if self.limit is not None:
            return f"first-{self.limit}"
        if self.sample is not None:
            return f"sample-{self.sample}-seed-{self.seed}"
        return None

    @property
    def active(self) -> bool:
        """Whether this subset leaves anything out (a limit or a sample is set)."""
        return self.limit is not None or self.sample is not None


def subset_corpus(corpus: Corpus, subset: Subset) -> Corpus:
    """The chosen documents of a loaded corpus (folders, JSONL), counted in id order."""
    chosen = subset.indices(len(corpus.documents))
    return Corpus(documents=tuple(corpus.documents[i] for i in chosen))
