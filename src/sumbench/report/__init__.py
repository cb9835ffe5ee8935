"""The renderers of a :class:`~sumbench.results.RunResult`, by format name.

A registry: ``sumbench report --format`` and ``run --format`` look renderers up here.
Each is imported only when used, so that this package never imports matplotlib
unless a chart is drawn (``html`` and ``plot``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from sumbench.errors import InputError
from sumbench.results import RunResult

Renderer = Callable[[RunResult], str]

# Format name -> "module:function" of its renderer.
RENDERERS: dict[str, str] = {
    "terminal": "sumbench.report.text:render_terminal",
    "md": "sumbench.report.text:render_markdown",
    "csv": "sumbench.report.text:render_csv",
    "json": "sumbench.report.text:render_json",
    "latex": "sumbench.report.latex:render_latex",
    "html": "sumbench.report.html:render_html",
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def renderer(fmt: str) -> Renderer:
    """The renderer of format ``fmt`` (one of :data:`FORMATS`)."""
    try:
        module, _, name = RENDERERS[fmt].partition(":")
    except KeyError:
        raise InputError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})") from None
    function: Renderer = getattr(importlib.import_module(module), name)
    return function


def render(result: RunResult, fmt: str) -> str:
    """``result`` in format ``fmt`` (one of :data:`FORMATS`)."""
    return renderer(fmt)(result)


# A file's text, whole or in pieces (written one after another: a long run's results).
Content = str | Iterable[str]


def output_files(
    result: RunResult, *, html: Callable[[RunResult], str] | None = None
) -> Iterator[tuple[str, Content]]:
    """Every file of a results folder: (relative path, text), the long ones in pieces.

    A generator, so that a run of any length is written without being held as text.
    ``html(result)`` may supply the report page (a cached one: drawing its charts costs
    more than all the rest of a warm run).
    """
    from sumbench.report.jsonio import results_json_chunks
    from sumbench.report.text import csv_chunks

    yield "results.json", results_json_chunks(result)
    yield "results.csv", csv_chunks(result)
    yield "results.md", render(result, "md")
    yield "report.html", render(result, "html") if html is None else html(result)
    for doc in result.documents:
        text = "".join(f"{sentence}\n" for sentence in doc.summary)
        yield f"summaries/{doc.system}/{doc.doc_id}.txt", text


def joined(files: Iterable[tuple[str, Content]]) -> dict[str, str]:
    """Files as ``{relative path: text}``, pieces joined (for a caller that needs them all)."""
    return {name: c if isinstance(c, str) else "".join(c) for name, c in files}


def write_results(result: RunResult, out: Path) -> None:
    """Replace folder ``out`` with a run's files, as ``sumbench run`` writes them."""
    from sumbench.engine.writer import write_results as write

    write(result, out)
