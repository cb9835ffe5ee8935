"""Work shared across K: sumy's ratings taken once give each K's own summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sumbench.cli import main
from sumbench.systems.base import Context
from sumbench.systems.segment import parse_document
from sumbench.systems.sumy_systems import _SUMY, summarize, summarize_many

from ..conftest import REFERENCES, SEEDS

KS = (1, 2, 3, 4, 5, 7, 40)
# Repeated sentences (sumy keys ratings by text), a one-sentence and an empty-ish text.
TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + [
    "Rifles are loud. Rifles are loud. Guns are loud too. Rifles are loud. Noise hurts ears.",
    "Just one sentence here.",
]


@pytest.mark.parametrize("name", sorted(_SUMY))
@pytest.mark.parametrize("text", range(len(TEXTS)))
def test_one_rating_gives_every_k(name: str, text: int) -> None:
    doc = parse_document(f"d{text}", TEXTS[text])
    many = summarize_many(name, (), doc, Context(k=max(KS), seed=3), KS)
    assert many == {k: summarize(name, (), doc, Context(k=k, seed=3)) for k in KS}


WORDS = st.sampled_from(["rifle", "loud", "gun", "noise", "ear", "calm", "field", "shot"])
SENTENCE = st.lists(WORDS, min_size=2, max_size=7).map(lambda w: " ".join(w).capitalize() + ".")


@settings(max_examples=40, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=12), st.sampled_from(["lsa", "kl", "sumbasic"]))
def test_any_text_any_k(sentences: list[str], name: str) -> None:
    doc = parse_document("h", " ".join(sentences))
    many = summarize_many(name, (), doc, Context(k=6), range(1, 7))
    assert many == {k: summarize(name, (), doc, Context(k=k)) for k in range(1, 7)}


@pytest.mark.slow
def test_a_k_sweep_scores_as_five_separate_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every system, K = 1..5 on the seeds, with the shared path, against cold runs."""
    base = ["--docs", str(SEEDS), "--refs", str(REFERENCES), "--jobs", "1"]
    out = tmp_path / "sweep"
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert main(["sweep", *base, *cache, "--sentences", "1,2,3,4,5", "--out", str(out)]) == 0
    # The points found every result computed by the shared pass.
    assert "cache: 275 reused, 0 computed" in capsys.readouterr().err  # 5 x 11 x 5
    base.append("--quiet")
    for k in range(1, 6):
        single = tmp_path / f"run{k}"
        argv = ["run", *base, "--no-cache", "--sentences", str(k), "--out", str(single)]
        assert main(argv) == 0
        expected = (single / "results.json").read_bytes()
        assert (out / f"sentences-{k}" / "results.json").read_bytes() == expected
        doc = json.loads(expected)
        assert doc["config"]["sentences"] == k


def test_points_are_grouped_by_everything_but_k() -> None:
    from sumbench.engine.config import RunConfig
    from sumbench.sweeps.shared import groups

    params = (("lexrank", "weights", [1, 2]),)  # a list: configs that do not hash
    configs = [
        RunConfig(sentences=k, words=w, systems=("lexrank",), params=params)
        for w in (None, 50)
        for k in (1, 2)
    ]
    assert groups(configs) == [(configs[0], configs[1]), (configs[2], configs[3])]
