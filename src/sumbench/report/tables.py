"""Table helpers every renderer shares: rows, marks, notes, plain-text alignment."""

from __future__ import annotations

from collections.abc import Sequence

from sumbench.results import RunResult, SystemResult
from sumbench.stats.diagnostics import contenders
from sumbench.textsafe import printable

LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L", "rougeLsum": "R-Lsum"}
UPPER_BOUND_MARK = "†"
BEST_MARK = "*"
PER_DOCUMENT_METRIC = "rouge2"
MAX_DOCUMENT_ROWS = 100


def label(metric: str) -> str:
    """A metric's column label: ``rouge1`` is R-1, ``rougeSU4`` (ROUGE-1.5.5) R-SU4."""
    return LABELS.get(metric) or (f"R-{metric[5:]}" if metric.startswith("rouge") else metric)


def per_document_metric(result: RunResult) -> str:
    """The metric of the per-document table and chart: ROUGE-2, else the run's first."""
    types = rouge_types(result)
    return PER_DOCUMENT_METRIC if PER_DOCUMENT_METRIC in types else types[0]


def scorer_note(result: RunResult) -> str | None:
    """The paper-style footnote of a ROUGE-1.5.5 run (None for rouge-score)."""
    options = result.config.scoring.rouge155
    if options is None:
        return None
    return (
        f"Scores: {options.footnote()} (sumbench's rouge155 scorer, equal per document to the"
        " Perl script); intervals and tests are sumbench's, not the script's -c/-r."
    )


def ordered_systems(result: RunResult) -> list[SystemResult]:
    """Systems in run order, upper bounds last."""
    return sorted(result.systems, key=lambda s: s.upper_bound)


def rouge_types(result: RunResult) -> list[str]:
    """The ROUGE types of a run, in run order."""
    return list(result.systems[0].scores)


MULTI_NOTE = (
    "Multi-document: each cluster's documents repeat the same facts, so a summary is"
    " judged on avoiding that redundancy across documents as much as on coverage."
)


def is_multi(result: RunResult) -> bool:
    """Whether the run summarized clusters rather than single documents."""
    return result.config.clusters is not None


def _partial(result: RunResult) -> bool:
    return any(s.coverage is not None and s.coverage[0] < s.coverage[1] for s in result.systems)


def best_marks(result: RunResult) -> dict[str, frozenset[str]]:
    """Per ROUGE type: the best system and all not significantly worse (never an upper bound)."""
    excluded = frozenset(s.name for s in result.systems if s.upper_bound)
    return {
        metric: contenders(
            {s.name: s.scores[metric].fmeasure for s in result.systems},
            result.pairwise,
            metric=metric,
            excluded=excluded,
        )
        for metric in rouge_types(result)
    }


def _score_cell(
    system: SystemResult, metric: str, *, brackets: bool, marked: bool, plus_minus: str | None
) -> str:
    f = 100 * system.scores[metric].fmeasure
    text = f"{f:.2f}"
    if metric in system.intervals:
        low, high = (100 * v for v in system.intervals[metric])
        if brackets:
            text += f" [{low:.1f}, {high:.1f}]"
        elif plus_minus is not None:
            text += f" {plus_minus}{(high - low) / 2:.2f}"
    return text + (f" {BEST_MARK}" if marked else "")


def fraction(value: float | None, *, none: str = "-") -> str:
    """A share with two decimals, ``none`` when there is none."""
    return none if value is None else f"{value:.2f}"


def table_rows(
    result: RunResult,
    *,
    upper_mark: str = UPPER_BOUND_MARK,
    brackets: bool = True,
    plus_minus: str | None = "+-",
) -> list[list[str]]:
    """Header and one row per system: F x100 with its interval, words, selection diagnostics.

    A "Coverage" column (documents scored / corpus size) appears when some system's
    outputs were missing (``--allow-missing``).

    Without ``brackets`` the interval is a half-width after ``plus_minus`` (None: left out).
    """
    types = rouge_types(result)
    marks = best_marks(result)
    partial = _partial(result)
    header = ["System", *(f"{label(t)} F" for t in types), "Words", "Pos", "Lead"]
    rows = [[*header, "Coverage"] if partial else header]
    for system in ordered_systems(result):
        name = f"{system.name} {upper_mark}" if system.upper_bound else system.name
        cells = [
            _score_cell(
                system, t, brackets=brackets, marked=system.name in marks[t], plus_minus=plus_minus
            )
            for t in types
        ]
        extra = [f"{system.words:.1f}", fraction(system.position), fraction(system.lead_overlap)]
        if partial:
            done, total = system.coverage or (None, None)
            extra.append("all" if done is None else f"{done}/{total}")
        rows.append([name, *cells, *extra])
    return rows


