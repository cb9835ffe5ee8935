"""The registry of sentence segmenters: the names that ``--segmenter`` accepts.

Every entry says what it does, how it is recorded in the signature's ``seg:`` field (so the
cache key moves with the choice), and where its split function lives; the function and its
library are imported only when the segmenter is used. A split function takes a text and a
sumy language name and returns the sentences; every line break ends a sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

from sumbench.errors import InputError

SplitFn = Callable[[str, str], tuple[str, ...]]

DEFAULT_SEGMENTER = "sumbench"


@dataclass(frozen=True)
class SegmenterSpec:
    """One segmenter: its name, what it does, and how to load and record it."""

    name: str
    description: str
    target: str  # "module:function", imported on first use
    packages: tuple[str, ...] = ()  # PyPI distributions whose versions enter the signature
    rules: str = ""  # sumbench's own rules and their version, if any
    languages: frozenset[str] | None = None  # sumy language names; None: any

    def signature_id(self) -> str:
        """The ``seg:`` field of the signature, e.g. ``sentencex-1.0.32``."""
        parts = [self.rules] if self.rules else []
        parts += [f"{package}-{_version(package)}" for package in self.packages]
        return "+".join(parts)

    def load(self) -> SplitFn:
        """The split function (imports its module); a clear error if a library is missing."""
        module_name, _, function = self.target.partition(":")
        try:
            module = import_module(module_name)
        except ImportError as error:
            raise InputError(
                f"segmenter {self.name!r} needs {error.name}: pip install 'sumbench[bench]'"
            ) from None
        split: SplitFn = getattr(module, function)
        return split

    def check_language(self, language: str) -> None:
        """Raise InputError unless this segmenter supports the sumy language name."""
        if self.languages is not None and language.lower() not in self.languages:
            supported = ", ".join(sorted(self.languages))
            raise InputError(f"segmenter {self.name!r} supports only: {supported}")


@cache  # importlib.metadata reads files: once per process is enough
def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "missing"


_ENGLISH = frozenset({"english"})

SEGMENTERS: dict[str, SegmenterSpec] = {
    spec.name: spec
    for spec in (
        SegmenterSpec(
            "sumbench",
            "sentencex plus sumbench's rules (quotations, '!!', web text, 'a.m. Thursday', "
            "list markers); the default, chosen on UD-EWT (docs/segmentation-benchmark.md)",
            "sumbench.segmenter_entries:split_default",
            packages=("sentencex",),
            rules="sumbench-rules1",
        ),
        SegmenterSpec(
            "sentencex-fix",
            "sentencex with list markers ('1.') glued to their sentence: the default "
            "before issue 14, kept so that old results stay comparable",
            "sumbench.segmenter_entries:split_legacy",
            packages=("sentencex",),
        ),
        SegmenterSpec(
            "sentencex",
            "sentencex alone (rule based, many languages)",
            "sumbench.segmenter_entries:split_sentencex",
            packages=("sentencex",),
            rules="bare",  # "sentencex-<version>" alone already names sentencex-fix
        ),
        SegmenterSpec(
            "nupunkt",
            "nupunkt: Punkt with a bundled English model",
            "sumbench.segmenter_entries:split_nupunkt",
            packages=("nupunkt",),
            languages=_ENGLISH,
        ),
        SegmenterSpec(
            "pysbd",
            "pysbd: the Golden Rules of pragmatic_segmenter, English rules",
            "sumbench.segmenter_entries:split_pysbd",
            packages=("pysbd",),
            languages=_ENGLISH,
        ),
        SegmenterSpec(
            "syntok",
            "syntok: rule-based tokenizer and segmenter for English",
            "sumbench.segmenter_entries:split_syntok",
            packages=("syntok",),
            languages=_ENGLISH,
        ),
        SegmenterSpec(
            "blingfire",
            "Bling Fire: Microsoft's finite-state sentence breaker",
            "sumbench.segmenter_entries:split_blingfire",
            packages=("blingfire",),
        ),
        SegmenterSpec(
            "lines",
            "every non-empty line is one sentence, nothing else is split (pre-split input)",
            "sumbench.segmenter_entries:split_lines",
            rules="lines",
        ),
    )
}


def get_segmenter(name: str) -> SegmenterSpec:
    """The registered segmenter called ``name``, or InputError listing the names."""
    try:
        return SEGMENTERS[name]
    except KeyError:
        names = ", ".join(sorted(SEGMENTERS))
        raise InputError(f"unknown segmenter {name!r}; choose one of: {names}") from None
