"""One document through every system: parse once, summarize, check, score (in a worker)."""

from __future__ import annotations

import contextlib
import signal
import warnings
from collections.abc import Iterator, Sequence
from functools import cache

from sumbench.corpus.model import Document
from sumbench.engine.config import RunConfig
from sumbench.errors import SystemFailed, SystemTimeout
from sumbench.results import DocumentResult, Failure, Outcome
from sumbench.scoring.config import Scoring, ScoringConfig, truncate_words
from sumbench.systems.base import Context, ParsedDocument, System, resolve_output
from sumbench.systems.segment import parse_document, split_sentences


def evaluate_document(
    doc: Document,
    systems: Sequence[System],
    config: RunConfig,
    scoring: Scoring | None = None,
) -> list[Outcome]:
    """Parse one document once, run every system on it, and score each summary.

    A third-party warning raised while a system runs is kept with its result
    (``notes``); the run reports it naming the system and the document.
    """
    language, segmenter = config.language, config.segmenter
    parsed = parse_document(
        doc.id, doc.text, language=language, segmenter=segmenter, given=doc.given
    )
    references = tuple(
        split_sentences(r.text, language=language, segmenter=segmenter, given=r.given)
        for r in doc.references
    )
    ctx = Context(
        k=config.sentences,
        seed=config.seed,
        language=language,
        references=references,
        scoring=config.scoring,
        segmenter=segmenter,
    )
    scoring = scoring or _scoring(config.scoring, config.language)
    try:
        return [
            _evaluate(system, parsed, ctx, config, scoring)
            for system in systems
            if system.covers is None or doc.id in system.covers
        ]
    finally:
        scoring.forget()


def _evaluate(
    system: System, doc: ParsedDocument, ctx: Context, config: RunConfig, scoring: Scoring
) -> Outcome:
    """One system on one parsed document: its scored summary, or its failure."""
    try:
        with time_limit(config.timeout), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            output = system.summarize(doc, ctx)
            indices, sentences = resolve_output(output, doc=doc, k=ctx.k, system=system)
    except Exception as exc:  # one system failing must not sink the run
        failure = Failure(doc.id, system.name, describe(exc, config.timeout))
        if config.fail_fast:
            raise SystemFailed(
                f"system {system.name!r} failed on document {doc.id!r}: {failure.error}"
            ) from exc
        return failure
    summary = truncate_words(sentences, config.words)
    scores = scoring.score(summary=summary, references=ctx.references)
    notes = tuple(sorted({str(w.message) for w in caught}))
    return DocumentResult(doc.id, system.name, indices, summary, scores, len(doc.sentences), notes)


def describe(exc: BaseException, timeout: float | None) -> str:
    """One line saying what went wrong."""
    if isinstance(exc, SystemTimeout):
        return f"timed out after {timeout:g} s"
    return f"{type(exc).__name__}: {exc}".splitlines()[0]


def _on_alarm(signum: int, frame: object) -> None:
    raise SystemTimeout


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`SystemTimeout` in the block after ``seconds`` (None: no limit).

    SIGALRM interrupts Python code; a system stuck inside one long C call (a huge SVD)
    is interrupted when that call returns.
    """
    if seconds is None:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@cache
def _scoring(config: ScoringConfig, language: str) -> Scoring:
    """One scorer per process and configuration, so its tokenizer memo is shared."""
    if config.rouge155 is not None:
        from sumbench.scoring.rouge155 import Rouge155Scoring

        return Rouge155Scoring(config.rouge155, config.rouge_types)
    from sumbench.scoring.rouge import RougeScoring

    return RougeScoring(config, language=language)
