"""ROUGE tokenizers, plugged into rouge-score through its ``tokenizer=`` hook.

rouge-score's default keeps only ``a-z0-9``: Russian or Greek text has no tokens left
and scores zero. The ``unicode`` tokenizer keeps every letter and digit of any script.
The default stays rouge-score's own, for comparability with published numbers.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Protocol

from nltk.stem.porter import PorterStemmer
from nltk.stem.snowball import SnowballStemmer
from rouge_score import tokenizers
from rouge_score.tokenizers import Tokenizer

from sumbench.errors import InputError
from sumbench.scoring.config import TOKENIZERS

# Letters and digits of any script; "_" is a \w character but punctuation here.
_WORD = re.compile(r"[^\W_]+")


class _Stemmer(Protocol):
    def stem(self, word: str) -> str: ...


def language_stemmer(language: str) -> _Stemmer:
    """Porter for English (as rouge-score), else NLTK's Snowball stemmer for the language."""
    if language == "english":
        porter: _Stemmer = PorterStemmer()  # what rouge-score itself uses
        return porter
    if language not in SnowballStemmer.languages:
        raise InputError(f"no stemmer for {language!r} in the unicode tokenizer; turn stemming off")
    snowball: _Stemmer = SnowballStemmer(language)
    return snowball


class UnicodeTokenizer(Tokenizer):  # type: ignore[misc]  # rouge-score has no types
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


class MemoTokenizer(tokenizers.Tokenizer):  # type: ignore[misc]
    """A ROUGE tokenizer (rouge-score's ``DefaultTokenizer`` or ours), memoized line by line.

    Each reference is scored against every system's summary, summaries share the
    document's sentences, and ROUGE-Lsum tokenizes every sentence again: the Porter
    stemmer dominated the run. rouge-score's tokenizer maps every character outside
    ``[a-z0-9]`` (a newline among them) to a token break and stems token by token, so
    the tokens of ``"a\nb"`` are the tokens of ``"a"`` followed by those of ``"b"``.
    The unicode tokenizer breaks on every non-word character too, so the same holds.
    """

    def __init__(self, inner: tokenizers.Tokenizer, maxsize: int = 50_000) -> None:
        self._inner = inner
        self._line = lru_cache(maxsize=maxsize)(self._tokenize_line)

    def _tokenize_line(self, line: str) -> tuple[str, ...]:
        return tuple(self._inner.tokenize(line))

    def tokenize(self, text: str) -> list[str]:
        """The tokens of ``text``, a fresh list each time (callers may keep or change it)."""
        return [token for line in text.split("\n") for token in self._line(line)]

    def forget(self) -> None:
        """Empty the memo (the pipeline does so after each document)."""
        self._line.cache_clear()


@cache
def rouge_tokenizer(name: str, *, stem: bool, language: str) -> MemoTokenizer:
    """The process's shared memoizing ROUGE tokenizer for one configuration."""
    return MemoTokenizer(make_tokenizer(name, stem=stem, language=language))
