"""Work the points of a sweep share: points that differ only in K are computed together.

Before the points run, :func:`prefill` evaluates every document once for all the K of
such a group (parsed once, sumy's ratings taken once, see
:func:`sumbench.engine.evaluate.evaluate_document_ks`) and stores each result in the
cache under the key a run at that K looks up; the points then run warm. Without a
cache the points simply run one by one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from sumbench.corpus.model import Corpus, Document
from sumbench.engine.config import RunConfig
from sumbench.engine.executor import Task, default_jobs, execute, plan, progress_bar, store
from sumbench.results import Outcome
from sumbench.systems.base import System


def compute_ks_chunk(
    chunk: Sequence[tuple[Document, tuple[int, ...]]],
    shared: tuple[tuple[System, ...], tuple[RunConfig, ...]],
) -> list[list[list[Outcome]]]:
    """Worker entry point: each document's outcomes for every configuration of the group."""
    from sumbench.engine.evaluate import evaluate_document_ks

    systems, configs = shared
    return [
        evaluate_document_ks(doc, tuple(systems[i] for i in which), configs) for doc, which in chunk
    ]


def groups(configs: Sequence[RunConfig]) -> list[tuple[RunConfig, ...]]:
    """The configurations that differ only in ``sentences``, in first-seen order."""
    found: dict[str, list[RunConfig]] = {}
    for config in configs:
        # repr, not the config: a parameter value may be a list, which does not hash.
        found.setdefault(repr(replace(config, sentences=1)), []).append(config)
    return [tuple(group) for group in found.values()]


def prefill(
    configs: tuple[RunConfig, ...], corpus: Corpus, systems: Sequence[System], *, progress: bool
) -> None:
    """Cache every result the runs of ``configs`` (one group) will look up."""
    root = configs[0].cache_dir
    if root is None or len(configs) < 2:
        return
    from sumbench.engine import cache

    guard = cache.CacheGuard()
    guard.prepare(root)
    if guard.error is not None:  # warned; the points then compute without a cache
        return
    planned = [plan(corpus, systems, c)[1] for c in configs]
    wanted: dict[int, set[str]] = {}
    for tasks in planned:
        for task in tasks:
            wanted.setdefault(task.position, set()).update(s.name for s in task.systems)
    if not wanted:
        return
    from sumbench.systems.sumy_systems import check_language

    check_language(configs[0].language)
    by_k = [{t.position: t for t in tasks} for tasks in planned]
    with progress_bar(len(wanted), progress) as bar:
        for position, outcomes in _compute(corpus, systems, configs, wanted):
            for missing, results in zip(by_k, outcomes, strict=True):
                if position in missing:
                    task = missing[position]
                    named = {r.system: r for r in results}
                    store(guard, task, [named[s.name] for s in task.systems])
            bar.update(1)


def _compute(
    corpus: Corpus,
    systems: Sequence[System],
    configs: tuple[RunConfig, ...],
    wanted: dict[int, set[str]],
) -> Iterator[tuple[int, list[list[Outcome]]]]:
    """Each wanted document's outcomes for every configuration, as chunks finish."""
    first = configs[0]
    tasks = [Task(p, tuple(s for s in systems if s.name in wanted[p]), ()) for p in sorted(wanted)]
    jobs = first.jobs or default_jobs()
    shared = (tuple(systems), configs)
    for part, results in execute(
        tasks, corpus, systems, first, jobs, fn=compute_ks_chunk, shared=shared
    ):
        for task, outcomes in zip(part, results, strict=True):
            yield task.position, outcomes
