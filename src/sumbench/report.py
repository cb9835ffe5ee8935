"""Renderers of a :class:`RunResult`: terminal table, Markdown, CSV, JSON, files on disk."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from sumbench.analysis import contenders
from sumbench.fsio import write_tree
from sumbench.results import RunResult, SystemResult

LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L", "rougeLsum": "R-Lsum"}
UPPER_BOUND_MARK = "†"
BEST_MARK = "*"
PER_DOCUMENT_METRIC = "rouge2"
MAX_DOCUMENT_ROWS = 100


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
    return result.signature.as_dict().get("mode") == "multi"


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


def _fraction(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


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
    header = ["System", *(f"{LABELS.get(t, t)} F" for t in types), "Words", "Pos", "Lead"]
    rows = [[*header, "Coverage"] if partial else header]
    for system in ordered_systems(result):
        name = f"{system.name} {upper_mark}" if system.upper_bound else system.name
        cells = [
            _score_cell(
                system, t, brackets=brackets, marked=system.name in marks[t], plus_minus=plus_minus
            )
            for t in types
        ]
        extra = [f"{system.words:.1f}", _fraction(system.position), _fraction(system.lead_overlap)]
        if partial:
            done, total = system.coverage or (None, None)
            extra.append("all" if done is None else f"{done}/{total}")
        rows.append([name, *cells, *extra])
    return rows


def table_notes(result: RunResult, *, upper_mark: str = UPPER_BOUND_MARK) -> list[str]:
    """The lines explaining a results table, then the run's warnings."""
    fields = result.signature.as_dict()
    level = result.ci_key.removeprefix("ci")
    unit = "clusters" if is_multi(result) else "documents"
    notes = [
        f"ROUGE F x100, mean over {fields['docs']} {unit}, with the {level}% percentile"
        f" bootstrap interval ({fields.get('resamples', '?')} resamples of documents).",
        f"{BEST_MARK} best system per column, and every system not significantly worse than it"
        f" (paired randomization test, Holm-corrected over all pairs, alpha"
        f" {1 - float(fields.get('conf', 0.95)):.2g}).",
        f"{upper_mark} the oracle reads the references: an upper bound, never a contender.",
        "Pos: mean relative position of the selected sentences (0 first, 1 last);"
        f" Lead: share of them among the first {fields['k']} sentences.",
    ]
    if is_multi(result):
        notes.append(MULTI_NOTE)
    if _partial(result):
        notes.append("Systems with missing outputs are averaged over the documents they cover.")
    return notes + [f"WARNING: {w}" for w in result.warnings]


def render_markdown(result: RunResult) -> str:
    """Main table, per-document table and pairwise tests as GitHub Markdown."""
    rows = [
        [cell.replace(BEST_MARK, "\\" + BEST_MARK) for cell in row] for row in table_rows(result)
    ]
    title = "# sumbench results: multi-document" if is_multi(result) else "# sumbench results"
    lines = [title, "", f"`{result.signature.format()}`", ""]
    lines += _md_table(rows)
    lines += ["", *(f"- {note}" for note in table_notes(result)), ""]
    lines += ["## Per document", "", *_md_table(document_rows(result)), ""]
    lines += ["## Pairwise tests", "", *_md_table(pairwise_rows(result)), ""]
    return "\n".join(lines)


def _md_table(rows: Sequence[Sequence[str]]) -> list[str]:
    align = ["---", *["---:"] * (len(rows[0]) - 1)]
    return [_md_row(rows[0]), _md_row(align), *(_md_row(r) for r in rows[1:])]


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def document_rows(result: RunResult, metric: str = PER_DOCUMENT_METRIC) -> list[list[str]]:
    """Documents x systems table of one ROUGE type's F x100 (at most 100 documents)."""
    systems = [s.name for s in ordered_systems(result)]
    scores = {(d.doc_id, d.system): d.scores[metric].fmeasure for d in result.documents}
    doc_ids = sorted({d.doc_id for d in result.documents})
    rows = [[f"{LABELS.get(metric, metric)} F / document", *systems]]
    for doc_id in doc_ids[:MAX_DOCUMENT_ROWS]:
        cells = (scores.get((doc_id, s)) for s in systems)  # None: no output (--allow-missing)
        rows.append([doc_id, *("-" if f is None else f"{100 * f:.2f}" for f in cells)])
    if len(doc_ids) > MAX_DOCUMENT_ROWS:
        rows.append([f"... {len(doc_ids) - MAX_DOCUMENT_ROWS} more in results.csv"])
        rows[-1] += [""] * len(systems)
    return rows


