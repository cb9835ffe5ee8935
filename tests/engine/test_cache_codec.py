"""One strict JSON codec: a warm run writes exactly the bytes of a cold run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sumbench import build_corpus
from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run
from sumbench.report.text import render_json
from sumbench.results import DocumentResult

# "???" has no token: rouge-score gives ROUGE-L int 0 there (float 0.0 for ROUGE-1).
CORPUS = build_corpus(
    [
        ("a", "???", ["Markets fell sharply today."]),
        ("b", "Markets fell today. Oil rose.", ["Markets fell sharply today."]),
    ]
)


def test_warm_run_is_byte_identical_to_cold_run_on_zero_scores(tmp_path: Path) -> None:
    config = RunConfig(systems=("lead",), jobs=1, cache_dir=tmp_path / "cache")
    cold = render_json(run(config, corpus=CORPUS))
    warm_result = run(config, corpus=CORPUS)
    assert warm_result.cache_stats.reused == 2
    warm = render_json(warm_result)
    assert warm == cold
    scores = json.loads(cold)["documents"][0]["scores"]
    assert type(scores["rougeL"]["fmeasure"]) is int  # rouge-score's own int 0, kept
    assert '"fmeasure": 0\n' in cold


ENTRY = {
    "id": "a",
    "system": "lead",
    "indices": [0],
    "doc_sentences": 1,
    "summary": ["Zebras graze quietly."],
    "words": 3,
    "scores": {"rouge1": {"precision": 0, "recall": 0.5, "fmeasure": 0.25}},
}


def test_document_result_round_trips_exact_types() -> None:
    result = DocumentResult.from_dict(ENTRY, ("rouge1",))
    assert result.as_dict() == ENTRY
    assert type(result.scores["rouge1"].precision) is int


@pytest.mark.parametrize("bad", ["0.5", None, [0.5], True])
def test_a_score_that_is_not_a_number_is_rejected(bad: object) -> None:
    entry = json.loads(json.dumps(ENTRY))
    entry["scores"]["rouge1"]["fmeasure"] = bad
    with pytest.raises(ValueError, match=r"scores\.rouge1\.fmeasure"):
        DocumentResult.from_dict(entry, ("rouge1",))
