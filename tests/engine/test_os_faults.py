"""OS faults: disk full, read-only, unreadable or vanishing folders: one line, no traceback.

Root writes anywhere and a full disk is hard to arrange, so most faults are simulated by
patching the os-level call that meets them; one test fills a real tmpfs where mounting works.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sumbench.cli import main
from sumbench.engine import cache, cache_store, executor

from ..conftest import REFERENCES, SEEDS


def _argv(docs: Path, refs: Path, out: Path, *extra: str) -> list[str]:
    return ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out), *extra]


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("sumbench: error:")]


def _fail(code: int, when: Callable[[Path], bool], real: Callable[..., Any]) -> Callable[..., Any]:
    def fake(self: Path, *args: Any, **kwargs: Any) -> Any:
        if when(self):
            raise OSError(code, os.strerror(code))  # as write() raises it: no file name
        return real(self, *args, **kwargs)

    return fake


def _assert_clean_failure(err: str, out: Path, before: bytes, *words: str) -> None:
    """One error line naming the path and the reason, no traceback, old results, no staging."""
    assert "Traceback" not in err
    (line,) = _error_lines(err)
    assert all(word in line for word in words), line
    assert (out / "results.json").read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir() if ".new-" in p.name) == []


@pytest.fixture
def previous(tiny_corpus: tuple[Path, Path], tmp_path: Path) -> tuple[list[str], Path, bytes]:
    """A results folder written by a first run, and the arguments of a second, different run."""
    docs, refs = tiny_corpus
    out = tmp_path / "results"
    assert main(_argv(docs, refs, out, "--systems", "lead", "--no-cache")) == 0
    before = (out / "results.json").read_bytes()
    return (
        _argv(docs, refs, out, "--systems", "lead", "--sentences", "1", "--no-cache"),
        out,
        before,
    )


@pytest.mark.parametrize(
    ("code", "exit_code"),
    [(errno.ENOSPC, 1), (errno.EDQUOT, 1), (errno.EROFS, 2), (errno.EACCES, 2), (errno.EPERM, 2)],
)
def test_results_that_cannot_be_written(
    code: int,
    exit_code: int,
    previous: tuple[list[str], Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Disk full or quota (a fault: 1), read-only or immutable (the environment: 2)."""
    argv, out, before = previous
    failing = _fail(code, lambda p: p.name == "results.csv", Path.open)
    monkeypatch.setattr(Path, "open", failing)
    assert main(argv) == exit_code
    _assert_clean_failure(
        capsys.readouterr().err, out, before, str(out / "results.csv"), os.strerror(code)
    )


def test_swap_that_fails_keeps_previous_results(
    previous: tuple[list[str], Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv, out, before = previous
    real = Path.replace

    def replace(self: Path, target: Any) -> Any:
        if ".new-" in self.name:  # the staging folder moving into place
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self), None, str(target))
        return real(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    assert main(argv) == 2
    _assert_clean_failure(capsys.readouterr().err, out, before, str(out), "Read-only file system")


def test_unreadable_corpus_folder(
    tiny_corpus: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs, refs = tiny_corpus
    real = Path.iterdir

    def iterdir(self: Path) -> Iterator[Path]:
        if self == docs:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    assert main(_argv(docs, refs, tmp_path / "o", "--no-cache")) == 2
    err = capsys.readouterr().err
    assert _error_lines(err) == [f"sumbench: error: {docs}: Permission denied"]
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("stage", ["prepare", "entries"])
def test_cache_that_cannot_be_written_warns_once(
    stage: str,
    tiny_corpus: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs, refs = tiny_corpus
    plain = tmp_path / "plain"
    assert main(_argv(docs, refs, plain, "--systems", "lead,luhn", "--no-cache")) == 0
    if stage == "prepare":
        real_mkdir = Path.mkdir

        def mkdir(self: Path, *args: Any, **kwargs: Any) -> None:
            if self.name == "cache":
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
            real_mkdir(self, *args, **kwargs)

        monkeypatch.setattr(Path, "mkdir", mkdir)
    else:

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def append(*args: Any, **kwargs: Any) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(cache_store.tempfile, "mkstemp", mkstemp)  # entries of one file
        monkeypatch.setattr(cache.Pack, "append", append)  # results and sentences
    out = tmp_path / "cached"
    argv = _argv(docs, refs, out, "--systems", "lead,luhn", "--cache-dir", str(tmp_path / "cache"))
    capsys.readouterr()
    assert main([*argv, "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if "cannot write the cache" in line]
    assert len(warnings) == 1, err
    assert str(tmp_path / "cache") in warnings[0]
    assert "Traceback" not in err
    assert (out / "results.json").read_bytes() == (plain / "results.json").read_bytes()


def test_cache_folder_deleted_during_the_run(
    tiny_corpus: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs, refs = tiny_corpus
    plain = tmp_path / "plain"
    assert main(_argv(docs, refs, plain, "--systems", "lead", "--no-cache")) == 0
    folder = tmp_path / "cache"
    real = executor.compute_chunk

    def compute_then_delete(chunk: Any, shared: Any) -> Any:
        done = real(chunk, shared)
        shutil.rmtree(folder, ignore_errors=True)
        return done

    monkeypatch.setattr(executor, "compute_chunk", compute_then_delete)
    out = tmp_path / "out"
    argv = _argv(docs, refs, out, "--systems", "lead", "--cache-dir", str(folder), "--jobs", "1")
    assert main(argv) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert (out / "results.json").read_bytes() == (plain / "results.json").read_bytes()


@pytest.fixture
def small_tmpfs() -> Iterator[Path]:
    """A 256 KiB tmpfs, or a skip where mounting is not permitted (containers, non-root)."""
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    point = Path(tempfile.mkdtemp(prefix="sumbench-tmpfs-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(point)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        point.rmdir()
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.decode().strip()}")
    try:
        yield point
    finally:
        gc.collect()  # a failed run's spool files close when its traceback's cycles go
        subprocess.run(["umount", str(point)], check=False)
        point.rmdir()


@pytest.mark.slow
def test_a_real_full_disk(small_tmpfs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = small_tmpfs / "results"
    argv = _argv(SEEDS, REFERENCES, out, "--systems", "lead", "--no-cache")
    assert main(argv) == 0  # lead's results fit in 256 KiB
    before = (out / "results.json").read_bytes()
    filler = small_tmpfs / "filler"
    free = shutil.disk_usage(small_tmpfs).free
    filler.write_bytes(b"x" * max(0, free - 8192))  # leave less room than one results.json
    capsys.readouterr()
    assert main(_argv(SEEDS, REFERENCES, out, "--systems", "lead,luhn", "--no-cache")) == 1
    _assert_clean_failure(
        capsys.readouterr().err, out, before, str(small_tmpfs), "No space left on device"
    )
    data = json.loads(before)
    assert list(data["systems"]) == ["lead"]
