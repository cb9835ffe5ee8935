"""Tampered or hand-edited results and baselines: exit 2, one line naming the field (issue 12, 7).

The tamperings are generated: every key of every kind of entry deleted, every value
replaced by each wrong JSON type, scores set to NaN, infinities, negatives and > 1.
A change that leaves a valid file (an optional key deleted, an optional value nulled)
must still read back; every other one must be refused, never a traceback or a silent 0.
"""

from __future__ import annotations

import copy
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sumbench.cli import main

GOLDEN = Path(__file__).parent / "golden" / "seeds_results.json"
ORIGINAL: dict[str, Any] = json.loads(GOLDEN.read_text(encoding="utf-8"))
FIRST_DOC = next(iter(ORIGINAL["sources"]))
# Entries whose every key is deleted and every value mistyped, by path.
ENTRIES: tuple[tuple[Any, ...], ...] = (
    (),
    ("config",),
    ("config", "scoring"),
    ("config", "stats"),
    ("systems",),
    ("systems", "lead"),
    ("systems", "lead", "rouge1"),
    ("documents", 0),
    ("documents", 0, "scores", "rouge2"),
    ("pairwise", 0),
    ("sources", FIRST_DOC),
)
WRONG_TYPES: tuple[Any, ...] = ("x", None, [], {}, 1.5, True)
BAD_SCORES: tuple[Any, ...] = (math.nan, math.inf, -math.inf, -0.1, 1.5, "0.5", True, None)
# Keys a writer may leave out, or set to null, and the file stays valid.
# (Fields added later read as their old meaning when absent.)
OPTIONAL = {"sources", "failures", "documents.0.notes", "documents.0.words", "config.segmenter"}
OPTIONAL |= {f"sources.{FIRST_DOC}.{key}" for key in ("sentences_from", "ptb_tokenized")}
NULLABLE = {"systems.lead.position", "systems.lead.lead_overlap", "config.words"}


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def tamperings(document: dict[str, Any], entries: tuple[tuple[Any, ...], ...]) -> Iterator[Any]:
    """(name, tampered document, key) for every deletion and mistyping of ``entries``."""
    for path in entries:
        for key, value in _get(document, path).items():
            where = ".".join(map(str, (*path, key)))
            for new in ("<deleted>", *WRONG_TYPES):
                if new is not None and type(new) is type(value):
                    continue
                tampered = copy.deepcopy(document)
                if new == "<deleted>":
                    del _get(tampered, path)[key]
                else:
                    _get(tampered, path)[key] = new
                yield pytest.param(tampered, where, new, id=f"{where}={new!r}")


def _valid_change(where: str, new: Any) -> bool:
    return (new == "<deleted>" and where in OPTIONAL) or (new is None and where in NULLABLE)


def _one_line(err: str, field: str) -> None:
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    assert field in err, err


@pytest.mark.parametrize(("data", "where", "new"), list(tamperings(ORIGINAL, ENTRIES)))
def test_a_tampered_results_file_is_refused_naming_the_field(
    data: dict[str, Any], where: str, new: Any, tmp_path: Path, capsys
) -> None:
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    rc = main(["report", str(path), "--format", "json"])
    err = capsys.readouterr().err
    if _valid_change(where, new):
        assert rc == 0, err
    else:
        assert rc == 2, f"accepted: {where} = {new!r}"
        _one_line(err, where.rsplit(".", 1)[-1])


def _baseline() -> dict[str, Any]:
    from sumbench.gate import baseline_document

    return baseline_document(copy.deepcopy(ORIGINAL))


SCORE_PLACES = {
    "system mean": ("systems", "lead", "rouge2", "fmeasure"),
    "document score": ("documents", 0, "scores", "rouge2", "fmeasure"),
}


@pytest.mark.parametrize("bad", BAD_SCORES, ids=repr)
@pytest.mark.parametrize("place", list(SCORE_PLACES))
@pytest.mark.parametrize("kind", ["results", "baseline"])
def test_an_impossible_score_is_refused_not_judged(
    kind: str, place: str, bad: Any, tmp_path: Path, capsys
) -> None:
    # Before: NaN in a baseline was judged a "regression", -inf an "improvement".
    data = _baseline() if kind == "baseline" else copy.deepcopy(ORIGINAL)
    *parent, key = SCORE_PLACES[place]
    _get(data, tuple(parent))[key] = bad
    path = tmp_path / f"{kind}.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # NaN and Infinity as Python writes them
    golden = str(GOLDEN)
    argv = ["--baseline", str(path), "--results", golden] if kind == "baseline" else []
    argv = argv or ["--baseline", str(tmp_path / "b.json"), "--results", str(path)]
    (tmp_path / "b.json").write_text(json.dumps(_baseline()), encoding="utf-8")
    assert main(["check", *argv]) == 2
    _one_line(capsys.readouterr().err, "fmeasure")
    if kind == "results":
        assert main(["report", str(path)]) == 2
        _one_line(capsys.readouterr().err, "fmeasure")


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("format",), "sumbench-baseline/9", "format"),
        (("format",), None, "format"),
        (("signature_fields",), "<deleted>", "signature_fields"),
        (("systems", "lead"), "a string", "systems.lead"),
        (("documents",), {}, "documents"),
        (("documents", 0, "id"), 7, "documents.0.id"),
    ],
    ids=repr,
)
def test_a_tampered_baseline_is_refused_naming_the_field(
    path: tuple[Any, ...], value: Any, field: str, tmp_path: Path, capsys
) -> None:
    data = _baseline()
    *parent, key = path
    if value == "<deleted>":
        del _get(data, tuple(parent))[key]
    else:
        _get(data, tuple(parent))[key] = value
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(data), encoding="utf-8")
    assert main(["check", "--baseline", str(baseline), "--results", str(GOLDEN)]) == 2
    _one_line(capsys.readouterr().err, field)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["documents"][0].update(indices=[99]), "documents.0.indices"),
        (lambda d: d["documents"][0].update(indices=[-1]), "documents.0.indices"),
        (lambda d: d["documents"][0].update(doc_sentences=2), "documents.0"),
        (lambda d: d.update(warnings="a string"), "warnings"),
        (lambda d: d["documents"][0].update(system="nobody"), "documents.0.system"),
        (lambda d: d.pop("signature_fields"), "signature_fields"),
        (lambda d: d["systems"].update(lead="a string"), "systems.lead"),
        (lambda d: d["pairwise"][0].update(p_value=1.5), "pairwise.0.p_value"),
        (lambda d: d["systems"]["lead"]["rouge1"].update(ci=[0.9, 0.1]), "systems.lead.rouge1.ci"),
        (lambda d: d["config"]["scoring"].update(rouge_types=["rouge9"]), "config.scoring"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_the_issue_cases_are_refused_naming_the_field(change, field: str, tmp_path: Path, capsys):
    data = copy.deepcopy(ORIGINAL)
    change(data)
    path = tmp_path / "results.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for argv in (["report", str(path)], ["plot", str(path), "--output", str(tmp_path / "p")]):
        assert main(argv) == 2
        _one_line(capsys.readouterr().err, field)
