"""Shared fixtures: repository paths and small corpora written to temporary folders."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
REFERENCES = ROOT / "references"

CorpusFactory = Callable[[Mapping[str, str], Mapping[str, Sequence[str]]], tuple[Path, Path]]


def write_corpus(
    base: Path, docs: Mapping[str, str], refs: Mapping[str, Sequence[str]]
) -> tuple[Path, Path]:
    """Write ``docs`` (id -> text) and ``refs`` (id -> texts) in sumbench's layout."""
    doc_dir, ref_dir = base / "docs", base / "refs"
    doc_dir.mkdir(parents=True)
    ref_dir.mkdir(parents=True)
    for doc_id, text in docs.items():
        (doc_dir / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    for doc_id, texts in refs.items():
        folder = ref_dir / doc_id
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"{chr(ord('A') + i)}.txt").write_text(text, encoding="utf-8")
    return doc_dir, ref_dir


@pytest.fixture(autouse=True)
def default_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The CLI's default cache folder, moved out of the repository for every test."""
    cache = tmp_path_factory.mktemp("default-cache")
    monkeypatch.setattr("sumbench.experiment.DEFAULT_CACHE_DIR", cache)
    return cache


@pytest.fixture
def make_corpus(tmp_path: Path) -> CorpusFactory:
    """Factory writing a corpus under ``tmp_path`` and returning (docs, refs) folders."""
    return lambda docs, refs: write_corpus(tmp_path / "corpus", docs, refs)


TINY_DOCS = {
    "alpha": (
        "The council approved a new budget for the city on Monday.\n"
        "The budget raises spending on schools and public transport.\n\n"
        "Critics said the plan ignores rising housing costs. The mayor disagreed.\n"
        "A final vote is expected next month."
    ),
    "beta": (
        "Heavy rain flooded several villages in the north overnight.\n\n"
        "Rescue teams evacuated hundreds of residents by boat.\n"
        "Officials warned that more rain is forecast for the weekend. Schools were closed."
    ),
}
TINY_REFS = {
    "alpha": [
        "The city council approved a budget that raises school and transport spending.",
        "A new city budget was approved.\nCritics point to housing costs.",
    ],
    "beta": ["Floods in northern villages forced hundreds of residents to leave by boat."],
}


@pytest.fixture
def tiny_corpus(make_corpus: CorpusFactory) -> tuple[Path, Path]:
    """Two short documents with one or two references each."""
    return make_corpus(TINY_DOCS, TINY_REFS)
