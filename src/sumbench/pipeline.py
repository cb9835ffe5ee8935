"""``run(config) -> RunResult``: corpus -> summaries -> scores, the one entry point."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import signal
import sys
from array import array
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from importlib.metadata import version
from operator import attrgetter
from pathlib import Path
from typing import Any

from tqdm import tqdm

from sumbench import cache as result_cache
from sumbench.analysis import intervals, pairwise_tests
from sumbench.corpus import Corpus, Document, load_corpus
from sumbench.corpus_jsonl import JsonlFields, load_jsonl
from sumbench.diagnostics import name_list, run_warnings, selection
from sumbench.errors import InputError, SystemFailed, SystemTimeout
from sumbench.multidoc import CLUSTERS_DIR, cluster_corpus, read_manifest
from sumbench.plugins import entry_point_system, installed_plugins, load_callable, plugin_system
from sumbench.results import (
    DocumentResult,
    Failure,
    Pairwise,
    RunResult,
    RunStats,
    Signature,
    Source,
    SystemResult,
)
from sumbench.scoring import (
    RougeScoring,
    ScoringConfig,
    aggregate_mean,
    rouge_score_version,
    truncate_words,
)
from sumbench.segment import segmenter_id, split_sentences
from sumbench.sources import output_system
from sumbench.stats import CI_METHOD, EXACT_MAX_DOCS, TEST_METHOD, StatsConfig
from sumbench.summarizers import (
    REGISTRY,
    Context,
    ParsedDocument,
    System,
    check_language,
    get_system,
    parse_document,
    sumy_version,
    with_params,
)
from sumbench.tokenize import signature_id

# Settings added after 0.1.0: left out of results.json while at their defaults, so a
# default run's results stay identical to those of earlier versions.
_OPTIONAL_DEFAULTS: dict[str, Any] = {
    "system_dirs": {},
    "plugins": {},
    "params": {},
    "allow_missing": False,
    "jsonl": {"id": "id", "text": ["text", "article"], "refs": "references"},
    "clusters": None,
}


@cache  # importlib.metadata reads files: once per process is enough
def sumbench_version() -> str:
    """Installed sumbench version."""
    return version("sumbench")


@dataclass(frozen=True)
class RunConfig:
    """Everything a run needs; the CLI builds one, library users may too.

    ``systems`` names built-in systems or installed plugins; ``plugins`` adds
    ``(name, "module:callable")`` summarizers and ``system_dirs`` ``(name, folder)``
    output folders, run after them. ``params`` holds ``(system, attribute, value)``
    overrides. A ``.jsonl`` ``docs`` is read with the ``jsonl`` field names; with
    ``clusters`` (a manifest), each cluster is summarized as one input.
    """

    docs: Path = Path("seeds")
    refs: Path = Path("references")
    systems: tuple[str, ...] = tuple(REGISTRY)
    sentences: int = 3
    words: int | None = None
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    seed: int = 0
    language: str = "english"
    system_dirs: tuple[tuple[str, Path], ...] = ()
    plugins: tuple[tuple[str, str], ...] = ()
    params: tuple[tuple[str, str, Any], ...] = ()
    allow_missing: bool = False
    jsonl: JsonlFields = field(default_factory=JsonlFields)
    clusters: Path | None = None
    stats: StatsConfig = field(default_factory=StatsConfig)
    # How to compute, not what: neither enters the signature nor results.json.
    jobs: int | None = None  # worker processes; None: the machine's cores
    timeout: float | None = None  # seconds one system may take on one document
    fail_fast: bool = False  # stop at the first failing system instead of reporting it
    cache_dir: Path | None = None  # result cache folder; None: no cache

    def __post_init__(self) -> None:
        if self.jobs is not None and self.jobs < 1:
            raise InputError(f"--jobs must be at least 1 (got {self.jobs})")
        if self.timeout is not None and not self.timeout > 0:
            raise InputError(f"--timeout must be a positive number of seconds (got {self.timeout})")
        if self.sentences < 1:
            raise InputError(f"--sentences must be at least 1 (got {self.sentences})")
        if self.words is not None and self.words < 1:
            raise InputError(f"--words must be at least 1 (got {self.words})")
        if not self.all_systems:
            raise InputError("no systems selected")
        duplicates = sorted({n for n in self.systems if self.systems.count(n) > 1})
        if duplicates:
            raise InputError(f"system(s) listed twice: {', '.join(duplicates)}")
        plugins = installed_plugins()
        for name in self.systems:
            if name not in plugins:
                get_system(name)
        check_language(self.language)
        self._check_external_names()
        for system, attr, _ in self.params:
            if system not in self.systems:
                raise InputError(f"--param {system}.{attr}: system {system!r} is not selected")

    def _check_external_names(self) -> None:
        names = [*self.systems, *(n for n, _ in self.plugins), *(n for n, _ in self.system_dirs)]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise InputError(f"system name(s) used twice: {', '.join(repeated)}")
        for name in names[len(self.systems) :]:
            if not name or "/" in name or name.startswith("."):
                raise InputError(f"bad system name {name!r}")

    @property
    def all_systems(self) -> tuple[str, ...]:
        """Every system's name in run order: selected, then plugins, then output folders."""
        return (*self.systems, *(n for n, _ in self.plugins), *(n for n, _ in self.system_dirs))

    def params_by_system(self) -> dict[str, dict[str, Any]]:
        """Parameter overrides grouped by system."""
        grouped: dict[str, dict[str, Any]] = {}
        for system, attr, value in self.params:
            grouped.setdefault(system, {})[attr] = value
        return grouped

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, paths as strings; newer settings only when not at their default."""
        out = asdict(self)
        del out["jobs"], out["cache_dir"], out["timeout"], out["fail_fast"]
        out["docs"], out["refs"] = str(self.docs), str(self.refs)
        out["systems"] = list(self.systems)
        out["scoring"]["rouge_types"] = list(self.scoring.rouge_types)
        if self.scoring.tokenizer == "default":
            del out["scoring"]["tokenizer"]
        out["system_dirs"] = {name: str(path) for name, path in self.system_dirs}
        out["plugins"] = dict(self.plugins)
        out["params"] = self.params_by_system()
        out["jsonl"]["text"] = list(self.jsonl.text)
        out["clusters"] = None if self.clusters is None else str(self.clusters)
        for key, default in _OPTIONAL_DEFAULTS.items():
            if out[key] == default:
                del out[key]
        return out


def resolve_systems(config: RunConfig) -> list[System]:
    """Every configured system, with parameter overrides applied, in run order."""
    params = config.params_by_system()
    installed = installed_plugins()
    systems: list[System] = []
    for name in config.systems:
        if name in REGISTRY:
            systems.append(with_params(name, params[name]) if name in params else REGISTRY[name])
        elif name in params:
            raise InputError(f"system {name!r} has no settable parameters (a plugin)")
        else:
            systems.append(entry_point_system(installed[name]))
    for name, target in config.plugins:
        systems.append(plugin_system(name, load_callable(target), target=target))
    systems += [output_system(name, folder) for name, folder in config.system_dirs]
    return systems


def load_input(config: RunConfig) -> Corpus:
    """The corpus of a config: a JSONL file or docs/refs folders, then clusters if asked."""
    if config.docs.suffix.lower() == ".jsonl":
        corpus = load_jsonl(config.docs, fields=config.jsonl)
    else:
        corpus = load_corpus(docs=config.docs, refs=config.refs)
    if config.clusters is None:
        return corpus
    clusters = read_manifest(config.clusters)
    return cluster_corpus(corpus, clusters, refs=config.refs / CLUSTERS_DIR)


def check_coverage(corpus: Corpus, systems: Sequence[System], *, allow_missing: bool) -> None:
    """Every system must have output for every document, unless missing ones are allowed."""
    ids = [doc.id for doc in corpus.documents]
    for system in systems:
        if system.covers is None:
            continue
        missing = [doc_id for doc_id in ids if doc_id not in system.covers]
        if len(missing) == len(ids):
            raise InputError(f"system {system.name!r} has output for none of the documents")
        if missing and not allow_missing:
            shown = ", ".join(f"{m}.txt" for m in missing[:3])
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            raise InputError(
                f"system {system.name!r} ({system.description}) has no output for"
                f" {shown}{more}; use --allow-missing to score the others"
            )


def _params_hash(systems: Sequence[System]) -> str | None:
    """Short hash of the parameters that differ from the registry's, or None if none do."""
    changed = {
        s.name: dict(s.params)
        for s in systems
        if s.name not in REGISTRY or dict(s.params) != dict(REGISTRY[s.name].params)
    }
    if not changed:
        return None
    text = json.dumps(changed, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def signature(
    corpus: Corpus, config: RunConfig, systems: Sequence[System] | None = None
) -> Signature:
    """The settings and versions that determine the numbers of a run.

    ``mode`` and ``params`` appear only when not at their defaults (single-document
    input, registry parameters), so a default run's signature never changes.
    """
    low, high = corpus.reference_counts()
    optional: list[tuple[str, str]] = []
    if config.clusters is not None:
        optional.append(("mode", "multi"))
    params = _params_hash(systems or [])
    if params is not None:
        optional.append(("params", params))
    return Signature(
        fields=(
            ("sumbench", sumbench_version()),
            ("sumy", sumy_version()),
            ("rouge", rouge_score_version()),
            ("seg", segmenter_id()),
            ("tok", signature_id(config.scoring.tokenizer)),
            ("lang", config.language),
            ("stem", "yes" if config.scoring.stem else "no"),
            ("k", str(config.sentences)),
            ("words", "none" if config.words is None else str(config.words)),
            ("multiref", config.scoring.multi_ref),
            ("seed", str(config.seed)),
            ("docs", str(len(corpus.documents))),
            ("refs", str(low) if low == high else f"{low}-{high}"),
            ("corpus", corpus.content_hash()),
            ("ci", CI_METHOD),
            ("resamples", str(config.stats.resamples)),
            ("conf", f"{config.stats.confidence:g}"),
            ("test", TEST_METHOD),
            ("trials", "exact" if low_docs(corpus) else str(config.stats.trials)),
            *optional,
        )
    )


def low_docs(corpus: Corpus) -> bool:
    """Whether the paired test enumerates every sign flip (few documents)."""
    return len(corpus.documents) <= EXACT_MAX_DOCS


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


def evaluate_document(
    doc: Document,
    systems: Sequence[System],
    config: RunConfig,
    scoring: RougeScoring | None = None,
) -> list[DocumentResult]:
    """Parse one document once, run every system on it, and score each summary."""
    systems = [s for s in systems if s.covers is None or doc.id in s.covers]
    parsed = parse_document(doc.id, doc.text, language=config.language)
    references = tuple(split_sentences(r.text, language=config.language) for r in doc.references)
    ctx = Context(
        k=config.sentences,
        seed=config.seed,
        language=config.language,
        references=references,
        scoring=config.scoring,
    )
    scoring = scoring or _scoring(config.scoring, config.language)
    results: list[DocumentResult | Failure] = []
    try:
        for system in systems:
            try:
                with time_limit(config.timeout):
                    output = system.summarize(parsed, ctx)
                    indices, sentences = resolve_output(
                        output, doc=parsed, k=config.sentences, system=system
                    )
            except Exception as exc:  # one system failing must not sink the run
                failure = Failure(doc.id, system.name, _describe(exc, config.timeout))
                if config.fail_fast:
                    raise SystemFailed(
                        f"system {system.name!r} failed on document {doc.id!r}: {failure.error}"
                    ) from exc
                results.append(failure)
                continue
            summary = truncate_words(sentences, config.words)
            scores = scoring.score(summary=summary, references=references)
            results.append(
                DocumentResult(doc.id, system.name, indices, summary, scores, len(parsed.sentences))
            )
    finally:
        scoring.forget()
    return results


def _describe(exc: BaseException, timeout: float | None) -> str:
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
        ci_key=config.stats.ci_key,
        position=chosen.position if chosen else None,
        lead_overlap=chosen.lead_overlap if chosen else None,
        # Coverage shows when outputs were missing (--allow-missing) or a system failed.
        coverage=None if system.covers is None and len(results) == total else (len(results), total),
    )


