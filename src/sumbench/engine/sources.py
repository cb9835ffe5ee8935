"""Each document's sentences and references, kept for the reports (from the cache if there)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sumbench.corpus.model import Corpus, Document
from sumbench.engine import cache
from sumbench.engine.cache_packs import READ_BLOCK, Places
from sumbench.engine.config import RunConfig
from sumbench.results import Origin, Source
from sumbench.results.spool import Spool


def document_sources(
    corpus: Corpus,
    config: RunConfig,
    *,
    guard: cache.CacheGuard | None = None,
    spool: Path | None = None,
) -> Spool[Source]:
    """Each document's sentences (as the systems indexed them) and its references, for reports.

    From the cache when there is one (one pack, read once), so that a warm re-run parses
    nothing; kept on disk (in ``spool``), not in memory.
    """
    guard = guard or cache.CacheGuard()
    root, language, segmenter = config.cache_dir, config.language, config.segmenter
    pack = None if root is None else cache.sentences_of(root, language, segmenter)
    keys = [
        "" if pack is None else cache.sources_key(d, language, segmenter) for d in corpus.documents
    ]
    places = {} if pack is None else pack.locate(keys)
    return Spool(_sources(corpus, config, guard, pack, keys, places), folder=spool)


def _sources(
    corpus: Corpus,
    config: RunConfig,
    guard: cache.CacheGuard,
    pack: cache.Pack | None,
    keys: list[str],
    places: dict[str, Places],
) -> Iterator[Source]:
    """The sources in corpus order, the cached ones fetched a block of documents at a time."""
    stored: dict[str, Any] = {}
    for position, (doc, key) in enumerate(zip(corpus.documents, keys, strict=True)):
        if pack is not None and position % READ_BLOCK == 0:
            block = keys[position : position + READ_BLOCK]
            stored = pack.fetch({k: places[k] for k in block if k in places})
        yield _source(doc, config, guard, pack, key, stored.get(key))


def _source(
    doc: Document,
    config: RunConfig,
    guard: cache.CacheGuard,
    pack: cache.Pack | None,
    key: str,
    stored: object,
) -> Source:
    refs = tuple((ref.name, ref.text) for ref in doc.references)
    origin = Origin.GIVEN if doc.given else Origin.SEGMENTED
    found = cache.decode_source(stored)  # the tokenized check too: it reads the whole text
    if found is not None:
        return Source(doc.id, found[0], refs, origin, found[1])
    from sumbench.systems.segment import parse_document
    from sumbench.systems.sentences import is_ptb_tokenized

    tokenized = is_ptb_tokenized(doc.text)
    parsed = parse_document(
        doc.id, doc.text, language=config.language, segmenter=config.segmenter, given=doc.given
    ).sentences
    if pack is not None:
        guard.append(pack, [(key, cache.encode_source(parsed, tokenized))])
    return Source(doc.id, parsed, refs, origin, tokenized)
