"""What scoring is configured by and produces: ROUGE types, rules, scores, the word budget.

Light on purpose (no rouge-score, no NLTK): the CLI's help and the registry read it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sumbench.defaults import DEFAULTS
from sumbench.errors import InputError

_WORD = re.compile(r"\S+")
ROUGE_TYPES: tuple[str, ...] = ("rouge1", "rouge2", "rougeL", "rougeLsum")
MULTI_REF_RULES: tuple[str, ...] = ("max", "mean")
TOKENIZERS: tuple[str, ...] = ("default", "unicode")


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

    stem: bool = DEFAULTS["stem"].default
    multi_ref: str = DEFAULTS["multi_ref"].default
    rouge_types: tuple[str, ...] = tuple(DEFAULTS["metrics"].default)
    tokenizer: str = DEFAULTS["rouge_tokenizer"].default

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
        repeated = sorted({t for t in self.rouge_types if self.rouge_types.count(t) > 1})
        if repeated:
            # A repeat would be scored twice and collide in every table and JSON entry.
            raise InputError(f"ROUGE type(s) listed twice: {', '.join(repeated)}")


def signature_id(name: str) -> str:
    """The tokenizer's name in the signature's ``tok`` field."""
    return "rouge-score-default" if name == "default" else name


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
