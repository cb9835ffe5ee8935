"""``run(config) -> RunResult``: corpus -> systems -> scores -> statistics -> results.

The stages live in their own modules (:mod:`~sumbench.engine.executor` computes,
:mod:`~sumbench.engine.cache` remembers, :mod:`~sumbench.engine.signature` names the
settings); this module only connects them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sumbench.corpus.model import Corpus
from sumbench.engine import cache
from sumbench.engine.config import RunConfig
from sumbench.engine.executor import evaluate_corpus
from sumbench.engine.inputs import check_coverage, cluster_config, load_input, subset
from sumbench.engine.signature import signature
from sumbench.engine.sizes import warn_long_documents
from sumbench.engine.sources import document_sources
from sumbench.errors import InputError, SystemFailed
from sumbench.results import DocumentResult, RunResult, SystemResult
from sumbench.scoring.config import aggregate_mean
from sumbench.stats.diagnostics import (
    failure_warnings,
    note_warnings,
    selection,
    tokenized_warnings,
)
from sumbench.systems.base import System
from sumbench.systems.registry import REGISTRY, check_name
from sumbench.systems.segmenters import get_segmenter
from sumbench.versions import sumbench_version


def resolve_systems(config: RunConfig) -> list[System]:
    """Every configured system, with parameter overrides applied, in run order.

    Names are checked here, not in :class:`RunConfig`: installed plugins are looked
    up (an entry-point scan) only for names the registry does not know.
    """
    params = config.params_by_system()
    systems: list[System] = []
    for name in config.systems:
        if name in REGISTRY:
            chosen = REGISTRY[name]
            if name in params:
                from sumbench.systems.sumy_systems import with_params

                chosen = with_params(name, params[name])
            systems.append(chosen)
            continue
        from sumbench.systems.plugins import entry_point_system, installed_plugins

        installed = installed_plugins()
        if name not in installed:
            check_name(name)
        if name in params:
            raise InputError(f"system {name!r} has no settable parameters (a plugin)")
        systems.append(entry_point_system(installed[name]))
    if config.plugins:
        from sumbench.systems.plugins import load_callable, plugin_system

        for name, target in config.plugins:
            systems.append(plugin_system(name, load_callable(target), target=target))
    if config.system_dirs:
        from sumbench.systems.outputs import output_system

        systems += [output_system(name, folder) for name, folder in config.system_dirs]
    return systems


def run(
    config: RunConfig | None = None, *, corpus: Corpus | None = None, progress: bool = False
) -> RunResult:
    """Evaluate the configured systems on a corpus (loaded from ``config`` if not given).

    With ``config.multi`` the clusters are run too (``result.clusters``); with
    ``config.out`` the results folder is written (clusters in its ``multi/``).
    """
    config = config or RunConfig()
    guard = cache.CacheGuard()
    spool = spool_dir(config.out)  # the first failing cache write stops them, with one warning
    if config.out is not None:
        from sumbench.outdir import check_output_dir

        # Before the work, and again at the swap (the folder may change meanwhile).
        check_output_dir(config.out, inputs=config.input_paths(), snapshot=False)
    if config.multi:
        clusters = cluster_config(config)
        single = replace(config, multi=False, clusters=None, out=None)
        result = replace(
            _run_one(single, corpus, progress, guard, spool),
            clusters=_run_one(clusters, None, progress, guard, spool),
        )
    else:
        result = _run_one(replace(config, out=None), corpus, progress, guard, spool)
    if config.out is not None:
        from sumbench.engine.writer import write_results

        cache_dir = config.cache_dir if guard.error is None else None
        write_results(
            result, config.out, cache_dir=cache_dir, inputs=config.input_paths(), guard=guard
        )
    return result


def spool_dir(out: Path | None) -> Path | None:
    """Where a run keeps its results until they are written: beside ``out``, else in TMPDIR.

    Beside the results folder, they are on the disk that will hold them anyway (TMPDIR
    may be a RAM disk); the spool files have no name, so nothing is left there.
    """
    if out is None:
        return None
    parent = out.resolve().parent
    return parent if parent.is_dir() else None


def _run_one(
    config: RunConfig,
    corpus: Corpus | None,
    progress: bool,
    guard: cache.CacheGuard,
    spool: Path | None,
) -> RunResult:
    systems = resolve_systems(config)
    # A corpus passed in is cut to the subset here, so the signature's subset is true.
    corpus = load_input(config) if corpus is None else subset(corpus, config)
    check_coverage(corpus, systems, allow_missing=config.allow_missing)
    warn_long_documents(corpus, [s.name for s in systems])  # before the long wait
    found = evaluate_corpus(corpus, systems, config, progress=progress, guard=guard, spool=spool)
    if guard.error is not None:  # the cache failed: read and write it no further
        config = replace(config, cache_dir=None)
    failures, by_system = found.failures, found.by_system
    # A system that failed on every document has no scores to report, only failures.
    scored = [s for s in systems if by_system[s.name]]
    if not scored:
        raise SystemFailed(f"every system failed on every document (first: {failures[0].error})")
    summaries = found.documents
    cis, pairwise, warnings = analyse(
        corpus, summaries, [s.name for s in scored], config, guard=guard
    )
    sources = document_sources(corpus, config, guard=guard, spool=spool)
    note = get_segmenter(config.segmenter).tokenized_note(config.language)
    system_results = tuple(
        replace(
            aggregate(s, by_system[s.name], config, total=len(corpus.documents)),
            intervals={m: cis[(s.name, m)] for m in config.scoring.rouge_types},
        )
        for s in scored
    )
    return RunResult(
        version=sumbench_version(),
        signature=signature(corpus, config, systems),  # all systems: the run asked for them
        config=config,
        systems=system_results,
        documents=summaries,
        pairwise=pairwise,
        warnings=(
            *failure_warnings(failures, systems),
            *note_warnings(summaries),
            *warnings,
            *tokenized_warnings(sources, note),
        ),
        sources=sources,
        cache_stats=found.cache_stats,
        failures=failures,
    )


def aggregate(
    system: System, results: Sequence[DocumentResult], config: RunConfig, *, total: int
) -> SystemResult:
    """Mean P, R and F over the documents scored, mean words, and selection diagnostics.

    ``total`` (the corpus size) is recorded as coverage for systems with outputs.
    """
    chosen = selection(results, k=config.sentences)
    return SystemResult(
        name=system.name,
        description=system.description,
        upper_bound=system.upper_bound,
        scores=aggregate_mean([r.scores for r in results], config.scoring.rouge_types),
        words=sum(r.words for r in results) / len(results),
        params=system.params,
        position=chosen.position if chosen else None,
        lead_overlap=chosen.lead_overlap if chosen else None,
        # Coverage shows when outputs were missing (allow_missing) or a system failed.
        coverage=None if system.covers is None and len(results) == total else (len(results), total),
    )


def analyse(
    corpus: Corpus,
    documents: Sequence[DocumentResult],
    names: Sequence[str],
    config: RunConfig,
    *,
    guard: cache.CacheGuard | None = None,
) -> cache.Analysis:
    """Intervals, pairwise tests and warnings of a run, from the cache when unchanged.

    They depend only on the corpus, the per-document scores and the statistics
    settings, so a re-run whose results all come from the cache need not redo them.
    """
    root = None if config.cache_dir is None else config.cache_dir / "analysis"
    key = "" if root is None else cache.analysis_key(corpus, documents, names, config)
    if root is not None:
        cached = cache.decode_analysis(cache.read_entry(root, key))
        if cached is not None:
            return cached
    from sumbench.stats.analysis import intervals, pairwise_tests  # numpy: only when needed
    from sumbench.stats.diagnostics import run_warnings

    metrics = config.scoring.rouge_types
    found: cache.Analysis = (
        intervals(documents, names, metrics, config=config.stats, seed=config.seed),
        pairwise_tests(documents, names, metrics, config=config.stats, seed=config.seed),
        run_warnings(corpus, documents, k=config.sentences),
    )
    if root is not None:
        (guard or cache.CacheGuard()).write(root, key, cache.encode_analysis(found))
    return found
