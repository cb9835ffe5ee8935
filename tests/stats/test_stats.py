"""Statistics checked against scipy, plus the properties a researcher relies on."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from sumbench.results import DocumentResult
from sumbench.scoring.config import Score
from sumbench.stats.analysis import intervals, pairwise_tests
from sumbench.stats.config import EXACT_MAX_DOCS, StatsConfig
from sumbench.stats.diagnostics import contenders
from sumbench.stats.resampling import bootstrap_ci, holm, randomization_p_value, sign_flips


def _docs(scores: dict[str, list[float]]) -> list[DocumentResult]:
    """Synthetic per-document results: the same F for every ROUGE type."""
    out = []
    for system, values in scores.items():
        for i, f in enumerate(values):
            score = Score(f, f, f)
            scores_by_type = dict.fromkeys(("rouge1", "rouge2"), score)
            out.append(DocumentResult(f"d{i:03d}", system, (0,), ("s",), scores_by_type, 10))
    return out


def test_bootstrap_interval_agrees_with_scipy() -> None:
    # Both are Monte Carlo estimates of the same 2.5% and 97.5% quantiles of the
    # bootstrap distribution of the mean. With B = 20,000 resamples the quantile
    # estimates wobble by about 0.03 standard errors of the mean, so 0.15 standard
    # errors is a 5-sigma tolerance that still catches a wrong level or a bias.
    values = np.random.default_rng(7).beta(2, 5, size=40)
    ours = bootstrap_ci(values, resamples=20000, confidence=0.95, seed=1)
    theirs = scipy_stats.bootstrap(
        (values,), np.mean, n_resamples=20000, method="percentile", random_state=2
    ).confidence_interval
    sem = values.std(ddof=1) / np.sqrt(len(values))
    assert ours[0] == pytest.approx(theirs.low, abs=0.15 * sem)
    assert ours[1] == pytest.approx(theirs.high, abs=0.15 * sem)


@pytest.mark.parametrize("n", [5, 8, EXACT_MAX_DOCS])
def test_exact_p_value_equals_scipy_permutation_test(n: int) -> None:
    # Few documents: both enumerate all 2**n sign flips, so they agree to rounding.
    diff = np.random.default_rng(n).normal(0.02, 0.05, size=n)
    signs, exact = sign_flips(n, trials=0, seed=0)
    assert exact
    expected = scipy_stats.permutation_test(
        (diff,), np.mean, permutation_type="samples", n_resamples=np.inf
    ).pvalue
    assert randomization_p_value(diff, signs, exact=True) == pytest.approx(expected, abs=1e-12)


def test_monte_carlo_p_value_agrees_with_scipy() -> None:
    # 40 documents: both sample sign flips. Each estimate has a standard error of
    # sqrt(p(1 - p) / trials); the difference of two is within 5 of those combined.
    diff = np.random.default_rng(3).normal(0.01, 0.05, size=40)
    trials = 20000
    signs, exact = sign_flips(40, trials=trials, seed=11)
    assert not exact
    ours = randomization_p_value(diff, signs, exact=False)
    theirs = scipy_stats.permutation_test(
        (diff,), np.mean, permutation_type="samples", n_resamples=trials, random_state=5
    ).pvalue
    se = np.sqrt(2 * theirs * (1 - theirs) / trials)
    assert ours == pytest.approx(theirs, abs=5 * se)


def test_identical_systems_are_not_significant() -> None:
    values = list(np.random.default_rng(1).uniform(0.2, 0.5, size=40))
    tests = pairwise_tests(
        _docs({"a": values, "b": values}), ["a", "b"], ["rouge1"], config=StatsConfig(), seed=0
    )
    assert [(t.p_value, t.p_holm, t.significant) for t in tests] == [(1.0, 1.0, False)]
    assert tests[0].mean_diff == 0.0


def test_a_system_that_always_wins_by_far_is_significant() -> None:
    rng = np.random.default_rng(2)
    base = rng.uniform(0.2, 0.4, size=40)
    scores = {"good": list(base + 0.1), "bad": list(base), "worse": list(base - 0.05)}
    tests = pairwise_tests(
        _docs(scores), list(scores), ["rouge1"], config=StatsConfig(trials=5000), seed=0
    )
    assert all(t.significant for t in tests)
    assert all(t.p_value == pytest.approx(1 / 5001) for t in tests)
    good_vs_bad = next(t for t in tests if (t.a, t.b) == ("good", "bad"))
    assert good_vs_bad.mean_diff == pytest.approx(0.1)
    assert good_vs_bad.ci == pytest.approx((0.1, 0.1))


def test_five_documents_can_never_be_significant() -> None:
    # The exact test's smallest two-sided p with 5 documents is 2/32 = 0.0625.
    tests = pairwise_tests(
        _docs({"a": [0.9] * 5, "b": [0.1] * 5}),
        ["a", "b"],
        ["rouge1"],
        config=StatsConfig(),
        seed=0,
    )
    assert tests[0].p_value == pytest.approx(2 / 32)
    assert not tests[0].significant


def test_holm_by_hand() -> None:
    assert holm([0.01, 0.04, 0.03, 0.5]) == pytest.approx([0.04, 0.09, 0.09, 0.5])
    assert holm([]) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=30))
def test_holm_never_makes_a_result_more_significant(p_values: list[float]) -> None:
    adjusted = holm(p_values)
    assert all(q >= p for p, q in zip(p_values, adjusted, strict=True))
    assert all(q <= 1 for q in adjusted)
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    assert [adjusted[i] for i in order] == sorted(adjusted)  # monotone in the raw p


def test_contenders_exclude_upper_bounds_and_keep_ties() -> None:
    rng = np.random.default_rng(4)
    base = rng.uniform(0.2, 0.4, size=40)
    noise = rng.normal(0, 0.001, size=40)
    scores = {
        "oracle": list(base + 0.3),
        "best": list(base + 0.1),
        "tied": list(base + 0.1 + noise),
        "poor": list(base),
    }
    tests = pairwise_tests(_docs(scores), list(scores), ["rouge1"], config=StatsConfig(), seed=0)
    means = {name: float(np.mean(v)) for name, v in scores.items()}
    marked = contenders(means, tests, metric="rouge1", excluded=frozenset({"oracle"}))
    assert marked == {"best", "tied"}


def test_intervals_cover_the_mean_and_follow_the_level() -> None:
    values = list(np.random.default_rng(5).uniform(0.1, 0.6, size=40))
    docs = _docs({"a": values})
    wide = intervals(docs, ["a"], ["rouge1"], config=StatsConfig(confidence=0.99), seed=0)
    narrow = intervals(docs, ["a"], ["rouge1"], config=StatsConfig(confidence=0.8), seed=0)
    (w_low, w_high), (n_low, n_high) = wide[("a", "rouge1")], narrow[("a", "rouge1")]
    assert w_low < n_low < float(np.mean(values)) < n_high < w_high
    assert StatsConfig(confidence=0.99).level == "99"
    assert StatsConfig(confidence=0.975).level == "97.5"


_CHILD = """
import json, sys
import numpy as np
from sumbench.stats.analysis import intervals, pairwise_tests
from sumbench.results import DocumentResult
from sumbench.scoring.config import Score
from sumbench.stats.config import StatsConfig
rng = np.random.default_rng(9)
docs = [DocumentResult(f"d{i}", s, (0,), ("x",), {"rouge1": Score(f, f, f)}, 3)
        for s in ("a", "b") for i, f in enumerate(rng.uniform(0, 1, 40))]
cfg = StatsConfig(trials=2000)
ci = intervals(docs, ["a", "b"], ["rouge1"], config=cfg, seed=int(sys.argv[1]))
pw = pairwise_tests(docs, ["a", "b"], ["rouge1"], config=cfg, seed=int(sys.argv[1]))
print(json.dumps([sorted(map(list, ci.values())), [t.as_dict() for t in pw]]))
"""


def _child(seed: int, hash_seed: str) -> list:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(seed)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": hash_seed, "PATH": ""},
    )
    return json.loads(done.stdout)


@pytest.mark.slow
def test_same_seed_same_numbers_across_processes() -> None:
    first = _child(3, "1")
    assert _child(3, "2") == first
    assert _child(4, "1") != first


def test_invalid_settings_are_input_errors() -> None:
    from sumbench.errors import InputError

    for bad in ({"resamples": 0}, {"trials": 0}, {"confidence": 1.0}, {"confidence": 0}):
        with pytest.raises(InputError):
            StatsConfig(**bad)
