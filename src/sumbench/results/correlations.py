"""The result of ``sumbench correlate``: every metric x criterion correlation, the paired tests."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sumbench.results.parts import CacheStats, Signature
from sumbench.stats.correlation import Coefficient, Correlation, Level
from sumbench.stats.correlation_resampling import MetricComparison, MetricCorrelation

# A metric is a contender when the test against the best one does not reject at this level.
CONTENDER_ALPHA = 0.05


@dataclass(frozen=True)
class CorrelationResult:
    """Correlations with BOOT-BOTH intervals and PERM-BOTH tests between metrics.

    ``cells`` are sorted by criterion, level, coefficient, then metric; ``comparisons``
    hold, per criterion x level x coefficient, each metric against the best one (or every
    pair), Holm-adjusted within that group.
    """

    signature: Signature
    metrics: tuple[str, ...]
    criteria: tuple[str, ...]
    levels: tuple[Level, ...]
    coefficients: tuple[Coefficient, ...]
    systems: tuple[str, ...]
    documents: int
    cells: tuple[MetricCorrelation, ...]
    comparisons: tuple[tuple[str, MetricComparison], ...]  # (criterion, test)
    cache_stats: CacheStats = field(default_factory=CacheStats)

    def cell(
        self, metric: str, criterion: str, level: Level, coefficient: Coefficient
    ) -> Correlation:
        """The correlation of one metric with one criterion (KeyError if not computed)."""
        for found in self.cells:
            c = found.correlation
            if (found.metric, found.criterion, c.level, c.coefficient) == (
                metric,
                criterion,
                level,
                coefficient,
            ):
                return c
        raise KeyError((metric, criterion, level, coefficient))

    def contenders(self, criterion: str, level: Level, coefficient: Coefficient) -> set[str]:
        """The best metric and those not significantly worse (Holm p >= 0.05) than it."""
        values = {
            m: self.cell(m, criterion, level, coefficient).value
            for m in self.metrics
            if not math.isnan(self.cell(m, criterion, level, coefficient).value)
        }
        if not values:
            return set()
        best = max(sorted(values), key=lambda m: values[m])
        chosen = {best}
        for crit, test in self.comparisons:
            if (crit, test.level, test.coefficient) != (criterion, level, coefficient):
                continue
            if best in (test.metric_a, test.metric_b) and test.p_holm >= CONTENDER_ALPHA:
                chosen.add(test.metric_b if test.metric_a == best else test.metric_a)
        return chosen

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (NaN as null)."""
        return {
            "signature": self.signature.format(),
            "metrics": list(self.metrics),
            "criteria": list(self.criteria),
            "levels": [level.value for level in self.levels],
            "coefficients": [c.value for c in self.coefficients],
            "systems": list(self.systems),
            "documents": self.documents,
            "correlations": [_cell_dict(c) for c in self.cells],
            "comparisons": [_test_dict(crit, t) for crit, t in self.comparisons],
        }


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


def _cell_dict(found: MetricCorrelation) -> dict[str, Any]:
    c = found.correlation
    return {
        "metric": found.metric,
        "criterion": found.criterion,
        "level": c.level.value,
        "coefficient": c.coefficient.value,
        "value": _number(c.value),
        "low": _number(c.low),
        "high": _number(c.high),
        "n_used": c.n_used,
        "n_skipped": c.n_skipped,
        "failed_resamples": c.failed_resamples,
    }


def _test_dict(criterion: str, test: MetricComparison) -> dict[str, Any]:
    return {
        "criterion": criterion,
        "level": test.level.value,
        "coefficient": test.coefficient.value,
        "metric_a": test.metric_a,
        "metric_b": test.metric_b,
        "delta": _number(test.delta),
        "p": _number(test.p),
        "p_holm": _number(test.p_holm),
    }
