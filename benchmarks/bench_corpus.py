"""Benchmark sumbench on the BBC corpus against the script a researcher would write.

Not part of the test suite. Run from the repository root, e.g.::

    .venv/bin/python benchmarks/bench_corpus.py --limit 200
    .venv/bin/python benchmarks/bench_corpus.py --skip-naive        # all 2,225 articles

It measures, in one process: the naive script (every document parsed again for each
of the 11 systems, sumy's plain KL-Sum, the oracle scored from scratch, rouge-score
called directly), a cold sumbench run (empty cache), a warm re-run (same cache),
and KL-Sum alone on the longest articles, sumy's vs sumbench's. It checks that all
of them give the same summaries and scores, and prints one JSON line of figures.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer, tokenizers
from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

import sumbench
from sumbench.systems.oracle import objective as oracle_objective
from sumbench.systems.segment import Segmenter, parse_document, split_sentences
from sumbench.systems.sumy_systems import (
    EarlyStopKLSummarizer,
    SeededRandomSummarizer,
    SortedLsaSummarizer,
    seeded_rng,
)

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SUMBENCH_SHARED", ROOT.parent / "shared"))
BBC = SHARED / "corpora" / "bbc" / "bbc_news_summary.jsonl"
TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]
K = 3


def load_rows(limit: int | None) -> list[dict[str, Any]]:
    """The BBC articles, or ``limit`` of them spread evenly over the five categories."""
    with BBC.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    if limit is None or limit >= len(rows):
        return rows
    return [rows[i * len(rows) // limit] for i in range(limit)]


# --- the naive script ------------------------------------------------------------------
# What a researcher writes: for each document and system, parse with sumy (the offline
# segmenter standing in for punkt), summarize, score with rouge-score. random and LSA use
# sumbench's seeded / sorted variants so that the numbers can be compared at all (those
# are determinism fixes that cost the same as sumy's classes).


def _naive_sumy(cls: type) -> Callable[[Any, str, list[str]], Sequence[Any]]:
    def summarize(parser: Any, doc_id: str, refs: list[str]) -> Sequence[Any]:
        summarizer = cls(Stemmer("english"))
        summarizer.stop_words = get_stop_words("english")
        return summarizer(parser.document, K)

    return summarize


def _naive_edmundson(parser: Any, doc_id: str, refs: list[str]) -> Sequence[Any]:
    summarizer = EdmundsonSummarizer(Stemmer("english"))
    summarizer.null_words = get_stop_words("english")
    summarizer.bonus_words = parser.significant_words
    summarizer.stigma_words = parser.stigma_words
    return summarizer(parser.document, K)


def _naive_random(parser: Any, doc_id: str, refs: list[str]) -> Sequence[Any]:
    summarizer = SeededRandomSummarizer(Stemmer("english"), seeded_rng(0, doc_id))
    return summarizer(parser.document, K)


def _naive_lead(parser: Any, doc_id: str, refs: list[str]) -> Sequence[Any]:
    return parser.document.sentences[:K]


def _naive_oracle(parser: Any, doc_id: str, refs: list[str]) -> Sequence[Any]:
    tokenizer = tokenizers.DefaultTokenizer(use_stemmer=True)
    sentences = parser.document.sentences
    sent_tokens = [tokenizer.tokenize(str(s)) for s in sentences]
    ref_tokens = [tokenizer.tokenize("\n".join(split_sentences(r))) for r in refs]
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < K:
        gains = []
        for i in range(len(sent_tokens)):
            if i not in chosen:
                candidate = [t for j in sorted([*chosen, i]) for t in sent_tokens[j]]
                gains.append((oracle_objective(candidate, ref_tokens, "max"), -i))
        if not gains:
            break
        value, neg_index = max(gains)
        if value <= best:
            break
        best = value
        chosen.append(-neg_index)
    return [sentences[i] for i in sorted(chosen)]


NAIVE_SYSTEMS: dict[str, Callable[[Any, str, list[str]], Sequence[Any]]] = {
    "edmundson": _naive_edmundson,
    "kl": _naive_sumy(KLSummarizer),
    "lead": _naive_lead,
    "lexrank": _naive_sumy(LexRankSummarizer),
    "lsa": _naive_sumy(SortedLsaSummarizer),
    "luhn": _naive_sumy(LuhnSummarizer),
    "oracle": _naive_oracle,
    "random": _naive_random,
    "reduction": _naive_sumy(ReductionSummarizer),
    "sumbasic": _naive_sumy(SumBasicSummarizer),
    "textrank": _naive_sumy(TextRankSummarizer),
}


def naive(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, list[float]]]:
    """Scores per (document, system), computed the naive way."""
    scorer = rouge_scorer.RougeScorer(TYPES, use_stemmer=True)
    out = {}
    for row in rows:
        refs = ["\n".join(split_sentences(r)) for r in row["references"]]
        for name, summarize in NAIVE_SYSTEMS.items():
            parser = _LineParser(row["article"], Segmenter("english"))
            summary = "\n".join(str(s) for s in summarize(parser, row["id"], row["references"]))
            per_ref = [scorer.score(ref, summary) for ref in refs]
            best = {t: max(per_ref, key=lambda s: s[t].fmeasure)[t] for t in TYPES}
            out[(row["id"], name)] = {t: list(best[t]) for t in TYPES}
    return out


class _LineParser(PlaintextParser):
    """sumy's parser with each line segmented on its own, as sumbench does (see README)."""

    def _to_sentences(self, lines: Sequence[Any]) -> list[Any]:
        out: list[Any] = []
        for line in lines:
            out.extend([line] if not isinstance(line, str) else self._to_sentence_objects(line))
        return out


