"""The one table of run settings: key, default, type in an experiment file, help text.

The dataclasses (:class:`~sumbench.engine.config.RunConfig`, ``ScoringConfig``,
``StatsConfig``), the command line's help, the experiment file's validation and the
documentation all read this table, so a default is written down exactly once.
Imports nothing heavy: ``sumbench --help`` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

SYSTEMS: tuple[str, ...] = (
    "edmundson",
    "kl",
    "lead",
    "lexrank",
    "lsa",
    "luhn",
    "oracle",
    "random",
    "reduction",
    "sumbasic",
    "textrank",
)  # the registry's names, in its order; tests hold the two equal
DEFAULT_CACHE_DIR = Path(".sumbench-cache")


@dataclass(frozen=True)
class Setting:
    """One setting: its default, the type(s) an experiment file may give, one line of help."""

    default: Any
    kind: type | tuple[type, ...]
    help: str
    flag: str = ""  # the command line's flag when not ``--<key with dashes>``


DEFAULTS: dict[str, Setting] = {
    "docs": Setting("seeds", str, "documents folder, .jsonl/.parquet/.csv file, hf:NAME:SPLIT"),
    "refs": Setting("references", str, "references folder"),
    "out": Setting("results", str, "results folder"),
    "systems": Setting(list(SYSTEMS), list, "comma-separated system names"),
    "sentences": Setting(3, int, "sentences per summary"),
    "words": Setting(None, int, "word budget"),
    "stem": Setting(True, bool, "stem words before ROUGE", "--no-stem"),
    "multi_ref": Setting("max", str, "combine several references by max or mean"),
    "seed": Setting(0, int, "seed of the random system and the statistics"),
    "language": Setting("english", str, "sumy language: stemmer, stop words, segmenter"),
    "rouge_tokenizer": Setting("default", str, "ROUGE tokenizer"),
    "metrics": Setting(["rouge1", "rouge2", "rougeL", "rougeLsum"], list, "ROUGE types"),
    "allow_missing": Setting(False, bool, "score the system outputs that exist"),
    "multi": Setting(False, bool, "also summarize clusters"),
    "clusters": Setting(None, str, "cluster manifest (default: DOCS/clusters.toml)"),
    "system_dirs": Setting({}, dict, "NAME = folder of system outputs", "--system-dir"),
    "plugins": Setting({}, dict, "NAME = module:callable", "--system"),
    "params": Setting({}, dict, "per-system parameter overrides", "--param"),
    "jsonl": Setting(
        {}, dict, "JSONL field names (id, text, refs)", "--id-field, --text-field, --refs-field"
    ),
    "bootstrap": Setting(1000, int, "bootstrap resamples"),
    "confidence": Setting(0.95, (int, float), "interval level"),
    "trials": Setting(10000, int, "randomization trials beyond 12 documents"),
    "jobs": Setting(None, int, "worker processes (default: all cores)"),
    "cache_dir": Setting(None, str, f"result cache folder (default: {DEFAULT_CACHE_DIR})"),
    "no_cache": Setting(False, bool, "neither read nor write the cache"),
    "timeout": Setting(None, (int, float), "time limit in seconds of a system on a document"),
    "fail_fast": Setting(False, bool, "stop at the first failing system"),
    "preset": Setting(None, str, "dataset preset of a tabular corpus (default: by dataset name)"),
    "limit": Setting(None, int, "read only the first N documents (rows of a table)"),
    "sample": Setting(None, int, "read N documents chosen by --sample-seed"),
    "sample_seed": Setting(0, int, "seed of --sample (not the random system's --seed)"),
    "segmenter": Setting(
        "sumbench",
        str,
        "sentence segmenter of documents, references and outputs (see: segmenters)",
    ),
    # sumbench correlate (meta-evaluation against human judgments)
    "human": Setting(None, str, "human scores: CSV or JSONL rows id,system,criterion,score"),
    "permutations": Setting(1000, int, "permutations of the paired test between metrics"),
    "levels": Setting(["summary", "system"], list, "correlation levels (also: global)"),
    "coefficients": Setting(["kendall-b"], list, "pearson, spearman, kendall-b, kendall-c"),
    "all_pairs": Setting(False, bool, "test every pair of metrics, not each one against the best"),
    "scorer": Setting("rouge-score", str, "ROUGE implementation: rouge-score or rouge155"),
    "rouge155_flags": Setting(
        "-c 95 -m -n 2 -a", str, "ROUGE-1.5.5 flags of --scorer rouge155 (docs/rouge155.md)"
    ),
    "executor": Setting("local", str, "where to compute: local (processes) or dask"),
    "scheduler": Setting(None, str, "Dask scheduler address (default: a LocalCluster here)"),
}
JSONL_DEFAULTS: dict[str, Any] = {"id": "id", "text": ["text", "article"], "refs": "references"}
PATH_KEYS: tuple[str, ...] = ("docs", "refs", "out", "clusters", "cache_dir", "human")
MULTI_DIR = "multi"  # the cluster run's sub-folder of the results folder


def default(key: str) -> Any:
    """The default of ``key`` (a fresh copy of lists and tables)."""
    value = DEFAULTS[key].default
    return type(value)(value) if isinstance(value, list | dict) else value


def defaults() -> dict[str, Any]:
    """Every setting at its default."""
    return {key: default(key) for key in DEFAULTS}


def help_text(key: str) -> str:
    """The help line of ``key`` with its default, as ``--help`` shows it."""
    setting = DEFAULTS[key]
    shown = setting.default
    if shown is None or isinstance(shown, bool) or shown in ({}, []):
        return setting.help
    if isinstance(shown, list):
        shown = ",".join(shown)
    return f"{setting.help} ({shown})"


def flag(key: str) -> str:
    """The command line's flag(s) of setting ``key``."""
    return DEFAULTS[key].flag or "--" + key.replace("_", "-")


