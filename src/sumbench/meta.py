"""Meta-evaluation: ``correlate(config) -> CorrelationResult``, how well metrics agree with people.

The summaries are scored by the same engine as :func:`sumbench.run` (cache, worker processes,
scorer settings): each judged system is a system with its outputs given in memory. Every ROUGE
type x precision/recall/F is then correlated with every human criterion (see
:mod:`sumbench.stats.correlation` and docs/correlate.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sumbench.corpus.model import Corpus
from sumbench.defaults import DEFAULTS, default
from sumbench.engine.config import RunConfig
from sumbench.errors import InputError, SettingError
from sumbench.results.correlations import CorrelationResult
from sumbench.results.parts import Signature
from sumbench.stats.correlation import Coefficient, Level
from sumbench.systems.base import System

# The settings only ``correlate`` reads; the others make its RunConfig.
CORRELATE_KEYS = ("human", "permutations", "levels", "coefficients", "all_pairs")
MEASURES = (("P", "precision"), ("R", "recall"), ("F", "fmeasure"))


@dataclass(frozen=True)
class CorrelateConfig:
    """What ``sumbench correlate`` does: scoring, cache and output settings come from ``run``.

    ``run.docs`` is a judged JSONL corpus, or (with ``human``) a corpus whose systems are
    ``run.system_dirs``. ``run.systems`` and ``run.plugins`` are not used.
    """

    run: RunConfig = field(default_factory=lambda: RunConfig(out=None))
    human: Path | None = None
    permutations: int = DEFAULTS["permutations"].default
    levels: tuple[Level, ...] = field(default_factory=lambda: _parse(Level, "levels"))
    coefficients: tuple[Coefficient, ...] = field(
        default_factory=lambda: _parse(Coefficient, "coefficients")
    )
    all_pairs: bool = DEFAULTS["all_pairs"].default

    def __post_init__(self) -> None:
        if self.permutations < 1:
            raise SettingError(
                "permutations", f"permutations must be at least 1 (got {self.permutations})"
            )
        if not self.levels or not self.coefficients:
            raise InputError("correlate needs at least one level and one coefficient")


def load_correlate(path: Path | str | None = None, **overrides: Any) -> CorrelateConfig:
    """The :class:`CorrelateConfig` of an experiment file with ``overrides`` (its keys) applied."""
    from sumbench.experiment import discover, load_experiment, load_settings, validate

    chosen = Path(path) if path is not None else discover(Path.cwd())
    from_file = load_settings(chosen) if chosen is not None else {}
    given = {k: str(v) if isinstance(v, Path) else v for k, v in overrides.items()}
    own = {k: v for k, v in {**from_file, **given}.items() if k in CORRELATE_KEYS}
    validate(own, "correlate settings")
    run = load_experiment(path, **{k: v for k, v in overrides.items() if k not in CORRELATE_KEYS})
    settings = {key: default(key) for key in CORRELATE_KEYS} | own
    return CorrelateConfig(
        run=run,
        human=None if settings["human"] is None else Path(settings["human"]),
        permutations=settings["permutations"],
        levels=_parse(Level, "levels", settings["levels"]),
        coefficients=_parse(Coefficient, "coefficients", settings["coefficients"]),
        all_pairs=settings["all_pairs"],
    )


def _parse(kind: Any, key: str, names: Sequence[str] | None = None) -> tuple[Any, ...]:
    """Members of enum ``kind`` named by ``names`` (default: the defaults table's), in order."""
    names = default(key) if names is None else names
    known = [member.value for member in kind]
    wrong = [n for n in names if n not in known]
    if wrong:
        raise SettingError(
            key, f"{key}: unknown {', '.join(wrong)} (choose from: {', '.join(known)})"
        )
    return tuple(kind(n) for n in dict.fromkeys(names))


def judged_input(config: CorrelateConfig) -> tuple[Corpus, list[System], Any]:
    """The corpus, one in-memory system per judged system, and the human scores."""
    from sumbench.corpus.judgments import human_scores_of, load_human_scores, load_judged_corpus
    from sumbench.corpus.model import build_corpus
    from sumbench.systems.outputs import memory_system, output_system

    run = config.run
    if not run.system_dirs:
        if config.human is not None:
            raise InputError("--human goes with --system-dir; a judged corpus holds its scores")
        if run.docs.suffix.lower() != ".jsonl":
            raise InputError(f"{run.docs}: correlate needs a judged .jsonl corpus or --system-dir")
        judged = load_judged_corpus(run.docs)
        corpus = build_corpus((d.id, d.article, d.references) for d in judged)
        outputs: dict[str, dict[str, str]] = {}
        for doc in judged:
            for s in doc.summaries:
                outputs.setdefault(s.system, {})[doc.id] = s.summary
        systems = [
            memory_system(name, texts, description=f"judged summaries in {run.docs}")
            for name, texts in sorted(outputs.items())
        ]
        return corpus, systems, human_scores_of(judged)
    if config.human is None:
        raise InputError("--system-dir needs --human FILE (rows id,system,criterion,score)")
    from sumbench.engine.inputs import load_input

    systems = [output_system(name, folder) for name, folder in run.system_dirs]
    return load_input(run), systems, load_human_scores(config.human)


def metric_matrices(
    outcomes: Sequence[Any], doc_ids: Sequence[str], systems: Sequence[str], types: Sequence[str]
) -> dict[str, Any]:
    """One doc x system matrix per ROUGE type x measure, named like ``rouge2-F``."""
    from sumbench.corpus.judgments import score_matrix
    from sumbench.results.parts import DocumentResult

    scored = [r for r in outcomes if isinstance(r, DocumentResult)]
    return {
        f"{t}-{short}": score_matrix(
            ((r.doc_id, r.system, getattr(r.scores[t], attr)) for r in scored), doc_ids, systems
        )
        for t in types
        for short, attr in MEASURES
    }


def scored_matrices(
    config: CorrelateConfig, *, progress: bool = False
) -> tuple[Corpus, list[System], dict[str, Any], dict[str, Any], Any]:
    """Corpus, systems, metric and human matrices (doc x system), and the cache statistics."""
    from sumbench.corpus.judgments import human_matrices
    from sumbench.engine.executor import evaluate_corpus
    from sumbench.engine.inputs import check_coverage

    corpus, systems, human_scores = judged_input(config)
    check_coverage(corpus, systems, allow_missing=True)
    run = replace(config.run, out=None)
    found = evaluate_corpus(corpus, systems, run, progress=progress)
    doc_ids = list(corpus.ids)
    names = [s.name for s in systems]
    metrics = metric_matrices(found.documents, doc_ids, names, run.scoring.rouge_types)
    humans = human_matrices(human_scores, doc_ids, names)
    if not humans:
        raise InputError("no human score matches a document and a system of the corpus")
    return corpus, systems, metrics, humans, found.cache_stats


def correlate(config: CorrelateConfig, *, progress: bool = False) -> CorrelationResult:
    """Score the judged summaries with the engine, correlate, test; write ``run.out`` if set."""
    from sumbench.stats.correlation_resampling import correlation_grid

    run = config.run
    if run.out is not None:
        from sumbench.outdir import check_output_dir

        check_output_dir(run.out, inputs=_inputs(config), snapshot=False)  # as run() does
    corpus, systems, metrics, humans, cache_stats = scored_matrices(config, progress=progress)
    cells = correlation_grid(
        metrics, humans, config.levels, config.coefficients,
        resamples=run.stats.resamples, confidence=run.stats.confidence, seed=run.seed,
    )  # fmt: skip
    result = CorrelationResult(
        signature=correlate_signature(corpus, config, humans, systems),
        metrics=tuple(sorted(metrics)),
        criteria=tuple(sorted(humans)),
        levels=config.levels,
        coefficients=config.coefficients,
        systems=tuple(s.name for s in systems),
        documents=len(corpus.documents),
        cells=cells,
        comparisons=(),
        cache_stats=cache_stats,
    )
    result = replace(result, comparisons=_comparisons(result, metrics, humans, config))
    if run.out is not None:
        from sumbench.report.correlations import write_correlations

        write_correlations(result, run.out, inputs=_inputs(config))
    return result


def _comparisons(
    result: CorrelationResult,
    metrics: Mapping[str, Any],
    humans: Mapping[str, Any],
    config: CorrelateConfig,
) -> tuple[tuple[str, Any], ...]:
    """PERM-BOTH tests per criterion x level x coefficient: each metric against the best."""
    from sumbench.stats.correlation_resampling import compare_metrics

    found = []
    for criterion in result.criteria:
        for level in config.levels:
            for coef in config.coefficients:
                pairs = None if config.all_pairs else _against_best(result, criterion, level, coef)
                if pairs == []:
                    continue
                tests = compare_metrics(
                    metrics, humans[criterion], level, coef, pairs=pairs,
                    permutations=config.permutations, seed=config.run.seed,
                )  # fmt: skip
                found += [(criterion, t) for t in tests]
    return tuple(found)


def _against_best(
    result: CorrelationResult, criterion: str, level: Level, coef: Coefficient
) -> list[tuple[str, str]]:
    values = {m: result.cell(m, criterion, level, coef).value for m in result.metrics}
    usable = sorted(m for m, v in values.items() if v == v)  # NaN: no correlation to compare
    if len(usable) < 2:
        return []
    best = max(usable, key=lambda m: values[m])
    return [(best, m) for m in usable if m != best]


def _inputs(config: CorrelateConfig) -> tuple[Path, ...]:
    human = () if config.human is None else (config.human,)
    return (*config.run.input_paths(), *human)


def judged_hash(humans: Mapping[str, Any], systems: Sequence[System]) -> str:
    """Short SHA-256 of the summaries (each system's outputs hash) and the human matrices."""
    import hashlib

    digest = hashlib.sha256()
    for system in sorted(systems, key=lambda s: s.name):
        digest.update(f"{system.name}\x00{system.params.get('outputs_sha256')}\x00".encode())
    for criterion in sorted(humans):
        digest.update(criterion.encode("utf-8") + b"\x00" + humans[criterion].tobytes())
    return digest.hexdigest()[:12]


def correlate_signature(
    corpus: Corpus, config: CorrelateConfig, humans: Mapping[str, Any], systems: Sequence[System]
) -> Signature:
    """Every setting and version behind the numbers, sacrebleu-style like ``run``'s.

    ``corpus`` hashes articles and references, ``judged`` the summaries and the human scores.
    """
    from sumbench.stats.correlation_resampling import BOOTSTRAP_METHOD, PERMUTATION_METHOD

    run = config.run
    kendall = sorted(
        c.value.split("-")[1] for c in config.coefficients if c.value.startswith("kendall")
    )
    return Signature(
        fields=(
            *_scoring_fields(corpus, run),
            ("systems", str(len(systems))),
            ("judged", judged_hash(humans, systems)),
            ("criteria", str(len(humans))),
            ("levels", ",".join(level.value for level in config.levels)),
            ("coef", ",".join(c.value for c in config.coefficients)),
            ("tau", ",".join(kendall) or "none"),
            ("seed", str(run.seed)),
            ("ci", BOOTSTRAP_METHOD),
            ("resamples", str(run.stats.resamples)),
            ("conf", f"{run.stats.confidence:g}"),
            ("test", PERMUTATION_METHOD),
            ("permutations", str(config.permutations)),
            ("pairs", "all" if config.all_pairs else "best"),
        )
    )


def _scoring_fields(corpus: Corpus, run: RunConfig) -> tuple[tuple[str, str], ...]:
    """The signature fields of versions, scorer settings and corpus, as ``run`` names them."""
    from sumbench.scoring.config import signature_id
    from sumbench.versions import rouge_score_version, segmenter_id, sumbench_version

    low, high = corpus.reference_counts()
    return (
        ("sumbench", sumbench_version()),
        ("rouge", rouge_score_version()),
        ("seg", segmenter_id(run.segmenter)),
        ("tok", signature_id(run.scoring.tokenizer)),
        ("lang", run.language),
        ("stem", "yes" if run.scoring.stem else "no"),
        ("multiref", run.scoring.multi_ref),
        ("docs", str(len(corpus.documents))),
        ("refs", str(low) if low == high else f"{low}-{high}"),
        ("corpus", corpus.content_hash()),
        *((("scorer", run.scoring.rouge155.signature()),) if run.scoring.rouge155 else ()),
    )
