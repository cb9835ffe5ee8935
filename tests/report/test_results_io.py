"""results.json back to a RunResult: the round trip, the sources, and bad files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run
from sumbench.errors import InputError
from sumbench.results import RunResult, load_results

GOLDEN = Path(__file__).parents[1] / "golden" / "seeds_results.json"


def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_golden_round_trips() -> None:
    data = golden()
    assert RunResult.from_dict(data).as_dict() == data


def test_a_fresh_run_round_trips(tiny_corpus: tuple[Path, Path]) -> None:
    docs, refs = tiny_corpus
    result = run(RunConfig(docs=docs, refs=refs, systems=("lead", "oracle"), sentences=2))
    data = result.as_dict()
    assert RunResult.from_dict(data).as_dict() == data
    assert RunResult.from_dict(json.loads(json.dumps(data))).as_dict() == data


def test_sources_hold_the_sentences_that_indices_point_at() -> None:
    result = RunResult.from_dict(golden())
    sources = {s.doc_id: s for s in result.sources}
    assert sorted(sources) == sorted({d.doc_id for d in result.documents})
    for doc in result.documents:
        source = sources[doc.doc_id]
        assert len(source.sentences) == doc.n_sentences
        assert doc.summary == tuple(source.sentences[i] for i in doc.indices)
        assert [name for name, _ in source.references] == ["A", "B", "C"]


def test_load_results_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text(GOLDEN.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_results(path).as_dict() == golden()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "is not a JSON object"),
        (
            '{"sumbench_version": "0.1.0"}',
            "is not a sumbench results.json: missing 'config'",
        ),
    ],
)
def test_bad_results_files_are_input_errors(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "results.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_results(path)


def test_a_wrongly_typed_field_is_an_input_error(tmp_path: Path) -> None:
    data = golden()
    data["documents"][0]["indices"] = ["x"]
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=re.escape("not a sumbench results.json")):
        load_results(path)
