"""Multi-document runs: cluster manifests, cluster corpora, --multi and its tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rouge_score import rouge_scorer

from sumbench.cli import main
from sumbench.corpus.clusters import Cluster, cluster_corpus, read_manifest
from sumbench.corpus.folders import load_corpus
from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run
from sumbench.errors import InputError
from sumbench.systems.segment import split_sentences

from ..conftest import REFERENCES, SEEDS

CLUSTER = "india-russia-2021-12-06"


def test_cluster_input_is_its_documents_in_manifest_order() -> None:
    corpus = load_corpus(docs=SEEDS, refs=REFERENCES)
    clusters = [Cluster("c", ("004_dd630d643d2b5110", "000_e8ea9622cab2c79d"))]
    refs = REFERENCES / "clusters"
    with pytest.raises(InputError, match="cluster 'c' has no references"):
        cluster_corpus(corpus, clusters, refs=refs)
    (doc,) = cluster_corpus(corpus, read_manifest(SEEDS / "clusters.toml"), refs=refs).documents
    assert doc.id == CLUSTER
    texts = [d.text.strip() for d in corpus.documents]
    assert doc.text == "\n\n".join(texts)
    assert [r.name for r in doc.references] == ["A", "B"]


def test_multi_run_scores_against_cluster_references() -> None:
    config = RunConfig(
        docs=SEEDS, refs=REFERENCES, systems=("lead",), clusters=SEEDS / "clusters.toml"
    )
    result = run(config)
    (lead,) = result.documents
    assert lead.doc_id == CLUSTER
    assert result.signature.as_dict()["mode"] == "multi"
    assert result.signature.as_dict()["docs"] == "1"
    # Lead-3 of the cluster is Lead-3 of its first document (manifest order).
    first = split_sentences((SEEDS / "000_e8ea9622cab2c79d.txt").read_text(encoding="utf-8"))
    assert lead.summary == first[:3]
    targets = [
        p.read_text(encoding="utf-8").strip()
        for p in sorted((REFERENCES / "clusters" / CLUSTER).glob("*.txt"))
    ]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    expected = scorer.score_multi(targets, "\n".join(lead.summary))
    for rouge_type, score in lead.scores.items():
        assert score.fmeasure == pytest.approx(expected[rouge_type].fmeasure, abs=1e-12)


@pytest.mark.slow
def test_cli_multi_writes_separate_tables(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    argv = ["run", "--docs", str(SEEDS), "--refs", str(REFERENCES), "--out", str(out)]
    assert main([*argv, "--systems", "lead,textrank,oracle", "--multi"]) == 0
    printed = capsys.readouterr().out
    assert "sumbench multi-document (clusters) " in printed
    single = json.loads((out / "results.json").read_text(encoding="utf-8"))
    multi = json.loads((out / "multi" / "results.json").read_text(encoding="utf-8"))
    assert single["signature_fields"]["docs"] == "5"
    assert "mode" not in single["signature_fields"]
    assert multi["signature_fields"]["mode"] == "multi"
    assert {d["id"] for d in multi["documents"]} == {CLUSTER}
    table = (out / "multi" / "results.md").read_text(encoding="utf-8")
    assert "mean over 1 clusters" in table
    assert "redundancy across documents" in table
    assert (out / "multi" / "summaries" / "lead" / f"{CLUSTER}.txt").is_file()


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("", "no [[clusters]] entries"),
        ('[[clusters]]\nid = "c"\n', "exactly 'id' and 'documents'"),
        ('[[clusters]]\nid = "c"\ndocuments = []\n', "non-empty list"),
        ('[[clusters]]\nid = "c"\ndocuments = ["x", "x"]\n', "lists a document twice"),
        ('[[clusters]]\nid = "c"\ndocuments = ["nope"]\n', "unknown document(s) nope"),
        ('[[clusters]]\nid = "../c"\ndocuments = ["x"]\n', "not a safe file name"),
    ],
)
def test_bad_manifests_give_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], manifest: str, message: str
) -> None:
    path = tmp_path / "clusters.toml"
    path.write_text(manifest, encoding="utf-8")
    argv = ["run", "--docs", str(SEEDS), "--refs", str(REFERENCES), "--out", str(tmp_path / "o")]
    assert main([*argv, "--systems", "lead", "--multi", "--clusters", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert message in err
    assert not (tmp_path / "o").exists()


def test_missing_manifest_is_an_input_error(
    tiny_corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, refs = tiny_corpus
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(tmp_path / "o")]
    assert main([*argv, "--multi"]) == 2
    assert "cluster manifest not found" in capsys.readouterr().err
