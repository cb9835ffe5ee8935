"""sumy's summarizers as systems, and the fixes sumbench applies to them.

``SortedLsaSummarizer`` (the same output in every process), ``EarlyStopKLSummarizer``
(sumy's output, without rating every sentence) and ``SeededRandomSummarizer`` (no
global random state). Imported only when a sumy system is built.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sumy.models.dom import ObjectDocumentModel, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.random import RandomSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from sumbench.errors import InputError
from sumbench.systems.base import Context, ParsedDocument, System
from sumbench.systems.registry import REGISTRY, SumyCall
from sumbench.systems.segment import parse_document


@cache
def _stemmer(language: str) -> Callable[[str], str]:
    # Every sumy system stems the same words of a document again; the stemmer is pure,
    # so one memo per process saves that work and changes no output. Unbounded: a
    # language's vocabulary is, and a plain str -> str dict costs the garbage collector nothing.
    return cache(Stemmer(language))


@cache
def _stop_words(language: str) -> frozenset[str]:
    return frozenset(get_stop_words(language))


def _indices(doc: ParsedDocument, chosen: Sequence[Sentence]) -> tuple[int, ...]:
    """Positions of sumy's chosen Sentence objects in the document."""
    position = {id(s): i for i, s in enumerate(doc.dom.sentences)}
    return tuple(sorted(position[id(s)] for s in chosen))


