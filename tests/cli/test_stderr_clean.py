"""Nothing but sumbench's own lines reaches stderr: library warnings are captured or silenced.

Each run is a child process with Python's default warning filters (pytest installs its
own), as a user's shell would run it; PYTHONWARNINGS=default also shows what libraries
only deprecate, so those would leak too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..bbc import bbc_sample
from ..conftest import REFERENCES, SEEDS

LONG_NAMES = """
def first(sentences, k):
    return [0]

def last(sentences, k):
    return [len(sentences) - 1]
"""


def _sumbench(tmp_path: Path, *argv: str) -> str:
    """Run the CLI in a child; return its stderr after checking it exited well."""
    env = {**os.environ, "PYTHONWARNINGS": "default", "PYTHONPATH": str(tmp_path / "plugins")}
    env.pop("MPLBACKEND", None)
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from sumbench.cli import main; sys.exit(main())",
            *argv,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


def _foreign(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line and not line.startswith("sumbench:")]


@pytest.mark.slow
def test_seeds_run_prints_only_sumbench_lines(tmp_path: Path) -> None:
    out = tmp_path / "out"
    err = _sumbench(
        tmp_path, "run", "--docs", str(SEEDS), "--refs", str(REFERENCES), "--out", str(out),
        "--no-cache", "--jobs", "2",
    )  # fmt: skip
    assert _foreign(err) == []


@pytest.mark.slow
def test_bbc_run_prints_only_sumbench_lines(tmp_path: Path) -> None:
    corpus = tmp_path / "bbc.jsonl"
    rows = bbc_sample(stride=45)
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    err = _sumbench(
        tmp_path, "run", "--docs", str(corpus), "--out", str(tmp_path / "out"), "--no-cache",
        "--jobs", "2",
    )  # fmt: skip
    assert _foreign(err) == []


@pytest.mark.slow
def test_plot_with_long_system_names_prints_only_sumbench_lines(tmp_path: Path) -> None:
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "long_names.py").write_text(LONG_NAMES, encoding="utf-8")
    long = "a_summarizer_with_a_really_remarkably_long_name_for_a_chart_axis"
    out = tmp_path / "out"
    _sumbench(
        tmp_path, "run", "--docs", str(SEEDS), "--refs", str(REFERENCES), "--out", str(out),
        "--no-cache", "--systems", "lead",
        "--system", f"{long}_first=long_names:first", "--system", f"{long}_last=long_names:last",
    )  # fmt: skip
    err = _sumbench(tmp_path, "plot", str(out / "results.json"), "--output", str(tmp_path / "p"))
    assert _foreign(err) == []
    assert sorted(p.suffix for p in (tmp_path / "p").iterdir())  # charts were drawn
