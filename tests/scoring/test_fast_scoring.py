"""The scorer's shortcuts equal rouge-score exactly: line-memoized tokens, bit-parallel LCS."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rouge_score import rouge_scorer, tokenizers

from sumbench.scoring.config import ROUGE_TYPES, ScoringConfig, join_sentences
from sumbench.scoring.lcs import lcs_length, lcs_score, summary_level_lcs
from sumbench.scoring.rouge import RougeScoring
from sumbench.scoring.tokenizers import MemoTokenizer

TOKENS = st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=70)
# Letters, digits, punctuation, accents, final sigma, dotted I, Kelvin sign, newlines.
PIECES = [*"aBc zZ9.,-\n\r\t\u00e9\u03a3\u03c3\u0130\u212a'", "running", "ing ", "sses"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
WORDS = [*"abcde xyz.,'\u00e9", "runs ", "ran ", "the ", "cats "]
SENTENCES = st.lists(
    st.lists(st.sampled_from(WORDS), max_size=30).map("".join), min_size=1, max_size=5
)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(TOKENS, TOKENS)
def test_lcs_length_equals_rouge_table(a: list[str], b: list[str]) -> None:
    assert lcs_length(a, b) == rouge_scorer._lcs_table(a, b)[-1][-1]


@settings(max_examples=200, deadline=None)
@given(TOKENS, TOKENS)
def test_lcs_score_equals_rouge(target: list[str], prediction: list[str]) -> None:
    ours, theirs = lcs_score(target, prediction), rouge_scorer._score_lcs(target, prediction)
    assert (ours.precision, ours.recall, ours.fmeasure) == tuple(theirs)
    assert [type(x) for x in (ours.precision, ours.recall)] == [type(x) for x in theirs[:2]]


@settings(max_examples=300, deadline=None)
@given(TEXT, st.booleans())
def test_memo_tokenizer_equals_rouge_default(text: str, stem: bool) -> None:
    memo = MemoTokenizer(tokenizers.DefaultTokenizer(stem))
    expected = tokenizers.DefaultTokenizer(stem).tokenize(text)
    assert memo.tokenize(text) == expected
    assert memo.tokenize(text) == expected  # again, from the memo


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(SENTENCES, SENTENCES, st.booleans())
def test_score_one_equals_rouge_scorer(summary: list[str], ref: list[str], stem: bool) -> None:
    ours = RougeScoring(ScoringConfig(stem=stem)).score_one(summary=summary, reference=ref)
    theirs = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=stem).score(
        join_sentences(ref), join_sentences(summary)
    )
    assert list(ours) == list(ROUGE_TYPES)
    for t in ROUGE_TYPES:
        assert (ours[t].precision, ours[t].recall, ours[t].fmeasure) == tuple(theirs[t]), t


def test_only_some_rouge_types() -> None:
    scoring = RougeScoring(ScoringConfig(rouge_types=("rougeL",)))
    scores = scoring.score(summary=["the cat sat"], references=[["the cat sat down"]])
    assert list(scores) == ["rougeL"]
    assert scores["rougeL"].recall == 3 / 4


def test_repeated_summaries_give_equal_scores() -> None:
    scoring = RougeScoring(ScoringConfig())
    refs = [["A reference sentence."], ["Another one here."]]
    first = scoring.score(summary=["A sentence."], references=refs)
    first["rouge1"] = None  # a caller changing its copy must not poison the memo
    second = scoring.score(summary=["A sentence."], references=refs)
    assert second["rouge1"] is not None
    assert second == scoring._score(("A sentence.",), tuple(tuple(r) for r in refs))


SENT_TOKENS = st.lists(TOKENS.map(lambda t: t[:12]), max_size=5)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(SENT_TOKENS, SENT_TOKENS)
def test_summary_level_lcs_equals_rouge(ref: list[list[str]], can: list[list[str]]) -> None:
    ours = summary_level_lcs(ref, can)
    theirs = rouge_scorer._summary_level_lcs(ref, can)
    assert (ours.precision, ours.recall, ours.fmeasure) == tuple(theirs)
    assert [type(x) for x in (ours.precision, ours.recall)] == [type(x) for x in theirs[:2]]
