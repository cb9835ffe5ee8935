"""``--executor dask`` through the command line: same bytes as ``--executor local --jobs 1``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from sumbench.cli import main
from sumbench.engine.executors import MISSING_DASK

from ..bbc import bbc_sample
from ..conftest import REFERENCES, SEEDS, write_corpus
from .test_executors import closed_port

SYSTEMS = "lead,textrank,lexrank,luhn,oracle,random"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _run(base: list[str], out: Path, *extra: str) -> dict[str, bytes]:
    assert main([*base, "--out", str(out), "--quiet", *extra]) == 0
    return _snapshot(out)


def _bbc_jsonl(tmp_path: Path, stride: int) -> Path:
    path = tmp_path / "bbc.jsonl"
    rows = bbc_sample(stride)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["seeds", "bbc"])
def test_dask_writes_the_bytes_of_a_serial_run(corpus: str, tmp_path: Path) -> None:
    if corpus == "seeds":
        base = ["run", "--docs", str(SEEDS), "--refs", str(REFERENCES)]
    else:
        base = ["run", "--docs", str(_bbc_jsonl(tmp_path, 40))]
    base += ["--systems", SYSTEMS]
    local_cache, dask_cache = tmp_path / "cache-local", tmp_path / "cache-dask"
    local = _run(base, tmp_path / "local", "--jobs", "1", "--cache-dir", str(local_cache))
    # Entries are signed with their cache's own key: give both caches the same one.
    dask_cache.mkdir()
    shutil.copy2(local_cache / "secret.key", dask_cache / "secret.key")
    dask = _run(
        base, tmp_path / "dask", "--executor", "dask", "--jobs", "2", "--cache-dir", str(dask_cache)
    )
    assert dask == local

    # The client writes the same cache entries, byte for byte, as the local run (but for
    # folders/, the record of each run's own results folder: its path and file times). A
    # pack's lines come in the order documents finished: the same lines, in any order.
    def entries(cache: Path) -> dict[str, object]:
        return {
            k: sorted(v.split(b"\n")) if k.endswith(".pack") else v
            for k, v in _snapshot(cache).items()
            if not k.startswith("folders/")
        }

    assert entries(dask_cache) == entries(local_cache)
    assert "results.json" in local


SLEEPY_PLUGIN = """
import os, time, uuid

def sleepy(sentences, k):
    time.sleep(0.1)
    open(os.path.join(os.environ["SLEEPY_MARKS"], uuid.uuid4().hex), "w").close()
    return [0]
"""


def _kill_one_worker_after(marks: Path, count: int, killed: list[int]) -> None:
    """SIGKILL one LocalCluster worker process once ``count`` documents are done."""
    import psutil

    deadline = time.monotonic() + 60
    while len(list(marks.iterdir())) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    for child in psutil.Process().children(recursive=True):
        if "resource_tracker" not in " ".join(child.cmdline()):
            os.kill(child.pid, signal.SIGKILL)
            killed.append(child.pid)
            return


@pytest.mark.slow
def test_a_killed_worker_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("psutil")
    plugins, marks = tmp_path / "plugins", tmp_path / "marks"
    plugins.mkdir()
    marks.mkdir()
    (plugins / "sleepy_plugin.py").write_text(SLEEPY_PLUGIN, encoding="utf-8")
    # The workers are new processes: they find the plugin through the environment.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(plugins), *sys.path]))
    monkeypatch.setenv("SLEEPY_MARKS", str(marks))
    monkeypatch.syspath_prepend(str(plugins))
    docs = {f"d{i:02d}": f"Doc {i} starts. It talks about rifles. It ends here." for i in range(40)}
    doc_dir, ref_dir = write_corpus(tmp_path / "c", docs, {d: ["Rifles."] for d in docs})
    base = ["run", "--docs", str(doc_dir), "--refs", str(ref_dir), "--no-cache"]
    base += ["--systems", "lead,textrank", "--system", "sleepy=sleepy_plugin:sleepy"]
    local = _run(base, tmp_path / "local", "--jobs", "1")
    for mark in marks.iterdir():
        mark.unlink()
    killed: list[int] = []
    killer = threading.Thread(target=_kill_one_worker_after, args=(marks, 8, killed))
    killer.start()
    dask = _run(base, tmp_path / "dask", "--executor", "dask", "--jobs", "2")
    killer.join()
    assert killed, "no worker was killed"
    assert dask == local


@pytest.mark.slow
def test_unreachable_scheduler_is_exit_2_within_10_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    address = f"tcp://127.0.0.1:{closed_port()}"
    argv = ["run", "--out", str(tmp_path / "out"), "--executor", "dask", "--scheduler", address]
    start = time.monotonic()
    assert main(argv) == 2
    assert time.monotonic() - start < 10
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "cannot reach the Dask scheduler" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--executor", "dask", "--timeout", "5"], "--timeout cannot be used with --executor dask"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --executor dask"),
    ],
)
def test_options_dask_cannot_honour_are_one_line_errors(
    flags: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--out", str(tmp_path / "out"), *flags]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err


def test_missing_dask_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    argv = ["run", "--no-cache", "--out", str(tmp_path / "out"), "--executor", "dask"]
    assert main(argv) == 2
    assert capsys.readouterr().err == f"sumbench: error: {MISSING_DASK}\n"


def test_the_executor_stays_out_of_results_json(tmp_path: Path) -> None:
    base = ["run", "--docs", str(SEEDS), "--refs", str(REFERENCES), "--systems", "lead"]
    _run(base, tmp_path / "out", "--no-cache", "--jobs", "1")
    config = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))["config"]
    assert "executor" not in config
    assert "scheduler" not in config
