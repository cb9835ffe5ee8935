"""Input sizes that make a run slow: said up front rather than after minutes of silence."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from sumbench.corpus.model import Corpus
from sumbench.defaults import LIMITS, SLOW_SYSTEMS
from sumbench.textsafe import printable


def long_documents_warning(corpus: Corpus, systems: Sequence[str]) -> str | None:
    """A warning naming documents over ``LIMITS.doc_warn_chars`` and the systems slow on them."""
    long = [(len(d.text), d.id) for d in corpus.documents if len(d.text) > LIMITS.doc_warn_chars]
    if not long:
        return None
    size, doc_id = max(long)
    slow = [name for name in systems if name in SLOW_SYSTEMS]
    who = (
        f"{', '.join(slow)} may take minutes to hours on them (time grows with the square"
        " of the sentences; --timeout bounds it)"
        if slow
        else "expect a slower run"
    )
    return (
        f"{len(long)} document(s) longer than {LIMITS.doc_warn_chars:,} characters"
        f" (longest: {doc_id!r}, {size:,}): {who}"
    )


def warn_long_documents(corpus: Corpus, systems: Sequence[str]) -> None:
    """Say up front, on stderr, when documents are long enough to make systems slow."""
    warning = long_documents_warning(corpus, systems)
    if warning is not None:
        print(f"sumbench: warning: {printable(warning)}", file=sys.stderr)
