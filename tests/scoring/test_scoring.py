"""ROUGE wrapper: hand-computed cases, multi-reference rules, the word budget."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rouge_score import rouge_scorer

from sumbench.errors import InputError
from sumbench.scoring.config import (
    ROUGE_TYPES,
    ScoringConfig,
    count_words,
    join_sentences,
    truncate_words,
)
from sumbench.scoring.rouge import RougeScoring

NO_STEM = RougeScoring(ScoringConfig(stem=False))


def _prf(scores, rouge_type):
    s = scores[rouge_type]
    return (s.precision, s.recall, s.fmeasure)


def test_single_reference_by_hand() -> None:
    # ref: the cat sat on the mat / summary: the cat lay on the mat
    # unigrams shared: the x2, cat, on, mat = 5 of 6 each side
    # bigrams shared: the-cat, on-the, the-mat = 3 of 5 each side
    # LCS: the cat on the mat = 5 of 6
    scores = NO_STEM.score(
        summary=["the cat lay on the mat"], references=[["the cat sat on the mat"]]
    )
    assert _prf(scores, "rouge1") == pytest.approx((5 / 6, 5 / 6, 5 / 6))
    assert _prf(scores, "rouge2") == pytest.approx((3 / 5, 3 / 5, 3 / 5))
    assert _prf(scores, "rougeL") == pytest.approx((5 / 6, 5 / 6, 5 / 6))


def test_rouge_lsum_is_summary_level() -> None:
    # Sentence order swapped: plain LCS over the concatenation finds 3 of 6 tokens,
    # summary-level LCS matches each reference sentence fully: 6 of 6.
    summary = ["delta epsilon zeta", "alpha beta gamma"]
    reference = ["alpha beta gamma", "delta epsilon zeta"]
    scores = NO_STEM.score(summary=summary, references=[reference])
    assert _prf(scores, "rougeL") == pytest.approx((0.5, 0.5, 0.5))
    assert _prf(scores, "rougeLsum") == pytest.approx((1.0, 1.0, 1.0))


def test_multi_reference_max_by_hand() -> None:
    # vs ref 1: R1 P=3/3 R=3/6 F=2/3; R2 P=2/2 R=2/5 F=4/7
    # vs ref 2: R1 P=1/3 R=1/3 F=1/3; R2 = 0
    scores = NO_STEM.score(
        summary=["the cat sat"], references=[["the cat sat on the mat"], ["a dog sat"]]
    )
    assert _prf(scores, "rouge1") == pytest.approx((1.0, 0.5, 2 / 3))
    assert _prf(scores, "rouge2") == pytest.approx((1.0, 0.4, 4 / 7))


def test_multi_reference_mean_by_hand() -> None:
    scoring = RougeScoring(ScoringConfig(stem=False, multi_ref="mean"))
    scores = scoring.score(
        summary=["the cat sat"], references=[["the cat sat on the mat"], ["a dog sat"]]
    )
    assert _prf(scores, "rouge1") == pytest.approx((2 / 3, 5 / 12, 0.5))
    assert _prf(scores, "rouge2") == pytest.approx((0.5, 0.2, 2 / 7))


def test_max_picks_the_best_reference_per_type() -> None:
    # rouge1 prefers ref A (more shared words), rouge2 prefers ref B (a shared bigram).
    summary = ["red blue green yellow"]
    ref_a = ["yellow green blue red"]
    ref_b = ["red blue black white orange"]
    scores = NO_STEM.score(summary=summary, references=[ref_a, ref_b])
    assert scores["rouge1"].fmeasure == pytest.approx(1.0)
    assert scores["rouge2"].fmeasure == pytest.approx(2 * (1 / 3) * (1 / 4) / (1 / 3 + 1 / 4))


def test_stemming_matters() -> None:
    stemmed = RougeScoring(ScoringConfig(stem=True))
    pair = {"summary": ["rifles were signed"], "references": [["rifle signing"]]}
    assert stemmed.score(**pair)["rouge1"].recall == pytest.approx(1.0)
    assert NO_STEM.score(**pair)["rouge1"].recall == pytest.approx(0.0)


sentences = st.lists(
    st.text(alphabet="abc de\n", min_size=1, max_size=30).filter(str.strip), max_size=4
)


@settings(max_examples=60, deadline=None)
@given(summary=sentences, refs=st.lists(sentences.filter(bool), min_size=1, max_size=3))
def test_max_equals_rouge_score_score_multi(summary: list[str], refs: list[list[str]]) -> None:
    scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    expected = scorer.score_multi([join_sentences(r) for r in refs], join_sentences(summary))
    got = RougeScoring(ScoringConfig()).score(summary=summary, references=refs)
    for rouge_type in ROUGE_TYPES:
        assert _prf(got, rouge_type) == tuple(expected[rouge_type])


def test_truncate_words_keeps_sentence_breaks() -> None:
    text = ["one two three", "four five", "six"]
    assert truncate_words(text, 4) == ("one two three", "four")
    assert truncate_words(text, 5) == ("one two three", "four five")
    assert truncate_words(text, 100) == tuple(text)
    assert truncate_words(text, None) == tuple(text)
    assert count_words(truncate_words(text, 4)) == 4


def test_bad_configuration_is_an_input_error() -> None:
    with pytest.raises(InputError, match="multi-reference"):
        ScoringConfig(multi_ref="median")
    with pytest.raises(InputError, match="rouge3"):
        ScoringConfig(rouge_types=("rouge3",))
