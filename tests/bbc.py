"""The BBC corpus next to the repository (``shared/corpora/bbc``), for identity tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``$SUMBENCH_SHARED``, else the ``shared/`` folder next to the repository."""
    return Path(os.environ.get("SUMBENCH_SHARED", ROOT.parent / "shared"))


def bbc_path() -> Path:
    """Path of the BBC JSONL file (it may be absent)."""
    return shared_dir() / "corpora" / "bbc" / "bbc_news_summary.jsonl"


def bbc_sample(stride: int = 50) -> list[dict]:
    """Every ``stride``-th BBC article, or skip the test when the corpus is absent."""
    path = bbc_path()
    if not path.is_file():
        pytest.skip(f"BBC corpus not found at {path} (set SUMBENCH_SHARED)")
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return rows[::stride]