def document_sources(corpus: Corpus, config: RunConfig) -> tuple[Source, ...]:
    """Each document's sentences (as the systems indexed them) and its references, for reports.

    From the cache when there is one, so that a warm re-run parses nothing.
    """
    return tuple(_source(doc, config) for doc in corpus.documents)


def _source(doc: Document, config: RunConfig) -> Source:
    refs = tuple((ref.name, ref.text) for ref in doc.references)
    # A folder of their own, beside the (document, system) result entries.
    root = None if config.cache_dir is None else config.cache_dir / "sources"
    key = ""
    if root is not None:
        key = result_cache.fields_digest(
            {
                "kind": "sentences",
                "segmenter": segmenter_id(),
                "sumy": sumy_version(),
                "sumbench": sumbench_version(),
                "language": config.language,
                "document": _document_digest(doc),
            }
        )
        payload = result_cache.read_entry(root, key)
        sentences = payload.get("sentences") if isinstance(payload, dict) else None
        if isinstance(sentences, list) and all(type(x) is str for x in sentences):
            return Source(doc.id, tuple(sentences), refs)
    parsed = parse_document(doc.id, doc.text, language=config.language).sentences
    if root is not None:
        result_cache.write_entry(root, key, {"sentences": list(parsed)})
    return Source(doc.id, parsed, refs)


