"""The files and tables of ``sumbench correlate``: JSON, CSV, Markdown, terminal, HTML page.

Names that come from the input (criteria, systems) pass through :mod:`sumbench.textsafe`
(terminal, CSV, Markdown) or :func:`html.escape` (HTML); the JSON keeps them as given.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from html import escape
from pathlib import Path

from sumbench.report.html import page
from sumbench.results.correlations import CorrelationResult
from sumbench.stats.correlation import Coefficient, Level
from sumbench.textsafe import csv_cell, markdown_cell, printable

CONTENDER_MARK = "*"
COEFFICIENT_NAMES = {
    Coefficient.PEARSON: "Pearson r",
    Coefficient.SPEARMAN: "Spearman rho",
    Coefficient.KENDALL_B: "Kendall tau-b",
    Coefficient.KENDALL_C: "Kendall tau-c",
}
LEVEL_NAMES = {
    Level.SUMMARY: "summary level (per document, across systems, averaged)",
    Level.SYSTEM: "system level (systems' mean scores)",
    Level.GLOBAL: "global (all document x system pairs)",
}
CSV_COLUMNS = (
    "criterion", "level", "coefficient", "metric", "value", "low", "high",
    "n_used", "n_skipped", "failed_resamples",
)  # fmt: skip


def _num(value: float) -> str:
    return "nan" if math.isnan(value) else f"{value:.3f}"


def cell_text(
    result: CorrelationResult, metric: str, criterion: str, level: Level, coef: Coefficient
) -> str:
    """``rho [lo, hi]``, marked when the metric is not shown worse than the best one."""
    c = result.cell(metric, criterion, level, coef)
    mark = CONTENDER_MARK if metric in result.contenders(criterion, level, coef) else " "
    return f"{_num(c.value)} [{_num(c.low)}, {_num(c.high)}]{mark}"


def tables(result: CorrelationResult) -> list[tuple[str, list[list[str]]]]:
    """One (title, rows) per level x coefficient: header row, then one row per metric."""
    out = []
    confidence = result.cells[0].correlation.confidence if result.cells else 0.95
    for level in result.levels:
        for coef in result.coefficients:
            title = f"{LEVEL_NAMES[level]}: {COEFFICIENT_NAMES[coef]} [{confidence:.0%} BOOT-BOTH]"
            rows = [["metric", *result.criteria]]
            rows += [
                [m, *(cell_text(result, m, c, level, coef) for c in result.criteria)]
                for m in result.metrics
            ]
            out.append((title, rows))
    return out


def notes(result: CorrelationResult) -> list[str]:
    """What the marks and counts mean, and what was skipped."""
    said = [
        f"{CONTENDER_MARK} best metric, or not significantly worse than it "
        f"(PERM-BOTH, Holm-adjusted p >= 0.05)",
        f"{result.documents} documents, {len(result.systems)} systems",
    ]
    skipped = sorted(
        {(f.criterion, f.metric, f.correlation.n_skipped) for f in result.cells
         if f.correlation.level is Level.SUMMARY and f.correlation.n_skipped}
    )  # fmt: skip
    if skipped:
        worst = max(n for _, _, n in skipped)
        said.append(f"summary level: up to {worst} documents skipped (a side constant in them)")
    return said


def render_terminal(result: CorrelationResult) -> str:
    """Plain-text tables (printable names), one per level x coefficient, and the signature."""
    parts = []
    for title, rows in tables(result):
        rows = [[printable(cell) for cell in row] for row in rows]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = [
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        parts.append("\n".join([title, *lines]))
    parts.append("\n".join(printable(n) for n in notes(result)))
    parts.append(f"signature: {result.signature.format()}")
    return "\n\n".join(parts)


def render_markdown(result: CorrelationResult) -> str:
    """Markdown tables, then the paired tests."""
    out = ["# Correlation with human judgments", "", f"`{result.signature.format()}`", ""]
    for title, rows in tables(result):
        out += [f"## {title}", "", _md_row(rows[0]), "|" + "---|" * len(rows[0])]
        out += [_md_row(row) for row in rows[1:]]
        out.append("")
    out += [f"- {markdown_cell(n)}" for n in notes(result)]
    out += ["", "## Paired tests (PERM-BOTH, Holm within each group)", ""]
    out += ["| criterion | level | coefficient | metric A | metric B | delta | p | p (Holm) |"]
    out += ["|---|---|---|---|---|---|---|---|"]
    for criterion, t in result.comparisons:
        cells = [criterion, t.level.value, t.coefficient.value, t.metric_a, t.metric_b]
        numbers = [f"{t.delta:+.3f}", f"{t.p:.4f}", f"{t.p_holm:.4f}"]
        out.append(_md_row([*cells, *numbers]))
    return "\n".join(out) + "\n"


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(markdown_cell(c) for c in cells) + " |"


def render_csv(result: CorrelationResult) -> str:
    """One row per metric x criterion x level x coefficient."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for found in result.cells:
        c = found.correlation
        writer.writerow([
            csv_cell(found.criterion), c.level.value, c.coefficient.value, found.metric,
            repr(c.value), repr(c.low), repr(c.high), c.n_used, c.n_skipped, c.failed_resamples,
        ])  # fmt: skip
    return buffer.getvalue()


