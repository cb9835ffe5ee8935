"""Every file sumbench writes, with every option value, is read back by sumbench (issue 12, 4-5).

A run with a ROUGE subset, a repeat, or an odd confidence level must render in every
format, draw its charts, become a baseline and pass ``check`` against itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sumbench.cli import main
from sumbench.report import FORMATS
from sumbench.results import load_results

VARIANTS: dict[str, list[str]] = {
    "default": [],
    "rouge1-only": ["--metrics", "rouge1"],
    "rougeL-only": ["--metrics", "rougeL"],
    "lsum-then-r1": ["--metrics", "rougeLsum,rouge1"],
    "confidence-0.955": ["--confidence", "0.955"],
    "confidence-0.5": ["--confidence", "0.5"],
    "confidence-0.999999": ["--confidence", "0.999999"],
    "bootstrap-7": ["--bootstrap", "7"],
    "trials-3": ["--trials", "3"],
    "no-stem": ["--no-stem"],
    "multi-ref-mean": ["--multi-ref", "mean"],
    "unicode-tokenizer": ["--rouge-tokenizer", "unicode"],
    "words-5": ["--words", "5"],
    "sentences-1": ["--sentences", "1"],
    "seed-123": ["--seed", "123"],
}


def _run(tiny: tuple[Path, Path], out: Path, flags: list[str], fmt: str = "terminal") -> int:
    docs, refs = tiny
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out), "--jobs", "1"]
    return main([*argv, "--systems", "lead,oracle", "--quiet", "--format", fmt, *flags])


@pytest.mark.parametrize("flags", list(VARIANTS.values()), ids=list(VARIANTS))
def test_every_option_value_reads_back(
    tiny_corpus: tuple[Path, Path], tmp_path: Path, flags: list[str], capsys
) -> None:
    out = tmp_path / "out"
    assert _run(tiny_corpus, out, flags) == 0
    results = out / "results.json"
    loaded = load_results(results)
    data = json.loads(results.read_text(encoding="utf-8"))
    assert loaded.as_dict() == data  # the run's own file, read back whole
    for fmt in FORMATS:
        assert main(["report", str(results), "--format", fmt]) == 0, fmt
        assert main(["report", str(results), "--format", fmt, "--output", str(tmp_path / fmt)]) == 0
    baseline = tmp_path / "baseline.json"
    assert main(["baseline", "save", "--from", str(results), "--to", str(baseline)]) == 0
    check = ["check", "--baseline", str(baseline), "--results", str(results), *flags]
    assert main(check) == 0
    assert main(check[:5]) == 0  # without the run's flags: the baseline's metrics decide
    capsys.readouterr()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("metrics", ["rouge1", "rougeL"])
def test_a_metric_subset_prints_in_every_format(
    tiny_corpus: tuple[Path, Path], tmp_path: Path, fmt: str, metrics: str, capsys
) -> None:
    assert _run(tiny_corpus, tmp_path / "out", ["--metrics", metrics], fmt) == 0
    printed = capsys.readouterr().out
    assert "R-2" not in printed
    assert '"rouge2": {' not in printed
    assert "rouge2," not in printed
    if fmt in ("md", "html"):
        label = {"rouge1": "R-1", "rougeL": "R-L"}[metrics]
        assert f"{label} F / document" in printed


@pytest.mark.slow
@pytest.mark.parametrize("metrics", ["rouge1", "rougeL", "rouge2,rouge1"])
def test_plots_of_a_metric_subset(tiny_corpus: tuple[Path, Path], tmp_path: Path, metrics: str):
    assert _run(tiny_corpus, tmp_path / "out", ["--metrics", metrics, "--confidence", "0.955"]) == 0
    assert (
        main(["plot", str(tmp_path / "out" / "results.json"), "--output", str(tmp_path / "p")]) == 0
    )
    heat = "rouge2" if "rouge2" in metrics else metrics
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == [
        f"{heat}_per_document.png",
        f"{heat}_per_document.svg",
        "rouge_f.png",
        "rouge_f.svg",
    ]


@pytest.mark.parametrize("metrics", ["rouge1,rouge1", "rouge2,rougeL,rouge2"])
def test_a_repeated_metric_is_refused_at_config_time(
    tiny_corpus: tuple[Path, Path], tmp_path: Path, metrics: str, capsys
) -> None:
    assert _run(tiny_corpus, tmp_path / "out", ["--metrics", metrics]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "listed twice" in err
    assert not (tmp_path / "out").exists()


def test_the_level_is_a_number_and_old_ci_keys_still_read(tmp_path: Path) -> None:
    golden = Path(__file__).parent / "golden" / "seeds_results.json"
    data = json.loads(golden.read_text(encoding="utf-8"))
    assert data["config"]["stats"]["confidence"] == 0.95
    assert "ci" in data["systems"]["lead"]["rouge1"]
    assert "ci" in data["pairwise"][0]
    # A file written before 0.2 names the interval after its level: still read.
    old = json.dumps(data).replace('"ci": [', '"ci95.5": [')
    assert '"ci": [' not in old
    (tmp_path / "old.json").write_text(old, encoding="utf-8")
    legacy = load_results(tmp_path / "old.json")
    assert legacy.as_dict() == data
    assert legacy.system("lead").intervals == load_results(golden).system("lead").intervals
