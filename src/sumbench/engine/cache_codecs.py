"""Cache codecs: each kind of entry to its JSON payload and back.

A decoder returns None for a payload it cannot use (missing, malformed): the entry is then
recomputed, never trusted and never a crash.
"""

from __future__ import annotations

from typing import Any

from sumbench.results import DocumentResult, Pairwise

Analysis = tuple[dict[tuple[str, str], tuple[float, float]], tuple[Pairwise, ...], tuple[str, ...]]


def decode_result(payload: Any, rouge_types: tuple[str, ...]) -> DocumentResult | None:
    """The result of a result entry, or None when missing or unusable."""
    if not isinstance(payload, dict):
        return None
    try:
        return DocumentResult.from_dict(payload, rouge_types)
    except ValueError:
        return None


def decode_sentences(payload: Any) -> tuple[str, ...] | None:
    """The sentences of a sources entry, or None when missing or malformed."""
    sentences = payload.get("sentences") if isinstance(payload, dict) else None
    if isinstance(sentences, list) and all(type(x) is str for x in sentences):
        return tuple(sentences)
    return None


def encode_analysis(found: Analysis) -> dict[str, Any]:
    """The JSON payload of an analysis."""
    cis, pairwise, warnings = found
    return {
        "intervals": [[s, m, low, high] for (s, m), (low, high) in cis.items()],
        "pairwise": [p.as_dict() for p in pairwise],
        "warnings": list(warnings),
    }


def decode_analysis(payload: dict[str, Any] | None) -> Analysis | None:
    """The cached analysis, or None when missing or malformed (then it is recomputed)."""
    if payload is None:
        return None
    try:
        cis = {(s, m): (float(low), float(high)) for s, m, low, high in payload["intervals"]}
        pairwise = tuple(Pairwise.from_dict(p) for p in payload["pairwise"])
        return cis, pairwise, tuple(str(w) for w in payload["warnings"])
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def decode_page(payload: dict[str, Any] | None) -> str | None:
    """The page of a report entry, or None when missing or malformed."""
    page = payload.get("html") if isinstance(payload, dict) else None
    return page if isinstance(page, str) else None
