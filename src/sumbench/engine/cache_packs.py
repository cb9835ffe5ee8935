"""Packs: many entries in one append-only file, one signed line each.

A warm run then reads the results of a whole run with one file read, instead of one file
per (document, system) pair: 1,320 files for 120 articles and 11 systems.

Layout: ``ROOT/<folder>/<name>.pack``, a name per run key (see
:func:`~sumbench.engine.cache_keys.results_pack`). A line is ``KEY MAC BODY``: the entry's
64-hex key, the HMAC-SHA256 of key and body under the cache's own secret (as for entries of
one file, :func:`~sumbench.engine.cache_store.entry_mac`) and the payload as canonical JSON,
which never holds a raw newline. A line cut short, edited, copied from another cache or
moved to another key fails its MAC and is ignored, so its entry is recomputed and appended
again; of several valid lines for one key the last wins.

Writers append the lines of one document with a single ``write`` to a file opened with
``O_APPEND``, as its results arrive: on a local file system the lines of two runs appending
at once never interleave (where they might, on some network file systems, a garbled line
fails its MAC and is recomputed). A line left unfinished by a crash or a full disk is ended
by the next writer, which starts on a fresh line. Nothing is rewritten or evicted: an entry
that changes (an edited document) leaves its old line behind.
"""

from __future__ import annotations

import hmac
import json
import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sumbench.engine.cache_keys import canonical_json
from sumbench.engine.cache_store import cache_secret, entry_mac

KEY_CHARS = 64
_HEX = frozenset("0123456789abcdef")
_BODY = KEY_CHARS + 1 + KEY_CHARS + 1  # where the body starts: after the key, the MAC, spaces
# Documents whose cached entries are fetched and decoded at once: one bulk JSON parse per
# block (fast), and a bounded number of entries in memory however long the corpus.
READ_BLOCK = 2000
Places = tuple[tuple[int, int], ...]  # (offset, length) of each line of one key, oldest first


def pack_line(key: str, payload: Mapping[str, Any], *, secret: bytes) -> str:
    """One line of a pack: key, MAC of key and body, body; ends with a newline."""
    if len(key) != KEY_CHARS or not _HEX.issuperset(key):
        raise ValueError(f"a pack key is 64 hex digits, not {key!r}")
    body = canonical_json(dict(payload))
    return f"{key} {entry_mac(secret, key, body)} {body}\n"


@dataclass(frozen=True)
class Pack:
    """One pack file of the cache folder ``root`` (whose secret signs its lines)."""

    root: Path
    path: Path

    def read(self, wanted: Collection[str]) -> dict[str, Any]:
        """The payloads of the ``wanted`` keys held whole and signed; other keys are absent."""
        return self.fetch(self.locate(wanted))

    def locate(self, wanted: Collection[str]) -> dict[str, Places]:
        """Where the lines of each ``wanted`` key are: (offset, length), oldest first.

        One pass, line by line: the pack is never held whole in memory, and only the
        places are kept, so a long run's entries can be fetched a block at a time. The
        lines are checked when fetched: a key's last line that holds wins.
        """
        keys = {key.encode("ascii") for key in wanted}
        places: dict[str, Places] = {}
        try:
            with open(self.path, "rb") as handle:  # noqa: PTH123
                offset = 0
                for line in handle:
                    key = line[:KEY_CHARS]
                    if key in keys and line[KEY_CHARS : KEY_CHARS + 1] == b" ":
                        name = key.decode("ascii")
                        places[name] = (*places.get(name, ()), (offset, len(line)))
                    offset += len(line)
        except OSError:
            return {}
        return places

    def fetch(self, places: Mapping[str, Places]) -> dict[str, Any]:
        """The payloads of the lines at ``places`` (see :meth:`locate`), whole and signed."""
        bodies: dict[str, str] = {}
        if not places:
            return {}
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            try:
                secret = cache_secret(self.root)
                for key, lines in places.items():
                    for offset, length in reversed(lines):  # the newest valid line wins
                        found = _verified(os.pread(fd, length, offset), secret)
                        if found is not None and found[0] == key:
                            bodies[key] = found[1]
                            break
            finally:
                os.close(fd)
        except OSError:
            return {}
        return _decoded(bodies)

    def append(self, entries: Sequence[tuple[str, Mapping[str, Any]]]) -> None:
        """Append one signed line per entry, all in one write (see the module's notes)."""
        if not entries:
            return
        secret = cache_secret(self.root)
        data = "".join(pack_line(key, payload, secret=secret) for key, payload in entries)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
        fd = os.open(self.path, flags, 0o600)  # private, as one-file entries (mkstemp) are
        try:
            raw = data.encode("utf-8")
            _write_all(fd, b"\n" + raw if _ends_mid_line(fd) else raw)
        finally:
            os.close(fd)


def _decoded(bodies: dict[str, str]) -> dict[str, Any]:
    """The bodies parsed: in one call (a warm run's thousand), else one by one."""
    try:  # json.loads per body costs more in call overhead than in parsing
        values = json.loads(f"[{','.join(bodies.values())}]")
        return dict(zip(bodies, values, strict=True))
    except (ValueError, RecursionError):
        pass  # a signed body that is not JSON: only it is left out
    payloads: dict[str, Any] = {}
    for name, body in bodies.items():
        try:
            payloads[name] = json.loads(body)
        except (ValueError, RecursionError):
            continue
    return payloads


def _verified(line: bytes, secret: bytes) -> tuple[str, str] | None:
    """(key, body) of a pack line whose MAC holds, else None."""
    if line.endswith(b"\n"):
        line = line[:-1]
    if line[_BODY - 1 : _BODY] != b" ":
        return None
    try:
        key = line[:KEY_CHARS].decode("ascii")
        mac = line[KEY_CHARS + 1 : _BODY - 1].decode("ascii")
        body = line[_BODY:].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return (key, body) if hmac.compare_digest(mac, entry_mac(secret, key, body)) else None


def _ends_mid_line(fd: int) -> bool:
    """Whether the file's last byte is not a newline (a line left unfinished)."""
    size = os.fstat(fd).st_size
    if size == 0:
        return False
    os.lseek(fd, size - 1, os.SEEK_SET)  # appends still go to the end (O_APPEND)
    return os.read(fd, 1) != b"\n"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
