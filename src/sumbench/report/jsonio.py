"""``results.json`` rendered entry by entry, so memory does not hold the run twice over.

``json.dumps(result.as_dict(), indent=2)`` builds every document's dict at once and then,
the indenting encoder being pure Python, a list of millions of small string pieces: on
20,000 documents that is several times the file's size. Here the run without its documents
and sources goes through ``as_dict`` (the one description of the format), and the two long
collections are spliced in one entry at a time, with exactly the bytes ``json.dumps`` gives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from sumbench.results import RunResult

_INDENT = "    "  # entries of a top-level collection sit two levels deep


def render_results_json(result: RunResult) -> str:
    """The bytes of ``json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\\n"``."""
    return "".join(results_json_chunks(result))


def results_json_chunks(result: RunResult) -> Iterator[str]:
    """:func:`render_results_json` in pieces, one entry at a time (a stream to write)."""
    head = _dumps(replace(result, documents=(), sources=()).as_dict())
    lists = {
        '  "documents": []': ("[", "]", (_dumps(d.as_dict()) for d in result.documents)),
        '  "sources": {}': (
            "{",
            "}",
            (f"{_dumps(s.doc_id)}: {_dumps(s.as_dict())}" for s in result.sources),
        ),
    }
    for line in head.split("\n"):
        key = line.rstrip(",")
        if key in lists and _nonempty(result, key):
            opening, closing, entries = lists[key]
            yield key[: -len("[]")] + opening + "\n"
            yield from _entries(entries)
            yield "\n  " + closing + line[len(key) :] + "\n"
        else:
            yield line + "\n"


def _nonempty(result: RunResult, key: str) -> bool:
    return bool(result.documents if "documents" in key else result.sources)


def _entries(entries: Iterable[str]) -> Iterator[str]:
    for i, entry in enumerate(entries):
        yield (",\n" if i else "") + _INDENT + entry.replace("\n", "\n" + _INDENT)


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)
