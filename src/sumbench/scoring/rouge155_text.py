"""What ROUGE-1.5.5.pl reads: lines, ``-l``/``-b`` truncation, tokens, ``-s`` and ``-m``.

The script reads its files as bytes: it lower-cases ASCII only, ``-b`` counts UTF-8 bytes and
every non-ASCII byte becomes a separator. Text is therefore handled here as the Latin-1 decoding
of its UTF-8 bytes (one character per byte). A token is a maximal run of ``[a-z0-9]``: the script
pads ``-`` with spaces, blanks everything outside ``[A-Za-z0-9-]`` and drops tokens not starting
with ``[a-z0-9$]`` (the lone hyphens).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sumbench.scoring.rouge155_stem import morph_stem, stopwords

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_TOKEN = re.compile("[a-z0-9]+")
# Perl's \s on a byte string: no \x85 or \xa0, unlike Python's \s on str.
_PERL_SPACE = re.compile(r"[\t\n\x0b\f\r ]+")


@dataclass(frozen=True)
class TextOptions:
    """The settings that change what a text's tokens are."""

    stem: bool
    remove_stopwords: bool
    word_limit: int | None
    byte_limit: int | None


@dataclass(frozen=True)
class ReadText:
    """One summary as the script sees it: all tokens, and tokens per line (for ROUGE-L/W)."""

    tokens: tuple[str, ...]
    lines: tuple[tuple[str, ...], ...]


def spl_lines(sentences: Sequence[str]) -> list[str]:
    """The non-empty lines of the script's one-sentence-per-line file, lower-cased bytes."""
    raw = "\n".join(sentences).encode("utf-8").decode("latin-1")
    return [line.translate(_ASCII_LOWER) for line in raw.split("\n") if line]


def _perl_split(line: str) -> list[str]:
    """``split(/\\s+/, $line)``: keeps a leading empty field, drops trailing ones."""
    fields = _PERL_SPACE.split(line)
    while fields and not fields[-1]:
        fields.pop()
    return fields


def _joined(lines: Sequence[str], words: int | None, size: int | None) -> str:
    """``readText``: the lines joined by spaces, cut after ``words`` words or ``size`` bytes."""
    if not words and not size:
        return " ".join(lines)
    text, used = "", 0
    for line in lines:
        length = len(_perl_split(line)) if words else len(line)
        limit = words or size or 0
        if used + length < limit:
            text += f" {line}" if used else line
            used += length
            continue
        text += " " if used > 0 else ""
        text += " ".join(_perl_split(line)[: limit - used]) if words else line[: limit - used]
        break
    return text


def _units(lines: Sequence[str], words: int | None, size: int | None) -> list[str]:
    """``readText_LCS``: the lines for ROUGE-L/W, cut the same way, except for ``-b``.

    With ``-b`` the script never adds up the bytes it has kept (its counter stays 0), so it keeps
    every line shorter than the limit and cuts only the first line that alone exceeds it.
    """
    if not words and not size:
        return list(lines)
    kept: list[str] = []
    used = 0
    for line in lines:
        if words:
            fields = _perl_split(line)
            if used + len(fields) < words:
                used += len(fields)
                kept.append(line)
                continue
            kept.append(" ".join(fields[: words - used]))
            break
        if size and len(line) < size:
            kept.append(line)
            continue
        kept.append(line[:size])
        break
    return kept


def _tokens(text: str, options: TextOptions) -> tuple[str, ...]:
    tokens = _TOKEN.findall(text)
    if options.remove_stopwords:
        stop = stopwords()
        tokens = [t for t in tokens if t not in stop]
    if options.stem:
        # The script stems only tokens longer than 3 characters.
        tokens = [morph_stem(t) if len(t) > 3 else t for t in tokens]
    return tuple(tokens)


def read_text(sentences: Sequence[str], options: TextOptions) -> ReadText:
    """Tokens of one summary (or reference) exactly as ROUGE-1.5.5.pl computes them."""
    lines = spl_lines(sentences)
    words, size = options.word_limit, options.byte_limit
    joined = _joined(lines, words, size)
    units = _units(lines, words, size)
    return ReadText(
        tokens=_tokens(joined, options),
        lines=tuple(_tokens(unit, options) for unit in units),
    )
