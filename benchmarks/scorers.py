"""``sumbench run --scorer rouge155`` against the default scorer, end to end through the CLI.

Not part of the test suite. Run from the repository root::

    .venv/bin/python benchmarks/scorers.py                          # lead,oracle, whole BBC
    .venv/bin/python benchmarks/scorers.py --systems all --limit 300 --repeat 1

Each run is ``python -m sumbench run --docs <BBC JSONL> --no-cache --quiet --out <tmp>``
with the same systems, once with the default scorer (rouge-score) and once with
``--scorer rouge155`` (``--rouge155-flags``, default ``-c 95 -m -n 2 -a``), alternated
``--repeat`` times; the median and the fastest wall time of each and their ratios are
reported (goal: at most 1.5). The whole command is timed: parsing, systems, scoring,
statistics, the results folder and the HTML report. The system-level mean F of every
metric, from each run's ``results.json``, is reported as well: the "rouge-score vs
ROUGE-1.5.5" table of docs/rouge155.md. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SUMBENCH_SHARED", ROOT.parent / "shared"))
BBC = SHARED / "corpora" / "bbc" / "bbc_news_summary.jsonl"
GOAL = 1.5


def sample(target: Path, limit: int | None) -> Path:
    """The BBC corpus, or ``limit`` articles spread evenly over it, as a JSONL file."""
    if limit is None:
        return BBC
    rows = BBC.read_text(encoding="utf-8").splitlines()
    step = max(1, len(rows) // limit)
    target.write_text("\n".join(rows[::step][:limit]) + "\n", encoding="utf-8")
    return target


def timed_run(docs: Path, out: Path, systems: str, extra: list[str]) -> tuple[float, Any]:
    """Wall time of one ``sumbench run`` subprocess, and its results.json."""
    argv = [sys.executable, "-m", "sumbench", "run", "--docs", str(docs), "--out", str(out)]
    argv += ["--no-cache", "--quiet", *(["--systems", systems] if systems != "all" else [])]
    start = time.perf_counter()
    subprocess.run([*argv, *extra], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    return seconds, json.loads((out / "results.json").read_text(encoding="utf-8"))


def means(results: Any) -> dict[str, dict[str, float]]:
    """Mean F x 100 per system and metric, rounded to 2 decimals."""
    return {
        name: {m: round(100 * v["fmeasure"], 2) for m, v in entry.items() if m.startswith("rouge")}
        for name, entry in results["systems"].items()
    }


def main() -> None:
    """Time both scorers and print times, ratio and means as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", default="lead,oracle", help="comma-separated, or 'all'")
    parser.add_argument("--limit", type=int, default=None, help="N articles spread evenly")
    parser.add_argument("--repeat", type=int, default=3, help="runs per scorer (median)")
    parser.add_argument("--rouge155-flags", default="-c 95 -m -n 2 -a")
    args = parser.parse_args()
    if not BBC.is_file():
        sys.exit(f"BBC corpus not found at {BBC} (set SUMBENCH_SHARED)")
    scorers = {
        "rouge-score": [],
        "rouge155": ["--scorer", "rouge155", f"--rouge155-flags={args.rouge155_flags}"],
    }
    seconds: dict[str, list[float]] = {name: [] for name in scorers}
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        docs = sample(Path(tmp) / "bbc.jsonl", args.limit)
        for _ in range(args.repeat):  # alternated: a busy spell on the machine hits both
            for name, extra in scorers.items():
                took, found[name] = timed_run(docs, Path(tmp) / name, args.systems, extra)
                seconds[name].append(took)
    median = {name: round(statistics.median(s), 2) for name, s in seconds.items()}
    best = {name: round(min(s), 2) for name, s in seconds.items()}
    ratio = round(median["rouge155"] / median["rouge-score"], 3)
    print(
        json.dumps(
            {
                "documents": len(next(iter(found.values()))["sources"]),
                "systems": args.systems,
                "rouge155_flags": args.rouge155_flags,
                "seconds": seconds,
                "median_s": median,
                "best_s": best,
                "ratio": ratio,
                # On a busy machine the fastest run is the least disturbed one.
                "ratio_best": round(best["rouge155"] / best["rouge-score"], 3),
                "goal_met": ratio <= GOAL,
                "means": {name: means(results) for name, results in found.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
