"""load_experiment(): one path from settings to RunConfig for the CLI and the API."""

from __future__ import annotations

from pathlib import Path

import pytest

import sumbench
from sumbench.cli import main
from sumbench.defaults import DEFAULTS, SYSTEMS, defaults
from sumbench.errors import InputError
from sumbench.experiment import load_experiment, merge
from sumbench.systems.registry import REGISTRY

from ..conftest import REFERENCES, SEEDS


def test_merge_later_layers_win_and_tables_merge_key_by_key() -> None:
    base = {"k": 1, "params": {"lsa": {"a": 1}}, "plugins": {"x": "m:f"}, "jsonl": {}}
    file = {"k": 2, "params": {"lsa": {"b": 2}, "kl": {"c": 3}}, "plugins": {"y": "m:g"}}
    flags = {"params": {"lsa": {"a": 9}}, "jsonl": {"id": "key"}}
    assert merge(base, file, flags) == {
        "k": 2,
        "params": {"lsa": {"a": 9, "b": 2}, "kl": {"c": 3}},
        "plugins": {"x": "m:f", "y": "m:g"},
        "jsonl": {"id": "key"},
    }
    assert base["params"] == {"lsa": {"a": 1}}  # the layers are not changed


def test_defaults_table_matches_the_registry_and_the_dataclasses() -> None:
    assert tuple(REGISTRY) == SYSTEMS
    config = load_experiment(None, out=None, no_cache=True)
    assert config == sumbench.RunConfig()
    assert config.stats.resamples == DEFAULTS["bootstrap"].default
    assert set(defaults()) == set(DEFAULTS)


def test_overrides_are_checked_like_file_keys() -> None:
    with pytest.raises(InputError, match="unknown key 'colour'"):
        load_experiment(None, colour=1)
    with pytest.raises(InputError, match="'sentences' has the wrong type"):
        load_experiment(None, sentences="3")


@pytest.mark.slow
def test_api_reproduces_cli_with_multi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    experiment = tmp_path / "x.toml"
    experiment.write_text(
        f'docs = "{SEEDS}"\nrefs = "{REFERENCES}"\nsystems = ["lead", "oracle"]\n'
        'multi = true\nno_cache = true\nout = "from-cli"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--config", str(experiment), "--quiet"]) == 0
    result = sumbench.run(sumbench.load_experiment(experiment, out=str(tmp_path / "from-api")))
    assert result.clusters is not None
    cli_files = sorted(
        p.relative_to(tmp_path / "from-cli")
        for p in (tmp_path / "from-cli").rglob("*")
        if p.is_file()
    )
    api_files = sorted(
        p.relative_to(tmp_path / "from-api")
        for p in (tmp_path / "from-api").rglob("*")
        if p.is_file()
    )
    assert cli_files == api_files
    assert Path("multi/results.json") in cli_files
    for name in cli_files:
        assert (tmp_path / "from-cli" / name).read_bytes() == (
            tmp_path / "from-api" / name
        ).read_bytes()


def test_cli_help_and_docs_table_read_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    from sumbench.defaults import settings_markdown

    with pytest.raises(SystemExit):
        main(["run", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "sentences per summary (3)" in shown
    assert f"bootstrap resamples ({DEFAULTS['bootstrap'].default})" in shown
    table = settings_markdown()
    assert all(f"| `{key}` |" in table for key in DEFAULTS)
    assert "| `sentences` | `--sentences` | `3` | sentences per summary |" in table
    assert "| `plugins` | `--system` |" in table