def pairwise_rows(result: RunResult) -> list[list[str]]:
    """One row per pair of systems and ROUGE type: difference, interval, p, Holm's p."""
    level = result.ci_key.removeprefix("ci")
    header = ["Metric", "A", "B", "A - B", f"{level}% interval", "p", "p (Holm)", "Significant"]
    rows = [header]
    for test in result.pairwise:
        low, high = (100 * v for v in test.ci)
        rows.append(
            [
                LABELS.get(test.metric, test.metric),
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
    """Rows as plain text columns: first left-aligned, the rest right-aligned."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest])

    rule = "-" * len(line(rows[0]))
    return [rule, line(rows[0]), rule, *(line(r) for r in rows[1:]), rule]


def render_terminal(result: RunResult, *, width: int | None = None, fancy: bool = False) -> str:
    """The main table for a terminal of ``width`` columns, or for CI logs (width None).

    ASCII unless ``fancy`` (a real terminal: ``±`` and ``†``). Too narrow a terminal
    loses the half-widths, then Pos/Lead, then Words, then ROUGE columns from the right.
    """
    upper = UPPER_BOUND_MARK if fancy else "(upper bound)"
    notes = table_notes(result, upper_mark=upper)
    rows, dropped = _fitting_rows(result, width, upper=upper, plus_minus="±" if fancy else "+-")
    if dropped:
        notes.append(f"Not shown in {width} columns: {', '.join(dropped)} (see results.md).")
    if width is not None:
        notes = [line for note in notes for line in textwrap.wrap(note, width) or [""]]
    title = "sumbench multi-document (clusters)" if is_multi(result) else "sumbench"
    return "\n".join([f"{title} {result.signature}", *aligned(rows), *notes])


def _fitting_rows(
    result: RunResult, width: int | None, *, upper: str, plus_minus: str
) -> tuple[list[list[str]], list[str]]:
    """The widest table that fits, and the names of what was left out to get there."""
    n_types = len(rouge_types(result))
    full = _pad_marks(
        table_rows(result, upper_mark=upper, brackets=False, plus_minus=plus_minus), n_types
    )
    if width is None or _width(full) <= width:
        return full, []
    rows = _pad_marks(
        table_rows(result, upper_mark=upper, brackets=False, plus_minus=None), n_types
    )
    dropped = ["interval half-widths"]
    # Drop from the right, never the system name and the first ROUGE type.
    while _width(rows) > width and len(rows[0]) > 2:
        dropped.append(rows[0][-1])
        rows = [row[:-1] for row in rows]
    return rows, dropped


def _pad_marks(rows: list[list[str]], n_types: int) -> list[list[str]]:
    # Unmarked score cells get blanks where the mark would be, so the decimals line up.
    mark = f" {BEST_MARK}"
    pad = " " * len(mark)
    return [
        [c if i == 0 or i > n_types or c.endswith(mark) else c + pad for i, c in enumerate(row)]
        for row in rows
    ]


def _width(rows: Sequence[Sequence[str]]) -> int:
    return len(aligned(rows)[0])


def render_pairwise(result: RunResult) -> str:
    """The pairwise tests as a plain text table."""
    return "\n".join(aligned(pairwise_rows(result)))


def render_csv(result: RunResult) -> str:
    """One row per document x system x ROUGE type, full precision."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["doc_id", "system", "rouge_type", "precision", "recall", "fmeasure"])
    for doc in result.documents:
        for rouge_type, score in doc.scores.items():
            writer.writerow(
                [doc.doc_id, doc.system, rouge_type, score.precision, score.recall, score.fmeasure]
            )
    return buffer.getvalue()


def render_json(result: RunResult) -> str:
    """``results.json``: full-precision scores, stable key order."""
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"


def output_files(result: RunResult) -> dict[str, str]:
    """Every file of a results folder, by relative path."""
    files = {
        "results.json": render_json(result),
        "results.csv": render_csv(result),
        "results.md": render_markdown(result),
    }
    from sumbench.html_report import render_html  # imports this module: import late

    files["report.html"] = render_html(result)
    for doc in result.documents:
        text = "".join(f"{sentence}\n" for sentence in doc.summary)
        files[f"summaries/{doc.system}/{doc.doc_id}.txt"] = text
    return files


def write_results(result: RunResult, out: Path, *, inputs: Iterable[Path] = ()) -> None:
    """Replace folder ``out`` with this run's results, atomically (never a folder of ``inputs``)."""
    write_tree(out, output_files(result), inputs=inputs)


def write_files(files: Mapping[str, str], out: Path, *, inputs: Iterable[Path] = ()) -> None:
    """Replace folder ``out`` with ``files`` (relative path -> text), atomically."""
    write_tree(out, files, inputs=inputs)
