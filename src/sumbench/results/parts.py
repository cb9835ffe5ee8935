"""The parts of a run's result and their strict JSON codec (exact JSON types, no coercion)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sumbench.scoring.config import Score, count_words


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
    # Third-party warnings raised while the system ran (sumy's, numpy's), verbatim.
    notes: tuple[str, ...] = ()

    @property
    def words(self) -> int:
        """Whitespace words in the scored summary."""
        return count_words(self.summary)

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
            **({"notes": list(self.notes)} if self.notes else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], rouge_types: tuple[str, ...]) -> DocumentResult:
        """Inverse of :meth:`as_dict`; raises ValueError on anything malformed."""
        try:
            indices, summary = tuple(data["indices"]), tuple(data["summary"])
            scores = {t: _score(data["scores"][t]) for t in rouge_types}
            doc_id, system = data["id"], data["system"]
            n_sentences = data["doc_sentences"]
            notes = tuple(data.get("notes", ()))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed document result: {exc!r}") from exc
        if not (
            type(doc_id) is str
            and type(system) is str
            and all(type(i) is int for i in indices)
            and all(type(s) is str for s in summary)
            and type(n_sentences) is int
            and all(type(n) is str for n in notes)
        ):
            raise ValueError("malformed document result: wrong types")
        return cls(doc_id, system, indices, summary, scores, n_sentences, notes)


def _score(data: Mapping[str, Any]) -> Score:
    """A score as stored; raises TypeError unless all three values are JSON numbers."""
    values = (data["precision"], data["recall"], data["fmeasure"])
    # rouge-score reports an empty side's ROUGE-L as int 0; keep it as it was.
    if not all(type(v) is float or type(v) is int for v in values):
        raise TypeError("scores must be numbers")
    return Score(*values)


def typed(value: Any, kind: type) -> Any:
    """``value`` if its JSON type is exactly ``kind`` (int is accepted as a float)."""
    if type(value) is kind or (kind is float and type(value) is int):
        return value
    raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")


@dataclass(frozen=True)
class CacheStats:
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
    intervals: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    position: float | None = None
    lead_overlap: float | None = None
    coverage: tuple[int, int] | None = None  # (documents scored, corpus size), outputs only

    def as_dict(self) -> dict[str, Any]:
        """JSON form: one entry per ROUGE type (with its interval), then metadata."""
        out: dict[str, Any] = {}
        for rouge_type, score in self.scores.items():
            out[rouge_type] = score.as_dict()
            if rouge_type in self.intervals:
                out[rouge_type][CI_KEY] = list(self.intervals[rouge_type])
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

    @classmethod
    def from_dict(cls, name: str, entry: Mapping[str, Any]) -> SystemResult:
        """Inverse of :meth:`as_dict`; reads the old ``ciNN`` interval key too."""
        metrics = [k for k, v in entry.items() if isinstance(v, Mapping) and "fmeasure" in v]
        coverage = entry.get("coverage")
        found = {m: interval_of(entry[m]) for m in metrics}
        return cls(
            name=name,
            description=typed(entry["description"], str),
            upper_bound=typed(entry["upper_bound"], bool),
            scores={m: _score(entry[m]) for m in metrics},
            words=typed(entry["words"], float),
            params=dict(entry["params"]),
            intervals={m: ci for m, ci in found.items() if ci is not None},
            position=optional(entry["position"], float),
            lead_overlap=optional(entry["lead_overlap"], float),
            coverage=None
            if coverage is None
            else (typed(coverage["documents"], int), typed(coverage["of"], int)),
        )


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

    def as_dict(self) -> dict[str, Any]:
        """JSON form; the interval's level is the run's ``config.stats.confidence``."""
        return {
            "a": self.a,
            "b": self.b,
            "metric": self.metric,
            "mean_diff": self.mean_diff,
            CI_KEY: list(self.ci),
            "p_value": self.p_value,
            "p_holm": self.p_holm,
            "significant": self.significant,
        }

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any]) -> Pairwise:
        """Inverse of :meth:`as_dict` (results.json and the analysis cache alike)."""
        ci = interval_of(entry)
        if ci is None:
            raise KeyError(CI_KEY)
        return cls(
            a=typed(entry["a"], str),
            b=typed(entry["b"], str),
            metric=typed(entry["metric"], str),
            mean_diff=typed(entry["mean_diff"], float),
            ci=ci,
            p_value=typed(entry["p_value"], float),
            p_holm=typed(entry["p_holm"], float),
            significant=typed(entry["significant"], bool),
        )


@dataclass(frozen=True)
class Failure:
    """A system that raised, or ran out of time, on one document."""

    doc_id: str
    system: str
    error: str

    def as_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"id": self.doc_id, "system": self.system, "error": self.error}

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any]) -> Failure:
        """Inverse of :meth:`as_dict`."""
        return cls(typed(entry["id"], str), typed(entry["system"], str), typed(entry["error"], str))


# What running one system on one document gives.
Outcome = DocumentResult | Failure


@dataclass(frozen=True)
class Source:
    """A document as the systems saw it (its sentences) and its reference texts."""

    doc_id: str
    sentences: tuple[str, ...]
    references: tuple[tuple[str, str], ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON form: sentences in document order, references by name."""
        return {"sentences": list(self.sentences), "references": dict(self.references)}

    @classmethod
    def from_dict(cls, doc_id: str, entry: Mapping[str, Any]) -> Source:
        """Inverse of :meth:`as_dict`."""
        refs = tuple((typed(k, str), typed(v, str)) for k, v in entry["references"].items())
        return cls(doc_id, tuple(typed(x, str) for x in entry["sentences"]), refs)


# An interval is stored as "ci": [low, high]; its level is recorded once per run, in
# config.stats.confidence. Files before 0.2 named the key after the level ("ci95", "ci97.5").
CI_KEY = "ci"
_LEGACY_CI_KEY = re.compile(r"ci\d+(\.\d+)?")


def interval_of(entry: Mapping[str, Any]) -> tuple[float, float] | None:
    """The interval stored in a score or pairwise entry (``ci`` or the old ``ciNN``), if any."""
    if CI_KEY in entry:
        return pair(entry[CI_KEY])
    legacy = [k for k in entry if _LEGACY_CI_KEY.fullmatch(k)]
    return pair(entry[legacy[0]]) if legacy else None


def pair(values: Any) -> tuple[float, float]:
    low, high = values
    return typed(low, float), typed(high, float)


def optional(value: Any, kind: type) -> Any:
    return None if value is None else typed(value, kind)
