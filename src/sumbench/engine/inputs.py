"""The corpus of a run's configuration: loaded, cut to its subset, its clusters, coverage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sumbench.corpus.model import Corpus
from sumbench.engine.config import RunConfig
from sumbench.errors import InputError
from sumbench.systems.base import System


def load_input(config: RunConfig) -> Corpus:
    """The corpus of a config: a table, a JSONL file or docs/refs folders, then clusters.

    A table (Parquet, CSV, save_to_disk, ``hf:``) reads only the rows of ``config.subset``,
    counted in file order; the other kinds are cut to the subset in id order.
    """
    from sumbench.corpus.tabular_sources import is_tabular

    if is_tabular(config.docs):
        if config.clusters is not None:
            raise InputError("a tabular corpus takes no cluster manifest (one row, one input)")
        from sumbench.corpus.tabular import load_tabular

        return load_tabular(
            config.docs, fields=config.jsonl, preset=config.preset, subset=config.subset
        )
    if config.preset is not None:
        raise InputError(f"--preset applies to tabular corpora only, not to {config.docs}")
    return subset(_load_files(config), config)


def _load_files(config: RunConfig) -> Corpus:
    if config.docs.suffix.lower() == ".jsonl":
        from sumbench.corpus.jsonl import load_jsonl

        corpus = load_jsonl(config.docs, fields=config.jsonl)
    else:
        from sumbench.corpus.folders import load_corpus

        corpus = load_corpus(docs=config.docs, refs=config.refs)
    if config.clusters is None:
        return corpus
    from sumbench.corpus.clusters import CLUSTERS_DIR, cluster_corpus, read_manifest

    clusters = read_manifest(config.clusters)
    return cluster_corpus(corpus, clusters, refs=config.refs / CLUSTERS_DIR)


def subset(corpus: Corpus, config: RunConfig) -> Corpus:
    """``corpus`` cut to ``config.subset`` (in id order), or unchanged if there is none."""
    if not config.subset.active:
        return corpus
    from sumbench.corpus.subset import subset_corpus

    return subset_corpus(corpus, config.subset)


def check_coverage(corpus: Corpus, systems: Sequence[System], *, allow_missing: bool) -> None:
    """Every system must have output for every document, unless missing ones are allowed."""
    ids = corpus.ids
    for system in systems:
        if system.covers is None:
            continue
        missing = [doc_id for doc_id in ids if doc_id not in system.covers]
        if len(missing) == len(ids):
            raise InputError(f"system {system.name!r} has output for none of the documents")
        if missing and not allow_missing:
            shown = ", ".join(f"{m}.txt" for m in missing[:3])
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            raise InputError(
                f"system {system.name!r} ({system.description}) has no output for"
                f" {shown}{more}; allow missing outputs to score the others"
            )


def cluster_config(config: RunConfig) -> RunConfig:
    """The cluster run of a ``multi`` config: its manifest, else ``DOCS/clusters.toml``."""
    manifest = config.clusters
    if manifest is None:
        if config.docs.suffix.lower() == ".jsonl":
            raise InputError("a multi-document run of a JSONL corpus needs a clusters manifest")
        from sumbench.corpus.tabular_sources import is_tabular

        if is_tabular(config.docs):
            raise InputError("--multi does not apply to a tabular corpus (one row, one input)")
        manifest = config.docs / "clusters.toml"
    if not manifest.is_file():
        raise InputError(f"cluster manifest not found: {manifest}")
    return replace(config, multi=False, clusters=manifest, out=None)
