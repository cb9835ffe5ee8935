"""Text renderers of a :class:`RunResult`: terminal table, Markdown, CSV, JSON."""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Iterator, Sequence

from sumbench.report.tables import (
    BEST_MARK,
    UPPER_BOUND_MARK,
    aligned,
    document_rows,
    is_multi,
    pairwise_rows,
    rouge_types,
    table_notes,
    table_rows,
)
from sumbench.results import RunResult
from sumbench.textsafe import csv_cell, markdown_cell, printable


def render_markdown(result: RunResult) -> str:
    """Main table, per-document table and pairwise tests as GitHub Markdown."""
    rows = [
        [cell.replace(BEST_MARK, "\\" + BEST_MARK) for cell in row] for row in table_rows(result)
    ]
    title = "# sumbench results: multi-document" if is_multi(result) else "# sumbench results"
    lines = [title, "", f"`{printable(result.signature.format())}`", ""]
    lines += _md_table(rows)
    lines += ["", *(f"- {printable(note)}" for note in table_notes(result)), ""]
    lines += ["## Per document", "", *_md_table(document_rows(result)), ""]
    lines += ["## Pairwise tests", "", *_md_table(pairwise_rows(result)), ""]
    return "\n".join(lines)


def _md_table(rows: Sequence[Sequence[str]]) -> list[str]:
    align = ["---", *["---:"] * (len(rows[0]) - 1)]
    return [_md_row(rows[0]), _md_row(align), *(_md_row(r) for r in rows[1:])]


def _md_row(cells: Sequence[str]) -> str:
    # Ids and names from a hand-edited results.json may hold "|", CR/LF or escapes.
    return "| " + " | ".join(markdown_cell(cell) for cell in cells) + " |"


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
    # aligned() makes every cell printable; the notes carry the run's warnings (with ids).
    notes = [printable(note) for note in notes]
    return "\n".join([printable(f"{title} {result.signature}"), *aligned(rows), *notes])


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
    """One row per document x system x ROUGE type, full precision.

    Text cells pass through :func:`sumbench.textsafe.csv_cell` (OWASP CSV injection);
    ``results.json`` keeps the original ids and names.
    """
    return "".join(csv_chunks(result))


def csv_chunks(result: RunResult) -> Iterator[str]:
    """:func:`render_csv` in pieces, one document's rows at a time (a stream to write)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["doc_id", "system", "rouge_type", "precision", "recall", "fmeasure"])
    for doc in result.documents:
        # Ids and names a spreadsheet would run as formulas get a leading quote.
        doc_id, system = csv_cell(doc.doc_id), csv_cell(doc.system)
        for rouge_type, score in doc.scores.items():
            writer.writerow(
                [doc_id, system, rouge_type, score.precision, score.recall, score.fmeasure]
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def render_json(result: RunResult) -> str:
    """``results.json``: full-precision scores, stable key order."""
    from sumbench.report.jsonio import render_results_json  # entry by entry: bounded memory

    return render_results_json(result)
