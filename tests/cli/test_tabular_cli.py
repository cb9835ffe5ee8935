"""Tabular corpora on the command line: each kind and preset end to end, subsets, --version."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sumbench import RunConfig, load_corpus, load_experiment, run
from sumbench.cli import main
from sumbench.corpus.subset import Subset
from sumbench.corpus.tabular import load_tabular
from sumbench.versions import sumbench_version, versions
from tests.conftest import REFERENCES, SEEDS
from tests.corpus.tabular import hf_cache, write_csv, write_disk, write_hub, write_parquet
from tests.corpus.test_presets import CASES

__all__ = ["hf_cache"]  # the autouse fixture, imported to be used here

WRITERS = {"parquet": write_parquet, "csv": write_csv, "disk": write_disk, "hub": write_hub}
COLUMNS = {
    "id": ["b", "a", "c", "d"],
    "text": [
        "Rain fell all day. Roads were closed. Schools stayed open.",
        "The council met on Monday. It approved the budget. Work starts in May.",
        "Prices rose in May. Rents rose faster. Wages did not.",
        "A storm hit the coast. Power was cut. Crews worked all night.",
    ],
    "references": ["Rain closed roads.", "The council approved the budget.", "Rents rose.", "x."],
}
LEAD = ["--systems", "lead", "--sentences", "1", "--jobs", "1", "--quiet", "--no-cache"]


def _cli_run(out: Path, *args: str) -> dict[str, Any]:
    assert main(["run", *args, *LEAD, "--out", str(out)]) == 0
    data: dict[str, Any] = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return data


def _f1(data: dict[str, Any]) -> dict[str, float]:
    return {d["id"]: d["scores"]["rouge1"]["fmeasure"] for d in data["documents"]}


def _api_f1(corpus_source: str, **kwargs: Any) -> dict[str, float]:
    corpus = load_tabular(corpus_source, **kwargs)
    result = run(RunConfig(systems=("lead",), sentences=1, jobs=1), corpus=corpus)
    return {d.doc_id: d.scores["rouge1"].fmeasure for d in result.documents}


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_every_kind_runs_from_the_command_line(tmp_path: Path, kind: str) -> None:
    source = WRITERS[kind](tmp_path, COLUMNS)
    data = _cli_run(tmp_path / "out", "--docs", source)
    assert _f1(data) == _api_f1(source)
    assert sorted(_f1(data)) == ["a", "b", "c", "d"]
    fields = data["signature_fields"]
    assert fields["docs"] == "4"
    assert "subset" not in fields
    assert "preset" not in fields
    assert "subset" not in data["config"]  # at its default: left out of results.json


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_preset_runs_by_name_and_by_dataset_name(tmp_path: Path, name: str) -> None:
    dataset, config, columns, (doc_id, _, _) = CASES[name]
    named = _cli_run(
        tmp_path / "named", "--docs", write_parquet(tmp_path, columns), "--preset", name
    )
    assert named["signature_fields"]["preset"] == name
    assert list(_f1(named)) == [doc_id]
    info = {"dataset_name": dataset, "config_name": config}
    saved = tmp_path / "saved"
    import datasets

    datasets.Dataset.from_dict(dict(columns), info=datasets.DatasetInfo(**info)).save_to_disk(
        str(saved)
    )
    detected = _cli_run(tmp_path / "detected", "--docs", str(saved))
    assert "preset" not in detected["signature_fields"]  # the corpus hash records the texts
    assert _f1(detected) == _f1(named)
    assert detected["signature_fields"]["corpus"] == named["signature_fields"]["corpus"]


@pytest.mark.parametrize(
    ("flags", "subset", "value"),
    [
        (["--limit", "2"], Subset(limit=2), "first-2"),
        (["--sample", "2"], Subset(sample=2), "sample-2-seed-0"),
        (["--sample", "2", "--sample-seed", "3"], Subset(sample=2, seed=3), "sample-2-seed-3"),
    ],
)
def test_subsets_are_read_and_recorded(
    tmp_path: Path, flags: list[str], subset: Subset, value: str
) -> None:
    source = write_parquet(tmp_path, COLUMNS)
    data = _cli_run(tmp_path / "out", "--docs", source, *flags)
    assert data["signature_fields"]["subset"] == value
    assert data["signature_fields"]["docs"] == "2"
    assert sorted(_f1(data)) == sorted(COLUMNS["id"][i] for i in subset.indices(4))
    assert _f1(data) == _api_f1(source, subset=subset)


def test_limit_takes_rows_in_file_order(tmp_path: Path) -> None:
    data = _cli_run(tmp_path / "out", "--docs", write_csv(tmp_path, COLUMNS), "--limit", "2")
    assert sorted(_f1(data)) == ["a", "b"]  # rows 0 and 1 are b and a


def test_the_sample_seed_is_not_the_random_systems_seed(tmp_path: Path) -> None:
    source = write_parquet(tmp_path, {k: list(v) * 5 for k, v in COLUMNS.items() if k != "id"})
    picked = {
        seed: sorted(_f1(_cli_run(tmp_path / f"s{seed}", "--docs", source, "--sample", "5", *seed)))
        for seed in [(), ("--seed", "9"), ("--sample-seed", "9")]
    }
    assert picked[()] == picked[("--seed", "9")]
    assert picked[()] != picked[("--sample-seed", "9")]


def test_folders_are_cut_in_id_order(tmp_path: Path) -> None:
    data = _cli_run(
        tmp_path / "out", "--docs", str(SEEDS), "--refs", str(REFERENCES), "--limit", "3"
    )
    ids = [d.id for d in load_corpus(docs=SEEDS, refs=REFERENCES).documents]
    assert sorted(_f1(data)) == ids[:3]
    assert data["signature_fields"]["subset"] == "first-3"


def test_a_corpus_passed_to_run_is_cut_too(tmp_path: Path) -> None:
    corpus = load_tabular(write_parquet(tmp_path, COLUMNS))
    result = run(RunConfig(systems=("lead",), jobs=1, subset=Subset(limit=1)), corpus=corpus)
    assert [d.doc_id for d in result.documents] == ["a"]
    assert dict(result.signature.fields)["subset"] == "first-1"


def test_an_experiment_file_names_a_hub_dataset(tmp_path: Path) -> None:
    spec = write_hub(tmp_path, COLUMNS)
    (tmp_path / "exp.toml").write_text(
        f'docs = "{spec}"\nsystems = ["lead"]\nsentences = 1\nlimit = 3\njobs = 1\n',
        encoding="utf-8",
    )
    config = load_experiment(tmp_path / "exp.toml")
    assert str(config.docs) == spec  # not resolved against the file's folder
    assert config.subset == Subset(limit=3)
    assert sorted(d.doc_id for d in run(config).documents) == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--limit", "2", "--sample", "2"], "--limit and --sample cannot be combined"),
        (["--limit", "0"], "--limit must be at least 1"),
        (["--sample-seed", "3"], "--sample-seed applies to --sample only"),
        (["--preset", "nope"], "unknown preset 'nope' (choose from: arxiv, billsum,"),
    ],
)
def test_bad_flags_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    source = write_parquet(tmp_path, COLUMNS)
    assert main(["run", "--docs", source, *args, *LEAD, "--out", str(tmp_path / "o")]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert message in line


def test_a_preset_needs_a_table(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = ["--docs", str(SEEDS), "--refs", str(REFERENCES), "--preset", "xsum"]
    assert main(["run", *args, *LEAD, "--out", str(tmp_path / "o")]) == 2
    assert "--preset applies to tabular corpora only" in capsys.readouterr().err


def test_version_lists_the_signature_versions(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"sumbench {sumbench_version()}"
    listed = [tuple(line.split()) for line in lines if line.startswith("  ")]
    assert listed == [(name, value) for name, value in versions() if name != "sumbench"]
