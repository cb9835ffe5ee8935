"""Offline sentence splitting and word tokenization (no NLTK data needed).

sumy's default ``Tokenizer`` loads NLTK's punkt model, which many machines do not
have and cannot download. :class:`Segmenter` is a drop-in replacement that sumy's
parsers and summarizers accept: it splits sentences with ``sentencex`` (rule based,
maintained, no model files) and words with NLTK's Treebank-style word tokenizer,
which is pure code and needs no data either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import sentencex
from nltk.tokenize import NLTKWordTokenizer
from sumy.models.dom import Sentence
from sumy.nlp.tokenizers import Tokenizer as SumyTokenizer
from sumy.parsers.plaintext import PlaintextParser
from sumy.utils import normalize_language

from sumbench.systems.base import ParsedDocument

# sentencex splits a list marker such as "1." or "(b)" off as a sentence of its own.
_ENUMERATOR = re.compile(r"^(?:\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)])$")

# sentencex wants ISO 639-1 codes; sumy speaks in language names.
_ISO_CODES = {
    "arabic": "ar",
    "chinese": "zh",
    "czech": "cs",
    "dutch": "nl",
    "english": "en",
    "french": "fr",
    "german": "de",
    "greek": "el",
    "hebrew": "he",
    "italian": "it",
    "japanese": "ja",
    "korean": "ko",
    "polish": "pl",
    "portuguese": "pt",
    "russian": "ru",
    "slovak": "sk",
    "spanish": "es",
    "ukrainian": "uk",
}


def _merge_enumerators(pieces: list[str]) -> list[str]:
    """Glue a bare list marker ("1.") to the sentence that follows it."""
    merged: list[str] = []
    pending = ""
    for piece in pieces:
        if _ENUMERATOR.match(piece):
            pending = f"{pending} {piece}".strip()
            continue
        merged.append(f"{pending} {piece}".strip() if pending else piece)
        pending = ""
    if pending:
        merged.append(pending)
    return merged


@cache
def _word_tokenizer() -> NLTKWordTokenizer:
    return NLTKWordTokenizer()


def split_sentences(text: str, *, language: str = "english") -> tuple[str, ...]:
    """Split text into sentences; every line break is also a sentence boundary."""
    code = _ISO_CODES.get(normalize_language(language), "en")
    sentences: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        pieces = [p.strip() for p in sentencex.segment(code, line)]
        sentences.extend(_merge_enumerators([p for p in pieces if p]))
    return tuple(sentences)


def split_words(sentence: str) -> tuple[str, ...]:
    """Word tokens of a sentence, filtered the way sumy filters them (no punctuation)."""
    tokens = _word_tokenizer().tokenize(sentence)
    return tuple(t for t in tokens if SumyTokenizer._is_word(t))


class Segmenter:
    """A tokenizer object that sumy accepts in place of its punkt-based ``Tokenizer``."""

    def __init__(self, language: str = "english") -> None:
        self._language = normalize_language(language)

    @property
    def language(self) -> str:
        """The sumy language name (lower case)."""
        return str(self._language)

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Sentences of a paragraph, stripped, none empty."""
        return split_sentences(paragraph, language=self._language)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Words of a sentence, without punctuation tokens."""
        return split_words(sentence)


class _LineParser(PlaintextParser):  # type: ignore[misc]  # sumy has no types
    """sumy's plain-text parser, except that every line break ends a sentence.

    Web text keeps one paragraph per line and boilerplate ("Comment", "(ANI)") on
    lines of its own; joining lines, as sumy does, glues them onto real sentences.
    Heading detection (all-caps lines) and Edmundson's word lists are sumy's own.
    """

    def _to_sentences(self, lines: Sequence[str | Sentence]) -> list[Sentence]:
        sentences: list[Sentence] = []
        for line in lines:
            if isinstance(line, Sentence):
                sentences.append(line)
            else:
                sentences.extend(self._to_sentence_objects(line))
        return sentences


def parse_document(doc_id: str, text: str, *, language: str = "english") -> ParsedDocument:
    """Parse a document with sumy's DOM and the offline segmenter."""
    parser = _LineParser(text, Segmenter(language))
    dom = parser.document
    return ParsedDocument(
        id=doc_id,
        sentences=tuple(str(s) for s in dom.sentences),
        dom=dom,
        significant_words=tuple(parser.significant_words),
        stigma_words=tuple(parser.stigma_words),
    )
