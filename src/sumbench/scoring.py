"""ROUGE through ``rouge-score``: multi-reference rules and the word budget.

Sentences are joined with ``"\\n"`` before scoring, because rouge-score's ROUGE-Lsum
splits on newlines: without them summary-level LCS silently equals ROUGE-L.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import version

from rouge_score import rouge_scorer, tokenizers

from sumbench.errors import InputError

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

    def __post_init__(self) -> None:
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
    """Keep the first ``budget`` words (DUC-style); sentence breaks are preserved."""
    if budget is None:
        return tuple(sentences)
    kept: list[str] = []
    left = budget
    for sentence in sentences:
        words = sentence.split()
        if left <= 0:
            break
        kept.append(" ".join(words[:left]) if len(words) > left else sentence)
        left -= len(words)
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


class MemoTokenizer(tokenizers.Tokenizer):
    """rouge-score's ``DefaultTokenizer`` with a bounded memo of its results.

    Each reference is scored against every system's summary, and ROUGE-Lsum tokenizes
    every sentence again: the Porter stemmer dominated the run. Same text, same tokens.
    """

    def __init__(self, use_stemmer: bool, maxsize: int = 50_000) -> None:
        self._memo = lru_cache(maxsize=maxsize)(self._tokenize)
        self._inner = tokenizers.DefaultTokenizer(use_stemmer)

    def _tokenize(self, text: str) -> tuple[str, ...]:
        return tuple(self._inner.tokenize(text))

    def tokenize(self, text: str) -> list[str]:
        """The tokens of ``text``, a fresh list each time (callers may keep or change it)."""
        return list(self._memo(text))


@cache
def rouge_tokenizer(stem: bool) -> MemoTokenizer:
    """The process's shared memoizing tokenizer for one stemming setting."""
    return MemoTokenizer(stem)


class RougeScoring:
    """A configured rouge-score scorer applied to sentence lists."""

    def __init__(self, config: ScoringConfig) -> None:
        self.config = config
        self._scorer = rouge_scorer.RougeScorer(
            list(config.rouge_types), tokenizer=rouge_tokenizer(config.stem)
        )

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
