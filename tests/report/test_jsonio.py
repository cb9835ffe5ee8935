"""``results.json`` rendered entry by entry is byte for byte ``json.dumps`` of ``as_dict``."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from sumbench.report.jsonio import render_results_json
from sumbench.results import RunResult, load_results

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "seeds_results.json"


def _dumps(result: RunResult) -> str:
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("cut", ["none", "documents", "sources", "both", "one"])
def test_streamed_json_is_json_dumps(cut: str) -> None:
    result = load_results(GOLDEN)
    if cut in ("documents", "both"):
        result = replace(result, documents=())
    if cut in ("sources", "both"):
        result = replace(result, sources=())
    if cut == "one":
        result = replace(result, documents=result.documents[:1], sources=result.sources[:1])
    assert render_results_json(result) == _dumps(result)


def test_golden_file_round_trips_unchanged() -> None:
    assert render_results_json(load_results(GOLDEN)) == GOLDEN.read_text(encoding="utf-8")
