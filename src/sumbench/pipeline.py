"""``run(config) -> RunResult``: corpus -> summaries -> scores, the one entry point."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib.metadata import version
from operator import attrgetter
from pathlib import Path
from typing import Any

from tqdm import tqdm

from sumbench import cache as result_cache
from sumbench.corpus import Corpus, Document, load_corpus
from sumbench.errors import InputError
from sumbench.results import DocumentResult, RunResult, RunStats, Signature, SystemResult
from sumbench.scoring import (
    RougeScoring,
    ScoringConfig,
    aggregate_mean,
    rouge_score_version,
    truncate_words,
)
from sumbench.segment import segmenter_id, split_sentences
from sumbench.summarizers import (
    REGISTRY,
    Context,
    ParsedDocument,
    System,
    get_system,
    parse_document,
    sumy_version,
)


def sumbench_version() -> str:
    """Installed sumbench version."""
    return version("sumbench")


@dataclass(frozen=True)
class RunConfig:
    """Everything a run needs; the CLI builds one, library users may too."""

    docs: Path = Path("seeds")
    refs: Path = Path("references")
    systems: tuple[str, ...] = tuple(REGISTRY)
    sentences: int = 3
    words: int | None = None
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    seed: int = 0
    language: str = "english"
    # How to compute, not what: neither enters the signature nor results.json.
    jobs: int | None = None  # worker processes; None: the machine's cores
    cache_dir: Path | None = None  # result cache folder; None: no cache

    def __post_init__(self) -> None:
        if self.jobs is not None and self.jobs < 1:
            raise InputError(f"--jobs must be at least 1 (got {self.jobs})")
        if self.sentences < 1:
            raise InputError(f"--sentences must be at least 1 (got {self.sentences})")
        if self.words is not None and self.words < 1:
            raise InputError(f"--words must be at least 1 (got {self.words})")
        if not self.systems:
            raise InputError("no systems selected")
        duplicates = sorted({n for n in self.systems if self.systems.count(n) > 1})
        if duplicates:
            raise InputError(f"system(s) listed twice: {', '.join(duplicates)}")
        for name in self.systems:
            get_system(name)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, paths as strings."""
        out = asdict(self)
        del out["jobs"], out["cache_dir"]
        out["docs"], out["refs"] = str(self.docs), str(self.refs)
        out["systems"] = list(self.systems)
        out["scoring"]["rouge_types"] = list(self.scoring.rouge_types)
        return out


def signature(corpus: Corpus, config: RunConfig) -> Signature:
    """The settings and versions that determine the numbers of a run."""
    low, high = corpus.reference_counts()
    return Signature(
        fields=(
            ("sumbench", sumbench_version()),
            ("sumy", sumy_version()),
            ("rouge", rouge_score_version()),
            ("seg", segmenter_id()),
            ("tok", "rouge-score-default"),
            ("lang", config.language),
            ("stem", "yes" if config.scoring.stem else "no"),
            ("k", str(config.sentences)),
            ("words", "none" if config.words is None else str(config.words)),
            ("multiref", config.scoring.multi_ref),
            ("seed", str(config.seed)),
            ("docs", str(len(corpus.documents))),
            ("refs", str(low) if low == high else f"{low}-{high}"),
            ("corpus", corpus.content_hash()),
        )
    )


def check_selection(indices: Sequence[int], *, doc: ParsedDocument, k: int, system: str) -> None:
    """A summary is distinct sentences of the document, in document order, at most k."""
    chosen = list(indices)
    where = f"system {system!r} on document {doc.id!r}"
    if len(chosen) > k:
        raise ValueError(f"{where} returned {len(chosen)} sentences, more than k={k}")
    if any(not 0 <= i < len(doc.sentences) for i in chosen):
        raise ValueError(f"{where} returned a sentence index outside the document")
    if chosen != sorted(set(chosen)):
        raise ValueError(f"{where} returned repeated or out-of-order sentences")


