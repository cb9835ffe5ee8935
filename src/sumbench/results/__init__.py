"""The result of a run, its signature, and their JSON form: the one codec, both ways.

Every decoder here is strict (exact JSON types, nothing coerced), so that a run
rebuilt from ``results.json`` or from the cache writes exactly the bytes it was read
from: rouge-score's int ``0`` stays ``0``, and a score stored as a string is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sumbench.engine.config import RunConfig
from sumbench.errors import InputError
from sumbench.fsio import read_json
from sumbench.results.parts import (
    CacheStats,
    DocumentResult,
    Failure,
    Outcome,
    Pairwise,
    Signature,
    Source,
    SystemResult,
    typed,
)


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced, in a stable order."""

    version: str
    signature: Signature
    config: RunConfig
    systems: tuple[SystemResult, ...]
    documents: tuple[DocumentResult, ...]
    pairwise: tuple[Pairwise, ...] = ()
    warnings: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    failures: tuple[Failure, ...] = ()
    # How the numbers were obtained, not what they are: kept out of results.json.
    cache_stats: CacheStats = field(default_factory=CacheStats, compare=False)
    # The cluster run of a ``multi`` run, written to ``multi/`` beside this one's files.
    clusters: RunResult | None = field(default=None, compare=False)

    def system(self, name: str) -> SystemResult:
        """The aggregate result of one system."""
        return next(s for s in self.systems if s.name == name)

    @property
    def corpus_size(self) -> int:
        """Documents (or clusters) in the corpus, scored or not."""
        return len(self.sources) or len({d.doc_id for d in self.documents})

    @property
    def level(self) -> str:
        """The interval level in percent, as tables print it (``95``, ``95.5``)."""
        return self.config.stats.level

    @property
    def unit(self) -> str:
        """What one input is: ``"clusters"`` for a multi-document run, else ``"documents"``."""
        return "clusters" if self.config.clusters is not None else "documents"

    def as_dict(self) -> dict[str, Any]:
        """The ``results.json`` document."""
        return {
            "sumbench_version": self.version,
            "signature": self.signature.format(),
            "signature_fields": self.signature.as_dict(),
            "config": self.config.as_dict(),
            "warnings": list(self.warnings),
            "failures": [f.as_dict() for f in self.failures],
            "systems": {s.name: s.as_dict() for s in self.systems},
            "pairwise": [p.as_dict() for p in self.pairwise],
            "documents": [d.as_dict() for d in self.documents],
            "sources": {s.doc_id: s.as_dict() for s in self.sources},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunResult:
        """Rebuild a run from its ``results.json`` form (KeyError/TypeError/ValueError if bad)."""
        config = RunConfig.from_dict(data["config"])
        types = config.scoring.rouge_types
        return cls(
            version=typed(data["sumbench_version"], str),
            signature=Signature(
                tuple((typed(k, str), typed(v, str)) for k, v in data["signature_fields"].items())
            ),
            config=config,
            systems=tuple(SystemResult.from_dict(n, e) for n, e in data["systems"].items()),
            documents=tuple(DocumentResult.from_dict(e, types) for e in data["documents"]),
            pairwise=tuple(Pairwise.from_dict(e) for e in data["pairwise"]),
            warnings=tuple(typed(w, str) for w in data["warnings"]),
            sources=tuple(Source.from_dict(i, e) for i, e in data.get("sources", {}).items()),
            failures=tuple(Failure.from_dict(e) for e in data.get("failures", [])),
        )


def load_results(path: Path) -> RunResult:
    """Read a ``results.json``; anything unusable is a one-line :class:`InputError`."""
    data = read_json(path)
    try:
        result = RunResult.from_dict(data)
    except KeyError as exc:
        raise InputError(f"{path} is not a sumbench results.json (missing {exc})") from exc
    except (TypeError, ValueError, AttributeError, InputError) as exc:
        raise InputError(f"{path} is not a sumbench results.json ({exc})") from exc
    if not result.systems or not result.documents:
        raise InputError(f"{path} has no systems or no documents")
    return result


__all__ = [
    "CacheStats",
    "DocumentResult",
    "Failure",
    "Outcome",
    "Pairwise",
    "RunResult",
    "Signature",
    "Source",
    "SystemResult",
    "load_results",
]
