"""ROUGE exactly as the ROUGE-1.5.5 Perl script computes it, in pure Python.

Per-document numbers equal the script's ``-d`` output (checked against the script itself
by tests/scoring/test_rouge155_parity.py): its tokens, ``-m`` stemming, ``-s`` stop words,
``-l``/``-b`` truncation, ROUGE-N, summary-level union-LCS ROUGE-L, ROUGE-W, ROUGE-S/SU and
``-f A``/``-f B`` over several references. Like the script, P and R are rounded to 5
decimals and F is computed from the rounded P and R. ROUGE-1.5.5 has no jackknifing
(removed in 1.4): ``-f A`` pools the counts of all references, ``-f B`` keeps the reference
with the best recall.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from sumbench.errors import InputError
from sumbench.scoring.config import Score
from sumbench.scoring.rouge155_lcs import lcs_hits, wlcs_hits
from sumbench.scoring.rouge155_options import MultiRef, Rouge155Options, options_from_flags
from sumbench.scoring.rouge155_text import ReadText, TextOptions, read_text

__all__ = ["MultiRef", "Rouge155Options", "Rouge155Scoring", "options_from_flags", "score"]
Gram = tuple[str, ...]
# (hit, reference count, summary count, score that picks the best reference under -f B)
Match = tuple[float, float, float, float]


def _round5(value: float) -> float:
    """The script's ``sprintf("%7.5f")``, read back as a number."""
    return float(f"{value:.5f}")


def _ngrams(tokens: Sequence[str], n: int) -> Counter[Gram]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _skip_bigrams(tokens: Sequence[str], distance: int, unigrams: bool) -> Counter[Gram]:
    grams: Counter[Gram] = Counter()
    last = len(tokens) - 1
    for i in range(last):  # as in the script, the last token adds no unigram
        if unigrams:
            grams[(tokens[i],)] += 1
        for j in range(i + 1, min(last, i + distance + 1) + 1):
            grams[(tokens[i], tokens[j])] += 1
    return grams


def _gram_match(peer: Counter[Gram]) -> Callable[[Counter[Gram]], Match]:
    def match(model: Counter[Gram]) -> Match:
        hit, count = sum((model & peer).values()), model.total()
        return hit, count, peer.total(), _round5(hit / count) if count else 0.0

    return match


def _lcs_match(peer: ReadText, weight: float | None) -> Callable[[ReadText], Match]:
    peer_count = len(peer.tokens)

    def match(model: ReadText) -> Match:
        model_left, peer_left = Counter(model.tokens), Counter(peer.tokens)
        if weight is None:
            hit, base = lcs_hits(model.lines, peer.lines, model_left, peer_left)
            return hit, base, peer_count, hit / base if base > 0 else 0.0
        whit, wbase = wlcs_hits(model.lines, peer.lines, weight, model_left, peer_left)
        # The script weights the summed line weights once more (so does its P side).
        best = (whit / wbase) ** (1 / weight) if wbase > 0 else 0.0
        return whit, wbase**weight, peer_count**weight, best

    return match


def _combine(matches: Sequence[Match], mode: MultiRef) -> tuple[float, float, float]:
    if mode is MultiRef.AVERAGE:
        return tuple(sum(m[k] for m in matches) for k in range(3))  # type: ignore[return-value]
    best, chosen = -1.0, matches[0]
    for m in matches:  # strictly better only: ties keep the first reference, as the script
        if m[3] > best:
            best, chosen = m[3], m
    return chosen[0], chosen[1], chosen[2]


def _ratio(hit: float, total: float, weight: float | None) -> float:
    if not total:
        return 0.0
    return _round5(hit / total if weight is None else (hit / total) ** (1 / weight))


def _score(
    hit: float, model: float, peer: float, options: Rouge155Options, weight: float | None
) -> Score:
    recall, precision = _ratio(hit, model, weight), _ratio(hit, peer, weight)
    a = options.alpha
    denominator = (1 - a) * precision + a * recall
    fmeasure = _round5(precision * recall / denominator) if denominator > 0 else 0.0
    return Score(precision=precision, recall=recall, fmeasure=fmeasure)


def score(
    summary: Sequence[str], references: Sequence[Sequence[str]], options: Rouge155Options
) -> dict[str, Score]:
    """ROUGE-1.5.5 scores of one summary (a list of sentences) against its references."""
    if not references:
        raise InputError("ROUGE-1.5.5 needs at least one reference per summary")
    text_options = TextOptions(
        options.stem, options.remove_stopwords, options.word_limit, options.byte_limit
    )
    peer = read_text(summary, text_options)
    models = [read_text(reference, text_options) for reference in references]
    result: dict[str, Score] = {}

    def add(name: str, matches: Sequence[Match], weight: float | None = None) -> None:
        hit, model, peer_count = _combine(matches, options.multi_ref)
        result[name] = _score(hit, model, peer_count, options, weight)

    for n in range(1, options.max_n + 1):
        gram = _gram_match(_ngrams(peer.tokens, n))
        add(f"rouge{n}", [gram(_ngrams(m.tokens, n)) for m in models])
    if options.rouge_l:
        add("rougeL", [_lcs_match(peer, None)(m) for m in models])
    if options.wlcs_weight is not None:
        wlcs = _lcs_match(peer, options.wlcs_weight)
        add("rougeW", [wlcs(m) for m in models], options.wlcs_weight)
    if options.skip_distance is not None:
        sd, unigrams = options.skip_distance, options.skip_unigrams
        skip = _gram_match(_skip_bigrams(peer.tokens, sd, unigrams))
        name = options.metric_names()[-1]
        add(name, [skip(_skip_bigrams(m.tokens, sd, unigrams)) for m in models])
    return result


class Rouge155Scoring:
    """The scorer object the pipeline calls, shaped like ``scoring.RougeScoring``.

    ``rouge_types`` (default: every metric of the options) picks and orders the scores.
    Identical summaries (systems often agree) are scored once per document.
    """

    def __init__(self, options: Rouge155Options, rouge_types: Sequence[str] | None = None) -> None:
        self.options = options
        self.rouge_types = tuple(rouge_types or options.metric_names())
        unknown = sorted(set(self.rouge_types) - set(options.metric_names()))
        if unknown:
            raise InputError(f"ROUGE-1.5.5 {options.footnote()} computes no {', '.join(unknown)}")
        self._memo: dict[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], dict[str, Score]]
        self._memo = {}

    def score(
        self, *, summary: Sequence[str], references: Sequence[Sequence[str]]
    ) -> dict[str, Score]:
        """ROUGE-1.5.5 scores against the references, combined by ``-f A`` or ``-f B``."""
        key = (tuple(summary), tuple(tuple(r) for r in references))
        if key not in self._memo:
            found = score(summary, references, self.options)
            self._memo[key] = {t: found[t] for t in self.rouge_types}
        return dict(self._memo[key])

    def forget(self) -> None:
        """Empty the memo of identical summaries (it pays off within one document)."""
        self._memo.clear()

    def footnote(self) -> str:
        """How a paper states the setting: ``ROUGE-1.5.5 -m -n 2 -w 1.2 -2 4 -u``."""
        return self.options.footnote()
