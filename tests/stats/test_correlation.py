"""Meta-evaluation numerics checked against scipy.stats and slow direct loops."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats as sps

from sumbench.corpus.judgments import human_matrices, human_scores_of, load_judged_corpus
from sumbench.errors import InputError
from sumbench.stats.correlation import Coefficient, Level, average_ranks, correlate
from sumbench.stats.correlation_resampling import (
    bootstrap_correlation,
    bootstrap_samples,
    compare_metrics,
    correlation_grid,
    draw_resamples,
    permutation_deltas,
    permutation_p,
    standardize,
)
from sumbench.stats.kendall import pairwise_sums, sorted_sums
from sumbench.stats.resampling import holm
from tests.bbc import shared_dir

SCIPY: dict[Coefficient, Callable[[np.ndarray, np.ndarray], float]] = {
    Coefficient.PEARSON: lambda a, b: sps.pearsonr(a, b)[0],
    Coefficient.SPEARMAN: lambda a, b: sps.spearmanr(a, b)[0],
    Coefficient.KENDALL_B: lambda a, b: sps.kendalltau(a, b, variant="b")[0],
    Coefficient.KENDALL_C: lambda a, b: sps.kendalltau(a, b, variant="c")[0],
}
ALL = [(level, coef) for level in Level for coef in Coefficient]


def _usable(a: np.ndarray, b: np.ndarray) -> bool:
    return len(a) >= 2 and np.ptp(a) > 0 and np.ptp(b) > 0


def slow_level(x: np.ndarray, y: np.ndarray, level: Level, coef: Coefficient) -> float:
    """The definition written out with scipy, one document / system at a time."""
    f, ok = SCIPY[coef], ~(np.isnan(x) | np.isnan(y))
    if level is Level.SUMMARY:
        rs = [
            f(x[d][ok[d]], y[d][ok[d]]) for d in range(len(x)) if _usable(x[d][ok[d]], y[d][ok[d]])
        ]
        return float(np.mean(rs)) if rs else math.nan
    if level is Level.SYSTEM:
        cols = [s for s in range(x.shape[1]) if ok[:, s].any()]
        a = np.array([x[ok[:, s], s].mean() for s in cols])
        b = np.array([y[ok[:, s], s].mean() for s in cols])
    else:
        a, b = x[ok], y[ok]
    return float(f(a, b)) if _usable(a, b) else math.nan


def hand_made() -> tuple[np.ndarray, np.ndarray]:
    """5 documents x 6 systems with ties, a constant document, a constant human row and gaps."""
    x = np.array(
        [
            [0.1, 0.2, 0.2, 0.4, 0.5, 0.3],
            [0.3, 0.3, 0.3, 0.3, 0.3, 0.3],  # constant metric: skipped at summary level
            [0.9, 0.1, 0.5, 0.5, np.nan, 0.2],
            [0.2, 0.4, 0.6, 0.8, 0.1, 0.7],
            [0.5, 0.4, 0.3, 0.2, 0.1, 0.0],
        ]
    )
    y = np.array(
        [
            [1.0, 2.0, 3.0, 3.0, 5.0, 2.0],
            [1.0, 4.0, 2.0, 5.0, 3.0, 3.0],
            [4.0, 1.0, 2.0, 3.0, 2.0, np.nan],
            [2.0, 2.0, 2.0, 2.0, 2.0, 2.0],  # constant human: skipped
            [1.0, 1.0, 2.0, 2.0, 3.0, 3.0],
        ]
    )
    return x, y


@pytest.mark.parametrize(("level", "coef"), ALL)
def test_point_estimates_match_scipy(level: Level, coef: Coefficient) -> None:
    x, y = hand_made()
    result = correlate(x, y, level, coef)
    assert result.value == pytest.approx(slow_level(x, y, level, coef), abs=1e-12)
    assert math.isnan(result.low)
    assert result.resamples == 0


def test_summary_level_counts_skipped_documents() -> None:
    x, y = hand_made()
    result = correlate(x, y, Level.SUMMARY, Coefficient.KENDALL_B)
    assert (result.n_used, result.n_skipped) == (3, 2)
    per_doc = [sps.kendalltau(x[d], y[d])[0] for d in (0, 4)]
    ok = ~np.isnan(x[2]) & ~np.isnan(y[2])
    per_doc.append(sps.kendalltau(x[2][ok], y[2][ok])[0])
    assert result.value == pytest.approx(np.mean(per_doc), abs=1e-12)


def test_all_documents_constant_gives_nan_not_zero() -> None:
    x = np.ones((3, 4))
    result = correlate(x, np.arange(12.0).reshape(3, 4), Level.SUMMARY, Coefficient.PEARSON)
    assert math.isnan(result.value)
    assert result.n_skipped == 3


def test_system_and_global_counts() -> None:
    x, y = hand_made()
    assert correlate(x, y, Level.SYSTEM, Coefficient.PEARSON).n_used == 6
    assert correlate(x, y, Level.GLOBAL, Coefficient.PEARSON).n_skipped == 2


def test_tau_c_differs_from_tau_b_on_a_non_square_table() -> None:
    x = np.array([[1.0, 1.0, 2.0, 2.0, 3.0, 3.0]])
    y = np.array([[1.0, 2.0, 1.0, 2.0, 2.0, 2.0]])
    b = correlate(x, y, Level.GLOBAL, Coefficient.KENDALL_B).value
    c = correlate(x, y, Level.GLOBAL, Coefficient.KENDALL_C).value
    assert b != pytest.approx(c)
    assert c == pytest.approx(sps.kendalltau(x[0], y[0], variant="c")[0])


small = st.integers(min_value=0, max_value=4).map(float)


@settings(max_examples=60, deadline=None)
@given(
    arrays(float, st.tuples(st.integers(1, 6), st.integers(1, 80)), elements=small),
    st.data(),
)
def test_kendall_kernels_agree_exactly(x: np.ndarray, data: st.DataObject) -> None:
    y = data.draw(arrays(float, x.shape, elements=small))
    ok = data.draw(arrays(bool, x.shape))
    assert np.array_equal(pairwise_sums(x, y, ok), sorted_sums(x, y, ok))


@settings(max_examples=40, deadline=None)
@given(arrays(float, st.tuples(st.integers(1, 5), st.integers(1, 30)), elements=small))
def test_average_ranks_match_scipy(x: np.ndarray) -> None:
    expected = sps.rankdata(x, method="average", axis=-1)
    np.testing.assert_allclose(average_ranks(x, np.ones(x.shape, bool)), expected)


matrices = arrays(
    float,
    st.tuples(st.integers(2, 6), st.integers(2, 7)),
    elements=st.floats(0, 1, allow_nan=False).map(lambda v: round(v, 1)),
)


@settings(max_examples=40, deadline=None)
@given(matrices, st.data())
def test_symmetric_and_bounded(x: np.ndarray, data: st.DataObject) -> None:
    y = data.draw(arrays(float, x.shape, elements=st.floats(0, 1).map(lambda v: round(v, 1))))
    for level, coef in ALL:
        forward = correlate(x, y, level, coef).value
        backward = correlate(y, x, level, coef).value
        assert forward == pytest.approx(backward, abs=1e-12, nan_ok=True)
        assert math.isnan(forward) or -1 <= forward <= 1
        assert forward == pytest.approx(slow_level(x, y, level, coef), abs=1e-9, nan_ok=True)


@pytest.mark.parametrize(("level", "coef"), ALL)
def test_bootstrap_equals_a_direct_loop(level: Level, coef: Coefficient) -> None:
    rng = np.random.default_rng(7)
    x = rng.integers(0, 6, (12, 8)).astype(float)
    y = np.round(x + rng.normal(0, 2, x.shape), 0)
    x[0, 3] = y[2, 5] = np.nan
    docs, systems = draw_resamples(12, 8, resamples=60, seed=11)
    direct = [
        slow_level(x[docs[b]][:, systems[b]], y[docs[b]][:, systems[b]], level, coef)
        for b in range(60)
    ]
    fast = bootstrap_samples(x, y, level, coef, resamples=60, seed=11)
    np.testing.assert_allclose(fast, direct, atol=1e-12)
    result = bootstrap_correlation(x, y, level, coef, resamples=60, seed=11)
    kept = [d for d in direct if not math.isnan(d)]
    assert result.interval == pytest.approx(tuple(np.percentile(kept, [2.5, 97.5])), abs=1e-12)
    assert (result.seed, result.resamples) == (11, 60)
    assert result.failed_resamples == len(direct) - len(kept)


def test_bootstrap_is_seeded_and_brackets_the_value() -> None:
    rng = np.random.default_rng(3)
    x = rng.random((30, 10))
    y = x + rng.normal(0, 0.3, x.shape)
    first = bootstrap_correlation(x, y, Level.SUMMARY, Coefficient.SPEARMAN, seed=5)
    again = bootstrap_correlation(x, y, Level.SUMMARY, Coefficient.SPEARMAN, seed=5)
    other = bootstrap_correlation(x, y, Level.SUMMARY, Coefficient.SPEARMAN, seed=6)
    assert first == again
    assert first.interval != other.interval
    assert first.low < first.value < first.high


@pytest.mark.parametrize("level", list(Level))
def test_permutation_equals_a_direct_loop(level: Level) -> None:
    rng = np.random.default_rng(2)
    y = rng.random((10, 6))
    a, b = y + rng.normal(0, 0.2, y.shape), 3 * y + rng.normal(0, 1.0, y.shape)
    observed, deltas = permutation_deltas(
        a, b, y, level, Coefficient.KENDALL_B, permutations=50, seed=9
    )
    sa, sb = standardize(a), standardize(b)
    swaps = np.random.default_rng(9).random((50, *a.shape)) < 0.5
    direct = []
    for swap in swaps:
        first, second = np.where(swap, sb, sa), np.where(swap, sa, sb)
        direct.append(
            slow_level(first, y, level, Coefficient.KENDALL_B)
            - slow_level(second, y, level, Coefficient.KENDALL_B)
        )
    np.testing.assert_allclose(deltas, direct, atol=1e-12)
    expected = slow_level(a, y, level, Coefficient.KENDALL_B) - slow_level(
        b, y, level, Coefficient.KENDALL_B
    )
    assert observed == pytest.approx(expected, abs=1e-12)
    count = sum(abs(d) >= abs(expected) - 1e-12 for d in direct)
    assert permutation_p(observed, deltas) == pytest.approx((count + 1) / 51)


def test_comparisons_detect_a_better_metric_and_apply_holm() -> None:
    rng = np.random.default_rng(4)
    y = rng.random((40, 8))
    metrics = {
        "good": y + rng.normal(0, 0.05, y.shape),
        "noisy": y + rng.normal(0, 0.5, y.shape),
        "noise": rng.random(y.shape),
    }
    found = compare_metrics(
        metrics, y, Level.SUMMARY, Coefficient.PEARSON, permutations=200, seed=1
    )
    assert [(c.metric_a, c.metric_b) for c in found] == [
        ("good", "noise"),
        ("good", "noisy"),
        ("noise", "noisy"),
    ]
    assert all(c.delta > 0 for c in found[:2])
    assert found[2].delta < 0
    assert found[0].p == pytest.approx(1 / 201)
    assert [c.p_holm for c in found] == holm([c.p for c in found])


def test_comparison_is_antisymmetric_and_self_comparison_is_null() -> None:
    rng = np.random.default_rng(8)
    y = rng.random((15, 5))
    m = {"a": y + rng.normal(0, 0.3, y.shape), "b": rng.random(y.shape)}
    (ab,) = compare_metrics(
        m, y, Level.SYSTEM, Coefficient.SPEARMAN, pairs=[("a", "b")], permutations=99, seed=2
    )
    (ba,) = compare_metrics(
        m, y, Level.SYSTEM, Coefficient.SPEARMAN, pairs=[("b", "a")], permutations=99, seed=2
    )
    assert ab.delta == pytest.approx(-ba.delta)
    assert ab.p == ba.p
    (same,) = compare_metrics(
        {"a": m["a"], "c": m["a"].copy()},
        y,
        Level.SUMMARY,
        Coefficient.PEARSON,
        permutations=99,
        seed=2,
    )
    assert same.delta == 0
    assert same.p == 1


@pytest.mark.parametrize(
    ("metrics", "human", "message"),
    [
        ({"a": np.ones((2, 3))}, np.ones((3, 2)), "differs from human"),
        (
            {"a": np.ones((2, 2)), "b": np.array([[1, np.nan], [1, 1]])},
            np.ones((2, 2)),
            "same cells",
        ),
        ({"a": np.ones(4)}, np.ones(4), "documents x systems"),
    ],
)
def test_bad_input_is_an_input_error(metrics: dict, human: np.ndarray, message: str) -> None:
    with pytest.raises(InputError, match=message):
        compare_metrics(metrics, human, Level.SUMMARY, Coefficient.PEARSON, seed=0)


def test_grid_is_every_cell_with_one_seed() -> None:
    rng = np.random.default_rng(5)
    human = {"rel": rng.random((8, 5)), "coh": rng.random((8, 5))}
    metrics = {"r2": rng.random((8, 5)), "r1": rng.random((8, 5))}
    grid = correlation_grid(
        metrics, human, [Level.SUMMARY, Level.SYSTEM], [Coefficient.PEARSON], resamples=30, seed=4
    )
    assert [(c.criterion, c.correlation.level, c.metric) for c in grid] == [
        (crit, level, m)
        for crit in ("coh", "rel")
        for level in (Level.SUMMARY, Level.SYSTEM)
        for m in ("r1", "r2")
    ]
    alone = bootstrap_correlation(
        metrics["r2"], human["rel"], Level.SYSTEM, Coefficient.PEARSON, resamples=30, seed=4
    )
    assert grid[-1].correlation == alone


def test_constant_resamples_are_counted_not_averaged() -> None:
    x = np.array([[0.1, 0.2], [0.3, 0.3], [0.5, 0.1]])  # one of two systems drawn: constant
    y = np.array([[1.0, 2.0], [1.0, 3.0], [2.0, 1.0]])
    result = bootstrap_correlation(x, y, Level.SYSTEM, Coefficient.PEARSON, resamples=200, seed=0)
    assert 0 < result.failed_resamples < 200


@pytest.mark.slow  # rouge-score over the whole REALSumm corpus (2,400 summaries)
def test_published_realsumm_rouge_recall_spearman() -> None:
    """BARTScore's summary-level Spearman on REALSumm, ROUGE recall, as its repository prints it
    (neulab/BARTScore analysis.ipynb at commit 40c658f: rouge1_r 0.497526, rouge2_r 0.4233)."""
    rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")
    path = shared_dir() / "corpora" / "human-judgments" / "realsumm.jsonl"
    if not path.is_file():
        pytest.skip(f"REALSumm not found at {path} (set SUMBENCH_SHARED)")
    docs = load_judged_corpus(path)
    systems = sorted({s.system for d in docs for s in d.summaries})
    human = human_matrices(human_scores_of(docs), [d.id for d in docs], systems)
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    recall = {key: np.full((len(docs), len(systems)), np.nan) for key in ("rouge1", "rouge2")}
    for i, doc in enumerate(docs):
        for summary in doc.summaries:
            scores = scorer.score(doc.references[0], summary.summary)
            for key, matrix in recall.items():
                matrix[i, systems.index(summary.system)] = scores[key].recall
    for key, published in (("rouge1", 0.497526), ("rouge2", 0.4233)):
        found = correlate(
            recall[key], human["litepyramid_recall"], Level.SUMMARY, Coefficient.SPEARMAN
        )
        assert found.value == pytest.approx(published, abs=0.0015)
        assert found.n_skipped == 0
