"""sumbench.scoring.rouge155 on cases computed by hand (no perl; the parity test uses perl)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sumbench.errors import InputError
from sumbench.scoring.rouge155 import MultiRef, Rouge155Options, score
from sumbench.scoring.rouge155_stem import morph_stem, porter_stem, stopwords
from sumbench.scoring.rouge155_text import TextOptions, read_text

PLAIN = Rouge155Options(stem=False)
TEXT = TextOptions(stem=False, remove_stopwords=False, word_limit=None, byte_limit=None)


def _prf(options: Rouge155Options, summary: list[str], *refs: list[str]) -> dict[str, tuple]:
    return {
        k: (s.precision, s.recall, s.fmeasure) for k, s in score(summary, refs, options).items()
    }


def test_gunman_example() -> None:
    """The classic example: 2 of 3 bigrams, LCS 2 of 5 reference words."""
    got = _prf(PLAIN, ["Police killed the gunman"], ["The gunman killed the policeman"])
    assert got["rouge1"] == (0.75, 0.6, 0.66667)
    assert got["rouge2"] == (0.66667, 0.5, 0.57143)
    assert got["rougeL"] == (0.5, 0.4, 0.44444)


def test_tokens_are_ascii_alphanumeric_runs() -> None:
    """Lower-case ASCII runs; hyphens, apostrophes, dots and every non-ASCII byte separate."""
    text = read_text(["Well-known 3.5% O'Hare CAFÉ naïve"], TEXT)
    assert text.tokens == ("well", "known", "3", "5", "o", "hare", "caf", "na", "ve")
    assert read_text(["... -- !!", "\u2014"], TEXT).tokens == ()


def test_summary_empty_after_tokenization_scores_zero() -> None:
    """No token: every type is 0, not an error."""
    got = _prf(Rouge155Options(wlcs_weight=1.2, skip_distance=4), ["-- ?"], ["A real text."])
    assert set(got.values()) == {(0.0, 0.0, 0.0)}


@pytest.mark.parametrize(
    ("word", "stem"),
    [("running", "run"), ("accidental", "accid"), ("agreement", "agreem"), ("apology", "apolog"),
     ("yelling", "yell"), ("generalizations", "gener")],
)  # fmt: skip
def test_porter_as_the_script(word: str, stem: str) -> None:
    """The script's modified step 4 (-ement, -ment, -ent in turn) differs from NLTK's Porter."""
    assert porter_stem(word) == stem


def test_wordnet_irregular_forms_and_short_words() -> None:
    """-m looks WordNet's irregular forms up first; words of 3 letters or less stay as they are."""
    assert morph_stem("geese") == "goose"
    assert morph_stem("better") == "well"  # sorted files: adv.exc overrides adj.exc
    got = read_text(["Mice ran; the geese went."], TextOptions(True, False, None, None))
    assert got.tokens == ("mouse", "ran", "the", "goose", "go")


def test_stopwords_only_with_s() -> None:
    """-s removes the SMART list (before stemming); without -s the list is not used at all."""
    assert {"the", "and", "of"} <= stopwords()
    got = read_text(["The cat and the hat"], TextOptions(False, True, None, None))
    assert got.tokens == ("cat", "hat")


def test_word_limit_counts_raw_words() -> None:
    """-l counts whitespace words before tokenization and cuts inside a line."""
    text = read_text(["a-b c d", "e f g"], TextOptions(False, False, 4, None))
    assert text.tokens == ("a", "b", "c", "d", "e")  # "a-b" is one word for -l
    assert text.lines == (("a", "b", "c", "d"), ("e",))


def test_byte_limit_keeps_lcs_lines_as_the_script() -> None:
    """-b cuts the joined text, but ROUGE-L/W lines only at a line longer than the limit."""
    text = read_text(["ab", "cd", "ef"], TextOptions(False, False, None, 5))
    assert text.tokens == ("ab", "cd", "e")
    assert text.lines == (("ab",), ("cd",), ("ef",))


