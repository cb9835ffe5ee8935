"""Human judgments for meta-evaluation: a judged JSONL corpus or a ``--human FILE`` of scores.

A judged corpus has one document per line::

    {"id", "article", "references": [...],
     "systems": {name: {"summary": "...", "human": {criterion: score}}}}

A ``--human`` file holds rows ``id,system,criterion,score``: CSV with that header line, or JSONL
objects with those keys (a CSV row is one line: quoted line breaks are not supported).
Every error names the file, the line and the field, on one line.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sumbench.corpus.jsonl import json_object
from sumbench.errors import InputError

HUMAN_COLUMNS = ("id", "system", "criterion", "score")


@dataclass(frozen=True)
class HumanScore:
    """One human score: document ``doc_id``, summary of ``system``, ``criterion``."""

    doc_id: str
    system: str
    criterion: str
    score: float


@dataclass(frozen=True)
class JudgedSummary:
    """A system's summary of one document and its human scores, sorted by criterion."""

    system: str
    summary: str
    human: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class JudgedDocument:
    """A document with its references and the judged summaries, sorted by system."""

    id: str
    article: str
    references: tuple[str, ...]
    summaries: tuple[JudgedSummary, ...]


def _read_lines(path: Path) -> list[tuple[int, str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    lines = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}:{number}: not valid UTF-8 (byte {exc.start})") from exc
        if line.strip():
            lines.append((number, line))
    return lines


def _text(value: Any, where: str, field: str, *, empty_ok: bool = False) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and field.endswith("id"):
        value = str(value)
    if not isinstance(value, str) or (not empty_ok and not value.strip()):
        raise InputError(f"{where}: field {field!r} must be a non-empty string")
    return value


def _score(value: Any, where: str, field: str) -> float:
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise InputError(f"{where}: field {field!r} must be a number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"{where}: field {field!r} must be a finite number, got {value!r}")
    return float(value)


def _summary(name: str, value: Any, where: str) -> JudgedSummary:
    field = f"systems.{name}"
    if not isinstance(value, dict):
        raise InputError(f"{where}: field {field!r} must be an object with summary and human")
    summary = _text(value.get("summary"), where, f"{field}.summary", empty_ok=True)
    human = value.get("human")
    if not isinstance(human, dict) or not human:
        raise InputError(f"{where}: field {field + '.human'!r} must be a non-empty object")
    scores = tuple(
        (_text(c, where, f"{field}.human"), _score(s, where, f"{field}.human.{c}"))
        for c, s in sorted(human.items())
    )
    return JudgedSummary(name, summary, scores)


def _document(obj: dict[str, Any], where: str) -> JudgedDocument:
    doc_id = _text(obj.get("id"), where, "id")
    article = _text(obj.get("article", obj.get("text")), where, "article")
    refs = obj.get("references")
    if not isinstance(refs, list) or not refs:
        raise InputError(f"{where}: field 'references' must be a non-empty list of strings")
    references = tuple(_text(r, where, f"references[{i}]") for i, r in enumerate(refs))
    systems = obj.get("systems")
    if not isinstance(systems, dict) or not systems:
        raise InputError(f"{where}: field 'systems' must be a non-empty object")
    summaries = tuple(_summary(n, s, where) for n, s in sorted(systems.items()))
    return JudgedDocument(doc_id, article, references, summaries)


def load_judged_corpus(path: Path) -> tuple[JudgedDocument, ...]:
    """Load a judged JSONL corpus (documents sorted by id); blank lines are skipped."""
    documents: dict[str, JudgedDocument] = {}
    first_line: dict[str, int] = {}
    for number, line in _read_lines(path):
        where = f"{path}:{number}"
        doc = _document(json_object(line, where), where)
        if doc.id in first_line:
            raise InputError(f"{where}: field 'id': {doc.id!r} repeats line {first_line[doc.id]}")
        first_line[doc.id] = number
        documents[doc.id] = doc
    if not documents:
        raise InputError(f"{path}: no documents")
    return tuple(documents[k] for k in sorted(documents))


def human_scores_of(documents: Iterable[JudgedDocument]) -> tuple[HumanScore, ...]:
    """The human scores of a judged corpus as flat rows."""
    return tuple(
        HumanScore(doc.id, s.system, criterion, score)
        for doc in documents
        for s in doc.summaries
        for criterion, score in s.human
    )


def _csv_rows(path: Path, lines: list[tuple[int, str]]) -> list[tuple[str, dict[str, Any]]]:
    header_number, header_line = lines[0]
    header = next(csv.reader([header_line]))
    if [h.strip() for h in header] != list(HUMAN_COLUMNS):
        got = ",".join(header)
        raise InputError(
            f"{path}:{header_number}: header must be id,system,criterion,score (got {got})"
        )
    rows = []
    for number, line in lines[1:]:
        cells = next(csv.reader(io.StringIO(line)))
        if len(cells) != len(HUMAN_COLUMNS):
            raise InputError(f"{path}:{number}: expected 4 fields, got {len(cells)}")
        rows.append((f"{path}:{number}", dict(zip(HUMAN_COLUMNS, cells, strict=True))))
    return rows


def load_human_scores(path: Path) -> tuple[HumanScore, ...]:
    """Rows ``id,system,criterion,score`` from CSV (``.csv``) or JSONL (any other suffix)."""
    lines = _read_lines(path)
    if not lines:
        raise InputError(f"{path}: no human scores")
    if path.suffix.lower() == ".csv":
        rows = _csv_rows(path, lines)
    else:
        rows = [(f"{path}:{n}", json_object(line, f"{path}:{n}")) for n, line in lines]
    seen: dict[tuple[str, str, str], str] = {}
    scores = []
    for where, row in rows:
        doc_id, system, criterion = (_text(row.get(k), where, k) for k in HUMAN_COLUMNS[:3])
        key = (doc_id, system, criterion)
        if key in seen:
            raise InputError(f"{where}: field 'score': {key} was already given at {seen[key]}")
        seen[key] = where
        scores.append(
            HumanScore(doc_id, system, criterion, _score(row.get("score"), where, "score"))
        )
    if not scores:
        raise InputError(f"{path}: no human scores")
    return tuple(sorted(scores, key=lambda s: (s.criterion, s.doc_id, s.system)))


def score_matrix(
    entries: Iterable[tuple[str, str, float]], doc_ids: Sequence[str], systems: Sequence[str]
) -> NDArray[np.float64]:
    """A doc x system matrix of ``(doc_id, system, score)`` entries, NaN where none is given.

    Entries for documents or systems outside ``doc_ids``/``systems`` are ignored.
    """
    row = {d: i for i, d in enumerate(doc_ids)}
    col = {s: j for j, s in enumerate(systems)}
    matrix = np.full((len(doc_ids), len(systems)), np.nan)
    for doc_id, system, score in entries:
        if doc_id in row and system in col:
            matrix[row[doc_id], col[system]] = score
    return matrix


def human_matrices(
    scores: Iterable[HumanScore], doc_ids: Sequence[str], systems: Sequence[str]
) -> dict[str, NDArray[np.float64]]:
    """One doc x system matrix per criterion (criteria sorted), NaN where a score is missing."""
    by_criterion: dict[str, list[tuple[str, str, float]]] = {}
    for s in scores:
        by_criterion.setdefault(s.criterion, []).append((s.doc_id, s.system, s.score))
    return {
        c: score_matrix(entries, doc_ids, systems) for c, entries in sorted(by_criterion.items())
    }
