"""The harness needs no NLTK data: prove it with NLTK_DATA pointing at an empty folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import REFERENCES, SEEDS

# Runs in a child process: NLTK's search path is cut down to the empty folder, so
# punkt cannot be found anywhere, then the whole pipeline runs through the CLI.
_CHILD = """
import sys
import nltk
empty = sys.argv[1]
nltk.data.path[:] = [empty]
try:
    from sumy.nlp.tokenizers import Tokenizer
    Tokenizer("english")
except LookupError:
    pass
else:
    sys.exit("punkt was found: this test would prove nothing")
from sumbench.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
def test_whole_pipeline_runs_without_nltk_data(tmp_path: Path) -> None:
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    out = tmp_path / "out"
    env = {**os.environ, "NLTK_DATA": str(empty), "HOME": str(tmp_path)}
    argv = ["run", "--docs", str(SEEDS), "--refs", str(REFERENCES), "--out", str(out)]
    argv += ["--no-cache"]  # a cached result would prove nothing here
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(empty), *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert len(data["documents"]) == 5 * len(data["systems"])
    assert all(d["summary"] for d in data["documents"])
    assert list(empty.iterdir()) == []  # nothing was downloaded into it
