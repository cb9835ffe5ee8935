"""System outputs from a folder (``DIR/<doc_id>.txt``, one summary per document) or from memory.

Document ids with ``/`` (such as ``business/001``) live in subfolders
(``DIR/business/001.txt``), the same layout as ``results/summaries/<system>/``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sumbench.corpus.checks import read_text
from sumbench.corpus.model import hash_field
from sumbench.errors import InputError
from sumbench.systems.base import Context, ParsedDocument, System

SUFFIX = ".txt"


def load_outputs(folder: Path) -> dict[str, str]:
    """Map document id -> summary text for every ``*.txt`` under ``folder``."""
    if not folder.is_dir():
        raise InputError(f"system outputs folder not found: {folder}")
    outputs: dict[str, str] = {}
    for path in sorted(folder.rglob(f"*{SUFFIX}")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        outputs[relative.with_suffix("").as_posix()] = read_text(path)
    if not outputs:
        raise InputError(f"no system outputs (*.txt) in {folder}")
    return outputs


def outputs_hash(outputs: Mapping[str, str]) -> str:
    """Short SHA-256 of every (id, text) pair: a changed output changes the scores."""
    digest = hashlib.sha256()
    for doc_id in sorted(outputs):
        hash_field(digest, doc_id)
        hash_field(digest, outputs[doc_id])
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class _Outputs:
    """Reads a document's summary from the loaded outputs (picklable, for worker processes)."""

    outputs: dict[str, str]

    def __call__(self, doc: ParsedDocument, ctx: Context) -> tuple[str, ...]:
        # Split by the run's segmenter (newlines are boundaries too), exactly as
        # references are split, so ROUGE-Lsum sees the same kind of sentences.
        from sumbench.systems.segment import split_sentences  # sentencex, NLTK: in workers

        return split_sentences(self.outputs[doc.id], language=ctx.language, segmenter=ctx.segmenter)


def output_system(name: str, folder: Path) -> System:
    """A non-extractive :class:`System` that reads its summaries from ``folder``."""
    return memory_system(name, load_outputs(folder), description=f"system outputs from {folder}")


def memory_system(name: str, outputs: Mapping[str, str], *, description: str) -> System:
    """A non-extractive :class:`System` whose summaries are given in memory (doc id -> text).

    Cached like an output folder: the outputs' hash is a parameter, so changed summaries
    are scored again.
    """
    if not outputs:
        raise InputError(f"system {name!r} has no outputs")
    given = dict(sorted(outputs.items()))
    return System(
        name,
        description,
        _Outputs(given),
        params={"outputs_sha256": outputs_hash(given)},
        extractive=False,
        covers=frozenset(given),
    )
