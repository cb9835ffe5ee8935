"""Command line: parse flags into a :class:`RunConfig`, call :func:`run`, report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from sumbench.cache import DEFAULT_CACHE_DIR
from sumbench.errors import EXIT_INPUT, SumbenchError
from sumbench.fsio import check_output_dir
from sumbench.pipeline import RunConfig, run
from sumbench.report import render_terminal, write_results
from sumbench.scoring import MULTI_REF_RULES, ScoringConfig
from sumbench.summarizers import REGISTRY


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def _systems(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


def build_parser() -> argparse.ArgumentParser:
    """The ``sumbench`` argument parser with its subcommands."""
    parser = _Parser(prog="sumbench", description="Evaluate extractive summarizers with ROUGE.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run_cmd = commands.add_parser("run", help="summarize and score a corpus")
    run_cmd.add_argument("--docs", type=Path, default=Path("seeds"), help="documents folder")
    run_cmd.add_argument("--refs", type=Path, default=Path("references"), help="references folder")
    run_cmd.add_argument("--out", type=Path, default=Path("results"), help="results folder")
    run_cmd.add_argument(
        "--systems", type=_systems, default=tuple(REGISTRY), help="comma-separated system names"
    )
    run_cmd.add_argument("--sentences", type=int, default=3, metavar="K", help="sentences (3)")
    run_cmd.add_argument("--words", type=int, default=None, metavar="N", help="word budget")
    run_cmd.add_argument("--no-stem", action="store_true", help="score without Porter stemming")
    run_cmd.add_argument("--multi-ref", choices=MULTI_REF_RULES, default="max")
    run_cmd.add_argument("--seed", type=int, default=0, help="seed of the random system (0)")
    run_cmd.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="worker processes (all cores)"
    )
    run_cmd.add_argument(
        "--cache-dir",
        type=Path,
        default=DEFAULT_CACHE_DIR,
        help=f"result cache folder ({DEFAULT_CACHE_DIR})",
    )
    run_cmd.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    run_cmd.add_argument("--quiet", action="store_true", help="no progress bar or cache summary")

    commands.add_parser("systems", help="list the registered systems")
    return parser


def _cmd_run(args: argparse.Namespace) -> int:
    config = RunConfig(
        docs=args.docs,
        refs=args.refs,
        systems=args.systems,
        sentences=args.sentences,
        words=args.words,
        scoring=ScoringConfig(stem=not args.no_stem, multi_ref=args.multi_ref),
        seed=args.seed,
        jobs=args.jobs,
        cache_dir=None if args.no_cache else args.cache_dir,
    )
    check_output_dir(args.out)  # fail before the work, not after it
    result = run(config, progress=not args.quiet and sys.stderr.isatty())
    write_results(result, args.out)
    if not args.quiet and config.cache_dir is not None:
        stats = result.stats
        print(
            f"cache {config.cache_dir}: {stats.reused} reused, {stats.computed} computed",
            file=sys.stderr,
        )
    print(render_terminal(result))
    print(f"wrote {args.out}/results.json, results.csv, results.md, summaries/")
    return 0


def _cmd_systems(_: argparse.Namespace) -> int:
    width = max(len(name) for name in REGISTRY)
    for name, system in REGISTRY.items():
        print(f"{name.ljust(width)}  {system.description}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``sumbench`` command; returns the exit code."""
    args = build_parser().parse_args(argv)
    handler = {"run": _cmd_run, "systems": _cmd_systems}[args.command]
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
