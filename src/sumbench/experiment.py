"""Experiment files and :func:`load_experiment`: settings -> :class:`RunConfig`.

An experiment file (``sumbench.toml``, or ``[tool.sumbench]`` in ``pyproject.toml``)
holds the same settings as the command line. Layers merge in this order: the defaults
table (:mod:`sumbench.defaults`) < the file < the overrides (the flags actually given).
Relative paths in a file are relative to the file's folder, so a run reproduces from
anywhere. The CLI and the Python API both go through :func:`load_experiment`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sumbench.corpus.checks import read_toml
from sumbench.corpus.jsonl import JsonlFields
from sumbench.corpus.subset import Subset
from sumbench.corpus.tabular_sources import HF_PREFIX
from sumbench.defaults import DEFAULT_CACHE_DIR, DEFAULTS, PATH_KEYS, defaults
from sumbench.engine.config import RunConfig
from sumbench.engine.executors import Executor
from sumbench.errors import InputError
from sumbench.scoring.config import ScoringConfig, rouge155_options
from sumbench.stats.config import StatsConfig

_TABLES = ("plugins", "system_dirs", "jsonl")
SWEEP_TABLE = "sweep"


def load_experiment(path: Path | str | None = None, **overrides: Any) -> RunConfig:
    """The :class:`RunConfig` of an experiment file (None: ``./pyproject.toml`` if it has
    ``[tool.sumbench]``) with ``overrides`` (same keys as the file) applied last.

    ``sumbench.run(load_experiment("x.toml"))`` does what ``sumbench run --config x.toml``
    does: the cluster run of ``multi`` included, the results folder ``out`` written.
    """
    chosen = Path(path) if path is not None else discover(Path.cwd())
    from_file = load_settings(chosen) if chosen is not None else {}
    # Python callers pass paths as Path; the file and the flags give them as strings.
    given = {
        k: str(v) if k in PATH_KEYS and isinstance(v, Path) else v for k, v in overrides.items()
    }
    return to_config(merge(defaults(), from_file, validate(given, "overrides")))


def validate(table: Mapping[str, Any], source: str) -> dict[str, Any]:
    """Check every key is a known setting of the right type; the table, unchanged."""
    for key, value in table.items():
        if key not in DEFAULTS:
            raise InputError(f"{source}: unknown key {key!r} (known: {', '.join(DEFAULTS)})")
        expected = DEFAULTS[key].kind
        wrong_bool = expected is int and isinstance(value, bool)
        if not (value is None or isinstance(value, expected)) or wrong_bool:
            raise InputError(f"{source}: {key!r} has the wrong type ({type(value).__name__})")
    for key in ("systems", "metrics"):
        if not all(isinstance(v, str) for v in table.get(key) or []):
            raise InputError(f"{source}: every item of {key!r} must be a string")
    if not all(isinstance(p, dict) for p in (table.get("params") or {}).values()):
        raise InputError(f"{source}: params must map each system to a table of parameter values")
    for key in ("system_dirs", "plugins"):
        if not all(isinstance(v, str | Path) for v in (table.get(key) or {}).values()):
            raise InputError(f"{source}: every value of {key!r} must be a string")
    return dict(table)


def _resolve_paths(table: dict[str, Any], base: Path) -> dict[str, Any]:
    out = dict(table)
    for key in PATH_KEYS:
        # hf:NAME:SPLIT names a dataset in the Hugging Face cache, not a file.
        if key in out and not str(out[key]).startswith(HF_PREFIX):
            out[key] = str(base / out[key])
    if "system_dirs" in out:
        out["system_dirs"] = {name: str(base / d) for name, d in out["system_dirs"].items()}
    return out


def load_settings(path: Path) -> dict[str, Any]:
    """Settings of an experiment file: ``[tool.sumbench]`` of a pyproject, else the top level."""
    data = read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("sumbench", {})
        source = f"{path} [tool.sumbench]"
    else:
        source = str(path)
    # The grid of ``sumbench sweep`` (sumbench.sweeps): not a setting of one run.
    data = {k: v for k, v in data.items() if k != SWEEP_TABLE}
    return _resolve_paths(validate(data, source), path.resolve().parent)


def discover(cwd: Path) -> Path | None:
    """``pyproject.toml`` in ``cwd`` if it has a ``[tool.sumbench]`` table."""
    candidate = cwd / "pyproject.toml"
    if candidate.is_file() and "sumbench" in read_toml(candidate).get("tool", {}):
        return candidate
    return None


def merge(base: dict[str, Any], *layers: Mapping[str, Any]) -> dict[str, Any]:
    """Later layers win; the tables (plugins, outputs, params, jsonl) merge key by key."""
    merged = dict(base)
    for layer in layers:
        for key, value in layer.items():
            if key == "params":
                params = {s: dict(p) for s, p in merged.get("params", {}).items()}
                for system, values in value.items():
                    params.setdefault(system, {}).update(values)
                merged["params"] = params
            elif key in _TABLES:
                merged[key] = {**merged.get(key, {}), **value}
            else:
                merged[key] = value
    return merged


def _jsonl_fields(table: Mapping[str, Any]) -> JsonlFields:
    unknown = set(table) - {"id", "text", "refs"}
    if unknown:
        raise InputError(f"unknown jsonl setting(s): {', '.join(sorted(unknown))}")
    text = table.get("text", JsonlFields.text)
    return JsonlFields(
        id=table.get("id", "id"),
        text=(text,) if isinstance(text, str) else tuple(text),
        refs=table.get("refs", "references"),
    )


def to_config(settings: Mapping[str, Any]) -> RunConfig:
    """The :class:`RunConfig` of merged settings (every key of the defaults table)."""
    params = settings["params"]
    clusters = settings["clusters"] if settings["multi"] else None
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
            rouge155=rouge155_options(settings["scorer"], settings["rouge155_flags"]),
        ),
        seed=settings["seed"],
        language=settings["language"],
        system_dirs=tuple((name, Path(d)) for name, d in settings["system_dirs"].items()),
        plugins=tuple(settings["plugins"].items()),
        params=tuple((s, a, v) for s, values in params.items() for a, v in values.items()),
        allow_missing=settings["allow_missing"],
        jsonl=_jsonl_fields(settings["jsonl"]),
        stats=stats_config(settings),
        jobs=settings["jobs"],
        timeout=settings["timeout"],
        fail_fast=settings["fail_fast"],
        executor=Executor.parse(settings["executor"]),
        scheduler=settings["scheduler"],
        cache_dir=None
        if settings["no_cache"]
        else Path(settings["cache_dir"] or DEFAULT_CACHE_DIR),
        multi=settings["multi"],
        clusters=None if clusters is None else Path(clusters),
        out=None if settings["out"] is None else Path(settings["out"]),
        preset=settings["preset"],
        subset=Subset(
            limit=settings["limit"], sample=settings["sample"], seed=settings["sample_seed"]
        ),
        segmenter=settings["segmenter"],
    )


def stats_config(settings: Mapping[str, Any]) -> StatsConfig:
    """The statistics settings of merged settings."""
    return StatsConfig(
        resamples=settings["bootstrap"],
        confidence=settings["confidence"],
        trials=settings["trials"],
    )
