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


def test_the_folder_stamp_is_the_same_warm_and_cold_and_tells_values_apart(
    tmp_path: Path,
) -> None:
    from dataclasses import replace

    from sumbench import build_corpus
    from sumbench.engine.config import RunConfig
    from sumbench.engine.pipeline import run
    from sumbench.engine.writer import results_digest as _stamp
    from sumbench.scoring.config import Score

    corpus = build_corpus([("a", "Cats purr. Dogs bark. Birds sing.", ["Cats purr."])])
    config = RunConfig(systems=("lead", "random"), jobs=1, cache_dir=tmp_path / "c")
    cold, warm = run(config, corpus=corpus), run(config, corpus=corpus)
    assert (cold.cache_stats.computed, warm.cache_stats.reused) == (2, 2)
    assert _stamp(warm) == _stamp(cold)  # no numpy scalar, no shared object tells them apart
    first = cold.documents[0]
    stamps = {_stamp(cold)}
    for value in (0, 0.0, -0.0, 1e-300):  # JSON would write 0 and 0.0 apart: so must the stamp
        score = Score(value, value, value)
        edited = replace(first, scores=dict.fromkeys(first.scores, score))
        stamps.add(_stamp(replace(cold, documents=(edited, *cold.documents[1:]))))
    assert len(stamps) == 5


def test_a_run_keeps_its_results_on_disk_and_leaves_nothing_beside_them(
    tiny_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    from sumbench.engine.config import RunConfig
    from sumbench.engine.pipeline import run
    from sumbench.report.jsonio import render_results_json
    from sumbench.results import load_results
    from sumbench.results.spool import Spool

    docs, refs = tiny_corpus
    out = tmp_path / "runs" / "out"
    out.parent.mkdir()  # the spools go there, with no name
    config = RunConfig(docs=docs, refs=refs, out=out, systems=("lead", "luhn"), cache_dir=None)
    result = run(config)
    # Spools: anonymous files beside the results folder, which hold no name there.
    assert isinstance(result.documents, Spool)
    assert isinstance(result.sources, Spool)
    assert [p.name for p in out.parent.iterdir()] == ["out"]
    # What was streamed to disk is what the result renders to, and reads back the same.
    text = (out / "results.json").read_text(encoding="utf-8")
    assert text == render_results_json(result)
    assert load_results(out / "results.json") == result
