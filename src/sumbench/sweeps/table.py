"""The table of a sweep: one row per point x system x ROUGE type, as JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sumbench.results import RunResult
from sumbench.sweeps.grid import Point, Value


@dataclass(frozen=True)
class SweepRow:
    """One system's mean scores at one point for one ROUGE type, with F's interval."""

    point: str
    overrides: tuple[tuple[str, Value], ...]
    system: str
    rouge_type: str
    precision: float
    recall: float
    fmeasure: float
    interval: tuple[float, float] | None
    words: float

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "point": self.point,
            "options": dict(self.overrides),
            "system": self.system,
            "rouge_type": self.rouge_type,
            "precision": self.precision,
            "recall": self.recall,
            "fmeasure": self.fmeasure,
            "interval": None if self.interval is None else list(self.interval),
            "words": self.words,
        }


def sweep_rows(points: Sequence[Point], results: Sequence[RunResult]) -> tuple[SweepRow, ...]:
    """The rows of every point in grid order, systems in run order, ROUGE types as configured."""
    rows = []
    for point, result in zip(points, results, strict=True):
        for system in result.systems:
            for metric in result.config.scoring.rouge_types:
                score = system.scores[metric]
                rows.append(
                    SweepRow(
                        point=point.name,
                        overrides=point.overrides,
                        system=system.name,
                        rouge_type=metric,
                        precision=score.precision,
                        recall=score.recall,
                        fmeasure=score.fmeasure,
                        interval=system.intervals.get(metric),
                        words=system.words,
                    )
                )
    return tuple(rows)


def render_json(rows: Sequence[SweepRow]) -> str:
    """``sweep.json``: the rows as a list of objects."""
    return json.dumps({"rows": [r.as_dict() for r in rows]}, indent=2, allow_nan=False) + "\n"


def _keys(rows: Sequence[SweepRow]) -> list[str]:
    return sorted({key for r in rows for key, _ in r.overrides})


def _value(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


HEADER = ("system", "rouge_type", "precision", "recall", "fmeasure", "low", "high", "words")


def render_csv(rows: Sequence[SweepRow]) -> str:
    """``sweep.csv``: point, one column per swept option, then the numbers at full precision."""
    from sumbench.textsafe import csv_cell

    keys = _keys(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["point", *keys, *HEADER])
    for r in rows:
        options = dict(r.overrides)
        low, high = r.interval if r.interval is not None else (math.nan, math.nan)
        numbers = (r.precision, r.recall, r.fmeasure, low, high, r.words)
        writer.writerow(
            [
                csv_cell(r.point),
                *(_csv_option(options[k]) if k in options else "" for k in keys),
                csv_cell(r.system),
                r.rouge_type,
                *("" if math.isnan(n) else repr(n) for n in numbers),
            ]
        )
    return buffer.getvalue()


def _csv_option(value: Value) -> str:
    from sumbench.textsafe import csv_cell

    # Numbers stay numbers (-0.1 is not a formula); text is made inert.
    return csv_cell(value) if isinstance(value, str) else _value(value)


def render_markdown(rows: Sequence[SweepRow]) -> str:
    """``sweep.md``: F x100 with its interval and mean words, one line per row."""
    from sumbench.textsafe import markdown_cell

    keys = _keys(rows)
    lines = [
        "| " + " | ".join([*keys, "system", "ROUGE", "F", "interval", "words"]) + " |",
        "|" + "---|" * len(keys) + "---|---|---:|---|---:|",
    ]
    for r in rows:
        options = dict(r.overrides)
        interval = (
            "-" if r.interval is None else f"{100 * r.interval[0]:.2f}-{100 * r.interval[1]:.2f}"
        )
        cells = [markdown_cell(_value(options[k])) if k in options else "" for k in keys]
        cells += [markdown_cell(r.system), r.rouge_type, f"{100 * r.fmeasure:.2f}", interval]
        cells.append(f"{r.words:.1f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
