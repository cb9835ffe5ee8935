"""``sumbench sweep``: each point's folder is what ``sumbench run`` writes; the table agrees."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sumbench.cli import main

from ..conftest import REFERENCES, SEEDS

BASE = ["--docs", str(SEEDS), "--refs", str(REFERENCES), "--systems", "lead,textrank,oracle"]
BASE += ["--metrics", "rouge1,rouge2", "--bootstrap", "200", "--quiet"]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A K = 1, 2 sweep over the seeds, written once for the module's tests."""
    out = tmp_path_factory.mktemp("sweep") / "out"
    cache = tmp_path_factory.mktemp("cache")
    argv = ["sweep", *BASE, "--sentences", "2,1", "--cache-dir", str(cache), "--out", str(out)]
    assert main(argv) == 0
    return out


def test_the_sweep_folder_holds_every_file(swept: Path) -> None:
    names = sorted(p.name for p in swept.iterdir())
    assert names == [
        ".sumbench",
        "report.html",
        "sentences-1",
        "sentences-2",
        "sweep.csv",
        "sweep.json",
        "sweep.md",
        "sweep.png",
        "sweep.svg",
    ]


@pytest.mark.parametrize("k", [1, 2])
def test_a_point_folder_is_what_run_writes(swept: Path, tmp_path: Path, k: int) -> None:
    out = tmp_path / "run"
    argv = ["run", *BASE, "--sentences", str(k), "--no-cache", "--out", str(out)]
    assert main(argv) == 0
    assert _snapshot(swept / f"sentences-{k}") == _snapshot(out)


def test_the_table_repeats_the_points_results(swept: Path) -> None:
    rows = json.loads((swept / "sweep.json").read_text(encoding="utf-8"))["rows"]
    assert len(rows) == 2 * 3 * 2  # points x systems x ROUGE types
    for row in rows:
        run = json.loads((swept / row["point"] / "results.json").read_text(encoding="utf-8"))
        system = run["systems"][row["system"]]
        assert row["fmeasure"] == system[row["rouge_type"]]["fmeasure"]
        assert row["interval"] == system[row["rouge_type"]]["ci"]
        assert row["words"] == system["words"]
        assert row["options"] == {"sentences": run["config"]["sentences"]}
    table = list(csv.DictReader(io.StringIO((swept / "sweep.csv").read_text(encoding="utf-8"))))
    assert [float(r["fmeasure"]) for r in table] == [r["fmeasure"] for r in rows]
    assert [r["point"] for r in table[:6]] == ["sentences-1"] * 6  # grid order, not input order


def test_the_page_is_self_contained(swept: Path) -> None:
    page = (swept / "report.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page
    assert "data:image/svg+xml;base64," in page
    assert 'href="sentences-1/report.html"' in page
    assert "http://" not in page
    assert "https://" not in page


def test_a_second_sweep_writes_the_same_bytes(swept: Path, tmp_path: Path) -> None:
    """Replacing an earlier sweep's folder (point folders included) gives identical files."""
    before = _snapshot(swept)
    again = tmp_path / "again"
    argv = ["sweep", *BASE, "--sentences", "1,2", "--no-cache", "--out", str(again)]
    assert main(argv) == 0
    assert main(argv) == 0  # over its own earlier output
    assert _snapshot(again) == before


def test_a_point_folder_with_foreign_files_is_not_replaced(
    swept: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["sweep", *BASE, "--sentences", "1", "--no-cache", "--out", str(out)]
    assert main(argv) == 0
    (out / "sentences-1" / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(argv) == 2
    assert "sumbench did not write" in capsys.readouterr().err
    assert (out / "sentences-1" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_sweep_table_and_param_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "sweep.toml"
    config.write_text(
        f'docs = "{SEEDS}"\nrefs = "{REFERENCES}"\nsystems = ["lexrank"]\n'
        'metrics = ["rouge1", "rouge2"]\nbootstrap = 100\n[sweep]\nsentences = [1, 3]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    argv = ["sweep", "--config", str(config), "--quiet", "--no-cache", "--out", str(out)]
    assert main([*argv, "--param", "lexrank.threshold=0.1,0.2"]) == 0
    points = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert points == [
        "params.lexrank.threshold-0.1_sentences-1",
        "params.lexrank.threshold-0.1_sentences-3",
        "params.lexrank.threshold-0.2_sentences-1",
        "params.lexrank.threshold-0.2_sentences-3",
    ]
    run = json.loads((out / points[2] / "results.json").read_text(encoding="utf-8"))
    assert run["config"]["params"] == {"lexrank": {"threshold": 0.2}}
    assert run["config"]["sentences"] == 1
    # `sumbench run` reads the same file and ignores its grid.
    assert main(["run", "--config", str(config), "--no-cache", "--out", str(tmp_path / "r")]) == 0


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--sentences", "1,,2"], "--sentences: empty item"),
        (["--sentences", "1,x"], "'sentences' has the wrong type"),
        (["--param", "lexrank=1,2"], "--param expects SYSTEM.PARAM=VALUE"),
    ],
)
def test_bad_lists_are_one_line_errors(
    flags: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sweep", *BASE, "--no-cache", "--out", str(tmp_path / "o"), *flags]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err


@pytest.mark.slow
def test_a_dask_sweep_writes_the_bytes_of_a_serial_one(swept: Path, tmp_path: Path) -> None:
    out = tmp_path / "dask"
    argv = ["sweep", *BASE, "--sentences", "1,2", "--no-cache", "--out", str(out)]
    assert main([*argv, "--executor", "dask", "--jobs", "2"]) == 0
    assert _snapshot(out) == _snapshot(swept)
