"""The result of a run, its signature, and their JSON form: the one codec, both ways.

Every decoder here is strict (exact JSON types, nothing coerced), so that a run
rebuilt from ``results.json`` or from the cache writes exactly the bytes it was read
from: rouge-score's int ``0`` stays ``0``, and a score stored as a string is refused.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sumbench.errors import InputError
from sumbench.fsio import read_json
from sumbench.run.config import RunConfig
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


def _typed(value: Any, kind: type) -> Any:
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

    @classmethod
    def from_dict(cls, name: str, entry: Mapping[str, Any], ci_key: str) -> SystemResult:
        """Inverse of :meth:`as_dict`."""
        metrics = [k for k, v in entry.items() if isinstance(v, Mapping) and "fmeasure" in v]
        coverage = entry.get("coverage")
        return cls(
            name=name,
            description=_typed(entry["description"], str),
            upper_bound=_typed(entry["upper_bound"], bool),
            scores={m: _score(entry[m]) for m in metrics},
            words=_typed(entry["words"], float),
            params=dict(entry["params"]),
            intervals={m: _pair(entry[m][ci_key]) for m in metrics if ci_key in entry[m]},
            ci_key=ci_key,
            position=_optional(entry["position"], float),
            lead_overlap=_optional(entry["lead_overlap"], float),
            coverage=None
            if coverage is None
            else (_typed(coverage["documents"], int), _typed(coverage["of"], int)),
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

    @classmethod
    def from_dict(cls, entry: Mapping[str, Any], ci_key: str) -> Pairwise:
        """Inverse of :meth:`as_dict` (results.json and the analysis cache alike)."""
        return cls(
            a=_typed(entry["a"], str),
            b=_typed(entry["b"], str),
            metric=_typed(entry["metric"], str),
            mean_diff=_typed(entry["mean_diff"], float),
            ci=_pair(entry[ci_key]),
            p_value=_typed(entry["p_value"], float),
            p_holm=_typed(entry["p_holm"], float),
            significant=_typed(entry["significant"], bool),
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
        return cls(
            _typed(entry["id"], str), _typed(entry["system"], str), _typed(entry["error"], str)
        )


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
        refs = tuple((_typed(k, str), _typed(v, str)) for k, v in entry["references"].items())
        return cls(doc_id, tuple(_typed(x, str) for x in entry["sentences"]), refs)


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
    ci_key: str = "ci95"
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
            "pairwise": [p.as_dict(self.ci_key) for p in self.pairwise],
            "documents": [d.as_dict() for d in self.documents],
            "sources": {s.doc_id: s.as_dict() for s in self.sources},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunResult:
        """Rebuild a run from its ``results.json`` form (KeyError/TypeError/ValueError if bad)."""
        ci_key = _ci_key(data)
        config = RunConfig.from_dict(data["config"])
        types = config.scoring.rouge_types
        return cls(
            version=_typed(data["sumbench_version"], str),
            signature=Signature(
                tuple((_typed(k, str), _typed(v, str)) for k, v in data["signature_fields"].items())
            ),
            config=config,
            systems=tuple(SystemResult.from_dict(n, e, ci_key) for n, e in data["systems"].items()),
            documents=tuple(DocumentResult.from_dict(e, types) for e in data["documents"]),
            pairwise=tuple(Pairwise.from_dict(e, ci_key) for e in data["pairwise"]),
            warnings=tuple(_typed(w, str) for w in data["warnings"]),
            ci_key=ci_key,
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


_CI_KEY = re.compile(r"ci\d+")


def _ci_key(data: Mapping[str, Any]) -> str:
    # The interval key is named after its level (ci95, ci90): find it in a system entry.
    for entry in data["systems"].values():
        for score in entry.values():
            if isinstance(score, Mapping):
                keys = [k for k in score if _CI_KEY.fullmatch(k)]
                if keys:
                    return str(keys[0])
    return "ci95"


def _pair(values: Any) -> tuple[float, float]:
    low, high = values
    return _typed(low, float), _typed(high, float)


def _optional(value: Any, kind: type) -> Any:
    return None if value is None else _typed(value, kind)