def table_notes(result: RunResult, *, upper_mark: str = UPPER_BOUND_MARK) -> list[str]:
    """The lines explaining a results table, then the run's warnings."""
    stats = result.config.stats
    level = result.level
    notes = [
        f"ROUGE F x100, mean over {result.corpus_size} {result.unit}, with the {level}%"
        f" percentile bootstrap interval ({stats.resamples} resamples of documents).",
        *filter(None, [scorer_note(result)]),
        f"{BEST_MARK} best system per column, and every system not significantly worse than it"
        f" (paired randomization test, Holm-corrected over all pairs, alpha"
        f" {stats.alpha:.2g}).",
        f"{upper_mark} the oracle reads the references: an upper bound, never a contender.",
        "Pos: mean relative position of the selected sentences (0 first, 1 last);"
        f" Lead: share of them among the first {result.config.sentences} sentences.",
    ]
    if is_multi(result):
        notes.append(MULTI_NOTE)
    if _partial(result):
        notes.append("Systems with missing outputs are averaged over the documents they cover.")
    return notes + [f"WARNING: {w}" for w in result.warnings]


def document_rows(result: RunResult, metric: str | None = None) -> list[list[str]]:
    """Documents x systems table of one ROUGE type's F x100 (at most 100 documents).

    ``metric`` defaults to :func:`per_document_metric`.
    """
    metric = metric or per_document_metric(result)
    systems = [s.name for s in ordered_systems(result)]
    doc_ids, total, scores = first_documents(result, metric, MAX_DOCUMENT_ROWS)
    rows = [[f"{label(metric)} F / document", *systems]]
    for doc_id in doc_ids:
        cells = (scores.get((doc_id, s)) for s in systems)  # None: no output (--allow-missing)
        rows.append([doc_id, *("-" if f is None else f"{100 * f:.2f}" for f in cells)])
    if total > MAX_DOCUMENT_ROWS:
        rows.append([f"... {total - MAX_DOCUMENT_ROWS} more in results.csv"])
        rows[-1] += [""] * len(systems)
    return rows


def first_documents(
    result: RunResult, metric: str, limit: int
) -> tuple[list[str], int, dict[tuple[str, str], float]]:
    """The first ``limit`` document ids, how many have results, and their F of ``metric``.

    Only the shown documents' scores are held: a long run's results are read from disk.
    """
    ids = sorted({d.doc_id for d in result.documents})
    shown = set(ids[:limit])
    scores = {
        (d.doc_id, d.system): d.scores[metric].fmeasure
        for d in result.documents
        if d.doc_id in shown
    }
    return ids[:limit], len(ids), scores


def pairwise_rows(result: RunResult) -> list[list[str]]:
    """One row per pair of systems and ROUGE type: difference, interval, p, Holm's p."""
    level = result.level
    header = ["Metric", "A", "B", "A - B", f"{level}% interval", "p", "p (Holm)", "Significant"]
    rows = [header]
    for test in result.pairwise:
        low, high = (100 * v for v in test.ci)
        rows.append(
            [
                label(test.metric),
                test.a,
                test.b,
                f"{100 * test.mean_diff:+.2f}",
                f"[{low:+.2f}, {high:+.2f}]",
                f"{test.p_value:.4f}",
                f"{test.p_holm:.4f}",
                "yes" if test.significant else "no",
            ]
        )
    return rows


def aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as plain text columns: first left-aligned, the rest right-aligned.

    Every cell is made printable (:func:`sumbench.textsafe.printable`): these tables go
    to terminals, and an id may hold escape sequences.
    """
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest])

    rule = "-" * len(line(rows[0]))
    return [rule, line(rows[0]), rule, *(line(r) for r in rows[1:]), rule]
