"""ROUGE through ``rouge-score``: multi-reference rules and the word budget.

Sentences are joined with ``"\\n"`` before scoring, because rouge-score's ROUGE-Lsum
splits on newlines: without them summary-level LCS silently equals ROUGE-L.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import version

from rouge_score import rouge_scorer, tokenizers
from rouge_score.scoring import fmeasure as rouge_fmeasure

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


@cache  # importlib.metadata reads files: once per process is enough
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


class MemoTokenizer(tokenizers.Tokenizer):
    """A ROUGE tokenizer (rouge-score's ``DefaultTokenizer`` or ours), memoized line by line.

    Each reference is scored against every system's summary, summaries share the
    document's sentences, and ROUGE-Lsum tokenizes every sentence again: the Porter
    stemmer dominated the run. rouge-score's tokenizer maps every character outside
    ``[a-z0-9]`` (a newline among them) to a token break and stems token by token, so
    the tokens of ``"a\nb"`` are the tokens of ``"a"`` followed by those of ``"b"``.
    The unicode tokenizer breaks on every non-word character too, so the same holds.
    """

    def __init__(self, inner: tokenizers.Tokenizer, maxsize: int = 50_000) -> None:
        self._inner = inner
        self._line = lru_cache(maxsize=maxsize)(self._tokenize_line)

    def _tokenize_line(self, line: str) -> tuple[str, ...]:
        return tuple(self._inner.tokenize(line))

    def tokenize(self, text: str) -> list[str]:
        """The tokens of ``text``, a fresh list each time (callers may keep or change it)."""
        return [token for line in text.split("\n") for token in self._line(line)]

    def forget(self) -> None:
        """Empty the memo (the pipeline does so after each document)."""
        self._line.cache_clear()


@cache
def rouge_tokenizer(name: str, *, stem: bool, language: str) -> MemoTokenizer:
    """The process's shared memoizing ROUGE tokenizer for one configuration."""
    return MemoTokenizer(make_tokenizer(name, stem=stem, language=language))


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
        return Score(precision=0, recall=0, fmeasure=0)  # type: ignore[arg-type]
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
        return Score(precision=0, recall=0, fmeasure=0)  # type: ignore[arg-type]
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
            raw["rougeL"] = lcs_score(tokenize(target), tokenize(prediction))
        if "rougeLsum" in self.config.rouge_types:
            # As rouge-score does it: one sentence per line, empty lines dropped.
            raw["rougeLsum"] = summary_level_lcs(
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
        _lcs_indices.cache_clear()

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
