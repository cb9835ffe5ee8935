"""Charts of a run with matplotlib (no pyplot, no display): ROUGE bars and a per-document heat map.

Figures are built on ``matplotlib.figure.Figure`` directly, so no GUI backend or global
state is involved; output bytes are reproducible (fixed SVG hash salt, no dates).
"""

from __future__ import annotations

import io
import sys
import warnings
from pathlib import Path
from typing import Any, cast

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from sumbench.errors import InputError
from sumbench.fsio import atomic_write_bytes
from sumbench.report.tables import (
    best_marks,
    first_documents,
    label,
    ordered_systems,
    per_document_metric,
    rouge_types,
)
from sumbench.results import RunResult, load_results
from sumbench.results.correlations import CorrelationResult
from sumbench.textsafe import printable

DPI = 100
PLOT_FORMATS: tuple[str, ...] = ("png", "svg")
CONTENDER_COLOUR = "#2f6db5"
OTHER_COLOUR = "#9dbbe0"
UPPER_BOUND_COLOUR = "#d9d9d9"
MAX_HEATMAP_DOCUMENTS = 100
# Settings that make the same figure produce the same bytes on every run.
_REPRODUCIBLE: dict[str, Any] = {
    "svg.hashsalt": "sumbench",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
}
_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}


def bar_figure(result: RunResult) -> Figure:
    """One panel per ROUGE type: each system's mean F x100 with its bootstrap interval."""
    systems = ordered_systems(result)
    types = rouge_types(result)
    marks = best_marks(result)
    # Upper bounds sit below a gap, hatched, so nobody reads them as a contender.
    n_regular = sum(not s.upper_bound for s in systems)
    ys = [i if i < n_regular else i + 0.6 for i in range(len(systems))]
    fig = Figure(figsize=(3.2 * len(types), 1.2 + 0.32 * len(systems)), dpi=DPI, layout="tight")
    axes = fig.subplots(1, len(types), sharey=True, squeeze=False)[0]
    for ax, metric in zip(axes, types, strict=True):
        means = np.array([100 * s.scores[metric].fmeasure for s in systems])
        low = np.array([100 * s.intervals.get(metric, (np.nan,) * 2)[0] for s in systems])
        high = np.array([100 * s.intervals.get(metric, (np.nan,) * 2)[1] for s in systems])
        # Clipped: with identical scores a bound can sit one ulp inside the mean.
        errors = np.clip(np.nan_to_num(np.vstack([means - low, high - means])), 0, None)
        colours = [
            UPPER_BOUND_COLOUR
            if s.upper_bound
            else CONTENDER_COLOUR
            if s.name in marks[metric]
            else OTHER_COLOUR
            for s in systems
        ]
        bars = ax.barh(ys, means, xerr=errors, color=colours, edgecolor="#555555", linewidth=0.5)
        bars.errorbar.lines[2][0].set_color("#333333")
        for bar, system in zip(bars, systems, strict=True):
            if system.upper_bound:
                bar.set_hatch("///")
        if n_regular < len(systems):
            ax.axhline(n_regular - 0.2, color="#888888", linewidth=0.8, linestyle="--")
        ax.set_title(f"{label(metric)} F x100")
        ax.set_xlim(left=0)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
    axes[0].set_yticks(ys, [printable(s.name) for s in systems])
    axes[0].invert_yaxis()
    return fig