def seeded_rng(seed: int, doc_id: str) -> random.Random:
    """A private generator derived from ``(seed, doc_id)``: same in any order or process."""
    digest = hashlib.sha256(f"{seed}\x00{doc_id}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


class SeededRandomSummarizer(RandomSummarizer):  # type: ignore[misc]  # sumy has no types
    """sumy's random summarizer drawing from its own generator, not the global one."""

    def __init__(self, stemmer: Callable[[str], str], rng: random.Random) -> None:
        super().__init__(stemmer)
        self._rng = rng

    def _get_random_ratings(self, sentences: Sequence[Sentence]) -> dict[Sentence, int]:
        ratings = list(range(len(sentences)))
        self._rng.shuffle(ratings)
        return dict(zip(sentences, ratings, strict=True))


class SortedLsaSummarizer(LsaSummarizer):  # type: ignore[misc]  # sumy has no types
    """sumy's LSA with its term dictionary in sorted order.

    sumy numbers the terms in ``frozenset`` order, which changes with the process's
    hash seed; the SVD's rounding then breaks near-ties differently from one process
    to the next. Sorted terms make LSA's output the same in every process, and ranks
    rounded to 10 digits make it the same with every BLAS kernel.
    """

    def _create_dictionary(self, document: ObjectDocumentModel) -> dict[str, int]:
        return {w: i for i, w in enumerate(sorted(super()._create_dictionary(document)))}

    def _compute_ranks(self, sigma: Any, v_matrix: Any) -> list[float]:
        # Sentences that are rated equally (the same terms) still differ in the last bits,
        # and how depends on the BLAS kernel (OPENBLAS_CORETYPE): rounded to 10 digits they
        # tie, and sumy's stable sort keeps them in document order on every machine.
        return [float(f"{rank:.10g}") for rank in super()._compute_ranks(sigma, v_matrix)]


class EarlyStopKLSummarizer(KLSummarizer):  # type: ignore[misc]  # sumy has no types
    """sumy's KL-Sum that stops once the K best sentences are known.

    sumy rates every sentence of the document (one greedy pass per sentence), although
    only the K best are returned: its cost grows with the square of the document. This
    subclass runs the same greedy passes with sumy's own helpers and stops as soon as
    later passes can no longer change the K returned sentences, so its output is
    identical to sumy's.
    """

    def __call__(self, document: ObjectDocumentModel, sentences_count: Any) -> tuple[Any, ...]:
        if not isinstance(sentences_count, int):  # sumy's percentages: rate everything
            return tuple(super().__call__(document, sentences_count))
        sentences = document.sentences
        ratings = self._compute_top_ratings(sentences, sentences_count)
        return tuple(self._get_best_sentences(sentences, sentences_count, ratings))

    def _compute_top_ratings(self, sentences: Sequence[Sentence], k: int) -> dict[Sentence, float]:
        """sumy's ``_compute_ratings`` loop, stopped once the top k are decided."""
        word_freq = self.compute_tf(sentences)
        remaining = list(sentences)
        remaining_words = [self._get_content_words_in_sentence(s) for s in sentences]
        # sumy keys its ratings by Sentence, which hashes by text: duplicates share a key.
        twins = Counter(sentences)
        unpicked = Counter(sentences)
        ratings: dict[Sentence, float] = {}
        summary: list[Sentence] = []
        while remaining and not _top_decided(ratings, unpicked, twins, k):
            summary_words = self._get_all_words_in_doc(summary)
            kls = [
                self._kl_divergence(self._joint_freq(w, summary_words), word_freq)
                for w in remaining_words
            ]
            index = self._find_index_of_best_sentence(kls)
            best = remaining.pop(index)
            del remaining_words[index]
            summary.append(best)
            ratings[best] = -1 * len(ratings)
            unpicked[best] -= 1
        floor = -len(ratings)
        return {s: _final_rating(s, ratings, unpicked, floor) for s in sentences}


def _final_rating(
    sentence: Sentence, ratings: dict[Sentence, float], unpicked: Counter[Any], floor: int
) -> float:
    """The rating sumy would end with, or -inf where it is not decided (below the top)."""
    if unpicked[sentence] == 0 and ratings[sentence] > floor:
        return ratings[sentence]
    return float("-inf")


def _top_decided(
    ratings: dict[Sentence, float], unpicked: Counter[Any], twins: Counter[Any], k: int
) -> bool:
    """Whether at least k sentences hold ratings that no later greedy pass can change.

    Every later pass assigns ``-len(ratings)`` or less, and a duplicate picked later
    overwrites its twins' rating; so only keys with no unpicked twin and a rating above
    ``-len(ratings)`` are final, and they outrank everything still to come.
    """
    floor = -len(ratings)
    final = [s for s, r in ratings.items() if unpicked[s] == 0 and r > floor]
    return sum(twins[s] for s in final) >= k


# Builds a sumy summarizer set up for one document, before any parameter override.
# Factories and systems are classes or module-level functions, never closures, so
# that systems can be sent to worker processes.
_Factory = Callable[[ParsedDocument, Context], Any]


@dataclass(frozen=True)
class _Plain:
    """Set a sumy summarizer up as sumy's own command line does."""

    cls: type

    def __call__(self, doc: ParsedDocument, ctx: Context) -> Any:
        summarizer = self.cls(_stemmer(ctx.language))
        summarizer.stop_words = _stop_words(ctx.language)
        return summarizer


def _make_edmundson(doc: ParsedDocument, ctx: Context) -> EdmundsonSummarizer:
    summarizer = EdmundsonSummarizer(_stemmer(ctx.language))
    summarizer.null_words = _stop_words(ctx.language)
    summarizer.bonus_words = doc.significant_words
    summarizer.stigma_words = doc.stigma_words
    return summarizer


def _make_random(doc: ParsedDocument, ctx: Context) -> SeededRandomSummarizer:
    return SeededRandomSummarizer(_stemmer(ctx.language), seeded_rng(ctx.seed, doc.id))


@dataclass(frozen=True)
class _SumySystem:
    """Run a sumy summarizer built by ``make``, with attribute overrides applied last."""

    make: _Factory
    overrides: tuple[tuple[str, Any], ...] = ()

    def __call__(self, doc: ParsedDocument, ctx: Context) -> tuple[int, ...]:
        summarizer = self.make(doc, ctx)
        for attr, value in self.overrides:
            setattr(summarizer, attr, value)
        return _indices(doc, summarizer(doc.dom, ctx.k))


# The factory of each sumy system; descriptions live in the registry.
_SUMY: dict[str, _Factory] = {
    "edmundson": _make_edmundson,
    "kl": _Plain(EarlyStopKLSummarizer),
    "lexrank": _Plain(LexRankSummarizer),
    "lsa": _Plain(SortedLsaSummarizer),
    "luhn": _Plain(LuhnSummarizer),
    "reduction": _Plain(ReductionSummarizer),
    "sumbasic": _Plain(SumBasicSummarizer),
    "textrank": _Plain(TextRankSummarizer),
    "random": _make_random,
}


def check_language(language: str) -> None:
    """The language must have a sumy stemmer and stop-word list."""
    try:
        _stemmer(language)
        _stop_words(language)
    except LookupError as exc:
        raise InputError(f"unsupported language {language!r} for sumy: {exc}") from exc


@cache
def _probe_document() -> ParsedDocument:
    return parse_document("probe", "A probe sentence.")


def settable_params(name: str) -> dict[str, Any]:
    """The public, non-method attributes of a sumy system's summarizer, with defaults."""
    if name not in _SUMY:
        raise InputError(f"system {name!r} has no settable parameters (only sumy systems have)")
    probe = _SUMY[name](_probe_document(), Context(k=1))
    names = [a for a in dir(probe) if not a.startswith("_")]
    return {a: getattr(probe, a) for a in names if not callable(getattr(probe, a))}


def _check_value(name: str, attr: str, value: Any, default: Any) -> None:
    # A number where sumy expects a number: a string there would fail deep inside sumy.
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, int | float) and not isinstance(default, bool) and not is_number:
        raise InputError(f"parameter {name}.{attr} needs a number (got {value!r})")


