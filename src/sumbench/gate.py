"""The CI gate: store a baseline, compare a run with it, fail on regressions.

A baseline is a ``results.json`` without the summary texts. Both sides are reduced to
a :class:`Snapshot` (signature, mean F and per-document F per system and ROUGE type).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

from sumbench.defaults import DEFAULT_TOLERANCE
from sumbench.engine.config import RunConfig
from sumbench.errors import InputError, SettingError
from sumbench.fsio import read_json
from sumbench.jsonfields import FieldError, at, member, typed, unit_number
from sumbench.results import RunResult
from sumbench.scoring.config import METRIC_NAME
from sumbench.stats.config import StatsConfig

BASELINE_FORMAT = "sumbench-baseline/1"
# Signature fields whose difference makes two runs' numbers incomparable.
INCOMPARABLE_FIELDS: tuple[str, ...] = (
    "corpus",
    "mode",
    "k",
    "words",
    "stem",
    "multiref",
    "tok",
    "lang",
    "seed",
    "scorer",
)
# What an optional signature field's absence means, for the messages.
_ABSENT = {"scorer": "rouge-score"}
WORST_DOCUMENTS = 5


@dataclass(frozen=True)
class Snapshot:
    """The numbers of a run that a comparison needs."""

    signature: Mapping[str, str]
    means: Mapping[str, Mapping[str, float]]
    per_document: Mapping[str, Mapping[str, Mapping[str, float]]]


class Verdict(Enum):
    """What happened to one system's score on one ROUGE type."""

    OK = "ok"
    IMPROVED = "improved"
    NEW = "new"
    MISSING = "missing"
    REGRESSION = "regression"
    NOT_SIGNIFICANT = "drop, not significant"

    @property
    def fails(self) -> bool:
        """Whether this verdict fails the gate."""
        return self in (Verdict.REGRESSION, Verdict.MISSING)


