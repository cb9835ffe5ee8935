"""The results folder of a warm re-run: left alone when unchanged, rewritten when edited."""

from __future__ import annotations

from pathlib import Path

from sumbench.cli import main


def _run(corpus: tuple[Path, Path], out: Path, cache: Path) -> None:
    docs, refs = corpus
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]
    assert main([*argv, "--systems", "lead,luhn", "--cache-dir", str(cache), "--quiet"]) == 0


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_unchanged_folder_is_not_rewritten_and_an_edited_one_is(
    tiny_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    _run(tiny_corpus, out, cache)
    written = _tree(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    _run(tiny_corpus, out, cache)  # warm: nothing to render, nothing to write
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == mtimes
    (out / "results.md").write_text("edited by hand\n", encoding="utf-8")
    _run(tiny_corpus, out, cache)
    assert _tree(out) == written  # the edit is noticed: the folder is written again
