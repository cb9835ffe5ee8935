"""Run ``fn(chunk, shared)`` over chunks of work, locally or on a Dask cluster.

Both executors have the same call shape and yield ``(chunk index, result)`` as chunks
finish, so the caller (the pipeline) stays the only one that reads and writes the cache
and the results folder: workers receive their inputs and return values, nothing else.
Dask (``dask.distributed``) is an optional extra, imported only when asked for.
"""

from __future__ import annotations

import contextlib
import enum
import itertools
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from sumbench.errors import InputError, SumbenchError

if TYPE_CHECKING:
    from distributed import Client, Future

C = TypeVar("C")
R = TypeVar("R")
ChunkFn = Callable[[C, Any], R]

MISSING_DASK = "--executor dask needs the dask extra: pip install 'sumbench[dask]'"
CONNECT_TIMEOUT = 5.0  # seconds; an unreachable scheduler must fail well within 10 s
SCATTER_ATTEMPTS = 3
RETRIES = 2  # per chunk, for exceptions in fn; a dead worker's tasks Dask reruns by itself
RESUBMITS = 3  # per chunk, when its scattered input was lost with a worker


class Executor(enum.Enum):
    """Where chunks run: a local process pool or a dask.distributed cluster."""

    LOCAL = "local"
    DASK = "dask"

    @classmethod
    def parse(cls, text: str) -> Executor:
        """The executor named ``text`` (``--executor``), or a one-line InputError."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(e.value for e in cls)
            raise InputError(f"--executor must be one of {names} (got {text!r})") from None


# Chunks queued per local worker: enough to keep it busy, few enough to bound memory.
_IN_FLIGHT = 4


def map_chunks(
    fn: ChunkFn[C, R],
    chunks: Sequence[C],
    *,
    shared: Any = None,
    executor: Executor = Executor.LOCAL,
    scheduler: str | None = None,
    workers: int = 1,
    packages: Sequence[str] = (),
) -> Iterator[tuple[int, R]]:
    """Yield ``(i, fn(chunks[i], shared))`` for every chunk, in completion order.

    ``fn`` and its arguments must be picklable (a module-level function). ``workers``
    sizes the local pool or the LocalCluster; with a ``scheduler`` address (Dask only)
    the cluster's own workers are used, and must have the same versions of
    ``packages`` as this process (the ones that decide the results).
    """
    if workers < 1:
        raise InputError(f"--jobs must be at least 1 (got {workers})")
    options = {"shared": shared, "workers": workers, "packages": packages}
    if executor is Executor.DASK:
        return map_chunks_dask(fn, chunks, scheduler=scheduler, **options)
    if scheduler is not None:
        raise InputError("--scheduler needs --executor dask")
    return map_chunks_local(fn, chunks, scheduler=None, **options)


def map_chunks_local(
    fn: ChunkFn[C, R],
    chunks: Sequence[C],
    *,
    shared: Any = None,
    scheduler: str | None = None,
    workers: int = 1,
    packages: Sequence[str] = (),
) -> Iterator[tuple[int, R]]:
    """:func:`map_chunks` in this process (one worker) or a process pool."""
    # Same signature as map_chunks_dask; a pool has no scheduler, and its processes
    # run this interpreter with these packages.
    del scheduler, packages
    if workers <= 1 or len(chunks) <= 1:
        for i, chunk in enumerate(chunks):
            yield i, fn(chunk, shared)
        return
    # Imported here: a warm run starts no pool (concurrent.futures brings in logging).
    import concurrent.futures as cf

    with cf.ProcessPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
        # A few chunks per worker in flight, not all: the queued ones' documents and the
        # finished ones' results would otherwise all sit in this process's memory.
        pending = iter(enumerate(chunks))
        futures: dict[cf.Future[R], int] = {}
        try:
            for i, chunk in itertools.islice(pending, _IN_FLIGHT * workers):
                futures[pool.submit(fn, chunk, shared)] = i
            while futures:
                done, _ = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
                for future in sorted(done, key=futures.__getitem__):
                    i = futures.pop(future)
                    for j, chunk in itertools.islice(pending, 1):
                        futures[pool.submit(fn, chunk, shared)] = j
                    yield i, future.result()
        except BaseException:
            # Ctrl-C, a failing fn or a consumer that stopped: drop the queued chunks.
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def map_chunks_dask(
    fn: ChunkFn[C, R],
    chunks: Sequence[C],
    *,
    shared: Any = None,
    scheduler: str | None = None,
    workers: int = 1,
    packages: Sequence[str] = (),
) -> Iterator[tuple[int, R]]:
    """:func:`map_chunks` on the Dask scheduler at ``scheduler``, else on a LocalCluster."""
    distributed = _import_distributed()
    with contextlib.ExitStack() as stack:
        client = _client(distributed, stack, scheduler, workers)
        if packages:
            check_versions(versions(packages), client.run(versions, packages))
        if not chunks:
            return
        yield from _run(client, distributed, fn, chunks, shared)


def versions(packages: Sequence[str]) -> dict[str, str]:
    """The installed version of each package ("none" if absent), here or on a worker."""
    from importlib import metadata

    found = {}
    for name in packages:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "none"
    return found


def check_versions(mine: Mapping[str, str], workers: Mapping[str, Mapping[str, str]]) -> None:
    """Every worker has this process's versions, or a one-line InputError names the first not.

    The results' signature records this process's versions; a worker with others would
    compute numbers that the signature does not describe.
    """
    for address in sorted(workers):
        for name, version in sorted(mine.items()):
            theirs = workers[address].get(name, "none")
            if theirs != version:
                raise InputError(
                    f"Dask worker {address} has {name} {theirs}, this machine {version}:"
                    " install the same versions on the workers"
                )


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError(MISSING_DASK) from None
    return distributed


def _client(
    distributed: Any, stack: contextlib.ExitStack, scheduler: str | None, workers: int
) -> Client:
    """A client of the given scheduler, or of a new LocalCluster closed with ``stack``."""
    import logging

    if scheduler is None:
        cluster = distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # the systems hold the GIL: one process per core
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # No dashboard; the scheduler's small HTTP server on a free loopback
            # port, not on 8787, which another cluster on the machine may hold.
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        )
        stack.callback(cluster.close)
        address = cluster.scheduler_address
    else:
        address = _checked_address(distributed, scheduler)
    try:
        client: Client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {address}: {_line(exc)}") from None
    stack.callback(client.close)
    return client


def _checked_address(distributed: Any, address: str) -> str:
    """The normalized scheduler address; a malformed one is an InputError."""
    # Checked before Client(): a client that failed on a malformed address
    # hangs for 10 s when the interpreter exits.
    try:
        normalized = str(distributed.comm.normalize_address(address.strip()))
        distributed.comm.get_address_host_port(normalized)  # a host and a port
    except ValueError as exc:
        raise InputError(f"bad --scheduler address {address!r}: {_line(exc)}") from None
    return normalized


def _line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _run(
    client: Client, distributed: Any, fn: ChunkFn[C, R], chunks: Sequence[C], shared: Any
) -> Iterator[tuple[int, R]]:
    """Scatter the inputs, submit one task per chunk, and yield results as they complete."""
    import logging
    from concurrent.futures import CancelledError

    # Every worker gets ``shared`` once; each chunk goes to one worker, once. One call
    # each for all chunks: a round trip per chunk would dominate small tasks.
    shared_future = client.scatter([shared], broadcast=True, hash=False)[0]
    data = client.scatter(list(chunks), hash=False)
    first = client.map(fn, data, [shared_future] * len(data), pure=False, retries=RETRIES)
    futures: dict[Future[Any], int] = {f: i for i, f in enumerate(first)}
    lost = [0] * len(chunks)
    pending = distributed.as_completed(first, loop=client.loop)
    try:
        for future in pending:
            i = futures.pop(future)
            try:
                result = future.result()
            except CancelledError:
                # Its input lived only on a worker that died: send it again.
                lost[i] += 1
                if lost[i] > RESUBMITS:
                    raise SumbenchError(f"chunk {i} lost {RESUBMITS} times; giving up") from None
                logging.getLogger(__name__).info("chunk %d was lost with a worker; resubmitting", i)
                retry, shared_future = _resubmit(client, fn, chunks[i], shared, shared_future)
                futures[retry] = i
                pending.add(retry)
                continue
            except distributed.KilledWorker as exc:
                raise SumbenchError(f"chunk {i} killed every worker it ran on: {exc}") from None
            future.release()
            yield i, result
    finally:
        # Normal end, Ctrl-C, a failing fn or a consumer that stopped early.
        if futures:
            client.cancel(list(futures), force=True)


def _resubmit(
    client: Client, fn: ChunkFn[C, R], chunk: C, shared: Any, shared_future: Future[Any]
) -> tuple[Future[Any], Future[Any]]:
    """Send a lost chunk again (and ``shared``, if every worker holding it died)."""
    if shared_future.status != "finished":
        shared_future = _scatter(client, shared, broadcast=True)
    again = _scatter(client, chunk)
    retry = client.submit(fn, again, shared_future, pure=False, retries=RETRIES)
    return retry, shared_future


def _scatter(client: Client, data: Any, *, broadcast: bool = False) -> Future[Any]:
    """Scatter one value; a worker that has just died may be chosen: try again, briefly."""
    for attempt in range(SCATTER_ATTEMPTS):
        try:
            sent: Future[Any] = client.scatter([data], broadcast=broadcast, hash=False)[0]
            return sent
        except OSError:  # the scheduler notices the dead worker meanwhile; nannies restart it
            if attempt == SCATTER_ATTEMPTS - 1:
                raise
            time.sleep(1.0)
    raise AssertionError("unreachable")
