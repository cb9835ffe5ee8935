"""sumy's side of sentence splitting: the run's segmenter as a sumy tokenizer, and the parse.

sumy's default ``Tokenizer`` loads NLTK's punkt model, which many machines do not have and
cannot download. :class:`Segmenter` is a drop-in replacement that sumy's parsers and
summarizers accept: it splits sentences with the segmenter the run chose
(:mod:`sumbench.systems.segmenters`) and words with NLTK's Treebank-style word tokenizer,
which is pure code and needs no data either. :func:`split_sentences` is the one function
the harness splits documents, references and system outputs with.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from nltk.tokenize import NLTKWordTokenizer
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.tokenizers import Tokenizer as SumyTokenizer
from sumy.parsers.plaintext import PlaintextParser
from sumy.utils import cached_property, normalize_language

from sumbench.systems.base import ParsedDocument
from sumbench.systems.segmenters import DEFAULT_SEGMENTER, SplitFn, get_segmenter
from sumbench.systems.sentences import split_lines

PRE_SPLIT = "lines"  # the segmenter that takes every line as one sentence


@cache
def _split_function(segmenter: str) -> SplitFn:
    return get_segmenter(segmenter).load()


def split_sentences(
    text: str, *, language: str = "english", segmenter: str = DEFAULT_SEGMENTER, given: bool = False
) -> tuple[str, ...]:
    """Sentences of a text by the named segmenter; ``given``: one per line, as given."""
    if given:
        return split_lines(text)
    return _split_function(segmenter)(text, _language(language))


@cache
def _language(language: str) -> str:
    """sumy's name of a language ("en" -> "english"); sumy looks it up in pycountry."""
    return str(normalize_language(language))


@cache
def _word_tokenizer() -> NLTKWordTokenizer:
    return NLTKWordTokenizer()


def split_words(sentence: str) -> tuple[str, ...]:
    """Word tokens of a sentence, filtered the way sumy filters them (no punctuation)."""
    tokens = _word_tokenizer().tokenize(sentence)
    return tuple(t for t in tokens if SumyTokenizer._is_word(t))


class Segmenter:
    """A tokenizer object that sumy accepts in place of its punkt-based ``Tokenizer``."""

    def __init__(self, language: str = "english", segmenter: str = DEFAULT_SEGMENTER) -> None:
        self._language = _language(language)
        self._segmenter = segmenter

    @property
    def language(self) -> str:
        """The sumy language name (lower case)."""
        return str(self._language)

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Sentences of a paragraph, stripped, none empty."""
        return split_sentences(paragraph, language=self._language, segmenter=self._segmenter)

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


class _PreSplitParser(PlaintextParser):  # type: ignore[misc]  # sumy has no types
    """Every non-blank line is one sentence, as given: no headings, nothing split.

    sumy would take an all-caps line for a heading and leave it out of the sentences, and
    then Lead-k would not be the first k given lines. Blank lines still end paragraphs.
    """

    @cached_property  # type: ignore[untyped-decorator]
    def document(self) -> ObjectDocumentModel:
        paragraphs: list[Paragraph] = []
        current: list[Sentence] = []
        for line in self._text.splitlines():
            if line.strip():
                current.append(Sentence(line.strip(), self._tokenizer))
            elif current:
                paragraphs.append(Paragraph(current))
                current = []
        paragraphs.append(Paragraph(current))
        return ObjectDocumentModel(paragraphs)


def parse_document(
    doc_id: str,
    text: str,
    *,
    language: str = "english",
    segmenter: str = DEFAULT_SEGMENTER,
    given: bool = False,
) -> ParsedDocument:
    """Parse a document with sumy's DOM and the run's segmenter (``given``: one per line)."""
    tokenizer = Segmenter(language, segmenter)
    pre_split = given or segmenter == PRE_SPLIT
    parser = (_PreSplitParser if pre_split else _LineParser)(text, tokenizer)
    dom = parser.document
    return ParsedDocument(
        id=doc_id,
        sentences=tuple(str(s) for s in dom.sentences),
        dom=dom,
        significant_words=tuple(parser.significant_words),
        stigma_words=tuple(parser.stigma_words),
    )
