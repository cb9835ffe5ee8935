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


def encode_source(sentences: tuple[str, ...], tokenized: bool) -> dict[str, Any]:
    """The payload of a sources entry: a document's sentences, and whether it is PTB-tokenized."""
    return {"sentences": list(sentences), "tokenized": tokenized}


def decode_source(payload: Any) -> tuple[tuple[str, ...], bool] | None:
    """The sentences and tokenized flag of a sources entry, or None when missing or malformed."""
    if not isinstance(payload, dict):
        return None
    sentences, tokenized = payload.get("sentences"), payload.get("tokenized")
    if not isinstance(sentences, list) or not isinstance(tokenized, bool):
        return None
    return (tuple(sentences), tokenized) if all(type(x) is str for x in sentences) else None


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
