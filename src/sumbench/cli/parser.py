"""The ``sumbench`` argument parser: flags only, their help read from the defaults table."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any, NoReturn

from sumbench.defaults import DEFAULT_TOLERANCE, help_text
from sumbench.errors import EXIT_INPUT
from sumbench.report import FORMATS
from sumbench.scoring.config import MULTI_REF_RULES, SCORERS, TOKENIZERS

DEFAULT_BASELINE = Path("baselines/seeds.json")

# ``sumbench sweep``'s lists of values (read by the command, not settings themselves).
SWEEP_LISTS = ("sweep_sentences", "sweep_words", "sweep_params")
# Flags that steer a command rather than describe a run.
NOT_SETTINGS = (
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
    *SWEEP_LISTS,
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
    for key in ("docs", "refs", "out"):
        add(f"--{key}", help=help_text(key))
    add("--systems", type=_names, help=help_text("systems"))
    add("--system", dest="plugins", type=_pair, action="append", metavar="NAME=MOD:FUNC")
    add("--system-dir", dest="system_dirs", type=_pair, action="append", metavar="NAME=DIR")
    add("--allow-missing", action="store_true", help=help_text("allow_missing"))
    add("--param", dest="params", type=_param, action="append", metavar="SYS.PARAM=VALUE")
    add("--sentences", type=int, metavar="K", help=help_text("sentences"))
    add("--words", type=int, metavar="N", help=help_text("words"))
    add("--no-stem", dest="stem", action="store_false", help="no stemming")
    add("--multi-ref", choices=MULTI_REF_RULES, help=help_text("multi_ref"))
    add("--seed", type=int, help=help_text("seed"))
    add("--language", help=help_text("language"))
    add("--rouge-tokenizer", choices=TOKENIZERS, help=help_text("rouge_tokenizer"))
    add("--metrics", type=_names, help=help_text("metrics"))
    add("--multi", action="store_true", help=help_text("multi"))
    add("--clusters", help=help_text("clusters"))
    add("--id-field", help="JSONL id field (id)")
    add("--text-field", help="JSONL text field (text, else article)")
    add("--refs-field", help="JSONL references field (references)")
    add("--bootstrap", type=int, metavar="N", help=help_text("bootstrap"))
    add("--confidence", type=float, help=help_text("confidence"))
    add("--trials", type=int, help=help_text("trials"))
    add("--jobs", type=int, metavar="N", help=help_text("jobs"))
    add("--cache-dir", help=help_text("cache_dir"))
    add("--no-cache", action="store_true", help=help_text("no_cache"))
    add("--quiet", action="store_true", help="no progress bar or cache summary")
    add("--timeout", type=float, metavar="SECONDS", help=help_text("timeout"))
    add("--fail-fast", action="store_true", help=help_text("fail_fast"))
    add("--preset", metavar="NAME", help=help_text("preset"))
    add("--limit", type=int, metavar="N", help=help_text("limit"))
    add("--sample", type=int, metavar="N", help=help_text("sample"))
    add("--sample-seed", type=int, metavar="S", help=help_text("sample_seed"))
    add("--segmenter", metavar="NAME", help=help_text("segmenter"))
    add("--scorer", choices=SCORERS, help=help_text("scorer"))
    add("--rouge155-flags", metavar="FLAGS", help=help_text("rouge155_flags"))
    add("--executor", choices=("local", "dask"), help=help_text("executor"))
    add("--scheduler", metavar="ADDRESS", help=help_text("scheduler"))


class _Version(argparse.Action):
    """``--version``: the version text is read (package metadata) only when asked for."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        kwargs.update(nargs=0, default=argparse.SUPPRESS)
        super().__init__(option_strings, dest, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from sumbench.versions import version_text

        print(version_text())  # stdout, as argparse's own version action does
        parser.exit(0)


def _add_correlate_arguments(cmd: argparse.ArgumentParser) -> None:
    """``run``'s flags that apply to ``correlate``, then its own (help from the defaults table)."""
    add = cmd.add_argument
    add("--config", type=Path, help="experiment file (TOML); flags given override it")
    add("--docs", help="judged .jsonl corpus, or a corpus with --system-dir and --human")
    add("--refs", help=help_text("refs"))
    add("--out", help="write correlations.json/csv/md/html/png/svg to this folder")
    add("--system-dir", dest="system_dirs", type=_pair, action="append", metavar="NAME=DIR")
    add("--human", metavar="FILE", help=help_text("human"))
    add("--no-stem", dest="stem", action="store_false", help="no stemming")
    add("--multi-ref", choices=MULTI_REF_RULES, help=help_text("multi_ref"))
    add("--rouge-tokenizer", choices=TOKENIZERS, help=help_text("rouge_tokenizer"))
    add("--language", help=help_text("language"))
    add("--metrics", type=_names, help=help_text("metrics"))
    add("--seed", type=int, help=help_text("seed"))
    add("--bootstrap", type=int, metavar="N", help=help_text("bootstrap"))
    add("--confidence", type=float, help=help_text("confidence"))
    add("--permutations", type=int, metavar="N", help=help_text("permutations"))
    add("--levels", type=_names, help=help_text("levels"))
    add("--coefficients", type=_names, help=help_text("coefficients"))
    add("--all-pairs", action="store_true", help=help_text("all_pairs"))
    add("--scorer", choices=SCORERS, help=help_text("scorer"))
    add("--rouge155-flags", metavar="FLAGS", help=help_text("rouge155_flags"))
    add("--id-field", help="JSONL id field (id)")
    add("--text-field", help="JSONL text field (text, else article)")
    add("--refs-field", help="JSONL references field (references)")
    add("--jobs", type=int, metavar="N", help=help_text("jobs"))
    add("--cache-dir", help=help_text("cache_dir"))
    add("--no-cache", action="store_true", help=help_text("no_cache"))
    add("--quiet", action="store_true", help="no progress bar or cache summary")


def _add_sweep_lists(cmd: argparse.ArgumentParser) -> None:
    add = cmd.add_argument
    add("--sentences", dest="sweep_sentences", metavar="K,K,...", help="sentences per summary")
    add("--words", dest="sweep_words", metavar="N,N,...", help="word budgets")
    add("--param", dest="sweep_params", action="append", metavar="SYS.PARAM=V,V,...")


def build_parser() -> argparse.ArgumentParser:
    """The ``sumbench`` argument parser with its subcommands."""
    parser = _Parser(prog="sumbench", description="Evaluate summarizers with ROUGE.")
    parser.add_argument(
        "--version", action=_Version, help="print the version and those in the signature"
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run_cmd = commands.add_parser(
        "run", help="summarize and score a corpus", argument_default=argparse.SUPPRESS
    )
    _add_run_arguments(run_cmd)
    run_cmd.add_argument("--pairwise", action="store_true", help="print the pairwise tests")
    run_cmd.add_argument("--format", choices=FORMATS, help="what to print (terminal)")

    sweep_cmd = commands.add_parser(
        "sweep",
        help="run a grid of options ([sweep] table, or lists such as --sentences 1,2,3)",
        argument_default=argparse.SUPPRESS,
        conflict_handler="resolve",  # the lists below replace run's single values
    )
    _add_run_arguments(sweep_cmd)
    _add_sweep_lists(sweep_cmd)

    report = commands.add_parser("report", help="render a results.json in another format")
    report.add_argument("results", type=Path, help="a results.json")
    report.add_argument("--format", choices=FORMATS, default="md", help="output format (md)")
    report.add_argument("--output", type=Path, help="write this file (default: stdout)")

    plot = commands.add_parser("plot", help="draw the charts of a results.json (PNG and SVG)")
    plot.add_argument("results", type=Path, help="a results.json")
    plot.add_argument("--output", type=Path, help="folder (default: plots/ next to the file)")

    commands.add_parser("systems", help="list the registered systems")
    commands.add_parser("segmenters", help="list the sentence segmenters (--segmenter)")

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
    correlate = commands.add_parser(
        "correlate",
        help="how well each ROUGE variant agrees with human judgments",
        argument_default=argparse.SUPPRESS,
    )
    _add_correlate_arguments(correlate)
    return parser


def flag_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the flags actually given set (argparse leaves the others out)."""
    from sumbench.systems.base import check_unique

    given = {k: v for k, v in vars(args).items() if k not in NOT_SETTINGS}
    for key, flag in (("plugins", "--system"), ("system_dirs", "--system-dir")):
        if key in given:
            check_unique([name for name, _ in given[key]], what=f"{flag}: name(s) given twice")
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
