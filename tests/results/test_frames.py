"""to_pandas: hand-built runs, a seeds run checked against rouge-score, the docs example."""

from __future__ import annotations

import sys

import pytest
from rouge_score import rouge_scorer

from sumbench import RunConfig, RunResult, Score, Signature, StatsConfig, run
from sumbench.errors import InputError
from sumbench.results import DocumentResult, Pairwise, SystemResult
from sumbench.results.frames import to_pandas
from tests.conftest import REFERENCES, ROOT, SEEDS
from tests.docblocks import run_python_blocks

pd = pytest.importorskip("pandas", reason="the 'pandas' extra is not installed")


def _hand_run() -> RunResult:
    def doc(doc_id: str, system: str, f: float) -> DocumentResult:
        scores = {"rouge1": Score(f / 2, f, f), "rouge2": Score(0.0, 0.0, 0.0)}
        return DocumentResult(doc_id, system, (0,), ("S.",), scores, 3)

    means = {"rouge1": Score(0.15, 0.3, 0.3), "rouge2": Score(0.0, 0.0, 0.0)}
    system = SystemResult("lead", "Lead-k", False, means, 1.0, intervals={"rouge1": (0.2, 0.4)})
    pair = Pairwise("lead", "x", "rouge1", 0.1, (-0.1, 0.3), 0.5, 1.0, False)
    documents = (doc("d1", "lead", 0.2), doc("d2", "lead", 0.4))
    config = RunConfig(stats=StatsConfig(confidence=0.9))
    return RunResult("0", Signature(()), config, (system,), documents, (pair,))


def test_hand_built_run() -> None:
    frames = to_pandas(_hand_run())
    assert frames.scores.to_dict("records")[:2] == [
        {"doc_id": "d1", "system": "lead", "metric": "rouge1", "precision": 0.1}
        | {"recall": 0.2, "fmeasure": 0.2},
        {"doc_id": "d1", "system": "lead", "metric": "rouge2", "precision": 0.0}
        | {"recall": 0.0, "fmeasure": 0.0},
    ]
    assert len(frames.scores) == 4
    first, second = frames.systems.to_dict("records")
    assert (first["f_low"], first["f_high"], first["confidence"]) == (0.2, 0.4, 0.9)
    assert (first["documents"], first["words"], first["upper_bound"]) == (2, 1.0, False)
    assert pd.isna(second["f_low"])  # no interval for rouge2: NaN, not a made-up number
    assert frames.pairwise.to_dict("records") == [
        {"a": "lead", "b": "x", "metric": "rouge1", "mean_diff": 0.1, "diff_low": -0.1}
        | {"diff_high": 0.3, "p_value": 0.5, "p_holm": 1.0, "significant": False}
    ]


@pytest.fixture(scope="module")
def seeds_run() -> RunResult:
    return run(RunConfig(docs=SEEDS, refs=REFERENCES, systems=("lead", "textrank"), jobs=1))


def test_per_document_rows_match_rouge_score(seeds_run: RunResult) -> None:
    scores = to_pandas(seeds_run).scores.set_index(["doc_id", "system", "metric"])
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    references = {s.doc_id: [text for _, text in s.references] for s in seeds_run.sources}
    for doc in seeds_run.documents:
        per_ref = [scorer.score(r, "\n".join(doc.summary)) for r in references[doc.doc_id]]
        for metric in ("rouge1", "rouge2", "rougeL"):
            best = max((s[metric] for s in per_ref), key=lambda score: score.fmeasure)
            row = scores.loc[(doc.doc_id, doc.system, metric)]
            assert row["fmeasure"] == pytest.approx(best.fmeasure)
            assert row["recall"] == pytest.approx(best.recall)


def test_system_rows_are_the_run_aggregates(seeds_run: RunResult) -> None:
    systems = to_pandas(seeds_run).systems.set_index(["system", "metric"])
    assert len(systems) == 2 * 4
    for system in seeds_run.systems:
        for metric, score in system.scores.items():
            row = systems.loc[(system.name, metric)]
            assert row["fmeasure"] == score.fmeasure
            assert (row["f_low"], row["f_high"]) == system.intervals[metric]
            assert row["documents"] == len(seeds_run.sources)


def test_without_pandas_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(InputError, match=r"pip install 'sumbench\[pandas\]'"):
        _hand_run().to_pandas()


def test_docs_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    namespace = run_python_blocks(ROOT / "docs" / "pandas.md", ROOT, monkeypatch)
    wide = namespace["wide"]
    assert namespace["wins"] == (wide["textrank"] > wide["lead"]).sum()
    assert len(wide) == len(namespace["result"].sources)
