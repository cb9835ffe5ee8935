"""The ROUGE-1.5.5 script's flags as options: light (the CLI and ``ScoringConfig`` read it).

``-f A`` pools the counts of all references and ``-f B`` keeps the reference with the best
recall: neither is sumbench's ``max``/``mean`` rule, so they keep the script's letters.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from sumbench.errors import InputError


class MultiRef(enum.Enum):
    """How several references combine (the script's ``-f``)."""

    AVERAGE = "A"  # pool hits and counts of all references
    BEST = "B"  # the reference with the highest recall


@dataclass(frozen=True)
class Rouge155Options:
    """Every ROUGE-1.5.5 flag that changes a per-document number (defaults: ``-m -n 2``)."""

    max_n: int = 2  # -n
    stem: bool = True  # -m
    remove_stopwords: bool = False  # -s
    rouge_l: bool = True  # -x turns it off
    wlcs_weight: float | None = None  # -w
    skip_distance: int | None = None  # -2
    skip_unigrams: bool = False  # -u
    word_limit: int | None = None  # -l
    byte_limit: int | None = None  # -b
    multi_ref: MultiRef = MultiRef.AVERAGE  # -f
    alpha: float = 0.5  # -p

    def __post_init__(self) -> None:
        problems = [
            ("-n must be 0 or more", self.max_n < 0),
            ("-w must be positive", self.wlcs_weight is not None and self.wlcs_weight <= 0),
            ("-2 must be 0 or more", self.skip_distance is not None and self.skip_distance < 0),
            ("-u needs -2", self.skip_unigrams and self.skip_distance is None),
            ("-l must be positive", self.word_limit is not None and self.word_limit <= 0),
            ("-b must be positive", self.byte_limit is not None and self.byte_limit <= 0),
            ("-l and -b exclude each other", bool(self.word_limit and self.byte_limit)),
            ("-p must be within 0..1", not 0 <= self.alpha <= 1),
        ]
        bad = [text for text, failed in problems if failed]
        if bad:
            raise InputError(f"bad ROUGE-1.5.5 options: {'; '.join(bad)}")
        if not self.metric_names():
            raise InputError("bad ROUGE-1.5.5 options: no ROUGE type selected")

    def metric_names(self) -> tuple[str, ...]:
        """Names of the computed scores: rouge1.., rougeL, rougeW, rougeSU4 or rougeS4."""
        names = [f"rouge{n}" for n in range(1, self.max_n + 1)]
        names += ["rougeL"] if self.rouge_l else []
        names += ["rougeW"] if self.wlcs_weight is not None else []
        if self.skip_distance is not None:
            names.append(f"rouge{'SU' if self.skip_unigrams else 'S'}{self.skip_distance}")
        return tuple(names)

    def perl_flags(self) -> tuple[str, ...]:
        """The script's command-line flags for these options (without ``-a``, ``-c``, ``-e``)."""
        flags = ["-m"] if self.stem else []
        flags += ["-s"] if self.remove_stopwords else []
        flags += ["-n", str(self.max_n)] if self.max_n else []
        flags += [] if self.rouge_l else ["-x"]
        flags += ["-w", f"{self.wlcs_weight:g}"] if self.wlcs_weight is not None else []
        flags += ["-2", str(self.skip_distance)] if self.skip_distance is not None else []
        flags += ["-u"] if self.skip_unigrams else []
        flags += ["-l", str(self.word_limit)] if self.word_limit else []
        flags += ["-b", str(self.byte_limit)] if self.byte_limit else []
        flags += ["-f", "B"] if self.multi_ref is MultiRef.BEST else []
        flags += ["-p", f"{self.alpha:g}"] if self.alpha != 0.5 else []
        return tuple(flags)

    def footnote(self) -> str:
        """How a paper states the setting: ``ROUGE-1.5.5 -m -n 2 -w 1.2 -2 4 -u``."""
        return " ".join(("ROUGE-1.5.5", *self.perl_flags()))

    def signature(self) -> str:
        """Scorer and flags for the run signature: ``-m -n 2`` gives ``rouge155-m-n2``."""
        parts, flags = ["rouge155"], self.perl_flags()
        for flag in flags:
            if flag.startswith("-"):
                parts.append(flag.lstrip("-"))
            else:
                parts[-1] += flag
        return "-".join(parts)


_SWITCHES = {"-m": "stem", "-s": "remove_stopwords", "-u": "skip_unigrams"}
_VALUED: dict[str, tuple[str, Callable[[str], object]]] = {
    "-n": ("max_n", int),
    "-w": ("wlcs_weight", float),
    "-2": ("skip_distance", int),
    "-l": ("word_limit", int),
    "-b": ("byte_limit", int),
    "-f": ("multi_ref", MultiRef),
    "-p": ("alpha", float),
}
_RUN_ONLY = {"-a": 0, "-d": 0, "-c": 1, "-r": 1, "-e": 1}  # no effect on a per-document score


def options_from_flags(flags: str) -> Rouge155Options:
    """Options from the script's flags as papers print them, e.g. ``-c 95 -m -n 2 -a``."""
    words = flags.split()
    settings: dict[str, object] = {"stem": False, "max_n": 0}
    i = 0
    try:
        while i < len(words):
            flag = words[i]
            if flag in _SWITCHES:
                settings[_SWITCHES[flag]] = True
            elif flag == "-x":
                settings["rouge_l"] = False
            elif flag in _VALUED:
                name, parse = _VALUED[flag]
                settings[name] = parse(words[i + 1])
                i += 1
            elif flag in _RUN_ONLY:
                i += _RUN_ONLY[flag]
            else:
                raise InputError(f"unsupported ROUGE-1.5.5 flag {flag!r} in {flags!r}")
            i += 1
    except (IndexError, ValueError):
        raise InputError(f"bad value for ROUGE-1.5.5 flag {words[i]!r} in {flags!r}") from None
    return Rouge155Options(**settings)  # type: ignore[arg-type]
