"""Start-up and warm-run times of the ``sumbench`` command, measured through the CLI.

Not part of the test suite. Run from the repository root::

    .venv/bin/python benchmarks/startup.py              # BBC part skipped if the corpus is absent
    .venv/bin/python benchmarks/startup.py --docs 120 --repeat 5

Every figure is the median wall time of a subprocess (the command as a user types it).
Baselines measured in the same run: a bare ``python -c pass`` (the floor of any
start-up) and, for the warm runs, the cold run of the same corpus. Prints one JSON line.

The package's bytecode is compiled first, as ``pip install`` does for an installed
package: an editable checkout under ``PYTHONDONTWRITEBYTECODE=1`` would otherwise compile
every changed module from source in every measured run.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUMBENCH = [sys.executable, "-m", "sumbench"]
GOALS = {"help_s": 0.3, "systems_s": 0.3, "seeds_warm_s": 0.8, "bbc_speedup": 30.0}


def timed(argv: list[str], *, cwd: Path = ROOT) -> float:
    """Wall time of one subprocess; a failure stops the benchmark."""
    start = time.perf_counter()
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def median(argv: list[str], repeat: int) -> float:
    """Median of ``repeat`` timings (after one unmeasured warm-up for the OS file cache)."""
    timed(argv)
    return statistics.median(timed(argv) for _ in range(repeat))


def bbc_jsonl(target: Path, docs: int) -> Path | None:
    """``docs`` BBC articles spread evenly over the corpus, as a sumbench JSONL file."""
    shared = Path(os.environ.get("SUMBENCH_SHARED", ROOT.parent / "shared"))
    source = shared / "corpora" / "bbc" / "bbc_news_summary.jsonl"
    if not source.is_file():
        return None
    rows = source.read_text(encoding="utf-8").splitlines()
    step = max(1, len(rows) // docs)
    target.write_text("\n".join(rows[::step][:docs]) + "\n", encoding="utf-8")
    return target


def run_argv(docs: Path, out: Path, cache: Path, *extra: str) -> list[str]:
    """``sumbench run`` on ``docs`` with its own results and cache folders."""
    where = ["--docs", str(docs), "--out", str(out), "--cache-dir", str(cache)]
    return [*SUMBENCH, "run", *where, "--quiet", *extra]


def main() -> None:
    """Measure and print the figures as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timings per figure (median)")
    parser.add_argument("--docs", type=int, default=120, help="BBC articles (0: skip)")
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "src", quiet=1)
    figures: dict[str, float | int | None] = {
        "python_s": median([sys.executable, "-c", "pass"], args.repeat),
        "help_s": median([*SUMBENCH, "--help"], args.repeat),
        "systems_s": median([*SUMBENCH, "systems"], args.repeat),
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seeds = run_argv(ROOT / "seeds", folder / "seeds-out", folder / "seeds-cache")
        seeds += ["--refs", str(ROOT / "references")]
        figures["seeds_cold_s"] = timed(seeds)
        figures["seeds_warm_s"] = median(seeds, args.repeat)
        corpus = bbc_jsonl(folder / "bbc.jsonl", args.docs) if args.docs else None
        if corpus is not None:
            bbc = run_argv(corpus, folder / "bbc-out", folder / "bbc-cache")
            figures["bbc_docs"] = args.docs
            figures["bbc_cold_s"] = timed(bbc)
            figures["bbc_warm_s"] = median(bbc, args.repeat)
            figures["bbc_speedup"] = figures["bbc_cold_s"] / figures["bbc_warm_s"]
    figures = {k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}
    met = {
        k: (figures[k] >= goal if k == "bbc_speedup" else figures[k] <= goal)
        for k, goal in GOALS.items()
        if figures.get(k) is not None
    }
    print(json.dumps({**figures, "goals_met": met}))


if __name__ == "__main__":
    main()
