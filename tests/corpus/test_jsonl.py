"""JSONL corpora: fields, ids with '/', one-line errors naming file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sumbench.cli import main
from sumbench.corpus.jsonl import JsonlFields, load_jsonl
from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run
from sumbench.errors import InputError

from ..conftest import ROOT, TINY_DOCS, TINY_REFS

BBC = ROOT.parent / "shared" / "corpora" / "bbc" / "bbc_news_summary.jsonl"


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _tiny_rows(prefix: str = "") -> list[dict[str, object]]:
    return [
        {"id": f"{prefix}{doc_id}", "text": text, "references": TINY_REFS[doc_id]}
        for doc_id, text in TINY_DOCS.items()
    ]


def test_jsonl_scores_like_the_folder_layout(
    tiny_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    docs, refs = tiny_corpus
    corpus_file = _write(tmp_path / "c.jsonl", _tiny_rows())
    from_jsonl = run(RunConfig(docs=corpus_file, systems=("lead", "oracle")))
    from_dirs = run(RunConfig(docs=docs, refs=refs, systems=("lead", "oracle")))
    assert [d.scores for d in from_jsonl.documents] == [d.scores for d in from_dirs.documents]


def test_ids_with_slashes_become_subfolders(tmp_path: Path) -> None:
    corpus_file = _write(tmp_path / "c.jsonl", _tiny_rows("news/"))
    out = tmp_path / "out"
    assert main(["run", "--docs", str(corpus_file), "--systems", "lead", "--out", str(out)]) == 0
    assert (out / "summaries" / "lead" / "news" / "alpha.txt").is_file()


def test_field_names_are_configurable(tmp_path: Path) -> None:
    rows = [{"key": 7, "body": "One. Two.", "gold": ["One."]}]
    corpus = load_jsonl(
        _write(tmp_path / "c.jsonl", rows),
        fields=JsonlFields(id="key", text=("body",), refs="gold"),
    )
    assert corpus.documents[0].id == "7"
    out = tmp_path / "o"
    argv = ["run", "--docs", str(tmp_path / "c.jsonl"), "--out", str(out), "--systems", "lead"]
    argv += ["--id-field", "key", "--text-field", "body", "--refs-field", "gold"]
    assert main(argv) == 0
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["config"]["jsonl"] == {"id": "key", "text": ["body"], "refs": "gold"}


def test_article_is_the_fallback_text_field(tmp_path: Path) -> None:
    rows = [{"id": "a", "article": "Body text.", "references": ["Body."]}]
    assert load_jsonl(_write(tmp_path / "c.jsonl", rows)).documents[0].text == "Body text."


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "c.jsonl:2: not valid JSON"),
        ("[1, 2]", "c.jsonl:2: expected a JSON object"),
        ('{"text": "x", "references": ["y"]}', "c.jsonl:2: field 'id' must be"),
        ('{"id": "b", "references": ["y"]}', "c.jsonl:2: no text field"),
        ('{"id": "b", "text": "x"}', "c.jsonl:2: no references field"),
        ('{"id": "b", "text": "x", "references": "y"}', "non-empty list of strings"),
        ('{"id": "b", "text": "x", "references": [""]}', "must be a non-empty string"),
        ('{"id": "b", "text": " ", "references": ["y"]}', "field 'text' must be a non-empty"),
        ('{"id": "A", "text": "x", "references": ["y"]}', "c.jsonl:2: id 'A' repeats line 1"),
        ('{"id": "../b", "text": "x", "references": ["y"]}', "not a safe file name"),
        ('{"id": "b/", "text": "x", "references": ["y"]}', "not a safe file name"),
    ],
)
def test_bad_lines_name_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, message: str
) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "a", "text": "x.", "references": ["y."]}\n' + line + "\n", "utf-8")
    with pytest.raises(InputError, match=r"c\.jsonl:2"):
        load_jsonl(path)
    assert main(["run", "--docs", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert message in err


def test_blank_lines_are_skipped_and_empty_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('\n{"id": "a", "text": "x.", "references": ["y."]}\n\n', encoding="utf-8")
    assert len(load_jsonl(path).documents) == 1
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="no documents"):
        load_jsonl(path)


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "a", "text": "x.", "references": ["y."]}\n{"id": "\xff"}\n')
    with pytest.raises(InputError, match=r"c\.jsonl:2: not valid UTF-8"):
        load_jsonl(path)


@pytest.mark.slow
@pytest.mark.skipif(not BBC.is_file(), reason=f"BBC corpus not found at {BBC} (shared data)")
def test_bbc_corpus_loads_as_it_is(tmp_path: Path) -> None:
    corpus = load_jsonl(BBC)
    assert len(corpus.documents) == 2225
    assert corpus.documents[0].id == "business/001"
    # End to end on the first lines of the real file (the whole run takes ~20 s).
    head = tmp_path / "bbc_head.jsonl"
    head.write_text("".join(BBC.read_text(encoding="utf-8").splitlines(True)[:3]), "utf-8")
    out = tmp_path / "out"
    assert main(["run", "--docs", str(head), "--systems", "lead,textrank", "--out", str(out)]) == 0
    assert (out / "summaries" / "textrank" / "business" / "003.txt").is_file()
