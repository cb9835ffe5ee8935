"""The registry of systems: sumy's summarizers, Lead-k, a greedy oracle, seeded random.

A system is called with a parsed document and a :class:`Context`. An extractive
system returns the indices of the sentences it selects; a non-extractive one (system
outputs, Python plugins) may return sentences of its own. The pipeline checks both.
"""

from __future__ import annotations

import difflib
import hashlib
import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from typing import Any

from rouge_score import rouge_scorer
from sumy.models.dom import ObjectDocumentModel, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
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
from sumbench.oracle import greedy_oracle
from sumbench.scoring import (
    Score,
    ScoringConfig,
    aggregate_max,
    aggregate_mean,
    rouge_tokenizer,
)
from sumbench.segment import Segmenter


@cache  # importlib.metadata reads files: once per process is enough
def sumy_version() -> str:
    """Installed sumy version, for the signature."""
    return version("sumy")


class _LineParser(PlaintextParser):
    """sumy's plain-text parser, except that every line break ends a sentence.

    Web text keeps one paragraph per line and boilerplate ("Comment", "(ANI)") on
    lines of its own; joining lines, as sumy does, glues them onto real sentences.
    Heading detection (all-caps lines) and Edmundson's word lists are sumy's own.
    """

    def _to_sentences(self, lines: Sequence[str | Sentence]) -> list[Sentence]:
        sentences: list[Sentence] = []
        for line in lines:
            if isinstance(line, Sentence):
                sentences.append(line)
            else:
                sentences.extend(self._to_sentence_objects(line))
        return sentences


@dataclass(frozen=True)
class ParsedDocument:
    """A document parsed once per run and shared by every system."""

    id: str
    sentences: tuple[str, ...]
    dom: ObjectDocumentModel = field(repr=False, compare=False)
    significant_words: tuple[str, ...] = field(repr=False, compare=False)
    stigma_words: tuple[str, ...] = field(repr=False, compare=False)


def parse_document(doc_id: str, text: str, *, language: str = "english") -> ParsedDocument:
    """Parse a document with sumy's DOM and the offline segmenter."""
    parser = _LineParser(text, Segmenter(language))
    dom = parser.document
    return ParsedDocument(
        id=doc_id,
        sentences=tuple(str(s) for s in dom.sentences),
        dom=dom,
        significant_words=tuple(parser.significant_words),
        stigma_words=tuple(parser.stigma_words),
    )


@dataclass(frozen=True)
class Context:
    """What a system may use besides the document."""

    k: int
    seed: int = 0
    language: str = "english"
    references: tuple[tuple[str, ...], ...] = ()
    scoring: ScoringConfig = field(default_factory=ScoringConfig)


# Indices of document sentences, or (non-extractive systems only) sentences of text.
Summarize = Callable[[ParsedDocument, Context], Sequence[int] | Sequence[str]]


@dataclass(frozen=True)
class System:
    """A system: name, one-line description, parameters, and its function.

    ``extractive=False`` lets ``summarize`` return sentences instead of indices.
    ``covers`` is the set of document ids a system has output for (None: every one).
    """

    name: str
    description: str
    summarize: Summarize = field(repr=False)
    params: Mapping[str, Any] = field(default_factory=dict)
    upper_bound: bool = False
    extractive: bool = True
    covers: frozenset[str] | None = field(default=None, repr=False)
    # False when the code behind ``summarize`` may change under the same name and
    # parameters (a user's Python function): such results are never cached.
    cacheable: bool = True


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


class SeededRandomSummarizer(RandomSummarizer):
    """sumy's random summarizer drawing from its own generator, not the global one."""

    def __init__(self, stemmer: Callable[[str], str], rng: random.Random) -> None:
        super().__init__(stemmer)
        self._rng = rng

    def _get_random_ratings(self, sentences: Sequence[Sentence]) -> dict[Sentence, int]:
        ratings = list(range(len(sentences)))
        self._rng.shuffle(ratings)
        return dict(zip(sentences, ratings, strict=True))


class SortedLsaSummarizer(LsaSummarizer):
    """sumy's LSA with its term dictionary in sorted order.

    sumy numbers the terms in ``frozenset`` order, which changes with the process's
    hash seed; the SVD's rounding then breaks near-ties differently from one process
    to the next. Sorted terms make LSA's output the same in every process.
    """

    def _create_dictionary(self, document: ObjectDocumentModel) -> dict[str, int]:
        return {w: i for i, w in enumerate(sorted(super()._create_dictionary(document)))}


class EarlyStopKLSummarizer(KLSummarizer):
    """sumy's KL-Sum that stops once the K best sentences are known.

    sumy rates every sentence of the document (one greedy pass per sentence), although
    only the K best are returned: its cost grows with the square of the document. This
    subclass runs the same greedy passes with sumy's own helpers and stops as soon as
    later passes can no longer change the K returned sentences, so its output is
    identical to sumy's.
    """

    def __call__(self, document: ObjectDocumentModel, sentences_count: Any) -> tuple:
        if not isinstance(sentences_count, int):  # sumy's percentages: rate everything
            return super().__call__(document, sentences_count)
        sentences = document.sentences
        ratings = self._compute_top_ratings(sentences, sentences_count)
        return self._get_best_sentences(sentences, sentences_count, ratings)

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
    sentence: Sentence, ratings: dict[Sentence, float], unpicked: Counter, floor: int
) -> float:
    """The rating sumy would end with, or -inf where it is not decided (below the top)."""
    if unpicked[sentence] == 0 and ratings[sentence] > floor:
        return ratings[sentence]
    return float("-inf")


