"""Run the ```python blocks of a Markdown page in order, in one namespace, as a reader would."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

BLOCK = re.compile(r"^```python\n(.*?)^```", flags=re.DOTALL | re.MULTILINE)


def run_python_blocks(page: Path, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Execute every Python block of ``page`` with ``cwd`` as working folder; the namespace."""
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    assert blocks, f"no ```python blocks in {page}"
    monkeypatch.chdir(cwd)
    namespace: dict[str, Any] = {"__name__": f"docs_{page.stem.replace('-', '_')}"}
    for block in blocks:
        exec(compile(block, str(page), "exec"), namespace)
    return namespace
