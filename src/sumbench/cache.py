"""A content-addressed cache of per-document, per-system results, one file per entry.

Layout: ``ROOT/<key[:2]>/<key>.json``. The key is a SHA-256 of everything that can
change the entry (see :func:`result_key`). An entry is two lines: a header with its
key and the SHA-256 of the payload, then the payload, both JSON; a truncated, corrupt
or misplaced file is detected and recomputed, never trusted. (The checksum covers the
payload's exact text, so reading an entry never serialises it again.)

Entries are written to a temporary sibling and renamed into place with ``os.replace``,
which is atomic on POSIX and Windows: readers see a whole old file, a whole new file or
none, and two runs writing the same entry at once just write the same bytes twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sumbench.errors import InputError

# Bump when the payload's meaning changes: old entries then simply stop matching.
CACHE_FORMAT = 1
DEFAULT_CACHE_DIR = Path(".sumbench-cache")
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# sumbench result cache\n"


def digest(text: str) -> str:
    """Hex SHA-256 of a string's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: equal values give equal strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fields_digest(fields: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON form of ``fields``."""
    return digest(canonical_json(dict(fields)))


def document_digest(doc_id: str, text: str, references: list[tuple[str, str]]) -> str:
    """Digest of a document: its id (the random system is seeded by it), text and references."""
    return fields_digest({"id": doc_id, "text": digest(text), "refs": references})


def system_digest(name: str, params: Mapping[str, Any]) -> str:
    """Digest of a system: its name and its parameters as sorted-key JSON."""
    return digest(canonical_json([name, canonical_json(dict(params))]))


def result_key(run: str, document: str, system: str) -> str:
    """Key of one system's result on one document: digests of run, document and system."""
    return digest(canonical_json([CACHE_FORMAT, run, document, system]))


def entry_path(root: Path, key: str) -> Path:
    """Where the entry of ``key`` lives (256 sub-folders keep folders small)."""
    return root / key[:2] / f"{key}.json"


def encode_entry(key: str, payload: Mapping[str, Any]) -> str:
    """The file content of an entry: a header line (key, payload checksum), the payload."""
    body = canonical_json(dict(payload))
    return canonical_json({"key": key, "sha256": digest(body)}) + "\n" + body


def decode_entry(text: str, key: str) -> dict[str, Any] | None:
    """The payload of an entry, or None if it is not whole, not ours, or not for ``key``."""
    head, newline, body = text.partition("\n")
    try:
        header = json.loads(head) if newline else None
        if not isinstance(header, dict) or header.get("key") != key:
            return None
        if header.get("sha256") != digest(body):
            return None
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return payload if isinstance(payload, dict) else None


def read_entry(root: Path, key: str) -> dict[str, Any] | None:
    """The payload stored for ``key``, or None (missing, unreadable or corrupt)."""
    # os.path rather than pathlib: a warm run reads tens of thousands of entries.
    path = os.path.join(root, key[:2], f"{key}.json")  # noqa: PTH118
    try:
        with open(path, encoding="utf-8") as handle:  # noqa: PTH123
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return None
    return decode_entry(text, key)


def write_entry(root: Path, key: str, payload: Mapping[str, Any]) -> None:
    """Store ``payload`` under ``key`` atomically (temporary file, then ``os.replace``)."""
    path = entry_path(root, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=path.parent)
    try:
        # No fsync: after a power cut an entry may be cut short, and the checksum then
        # sends it back to be recomputed; an fsync per entry would cost more than the work.
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(encode_entry(key, payload))
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def prepare_cache_dir(root: Path) -> None:
    """Create the cache folder (tagged for backup tools) or fail with an input error."""
    if root.exists() and not root.is_dir():
        raise InputError(f"cache path {root} exists and is not a folder")
    try:
        root.mkdir(parents=True, exist_ok=True)
        tag = root / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(_TAG, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot use cache folder {root}: {exc.strerror}") from exc
    if not os.access(root, os.W_OK):
        raise InputError(f"cache folder {root} is not writable")