def _top_decided(ratings: dict[Sentence, float], unpicked: Counter, twins: Counter, k: int) -> bool:
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


def _lead(doc: ParsedDocument, ctx: Context) -> tuple[int, ...]:
    return tuple(range(min(ctx.k, len(doc.sentences))))


def _ngram_score(candidate: Sequence[str], reference: Sequence[str], n: int) -> Score:
    """ROUGE-N of token lists with rouge-score's own n-gram code (the reported metric)."""
    raw = rouge_scorer._score_ngrams(
        rouge_scorer._create_ngrams(reference, n), rouge_scorer._create_ngrams(candidate, n)
    )
    return Score(raw.precision, raw.recall, raw.fmeasure)


def oracle_objective(
    candidate: Sequence[str], references: Sequence[Sequence[str]], multi_ref: str
) -> float:
    """mean(ROUGE-1 F, ROUGE-2 F) of token lists, references combined by ``multi_ref``."""
    per_ref = [{f"rouge{n}": _ngram_score(candidate, ref, n) for n in (1, 2)} for ref in references]
    combine = aggregate_max if multi_ref == "max" else aggregate_mean
    combined = combine(per_ref, ("rouge1", "rouge2"))
    return (combined["rouge1"].fmeasure + combined["rouge2"].fmeasure) / 2


def _oracle(doc: ParsedDocument, ctx: Context) -> tuple[int, ...]:
    """Greedy oracle: add the sentence that most raises the objective; stop when none does."""
    # The scorer's own tokenizer, so the oracle optimises exactly the reported metric.
    scoring = ctx.scoring
    tokenizer = rouge_tokenizer(scoring.tokenizer, stem=scoring.stem, language=ctx.language)
    sent_tokens = [tokenizer.tokenize(s) for s in doc.sentences]
    ref_tokens = [tokenizer.tokenize("\n".join(ref)) for ref in ctx.references]
    return greedy_oracle(sent_tokens, ref_tokens, k=ctx.k, multi_ref=ctx.scoring.multi_ref)


_SUMY: dict[str, tuple[str, _Factory]] = {
    "edmundson": ("Edmundson (1969): cue, title and location words", _make_edmundson),
    "kl": (
        "KL-Sum: greedy minimisation of KL divergence to the document",
        _Plain(EarlyStopKLSummarizer),
    ),
    "lexrank": (
        "LexRank: eigenvector centrality of a TF-IDF cosine graph",
        _Plain(LexRankSummarizer),
    ),
    "lsa": (
        "LSA: sentences of the top singular vectors of the term matrix",
        _Plain(SortedLsaSummarizer),
    ),
    "luhn": ("Luhn (1958): clusters of significant words", _Plain(LuhnSummarizer)),
    "reduction": (
        "Reduction: graph of sentence-to-sentence word overlap",
        _Plain(ReductionSummarizer),
    ),
    "sumbasic": (
        "SumBasic: word probabilities with redundancy updates",
        _Plain(SumBasicSummarizer),
    ),
    "textrank": (
        "TextRank: PageRank over the sentence similarity graph",
        _Plain(TextRankSummarizer),
    ),
    "random": ("Random sentences, seeded per document from (seed, doc_id)", _make_random),
}


def _build_registry() -> dict[str, System]:
    systems = [
        System(name, f"{desc} (sumy)", _SumySystem(make)) for name, (desc, make) in _SUMY.items()
    ]
    systems += [
        System("lead", "Lead-k: the first k sentences of the document (baseline)", _lead),
        System(
            "oracle",
            "Greedy extractive oracle on mean(ROUGE-1 F, ROUGE-2 F): an upper bound",
            _oracle,
            params={"objective": "mean(rouge1.f, rouge2.f)"},
            upper_bound=True,
        ),
    ]
    return {s.name: s for s in sorted(systems, key=lambda s: s.name)}


REGISTRY: Mapping[str, System] = _build_registry()


def get_system(name: str) -> System:
    """Look a system up by name; an unknown name is an input error with a suggestion."""
    if name in REGISTRY:
        return REGISTRY[name]
    close = difflib.get_close_matches(name, list(REGISTRY), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(REGISTRY)})"
    raise InputError(f"unknown system {name!r}{hint}")


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
    probe = _SUMY[name][1](_probe_document(), Context(k=1))
    names = [a for a in dir(probe) if not a.startswith("_")]
    return {a: getattr(probe, a) for a in names if not callable(getattr(probe, a))}


def _check_value(name: str, attr: str, value: Any, default: Any) -> None:
    # A number where sumy expects a number: a string there would fail deep inside sumy.
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(default, int | float) and not isinstance(default, bool) and not is_number:
        raise InputError(f"parameter {name}.{attr} needs a number (got {value!r})")


def with_params(name: str, overrides: Mapping[str, Any]) -> System:
    """A copy of sumy system ``name`` whose summarizer gets ``overrides`` as attributes."""
    base = get_system(name)
    known = settable_params(name)
    for attr, value in overrides.items():
        if attr not in known:
            choices = ", ".join(sorted(known)) or "none"
            raise InputError(f"system {name!r} has no parameter {attr!r} (settable: {choices})")
        _check_value(name, attr, value, known[attr])
    summarize = _SumySystem(_SUMY[name][1], tuple(overrides.items()))
    params = {**base.params, **overrides}
    return System(base.name, base.description, summarize, params, base.upper_bound)
