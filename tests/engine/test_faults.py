"""Faults: hanging systems, interrupted and killed runs lose nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sumbench.cli import main

from ..conftest import write_corpus
from .packs import pack_lines, valid_keys

SLOW_PLUGIN = """
import time

def slow(sentences, k):
    time.sleep(0.15)
    return [0]

def hang_on_beta(sentences, k):
    if sentences[0].startswith("Beta"):
        while True:
            time.sleep(0.01)
    return [0]
"""


def _corpus(base: Path, n: int) -> tuple[Path, Path]:
    docs = {
        f"d{i:02d}": " ".join(
            f"Sentence {j} of document {i} talks about rifles and talks." for j in range(12)
        )
        for i in range(n)
    }
    docs["d00"] = "Beta starts here. " + docs["d00"]
    refs = {doc_id: ["Documents talk about rifles."] for doc_id in docs}
    return write_corpus(base, docs, refs)


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A module with slow and hanging summarizers, importable here and in children."""
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "fault_plugins.py").write_text(SLOW_PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_hanging_system_times_out_and_is_reported(
    jobs: str, tmp_path: Path, plugin: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, refs = _corpus(tmp_path / "c", 3)
    out = tmp_path / "out"
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out), "--no-cache"]
    argv += ["--systems", "lead", "--system", "hang=fault_plugins:hang_on_beta"]
    started = time.monotonic()
    assert main([*argv, "--timeout", "0.5", "--jobs", jobs]) == 3
    assert time.monotonic() - started < 30
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["failures"] == [{"id": "d00", "system": "hang", "error": "timed out after 0.5 s"}]
    assert data["systems"]["hang"]["coverage"] == {"documents": 2, "of": 3}
    assert "results are incomplete" in capsys.readouterr().err


def test_bad_timeout_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs, refs = _corpus(tmp_path / "c", 1)
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(tmp_path / "o")]
    assert main([*argv, "--timeout", "0"]) == 2
    assert "--timeout must be a positive number" in capsys.readouterr().err


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_run_killed_midway_loses_nothing_and_resumes(
    how: signal.Signals, tmp_path: Path, plugin: Path
) -> None:
    docs, refs = _corpus(tmp_path / "c", 30)
    out, cache_dir = tmp_path / "results", tmp_path / "cache"
    base = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]
    base += ["--cache-dir", str(cache_dir), "--jobs", "2"]
    assert main([*base, "--systems", "lead"]) == 0  # the previous results to protect
    before = _snapshot(out)
    argv = [*base, "--systems", "lead,textrank,luhn", "--system", "slow=fault_plugins:slow"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin), *sys.path])}
    child = subprocess.Popen(
        [sys.executable, "-m", "sumbench", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # SIGKILL reaches the workers too, as when a job is killed
    )
    deadline = time.monotonic() + 60
    while len(pack_lines(cache_dir)) < 30 + 12 and time.monotonic() < deadline:
        time.sleep(0.05)  # the lead run's 30 entries, then some of this run's
    assert child.poll() is None, "the run ended before it could be interrupted"
    os.killpg(child.pid, how)
    child.wait(timeout=60)
    if how == signal.SIGTERM:
        assert child.returncode == 130
        assert b"previous results left untouched" in (child.stderr.read() if child.stderr else b"")
    assert _snapshot(out) == before  # previous results untouched
    if how == signal.SIGTERM:  # unwound: no staging folder left behind
        assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "cache", "plugins", "results"]
    whole = valid_keys(cache_dir)
    assert len(pack_lines(cache_dir)) - len(whole) <= 1  # at most the line being written
    done = len(set(whole))
    resumed = subprocess.run(
        [sys.executable, "-m", "sumbench", *argv[:-2], "--systems", "lead,textrank,luhn"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stderr
    reused = int(resumed.stderr.split("cache ")[1].split(": ")[1].split(" reused")[0])
    assert reused >= done - 5  # every finished entry is reused (minus sources entries)
    assert reused > 30