def heatmap_figure(result: RunResult, metric: str | None = None) -> Figure:
    """Documents x systems heat map of one ROUGE type's F x100 (first 100 documents).

    ``metric`` defaults to the per-document table's (ROUGE-2 if the run has it).
    """
    metric = metric or per_document_metric(result)
    ordered = ordered_systems(result)
    systems = [s.name for s in ordered]
    doc_ids, _, by_key = first_documents(result, metric, MAX_HEATMAP_DOCUMENTS)
    # NaN where a system has no output for a document (--allow-missing): drawn blank.
    values = 100 * np.array([[by_key.get((doc, s), np.nan) for s in systems] for doc in doc_ids])
    fig = Figure(
        figsize=(2.5 + 0.75 * len(systems), 1.6 + 0.3 * len(doc_ids)), dpi=DPI, layout="tight"
    )
    ax = fig.subplots()
    image = ax.imshow(values, cmap="viridis", aspect="auto", vmin=0)
    ax.set_xticks(range(len(systems)), [printable(s) for s in systems], rotation=45, ha="right")
    ax.set_yticks(range(len(doc_ids)), [printable(d) for d in doc_ids])
    if values.size <= 600:  # numbers stay legible only on small grids
        middle = (np.nanmin(values) + np.nanmax(values)) / 2
        for (row, col), value in np.ndenumerate(values):
            if np.isnan(value):
                continue
            colour = "black" if value > middle else "white"
            ax.text(col, row, f"{value:.1f}", ha="center", va="center", fontsize=7, color=colour)
    n_regular = sum(not s.upper_bound for s in ordered)
    if n_regular < len(systems):  # a white rule sets the upper bounds apart
        ax.axvline(n_regular - 0.5, color="white", linewidth=3)
    fig.colorbar(image, ax=ax, label=f"{label(metric)} F x100")
    ax.set_title(f"{label(metric)} F per document")
    return fig


def correlation_figure(result: CorrelationResult) -> Figure:
    """Metrics x criteria heat map of the correlations, one panel per level x coefficient."""
    panels = [(level, coef) for level in result.levels for coef in result.coefficients]
    metrics, criteria = result.metrics, result.criteria
    fig = Figure(
        figsize=(0.5 + (2.2 + 0.9 * len(criteria)) * len(panels), 1.6 + 0.3 * len(metrics)),
        dpi=DPI,
        layout="constrained",  # "tight" cannot place a colorbar shared by several panels
    )
    axes = fig.subplots(1, len(panels), sharey=True, squeeze=False)[0]
    image = None
    for ax, (level, coef) in zip(axes, panels, strict=True):
        values = np.array(
            [[result.cell(m, c, level, coef).value for c in criteria] for m in metrics]
        )
        image = ax.imshow(values, cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto")
        for (row, col), value in np.ndenumerate(values):
            if not np.isnan(value):
                colour = "white" if abs(value) > 0.6 else "black"
                ax.text(
                    col, row, f"{value:.2f}", ha="center", va="center", fontsize=7, color=colour
                )
        ax.set_xticks(range(len(criteria)), criteria, rotation=30, ha="right")
        ax.set_title(f"{level.value}: {coef.value}", fontsize=9)
    axes[0].set_yticks(range(len(metrics)), metrics)
    if image is not None:
        fig.colorbar(image, ax=list(axes), label="correlation with human scores")
    return fig


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes, the same bytes for the same figure."""
    buffer = io.BytesIO()
    with mpl.rc_context(cast(Any, _REPRODUCIBLE)), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # Ids in scripts the bundled font lacks (CJK) draw as boxes; no need to shout.
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata=_METADATA[fmt])
    for message in sorted({str(w.message) for w in caught}):
        # matplotlib's own words ("Tight layout not applied") say nothing of which chart.
        title = fig.axes[0].get_title() if fig.axes else "chart"
        print(printable(f"sumbench: warning: chart {title!r}: {message}"), file=sys.stderr)
    return buffer.getvalue()


def plot_files(result: RunResult) -> dict[str, bytes]:
    """Every chart of a run in every format, by file name."""
    metric = per_document_metric(result)
    figures = {"rouge_f": bar_figure(result), f"{metric}_per_document": heatmap_figure(result)}
    return {
        f"{name}.{fmt}": figure_bytes(fig, fmt)
        for name, fig in figures.items()
        for fmt in PLOT_FORMATS
    }


def write_plots(results: Path, folder: Path | None = None) -> list[Path]:
    """Draw the charts of a ``results.json`` into ``folder`` (default: ``plots/`` beside it)."""
    folder = folder if folder is not None else results.parent / "plots"
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} exists and is not a folder")
    files = plot_files(load_results(results))
    try:
        for name, data in files.items():
            atomic_write_bytes(folder / name, data)
    except OSError as exc:
        raise InputError(f"cannot write to {folder}: {exc.strerror or exc}") from exc
    return [folder / name for name in files]
