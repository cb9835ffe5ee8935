"""The signed store: the cache's own key, and entries of one file each.

Layout: ``ROOT/<key[:2]>/<key>.json`` (the analysis, report and folder entries; results and
sentences live in packs, :mod:`sumbench.engine.cache_packs`). An entry is two lines: a
header with its key and an HMAC-SHA256 of key and payload under the cache's own secret
(:func:`cache_secret`), then the payload, both JSON; a truncated, corrupt, misplaced, copied
or edited file is detected and recomputed, never trusted. (The MAC covers the payload's
exact text, so reading an entry never serialises it again.)

Entries are written to a temporary sibling and renamed into place with ``os.replace``,
which is atomic on POSIX and Windows: readers see a whole old file, a whole new file or
none, and two runs writing the same entry at once just write the same bytes twice.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import hmac
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sumbench.engine.cache_keys import canonical_json
from sumbench.errors import InputError

SECRET_FILE = "secret.key"
SUB_FOLDERS = ("analysis", "folders", "reports", "results", "sources")
_TAG_FILE = "CACHEDIR.TAG"
SECRET_BYTES = 32
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# sumbench result cache\n"


def entry_path(root: Path, key: str) -> Path:
    """Where the entry of ``key`` lives (256 sub-folders keep folders small)."""
    return root / key[:2] / f"{key}.json"


def entry_mac(secret: bytes, key: str, body: str) -> str:
    """HMAC-SHA256 of an entry's key and payload under the cache's own secret."""
    return hmac.new(secret, f"{key}\n{body}".encode(), hashlib.sha256).hexdigest()


def encode_entry(key: str, payload: Mapping[str, Any], *, secret: bytes) -> str:
    """The file content of an entry: a header line (key, payload MAC), the payload."""
    body = canonical_json(dict(payload))
    return canonical_json({"key": key, "hmac": entry_mac(secret, key, body)}) + "\n" + body


def decode_entry(text: str, key: str, *, secret: bytes) -> dict[str, Any] | None:
    """The payload of an entry, or None if it is not whole, not ours, or not for ``key``."""
    head, newline, body = text.partition("\n")
    try:
        header = json.loads(head) if newline else None
        if not isinstance(header, dict) or header.get("key") != key:
            return None
        mac = header.get("hmac")
        if not isinstance(mac, str) or not hmac.compare_digest(mac, entry_mac(secret, key, body)):
            return None
        payload = json.loads(body)
    except (ValueError, RecursionError):
        return None
    return payload if isinstance(payload, dict) else None


def read_entry(root: Path, key: str) -> dict[str, Any] | None:
    """The payload stored for ``key``, or None (missing, unreadable or corrupt)."""
    path = os.path.join(root, key[:2], f"{key}.json")  # noqa: PTH118
    try:
        with open(path, encoding="utf-8") as handle:  # noqa: PTH123
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return None
    return decode_entry(text, key, secret=cache_secret(root))


def write_entry(root: Path, key: str, payload: Mapping[str, Any]) -> None:
    """Store ``payload`` under ``key`` atomically (temporary file, then ``os.replace``)."""
    path = entry_path(root, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=path.parent)
    try:
        # No fsync: after a power cut an entry may be cut short, and the checksum then
        # sends it back to be recomputed; an fsync per entry would cost more than the work.
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(encode_entry(key, payload, secret=cache_secret(root)))
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def cache_secret(root: Path) -> bytes:
    """The cache's own key: 32 random bytes in ``ROOT/secret.key`` (mode 0600), made once.

    Entries are signed with it, so that an entry copied from another cache, or edited
    and given a recomputed checksum, is detected and recomputed (the cache is trusted
    local state: this guards against mistakes and casual tampering, not a local attacker
    who can read the key).
    """
    return _secret(os.fspath(root))


@functools.lru_cache(maxsize=16)
def _secret(root: str) -> bytes:
    # The sub-folders of one cache (analysis/, folders/, ...) share its key.
    parent = os.path.dirname(root)  # noqa: PTH120
    if os.path.basename(root) in SUB_FOLDERS and os.path.exists(os.path.join(parent, _TAG_FILE)):  # noqa: PTH110, PTH118, PTH119
        root = parent
    path = os.path.join(root, SECRET_FILE)  # noqa: PTH118
    try:
        with open(path, "rb") as handle:  # noqa: PTH123
            data = handle.read()
    except FileNotFoundError:
        data = _create_secret(root, path)
    if len(data) != SECRET_BYTES:
        raise InputError(f"cache key {path} is damaged: delete the cache folder to start afresh")
    return data


def _create_secret(root: str, path: str) -> bytes:
    # Written whole to a private temporary file (mkstemp: O_EXCL, mode 0600), then linked
    # into place: link() fails if the key exists, so concurrent runs agree on one key and
    # none ever reads a half-written one.
    import secrets  # only for a new cache

    os.makedirs(root, exist_ok=True)  # noqa: PTH103
    fd, tmp = tempfile.mkstemp(prefix=".secret.", dir=root)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(SECRET_BYTES))
        with contextlib.suppress(FileExistsError):  # another run made it first: use theirs
            os.link(tmp, path)
    finally:
        os.unlink(tmp)  # noqa: PTH108
    with open(path, "rb") as handle:  # noqa: PTH123
        return handle.read()


def prepare_cache_dir(root: Path) -> None:
    """Create the cache folder (tagged for backup tools); OSError if it cannot be written."""
    if root.exists() and not root.is_dir():
        raise InputError(f"cache path {root} exists and is not a folder")
    root.mkdir(parents=True, exist_ok=True)
    tag = root / _TAG_FILE
    if not tag.exists():
        tag.write_text(_TAG, encoding="utf-8")
    cache_secret(root)
    if not os.access(root, os.W_OK):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(root))
