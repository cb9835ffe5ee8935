"""What scoring is configured by and produces: ROUGE types, rules, scores, the word budget.

Light on purpose (no rouge-score, no NLTK): the CLI's help and the registry read it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from sumbench.defaults import DEFAULTS
from sumbench.errors import InputError
from sumbench.scoring.rouge155_options import Rouge155Options, options_from_flags

_WORD = re.compile(r"\S+")
ROUGE_TYPES: tuple[str, ...] = ("rouge1", "rouge2", "rougeL", "rougeLsum")
MULTI_REF_RULES: tuple[str, ...] = ("max", "mean")
TOKENIZERS: tuple[str, ...] = ("default", "unicode")
SCORERS: tuple[str, ...] = ("rouge-score", "rouge155")
# Every metric name either scorer can produce (rouge155: rougeN, rougeW, rougeS4, rougeSU4).
METRIC_NAME = re.compile(r"rouge(?:\d+|L|Lsum|W|SU?\d+)")


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
    # None: rouge-score. Else ROUGE-1.5.5's flags; stem, multi_ref and tokenizer then steer
    # only the oracle's objective (rouge-score tokens), the scores follow the flags.
    rouge155: Rouge155Options | None = None

    @property
    def scorer(self) -> str:
        """The scorer's name, one of :data:`SCORERS`."""
        return "rouge-score" if self.rouge155 is None else "rouge155"

    @property
    def available_types(self) -> tuple[str, ...]:
        """The metrics the chosen scorer computes."""
        return ROUGE_TYPES if self.rouge155 is None else self.rouge155.metric_names()

    def __post_init__(self) -> None:
        if self.tokenizer not in TOKENIZERS:
            raise InputError(
                f"unknown ROUGE tokenizer {self.tokenizer!r} (choose from: {', '.join(TOKENIZERS)})"
            )
        if self.multi_ref not in MULTI_REF_RULES:
            raise InputError(
                f"unknown multi-reference rule {self.multi_ref!r} (choose from: max, mean)"
            )
        available = self.available_types
        if self.rouge155 is not None and self.rouge_types == tuple(DEFAULTS["metrics"].default):
            # Metrics left at their default mean every metric of the chosen scorer.
            object.__setattr__(self, "rouge_types", available)
        unknown = [t for t in self.rouge_types if t not in available]
        if unknown or not self.rouge_types:
            scorer = "" if self.rouge155 is None else " of --scorer rouge155 with these flags"
            raise InputError(
                f"unknown ROUGE type(s){scorer} {', '.join(unknown) or '(none)'}"
                f" (choose from: {', '.join(available)})"
            )
        repeated = sorted({t for t in self.rouge_types if self.rouge_types.count(t) > 1})
        if repeated:
            # A repeat would be scored twice and collide in every table and JSON entry.
            raise InputError(f"ROUGE type(s) listed twice: {', '.join(repeated)}")


class Scoring(Protocol):
    """What the pipeline calls: ``RougeScoring`` and ``Rouge155Scoring`` both are one."""

    def score(
        self, *, summary: Sequence[str], references: Sequence[Sequence[str]]
    ) -> dict[str, Score]:
        """Scores of a summary against its references."""

    def forget(self) -> None:
        """Empty per-document memos."""


def rouge155_options(scorer: str, flags: str | None) -> Rouge155Options | None:
    """The ROUGE-1.5.5 options of a scorer setting (None for rouge-score)."""
    if scorer not in SCORERS:
        raise InputError(f"unknown scorer {scorer!r} (choose from: {', '.join(SCORERS)})")
    default = DEFAULTS["rouge155_flags"].default
    if scorer == "rouge-score":
        if flags not in (None, default):
            raise InputError(f"--rouge155-flags {flags!r} needs --scorer rouge155")
        return None
    return options_from_flags(default if flags is None else flags)


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
