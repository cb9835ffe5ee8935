"""Correlation between a metric and a human criterion at three levels (meta-evaluation).

Score matrices are ``X[doc, system]`` (a metric) and ``Y[doc, system]`` (a human criterion), NaN
where a score is missing. Only cells where both sides are present are used.

- summary level: the correlation across systems within each document, averaged over documents;
  documents with fewer than two used cells or where either side is constant are skipped and counted;
- system level: the correlation between the systems' mean scores (means over the documents where
  both sides are present);
- global level: the correlation over all (document, system) cells.

Every function accepts a leading batch axis (``X[..., doc, system]``) so that resampled matrices
are scored in one pass; the coefficients work along the last axis in plain numpy.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from sumbench.errors import InputError
from sumbench.stats.kendall import kendall_sums

Array = NDArray[np.float64]


class Level(str, enum.Enum):
    """Where the correlation is computed (Deutsch et al. 2021 call summary level "input level")."""

    SUMMARY = "summary"
    SYSTEM = "system"
    GLOBAL = "global"


class Coefficient(str, enum.Enum):
    """Correlation coefficient; Kendall's variant is part of the name so it is always stated."""

    PEARSON = "pearson"
    SPEARMAN = "spearman"
    KENDALL_B = "kendall-b"
    KENDALL_C = "kendall-c"


@dataclass(frozen=True)
class Correlation:
    """One correlation with its bootstrap interval (``low``/``high`` NaN when not computed).

    ``n_used``/``n_skipped`` count documents at summary level, systems at system level and
    (document, system) cells at global level. ``failed_resamples`` counts bootstrap resamples in
    which the correlation did not exist (left out of the interval).
    """

    level: Level
    coefficient: Coefficient
    value: float
    low: float
    high: float
    n_used: int
    n_skipped: int
    resamples: int = 0
    confidence: float = 0.95
    seed: int | None = None
    failed_resamples: int = 0

    @property
    def interval(self) -> tuple[float, float]:
        """The (low, high) bootstrap interval."""
        return (self.low, self.high)


def as_matrix(scores: ArrayLike, name: str) -> Array:
    """A float doc x system matrix (NaN = missing), or InputError naming ``name``."""
    matrix = np.asarray(scores, dtype=float)
    if matrix.ndim != 2 or matrix.shape[0] < 1 or matrix.shape[1] < 1:
        raise InputError(f"{name}: expected a non-empty documents x systems matrix")
    if np.isinf(matrix).any():
        raise InputError(f"{name}: scores must be finite numbers or NaN (missing)")
    return matrix


