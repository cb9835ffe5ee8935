"""Sentence segmenters measured on gold boundaries (UD English Web Treebank) and timed on BBC.

Boundary precision, recall and F1 within paragraphs: a paragraph is one line of input (its
gold sentences joined by one space), as sumbench feeds lines; a boundary is the number of
non-space characters before it, so segmenters that move spaces are not penalized. Both views
of the gold file are scored: raw text (``paragraphs``) and PTB tokens joined by spaces
(``tokenized``). Time is the seconds to segment every BBC article (best of ``--repeat``).

    .venv/bin/python benchmarks/segmentation.py                  # every registered segmenter
    .venv/bin/python benchmarks/segmentation.py --only sumbench sentencex-fix --repeat 5
    .venv/bin/python benchmarks/segmentation.py --diff seeds     # default vs old on the seeds

Exits 0 with a message when the gold file is absent (``$SUMBENCH_SHARED`` overrides the
``shared/`` folder next to the repository).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sumbench.errors import InputError
from sumbench.systems.segmenters import DEFAULT_SEGMENTER, SEGMENTERS, get_segmenter
from sumbench.systems.sentences import is_ptb_tokenized

ROOT = Path(__file__).resolve().parents[1]
VIEWS = ("paragraphs", "tokenized")
SPLITS = ("dev", "test")
BASELINE = "sentencex-fix"  # the segmenter before issue 14: times are relative to it
Split = Callable[[str], Sequence[str]]


def shared_dir() -> Path:
    """``$SUMBENCH_SHARED``, else the ``shared/`` folder next to the repository."""
    return Path(os.environ.get("SUMBENCH_SHARED", ROOT.parent / "shared"))


@dataclass(frozen=True)
class Counts:
    """Boundary counts: true positives, false positives, false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        """Share of predicted boundaries that are gold (1.0 when none predicted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold boundaries found (1.0 when there are none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def boundaries(sentences: Iterable[str]) -> frozenset[int]:
    """Boundaries inside a paragraph, as counts of non-space characters before each."""
    ends: list[int] = []
    total = 0
    for sentence in sentences:
        total += sum(1 for char in sentence if not char.isspace())
        ends.append(total)
    return frozenset(ends[:-1])


def compare(gold: Sequence[str], predicted: Sequence[str]) -> Counts:
    """Counts of one paragraph: gold sentences vs a segmenter's sentences."""
    truth, guess = boundaries(gold), boundaries(predicted)
    return Counts(len(truth & guess), len(guess - truth), len(truth - guess))


def load_gold(path: Path) -> list[dict[str, object]]:
    """The rows of ``ewt_sentences.jsonl``."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def paragraphs(rows: Iterable[dict[str, object]], split: str, view: str) -> list[list[str]]:
    """Gold sentences of every paragraph of one split and view."""
    found: list[list[str]] = []
    for row in rows:
        if row["split"] == split:
            found.extend(list(paragraph) for paragraph in row[view])  # type: ignore[attr-defined]
    return found


def score(split: Split, gold: Iterable[Sequence[str]]) -> Counts:
    """Boundary counts of a segmenter over gold paragraphs (each fed as one line)."""
    total = Counts()
    for sentences in gold:
        total += compare(sentences, split(" ".join(sentences)))
    return total


def seconds(splits: dict[str, Split], texts: Sequence[str], repeat: int) -> dict[str, float]:
    """Best wall-clock time of ``repeat`` passes over the texts, per segmenter.

    The passes take turns (one of each segmenter per round), so that a burst of load on a
    shared machine hits every segmenter alike.
    """
    best = dict.fromkeys(splits, float("inf"))
    for _ in range(repeat):
        for name, split in splits.items():
            start = time.perf_counter()
            for text in texts:
                split(text)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def bbc_articles(path: Path) -> list[str]:
    """Article texts of the BBC corpus, or none when it is absent."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line)["article"] for line in handle if line.strip()]


