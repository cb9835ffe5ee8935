"""Parallel runs, the result cache and their command-line flags: same numbers, less work."""

from __future__ import annotations

import json
import multiprocessing
import pickle
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from sumbench.cli import main
from sumbench.corpus.folders import load_corpus
from sumbench.corpus.model import Corpus, build_corpus
from sumbench.engine import cache
from sumbench.engine.config import RunConfig
from sumbench.engine.executor import progress_bar as _progress
from sumbench.engine.pipeline import run
from sumbench.errors import InputError, SystemFailed
from sumbench.report.text import render_json
from sumbench.stats.config import StatsConfig
from sumbench.systems.base import System
from sumbench.systems.registry import REGISTRY

from ..bbc import bbc_sample
from ..conftest import REFERENCES, SEEDS, TINY_DOCS, TINY_REFS
from .packs import pack_lines, result_pack, valid_keys


def _seeds() -> Corpus:
    return load_corpus(docs=SEEDS, refs=REFERENCES)


def test_every_system_can_be_sent_to_a_worker_process() -> None:
    for name, system in REGISTRY.items():
        assert pickle.loads(pickle.dumps(system)) == system, name


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [2, 3])
def test_parallel_results_identical_to_serial(jobs: int) -> None:
    corpus = _seeds()
    serial = run(RunConfig(jobs=1), corpus=corpus)
    parallel = run(RunConfig(jobs=jobs), corpus=corpus)
    assert render_json(parallel) == render_json(serial)
    assert [(d.doc_id, d.system) for d in parallel.documents] == [
        (d.doc_id, d.system) for d in serial.documents
    ]


@pytest.mark.slow
def test_parallel_identical_to_serial_on_bbc_sample() -> None:
    rows = bbc_sample(stride=150)
    corpus = build_corpus([(r["id"], r["article"], r["references"]) for r in rows])
    serial = run(RunConfig(jobs=1), corpus=corpus)
    assert render_json(run(RunConfig(jobs=2), corpus=corpus)) == render_json(serial)


def test_jobs_do_not_enter_signature_or_config() -> None:
    config = RunConfig(jobs=2, cache_dir=Path("somewhere"))
    assert "jobs" not in config.as_dict()
    assert "cache_dir" not in config.as_dict()
    with pytest.raises(InputError, match="jobs must be at least 1"):
        RunConfig(jobs=0)


@pytest.mark.slow
def test_cache_miss_then_hit_gives_identical_results(tmp_path: Path) -> None:
    corpus = _seeds()
    config = RunConfig(jobs=2, cache_dir=tmp_path / "c")
    cold = run(config, corpus=corpus)
    assert (cold.cache_stats.reused, cold.cache_stats.computed) == (0, 55)
    assert len(valid_keys(tmp_path / "c")) == len(pack_lines(tmp_path / "c")) == 55
    warm = run(config, corpus=corpus)
    assert (warm.cache_stats.reused, warm.cache_stats.computed) == (55, 0)
    assert render_json(warm) == render_json(cold)
    assert render_json(run(RunConfig(jobs=1), corpus=corpus)) == render_json(cold)


def test_rerun_recomputes_only_what_changed(tmp_path: Path) -> None:
    config = RunConfig(jobs=1, cache_dir=tmp_path / "c")
    run(RunConfig(systems=("lead", "kl"), jobs=1, cache_dir=tmp_path / "c"), corpus=_tiny())
    more = run(
        RunConfig(systems=("lead", "kl", "lsa"), jobs=1, cache_dir=tmp_path / "c"), corpus=_tiny()
    )
    assert (more.cache_stats.reused, more.cache_stats.computed) == (4, 2)
    changed = {**TINY_DOCS, "beta": TINY_DOCS["beta"] + "\nA late sentence was added."}
    edited = run(config, corpus=_tiny(changed))
    assert edited.cache_stats.computed == len(REGISTRY) + (len(REGISTRY) - 3)
    other_k = run(RunConfig(jobs=1, sentences=2, cache_dir=tmp_path / "c"), corpus=_tiny(changed))
    assert other_k.cache_stats.reused == 0


