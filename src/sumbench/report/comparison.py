"""The Markdown report of a gate comparison (``sumbench check``, ``assert_no_regression``)."""

from __future__ import annotations

from sumbench.gate import Comparison
from sumbench.textsafe import markdown_cell


def _points(value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{100 * value:+.2f}" if signed else f"{100 * value:.2f}"


def render_comparison(result: Comparison, *, tolerance: float) -> str:
    """A Markdown report fit to paste into a pull-request comment.

    Names and ids are Markdown cells (:func:`sumbench.textsafe.markdown_cell`): the report
    is printed to a terminal and comes from files a person may have edited.
    """
    head = "## sumbench regression check"
    verdict = "**FAIL**: scores regressed" if result.regressed else "**PASS**: no regression"
    lines = [head, "", f"{verdict} (tolerance {100 * tolerance:.2f} F points).", ""]
    lines += [
        "| System | Metric | Baseline | Now | Delta | Verdict |",
        *["|---|---|---:|---:|---:|---|"],
    ]
    for row in result.rows:
        verdict_text = (
            row.verdict.value
            if row.p_value is None
            else f"{row.verdict.value} (p={row.p_value:.3g})"
        )
        lines.append(
            f"| {markdown_cell(row.system)} | {markdown_cell(row.metric)}"
            f" | {_points(row.baseline)} | {_points(row.now)}"
            f" | {_points(row.delta, signed=True)} | {verdict_text} |"
        )
    lines.append("")
    if result.new_systems:
        names = ", ".join(markdown_cell(name) for name in result.new_systems)
        lines += [f"New systems (not in the baseline): {names}.", ""]
    if result.stale:
        lines += ["Some scores improved: the baseline is stale: run `sumbench baseline save`.", ""]
    for name, docs in result.worst_documents.items():
        worst = ", ".join(
            f"{markdown_cell(doc)} ({markdown_cell(metric)} {100 * d:+.2f})"
            for doc, metric, d in docs
        )
        lines += [f"Documents that got worse the most for {markdown_cell(name)}: {worst}.", ""]
    return "\n".join(lines)
