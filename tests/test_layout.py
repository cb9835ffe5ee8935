"""The package layout's promises: no import cycle, light start-up, no entry-point scan early."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from sumbench.engine.config import RunConfig
from sumbench.errors import InputError

from .conftest import ROOT

SRC = ROOT / "src"
HEAVY = ("matplotlib", "numpy", "sumy", "nltk", "rouge_score", "scipy", "tqdm")
OPTIONAL = ("pandas", "pyarrow", "datasets")  # the extras: only when a table or to_pandas asks


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Module -> the sumbench modules it imports at import time (top-level statements)."""
    paths = {_module_name(p): p for p in (SRC / "sumbench").rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        deps: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sumbench"):
                module = node.module or ""
                deps.add(module)
                deps.update(f"{module}.{a.name}" for a in node.names)
        graph[name] = {d for d in deps if d in paths and d != name}
    return graph


def test_no_import_cycle() -> None:
    graph = _import_graph()
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        assert name not in path, "import cycle: " + " -> ".join([*path, name])
        if name in done:
            return
        for dep in sorted(graph[name]):
            visit(dep, [*path, name])
        done.add(name)

    for module in sorted(graph):
        visit(module, [])


def test_the_cli_and_the_report_registry_import_nothing_heavy() -> None:
    code = (
        "import sys, sumbench, sumbench.cli, sumbench.report, sumbench.report.html;"
        "from sumbench.cli.parser import build_parser; build_parser();"
        f"print(sorted(m for m in {HEAVY + OPTIONAL!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_config_does_not_look_systems_up_the_run_does(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_scan(**_: object) -> None:
        raise AssertionError("entry points scanned")

    monkeypatch.setattr("importlib.metadata.entry_points", no_scan)
    config = RunConfig(systems=("lead", "lexrnk"))  # a typo, found when the run resolves it
    from sumbench import build_corpus, run

    monkeypatch.undo()
    with pytest.raises(InputError, match="did you mean 'lexrank'"):
        run(config, corpus=build_corpus([("d", "One. Two.", ["One."])]))
