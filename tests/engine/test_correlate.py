"""``sumbench correlate`` end to end: a small judged corpus, and REALSumm when it is there."""

from __future__ import annotations

import csv
import importlib.util
import json
import resource
from pathlib import Path

import numpy as np
import pytest

from sumbench.cli import main
from sumbench.meta import CorrelateConfig, correlate, load_correlate
from sumbench.stats.correlation import Coefficient, Level
from sumbench.stats.correlation import correlate as point_correlation
from tests.bbc import shared_dir

from ..conftest import ROOT

ARTICLES = {
    "d1": ("The cat sat on the mat. The dog barked at night. Birds sang in the morning.",
           "The cat sat on the mat and the dog barked."),
    "d2": ("Stocks rose sharply on Monday. Investors cheered the news. Oil prices fell.",
           "Stocks rose on Monday as investors cheered."),
    "d3": ("Rain fell all day. The river flooded the town. People moved to higher ground.",
           "The river flooded the town after rain."),
    "d4": ("The team won the final. Fans celebrated in the streets. The coach praised them.",
           "The team won the final and fans celebrated."),
}  # fmt: skip
# system -> sentence index it picks in each document, and the judges' quality score.
PICKS = {"a": (0, 4.0), "b": (1, 2.5), "c": (2, 1.0)}


def _judged(path: Path) -> Path:
    lines = []
    for doc_id, (article, reference) in ARTICLES.items():
        sentences = [s.strip() + "." for s in article.split(".") if s.strip()]
        systems = {
            name: {
                "summary": sentences[(pick + int(doc_id[1])) % 3],
                "human": {"quality": score + int(doc_id[1]) / 10, "fluency|<b>": 3.0 + pick % 2},
            }
            for name, (pick, score) in PICKS.items()
        }
        record = {"id": doc_id, "article": article, "references": [reference], "systems": systems}
        lines.append(json.dumps(record))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def judged(tmp_path: Path) -> Path:
    return _judged(tmp_path / "judged.jsonl")


