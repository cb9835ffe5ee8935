"""System-level means on the BBC corpus under rouge-score and under ROUGE-1.5.5 (rouge155).

Not part of the test suite. Run from the repository root::

    .venv/bin/python benchmarks/rouge155_bbc_table.py

Lead-3 and the greedy oracle (tests/scoring/rouge155_pairs.py: sentences from sumbench's segmenter,
oracle on rouge-score's stemmed tokens) against each article's reference; mean F x 100 of
rouge-score (sumbench's default scorer) and of ROUGE-1.5.5 ``-m -n 2`` (rouge155), and the
largest per-document difference. Prints a Markdown table.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sumbench.scoring.config import ScoringConfig  # noqa: E402
from sumbench.scoring.rouge import RougeScoring  # noqa: E402
from sumbench.scoring.rouge155 import Rouge155Options, score  # noqa: E402
from tests.scoring.rouge155_pairs import bbc_pairs  # noqa: E402

PAIRS = {"rouge1": "rouge1", "rouge2": "rouge2", "rougeL": "rougeLsum"}  # rouge155 -> rouge-score


def main() -> None:
    """Print the table."""
    scoring = RougeScoring(ScoringConfig())
    options = Rouge155Options()
    f_155: dict[tuple[str, str], list[float]] = defaultdict(list)
    f_rs: dict[tuple[str, str], list[float]] = defaultdict(list)
    for system, (summary, refs) in bbc_pairs():
        ours = score(summary, refs, options)
        theirs = scoring.score(summary=summary, references=refs)
        scoring.forget()
        for name, other in PAIRS.items():
            f_155[system, name].append(ours[name].fmeasure)
            f_rs[system, other].append(theirs[other].fmeasure)
    print("| system | metric | rouge-score | ROUGE-1.5.5 | difference | largest per-doc |")
    print("|---|---|---|---|---|---|")
    for system in ("lead", "oracle"):
        for name, other in PAIRS.items():
            a, b = f_rs[system, other], f_155[system, name]
            mean_a, mean_b = 100 * sum(a) / len(a), 100 * sum(b) / len(b)
            worst = 100 * max(abs(x - y) for x, y in zip(a, b, strict=True))
            label = f"{name} (rouge-score: {other})" if name != other else name
            print(f"| {system} (n={len(a)}) | {label} | {mean_a:.2f} | {mean_b:.2f} | "
                  f"{mean_b - mean_a:+.2f} | {worst:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
