"""A JSONL corpus read back from its file when used, with a bounded part kept in memory."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from sumbench import defaults
from sumbench.corpus import lines as lines_module
from sumbench.corpus.jsonl import load_jsonl
from sumbench.corpus.lines import LineDocuments
from sumbench.defaults import Limits
from sumbench.errors import InputError

ROWS = [
    {"id": "b", "text": "Second text. It has two sentences.", "references": ["A ref."]},
    {"id": "a", "text": ["Given one.", "Given two."], "references": [["R one.", "R two."], "x"]},
    {"id": "c", "text": "Third \u00e9t\u00e9 text.", "references": ["Ref c."]},
]


def _write(path: Path, rows: list[dict[str, object]], *, bom: bool = False) -> Path:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n\n" for r in rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def _eager(path: Path) -> tuple[object, ...]:
    # The same file through a pipe: read once, held in memory.
    read, write = os.pipe()
    data = path.read_bytes()

    def feed() -> None:
        with os.fdopen(write, "wb") as handle:
            handle.write(data)

    thread = threading.Thread(target=feed)
    thread.start()
    try:
        fifo = Path(f"/dev/fd/{read}")
        corpus = load_jsonl(fifo)
    finally:
        thread.join()
        os.close(read)
    assert not isinstance(corpus.documents, LineDocuments)
    return tuple(corpus.documents)


@pytest.mark.parametrize("bom", [False, True])
def test_a_file_is_read_lazily_and_gives_what_an_eager_read_gives(
    tmp_path: Path, bom: bool
) -> None:
    path = _write(tmp_path / "c.jsonl", ROWS, bom=bom)
    corpus = load_jsonl(path)
    assert isinstance(corpus.documents, LineDocuments)
    assert corpus.ids == ("a", "b", "c")
    assert tuple(corpus.documents) == _eager(path)
    assert corpus.documents[0].given
    assert corpus.documents[-1].text == "Third \u00e9t\u00e9 text."
    assert corpus.documents[1:] == tuple(corpus.documents)[1:]


def _keep(monkeypatch: pytest.MonkeyPatch, budget: int) -> None:
    limits = Limits(corpus_kept_bytes=budget)
    monkeypatch.setattr(lines_module, "LIMITS", limits)
    monkeypatch.setattr(defaults, "LIMITS", limits)


def test_a_corpus_changed_during_the_run_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _keep(monkeypatch, 0)  # nothing kept: every use reads the file again
    path = _write(tmp_path / "c.jsonl", ROWS)
    corpus = load_jsonl(path)
    data = path.read_bytes().replace(b"Third", b"THIRD")
    path.write_bytes(data)  # in place: same inode, same length
    with pytest.raises(InputError, match=r"c\.jsonl:5: the corpus file changed during the run"):
        list(corpus.documents)


def test_a_corpus_kept_in_memory_is_read_once(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.jsonl", ROWS)
    corpus = load_jsonl(path)
    path.write_bytes(path.read_bytes().replace(b"Third", b"THIRD"))
    assert corpus.documents[2].text.startswith("Third")  # the run goes on with what it read


def test_only_a_bounded_part_stays_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path / "c.jsonl", ROWS)
    _keep(monkeypatch, len(json.dumps(ROWS[0], ensure_ascii=False).encode()))
    documents = load_jsonl(path).documents  # ids a, b, c; the file's first line is b's
    assert documents[1] is documents[1]  # b fits: kept from the load on
    assert documents[0] is not documents[0]  # no room left: parsed at each use
    assert documents[0] == documents[0]


def test_indices_out_of_range(tmp_path: Path) -> None:
    documents = load_jsonl(_write(tmp_path / "c.jsonl", ROWS)).documents
    assert documents[-3].id == "a"
    with pytest.raises(IndexError):
        documents[3]
