"""Helpers for the tabular-corpus tests: offline Hugging Face settings and table writers."""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

# Before datasets is imported: read the local cache only, never the Hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

import pytest

pa = pytest.importorskip("pyarrow", reason="the 'parquet' extra (pyarrow) is not installed")
pq = pytest.importorskip("pyarrow.parquet")
datasets = pytest.importorskip("datasets", reason="the 'hf' extra (datasets) is not installed")

Columns = Mapping[str, Sequence[Any]]


def write_parquet(folder: Path, columns: Columns) -> str:
    """``columns`` as ``folder/corpus.parquet``."""
    path = folder / "corpus.parquet"
    pq.write_table(pa.table(dict(columns)), path)
    return str(path)


def write_csv(folder: Path, columns: Columns) -> str:
    """``columns`` as ``folder/corpus.csv`` (every value written as text)."""
    path = folder / "corpus.csv"
    names = list(columns)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(names)
        writer.writerows(zip(*(columns[n] for n in names), strict=True))
    return str(path)


def write_disk(folder: Path, columns: Columns, name: str | None = None) -> str:
    """``columns`` as a ``save_to_disk`` folder; ``name`` is the dataset name in its info."""
    info = datasets.DatasetInfo(dataset_name=name) if name else None
    target = folder / "dataset"
    datasets.Dataset.from_dict(dict(columns), info=info).save_to_disk(str(target))
    return str(target)


def write_hub(folder: Path, columns: Columns, split: str = "test") -> str:
    """``columns`` as a data folder that ``load_dataset`` reads: ``hf:FOLDER:SPLIT``."""
    data = folder / "hub" / "data"
    data.mkdir(parents=True)
    datasets.Dataset.from_dict(dict(columns)).to_parquet(str(data / f"{split}-00000.parquet"))
    return f"hf:{folder / 'hub'}:{split}"


@pytest.fixture(autouse=True)
def hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """load_dataset's cache in a temporary folder, not the user's."""
    cache = tmp_path / "hf-cache"
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", cache)
    datasets.disable_progress_bars()
    return cache
