"""Bootstrap confidence intervals, paired randomization tests and Holm's correction.

All functions are pure: they take per-document scores and an explicit seed and use
a private ``numpy.random.Generator``. Documents are the unit of resampling.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sumbench.stats.config import EXACT_MAX_DOCS

# Rounding noise must not make an identical permuted statistic look smaller.
_TIE_EPS = 1e-12


def derive_seed(seed: int, *labels: str) -> int:
    """A seed for one purpose, derived from the run seed: independent of call order."""
    digest = hashlib.sha256("\x00".join([str(seed), *labels]).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def resample_weights(n: int, *, resamples: int, seed: int) -> NDArray[np.float64]:
    """``resamples`` x ``n`` counts: how often each document is drawn in each resample.

    A resample's mean of any per-document series is then a row of one matrix product,
    so every system and every pair shares the same resamples at BLAS speed.
    """
    indices = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    weights = np.zeros((resamples, n))
    np.add.at(weights, (np.repeat(np.arange(resamples), n), indices.ravel()), 1.0)
    return weights


def percentile_intervals(
    series: ArrayLike, weights: NDArray[np.float64], *, confidence: float
) -> NDArray[np.float64]:
    """Percentile bootstrap interval of the mean of each row of ``series``: rows x (low, high)."""
    data = np.atleast_2d(np.asarray(series, dtype=float))
    means = data @ weights.T / data.shape[1]
    alpha = 1 - confidence
    bounds: NDArray[np.float64] = np.quantile(means, [alpha / 2, 1 - alpha / 2], axis=1).T
    return bounds


def bootstrap_ci(
    values: ArrayLike, *, resamples: int = 1000, confidence: float = 0.95, seed: int = 0
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean, resampling documents."""
    data = np.asarray(values, dtype=float)
    weights = resample_weights(len(data), resamples=resamples, seed=seed)
    low, high = percentile_intervals(data, weights, confidence=confidence)[0]
    return float(low), float(high)


def sign_flips(n: int, *, trials: int, seed: int) -> tuple[NDArray[np.float64], bool]:
    """Sign vectors for a paired randomization test, and whether they are exhaustive.

    With at most :data:`EXACT_MAX_DOCS` documents every one of the ``2**n`` vectors is
    listed (an exact test); beyond that ``trials`` random vectors are drawn.
    """
    if n <= EXACT_MAX_DOCS:
        codes = np.arange(2**n)[:, None] >> np.arange(n)[None, :] & 1
        return np.asarray(1.0 - 2.0 * codes, dtype=np.float64), True
    bits = np.random.default_rng(seed).integers(0, 2, size=(trials, n), dtype=np.int8)
    return np.where(bits == 1, 1.0, -1.0), False


def randomization_p_values(
    differences: ArrayLike, signs: NDArray[np.float64], *, exact: bool
) -> NDArray[np.float64]:
    """Two-sided p-value of mean = 0 under random sign flips, for each row of differences.

    Exact: the share of all sign vectors whose |mean| reaches the observed one.
    Monte Carlo: ``(1 + hits) / (1 + trials)``, which is never zero (Phipson & Smyth 2010).
    """
    diffs = np.atleast_2d(np.asarray(differences, dtype=float))
    n = diffs.shape[1]
    observed = np.abs(diffs.sum(axis=1)) / n
    permuted = np.abs(diffs @ signs.T) / n  # rows x sign vectors, one matrix product
    hits = np.count_nonzero(permuted >= observed[:, None] - _TIE_EPS, axis=1)
    if exact:
        return np.asarray(hits / len(signs), dtype=np.float64)
    return np.asarray((1 + hits) / (1 + len(signs)), dtype=np.float64)


def randomization_p_value(
    differences: ArrayLike, signs: NDArray[np.float64], *, exact: bool
) -> float:
    """Two-sided p-value of mean(differences) = 0 under random sign flips."""
    return float(randomization_p_values(differences, signs, exact=exact)[0])


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values (step-down, monotone, capped at 1)."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p_values[i]))
        adjusted[i] = running
    return adjusted
