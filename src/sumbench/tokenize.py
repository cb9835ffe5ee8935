"""ROUGE tokenizers, plugged into rouge-score through its ``tokenizer=`` hook.

rouge-score's default keeps only ``a-z0-9``: Russian or Greek text has no tokens left
and scores zero. The ``unicode`` tokenizer keeps every letter and digit of any script.
The default stays rouge-score's own, for comparability with published numbers.
"""

from __future__ import annotations

import re
from typing import Protocol

from nltk.stem.porter import PorterStemmer
from nltk.stem.snowball import SnowballStemmer
from rouge_score import tokenizers
from rouge_score.tokenizers import Tokenizer

from sumbench.errors import InputError

TOKENIZERS: tuple[str, ...] = ("default", "unicode")
# Letters and digits of any script; "_" is a \w character but punctuation here.
_WORD = re.compile(r"[^\W_]+")


class _Stemmer(Protocol):
    def stem(self, word: str) -> str: ...


def signature_id(name: str) -> str:
    """The tokenizer's name in the signature's ``tok`` field."""
    return "rouge-score-default" if name == "default" else name


def language_stemmer(language: str) -> _Stemmer:
    """Porter for English (as rouge-score), else NLTK's Snowball stemmer for the language."""
    if language == "english":
        return PorterStemmer()  # what rouge-score itself uses
    if language not in SnowballStemmer.languages:
        raise InputError(f"no stemmer for {language!r} in the unicode tokenizer; use --no-stem")
    return SnowballStemmer(language)


class UnicodeTokenizer(Tokenizer):
    """Lower-case, split on anything that is not a letter or digit, stem words over 3 chars."""

    def __init__(self, stemmer: _Stemmer | None = None) -> None:
        self._stemmer = stemmer

    def tokenize(self, text: str) -> list[str]:
        """Tokens of ``text`` (rouge-score's stemming rule: only words over 3 characters)."""
        tokens = _WORD.findall(text.lower())
        if self._stemmer is None:
            return tokens
        return [self._stemmer.stem(t) if len(t) > 3 else t for t in tokens]


def make_tokenizer(name: str, *, stem: bool, language: str) -> Tokenizer:
    """The named ROUGE tokenizer, configured for stemming and language."""
    if name == "default":
        return tokenizers.DefaultTokenizer(use_stemmer=stem)
    if name == "unicode":
        return UnicodeTokenizer(language_stemmer(language) if stem else None)
    raise InputError(f"unknown ROUGE tokenizer {name!r} (choose from: {', '.join(TOKENIZERS)})")
