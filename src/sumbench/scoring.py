"""ROUGE through ``rouge-score``: multi-reference rules and the word budget.

Sentences are joined with ``"\\n"`` before scoring, because rouge-score's ROUGE-Lsum
splits on newlines: without them summary-level LCS silently equals ROUGE-L.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version

from rouge_score import rouge_scorer

from sumbench.errors import InputError
from sumbench.tokenize import TOKENIZERS, make_tokenizer

_WORD = re.compile(r"\S+")
ROUGE_TYPES: tuple[str, ...] = ("rouge1", "rouge2", "rougeL", "rougeLsum")
MULTI_REF_RULES: tuple[str, ...] = ("max", "mean")


@dataclass(frozen=True)
class Score:
    """Precision, recall and F-measure on the 0..1 scale."""

    precision: float
    recall: float
    fmeasure: float

    def as_dict(self) -> dict[str, float]:
        """The score as a JSON-ready mapping."""
        return {"precision": self.precision, "recall": self.recall, "fmeasure": self.fmeasure}


Scores = Mapping[str, Score]


@dataclass(frozen=True)
class ScoringConfig:
    """Every setting of the scorer that changes a number."""

    stem: bool = True
    multi_ref: str = "max"
    rouge_types: tuple[str, ...] = ROUGE_TYPES
    tokenizer: str = "default"

    def __post_init__(self) -> None:
        if self.tokenizer not in TOKENIZERS:
            raise InputError(
                f"unknown ROUGE tokenizer {self.tokenizer!r} (choose from: {', '.join(TOKENIZERS)})"
            )
        if self.multi_ref not in MULTI_REF_RULES:
            raise InputError(
                f"unknown multi-reference rule {self.multi_ref!r} (choose from: max, mean)"
            )
        unknown = [t for t in self.rouge_types if t not in ROUGE_TYPES]
        if unknown or not self.rouge_types:
            raise InputError(
                f"unknown ROUGE type(s) {', '.join(unknown) or '(none)'}"
                f" (choose from: {', '.join(ROUGE_TYPES)})"
            )


def rouge_score_version() -> str:
    """Installed rouge-score version, for the signature."""
    return version("rouge-score")


def join_sentences(sentences: Sequence[str]) -> str:
    """The text that is scored: one sentence per line."""
    return "\n".join(sentences)


def count_words(sentences: Sequence[str]) -> int:
    """Whitespace-separated words in a summary."""
    return sum(len(s.split()) for s in sentences)


def truncate_words(sentences: Sequence[str], budget: int | None) -> tuple[str, ...]:
    """Keep the first ``budget`` words (DUC-style); sentence breaks are preserved.

    A sentence cut short keeps its own text up to the end of its last kept word, so
    every scored sentence is a prefix of a sentence of the summary.
    """
    if budget is None:
        return tuple(sentences)
    kept: list[str] = []
    left = budget
    for sentence in sentences:
        if left <= 0:
            break
        ends = [m.end() for m in _WORD.finditer(sentence)]
        kept.append(sentence[: ends[left - 1]] if len(ends) > left else sentence)
        left -= len(ends)
    return tuple(kept)


def aggregate_max(per_reference: Sequence[Scores], rouge_types: Sequence[str]) -> dict[str, Score]:
    """Per ROUGE type, the score against the reference with the best F (first on ties)."""
    best: dict[str, Score] = {}
    for rouge_type in rouge_types:
        best[rouge_type] = max(per_reference, key=lambda s: s[rouge_type].fmeasure)[rouge_type]
    return best


def aggregate_mean(per_reference: Sequence[Scores], rouge_types: Sequence[str]) -> dict[str, Score]:
    """Per ROUGE type, precision, recall and F each averaged over the references."""
    n = len(per_reference)
    return {
        t: Score(
            precision=sum(s[t].precision for s in per_reference) / n,
            recall=sum(s[t].recall for s in per_reference) / n,
            fmeasure=sum(s[t].fmeasure for s in per_reference) / n,
        )
        for t in rouge_types
    }


class RougeScoring:
    """A configured rouge-score scorer applied to sentence lists."""

    def __init__(self, config: ScoringConfig, *, language: str = "english") -> None:
        self.config = config
        tokenizer = make_tokenizer(config.tokenizer, stem=config.stem, language=language)
        self._scorer = rouge_scorer.RougeScorer(list(config.rouge_types), tokenizer=tokenizer)

    def score_one(self, *, summary: Sequence[str], reference: Sequence[str]) -> dict[str, Score]:
        """Scores of a summary against one reference."""
        raw = self._scorer.score(join_sentences(reference), join_sentences(summary))
        return {t: Score(raw[t].precision, raw[t].recall, raw[t].fmeasure) for t in raw}

    def score(
        self, *, summary: Sequence[str], references: Sequence[Sequence[str]]
    ) -> dict[str, Score]:
        """Scores against several references, combined by the configured rule."""
        if not references:
            raise ValueError("at least one reference is needed")
        per_ref = [self.score_one(summary=summary, reference=ref) for ref in references]
        combine = aggregate_max if self.config.multi_ref == "max" else aggregate_mean
        return combine(per_ref, self.config.rouge_types)
