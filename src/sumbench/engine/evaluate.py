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
        return _failure(system, doc, exc, config)
    notes = tuple(sorted({str(w.message) for w in caught}))
    return _scored(system, doc, ctx, config, scoring, (indices, sentences), notes)


def _failure(system: System, doc: ParsedDocument, exc: Exception, config: RunConfig) -> Failure:
    failure = Failure(doc.id, system.name, describe(exc, config.timeout))
    if config.fail_fast:
        raise SystemFailed(
            f"system {system.name!r} failed on document {doc.id!r}: {failure.error}"
        ) from exc
    return failure


def _scored(
    system: System,
    doc: ParsedDocument,
    ctx: Context,
    config: RunConfig,
    scoring: Scoring,
    selected: tuple[tuple[int, ...], tuple[str, ...]],
    notes: tuple[str, ...],
) -> DocumentResult:
    indices, sentences = selected
    summary = truncate_words(sentences, config.words)
    scores = scoring.score(summary=summary, references=ctx.references)
    return DocumentResult(doc.id, system.name, indices, summary, scores, len(doc.sentences), notes)


def evaluate_document_ks(
    doc: Document, systems: Sequence[System], configs: Sequence[RunConfig]
) -> list[list[Outcome]]:
    """:func:`evaluate_document` for each of ``configs``, which differ only in ``sentences``.

    The document is parsed once, and a system that can (sumy's, see
    :func:`sumbench.systems.sumy_systems.summarize_many`) rates its sentences once for
    every K; each result equals that of a run at its K.
    """
    first = configs[0]
    parsed = parse_document(doc.id, doc.text, language=first.language)
    references = tuple(split_sentences(r.text, language=first.language) for r in doc.references)
    ctxs = [Context(c.sentences, c.seed, c.language, references, c.scoring) for c in configs]
    scoring = _scoring(first.scoring, first.language)
    out: list[list[Outcome]] = [[] for _ in configs]
    try:
        for system in systems:
            if system.covers is not None and doc.id not in system.covers:
                continue
            for i, outcome in enumerate(_evaluate_ks(system, parsed, ctxs, configs, scoring)):
                out[i].append(outcome)
    finally:
        scoring.forget()
    return out


def _evaluate_ks(
    system: System,
    doc: ParsedDocument,
    ctxs: Sequence[Context],
    configs: Sequence[RunConfig],
    scoring: Scoring,
) -> list[Outcome]:
    many = getattr(system.summarize, "many", None)
    if many is None:
        return [_evaluate(system, doc, c, cf, scoring) for c, cf in zip(ctxs, configs, strict=True)]
    try:
        with time_limit(configs[0].timeout), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            outputs = many(doc, ctxs[-1], sorted({c.k for c in ctxs}))
    except Exception as exc:
        return [_failure(system, doc, exc, configs[0])] * len(configs)
    notes = tuple(sorted({str(w.message) for w in caught}))
    results: list[Outcome] = []
    for ctx, config in zip(ctxs, configs, strict=True):
        try:
            selected = resolve_output(outputs[ctx.k], doc=doc, k=ctx.k, system=system)
        except Exception as exc:
            results.append(_failure(system, doc, exc, config))
            continue
        results.append(_scored(system, doc, ctx, config, scoring, selected, notes))
    return results


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