def test_cli_writes_every_file_and_prints_the_table(
    judged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["correlate", "--docs", str(judged), "--out", str(out), "--bootstrap", "50",
            "--permutations", "50", "--coefficients", "pearson,kendall-b",
            "--seed", "3"]  # fmt: skip
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == [
        ".sumbench",
        *(f"correlations.{e}" for e in ("csv", "html", "json", "md", "png", "svg")),
    ]
    data = json.loads((out / "correlations.json").read_text(encoding="utf-8"))
    assert data["criteria"] == ["fluency|<b>", "quality"]
    assert len(data["metrics"]) == 4 * 3  # every ROUGE type x P/R/F
    assert len(data["correlations"]) == 12 * 2 * 2 * 2  # criteria x default levels x coefs
    rows = list(csv.DictReader((out / "correlations.csv").open(encoding="utf-8")))
    assert len(rows) == len(data["correlations"])
    for field in ("seed:3", "resamples:50", "permutations:50", "ci:boot-both", "test:perm-both"):
        assert field in data["signature"]
        assert field in printed
    assert "tau:b" in data["signature"]
    assert "summary level" in printed
    assert "rouge2-F" in printed
    html = (out / "correlations.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html
    assert "fluency|&lt;b&gt;" in html
    assert "<b>" not in html
    assert "fluency\\|<b>" in (out / "correlations.md").read_text(encoding="utf-8")


def test_cells_equal_the_numerics_on_the_engine_scores(judged: Path, tmp_path: Path) -> None:
    """Every reported value is the stats function on the per-document scores of ``run``."""
    from sumbench import build_corpus, run
    from sumbench.engine.config import RunConfig

    config = load_correlate(None, docs=str(judged), bootstrap=20, permutations=20,
                            levels=["summary", "system"], no_cache=True)  # fmt: skip
    result = correlate(config)
    records = [json.loads(line) for line in judged.read_text(encoding="utf-8").splitlines()]
    out_dir = tmp_path / "outputs"
    for rec in records:
        for name, s in rec["systems"].items():
            (out_dir / name).mkdir(parents=True, exist_ok=True)
            (out_dir / name / f"{rec['id']}.txt").write_text(s["summary"], encoding="utf-8")
    corpus = build_corpus((r["id"], r["article"], r["references"]) for r in records)
    dirs = tuple((name, out_dir / name) for name in sorted(PICKS))
    scored = run(RunConfig(systems=(), system_dirs=dirs), corpus=corpus)
    rouge2 = np.array([[d.scores["rouge2"].fmeasure for d in scored.documents if d.doc_id == doc]
                       for doc in sorted(ARTICLES)])  # fmt: skip
    human = np.array(
        [[r["systems"][s]["human"]["quality"] for s in sorted(PICKS)] for r in records]
    )
    for level in (Level.SUMMARY, Level.SYSTEM):
        expected = point_correlation(rouge2, human, level, Coefficient.KENDALL_B)
        found = result.cell("rouge2-F", "quality", level, Coefficient.KENDALL_B)
        assert found.value == pytest.approx(expected.value, abs=1e-12)
        assert (found.n_used, found.n_skipped) == (expected.n_used, expected.n_skipped)


def test_default_tests_compare_each_metric_with_the_best(judged: Path) -> None:
    result = correlate(load_correlate(None, docs=str(judged), bootstrap=10, permutations=10,
                                      levels=["system"], no_cache=True))  # fmt: skip
    quality = [t for crit, t in result.comparisons if crit == "quality"]
    best = max(
        result.metrics,
        key=lambda m: result.cell(m, "quality", Level.SYSTEM, Coefficient.KENDALL_B).value,
    )
    assert {t.metric_a for t in quality} == {best}
    assert len(quality) == len(result.metrics) - 1
    assert all(0 < t.p <= t.p_holm <= 1 for t in quality)


def test_second_run_reuses_the_cache(judged: Path, tmp_path: Path) -> None:
    settings = {"docs": str(judged), "bootstrap": 10, "permutations": 10,
                "cache_dir": str(tmp_path / "cache")}  # fmt: skip
    first = correlate(load_correlate(None, **settings))
    second = correlate(load_correlate(None, **settings))
    assert (first.cache_stats.computed, second.cache_stats.reused) == (12, 12)
    assert second.cells == first.cells


def test_folder_corpus_with_system_dirs_and_a_human_csv(tmp_path: Path) -> None:
    docs, refs, outs = tmp_path / "docs", tmp_path / "refs", tmp_path / "outs"
    lines = ["id,system,criterion,score"]
    for doc_id, (article, reference) in ARTICLES.items():
        (docs).mkdir(exist_ok=True)
        (docs / f"{doc_id}.txt").write_text(article, encoding="utf-8")
        (refs / doc_id).mkdir(parents=True)
        (refs / doc_id / "A.txt").write_text(reference, encoding="utf-8")
        for name, (pick, score) in PICKS.items():
            (outs / name).mkdir(parents=True, exist_ok=True)
            (outs / name / f"{doc_id}.txt").write_text(article.split(". ")[pick], encoding="utf-8")
            lines.append(f"{doc_id},{name},quality,{score}")
    (tmp_path / "human.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["correlate", "--docs", str(docs), "--refs", str(refs), "--human",
            str(tmp_path / "human.csv"), "--bootstrap", "10", "--permutations", "10", "--no-cache",
            *(f"--system-dir={n}={outs / n}" for n in PICKS)]  # fmt: skip
    assert main(args) == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--levels", "document"], "--levels: unknown document"),
        (["--coefficients", "tau"], "--coefficients: unknown tau"),
        (["--permutations", "0"], "--permutations must be at least 1"),
        (["--human", "x.csv"], "--human goes with --system-dir"),
    ],
)
def test_bad_settings_are_one_line_errors(
    judged: Path, extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["correlate", "--docs", str(judged), "--no-cache", *extra]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert message in err[0]


def test_a_plain_corpus_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "plain.jsonl"
    plain.write_text('{"id": "a", "article": "x.", "references": ["x."]}\n', encoding="utf-8")
    assert main(["correlate", "--docs", str(plain), "--no-cache"]) == 2
    assert "field 'systems'" in capsys.readouterr().err


def _realsumm() -> Path:
    path = shared_dir() / "corpora" / "human-judgments" / "realsumm.jsonl"
    if not path.is_file():
        pytest.skip(f"REALSumm not found at {path} (set SUMBENCH_SHARED)")
    return path


@pytest.mark.slow
def test_realsumm_summary_level_matches_the_benchmark(tmp_path: Path) -> None:
    """ROUGE-1/2/L through the engine give the benchmark's correlations (rouge-score direct)."""
    path = _realsumm()
    spec = importlib.util.spec_from_file_location(
        "realsumm_check", ROOT / "benchmarks" / "realsumm_check.py"
    )
    assert spec is not None
    assert spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    direct, human, _ = bench.rouge_matrices(path)
    config = CorrelateConfig(
        run=load_correlate(None, docs=str(path), cache_dir=str(tmp_path / "cache")).run,
        levels=(Level.SUMMARY,), coefficients=(Coefficient.SPEARMAN,), permutations=1,
    )  # fmt: skip
    result = correlate(config)
    for name, ours in (("ROUGE-1 F", "rouge1-F"), ("ROUGE-2 F", "rouge2-F"),
                       ("ROUGE-L F", "rougeL-F"), ("ROUGE-1 R", "rouge1-R"),
                       ("ROUGE-2 R", "rouge2-R")):  # fmt: skip
        expected = point_correlation(direct[name], human, Level.SUMMARY, Coefficient.SPEARMAN)
        found = result.cell(ours, "litepyramid_recall", Level.SUMMARY, Coefficient.SPEARMAN)
        assert found.value == pytest.approx(expected.value, abs=1e-9), name
    # BARTScore's published summary-level Spearman of ROUGE-1 recall (analysis.ipynb): 0.4975.
    rouge1_r = result.cell("rouge1-R", "litepyramid_recall", Level.SUMMARY, Coefficient.SPEARMAN)
    assert rouge1_r.value == pytest.approx(0.497526, abs=0.001)


@pytest.mark.slow
def test_realsumm_command_prints_the_table_within_a_minute(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _realsumm()
    cache = str(tmp_path / "cache")
    start = _cpu_seconds()
    assert main(["correlate", "--docs", str(path), "--cache-dir", cache, "--quiet"]) == 0
    # CPU seconds, this process and its workers: the machine is shared, wall time is not ours.
    cpu = _cpu_seconds() - start
    printed = capsys.readouterr().out
    assert "litepyramid_recall" in printed
    assert "rouge1-R " in printed
    assert cpu < 60, f"{cpu:.1f} s of CPU"


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def test_signature_names_the_judgments(judged: Path, tmp_path: Path) -> None:
    """Same articles, one human score changed: a different ``judged`` hash, same ``corpus``."""
    settings = {"bootstrap": 5, "permutations": 5, "no_cache": True, "levels": ["system"]}
    first = correlate(load_correlate(None, docs=str(judged), **settings)).signature.as_dict()
    changed = tmp_path / "changed.jsonl"
    changed.write_text(
        judged.read_text(encoding="utf-8").replace('"quality": 4.1', '"quality": 4.2')
    )
    second = correlate(load_correlate(None, docs=str(changed), **settings)).signature.as_dict()
    assert first["corpus"] == second["corpus"]
    assert first["judged"] != second["judged"]
