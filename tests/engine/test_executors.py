"""map_chunks: the local pool and Dask give the same results; Dask survives a dead worker."""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from sumbench.engine.executors import MISSING_DASK, Executor, check_versions, map_chunks, versions
from sumbench.errors import InputError

CHUNKS = [[f"document {i}-{j}" for j in range(i % 4 + 1)] for i in range(24)]
SHARED = {"salt": "k=3", "systems": ("lead", "textrank")}


def digest_chunk(chunk: Sequence[str], shared: Mapping[str, object]) -> list[str]:
    """A deterministic stand-in for evaluating a chunk of documents with the run's systems."""
    return [hashlib.sha256(f"{shared['salt']}|{doc}".encode()).hexdigest()[:16] for doc in chunk]


def slow_digest_chunk(chunk: Sequence[str], shared: Mapping[str, object]) -> list[str]:
    """digest_chunk after a pause, so that a worker can be killed while chunks run."""
    time.sleep(0.25)
    return digest_chunk(chunk, shared)


def sleepy_chunk(chunk: Sequence[str], shared: object) -> int:
    """A chunk that takes a second: long enough to interrupt a run halfway."""
    time.sleep(1.0)
    return len(chunk)


def fail_on_third(chunk: Sequence[str], shared: object) -> int:
    """Fails on one chunk, as a system with --fail-fast would."""
    if chunk == CHUNKS[3]:
        raise ValueError("system failed on the third chunk")
    return len(chunk)


EXPECTED = [(i, digest_chunk(chunk, SHARED)) for i, chunk in enumerate(CHUNKS)]


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_expected_is_computed_independently() -> None:
    """The reference results are not trivially equal across chunks (a sanity check)."""
    assert len({tuple(r) for _, r in EXPECTED}) == len(CHUNKS)
    assert EXPECTED[2][1][0] == hashlib.sha256(b"k=3|document 2-0").hexdigest()[:16]


@pytest.mark.parametrize("workers", [1, 2])
def test_local_executor_yields_every_chunk_once(workers: int) -> None:
    out = list(map_chunks(digest_chunk, CHUNKS, shared=SHARED, workers=workers))
    assert sorted(out) == EXPECTED


def test_local_executor_raises_the_chunk_error() -> None:
    with pytest.raises(ValueError, match="third chunk"):
        list(map_chunks(fail_on_third, CHUNKS, workers=2))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scheduler": "tcp://127.0.0.1:8786"}, "--scheduler needs --executor dask"),
        ({"workers": 0}, "--jobs must be at least 1"),
        ({"executor": Executor.DASK, "scheduler": "nonsense"}, "bad --scheduler address"),
        ({"executor": Executor.DASK, "scheduler": "foo://h:1"}, "bad --scheduler address"),
    ],
)
def test_bad_options_are_one_line_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message) as caught:
        list(map_chunks(digest_chunk, CHUNKS, **kwargs))  # type: ignore[arg-type]
    assert "\n" not in str(caught.value)


def test_executor_names() -> None:
    assert Executor.parse(" Dask ") is Executor.DASK
    assert Executor.parse("local") is Executor.LOCAL
    with pytest.raises(InputError, match="--executor must be one of local, dask"):
        Executor.parse("ray")


def test_missing_dask_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes `import distributed` raise ImportError.
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(InputError) as caught:
        list(map_chunks(digest_chunk, CHUNKS, executor=Executor.DASK))
    assert str(caught.value) == MISSING_DASK
    assert "pip install 'sumbench[dask]'" in MISSING_DASK


def test_workers_must_have_the_same_versions() -> None:
    mine = {"numpy": "2.4.6", "sumy": "0.13.0"}
    check_versions(mine, {"tcp://a:1": dict(mine), "tcp://b:1": dict(mine)})
    check_versions(mine, {})  # no worker has joined yet: nothing to compare
    older = {"tcp://b:1": dict(mine), "tcp://a:1": {"numpy": "2.4.6", "sumy": "0.12.0"}}
    with pytest.raises(InputError, match=r"worker tcp://a:1 has sumy 0\.12\.0, this machine 0\.13"):
        check_versions(mine, older)
    with pytest.raises(InputError, match="has sumy none"):
        check_versions(mine, {"tcp://a:1": {"numpy": "2.4.6"}})


def test_versions_reads_the_installed_packages() -> None:
    found = versions(["pytest", "no-such-package-sumbench"])
    assert found == {"pytest": pytest.__version__, "no-such-package-sumbench": "none"}


