"""Peak memory of ``sumbench run`` as the corpus grows, measured through the CLI.

Not part of the test suite. Run from the repository root::

    .venv/bin/python benchmarks/memory.py                          # 2,000, 20,000, 40,000
    .venv/bin/python benchmarks/memory.py --sizes 2000,20000 --jobs 2

The BBC corpus (``../shared/corpora/bbc/bbc_news_summary.jsonl``; ``$SUMBENCH_SHARED``
overrides ``shared/``) is repeated to each size with unique ids (``<id>-r<copy>``) and run
as ``sumbench run --systems lead,textrank --no-cache`` (``--cache``: with a new cache
folder instead, then once more, warm), one subprocess per run. Peak RSS is
``getrusage(RUSAGE_CHILDREN).ru_maxrss`` of a wrapper process that runs only that command,
so it is the largest of the command and its workers. Ratios are against the first size,
measured in the same run. Prints one JSON line per size, then a summary line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_MIB = 1024  # the bound for 20,000 documents
# A fresh interpreter per size: ru_maxrss of RUSAGE_CHILDREN is a running maximum.
_WRAPPER = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def bbc_rows() -> list[str]:
    """The BBC corpus's lines, or exit with a clear message when it is absent."""
    shared = Path(os.environ.get("SUMBENCH_SHARED", ROOT.parent / "shared"))
    path = shared / "corpora" / "bbc" / "bbc_news_summary.jsonl"
    if not path.is_file():
        sys.exit(f"BBC corpus not found at {path} (set SUMBENCH_SHARED)")
    return path.read_text(encoding="utf-8").splitlines()


def repeated(rows: list[str], size: int, path: Path) -> None:
    """Write ``size`` documents: the corpus repeated, each copy's ids made unique."""
    with path.open("w", encoding="utf-8") as handle:
        for i in range(size):
            row = json.loads(rows[i % len(rows)])
            row["id"] = f"{row['id']}-r{i // len(rows)}"
            handle.write(json.dumps(row) + "\n")


def measure(corpus: Path, out: Path, jobs: int, cache: Path | None) -> tuple[float, float]:
    """Peak RSS in MiB and wall seconds of one CLI run (cold, with a new cache if given)."""
    argv = [sys.executable, "-m", "sumbench", "run", "--docs", str(corpus), "--out", str(out)]
    argv += ["--systems", "lead,textrank", "--jobs", str(jobs)]
    argv += ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *argv], check=True, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    return int(done.stdout.split()[-1]) / 1024, seconds  # ru_maxrss is in KiB on Linux


def main() -> None:
    """Measure each size, print JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000,40000", help="comma-separated sizes")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--cache", action="store_true", help="cold runs with a cache folder")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = bbc_rows()
    found = []
    with tempfile.TemporaryDirectory(prefix="sumbench-memory-") as tmp:
        for size in sizes:
            corpus = Path(tmp) / f"bbc{size}.jsonl"
            repeated(rows, size, corpus)
            cache = Path(tmp) / f"cache{size}" if args.cache else None
            mib, seconds = measure(corpus, Path(tmp) / f"out{size}", args.jobs, cache)
            found.append((size, mib))
            line = {"documents": size, "peak_rss_mib": round(mib, 1), "seconds": round(seconds)}
            line["ratio_to_first"] = round(mib / found[0][1], 2)
            if cache is not None:  # the same command again: everything from the cache
                warm, warm_seconds = measure(corpus, Path(tmp) / f"out{size}", args.jobs, cache)
                line.update(warm_peak_rss_mib=round(warm, 1), warm_seconds=round(warm_seconds))
            corpus.unlink()
            print(json.dumps(line), flush=True)
    peak = max(mib for size, mib in found if size <= 20000)
    print(json.dumps({"goal_mib_at_20000": GOAL_MIB, "met": peak < GOAL_MIB}))


if __name__ == "__main__":
    main()
