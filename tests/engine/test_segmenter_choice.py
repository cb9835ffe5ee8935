"""One segmenter per run: --segmenter, pre-split input, the signature, the cache, PTB text."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from sumbench.cli import main
from sumbench.corpus.jsonl import load_jsonl
from sumbench.corpus.model import build_corpus
from sumbench.engine import cache
from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run
from sumbench.engine.signature import signature
from sumbench.errors import InputError
from sumbench.results import Origin, load_results
from sumbench.systems.segmenters import SEGMENTERS, get_segmenter

from ..conftest import CorpusFactory

# Lines that a segmenter would split, or sumy would take for a heading: "lines" and given
# sentences must keep each one whole.
LINES = [
    "BREAKING NEWS FROM THE COAST",
    "The storm hit at 5 a.m. It was the worst in years. Roads closed.",
    "Dr. Jones said: stay home.",
    "Rescue teams are out. More rain is due.",
    "A last line.",
]
REFERENCE = "The storm was the worst in years. Roads are closed."


def _lead(out: Path, doc_id: str) -> list[str]:
    return (out / "summaries" / "lead" / f"{doc_id}.txt").read_text(encoding="utf-8").splitlines()


def test_lines_end_to_end_lead_is_the_first_k_lines(
    make_corpus: CorpusFactory, tmp_path: Path
) -> None:
    docs, refs = make_corpus({"storm": "\n".join(LINES[:2]) + "\n\n" + "\n".join(LINES[2:])},
                             {"storm": [REFERENCE]})  # fmt: skip
    out = tmp_path / "out"
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]
    assert main([*argv, "--systems", "lead,oracle", "--segmenter", "lines", "--quiet"]) == 0
    assert _lead(out, "storm") == LINES[:3]
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["config"]["segmenter"] == "lines"
    assert data["signature_fields"]["seg"] == "lines"
    assert data["sources"]["storm"]["sentences"] == LINES
    assert data["sources"]["storm"]["sentences_from"] == "segmented"
    # The default segmenter splits the same text into more, shorter sentences.
    again = tmp_path / "again"
    assert main(["run", "--docs", str(docs), "--refs", str(refs), "--out", str(again),
                 "--systems", "lead", "--quiet"]) == 0  # fmt: skip
    assert _lead(again, "storm") != LINES[:3]


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_lists_are_given_sentences(tmp_path: Path) -> None:
    rows: list[dict[str, object]] = [
        {"id": "given", "text": [*LINES[:2], "  two\nlines  ", *LINES[2:]],
         "references": [[REFERENCE, "Stay home."], REFERENCE]},
        {"id": "plain", "text": " ".join(LINES[1:]), "references": [REFERENCE]},
    ]  # fmt: skip
    corpus = load_jsonl(_jsonl(tmp_path / "c.jsonl", rows))
    given, plain = corpus.documents
    assert (given.given, plain.given) == (True, False)
    assert given.text.splitlines() == [*LINES[:2], "two lines", *LINES[2:]]
    assert [r.given for r in given.references] == [True, False]
    for segmenter in ("sumbench", "sentencex-fix", "lines"):
        result = run(RunConfig(docs=tmp_path / "c.jsonl", systems=("lead",), segmenter=segmenter))
        by_id = {d.doc_id: d for d in result.documents}
        assert by_id["given"].summary == (*LINES[:2], "two lines")  # exactly the first k
        sources = {s.doc_id: s for s in result.sources}
        assert sources["given"].origin is Origin.GIVEN
        assert sources["plain"].origin is Origin.SEGMENTED


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ([], "must be a non-empty string or list of sentences"),
        (["  ", ""], "must be a non-empty string or list of sentences"),
        (["One.", 2], "must be a non-empty string or list of sentences"),
    ],
)
def test_bad_sentence_lists_are_one_line_errors(tmp_path: Path, text: object, message: str) -> None:
    path = _jsonl(tmp_path / "c.jsonl", [{"id": "d", "text": text, "references": ["R."]}])
    with pytest.raises(InputError, match=message):
        load_jsonl(path)
    path = _jsonl(tmp_path / "r.jsonl", [{"id": "d", "text": "T.", "references": [text]}])
    with pytest.raises(InputError, match="every reference"):
        load_jsonl(path)


def test_given_sentences_change_the_corpus_hash_and_the_keys(tmp_path: Path) -> None:
    text = "One sentence. Another one.\nA third."
    plain = build_corpus([("d", text, ["R."])])
    doc = plain.documents[0]
    given = replace(plain, documents=(replace(doc, given=True),))
    assert plain.content_hash() != given.content_hash()
    assert cache.doc_digest(doc) != cache.doc_digest(given.documents[0])


def test_the_signature_and_the_cache_keys_move_with_the_segmenter() -> None:
    corpus = build_corpus([("d", "One sentence. Another one.", ["R."])])
    doc = corpus.documents[0]
    names = sorted(SEGMENTERS)
    configs = [RunConfig(segmenter=name) for name in names]
    seg = [signature(corpus, c).as_dict()["seg"] for c in configs]
    assert seg == [get_segmenter(name).signature_id() for name in names]
    for keys in (
        seg,
        [cache.run_digest(c) for c in configs],
        [cache.sources_key(doc, "english", name) for name in names],
    ):
        assert len(set(keys)) == len(names)


def test_a_cached_result_is_not_reused_by_another_segmenter(tmp_path: Path) -> None:
    corpus = build_corpus([("d", "It rained. Roads closed. Schools shut. Trains stopped.", ["R."])])
    config = RunConfig(systems=("lead",), cache_dir=tmp_path / "cache", jobs=1)
    first = run(config, corpus=corpus)
    assert first.cache_stats.computed == 1
    assert run(config, corpus=corpus).cache_stats.reused == 1
    other = run(replace(config, segmenter="lines"), corpus=corpus)
    assert (other.cache_stats.reused, other.cache_stats.computed) == (0, 1)
    assert other.documents[0].summary == ("It rained. Roads closed. Schools shut. Trains stopped.",)


PTB = "He said it was over . `` We lost , '' he said . The team did n't play well ."


@pytest.mark.parametrize(
    ("segmenter", "rules"), [("sumbench", "applied its rules"), ("lines", "line breaks only")]
)
def test_ptb_tokenized_documents_are_counted_once(segmenter: str, rules: str) -> None:
    raw = "He said it was over. The team didn't play well."
    corpus = build_corpus([("a", PTB, ["R."]), ("b", raw, ["R."]), ("c", PTB + " More .", ["R."])])
    result = run(RunConfig(systems=("lead",), segmenter=segmenter), corpus=corpus)
    flagged = [w for w in result.warnings if "PTB-tokenized" in w]
    assert len(flagged) == 1
    assert flagged[0].startswith("2 of 3 documents look PTB-tokenized")
    assert rules in flagged[0]
    assert [s.tokenized for s in result.sources] == [True, False, True]


def test_results_with_the_new_fields_read_back_and_old_ones_too(tmp_path: Path) -> None:
    rows = [{"id": "d", "text": LINES, "references": [REFERENCE]}]
    config = RunConfig(docs=_jsonl(tmp_path / "c.jsonl", rows), systems=("lead",))
    run(replace(config, out=tmp_path / "out"))
    path = tmp_path / "out" / "results.json"
    assert load_results(path).sources[0].origin is Origin.GIVEN
    assert main(["report", str(path), "--format", "md"]) == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["config"]["segmenter"]
    for entry in data["sources"].values():
        del entry["sentences_from"], entry["ptb_tokenized"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    read = load_results(old)
    assert read.config.segmenter == "sentencex-fix"  # the segmenter before the setting
    assert read.sources[0].origin is Origin.SEGMENTED


def test_segmenter_errors_are_one_line(
    tiny_corpus: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    docs, refs = tiny_corpus
    base = ["run", "--docs", str(docs), "--refs", str(refs), "--quiet"]
    assert main([*base, "--segmenter", "punkt"]) == 2
    assert "unknown segmenter 'punkt'; choose one of:" in capsys.readouterr().err
    assert main([*base, "--segmenter", "pysbd", "--language", "german"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "sumbench: error: segmenter 'pysbd' supports only: english"


def test_segmenters_command_lists_the_registry_without_importing_libraries() -> None:
    code = (
        "import sys; from sumbench.cli import main; main(['segmenters']);"
        "libs = ('sentencex', 'nupunkt', 'pysbd', 'syntok', 'blingfire', 'sumy', 'nltk');"
        "print(sorted(m for m in libs if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[-1] == "[]"
    listed = {line[2:].split()[0]: line for line in out[:-2]}
    assert set(listed) == set(SEGMENTERS)
    assert listed[RunConfig().segmenter].startswith("* ")
    assert all(SEGMENTERS[name].description in line for name, line in listed.items())


def test_experiment_files_name_the_segmenter(tmp_path: Path) -> None:
    from sumbench.experiment import load_experiment

    path = tmp_path / "sumbench.toml"
    path.write_text('segmenter = "lines"\n', encoding="utf-8")
    assert load_experiment(path).segmenter == "lines"
    assert load_experiment(path, segmenter="sentencex-fix").segmenter == "sentencex-fix"
    path.write_text("segmenter = 3\n", encoding="utf-8")
    with pytest.raises(InputError, match="'segmenter' has the wrong type"):
        load_experiment(path)
