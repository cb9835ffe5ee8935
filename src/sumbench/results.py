"""The result of a run, its signature, and their JSON form."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sumbench.scoring import Score

# Signature fields whose difference makes two runs' numbers incomparable.
SCORE_FIELDS: tuple[str, ...] = (
    "corpus",
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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], rouge_types: tuple[str, ...]) -> DocumentResult:
        """Inverse of :meth:`as_dict`; raises ValueError on anything malformed."""
        try:
            indices, summary = tuple(data["indices"]), tuple(data["summary"])
            scores = {t: _score(data["scores"][t]) for t in rouge_types}
            doc_id, system = data["id"], data["system"]
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed document result: {exc!r}") from exc
        if not (
            type(doc_id) is str
            and type(system) is str
            and all(type(i) is int for i in indices)
            and all(type(s) is str for s in summary)
        ):
            raise ValueError("malformed document result: wrong types")
        return cls(doc_id, system, indices, summary, scores)


def _score(data: Mapping[str, Any]) -> Score:
    values = (data["precision"], data["recall"], data["fmeasure"])
    # rouge-score reports an empty side's ROUGE-L as int 0; keep it as it was.
    if not all(type(v) is float or type(v) is int for v in values):
        raise TypeError("scores must be numbers")
    return Score(*values)


@dataclass(frozen=True)
class RunStats:
    """How a run got its results: reused from the cache or computed now."""

    reused: int = 0
    computed: int = 0


@dataclass(frozen=True)
class SystemResult:
    """A system's scores averaged over documents."""

    name: str
    description: str
    upper_bound: bool
    scores: Mapping[str, Score]
    words: float
    params: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON form: one entry per ROUGE type, then metadata."""
        out: dict[str, Any] = {t: s.as_dict() for t, s in self.scores.items()}
        out.update(
            words=self.words,
            description=self.description,
            upper_bound=self.upper_bound,
            params=dict(self.params),
        )
        return out


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced, in a stable order."""

    version: str
    signature: Signature
    config: Mapping[str, Any]
    systems: tuple[SystemResult, ...]
    documents: tuple[DocumentResult, ...]
    # How the numbers were obtained, not what they are: kept out of results.json.
    stats: RunStats = field(default_factory=RunStats, compare=False)

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
