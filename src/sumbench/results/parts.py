"""The parts of a run's result and their strict JSON codec (exact JSON types, no coercion)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sumbench.jsonfields import FieldError, at, member, optional, pair, typed, unit_number
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

    @cached_property  # read by aggregate, results.json and the folder stamp: count once
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
        """Inverse of :meth:`as_dict`; raises :class:`FieldError` (a ValueError) if malformed."""
        # A warm run decodes every cached entry: check plainly first, and only for a bad
        # entry walk it again with the field-naming checks.
        return _plain_document(cls, data, rouge_types) or cls._checked(data, rouge_types)

    @classmethod
    def _checked(cls, data: Mapping[str, Any], rouge_types: tuple[str, ...]) -> DocumentResult:
        n_sentences = member(data, "doc_sentences", int)
        with at("indices"):
            indices = tuple(typed(i, int) for i in member(data, "indices", list))
            bad = [i for i in indices if not 0 <= i < n_sentences]
            if bad:
                raise ValueError(f"index {bad[0]} out of range ({n_sentences} sentences)")
        with at("summary"):
            summary = tuple(typed(x, str) for x in member(data, "summary", list))
        with at("scores"):
            scores_data = member(data, "scores", dict)
            scores = {t: _score(scores_data, t) for t in rouge_types}
        with at("notes"):
            notes = tuple(typed(n, str) for n in typed(data.get("notes", []), list))
        doc_id, system = member(data, "id", str), member(data, "system", str)
        return cls(doc_id, system, indices, summary, scores, n_sentences, notes)

    def check_words(self, data: Mapping[str, Any]) -> None:
        """Refuse a stored word count that is not this summary's (the file was edited).

        Derived, so never read back; checked for results.json, not for every cache entry.
        """
        if "words" in data and member(data, "words", int) != self.words:
            raise FieldError(("words",), f"{data['words']}, but the summary has {self.words}")


def _plain_document(
    cls: type[DocumentResult], data: Mapping[str, Any], rouge_types: tuple[str, ...]
) -> DocumentResult | None:
    """The document result if every field is plainly valid, else None (no error raised)."""
    try:
        n, indices, summary = data["doc_sentences"], data["indices"], data["summary"]
        doc_id, system, notes = data["id"], data["system"], data.get("notes", [])
        raw = data["scores"]
        if not (type(n) is int and type(doc_id) is str and type(system) is str):
            return None
        if not (type(indices) is list and type(summary) is list and type(notes) is list):
            return None
        if not all(type(i) is int and 0 <= i < n for i in indices):
            return None
        if not all(type(x) is str for x in (*summary, *notes)):
            return None
        values = [(raw[t]["precision"], raw[t]["recall"], raw[t]["fmeasure"]) for t in rouge_types]
        for triple in values:
            for v in triple:
                if type(v) not in (int, float) or not 0 <= v <= 1:
                    return None
        scores = {t: Score(*v) for t, v in zip(rouge_types, values, strict=True)}
        result = cls(doc_id, system, tuple(indices), tuple(summary), scores, n, tuple(notes))
    except (KeyError, TypeError, AttributeError):
        return None
    return result


def _score(data: Mapping[str, Any], rouge_type: str) -> Score:
    """``data[rouge_type]`` as a score: three JSON numbers in [0, 1]."""
    with at(rouge_type):
        entry = data[rouge_type]
        values = []
        for key in ("precision", "recall", "fmeasure"):
            with at(key):
                # rouge-score reports an empty side's ROUGE-L as int 0; keep it as it was.
                values.append(unit_number(entry[key]))
        return Score(*values)


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
    def from_dict(
        cls, name: str, entry: Mapping[str, Any], metrics: tuple[str, ...]
    ) -> SystemResult:
        """Inverse of :meth:`as_dict` (every ROUGE type of ``metrics``, with its interval).

        Reads the old ``ciNN`` interval key too.
        """
        coverage = entry.get("coverage")
        found = {}
        for m in metrics:
            with at(m):
                found[m] = interval_of(member(entry, m, dict), low=0.0)
                if found[m] is None:
                    raise KeyError(CI_KEY)
        with at("coverage"):
            covered = (
                None
                if coverage is None
                else (member(coverage, "documents", int), member(coverage, "of", int))
            )
        with at("position"):
            position = optional(entry["position"], float)
        with at("lead_overlap"):
            lead_overlap = optional(entry["lead_overlap"], float)
        return cls(
            name=name,
            description=member(entry, "description", str),
            upper_bound=member(entry, "upper_bound", bool),
            scores={m: _score(entry, m) for m in metrics},
            words=member(entry, "words", float),
            params=dict(member(entry, "params", dict)),
            intervals={m: ci for m, ci in found.items() if ci is not None},
            position=position,
            lead_overlap=lead_overlap,
            coverage=covered,
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
        p_value, p_holm = member(entry, "p_value", float), member(entry, "p_holm", float)
        with at("p_value"):
            unit_number(p_value)
        with at("p_holm"):
            unit_number(p_holm)
        return cls(
            a=member(entry, "a", str),
            b=member(entry, "b", str),
            metric=member(entry, "metric", str),
            mean_diff=member(entry, "mean_diff", float),
            ci=ci,
            p_value=p_value,
            p_holm=p_holm,
            significant=member(entry, "significant", bool),
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
        fields = (member(entry, key, str) for key in ("id", "system", "error"))
        return cls(*fields)


# What running one system on one document gives.
Outcome = DocumentResult | Failure


# An interval is stored as "ci": [low, high]; its level is recorded once per run, in
# config.stats.confidence. Files before 0.2 named the key after the level ("ci95", "ci97.5").
CI_KEY = "ci"
_LEGACY_CI_KEY = re.compile(r"ci\d+(\.\d+)?")


def interval_of(entry: Mapping[str, Any], *, low: float = -1.0) -> tuple[float, float] | None:
    """The interval stored in a score or pairwise entry (``ci`` or the old ``ciNN``), if any.

    ``low`` is the least value it may hold: 0 for a score's, -1 for a difference's.
    """
    legacy = [k for k in entry if _LEGACY_CI_KEY.fullmatch(k)]
    key = CI_KEY if CI_KEY in entry else (legacy[0] if legacy else None)
    if key is None:
        return None
    with at(key):
        return pair(entry[key], low=low)
