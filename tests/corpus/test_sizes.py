"""Input sizes: endless or huge files fail naming file and line; long documents are announced."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from sumbench import defaults
from sumbench.cli import main
from sumbench.corpus.checks import read_text
from sumbench.corpus.jsonl import load_jsonl
from sumbench.corpus.model import build_corpus
from sumbench.engine import sizes
from sumbench.engine.sizes import long_documents_warning
from sumbench.errors import InputError


def _limit(monkeypatch: pytest.MonkeyPatch, **values: int) -> None:
    limits = replace(defaults.LIMITS, **values)
    monkeypatch.setattr(defaults, "LIMITS", limits)
    monkeypatch.setattr(sizes, "LIMITS", limits)


def _line(doc_id: str, text: str) -> str:
    return json.dumps({"id": doc_id, "text": text, "references": ["A reference."]}) + "\n"


def test_dev_zero_as_a_jsonl_corpus_fails_on_its_first_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zero = tmp_path / "zero.jsonl"
    zero.symlink_to("/dev/zero")
    assert main(["run", "--docs", str(zero), "--out", str(tmp_path / "o"), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert f"{zero}:1: line longer than 67,108,864 bytes" in err
    assert len(err.splitlines()) == 1


def test_long_jsonl_line_names_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(_line("a", "Short text.") + _line("b", "Long text. " * 20), encoding="utf-8")
    _limit(monkeypatch, line_bytes=100)
    with pytest.raises(InputError, match=r"c\.jsonl:2: line longer than 100 bytes"):
        load_jsonl(corpus)
    _limit(monkeypatch, line_bytes=1000)
    assert [d.id for d in load_jsonl(corpus).documents] == ["a", "b"]  # at the limit: read


def test_large_files_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(_line(f"d{i}", "Some text.") for i in range(20)), encoding="utf-8")
    text = tmp_path / "doc.txt"
    text.write_text("A sentence. " * 100, encoding="utf-8")
    _limit(monkeypatch, file_bytes=500)
    with pytest.raises(InputError, match=r"c\.jsonl: larger than 500 bytes"):
        load_jsonl(corpus)
    with pytest.raises(InputError, match=r"doc\.txt: larger than 500 bytes"):
        read_text(text)
    _limit(monkeypatch, file_bytes=1200)
    assert read_text(text).startswith("A sentence.")


def test_long_documents_are_announced_with_the_slow_systems(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus = build_corpus(
        [
            ("short", "One. Two.", ["One."]),
            ("big", "Word. " * 50, ["Word."]),
            ("mid", "W. " * 40, ["W."]),
        ]
    )
    _limit(monkeypatch, doc_warn_chars=100)
    warning = long_documents_warning(corpus, ["lead", "textrank", "lexrank"])
    assert warning is not None
    assert warning.startswith("2 document(s) longer than 100 characters (longest: 'big', 300)")
    assert "textrank, lexrank may take minutes" in warning
    assert "expect a slower run" in (long_documents_warning(corpus, ["lead"]) or "")
    _limit(monkeypatch, doc_warn_chars=300)
    assert long_documents_warning(corpus, ["textrank"]) is None


def test_the_run_warns_before_working(
    tiny_corpus: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _limit(monkeypatch, doc_warn_chars=100)
    docs, refs = tiny_corpus
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(tmp_path / "o")]
    assert main([*argv, "--systems", "lead,textrank", "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert "sumbench: warning: 2 document(s) longer than 100 characters" in err
    assert "textrank may take minutes" in err