@cache
def _scoring(config: ScoringConfig, language: str) -> RougeScoring:
    """One scorer per process and configuration, so its tokenizer memo is shared."""
    return RougeScoring(config, language=language)


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
                "tokenizer": config.scoring.tokenizer,
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
            if system.covers is not None and doc.id not in system.covers:
                continue  # no output for this document (--allow-missing)
            if root is None or not system.cacheable:
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


def compute_tasks(tasks: Sequence[Task], config: RunConfig) -> list[list[DocumentResult | Failure]]:
    """Evaluate a chunk of tasks, storing each result in the cache (worker entry point)."""
    out = []
    for task in tasks:
        results = evaluate_document(task.doc, task.systems, config)
        if config.cache_dir is not None:
            for key, result in zip(task.keys, results, strict=True):
                # A failure is not cached: the next run tries that system again.
                if key is not None and isinstance(result, DocumentResult):
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
) -> tuple[list[DocumentResult | Failure], RunStats]:
    """Every system's result (or failure) on every document, in document then system order."""
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
    ordered = [
        computed[(i, s.name)]
        for i in range(len(corpus.documents))
        for s in systems
        if (i, s.name) in computed
    ]
    return ordered, RunStats(reused=len(found), computed=len(ordered) - len(found))


def run(
    config: RunConfig | None = None, *, corpus: Corpus | None = None, progress: bool = False
) -> RunResult:
    """Evaluate the configured systems on a corpus (loaded from ``config`` if not given)."""
    config = config or RunConfig()
    systems = resolve_systems(config)
    if corpus is None:
        corpus = load_input(config)
    check_coverage(corpus, systems, allow_missing=config.allow_missing)
    outcomes, run_stats = evaluate_corpus(corpus, systems, config, progress=progress)
    failures = tuple(r for r in outcomes if isinstance(r, Failure))
    with _collector_paused():
        by_system: dict[str, list[DocumentResult]] = {s.name: [] for s in systems}
        for result in outcomes:
            if isinstance(result, DocumentResult):
                by_system[result.system].append(result)
        for results in by_system.values():
            results.sort(key=attrgetter("doc_id"))
        summaries = tuple(r for s in systems for r in by_system[s.name])
    # A system that failed on every document has no scores to report, only failures.
    scored = [s for s in systems if by_system[s.name]]
    if not scored:
        raise SystemFailed(f"every system failed on every document (first: {failures[0].error})")
    names = [s.name for s in scored]
    cis, pairwise, warnings = analyse(corpus, summaries, names, config)
    metrics = config.scoring.rouge_types
    total = len(corpus.documents)
    system_results = tuple(
        replace(
            aggregate(s, by_system[s.name], config, total=total),
            intervals={m: cis[(s.name, m)] for m in metrics},
        )
        for s in scored
    )
    return RunResult(
        version=sumbench_version(),
        signature=signature(corpus, config, systems),  # all systems: the run asked for them
        config=config.as_dict(),
        systems=system_results,
        documents=summaries,
        pairwise=pairwise,
        warnings=(*failure_warnings(failures, systems), *warnings),
        ci_key=config.stats.ci_key,
        sources=document_sources(corpus, config),
        run_stats=run_stats,
        failures=failures,
    )