def _tiny(docs: dict[str, str] = TINY_DOCS) -> Corpus:
    return build_corpus([(doc_id, text, TINY_REFS[doc_id]) for doc_id, text in docs.items()])


def test_keys_change_with_every_input() -> None:
    kl = cache.system_digest("kl", {})
    base = cache.result_key("run", "doc", kl)
    assert base == cache.result_key("run", "doc", cache.system_digest("kl", {}))
    others = {
        cache.result_key("run2", "doc", kl),
        cache.result_key("run", "doc2", kl),
        cache.result_key("run", "doc", cache.system_digest("lsa", {})),
        cache.result_key("run", "doc", cache.system_digest("kl", {"alpha": 1})),
        cache.result_key("run", "doc", cache.system_digest("kl", {"alpha": "1"})),
    }
    assert base not in others
    assert len(others) == 5
    assert cache.system_digest("s", {"a": 1, "b": 2}) == cache.system_digest("s", {"b": 2, "a": 1})
    refs = [("000", cache.digest("A reference."))]
    assert cache.document_digest("a", "Text.", refs) != cache.document_digest("b", "Text.", refs)
    assert cache.document_digest("a", "Text.", refs) != cache.document_digest("a", "Text!", refs)
    assert cache.document_digest("a", "T.", refs) != cache.document_digest("a", "T.", refs * 2)
    config = RunConfig()
    from sumbench.engine.cache import run_digest

    assert run_digest(config) != run_digest(RunConfig(sentences=4))
    assert run_digest(config) != run_digest(RunConfig(seed=1))
    assert run_digest(config) == run_digest(RunConfig(jobs=1))


