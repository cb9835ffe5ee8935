"""The greedy oracle's objective, kept up to date incrementally.

The oracle tries every sentence at every step. Re-tokenizing the candidate and
recounting the n-grams of candidate and references for each try costs
O(document x references) per try; :class:`OracleState` instead keeps the n-gram
counts of the summary so far and each reference's clipped overlap with it, and
prices a try by the n-grams the new sentence adds (including the bigrams across
its neighbours). The overlap and totals are integers, and the scores are then
computed with the same formulas as rouge-score's ``_score_ngrams``, so the
objective is bit-identical to scoring the concatenated candidate from scratch.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from typing import Any

from rouge_score import rouge_scorer, scoring

from sumbench.scoring.config import Score, aggregate_max, aggregate_mean
from sumbench.scoring.tokenizers import rouge_tokenizer
from sumbench.systems.base import Context, ParsedDocument

ORDERS: tuple[int, ...] = (1, 2)
Gram = tuple[str, ...]


def ngram_score(overlap: int, predicted: int, target: int) -> Score:
    """ROUGE-N from counts, with rouge-score's ``_score_ngrams`` formulas."""
    precision = overlap / max(predicted, 1)
    recall = overlap / max(target, 1)
    return Score(precision, recall, scoring.fmeasure(precision, recall))


def combine_objective(per_ref: Sequence[dict[str, Score]], multi_ref: str) -> float:
    """mean(ROUGE-1 F, ROUGE-2 F) after combining references by ``multi_ref``."""
    combine = aggregate_max if multi_ref == "max" else aggregate_mean
    combined = combine(per_ref, ("rouge1", "rouge2"))
    return (combined["rouge1"].fmeasure + combined["rouge2"].fmeasure) / 2


def objective(
    candidate: Sequence[str], references: Sequence[Sequence[str]], multi_ref: str
) -> float:
    """The objective of a whole candidate (token list), counted from scratch.

    :class:`OracleState` computes the same number incrementally; tests hold the two equal.
    """
    per_ref = []
    for ref in references:
        scores = {}
        for n in ORDERS:
            # rouge-score's own n-gram code: the reported metric, independent of OracleState.
            raw = rouge_scorer._score_ngrams(
                rouge_scorer._create_ngrams(ref, n), rouge_scorer._create_ngrams(candidate, n)
            )
            scores[f"rouge{n}"] = Score(raw.precision, raw.recall, raw.fmeasure)
        per_ref.append(scores)
    return combine_objective(per_ref, multi_ref)


def _clipped_gain(delta: Counter[Any], summary: Counter[Any], reference: Counter[Any]) -> int:
    """Change of sum(min(summary[g], reference[g])) when ``delta`` is added to ``summary``."""
    gain = 0
    for gram, change in delta.items():
        in_ref = reference[gram]
        if in_ref:
            before = summary[gram]
            gain += min(before + change, in_ref) - min(before, in_ref)
    return gain


class OracleState:
    """N-gram counts of a growing extractive summary and its overlap with each reference."""

    def __init__(self, sentences: Sequence[Sequence[str]], references: Sequence[Sequence[str]]):
        self._tokens = [list(t) for t in sentences]
        self._inner = [{n: rouge_scorer._create_ngrams(t, n) for n in ORDERS} for t in sentences]
        self._refs = [{n: rouge_scorer._create_ngrams(r, n) for n in ORDERS} for r in references]
        self._ref_totals = [{n: sum(r[n].values()) for n in ORDERS} for r in self._refs]
        self._chosen: list[int] = []  # sorted sentence indices
        self._summary: dict[int, Counter[Any]] = {n: Counter() for n in ORDERS}
        self._overlap = [dict.fromkeys(ORDERS, 0) for _ in references]
        self._length = 0

    def _neighbours(self, index: int) -> tuple[list[str] | None, list[str] | None]:
        """Token lists of the nearest non-empty chosen sentences before and after ``index``."""
        at = bisect.bisect_left(self._chosen, index)
        before = [self._tokens[j] for j in self._chosen[:at] if self._tokens[j]]
        after = [self._tokens[j] for j in self._chosen[at:] if self._tokens[j]]
        return (before[-1] if before else None), (after[0] if after else None)

    def _delta(self, index: int) -> dict[int, Counter[Any]]:
        """The n-grams that adding sentence ``index`` adds (and the bigram it breaks)."""
        tokens = self._tokens[index]
        delta = {n: Counter(self._inner[index][n]) for n in ORDERS}
        if not tokens:
            return delta
        before, after = self._neighbours(index)
        if before and after:
            delta[2][(before[-1], after[0])] -= 1
        if before:
            delta[2][(before[-1], tokens[0])] += 1
        if after:
            delta[2][(tokens[-1], after[0])] += 1
        return delta

    def _scores(self, delta: dict[int, Counter[Any]], length: int) -> list[dict[str, Score]]:
        """Per reference, ROUGE-1 and ROUGE-2 of the summary with ``delta`` added."""
        out = []
        for ref, totals, overlap in zip(self._refs, self._ref_totals, self._overlap, strict=True):
            out.append(
                {
                    f"rouge{n}": ngram_score(
                        overlap[n] + _clipped_gain(delta[n], self._summary[n], ref[n]),
                        max(0, length - n + 1),
                        totals[n],
                    )
                    for n in ORDERS
                }
            )
        return out

    def objective_with(self, index: int, multi_ref: str) -> float:
        """The oracle's objective if sentence ``index`` were added to the summary."""
        length = self._length + len(self._tokens[index])
        return combine_objective(self._scores(self._delta(index), length), multi_ref)

    def add(self, index: int) -> None:
        """Add sentence ``index`` to the summary."""
        delta = self._delta(index)
        for ref, overlap in zip(self._refs, self._overlap, strict=True):
            for n in ORDERS:
                overlap[n] += _clipped_gain(delta[n], self._summary[n], ref[n])
        for n in ORDERS:
            self._summary[n].update(delta[n])
        self._length += len(self._tokens[index])
        bisect.insort(self._chosen, index)


def greedy_oracle(
    sentences: Sequence[Sequence[str]],
    references: Sequence[Sequence[str]],
    *,
    k: int,
    multi_ref: str,
) -> tuple[int, ...]:
    """Add the sentence that most raises the objective (lowest index on ties), at most k."""
    state = OracleState(sentences, references)
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < k:
        gains = [
            (state.objective_with(i, multi_ref), -i)
            for i in range(len(sentences))
            if i not in chosen
        ]
        if not gains:
            break
        value, neg_index = max(gains)
        if value <= best:
            break
        best = value
        state.add(-neg_index)
        chosen.append(-neg_index)
    return tuple(sorted(chosen))


def summarize(doc: ParsedDocument, ctx: Context) -> tuple[int, ...]:
    """Greedy oracle: add the sentence that most raises the objective; stop when none does."""
    # The scorer's own tokenizer, so the oracle optimises exactly the reported metric.
    scoring = ctx.scoring
    tokenizer = rouge_tokenizer(scoring.tokenizer, stem=scoring.stem, language=ctx.language)
    sent_tokens = [tokenizer.tokenize(s) for s in doc.sentences]
    ref_tokens = [tokenizer.tokenize("\n".join(ref)) for ref in ctx.references]
    return greedy_oracle(sent_tokens, ref_tokens, k=ctx.k, multi_ref=ctx.scoring.multi_ref)
