"""Loading human judgments: the judged JSONL corpus and ``--human`` CSV/JSONL score files."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from sumbench.corpus.judgments import (
    HumanScore,
    human_matrices,
    human_scores_of,
    load_human_scores,
    load_judged_corpus,
)
from sumbench.errors import InputError
from tests.bbc import shared_dir


def _doc(doc_id: object = "d1", **systems: dict) -> dict:
    systems = systems or {"lead": {"summary": "a b", "human": {"rel": 4, "coh": 3.5}}}
    return {"id": doc_id, "article": "An article.", "references": ["A ref."], "systems": systems}


def _write(path: Path, *lines: object) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    return path


def test_judged_corpus_round_trip(tmp_path: Path) -> None:
    two = {
        "zeta": {"summary": "z", "human": {"rel": 1}},
        "alpha": {"summary": "", "human": {"rel": 2.5}},
    }
    path = _write(tmp_path / "j.jsonl", _doc("d2", **two), "", _doc(7))
    docs = load_judged_corpus(path)
    assert [d.id for d in docs] == ["7", "d2"]
    assert [s.system for s in docs[1].summaries] == ["alpha", "zeta"]
    assert docs[0].summaries[0].human == (("coh", 3.5), ("rel", 4.0))
    rows = human_scores_of(docs)
    assert HumanScore("d2", "alpha", "rel", 2.5) in rows
    matrices = human_matrices(rows, ["7", "d2"], ["alpha", "lead", "zeta"])
    assert sorted(matrices) == ["coh", "rel"]
    np.testing.assert_array_equal(matrices["rel"], [[np.nan, 4.0, np.nan], [2.5, np.nan, 1.0]])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"j.jsonl:1: not valid JSON"),
        ("[1, 2]", r"j.jsonl:1: expected a JSON object"),
        (_doc(None), r"j.jsonl:1: field 'id' must be"),
        ({**_doc(), "references": []}, r"j.jsonl:1: field 'references' must be"),
        ({**_doc(), "systems": {}}, r"j.jsonl:1: field 'systems' must be"),
        (_doc(s={"summary": 3, "human": {"r": 1}}), r"field 'systems.s.summary' must be"),
        (_doc(s={"summary": "x", "human": {}}), r"field 'systems.s.human' must be"),
        (_doc(s={"summary": "x", "human": {"r": "high"}}), r"field 'systems.s.human.r' must be"),
        (_doc(s={"summary": "x", "human": {"r": True}}), r"field 'systems.s.human.r' must be"),
        (_doc(s={"summary": "x", "human": {"r": float("nan")}}), r"'systems.s.human.r' must be"),
    ],
)
def test_judged_corpus_errors_name_file_line_field(
    tmp_path: Path, line: object, message: str
) -> None:
    path = _write(tmp_path / "j.jsonl", line)
    with pytest.raises(InputError, match=message) as info:
        load_judged_corpus(path)
    assert "\n" not in str(info.value)


def test_repeated_id_names_both_lines(tmp_path: Path) -> None:
    path = _write(tmp_path / "j.jsonl", _doc("a"), _doc("b"), _doc("a"))
    with pytest.raises(InputError, match=r"j.jsonl:3: field 'id': 'a' repeats line 1"):
        load_judged_corpus(path)


def test_empty_or_missing_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no documents"):
        load_judged_corpus(_write(tmp_path / "e.jsonl", ""))
    with pytest.raises(InputError, match="cannot read"):
        load_judged_corpus(tmp_path / "absent.jsonl")
    with pytest.raises(InputError, match="no human scores"):
        load_human_scores(_write(tmp_path / "e.csv", ""))


def test_human_csv_and_jsonl_give_the_same_scores(tmp_path: Path) -> None:
    csv_path = _write(
        tmp_path / "h.csv", "id,system,criterion,score", "d1,lead,rel,4", "d1,ora,rel,5"
    )
    rows = [
        {"id": "d1", "system": "ora", "criterion": "rel", "score": 5},
        {"id": "d1", "system": "lead", "criterion": "rel", "score": "4"},
    ]
    jsonl_path = _write(tmp_path / "h.jsonl", *rows)
    assert load_human_scores(csv_path) == load_human_scores(jsonl_path)
    assert load_human_scores(csv_path)[0] == HumanScore("d1", "lead", "rel", 4.0)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["doc,system,criterion,score"], r"h.csv:1: header must be id,system,criterion,score"),
        (["id,system,criterion,score", "d1,lead,rel"], r"h.csv:2: expected 4 fields, got 3"),
        (["id,system,criterion,score", "d1,lead,rel,x"], r"h.csv:2: field 'score' must be"),
        (["id,system,criterion,score", "d1,,rel,1"], r"h.csv:2: field 'system' must be"),
        (["id,system,criterion,score", "d,s,c,1", "d,s,c,2"], r"h.csv:3: .* already given at"),
        (["id,system,criterion,score", "d,s,c,inf"], r"h.csv:2: field 'score' must be a finite"),
    ],
)
def test_human_csv_errors(tmp_path: Path, lines: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_human_scores(_write(tmp_path / "h.csv", *lines))


def test_human_jsonl_missing_field(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.jsonl", {"id": "d", "system": "s", "score": 1})
    with pytest.raises(InputError, match=r"h.jsonl:1: field 'criterion' must be"):
        load_human_scores(path)


@pytest.mark.parametrize(("name", "docs", "systems"), [("realsumm", 100, 24), ("newsroom", 60, 7)])
def test_shared_corpora_load_completely(name: str, docs: int, systems: int) -> None:
    path = shared_dir() / "corpora" / "human-judgments" / f"{name}.jsonl"
    if not path.is_file():
        pytest.skip(f"human-judgment corpus not found at {path} (set SUMBENCH_SHARED)")
    loaded = load_judged_corpus(path)
    names = sorted({s.system for d in loaded for s in d.summaries})
    assert (len(loaded), len(names)) == (docs, systems)
    for matrix in human_matrices(human_scores_of(loaded), [d.id for d in loaded], names).values():
        assert not np.isnan(matrix).any()
        assert all(math.isfinite(v) for v in matrix.ravel())
