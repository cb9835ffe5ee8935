"""Command line: parse flags into a :class:`RunConfig`, call :func:`run`, report."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from sumbench.errors import EXIT_INPUT, EXIT_REGRESSION, InputError, SumbenchError
from sumbench.formats import FORMATS, render
from sumbench.fsio import atomic_write_bytes, atomic_write_text, check_output_dir
from sumbench.pipeline import RunConfig, run
from sumbench.regress import (
    DEFAULT_TOLERANCE,
    Snapshot,
    baseline_document,
    compare,
    read_json,
    render_comparison,
    require_comparable,
    snapshot,
)
from sumbench.report import render_pairwise, render_terminal, write_results
from sumbench.results import RunResult, load_results
from sumbench.scoring import MULTI_REF_RULES, ROUGE_TYPES, ScoringConfig
from sumbench.stats import StatsConfig
from sumbench.summarizers import REGISTRY

DEFAULT_BASELINE = Path("baselines/seeds.json")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def _systems(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


def _add_run_options(cmd: argparse.ArgumentParser, *, systems_default: object) -> None:
    """Options that define a run (shared by ``run`` and ``check``)."""
    cmd.add_argument("--docs", type=Path, default=Path("seeds"), help="documents folder")
    cmd.add_argument("--refs", type=Path, default=Path("references"), help="references folder")
    cmd.add_argument(
        "--systems", type=_systems, default=systems_default, help="comma-separated system names"
    )
    cmd.add_argument("--sentences", type=int, default=3, metavar="K", help="sentences (3)")
    cmd.add_argument("--words", type=int, default=None, metavar="N", help="word budget")
    cmd.add_argument("--no-stem", action="store_true", help="score without Porter stemming")
    cmd.add_argument("--multi-ref", choices=MULTI_REF_RULES, default="max")
    cmd.add_argument("--seed", type=int, default=0, help="seed of random and statistics (0)")
    cmd.add_argument("--bootstrap", type=int, default=1000, metavar="N", help="resamples")
    cmd.add_argument("--confidence", type=float, default=0.95, help="interval level (0.95)")
    cmd.add_argument(
        "--trials", type=int, default=10000, help="randomization trials beyond 12 documents"
    )


def build_parser() -> argparse.ArgumentParser:
    """The ``sumbench`` argument parser with its subcommands."""
    parser = _Parser(prog="sumbench", description="Evaluate extractive summarizers with ROUGE.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run_cmd = commands.add_parser("run", help="summarize and score a corpus")
    _add_run_options(run_cmd, systems_default=tuple(REGISTRY))
    run_cmd.add_argument("--out", type=Path, default=Path("results"), help="results folder")
    run_cmd.add_argument("--pairwise", action="store_true", help="print the pairwise tests")
    run_cmd.add_argument(
        "--format", choices=FORMATS, default="terminal", help="what to print (terminal)"
    )

    report = commands.add_parser("report", help="render a results.json in another format")
    report.add_argument("results", type=Path, help="a results.json")
    report.add_argument("--format", choices=FORMATS, default="md", help="output format (md)")
    report.add_argument("--output", type=Path, help="write this file (default: stdout)")

    plot = commands.add_parser("plot", help="draw the charts of a results.json (PNG and SVG)")
    plot.add_argument("results", type=Path, help="a results.json")
    plot.add_argument("--output", type=Path, help="folder (default: plots/ next to the file)")

    commands.add_parser("systems", help="list the registered systems")

    baseline = commands.add_parser("baseline", help="manage regression baselines")
    actions = baseline.add_subparsers(dest="action", required=True, parser_class=_Parser)
    save = actions.add_parser("save", help="store a results.json as a baseline")
    save.add_argument("--from", dest="source", type=Path, default=Path("results/results.json"))
    save.add_argument("--to", dest="target", type=Path, default=DEFAULT_BASELINE)

    check = commands.add_parser("check", help="compare results with a baseline (CI gate)")
    check.add_argument("--baseline", type=Path, required=True, help="baseline file")
    check.add_argument("--results", type=Path, help="a results.json (default: run now)")
    _add_run_options(check, systems_default=None)
    check.add_argument("--out", type=Path, help="also write this run's results here")
    check.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE, help="F (0.005)")
    check.add_argument("--metrics", type=_systems, default=ROUGE_TYPES, help="ROUGE types")
    check.add_argument("--significance", action="store_true", help="drops must be significant")
    check.add_argument("--report", type=Path, help="write the Markdown report here")
    return parser


def _config(args: argparse.Namespace) -> RunConfig:
    """The run configuration that the run options describe."""
    return RunConfig(
        docs=args.docs,
        refs=args.refs,
        # An empty list (``--systems ,``) is an error, not a request for every system.
        systems=tuple(REGISTRY) if args.systems is None else args.systems,
        sentences=args.sentences,
        words=args.words,
        scoring=ScoringConfig(stem=not args.no_stem, multi_ref=args.multi_ref),
        seed=args.seed,
        stats=_stats(args),
    )


def _stats(args: argparse.Namespace) -> StatsConfig:
    return StatsConfig(resamples=args.bootstrap, confidence=args.confidence, trials=args.trials)


def _cmd_run(args: argparse.Namespace) -> int:
    config = _config(args)
    check_output_dir(args.out)  # fail before the work, not after it
    result = run(config)
    write_results(result, args.out)
    print(_printed(result, args.format))
    if args.pairwise:
        print(render_pairwise(result))
    print(f"wrote {args.out}/results.json, results.csv, results.md, report.html, summaries/")
    return 0


def _printed(result: RunResult, fmt: str) -> str:
    """``result`` as stdout shows it: the terminal table fits a real terminal."""
    if fmt != "terminal":
        return render(result, fmt).rstrip("\n")
    if sys.stdout.isatty():
        return render_terminal(result, width=shutil.get_terminal_size().columns, fancy=True)
    return render_terminal(result)  # CI logs: plain ASCII, every column


def _cmd_report(args: argparse.Namespace) -> int:
    if args.output is not None and args.output.is_dir():
        raise InputError(f"--output {args.output} is a folder; give a file name")
    result = load_results(args.results)
    if args.output is None:
        print(_printed(result, args.format))
        return 0
    try:
        atomic_write_text(args.output, render(result, args.format))
    except OSError as exc:
        raise InputError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    print(f"wrote {args.output}")
    return 0


def _cmd_plot(args: argparse.Namespace) -> int:
    from sumbench.plots import plot_files  # matplotlib loads only when charts are drawn

    folder = args.output if args.output is not None else args.results.parent / "plots"
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--output {folder} exists and is not a folder")
    files = plot_files(load_results(args.results))
    try:
        for name, data in files.items():
            atomic_write_bytes(folder / name, data)
    except OSError as exc:
        raise InputError(f"cannot write to {folder}: {exc.strerror or exc}") from exc
    print(f"wrote {', '.join(str(folder / name) for name in files)}")
    return 0


def _cmd_systems(_: argparse.Namespace) -> int:
    width = max(len(name) for name in REGISTRY)
    for name, system in REGISTRY.items():
        print(f"{name.ljust(width)}  {system.description}")
    return 0


def _cmd_baseline(args: argparse.Namespace) -> int:
    document = baseline_document(read_json(args.source))
    atomic_write_text(args.target, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"saved baseline {args.target} from {args.source}")
    return 0


def _current(args: argparse.Namespace) -> Snapshot:
    """The results to check: a results.json, or a run made now."""
    if args.results is not None:
        return snapshot(read_json(args.results), source=str(args.results))
    if args.out is not None:
        check_output_dir(args.out)
    result = run(_config(args))
    if args.out is not None:
        write_results(result, args.out)
    return snapshot(result.as_dict(), source="this run")


def _cmd_check(args: argparse.Namespace) -> int:
    if args.tolerance < 0:
        raise InputError(f"--tolerance must not be negative (got {args.tolerance})")
    ScoringConfig(rouge_types=tuple(args.metrics))  # validates the names
    base = snapshot(read_json(args.baseline), source=str(args.baseline))
    now = _current(args)
    require_comparable(base, now, baseline_name=str(args.baseline))
    outcome = compare(
        base,
        now,
        tolerance=args.tolerance,
        metrics=tuple(args.metrics),
        systems=args.systems,
        significance=_stats(args) if args.significance else None,
    )
    report = render_comparison(outcome, tolerance=args.tolerance)
    if args.report is not None:
        atomic_write_text(args.report, report)
    print(report)
    return EXIT_REGRESSION if outcome.regressed else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``sumbench`` command; returns the exit code."""
    args = build_parser().parse_args(argv)
    handler = {
        "run": _cmd_run,
        "report": _cmd_report,
        "plot": _cmd_plot,
        "systems": _cmd_systems,
        "baseline": _cmd_baseline,
        "check": _cmd_check,
    }[args.command]
    try:
        return handler(args)
    except SumbenchError as exc:
        print(f"sumbench: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sumbench: interrupted; previous results left untouched", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
