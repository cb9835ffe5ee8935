"""Hostile text stays inert: ids and names made safe for terminals, CSV files and Markdown.

The JSON files keep every text as given; only what is shown to a person (a terminal, a
spreadsheet, a rendered table) passes through these functions.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL: ESC starts terminal sequences (retitle, clear, hyperlinks),
# CR rewrites a line, BEL rings, and the C1 range holds 8-bit CSI/OSC.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LAYOUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and LF
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\x1b"}
# Cells a spreadsheet reads as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or f"\\x{ord(char):02x}"


def printable(text: str) -> str:
    """``text`` with every control character shown escaped (``\\x1b``, ``\\n``), for terminals."""
    return _CONTROL.sub(_escape, text)


def printable_lines(text: str) -> str:
    """``text`` made printable line by line: line breaks and tabs kept, other controls escaped."""
    return _CONTROL_BUT_LAYOUT.sub(_escape, text)


def csv_cell(text: str) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula.

    As OWASP recommends, a cell starting with ``= + - @``, tab or CR gets a leading single
    quote; numbers written by sumbench are not passed through here and stay numbers.
    """
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def markdown_cell(text: str) -> str:
    """A Markdown table cell: printable, with ``|`` escaped so the row keeps its columns."""
    return printable(text).replace("|", "\\|")
