"""Presets on tiny datasets with each dataset card's columns, found from the dataset's name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rouge_score import rouge_scorer

from sumbench import RunConfig, build_corpus, run
from sumbench.corpus.clusters import Cluster, cluster_corpus
from sumbench.corpus.model import Corpus
from sumbench.corpus.presets import PRESETS, detect_preset, get_preset, split_documents
from sumbench.corpus.tabular import load_tabular
from sumbench.errors import InputError
from tests.corpus.tabular import Columns, hf_cache, write_disk, write_parquet

__all__ = ["hf_cache"]

# preset -> (dataset name and config in the saved info, columns, expected (id, text, refs)).
CASES: dict[str, tuple[str, str | None, Columns, tuple[str, str, list[str]]]] = {
    "cnn_dailymail": (
        "cnn_dailymail",
        "3.0.0",
        {
            "article": ["The mayor spoke on Monday. The council agreed. Work starts soon."],
            "highlights": [" Mayor spoke Monday .\n\nCouncil agreed . "],
            "id": ["42c027e4ff9730fbb3de84c1af0d2c506e67c3fa"],
        },
        (
            "42c027e4ff9730fbb3de84c1af0d2c506e67c3fa",
            "The mayor spoke on Monday. The council agreed. Work starts soon.",
            ["Mayor spoke Monday .\nCouncil agreed ."],
        ),
    ),
    "xsum": (
        "xsum",
        None,
        {
            "document": ["Rain fell in Leeds.\nRoads closed for hours."],
            "summary": ["Heavy rain closed\nroads in Leeds."],
            "id": ["38295789"],
        },
        (
            "38295789",
            "Rain fell in Leeds.\nRoads closed for hours.",
            ["Heavy rain closed roads in Leeds."],
        ),
    ),
    "multi_news": (
        "multi_news",
        None,
        {
            "document": ["First report says A. It adds B. ||||| Second report says C. |||||"],
            "summary": ["\u2013 Reports say A and C."],
        },
        (
            "0",
            "First report says A. It adds B.\n\nSecond report says C.",
            ["\u2013 Reports say A and C."],
        ),
    ),
    "arxiv": (
        "scientific_papers",
        "arxiv",
        {
            "article": ["we study graphs .\nwe prove a bound ."],
            "abstract": [" we study graphs . \n we prove it . "],
            "section_names": ["introduction\nresults"],
        },
        ("0", "we study graphs .\nwe prove a bound .", ["we study graphs .\nwe prove it ."]),
    ),
    "pubmed": (
        "scientific_papers",
        "pubmed",
        {
            "article_id": ["PMC3872579"],
            "article_text": [["patients were enrolled .", "outcomes improved ."]],
            "abstract_text": [["<S> patients were enrolled . </S>", "<S> it worked . </S>"]],
            "section_names": [["methods", "results"]],
        },
        (
            "PMC3872579",
            "patients were enrolled .\noutcomes improved .",
            ["patients were enrolled .\nit worked ."],
        ),
    ),
    "billsum": (
        "billsum",
        None,
        {
            "text": ["SECTION 1. SHORT TITLE.\n\nThis Act may be cited as the Test Act."],
            "summary": ["Test Act - Names the Act."],
            "title": ["To name an Act."],
        },
        (
            "0",
            "SECTION 1. SHORT TITLE.\n\nThis Act may be cited as the Test Act.",
            ["Test Act - Names the Act."],
        ),
    ),
}


def _load(tmp_path: Path, name: str, **kwargs: Any) -> Corpus:
    dataset, config, columns, _ = CASES[name]
    folder = write_disk(tmp_path, columns, dataset)
    if config is not None:  # save_to_disk keeps the config name of the info
        import datasets

        info = datasets.DatasetInfo(dataset_name=dataset, config_name=config)
        datasets.Dataset.from_dict(dict(columns), info=info).save_to_disk(folder + "-c")
        folder += "-c"
    return load_tabular(folder, **kwargs)


@pytest.mark.parametrize("name", sorted(CASES))
def test_preset_chosen_from_the_dataset_name(tmp_path: Path, name: str) -> None:
    (doc,) = _load(tmp_path, name).documents
    doc_id, text, refs = CASES[name][3]
    assert (doc.id, doc.text, [r.text for r in doc.references]) == (doc_id, text, refs)


@pytest.mark.parametrize("name", sorted(CASES))
def test_preset_by_name_on_a_parquet_file(tmp_path: Path, name: str) -> None:
    source = write_parquet(tmp_path, CASES[name][2])
    assert load_tabular(source, preset=name) == _load(tmp_path, name)


@pytest.mark.parametrize("name", sorted(CASES))
def test_preset_corpus_runs_and_scores_like_rouge_score(tmp_path: Path, name: str) -> None:
    corpus = _load(tmp_path, name)
    result = run(RunConfig(systems=("lead",), sentences=1, jobs=1), corpus=corpus)
    (scored,) = result.documents
    (reference,) = corpus.documents[0].references
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    direct = scorer.score(reference.text, "\n".join(scored.summary))
    for metric in ("rouge1", "rouge2"):
        assert scored.scores[metric].fmeasure == pytest.approx(direct[metric].fmeasure)
    # Not always the first line: sumy takes an all-caps line (BillSum's "SECTION 1.") as a heading.
    assert scored.summary[0] in corpus.documents[0].text


@pytest.mark.parametrize(
    ("dataset", "config", "preset"),
    [
        ("cnn_dailymail", "3.0.0", "cnn_dailymail"),
        ("abisee/cnn_dailymail", "3.0.0", "cnn_dailymail"),
        ("EdinburghNLP/xsum", None, "xsum"),
        ("alexfabbri/multi_news", None, "multi_news"),
        ("scientific_papers", "arxiv", "arxiv"),
        ("armanc/scientific_papers", "pubmed", "pubmed"),
        ("ccdv/pubmed-summarization", "section", "pubmed"),
        ("FiscalNote/billsum", None, "billsum"),
    ],
)
def test_known_names(dataset: str, config: str | None, preset: str) -> None:
    found = detect_preset(dataset, config)
    assert found is not None
    assert found.name == preset


@pytest.mark.parametrize(("dataset", "config"), [("scientific_papers", None), ("my/own", None)])
def test_unknown_names_choose_nothing(dataset: str, config: str | None) -> None:
    assert detect_preset(dataset, config) is None


def test_unknown_preset_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match=r"unknown preset 'cnn' \(choose from: arxiv, billsum"):
        get_preset("cnn")


def test_every_preset_states_its_source_and_is_tested() -> None:
    assert sorted(PRESETS) == sorted(CASES)
    assert all(p.source.startswith("https://huggingface.co/datasets/") for p in PRESETS.values())


def test_multi_news_documents_split_in_order() -> None:
    assert split_documents(" a ||||| b |||||  ||||| c", "|||||") == ("a", "b", "c")


def test_a_multi_news_row_is_the_input_a_cluster_makes(tmp_path: Path) -> None:
    columns = {
        "document": ["First report.\nIt adds B. ||||| Second report. |||||", "Only one. |||||"],
        "summary": ["Reports say A.", "One says so."],
    }
    rows = load_tabular(write_parquet(tmp_path, columns), preset="multi_news").documents
    for number, row in enumerate(rows):
        pieces = split_documents(columns["document"][number], "|||||")
        ids = [f"{number}-{i:02d}" for i in range(len(pieces))]
        refs = tmp_path / f"refs{number}"
        (refs / row.id).mkdir(parents=True)
        (refs / row.id / "A.txt").write_text(columns["summary"][number], encoding="utf-8")
        documents = build_corpus([(i, p, ["unused"]) for i, p in zip(ids, pieces, strict=True)])
        (cluster,) = cluster_corpus(documents, [Cluster(row.id, tuple(ids))], refs=refs).documents
        assert (cluster.id, cluster.text) == (row.id, row.text)
        assert [r.text for r in cluster.references] == [r.text for r in row.references]


def test_a_named_preset_still_checks_its_columns(tmp_path: Path) -> None:
    source = write_parquet(tmp_path, CASES["xsum"][2])
    with pytest.raises(InputError, match="no text column \\(looked for 'article'"):
        load_tabular(source, preset="cnn_dailymail")
