"""A booktabs LaTeX table of a run, ready to paste into a paper."""

from __future__ import annotations

from collections.abc import Sequence

from sumbench.report.tables import (
    best_marks,
    fraction,
    label,
    ordered_systems,
    rouge_types,
    scorer_note,
)
from sumbench.results import RunResult, SystemResult

# Characters that LaTeX reads as commands, in text mode.
_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
CONTENDER = r"$^{\dagger}$"
UPPER_BOUND = r"$^{\ddagger}$"


def latex_escape(text: str) -> str:
    """``text`` with LaTeX's special characters escaped for text mode."""
    return "".join(_ESCAPES.get(char, char) for char in text)


def _best(result: RunResult, metric: str, contenders: frozenset[str]) -> frozenset[str]:
    """The contenders with the highest mean F (several only on an exact tie)."""
    if not contenders:
        return frozenset()
    top = max(result.system(n).scores[metric].fmeasure for n in contenders)
    return frozenset(n for n in contenders if result.system(n).scores[metric].fmeasure == top)


def _cell(system: SystemResult, metric: str, *, best: bool, contender: bool) -> str:
    number = f"{100 * system.scores[metric].fmeasure:.2f}"
    text = rf"\textbf{{{number}}}" if best else number
    if contender and not best:
        text += CONTENDER
    if metric in system.intervals:
        low, high = (100 * v for v in system.intervals[metric])
        text += rf" {{\scriptsize[{low:.1f}, {high:.1f}]}}"
    return text


def _row(cells: Sequence[str]) -> str:
    return " & ".join(cells) + r" \\"


def _body(result: RunResult) -> list[str]:
    types = rouge_types(result)
    marks = best_marks(result)
    best = {t: _best(result, t, marks[t]) for t in types}
    lines: list[str] = []
    previous_upper = False
    for system in ordered_systems(result):
        if system.upper_bound and not previous_upper:
            lines.append(r"\midrule")  # upper bounds set apart below the contenders
        previous_upper = system.upper_bound
        name = latex_escape(system.name) + (UPPER_BOUND if system.upper_bound else "")
        cells = [
            _cell(system, t, best=system.name in best[t], contender=system.name in marks[t])
            for t in types
        ]
        extra = [
            f"{system.words:.1f}",
            fraction(system.position, none="--"),
            fraction(system.lead_overlap, none="--"),
        ]
        lines.append(_row([name, *cells, *extra]))
    return lines


def _caption(result: RunResult) -> str:
    stats = result.config.stats
    level = result.level
    alpha = stats.alpha
    note = scorer_note(result)
    scorer = "" if note is None else " " + latex_escape(note)
    return (
        rf"ROUGE F$\times$100, mean over {result.corpus_size} {result.unit}, with the {level}\%"
        f" percentile bootstrap interval ({stats.resamples} resamples of documents)."
        r" Bold: best system per column; $^{\dagger}$: not significantly worse than it"
        rf" (paired randomization test, Holm-corrected over all pairs, $\alpha={alpha:.2g}$)."
        r" $^{\ddagger}$: upper bound (the oracle reads the references), never a contender."
        " Pos: mean relative position of the selected sentences (0 first, 1 last);"
        f" Lead: share of them among the first {result.config.sentences} sentences." + scorer
    )


def render_latex(result: RunResult) -> str:
    """The main results table as a ``table`` float with booktabs rules (needs booktabs)."""
    types = rouge_types(result)
    header = ["System", *(f"{label(t)} F" for t in types), "Words", "Pos", "Lead"]
    lines = [
        f"% sumbench {result.signature.format()}",
        *(f"% WARNING: {w}" for w in result.warnings),
        r"% Needs \usepackage{booktabs} in the preamble.",
        r"\begin{table}[t]",
        r"\centering",
        r"\small",
        r"\begin{tabular}{l" + "r" * (len(header) - 1) + "}",
        r"\toprule",
        _row([latex_escape(h) for h in header]),
        r"\midrule",
        *_body(result),
        r"\bottomrule",
        r"\end{tabular}",
        rf"\caption{{{_caption(result)}}}",
        r"\label{tab:sumbench}",
        r"\end{table}",
    ]
    return "\n".join(lines) + "\n"
