"""``run(config) -> RunResult``: corpus -> summaries -> scores, the one entry point."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sumbench.analysis import intervals, pairwise_tests
from sumbench.corpus import Corpus, Document, load_corpus
from sumbench.diagnostics import run_warnings, selection
from sumbench.errors import InputError
from sumbench.results import DocumentResult, RunResult, Signature, Source, SystemResult
from sumbench.scoring import (
    RougeScoring,
    ScoringConfig,
    aggregate_mean,
    rouge_score_version,
    truncate_words,
)
from sumbench.segment import segmenter_id, split_sentences
from sumbench.stats import CI_METHOD, EXACT_MAX_DOCS, TEST_METHOD, StatsConfig
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
    stats: StatsConfig = field(default_factory=StatsConfig)

    def __post_init__(self) -> None:
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
            ("ci", CI_METHOD),
            ("resamples", str(config.stats.resamples)),
            ("conf", f"{config.stats.confidence:g}"),
            ("test", TEST_METHOD),
            ("trials", "exact" if low_docs(corpus) else str(config.stats.trials)),
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
        raise ValueError(f"{where} returned {len(chosen)} sentences, more than k={k}")
    if any(not 0 <= i < len(doc.sentences) for i in chosen):
        raise ValueError(f"{where} returned a sentence index outside the document")
    if chosen != sorted(set(chosen)):
        raise ValueError(f"{where} returned repeated or out-of-order sentences")


def evaluate_document(
    doc: Document, systems: Sequence[System], config: RunConfig, scoring: RougeScoring
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
    results = []
    for system in systems:
        indices = tuple(system.summarize(parsed, ctx))
        check_selection(indices, doc=parsed, k=config.sentences, system=system.name)
        summary = truncate_words([parsed.sentences[i] for i in indices], config.words)
        scores = scoring.score(summary=summary, references=references)
        results.append(
            DocumentResult(doc.id, system.name, indices, summary, scores, len(parsed.sentences))
        )
    return results


def aggregate(system: System, results: Sequence[DocumentResult], config: RunConfig) -> SystemResult:
    """Mean P, R and F over documents, mean words, and where the sentences come from."""
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
    )


def summarize_corpus(corpus: Corpus, config: RunConfig) -> tuple[DocumentResult, ...]:
    """Every system on every document, ordered by system (run order) then document id."""
    systems = [get_system(name) for name in config.systems]
    scoring = RougeScoring(config.scoring)
    documents: list[DocumentResult] = []
    for doc in corpus.documents:
        documents.extend(evaluate_document(doc, systems, config, scoring))
    order = {name: i for i, name in enumerate(config.systems)}
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
    if corpus is None:
        corpus = load_corpus(docs=config.docs, refs=config.refs)
    documents = summarize_corpus(corpus, config)
    names, metrics = config.systems, config.scoring.rouge_types
    stats = {"config": config.stats, "seed": config.seed}
    cis = intervals(documents, names, metrics, **stats)
    systems = tuple(
        replace(
            aggregate(get_system(name), [d for d in documents if d.system == name], config),
            intervals={m: cis[(name, m)] for m in metrics},
        )
        for name in names
    )
    return RunResult(
        version=sumbench_version(),
        signature=signature(corpus, config),
        config=config.as_dict(),
        systems=systems,
        documents=documents,
        pairwise=pairwise_tests(documents, names, metrics, **stats),
        warnings=run_warnings(corpus, documents),
        ci_key=config.stats.ci_key,
        sources=document_sources(corpus, config.language),
    )
