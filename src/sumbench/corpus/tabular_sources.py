"""Where tabular rows come from: Parquet, CSV, save_to_disk folders, the Hugging Face cache.

Each source becomes a :class:`Table`: its column kinds (from the Arrow schema; every CSV
column is text), its row count and a reader of chosen rows and columns, so that only
the rows of a subset are converted. Parquet is read with pyarrow directly: it gives the
schema for one-line type errors and reads only the needed columns; pandas would add
nothing but a conversion (and turn integer columns with gaps into floats).
"""

from __future__ import annotations

import contextlib
import csv
import importlib
import io
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from sumbench.corpus.checks import read_text
from sumbench.errors import InputError

HF_PREFIX = "hf:"
TEXT, INTEGER, TEXT_LIST, TEXT_LISTS = "string", "integer", "list of strings", "list of lists"


Reader = Callable[[Sequence[int], Sequence[str]], list[dict[str, Any]]]


@dataclass(frozen=True)
class Table:
    """Rows to read: a name for messages, column kinds, a row count and a row reader.

    ``dataset`` is the Hugging Face (name, config) a preset may be chosen from.
    """

    source: str
    columns: Mapping[str, str]
    rows: int
    read: Reader
    dataset: tuple[str, str | None] | None = None


def _optional(module: str, extra: str, what: str) -> ModuleType:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(
            f"{what} needs an optional extra: pip install 'sumbench[{extra}]'"
        ) from None


def _kind(arrow_type: Any) -> str:
    """A column's kind from its Arrow type; anything else is the type's own name."""
    types = importlib.import_module("pyarrow").types
    if types.is_string(arrow_type) or types.is_large_string(arrow_type):
        return TEXT
    if types.is_integer(arrow_type):
        return INTEGER
    if types.is_list(arrow_type) or types.is_large_list(arrow_type):
        inner = _kind(arrow_type.value_type)
        if inner in (TEXT, TEXT_LIST):
            return TEXT_LIST if inner == TEXT else TEXT_LISTS
    return str(arrow_type)


def _parquet_table(path: Path) -> Table:
    pq = _optional("pyarrow.parquet", "parquet", "reading Parquet")
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError(f"cannot read {path} as Parquet: {exc}") from exc
    columns = {field.name: _kind(field.type) for field in parquet.schema_arrow}

    def read(indices: Sequence[int], names: Sequence[str]) -> list[dict[str, Any]]:
        table = parquet.read(columns=list(names))
        rows: list[dict[str, Any]] = table.take(list(indices)).to_pylist()
        return rows

    return Table(str(path), columns, parquet.metadata.num_rows, read)


@contextlib.contextmanager
def _csv_field_limit() -> Iterator[None]:
    # The default limit (128 KiB per cell) is shorter than many papers and bills.
    previous = csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _csv_table(path: Path) -> Table:
    reader = csv.reader(io.StringIO(read_text(path), newline=""))
    with _csv_field_limit():
        try:
            header = next(reader)
            records = [(reader.line_num, r) for r in reader if r]
        except csv.Error as exc:
            raise InputError(f"{path}: not valid CSV at line {reader.line_num} ({exc})") from exc
    if len(set(header)) != len(header):
        raise InputError(f"{path}: a column name repeats in the header")
    rows = []
    for line, record in records:
        if len(record) != len(header):
            raise InputError(
                f"{path} line {line}: {len(record)} fields, the header has {len(header)}"
            )
        rows.append(dict(zip(header, record, strict=True)))

    def read(indices: Sequence[int], names: Sequence[str]) -> list[dict[str, Any]]:
        return [{n: rows[i][n] for n in names} for i in indices]

    return Table(str(path), dict.fromkeys(header, TEXT), len(rows), read)


def _dataset_table(dataset: Any, source: str) -> Table:
    columns = {field.name: _kind(field.type) for field in dataset.features.arrow_schema}
    info = dataset.info
    name = getattr(info, "dataset_name", None) or getattr(info, "builder_name", None)

    def read(indices: Sequence[int], names: Sequence[str]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = dataset.select(indices).select_columns(list(names)).to_list()
        return rows

    known = (str(name), getattr(info, "config_name", None)) if name else None
    return Table(source, columns, len(dataset), read, known)


def _datasets() -> ModuleType:
    # sumbench reads the local cache only; a user who wants downloads sets the variable to 0.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return _optional("datasets", "hf", "reading Hugging Face datasets")


def _disk_table(folder: Path) -> Table:
    datasets = _datasets()
    try:
        loaded = datasets.load_from_disk(str(folder))
    except (FileNotFoundError, ValueError, OSError) as exc:
        raise InputError(f"{folder} is not a folder written by save_to_disk ({exc})") from exc
    if not isinstance(loaded, datasets.Dataset):
        splits = ", ".join(sorted(loaded))
        raise InputError(f"{folder} holds several splits ({splits}): pass one, e.g. {folder}/test")
    return _dataset_table(loaded, str(folder))


def _hub_table(spec: str) -> Table:
    parts = spec[len(HF_PREFIX) :].split(":")
    if len(parts) not in (2, 3) or not all(parts):
        raise InputError(f"{spec!r}: expected hf:NAME:SPLIT or hf:NAME:CONFIG:SPLIT")
    name, split = parts[0], parts[-1]
    config = parts[1] if len(parts) == 3 else None
    datasets = _datasets()
    try:
        dataset = datasets.load_dataset(name, config, split=split)
    except Exception as exc:  # datasets raises many types; each is one unusable input
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(
            f"{spec}: cannot load it from the Hugging Face cache ({first});"
            " sumbench does not download datasets: load it once with datasets.load_dataset"
        ) from exc
    table = _dataset_table(dataset, spec)
    return Table(table.source, table.columns, table.rows, table.read, (name, config))


def open_table(source: str | Path) -> Table:
    """The table behind ``--docs``: ``hf:...``, a save_to_disk folder, ``.parquet`` or ``.csv``."""
    # RunConfig holds --docs as a Path; an hf: spec survives that unchanged.
    if str(source).startswith(HF_PREFIX):
        return _hub_table(str(source))
    path = Path(source)
    if path.is_dir():
        return _disk_table(path)
    if not path.exists():
        raise InputError(f"documents not found: {path}")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _parquet_table(path)
    if suffix == ".csv":
        return _csv_table(path)
    raise InputError(f"{path}: not a tabular corpus (expected .parquet or .csv)")


def is_tabular(source: str | Path) -> bool:
    """Whether ``--docs`` names a tabular source (the lead's dispatch in the corpus loader)."""
    text = str(source)
    path = Path(text)
    return (
        text.startswith(HF_PREFIX)
        or path.suffix.lower() in (".parquet", ".csv")
        or (path / "dataset_info.json").is_file()
        or (path / "dataset_dict.json").is_file()  # several splits: open_table names them
    )
