"""The CI gate: store a baseline, compare a run with it, fail on regressions.

A baseline is a ``results.json`` without the summary texts. Both sides are reduced to
a :class:`Snapshot` (signature, mean F and per-document F per system and ROUGE type).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sumbench.defaults import DEFAULT_TOLERANCE
from sumbench.engine.config import RunConfig
from sumbench.errors import InputError, SettingError
from sumbench.fsio import read_json
from sumbench.gate_compare import (
    ABSENT,
    INCOMPARABLE_FIELDS,
    Comparison,
    Row,
    Snapshot,
    Verdict,
    compare,
    incomparable,
    require_comparable,
)
from sumbench.jsonfields import FieldError, at, member, typed, unit_number
from sumbench.results import RunResult
from sumbench.scoring.config import METRIC_NAME
from sumbench.stats.config import StatsConfig

__all__ = [
    "BASELINE_FORMAT",
    "DEFAULT_TOLERANCE",
    "INCOMPARABLE_FIELDS",
    "Comparison",
    "Row",
    "Snapshot",
    "Verdict",
    "assert_no_regression",
    "baseline_document",
    "check",
    "compare",
    "incomparable",
    "require_comparable",
    "save_baseline",
    "snapshot",
]

BASELINE_FORMAT = "sumbench-baseline/1"


def snapshot(data: Mapping[str, Any], *, source: str) -> Snapshot:
    """Reduce a results or baseline JSON document to a :class:`Snapshot`.

    Every value is checked (a tampered file is an :class:`InputError` naming the field):
    scores are numbers in [0, 1] (NaN and infinities are refused, not judged), and a
    baseline's ``format`` must be one this version writes.
    """
    try:
        with at():
            return _snapshot(typed(data, dict))
    except FieldError as exc:
        raise InputError(f"{source} is not a sumbench results or baseline file: {exc}") from exc


def _snapshot(data: Mapping[str, Any]) -> Snapshot:
    if "format" in data and data["format"] != BASELINE_FORMAT:
        raise FieldError(
            ("format",), f"unknown format {data['format']!r} (expected {BASELINE_FORMAT!r})"
        )
    fields = member(data, "signature_fields", dict)
    with at("signature_fields"):
        signature = {k: typed(v, str) for k, v in fields.items()}
    means: dict[str, dict[str, float]] = {}
    for name, system in member(data, "systems", dict).items():
        with at("systems", name):
            means[name] = {
                m: _f(system, m) for m in typed(system, dict) if METRIC_NAME.fullmatch(m)
            }
    per_document: dict[str, dict[str, dict[str, float]]] = {}
    for i, entry in enumerate(member(data, "documents", list)):
        with at("documents", i):
            doc_id, name = member(entry, "id", str), member(entry, "system", str)
            by_metric = per_document.setdefault(name, {})
            for metric in member(entry, "scores", dict):
                with at("scores"):
                    by_metric.setdefault(metric, {})[doc_id] = _f(entry["scores"], metric)
    return Snapshot(signature=signature, means=means, per_document=per_document)


def _f(scores: Mapping[str, Any], metric: str) -> float:
    """The F of one ROUGE type's entry: a number in [0, 1]."""
    with at(metric):
        entry = typed(scores[metric], dict)
        with at("fmeasure"):
            return unit_number(entry["fmeasure"])


def baseline_document(results: Mapping[str, Any]) -> dict[str, Any]:
    """The baseline form of a results document: everything but the summary texts."""
    snapshot(results, source="results")  # validate before anything is written
    documents = [
        {"id": d["id"], "system": d["system"], "scores": d["scores"]} for d in results["documents"]
    ]
    keep = ("sumbench_version", "signature", "signature_fields", "config", "systems")
    return {"format": BASELINE_FORMAT, **{k: results[k] for k in keep}, "documents": documents}


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
    metrics: Sequence[str] | None = None,
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
        from sumbench.report.comparison import render_comparison

        raise AssertionError(render_comparison(outcome, tolerance=tolerance))


def save_baseline(source: Path, target: Path) -> None:
    """Store the ``results.json`` ``source`` as the baseline file ``target``."""
    import json

    from sumbench.fsio import atomic_write_text

    document = baseline_document(read_json(source))
    atomic_write_text(target, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def check(
    baseline: Path,
    config: RunConfig,
    *,
    results: Path | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    systems: Sequence[str] | None = None,
    significance: bool = False,
) -> Comparison:
    """Compare a ``results.json`` (or, without one, a run of ``config`` made now) with a baseline.

    The run is written only when ``config.out`` is set; a ``multi`` config is run
    single-document, as the baseline is.
    """
    if tolerance < 0:
        raise SettingError("tolerance", f"tolerance must not be negative (got {tolerance})")
    base = snapshot(read_json(baseline), source=str(baseline))
    if results is not None:
        now = snapshot(read_json(results), source=str(results))
    else:
        from sumbench.engine.pipeline import run

        result = run(replace(config, multi=False, clusters=None))
        now = snapshot(result.as_dict(), source="this run")
    require_comparable(base, now, baseline_name=str(baseline))
    metrics: Sequence[str] | None = config.scoring.rouge_types
    scorer = (
        "rouge-score" if config.scoring.rouge155 is None else config.scoring.rouge155.signature()
    )
    if now.signature.get("scorer", ABSENT["scorer"]) != scorer:
        metrics = None  # results of another scorer than the flags say: the baseline's metrics
    return compare(
        base,
        now,
        tolerance=tolerance,
        metrics=metrics,
        systems=systems,
        significance=config.stats if significance else None,
    )