def render_json(result: CorrelationResult) -> str:
    """The whole result as indented JSON (NaN as null)."""
    return json.dumps(result.as_dict(), indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def html_section(result: CorrelationResult, svg: bytes | None = None) -> str:
    """The correlations as an HTML section (tables, heat map), for a self-contained page."""
    import base64

    out = ['<section id="correlations">', "<h2>Correlation with human judgments</h2>"]
    out.append(f'<p class="signature"><code>{escape(result.signature.format())}</code></p>')
    for title, rows in tables(result):
        out.append(f"<h3>{escape(title)}</h3>")
        head = "".join(f"<th>{escape(c)}</th>" for c in rows[0])
        body = "".join(
            "<tr>" + f"<td>{escape(row[0])}</td>"
            + "".join(f'<td class="num">{escape(c)}</td>' for c in row[1:]) + "</tr>"
            for row in rows[1:]
        )  # fmt: skip
        out.append(f'<div class="scroll"><table><tr>{head}</tr>{body}</table></div>')
    out.append(
        '<ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in notes(result)) + "</ul>"
    )
    if svg is not None:
        data = base64.b64encode(svg).decode("ascii")
        image = f'<img src="data:image/svg+xml;base64,{data}" alt="correlation heat map">'
        out.append(f"<figure>{image}</figure>")
    out.append("</section>")
    return "\n".join(out)


def render_html(result: CorrelationResult, svg: bytes | None = None) -> str:
    """A self-contained page (inline CSS and images, a CSP that forbids every request)."""
    return page("sumbench correlations", [html_section(result, svg)])


def correlation_files(result: CorrelationResult) -> dict[str, str | bytes]:
    """Every file of a ``correlate`` output folder, by name."""
    from sumbench.report.plots import PLOT_FORMATS, correlation_figure, figure_bytes

    figure = correlation_figure(result)
    charts = {fmt: figure_bytes(figure, fmt) for fmt in PLOT_FORMATS}
    files: dict[str, str | bytes] = {
        "correlations.json": render_json(result),
        "correlations.csv": render_csv(result),
        "correlations.md": render_markdown(result),
        "correlations.html": render_html(result, charts["svg"]),
    }
    files.update({f"correlations.{fmt}": data for fmt, data in charts.items()})
    return files


def write_correlations(
    result: CorrelationResult, out: Path, *, inputs: Sequence[Path] = ()
) -> None:
    """Replace folder ``out`` with the correlation files (JSON, CSV, Markdown, HTML, heat map)."""
    from sumbench.outdir import write_tree

    write_tree(out, correlation_files(result), inputs=inputs)
