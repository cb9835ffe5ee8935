"""Per-task overhead of map_chunks: the local process pool vs a Dask LocalCluster.

Not part of the test suite. Run from the repository root (needs the dask extra)::

    .venv/bin/python benchmarks/dask_overhead.py --limit 400

Both executors get two workers. Two workloads: a trivial chunk function (pure
overhead: submitting, shipping, collecting) and a realistic one, each BBC document
evaluated by ``sumbench.engine.evaluate.evaluate_document`` with lead and textrank. Startup
(an empty map, which starts and closes the LocalCluster) is measured apart; per-task
overhead is (time - startup) / tasks. Every result is checked equal across executors.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sumbench
from sumbench.corpus.model import Document
from sumbench.engine.config import RunConfig
from sumbench.engine.evaluate import evaluate_document
from sumbench.engine.executors import Executor, map_chunks
from sumbench.engine.pipeline import resolve_systems

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SUMBENCH_SHARED", ROOT.parent / "shared"))
BBC = SHARED / "corpora" / "bbc" / "bbc_news_summary.jsonl"
WORKERS = 2


def trivial(chunk: Sequence[int], shared: Any) -> list[int]:
    """Next to no work: what remains is the executor's overhead."""
    return [x + 1 for x in chunk]


def evaluate_chunk(chunk: Sequence[Document], shared: tuple[Any, RunConfig]) -> list[Any]:
    """What a worker does in a run: every system on every document of its chunk."""
    systems, config = shared
    return [evaluate_document(doc, systems, config) for doc in chunk]


def load_documents(limit: int) -> list[Document]:
    """``limit`` BBC articles spread evenly over the file (so over its five categories)."""
    with BBC.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    rows = [rows[i * len(rows) // limit] for i in range(min(limit, len(rows)))]
    corpus = sumbench.build_corpus([(r["id"], r["article"], r["references"]) for r in rows])
    return list(corpus.documents)


def chunked(items: Sequence[Any], size: int) -> list[list[Any]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def timed(
    fn: Callable[[Any, Any], Any],
    chunks: list[Any],
    shared: Any,
    executor: Executor,
    scheduler: str | None = None,
) -> tuple[float, list[tuple[int, Any]]]:
    start = time.perf_counter()
    out = sorted(
        map_chunks(
            fn, chunks, shared=shared, executor=executor, scheduler=scheduler, workers=WORKERS
        )
    )
    return time.perf_counter() - start, out


def measure(
    name: str, fn: Callable[[Any, Any], Any], chunks: list[Any], shared: Any, address: str
) -> list[dict[str, Any]]:
    """One row per executor; exits if the executors' results differ.

    Dask runs on the already warm cluster at ``address``; its connect time (an empty
    map) is taken off, so that the rest is work plus per-task overhead.
    """
    rows, results = [], []
    items = sum(len(c) for c in chunks)
    connect = timed(fn, [], None, Executor.DASK, address)[0]
    for executor in Executor:
        scheduler = address if executor is Executor.DASK else None
        seconds, out = timed(fn, chunks, shared, executor, scheduler)
        results.append(out)
        busy = seconds - (connect if executor is Executor.DASK else 0.0)
        rows.append(
            {
                "workload": name,
                "executor": executor.value,
                "tasks": len(chunks),
                "items": items,
                "seconds": round(busy, 2),
                "ms_per_task": round(1000 * busy / len(chunks), 2),
                "ms_per_item": round(1000 * busy / items, 2),
            }
        )
    if results[0] != results[1]:
        sys.exit(f"{name}: the executors' results differ")
    return rows


def print_table(rows: list[dict[str, Any]]) -> None:
    head = list(rows[0])
    print(" | ".join(head))
    for row in rows:
        print(" | ".join(str(row[h]) for h in head))


def one_offs(address: str, docs: list[Document], shared: Any) -> dict[str, float]:
    """Costs paid once per run (LocalCluster start and stop) or once per worker (imports)."""
    seconds = {"local_cluster_start_stop": timed(trivial, [], None, Executor.DASK)[0]}
    # The first task on a fresh worker imports sumbench, sumy, nltk and rouge-score.
    start = time.perf_counter()
    timed(evaluate_chunk, [docs[:1]] * (2 * WORKERS), shared, Executor.DASK, address)
    seconds["worker_warmup"] = time.perf_counter() - start
    return {k: round(v, 2) for k, v in seconds.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=400, help="BBC articles (default 400)")
    parser.add_argument("--trivial-tasks", type=int, default=1000)
    parser.add_argument("--chunk", type=int, default=8, help="documents per task (default 8)")
    args = parser.parse_args()
    if not BBC.is_file():
        sys.exit(f"BBC corpus not found at {BBC} (set SUMBENCH_SHARED)")
    import distributed  # the dask extra

    config = RunConfig(systems=("lead", "textrank"), sentences=3)
    shared = (resolve_systems(config), config)
    docs = load_documents(args.limit)
    serial_start = time.perf_counter()
    evaluate_chunk(docs, shared)
    serial = time.perf_counter() - serial_start
    with distributed.LocalCluster(
        n_workers=WORKERS,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
    ) as cluster:
        address = cluster.scheduler_address
        figures: dict[str, Any] = {"one_offs": one_offs(address, docs, shared)}
        trivial_chunks = [[i] for i in range(args.trivial_tasks)]
        rows = measure("trivial", trivial, trivial_chunks, None, address)
        rows += measure(
            "bbc lead+textrank", evaluate_chunk, chunked(docs, args.chunk), shared, address
        )
    print_table(rows)
    figures.update(rows=rows, docs=len(docs), words=sum(len(d.text.split()) for d in docs))
    figures.update(
        serial_seconds=round(serial, 2), serial_ms_per_doc=round(1000 * serial / len(docs), 2)
    )
    figures["load_average"] = os.getloadavg()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
