"""The CI gate: baselines, tolerances, verdicts and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sumbench.cli import main
from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run
from sumbench.errors import InputError
from sumbench.gate import Verdict, baseline_document, compare, snapshot
from sumbench.testing import assert_no_regression

from .conftest import REFERENCES, SEEDS, TINY_DOCS, TINY_REFS, CorpusFactory, write_corpus

SYSTEMS = "lead,random,textrank"


@pytest.fixture(scope="module")
def gate_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A run of three systems on the tiny corpus and a baseline saved from it, made once."""
    base = tmp_path_factory.mktemp("gate")
    docs, refs = write_corpus(base / "corpus", TINY_DOCS, TINY_REFS)
    out, baseline = base / "out", base / "baselines" / "base.json"
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out), "--no-cache"]
    assert main([*argv, "--systems", SYSTEMS]) == 0
    assert (
        main(["baseline", "save", "--from", str(out / "results.json"), "--to", str(baseline)]) == 0
    )
    return {"docs": docs, "refs": refs, "results": out / "results.json", "baseline": baseline}


@pytest.fixture
def workspace(gate_run: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """The shared run's results and baseline copied here, for the test to edit."""
    results, baseline = tmp_path / "out" / "results.json", tmp_path / "baselines" / "base.json"
    for source, copy in ((gate_run["results"], results), (gate_run["baseline"], baseline)):
        copy.parent.mkdir(parents=True)
        shutil.copyfile(source, copy)
    return {**gate_run, "results": results, "baseline": baseline}


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _check(ws: dict[str, Path], *extra: str) -> int:
    return main(
        ["check", "--baseline", str(ws["baseline"]), "--results", str(ws["results"]), *extra]
    )


def test_unchanged_results_pass(workspace: dict[str, Path], capsys) -> None:
    assert _check(workspace) == 0
    assert "**PASS**" in capsys.readouterr().out


def test_baseline_has_no_summary_texts(workspace: dict[str, Path]) -> None:
    data = json.loads(workspace["baseline"].read_text(encoding="utf-8"))
    assert data["format"] == "sumbench-baseline/1"
    assert all(set(d) == {"id", "system", "scores"} for d in data["documents"])


def test_raised_baseline_score_fails_and_names_system_and_metric(
    workspace: dict[str, Path], capsys
) -> None:
    _edit(
        workspace["baseline"],
        lambda d: d["systems"]["lead"]["rouge2"].update(
            fmeasure=d["systems"]["lead"]["rouge2"]["fmeasure"] + 0.01
        ),
    )
    assert _check(workspace) == 1
    out = capsys.readouterr().out
    assert "**FAIL**" in out
    assert "| lead | rouge2 |" in out
    assert "| regression |" in out
    assert out.count("regression |") == 1


def test_drop_within_tolerance_passes(workspace: dict[str, Path]) -> None:
    _edit(
        workspace["baseline"],
        lambda d: d["systems"]["lead"]["rouge2"].update(
            fmeasure=d["systems"]["lead"]["rouge2"]["fmeasure"] + 0.004
        ),
    )
    assert _check(workspace) == 0
    assert _check(workspace, "--tolerance", "0.003") == 1


def test_improvement_is_reported_as_stale(workspace: dict[str, Path], capsys) -> None:
    _edit(workspace["baseline"], lambda d: d["systems"]["lead"]["rouge1"].update(fmeasure=0.0))
    assert _check(workspace) == 0
    assert "baseline is stale: run `sumbench baseline save`" in capsys.readouterr().out


def test_missing_system_fails_and_new_system_is_reported(
    workspace: dict[str, Path], capsys
) -> None:
    def swap(data: dict) -> None:
        data["systems"]["lexrank"] = data["systems"].pop("textrank")
        for entry in data["documents"]:
            entry["system"] = "lexrank" if entry["system"] == "textrank" else entry["system"]

    _edit(workspace["baseline"], swap)
    assert _check(workspace) == 1
    out = capsys.readouterr().out
    assert "| lexrank | rouge1 | " in out
    assert "| missing |" in out
    assert "New systems (not in the baseline): textrank." in out


def test_changed_corpus_hash_is_not_comparable(workspace: dict[str, Path], capsys) -> None:
    _edit(workspace["baseline"], lambda d: d["signature_fields"].update(corpus="000000000000"))
    assert _check(workspace) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "corpus: baseline '000000000000', now '" in err


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_text(p.read_text(encoding="utf-8")[:200], encoding="utf-8"),
        lambda p: p.write_text("[1, 2]", encoding="utf-8"),
        lambda p: p.write_text('{"systems": {}}', encoding="utf-8"),
        lambda p: p.unlink(),
    ],
    ids=["truncated", "not-an-object", "wrong-shape", "missing"],
)
def test_bad_baseline_file_is_one_line_and_exit_2(
    workspace: dict[str, Path], capsys, damage
) -> None:
    damage(workspace["baseline"])
    assert _check(workspace) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith("sumbench: error: ")


