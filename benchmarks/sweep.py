"""A K = 1..5 sweep against a single K = 3 run on the BBC corpus, cold, through the CLI.

Both commands run as a user runs them (``python -m sumbench``, fresh cache folders, every
default system), and the script fails unless the sweep's K = 3 folder holds the very
``results.json`` of the single run. It prints both wall-clock times and their ratio (goal:
the sweep costs at most 1.6 times the single run).

    .venv/bin/python benchmarks/sweep.py                 # whole corpus (2,225 articles)
    .venv/bin/python benchmarks/sweep.py --limit 200     # 200 articles spread over the file
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
SHARED = Path(os.environ.get("SUMBENCH_SHARED", ROOT.parent / "shared"))
BBC = SHARED / "corpora" / "bbc" / "bbc_news_summary.jsonl"


def sample(limit: int | None, folder: Path) -> Path:
    """The corpus, or ``limit`` articles spread evenly over it, as a JSONL file."""
    if limit is None:
        return BBC
    rows = BBC.read_text(encoding="utf-8").splitlines()
    step = len(rows) / limit
    path = folder / "sample.jsonl"
    path.write_text("".join(rows[int(i * step)] + "\n" for i in range(limit)), encoding="utf-8")
    return path


def timed(argv: list[str]) -> float:
    """Seconds ``python -m sumbench argv`` takes; it must succeed."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sumbench", *argv], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"sumbench {' '.join(argv)} failed:\n{done.stderr}")
    return elapsed


def main() -> None:
    """Time both commands, check the K = 3 results are identical, print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="articles (default: all)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if not BBC.is_file():
        raise SystemExit(f"BBC corpus not found at {BBC} (set SUMBENCH_SHARED)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        docs = sample(args.limit, work)
        base = ["--docs", str(docs), "--jobs", str(args.jobs), "--quiet"]
        single = timed(["run", *base, "--sentences", "3", "--out", str(work / "run"),
                        "--cache-dir", str(work / "cache-run")])  # fmt: skip
        swept = timed(["sweep", *base, "--sentences", "1,2,3,4,5", "--out", str(work / "sweep"),
                       "--cache-dir", str(work / "cache-sweep")])  # fmt: skip
        expected = (work / "run" / "results.json").read_bytes()
        if (work / "sweep" / "sentences-3" / "results.json").read_bytes() != expected:
            raise SystemExit("the sweep's K = 3 results differ from the single run's")
        documents = len(json.loads(expected)["sources"])
    ratio = swept / single
    print(f"documents: {documents}, jobs: {args.jobs}")
    print(f"single run K=3 (cold): {single:.1f} s")
    print(f"sweep K=1..5 (cold):   {swept:.1f} s")
    print(f"ratio: {ratio:.2f}x (goal <= 1.6x); K=3 results.json identical")


if __name__ == "__main__":
    main()
