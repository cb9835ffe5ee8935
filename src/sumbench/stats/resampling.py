"""Bootstrap confidence intervals, paired randomization tests and Holm's correction.

All functions are pure: they take per-document scores and an explicit seed and use
a private ``numpy.random.Generator``. Documents are the unit of resampling.

Resamples and sign flips are drawn in blocks of at most ``LIMITS.block_elements`` numbers
(:func:`weight_blocks`, :func:`sign_blocks`), so memory stays bounded on large corpora.
The blocks come from one generator in order, so they hold exactly the draws of one big
matrix; while everything fits in one block (the default sizes up to ~4,000 documents),
the arithmetic is the same as with one matrix too, to the last bit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sumbench.defaults import LIMITS
from sumbench.stats.config import EXACT_MAX_DOCS

# Rounding noise must not make an identical permuted statistic look smaller.
_TIE_EPS = 1e-12


def derive_seed(seed: int, *labels: str) -> int:
    """A seed for one purpose, derived from the run seed: independent of call order."""
    digest = hashlib.sha256("\x00".join([str(seed), *labels]).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def block_rows(n: int, total: int, *, multiple: int = 1) -> int:
    """Rows of ``n`` numbers per block: at most ``LIMITS.block_elements``, a ``multiple``."""
    rows = max(multiple, LIMITS.block_elements // max(n, 1) // multiple * multiple)
    return min(total, rows)


def weight_blocks(n: int, *, resamples: int, seed: int) -> Iterator[NDArray[np.float64]]:
    """The rows of :func:`resample_weights`, in blocks (bounded memory)."""
    rng = np.random.default_rng(seed)
    step = block_rows(n, resamples)
    for start in range(0, resamples, step):
        rows = min(step, resamples - start)
        indices = rng.integers(0, n, size=(rows, n))
        weights = np.zeros((rows, n))
        np.add.at(weights, (np.repeat(np.arange(rows), n), indices.ravel()), 1.0)
        yield weights


def resample_weights(n: int, *, resamples: int, seed: int) -> NDArray[np.float64]:
    """``resamples`` x ``n`` counts: how often each document is drawn in each resample.

    A resample's mean of any per-document series is then a row of one matrix product,
    so every system and every pair shares the same resamples at BLAS speed.
    """
    blocks = list(weight_blocks(n, resamples=resamples, seed=seed))
    return blocks[0] if len(blocks) == 1 else np.vstack(blocks)


def percentile_intervals(
    series: ArrayLike,
    weights: NDArray[np.float64] | Iterable[NDArray[np.float64]],
    *,
    confidence: float,
) -> NDArray[np.float64]:
    """Percentile bootstrap interval of the mean of each row of ``series``: rows x (low, high).

    ``weights`` is a matrix of resamples (:func:`resample_weights`) or blocks of its rows.
    """
    data = np.atleast_2d(np.asarray(series, dtype=float))
    blocks = [weights] if isinstance(weights, np.ndarray) else weights
    parts = [data @ block.T / data.shape[1] for block in blocks]
    means = parts[0] if len(parts) == 1 else np.hstack(parts)
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
    blocks, exact = sign_blocks(n, trials=trials, seed=seed)
    found = list(blocks)
    return (found[0] if len(found) == 1 else np.vstack(found)), exact


def sign_blocks(n: int, *, trials: int, seed: int) -> tuple[Iterator[NDArray[np.float64]], bool]:
    """The rows of :func:`sign_flips` in blocks (bounded memory), and whether exhaustive."""
    if n <= EXACT_MAX_DOCS:
        codes = np.arange(2**n)[:, None] >> np.arange(n)[None, :] & 1
        return iter([np.asarray(1.0 - 2.0 * codes, dtype=np.float64)]), True
    return _random_signs(n, trials, seed), False


def _random_signs(n: int, trials: int, seed: int) -> Iterator[NDArray[np.float64]]:
    rng = np.random.default_rng(seed)
    # numpy draws int8 four to a 32-bit word: blocks of a multiple of 4 rows (and so
    # of 4 numbers) continue the stream exactly where one big draw would be.
    step = block_rows(n, trials, multiple=4)
    for start in range(0, trials, step):
        rows = min(step, trials - start)
        bits = rng.integers(0, 2, size=(rows, n), dtype=np.int8)
        yield np.where(bits == 1, 1.0, -1.0)


def randomization_p_values(
    differences: ArrayLike,
    signs: NDArray[np.float64] | Iterable[NDArray[np.float64]],
    *,
    exact: bool,
) -> NDArray[np.float64]:
    """Two-sided p-value of mean = 0 under random sign flips, for each row of differences.

    ``signs`` is a matrix of sign vectors (:func:`sign_flips`) or blocks of its rows.
    Exact: the share of all sign vectors whose |mean| reaches the observed one.
    Monte Carlo: ``(1 + hits) / (1 + trials)``, which is never zero (Phipson & Smyth 2010).
    """
    diffs = np.atleast_2d(np.asarray(differences, dtype=float))
    n = diffs.shape[1]
    observed = np.abs(diffs.sum(axis=1)) / n
    hits = np.zeros(len(diffs), dtype=np.int64)
    total = 0
    for block in [signs] if isinstance(signs, np.ndarray) else signs:
        permuted = np.abs(diffs @ block.T) / n  # rows x sign vectors, one matrix product
        hits += np.count_nonzero(permuted >= observed[:, None] - _TIE_EPS, axis=1)
        total += len(block)
    if exact:
        return np.asarray(hits / total, dtype=np.float64)
    return np.asarray((1 + hits) / (1 + total), dtype=np.float64)


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
