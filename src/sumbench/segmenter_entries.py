"""The split functions that :data:`sumbench.segmenters.SEGMENTERS` points to.

All take ``(text, language)`` with a sumy language name, so that the pipeline can call any
of them the same way; libraries that know one language ignore it (the registry refuses
other languages before they are called).
"""

from __future__ import annotations

from functools import cache


@cache
def iso_code(language: str) -> str:
    """ISO 639-1 code of a sumy language name ("english" -> "en"); "en" if unknown."""
    import pycountry  # a sumy dependency; its database loads in ~0.1 s, so only when needed

    try:
        code = pycountry.languages.lookup(language).alpha_2
    except (LookupError, AttributeError):  # no such language, or no two-letter code
        return "en"
    return str(code)


def split_default(text: str, language: str = "english") -> tuple[str, ...]:
    """sumbench's default: sentencex plus the rules of :mod:`sumbench.sentence_rules`."""
    from sumbench.sentences import split_sentences

    return split_sentences(text, language=iso_code(language))


def split_legacy(text: str, language: str = "english") -> tuple[str, ...]:
    """The segmenter before issue 14: sentencex with list markers glued (unchanged)."""
    from sumbench.segment import split_sentences

    return split_sentences(text, language=language)


def split_sentencex(text: str, language: str = "english") -> tuple[str, ...]:
    """sentencex alone."""
    from sumbench.segmenter_libs import split_sentencex as split

    return split(text, iso_code(language))


def split_nupunkt(text: str, language: str = "english") -> tuple[str, ...]:
    """nupunkt's English model."""
    from sumbench.segmenter_libs import split_nupunkt as split

    return split(text)


def split_pysbd(text: str, language: str = "english") -> tuple[str, ...]:
    """pysbd, English rules."""
    from sumbench.segmenter_libs import split_pysbd as split

    return split(text)


def split_syntok(text: str, language: str = "english") -> tuple[str, ...]:
    """syntok."""
    from sumbench.segmenter_libs import split_syntok as split

    return split(text)


def split_blingfire(text: str, language: str = "english") -> tuple[str, ...]:
    """Bling Fire."""
    from sumbench.segmenter_libs import split_blingfire as split

    return split(text)


def split_lines(text: str, language: str = "english") -> tuple[str, ...]:
    """Every non-blank line is one sentence."""
    from sumbench.sentences import split_lines as split

    return split(text)
