"""One function per command: read the parsed flags, call one library function, print."""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from sumbench.cli.parser import flag_settings
from sumbench.errors import EXIT_INCOMPLETE, EXIT_REGRESSION, InputError
from sumbench.experiment import load_experiment
from sumbench.results import RunResult
from sumbench.textsafe import printable, printable_lines


def _config_path(args: argparse.Namespace) -> object:
    return args.config if "config" in args else None


def _quiet_datasets(args: argparse.Namespace) -> None:
    # Hugging Face datasets draws its own progress bars; read when datasets is imported.
    if "quiet" in args:
        os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")


def cmd_run(args: argparse.Namespace) -> int:
    """``sumbench run``: the experiment, run and written by the library; tables printed."""
    from sumbench.engine.pipeline import run

    _quiet_datasets(args)
    config = load_experiment(_config_path(args), **flag_settings(args))  # type: ignore[arg-type]
    quiet = "quiet" in args
    result = run(config, progress=not quiet and sys.stderr.isatty())
    if not quiet and config.cache_dir is not None:
        done = result.cache_stats
        print(
            f"cache {config.cache_dir}: {done.reused} reused, {done.computed} computed",
            file=sys.stderr,
        )
    fmt = getattr(args, "format", "terminal")
    print(printed(result, fmt))
    if "pairwise" in args:
        from sumbench.report.text import render_pairwise

        print(render_pairwise(result))
    if result.clusters is not None:
        print()
        print(printed(result.clusters, fmt))
    extra = ", multi/" if result.clusters is not None else ""
    print(
        printable(
            f"wrote {config.out}/results.json, results.csv, results.md, report.html,"
            f" summaries/{extra}"
        )
    )
    failed = [*result.failures, *(result.clusters.failures if result.clusters else ())]
    if failed:
        print(
            f"sumbench: {len(failed)} system failure(s): results are incomplete"
            " (see 'failures' in results.json)",
            file=sys.stderr,
        )
        return EXIT_INCOMPLETE
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    """``sumbench sweep``: every grid point run and written by the library; a summary printed."""
    from sumbench.sweeps.grid import parse_list, parse_param_list
    from sumbench.sweeps.run import load_sweep, sweep

    lists = {}
    for option in ("sentences", "words"):
        if f"sweep_{option}" in args:
            lists[option] = parse_list(option, getattr(args, f"sweep_{option}"))
    for text in getattr(args, "sweep_params", []):
        key, values = parse_param_list(text)
        lists[key] = values
    config = load_sweep(_config_path(args), lists, **flag_settings(args))  # type: ignore[arg-type]
    quiet = "quiet" in args
    result = sweep(config, progress=not quiet and sys.stderr.isatty())
    if not quiet:
        reused = sum(r.cache_stats.reused for r in result.results)
        computed = sum(r.cache_stats.computed for r in result.results)
        print(f"cache: {reused} reused, {computed} computed", file=sys.stderr)
    from sumbench.sweeps.table import render_markdown

    print(render_markdown(result.rows).rstrip("\n"))
    if config.out is not None:
        names = ", ".join(f"{p.name}/" for p in result.points)
        print(
            f"wrote {config.out}/sweep.json, sweep.csv, sweep.md, sweep.png, sweep.svg,"
            f" report.html, {names}"
        )
    failed = [f for r in result.results for f in r.failures]
    if failed:
        print(f"sumbench: {len(failed)} system failure(s): results are incomplete", file=sys.stderr)
        return EXIT_INCOMPLETE
    return 0


def printed(result: RunResult, fmt: str) -> str:
    """``result`` as stdout shows it: the terminal table fits a real terminal."""
    from sumbench.report import render
    from sumbench.report.text import render_terminal

    if fmt != "terminal":
        text = render(result, fmt).rstrip("\n")
        # JSON, CSV, LaTeX and HTML keep their bytes in a pipe; a terminal sees them escaped.
        return printable_lines(text) if sys.stdout.isatty() else text
    if sys.stdout.isatty():
        return render_terminal(result, width=shutil.get_terminal_size().columns, fancy=True)
    return render_terminal(result)  # CI logs: plain ASCII, every column


