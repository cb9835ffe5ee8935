"""REALSumm check: how well ROUGE-1/2/L F agree with LitePyramid recall (issue 17).

Not part of the test suite. Run from the repository root::

    .venv/bin/python benchmarks/realsumm_check.py
    .venv/bin/python benchmarks/realsumm_check.py --resamples 1000 --json realsumm.json

ROUGE comes from rouge-score called directly (``RougeScorer`` with ``use_stemmer=True``) on the
summaries and the single reference exactly as the corpus gives them (PTB-tokenized). The F rows
are what sumbench reports by default; the recall rows (ROUGE-L as summary-level LCS, ``rougeLsum``,
over sentences split after the tokens `` . ``, `` ! ``, `` ? ``) are the settings under which the
published REALSumm numbers are reproduced (see docs/correlate.md).
The correlations, BOOT-BOTH intervals and PERM-BOTH tests come from ``sumbench.stats.correlation``.
It prints the table (summary and system level, Pearson / Spearman / Kendall tau-b) and the timings.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from sumbench.corpus.judgments import human_matrices, human_scores_of, load_judged_corpus
from sumbench.stats.correlation import Coefficient, Level
from sumbench.stats.correlation_resampling import (
    MetricComparison,
    bootstrap_correlation,
    compare_metrics,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpora" / "human-judgments" / "realsumm.jsonl"
# name -> (rouge-score key, measure); F first: the permutation tests compare those three.
METRICS = {
    "ROUGE-1 F": ("rouge1", "fmeasure"),
    "ROUGE-2 F": ("rouge2", "fmeasure"),
    "ROUGE-L F": ("rougeL", "fmeasure"),
    "ROUGE-1 R": ("rouge1", "recall"),
    "ROUGE-2 R": ("rouge2", "recall"),
    "ROUGE-Lsum R": ("rougeLsum", "recall"),
}
TESTED = ("ROUGE-1 F", "ROUGE-2 F", "ROUGE-L F")
SENTENCE_END = re.compile(r"(?<= [.!?]) ")


def sentence_lines(text: str) -> str:
    """PTB-tokenized text with one sentence per line (what ``rougeLsum`` splits on)."""
    return "\n".join(part.strip() for part in SENTENCE_END.split(text) if part.strip())


CRITERION = "litepyramid_recall"


def rouge_matrices(path: Path) -> tuple[dict[str, np.ndarray], np.ndarray, float]:
    """ROUGE F matrices (doc x system), the human matrix, and the seconds spent scoring."""
    docs = load_judged_corpus(path)
    systems = sorted({s.system for d in docs for s in d.summaries})
    human = human_matrices(human_scores_of(docs), [d.id for d in docs], systems)[CRITERION]
    keys = sorted({key for key, _ in METRICS.values()})
    scorer = rouge_scorer.RougeScorer(keys, use_stemmer=True)
    start = time.perf_counter()
    out = {name: np.full(human.shape, np.nan) for name in METRICS}
    column = {name: j for j, name in enumerate(systems)}
    for i, doc in enumerate(docs):
        for s in doc.summaries:
            scores = scorer.score(sentence_lines(doc.references[0]), sentence_lines(s.summary))
            for name, (key, measure) in METRICS.items():
                out[name][i, column[s.system]] = getattr(scores[key], measure)
    return out, human, time.perf_counter() - start


COEFFICIENTS = (Coefficient.PEARSON, Coefficient.SPEARMAN, Coefficient.KENDALL_B)
LEVELS = (Level.SUMMARY, Level.SYSTEM)


def interval_rows(
    metrics: dict[str, np.ndarray], human: np.ndarray, *, resamples: int, seed: int
) -> list[dict]:
    """One row per level x metric x coefficient with its BOOT-BOTH interval."""
    rows = []
    for level in LEVELS:
        for name, matrix in metrics.items():
            for coef in COEFFICIENTS:
                c = bootstrap_correlation(
                    matrix, human, level, coef, resamples=resamples, seed=seed
                )
                rows.append({"level": level.value, "metric": name, "coefficient": coef.value,
                             "value": c.value, "low": c.low, "high": c.high,
                             "used": c.n_used, "skipped": c.n_skipped})  # fmt: skip
    return rows


def print_results(rows: list[dict], tests: list[tuple[MetricComparison, ...]]) -> None:
    """The table (rows level x metric, columns coefficients) and the paired tests."""
    print(f"{'level':8} {'metric':12} " + "  ".join(f"{c.value:>25}" for c in COEFFICIENTS))
    for i in range(0, len(rows), len(COEFFICIENTS)):
        group = rows[i : i + len(COEFFICIENTS)]
        cells = "  ".join(f"{r['value']:.3f} [{r['low']:.3f}, {r['high']:.3f}]" for r in group)
        print(f"{rows[i]['level']:8} {rows[i]['metric']:12} {cells}")
    print("\npaired PERM-BOTH tests (Holm over the 3 pairs of each level x coefficient):")
    for found in tests:
        for t in found:
            print(f"  {t.level.value:8} {t.coefficient.value:10} {t.metric_a} - {t.metric_b}: "
                  f"delta {t.delta:+.3f}  p {t.p:.4f}  p_holm {t.p_holm:.4f}")  # fmt: skip
    skipped = {r["skipped"] for r in rows if r["level"] == "summary"}
    print(f"\nsummary level: documents skipped (constant on one side): {sorted(skipped)}")


def main(argv: list[str] | None = None) -> int:
    """Print the correlation table and timings; optionally write them as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=DEFAULT)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--permutations", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not args.docs.is_file():
        print(f"REALSumm not found at {args.docs}", file=sys.stderr)
        return 2
    metrics, human, scoring = rouge_matrices(args.docs)
    start = time.perf_counter()
    rows = interval_rows(metrics, human, resamples=args.resamples, seed=args.seed)
    tested = {name: metrics[name] for name in TESTED}
    tests = [
        compare_metrics(tested, human, level, coef, permutations=args.permutations, seed=args.seed)
        for level in LEVELS
        for coef in COEFFICIENTS
    ]
    stats = time.perf_counter() - start
    print_results(rows, tests)
    print(f"rouge-score: {scoring:.1f} s; statistics ({args.resamples} resamples, "
          f"{args.permutations} permutations): {stats:.1f} s")  # fmt: skip
    if args.json:
        settings = {"resamples": args.resamples, "permutations": args.permutations,
                    "seed": args.seed, "scoring_s": scoring, "statistics_s": stats}  # fmt: skip
        args.json.write_text(json.dumps({"settings": settings, "correlations": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
