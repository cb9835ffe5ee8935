"""Speed of ``sumbench.scoring.rouge155`` against the rouge-score path on the BBC corpus.

Not part of the test suite. Run from the repository root::

    .venv/bin/python benchmarks/rouge155_speed.py            # all 2,225 articles
    .venv/bin/python benchmarks/rouge155_speed.py --limit 500

Same (summary, reference) pairs for every scorer: Lead-3 of each article against its
reference, sentences split beforehand (not timed). The rouge-score path is sumbench's
``RougeScoring`` (rouge1, rouge2, rougeL, rougeLsum, stemming; its memos emptied after each
document, as the pipeline does); rouge155 computes ``-m -n 2`` (rouge1, rouge2, rougeL), and
once more with ROUGE-W and ROUGE-SU4. Each scorer runs ``--repeat`` times; the first (cold:
empty stemmer caches) and the fastest pass are reported. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sumbench.scoring.config import ScoringConfig
from sumbench.scoring.rouge import RougeScoring
from sumbench.scoring.rouge155 import Rouge155Options, score
from sumbench.systems.segment import split_sentences

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SUMBENCH_SHARED", ROOT.parent / "shared"))
BBC = SHARED / "corpora" / "bbc" / "bbc_news_summary.jsonl"
Pair = tuple[tuple[str, ...], tuple[str, ...]]


def load_pairs(limit: int | None) -> list[Pair]:
    """(Lead-3, reference) sentence lists of the first ``limit`` BBC articles."""
    with BBC.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle][:limit]
    return [
        (split_sentences(row["article"])[:3], split_sentences(row["references"][0])) for row in rows
    ]


def rouge_score_path(pairs: Sequence[Pair]) -> None:
    """sumbench's default scorer, document by document."""
    scoring = RougeScoring(ScoringConfig())
    for summary, reference in pairs:
        scoring.score(summary=summary, references=[reference])
        scoring.forget()


def rouge155_path(options: Rouge155Options) -> Callable[[Sequence[Pair]], None]:
    """The pure-Python ROUGE-1.5.5 scorer with ``options``."""

    def run(pairs: Sequence[Pair]) -> None:
        for summary, reference in pairs:
            score(summary, [reference], options)

    return run


def timings(run: Callable[[Sequence[Pair]], None], pairs: Sequence[Pair], repeat: int) -> dict:
    """Seconds of the first and of the fastest of ``repeat`` passes."""
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(pairs)
        seconds.append(time.perf_counter() - start)
    return {"cold_s": round(seconds[0], 3), "best_s": round(min(seconds), 3)}


def main() -> None:
    """Time the scorers and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not BBC.is_file():
        sys.exit(f"BBC corpus not found at {BBC} (set SUMBENCH_SHARED)")
    pairs = load_pairs(args.limit)
    base = timings(rouge_score_path, pairs, args.repeat)
    plain = timings(rouge155_path(Rouge155Options()), pairs, args.repeat)
    full = Rouge155Options(wlcs_weight=1.2, skip_distance=4, skip_unigrams=True)
    extended = timings(rouge155_path(full), pairs, args.repeat)
    result = {
        "pairs": len(pairs),
        "rouge_score_path": base,
        "rouge155 -m -n 2": plain,
        "rouge155 -m -n 2 -w 1.2 -2 4 -u": extended,
        "ratio_cold": round(plain["cold_s"] / base["cold_s"], 3),
        "ratio_best": round(plain["best_s"] / base["best_s"], 3),
        "ratio_best_with_W_SU4": round(extended["best_s"] / base["best_s"], 3),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
