"""Speed-ups that must not change a single result: KL-Sum's early stop, the oracle."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from rouge_score import tokenizers
from sumy.summarizers.kl import KLSummarizer

from sumbench.corpus.folders import load_corpus
from sumbench.scoring.config import ScoringConfig
from sumbench.systems.base import Context, ParsedDocument
from sumbench.systems.oracle import objective
from sumbench.systems.registry import get_system
from sumbench.systems.segment import parse_document, split_sentences
from sumbench.systems.sumy_systems import EarlyStopKLSummarizer, _stemmer, _stop_words

from ..bbc import bbc_sample
from ..conftest import REFERENCES, SEEDS


def _kl_both(doc: ParsedDocument, k: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Sentences chosen by sumy's KLSummarizer and by the early-stopping subclass."""
    out = []
    for cls in (KLSummarizer, EarlyStopKLSummarizer):
        summarizer = cls(_stemmer("english"))
        summarizer.stop_words = _stop_words("english")
        out.append(tuple(str(s) for s in summarizer(doc.dom, k)))
    return out[0], out[1]


def _seed_docs() -> list[ParsedDocument]:
    corpus = load_corpus(docs=SEEDS, refs=REFERENCES)
    return [parse_document(d.id, d.text) for d in corpus.documents]


@pytest.mark.parametrize("k", [1, 2, 3, 5, 8, 1000])
def test_kl_identical_to_sumy_on_seeds(k: int) -> None:
    for doc in _seed_docs():
        sumy_choice, ours = _kl_both(doc, k)
        assert ours == sumy_choice, doc.id


@pytest.mark.slow
def test_kl_identical_to_sumy_on_bbc_sample() -> None:
    for row in bbc_sample(stride=45):
        doc = parse_document(row["id"], row["article"])
        for k in (1, 3):
            sumy_choice, ours = _kl_both(doc, k)
            assert ours == sumy_choice, (row["id"], k)


# Repeated sentences: sumy's ratings dict is keyed by text, so a twin picked later
# overwrites the earlier twin's rating. The early stop must reproduce that.
DUPLICATES = [
    "Markets fell. Markets fell. Oil prices rose sharply today. Markets fell.\n"
    "Analysts expect oil prices to keep rising. Oil prices rose sharply today.\n"
    "Traders sold shares. Banks lost value. Markets fell.",
    "Alpha beta.\nAlpha beta.\nAlpha beta.\nGamma delta epsilon.\nGamma delta epsilon.\n"
    "Zeta eta theta iota.\nAlpha beta.",
    "Rain fell. Rain fell. Rain fell. Sun shone. Sun shone. Wind blew hard.",
]


@pytest.mark.parametrize("text", DUPLICATES)
@pytest.mark.parametrize("k", [1, 2, 3, 4, 6])
def test_kl_identical_to_sumy_with_duplicate_sentences(text: str, k: int) -> None:
    doc = parse_document("dup", text)
    assert len(set(doc.sentences)) < len(doc.sentences)
    sumy_choice, ours = _kl_both(doc, k)
    assert ours == sumy_choice


def reference_oracle(doc: ParsedDocument, ctx: Context) -> tuple[int, ...]:
    """The oracle as first written: every try re-scored from scratch (kept as the spec)."""
    tokenizer = tokenizers.DefaultTokenizer(use_stemmer=ctx.scoring.stem)
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
            gains.append((objective(candidate, ref_tokens, ctx.scoring.multi_ref), -i))
        if not gains:
            break
        value, neg_index = max(gains)
        if value <= best:
            break
        best = value
        chosen.append(-neg_index)
    return tuple(sorted(chosen))


def _check_oracle(doc: ParsedDocument, refs: Sequence[str], configs: Sequence[ScoringConfig]):
    references = tuple(split_sentences(r) for r in refs)
    for scoring in configs:
        for k in (1, 3, 5):
            ctx = Context(k=k, references=references, scoring=scoring)
            assert get_system("oracle").summarize(doc, ctx) == reference_oracle(doc, ctx), (
                doc.id,
                k,
                scoring,
            )


ALL_SCORING = [
    ScoringConfig(stem=stem, multi_ref=rule) for stem in (True, False) for rule in ("max", "mean")
]


@pytest.mark.slow
def test_oracle_identical_to_reference_on_seeds() -> None:
    corpus = load_corpus(docs=SEEDS, refs=REFERENCES)
    for d in corpus.documents:
        _check_oracle(parse_document(d.id, d.text), [r.text for r in d.references], ALL_SCORING)


@pytest.mark.slow
def test_oracle_identical_to_reference_on_bbc_sample() -> None:
    for row in bbc_sample(stride=75):
        doc = parse_document(row["id"], row["article"])
        _check_oracle(doc, row["references"], [ScoringConfig(), ScoringConfig(stem=False)])


@pytest.mark.parametrize("text", [*DUPLICATES, "One.\n\n...\n\nTwo words here. Two words here."])
def test_oracle_identical_with_repeats_and_empty_sentences(text: str) -> None:
    doc = parse_document("dup", text)
    refs = ["Markets fell and oil prices rose.", "Rain fell. Sun shone. A. B c d."]
    _check_oracle(doc, refs, ALL_SCORING)