# --- sumbench --------------------------------------------------------------------------


def sumbench_scores(result: sumbench.RunResult) -> dict[tuple[str, str], dict[str, list[float]]]:
    """Scores per (document, system) from a sumbench result."""
    return {
        (d.doc_id, d.system): {t: [s.precision, s.recall, s.fmeasure] for t, s in d.scores.items()}
        for d in result.documents
    }


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall-clock seconds of a call, and its result."""
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def kl_longest(rows: list[dict[str, Any]], count: int) -> dict[str, float]:
    """KL-Sum alone, sumy's vs sumbench's, on the ``count`` longest articles (k=3)."""
    longest = sorted(rows, key=lambda r: len(r["article"].split()), reverse=True)[:count]
    docs = [parse_document(r["id"], r["article"]) for r in longest]
    times = {}
    choices = {}
    for label, cls in (("sumy", KLSummarizer), ("sumbench", EarlyStopKLSummarizer)):
        summarizer = cls(Stemmer("english"))
        summarizer.stop_words = frozenset(get_stop_words("english"))
        times[label], choices[label] = timed(
            lambda s=summarizer: [tuple(map(str, s(d.dom, K))) for d in docs]
        )
    if choices["sumy"] != choices["sumbench"]:
        sys.exit("KL-Sum: sumbench's output differs from sumy's")
    words = [len(r["article"].split()) for r in longest]
    return {
        "kl_docs": len(docs),
        "kl_words_min": min(words),
        "kl_words_max": max(words),
        "kl_sumy_s": times["sumy"],
        "kl_sumbench_s": times["sumbench"],
        "kl_ratio": times["sumy"] / times["sumbench"],
    }


def peak_rss_mib() -> dict[str, float]:
    """Peak resident memory of this process and of its largest child (Linux: KiB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_self_mib": own, "peak_rss_children_mib": children}


def main() -> int:
    """Run the benchmark and print its figures as one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="articles (default: all)")
    parser.add_argument("--jobs", type=int, default=None, help="sumbench's --jobs")
    parser.add_argument("--skip-naive", action="store_true", help="no naive baseline")
    parser.add_argument("--kl-longest", type=int, default=50, help="0: skip the KL figure")
    args = parser.parse_args()
    if not BBC.is_file():
        sys.exit(f"BBC corpus not found at {BBC} (set SUMBENCH_SHARED)")
    rows = load_rows(args.limit)
    corpus = sumbench.build_corpus([(r["id"], r["article"], r["references"]) for r in rows])
    words = sum(len(r["article"].split()) for r in rows)
    figures: dict[str, Any] = {"docs": len(rows), "words": words}
    figures["jobs"] = args.jobs or os.cpu_count()
    with tempfile.TemporaryDirectory(prefix="sumbench-bench-") as tmp:
        config = sumbench.RunConfig(jobs=args.jobs, cache_dir=Path(tmp) / "cache")
        figures["cold_s"], cold = timed(lambda: sumbench.run(config, corpus=corpus))
        figures["warm_s"], warm = timed(lambda: sumbench.run(config, corpus=corpus))
    if warm.run_stats.computed or warm.as_dict() != cold.as_dict():
        sys.exit("warm re-run differs from the cold run")
    figures["cold_per_doc_ms"] = 1000 * figures["cold_s"] / len(rows)
    figures["cold_per_1k_words_ms"] = 1e6 * figures["cold_s"] / words
    figures["warm_vs_cold"] = figures["cold_s"] / figures["warm_s"]
    if not args.skip_naive:
        figures["naive_s"], expected = timed(lambda: naive(rows))
        if expected != sumbench_scores(cold):
            bad = [k for k in expected if expected[k] != sumbench_scores(cold).get(k)]
            sys.exit(f"naive and sumbench scores differ on {len(bad)} entries, e.g. {bad[:3]}")
        figures["naive_vs_cold"] = figures["naive_s"] / figures["cold_s"]
    if args.kl_longest:
        figures.update(kl_longest(rows, args.kl_longest))
    figures.update(peak_rss_mib())
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
