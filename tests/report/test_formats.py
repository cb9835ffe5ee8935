"""Output formats of a stored run: golden Markdown and LaTeX, the terminal table, the CLI.

Regenerate the golden tables deliberately:
``SUMBENCH_UPDATE_GOLDEN=1 pytest tests/test_formats.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from sumbench.cli import main
from sumbench.report import FORMATS, render
from sumbench.report.latex import latex_escape, render_latex
from sumbench.report.text import render_markdown, render_terminal
from sumbench.results import RunResult, Signature, load_results

GOLDEN_DIR = Path(__file__).parents[1] / "golden"
SEEDS_JSON = GOLDEN_DIR / "seeds_results.json"


@pytest.fixture(scope="module")
def seeds() -> RunResult:
    """The golden run of the seeds, loaded back from its results.json."""
    return load_results(SEEDS_JSON)


@pytest.mark.parametrize(
    ("name", "renderer"), [("seeds_results.md", render_markdown), ("seeds_table.tex", render_latex)]
)
def test_tables_match_their_golden_files(
    seeds: RunResult, name: str, renderer: Callable[[RunResult], str]
) -> None:
    golden = GOLDEN_DIR / name
    text = renderer(seeds)
    if os.environ.get("SUMBENCH_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_latex_escapes_special_characters() -> None:
    assert latex_escape("my_sys & 50% #1 {x} ~$^\\") == (
        r"my\_sys \& 50\% \#1 \{x\} \textasciitilde{}\$\textasciicircum{}\textbackslash{}"
    )


def test_latex_escapes_system_names_and_marks_the_best(seeds: RunResult) -> None:
    renamed = RunResult.from_dict(
        json.loads(json.dumps(seeds.as_dict()).replace('"lead"', '"lead_3%"'))
    )
    tex = render_latex(renamed)
    assert r"lead\_3\% & \textbf{57.10}" in tex
    assert "lead_3%" not in tex.split("\n", 1)[1].replace("% sumbench", "")
    assert r"oracle$^{\ddagger}$ & 63.60 " in tex  # an upper bound is never bold
    assert tex.startswith("% sumbench sumbench:")


def test_latex_compiles_where_tex_is_installed(seeds: RunResult, tmp_path: Path) -> None:
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex not found: no TeX installation to compile the table with")
    document = (
        "\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n"
        f"{render_latex(seeds)}\\end{{document}}\n"
    )
    (tmp_path / "t.tex").write_text(document, encoding="utf-8")
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "t.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "t.pdf").stat().st_size > 0


def test_terminal_table_is_ascii_and_complete_without_a_width(seeds: RunResult) -> None:
    text = render_terminal(seeds)
    assert text.isascii()
    assert "Pos  Lead" in text
    assert "+-" in text


def test_terminal_table_fits_a_narrow_terminal(seeds: RunResult) -> None:
    text = render_terminal(seeds, width=60)
    table = text.splitlines()[1:15]
    assert all(len(line) <= 60 for line in table)
    assert "R-1 F" in table[1]
    assert "Pos" not in table[1]
    assert "Not shown in 60 columns: interval half-widths" in text


def test_terminal_table_keeps_every_column_when_it_fits(seeds: RunResult) -> None:
    assert render_terminal(seeds, width=200) == render_terminal(seeds)


def test_fancy_terminal_uses_unicode_marks(seeds: RunResult) -> None:
    text = render_terminal(seeds, width=200, fancy=True)
    assert "±" in text
    assert "oracle †" in text


def test_terminal_numbers_line_up(seeds: RunResult) -> None:
    lines = render_terminal(seeds).splitlines()
    rows = lines[4:15]
    # The decimal point of every R-1 cell sits in the same column.
    first = {line.index(".", len("oracle (upper bound)")) for line in rows}
    assert len(first) == 1


def test_every_format_renders(seeds: RunResult) -> None:
    for fmt in FORMATS:
        assert render(seeds, fmt).strip()


def test_report_writes_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "table.tex"
    assert main(["report", str(SEEDS_JSON), "--format", "latex", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (GOLDEN_DIR / "seeds_table.tex").read_text(
        encoding="utf-8"
    )
    assert f"wrote {out}" in capsys.readouterr().out


def test_report_prints_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEEDS_JSON), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("doc_id,system,rouge_type")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json"], "file not found: missing.json"),
        ([str(SEEDS_JSON), "--format", "pdf"], "invalid choice: 'pdf'"),
        ([str(SEEDS_JSON), "--output", "."], "is a folder"),
        (["baselines/seeds.json"], "is not a sumbench results.json"),
    ],
)
def test_report_bad_input_is_one_line_and_exit_2(
    args: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    try:
        code = main(["report", *args])
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_signature_survives_the_round_trip(seeds: RunResult) -> None:
    assert isinstance(seeds.signature, Signature)
    assert seeds.signature.format() == json.loads(SEEDS_JSON.read_text())["signature"]
