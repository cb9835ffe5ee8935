"""Statistics of a run: intervals per system, paired tests between all systems.

Per ROUGE type, every pair of systems gets a paired randomization test on the
per-document F scores; Holm's correction runs over all pairs of that ROUGE type.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations

import numpy as np

from sumbench.results import DocumentResult, Pairwise
from sumbench.stats.config import StatsConfig
from sumbench.stats.resampling import (
    block_rows,
    derive_seed,
    holm,
    percentile_intervals,
    randomization_p_values,
    sign_blocks,
    weight_blocks,
)


def f_scores(documents: Sequence[DocumentResult], metric: str) -> dict[str, dict[str, float]]:
    """system -> document id -> F of one ROUGE type."""
    out: dict[str, dict[str, float]] = {}
    for d in documents:
        out.setdefault(d.system, {})[d.doc_id] = d.scores[metric].fmeasure
    return out


class _Draws:
    """Resamples and sign flips per number of documents, drawn from the run seed.

    Draws that fit in one block are kept for the next metric; larger ones are drawn
    again, block by block, each time they are needed (the same seed gives the same draws),
    so memory stays bounded however large the corpus or the number of resamples.
    """

    def __init__(self, config: StatsConfig, seed: int) -> None:
        self.config = config
        self.seed = seed
        self._weights: dict[int, np.ndarray] = {}
        self._signs: dict[int, tuple[np.ndarray, bool]] = {}

    def weights(self, n: int) -> np.ndarray | Iterator[np.ndarray]:
        """Bootstrap resamples of ``n`` documents, as draw counts (a matrix or its blocks)."""
        if n in self._weights:
            return self._weights[n]
        resamples = self.config.resamples
        blocks = weight_blocks(n, resamples=resamples, seed=derive_seed(self.seed, "bootstrap"))
        if block_rows(n, resamples) < resamples:
            return blocks
        self._weights[n] = next(blocks)
        return self._weights[n]

    def signs(self, n: int) -> tuple[np.ndarray | Iterator[np.ndarray], bool]:
        """Sign flips for ``n`` paired documents (a matrix or its blocks), and if exhaustive."""
        if n in self._signs:
            return self._signs[n]
        trials = self.config.trials
        blocks, exact = sign_blocks(n, trials=trials, seed=derive_seed(self.seed, "randomization"))
        if not exact and block_rows(n, trials, multiple=4) < trials:
            return blocks, exact
        self._signs[n] = (next(blocks), exact)
        return self._signs[n]


def _vector(scores: dict[str, float], doc_ids: Sequence[str]) -> np.ndarray:
    return np.array([scores[doc] for doc in doc_ids], dtype=float)


def _by_length(rows: Sequence[np.ndarray]) -> dict[int, list[int]]:
    """Row positions grouped by row length: rows of one length share their draws."""
    groups: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(len(row), []).append(i)
    return groups


def _intervals_of(
    rows: Sequence[np.ndarray], draws: _Draws, confidence: float
) -> list[tuple[float, float]]:
    """Bootstrap interval of each row's mean, one matrix product per row length."""
    out: list[tuple[float, float]] = [(0.0, 0.0)] * len(rows)
    for n, members in _by_length(rows).items():
        stacked = np.vstack([rows[i] for i in members])
        bounds = percentile_intervals(stacked, draws.weights(n), confidence=confidence)
        for i, (low, high) in zip(members, bounds, strict=True):
            out[i] = (float(low), float(high))
    return out


def _p_values_of(rows: Sequence[np.ndarray], draws: _Draws) -> list[float]:
    """Randomization p-value of each row of differences, one product per row length."""
    out = [1.0] * len(rows)
    for n, members in _by_length(rows).items():
        signs, exact = draws.signs(n)
        stacked = np.vstack([rows[i] for i in members])
        for i, p in zip(members, randomization_p_values(stacked, signs, exact=exact), strict=True):
            out[i] = float(p)
    return out


def intervals(
    documents: Sequence[DocumentResult],
    systems: Sequence[str],
    metrics: Sequence[str],
    *,
    config: StatsConfig,
    seed: int,
) -> dict[tuple[str, str], tuple[float, float]]:
    """Bootstrap interval of the mean F for every (system, metric), over its documents."""
    draws = _Draws(config, seed)
    out = {}
    for metric in metrics:
        scores = f_scores(documents, metric)
        rows = [_vector(scores[s], sorted(scores[s])) for s in systems]
        for system, bounds in zip(
            systems, _intervals_of(rows, draws, config.confidence), strict=True
        ):
            out[(system, metric)] = bounds
    return out


def pairwise_tests(
    documents: Sequence[DocumentResult],
    systems: Sequence[str],
    metrics: Sequence[str],
    *,
    config: StatsConfig,
    seed: int,
) -> tuple[Pairwise, ...]:
    """Paired randomization test and paired bootstrap interval for every pair and metric.

    A pair is compared on the documents both systems scored.
    """
    draws = _Draws(config, seed)
    results: list[Pairwise] = []
    for metric in metrics:
        scores = f_scores(documents, metric)
        pairs, diffs = [], []
        for a, b in combinations(systems, 2):
            common = sorted(set(scores[a]) & set(scores[b]))
            if common:  # systems with outputs for disjoint documents cannot be paired
                pairs.append((a, b))
                diffs.append(_vector(scores[a], common) - _vector(scores[b], common))
        p_values = _p_values_of(diffs, draws)
        cis = _intervals_of(diffs, draws, config.confidence)
        for (a, b), diff, ci, p, q in zip(pairs, diffs, cis, p_values, holm(p_values), strict=True):
            results.append(Pairwise(a, b, metric, float(diff.mean()), ci, p, q, q < config.alpha))
    return tuple(results)
