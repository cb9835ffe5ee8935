"""Every output format of a run by name: ``sumbench report --format`` and ``run --format``."""

from __future__ import annotations

from collections.abc import Callable

from sumbench.errors import InputError
from sumbench.html_report import render_html
from sumbench.latex import render_latex
from sumbench.report import render_csv, render_json, render_markdown, render_terminal
from sumbench.results import RunResult

Renderer = Callable[[RunResult], str]

RENDERERS: dict[str, Renderer] = {
    "terminal": render_terminal,
    "md": render_markdown,
    "csv": render_csv,
    "json": render_json,
    "latex": render_latex,
    "html": render_html,
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def render(result: RunResult, fmt: str) -> str:
    """``result`` in format ``fmt`` (one of :data:`FORMATS`)."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise InputError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})") from None
    return renderer(result)
