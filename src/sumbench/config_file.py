"""Experiment files: ``sumbench.toml`` or ``[tool.sumbench]`` in ``pyproject.toml``.

The file holds the same settings as the command line (corpus, systems, parameters,
length, metrics, output). The CLI merges: built-in defaults < file < flags given.
Relative paths in a file are relative to the file's folder, so a run reproduces from
anywhere.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from sumbench.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# Keys of the file and the type each value must have.
KEYS: dict[str, type | tuple[type, ...]] = {
    "docs": str,
    "refs": str,
    "out": str,
    "systems": list,
    "sentences": int,
    "words": int,
    "stem": bool,
    "multi_ref": str,
    "seed": int,
    "bootstrap": int,
    "confidence": (int, float),
    "trials": int,
    "jobs": int,
    "cache_dir": str,
    "no_cache": bool,
    "timeout": (int, float),
    "fail_fast": bool,
    "language": str,
    "rouge_tokenizer": str,
    "metrics": list,
    "allow_missing": bool,
    "multi": bool,
    "clusters": str,
    "system_dirs": dict,
    "plugins": dict,
    "params": dict,
    "jsonl": dict,
}
PATH_KEYS = ("docs", "refs", "out", "clusters", "cache_dir")


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error is a one-line :class:`InputError`."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML ({exc})") from exc


def _validate(table: dict[str, Any], source: str) -> dict[str, Any]:
    for key, value in table.items():
        if key not in KEYS:
            raise InputError(f"{source}: unknown key {key!r} (known: {', '.join(KEYS)})")
        expected = KEYS[key]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise InputError(f"{source}: {key!r} has the wrong type ({type(value).__name__})")
    for key in ("systems", "metrics"):
        if not all(isinstance(v, str) for v in table.get(key, [])):
            raise InputError(f"{source}: every item of {key!r} must be a string")
    if not all(isinstance(p, dict) for p in table.get("params", {}).values()):
        raise InputError(f"{source}: params must map each system to a table of parameter values")
    for key in ("system_dirs", "plugins"):
        if not all(isinstance(v, str) for v in table.get(key, {}).values()):
            raise InputError(f"{source}: every value of {key!r} must be a string")
    return table


def _resolve_paths(table: dict[str, Any], base: Path) -> dict[str, Any]:
    out = dict(table)
    for key in PATH_KEYS:
        if key in out:
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
    return _resolve_paths(_validate(data, source), path.resolve().parent)


def discover(cwd: Path) -> Path | None:
    """``pyproject.toml`` in ``cwd`` if it has a ``[tool.sumbench]`` table."""
    candidate = cwd / "pyproject.toml"
    if candidate.is_file() and "sumbench" in read_toml(candidate).get("tool", {}):
        return candidate
    return None