def with_params(name: str, overrides: Mapping[str, Any]) -> System:
    """A copy of sumy system ``name`` whose summarizer gets ``overrides`` as attributes."""
    base = REGISTRY[name]
    known = settable_params(name)
    for attr, value in overrides.items():
        if attr not in known:
            choices = ", ".join(sorted(known)) or "none"
            raise InputError(f"system {name!r} has no parameter {attr!r} (settable: {choices})")
        _check_value(name, attr, value, known[attr])
    params = {**base.params, **overrides}
    call = SumyCall(name, tuple(overrides.items()))
    return System(base.name, base.description, call, params, base.upper_bound)


def summarize(
    name: str, overrides: tuple[tuple[str, Any], ...], doc: ParsedDocument, ctx: Context
) -> tuple[int, ...]:
    """Run sumy system ``name`` on a document, with attribute ``overrides`` applied."""
    return _SumySystem(_SUMY[name], overrides)(doc, ctx)


def summarize_many(
    name: str,
    overrides: tuple[tuple[str, Any], ...],
    doc: ParsedDocument,
    ctx: Context,
    ks: Sequence[int],
) -> dict[int, tuple[int, ...]]:
    """Sumy system ``name``'s summary for every K in ``ks``, rating the sentences once.

    Every sumy summarizer rates the sentences without looking at K, then keeps the K
    best with ``_get_best_sentences``: a stable sort by rating, the first K, back in
    document order. The ratings are taken once (at the largest K: KL-Sum's early stop
    then decides enough of them) and that selection is repeated for each K, so each
    summary equals what a run at that K returns.
    """
    summarizer = _SumySystem(_SUMY[name], overrides).make(doc, ctx)
    for attr, value in overrides:
        setattr(summarizer, attr, value)
    ranked: list[tuple[Sentence, int, Any]] = []

    def best(sentences: Sequence[Sentence], count: int, rating: Any, *args: Any) -> tuple[Any, ...]:
        rate = rating.__getitem__ if isinstance(rating, dict) else rating
        # Rated in document order, as sumy does (LSA's rating is an iterator).
        infos = [(s, o, rate(s, *args)) for o, s in enumerate(sentences)]
        ranked.extend(sorted(infos, key=lambda info: info[2], reverse=True))
        return tuple(info[0] for info in sorted(ranked[:count], key=lambda info: info[1]))

    summarizer._get_best_sentences = best  # this instance only
    summarizer(doc.dom, max(ks))  # sumy returns () before rating an empty document
    return {
        k: _indices(doc, [info[0] for info in sorted(ranked[:k], key=lambda info: info[1])])
        for k in ks
    }
