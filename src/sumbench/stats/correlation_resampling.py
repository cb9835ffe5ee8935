"""Bootstrap intervals and permutation tests for correlations (Deutsch, Dror and Roth, TACL 2021).

- BOOT-BOTH: each resample draws documents and systems with replacement, independently, and keeps
  the intersection ``X[docs][:, systems]``; the interval is the percentile interval of the
  resampled correlations (resamples where the correlation does not exist are left out, as in
  their code).
- PERM-BOTH: the two metrics are standardised (whole-matrix mean and standard deviation, so they
  share a scale), then every (document, system) cell is swapped between them with probability 1/2;
  the two-sided p-value is ``(1 + #{|delta*| >= |delta|}) / (1 + #permutations)``.

Resamples are drawn from a private ``numpy.random.Generator`` and scored in batches of matrices
(``[resample, doc, system]``), never one at a time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sumbench.errors import InputError
from sumbench.stats.correlation import (
    Array,
    Coefficient,
    Correlation,
    Level,
    as_matrix,
    correlate,
    level_statistic,
)
from sumbench.stats.resampling import holm

BOOTSTRAP_METHOD = "boot-both"
PERMUTATION_METHOD = "perm-both"
# Resampled matrices scored at once: bounds memory to a few tens of MB on REALSumm-sized data.
_BATCH_CELLS = 600_000
# Rounding noise must not make an identical permuted statistic look smaller.
_TIE_EPS = 1e-12


@dataclass(frozen=True)
class MetricComparison:
    """Paired permutation test of ``corr(metric_a, human) - corr(metric_b, human)``."""

    metric_a: str
    metric_b: str
    level: Level
    coefficient: Coefficient
    delta: float
    p: float
    p_holm: float
    permutations: int
    seed: int


@dataclass(frozen=True)
class MetricCorrelation:
    """One cell of the correlation grid: a metric against a human criterion."""

    metric: str
    criterion: str
    correlation: Correlation


def draw_resamples(
    n_docs: int, n_systems: int, *, resamples: int, seed: int
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Document and system indices of every BOOT-BOTH resample: (resamples x docs, x systems)."""
    rng = np.random.default_rng(seed)
    docs = rng.integers(0, n_docs, size=(resamples, n_docs))
    systems = rng.integers(0, n_systems, size=(resamples, n_systems))
    return docs, systems