def test_union_lcs_over_lines_clips_repeats() -> None:
    """Summary-level LCS: a reference word hit by two summary lines counts once."""
    got = _prf(PLAIN, ["a b", "a b"], ["a b c d"])
    assert got["rougeL"] == (0.5, 0.5, 0.5)  # 2 hits; 4 summary words, 4 reference words


def test_rouge_w_weights_consecutive_runs() -> None:
    """One run of 2 in lines of 3; the script weights the reference length twice."""
    got = _prf(Rouge155Options(stem=False, wlcs_weight=1.2), ["a b x"], ["a b c"])
    precision = round((2**1.2 / 3**1.2) ** (1 / 1.2), 5)
    recall = round((2**1.2 / (3**1.2) ** 1.2) ** (1 / 1.2), 5)
    assert got["rougeW"][:2] == (precision, recall)


def test_skip_bigrams_with_unigrams() -> None:
    """SU4 of "a b c" vs "a c": grams a, b, ab, ac, bc vs a, ac; the last word adds no unigram."""
    got = _prf(Rouge155Options(stem=False, max_n=0, rouge_l=False, skip_distance=4,
                               skip_unigrams=True), ["a b c"], ["a c"])  # fmt: skip
    assert got["rougeSU4"][:2] == (0.4, 1.0)


def test_average_pools_counts_best_takes_recall() -> None:
    """-f A sums hits and counts over references; -f B keeps the best recall."""
    refs = (["a c"], ["a b"])
    assert _prf(PLAIN, ["a b"], *refs)["rouge1"] == (0.75, 0.75, 0.75)
    best = Rouge155Options(stem=False, multi_ref=MultiRef.BEST)
    assert _prf(best, ["a b"], *refs)["rouge1"] == (1.0, 1.0, 1.0)


def test_options_flags_and_signature() -> None:
    """The flags a paper's footnote shows, and the signature field."""
    assert Rouge155Options().signature() == "rouge155-m-n2"
    full = Rouge155Options(wlcs_weight=1.2, skip_distance=4, skip_unigrams=True, word_limit=100)
    assert full.perl_flags() == ("-m", "-n", "2", "-w", "1.2", "-2", "4", "-u", "-l", "100")
    assert full.metric_names() == ("rouge1", "rouge2", "rougeL", "rougeW", "rougeSU4")
    assert Rouge155Options(skip_distance=4).metric_names()[-1] == "rougeS4"


@pytest.mark.parametrize(
    "kwargs",
    [{"word_limit": 100, "byte_limit": 665}, {"skip_unigrams": True}, {"max_n": -1},
     {"alpha": 1.5}, {"max_n": 0, "rouge_l": False}],
)  # fmt: skip
def test_bad_options_are_input_errors(kwargs: dict) -> None:
    """Impossible flag combinations fail with one clear line."""
    with pytest.raises(InputError, match=r"ROUGE-1\.5\.5 options"):
        Rouge155Options(**kwargs)


def test_no_reference_is_an_input_error() -> None:
    """A summary needs a reference."""
    with pytest.raises(InputError, match="at least one reference"):
        score(["a"], [], PLAIN)


_WORDS = st.sampled_from(["cat", "cats", "sat", "mat", "the", "on", "a", "dog", "ran", "x-y"])
_SENTENCES = st.lists(st.lists(_WORDS, min_size=1, max_size=8).map(" ".join), max_size=4)


@settings(max_examples=60, deadline=None)
@given(summary=_SENTENCES, reference=_SENTENCES.filter(bool))
def test_bounds_and_lcs_below_unigrams(summary: list[str], reference: list[str]) -> None:
    """Scores are in [0, 1]; clipped ROUGE-L never beats ROUGE-1; a copy scores 1."""
    options = Rouge155Options(wlcs_weight=1.2, skip_distance=4, skip_unigrams=True)
    got = score(summary, [reference], options)
    assert all(0 <= v <= 1 for s in got.values() for v in (s.precision, s.recall, s.fmeasure))
    assert got["rougeL"].recall <= got["rouge1"].recall
    assert score(reference, [reference], options)["rouge1"].fmeasure == 1.0


