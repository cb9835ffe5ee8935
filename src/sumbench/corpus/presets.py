"""Presets: how the columns of common summarization datasets become documents and references.

A preset names the columns (the first one present is used), says how a reference is cut
into sentences, whether a row holds several documents and whether text comes as a list of
sentences. sumbench treats every line break as a sentence boundary, so sentences given
by the dataset are kept by putting one per line. Each preset's source is in
``docs/inputs-tabular.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from sumbench.corpus.jsonl import JsonlFields
from sumbench.errors import InputError


class RefSplit(Enum):
    """How a reference string is cut into sentences."""

    AS_IS = "as-is"  # its own line breaks, then the sentence splitter
    LINES = "lines"  # one sentence per line (CNN/DailyMail highlights)
    ONE = "one"  # the whole reference is one sentence (XSum): line breaks become spaces


@dataclass(frozen=True)
class Preset:
    """Column names and text rules of one dataset (or of a plain table: :func:`from_fields`).

    ``id`` is ``None`` when the dataset has no id column: rows are then numbered.
    ``id_required`` refuses a table without the id column instead of numbering rows.
    ``presplit_refs``: a list in the references column is ONE reference's sentences
    (arXiv ``abstract_text``), not several references.
    """

    name: str
    id: str | None
    text: tuple[str, ...]
    refs: tuple[str, ...]
    ref_split: RefSplit = RefSplit.AS_IS
    doc_separator: str | None = None
    presplit_refs: bool = False
    strip_tags: tuple[str, ...] = ()
    id_required: bool = False
    source: str = ""

    def document_text(self, value: str | Sequence[str | None]) -> str:
        """A document's text: a list of sentences one per line; several documents apart."""
        if not isinstance(value, str):
            return _lines(self._clean(s) if s else None for s in value)
        if self.doc_separator is None:
            return value
        return "\n\n".join(p.strip() for p in split_documents(value, self.doc_separator))

    def reference_text(self, value: str | Sequence[str | None]) -> str:
        """One reference's text with its sentences as this preset defines them."""
        if not isinstance(value, str):
            return _lines(self._clean(s) if s else None for s in value)
        value = self._clean(value)
        if self.ref_split is RefSplit.LINES:
            return _lines(value.splitlines())
        if self.ref_split is RefSplit.ONE:
            return " ".join(value.split())
        return value

    def _clean(self, text: str) -> str:
        if not self.strip_tags:
            return text
        for tag in self.strip_tags:
            text = text.replace(tag, " ")
        # Only spaces left by a tag go; line breaks are sentence boundaries and stay.
        return "\n".join(" ".join(line.split()) for line in text.splitlines())


def _lines(parts: Iterable[str | None]) -> str:
    # A null sentence in an Arrow list is a gap, not text.
    return "\n".join(p.strip() for p in parts if p and p.strip())


def split_documents(text: str, separator: str) -> tuple[str, ...]:
    """The documents of a multi-document row, in order, empty pieces dropped."""
    return tuple(p.strip() for p in text.split(separator) if p.strip())


def from_fields(fields: JsonlFields, *, id_required: bool = False) -> Preset:
    """The preset of a plain table read with JSONL-style field names (no dataset rules)."""
    return Preset(
        name="fields", id=fields.id, text=fields.text, refs=(fields.refs,), id_required=id_required
    )


def _papers(name: str) -> Preset:
    # ``article``/``abstract``: the Hugging Face form, one sentence or paragraph per line;
    # ``article_text``/``abstract_text``: the original release's lists, abstract sentences
    # wrapped in <S> ... </S> (github.com/armancohan/long-summarization).
    return Preset(
        name=name,
        id="article_id",
        text=("article", "article_text"),
        refs=("abstract", "abstract_text"),
        ref_split=RefSplit.LINES,
        presplit_refs=True,
        strip_tags=("<S>", "</S>"),
        source="https://huggingface.co/datasets/armanc/scientific_papers",
    )


PRESETS: dict[str, Preset] = {
    "cnn_dailymail": Preset(
        name="cnn_dailymail",
        id="id",
        text=("article",),
        refs=("highlights",),
        ref_split=RefSplit.LINES,
        source="https://huggingface.co/datasets/abisee/cnn_dailymail",
    ),
    "xsum": Preset(
        name="xsum",
        id="id",
        text=("document",),
        refs=("summary",),
        ref_split=RefSplit.ONE,
        source="https://huggingface.co/datasets/EdinburghNLP/xsum",
    ),
    "multi_news": Preset(
        name="multi_news",
        id=None,
        text=("document",),
        refs=("summary",),
        doc_separator="|||||",
        source="https://huggingface.co/datasets/alexfabbri/multi_news",
    ),
    "arxiv": _papers("arxiv"),
    "pubmed": _papers("pubmed"),
    "billsum": Preset(
        name="billsum",
        id=None,
        text=("text",),
        refs=("summary",),
        source="https://huggingface.co/datasets/FiscalNote/billsum",
    ),
}

# Hugging Face names (lower case, owner optional) -> preset; scientific_papers by config.
_KNOWN = {
    "cnn_dailymail": "cnn_dailymail",
    "abisee/cnn_dailymail": "cnn_dailymail",
    "xsum": "xsum",
    "edinburghnlp/xsum": "xsum",
    "multi_news": "multi_news",
    "alexfabbri/multi_news": "multi_news",
    "billsum": "billsum",
    "fiscalnote/billsum": "billsum",
    "ccdv/arxiv-summarization": "arxiv",
    "ccdv/pubmed-summarization": "pubmed",
}
_PAPER_SETS = {"scientific_papers", "armanc/scientific_papers"}


def get_preset(name: str) -> Preset:
    """The preset called ``name``; an unknown name is an :class:`InputError` listing them."""
    try:
        return PRESETS[name]
    except KeyError:
        known = ", ".join(sorted(PRESETS))
        raise InputError(f"unknown preset {name!r} (choose from: {known})") from None


def detect_preset(dataset: str, config: str | None = None) -> Preset | None:
    """The preset of a known Hugging Face dataset name (and config), else ``None``."""
    key = dataset.strip().lower()
    if key in _PAPER_SETS:
        return PRESETS.get((config or "").lower())
    found = _KNOWN.get(key)
    return PRESETS[found] if found else None