def test_entry_round_trip_and_every_kind_of_damage_is_rejected() -> None:
    payload = {"x": [1, 2.5, "é"]}
    key = b"k" * 32
    text = cache.encode_entry("k1", payload, secret=key)
    assert cache.decode_entry(text, "k1", secret=key) == payload
    assert cache.decode_entry(text, "k2", secret=key) is None  # misplaced
    assert cache.decode_entry(text[: len(text) // 2], "k1", secret=key) is None  # truncated
    assert cache.decode_entry("", "k1", secret=key) is None
    assert cache.decode_entry("[1, 2]", "k1", secret=key) is None
    assert cache.decode_entry(text.replace("2.5", "2.6"), "k1", secret=key) is None  # MAC
    assert cache.decode_entry(text, "k1", secret=b"o" * 32) is None  # another cache's


def test_corrupt_entries_are_recomputed_never_trusted(tmp_path: Path) -> None:
    root = tmp_path / "c"
    config = RunConfig(jobs=1, cache_dir=root)
    clean = run(config, corpus=_tiny())
    pack = result_pack(root)
    lines = pack.read_bytes().split(b"\n")[:-1]
    keys = [line[:64].decode() for line in lines]
    lines[0] = lines[0][:40]  # truncated
    lines[1] = b"\xff\xfe garbage"  # not even UTF-8
    lines[2] = lines[2][:64] + lines[3][64:]  # another entry's MAC and payload
    body = json.loads(lines[4][130:])
    forged = {**body, "summary": ["Forged."]}  # the MAC no longer matches
    lines[4] = lines[4][:130] + cache.canonical_json(forged).encode()
    bad_shape = {"id": "alpha", "system": "lead", "indices": "0", "summary": [], "scores": {}}
    lines[5] = cache.pack_line(keys[5], bad_shape, secret=cache.cache_secret(root)).encode()[:-1]
    lines[-1] = lines[-1][: len(lines[-1]) // 2]  # the last line cut short, no newline
    pack.write_bytes(b"\n".join(lines))
    again = run(config, corpus=_tiny())
    assert (again.cache_stats.reused, again.cache_stats.computed) == (len(lines) - 6, 6)
    assert render_json(again) == render_json(clean)
    assert run(config, corpus=_tiny()).cache_stats.computed == 0  # the entries were appended
    assert pack.read_bytes().count(b"\n") == len(lines) + 6  # the cut line was ended first
    assert sorted(set(valid_keys(root))) == sorted(keys)


def test_pack_lines_are_whole_signed_and_keyed(tmp_path: Path) -> None:
    pack = cache.Pack(tmp_path, tmp_path / "results" / "p.pack")
    assert pack.read(["0" * 64]) == {}  # no pack yet
    a, b, text = "a" * 64, "b" * 64, "line\nbreak \u2028 \r"
    pack.append([(a, {"x": text}), (b, {"x": 2})])
    pack.append([(b, {"x": 3})])  # a later line for a key wins
    assert pack.read([a, b]) == {a: {"x": text}, b: {"x": 3}}
    assert pack.read([b]) == {b: {"x": 3}}  # only what is asked for
    assert pack.path.read_bytes().count(b"\n") == 3
    assert stat.S_IMODE(pack.path.stat().st_mode) == 0o600  # private, as one-file entries
    with pytest.raises(ValueError, match="64 hex digits"):
        cache.pack_line("../x", {}, secret=b"s" * 32)
    other = cache.Pack(tmp_path / "other", pack.path)  # another cache's secret
    assert other.read([a]) == {}


def test_cache_path_that_is_a_file_is_an_input_error(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(InputError, match="not a folder"):
        run(RunConfig(jobs=1, cache_dir=target), corpus=_tiny())


def _hammer(root: str, writer: int, rounds: int) -> None:
    for r in range(rounds):
        for i in range(20):
            cache.write_entry(
                Path(root), f"{i:064x}", {"writer": writer, "round": r, "pad": "x" * 5000}
            )


@pytest.mark.slow
def test_concurrent_writers_never_expose_a_partial_entry(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_hammer, args=(str(tmp_path), w, 40)) for w in range(2)]
    for w in writers:
        w.start()
    seen = 0
    while any(w.is_alive() for w in writers):
        for i in range(20):
            key = f"{i:064x}"
            if cache.entry_path(tmp_path, key).exists():
                assert cache.read_entry(tmp_path, key) is not None, "partial entry seen"
                seen += 1
    for w in writers:
        w.join()
        assert w.exitcode == 0
    assert seen > 0
    assert not list(tmp_path.rglob("*.tmp"))


def _append(root: str, writer: int, rounds: int) -> None:
    pack = cache.Pack(Path(root), Path(root) / "results" / "p.pack")
    for r in range(rounds):
        pack.append([(f"{writer}{i:063x}", {"round": r, "pad": "x" * 5000}) for i in range(20)])


@pytest.mark.slow
def test_concurrent_appenders_never_interleave_lines(tmp_path: Path) -> None:
    cache.prepare_cache_dir(tmp_path)
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_append, args=(str(tmp_path), w, 40)) for w in (1, 2)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
        assert w.exitcode == 0
    assert len(valid_keys(tmp_path)) == len(pack_lines(tmp_path)) == 2 * 40 * 20


@pytest.mark.slow
def test_two_cli_runs_sharing_a_cache_at_once(tmp_path: Path) -> None:
    cache_dir = tmp_path / "shared-cache"
    commands = [
        [sys.executable, "-m", "sumbench", "run", "--docs", str(SEEDS), "--refs", str(REFERENCES),
         "--out", str(tmp_path / f"out{i}"), "--cache-dir", str(cache_dir), "--jobs", "1"]
        for i in range(2)
    ]  # fmt: skip
    children = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in commands
    ]
    for child in children:
        _, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
    first, second = (
        json.loads((tmp_path / f"out{i}" / "results.json").read_text()) for i in (0, 1)
    )
    assert first == second
    assert len(set(valid_keys(cache_dir))) == 55  # each run may have stored all 55
    assert len(valid_keys(cache_dir)) == len(pack_lines(cache_dir))  # every line whole
    assert not list(cache_dir.rglob("*.tmp"))
    third = run(RunConfig(jobs=1, cache_dir=cache_dir), corpus=_seeds())
    assert third.cache_stats.computed == 0


def _cli(tmp_path: Path, *extra: str) -> list[str]:
    docs = tmp_path / "docs"
    refs = tmp_path / "refs"
    if not docs.exists():
        from ..conftest import write_corpus

        docs, refs = write_corpus(tmp_path, TINY_DOCS, TINY_REFS)
    return ["run", "--docs", str(docs), "--refs", str(refs), *extra]


@pytest.mark.slow
def test_cli_jobs_cache_dir_and_quiet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache_dir = tmp_path / "cc"
    base = ["--cache-dir", str(cache_dir)]
    assert main(_cli(tmp_path, "--out", str(tmp_path / "o1"), "--jobs", "1", *base)) == 0
    assert "0 reused, 22 computed" in capsys.readouterr().err
    assert main(_cli(tmp_path, "--out", str(tmp_path / "o2"), "--jobs", "2", *base)) == 0
    assert "22 reused, 0 computed" in capsys.readouterr().err
    assert main(_cli(tmp_path, "--out", str(tmp_path / "o3"), "--no-cache", "--quiet")) == 0
    assert capsys.readouterr().err == ""  # quiet, and no progress bar off a terminal
    texts = {(tmp_path / o / "results.json").read_text() for o in ("o1", "o2", "o3")}
    assert len(texts) == 1


@pytest.mark.slow
def test_cli_no_cache_writes_no_cache(
    tmp_path: Path, default_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_cli(tmp_path, "--out", str(tmp_path / "o"), "--no-cache")) == 0
    assert list(default_cache.iterdir()) == []
    assert "cache" not in capsys.readouterr().err
    assert main(_cli(tmp_path, "--out", str(tmp_path / "o"))) == 0
    assert valid_keys(default_cache)  # the default cache is used without --no-cache


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_cli_bad_jobs_is_one_line_exit_2(
    value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        sys.exit(main(_cli(tmp_path, "--out", str(tmp_path / "o"), "--jobs", value)))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "--jobs" in err[0] or "invalid int" in err[0]


def test_progress_bar_only_when_asked() -> None:
    assert _progress(10, enabled=False).disable
    bar = _progress(10, enabled=True)
    assert not bar.disable
    assert bar.delay == 2.0
    assert not bar.monitor_interval  # no thread alive when workers are forked
    bar.close()


def _broken(doc: object, ctx: object) -> tuple[int, ...]:
    raise RuntimeError("broken system")


def test_an_error_in_a_worker_is_a_failure_or_with_fail_fast_stops_the_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = System("broken", "always fails", _broken)
    lead = REGISTRY["lead"]
    monkeypatch.setattr("sumbench.engine.pipeline.resolve_systems", lambda config: [lead, broken])
    result = run(RunConfig(systems=("lead",), jobs=2), corpus=_seeds())
    assert len(result.failures) == 5
    assert {f.error for f in result.failures} == {"RuntimeError: broken system"}
    assert [s.name for s in result.systems] == ["lead"]
    with pytest.raises(SystemFailed, match="system 'broken' failed on document"):
        run(RunConfig(systems=("lead",), jobs=2, fail_fast=True), corpus=_seeds())


@pytest.mark.slow
def test_cached_analysis_is_reused_and_a_damaged_one_recomputed(tmp_path: Path) -> None:
    # Intervals, pairwise tests and warnings are cached under the scores' digest.
    config = RunConfig(jobs=1, cache_dir=tmp_path / "c")
    cold = run(config, corpus=_seeds())
    (entry,) = (tmp_path / "c" / "analysis").glob("??/*.json")
    assert render_json(run(config, corpus=_seeds())) == render_json(cold)
    entry.write_text(entry.read_text()[:50])  # truncated
    assert render_json(run(config, corpus=_seeds())) == render_json(cold)
    assert len(list((tmp_path / "c" / "analysis").glob("??/*.json"))) == 1
    other = run(replace(config, stats=StatsConfig(confidence=0.9)), corpus=_seeds())
    assert other.level == "90"
    assert len(list((tmp_path / "c" / "analysis").glob("??/*.json"))) == 2
