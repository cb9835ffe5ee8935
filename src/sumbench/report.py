"""Renderers of a :class:`RunResult`: terminal table, Markdown, CSV, JSON, files on disk."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from sumbench.fsio import write_tree
from sumbench.results import RunResult, SystemResult

LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeL": "R-L", "rougeLsum": "R-Lsum"}
UPPER_BOUND_MARK = "†"
UPPER_BOUND_NOTE = f"{UPPER_BOUND_MARK} upper bound: the oracle reads the references."


def ordered_systems(result: RunResult) -> list[SystemResult]:
    """Systems in run order, upper bounds last."""
    return sorted(result.systems, key=lambda s: s.upper_bound)


def _rouge_types(result: RunResult) -> list[str]:
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


def table_rows(result: RunResult, *, mark: str = UPPER_BOUND_MARK) -> list[list[str]]:
    """Header and one row per system: F x100 with two decimals, then mean words.

    A "Coverage" column (documents scored / corpus size) appears when some system's
    outputs were missing (``--allow-missing``).
    """
    types = _rouge_types(result)
    partial = _partial(result)
    header = ["System", *(f"{LABELS.get(t, t)} F" for t in types), "Words"]
    rows = [[*header, "Coverage"] if partial else header]
    for system in ordered_systems(result):
        name = f"{system.name} {mark}" if system.upper_bound else system.name
        scores = [f"{100 * system.scores[t].fmeasure:.2f}" for t in types]
        row = [name, *scores, f"{system.words:.1f}"]
        if partial:
            done, total = system.coverage or (None, None)
            row.append("all" if done is None else f"{done}/{total}")
        rows.append(row)
    return rows


def render_markdown(result: RunResult) -> str:
    """The results table as GitHub Markdown, with the signature above it."""
    rows = table_rows(result)
    align = ["---", *["---:"] * (len(rows[0]) - 1)]
    multi = is_multi(result)
    unit = "clusters" if multi else "documents"
    lines = [
        "# sumbench results: multi-document" if multi else "# sumbench results",
        "",
        f"`{result.signature.format()}`",
        "",
        _md_row(rows[0]),
        _md_row(align),
        *(_md_row(r) for r in rows[1:]),
        "",
        f"ROUGE F-measure x100, mean over {result.signature.as_dict()['docs']} {unit}. "
        + UPPER_BOUND_NOTE,
        "",
    ]
    if multi:
        lines += [MULTI_NOTE, ""]
    if _partial(result):
        lines += ["Systems with missing outputs are averaged over the documents they cover.", ""]
    return "\n".join(lines)


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_terminal(result: RunResult) -> str:
    """A plain aligned table for the terminal and CI logs (ASCII only)."""
    rows = table_rows(result, mark="(upper bound)")
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([first, *rest])

    rule = "-" * len(line(rows[0]))
    body = [line(r) for r in rows[1:]]
    title = "sumbench multi-document (clusters)" if is_multi(result) else "sumbench"
    return "\n".join([f"{title} {result.signature}", rule, line(rows[0]), rule, *body, rule])


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
    for doc in result.documents:
        text = "".join(f"{sentence}\n" for sentence in doc.summary)
        files[f"summaries/{doc.system}/{doc.doc_id}.txt"] = text
    return files


def write_results(result: RunResult, out: Path) -> None:
    """Replace folder ``out`` with this run's results, atomically."""
    write_tree(out, output_files(result))


def write_files(files: Mapping[str, str], out: Path) -> None:
    """Replace folder ``out`` with ``files`` (relative path -> text), atomically."""
    write_tree(out, files)
