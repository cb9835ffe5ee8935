"""One self-contained HTML page of a run: tables, charts, and every document with its summaries.

Everything is inline (CSS, charts as base64 SVG data URLs) and the page carries a
Content-Security-Policy that forbids any request, so it opens offline and leaks nothing.
All text goes through :func:`escape`: :func:`html.escape`, with control characters
(an id's ESC, BEL) shown escaped, so that even ``cat report.html`` stays inert.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from html import escape as html_escape

from sumbench.report.tables import (
    BEST_MARK,
    MAX_DOCUMENT_ROWS,
    document_rows,
    label,
    ordered_systems,
    per_document_metric,
    table_notes,
    table_rows,
)
from sumbench.results import RunResult, Source
from sumbench.textsafe import printable_lines


def escape(text: str) -> str:
    """Text for HTML: markup characters escaped, controls but tab and LF shown as ``\\x1b``."""
    return html_escape(printable_lines(text))


CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
# Colour-blind-friendly palette (Okabe-Ito, then Tol), cycled over systems.
PALETTE = (
    "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00",
    "#cc79a7", "#88ccee", "#44aa99", "#999933", "#aa4499", "#dddddd",
)  # fmt: skip

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #2f6db5; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
       color: var(--ink); background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 40px 0 12px; padding-bottom: 6px;
     border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 0; display: inline; }
code, pre { font: 12px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
.signature { background: var(--soft); border: 1px solid var(--line); border-radius: 6px;
             padding: 8px 12px; overflow-wrap: anywhere; color: var(--muted); }
.warning { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px;
           padding: 8px 12px; margin: 12px 0; }
table { border-collapse: collapse; margin: 8px 0; font-size: 14px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { background: var(--soft); text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.upper td { color: var(--muted); background: repeating-linear-gradient(
              135deg, #fff 0 6px, #f3f3f3 6px 12px); }
.best { font-weight: 600; color: var(--accent); }
.notes { color: var(--muted); font-size: 13px; padding-left: 20px; }
.scroll { overflow-x: auto; }
figure { margin: 16px 0; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; }
figcaption { color: var(--muted); font-size: 13px; }
details { border: 1px solid var(--line); border-radius: 6px; margin: 12px 0; }
summary { padding: 10px 14px; background: var(--soft); cursor: pointer; }
.doc { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 24px;
       padding: 14px; }
.sentences { margin: 0; padding-left: 28px; }
.sentences li { margin: 0 0 6px; padding: 2px 6px; border-radius: 4px; }
.sentences li.picked { background: rgba(47, 109, 181, var(--share)); }
.chips { display: inline-flex; flex-wrap: wrap; gap: 3px; margin-left: 6px; vertical-align: 1px; }
.chip { font-size: 11px; line-height: 16px; padding: 0 6px; border-radius: 8px; color: #111;
        border: 1px solid rgba(0, 0, 0, .15); }
.chip.upper { background: repeating-linear-gradient(135deg, #fff 0 3px, #ccc 3px 6px); }
.legend { margin: 8px 0; }
.refs h4 { margin: 0 0 4px; font-size: 13px; color: var(--muted); }
.refs blockquote { margin: 0 0 12px; padding: 6px 10px; background: var(--soft);
                   border-left: 3px solid var(--accent); white-space: pre-wrap; font-size: 14px; }
dl.config { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
dl.config dt { color: var(--muted); }
dl.config dd { margin: 0; font: 13px ui-monospace, "DejaVu Sans Mono", monospace; }
"""


def render_html(result: RunResult) -> str:
    """The whole report as one HTML document."""
    colours = system_colours(result)
    body = [
        "<h1>sumbench report</h1>",
        f'<p class="signature"><code>{escape(result.signature.format())}</code></p>',
        *(f'<p class="warning">Warning: {escape(w)}</p>' for w in result.warnings),
        "<h2>Results</h2>",
        _results_table(result),
        _notes(table_notes(result)),
        "<h2>Charts</h2>",
        _charts(result),
        "<h2>Per document</h2>",
        _plain_table(document_rows(result)),
        "<h2>Documents and summaries</h2>",
        _documents(result, colours),
        "<h2>Configuration</h2>",
        _config(result),
    ]
    return page("sumbench report", body)


def page(title: str, body: list[str]) -> str:
    """A self-contained HTML page: inline CSS, and a CSP that forbids every request."""
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
    ]
    return "\n".join([*head, "<body>", "<main>", *body, "</main>", "</body>", "</html>", ""])


def system_colours(result: RunResult) -> dict[str, str]:
    """A highlight colour per system, in table order."""
    return {s.name: PALETTE[i % len(PALETTE)] for i, s in enumerate(ordered_systems(result))}


def _cell(tag: str, text: str, *, numeric: bool) -> str:
    cls = ' class="num"' if numeric else ""
    return f"<{tag}{cls}>{escape(text)}</{tag}>"


