"""How the work is done: plan (cache lookups), chunks, local or Dask workers, the progress bar."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from sumbench.corpus.model import Corpus, Document
from sumbench.engine import cache
from sumbench.engine.cache_packs import READ_BLOCK
from sumbench.engine.collect import Collector, Evaluated
from sumbench.engine.config import RunConfig
from sumbench.lazyseq import LazySequence
from sumbench.results import DocumentResult, Outcome
from sumbench.systems.base import System


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True, slots=True)  # one per document to compute: keep them small
class Task:
    """One document (its corpus position) and the systems still to run on it, with cache keys.

    The document itself is read from the corpus only when its chunk is sent to a worker.
    """

    position: int
    systems: tuple[System, ...]
    keys: tuple[str | None, ...]
    pack: cache.Pack | None = None  # where the keyed results are stored


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
    corpus: Corpus,
    systems: Sequence[System],
    config: RunConfig,
    keep: Callable[[int, DocumentResult], object] = lambda position, result: None,
) -> tuple[int, list[Task]]:
    """The tasks left to compute, and how many results the cache held.

    Each result found goes to ``keep(position, result)`` at once, so a warm run of any
    length never holds them all: the pack is read a block of documents at a time.
    """
    root = config.cache_dir
    run_key = None if root is None else cache.run_digest(config)
    pack = None if root is None or run_key is None else cache.results_of(root, run_key)
    keyed = _keys(corpus, systems, run_key)
    wanted = {key for pairs in keyed for _, key in pairs if key is not None}
    places = pack.locate(wanted) if pack is not None and wanted else {}
    metrics, ids = config.scoring.rouge_types, corpus.ids
    found, tasks = 0, []
    for start in range(0, len(keyed), READ_BLOCK):
        block = keyed[start : start + READ_BLOCK]
        mine = {key: places[key] for pairs in block for _, key in pairs if key in places}
        stored = pack.fetch(mine) if pack is not None else {}
        for position, pairs in enumerate(block, start):
            missing: list[tuple[System, str | None]] = []
            for system, key in pairs:
                hit = None if key is None else cache.decode_result(stored.get(key), metrics)
                if hit is None or hit.doc_id != ids[position] or hit.system != system.name:
                    missing.append((system, key))
                else:
                    keep(position, hit)
                    found += 1
            if missing:
                left, keys = zip(*missing, strict=True)
                tasks.append(Task(position, tuple(left), tuple(keys), pack))
    return found, tasks


def _keys(
    corpus: Corpus, systems: Sequence[System], run_key: str | None
) -> list[list[tuple[System, str | None]]]:
    """Each document's systems with their result keys (None: no cache, or not cacheable).

    A system with outputs for some documents only (``allow_missing``) skips the others.
    """
    system_keys = {s.name: cache.system_digest(s.name, s.params) for s in systems}
    keyed: list[list[tuple[System, str | None]]] = []
    for doc in corpus.documents:
        doc_key = "" if run_key is None else cache.doc_digest(doc)
        keyed.append(
            [
                (s, None if run_key is None or not s.cacheable
                 else cache.result_key(run_key, doc_key, system_keys[s.name]))
                for s in systems
                if s.covers is None or doc.id in s.covers
            ]
        )  # fmt: skip
    return keyed


def worker_count(jobs: int, tasks: int) -> int:
    """Processes worth starting: ``jobs``, but not beyond a few per core nor the tasks."""
    from sumbench.defaults import LIMITS

    return max(1, min(jobs, LIMITS.jobs_per_core * default_jobs(), tasks))


# The packages whose versions decide the numbers: a Dask worker must have this
# process's (see :func:`sumbench.engine.executors.check_versions`).
PACKAGES = ("sumbench", "sumy", "rouge-score", "sentencex", "nltk", "numpy")


def compute_chunk(
    chunk: Sequence[tuple[Document, tuple[int, ...]]],
    shared: tuple[tuple[System, ...], RunConfig],
) -> list[list[Outcome]]:
    """Worker entry point: each ``(document, system indices)`` of a chunk, evaluated.

    The systems and the configuration arrive once per worker (``shared``), the
    documents once each; nothing is read or written here.
    """
    from sumbench.engine.evaluate import evaluate_document

    systems, config = shared
    return [
        evaluate_document(doc, tuple(systems[i] for i in which), config) for doc, which in chunk
    ]


def chunks(tasks: Sequence[Task], jobs: int, *, largest: int = 16) -> list[list[Task]]:
    """Tasks in chunks for ``jobs`` workers, in order."""
    # Small chunks balance long and short documents; not so small that IPC dominates.
    size = max(1, min(largest, len(tasks) // (jobs * 8)))
    return [list(tasks[i : i + size]) for i in range(0, len(tasks), size)]


def partition(
    tasks: Sequence[Task], corpus: Corpus, systems: Sequence[System], jobs: int, *, dask: bool
) -> tuple[list[list[Task]], Work]:
    """The tasks in chunks, and each chunk as workers receive it: (document, system indices)."""
    if dask:
        # A Dask task costs milliseconds of scheduling: at cluster scale chunks of
        # 100-200 documents; on a small corpus still enough chunks to share out.
        parts = chunks(tasks, jobs, largest=150)
    else:
        parts = [[t] for t in tasks] if jobs <= 1 else chunks(tasks, jobs)
    return parts, Work(parts, corpus, systems)


Chunk = list[tuple[Document, tuple[int, ...]]]
R = TypeVar("R")  # what a worker function returns for one document
S = TypeVar("S")  # what every worker receives once


class Work(LazySequence[Chunk]):
    """The chunks as workers receive them, each built when it is sent (documents read then)."""

    def __init__(self, parts: list[list[Task]], corpus: Corpus, systems: Sequence[System]):
        self._parts, self._documents = parts, corpus.documents
        self._index = {s.name: i for i, s in enumerate(systems)}

    def __len__(self) -> int:
        return len(self._parts)

    def _read(self, index: int) -> Chunk:
        return [
            (self._documents[t.position], tuple(self._index[s.name] for s in t.systems))
            for t in self._parts[index]
        ]


def execute(
    tasks: Sequence[Task],
    corpus: Corpus,
    systems: Sequence[System],
    config: RunConfig,
    jobs: int,
    *,
    fn: Callable[[Chunk, S], list[R]],
    shared: S,
) -> Iterator[tuple[list[Task], list[R]]]:
    """Compute the tasks, serially, in ``jobs`` processes or on Dask, as chunks finish.

    Each chunk goes to ``fn(chunk, shared)`` on a worker (a run's :func:`compute_chunk`,
    a sweep's own); ``config`` says where the workers are.
    """
    from sumbench.engine.executors import Executor, map_chunks

    jobs = worker_count(jobs, len(tasks))
    dask = config.executor is Executor.DASK
    parts, work = partition(tasks, corpus, systems, jobs, dask=dask)
    for i, results in map_chunks(
        fn,
        work,
        shared=shared,
        executor=config.executor,
        scheduler=config.scheduler,
        workers=jobs,
        packages=PACKAGES if dask else (),
    ):
        yield parts[i], results


def store(guard: cache.CacheGuard, task: Task, results: Sequence[Outcome]) -> None:
    """Append a task's results to its pack as they arrive (in the client: workers need no
    shared file system)."""
    if task.pack is None:
        return
    # A failure is not cached: the next run tries that system again.
    guard.append(
        task.pack,
        [
            (key, result.as_dict())
            for key, result in zip(task.keys, results, strict=True)
            if key is not None and isinstance(result, DocumentResult)
        ],
    )


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
    spool: Path | None = None,
) -> Evaluated:
    """Every system's result (or failure) on every document, kept on disk (in ``spool``).

    A cache that cannot be written is used no further (``guard`` says so, once).
    """
    guard = guard or cache.CacheGuard()
    if config.cache_dir is not None:
        guard.prepare(config.cache_dir)
        if guard.error is not None:  # warned: the run goes on without the cache
            config = replace(config, cache_dir=None)
    collected = Collector(corpus.ids, [s.name for s in systems], spool)
    with collector_paused():
        reused, tasks = plan(corpus, systems, config, collected.add)
    if tasks:  # a warm run needs no sumy, no bar (nor tqdm's import)
        from sumbench.systems.sumy_systems import check_language

        check_language(config.language)  # before any work
        with progress_bar(len(corpus.documents), progress) as bar:
            bar.update(len(corpus.documents) - len(tasks))
            jobs = config.jobs or default_jobs()
            shared = (tuple(systems), config)
            work = execute(tasks, corpus, systems, config, jobs, fn=compute_chunk, shared=shared)
            for part, outcomes in work:
                for task, results in zip(part, outcomes, strict=True):
                    store(guard, task, results)
                    for result in results:
                        collected.add(task.position, result)
                bar.update(len(part))
    return collected.finish(reused)
