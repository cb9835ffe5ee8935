"""Statistics of a run: intervals per system, paired tests between all systems.

Per ROUGE type, every pair of systems gets a paired randomization test on the
per-document F scores; Holm's correction runs over all pairs of that ROUGE type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

import numpy as np

from sumbench.results import DocumentResult, Pairwise
from sumbench.stats import (
    StatsConfig,
    derive_seed,
    holm,
    percentile_interval,
    randomization_p_value,
    resample_indices,
    sign_flips,
)


def f_matrix(
    documents: Sequence[DocumentResult], systems: Sequence[str], metric: str
) -> np.ndarray:
    """systems x documents array of F scores, documents in sorted id order."""
    by_key = {(d.system, d.doc_id): d.scores[metric].fmeasure for d in documents}
    doc_ids = sorted({d.doc_id for d in documents})
    return np.array([[by_key[(s, doc)] for doc in doc_ids] for s in systems], dtype=float)


def intervals(
    documents: Sequence[DocumentResult],
    systems: Sequence[str],
    metrics: Sequence[str],
    *,
    config: StatsConfig,
    seed: int,
) -> dict[tuple[str, str], tuple[float, float]]:
    """Bootstrap interval of the mean F for every (system, metric)."""
    n_docs = len({d.doc_id for d in documents})
    indices = resample_indices(
        n_docs, resamples=config.resamples, seed=derive_seed(seed, "bootstrap")
    )
    out = {}
    for metric in metrics:
        scores = f_matrix(documents, systems, metric)
        for system, row in zip(systems, scores, strict=True):
            out[(system, metric)] = percentile_interval(row, indices, confidence=config.confidence)
    return out


def pairwise_tests(
    documents: Sequence[DocumentResult],
    systems: Sequence[str],
    metrics: Sequence[str],
    *,
    config: StatsConfig,
    seed: int,
) -> tuple[Pairwise, ...]:
    """Paired randomization test and paired bootstrap interval for every pair and metric."""
    n_docs = len({d.doc_id for d in documents})
    signs, exact = sign_flips(n_docs, trials=config.trials, seed=derive_seed(seed, "randomization"))
    indices = resample_indices(
        n_docs, resamples=config.resamples, seed=derive_seed(seed, "bootstrap")
    )
    results: list[Pairwise] = []
    for metric in metrics:
        scores = dict(zip(systems, f_matrix(documents, systems, metric), strict=True))
        pairs = list(combinations(systems, 2))
        diffs = [scores[a] - scores[b] for a, b in pairs]
        p_values = [randomization_p_value(d, signs, exact=exact) for d in diffs]
        for (a, b), diff, p, q in zip(pairs, diffs, p_values, holm(p_values), strict=True):
            ci = percentile_interval(diff, indices, confidence=config.confidence)
            results.append(Pairwise(a, b, metric, float(diff.mean()), ci, p, q, q < config.alpha))
    return tuple(results)


def contenders(
    means: Mapping[str, float],
    pairwise: Sequence[Pairwise],
    *,
    metric: str,
    excluded: frozenset[str] = frozenset(),
) -> frozenset[str]:
    """The best system on ``metric`` and every system not significantly worse than it."""
    eligible = {name: mean for name, mean in means.items() if name not in excluded}
    if not eligible:
        return frozenset()
    best = max(eligible, key=lambda name: eligible[name])
    tied = {best}
    for test in pairwise:
        if test.metric != metric or best not in (test.a, test.b):
            continue
        other = test.b if test.a == best else test.a
        if other in eligible and not test.significant:
            tied.add(other)
    return frozenset(tied)
