"""Checks for the hand-written single-document reference summaries.

Layout (relative to the repository root)::

    seeds/<doc_id>.txt                  source article
    references/<doc_id>/{A,B,C}.txt     independent reference summaries
    references/README.md                protocol and per-reference statistics

Each reference must be 50-90 words and 2-4 sentences (one per line), must not copy a run of
10 or more tokens from its article, may only use numbers that occur in its article, and must
agree with the other references of the same article within fixed ROUGE bounds.

Running this file as a script prints the statistics table used in ``references/README.md``.
"""

import re
from collections.abc import Sequence
from pathlib import Path
from statistics import mean

import pytest
from rouge_score import rouge_scorer

ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = ROOT / "seeds"
REFS_DIR = ROOT / "references"
README = REFS_DIR / "README.md"
RESERVED_DIRS = frozenset({"clusters"})  # multi-document references, checked elsewhere

MIN_REFS = 3
WORD_BOUNDS = (50, 90)
SENTENCE_BOUNDS = (2, 4)
COPY_RUN_LIMIT = 10  # a shared run of this many tokens counts as copying
ROUGE1_BOUNDS = (0.20, 0.85)
ROUGE2_BOUNDS = (0.05, 0.60)

TOKEN_RE = re.compile(r"[a-z0-9]+")
NUMBER_RE = re.compile(r"\d[\d,.+x/-]*\d|\d")
SENTENCE_END_RE = re.compile(r"[.!?][\"')]?$")
SENTENCE_BREAK_RE = re.compile(r"(\S*)[.!?][\"')]?\s+[\"']?[A-Z]")
ABBREVIATIONS = frozenset({"rs", "dr", "mr", "mrs", "ms", "st", "no", "gen", "lt", "col", "vs"})
TYPOGRAPHIC_CHARS = frozenset("\u2018\u2019\u201c\u201d\u2013\u2014")

_SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


# ---------------------------------------------------------------- helpers


def tokens(text: str) -> list[str]:
    """Lower-case alphanumeric tokens, punctuation stripped."""
    return TOKEN_RE.findall(text.lower())


def longest_common_run(a_tokens: Sequence[str], b_tokens: Sequence[str]) -> int:
    """Length of the longest run of consecutive tokens shared by both sequences."""
    best = 0
    previous = [0] * (len(b_tokens) + 1)
    for a in a_tokens:
        current = [0] * (len(b_tokens) + 1)
        for j, b in enumerate(b_tokens, start=1):
            if a == b:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def extract_numbers(text: str) -> list[str]:
    """Every number-like token (``2021``, ``6,01,427``, ``2+2``, ``2021-31``) in order."""
    return [m.rstrip(",.+x/-") for m in NUMBER_RE.findall(text)]


def sentence_breaks(line: str) -> list[str]:
    """Places inside a line where a new sentence seems to start (abbreviations excused)."""
    breaks = []
    for match in SENTENCE_BREAK_RE.finditer(line):
        word = match.group(1).strip("\"'(").lower()
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        breaks.append(match.group(0))
    return breaks


def within(value: float, bounds: tuple[float, float]) -> bool:
    """Whether ``value`` lies in the closed interval ``bounds``."""
    low, high = bounds
    return low <= value <= high


def agreement(reference: str, others: Sequence[str]) -> tuple[float, float]:
    """Mean ROUGE-1 F and ROUGE-2 F of ``reference`` against each text in ``others``."""
    scores = [_SCORER.score(other, reference) for other in others]
    return (
        mean(s["rouge1"].fmeasure for s in scores),
        mean(s["rouge2"].fmeasure for s in scores),
    )


def read_text(path: Path) -> str:
    """Strict UTF-8 read (raises on invalid bytes)."""
    return path.read_bytes().decode("utf-8", errors="strict")


def seed_ids() -> list[str]:
    return sorted(p.stem for p in SEEDS_DIR.glob("*.txt"))


def reference_dirs() -> list[Path]:
    if not REFS_DIR.is_dir():
        return []
    return sorted(p for p in REFS_DIR.iterdir() if p.is_dir() and p.name not in RESERVED_DIRS)


