"""Ids and system names are checked when read, not when their summary is written (issue 12, 6).

A summary goes to ``summaries/<system>/<id>.txt``: every id part and system name must be
one file name (at most 255 bytes with ``.txt``, no control character), for folders,
JSONL, clusters and the library alike; a JSONL text holds no NUL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sumbench.cli import main
from sumbench.corpus.checks import check_doc_id, check_system_name
from sumbench.corpus.model import build_corpus
from sumbench.engine.config import RunConfig
from sumbench.errors import InputError

from ..conftest import TINY_DOCS, TINY_REFS

HOSTILE_IDS = {
    "255 bytes": "a" * 255,
    "252 bytes": "a" * 252,
    "252 bytes of two-byte letters": "é" * 126,
    "long part under a folder": "ok/" + "b" * 252,
    "LF": "a\nb",
    "CR": "a\rb",
    "tab": "a\tb",
    "ESC title": "x\x1b]0;PWNED\x07\x1b[2J",
    "NUL": "a\x00b",
    "C1 CSI": "a\x9bb",
    "DEL": "a\x7fb",
    "parent": "../x",
    "absolute": "/x",
    "dot part": "a/.b",
    "empty part": "a//b",
    "backslash": "a\\b",
    "colon": "a:b",
    "space around": " a",
    "over 1024 bytes": "/".join(["p" * 200] * 6),
}


def _jsonl(path: Path, doc_id: str, text: str = TINY_DOCS["alpha"], refs: object = None) -> Path:
    row = {"id": doc_id, "text": text, "references": refs or TINY_REFS["alpha"]}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return path


def _one_line_error(argv: list[str], capsys: pytest.CaptureFixture[str], *words: str) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "\x1b" not in err
    assert "\r" not in err
    for word in words:
        assert word in err


@pytest.mark.parametrize("doc_id", list(HOSTILE_IDS.values()), ids=list(HOSTILE_IDS))
def test_a_hostile_jsonl_id_stops_the_run_before_any_work(
    doc_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _jsonl(tmp_path / "c.jsonl", doc_id)
    out = tmp_path / "out"
    _one_line_error(
        ["run", "--docs", str(corpus), "--out", str(out), "--systems", "lead"],
        capsys,
        "c.jsonl:1",
        "not a safe file name",
    )
    assert not out.exists()
    with pytest.raises(InputError, match="not a safe file name"):
        build_corpus([(doc_id, "Some text.", ["Text."])])


@pytest.mark.parametrize(
    "name", ["a\nb", "a\rb", "x\x1b[2Jy", "a\tb"], ids=["LF", "CR", "ESC", "tab"]
)
def test_a_hostile_file_name_in_a_documents_folder_is_refused(
    name: str, make_corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, refs = make_corpus({name: TINY_DOCS["alpha"]}, {name: TINY_REFS["alpha"]})
    _one_line_error(
        ["run", "--docs", str(docs), "--refs", str(refs), "--systems", "lead", "--out", "o"],
        capsys,
        "control character",
    )


def test_the_longest_id_that_fits_runs_and_writes_its_summary(tmp_path: Path) -> None:
    longest = "é" * 125 + "a"  # 251 bytes: 255 with ".txt"
    corpus = _jsonl(tmp_path / "c.jsonl", f"{longest}/{longest}")
    out = tmp_path / "out"
    assert (
        main(["run", "--docs", str(corpus), "--out", str(out), "--systems", "lead", "--quiet"]) == 0
    )
    assert (out / "summaries" / "lead" / longest / f"{longest}.txt").is_file()


@pytest.mark.parametrize("field", ["text", "references"])
def test_a_nul_in_a_jsonl_text_is_refused(
    field: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "A sentence.\x00 Another one." if field == "text" else TINY_DOCS["alpha"]
    refs = ["A reference.\x00"] if field == "references" else None
    corpus = _jsonl(tmp_path / "c.jsonl", "d", text, refs)
    _one_line_error(
        ["run", "--docs", str(corpus), "--systems", "lead", "--out", str(tmp_path / "o")],
        capsys,
        f"field '{field}'",
        "\\x00",
    )


@pytest.mark.parametrize(
    "name", ["x" * 256, "a\x1b]0;PWNED\x07", "a\nb", "", ".hidden", "a/b", " a"], ids=repr
)
def test_hostile_system_names_are_refused(name: str, tiny_corpus: tuple[Path, Path]) -> None:
    with pytest.raises(InputError, match="bad system name"):
        check_system_name(name)
    docs, refs = tiny_corpus
    with pytest.raises(InputError, match="bad system name"):
        RunConfig(docs=docs, refs=refs, systems=("lead",), system_dirs=((name, docs),))
    with pytest.raises(InputError, match="bad system name"):
        RunConfig(docs=docs, refs=refs, systems=("lead",), plugins=((name, "m:f"),))


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_an_accepted_id_is_always_a_writable_path(tmp_path_factory, doc_id: str) -> None:
    try:
        check_doc_id(doc_id, where="test")
    except InputError:
        return
    root = tmp_path_factory.mktemp("ids") / "summaries" / "system"
    path = root / f"{doc_id}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    assert root in path.resolve().parents


@pytest.mark.parametrize("where", ["id", "text"])
def test_a_lone_surrogate_is_refused(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "c.jsonl"
    row = json.dumps({"id": "d", "text": TINY_DOCS["alpha"], "references": ["R."]})
    corpus.write_text(row.replace('"d"' if where == "id" else '"R."', '"\\ud800"') + "\n")
    _one_line_error(
        ["run", "--docs", str(corpus), "--systems", "lead", "--out", str(tmp_path / "o")],
        capsys,
        "surrogate",
    )
