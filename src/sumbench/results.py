"""The result of a run, its signature, and their JSON form."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sumbench.errors import InputError
from sumbench.fsio import read_json
from sumbench.scoring import Score, count_words


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
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], rouge_types: tuple[str, ...]) -> DocumentResult:
        """Inverse of :meth:`as_dict`; raises ValueError on anything malformed."""
        try:
            indices, summary = tuple(data["indices"]), tuple(data["summary"])
            scores = {t: _score(data["scores"][t]) for t in rouge_types}
            doc_id, system = data["id"], data["system"]
            n_sentences = data["doc_sentences"]
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed document result: {exc!r}") from exc
        if not (
            type(doc_id) is str
            and type(system) is str
            and all(type(i) is int for i in indices)
            and all(type(s) is str for s in summary)
            and type(n_sentences) is int
        ):
            raise ValueError("malformed document result: wrong types")
        return cls(doc_id, system, indices, summary, scores, n_sentences)


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
class Failure:
    """A system that raised, or ran out of time, on one document."""

    doc_id: str
    system: str
    error: str

    def as_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"id": self.doc_id, "system": self.system, "error": self.error}


@dataclass(frozen=True)
class Source:
    """A document as the systems saw it (its sentences) and its reference texts."""

    doc_id: str
    sentences: tuple[str, ...]
    references: tuple[tuple[str, str], ...]

    def as_dict(self) -> dict[str, Any]:
        """JSON form: sentences in document order, references by name."""
        return {"sentences": list(self.sentences), "references": dict(self.references)}


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
    sources: tuple[Source, ...] = ()
    failures: tuple[Failure, ...] = ()
    # How the numbers were obtained, not what they are: kept out of results.json.
    run_stats: RunStats = field(default_factory=RunStats, compare=False)

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
        return cls(
            version=str(data["sumbench_version"]),
            signature=Signature(
                tuple((str(k), str(v)) for k, v in data["signature_fields"].items())
            ),
            config=dict(data["config"]),
            systems=tuple(_system(n, e, ci_key) for n, e in data["systems"].items()),
            documents=tuple(_document(entry) for entry in data["documents"]),
            pairwise=tuple(_pairwise(entry, ci_key) for entry in data["pairwise"]),
            warnings=tuple(str(w) for w in data["warnings"]),
            ci_key=ci_key,
            sources=tuple(_source(i, e) for i, e in data.get("sources", {}).items()),
            failures=tuple(
                Failure(str(e["id"]), str(e["system"]), str(e["error"]))
                for e in data.get("failures", [])
            ),
        )


def load_results(path: Path) -> RunResult:
    """Read a ``results.json``; anything unusable is a one-line :class:`InputError`."""
    data = read_json(path)
    try:
        result = RunResult.from_dict(data)
    except KeyError as exc:
        raise InputError(f"{path} is not a sumbench results.json (missing {exc})") from exc
    except (TypeError, ValueError, AttributeError) as exc:
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
                    return keys[0]
    return "ci95"


def _score(entry: Mapping[str, Any]) -> Score:
    return Score(float(entry["precision"]), float(entry["recall"]), float(entry["fmeasure"]))


def _system(name: str, entry: Mapping[str, Any], ci_key: str) -> SystemResult:
    metrics = [k for k, v in entry.items() if isinstance(v, Mapping) and "fmeasure" in v]
    return SystemResult(
        name=name,
        description=str(entry["description"]),
        upper_bound=bool(entry["upper_bound"]),
        scores={m: _score(entry[m]) for m in metrics},
        words=float(entry["words"]),
        params=dict(entry["params"]),
        intervals={m: _pair(entry[m][ci_key]) for m in metrics if ci_key in entry[m]},
        ci_key=ci_key,
        position=entry["position"],
        lead_overlap=entry["lead_overlap"],
    )


def _pair(values: Any) -> tuple[float, float]:
    low, high = values
    return float(low), float(high)


def _document(entry: Mapping[str, Any]) -> DocumentResult:
    return DocumentResult(
        doc_id=str(entry["id"]),
        system=str(entry["system"]),
        indices=tuple(int(i) for i in entry["indices"]),
        summary=tuple(str(s) for s in entry["summary"]),
        scores={t: _score(s) for t, s in entry["scores"].items()},
        n_sentences=int(entry["doc_sentences"]),
    )


def _pairwise(entry: Mapping[str, Any], ci_key: str) -> Pairwise:
    return Pairwise(
        a=str(entry["a"]),
        b=str(entry["b"]),
        metric=str(entry["metric"]),
        mean_diff=float(entry["mean_diff"]),
        ci=_pair(entry[ci_key]),
        p_value=float(entry["p_value"]),
        p_holm=float(entry["p_holm"]),
        significant=bool(entry["significant"]),
    )


def _source(doc_id: str, entry: Mapping[str, Any]) -> Source:
    references = tuple((str(k), str(v)) for k, v in entry["references"].items())
    return Source(str(doc_id), tuple(str(s) for s in entry["sentences"]), references)
