"""Experiment files: sumbench.toml and [tool.sumbench]; flags override; runs reproduce."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sumbench.cli import main

from ..conftest import REFERENCES, SEEDS


def _results(out: Path) -> dict:
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    for key in ("docs", "refs"):  # where the corpus was found, not what it holds
        data["config"].pop(key)
    return data


def _experiment(tmp_path: Path, plugin: bool = True) -> Path:
    (tmp_path / "sb_config_plugin.py").write_text(
        "def last(s, k):\n    return s[-k:]\n", encoding="utf-8"
    )
    outputs = tmp_path / "outs"
    outputs.mkdir()
    for path in SEEDS.glob("*.txt"):
        (outputs / path.name).write_text(path.read_text(encoding="utf-8")[:300], "utf-8")
    text = f"""
docs = "{SEEDS}"
refs = "{REFERENCES}"
out = "results"
systems = ["lead", "lexrank", "random"]
sentences = 2
words = 50
seed = 3
metrics = ["rouge1", "rouge2"]
multi_ref = "mean"

[system_dirs]
trunc = "outs"

[params.lexrank]
threshold = 0.2
"""
    if plugin:
        text += '\n[plugins]\nlast = "sb_config_plugin:last"\n'
    path = tmp_path / "sumbench.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.slow
def test_config_file_reproduces_the_same_run_from_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _experiment(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--config", str(config)]) == 0
    from_file = _results(tmp_path / "results")
    argv = ["run", "--docs", str(SEEDS), "--refs", str(REFERENCES), "--out", "flags"]
    argv += ["--systems", "lead,lexrank,random", "--sentences", "2", "--words", "50"]
    argv += ["--seed", "3", "--metrics", "rouge1,rouge2", "--multi-ref", "mean"]
    argv += ["--system", "last=sb_config_plugin:last", "--system-dir", f"trunc={tmp_path}/outs"]
    argv += ["--param", "lexrank.threshold=0.2"]
    assert main(argv) == 0
    from_flags = _results(tmp_path / "flags")
    from_file["config"].pop("system_dirs"), from_flags["config"].pop("system_dirs")
    assert from_file == from_flags
    assert from_file["systems"]["lexrank"]["params"] == {"threshold": 0.2}
    assert list(from_file["systems"]) == ["lead", "lexrank", "random", "last", "trunc"]
    # And the file run again gives the very same numbers.
    assert main(["run", "--config", str(config), "--out", "again"]) == 0
    again = _results(tmp_path / "again")
    assert again["systems"] == _results(tmp_path / "results")["systems"]


def test_flags_override_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = _experiment(tmp_path, plugin=False)
    monkeypatch.chdir(tmp_path)
    argv = ["run", "--config", str(config), "--sentences", "1", "--systems", "lead,lexrank"]
    assert main([*argv, "--param", "lexrank.epsilon=0.05", "--out", "o"]) == 0
    data = _results(tmp_path / "o")
    assert data["signature_fields"]["k"] == "1"
    assert data["signature_fields"]["words"] == "50"  # from the file
    assert data["systems"]["lexrank"]["params"] == {"threshold": 0.2, "epsilon": 0.05}


def test_pyproject_tool_table_is_read_from_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = f'[tool.sumbench]\ndocs = "{SEEDS}"\nrefs = "{REFERENCES}"\nsystems = ["lead"]\n'
    (tmp_path / "pyproject.toml").write_text(text + "sentences = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--out", "o"]) == 0
    data = _results(tmp_path / "o")
    assert list(data["systems"]) == ["lead"]
    assert data["signature_fields"]["k"] == "1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sentences = [", "invalid TOML"),
        ("colour = 1", "unknown key 'colour'"),
        ('sentences = "3"', "'sentences' has the wrong type"),
        ("[params]\nlexrank = 1", "params must map each system"),
        ("[jsonl]\nfield = 'x'", "unknown jsonl setting"),
    ],
)
def test_bad_config_files_give_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "sumbench.toml"
    path.write_text(text + "\n", encoding="utf-8")
    assert main(["run", "--config", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert message in err


def test_missing_config_file_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--config", str(tmp_path / "nope.toml")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_system_names_in_the_file_must_be_strings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sumbench.toml"
    path.write_text("systems = [1]\n", encoding="utf-8")
    assert main(["run", "--config", str(path)]) == 2
    assert "every item of 'systems' must be a string" in capsys.readouterr().err


def test_repeated_system_dir_name_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--system-dir", "a=x", "--system-dir", "a=y"]) == 2
    assert "--system-dir: name(s) given twice: a" in capsys.readouterr().err
