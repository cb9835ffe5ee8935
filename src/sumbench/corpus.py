"""Load documents and their references from disk, validate them, pair them by id.

Layout: ``DOCS/<doc_id>.txt`` and ``REFS/<doc_id>/<ref_name>.txt``. Every problem
is an :class:`InputError` whose message is one line naming the file(s) at fault.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sumbench.errors import InputError

SUFFIX = ".txt"


@dataclass(frozen=True)
class Reference:
    """One reference summary of a document."""

    name: str
    text: str


@dataclass(frozen=True)
class Document:
    """A source document with its references (sorted by name)."""

    id: str
    text: str
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class Corpus:
    """Documents sorted by id, each with at least one reference."""

    documents: tuple[Document, ...]

    def content_hash(self) -> str:
        """Short SHA-256 of every document and reference text, in a fixed order."""
        digest = hashlib.sha256()
        for doc in self.documents:
            for field in (doc.id, doc.text):
                hash_field(digest, field)
            for ref in doc.references:
                hash_field(digest, ref.name)
                hash_field(digest, ref.text)
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


# Control characters that never occur in text (tab, newlines and form feed do).
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UTF16_32_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


def decode_text(data: bytes, *, source: str) -> str:
    """Decode UTF-8 text (a BOM is dropped); refuse other encodings, binary and blank content."""
    if data.startswith(_UTF16_32_BOMS):
        raise InputError(
            f"{source} is UTF-16 or UTF-32 (byte-order mark); sumbench reads UTF-8"
            " (convert it, e.g. iconv -f UTF-16 -t UTF-8)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source} is not valid UTF-8 (byte {exc.start}); convert it, e.g. from Latin-1"
            " with iconv -f LATIN1 -t UTF-8"
        ) from exc
    control = _BINARY.search(text)
    if control:
        raise InputError(
            f"{source} looks binary: control character {control.group()!r}"
            f" at character {control.start()}"
        )
    if not text.strip():
        raise InputError(f"{source} is empty or whitespace only")
    return text


def read_text(path: Path) -> str:
    """Read a document or reference file as validated UTF-8 text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    return decode_text(data, source=str(path))


def _text_files(folder: Path) -> dict[str, Path]:
    """Map id -> path for the ``*.txt`` files of a folder, refusing case-clashing ids."""
    found: dict[str, Path] = {}
    folded: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.suffix.lower() != SUFFIX or path.is_dir():
            continue
        if not path.is_file():
            raise InputError(f"{path} is a broken link or not a regular file")
        key = path.stem.casefold()
        if key in folded:
            raise InputError(f"duplicate ids differing only in case: {folded[key]} and {path}")
        folded[key] = path
        found[path.stem] = path
    return found


def _require_dir(path: Path, what: str) -> None:
    if not path.exists():
        raise InputError(f"{what} folder not found: {path}")
    if not path.is_dir():
        raise InputError(f"{what} path is not a folder: {path}")


def load_references(folder: Path) -> tuple[Reference, ...]:
    """The ``*.txt`` references of one folder, sorted by name."""
    files = _text_files(folder)
    return tuple(Reference(name=name, text=read_text(path)) for name, path in files.items())


def load_corpus(*, docs: Path, refs: Path) -> Corpus:
    """Load ``docs`` and ``refs`` folders into a validated :class:`Corpus`."""
    _require_dir(docs, "documents")
    _require_dir(refs, "references")
    doc_files = _text_files(docs)
    if not doc_files:
        raise InputError(f"no documents (*.txt) in {docs}")
    ref_dirs = {p.name: p for p in sorted(refs.iterdir()) if p.is_dir() and _is_ref_dir(p)}
    unknown = sorted(set(ref_dirs) - set(doc_files))
    if unknown:
        names = ", ".join(str(ref_dirs[name]) for name in unknown)
        raise InputError(f"references for unknown documents: {names}")
    documents = [_load_document(doc_id, path, refs / doc_id) for doc_id, path in doc_files.items()]
    return Corpus(documents=tuple(documents))


def _is_ref_dir(path: Path) -> bool:
    # Hidden folders and the multi-document "clusters" folder are not per-document refs.
    return not path.name.startswith(".") and path.name != "clusters"


def _load_document(doc_id: str, path: Path, ref_dir: Path) -> Document:
    text = read_text(path)
    if not ref_dir.is_dir():
        raise InputError(f"document {path} has no references: folder {ref_dir} not found")
    references = load_references(ref_dir)
    if not references:
        raise InputError(f"document {path} has no references: no *.txt in {ref_dir}")
    return Document(id=doc_id, text=text, references=references)


def check_doc_id(doc_id: str, *, where: str) -> None:
    """An id must be a safe relative path: summaries are written to ``<system>/<id>.txt``."""
    parts = doc_id.split("/")
    bad = (
        not doc_id
        or doc_id != doc_id.strip()
        or any(not p or p.startswith(".") for p in parts)
        or any(c in doc_id for c in "\\\0:")
    )
    if bad:
        raise InputError(
            f"{where}: document id {doc_id!r} is not a safe file name"
            " (parts separated by '/', none empty or starting with '.', no '\\', ':' or NUL)"
        )


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
