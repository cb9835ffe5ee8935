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

from sumbench.defaults import DEFAULTS
from sumbench.errors import InputError
from sumbench.versions import installed_version

SplitFn = Callable[[str, str], tuple[str, ...]]

DEFAULT_SEGMENTER: str = DEFAULTS["segmenter"].default
LEGACY_SEGMENTER = "sentencex-fix"  # the default before issue 14 (results without the setting)


_ENGLISH = frozenset({"english"})


def _name(language: str) -> str:
    """A sumy language name; "en" (which sumy accepts for English) -> "english"."""
    lowered = language.strip().lower()
    return "english" if lowered == "en" else lowered


@dataclass(frozen=True)
class SegmenterSpec:
    """One segmenter: its name, what it does, and how to load and record it."""

    name: str
    description: str
    target: str  # "module:function", imported on first use
    packages: tuple[str, ...] = ()  # PyPI distributions whose versions enter the signature
    rules: str = ""  # sumbench's own rules and their version, if any
    languages: frozenset[str] | None = None  # sumy language names; None: any
    tokenized_rules: str = ""  # what it does with PTB-tokenized English text, if anything

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

    def tokenized_note(self, language: str) -> str:
        """Which rules applied to PTB-tokenized text, for the run's warning."""
        if self.name == "lines":
            return "segmenter 'lines' split them at line breaks only"
        if not self.tokenized_rules:
            return (
                f"segmenter {self.name!r} has no rules for tokenized text"
                f" (the default, {DEFAULT_SEGMENTER!r}, has; or give the sentences)"
            )
        if _name(language) not in _ENGLISH:
            return f"segmenter {self.name!r} has rules for tokenized English only: not applied"
        return (
            f"segmenter {self.name!r} applied its rules for tokenized text: {self.tokenized_rules}"
        )

    def check_language(self, language: str) -> None:
        """Raise InputError unless this segmenter supports the sumy language name."""
        if self.languages is not None and _name(language) not in self.languages:
            supported = ", ".join(sorted(self.languages))
            raise InputError(f"segmenter {self.name!r} supports only: {supported}")


@cache  # metadata is read from files: once per process is enough
def _version(package: str) -> str:
    try:
        return installed_version(package)
    except ModuleNotFoundError:  # importlib.metadata's PackageNotFoundError derives from it
        return "missing"


SEGMENTERS: dict[str, SegmenterSpec] = {
    spec.name: spec
    for spec in (
        SegmenterSpec(
            "sumbench",
            "sentencex plus sumbench's rules (quotations, '!!', web text, 'a.m. Thursday', "
            "list markers); the default, chosen on UD-EWT (docs/segmentation.md)",
            "sumbench.systems.sentences:split_default",
            packages=("sentencex",),
            rules="sumbench-rules1",
            tokenized_rules="a spaced '.', '?' or '!' before a capital or an opening quote ends"
            " a sentence; `` and '' are quotes; -LRB- and -RRB- are brackets",
        ),
        SegmenterSpec(
            "sentencex-fix",
            "sentencex with list markers ('1.') glued to their sentence: the default "
            "before issue 14, kept so that old results stay comparable",
            "sumbench.systems.sentences:split_legacy",
            packages=("sentencex",),
        ),
        SegmenterSpec(
            "sentencex",
            "sentencex alone (rule based, many languages)",
            "sumbench.systems.segmenter_libs:split_sentencex",
            packages=("sentencex",),
            rules="bare",  # "sentencex-<version>" alone already names sentencex-fix
        ),
        SegmenterSpec(
            "nupunkt",
            "nupunkt: Punkt with a bundled English model",
            "sumbench.systems.segmenter_libs:split_nupunkt",
            packages=("nupunkt",),
            languages=_ENGLISH,
        ),
        SegmenterSpec(
            "pysbd",
            "pysbd: the Golden Rules of pragmatic_segmenter, English rules",
            "sumbench.systems.segmenter_libs:split_pysbd",
            packages=("pysbd",),
            languages=_ENGLISH,
        ),
        SegmenterSpec(
            "syntok",
            "syntok: rule-based tokenizer and segmenter for English",
            "sumbench.systems.segmenter_libs:split_syntok",
            packages=("syntok",),
            languages=_ENGLISH,
        ),
        SegmenterSpec(
            "blingfire",
            "Bling Fire: Microsoft's finite-state sentence breaker",
            "sumbench.systems.segmenter_libs:split_blingfire",
            packages=("blingfire",),
        ),
        SegmenterSpec(
            "lines",
            "every non-empty line is one sentence, nothing else is split (pre-split input)",
            "sumbench.systems.sentences:split_lines",
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
