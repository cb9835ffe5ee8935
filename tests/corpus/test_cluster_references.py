"""Checks of the hand-written multi-document references in references/clusters/.

The rules are those of the single-document references (references/README.md), with
two differences: 100-150 words, and copying and numbers are checked against every
article of the cluster. Regenerate the README table with:
``.venv/bin/python -m tests.test_cluster_references``.
"""

from __future__ import annotations

from pathlib import Path
from statistics import mean

import pytest

from sumbench.corpus.clusters import Cluster, read_manifest

from .test_references import (
    COPY_RUN_LIMIT,
    README,
    REFS_DIR,
    ROUGE1_BOUNDS,
    ROUGE2_BOUNDS,
    SEEDS_DIR,
    SENTENCE_END_RE,
    TYPOGRAPHIC_CHARS,
    agreement,
    extract_numbers,
    longest_common_run,
    read_text,
    sentence_breaks,
    tokens,
    within,
)

MANIFEST = SEEDS_DIR / "clusters.toml"
CLUSTERS = read_manifest(MANIFEST)
WORD_BOUNDS = (100, 150)
SENTENCE_BOUNDS = (4, 8)
MIN_REFS = 2
BOILERPLATE = ("pic.twitter", "leave a reply", "published on", "india today", "(ani)", "#watch")

CLUSTER_REFS = [
    (cluster, path)
    for cluster in CLUSTERS
    for path in sorted((REFS_DIR / "clusters" / cluster.id).glob("*.txt"))
]
by_reference = pytest.mark.parametrize(
    ("cluster", "ref"), CLUSTER_REFS, ids=[f"{c.id}/{p.name}" for c, p in CLUSTER_REFS]
)


def articles(cluster_documents: tuple[str, ...]) -> list[str]:
    """The texts of a cluster's articles."""
    return [read_text(SEEDS_DIR / f"{doc_id}.txt") for doc_id in cluster_documents]


def siblings(ref: Path) -> list[str]:
    """The other references of the same cluster."""
    return [read_text(p) for p in sorted(ref.parent.glob("*.txt")) if p != ref]


def stats_table() -> str:
    """Markdown table: words, sentences and leave-one-out agreement of each reference."""
    lines = [
        "| cluster | ref | words | sentences | ROUGE-1 F | ROUGE-2 F |",
        "|---|---|---:|---:|---:|---:|",
    ]
    rows = []
    for cluster, ref in CLUSTER_REFS:
        text = read_text(ref)
        r1, r2 = agreement(text, siblings(ref))
        rows.append((r1, r2))
        n = len(text.splitlines())
        lines.append(
            f"| {cluster.id} | {ref.stem} | {len(text.split())} | {n} | {r1:.3f} | {r2:.3f} |"
        )
    r1_all, r2_all = mean(r[0] for r in rows), mean(r[1] for r in rows)
    lines.append(f"| **mean** | | | | **{r1_all:.3f}** | **{r2_all:.3f}** |")
    return "\n".join(lines)


def test_every_cluster_has_enough_references() -> None:
    for cluster in CLUSTERS:
        found = list((REFS_DIR / "clusters" / cluster.id).glob("*.txt"))
        assert len(found) >= MIN_REFS, cluster.id


def test_seeds_cluster_lists_all_five_seeds() -> None:
    assert [len(c.documents) for c in CLUSTERS] == [5]
    assert set(CLUSTERS[0].documents) == {p.stem for p in SEEDS_DIR.glob("*.txt")}


@by_reference
def test_format_and_length(cluster: Cluster, ref: Path) -> None:
    text = read_text(ref)
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert "\r" not in text
    assert not TYPOGRAPHIC_CHARS & set(text), "use straight quotes and ASCII hyphens"
    lines = text[:-1].split("\n")
    assert all(line and line == line.strip() for line in lines)
    assert WORD_BOUNDS[0] <= len(text.split()) <= WORD_BOUNDS[1], len(text.split())
    assert SENTENCE_BOUNDS[0] <= len(lines) <= SENTENCE_BOUNDS[1], len(lines)
    for line in lines:
        assert SENTENCE_END_RE.search(line), line
        assert not sentence_breaks(line), line
    assert not [b for b in BOILERPLATE if b in text.lower()]


@by_reference
def test_no_long_copied_run_from_any_article(cluster: Cluster, ref: Path) -> None:
    ref_tokens = tokens(read_text(ref))
    for article in articles(cluster.documents):
        assert longest_common_run(ref_tokens, tokens(article)) < COPY_RUN_LIMIT


@by_reference
def test_numbers_appear_in_some_article(cluster: Cluster, ref: Path) -> None:
    texts = articles(cluster.documents)
    missing = [n for n in extract_numbers(read_text(ref)) if not any(n in t for t in texts)]
    assert not missing, f"numbers in no article: {missing}"


@by_reference
def test_agreement_within_bounds(cluster: Cluster, ref: Path) -> None:
    r1, r2 = agreement(read_text(ref), siblings(ref))
    assert within(r1, ROUGE1_BOUNDS), r1
    assert within(r2, ROUGE2_BOUNDS), r2


def test_readme_table_matches_computed_statistics() -> None:
    assert stats_table() in read_text(README), "README table is stale; rerun this module"


if __name__ == "__main__":
    print(stats_table())