@pytest.mark.slow
def test_dask_local_cluster_matches_local_executor() -> None:
    local = sorted(map_chunks(digest_chunk, CHUNKS, shared=SHARED, workers=1))
    dask = sorted(
        map_chunks(
            digest_chunk,
            CHUNKS,
            shared=SHARED,
            executor=Executor.DASK,
            workers=2,
            packages=("sumy", "numpy", "rouge-score"),  # the workers' own: they match
        )
    )
    assert dask == local == EXPECTED


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, Any]]:
    """A two-worker LocalCluster on loopback: its address and a client of it."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        ) as local,
        distributed.Client(local, set_as_default=False) as client,
    ):
        yield local.scheduler_address, client


@pytest.mark.slow
def test_dask_raises_the_chunk_error(cluster: tuple[str, Any]) -> None:
    with pytest.raises(ValueError, match="third chunk"):
        list(map_chunks(fail_on_third, CHUNKS, executor=Executor.DASK, scheduler=cluster[0]))


@pytest.mark.slow
@pytest.mark.parametrize("victims", [1, 2], ids=["one-worker", "every-worker"])
def test_killed_workers_lose_nothing(cluster: tuple[str, Any], victims: int) -> None:
    """Kill workers after the first result; with both gone, ``shared`` is lost too."""
    address, client = cluster
    pids = sorted(client.run(os.getpid).values())[:victims]
    out = []
    for i, result in map_chunks(
        slow_digest_chunk, CHUNKS, shared=SHARED, executor=Executor.DASK, scheduler=address
    ):
        out.append((i, result))
        if len(out) == 1:  # the kill lands with 23 chunks to go
            for pid in pids:
                os.kill(pid, signal.SIGKILL)
    assert len(out) == len(CHUNKS)  # every chunk once: none lost, none doubled
    assert sorted(out) == EXPECTED


@pytest.mark.slow
def test_unreachable_scheduler_fails_fast() -> None:
    address = f"tcp://127.0.0.1:{closed_port()}"
    start = time.monotonic()
    with pytest.raises(InputError, match="cannot reach the Dask scheduler") as caught:
        list(map_chunks(digest_chunk, CHUNKS, executor=Executor.DASK, scheduler=address))
    assert time.monotonic() - start < 10
    assert address in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.slow
def test_ctrl_c_cancels_and_closes_the_cluster() -> None:
    psutil = pytest.importorskip("psutil")
    chunks = [["doc"]] * 40  # 20 s of work on two workers
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    results = map_chunks(sleepy_chunk, chunks, executor=Executor.DASK, workers=2)
    assert next(results)[1] == 1
    # Ctrl-C while the caller handles a result: throw() raises it at the generator's
    # yield whatever the signal disposition (interrupt_main() does nothing where SIGINT
    # is ignored, as in a shell's background job); the next test sends a real SIGINT.
    interrupted = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        results.throw(KeyboardInterrupt)
    assert time.monotonic() - interrupted < 10  # far less than the 19 s of work left
    # The LocalCluster's nannies and workers are gone (multiprocessing's resource
    # tracker, started with the first spawned process, lives as long as this one).
    new = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
    left = [p for p in new if p.status() != psutil.STATUS_ZOMBIE]
    assert not [p for p in left if "resource_tracker" not in " ".join(p.cmdline())]


CTRL_C_SCRIPT = """
import sys
from sumbench.engine.executors import Executor, map_chunks
from tests.engine.test_executors import sleepy_chunk

try:
    for i, _ in map_chunks(sleepy_chunk, [["doc"]] * 40, executor=Executor.DASK, workers=2):
        print(i, flush=True)
except KeyboardInterrupt:
    sys.exit(130)
"""


@pytest.mark.slow
def test_a_real_sigint_stops_the_run_promptly() -> None:
    """SIGINT, as the terminal sends it, to a process waiting for Dask results."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "src")])}
    # A shell's background job ignores SIGINT, and so would its children: restore it.
    with subprocess.Popen(
        [sys.executable, "-c", CTRL_C_SCRIPT],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as proc:
        assert proc.stdout is not None
        proc.stdout.readline()  # the first chunk is done: the cluster is up and busy
        proc.send_signal(signal.SIGINT)
        start = time.monotonic()
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert time.monotonic() - start < 10  # far less than the 19 s of work left
    assert len(out.split()) < 10
