"""Each document as the systems saw it (its sentences) and its references: the reports' source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sumbench.jsonfields import at, member, typed


class Origin(Enum):
    """Where a document's sentences came from."""

    GIVEN = "given"  # the input listed them (JSONL): taken as they are
    SEGMENTED = "segmented"  # the run's segmenter split the text


@dataclass(frozen=True)
class Source:
    """A document as the systems saw it (its sentences) and its reference texts.

    ``origin``: given or segmented; ``tokenized``: the text looks PTB-tokenized.
    """

    doc_id: str
    sentences: tuple[str, ...]
    references: tuple[tuple[str, str], ...]
    origin: Origin = Origin.SEGMENTED
    tokenized: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON form: sentences in document order, references by name, how they were split."""
        return {
            "sentences": list(self.sentences),
            "references": dict(self.references),
            "sentences_from": self.origin.value,
            "ptb_tokenized": self.tokenized,
        }

    @classmethod
    def from_dict(cls, doc_id: str, entry: Mapping[str, Any]) -> Source:
        """Inverse of :meth:`as_dict` (files written before the two flags read as segmented)."""
        with at("references"):
            refs = tuple((k, typed(v, str)) for k, v in member(entry, "references", dict).items())
        with at("sentences"):
            sentences = tuple(typed(x, str) for x in member(entry, "sentences", list))
        with at("sentences_from"):
            origin = Origin(typed(entry.get("sentences_from", "segmented"), str))
        with at("ptb_tokenized"):
            ptb = typed(entry.get("ptb_tokenized", False), bool)
        return cls(doc_id, sentences, refs, origin, ptb)
