"""Issue "Reliability": every kind of bad input is an error or a documented warning.

Each case runs the CLI in-process: errors must be one line with exit code 2 and leave
no results behind; warnings must appear in results.json and the run must succeed.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sumbench.cli import main

from ..conftest import write_corpus

DOC = "The council approved the budget. Schools get more money. Critics objected.\n"
REF = "The council passed a budget with more money for schools.\n"


def _corpus(tmp: Path, docs: dict[str, str], refs: dict[str, list[str]]) -> tuple[Path, Path]:
    return write_corpus(tmp / "c", docs, refs)


def _run(docs: Path, refs: Path, out: Path, *extra: str) -> int:
    return main(["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out), *extra])


def _write_bytes(name: str, data: bytes) -> Callable[[Path, Path], None]:
    return lambda docs, refs: (docs / name).write_bytes(data)


ERRORS: dict[str, tuple[dict, dict, Callable[[Path, Path], None] | None, str]] = {
    "nul byte": ({"a": DOC}, {"a": [REF]}, _write_bytes("a.txt", b"Text\x00more."), "looks binary"),
    "binary": (
        {"a": DOC},
        {"a": [REF]},
        _write_bytes("a.txt", bytes(range(1, 40)) * 3),
        "looks binary",
    ),
    "latin-1": (
        {"a": DOC},
        {"a": [REF]},
        _write_bytes("a.txt", "Café au lait.".encode("latin-1")),
        "not valid UTF-8 (byte 3)",
    ),
    "utf-16": (
        {"a": DOC},
        {"a": [REF]},
        _write_bytes("a.txt", "Text here.".encode("utf-16")),
        "UTF-16 or UTF-32",
    ),
    "whitespace only": ({"a": "\n \t \r\n"}, {"a": [REF]}, None, "empty or whitespace only"),
    "empty reference": ({"a": DOC}, {"a": [""]}, None, "A.txt is empty or whitespace only"),
    "duplicate ids": (
        {"a": DOC},
        {"a": [REF]},
        lambda docs, refs: (docs / "a.TXT").write_text(DOC, encoding="utf-8"),
        "duplicate ids differing only in case",
    ),
    "broken symlink": (
        {"a": DOC},
        {"a": [REF]},
        lambda docs, refs: (docs / "b.txt").symlink_to(docs / "missing.txt"),
        "b.txt is a broken link",
    ),
}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_input_errors(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs_map, refs_map, mutate, expect = ERRORS[case]
    docs, refs = _corpus(tmp_path, docs_map, refs_map)
    if mutate:
        mutate(docs, refs)
    out = tmp_path / "out"
    assert _run(docs, refs, out) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert expect in err[0]
    assert not out.exists()


LONG = " ".join(["word"] * 5000)
WARNINGS: dict[str, tuple[dict, dict, str]] = {
    "one sentence": ({"a": "Only one sentence here."}, {"a": [REF]}, "fewer than 3 sentences"),
    "fewer than k": ({"a": "One. Two sentences."}, {"a": [REF]}, "fewer than 3 sentences"),
    "no punctuation": ({"a": LONG}, {"a": [REF]}, "a sentence of more than 1000 words"),
    "only numbers": ({"a": "12 34. 56, 78! 90?"}, {"a": ["12 and 34."]}, "no letters at all"),
    "html": ({"a": f"<p>{DOC}</p><br/>"}, {"a": [REF]}, "HTML markup"),
    "non-latin": ({"a": "Индия и Россия подписали соглашение."}, {"a": ["Соглашение."]}, "drops"),
    "ref equals doc": ({"a": DOC}, {"a": [DOC]}, "a reference identical to its document"),
    "ref longer": ({"a": DOC}, {"a": [DOC + " " + DOC]}, "a reference longer than its document"),
    "duplicate refs": ({"a": DOC}, {"a": [REF, REF]}, "two identical references"),
}


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_input_warnings(case: str, tmp_path: Path) -> None:
    docs_map, refs_map, expect = WARNINGS[case]
    docs, refs = _corpus(tmp_path, docs_map, refs_map)
    out = tmp_path / "out"
    assert _run(docs, refs, out, "--systems", "lead,lexrank,oracle") == 0
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert any(expect in w for w in data["warnings"]), data["warnings"]
    for entry in data["documents"]:
        assert all(0 <= s["fmeasure"] <= 1 for s in entry["scores"].values())


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bom", codecs.BOM_UTF8 + DOC.encode()),
        ("crlf", DOC.replace("\n", "\r\n").encode()),
        ("long line", ((DOC.strip() + " ") * 400).encode()),
    ],
)
def test_accepted_encodings_and_line_endings(name: str, content: bytes, tmp_path: Path) -> None:
    docs, refs = _corpus(tmp_path, {"a": DOC}, {"a": [REF]})
    (docs / "a.txt").write_bytes(content)
    out = tmp_path / "out"
    assert _run(docs, refs, out, "--systems", "lead") == 0
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["documents"][0]["summary"][0] == "The council approved the budget."


def test_file_names_with_spaces_unicode_and_symlinks(tmp_path: Path) -> None:
    ids = ["my doc", "naïve résumé", "記事"]
    docs, refs = _corpus(tmp_path, dict.fromkeys(ids, DOC), {i: [REF] for i in ids})
    (docs / "linked.txt").symlink_to(docs / "my doc.txt")
    (refs / "linked").mkdir()
    (refs / "linked" / "A.txt").write_text(REF, encoding="utf-8")
    out = tmp_path / "out"
    assert _run(docs, refs, out, "--systems", "lead") == 0
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert sorted(d["id"] for d in data["documents"]) == sorted([*ids, "linked"])
    assert (out / "summaries" / "lead" / "記事.txt").is_file()


def test_output_folder_not_writable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere: the permission check cannot be exercised")
    docs, refs = _corpus(tmp_path, {"a": DOC}, {"a": [REF]})
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert _run(docs, refs, locked / "out") == 2
    assert "not writable" in capsys.readouterr().err
