"""The statistics stream over resamples in blocks: same draws, same answers, bounded memory."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sumbench.defaults import LIMITS
from sumbench.stats import resampling
from sumbench.stats.resampling import (
    percentile_intervals,
    randomization_p_values,
    resample_weights,
    sign_blocks,
    sign_flips,
    weight_blocks,
)


def _small_blocks(monkeypatch: pytest.MonkeyPatch, elements: int) -> None:
    monkeypatch.setattr(resampling, "LIMITS", replace(LIMITS, block_elements=elements))


@settings(max_examples=25, deadline=None)
@given(n=st.integers(13, 60), draws=st.integers(1, 90), elements=st.integers(1, 400))
def test_blocks_hold_exactly_the_draws_of_one_matrix(n: int, draws: int, elements: int) -> None:
    whole_weights = resample_weights(n, resamples=draws, seed=3)
    whole_signs, _ = sign_flips(n, trials=draws, seed=4)
    with pytest.MonkeyPatch.context() as patch:
        _small_blocks(patch, elements)
        weights = list(weight_blocks(n, resamples=draws, seed=3))
        signs = list(sign_blocks(n, trials=draws, seed=4)[0])
    assert np.array_equal(np.vstack(weights), whole_weights)
    assert np.array_equal(np.vstack(signs), whole_signs)
    assert all(len(block) * n <= max(elements, 4 * n) for block in weights + signs)


def test_streamed_intervals_and_p_values_match_one_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    scores = rng.random((3, 200))
    diffs = scores[:2] - scores[2]
    whole_ci = percentile_intervals(
        scores, resample_weights(200, resamples=500, seed=1), confidence=0.9
    )
    signs, exact = sign_flips(200, trials=3000, seed=2)
    whole_p = randomization_p_values(diffs, signs, exact=exact)
    _small_blocks(monkeypatch, 200 * 37)
    ci = percentile_intervals(scores, weight_blocks(200, resamples=500, seed=1), confidence=0.9)
    blocks, exact = sign_blocks(200, trials=3000, seed=2)
    assert np.allclose(ci, whole_ci, rtol=0, atol=1e-12)
    assert np.array_equal(randomization_p_values(diffs, blocks, exact=exact), whole_p)


def test_memory_of_many_resamples_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """20,000 resamples x 2,000 documents are 320 MB as one matrix; blocks of 8 MB stay small."""
    _small_blocks(monkeypatch, 1 << 20)
    scores = np.random.default_rng(0).random((1, 2000))
    tracemalloc.start()
    try:
        percentile_intervals(scores, weight_blocks(2000, resamples=20_000, seed=1), confidence=0.95)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20
