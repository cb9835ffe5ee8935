"""Golden results of the seeds, and every stored score checked against rouge-score itself.

Regenerate the golden file deliberately:
``SUMBENCH_UPDATE_GOLDEN=1 pytest tests/test_golden.py``.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pytest
from rouge_score import rouge_scorer

from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run
from sumbench.report.text import render_json
from sumbench.results import RunResult

from .conftest import REFERENCES, SEEDS

GOLDEN = Path(__file__).parent / "golden" / "seeds_results.json"
# Fields that name the environment rather than the numbers.
VOLATILE = {"sumbench_version", "config.docs", "config.refs"}


@pytest.fixture(scope="module")
def seeds_result() -> RunResult:
    """The default run on the seeds."""
    return run(RunConfig(docs=SEEDS, refs=REFERENCES))


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Paths where two JSON values differ (floats within 1e-12)."""
    if path in VOLATILE:
        return []
    if isinstance(expected, dict) and isinstance(actual, dict):
        return [
            d for k in sorted(set(expected) | set(actual)) for d in _key(expected, actual, k, path)
        ]
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: length {len(expected)} != {len(actual)}"]
        pairs = enumerate(zip(expected, actual, strict=True))
        return [d for i, (e, a) in pairs for d in differences(e, a, f"{path}[{i}]")]
    same = (
        math.isclose(expected, actual, rel_tol=0, abs_tol=1e-12)
        if isinstance(expected, float) and isinstance(actual, float)
        else expected == actual
    )
    return [] if same else [f"{path}: {expected!r} != {actual!r}"]


def _key(expected: dict, actual: dict, key: str, parent: str) -> list[str]:
    path = f"{parent}.{key}" if parent else key
    if path in VOLATILE:
        return []
    if key not in expected or key not in actual:
        return [f"{path}: only in {'golden' if key in expected else 'the run'}"]
    return differences(expected[key], actual[key], path)


def test_results_match_the_golden_file(seeds_result: RunResult) -> None:
    actual = json.loads(render_json(seeds_result))
    if os.environ.get("SUMBENCH_UPDATE_GOLDEN"):
        actual["config"]["docs"], actual["config"]["refs"] = "seeds", "references"
        GOLDEN.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert differences(expected, actual) == []


def test_differences_finds_a_changed_score() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    changed = json.loads(json.dumps(golden))
    changed["systems"]["lead"]["rouge2"]["fmeasure"] += 1e-9
    assert differences(golden, changed) == [
        f"systems.lead.rouge2.fmeasure: {golden['systems']['lead']['rouge2']['fmeasure']!r}"
        f" != {changed['systems']['lead']['rouge2']['fmeasure']!r}"
    ]


@pytest.mark.slow
def test_every_document_score_equals_rouge_score_called_directly(seeds_result: RunResult) -> None:
    # Independent of sumbench's scoring: references straight from their files (one
    # sentence per line already), the stored summary joined by newlines, score_multi.
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    data = json.loads(render_json(seeds_result))
    for entry in data["documents"]:
        ref_files = sorted((REFERENCES / entry["id"]).glob("*.txt"))
        targets = [p.read_text(encoding="utf-8").strip() for p in ref_files]
        expected = scorer.score_multi(targets, "\n".join(entry["summary"]))
        for rouge_type, score in entry["scores"].items():
            got = (score["precision"], score["recall"], score["fmeasure"])
            assert got == pytest.approx(tuple(expected[rouge_type]), abs=1e-12), entry["id"]


def test_system_means_are_means_of_document_scores(seeds_result: RunResult) -> None:
    data = json.loads(render_json(seeds_result))
    for name, system in data["systems"].items():
        docs = [d for d in data["documents"] if d["system"] == name]
        assert len(docs) == 5
        for rouge_type in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
            mean_f = sum(d["scores"][rouge_type]["fmeasure"] for d in docs) / 5
            assert system[rouge_type]["fmeasure"] == pytest.approx(mean_f, abs=1e-15)


def test_summaries_are_document_sentences(seeds_result: RunResult) -> None:
    for doc in seeds_result.documents:
        text = (SEEDS / f"{doc.doc_id}.txt").read_text(encoding="utf-8")
        assert all(sentence in text for sentence in doc.summary)


def test_rouge_lsum_differs_from_rouge_l(seeds_result: RunResult) -> None:
    # If sentence breaks were lost, Lsum would equal L on every document.
    assert any(
        d.scores["rougeL"].fmeasure != d.scores["rougeLsum"].fmeasure
        for d in seeds_result.documents
    )