def evaluate_document(
    doc: Document,
    systems: Sequence[System],
    config: RunConfig,
    scoring: RougeScoring | None = None,
) -> list[DocumentResult]:
    """Parse one document once, run every system on it, and score each summary."""
    parsed = parse_document(doc.id, doc.text, language=config.language)
    references = tuple(split_sentences(r.text, language=config.language) for r in doc.references)
    ctx = Context(
        k=config.sentences,
        seed=config.seed,
        language=config.language,
        references=references,
        scoring=config.scoring,
    )
    scoring = scoring or _scoring(config.scoring)
    results = []
    try:
        for system in systems:
            indices = tuple(system.summarize(parsed, ctx))
            check_selection(indices, doc=parsed, k=config.sentences, system=system.name)
            summary = truncate_words([parsed.sentences[i] for i in indices], config.words)
            scores = scoring.score(summary=summary, references=references)
            results.append(DocumentResult(doc.id, system.name, indices, summary, scores))
    finally:
        scoring.forget()
    return results


def aggregate(
    system: System, results: Sequence[DocumentResult], rouge_types: tuple[str, ...]
) -> SystemResult:
    """Mean P, R and F over documents, and mean summary length in words."""
    return SystemResult(
        name=system.name,
        description=system.description,
        upper_bound=system.upper_bound,
        scores=aggregate_mean([r.scores for r in results], rouge_types),
        words=sum(r.words for r in results) / len(results),
        params=system.params,
    )


@cache
def _scoring(config: ScoringConfig) -> RougeScoring:
    """One scorer per process and configuration, so its tokenizer memo is shared."""
    return RougeScoring(config)


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


def run_digest(config: RunConfig) -> str:
    """Digest of every setting and version that changes a per-document result."""
    return result_cache.fields_digest(
        {
            "versions": {
                "sumbench": sumbench_version(),
                "sumy": sumy_version(),
                "rouge-score": rouge_score_version(),
                "segmenter": segmenter_id(),
                # sumbench's word tokenizer and LSA's SVD come from these.
                "nltk": version("nltk"),
                "numpy": version("numpy"),
            },
            "scoring": {
                "stem": config.scoring.stem,
                "multi_ref": config.scoring.multi_ref,
                "rouge_types": list(config.scoring.rouge_types),
            },
            "k": config.sentences,
            "words": config.words,
            "seed": config.seed,
            "language": config.language,
        }
    )


def _document_digest(doc: Document) -> str:
    refs = [(r.name, result_cache.digest(r.text)) for r in doc.references]
    return result_cache.document_digest(doc.id, doc.text, refs)


def _cached(root: Path, key: str, rouge_types: tuple[str, ...]) -> DocumentResult | None:
    """A cached result, or None when it is missing or unusable."""
    payload = result_cache.read_entry(root, key)
    if payload is None:
        return None
    try:
        return DocumentResult.from_dict(payload, rouge_types)
    except ValueError:
        return None


def _lookup(
    root: Path, key: str, doc: Document, system: System, config: RunConfig
) -> DocumentResult | None:
    """The cached result of ``system`` on ``doc``, if there is a usable one."""
    hit = _cached(root, key, config.scoring.rouge_types)
    if hit is None or hit.doc_id != doc.id or hit.system != system.name:
        return None
    return hit


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
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
    run_key = run_digest(config) if root is not None else ""
    system_keys = {s.name: result_cache.system_digest(s.name, s.params) for s in systems}
    for position, doc in enumerate(corpus.documents):
        doc_key = _document_digest(doc) if root is not None else ""
        missing: list[tuple[System, str | None]] = []
        for system in systems:
            if root is None:
                missing.append((system, None))
                continue
            key = result_cache.result_key(run_key, doc_key, system_keys[system.name])
            hit = _lookup(root, key, doc, system, config)
            if hit is None:
                missing.append((system, key))
            else:
                found[(position, system.name)] = hit
        if missing:
            left, keys = zip(*missing, strict=True)
            tasks.append(Task(position, doc, tuple(left), tuple(keys)))
    return found, tasks


