"""A run as pandas data frames, for notebooks: ``to_pandas(result)`` (needs ``sumbench[pandas]``).

``scores`` is long: one row per document x system x metric with precision, recall and F,
the form ``groupby``, ``pivot_table`` and seaborn want. ``systems`` has one row per
system x metric with the means of ``results.json`` and the bootstrap interval of the
mean F; ``pairwise`` has the paired tests. pandas is imported here only, when called.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sumbench.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from sumbench.results import RunResult

SCORE_COLUMNS = ("doc_id", "system", "metric", "precision", "recall", "fmeasure")
SYSTEM_COLUMNS = (
    "system",
    "metric",
    "precision",
    "recall",
    "fmeasure",
    "f_low",
    "f_high",
    "confidence",
    "documents",
    "words",
    "upper_bound",
)
PAIRWISE_COLUMNS = (
    "a",
    "b",
    "metric",
    "mean_diff",
    "diff_low",
    "diff_high",
    "p_value",
    "p_holm",
    "significant",
)


@dataclass(frozen=True)
class Frames:
    """The data frames of one run (see the module docstring for their columns)."""

    scores: pd.DataFrame
    systems: pd.DataFrame
    pairwise: pd.DataFrame


def _pandas() -> Any:
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise InputError(
            "to_pandas needs an optional extra: pip install 'sumbench[pandas]'"
        ) from None


def _score_rows(result: RunResult) -> list[tuple[Any, ...]]:
    return [
        (d.doc_id, d.system, metric, s.precision, s.recall, s.fmeasure)
        for d in result.documents
        for metric, s in d.scores.items()
    ]


def _system_rows(result: RunResult) -> list[tuple[Any, ...]]:
    counts: dict[str, int] = {}
    for d in result.documents:
        counts[d.system] = counts.get(d.system, 0) + 1
    level = result.config.stats.confidence
    rows = []
    for system in result.systems:
        for metric, s in system.scores.items():
            low, high = system.intervals.get(metric, (float("nan"), float("nan")))
            documents = counts.get(system.name, 0)
            scores = (s.precision, s.recall, s.fmeasure, low, high, level)
            rows.append((system.name, metric, *scores, documents, system.words, system.upper_bound))
    return rows


def _pairwise_rows(result: RunResult) -> list[tuple[Any, ...]]:
    return [
        (p.a, p.b, p.metric, p.mean_diff, p.ci[0], p.ci[1], p.p_value, p.p_holm, p.significant)
        for p in result.pairwise
    ]


def to_pandas(result: RunResult) -> Frames:
    """The run's per-document scores, system means and paired tests as data frames."""
    pd = _pandas()
    return Frames(
        scores=pd.DataFrame(_score_rows(result), columns=list(SCORE_COLUMNS)),
        systems=pd.DataFrame(_system_rows(result), columns=list(SYSTEM_COLUMNS)),
        pairwise=pd.DataFrame(_pairwise_rows(result), columns=list(PAIRWISE_COLUMNS)),
    )
