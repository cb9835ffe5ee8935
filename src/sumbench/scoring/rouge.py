"""ROUGE through ``rouge-score``: multi-reference rules applied to sentence lists.

Sentences are joined with ``"\\n"`` before scoring, because rouge-score's ROUGE-Lsum
splits on newlines: without them summary-level LCS silently equals ROUGE-L.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rouge_score import rouge_scorer

from sumbench.scoring import lcs
from sumbench.scoring.config import (
    Score,
    ScoringConfig,
    aggregate_max,
    aggregate_mean,
    join_sentences,
)
from sumbench.scoring.tokenizers import rouge_tokenizer


class RougeScoring:
    """A configured rouge-score scorer applied to sentence lists.

    ROUGE-1 and -2 come from rouge-score itself; ROUGE-L and -Lsum from
    :func:`lcs_score` and :func:`summary_level_lcs`, which give rouge-score's numbers
    faster. Identical summaries (systems often agree) are scored once.
    """

    def __init__(self, config: ScoringConfig, *, language: str = "english") -> None:
        self.config = config
        self._tokenizer = rouge_tokenizer(config.tokenizer, stem=config.stem, language=language)
        others = [t for t in config.rouge_types if t not in ("rougeL", "rougeLsum")]
        self._scorer = rouge_scorer.RougeScorer(others, tokenizer=self._tokenizer)
        self._memo = lru_cache(maxsize=256)(self._score)

    def score_one(self, *, summary: Sequence[str], reference: Sequence[str]) -> dict[str, Score]:
        """Scores of a summary against one reference."""
        target, prediction = join_sentences(reference), join_sentences(summary)
        raw = dict(self._scorer.score(target, prediction))
        tokenize = self._tokenizer.tokenize
        if "rougeL" in self.config.rouge_types:
            raw["rougeL"] = lcs.lcs_score(tokenize(target), tokenize(prediction))
        if "rougeLsum" in self.config.rouge_types:
            # As rouge-score does it: one sentence per line, empty lines dropped.
            raw["rougeLsum"] = lcs.summary_level_lcs(
                [tokenize(s) for s in target.split("\n") if s],
                [tokenize(s) for s in prediction.split("\n") if s],
            )
        return {
            t: Score(raw[t].precision, raw[t].recall, raw[t].fmeasure)
            for t in self.config.rouge_types
        }

    def forget(self) -> None:
        """Empty the memos: they pay off within a document; kept longer they only grow.

        Large memos also slow every run of Python's cyclic garbage collector, which made
        the cost per document grow with the corpus.
        """
        self._memo.cache_clear()
        self._tokenizer.forget()
        lcs.forget()

    def score(
        self, *, summary: Sequence[str], references: Sequence[Sequence[str]]
    ) -> dict[str, Score]:
        """Scores against several references, combined by the configured rule."""
        if not references:
            raise ValueError("at least one reference is needed")
        return dict(self._memo(tuple(summary), tuple(tuple(r) for r in references)))

    def _score(
        self, summary: tuple[str, ...], references: tuple[tuple[str, ...], ...]
    ) -> dict[str, Score]:
        per_ref = [self.score_one(summary=summary, reference=ref) for ref in references]
        combine = aggregate_max if self.config.multi_ref == "max" else aggregate_mean
        return combine(per_ref, self.config.rouge_types)
