"""Sentence splitters from PyPI behind one interface: text in, sentences out.

Every adapter treats each line as a paragraph (a line break always ends a sentence, as in
sumbench's own segmenter) and returns slices of the input, stripped, none empty, so no
adapter can change a character. Each library is imported only when its adapter first runs:
they are optional (the ``bench`` extra) and some are slow to import. Every split function
takes ``(text, language)`` with a sumy language name, so that the registry calls any of them
the same way; the libraries that know English only ignore it (the registry refuses other
languages before they are called).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

Span = tuple[int, int]
SpanFn = Callable[[str], Iterable[Span]]


def spans_to_sentences(line: str, spans: Iterable[Span]) -> list[str]:
    """Cut a line at the ends of the given spans; whatever lies between spans is kept."""
    sentences: list[str] = []
    start = 0
    for _, end in sorted(spans):
        if end <= start:
            continue
        piece = line[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    rest = line[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def pieces_to_spans(line: str, pieces: Iterable[str]) -> Iterator[Span]:
    """Spans of pieces found in order in the line (libraries that return strings only)."""
    cursor = 0
    for piece in pieces:
        text = piece.strip()
        if not text:
            continue
        found = line.find(text, cursor)
        if found < 0:  # the library changed the text: keep the rest together
            return
        cursor = found + len(text)
        yield found, cursor


def by_lines(text: str, spans: SpanFn) -> tuple[str, ...]:
    """Apply a span function to every non-blank line of a text."""
    sentences: list[str] = []
    for line in text.splitlines():
        if line.strip():
            sentences.extend(spans_to_sentences(line, spans(line)))
    return tuple(sentences)


def _sentencex_spans(line: str, language: str = "en") -> Iterator[Span]:
    import sentencex

    return pieces_to_spans(line, sentencex.segment(language, line))


def _nupunkt_spans(line: str) -> list[Span]:
    import nupunkt

    return list(nupunkt.sent_spans(line))


@cache
def _pysbd_segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _pysbd_spans(line: str) -> list[Span]:
    return [(span.start, span.end) for span in _pysbd_segmenter().segment(line)]


def _syntok_spans(line: str) -> Iterator[Span]:
    from syntok import segmenter

    for paragraph in segmenter.analyze(line):
        for sentence in paragraph:
            last = sentence[-1]
            yield sentence[0].offset, last.offset + len(last.value)


def _blingfire_spans(line: str) -> list[Span]:
    import blingfire

    _, offsets = blingfire.text_to_sentences_and_offsets(line)
    return [(start, end) for start, end in offsets]


def split_sentencex(text: str, language: str = "english") -> tuple[str, ...]:
    """sentencex alone (sumy language name), without sumbench's list-marker fix."""
    from sumbench.systems.sentences import iso_code

    code = iso_code(language)
    return by_lines(text, lambda line: _sentencex_spans(line, code))


def split_nupunkt(text: str, language: str = "english") -> tuple[str, ...]:
    """nupunkt's default English model (Punkt, trained on legal and general text)."""
    return by_lines(text, _nupunkt_spans)


def split_pysbd(text: str, language: str = "english") -> tuple[str, ...]:
    """pysbd (Golden Rules port of pragmatic_segmenter), English, text left uncleaned."""
    return by_lines(text, _pysbd_spans)


def split_syntok(text: str, language: str = "english") -> tuple[str, ...]:
    """syntok's rule-based segmenter."""
    return by_lines(text, _syntok_spans)


def split_blingfire(text: str, language: str = "english") -> tuple[str, ...]:
    """Blingfire's default sentence model."""
    return by_lines(text, _blingfire_spans)
