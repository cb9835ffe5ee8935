"""The result of a run, its signature, and their JSON form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sumbench.scoring import Score

# Signature fields whose difference makes two runs' numbers incomparable.
SCORE_FIELDS: tuple[str, ...] = (
    "corpus",
    "mode",
    "params",
    "docs",
    "refs",
    "k",
    "words",
    "stem",
    "multiref",
    "tok",
    "seg",
    "lang",
    "seed",
    "sumy",
    "rouge",
)


@dataclass(frozen=True)
class Signature:
    """Every setting that changes a score, printed sacrebleu-style: ``key:value|...``."""

    fields: tuple[tuple[str, str], ...]

    def format(self) -> str:
        """The one-line form, e.g. ``k:3|stem:yes|...``."""
        return "|".join(f"{key}:{value}" for key, value in self.fields)

    def as_dict(self) -> dict[str, str]:
        """The fields as a mapping."""
        return dict(self.fields)

    def __str__(self) -> str:
        return self.format()


@dataclass(frozen=True)
class DocumentResult:
    """One system's summary of one document and its scores."""

    doc_id: str
    system: str
    indices: tuple[int, ...]
    summary: tuple[str, ...]
    scores: Mapping[str, Score]

    @property
    def words(self) -> int:
        """Whitespace words in the scored summary."""
        return sum(len(s.split()) for s in self.summary)

    def as_dict(self) -> dict[str, Any]:
        """JSON form; ``summary`` is exactly the text that was scored."""
        return {
            "id": self.doc_id,
            "system": self.system,
            "indices": list(self.indices),
            "summary": list(self.summary),
            "words": self.words,
            "scores": {t: s.as_dict() for t, s in self.scores.items()},
        }


@dataclass(frozen=True)
class SystemResult:
    """A system's scores averaged over documents."""

    name: str
    description: str
    upper_bound: bool
    scores: Mapping[str, Score]
    words: float
    params: Mapping[str, Any] = field(default_factory=dict)
    coverage: tuple[int, int] | None = None  # (documents scored, corpus size), outputs only

    def as_dict(self) -> dict[str, Any]:
        """JSON form: one entry per ROUGE type, then metadata (coverage only for outputs)."""
        out: dict[str, Any] = {t: s.as_dict() for t, s in self.scores.items()}
        out.update(
            words=self.words,
            description=self.description,
            upper_bound=self.upper_bound,
            params=dict(self.params),
        )
        if self.coverage is not None:
            out["coverage"] = {"documents": self.coverage[0], "of": self.coverage[1]}
        return out


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced, in a stable order."""

    version: str
    signature: Signature
    config: Mapping[str, Any]
    systems: tuple[SystemResult, ...]
    documents: tuple[DocumentResult, ...]

    def system(self, name: str) -> SystemResult:
        """The aggregate result of one system."""
        return next(s for s in self.systems if s.name == name)

    def as_dict(self) -> dict[str, Any]:
        """The ``results.json`` document."""
        return {
            "sumbench_version": self.version,
            "signature": self.signature.format(),
            "signature_fields": self.signature.as_dict(),
            "config": dict(self.config),
            "systems": {s.name: s.as_dict() for s in self.systems},
            "documents": [d.as_dict() for d in self.documents],
        }
