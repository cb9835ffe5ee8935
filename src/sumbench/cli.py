"""Command line: parse flags into a :class:`RunConfig`, call :func:`run`, report.

Settings come from three layers: built-in defaults, an experiment file (``--config``
or ``[tool.sumbench]`` in ``./pyproject.toml``), then the flags actually given.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from sumbench.cache import DEFAULT_CACHE_DIR
from sumbench.config_file import discover, load_settings
from sumbench.corpus_jsonl import JsonlFields
from sumbench.errors import (
    EXIT_INCOMPLETE,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_REGRESSION,
    InputError,
    SumbenchError,
)
from sumbench.formats import FORMATS, render
from sumbench.fsio import atomic_write_bytes, atomic_write_text, check_output_dir
from sumbench.pipeline import RunConfig, run
from sumbench.plugins import installed_plugins
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
from sumbench.report import output_files, render_pairwise, render_terminal, write_files
from sumbench.results import RunResult, load_results
from sumbench.scoring import MULTI_REF_RULES, ROUGE_TYPES, ScoringConfig
from sumbench.stats import StatsConfig
from sumbench.summarizers import REGISTRY
from sumbench.tokenize import TOKENIZERS

DEFAULTS: dict[str, Any] = {
    "docs": "seeds",
    "refs": "references",
    "out": "results",
    "systems": list(REGISTRY),
    "sentences": 3,
    "words": None,
    "stem": True,
    "multi_ref": "max",
    "seed": 0,
    "language": "english",
    "rouge_tokenizer": "default",
    "metrics": list(ROUGE_TYPES),
    "allow_missing": False,
    "multi": False,
    "clusters": None,
    "system_dirs": {},
    "plugins": {},
    "params": {},
    "jsonl": {},
    "bootstrap": 1000,
    "confidence": 0.95,
    "trials": 10000,
    "jobs": None,
    "cache_dir": None,  # DEFAULT_CACHE_DIR, looked up when used
    "no_cache": False,
    "timeout": None,
    "fail_fast": False,
}
MULTI_DIR = "multi"
DEFAULT_BASELINE = Path("baselines/seeds.json")
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a tool killed by it
# Flags that steer a command rather than describe a run.
_NOT_SETTINGS = (
    "command",
    "config",
    "pairwise",
    "format",
    "quiet",
    "baseline",
    "results",
    "tolerance",
    "significance",
    "report",
)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def _pair(value: str) -> tuple[str, str]:
    name, sep, rest = value.partition("=")
    if not sep or not name.strip() or not rest.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {value!r}")
    return name.strip(), rest.strip()


def parse_value(text: str) -> Any:
    """A parameter value: a JSON literal if it parses as one (0.2, true, [1]), else a string."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _param(value: str) -> tuple[str, str, Any]:
    key, text = _pair(value)
    system, dot, attr = key.partition(".")
    if not dot or not system or not attr:
        raise argparse.ArgumentTypeError(f"expected SYSTEM.PARAM=VALUE, got {value!r}")
    return system, attr, parse_value(text)


def _add_run_arguments(cmd: argparse.ArgumentParser) -> None:
    add = cmd.add_argument
    add("--config", type=Path, help="experiment file (TOML); flags given override it")
    add("--docs", help="documents folder, or a .jsonl corpus")
    add("--refs", help="references folder")
    add("--out", help="results folder")
    add("--systems", type=_names, help="comma-separated system names")
    add("--system", dest="plugins", type=_pair, action="append", metavar="NAME=MOD:FUNC")
    add("--system-dir", dest="system_dirs", type=_pair, action="append", metavar="NAME=DIR")
    add("--allow-missing", action="store_true", help="score outputs that exist")
    add("--param", dest="params", type=_param, action="append", metavar="SYS.PARAM=VALUE")
    add("--sentences", type=int, metavar="K", help="sentences per summary (3)")
    add("--words", type=int, metavar="N", help="word budget")
    add("--no-stem", dest="stem", action="store_false", help="no stemming")
    add("--multi-ref", choices=MULTI_REF_RULES)
    add("--seed", type=int, help="seed of the random system (0)")
    add("--language", help="sumy language: stemmer, stop words, segmenter (english)")
    add("--rouge-tokenizer", choices=TOKENIZERS, help="ROUGE tokenizer (default)")
    add("--metrics", type=_names, help="comma-separated ROUGE types")
    add("--multi", action="store_true", help="also summarize clusters")
    add("--clusters", help="cluster manifest (default: DOCS/clusters.toml)")
    add("--id-field", help="JSONL id field (id)")
    add("--text-field", help="JSONL text field (text, else article)")
    add("--refs-field", help="JSONL references field (references)")
    add("--bootstrap", type=int, metavar="N", help="bootstrap resamples (1000)")
    add("--confidence", type=float, help="interval level (0.95)")
    add("--trials", type=int, help="randomization trials beyond 12 documents (10000)")
    add("--jobs", type=int, metavar="N", help="worker processes (all cores)")
    add("--cache-dir", help=f"result cache folder ({DEFAULT_CACHE_DIR})")
    add("--no-cache", action="store_true", help="neither read nor write the cache")
    add("--quiet", action="store_true", help="no progress bar or cache summary")
    add("--timeout", type=float, metavar="SECONDS", help="time limit of a system on a document")
    add("--fail-fast", action="store_true", help="stop at the first failing system")


