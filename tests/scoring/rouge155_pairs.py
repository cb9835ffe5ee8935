"""(summary, references) pairs for ROUGE-1.5.5 parity: corpora, multi-reference and hand cases.

Not a test module. Summaries and references are lists of sentences (the script's one sentence
per line). Corpus pairs come from ``../shared/corpora`` (see tests/bbc.py); the callers skip
when it is absent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from rouge_score import tokenizers

from sumbench.systems.oracle import greedy_oracle
from sumbench.systems.segment import split_sentences
from tests.bbc import bbc_path, shared_dir

Sentences = tuple[str, ...]
Pair = tuple[Sentences, tuple[Sentences, ...]]

HAND_PAIRS: tuple[Pair, ...] = (
    # hyphens, dashes and numbers
    (("A well-known state-of-the-art model -- scored 3.5%.",),
     (("The well known model scored 3.5 % (state of the art).",),)),
    (("In 2004-2005 profits rose 12,000,000 to $1.2bn.", "Rates: 4.75%"),
     (("Profits rose by $1.2bn in 2004.", "The rate was 4.75 percent."),)),
    # apostrophes and contractions
    (("The company's chief didn't say it's over.", "O'Hare won't quit."),
     (("The chief of the company did not say it is over.", "o'hare will not quit"),)),
    # non-ASCII: accents, curly quotes, dashes, CJK, emoji
    (("Café owners in Z\u00fcrich \u2013 \u201cna\u00efve\u201d or smart? 東京 😀",
      "Señor Müller's Straße."),
     (("Cafe owners in Zurich: naive or smart?", "Senor Muller's strasse"),)),
    # a summary that is empty after tokenization, and an empty summary
    (("... !!! -- ?", "\u2014 \u201c \u201d"), (("Shares rallied strongly today.",),)),
    ((), (("Shares rallied strongly today.",),)),
    # duplicated sentences in summary and reference
    (("The cat sat on the mat.", "The cat sat on the mat.", "The cat sat."),
     (("The cat sat on the mat.", "A dog sat on the mat.", "The cat sat on the mat."),)),
    # stemming, WordNet irregular forms, stop words
    (("The better runners were running faster than the best geese.",
      "Mice ran; children went; agreements were departmental."),
     (("Good runner runs fast, the well goose.", "A mouse runs, a child goes, an agreement."),)),
    # tabs, repeated spaces, a leading space (counts as an empty word for -l)
    ((" Leading\tspace  and   tabs here.", "second  line"),
     (("leading space and tabs", " second line here"),)),
    # several references, one identical to the summary, one empty after tokenization
    (("Police killed the gunman.",),
     (("The gunman killed the policeman.",), ("Police killed the gunman.",), ("Gunman police.",))),
    (("one two three four five six seven eight nine ten",),
     (("ten nine eight seven six five four three two one",),
      ("one three five seven nine eleven",))),
)  # fmt: skip


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def human_path(name: str) -> Path:
    """Path of a human-judgment corpus (``realsumm`` or ``newsroom``); it may be absent."""
    return shared_dir() / "corpora" / "human-judgments" / f"{name}.jsonl"


def bbc_pairs(stride: int = 1) -> Iterator[tuple[str, Pair]]:
    """("lead"|"oracle", pair) for every ``stride``-th BBC article: Lead-3 and a greedy oracle."""
    tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)
    for row in _rows(bbc_path())[::stride]:
        sentences = split_sentences(row["article"])
        reference = split_sentences(row["references"][0])
        yield "lead", (sentences[:3], (reference,))
        tokens = [tokenizer.tokenize(s) for s in sentences]
        ref_tokens = [tokenizer.tokenize("\n".join(reference))]
        chosen = greedy_oracle(tokens, ref_tokens, k=3, multi_ref="max")
        yield "oracle", (tuple(sentences[i] for i in sorted(chosen)), (reference,))


def human_pairs(name: str, multi_refs: int = 0) -> Iterator[Pair]:
    """Each system output against its reference, plus ``multi_refs`` other systems' outputs
    for the same article as extra references (first the next systems in sorted order)."""
    for row in _rows(human_path(name)):
        reference = split_sentences(row["references"][0])
        systems = sorted(row["systems"])
        outputs = [split_sentences(row["systems"][s]["summary"]) for s in systems]
        for i, summary in enumerate(outputs):
            extra = [outputs[(i + k) % len(outputs)] for k in range(1, multi_refs + 1)]
            yield summary, (reference, *extra)


def as_pairs(items: Sequence[tuple[Sequence[str], Sequence[Sequence[str]]]]) -> list[Pair]:
    """Tuples all the way down (hashable, printable in a failure message)."""
    return [(tuple(s), tuple(tuple(r) for r in refs)) for s, refs in items]
