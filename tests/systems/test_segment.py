"""Offline segmenter: the seeds' hard cases, newline boundaries, sumy compatibility."""

from __future__ import annotations

import pytest
from sumy.parsers.plaintext import PlaintextParser

from sumbench.systems.segment import Segmenter, split_sentences, split_words
from sumbench.versions import segmenter_id

from ..conftest import SEEDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The deal is worth over Rs. 5,000 crores. It was signed on Monday.",
            ("The deal is worth over Rs. 5,000 crores.", "It was signed on Monday."),
        ),
        (
            "Rifles come through Indo-Russia Rifles Pvt Ltd, officials said. Talks went on.",
            ("Rifles come through Indo-Russia Rifles Pvt Ltd, officials said.", "Talks went on."),
        ),
        (
            "EAM Dr S Jaishankar met Sergey Lavrov. They bumped elbows.",
            ("EAM Dr S Jaishankar met Sergey Lavrov.", "They bumped elbows."),
        ),
        (
            "They met today pic.twitter.com/g555h4a7W8 — ANI (@ANI) December 6, 2021",
            ("They met today pic.twitter.com/g555h4a7W8 — ANI (@ANI) December 6, 2021",),
        ),
        (
            "1. Deal for the procurement of rifles. The deal is big.",
            ("1. Deal for the procurement of rifles.", "The deal is big."),
        ),
        (
            "with Prime Minister Narendra Modi.Both countries will sign deals.",
            ("with Prime Minister Narendra Modi.", "Both countries will sign deals."),
        ),
    ],
)
def test_hard_cases_from_the_seeds(text: str, expected: tuple[str, ...]) -> None:
    assert split_sentences(text) == expected


def test_every_line_break_ends_a_sentence() -> None:
    text = "India-Russia Defence Deal 2021\n\nThe talks ended. (ANI)\nComment\n"
    expected = ("India-Russia Defence Deal 2021", "The talks ended.", "(ANI)", "Comment")
    assert split_sentences(text) == expected


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


def test_segmenter_reports_its_version() -> None:
    assert segmenter_id().startswith("sentencex-")
    assert Segmenter("English").language == "english"