Analysis = tuple[dict[tuple[str, str], tuple[float, float]], tuple[Pairwise, ...], tuple[str, ...]]


def analyse(
    corpus: Corpus, documents: Sequence[DocumentResult], names: Sequence[str], config: RunConfig
) -> Analysis:
    """Intervals, pairwise tests and warnings of a run, from the cache when unchanged.

    They depend only on the corpus, the per-document scores and the statistics
    settings, so a re-run whose results all come from the cache need not redo them.
    """
    root = None if config.cache_dir is None else config.cache_dir / "analysis"
    key = _analysis_key(corpus, documents, names, config) if root is not None else ""
    if root is not None:
        cached = _decode_analysis(result_cache.read_entry(root, key))
        if cached is not None:
            return cached
    metrics = config.scoring.rouge_types
    stats = {"config": config.stats, "seed": config.seed}
    found: Analysis = (
        intervals(documents, names, metrics, **stats),
        pairwise_tests(documents, names, metrics, **stats),
        run_warnings(corpus, documents, k=config.sentences),
    )
    if root is not None:
        result_cache.write_entry(root, key, _encode_analysis(found))
    return found


def _analysis_key(
    corpus: Corpus, documents: Sequence[DocumentResult], names: Sequence[str], config: RunConfig
) -> str:
    digest = hashlib.sha256()
    for d in documents:
        digest.update(f"{d.system}\x00{d.doc_id}\x00{d.n_sentences}\x00".encode())
        digest.update(
            array("d", (v for t in d.scores.values() for v in (t.precision, t.recall, t.fmeasure)))
        )
    return result_cache.fields_digest(
        {
            "kind": "analysis",
            "sumbench": sumbench_version(),
            "corpus": corpus.content_hash(),
            "scores": digest.hexdigest(),
            "systems": list(names),
            "metrics": list(config.scoring.rouge_types),
            "stats": asdict(config.stats),
            "seed": config.seed,
            "k": config.sentences,
        }
    )


