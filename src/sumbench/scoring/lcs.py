"""Fast exact ROUGE-L and ROUGE-Lsum: rouge-score's numbers, computed faster."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from rouge_score import rouge_scorer
from rouge_score.scoring import fmeasure as rouge_fmeasure

from sumbench.scoring.config import Score


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of a longest common subsequence (bit-parallel, Allison-Dix / Hyyro).

    The same integer as the last cell of rouge-score's ``_lcs_table``, computed with one
    big-integer step per token of ``b`` instead of a pure-Python ``len(a) x len(b)`` loop.
    """
    positions: dict[str, int] = {}
    for i, token in enumerate(a):
        positions[token] = positions.get(token, 0) | (1 << i)
    mask = (1 << len(a)) - 1
    row = mask
    for token in b:
        matches = row & positions.get(token, 0)
        row = ((row + matches) | (row - matches)) & mask
    return len(a) - row.bit_count()


def lcs_score(target: Sequence[str], prediction: Sequence[str]) -> Score:
    """ROUGE-L of token lists, with rouge-score's ``_score_lcs`` formulas (ints 0 if empty)."""
    if not target or not prediction:
        # rouge-score returns int zeros here, and results.json must not change.
        return Score(precision=0, recall=0, fmeasure=0)
    length = lcs_length(target, prediction)
    precision = length / len(prediction)
    recall = length / len(target)
    return Score(precision, recall, rouge_fmeasure(precision, recall))


@lru_cache(maxsize=100_000)
def _lcs_indices(ref: tuple[str, ...], candidate: tuple[str, ...]) -> tuple[int, ...]:
    # rouge-score's own LCS read-out: which LCS it picks decides the union's hits.
    return tuple(rouge_scorer.lcs_ind(ref, candidate))


def summary_level_lcs(
    ref_sents: Sequence[Sequence[str]], can_sents: Sequence[Sequence[str]]
) -> Score:
    """ROUGE-Lsum of tokenized sentences: rouge-score's ``_summary_level_lcs``.

    The same union-LCS and double-count rule, with each (reference sentence, summary
    sentence) LCS memoized: summaries of one document share its sentences, so the
    systems ask for the same pairs again and again.
    """
    m, n = sum(map(len, ref_sents)), sum(map(len, can_sents))
    if not ref_sents or not can_sents or not m or not n:
        return Score(precision=0, recall=0, fmeasure=0)
    ref_counts = Counter(t for s in ref_sents for t in s)
    can_counts = Counter(t for s in can_sents for t in s)
    candidates = [tuple(c) for c in can_sents]
    hits = 0
    for ref in ref_sents:
        key = tuple(ref)
        union = sorted(set().union(*(_lcs_indices(key, c) for c in candidates)))
        for token in (ref[i] for i in union):
            if can_counts[token] > 0 and ref_counts[token] > 0:
                hits += 1
                can_counts[token] -= 1
                ref_counts[token] -= 1
    recall, precision = hits / m, hits / n
    return Score(precision, recall, rouge_fmeasure(precision, recall))


def forget() -> None:
    """Empty the LCS memo (after each document: kept longer it only grows)."""
    _lcs_indices.cache_clear()
