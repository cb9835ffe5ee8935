"""Selection diagnostics, warnings, and how the report shows the statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sumbench.cli import main
from sumbench.corpus.model import build_corpus
from sumbench.results import DocumentResult
from sumbench.scoring.config import Score
from sumbench.stats.diagnostics import dropped_share, run_warnings, selection

from ..conftest import CorpusFactory


def _doc(indices: tuple[int, ...], n: int, *, l_f: float = 0.3, lsum_f: float = 0.4):
    scores = {"rougeL": Score(l_f, l_f, l_f), "rougeLsum": Score(lsum_f, lsum_f, lsum_f)}
    return DocumentResult("d", "s", indices, ("x",), scores, n)


def test_selection_by_hand() -> None:
    # doc 1: indices 0, 5 of 11 sentences -> positions 0, 0.5; 1 of 2 in Lead-3
    # doc 2: index 10 of 11 -> position 1.0; 0 of 1 in Lead-3
    chosen = selection([_doc((0, 5), 11), _doc((10,), 11)], k=3)
    assert chosen is not None
    assert chosen.position == pytest.approx((0.25 + 1.0) / 2)
    assert chosen.lead_overlap == pytest.approx((0.5 + 0.0) / 2)
    assert selection([_doc((), 11)], k=3) is None


def test_dropped_share() -> None:
    assert dropped_share("Plain English, with punctuation!") == 0.0
    assert dropped_share("Москва и Дели") == 1.0
    assert dropped_share("café") == pytest.approx(0.25)
    assert dropped_share("...") == 1.0


def test_warnings_fire_on_their_conditions() -> None:
    russian = build_corpus([("ru", "Индия и Россия подписали соглашение.", ["Соглашение."])])
    english = build_corpus([("en", "India and Russia signed a deal.", ["A deal was signed."])])
    lost = run_warnings(russian, [_doc((0,), 1, l_f=0.2, lsum_f=0.2)])
    assert any("fewer than 30" in w for w in lost)
    assert any("sentence boundaries were probably lost" in w for w in lost)
    assert any("drops more than 10%" in w and "ru, ru/000" in w for w in lost)
    fine = run_warnings(english, [_doc((0,), 1)])
    assert len(fine) == 1  # only the small-corpus warning
    many = build_corpus([(f"d{i:02d}", "Some text here.", ["Text."]) for i in range(30)])
    assert run_warnings(many, [_doc((0,), 1)]) == ()


def test_results_carry_statistics(tiny_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    docs, refs = tiny_corpus
    out = tmp_path / "out"
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]
    assert main([*argv, "--systems", "lead,lexrank,oracle", "--confidence", "0.9"]) == 0
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    lead = data["systems"]["lead"]
    low, high = lead["rouge2"]["ci"]
    assert low <= lead["rouge2"]["fmeasure"] <= high
    assert data["config"]["stats"]["confidence"] == 0.9
    assert lead["lead_overlap"] == 1.0
    assert len(data["pairwise"]) == 3 * 4  # 3 pairs x 4 ROUGE types
    assert {"a", "b", "metric", "mean_diff", "ci", "p_value", "p_holm", "significant"} == set(
        data["pairwise"][0]
    )
    assert any("fewer than 30" in w for w in data["warnings"])
    fields = data["signature_fields"]
    assert (fields["resamples"], fields["conf"], fields["trials"]) == ("1000", "0.9", "exact")
    markdown = (out / "results.md").read_text(encoding="utf-8")
    assert "## Per document" in markdown
    assert "| alpha |" in markdown
    assert "## Pairwise tests" in markdown
    assert "WARNING: only 2 documents" in markdown


def test_oracle_is_never_marked_best(make_corpus: CorpusFactory, tmp_path: Path) -> None:
    docs, refs = make_corpus(
        {"a": "Cats purr. Dogs bark loudly. Birds sing."}, {"a": ["Dogs bark loudly."]}
    )
    out = tmp_path / "out"
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]
    assert main([*argv, "--systems", "lead,oracle"]) == 0
    rows = (out / "results.md").read_text(encoding="utf-8").splitlines()
    oracle_row = next(r for r in rows if r.startswith("| oracle"))
    lead_row = next(r for r in rows if r.startswith("| lead"))
    assert "\\*" not in oracle_row
    assert "\\*" in lead_row


def test_pairwise_flag_prints_the_tests(
    tiny_corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, refs = tiny_corpus
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(tmp_path / "o")]
    assert main([*argv, "--systems", "lead,random", "--pairwise"]) == 0
    out = capsys.readouterr().out
    assert "p (Holm)" in out
    assert out.count("lead  random") == 4


@pytest.mark.parametrize(
    ("flag", "value", "expect"),
    [
        ("--bootstrap", "0", "--bootstrap must be at least 1"),
        ("--trials", "0", "--trials must be at least 1"),
        ("--bootstrap", "1000000000", "--bootstrap must be at most 100,000"),
        ("--trials", "10000000", "--trials must be at most 1,000,000"),
        ("--timeout", "1e12", "--timeout must be at most 604800 seconds, or inf"),
        ("--confidence", "1.5", "--confidence must be between 0 and 1"),
    ],
)
def test_bad_statistics_options(
    flag: str,
    value: str,
    expect: str,
    tiny_corpus: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs, refs = tiny_corpus
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(tmp_path / "o")]
    assert main([*argv, flag, value]) == 2
    assert expect in capsys.readouterr().err
