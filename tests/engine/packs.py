"""Test helpers: the lines of a cache's result packs, checked as a run reads them."""

from __future__ import annotations

from pathlib import Path

from sumbench.engine.cache_packs import _verified
from sumbench.engine.cache_store import cache_secret


def result_pack(root: Path) -> Path:
    """The one results pack of a cache that one run configuration filled."""
    (pack,) = sorted((root / "results").glob("*.pack"))
    return pack


def pack_lines(root: Path) -> list[bytes]:
    """Every non-empty line of the cache's results packs (damaged ones included)."""
    packs = sorted((root / "results").glob("*.pack"))
    return [line for p in packs for line in p.read_bytes().split(b"\n") if line]


def valid_keys(root: Path) -> list[str]:
    """The keys of the result lines whose MAC holds under the cache's secret."""
    secret = cache_secret(root)
    found = (_verified(line, secret) for line in pack_lines(root))
    return [hit[0] for hit in found if hit is not None]
