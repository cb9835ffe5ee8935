"""The sumy side of segmentation: line breaks, words, the parse, and pre-split documents.

The segmenters' own cases (the seeds', tokenized text) are in test_sentences.py.
"""

from __future__ import annotations

import pytest
from sumy.parsers.plaintext import PlaintextParser

from sumbench.systems.segment import Segmenter, parse_document, split_sentences, split_words
from sumbench.systems.segmenters import DEFAULT_SEGMENTER, get_segmenter
from sumbench.versions import segmenter_id

from ..conftest import SEEDS


@pytest.mark.parametrize("segmenter", [DEFAULT_SEGMENTER, "sentencex-fix"])
def test_every_line_break_ends_a_sentence(segmenter: str) -> None:
    text = "India-Russia Defence Deal 2021\n\nThe talks ended. (ANI)\nComment\n"
    expected = ("India-Russia Defence Deal 2021", "The talks ended.", "(ANI)", "Comment")
    assert split_sentences(text, segmenter=segmenter) == expected


def test_words_drop_punctuation_like_sumy() -> None:
    assert split_words("Singh said: “India values it,” he added.") == (
        "Singh",
        "said",
        "India",
        "values",
        "it",
        "he",
        "added",
    )


def test_sumy_parser_accepts_the_segmenter() -> None:
    text = (SEEDS / "002_0fe01ead75397a4e.txt").read_text(encoding="utf-8")
    document = PlaintextParser.from_string(text, Segmenter("english")).document
    assert len(document.sentences) >= 10
    assert all(sentence.words for sentence in document.sentences)


def test_the_parse_uses_the_chosen_segmenter() -> None:
    text = "It is late. We go home.\nTOMORROW\nMore news. And more."
    default = parse_document("d", text)
    assert default.sentences == ("It is late.", "We go home.", "More news.", "And more.")
    # sumy's heading rule: an all-caps line is a heading, not a sentence.
    assert [str(s) for s in default.dom.headings] == ["TOMORROW"]
    lines = parse_document("d", text, segmenter="lines")
    assert lines.sentences == ("It is late. We go home.", "TOMORROW", "More news. And more.")
    assert lines.sentences == split_sentences(text, segmenter="lines")
    assert not lines.dom.headings


def test_given_sentences_are_kept_whatever_the_segmenter() -> None:
    text = "FIRST LINE IN CAPITALS\nTwo. Sentences.\n\nAfter a blank line"
    parsed = parse_document("d", text, segmenter=DEFAULT_SEGMENTER, given=True)
    expected = ("FIRST LINE IN CAPITALS", "Two. Sentences.", "After a blank line")
    assert parsed.sentences == expected
    assert split_sentences(text, given=True) == expected
    assert len(parsed.dom.paragraphs) == 2  # a blank line still ends a paragraph
    assert all(s.words for s in parsed.dom.sentences)


def test_segmenter_id_is_the_registry_signature() -> None:
    assert segmenter_id("sentencex-fix").startswith("sentencex-")
    assert segmenter_id(DEFAULT_SEGMENTER) == get_segmenter(DEFAULT_SEGMENTER).signature_id()
    assert segmenter_id(DEFAULT_SEGMENTER) != segmenter_id("sentencex-fix")
    assert Segmenter("English").language == "english"
