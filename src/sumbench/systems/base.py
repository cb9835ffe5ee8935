"""What a system is, what it may use, and the output contract every system's result must meet.

A system is called with a parsed document and a :class:`Context`. An extractive
system returns the indices of the sentences it selects; a non-extractive one (system
outputs, Python plugins) may return sentences of its own. :func:`resolve_output`
checks both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sumbench.errors import InputError
from sumbench.scoring.config import ScoringConfig
from sumbench.systems.segmenters import DEFAULT_SEGMENTER


@dataclass(frozen=True)
class ParsedDocument:
    """A document parsed once per run and shared by every system.

    ``dom`` is sumy's ``ObjectDocumentModel`` (typed loosely so that this module
    does not import sumy).
    """

    id: str
    sentences: tuple[str, ...]
    dom: Any = field(repr=False, compare=False)
    significant_words: tuple[str, ...] = field(repr=False, compare=False)
    stigma_words: tuple[str, ...] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Context:
    """What a system may use besides the document."""

    k: int
    seed: int = 0
    language: str = "english"
    references: tuple[tuple[str, ...], ...] = ()
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    # The run's segmenter (a name in sumbench.systems.segmenters): system outputs are split
    # by it, as documents and references are.
    segmenter: str = DEFAULT_SEGMENTER


# Indices of document sentences, or (non-extractive systems only) sentences of text.
Summarize = Callable[[ParsedDocument, Context], Sequence[int] | Sequence[str]]


@dataclass(frozen=True)
class System:
    """A system: name, one-line description, parameters, and its function.

    ``extractive=False`` lets ``summarize`` return sentences instead of indices.
    ``covers`` is the set of document ids a system has output for (None: every one).
    """

    name: str
    description: str
    summarize: Summarize = field(repr=False)
    params: Mapping[str, Any] = field(default_factory=dict)
    upper_bound: bool = False
    extractive: bool = True
    covers: frozenset[str] | None = field(default=None, repr=False)
    # False when the code behind ``summarize`` may change under the same name and
    # parameters (a user's Python function): such results are never cached.
    cacheable: bool = True


def check_selection(indices: Sequence[int], *, doc: ParsedDocument, k: int, system: str) -> None:
    """A summary is distinct sentences of the document, in document order, at most k."""
    chosen = list(indices)
    where = f"system {system!r} on document {doc.id!r}"
    if len(chosen) > k:
        raise InputError(f"{where} returned {len(chosen)} sentences, more than k={k}")
    if any(not 0 <= i < len(doc.sentences) for i in chosen):
        raise InputError(f"{where} returned a sentence index outside the document")
    if chosen != sorted(set(chosen)):
        raise InputError(f"{where} returned repeated or out-of-order sentences")


def resolve_output(
    output: object, *, doc: ParsedDocument, k: int, system: System
) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """Check a system's output; return (indices, sentences). Text has no indices.

    Indices must pass :func:`check_selection`. Sentences of text are accepted only
    from non-extractive systems; the word budget, not K, limits them.
    """
    where = f"system {system.name!r} on document {doc.id!r}"
    if isinstance(output, str | bytes) or not isinstance(output, Sequence):
        raise InputError(f"{where} returned {type(output).__name__}, not a list")
    items = list(output)
    if all(isinstance(i, int) and not isinstance(i, bool) for i in items):
        indices = tuple(items)
        check_selection(indices, doc=doc, k=k, system=system.name)
        return indices, tuple(doc.sentences[i] for i in indices)
    if not all(isinstance(i, str) for i in items):
        raise InputError(f"{where} returned a list mixing types: expected all int or all str")
    if system.extractive:
        raise InputError(f"{where}: an extractive system must return sentence indices")
    sentences = tuple(s.strip() for s in items)
    if not any(sentences):
        raise InputError(f"{where} returned an empty summary")
    return (), tuple(s for s in sentences if s)


def check_unique(names: Sequence[str], *, what: str) -> None:
    """Names must not repeat (one check for systems, plugins, output folders and flags).

    The error reads ``{what}: a, b``, e.g. ``system name(s) used twice: lead``.
    """
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(f"{what}: {', '.join(repeated)}")
