"""The chart of a sweep: ROUGE F against mean summary length in words, one line per system.

Drawn like :mod:`sumbench.report.plots` (a bare ``Figure``, reproducible bytes); each line
joins a system's points in order of length, with its bootstrap interval as a band.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from sumbench.report.plots import DPI, PLOT_FORMATS, figure_bytes
from sumbench.report.tables import LABELS

if TYPE_CHECKING:
    from sumbench.sweeps.run import SweepResult
    from sumbench.sweeps.table import SweepRow

# Options that set the length: the x axis shows it, so they do not split a system's line.
LENGTH_KEYS = ("sentences", "words")
PALETTE = (
    "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9",
    "#999933", "#882255", "#44aa99", "#332288", "#aa4499", "#666666",
)  # fmt: skip


def line_label(row: SweepRow) -> str:
    """The legend entry of a row's line: the system, and the swept options other than length."""
    others = [f"{k}={v}" for k, v in row.overrides if k not in LENGTH_KEYS]
    return row.system + (f" ({', '.join(others)})" if others else "")


def sweep_figure(rows: Sequence[SweepRow]) -> Figure:
    """One panel per ROUGE type: F x100 against mean words, interval bands."""
    types = list(dict.fromkeys(r.rouge_type for r in rows))
    labels = list(dict.fromkeys(line_label(r) for r in rows))
    fig = Figure(figsize=(4.2 * len(types), 3.6), dpi=DPI, layout="tight")
    axes = fig.subplots(1, len(types), squeeze=False)[0]
    for ax, metric in zip(axes, types, strict=True):
        for i, label in enumerate(labels):
            line = sorted(
                (r for r in rows if r.rouge_type == metric and line_label(r) == label),
                key=lambda r: (r.words, r.point),
            )
            xs = [r.words for r in line]
            colour = PALETTE[i % len(PALETTE)]
            ax.plot(xs, [100 * r.fmeasure for r in line], marker="o", color=colour, label=label)
            banded = [r for r in line if r.interval is not None]
            if banded:
                low = [100 * r.interval[0] for r in banded if r.interval is not None]
                high = [100 * r.interval[1] for r in banded if r.interval is not None]
                ax.fill_between([r.words for r in banded], low, high, color=colour, alpha=0.15)
        ax.set_title(f"{LABELS.get(metric, metric)} F")
        ax.set_xlabel("mean summary length (words)")
        ax.set_ylabel("F x100")
        ax.grid(True, alpha=0.3)
    axes[-1].legend(fontsize=7, loc="best")
    return fig


def sweep_plot_files(result: SweepResult) -> dict[str, bytes]:
    """``sweep.png`` and ``sweep.svg``."""
    fig = sweep_figure(result.rows)
    return {f"sweep.{fmt}": figure_bytes(fig, fmt) for fmt in PLOT_FORMATS}
