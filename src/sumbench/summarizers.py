"""The registry of systems: sumy's summarizers, Lead-k, a greedy oracle, seeded random.

A system is called with a parsed document and a :class:`Context`. An extractive
system returns the indices of the sentences it selects; a non-extractive one (system
outputs, Python plugins) may return sentences of its own. The pipeline checks both.
"""

from __future__ import annotations

import difflib
import hashlib
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from types import MappingProxyType
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
from sumbench.scoring import Score, ScoringConfig, aggregate_max, aggregate_mean
from sumbench.segment import Segmenter
from sumbench.tokenize import make_tokenizer


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


@cache
def _stemmer(language: str) -> Stemmer:
    return Stemmer(language)


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


# Builds a sumy summarizer set up for one document, before any parameter override.
_Factory = Callable[[ParsedDocument, Context], Any]
_NO_OVERRIDES: Mapping[str, Any] = MappingProxyType({})


def _plain(cls: type) -> _Factory:
    """Set a sumy summarizer up as sumy's own command line does."""

    def make(doc: ParsedDocument, ctx: Context) -> Any:
        summarizer = cls(_stemmer(ctx.language))
        summarizer.stop_words = _stop_words(ctx.language)
        return summarizer

    return make


def _make_edmundson(doc: ParsedDocument, ctx: Context) -> EdmundsonSummarizer:
    summarizer = EdmundsonSummarizer(_stemmer(ctx.language))
    summarizer.null_words = _stop_words(ctx.language)
    summarizer.bonus_words = doc.significant_words
    summarizer.stigma_words = doc.stigma_words
    return summarizer


def _make_random(doc: ParsedDocument, ctx: Context) -> SeededRandomSummarizer:
    return SeededRandomSummarizer(_stemmer(ctx.language), seeded_rng(ctx.seed, doc.id))


def _sumy_system(make: _Factory, overrides: Mapping[str, Any] = _NO_OVERRIDES) -> Summarize:
    """Run a sumy summarizer built by ``make``, with attribute overrides applied last."""

    def summarize(doc: ParsedDocument, ctx: Context) -> tuple[int, ...]:
        summarizer = make(doc, ctx)
        for attr, value in overrides.items():
            setattr(summarizer, attr, value)
        return _indices(doc, summarizer(doc.dom, ctx.k))

    return summarize


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
    tokenizer = make_tokenizer(scoring.tokenizer, stem=scoring.stem, language=ctx.language)
    sent_tokens = [tokenizer.tokenize(s) for s in doc.sentences]
    ref_tokens = [tokenizer.tokenize("\n".join(ref)) for ref in ctx.references]
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < ctx.k:
        gains = []
        for i in range(len(sent_tokens)):
            if i in chosen:
                continue
            candidate = [t for j in sorted([*chosen, i]) for t in sent_tokens[j]]
            gains.append((oracle_objective(candidate, ref_tokens, ctx.scoring.multi_ref), -i))
        if not gains:
            break
        value, neg_index = max(gains)
        if value <= best:
            break
        best = value
        chosen.append(-neg_index)
    return tuple(sorted(chosen))


_SUMY: dict[str, tuple[str, _Factory]] = {
    "edmundson": ("Edmundson (1969): cue, title and location words", _make_edmundson),
    "kl": ("KL-Sum: greedy minimisation of KL divergence to the document", _plain(KLSummarizer)),
    "lexrank": (
        "LexRank: eigenvector centrality of a TF-IDF cosine graph",
        _plain(LexRankSummarizer),
    ),
    "lsa": (
        "LSA: sentences of the top singular vectors of the term matrix",
        _plain(SortedLsaSummarizer),
    ),
    "luhn": ("Luhn (1958): clusters of significant words", _plain(LuhnSummarizer)),
    "reduction": (
        "Reduction: graph of sentence-to-sentence word overlap",
        _plain(ReductionSummarizer),
    ),
    "sumbasic": (
        "SumBasic: word probabilities with redundancy updates",
        _plain(SumBasicSummarizer),
    ),
    "textrank": (
        "TextRank: PageRank over the sentence similarity graph",
        _plain(TextRankSummarizer),
    ),
    "random": ("Random sentences, seeded per document from (seed, doc_id)", _make_random),
}


def _build_registry() -> dict[str, System]:
    systems = [
        System(name, f"{desc} (sumy)", _sumy_system(make)) for name, (desc, make) in _SUMY.items()
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
    summarize = _sumy_system(_SUMY[name][1], MappingProxyType(dict(overrides)))
    params = {**base.params, **overrides}
    return System(base.name, base.description, summarize, params, base.upper_bound)