def cmd_report(args: argparse.Namespace) -> int:
    """``sumbench report``: a results.json rendered in another format."""
    from sumbench.fsio import atomic_write_text
    from sumbench.report import render
    from sumbench.results import load_results

    if args.output is not None and args.output.is_dir():
        raise InputError(f"--output {args.output} is a folder; give a file name")
    result = load_results(args.results)
    if args.output is None:
        print(printed(result, args.format))
        return 0
    try:
        atomic_write_text(args.output, render(result, args.format))
    except OSError as exc:
        raise InputError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    print(printable(f"wrote {args.output}"))
    return 0


def cmd_plot(args: argparse.Namespace) -> int:
    """``sumbench plot``: the charts of a results.json."""
    from sumbench.report.plots import write_plots  # matplotlib loads only when charts are drawn

    written = write_plots(args.results, args.output)
    print(printable(f"wrote {', '.join(str(path) for path in written)}"))
    return 0


def cmd_systems(_: argparse.Namespace) -> int:
    """``sumbench systems``: built-in systems and installed plugins."""
    from sumbench.systems.registry import listing

    rows = listing()
    width = max(len(name) for name, _ in rows)
    for name, description in rows:
        print(printable(f"{name.ljust(width)}  {description}"))  # plugins' own words
    return 0


def cmd_segmenters(_: argparse.Namespace) -> int:
    """``sumbench segmenters``: the registry, the default marked (imports no library)."""
    from sumbench.systems.segmenters import DEFAULT_SEGMENTER, SEGMENTERS

    width = max(map(len, SEGMENTERS))
    for name in sorted(SEGMENTERS):
        mark = "*" if name == DEFAULT_SEGMENTER else " "
        print(f"{mark} {name.ljust(width)}  {SEGMENTERS[name].description}")
    print("(* the default; the libraries other than sentencex: pip install 'sumbench[bench]')")
    return 0


def cmd_baseline(args: argparse.Namespace) -> int:
    """``sumbench baseline save``."""
    from sumbench.gate import save_baseline

    save_baseline(args.source, args.target)
    print(printable(f"saved baseline {args.target} from {args.source}"))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """``sumbench check``: the CI gate; exit 1 on a regression."""
    from sumbench.fsio import atomic_write_text
    from sumbench.gate import check
    from sumbench.report.comparison import render_comparison

    _quiet_datasets(args)
    settings = flag_settings(args)
    if "out" not in args:
        settings["out"] = None  # a check writes results only when asked to
    outcome = check(
        args.baseline,
        load_experiment(_config_path(args), **settings),  # type: ignore[arg-type]
        results=getattr(args, "results", None),
        tolerance=args.tolerance,
        systems=settings.get("systems"),
        significance="significance" in args,
    )
    report = render_comparison(outcome, tolerance=args.tolerance)
    if "report" in args:
        atomic_write_text(args.report, report)
    print(report)
    return EXIT_REGRESSION if outcome.regressed else 0


def cmd_correlate(args: argparse.Namespace) -> int:
    """``sumbench correlate``: score the judged summaries, correlate, print the tables."""
    from sumbench.meta import correlate, load_correlate
    from sumbench.report.correlations import render_terminal

    settings = flag_settings(args)
    settings.setdefault("out", None)  # written only when asked: never over run's results/
    config = load_correlate(_config_path(args), **settings)  # type: ignore[arg-type]
    quiet = "quiet" in args
    result = correlate(config, progress=not quiet and sys.stderr.isatty())
    if not quiet and config.run.cache_dir is not None:
        done = result.cache_stats
        print(
            f"cache {config.run.cache_dir}: {done.reused} reused, {done.computed} computed",
            file=sys.stderr,
        )
    print(render_terminal(result))
    if config.run.out is not None:
        print(f"wrote {config.run.out}/correlations.json, .csv, .md, .html, .png, .svg")
    return 0


COMMANDS = {
    "correlate": cmd_correlate,
    "run": cmd_run,
    "sweep": cmd_sweep,
    "report": cmd_report,
    "plot": cmd_plot,
    "systems": cmd_systems,
    "segmenters": cmd_segmenters,
    "baseline": cmd_baseline,
    "check": cmd_check,
}
