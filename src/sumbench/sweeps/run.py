"""``sweep(config) -> SweepResult``: one run per grid point, then the table, plot and page.

Each point is an ordinary run (:func:`sumbench.run`) with the point's options applied to
the experiment's settings, so its folder ``OUT/<point>/`` holds exactly what
``sumbench run`` with those options writes. Points run one after another through the
same cache; points that differ only in K are computed together first
(:mod:`sumbench.sweeps.shared`), so the runs find their results there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sumbench.engine.config import RunConfig
from sumbench.errors import InputError
from sumbench.outdir import MARKER, MARKER_TEXT
from sumbench.results import RunResult
from sumbench.sweeps.grid import Point, Value, expand, merge
from sumbench.sweeps.table import SweepRow, sweep_rows

# The settings a sweep may vary: those that change what a run computes or reports.
SWEEPABLE = (
    "sentences",
    "words",
    "stem",
    "multi_ref",
    "seed",
    "language",
    "rouge_tokenizer",
    "bootstrap",
    "confidence",
    "trials",
    "params",
)


@dataclass(frozen=True)
class SweepConfig:
    """The runs of a sweep, one per grid point, and the folder they go to (None: none)."""

    runs: tuple[tuple[Point, RunConfig], ...]
    out: Path | None = None

    def __post_init__(self) -> None:
        if not self.runs:
            raise InputError("a sweep needs at least one grid point")


@dataclass(frozen=True)
class SweepResult:
    """Every point's run result, and the table across them (point x system x ROUGE type)."""

    points: tuple[Point, ...]
    results: tuple[RunResult, ...]
    rows: tuple[SweepRow, ...]


def load_sweep(
    path: Path | str | None,
    flags: Mapping[str, Sequence[Value]] | None = None,
    **overrides: Any,
) -> SweepConfig:
    """The sweep of an experiment file's ``[sweep]`` table, ``flags`` lists replacing its keys.

    ``overrides`` are settings as :func:`sumbench.load_experiment` takes them, applied to
    every point before the point's own options.
    """
    from sumbench.corpus.checks import read_toml
    from sumbench.experiment import SWEEP_TABLE, load_experiment

    table: Mapping[str, Any] = {}
    if path is not None:
        table = read_toml(Path(path)).get(SWEEP_TABLE, {})
        if not isinstance(table, Mapping):
            raise InputError(f"{path}: [{SWEEP_TABLE}] must be a table")
    points = expand(merge(table, flags or {}), SWEEPABLE)
    base = load_experiment(path, **overrides)
    runs = []
    for point in points:
        settings = {**overrides, **point.options()}
        if point.params():
            params = {s: dict(v) for s, v in settings.get("params", {}).items()}
            for system, attr, value in point.params():
                params.setdefault(system, {})[attr] = value
            settings["params"] = params
        runs.append((point, replace(load_experiment(path, **settings), out=None, multi=False)))
    return SweepConfig(tuple(runs), out=base.out)


def sweep(config: SweepConfig, *, progress: bool = False) -> SweepResult:
    """Run every point of the sweep; with ``config.out``, write the sweep's folder."""
    if config.out is not None:
        from sumbench.outdir import check_output_dir

        check_output_dir(config.out, inputs=_inputs(config), snapshot=False)  # before the work
    results = tuple(_run_points([c for _, c in config.runs], progress=progress))
    points = tuple(p for p, _ in config.runs)
    done = SweepResult(points, results, sweep_rows(points, results))
    if config.out is not None:
        from sumbench.outdir import write_tree

        write_tree(config.out, sweep_files(done, config), inputs=_inputs(config))
    return done


def _run_points(configs: list[RunConfig], *, progress: bool) -> list[RunResult]:
    """Each configuration's run, in order; the points that differ only in K computed together."""
    from sumbench.engine.inputs import load_input
    from sumbench.engine.pipeline import resolve_systems, run
    from sumbench.sweeps.shared import groups, prefill

    corpora = {}
    for group in groups(configs):
        corpus = load_input(group[0])  # read once for the group
        prefill(group, corpus, resolve_systems(group[0]), progress=progress)
        corpora.update({id(c): corpus for c in group})
    return [run(c, corpus=corpora[id(c)], progress=progress) for c in configs]


def _inputs(config: SweepConfig) -> tuple[Path, ...]:
    return tuple(sorted({p for _, c in config.runs for p in c.input_paths()}))


def sweep_files(result: SweepResult, config: SweepConfig) -> dict[str, str | bytes]:
    """Every file of a sweep's folder: the points' results folders, table, plot and page."""
    from sumbench.engine.writer import result_files
    from sumbench.report import joined
    from sumbench.report.sweep_page import render_sweep_html
    from sumbench.report.sweep_plot import sweep_plot_files
    from sumbench.sweeps.table import render_csv, render_json, render_markdown

    files: dict[str, str | bytes] = {}
    for (point, run_config), run_result in zip(config.runs, result.results, strict=True):
        own = joined(result_files(run_result, cache_dir=run_config.cache_dir))
        files.update({f"{point.name}/{name}": text for name, text in own.items()})
        files[f"{point.name}/{MARKER}"] = MARKER_TEXT  # what `sumbench run` leaves there
    plots = sweep_plot_files(result)
    files.update(plots)
    files["sweep.json"] = render_json(result.rows)
    files["sweep.csv"] = render_csv(result.rows)
    files["sweep.md"] = render_markdown(result.rows)
    files["report.html"] = render_sweep_html(result, plots["sweep.svg"])
    return files
