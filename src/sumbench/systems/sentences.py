"""Every sentence splitter sumbench owns: the default, the one before it, and ``lines``.

The default is sentencex plus rules measured on gold data.

sentencex (rule based, compiled, no model files) finds most boundaries but, on the UD
English Web Treebank, misses about one in five: it does not split inside an open quotation
(a stray apostrophe or a PTB ``'`` quote can glue a whole paragraph), after ``!!`` or ``..``,
after a full stop that closes a parenthesis, or where web text ends a unit without any
punctuation (e-mail time stamps, signatures, rulers, link lists); and it splits
``11:30 a.m. Thursday``. The rules below add the boundaries it misses and drop the ones it
should not make; each was kept only if it raised boundary F1 on the treebank's dev split
(``benchmarks/segmentation.py``). A line break always ends a sentence. The rules know English
only: other languages get sentencex with the list-marker fix.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from functools import cache
from itertools import accumulate

import sentencex

from sumbench.systems.sentence_rules import added_starts, dropped_start

# Bumped whenever a rule changes, so the signature (and the cache key) moves with it.
RULES_VERSION = "1"

# sentencex wants ISO 639-1 codes; sumy speaks in language names. An explicit table for
# sumy's languages (pycountry knows "greek" only as "Modern Greek (1453-)").
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

_QUOTES_ONLY = re.compile(r"""(?:``|''|["'\u201c\u201d\u2018\u2019()\[\]]|-[LR][RSC]B-|\s)+""")


def _closes(line: str, at: int) -> bool:
    """True if the quote mark at ``at`` closes a quotation rather than opens one."""
    if line.startswith(("''", "-R"), at) or line[at] in "\u201d\u2019)]":
        return True
    if line.startswith(("``", "-L"), at) or line[at] in "\u201c\u2018([":
        return False
    # A straight quote glued to the word after it opens ('. "But'), to the one before it
    # closes ('end." He'); spaced on both sides (PTB text), an odd count before it closes.
    glued_after = not line[at + 1 : at + 2].isspace()
    glued_before = at > 0 and not line[at - 1].isspace()
    if glued_after != glued_before:
        return glued_before
    return line.count(line[at], 0, at) % 2 == 1


def _cut(line: str, starts: Iterable[int]) -> list[str]:
    """The line cut at the given sentence starts, stripped, none empty."""
    sentences: list[str] = []
    previous = last = 0
    for start in sorted(starts):
        piece = line[previous:start].strip()
        if not piece or dropped_start(line, start, piece):
            continue
        if _QUOTES_ONLY.fullmatch(piece):
            # sentencex cut before a quote mark and the rules after it: one of them is wrong.
            if sentences and _closes(line, line.index(piece[0], previous)):
                sentences[-1] = line[last:start].strip()
                previous = start
            continue
        sentences.append(piece)
        previous, last = start, previous
    rest = line[previous:].strip()
    if rest:
        sentences.append(rest)
    return sentences


@cache
def iso_code(language: str) -> str:
    """ISO 639-1 code of a sumy language name or code ("english" -> "en"); "en" if unknown."""
    name = language.strip().lower()
    if name in _ISO_CODES.values():
        return name
    if name in _ISO_CODES:
        return _ISO_CODES[name]
    import pycountry  # a sumy dependency; its database loads in ~0.1 s, so only when needed

    try:
        code = pycountry.languages.lookup(name).alpha_2
    except (LookupError, AttributeError):  # no such language, or no two-letter code
        return "en"
    return str(code)


def split_default(text: str, language: str = "english") -> tuple[str, ...]:
    """sumbench's default: sentencex plus the English rules (sumy language name)."""
    return split_sentences(text, language=iso_code(language))


def split_sentences(text: str, *, language: str = "en") -> tuple[str, ...]:
    """Sentences of a text (ISO 639-1 language code); every line break ends one."""
    lines: list[tuple[int, str, list[str]]] = []
    known: set[int] = set()
    offset = 0
    for line in text.splitlines(keepends=True):
        begin, offset = offset, offset + len(line)
        if line.isspace():
            continue
        pieces = sentencex.segment(language, line)
        lines.append((begin, line, pieces))
        # sentencex's pieces concatenate to the line, so their lengths give the offsets.
        known.update(accumulate(map(len, pieces[:-1]), initial=begin))
    extra = added_starts(text, known) if language == "en" else []
    sentences: list[str] = []
    low = high = 0
    for begin, line, pieces in lines:
        if extra:
            low, high = bisect_left(extra, begin), bisect_left(extra, begin + len(line))
        # Short pieces may be list markers; ".m." may be "a.m." before a day.
        if low < high or min(map(len, pieces)) <= 9 or ".m." in line:
            starts = set(accumulate(map(len, pieces[:-1])))
            starts.update(at - begin for at in extra[low:high])
            sentences.extend(_cut(line, starts))
        else:  # the common case: sentencex's pieces stand as they are
            sentences.extend(filter(None, map(str.strip, pieces)))
    return tuple(sentences)


def split_lines(text: str, language: str = "english") -> tuple[str, ...]:
    """Every non-blank line is one sentence (stripped); nothing else is split."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


# sentencex splits a list marker such as "1." or "(b)" off as a sentence of its own.
_ENUMERATOR = re.compile(r"^(?:\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)])$")


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


def split_legacy(text: str, language: str = "english") -> tuple[str, ...]:
    """The default before issue 14: sentencex per line, bare list markers glued (unchanged)."""
    code = iso_code(language)
    sentences: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        pieces = [p.strip() for p in sentencex.segment(code, line)]
        sentences.extend(_merge_enumerators([p for p in pieces if p]))
    return tuple(sentences)


_PTB_MARKS = re.compile(r"``|''|\s(?:n't|'s|'re|'ve|'ll|'m|'d)\b|\s[.,;:?!](?:\s|$)|-[LR][RCS]B-")


def is_ptb_tokenized(text: str) -> bool:
    """True if the text looks PTB-tokenized (````, `` n't``, `` 's``, spaced punctuation)."""
    marks = len(_PTB_MARKS.findall(text))
    words = max(1, len(text.split()))
    # Untokenized prose has a spaced mark now and then (" - ", "yuck !!"); PTB text has
    # one every dozen words or so.
    return marks >= 2 and marks * 40 >= words