def _results_table(result: RunResult) -> str:
    header, *rows = table_rows(result)
    upper = [s.upper_bound for s in ordered_systems(result)]
    lines = [
        "<tr>" + "".join(_cell("th", h, numeric=i > 0) for i, h in enumerate(header)) + "</tr>"
    ]
    for row, is_upper in zip(rows, upper, strict=True):
        cells = [
            f'<td class="num best">{escape(c)}</td>'
            if i > 0 and c.endswith(f" {BEST_MARK}")
            else _cell("td", c, numeric=i > 0)
            for i, c in enumerate(row)
        ]
        cls = ' class="upper"' if is_upper else ""
        lines.append(f"<tr{cls}>{''.join(cells)}</tr>")
    return '<div class="scroll"><table>' + "".join(lines) + "</table></div>"


def _plain_table(rows: Sequence[Sequence[str]]) -> str:
    header, *body = rows
    lines = [
        "<tr>" + "".join(_cell("th", h, numeric=i > 0) for i, h in enumerate(header)) + "</tr>"
    ]
    lines += [
        "<tr>" + "".join(_cell("td", c, numeric=i > 0) for i, c in enumerate(row)) + "</tr>"
        for row in body
    ]
    return '<div class="scroll"><table>' + "".join(lines) + "</table></div>"


def _notes(notes: Sequence[str]) -> str:
    return '<ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>"


def _image(svg: bytes, alt: str, caption: str) -> str:
    data = base64.b64encode(svg).decode("ascii")
    return (
        f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _charts(result: RunResult) -> str:
    from sumbench.report.plots import bar_figure, figure_bytes, heatmap_figure  # matplotlib

    level = result.level
    # ROUGE-2 unless the run has none (ROUGE-1.5.5 with -n 1).
    name = "ROUGE-" + label(per_document_metric(result)).removeprefix("R-")
    return "\n".join(
        [
            _image(
                figure_bytes(bar_figure(result), "svg"),
                "ROUGE F of every system with confidence intervals",
                f"Mean ROUGE F x100 with {level}% bootstrap intervals. Dark: best system and"
                " those not significantly worse; light: significantly worse;"
                " hatched, below the rule: upper bound.",
            ),
            _image(
                figure_bytes(heatmap_figure(result), "svg"),
                f"{name} F per document and system",
                f"{name} F x100 of every system on every document; upper bounds right of the"
                " white rule.",
            ),
        ]
    )


def _documents(result: RunResult, colours: dict[str, str]) -> str:
    if not result.sources:
        return (
            "<p>This results.json holds no document texts (made before sumbench stored them).</p>"
        )
    legend = '<p class="legend">Sentences picked by: ' + _chips(list(colours), result) + "</p>"
    shown = result.sources[:MAX_DOCUMENT_ROWS]
    parts = [
        legend,
        *(_document(src, result, colours, open_=i == 0) for i, src in enumerate(shown)),
    ]
    if len(result.sources) > len(shown):
        parts.append(f"<p>{len(result.sources) - len(shown)} more documents in results.json.</p>")
    return "\n".join(parts)


def _chips(names: Sequence[str], result: RunResult) -> str:
    colours = system_colours(result)
    upper = {s.name for s in result.systems if s.upper_bound}
    return (
        '<span class="chips">'
        + "".join(
            f'<span class="chip upper" title="upper bound">{escape(n)}</span>'
            if n in upper
            else f'<span class="chip" style="background:{colours[n]};color:{_ink(colours[n])}">'
            f"{escape(n)}</span>"
            for n in names
        )
        + "</span>"
    )


def _ink(background: str) -> str:
    """Black or white text, whichever reads better on ``background`` (``#rrggbb``)."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    return "#111" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "#fff"


def _document(source: Source, result: RunResult, colours: dict[str, str], *, open_: bool) -> str:
    pickers: dict[int, list[str]] = {}
    for doc in result.documents:
        if doc.doc_id == source.doc_id:
            for index in doc.indices:
                pickers.setdefault(index, []).append(doc.system)
    n_systems = len(result.systems)
    items = []
    for index, sentence in enumerate(source.sentences):
        names = [n for n in colours if n in pickers.get(index, [])]
        if names:
            share = f"{0.08 + 0.32 * len(names) / n_systems:.2f}"
            items.append(
                f'<li class="picked" style="--share:{share}">{escape(sentence)}'
                f"{_chips(names, result)}</li>"
            )
        else:
            items.append(f"<li>{escape(sentence)}</li>")
    refs = "".join(
        f"<h4>Reference {escape(name)}</h4><blockquote>{escape(text.strip())}</blockquote>"
        for name, text in source.references
    )
    return (
        f"<details{' open' if open_ else ''}><summary><h3>{escape(source.doc_id)}</h3>"
        f" &middot; {len(source.sentences)} sentences</summary>"
        f'<div class="doc"><ol class="sentences" start="0">{"".join(items)}</ol>'
        f'<div class="refs">{refs}</div></div></details>'
    )


def _config(result: RunResult) -> str:
    fields = "".join(
        f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>" for key, value in result.signature.fields
    )
    config = json.dumps(result.config.as_dict(), indent=2, ensure_ascii=False)
    return (
        f'<dl class="config">{fields}</dl>'
        f"<details><summary>Run configuration (JSON)</summary><pre>{escape(config)}</pre></details>"
    )