@settings(max_examples=60, deadline=None)
@given(summary=_SENTENCES, references=st.lists(_SENTENCES.filter(bool), min_size=1, max_size=3))
def test_agrees_with_pyrouge_where_it_is_exact(
    summary: list[str], references: list[list[str]]
) -> None:
    """rouge-metric's PyRouge, given the script's tokens, matches under -f A without -b.

    An independent implementation of the union LCS, ROUGE-W and SU that needs no perl (the
    script's rounding is applied to its P and R; docs/rouge155.md says where it differs).
    """
    from rouge_metric import PyRouge

    options = Rouge155Options(wlcs_weight=1.2, skip_distance=4, skip_unigrams=True)
    text = TextOptions(stem=True, remove_stopwords=False, word_limit=None, byte_limit=None)

    def lines(sentences: list[str]) -> list[list[str]]:
        return [list(line) for line in read_text(sentences, text).lines]

    pyrouge = PyRouge(rouge_n=(1, 2), rouge_w=True, rouge_su=True, skip_gap=4, mode="individual")
    [theirs] = pyrouge.evaluate_tokenized([lines(summary)], [[lines(r) for r in references]])
    ours = score(summary, references, options)
    names = {"rouge-1": "rouge1", "rouge-2": "rouge2", "rouge-l": "rougeL",
             "rouge-w-1.2": "rougeW", "rouge-su4": "rougeSU4"}  # fmt: skip
    for key, name in names.items():
        # The script's %7.5f rounding, applied to PyRouge's P and R: 5/64 is 0.07812.
        assert ours[name].precision == pytest.approx(float(f"{theirs[key]['p']:.5f}"), abs=1e-12)
        assert ours[name].recall == pytest.approx(float(f"{theirs[key]['r']:.5f}"), abs=1e-12)


def test_scoring_object_matches_function_and_states_flags() -> None:
    """The pipeline-shaped object gives the function's scores and a paper-style footnote."""
    from sumbench.scoring.rouge155 import Rouge155Scoring

    scoring = Rouge155Scoring(Rouge155Options(skip_distance=4, skip_unigrams=True))
    got = scoring.score(summary=["Cats sat."], references=[["The cats sat."]])
    assert got == score(["Cats sat."], [["The cats sat."]], scoring.options)
    assert scoring.footnote() == "ROUGE-1.5.5 -m -n 2 -2 4 -u"


@pytest.mark.parametrize(
    ("flags", "signature"),
    [("-c 95 -m -n 2 -a", "rouge155-m-n2"),
     ("-c 95 -r 1000 -n 2 -m -2 4 -u -w 1.2 -l 100 -f B -a", "rouge155-m-n2-w1.2-24-u-l100-fB"),
     ("-a -m -s -b 665 -n 4 -x -p 0.3", "rouge155-m-s-n4-x-b665-p0.3")],
)  # fmt: skip
def test_flags_round_trip(flags: str, signature: str) -> None:
    """Flags as papers print them give options whose own flags give the same options back."""
    from sumbench.scoring.rouge155 import options_from_flags

    options = options_from_flags(flags)
    assert options.signature() == signature
    assert options_from_flags(" ".join(options.perl_flags())) == options


@pytest.mark.parametrize("flags", ["-m -n", "-m -n two", "-m -U -2 4", "-3 HM", "-n 2 -t 1"])
def test_unsupported_or_broken_flags_are_input_errors(flags: str) -> None:
    """Flags rouge155 does not implement, or without their value, fail with one line."""
    from sumbench.scoring.rouge155 import options_from_flags

    with pytest.raises(InputError, match=r"ROUGE-1\.5\.5 flag"):
        options_from_flags(flags)
