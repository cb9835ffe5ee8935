"""A pytest-friendly regression gate with the semantics of ``sumbench check``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sumbench.regress import (
    DEFAULT_TOLERANCE,
    compare,
    read_json,
    render_comparison,
    require_comparable,
    snapshot,
)
from sumbench.results import RunResult
from sumbench.scoring import ROUGE_TYPES
from sumbench.stats import StatsConfig


def _as_dict(value: RunResult | Mapping[str, Any] | Path | str) -> Mapping[str, Any]:
    if isinstance(value, RunResult):
        return value.as_dict()
    if isinstance(value, str | Path):
        return read_json(Path(value))
    return value


def assert_no_regression(
    results: RunResult | Mapping[str, Any] | Path | str,
    *,
    baseline: Mapping[str, Any] | Path | str,
    tolerance: float = DEFAULT_TOLERANCE,
    metrics: Sequence[str] = ROUGE_TYPES,
    systems: Sequence[str] | None = None,
    significance: StatsConfig | bool = False,
) -> None:
    """Fail (AssertionError with the Markdown report) if a score dropped beyond tolerance.

    Results and baseline that are not comparable (a score-changing signature field
    differs) raise :class:`sumbench.InputError`, as ``sumbench check`` exits with 2.
    """
    base = snapshot(_as_dict(baseline), source="baseline")
    now = snapshot(_as_dict(results), source="results")
    require_comparable(base, now, baseline_name="the baseline")
    stats = StatsConfig() if significance is True else significance or None
    outcome = compare(
        base, now, tolerance=tolerance, metrics=metrics, systems=systems, significance=stats
    )
    if outcome.regressed:
        raise AssertionError(render_comparison(outcome, tolerance=tolerance))
