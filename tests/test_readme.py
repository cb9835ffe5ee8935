"""The README's Python API examples run as written, from a copy of the repository root."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT

FENCE = re.compile(r"^```python\n(.*?)^```", re.M | re.S)
HEADING = re.compile(r"^(#+)\s+(.*)$", re.M)


def _headings(markdown: str) -> list[re.Match[str]]:
    """Headings outside fenced code (a Python comment is not a heading)."""
    fences = [(m.start(), m.end()) for m in re.finditer(r"^```.*?^```", markdown, re.M | re.S)]
    return [h for h in HEADING.finditer(markdown) if not any(a <= h.start() < b for a, b in fences)]


def api_blocks(markdown: str) -> list[str]:
    """The ```python blocks of every section whose heading mentions "API" (sub-sections too)."""
    blocks: list[str] = []
    headings = _headings(markdown)
    for i, heading in enumerate(headings):
        if "API" not in heading.group(2):
            continue
        level = len(heading.group(1))
        end = next(
            (h.start() for h in headings[i + 1 :] if len(h.group(1)) <= level), len(markdown)
        )
        blocks += FENCE.findall(markdown[heading.end() : end])
    return blocks


def test_api_blocks_are_found_under_api_headings_only() -> None:
    text = "# Intro\n```python\nx = 1\n```\n## Python API\n```python\n# c\ny = 2\n```\n### More\n"
    text += "```python\nz = 3\n```\n## Other\n```python\nw = 4\n```\n"
    assert api_blocks(text) == ["# c\ny = 2\n", "z = 3\n"]


@pytest.mark.slow
def test_readme_api_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = api_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert blocks, "README.md has no ```python block under a heading that mentions API"
    for name in ("seeds", "references", "baselines"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    for number, block in enumerate(blocks, 1):
        code = compile(block, f"README.md API block {number}", "exec")
        exec(code, {"__name__": f"readme_{number}"})
