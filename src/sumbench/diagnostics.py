"""Selection diagnostics and the warnings that save researchers from themselves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sumbench.corpus import Corpus
from sumbench.results import DocumentResult

MIN_DOCS_FOR_SIGNIFICANCE = 30
MAX_DROPPED_SHARE = 0.10
_ROUGE_KEEPS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


@dataclass(frozen=True)
class Selection:
    """Where a system's sentences come from, averaged over documents."""

    position: float
    lead_overlap: float


def selection(results: Iterable[DocumentResult], *, k: int) -> Selection | None:
    """Mean relative position (0 = first sentence, 1 = last) and share taken from Lead-k."""
    positions: list[float] = []
    overlaps: list[float] = []
    for doc in results:
        if not doc.indices:
            continue
        last = max(doc.n_sentences - 1, 1)
        positions.append(sum(i / last for i in doc.indices) / len(doc.indices))
        overlaps.append(sum(i < k for i in doc.indices) / len(doc.indices))
    if not positions:
        return None
    return Selection(sum(positions) / len(positions), sum(overlaps) / len(overlaps))


def dropped_share(text: str) -> float:
    """Share of the letters and digits that rouge-score's default tokenizer throws away.

    It keeps only a-z and 0-9 after lower-casing, so accented, Cyrillic or CJK
    characters vanish; punctuation is not counted, since losing it is by design.
    """
    chars = [c for c in text if c.isalnum()]
    if not chars:
        return 1.0
    return sum(c.lower() not in _ROUGE_KEEPS for c in chars) / len(chars)


def run_warnings(corpus: Corpus, documents: Sequence[DocumentResult]) -> tuple[str, ...]:
    """Warnings about a run's reliability, in a fixed order."""
    out: list[str] = []
    n_docs = len(corpus.documents)
    if n_docs < MIN_DOCS_FOR_SIGNIFICANCE:
        out.append(
            f"only {n_docs} documents (fewer than {MIN_DOCS_FOR_SIGNIFICANCE}): confidence"
            " intervals are wide and differences between systems are unlikely to be significant"
        )
    pairs = [
        (d.scores["rougeL"], d.scores["rougeLsum"])
        for d in documents
        if "rougeL" in d.scores and "rougeLsum" in d.scores
    ]
    if pairs and all(plain == summary_level for plain, summary_level in pairs):
        out.append(
            "ROUGE-Lsum equals ROUGE-L on every document: sentence boundaries were probably lost"
        )
    lossy = _lossy_texts(corpus)
    if lossy:
        out.append(
            f"the ROUGE tokenizer drops more than {MAX_DROPPED_SHARE:.0%} of the letters and"
            f" digits of: {', '.join(lossy)} (it keeps only a-z and 0-9)"
        )
    return tuple(out)


def _lossy_texts(corpus: Corpus) -> list[str]:
    names = []
    for doc in corpus.documents:
        if dropped_share(doc.text) > MAX_DROPPED_SHARE:
            names.append(doc.id)
        names.extend(
            f"{doc.id}/{ref.name}"
            for ref in doc.references
            if dropped_share(ref.text) > MAX_DROPPED_SHARE
        )
    return names