@dataclass(frozen=True)
class Row:
    """One system x ROUGE type line of a comparison."""

    system: str
    metric: str
    baseline: float | None
    now: float | None
    verdict: Verdict
    p_value: float | None = None

    @property
    def delta(self) -> float | None:
        """now - baseline, or None when a side is missing."""
        if self.baseline is None or self.now is None:
            return None
        return self.now - self.baseline


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing a run with a baseline."""

    rows: tuple[Row, ...]
    new_systems: tuple[str, ...] = ()
    worst_documents: Mapping[str, tuple[tuple[str, str, float], ...]] = field(default_factory=dict)

    @property
    def regressed(self) -> bool:
        """Whether any row is a regression (a drop or a missing system)."""
        return any(r.verdict.fails for r in self.rows)

    @property
    def stale(self) -> bool:
        """Whether any score improved beyond the tolerance."""
        return any(r.verdict is Verdict.IMPROVED for r in self.rows)


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


def incomparable(base: Snapshot, now: Snapshot) -> list[tuple[str, str, str]]:
    """Score-changing signature fields that differ: (field, baseline value, current value)."""
    return [
        (
            name,
            base.signature.get(name, _ABSENT.get(name, "?")),
            now.signature.get(name, _ABSENT.get(name, "?")),
        )
        for name in INCOMPARABLE_FIELDS
        if base.signature.get(name) != now.signature.get(name)
    ]


def require_comparable(base: Snapshot, now: Snapshot, *, baseline_name: str) -> None:
    """Raise an input error naming every score-changing field that differs."""
    differing = incomparable(base, now)
    if differing:
        what = "; ".join(f"{f}: baseline {b!r}, now {n!r}" for f, b, n in differing)
        raise InputError(f"results are not comparable with {baseline_name}: {what}")


def _paired_p(
    base: Mapping[str, float], now: Mapping[str, float], *, config: StatsConfig, seed: int
) -> float:
    """Paired randomization test on the documents both sides scored."""
    import numpy as np  # only a --significance check needs it

    from sumbench.stats.resampling import randomization_p_value, sign_flips

    docs = sorted(set(base) & set(now))
    diff = np.array([now[d] - base[d] for d in docs])
    signs, exact = sign_flips(len(docs), trials=config.trials, seed=seed)
    return randomization_p_value(diff, signs, exact=exact)


def compare(
    base: Snapshot,
    now: Snapshot,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    metrics: Sequence[str] | None = None,
    systems: Sequence[str] | None = None,
    significance: StatsConfig | None = None,
) -> Comparison:
    """Compare mean F per system and metric; a drop beyond ``tolerance`` is a regression.

    With ``significance``, a drop counts only if the paired test on the per-document
    scores is significant too. A system of the baseline missing from the run is a
    regression; a system new in the run is only reported. ``metrics`` defaults to every
    metric of the baseline.
    """
    names = [s for s in base.means if systems is None or s in systems]
    if metrics is None:
        metrics = list(dict.fromkeys(m for s in names for m in base.means[s]))
    seed = int(now.signature.get("seed", "0"))
    rows = []
    for name in names:
        # A ROUGE type neither side scored (a --metrics subset) is no row, not a "missing".
        scored = {*base.means[name], *now.means.get(name, {})}
        for metric in (m for m in metrics if m in scored):
            rows.append(_row(base, now, name, metric, tolerance, significance, seed))
    new = tuple(s for s in now.means if s not in base.means and (systems is None or s in systems))
    return Comparison(tuple(rows), new, _worst_documents(base, now, rows))


def _row(
    base: Snapshot,
    now: Snapshot,
    name: str,
    metric: str,
    tolerance: float,
    significance: StatsConfig | None,
    seed: int,
) -> Row:
    before = base.means[name].get(metric)
    if name not in now.means or metric not in now.means[name]:
        return Row(name, metric, before, None, Verdict.MISSING)
    after = now.means[name][metric]
    if before is None:
        return Row(name, metric, None, after, Verdict.NEW)
    delta = after - before
    if abs(delta) <= tolerance:
        return Row(name, metric, before, after, Verdict.OK)
    if delta > 0:
        return Row(name, metric, before, after, Verdict.IMPROVED)
    if significance is None:
        return Row(name, metric, before, after, Verdict.REGRESSION)
    p = _paired_p(
        base.per_document[name][metric],
        now.per_document[name][metric],
        config=significance,
        seed=_derive_seed(seed, "check", name, metric),
    )
    verdict = Verdict.REGRESSION if p < significance.alpha else Verdict.NOT_SIGNIFICANT
    return Row(name, metric, before, after, verdict, p)


def _worst_documents(
    base: Snapshot, now: Snapshot, rows: Sequence[Row]
) -> dict[str, tuple[tuple[str, str, float], ...]]:
    """For each regressed system, the documents whose F dropped most: (doc, metric, delta)."""
    out = {}
    for name in sorted({r.system for r in rows if r.verdict is Verdict.REGRESSION}):
        drops = []
        for row in (r for r in rows if r.system == name and r.verdict is Verdict.REGRESSION):
            before = base.per_document[name][row.metric]
            after = now.per_document[name][row.metric]
            drops += [(doc, row.metric, after[doc] - before[doc]) for doc in before if doc in after]
        drops.sort(key=lambda item: (item[2], item[0], item[1]))
        out[name] = tuple(d for d in drops if d[2] < 0)[:WORST_DOCUMENTS]
    return out


def _derive_seed(seed: int, *labels: str) -> int:
    from sumbench.stats.resampling import derive_seed

    return derive_seed(seed, *labels)


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
    if now.signature.get("scorer", _ABSENT["scorer"]) != scorer:
        metrics = None  # results of another scorer than the flags say: the baseline's metrics
    return compare(
        base,
        now,
        tolerance=tolerance,
        metrics=metrics,
        systems=systems,
        significance=config.stats if significance else None,
    )
