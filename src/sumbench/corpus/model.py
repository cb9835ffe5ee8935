"""The corpus as the rest of sumbench sees it: documents, their references, a content hash."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from sumbench.corpus.checks import check_doc_id
from sumbench.errors import InputError

# Hashed after a text given as sentences: "A.\nB." given differs from "A.\nB." to segment.
GIVEN_MARK = "\x00given"


def join_given(sentences: Iterable[str]) -> str:
    """Given sentences as one text, one per line (line breaks inside one become spaces)."""
    return "\n".join(" ".join(s.strip().splitlines()) for s in sentences if s.strip())


@dataclass(frozen=True)
class Reference:
    """One reference summary of a document.

    ``given``: the reference came as a list of sentences (JSONL), kept one per line of
    ``text`` and never re-segmented.
    """

    name: str
    text: str
    given: bool = False


@dataclass(frozen=True)
class Document:
    """A source document with its references (sorted by name).

    ``given``: the document came as a list of sentences (JSONL), kept one per line of
    ``text``; they are its sentences as given, never re-segmented.
    """

    id: str
    text: str
    references: tuple[Reference, ...]
    given: bool = False


@dataclass(frozen=True)
class Corpus:
    """Documents sorted by id, each with at least one reference."""

    # A sequence, not a tuple: a JSONL file's documents are read from it when used.
    documents: Sequence[Document]

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """The documents' ids, in corpus order (read once)."""
        return tuple(doc.id for doc in self.documents)

    def content_hash(self) -> str:
        """Short SHA-256 of every document and reference text, in a fixed order."""
        return self._content_hash

    @cached_property
    def _content_hash(self) -> str:
        digest = hashlib.sha256()
        for doc in self.documents:
            for field in (doc.id, doc.text):
                hash_field(digest, field)
            if doc.given:  # only then: the hash of a corpus of plain texts stays as it was
                hash_field(digest, GIVEN_MARK)
            for ref in doc.references:
                hash_field(digest, ref.name)
                hash_field(digest, ref.text)
                if ref.given:
                    hash_field(digest, GIVEN_MARK)
        return digest.hexdigest()[:12]

    def reference_counts(self) -> tuple[int, int]:
        """Fewest and most references any document has."""
        counts = [len(doc.references) for doc in self.documents]
        return min(counts), max(counts)


def hash_field(digest: hashlib._Hash, text: str) -> None:
    """Add one text field to a digest, length-prefixed: ("ab", "c") and ("a", "bc") differ."""
    data = text.encode("utf-8")
    digest.update(len(data).to_bytes(8, "big"))
    digest.update(data)


def build_corpus(items: Iterable[tuple[str, str, Iterable[str]]]) -> Corpus:
    """Build a corpus in memory from ``(doc_id, text, reference_texts)`` triples."""
    documents = []
    for doc_id, text, ref_texts in sorted(items, key=lambda item: item[0]):
        check_doc_id(doc_id, where="build_corpus")
        refs = tuple(Reference(name=f"{i:03d}", text=t) for i, t in enumerate(ref_texts))
        if not text.strip():
            raise InputError(f"document {doc_id!r} is empty or whitespace only")
        if not refs or any(not r.text.strip() for r in refs):
            raise InputError(f"document {doc_id!r} has no usable references")
        documents.append(Document(id=doc_id, text=text, references=refs))
    if not documents:
        raise InputError("the corpus has no documents")
    return Corpus(documents=tuple(documents))
