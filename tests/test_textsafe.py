"""Hostile ids and names: escaped for terminals, quoted for spreadsheets, kept whole in JSON."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sumbench.textsafe import csv_cell, markdown_cell, printable, printable_lines

HOSTILE_ID = "x\x1b]0;PWNED\x07\x1b[2J"


def test_terminal_escapes_are_shown_not_run() -> None:
    assert printable(HOSTILE_ID) == "x\\x1b]0;PWNED\\x07\\x1b[2J"
    assert printable("a\r\nb\tc\x9bd") == "a\\r\\nb\\tc\\x9bd"
    assert printable("Zoë — 東京") == "Zoë — 東京"


@given(st.text())
def test_printable_text_has_no_control_characters(text: str) -> None:
    shown = printable(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    if not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text):
        assert shown == text  # ordinary text is left exactly as it is


def test_formula_cells_are_quoted_as_owasp_recommends() -> None:
    for cell in ("=HYPERLINK(1)", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(cell) == "'" + cell
    for cell in ("lead", "doc-1", "a=b", ""):
        assert csv_cell(cell) == cell


def test_markdown_cells_keep_their_columns() -> None:
    assert markdown_cell("a|b\nc") == "a\\|b\\nc"


def test_printable_lines_keeps_the_layout_only() -> None:
    assert printable_lines("a\tb\nc\x1b[2J\r\n\\t") == "a\tb\nc\\x1b[2J\\r\n\\t"
