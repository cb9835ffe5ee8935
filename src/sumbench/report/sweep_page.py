"""The HTML page of a sweep: its table and its chart, self-contained, under the same CSP.

Like :mod:`sumbench.report.html`: inline CSS, the chart as a base64 SVG data URL, every
text through :func:`html.escape`, no request allowed by the Content-Security-Policy.
"""

from __future__ import annotations

import base64
from html import escape
from typing import TYPE_CHECKING

from sumbench.report.html import page
from sumbench.report.tables import LABELS

if TYPE_CHECKING:
    from sumbench.sweeps.run import SweepResult


def render_sweep_html(result: SweepResult, svg: bytes) -> str:
    """``report.html`` of a sweep folder: one table row per point x system x ROUGE type."""
    keys = sorted({k for r in result.rows for k, _ in r.overrides})
    head = [*keys, "system", "ROUGE", "F x100", "interval", "words", "results"]
    rows = []
    for r in result.rows:
        options = dict(r.overrides)
        interval = (
            "-" if r.interval is None else f"{100 * r.interval[0]:.2f}-{100 * r.interval[1]:.2f}"
        )
        cells = [escape(str(options.get(k, ""))) for k in keys]
        cells += [escape(r.system), escape(LABELS.get(r.rouge_type, r.rouge_type))]
        cells += [f"{100 * r.fmeasure:.2f}", interval, f"{r.words:.1f}"]
        link = f'<a href="{escape(r.point)}/report.html">{escape(r.point)}</a>'
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + f"<td>{link}</td></tr>")
    data = base64.b64encode(svg).decode("ascii")
    alt = "ROUGE F against mean summary length in words, one line per system"
    body = [
        "<h1>sumbench sweep</h1>",
        f"<p>{len(result.points)} grid point(s); each links to its own results folder.</p>",
        f'<figure><img src="data:image/svg+xml;base64,{data}" alt="{escape(alt)}"></figure>',
        "<table>",
        "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
    ]
    return page("sumbench sweep", body)
