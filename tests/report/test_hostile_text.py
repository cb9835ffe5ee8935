"""Hostile ids and names stay inert in every CSV and on every terminal (issue 12, items 8-9).

Ids are checked when a corpus is read (no control character gets in), but a results.json
or a baseline may be edited by hand: every renderer and every CLI print must still keep
escape sequences off the terminal, keep Markdown rows whole, and quote formula cells.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest

from sumbench.cli import main
from sumbench.report import FORMATS

from ..conftest import TINY_DOCS, TINY_REFS

GOLDEN = Path(__file__).parents[1] / "golden" / "seeds_results.json"
HOSTILE_ID = "x\x1b]0;PWNED\x07\x1b[2J"
HOSTILE_NAME = "ev\x1b[31mil|\r\nname\x9b2J"
FORMULAS = ("=1+1", "+1+1", "-1+1", "@SUM(A1)")
# What must never reach a terminal: ESC, BEL, CR, the 8-bit CSI.
RAW = ("\x1b", "\x07", "\r", "\x9b")


def _hostile_results(tmp_path: Path) -> Path:
    """The golden run with a hostile document id, system name and warning."""
    text = GOLDEN.read_text(encoding="utf-8")
    text = text.replace('"000_e8ea9622cab2c79d"', json.dumps(HOSTILE_ID))
    text = text.replace('"lead"', json.dumps(HOSTILE_NAME))
    data = json.loads(text)
    # The config's names are checked when read (as a run's are); the entries are shown.
    data["config"]["systems"] = json.loads(GOLDEN.read_text())["config"]["systems"]
    data["warnings"].append(f"system {HOSTILE_NAME} failed on {HOSTILE_ID}")
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _assert_inert(text: str) -> None:
    for char in RAW:
        assert char not in text, repr(char)


@pytest.mark.parametrize("tty", [True, False], ids=["terminal", "pipe"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_report_prints_no_escape_in_any_format(
    fmt: str, tty: bool, tmp_path: Path, capsys, monkeypatch
) -> None:
    results = _hostile_results(tmp_path)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty, raising=False)
    assert main(["report", str(results), "--format", fmt]) == 0
    out = capsys.readouterr().out
    if tty or fmt in ("terminal", "md"):
        _assert_inert(out)  # tables are made for people; a terminal gets everything escaped
    if fmt == "json" and not tty:
        assert json.loads(out)["systems"][HOSTILE_NAME]  # a pipe keeps the data exact


def test_markdown_rows_keep_their_columns(tmp_path: Path, capsys) -> None:
    assert main(["report", str(_hostile_results(tmp_path)), "--format", "md"]) == 0
    md = capsys.readouterr().out
    assert "ev\\x1b[31mil\\|\\r\\nname" in md
    tables: list[list[str]] = [[]]
    for line in md.split("\n"):
        if line.startswith("|"):
            tables[-1].append(line)
        elif tables[-1]:
            tables.append([])
    tables = [t for t in tables if t]
    assert len(tables) == 3
    for table in tables:
        bars = {len(re.findall(r"(?<!\\)\|", line)) for line in table}
        assert len(bars) == 1, table  # every row has as many cells as the header


def test_check_report_and_errors_are_inert(tmp_path: Path, capsys) -> None:
    results = _hostile_results(tmp_path)
    baseline = tmp_path / "baseline.json"
    assert main(["baseline", "save", "--from", str(results), "--to", str(baseline)]) == 0
    # The run "lost" the hostile system's score: a regression whose report names it.
    data = json.loads(results.read_text(encoding="utf-8"))
    for doc in data["documents"]:
        if doc["system"] == HOSTILE_NAME:
            doc["scores"]["rouge1"]["fmeasure"] = 0.0
    data["systems"][HOSTILE_NAME]["rouge1"]["fmeasure"] = 0.0
    worse = tmp_path / "worse.json"
    worse.write_text(json.dumps(data), encoding="utf-8")
    assert main(["check", "--baseline", str(baseline), "--results", str(worse)]) == 1
    captured = capsys.readouterr()
    assert "ev\\x1b[31mil" in captured.out
    _assert_inert(captured.out + captured.err)
    (tmp_path / "bad.json").write_text(json.dumps({HOSTILE_ID: 1}), encoding="utf-8")
    assert main(["report", str(tmp_path / "bad.json")]) == 2
    _assert_inert(capsys.readouterr().err)


def _formula_corpus(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "c.jsonl"
    rows = [
        {"id": doc_id, "text": text, "references": TINY_REFS[key]}
        for doc_id, (key, text) in zip(FORMULAS, [*TINY_DOCS.items()] * 2, strict=True)
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    for doc_id in FORMULAS:
        (outputs / f"{doc_id}.txt").write_text("The budget was approved.\n", encoding="utf-8")
    return corpus, outputs


def test_formula_ids_and_names_are_quoted_in_every_csv(tmp_path: Path, capsys) -> None:
    corpus, outputs = _formula_corpus(tmp_path)
    out = tmp_path / "out"
    argv = ["run", "--docs", str(corpus), "--out", str(out), "--systems", "lead", "--quiet"]
    assert main([*argv, "--system-dir", f"@SUM(1+1)={outputs}", "--jobs", "1"]) == 0
    assert main(["report", str(out / "results.json"), "--format", "csv"]) == 0
    printed = capsys.readouterr().out.split("\n", 1)[1]  # the run's table, then the CSV
    for text in (printed[printed.index("doc_id,") :], (out / "results.csv").read_text()):
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row[:2]]
        assert {f"'{doc_id}" for doc_id in FORMULAS} <= set(cells)
        assert "'@SUM(1+1)" in cells
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert {d["id"] for d in data["documents"]} == set(FORMULAS)  # JSON keeps the original
    assert "@SUM(1+1)" in data["systems"]