def reference_files() -> list[Path]:
    return [f for d in reference_dirs() for f in sorted(d.glob("*.txt"))]


def article_for(reference: Path) -> str:
    return read_text(SEEDS_DIR / f"{reference.parent.name}.txt")


def siblings(reference: Path) -> list[str]:
    return [read_text(p) for p in sorted(reference.parent.glob("*.txt")) if p != reference]


def stats_rows() -> list[tuple[str, str, int, int, float, float]]:
    """(doc_id, ref, words, sentences, ROUGE-1 F, ROUGE-2 F) for every reference."""
    rows = []
    for ref in reference_files():
        text = read_text(ref)
        r1, r2 = agreement(text, siblings(ref))
        n_sentences = sum(1 for line in text.splitlines() if line.strip())
        rows.append((ref.parent.name, ref.stem, len(text.split()), n_sentences, r1, r2))
    return rows


def stats_table() -> str:
    """Markdown table of :func:`stats_rows`, values rounded to 3 decimals."""
    lines = [
        "| doc_id | ref | words | sentences | ROUGE-1 F | ROUGE-2 F |",
        "|---|---|---:|---:|---:|---:|",
    ]
    rows = stats_rows()
    for doc_id, ref, words, sents, r1, r2 in rows:
        lines.append(f"| {doc_id} | {ref} | {words} | {sents} | {r1:.3f} | {r2:.3f} |")
    r1_all = mean(r[4] for r in rows)
    r2_all = mean(r[5] for r in rows)
    lines.append(f"| **mean** | | | | **{r1_all:.3f}** | **{r2_all:.3f}** |")
    return "\n".join(lines)


REFERENCE_FILES = reference_files()
REF_IDS = [f"{p.parent.name}/{p.name}" for p in REFERENCE_FILES]
by_reference = pytest.mark.parametrize("ref", REFERENCE_FILES, ids=REF_IDS)


# ---------------------------------------------------------------- unit tests of the checks


def test_longest_common_run_hand_made() -> None:
    assert longest_common_run([], ["a"]) == 0
    assert longest_common_run(list("abcd"), list("xbcy")) == 2
    assert longest_common_run(list("abcabcd"), list("zabcdz")) == 4


def test_longest_common_run_flags_copied_text() -> None:
    article = "India and Russia signed a contract for the manufacture of nearly six lakh rifles."
    copied = "Reports say India and Russia signed a contract for the manufacture of nearly six."
    paraphrase = "Russia and India agreed a deal to build about six lakh rifles."
    assert longest_common_run(tokens(copied), tokens(article)) >= COPY_RUN_LIMIT
    assert longest_common_run(tokens(paraphrase), tokens(article)) < COPY_RUN_LIMIT


def test_extract_numbers_hand_made() -> None:
    text = "On 6 Dec. 2021, 2+2 talks: 6,01,427 AK-203 rifles (7.63x39mm) for 2021-31."
    assert extract_numbers(text) == ["6", "2021", "2+2", "6,01,427", "203", "7.63x39", "2021-31"]
    assert extract_numbers("No digits here.") == []


def test_number_check_catches_foreign_number() -> None:
    seed = SEEDS_DIR / "002_0fe01ead75397a4e.txt"
    if not seed.exists():
        pytest.skip("seed 002 not present")
    article = read_text(seed)
    assert "6,01,427" in article
    assert "6,014,427" not in article  # only article 001 writes it this way


def test_sentence_breaks_hand_made() -> None:
    assert sentence_breaks("Two sentences. Here is the second one.") == ["sentences. H"]
    assert sentence_breaks("It cost Rs. 5,000 crores, said Dr. Singh and S. Jaishankar.") == []
    assert SENTENCE_END_RE.search('He said "yes."')
    assert not SENTENCE_END_RE.search("No full stop")


