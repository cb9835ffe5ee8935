"""Sizes: absurd values are refused, ``--timeout inf`` is no limit, workers are capped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sumbench.cli import main
from sumbench.defaults import LIMITS
from sumbench.engine import executor
from sumbench.engine.config import RunConfig


def test_timeout_inf_means_no_limit(
    tiny_corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert RunConfig(timeout=float("inf")).timeout is None
    docs, refs = tiny_corpus
    out = tmp_path / "o"
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out), "--no-cache"]
    assert main([*argv, "--systems", "lead", "--timeout", "inf"]) == 0
    assert json.loads((out / "results.json").read_text(encoding="utf-8"))["failures"] == []
    assert "Overflow" not in capsys.readouterr().err


@pytest.mark.parametrize(
    ("jobs", "tasks", "cores", "expected"),
    [(1000, 5000, 2, 2 * LIMITS.jobs_per_core), (1000, 3, 2, 3), (2, 5000, 2, 2), (4, 0, 2, 1)],
)
def test_workers_are_capped_at_the_work_and_the_cores(
    jobs: int, tasks: int, cores: int, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(executor, "default_jobs", lambda: cores)
    assert executor.worker_count(jobs, tasks) == expected


def test_jobs_1000_starts_a_few_processes(
    tiny_corpus: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []

    class Pool:
        def __init__(self, max_workers: int) -> None:
            started.append(max_workers)
            raise RuntimeError("counted")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", Pool)
    monkeypatch.setattr(executor, "default_jobs", lambda: 2)
    docs, refs = tiny_corpus
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(tmp_path / "o")]
    with pytest.raises(RuntimeError, match="counted"):
        main([*argv, "--no-cache", "--systems", "lead", "--jobs", "1000"])
    assert started == [2]  # two documents: two workers, not a thousand
