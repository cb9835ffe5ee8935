"""Tabular corpora: Parquet and CSV files and Hugging Face datasets, one row per document.

Sources (see :mod:`sumbench.corpus.tabular_sources`): ``FILE.parquet``, ``FILE.csv``, a folder
written by ``Dataset.save_to_disk`` and ``hf:NAME[:CONFIG]:SPLIT`` (from the local
Hugging Face cache only). Columns are found by a :class:`Preset`: named, chosen from a
known dataset name, or built from the JSONL field names. Rows are validated with the
JSONL helpers, so messages read the same; ``where`` is ``SOURCE row N`` with N counted
from 0, as ``ds[N]`` and ``df.iloc[N]`` count.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sumbench.corpus.checks import check_doc_id
from sumbench.corpus.jsonl import JsonlFields, _references_of, _text_of
from sumbench.corpus.model import Corpus, Document
from sumbench.corpus.presets import Preset, detect_preset, from_fields, get_preset
from sumbench.corpus.subset import Subset
from sumbench.corpus.tabular_sources import INTEGER, TEXT, TEXT_LIST, TEXT_LISTS, Table, open_table
from sumbench.errors import InputError


def choose_preset(
    table: Table, *, preset: str | None = None, fields: JsonlFields | None = None
) -> Preset:
    """The named preset, else the one of a known dataset, else the JSONL-style ``fields``.

    An id field named in ``fields`` (not the default ``id``) must exist; the default
    one may be missing, and rows are then numbered.
    """
    if preset is not None:
        return get_preset(preset)
    found = detect_preset(*table.dataset) if table.dataset else None
    if found is not None:
        return found
    fields = fields or JsonlFields()
    return from_fields(fields, id_required=fields.id != JsonlFields().id)


@dataclass(frozen=True)
class _Columns:
    """The columns a preset resolves to in one table; ``id`` None: rows are numbered."""

    id: str | None
    text: str
    refs: str


_ALLOWED = {
    "id": (TEXT, INTEGER),
    "text": (TEXT, TEXT_LIST),
    "refs": (TEXT, TEXT_LIST, TEXT_LISTS),
}
_EXPECTED = {
    "id": "a string or an integer",
    "text": "a string or a list of strings (sentences)",
    "refs": "a string, a list of strings or a list of lists of strings",
}


def _column(table: Table, names: tuple[str, ...], role: str) -> str:
    found = next((n for n in names if n in table.columns), None)
    if found is None:
        looked = ", ".join(map(repr, names))
        have = ", ".join(map(repr, table.columns))
        raise InputError(f"{table.source}: no {role} column (looked for {looked}; it has {have})")
    kind = table.columns[found]
    if kind not in _ALLOWED[role]:
        raise InputError(
            f"{table.source}: column {found!r} holds {kind}; the {role} must be {_EXPECTED[role]}"
        )
    return found


def resolve_columns(table: Table, preset: Preset) -> _Columns:
    """The id, text and references columns of ``table``, their types checked."""
    text = _column(table, preset.text, "text")
    refs = _column(table, preset.refs, "refs")
    doc_id: str | None = None
    if preset.id is not None and (preset.id in table.columns or preset.id_required):
        doc_id = _column(table, (preset.id,), "id")
    return _Columns(doc_id, text, refs)


def _reference_texts(value: Any, preset: Preset) -> list[str] | None:
    if value is None:
        return None
    # A list is several references, unless the preset says it is one reference's sentences.
    if isinstance(value, str) or (preset.presplit_refs and _flat(value)):
        return [preset.reference_text(value)]
    return [preset.reference_text(v) if isinstance(v, (str, list)) else v for v in value]


def _flat(value: list[Any]) -> bool:
    return not any(isinstance(v, list) for v in value)


def _document(
    row: dict[str, Any], doc_id: str, cols: _Columns, preset: Preset, where: str
) -> Document:
    for name in (cols.text, cols.refs):
        if row[name] is None:
            raise InputError(f"{where}: field {name!r} is empty (null)")
    fields = JsonlFields(id=cols.id or "", text=(cols.text,), refs=cols.refs)
    obj: dict[str, Any] = {cols.text: preset.document_text(row[cols.text])}
    obj[cols.refs] = _reference_texts(row[cols.refs], preset)
    text = _text_of(obj, fields, where)
    return Document(id=doc_id, text=text, references=_references_of(obj, fields, where))


def _doc_id(row: dict[str, Any], cols: _Columns, number: int, width: int, where: str) -> str:
    if cols.id is None:
        return f"{number:0{width}d}"
    value = row[cols.id]
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InputError(f"{where}: field {cols.id!r} must be a string or an integer")
    check_doc_id(value, where=where)
    return value


def table_corpus(table: Table, preset: Preset, subset: Subset | None = None) -> Corpus:
    """The documents of ``table``'s chosen rows, sorted by id; ids must not repeat."""
    cols = resolve_columns(table, preset)
    indices = (subset or Subset()).indices(table.rows)
    names = [n for n in (cols.id, cols.text, cols.refs) if n is not None]
    width = len(str(max(table.rows - 1, 0)))
    documents: dict[str, Document] = {}
    folded: dict[str, int] = {}
    for number, row in zip(indices, table.read(indices, names), strict=True):
        where = f"{table.source} row {number}"
        doc_id = _doc_id(row, cols, number, width, where)
        key = doc_id.casefold()
        if key in folded:
            raise InputError(f"{where}: id {doc_id!r} repeats row {folded[key]} (ignoring case)")
        folded[key] = number
        documents[doc_id] = _document(row, doc_id, cols, preset, where)
    if not documents:
        raise InputError(f"no documents in {table.source}")
    return Corpus(documents=tuple(documents[k] for k in sorted(documents)))


def load_tabular(
    source: str | Path,
    *,
    fields: JsonlFields | None = None,
    preset: str | None = None,
    subset: Subset | None = None,
) -> Corpus:
    """Load a Parquet/CSV file, a save_to_disk folder or ``hf:NAME[:CONFIG]:SPLIT``."""
    table = open_table(source)
    return table_corpus(table, choose_preset(table, preset=preset, fields=fields), subset)