def _encode_analysis(found: Analysis) -> dict[str, Any]:
    cis, pairwise, warnings = found
    return {
        "intervals": [[s, m, low, high] for (s, m), (low, high) in cis.items()],
        "pairwise": [p.as_dict("ci") for p in pairwise],
        "warnings": list(warnings),
    }


def _decode_analysis(payload: dict[str, Any] | None) -> Analysis | None:
    """The cached analysis, or None when missing or malformed (then it is recomputed)."""
    if payload is None:
        return None
    try:
        cis = {(s, m): (float(low), float(high)) for s, m, low, high in payload["intervals"]}
        pairwise = tuple(
            Pairwise(
                str(p["a"]), str(p["b"]), str(p["metric"]), float(p["mean_diff"]),
                (float(p["ci"][0]), float(p["ci"][1])), float(p["p_value"]),
                float(p["p_holm"]), bool(p["significant"]),
            )
            for p in payload["pairwise"]
        )  # fmt: skip
        return cis, pairwise, tuple(str(w) for w in payload["warnings"])
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def failure_warnings(failures: Sequence[Failure], systems: Sequence[System]) -> tuple[str, ...]:
    """One warning per failing system: how often, where first, and why."""
    out = []
    for system in systems:
        mine = [f for f in failures if f.system == system.name]
        if mine:
            where = name_list([f.doc_id for f in mine])
            out.append(
                f"system {system.name} failed on {len(mine)} document(s), scored without"
                f" them: {where} (first error: {mine[0].error}); results are incomplete"
            )
    return tuple(out)