def test_agreement_bounds_catch_copies_and_unrelated_text() -> None:
    text = "India and Russia signed a deal for AK-203 rifles during the 2+2 dialogue in Delhi."
    unrelated = "The recipe needs flour, butter and two eggs whisked until smooth and glossy."
    r1_same, r2_same = agreement(text, [text])
    assert r1_same == pytest.approx(1.0)
    assert r2_same == pytest.approx(1.0)
    assert not within(r1_same, ROUGE1_BOUNDS)
    assert not within(r2_same, ROUGE2_BOUNDS)
    r1_far, r2_far = agreement(text, [unrelated])
    assert r1_far < ROUGE1_BOUNDS[0]
    assert r2_far < ROUGE2_BOUNDS[0]


# ---------------------------------------------------------------- inventory


def test_seeds_present() -> None:
    assert seed_ids(), f"no seed articles in {SEEDS_DIR}"


@pytest.mark.parametrize("doc_id", seed_ids())
def test_every_seed_has_enough_references(doc_id: str) -> None:
    refs = sorted((REFS_DIR / doc_id).glob("*.txt"))
    assert len(refs) >= MIN_REFS, f"{doc_id}: {len(refs)} references, need {MIN_REFS}"


def test_no_reference_folder_without_seed() -> None:
    orphans = [d.name for d in reference_dirs() if not (SEEDS_DIR / f"{d.name}.txt").is_file()]
    assert not orphans


# ---------------------------------------------------------------- per-reference checks


@by_reference
def test_format(ref: Path) -> None:
    text = read_text(ref)
    assert text.endswith("\n"), "missing final newline"
    assert not text.endswith("\n\n"), "more than one final newline"
    assert "\r" not in text
    assert not TYPOGRAPHIC_CHARS & set(text), "use straight quotes and ASCII hyphens"
    lines = text[:-1].split("\n")
    assert all(line.strip() for line in lines), "blank line"
    assert all(line == line.strip() for line in lines), "leading/trailing whitespace"


@by_reference
def test_length(ref: Path) -> None:
    text = read_text(ref)
    n_words = len(text.split())
    n_sentences = sum(1 for line in text.splitlines() if line.strip())
    assert WORD_BOUNDS[0] <= n_words <= WORD_BOUNDS[1], f"{n_words} words"
    assert SENTENCE_BOUNDS[0] <= n_sentences <= SENTENCE_BOUNDS[1], f"{n_sentences} sentences"


@by_reference
def test_one_sentence_per_line(ref: Path) -> None:
    for line in read_text(ref).splitlines():
        assert SENTENCE_END_RE.search(line), f"no sentence end: {line!r}"
        assert not sentence_breaks(line), f"two sentences on one line: {line!r}"


@by_reference
def test_no_long_copied_run(ref: Path) -> None:
    run = longest_common_run(tokens(read_text(ref)), tokens(article_for(ref)))
    assert run < COPY_RUN_LIMIT, f"shares {run} consecutive tokens with its article"


@by_reference
def test_numbers_come_from_article(ref: Path) -> None:
    article = article_for(ref)
    foreign = [n for n in extract_numbers(read_text(ref)) if n not in article]
    assert not foreign, f"numbers not in the article: {foreign}"


@by_reference
def test_inter_reference_agreement(ref: Path) -> None:
    others = siblings(ref)
    assert others, "no other references to compare with"
    r1, r2 = agreement(read_text(ref), others)
    assert within(r1, ROUGE1_BOUNDS), f"ROUGE-1 F {r1:.3f} outside {ROUGE1_BOUNDS}"
    assert within(r2, ROUGE2_BOUNDS), f"ROUGE-2 F {r2:.3f} outside {ROUGE2_BOUNDS}"


@pytest.mark.parametrize("ref_dir", reference_dirs(), ids=lambda d: d.name)
def test_no_near_duplicate_pair(ref_dir: Path) -> None:
    """Averaging can hide one copied reference; every single pair must stay below the cap."""
    refs = sorted(ref_dir.glob("*.txt"))
    for i, first in enumerate(refs):
        for second in refs[i + 1 :]:
            _, r2 = agreement(read_text(first), [read_text(second)])
            assert r2 <= ROUGE2_BOUNDS[1], f"{first.name} vs {second.name}: ROUGE-2 F {r2:.3f}"


def test_readme_table_matches_computed_statistics() -> None:
    assert stats_table() in read_text(README), "README table is stale; rerun this file"


if __name__ == "__main__":
    print(stats_table())
