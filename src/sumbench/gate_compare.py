"""The comparison behind the gate: a run's snapshot against a baseline's, row by row.

Each system x ROUGE type gets a :class:`Verdict`; a drop beyond the tolerance is a
regression (optionally only when a paired randomization test finds it significant).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from sumbench.defaults import DEFAULT_TOLERANCE
from sumbench.errors import InputError
from sumbench.stats.config import StatsConfig

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
ABSENT = {"scorer": "rouge-score"}
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


def incomparable(base: Snapshot, now: Snapshot) -> list[tuple[str, str, str]]:
    """Score-changing signature fields that differ: (field, baseline value, current value)."""
    return [
        (
            name,
            base.signature.get(name, ABSENT.get(name, "?")),
            now.signature.get(name, ABSENT.get(name, "?")),
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
