"""Multi-document summarization: clusters of documents summarized as one input.

A manifest (TOML) lists clusters, each an id and its documents::

    [[clusters]]
    id = "india-russia-2021-12-06"
    documents = ["000_e8ea9622cab2c79d", "001_a093342ca49df0d5"]

A cluster's input is the text of its documents in manifest order, separated by blank
lines; its references are ``REFS/clusters/<cluster_id>/*.txt``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sumbench.corpus.checks import check_doc_id, read_toml
from sumbench.corpus.folders import load_references
from sumbench.corpus.model import Corpus, Document
from sumbench.errors import InputError

CLUSTERS_DIR = "clusters"


@dataclass(frozen=True)
class Cluster:
    """A cluster id and its document ids, in the order they are concatenated."""

    id: str
    documents: tuple[str, ...]


def _cluster(entry: object, where: str) -> Cluster:
    if not isinstance(entry, dict) or set(entry) != {"id", "documents"}:
        raise InputError(f"{where}: each cluster needs exactly 'id' and 'documents'")
    cluster_id, docs = entry["id"], entry["documents"]
    if not isinstance(cluster_id, str):
        raise InputError(f"{where}: cluster id must be a string")
    check_doc_id(cluster_id, where=where)
    if not isinstance(docs, list) or not docs or not all(isinstance(d, str) for d in docs):
        raise InputError(f"{where}: cluster {cluster_id!r} needs a non-empty list of documents")
    if len(set(docs)) != len(docs):
        raise InputError(f"{where}: cluster {cluster_id!r} lists a document twice")
    return Cluster(cluster_id, tuple(docs))


def read_manifest(path: Path) -> tuple[Cluster, ...]:
    """Clusters of a manifest file, in file order; ids must be unique."""
    entries = read_toml(path).get("clusters")
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{path}: no [[clusters]] entries")
    clusters = tuple(_cluster(e, f"{path} cluster #{i}") for i, e in enumerate(entries, 1))
    ids = [c.id for c in clusters]
    if len(set(ids)) != len(ids):
        raise InputError(f"{path}: cluster ids repeat")
    return clusters


def cluster_corpus(corpus: Corpus, clusters: Sequence[Cluster], *, refs: Path) -> Corpus:
    """One document per cluster: its documents' texts in manifest order, cluster references."""
    by_id = {doc.id: doc for doc in corpus.documents}
    documents = []
    for cluster in clusters:
        missing = [d for d in cluster.documents if d not in by_id]
        if missing:
            raise InputError(f"cluster {cluster.id!r}: unknown document(s) {', '.join(missing)}")
        # Blank lines keep each document's paragraphs apart in sumy's parser.
        text = "\n\n".join(by_id[d].text.strip() for d in cluster.documents)
        folder = refs / cluster.id
        references = load_references(folder) if folder.is_dir() else ()
        if not references:
            raise InputError(f"cluster {cluster.id!r} has no references: no *.txt in {folder}")
        # Given sentences stay given only if every document's are (blank lines are skipped).
        given = all(by_id[d].given for d in cluster.documents)
        documents.append(Document(cluster.id, text, references, given=given))
    return Corpus(documents=tuple(sorted(documents, key=lambda d: d.id)))
