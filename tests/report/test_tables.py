"""Shared table helpers: rows, marks and notes come from typed fields, never the signature."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sumbench.report.latex import render_latex
from sumbench.report.tables import table_notes, table_rows
from sumbench.results import RunResult, load_results

GOLDEN = Path(__file__).parents[1] / "golden" / "seeds_results.json"


def _seeds() -> RunResult:
    return load_results(GOLDEN)


def test_rows_have_header_then_systems_upper_bounds_last() -> None:
    result = _seeds()
    rows = table_rows(result)
    assert rows[0] == ["System", "R-1 F", "R-2 F", "R-L F", "R-Lsum F", "Words", "Pos", "Lead"]
    assert len(rows) == 1 + len(result.systems)
    assert rows[-1][0] == "oracle †"
    lead = next(r for r in rows if r[0] == "lead")
    f = 100 * result.system("lead").scores["rouge1"].fmeasure
    low, high = (100 * v for v in result.system("lead").intervals["rouge1"])
    assert lead[1].startswith(f"{f:.2f} [{low:.1f}, {high:.1f}]")


def test_half_widths_instead_of_brackets() -> None:
    rows = table_rows(_seeds(), brackets=False, plus_minus="+-", upper_mark="(ub)")
    assert rows[-1][0] == "oracle (ub)"
    assert all("[" not in cell for row in rows for cell in row)
    assert "+-" in rows[1][1]


def test_coverage_column_only_when_a_system_missed_documents() -> None:
    result = _seeds()
    assert "Coverage" not in table_rows(result)[0]
    partial = replace(result.systems[0], coverage=(3, 5))
    rows = table_rows(replace(result, systems=(partial, *result.systems[1:])))
    assert rows[0][-1] == "Coverage"
    assert rows[1][-1] == "3/5"
    assert rows[2][-1] == "all"


def test_cluster_run_says_clusters_in_notes_and_latex_caption() -> None:
    result = _seeds()
    assert "mean over 5 documents" in table_notes(result)[0]
    clusters = replace(result, config=replace(result.config, clusters=Path("clusters.toml")))
    assert "mean over 5 clusters" in table_notes(clusters)[0]
    assert "mean over 5 clusters" in render_latex(clusters)
    assert "mean over 5 documents" in render_latex(result)
