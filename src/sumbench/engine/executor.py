"""How the work is done: plan (cache lookups), chunks, the process pool, the progress bar."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from typing import Any

from sumbench.corpus.model import Corpus, Document
from sumbench.engine import cache
from sumbench.engine.config import RunConfig
from sumbench.results import CacheStats, DocumentResult, Outcome
from sumbench.systems.base import System


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Task:
    """One document and the systems still to run on it (with their cache keys)."""

    position: int
    doc: Document
    systems: tuple[System, ...]
    keys: tuple[str | None, ...]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block.

    Reading a warm cache and assembling the results allocate tens of thousands of small
    acyclic objects while the corpus is alive, and each full collection walks all of
    them: a third of a warm run. Nothing made there forms cycles, so nothing is left
    for the collector to find later.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def plan(
    corpus: Corpus, systems: Sequence[System], config: RunConfig
) -> tuple[dict[tuple[int, str], DocumentResult], list[Task]]:
    """Results found in the cache, and the tasks left to compute."""
    found: dict[tuple[int, str], DocumentResult] = {}
    tasks: list[Task] = []
    root = config.cache_dir
    run_key = cache.run_digest(config) if root is not None else ""
    system_keys = {s.name: cache.system_digest(s.name, s.params) for s in systems}
    for position, doc in enumerate(corpus.documents):
        doc_key = cache.doc_digest(doc) if root is not None else ""
        missing: list[tuple[System, str | None]] = []
        for system in systems:
            if system.covers is not None and doc.id not in system.covers:
                continue  # no output for this document (allow_missing)
            if root is None or not system.cacheable:
                missing.append((system, None))
                continue
            key = cache.result_key(run_key, doc_key, system_keys[system.name])
            hit = cache.read_result(root, key, config.scoring.rouge_types)
            if hit is None or hit.doc_id != doc.id or hit.system != system.name:
                missing.append((system, key))
            else:
                found[(position, system.name)] = hit
        if missing:
            left, keys = zip(*missing, strict=True)
            tasks.append(Task(position, doc, tuple(left), tuple(keys)))
    return found, tasks


def compute_tasks(
    tasks: Sequence[Task], config: RunConfig
) -> tuple[list[list[Outcome]], str | None]:
    """Evaluate a chunk of tasks, storing each result in the cache (worker entry point).

    Returns the outcomes and the first cache write error, if any (writes stop there).
    """
    from sumbench.engine.evaluate import evaluate_document  # sumy, rouge-score: only to compute

    guard = cache.CacheGuard(announce=False)
    out = []
    for task in tasks:
        results = evaluate_document(task.doc, task.systems, config)
        if config.cache_dir is not None:
            for key, result in zip(task.keys, results, strict=True):
                # A failure is not cached: the next run tries that system again.
                if key is not None and isinstance(result, DocumentResult):
                    guard.write(config.cache_dir, key, result.as_dict())
        out.append(results)
    return out, guard.error


def worker_count(jobs: int, tasks: int) -> int:
    """Processes worth starting: ``jobs``, but not beyond a few per core nor the tasks."""
    from sumbench.defaults import LIMITS

    return max(1, min(jobs, LIMITS.jobs_per_core * default_jobs(), tasks))


def chunks(tasks: Sequence[Task], jobs: int) -> list[list[Task]]:
    """Tasks in chunks for ``jobs`` workers, in order."""
    # Small chunks balance long and short documents; not so small that IPC dominates.
    size = max(1, min(16, len(tasks) // (jobs * 8)))
    return [list(tasks[i : i + size]) for i in range(0, len(tasks), size)]


def execute(
    tasks: Sequence[Task], config: RunConfig, jobs: int, guard: cache.CacheGuard
) -> Iterator[tuple[Task, list[Outcome]]]:
    """Compute the tasks, serially or in ``jobs`` processes, yielding as chunks finish."""
    jobs = worker_count(jobs, len(tasks))
    if jobs <= 1:
        for task in tasks:
            if guard.error is not None:  # the cache failed: write no more of it
                config = replace(config, cache_dir=None)
            outcomes, error = compute_tasks([task], config)
            if error is not None:
                guard.fail(error)
            yield task, outcomes[0]
        return
    parts = chunks(tasks, jobs)
    with ProcessPoolExecutor(max_workers=min(jobs, len(parts))) as pool:
        futures = {pool.submit(compute_tasks, chunk, config): chunk for chunk in parts}
        try:
            for future in as_completed(futures):
                outcomes, error = future.result()
                if error is not None:
                    guard.fail(error)
                yield from zip(futures[future], outcomes, strict=True)
        except BaseException:
            # Ctrl-C or a failing system: do not wait for the chunks still queued.
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def progress_bar(total: int, enabled: bool) -> Any:
    """A tqdm bar on stderr, shown only after 2 s (and never when not ``enabled``)."""
    from tqdm import tqdm  # only runs that compute something need it

    class _Bar(tqdm):  # type: ignore[misc]
        # Workers are forked while the bar is open; forking a process that runs other
        # threads can deadlock the child: no monitor thread.
        monitor_interval = 0

    return _Bar(
        total=total, disable=not enabled, delay=2.0, file=sys.stderr, unit="doc", leave=False
    )


def evaluate_corpus(
    corpus: Corpus,
    systems: Sequence[System],
    config: RunConfig,
    *,
    progress: bool = False,
    guard: cache.CacheGuard | None = None,
) -> tuple[list[Outcome], CacheStats]:
    """Every system's result (or failure) on every document, in document then system order.

    A cache that cannot be written is used no further (``guard`` says so, once).
    """
    guard = guard or cache.CacheGuard()
    if config.cache_dir is not None:
        guard.prepare(config.cache_dir)
        if guard.error is not None:  # warned: the run goes on without the cache
            config = replace(config, cache_dir=None)
    with collector_paused():
        found, tasks = plan(corpus, systems, config)
    if tasks:
        from sumbench.systems.sumy_systems import check_language

        check_language(config.language)  # before any work (a warm run needs no sumy)
    computed: dict[tuple[int, str], Outcome] = dict(found)
    with progress_bar(len(corpus.documents), progress) as bar:
        bar.update(len(corpus.documents) - len(tasks))
        for task, results in execute(tasks, config, config.jobs or default_jobs(), guard):
            computed.update({(task.position, r.system): r for r in results})
            bar.update(1)
    ordered = [
        computed[(i, s.name)]
        for i in range(len(corpus.documents))
        for s in systems
        if (i, s.name) in computed
    ]
    return ordered, CacheStats(reused=len(found), computed=len(ordered) - len(found))
