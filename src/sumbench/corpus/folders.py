"""Corpora from folders: ``DOCS/<doc_id>.txt`` and ``REFS/<doc_id>/<ref_name>.txt``.

Every problem is an :class:`InputError` whose message is one line naming the file(s) at fault.
"""

from __future__ import annotations

from pathlib import Path

from sumbench.corpus.checks import check_doc_id, read_text
from sumbench.corpus.model import Corpus, Document, Reference
from sumbench.errors import InputError

SUFFIX = ".txt"


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
    for doc_id in doc_files:
        check_doc_id(doc_id, where=str(docs))
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