def build_parser() -> argparse.ArgumentParser:
    """The ``sumbench`` argument parser with its subcommands."""
    parser = _Parser(prog="sumbench", description="Evaluate summarizers with ROUGE.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run_cmd = commands.add_parser(
        "run", help="summarize and score a corpus", argument_default=argparse.SUPPRESS
    )
    _add_run_arguments(run_cmd)
    run_cmd.add_argument("--pairwise", action="store_true", help="print the pairwise tests")
    run_cmd.add_argument("--format", choices=FORMATS, help="what to print (terminal)")

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

    check = commands.add_parser(
        "check",
        help="compare results with a baseline (CI gate)",
        argument_default=argparse.SUPPRESS,
    )
    check.add_argument("--baseline", type=Path, required=True, help="baseline file")
    check.add_argument("--results", type=Path, help="a results.json (default: run now)")
    _add_run_arguments(check)
    check.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE, help="F (0.005)")
    check.add_argument("--significance", action="store_true", help="drops must be significant")
    check.add_argument("--report", type=Path, help="write the Markdown report here")
    return parser


def _flag_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the flags actually given set (argparse leaves the others out)."""
    given = {k: v for k, v in vars(args).items() if k not in _NOT_SETTINGS}
    for key, flag in (("plugins", "--system"), ("system_dirs", "--system-dir")):
        if key in given:
            names = [name for name, _ in given[key]]
            repeated = sorted({n for n in names if names.count(n) > 1})
            if repeated:
                raise InputError(f"{flag}: name(s) given twice: {', '.join(repeated)}")
            given[key] = dict(given[key])
    if "params" in given:
        grouped: dict[str, dict[str, Any]] = {}
        for system, attr, value in given["params"]:
            grouped.setdefault(system, {})[attr] = value
        given["params"] = grouped
    jsonl = {f: given.pop(f"{f}_field") for f in ("id", "text", "refs") if f"{f}_field" in given}
    if jsonl:
        given["jsonl"] = jsonl
    return given


def merge(defaults: dict[str, Any], *layers: dict[str, Any]) -> dict[str, Any]:
    """Later layers win; the tables (plugins, outputs, params, jsonl) merge key by key."""
    merged = dict(defaults)
    for layer in layers:
        for key, value in layer.items():
            if key == "params":
                params = {s: dict(p) for s, p in merged.get("params", {}).items()}
                for system, values in value.items():
                    params.setdefault(system, {}).update(values)
                merged["params"] = params
            elif key in ("plugins", "system_dirs", "jsonl"):
                merged[key] = {**merged.get(key, {}), **value}
            else:
                merged[key] = value
    return merged


def _jsonl_fields(table: dict[str, Any]) -> JsonlFields:
    unknown = set(table) - {"id", "text", "refs"}
    if unknown:
        raise InputError(f"unknown jsonl setting(s): {', '.join(sorted(unknown))}")
    text = table.get("text", JsonlFields.text)
    return JsonlFields(
        id=table.get("id", "id"),
        text=(text,) if isinstance(text, str) else tuple(text),
        refs=table.get("refs", "references"),
    )


def config_from_settings(settings: dict[str, Any]) -> RunConfig:
    """The :class:`RunConfig` of merged settings (single-document; see :func:`_cluster_config`)."""
    params = settings["params"]
    return RunConfig(
        docs=Path(settings["docs"]),
        refs=Path(settings["refs"]),
        systems=tuple(settings["systems"]),
        sentences=settings["sentences"],
        words=settings["words"],
        scoring=ScoringConfig(
            stem=settings["stem"],
            multi_ref=settings["multi_ref"],
            rouge_types=tuple(settings["metrics"]),
            tokenizer=settings["rouge_tokenizer"],
        ),
        seed=settings["seed"],
        language=settings["language"],
        system_dirs=tuple((name, Path(d)) for name, d in settings["system_dirs"].items()),
        plugins=tuple(settings["plugins"].items()),
        params=tuple((s, a, v) for s, values in params.items() for a, v in values.items()),
        allow_missing=settings["allow_missing"],
        jsonl=_jsonl_fields(settings["jsonl"]),
        stats=_stats(settings),
        jobs=settings["jobs"],
        timeout=settings["timeout"],
        fail_fast=settings["fail_fast"],
        cache_dir=None
        if settings["no_cache"]
        else Path(settings["cache_dir"] or DEFAULT_CACHE_DIR),
    )


def _stats(settings: dict[str, Any]) -> StatsConfig:
    return StatsConfig(
        resamples=settings["bootstrap"],
        confidence=settings["confidence"],
        trials=settings["trials"],
    )


def _cluster_config(config: RunConfig, settings: dict[str, Any]) -> RunConfig:
    manifest = settings["clusters"]
    if manifest is None:
        if config.docs.suffix.lower() == ".jsonl":
            raise InputError("--multi with a JSONL corpus needs --clusters FILE")
        manifest = config.docs / "clusters.toml"
    if not Path(manifest).is_file():
        raise InputError(f"cluster manifest not found: {manifest}")
    return replace(config, clusters=Path(manifest))


def _settings(args: argparse.Namespace) -> dict[str, Any]:
    """Defaults, then the experiment file (``--config`` or ./pyproject.toml), then flags."""
    path = args.config if "config" in args else discover(Path.cwd())
    from_file = load_settings(path) if path is not None else {}
    return merge(DEFAULTS, from_file, _flag_settings(args))


def _input_paths(config: RunConfig, args: argparse.Namespace) -> tuple[Path, ...]:
    """Every path a run reads: a results folder must never hold one of them."""
    paths = [config.docs, config.refs, *(folder for _, folder in config.system_dirs)]
    paths += [p for p in (config.clusters, config.cache_dir, getattr(args, "config", None)) if p]
    return tuple(paths)


def _cmd_run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    config = config_from_settings(settings)
    out = Path(settings["out"])
    multi = _cluster_config(config, settings) if settings["multi"] else None
    inputs = _input_paths(config, args)
    check_output_dir(out, inputs=inputs)  # fail before the work, and again before the swap
    quiet = "quiet" in args
    progress = not quiet and sys.stderr.isatty()
    result = run(config, progress=progress)
    clusters = run(multi, progress=progress) if multi is not None else None
    files = output_files(result)
    if clusters is not None:
        files.update({f"{MULTI_DIR}/{k}": v for k, v in output_files(clusters).items()})
    # Before printing: a closed stdout must not lose the results.
    write_files(files, out, inputs=inputs)
    if not quiet and config.cache_dir is not None:
        done = result.run_stats
        print(
            f"cache {config.cache_dir}: {done.reused} reused, {done.computed} computed",
            file=sys.stderr,
        )
    fmt = getattr(args, "format", "terminal")
    print(_printed(result, fmt))
    if "pairwise" in args:
        print(render_pairwise(result))
    if clusters is not None:
        print()
        print(_printed(clusters, fmt))
    extra = f", {MULTI_DIR}/" if clusters is not None else ""
    print(f"wrote {out}/results.json, results.csv, results.md, report.html, summaries/{extra}")
    failed = [*result.failures, *(clusters.failures if clusters is not None else ())]
    if failed:
        print(
            f"sumbench: {len(failed)} system failure(s): results are incomplete"
            " (see 'failures' in results.json)",
            file=sys.stderr,
        )
        return EXIT_INCOMPLETE
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
    plugins = installed_plugins()
    width = max(len(name) for name in [*REGISTRY, *plugins])
    for name, system in REGISTRY.items():
        print(f"{name.ljust(width)}  {system.description}")
    for name, entry_point in sorted(plugins.items()):
        print(f"{name.ljust(width)}  installed plugin {entry_point.value}")
    return 0


def _cmd_baseline(args: argparse.Namespace) -> int:
    document = baseline_document(read_json(args.source))
    atomic_write_text(args.target, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"saved baseline {args.target} from {args.source}")
    return 0


def _current(args: argparse.Namespace, settings: dict[str, Any]) -> Snapshot:
    """The results to check: a results.json, or a run made now (written only with --out)."""
    if "results" in args:
        return snapshot(read_json(args.results), source=str(args.results))
    out = Path(settings["out"]) if "out" in args else None
    config = config_from_settings(settings)
    inputs = _input_paths(config, args)
    if out is not None:
        check_output_dir(out, inputs=inputs)
    result = run(config)
    if out is not None:
        write_files(output_files(result), out, inputs=inputs)
    return snapshot(result.as_dict(), source="this run")


def _cmd_check(args: argparse.Namespace) -> int:
    if args.tolerance < 0:
        raise InputError(f"--tolerance must not be negative (got {args.tolerance})")
    settings = _settings(args)
    metrics = tuple(settings["metrics"])
    ScoringConfig(rouge_types=metrics)  # validates the names
    base = snapshot(read_json(args.baseline), source=str(args.baseline))
    now = _current(args, settings)
    require_comparable(base, now, baseline_name=str(args.baseline))
    outcome = compare(
        base,
        now,
        tolerance=args.tolerance,
        metrics=metrics,
        systems=settings["systems"] if "systems" in args else None,
        significance=_stats(settings) if "significance" in args else None,
    )
    report = render_comparison(outcome, tolerance=args.tolerance)
    if "report" in args:
        atomic_write_text(args.report, report)
    print(report)
    return EXIT_REGRESSION if outcome.regressed else 0


def _terminate(signum: int, frame: object) -> None:
    # SIGTERM unwinds like Ctrl-C, so that staging folders are cleaned up.
    raise KeyboardInterrupt


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
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return handler(args)
    except SumbenchError as exc:
        print(f"sumbench: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sumbench: interrupted; previous results left untouched", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenProcessPool:
        print(
            "sumbench: error: a worker process died (killed?); previous results left"
            " untouched, finished results are in the cache: run again to resume",
            file=sys.stderr,
        )
        return 1
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as Unix tools do on SIGPIPE.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