def compute_tasks(tasks: Sequence[Task], config: RunConfig) -> list[list[DocumentResult]]:
    """Evaluate a chunk of tasks, storing each result in the cache (worker entry point)."""
    out = []
    for task in tasks:
        results = evaluate_document(task.doc, task.systems, config)
        if config.cache_dir is not None:
            for key, result in zip(task.keys, results, strict=True):
                if key is not None:
                    result_cache.write_entry(config.cache_dir, key, result.as_dict())
        out.append(results)
    return out


def _chunks(tasks: Sequence[Task], jobs: int) -> list[list[Task]]:
    # Small chunks balance long and short documents; not so small that IPC dominates.
    size = max(1, min(16, len(tasks) // (jobs * 8)))
    return [list(tasks[i : i + size]) for i in range(0, len(tasks), size)]


def execute(
    tasks: Sequence[Task], config: RunConfig, jobs: int
) -> Iterator[tuple[Task, list[DocumentResult]]]:
    """Compute the tasks, serially or in ``jobs`` processes, yielding as chunks finish."""
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield task, compute_tasks([task], config)[0]
        return
    chunks = _chunks(tasks, jobs)
    with ProcessPoolExecutor(max_workers=min(jobs, len(chunks))) as pool:
        futures = {pool.submit(compute_tasks, chunk, config): chunk for chunk in chunks}
        try:
            for future in as_completed(futures):
                yield from zip(futures[future], future.result(), strict=True)
        except BaseException:
            # Ctrl-C or a failing system: do not wait for the chunks still queued.
            pool.shutdown(wait=False, cancel_futures=True)
            raise


class _Bar(tqdm):
    """tqdm without its monitor thread."""

    # Workers are forked while the bar is open; forking a process that runs other
    # threads can deadlock the child.
    monitor_interval = 0


def _progress(total: int, enabled: bool) -> tqdm:
    return _Bar(
        total=total, disable=not enabled, delay=2.0, file=sys.stderr, unit="doc", leave=False
    )


def evaluate_corpus(
    corpus: Corpus, systems: Sequence[System], config: RunConfig, *, progress: bool = False
) -> tuple[list[DocumentResult], RunStats]:
    """Every system's result on every document, in document then system order."""
    if config.cache_dir is not None:
        result_cache.prepare_cache_dir(config.cache_dir)
    with _collector_paused():
        found, tasks = plan(corpus, systems, config)
    computed = dict(found)
    with _progress(len(corpus.documents), progress) as bar:
        bar.update(len(corpus.documents) - len(tasks))
        for task, results in execute(tasks, config, config.jobs or default_jobs()):
            computed.update({(task.position, r.system): r for r in results})
            bar.update(1)
    ordered = [computed[(i, s.name)] for i in range(len(corpus.documents)) for s in systems]
    return ordered, RunStats(reused=len(found), computed=len(ordered) - len(found))


def run(
    config: RunConfig | None = None, *, corpus: Corpus | None = None, progress: bool = False
) -> RunResult:
    """Evaluate the configured systems on a corpus (loaded from ``config`` if not given)."""
    config = config or RunConfig()
    if corpus is None:
        corpus = load_corpus(docs=config.docs, refs=config.refs)
    systems = [get_system(name) for name in config.systems]
    documents, stats = evaluate_corpus(corpus, systems, config, progress=progress)
    with _collector_paused():
        by_system: dict[str, list[DocumentResult]] = {s.name: [] for s in systems}
        for result in documents:
            by_system[result.system].append(result)
        for results in by_system.values():
            results.sort(key=attrgetter("doc_id"))
        summaries = tuple(r for s in systems for r in by_system[s.name])
        rouge_types = config.scoring.rouge_types
        system_results = tuple(aggregate(s, by_system[s.name], rouge_types) for s in systems)
    return RunResult(
        version=sumbench_version(),
        signature=signature(corpus, config),
        config=config.as_dict(),
        systems=system_results,
        documents=summaries,
        stats=stats,
    )