def _splitter(name: str) -> Split:
    function = get_segmenter(name).load()
    return lambda text: function(text, "english")


def table(rows: list[dict[str, object]], names: Sequence[str], bbc: list[str], repeat: int) -> str:
    """The Markdown table: P/R/F1 per split and view, and time on BBC."""
    head = ["segmenter", "seg: id"]
    head += [f"{s} {v[:3]} {m}" for s in SPLITS for v in VIEWS for m in ("P", "R", "F1")]
    head += ["BBC s", "x old"]
    gold = {(s, v): paragraphs(rows, s, v) for s in SPLITS for v in VIEWS}
    splits: dict[str, Split] = {}
    for name in names:
        try:
            splits[name] = _splitter(name)
        except InputError as error:
            print(f"skipped {name}: {error}", file=sys.stderr)
    times = seconds(splits, bbc, repeat) if bbc else {}
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, split in splits.items():
        cells = [f"`{name}`", f"`{SEGMENTERS[name].signature_id()}`"]
        for key in ((s, v) for s in SPLITS for v in VIEWS):
            counts = score(split, gold[key])
            cells += [f"{counts.precision:.3f}", f"{counts.recall:.3f}", f"{counts.f1:.3f}"]
        cells.append(f"{times[name]:.3f}" if name in times else "n/a")
        cells.append(f"{times[name] / times[BASELINE]:.2f}" if BASELINE in times else "n/a")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def detection(rows: list[dict[str, object]]) -> str:
    """How often ``is_ptb_tokenized`` says yes, per view, on whole documents."""
    parts = []
    for view in VIEWS:
        texts = [
            "\n".join(" ".join(p) for p in row[view])  # type: ignore[attr-defined]
            for row in rows
        ]
        hits = sum(is_ptb_tokenized(text) for text in texts)
        parts.append(f"{view}: {hits}/{len(texts)} documents detected as PTB-tokenized")
    return "; ".join(parts)


def seed_diffs(folder: Path, old: str, new: str) -> int:
    """Print how the sentences of each seed document change; return how many changed."""
    before, after = _splitter(old), _splitter(new)
    changed = 0
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        a, b = list(before(text)), list(after(text))
        if a != b:
            changed += 1
            print(f"## {path.name}: {len(a)} -> {len(b)} sentences")
            print("\n".join(difflib.unified_diff(a, b, old, new, lineterm="", n=0)))
    print(f"{changed} of {len(list(folder.glob('*.txt')))} seed documents change")
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 0 also when the gold file is absent."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpora = shared_dir() / "corpora"
    parser.add_argument("--gold", type=Path, default=corpora / "ud-ewt" / "ewt_sentences.jsonl")
    parser.add_argument("--bbc", type=Path, default=corpora / "bbc" / "bbc_news_summary.jsonl")
    parser.add_argument("--only", nargs="+", choices=sorted(SEGMENTERS), metavar="NAME")
    parser.add_argument("--repeat", type=int, default=3, help="timing passes (best is kept)")
    parser.add_argument("--diff", type=Path, metavar="FOLDER", help="seed diffs only")
    args = parser.parse_args(argv)
    if args.diff is not None:
        seed_diffs(args.diff, BASELINE, DEFAULT_SEGMENTER)
        return 0
    if not args.gold.is_file():
        print(f"gold file not found at {args.gold} (set SUMBENCH_SHARED): nothing to measure")
        return 0
    rows = load_gold(args.gold)
    # "lines" never splits inside a line: its F1 is 0 by construction.
    names = args.only or [name for name in SEGMENTERS if name != "lines"]
    names = [BASELINE, *(name for name in names if name != BASELINE)]
    bbc = bbc_articles(args.bbc)
    print(
        f"Python {platform.python_version()}, {len(rows)} gold documents, "
        f"{len(bbc)} BBC articles, best of {args.repeat} timing passes\n"
    )
    print(table(rows, names, bbc, args.repeat))
    print(f"\n{detection(rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
