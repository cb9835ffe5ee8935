"""Results folders: sumbench replaces only what it can prove it wrote, and deletes nothing else."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest

from sumbench.cli import main
from sumbench.errors import InputError
from sumbench.outdir import MARKER, check_output_dir, owned_snapshot, remove_owned, write_tree

FILES = {"results.json": '{"sumbench_version": "x", "signature": "s", "systems": {}}\n'}


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _corpus(base: Path) -> tuple[Path, Path]:
    docs, refs = base / "docs", base / "refs"
    (refs / "a").mkdir(parents=True)
    docs.mkdir()
    (docs / "a.txt").write_text("One sentence here. Two sentences here. Three here.\n")
    (refs / "a" / "A.txt").write_text("One sentence here.\n")
    return docs, refs


def _project(root: Path) -> Path:
    """The issue's case: a user project whose folder holds a results.json of its own."""
    (root / "src").mkdir(parents=True)
    (root / "src" / "main.py").write_text("print('precious')\n")
    (root / "notes.txt").write_text("my notes\n")
    (root / "results.json").write_text('{"accuracy": 0.9}\n')
    docs, refs = _corpus(root / "data")
    config = f'docs = "{docs}"\nrefs = "{refs}"\nsystems = ["lead"]\nout = "."\n'
    (root / "sumbench.toml").write_text(config)
    return root


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert "\n" not in err
    assert "Traceback" not in err
    return err


def test_a_project_folder_with_a_results_json_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path / "project")
    before = _tree(project)
    monkeypatch.chdir(project)
    assert main(["run", "--config", "sumbench.toml", "--no-cache", "--quiet"]) == 2
    assert "working folder" in _error(capsys)
    assert _tree(project) == before


@pytest.mark.parametrize(
    ("layout", "reason"),
    [
        ("foreign-results", "not a sumbench results folder"),
        ("extra-file", "which sumbench did not write"),
        ("project-root", "project root"),
        ("holds-corpus", "holds input"),
    ],
)
def test_folders_that_are_not_ours_are_refused(
    layout: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, refs = _corpus(tmp_path / "c")
    out = tmp_path / "out"
    out.mkdir()
    if layout == "foreign-results":
        (out / "results.json").write_text('{"accuracy": 0.9}\n')
    elif layout == "extra-file":
        (out / MARKER).write_text("sumbench-results/1\n")
        (out / "notes.txt").write_text("mine\n")
    elif layout == "project-root":
        (out / "pyproject.toml").write_text("[project]\n")
    else:
        out = tmp_path / "c"
    before = _tree(tmp_path)
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]
    assert main([*argv, "--systems", "lead", "--no-cache", "--quiet"]) == 2
    assert reason in _error(capsys)
    assert _tree(tmp_path) == before


def test_a_results_folder_of_an_older_sumbench_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text(
        json.dumps({"sumbench_version": "0.1", "signature": "x", "systems": {}})
    )
    (out / "summaries" / "lead").mkdir(parents=True)
    (out / "summaries" / "lead" / "a.txt").write_text("old\n")
    write_tree(out, {"results.json": "{}\n"})
    assert sorted(_tree(out)) == [MARKER, "results.json"]


def test_a_folder_made_at_out_during_the_run_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, refs = _corpus(tmp_path / "c")
    out = tmp_path / "out"
    plugin = tmp_path / "plugins"
    plugin.mkdir()
    (plugin / "sneaky.py").write_text(
        "from pathlib import Path\n"
        f"OUT = Path({str(out)!r})\n"
        "def summarize(sentences, k):\n"
        "    OUT.mkdir(exist_ok=True)\n"
        "    (OUT / 'precious.txt').write_text('x')\n"
        "    return list(range(min(k, len(sentences))))\n"
    )
    monkeypatch.syspath_prepend(str(plugin))
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out), "--jobs", "1"]
    argv += ["--systems", "lead", "--system", "sneaky=sneaky:summarize", "--no-cache", "--quiet"]
    assert main(argv) == 2
    assert "precious.txt" in _error(capsys)
    assert (out / "precious.txt").read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "out", "plugins"]  # no staging


def test_deletion_removes_only_what_the_check_saw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    write_tree(out, {"results.json": "{}\n", "summaries/lead/a.txt": "x\n"})
    snapshot = owned_snapshot(out)
    (out / "summaries" / "lead" / "late.txt").write_text("written after the check\n")
    remove_owned(out, snapshot)
    assert _tree(tmp_path) == {"out/summaries/lead/late.txt": b"written after the check\n"}
    assert "left" in capsys.readouterr().err


def test_check_refuses_the_working_folder_and_its_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    for target in (Path(), Path(".."), inner.parent):
        with pytest.raises(InputError, match="working folder"):
            check_output_dir(target)


def _writer(out: str, tag: int) -> None:
    for i in range(15):
        write_tree(
            Path(out),
            {"results.json": f'{{"writer": {tag}, "i": {i}}}\n', "summaries/s/d.txt": f"{tag}\n"},
        )


def test_two_processes_writing_one_folder_neither_fail_nor_leave_leftovers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(out), tag)) for tag in (1, 2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    data = json.loads((out / "results.json").read_text())
    assert data["i"] == 14
    assert (out / "summaries" / "s" / "d.txt").read_text() == f"{data['writer']}\n"


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_folders_of_dead_runs_are_cleaned_but_not_foreign_ones(tmp_path: Path) -> None:
    pid = _dead_pid()
    staging = tmp_path / f".out.new-{pid}-ab12"
    old = tmp_path / f".out.old-{pid}-cd34"
    kept = tmp_path / f".out.old-{pid}-ef56"
    for folder in (staging, old, kept):
        (folder / "summaries").mkdir(parents=True)
        (folder / MARKER).write_text("sumbench-results/1\n")
    (kept / "mine.txt").write_text("not sumbench's\n")
    write_tree(tmp_path / "out", FILES)
    assert sorted(p.name for p in tmp_path.iterdir()) == [kept.name, "out"]
