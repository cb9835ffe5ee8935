"""Input rules every corpus reader applies: UTF-8 text, no binary, safe document ids."""

from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path
from typing import Any

from sumbench.errors import InputError

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


# Summaries are written to summaries/<system>/<id>.txt: every part of an id is a file
# name, and most file systems (ext4, APFS, NTFS) allow at most 255 bytes per name.
NAME_MAX = 255
ID_SUFFIX = ".txt"
ID_MAX_BYTES = 1024  # the whole id, so that out/summaries/<system>/<id>.txt fits PATH_MAX
# Any C0/C1 control character or DEL: a name is printed, and written as a file name.
# A lone surrogate (JSON allows "\ud800") cannot be encoded as UTF-8 at all.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _shown(text: str) -> str:
    # Errors show a hostile name escaped (repr) and cut short: it is printed to a terminal.
    return repr(text if len(text) <= 60 else text[:60] + "...")


def _name_problem(name: str, *, max_bytes: int) -> str | None:
    """Why ``name`` cannot be one file name, or None if it can."""
    if not name:
        return "an empty part"
    if name.startswith("."):
        return "a part starting with '.'"
    control = _CONTROL.search(name)
    if control:
        return f"control character {control.group()!r}"
    if any(c in name for c in "\\:/"):
        return "'\\', ':' or '/'"
    size = len(name.encode("utf-8"))
    if size > max_bytes:
        return f"a part of {size} bytes (at most {max_bytes})"
    return None


def check_doc_id(doc_id: str, *, where: str) -> None:
    """An id must be a safe relative path: summaries are written to ``<system>/<id>.txt``.

    Parts are separated by ``/``; none may be empty, start with ``.``, hold a control
    character (CR, LF, ESC, NUL...), ``\\`` or ``:``, or exceed 251 UTF-8 bytes
    (255 with ``.txt``); the whole id is at most 1024 bytes.
    """
    problem = None
    if _SURROGATE.search(doc_id):
        problem = "a lone surrogate, not Unicode text"
    elif doc_id != doc_id.strip():
        problem = "leading or trailing white space"
    elif len(doc_id.encode("utf-8")) > ID_MAX_BYTES:
        problem = f"more than {ID_MAX_BYTES} bytes"
    for part in doc_id.split("/"):
        problem = problem or _name_problem(part, max_bytes=NAME_MAX - len(ID_SUFFIX))
    if problem:
        raise InputError(
            f"{where}: document id {_shown(doc_id)} is not a safe file name ({problem})"
        )


def check_system_name(name: str) -> None:
    """A system name is one folder name under ``summaries/``, as safe as a document id."""
    problem = (
        "leading or trailing white space"
        if name != name.strip()
        else _name_problem(name, max_bytes=NAME_MAX)
    )
    if problem:
        raise InputError(f"bad system name {_shown(name)} ({problem})")


def check_text(text: str, *, where: str) -> None:
    """A text read from JSON holds no binary control character (a NUL, an ESC)."""
    if _SURROGATE.search(text):
        raise InputError(f"{where} holds a lone surrogate (\\ud800-\\udfff), not Unicode text")
    control = _BINARY.search(text)
    if control:
        raise InputError(
            f"{where} looks binary: control character {control.group()!r}"
            f" at character {control.start()}"
        )


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error is a one-line :class:`InputError`."""
    # Imported here: a run without an experiment file reads no TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML ({exc})") from exc
