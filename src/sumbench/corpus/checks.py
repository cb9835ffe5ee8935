"""Input rules every corpus reader applies: UTF-8 text, no binary, safe document ids."""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path
from typing import Any

from sumbench.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


# Control characters that never occur in text (tab, newlines and form feed do).
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UTF16_32_BOMS = (
    codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


def decode_text(data: bytes, *, source: str) -> str:
    """Decode UTF-8 text (a BOM is dropped); refuse other encodings, binary and blank content."""
    if data.startswith(_UTF16_32_BOMS):
        raise InputError(
            f"{source} is UTF-16 or UTF-32 (byte-order mark); sumbench reads UTF-8"
            " (convert it, e.g. iconv -f UTF-16 -t UTF-8)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{source} is not valid UTF-8 (byte {exc.start}); convert it, e.g. from Latin-1"
            " with iconv -f LATIN1 -t UTF-8"
        ) from exc
    control = _BINARY.search(text)
    if control:
        raise InputError(
            f"{source} looks binary: control character {control.group()!r}"
            f" at character {control.start()}"
        )
    if not text.strip():
        raise InputError(f"{source} is empty or whitespace only")
    return text


def read_text(path: Path) -> str:
    """Read a document or reference file as validated UTF-8 text (at most ``LIMITS.file_bytes``)."""
    from sumbench.defaults import LIMITS

    try:
        with path.open("rb") as handle:
            data = handle.read(LIMITS.file_bytes + 1)  # bounded: the file may be endless
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    if len(data) > LIMITS.file_bytes:
        raise InputError(f"{path}: larger than {LIMITS.file_bytes:,} bytes")
    return decode_text(data, source=str(path))


def check_doc_id(doc_id: str, *, where: str) -> None:
    """An id must be a safe relative path: summaries are written to ``<system>/<id>.txt``."""
    parts = doc_id.split("/")
    bad = (
        not doc_id
        or doc_id != doc_id.strip()
        or any(not p or p.startswith(".") for p in parts)
        or any(c in doc_id for c in "\\\0:")
    )
    if bad:
        raise InputError(
            f"{where}: document id {doc_id!r} is not a safe file name"
            " (parts separated by '/', none empty or starting with '.', no '\\', ':' or NUL)"
        )


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error is a one-line :class:`InputError`."""
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML ({exc})") from exc
