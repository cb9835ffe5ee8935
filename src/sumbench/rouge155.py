"""ROUGE exactly as the ROUGE-1.5.5 Perl script computes it, in pure Python.

Per-document numbers equal the script's ``-d`` output (tests/test_rouge155_parity.py checks them
against the script itself): its tokens, ``-m`` stemming, ``-s`` stop words, ``-l``/``-b``
truncation, ROUGE-N, summary-level union-LCS ROUGE-L, ROUGE-W, ROUGE-S/SU and ``-f A``/``-f B``
over several references. Like the script, P and R are rounded to 5 decimals and F is computed
from the rounded P and R. ROUGE-1.5.5 has no jackknifing (removed in 1.4): ``-f A`` pools the
counts of all references, ``-f B`` keeps the reference with the best recall.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sumbench.errors import InputError
from sumbench.rouge155_lcs import lcs_hits, wlcs_hits
from sumbench.rouge155_text import ReadText, TextOptions, read_text
from sumbench.scoring import Score

Gram = tuple[str, ...]
# (hit, reference count, summary count, score that picks the best reference under -f B)
Match = tuple[float, float, float, float]


class MultiRef(enum.Enum):
    """How several references combine (the script's ``-f``)."""

    AVERAGE = "A"  # pool hits and counts of all references
    BEST = "B"  # the reference with the highest recall


@dataclass(frozen=True)
class Rouge155Options:
    """Every ROUGE-1.5.5 flag that changes a per-document number (defaults: ``-m -n 2``)."""

    max_n: int = 2  # -n
    stem: bool = True  # -m
    remove_stopwords: bool = False  # -s
    rouge_l: bool = True  # -x turns it off
    wlcs_weight: float | None = None  # -w
    skip_distance: int | None = None  # -2
    skip_unigrams: bool = False  # -u
    word_limit: int | None = None  # -l
    byte_limit: int | None = None  # -b
    multi_ref: MultiRef = MultiRef.AVERAGE  # -f
    alpha: float = 0.5  # -p

    def __post_init__(self) -> None:
        problems = [
            ("-n must be 0 or more", self.max_n < 0),
            ("-w must be positive", self.wlcs_weight is not None and self.wlcs_weight <= 0),
            ("-2 must be 0 or more", self.skip_distance is not None and self.skip_distance < 0),
            ("-u needs -2", self.skip_unigrams and self.skip_distance is None),
            ("-l must be positive", self.word_limit is not None and self.word_limit <= 0),
            ("-b must be positive", self.byte_limit is not None and self.byte_limit <= 0),
            ("-l and -b exclude each other", bool(self.word_limit and self.byte_limit)),
            ("-p must be within 0..1", not 0 <= self.alpha <= 1),
        ]
        bad = [text for text, failed in problems if failed]
        if bad:
            raise InputError(f"bad ROUGE-1.5.5 options: {'; '.join(bad)}")
        if not self.metric_names():
            raise InputError("bad ROUGE-1.5.5 options: no ROUGE type selected")

    def metric_names(self) -> tuple[str, ...]:
        """Names of the computed scores: rouge1.., rougeL, rougeW, rougeSU4 or rougeS4."""
        names = [f"rouge{n}" for n in range(1, self.max_n + 1)]
        names += ["rougeL"] if self.rouge_l else []
        names += ["rougeW"] if self.wlcs_weight is not None else []
        if self.skip_distance is not None:
            names.append(f"rouge{'SU' if self.skip_unigrams else 'S'}{self.skip_distance}")
        return tuple(names)

    def perl_flags(self) -> tuple[str, ...]:
        """The script's command-line flags for these options (without ``-a``, ``-c``, ``-e``)."""
        flags = ["-m"] if self.stem else []
        flags += ["-s"] if self.remove_stopwords else []
        flags += ["-n", str(self.max_n)] if self.max_n else []
        flags += [] if self.rouge_l else ["-x"]
        flags += ["-w", f"{self.wlcs_weight:g}"] if self.wlcs_weight is not None else []
        flags += ["-2", str(self.skip_distance)] if self.skip_distance is not None else []
        flags += ["-u"] if self.skip_unigrams else []
        flags += ["-l", str(self.word_limit)] if self.word_limit else []
        flags += ["-b", str(self.byte_limit)] if self.byte_limit else []
        flags += ["-f", "B"] if self.multi_ref is MultiRef.BEST else []
        flags += ["-p", f"{self.alpha:g}"] if self.alpha != 0.5 else []
        return tuple(flags)

    def signature(self) -> str:
        """Scorer and flags for the run signature: ``-m -n 2`` gives ``rouge155-m-n2``."""
        parts, flags = ["rouge155"], self.perl_flags()
        for flag in flags:
            if flag.startswith("-"):
                parts.append(flag.lstrip("-"))
            else:
                parts[-1] += flag
        return "-".join(parts)


_SWITCHES = {"-m": "stem", "-s": "remove_stopwords", "-u": "skip_unigrams"}
_VALUED: dict[str, tuple[str, Callable[[str], object]]] = {
    "-n": ("max_n", int),
    "-w": ("wlcs_weight", float),
    "-2": ("skip_distance", int),
    "-l": ("word_limit", int),
    "-b": ("byte_limit", int),
    "-f": ("multi_ref", MultiRef),
    "-p": ("alpha", float),
}
_RUN_ONLY = {"-a": 0, "-d": 0, "-c": 1, "-r": 1, "-e": 1}  # no effect on a per-document score


def options_from_flags(flags: str) -> Rouge155Options:
    """Options from the script's flags as papers print them, e.g. ``-c 95 -m -n 2 -a``."""
    words = flags.split()
    settings: dict[str, object] = {"stem": False, "max_n": 0}
    i = 0
    try:
        while i < len(words):
            flag = words[i]
            if flag in _SWITCHES:
                settings[_SWITCHES[flag]] = True
            elif flag == "-x":
                settings["rouge_l"] = False
            elif flag in _VALUED:
                name, parse = _VALUED[flag]
                settings[name] = parse(words[i + 1])
                i += 1
            elif flag in _RUN_ONLY:
                i += _RUN_ONLY[flag]
            else:
                raise InputError(f"unsupported ROUGE-1.5.5 flag {flag!r} in {flags!r}")
            i += 1
    except (IndexError, ValueError):
        raise InputError(f"bad value for ROUGE-1.5.5 flag {words[i]!r} in {flags!r}") from None
    return Rouge155Options(**settings)  # type: ignore[arg-type]


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
    """The scorer object the pipeline calls, shaped like ``scoring.RougeScoring``."""

    def __init__(self, options: Rouge155Options) -> None:
        self.options = options

    def score(
        self, *, summary: Sequence[str], references: Sequence[Sequence[str]]
    ) -> dict[str, Score]:
        """ROUGE-1.5.5 scores against the references, combined by ``-f A`` or ``-f B``."""
        return score(summary, references, self.options)

    def forget(self) -> None:
        """Nothing to empty per document (the stemmer's memo is bounded and shared)."""

    def footnote(self) -> str:
        """How a paper states the setting: ``ROUGE-1.5.5 -m -n 2 -w 1.2 -2 4 -u``."""
        return " ".join(("ROUGE-1.5.5", *self.options.perl_flags()))