def _degenerate(x: Array, y: Array, ok: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Rows with fewer than two used cells, or where either side is constant (exact test)."""
    flat = []
    for v in (x, y):
        high = np.where(ok, v, -np.inf).max(axis=-1)
        low = np.where(ok, v, np.inf).min(axis=-1)
        flat.append(high == low)
    degenerate: NDArray[np.bool_] = (ok.sum(axis=-1) < 2) | flat[0] | flat[1]
    return degenerate


def _pearson(x: Array, y: Array, ok: NDArray[np.bool_]) -> Array:
    n = np.maximum(ok.sum(axis=-1, keepdims=True), 1)
    dx = np.where(ok, x - (np.where(ok, x, 0.0).sum(axis=-1, keepdims=True) / n), 0.0)
    dy = np.where(ok, y - (np.where(ok, y, 0.0).sum(axis=-1, keepdims=True) / n), 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (dx * dy).sum(axis=-1) / np.sqrt((dx * dx).sum(axis=-1) * (dy * dy).sum(axis=-1))
    clipped: Array = np.clip(r, -1.0, 1.0)
    return clipped


def average_ranks(x: Array, ok: NDArray[np.bool_]) -> Array:
    """Ranks 1..n along the last axis among the used cells, ties getting their average rank."""
    key = np.where(ok, x, np.inf)  # unused cells sort last and never lower a used rank
    order = np.argsort(key, axis=-1, kind="stable")
    ordered = np.take_along_axis(key, order, axis=-1)
    size = x.shape[-1]
    index = np.broadcast_to(np.arange(size), x.shape)
    starts = np.ones(x.shape, dtype=bool)
    starts[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    ends = np.ones(x.shape, dtype=bool)
    ends[..., :-1] = starts[..., 1:]
    first = np.maximum.accumulate(np.where(starts, index, 0), axis=-1)
    last = np.flip(np.minimum.accumulate(np.flip(np.where(ends, index, size), -1), -1), -1)
    ranks = np.empty(x.shape)
    np.put_along_axis(ranks, order, (first + last) / 2 + 1, axis=-1)
    return ranks


def _distinct(x: Array, ok: NDArray[np.bool_]) -> Array:
    ordered = np.sort(np.where(ok, x, np.inf), axis=-1)
    new = np.ones(x.shape, dtype=bool)
    new[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    count: Array = (new & np.isfinite(ordered)).sum(axis=-1).astype(float)
    return count


def _kendall(x: Array, y: Array, ok: NDArray[np.bool_], variant: str) -> Array:
    net, untied_x, untied_y = kendall_sums(x, y, ok)
    with np.errstate(invalid="ignore", divide="ignore"):
        if variant == "b":
            tau = net / np.sqrt(untied_x * untied_y)
        else:  # Stuart's tau-c, as scipy.stats.kendalltau(variant="c")
            n = ok.sum(axis=-1).astype(float)
            m = np.minimum(_distinct(x, ok), _distinct(y, ok))
            tau = 2 * net / (n * n * (m - 1) / m)
    return np.clip(tau, -1.0, 1.0)


def coefficient_rows(x: Array, y: Array, coefficient: Coefficient) -> Array:
    """The coefficient along the last axis; NaN for rows that are degenerate (see module doc)."""
    ok = ~(np.isnan(x) | np.isnan(y))
    x, y = np.where(ok, x, 0.0), np.where(ok, y, 0.0)
    if coefficient is Coefficient.PEARSON:
        r = _pearson(x, y, ok)
    elif coefficient is Coefficient.SPEARMAN:
        r = _pearson(average_ranks(x, ok), average_ranks(y, ok), ok)
    else:
        r = _kendall(x, y, ok, "b" if coefficient is Coefficient.KENDALL_B else "c")
    return np.where(_degenerate(x, y, ok), np.nan, r)


def _system_means(x: Array, y: Array) -> tuple[Array, Array]:
    ok = ~(np.isnan(x) | np.isnan(y))
    count = ok.sum(axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_x = np.where(ok, x, 0.0).sum(axis=-2) / count
        mean_y = np.where(ok, y, 0.0).sum(axis=-2) / count
    return mean_x, mean_y


def level_values(x: Array, y: Array, level: Level, coefficient: Coefficient) -> Array:
    """The raw statistic for matrices ``[..., doc, system]``: one value per leading index.

    Summary level returns the per-document correlations (shape ``[..., doc]``), the other levels
    one correlation per matrix (shape ``[...]``). ``x`` and ``y`` broadcast against each other.
    """
    x, y = np.broadcast_arrays(x, y)
    if level is Level.SUMMARY:
        return coefficient_rows(x, y, coefficient)
    if level is Level.SYSTEM:
        return coefficient_rows(*_system_means(x, y), coefficient)
    flat = (*x.shape[:-2], x.shape[-2] * x.shape[-1])
    return coefficient_rows(x.reshape(flat), y.reshape(flat), coefficient)


def level_statistic(x: Array, y: Array, level: Level, coefficient: Coefficient) -> Array:
    """The correlation at ``level`` for each leading index (NaN when it does not exist)."""
    values = level_values(x, y, level, coefficient)
    if level is not Level.SUMMARY:
        return values
    used = (~np.isnan(values)).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(used > 0, np.nansum(values, axis=-1) / used, np.nan)


def correlate(x: ArrayLike, y: ArrayLike, level: Level, coefficient: Coefficient) -> Correlation:
    """Point estimate of the correlation between metric ``x`` and human ``y`` (no interval)."""
    mx, my = as_matrix(x, "metric scores"), as_matrix(y, "human scores")
    if mx.shape != my.shape:
        raise InputError(f"metric scores {mx.shape} and human scores {my.shape} differ in shape")
    values = np.atleast_1d(level_values(mx, my, level, coefficient))
    if level is Level.SUMMARY:
        used = int((~np.isnan(values)).sum())
        skipped = len(values) - used
    elif level is Level.SYSTEM:
        used = int((~np.isnan(np.stack(_system_means(mx, my)))).all(axis=0).sum())
        skipped = mx.shape[1] - used
    else:
        used = int((~(np.isnan(mx) | np.isnan(my))).sum())
        skipped = mx.size - used
    value = float(level_statistic(mx, my, level, coefficient))
    return Correlation(level, coefficient, value, np.nan, np.nan, used, skipped)
