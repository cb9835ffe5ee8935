"""Property tests over generated corpora, and a short fuzz run over malformed ones."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sumbench.corpus.model import build_corpus
from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run
from sumbench.errors import InputError
from sumbench.report.text import render_json
from sumbench.stats.config import StatsConfig
from sumbench.systems.registry import REGISTRY

from ..fuzz.corpora import fuzz

# Words with the characters that trouble segmenters and tokenizers.
WORD = st.sampled_from(
    [
        "India",
        "Russia",
        "Rs.",
        "5,000",
        "Dr",
        "S",
        "Pvt",
        "Ltd.",
        "AK-203",
        "2+2",
        "e.g.",
        "U.S.",
        "pic.twitter.com/x",
        "Москва",
        "記事",
        "café",
        "—",
        "...",
        "!",
        "?",
        "(",
        ")",
        "“",
        "”",
        "'",
        "1.",
        "(a)",
        "\t",
    ]
)
SENTENCE = st.lists(WORD, min_size=1, max_size=15).map(" ".join)
TEXT = st.lists(
    st.tuples(SENTENCE, st.sampled_from([". ", "\n", "\n\n", " ", "! "])), min_size=1, max_size=12
).map(lambda parts: "".join(s + sep for s, sep in parts))
CORPUS = st.lists(
    st.tuples(TEXT, st.lists(TEXT, min_size=1, max_size=3)), min_size=1, max_size=4
).map(lambda docs: [(f"d{i}", text, refs) for i, (text, refs) in enumerate(docs)])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@pytest.mark.slow
@given(corpus=CORPUS, k=st.integers(min_value=1, max_value=5), words=st.sampled_from([None, 7]))
def test_any_corpus_gives_valid_results_or_an_input_error(corpus, k, words) -> None:
    try:
        built = build_corpus(corpus)
        result = run(
            RunConfig(sentences=k, words=words, stats=StatsConfig(resamples=20, trials=50), jobs=1),
            corpus=built,
        )
    except InputError:
        return  # the harness's own error is an allowed outcome
    sources = {s.doc_id: s.sentences for s in result.sources}
    assert {d.system for d in result.documents} == set(REGISTRY)
    for doc in result.documents:
        sentences = sources[doc.doc_id]
        assert list(doc.indices) == sorted(set(doc.indices))
        assert len(doc.indices) <= k
        selected = [sentences[i] for i in doc.indices]
        if words is None:
            assert list(doc.summary) == selected  # exactly a sub-list of the document
        else:
            assert sum(len(s.split()) for s in doc.summary) <= words
            assert all(full.startswith(s) for s, full in zip(doc.summary, selected, strict=False))
        for score in doc.scores.values():
            assert 0.0 <= score.precision <= 1.0
            assert 0.0 <= score.recall <= 1.0
            assert 0.0 <= score.fmeasure <= 1.0


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus=CORPUS)
def test_serial_and_parallel_runs_agree(corpus) -> None:
    try:
        built = build_corpus(corpus)
    except InputError:
        return
    config = RunConfig(stats=StatsConfig(resamples=20, trials=50))
    serial = run(replace(config, jobs=1), corpus=built)
    parallel = run(replace(config, jobs=2), corpus=built)
    assert render_json(parallel) == render_json(serial)


@pytest.mark.slow
def test_fuzzed_corpora_never_crash_nor_lose_results() -> None:
    # The long run (1,000+ cases) is `python -m tests.fuzz.corpora`; see the README.
    figures = fuzz(40)
    assert figures["crashes"] == []
    assert figures["results_lost"] == []
    assert set(figures["exit_codes"]) <= {0, 2}