def _batches(total: int, cells: int) -> list[slice]:
    step = max(1, _BATCH_CELLS // max(cells, 1))
    return [slice(start, start + step) for start in range(0, total, step)]


def bootstrap_samples(
    x: Array, y: Array, level: Level, coefficient: Coefficient, *, resamples: int, seed: int
) -> Array:
    """The correlation in every BOOT-BOTH resample (NaN where it does not exist)."""
    docs, systems = draw_resamples(*x.shape, resamples=resamples, seed=seed)
    out = np.empty(resamples)
    for part in _batches(resamples, x.size):
        rows, cols = docs[part][:, :, None], systems[part][:, None, :]
        out[part] = level_statistic(x[rows, cols], y[rows, cols], level, coefficient)
    return out


def bootstrap_correlation(
    x: ArrayLike,
    y: ArrayLike,
    level: Level,
    coefficient: Coefficient,
    *,
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int,
) -> Correlation:
    """Correlation of metric ``x`` with human ``y`` plus its BOOT-BOTH percentile interval."""
    if resamples < 1 or not 0 < confidence < 1:
        raise InputError("bootstrap needs resamples >= 1 and 0 < confidence < 1")
    point = correlate(x, y, level, coefficient)
    mx, my = as_matrix(x, "metric scores"), as_matrix(y, "human scores")
    samples = bootstrap_samples(mx, my, level, coefficient, resamples=resamples, seed=seed)
    samples = samples[~np.isnan(samples)]
    failed = resamples - len(samples)
    low, high = np.nan, np.nan
    if len(samples):
        alpha = 1 - confidence
        low, high = (float(q) for q in np.quantile(samples, [alpha / 2, 1 - alpha / 2]))
    return replace(
        point, low=low, high=high, resamples=resamples, confidence=confidence, seed=seed,
        failed_resamples=failed,
    )  # fmt: skip


def correlation_grid(
    metrics: Mapping[str, ArrayLike],
    humans: Mapping[str, ArrayLike],
    levels: Sequence[Level],
    coefficients: Sequence[Coefficient],
    *,
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int,
) -> tuple[MetricCorrelation, ...]:
    """Every metric x criterion x level x coefficient with its BOOT-BOTH interval.

    One seed for all cells: every metric sees the same resamples, so intervals are comparable.
    Sorted by criterion, level, coefficient, then metric.
    """
    cells = []
    for criterion in sorted(humans):
        for level in levels:
            for coef in coefficients:
                for metric in sorted(metrics):
                    found = bootstrap_correlation(
                        metrics[metric], humans[criterion], level, coef,
                        resamples=resamples, confidence=confidence, seed=seed,
                    )  # fmt: skip
                    cells.append(MetricCorrelation(metric, criterion, found))
    return tuple(cells)


def standardize(x: Array) -> Array:
    """Whole-matrix z-scores (NaN kept), so that two metrics can be swapped cell by cell."""
    spread = float(np.nanstd(x))
    scaled: Array = (x - np.nanmean(x)) / (spread if spread > 0 else 1.0)
    return scaled


def permutation_deltas(
    a: Array,
    b: Array,
    y: Array,
    level: Level,
    coefficient: Coefficient,
    *,
    permutations: int,
    seed: int,
) -> tuple[float, Array]:
    """Observed ``corr(a, y) - corr(b, y)`` and its value under every PERM-BOTH permutation."""
    a, b = standardize(a), standardize(b)
    observed = float(level_statistic(a, y, level, coefficient)) - float(
        level_statistic(b, y, level, coefficient)
    )
    swaps = np.random.default_rng(seed).random((permutations, *a.shape)) < 0.5
    deltas = np.empty(permutations)
    for part in _batches(permutations, a.size):
        swap = swaps[part]
        first, second = np.where(swap, b, a), np.where(swap, a, b)
        deltas[part] = level_statistic(first, y, level, coefficient) - level_statistic(
            second, y, level, coefficient
        )
    return observed, deltas


def permutation_p(observed: float, deltas: Array) -> float:
    """Two-sided p-value with the observed arrangement counted (never exactly 0)."""
    if np.isnan(observed):
        return float("nan")
    finite = deltas[~np.isnan(deltas)]
    extreme = int((np.abs(finite) >= abs(observed) - _TIE_EPS).sum())
    return (extreme + 1) / (len(finite) + 1)


def _paired_matrices(
    metrics: Mapping[str, ArrayLike], y: ArrayLike
) -> tuple[dict[str, Array], Array]:
    human = as_matrix(y, "human scores")
    mats = {name: as_matrix(m, f"metric {name}") for name, m in sorted(metrics.items())}
    for name, mat in mats.items():
        if mat.shape != human.shape:
            raise InputError(f"metric {name}: shape {mat.shape} differs from human {human.shape}")
    patterns = {np.isnan(mat).tobytes() for mat in mats.values()}
    if len(patterns) > 1:
        raise InputError("metrics compared must have missing scores in the same cells")
    return mats, human


def compare_metrics(
    metrics: Mapping[str, ArrayLike],
    y: ArrayLike,
    level: Level,
    coefficient: Coefficient,
    *,
    pairs: Sequence[tuple[str, str]] | None = None,
    permutations: int = 1000,
    seed: int,
) -> tuple[MetricComparison, ...]:
    """PERM-BOTH test for each metric pair (all pairs by default), Holm-adjusted over the pairs.

    Every pair uses the same swap masks (the same ``seed``), so results do not depend on order.
    """
    if permutations < 1:
        raise InputError(f"permutations must be at least 1 (got {permutations})")
    mats, human = _paired_matrices(metrics, y)
    chosen = list(pairs) if pairs is not None else list(combinations(sorted(mats), 2))
    for name in {n for pair in chosen for n in pair} - set(mats):
        raise InputError(f"unknown metric in comparison: {name}")
    results = []
    for first, second in chosen:
        observed, deltas = permutation_deltas(
            mats[first], mats[second], human, level, coefficient,
            permutations=permutations, seed=seed,
        )  # fmt: skip
        p = permutation_p(observed, deltas)
        results.append(
            MetricComparison(first, second, level, coefficient, observed, p, p, permutations, seed)
        )
    adjusted = holm([r.p if not np.isnan(r.p) else 1.0 for r in results])
    return tuple(replace(r, p_holm=q) for r, q in zip(results, adjusted, strict=True))