def settings_markdown() -> str:
    """The table as Markdown (key, flag, default, meaning), for the documentation."""
    rows = ["| key | flag | default | meaning |", "|---|---|---|---|"]
    for key, setting in DEFAULTS.items():
        value = setting.default
        shown = "-" if value is None or value in ({}, []) else f"`{value}`"
        if isinstance(value, list) and value:
            shown = f"`{','.join(value)}`"
        rows.append(f"| `{key}` | `{flag(key)}` | {shown} | {setting.help} |")
    return "\n".join(rows) + "\n"


@dataclass(frozen=True)
class Limits:
    """Bounds of sizes a run accepts or reads: the one place they are written down.

    Beyond them a run would need more memory or processes than a workstation has (the
    statistics stream over resamples in blocks, but their results are kept per resample).
    """

    bootstrap: int = 100_000  # resamples; the interval's precision stops improving far below
    trials: int = 1_000_000  # randomization trials: p-values to 1e-6
    timeout: float = 7 * 24 * 3600.0  # seconds (``inf`` means no limit)
    jobs_per_core: int = 4  # worker processes beyond this many per core only thrash
    block_elements: int = 1 << 22  # resamples x documents drawn at once (32 MiB of float64)
    line_bytes: int = 64 << 20  # one JSONL line
    file_bytes: int = 2 << 30  # one corpus file (JSONL or text)
    doc_warn_chars: int = 100_000  # documents longer than this are announced as slow
    # JSONL lines kept parsed in memory; the rest of a longer corpus is read again when used.
    corpus_kept_bytes: int = 32 << 20
    # Pickled results (or sentences) a run keeps in memory; the rest wait in a temporary file.
    spool_kept_bytes: int = 4 << 20


LIMITS = Limits()
# Time grows with the square of the sentence count (or worse): on a 200,000-character
# document (960 sentences) lexrank and lsa took 40 s, reduction 12 s, textrank 7 s, the
# others under 2 s; ten times longer means a hundred times slower.
SLOW_SYSTEMS: tuple[str, ...] = ("lexrank", "lsa", "reduction", "textrank")
# ``sumbench check``'s allowed drop of a mean F (the CLI reads it without importing the gate).
DEFAULT_TOLERANCE = 0.005
