"""The result of a run, its signature, and their JSON form: the one codec, both ways.

Every decoder here is strict (exact JSON types, nothing coerced), so that a run
rebuilt from ``results.json`` or from the cache writes exactly the bytes it was read
from: rouge-score's int ``0`` stays ``0``, and a score stored as a string is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sumbench.engine.config import RunConfig
from sumbench.errors import InputError
from sumbench.fsio import read_json
from sumbench.jsonfields import FieldError, at, member, typed
from sumbench.results.parts import (
    CacheStats,
    DocumentResult,
    Failure,
    Outcome,
    Pairwise,
    Signature,
    SystemResult,
)
from sumbench.results.sources import Origin, Source

if TYPE_CHECKING:
    from sumbench.results.frames import Frames

T = TypeVar("T")


@dataclass(frozen=True)
class RunResult:
    """Everything a run produced, in a stable order."""

    version: str
    signature: Signature
    config: RunConfig
    systems: tuple[SystemResult, ...]
    # Sequences, not tuples: a run's come from disk (a Spool), so any length fits in memory.
    documents: Sequence[DocumentResult]
    pairwise: tuple[Pairwise, ...] = ()
    warnings: tuple[str, ...] = ()
    sources: Sequence[Source] = ()
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

    def to_pandas(self) -> Frames:
        """The run as pandas data frames: ``scores`` (long), ``systems``, ``pairwise``.

        Needs the ``pandas`` extra; see :mod:`sumbench.results.frames` for the columns.
        """
        from sumbench.results.frames import to_pandas  # pandas: only when asked for

        return to_pandas(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunResult:
        """Rebuild a run from its ``results.json`` form; :class:`FieldError` names a bad field."""
        config_data = member(data, "config", dict)
        with at("config"):
            config = RunConfig.from_dict(config_data)
        types = config.scoring.rouge_types
        fields = member(data, "signature_fields", dict)
        with at("signature_fields"):
            signature = Signature(tuple((k, typed(v, str)) for k, v in fields.items()))
        member(data, "signature", str)
        systems = []
        for name, entry in member(data, "systems", dict).items():
            with at("systems", name):
                systems.append(SystemResult.from_dict(name, typed(entry, dict), types))
        documents = _each(data, "documents", lambda e: _document(e, types))
        names = {s.name for s in systems}
        for i, doc in enumerate(documents):
            if doc.system not in names:
                raise FieldError(("documents", str(i), "system"), f"unknown system {doc.system!r}")
        sources = []
        for doc_id, entry in (member(data, "sources", dict) if "sources" in data else {}).items():
            with at("sources", doc_id):
                sources.append(Source.from_dict(doc_id, typed(entry, dict)))
        _check_indices(documents, sources)
        with at("warnings"):
            warnings = tuple(typed(w, str) for w in member(data, "warnings", list))
        return cls(
            version=member(data, "sumbench_version", str),
            signature=signature,
            config=config,
            systems=tuple(systems),
            documents=documents,
            pairwise=_each(data, "pairwise", Pairwise.from_dict),
            warnings=warnings,
            sources=tuple(sources),
            failures=_each(data, "failures", Failure.from_dict, required=False),
        )


def _each(
    data: Mapping[str, Any], key: str, decode: Callable[[Any], T], *, required: bool = True
) -> tuple[T, ...]:
    """Decode every entry of the list ``data[key]``, errors naming ``key.<index>``."""
    entries = member(data, key, list) if required or key in data else []
    out = []
    for i, entry in enumerate(entries):
        with at(key, i):
            out.append(decode(typed(entry, dict)))
    return tuple(out)


def _document(entry: Mapping[str, Any], types: tuple[str, ...]) -> DocumentResult:
    document = DocumentResult.from_dict(entry, types)
    document.check_words(entry)
    return document


def _check_indices(documents: Sequence[DocumentResult], sources: Sequence[Source]) -> None:
    # A summary's indices point at its document's sentences, as stored in "sources".
    lengths = {s.doc_id: len(s.sentences) for s in sources}
    for i, doc in enumerate(documents):
        n = lengths.get(doc.doc_id, doc.n_sentences)
        if doc.n_sentences != n:
            raise FieldError(
                ("documents", str(i), "doc_sentences"), f"{doc.n_sentences}, but sources hold {n}"
            )


def load_results(path: Path | str) -> RunResult:
    """Read a ``results.json``; anything unusable is a one-line :class:`InputError`."""
    path = Path(path)
    data = read_json(path)
    try:
        with at():
            result = RunResult.from_dict(typed(data, dict))
    except FieldError as exc:
        raise InputError(f"{path} is not a sumbench results.json: {exc}") from exc
    except InputError as exc:
        raise InputError(f"{path} is not a sumbench results.json ({exc})") from exc
    if not result.systems or not result.documents:
        raise InputError(f"{path} has no systems or no documents")
    return result


__all__ = [
    "CacheStats",
    "DocumentResult",
    "Failure",
    "Origin",
    "Outcome",
    "Pairwise",
    "RunResult",
    "Signature",
    "Source",
    "SystemResult",
    "load_results",
]
