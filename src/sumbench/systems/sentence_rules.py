"""The English rules of sumbench's default segmenter (see :mod:`sumbench.systems.sentences`).

Every pattern starts with one literal character or string, which `re` finds with a fast
scan, and runs once over a whole text rather than per line: the segmenter must stay within
2x of sentencex alone, which is compiled code. Offsets are into the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

# Words whose full stop does not end a sentence before a capital (titles, company and
# reference abbreviations, months, days); lower-cased, without the dot.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof st jr sr rev gen col lt sgt capt cmdr adm gov sen rep pres hon mt ft
    no nos vol vols fig figs pp ch sec art ed eds inc ltd co corp bros dept univ assn pvt vs
    etc approx ext ps est rs drs jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed
    thu thur thurs fri sat sun
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_OPENERS = "([\"'`\u201c\u2018"
_RUN = "[.?!]"
# After terminal punctuation: closing quotes or brackets, space, and what may open the next
# sentence (a capital or digit, maybe after an opening quote or bracket).
_CLOSE = r"""(?:''|["'\u201d\u2019)\]]|-R[RSC]B-)"""
_OPEN = r"""(?:``|["\u201c\u2018(\[]|-L[RSC]B-\s)"""
_NEXT = rf"(?:\s?{_CLOSE})*\s+(?={_OPEN}?\s?[A-Z0-9])"
_DOT = re.compile(rf"\.(?:\s\.\s\.|{_RUN}*){_NEXT}")
# "?" or "!" before a capital; or (group "lower") spaced or repeated before a lower-case
# word, as web text writes "suck ! whose" or "person?? cos" (not "Yahoo! and").
_QUESTION = re.compile(rf"\?(?:{_RUN}*{_NEXT}|(?P<lower>[?!]*\s+(?=[a-z])))")
_BANG = re.compile(rf"!(?:{_RUN}*{_NEXT}|(?P<lower>[?!]*\s+(?=[a-z])))")
# An e-mail time stamp from its first "/": "08/16/2000 12:05 PM"; group "lower" if a
# lower-case word follows (then it does not end a unit).
_STAMP = re.compile(
    r"/\d{1,2}/\d{2,4},? \d{1,2}:\d{2}(?::\d{2} ?(?:[AP]M)?| ?[AP]M)(?P<lower>(?=\s+[a-z]))?"
)
_TITLE = r"(?:\s?,)?(?=\s+[A-Z])"  # a closing such as "Regards," before a name


class Cut(Enum):
    """Where a rule's match starts sentences."""

    AFTER = "after"  # after the match only
    AROUND = "around"  # before and after: the match is a sentence of its own
    BEFORE = "before"  # before the match only


@dataclass(frozen=True)
class _Rule:
    """A pattern and how its matches become sentence starts."""

    trigger: str  # a substring every match contains: `in` is faster than `re`; one rare
    # character is fastest (each pass over a text costs about as much as a rule's regex)
    pattern: re.Pattern[str]
    cut: Cut
    start: Callable[[str, int], int | None] = lambda text, at: at  # None: not a unit


def _standalone(text: str, at: int) -> int | None:
    """``at`` if no word character is glued before it."""
    return at if at == 0 or text[at - 1].isspace() else None


def _line_start(text: str, at: int) -> int | None:
    """``at`` if it begins a line."""
    return at if at == 0 or text[at - 1] == "\n" else None


def _spaced_or_repeated(text: str, at: int) -> bool:
    """True for "suck ! whose" or "person?? cos", not for "Yahoo! and"."""
    return (at > 0 and text[at - 1].isspace()) or text[at + 1 : at + 2] in ("?", "!")


def _stamp_begin(text: str, at: int) -> int | None:
    """Where "08/16/2000 12:05 PM" begins (``at`` is its first "/"), if it is a date."""
    start = at - 2 if text[at - 2 : at].isdigit() else at - 1
    if start < 0 or not text[start:at].isdigit() or text[start - 1 : start] in ("/", *"0123456789"):
        return None
    return start


def _regards_start(text: str, at: int) -> int | None:
    """Where "Best regards" or "Regards" begins."""
    start = at - 2  # the match starts at "gards": "e" is too common to scan for
    if start < 0 or text[start : start + 2] not in ("Re", "re"):
        return None
    before = text[max(0, start - 8) : start].split(" ")
    if len(before) >= 2 and before[-2] in ("Best", "Kind", "Kindest", "Warm"):
        start -= len(before[-2]) + 1
    return _standalone(text, start)


_WEB_RULES = (
    # After an emoticon before a capital: "seak :) Now I have ...".
    _Rule(":", re.compile(r":-?[()DPp](?=\s+[A-Z])"), Cut.AFTER, _standalone),
    # After a source note that opens a line: "(BBC) The Palestinian ...".
    _Rule("(", re.compile(r"\(\s?[A-Z][^()\n]{0,40}\)\s+(?=[A-Z])"), Cut.AFTER, _line_start),
    # After a link followed by another link or a lower-case word.
    _Rule("www.", re.compile(r"www\.\S+(?<![,;:])(?=\s+(?:https?://|www\.|[a-z]))"), Cut.AFTER),
    # Before an item of an attachment list: "... - CrudeStocks.pdf - API.pdf".
    _Rule(
        "- ",
        re.compile(r"- (?=[^\s.]{1,60}+\.(?:pdf|docx?|xlsx?|pptx?|txt|html?|jpe?g|gif|png|zip))"),
        Cut.BEFORE,
        _standalone,
    ),
    # After an e-mail address before a capital: "... <jo@x.com> The former ...".
    _Rule("@", re.compile(r"@[\w.-]+\.[A-Za-z]{2,}(?:\s?>)?(?=\s+[A-Z])"), Cut.AFTER),
    # Rulers and closings: units of their own (time stamps: see added_starts).
    _Rule("-----", re.compile(r"-----+"), Cut.AROUND),
    _Rule("*", re.compile(r"\*\*\*\*\*+"), Cut.AROUND),
    _Rule("_", re.compile(r"_____+"), Cut.AROUND),
    _Rule("=", re.compile(r"=====+"), Cut.AROUND),
    _Rule("Sincerely", re.compile(rf"Sincerely{_TITLE}"), Cut.AROUND, _standalone),
    _Rule("gards", re.compile(rf"gards{_TITLE}"), Cut.AROUND, _regards_start),
)


def _is_abbreviation(text: str, stop: int) -> bool:
    """True if the word ending at ``stop`` (a full stop's offset) is an abbreviation."""
    word = text[max(text.rfind(" ", 0, stop), text.rfind("\n", 0, stop)) + 1 : stop]
    word = word.lstrip(_OPENERS)
    if not word:  # a spaced stop (" . "): PTB text, always terminal
        return False
    if len(word) == 1 and word.isalpha():  # an initial: "Jennifer M. Anderson"
        return True
    if "." in word:  # "U.S", "e.g", "a.m": dotted abbreviations
        return True
    return word.lower() in _ABBREVIATIONS


def _abbreviation_before(text: str, end: int) -> bool:
    """True if the stop that a _DOT match ending at ``end`` began with is an abbreviation's.

    Only the matches that sentencex did not split are checked, so the stop is found again
    by searching back instead of keeping every match's start.
    """
    stop = text.rfind(".", 0, end)
    if text[stop - 1 : stop] in (".", "?", "!", " ") or text[stop + 1 : stop + 2] in ("?", "!"):
        return False  # a run (".." "?." ". . .") always ends a sentence
    return _is_abbreviation(text, stop)


def added_starts(text: str, known: set[int]) -> list[int]:
    """Sorted sentence starts (offsets in ``text``) that the rules add to ``known``."""
    found: set[int] = set()
    for pattern in (_QUESTION, _BANG):
        for match in pattern.finditer(text):
            if match.group("lower") is None or _spaced_or_repeated(text, match.start()):
                found.add(match.end())
    if "/" in text:
        for match in _STAMP.finditer(text):
            start = _stamp_begin(text, match.start())
            if start is not None:
                if match.group("lower") is None:
                    found.add(match.end())
                # "on 08/16/2000 ..." sits inside a header line: no cut before it.
                if text[max(0, start - 4) : start].lower() not in (" on ", " at "):
                    found.add(start)
    for end in {match.end() for match in _DOT.finditer(text)} - known:
        if not _abbreviation_before(text, end):
            found.add(end)
    for rule in _WEB_RULES:
        if rule.trigger not in text:
            continue
        for match in rule.pattern.finditer(text):
            start = rule.start(text, match.start())
            if start is not None:
                if rule.cut is not Cut.BEFORE:
                    found.add(match.end())
                if rule.cut is not Cut.AFTER:
                    found.add(start)
    return sorted(found - known)


# A bare list marker ("1.", "(b)", "iv)") is never a sentence of its own.
_ENUMERATOR = re.compile(r"\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)]")
_DAY_OR_ZONE = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    r"|April|May|June|July|August|September|October|November|December"
    r"|[ECMP][SD]?T|GMT|UTC|local)\b"
)


def dropped_start(line: str, start: int, piece: str) -> bool:
    """True for a start that must not be: after a bare list marker, or "a.m." before a day."""
    if len(piece) <= 8 and _ENUMERATOR.fullmatch(piece):
        return True
    return bool(piece.lower().endswith(("a.m.", "p.m.")) and _DAY_OR_ZONE.match(line, start))
