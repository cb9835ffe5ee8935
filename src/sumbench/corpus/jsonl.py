"""JSONL corpora: one JSON object per line with an id, the text and a list of references.

The text, and each reference, is a string or a list of strings: a list holds the
sentences as given (a pre-split corpus), which are never segmented again.

Ids may contain ``/`` (``business/001``): each ``/``-separated part becomes a folder
in ``results/summaries/<system>/``, so ids must be safe relative paths. Two ids that
differ only in case are refused, because they collide on case-insensitive disks.
"""

from __future__ import annotations

import functools
import itertools
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sumbench.corpus.checks import check_doc_id, check_text
from sumbench.corpus.model import Corpus, Document, Reference, join_given
from sumbench.errors import InputError


@dataclass(frozen=True)
class JsonlFields:
    """Field names of a JSONL corpus; the first text field present is used."""

    id: str = "id"
    text: tuple[str, ...] = ("text", "article")
    refs: str = "references"


def _text_or_sentences(value: object) -> tuple[str, bool] | None:
    """(text, given) of a string or a list of sentences; None if neither or empty."""
    if isinstance(value, str):
        return (value, False) if value.strip() else None
    if isinstance(value, list) and all(isinstance(s, str) for s in value):
        text = join_given(value)
        return (text, True) if text else None
    return None


def _text_of(obj: dict[str, Any], fields: JsonlFields, where: str) -> tuple[str, bool]:
    for name in fields.text:
        if name in obj:
            found = _text_or_sentences(obj[name])
            if found is None:
                raise InputError(
                    f"{where}: field {name!r} must be a non-empty string or list of sentences"
                )
            check_text(found[0], where=f"{where}: field {name!r}")
            return found
    raise InputError(f"{where}: no text field (looked for {', '.join(map(repr, fields.text))})")


def _references_of(obj: dict[str, Any], fields: JsonlFields, where: str) -> tuple[Reference, ...]:
    value = obj.get(fields.refs)
    if value is None:
        raise InputError(f"{where}: no references field {fields.refs!r}")
    if not isinstance(value, list) or not value:
        raise InputError(f"{where}: field {fields.refs!r} must be a non-empty list of strings")
    found = [_text_or_sentences(r) for r in value]
    references = []
    for i, item in enumerate(found):
        if item is None:
            raise InputError(
                f"{where}: every reference in {fields.refs!r} must be a non-empty string"
                " or list of sentences"
            )
        check_text(item[0], where=f"{where}: field {fields.refs!r}")
        references.append(Reference(name=f"{i:03d}", text=item[0], given=item[1]))
    return tuple(references)


def json_object(line: str, where: str) -> dict[str, Any]:
    """One JSONL line as a JSON object; ``where`` (``file:line``) prefixes every error."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") from exc
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    return obj


def parse_line(line: str, *, fields: JsonlFields, where: str) -> Document:
    """One JSONL line -> :class:`Document`; ``where`` (``file:line``) prefixes every error."""
    obj = json_object(line, where)
    doc_id = obj.get(fields.id)
    if isinstance(doc_id, int) and not isinstance(doc_id, bool):
        doc_id = str(doc_id)
    if not isinstance(doc_id, str):
        raise InputError(f"{where}: field {fields.id!r} must be a string or an integer")
    check_doc_id(doc_id, where=where)
    text, given = _text_of(obj, fields, where)
    references = _references_of(obj, fields, where)
    return Document(id=doc_id, text=text, references=references, given=given)


def _lines(path: Path) -> Iterator[tuple[int, int, bytes]]:
    """Numbered lines of a file with their offsets, each and all bounded (``LIMITS``), streamed.

    A stream, not one read: ``/dev/zero`` or a multi-gigabyte file must fail with a line
    naming it, not after memory runs out.
    """
    from sumbench.defaults import LIMITS

    total = 0
    with path.open("rb") as handle:
        for number in itertools.count(1):
            raw = handle.readline(LIMITS.line_bytes + 1)
            if not raw:
                return
            offset = total
            total += len(raw)
            if len(raw) > LIMITS.line_bytes:
                raise InputError(
                    f"{path}:{number}: line longer than {LIMITS.line_bytes:,} bytes"
                    " (is this a JSONL corpus?)"
                )
            if total > LIMITS.file_bytes:
                raise InputError(f"{path}: larger than {LIMITS.file_bytes:,} bytes")
            yield number, offset, raw.rstrip(b"\n")


def load_jsonl(path: Path, *, fields: JsonlFields | None = None) -> Corpus:
    """Load a JSONL corpus; blank lines are skipped, every other line must be a document.

    Every line is checked now; a regular file's documents are then read from it when used
    (:class:`~sumbench.corpus.lines.LineDocuments`), so memory does not grow with it.
    """
    fields = fields or JsonlFields()
    found: dict[str, tuple[Document, tuple[int, int, int, int]]] = {}
    folded: dict[str, int] = {}
    from sumbench.defaults import LIMITS

    lazy = path.is_file()  # a pipe or a device cannot be read twice
    room = LIMITS.corpus_kept_bytes  # the first documents stay parsed: no second parse
    try:
        for number, offset, raw in _lines(path):
            where = f"{path}:{number}"
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{where}: not valid UTF-8 (byte {exc.start})") from exc
            if not line.strip():
                continue
            doc = parse_line(line, fields=fields, where=where)
            key = doc.id.casefold()
            if key in folded:
                raise InputError(
                    f"{where}: id {doc.id!r} repeats line {folded[key]} (ignoring case)"
                )
            folded[key] = number
            keep = not lazy or len(raw) <= room  # parsed now: not parsed again when read
            room -= len(raw) if keep else 0
            found[doc.id] = (doc if keep else _EMPTY, (offset, len(raw), zlib.crc32(raw), number))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    if not found:
        raise InputError(f"no documents in {path}")
    ids = sorted(found)
    if not lazy:
        return Corpus(documents=tuple(found[k][0] for k in ids))
    from sumbench.corpus.lines import LineDocuments

    parse = functools.partial(_parse, fields)
    kept = {i: found[k][0] for i, k in enumerate(ids) if found[k][0] is not _EMPTY}
    try:
        return Corpus(documents=LineDocuments(path, parse, [found[k][1] for k in ids], kept))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc


_EMPTY = Document(id="", text="", references=())  # a lazily read document's placeholder


def _parse(fields: JsonlFields, line: str, where: str) -> Document:
    return parse_line(line, fields=fields, where=where)
