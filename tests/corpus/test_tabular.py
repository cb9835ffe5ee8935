"""Tabular corpora: Parquet, CSV, save_to_disk folders and hf: specs read alike; clear errors."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumbench import JsonlFields, RunConfig, load_corpus, load_jsonl, run
from sumbench.corpus.subset import Subset, subset_corpus
from sumbench.corpus.tabular import load_tabular
from sumbench.corpus.tabular_sources import is_tabular
from sumbench.errors import InputError
from tests.conftest import REFERENCES, ROOT, SEEDS
from tests.corpus.tabular import (
    Columns,
    datasets,
    hf_cache,
    write_csv,
    write_disk,
    write_hub,
    write_parquet,
)
from tests.docblocks import run_python_blocks

__all__ = ["hf_cache"]  # the autouse fixture, imported to be used here

Writer = Callable[[Path, Columns], str]
WRITERS: dict[str, Writer] = {
    "parquet": write_parquet,
    "csv": write_csv,
    "disk": write_disk,
    "hub": write_hub,
}
ALL = pytest.mark.parametrize("write", list(WRITERS.values()), ids=list(WRITERS))

SMALL: Columns = {
    "id": ["b", "a", "c/1"],
    "text": ["Two. Sentences here.", "One sentence.", "Line one.\nLine two."],
    "references": ["Ref b.", "Ref a.", "Ref c."],
}


def _jsonl(folder: Path, columns: Columns) -> Path:
    path = folder / "corpus.jsonl"
    names = list(columns)
    rows = [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]
    for row in rows:  # JSONL references are always a list
        row["references"] = [row["references"]]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@ALL
def test_every_kind_reads_like_jsonl(tmp_path: Path, write: Writer) -> None:
    expected = load_jsonl(_jsonl(tmp_path, SMALL))
    assert load_tabular(write(tmp_path, SMALL)) == expected
    assert [d.id for d in expected.documents] == ["a", "b", "c/1"]


def test_hub_spec_reads_through_load_dataset_into_the_given_cache(
    tmp_path: Path, hf_cache: Path
) -> None:
    load_tabular(write_hub(tmp_path, SMALL))
    assert hf_cache.is_dir()
    assert any(hf_cache.iterdir())


def test_seeds_as_parquet_score_like_the_folders(tmp_path: Path) -> None:
    folders = load_corpus(docs=SEEDS, refs=REFERENCES)
    columns: Columns = {
        "id": [d.id for d in folders.documents],
        "text": [d.text for d in folders.documents],
        "references": [[r.text for r in d.references] for d in folders.documents],
    }
    table = load_tabular(write_parquet(tmp_path, columns))
    config = RunConfig(systems=("lead", "textrank"), jobs=1)
    by_folder, by_table = run(config, corpus=folders), run(config, corpus=table)
    assert [d.scores for d in by_table.documents] == [d.scores for d in by_folder.documents]
    assert len(by_table.documents) == 2 * len(folders.documents)


@pytest.mark.parametrize("write", [write_parquet, write_disk], ids=["parquet", "disk"])
def test_lists_are_sentences_in_text_and_references_per_item(tmp_path: Path, write: Writer) -> None:
    columns: Columns = {
        "id": [7],
        "text": [["First sentence.", " ", "Second one."]],
        "references": [[["R1 a.", "R1 b."], ["R2."]]],
    }
    (doc,) = load_tabular(write(tmp_path, columns)).documents
    assert doc.id == "7"
    assert doc.text == "First sentence.\nSecond one."
    assert [r.text for r in doc.references] == ["R1 a.\nR1 b.", "R2."]


@ALL
def test_rows_are_numbered_when_there_is_no_id_column(tmp_path: Path, write: Writer) -> None:
    columns = {k: list(v) * 4 for k, v in SMALL.items() if k != "id"}  # 12 rows
    corpus = load_tabular(write(tmp_path, columns), subset=Subset(sample=3, seed=5))
    ids = [d.id for d in corpus.documents]
    assert len(ids) == 3
    assert all(len(i) == 2 for i in ids)
    texts = [columns["text"][int(i)] for i in ids]
    assert [d.text for d in corpus.documents] == texts


def test_limit_takes_the_first_rows_in_file_order(tmp_path: Path) -> None:
    corpus = load_tabular(write_parquet(tmp_path, SMALL), subset=Subset(limit=2))
    assert [d.id for d in corpus.documents] == ["a", "b"]  # rows 0 and 1, then sorted


@given(rows=st.integers(0, 300), n=st.integers(1, 40), seed=st.integers(0, 2**31))
def test_sample_is_sorted_distinct_and_nested(rows: int, n: int, seed: int) -> None:
    small, large = Subset(sample=n, seed=seed), Subset(sample=n + 1, seed=seed)
    chosen = small.indices(rows)
    assert list(chosen) == sorted(set(chosen))
    assert len(chosen) == min(n, rows)
    assert all(0 <= i < rows for i in chosen)
    assert set(chosen) <= set(large.indices(rows))
    assert chosen == Subset(sample=n, seed=seed).indices(rows)


def test_subsets_of_a_loaded_corpus_count_in_id_order() -> None:
    corpus = load_corpus(docs=SEEDS, refs=REFERENCES)
    first = subset_corpus(corpus, Subset(limit=2))
    assert first.documents == corpus.documents[:2]
    sample = subset_corpus(corpus, Subset(sample=3, seed=4))
    positions = Subset(sample=3, seed=4).indices(len(corpus.documents))
    assert sample.documents == tuple(corpus.documents[i] for i in positions)


def test_sample_depends_on_the_seed() -> None:
    assert Subset(sample=10, seed=1).indices(1000) != Subset(sample=10, seed=2).indices(1000)
    assert Subset(sample=10, seed=1).signature_value() == "sample-10-seed-1"
    assert Subset(limit=5).signature_value() == "first-5"
    assert Subset().signature_value() is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"limit": 0}, "--limit must be at least 1"),
        ({"sample": -1}, "--sample must be at least 1"),
        ({"limit": 2, "sample": 2}, "cannot be combined"),
    ],
)
def test_bad_subsets(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(InputError, match=message):
        Subset(**kwargs)


def test_field_options_pick_the_columns(tmp_path: Path) -> None:
    columns: Columns = {"key": ["x"], "body": ["Some text."], "gold": ["A summary."]}
    fields = JsonlFields(id="key", text=("missing", "body"), refs="gold")
    (doc,) = load_tabular(write_parquet(tmp_path, columns), fields=fields).documents
    assert (doc.id, doc.text, doc.references[0].text) == ("x", "Some text.", "A summary.")


def _one_line_error(source: str, **kwargs: object) -> str:
    with pytest.raises(InputError) as caught:
        load_tabular(source, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("column", "values", "expected"),
    [
        ("text", [1, 2, 3], "column 'text' holds integer; the text must be a string or a list"),
        ("references", [1.5, 2.0, 3.0], "column 'references' holds double"),
        ("id", [True, False, True], "column 'id' holds bool"),
    ],
)
def test_a_column_of_the_wrong_type_is_one_line(
    tmp_path: Path, column: str, values: list[object], expected: str
) -> None:
    columns = {**SMALL, column: values}
    assert expected in _one_line_error(write_parquet(tmp_path, columns))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"text": ["ok", None, "ok"]}, "row 1: field 'text' is empty (null)"),
        ({"text": ["ok", "  ", "ok"]}, "row 1: field 'text' must be a non-empty string"),
        ({"references": ["ok", "ok", None]}, "row 2: field 'references' is empty (null)"),
        ({"id": ["a", "A", "b"]}, "row 1: id 'A' repeats row 0 (ignoring case)"),
        ({"id": ["a", "../x", "b"]}, "row 1: document id '../x' is not a safe file name"),
        ({"id": ["a", None, "b"]}, "row 1: field 'id' must be a string or an integer"),
    ],
)
def test_errors_name_the_field_and_the_row(
    tmp_path: Path, change: dict[str, list[object]], expected: str
) -> None:
    source = write_parquet(tmp_path, {**SMALL, **change})
    assert f"{source} {expected}" in _one_line_error(source)


def test_missing_columns_are_listed(tmp_path: Path) -> None:
    source = write_csv(tmp_path, {"id": ["a"], "body": ["x"], "references": ["y"]})
    message = _one_line_error(source)
    assert (
        "no text column (looked for 'text', 'article'; it has 'id', 'body', 'references')"
        in message
    )
    named = JsonlFields(id="key")
    assert "no id column" in _one_line_error(write_parquet(tmp_path, SMALL), fields=named)


def test_csv_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text('id,text,references\na,"two\nlines",r\nb,too,many,fields\n', encoding="utf-8")
    assert "bad.csv line 4: 4 fields, the header has 3" in _one_line_error(str(path))
    path.write_text("id,id,text\n", encoding="utf-8")
    assert "a column name repeats" in _one_line_error(str(path))


def test_csv_cells_longer_than_the_csv_default_limit(tmp_path: Path) -> None:
    long_text = "A long sentence. " * 20_000  # 340,000 characters > 131,072
    (doc,) = load_tabular(
        write_csv(tmp_path, {**SMALL, "text": [long_text] * 3}), subset=Subset(limit=1)
    ).documents
    assert doc.text == long_text
    assert csv.field_size_limit() == 131_072  # restored


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("hf:only-a-name", "expected hf:NAME:SPLIT or hf:NAME:CONFIG:SPLIT"),
        ("hf:a:b:c:d", "expected hf:NAME:SPLIT"),
        ("hf:no-such-owner/no-such-set:test", "cannot load it from the Hugging Face cache"),
        ("missing.parquet", "documents not found"),
    ],
)
def test_bad_sources(source: str, expected: str) -> None:
    assert expected in _one_line_error(source)


def test_other_files_and_folders_are_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert "expected .parquet or .csv" in _one_line_error(str(tmp_path / "notes.txt"))
    (tmp_path / "broken.parquet").write_bytes(b"not parquet")
    assert "cannot read" in _one_line_error(str(tmp_path / "broken.parquet"))
    assert "not a folder written by save_to_disk" in _one_line_error(str(tmp_path))


def test_a_dataset_dict_folder_asks_for_one_split(tmp_path: Path) -> None:
    split = datasets.Dataset.from_dict(dict(SMALL))
    datasets.DatasetDict({"test": split, "train": split}).save_to_disk(str(tmp_path / "dd"))
    assert is_tabular(tmp_path / "dd")
    assert is_tabular(tmp_path / "dd" / "test")
    message = _one_line_error(str(tmp_path / "dd"))
    assert "holds several splits (test, train): pass one" in message
    assert len(load_tabular(str(tmp_path / "dd" / "test")).documents) == 3


def test_docs_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    namespace = run_python_blocks(ROOT / "docs" / "inputs-tabular.md", tmp_path, monkeypatch)
    assert namespace["result"].system("lead").scores["rouge1"].fmeasure > 0
    assert [d.id for d in namespace["corpus"].documents] == ["0"]  # Multi-News: rows numbered


@pytest.mark.parametrize(
    ("source", "expected"),
    [("hf:x:test", True), ("a.PARQUET", True), ("a.csv", True), ("a.jsonl", False)],
)
def test_is_tabular(source: str, expected: bool, tmp_path: Path) -> None:
    assert is_tabular(source) is expected
    assert is_tabular(tmp_path) is False  # a plain folder: text files
