"""Selection diagnostics and the warnings that save researchers from themselves."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sumbench.corpus.model import Corpus, Reference
from sumbench.results import DocumentResult, Failure, Origin, Pairwise, Source
from sumbench.systems.base import System

MIN_DOCS_FOR_SIGNIFICANCE = 30
MAX_DROPPED_SHARE = 0.10
_ROUGE_DROPS = re.compile(r"[^a-z0-9]+")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


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
    total = len(_NOT_LETTER_OR_DIGIT.sub("", text))
    if not total:
        return 1.0
    kept = len(_ROUGE_DROPS.sub("", text.lower()))  # lower-cased first, as rouge-score does
    return max(0, total - kept) / total


def run_warnings(
    corpus: Corpus, documents: Sequence[DocumentResult], *, k: int = 3
) -> tuple[str, ...]:
    """Warnings about a run's reliability and its input, in a fixed order."""
    out = _statistics_warnings(corpus, documents)
    out += input_warnings(corpus, documents, k=k)
    return tuple(out)


def _statistics_warnings(corpus: Corpus, documents: Sequence[DocumentResult]) -> list[str]:
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
            f" digits of: {name_list(lossy)} (it keeps only a-z and 0-9)"
        )
    return out


def failure_warnings(failures: Sequence[Failure], systems: Sequence[System]) -> tuple[str, ...]:
    """One warning per failing system: how often, where first, and why."""
    out = []
    for system in systems:
        mine = [f for f in failures if f.system == system.name]
        if mine:
            where = name_list([f.doc_id for f in mine])
            out.append(
                f"system {system.name} failed on {len(mine)} document(s), scored without"
                f" them: {where} (first error: {mine[0].error}); results are incomplete"
            )
    return tuple(out)


def note_warnings(documents: Sequence[DocumentResult]) -> tuple[str, ...]:
    """One warning per system and third-party message: which documents raised it."""
    where: dict[tuple[str, str], list[str]] = {}
    for doc in documents:
        for note in doc.notes:
            where.setdefault((doc.system, note), []).append(doc.doc_id)
    return tuple(
        f"system {system} warned on {len(ids)} document(s): {name_list(ids)} ({note})"
        for (system, note), ids in sorted(where.items())
    )


def name_list(names: Sequence[str], *, most: int = 10) -> str:
    """Names joined by commas, cut to ``most`` with a count of the rest."""
    shown = ", ".join(names[:most])
    return shown if len(names) <= most else f"{shown} and {len(names) - most} more"


_HTML = re.compile(r"</?(?:html|body|head|div|p|br|span|a|script|style|table|li)\b[^>]*>", re.I)
_UNPUNCTUATED = re.compile(r"[^.!?\n]+")
LONG_SENTENCE_WORDS = 1000


def _longest_unpunctuated(text: str) -> int:
    """Words in the longest stretch without sentence punctuation or line break."""
    return max((len(m.group().split()) for m in _UNPUNCTUATED.finditer(text)), default=0)


def input_warnings(corpus: Corpus, documents: Sequence[DocumentResult], *, k: int) -> list[str]:
    """Inputs that are usable but probably not what the user meant."""
    sentences = {d.doc_id: d.n_sentences for d in documents}
    checks = [
        (
            [doc.id for doc in corpus.documents if sentences.get(doc.id, k) < k],
            f"fewer than {k} sentences, so every system returns all of them, in",
        ),
        (
            [doc.id for doc in corpus.documents if not any(c.isalpha() for c in doc.text)],
            "no letters at all (only punctuation or numbers) in",
        ),
        (
            [doc.id for doc in corpus.documents if _HTML.search(doc.text)],
            "HTML markup, scored as plain text (strip it first), in",
        ),
        (
            [
                doc.id
                for doc in corpus.documents
                if _longest_unpunctuated(doc.text) > LONG_SENTENCE_WORDS
            ],
            f"a sentence of more than {LONG_SENTENCE_WORDS} words (missing punctuation?) in",
        ),
        (_reference_issues(corpus, _same_text), "a reference identical to its document in"),
        (_reference_issues(corpus, _longer), "a reference longer than its document in"),
        (
            [doc.id for doc in corpus.documents if _has_duplicate_references(doc.references)],
            "two identical references (counted twice by --multi-ref mean) in",
        ),
    ]
    return [f"{what}: {name_list(ids)}" for ids, what in checks if ids]


def _normalized(text: str) -> str:
    return " ".join(text.split())


def _same_text(document: str, reference: str) -> bool:
    return _normalized(document) == _normalized(reference)


def _longer(document: str, reference: str) -> bool:
    return len(reference.split()) > len(document.split())


def _reference_issues(corpus: Corpus, test: Callable[[str, str], bool]) -> list[str]:
    return [
        doc.id for doc in corpus.documents if any(test(doc.text, r.text) for r in doc.references)
    ]


def _has_duplicate_references(references: Sequence[Reference]) -> bool:
    texts = [_normalized(r.text) for r in references]
    return len(set(texts)) < len(texts)


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


def contenders(
    means: Mapping[str, float],
    pairwise: Sequence[Pairwise],
    *,
    metric: str,
    excluded: frozenset[str] = frozenset(),
) -> frozenset[str]:
    """The best system on ``metric`` and every system not significantly worse than it."""
    eligible = {name: mean for name, mean in means.items() if name not in excluded}
    if not eligible:
        return frozenset()
    best = max(eligible, key=lambda name: eligible[name])
    tied = {best}
    for test in pairwise:
        if test.metric != metric or best not in (test.a, test.b):
            continue
        other = test.b if test.a == best else test.a
        if other in eligible and not test.significant:
            tied.add(other)
    return frozenset(tied)


def tokenized_warnings(sources: Sequence[Source], note: str) -> tuple[str, ...]:
    """One warning naming how many documents look PTB-tokenized, and ``note``: which rules.

    Documents whose sentences were given are counted apart: no segmenter touched them.
    """
    flagged = [s for s in sources if s.tokenized]
    if not flagged:
        return ()
    given = sum(s.origin is Origin.GIVEN for s in flagged)
    segmented = len(flagged) - given
    text = (
        f"{len(flagged)} of {len(sources)} documents look PTB-tokenized (`` '' quotes,"
        f" n't, spaced punctuation), e.g. {flagged[0].doc_id!r}"
    )
    if given:
        text += f"; {given} of them had their sentences given, taken as they are"
    if segmented:
        text += f"; for the {segmented} segmented, {note}"
    return (text,)
