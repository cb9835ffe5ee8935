"""``run(config) -> RunResult``: corpus -> summaries -> scores, the one entry point."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sumbench.analysis import intervals, pairwise_tests
from sumbench.corpus import Corpus, Document, load_corpus
from sumbench.corpus_jsonl import JsonlFields, load_jsonl
from sumbench.diagnostics import run_warnings, selection
from sumbench.errors import InputError
from sumbench.multidoc import CLUSTERS_DIR, cluster_corpus, read_manifest
from sumbench.plugins import entry_point_system, installed_plugins, load_callable, plugin_system
from sumbench.results import DocumentResult, RunResult, Signature, Source, SystemResult
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

    def __post_init__(self) -> None:
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
    doc: Document, systems: Sequence[System], config: RunConfig, scoring: RougeScoring
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
    results = []
    for system in systems:
        output = system.summarize(parsed, ctx)
        indices, sentences = resolve_output(output, doc=parsed, k=config.sentences, system=system)
        summary = truncate_words(sentences, config.words)
        scores = scoring.score(summary=summary, references=references)
        results.append(
            DocumentResult(doc.id, system.name, indices, summary, scores, len(parsed.sentences))
        )
    return results


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
        coverage=None if system.covers is None else (len(results), total),
    )


def summarize_corpus(
    corpus: Corpus, systems: Sequence[System], config: RunConfig
) -> tuple[DocumentResult, ...]:
    """Every system on every document, ordered by system (run order) then document id."""
    scoring = RougeScoring(config.scoring, language=config.language)
    documents: list[DocumentResult] = []
    for doc in corpus.documents:
        documents.extend(evaluate_document(doc, systems, config, scoring))
    order = {s.name: i for i, s in enumerate(systems)}
    return tuple(sorted(documents, key=lambda d: (order[d.system], d.doc_id)))


def document_sources(corpus: Corpus, language: str) -> tuple[Source, ...]:
    """Each document's sentences (as the systems indexed them) and its references, for reports."""
    # Parsing again is cheap next to summarizing, and keeps evaluate_document unchanged.
    return tuple(
        Source(
            doc.id,
            parse_document(doc.id, doc.text, language=language).sentences,
            tuple((ref.name, ref.text) for ref in doc.references),
        )
        for doc in corpus.documents
    )


def run(config: RunConfig | None = None, *, corpus: Corpus | None = None) -> RunResult:
    """Evaluate the configured systems on a corpus (loaded from ``config`` if not given)."""
    config = config or RunConfig()
    systems = resolve_systems(config)
    if corpus is None:
        corpus = load_input(config)
    check_coverage(corpus, systems, allow_missing=config.allow_missing)
    documents = summarize_corpus(corpus, systems, config)
    names, metrics = [s.name for s in systems], config.scoring.rouge_types
    stats = {"config": config.stats, "seed": config.seed}
    cis = intervals(documents, names, metrics, **stats)
    total = len(corpus.documents)
    system_results = tuple(
        replace(
            aggregate(s, [d for d in documents if d.system == s.name], config, total=total),
            intervals={m: cis[(s.name, m)] for m in metrics},
        )
        for s in systems
    )
    return RunResult(
        version=sumbench_version(),
        signature=signature(corpus, config, systems),
        config=config.as_dict(),
        systems=system_results,
        documents=documents,
        pairwise=pairwise_tests(documents, names, metrics, **stats),
        warnings=run_warnings(corpus, documents, k=config.sentences),
        ci_key=config.stats.ci_key,
        sources=document_sources(corpus, config.language),
    )