def test_report_file_and_worst_documents(workspace: dict[str, Path], tmp_path: Path) -> None:
    def lower_now(data: dict) -> None:
        data["systems"]["lead"]["rouge1"]["fmeasure"] -= 0.05
        for entry in data["documents"]:
            if entry["system"] == "lead" and entry["id"] == "beta":
                entry["scores"]["rouge1"]["fmeasure"] -= 0.1

    _edit(workspace["results"], lower_now)
    report = tmp_path / "report.md"
    assert _check(workspace, "--report", str(report)) == 1
    text = report.read_text(encoding="utf-8")
    assert "Documents that got worse the most for lead: beta (rouge1 -10.00)." in text


def test_significance_needs_a_significant_paired_test(workspace: dict[str, Path]) -> None:
    # Two documents: the exact paired test cannot reach p < 0.05, so a drop is not
    # counted as a regression with --significance, but is without it.
    _edit(
        workspace["baseline"],
        lambda d: d["systems"]["lead"]["rouge2"].update(
            fmeasure=d["systems"]["lead"]["rouge2"]["fmeasure"] + 0.02
        ),
    )
    assert _check(workspace) == 1
    assert _check(workspace, "--significance") == 0


def test_significant_drop_over_many_documents_is_a_regression() -> None:
    def data(values: list[float]) -> dict:
        docs = [
            {"id": f"d{i:02d}", "system": "s", "scores": {"rouge1": {"fmeasure": v}}}
            for i, v in enumerate(values)
        ]
        mean = sum(values) / len(values)
        return {
            "signature_fields": {},
            "systems": {"s": {"rouge1": {"fmeasure": mean}}},
            "documents": docs,
        }

    before = snapshot(data([0.5] * 40), source="a")
    after = snapshot(data([0.45] * 40), source="b")
    from sumbench.stats.config import StatsConfig

    outcome = compare(before, after, metrics=("rouge1",), significance=StatsConfig(trials=2000))
    assert [r.verdict for r in outcome.rows] == [Verdict.REGRESSION]
    assert outcome.rows[0].p_value == pytest.approx(1 / 2001)


def test_bad_check_options(workspace: dict[str, Path], capsys) -> None:
    assert _check(workspace, "--tolerance", "-1") == 2
    assert _check(workspace, "--metrics", "rouge3") == 2


@pytest.mark.slow
def test_two_runs_check_bit_for_bit(tiny_corpus: tuple[Path, Path], tmp_path: Path, capsys) -> None:
    docs, refs = tiny_corpus
    first, second = tmp_path / "first", tmp_path / "second"
    base = ["run", "--docs", str(docs), "--refs", str(refs)]
    assert main([*base, "--out", str(first)]) == 0
    assert (
        main(
            [
                "baseline",
                "save",
                "--from",
                str(first / "results.json"),
                "--to",
                str(tmp_path / "b.json"),
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "check",
                "--baseline",
                str(tmp_path / "b.json"),
                "--docs",
                str(docs),
                "--refs",
                str(refs),
                "--out",
                str(second),
                "--tolerance",
                "0",
            ]
        )
        == 0
    )
    a = json.loads((first / "results.json").read_text(encoding="utf-8"))
    b = json.loads((second / "results.json").read_text(encoding="utf-8"))
    assert a["systems"] == b["systems"]
    assert a["documents"] == b["documents"]
    assert a["pairwise"] == b["pairwise"]


def test_pytest_helper_has_the_same_semantics(workspace: dict[str, Path]) -> None:
    assert_no_regression(workspace["results"], baseline=workspace["baseline"])
    _edit(workspace["baseline"], lambda d: d["systems"]["random"]["rougeL"].update(fmeasure=1.0))
    with pytest.raises(AssertionError, match=r"\| random \| rougeL \|"):
        assert_no_regression(workspace["results"], baseline=workspace["baseline"])
    assert_no_regression(workspace["results"], baseline=workspace["baseline"], systems=["lead"])
    _edit(workspace["baseline"], lambda d: d["signature_fields"].update(k="9"))
    with pytest.raises(InputError, match="k: baseline '9', now '3'"):
        assert_no_regression(workspace["results"], baseline=workspace["baseline"])


def test_committed_seed_baseline_matches_the_default_run() -> None:
    # The same check `make test` runs through the CLI: the project guards its scores.
    baseline = Path(__file__).resolve().parents[1] / "baselines" / "seeds.json"
    result = run(RunConfig(docs=SEEDS, refs=REFERENCES))
    assert_no_regression(result, baseline=baseline, tolerance=0.0)
    assert (
        baseline_document(result.as_dict())["systems"]
        == json.loads(baseline.read_text(encoding="utf-8"))["systems"]
    )


def test_saving_from_a_bad_results_file_is_exit_2(
    make_corpus: CorpusFactory, tmp_path: Path
) -> None:
    bad = tmp_path / "results.json"
    bad.write_text('{"oops": 1}', encoding="utf-8")
    assert main(["baseline", "save", "--from", str(bad), "--to", str(tmp_path / "b.json")]) == 2
    assert not (tmp_path / "b.json").exists()
