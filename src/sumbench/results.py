"""The result of a run, its signature, and their JSON form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sumbench.scoring import Score


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
    n_sentences: int

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
            "doc_sentences": self.n_sentences,
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
    intervals: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    ci_key: str = "ci95"
    position: float | None = None
    lead_overlap: float | None = None
    coverage: tuple[int, int] | None = None  # (documents scored, corpus size), outputs only

    def as_dict(self) -> dict[str, Any]:
        """JSON form: one entry per ROUGE type (with its interval), then metadata."""
        out: dict[str, Any] = {}
        for rouge_type, score in self.scores.items():
            out[rouge_type] = score.as_dict()
            if rouge_type in self.intervals:
                out[rouge_type][self.ci_key] = list(self.intervals[rouge_type])
        out.update(
            words=self.words,
            position=self.position,
            lead_overlap=self.lead_overlap,
            description=self.description,
            upper_bound=self.upper_bound,
            params=dict(self.params),
        )
        if self.coverage is not None:
            out["coverage"] = {"documents": self.coverage[0], "of": self.coverage[1]}
        return out


@dataclass(frozen=True)
class Pairwise:
    """A paired comparison of systems ``a`` and ``b`` on one ROUGE type's F."""

    a: str
    b: str
    metric: str
    mean_diff: float
    ci: tuple[float, float]
    p_value: float
    p_holm: float
    significant: bool

    def as_dict(self, ci_key: str) -> dict[str, Any]:
        """JSON form, the interval named after its level (``ci95``)."""
        return {
            "a": self.a,
            "b": self.b,
            "metric": self.metric,
            "mean_diff": self.mean_diff,
            ci_key: list(self.ci),
            "p_value": self.p_value,
            "p_holm": self.p_holm,
            "significant": self.significant,
        }


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced, in a stable order."""

    version: str
    signature: Signature
    config: Mapping[str, Any]
    systems: tuple[SystemResult, ...]
    documents: tuple[DocumentResult, ...]
    pairwise: tuple[Pairwise, ...] = ()
    warnings: tuple[str, ...] = ()
    ci_key: str = "ci95"

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
            "warnings": list(self.warnings),
            "systems": {s.name: s.as_dict() for s in self.systems},
            "pairwise": [p.as_dict(self.ci_key) for p in self.pairwise],
            "documents": [d.as_dict() for d in self.documents],
        }
