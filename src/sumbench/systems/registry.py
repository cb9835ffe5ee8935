"""The typed registry of built-in systems, built lazily.

Each entry is a :class:`SystemSpec`: name, description and the ``module:function``
that builds the :class:`System`. Listing names and descriptions imports nothing;
sumy is imported only when a sumy system is built (``REGISTRY[name]``). The style is
lm-evaluation-harness's ``api/registry.py``: one table, looked up by name.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sumbench.errors import InputError
from sumbench.systems.base import Context, ParsedDocument, System


@dataclass(frozen=True)
class SystemSpec:
    """A built-in system before it is built: what ``sumbench systems`` lists."""

    name: str
    description: str
    builder: str  # "module:function" taking this spec, returning the System
    params: Mapping[str, Any] = field(default_factory=dict)
    upper_bound: bool = False


def _sumy(name: str, description: str) -> SystemSpec:
    return SystemSpec(name, f"{description} (sumy)", "sumbench.systems.registry:build_sumy")


_SPECS: tuple[SystemSpec, ...] = (
    _sumy("edmundson", "Edmundson (1969): cue, title and location words"),
    _sumy("kl", "KL-Sum: greedy minimisation of KL divergence to the document"),
    _sumy("lexrank", "LexRank: eigenvector centrality of a TF-IDF cosine graph"),
    _sumy("lsa", "LSA: sentences of the top singular vectors of the term matrix"),
    _sumy("luhn", "Luhn (1958): clusters of significant words"),
    _sumy("reduction", "Reduction: graph of sentence-to-sentence word overlap"),
    _sumy("sumbasic", "SumBasic: word probabilities with redundancy updates"),
    _sumy("textrank", "TextRank: PageRank over the sentence similarity graph"),
    _sumy("random", "Random sentences, seeded per document from (seed, doc_id)"),
    SystemSpec(
        "lead",
        "Lead-k: the first k sentences of the document (baseline)",
        "sumbench.systems.registry:build_lead",
    ),
    SystemSpec(
        "oracle",
        "Greedy extractive oracle on mean(ROUGE-1 F, ROUGE-2 F): an upper bound",
        "sumbench.systems.registry:build_oracle",
        params={"objective": "mean(rouge1.f, rouge2.f)"},
        upper_bound=True,
    ),
)


class Registry(Mapping[str, System]):
    """Systems by name, in name order; each is built on first access and kept."""

    def __init__(self, specs: tuple[SystemSpec, ...]) -> None:
        self.specs: dict[str, SystemSpec] = {s.name: s for s in sorted(specs, key=_name)}
        self._built: dict[str, System] = {}

    def __getitem__(self, name: str) -> System:
        if name not in self._built:
            spec = self.specs[name]  # KeyError for unknown names, as a Mapping should
            module, _, function = spec.builder.partition(":")
            build: Callable[[SystemSpec], System] = getattr(
                importlib.import_module(module), function
            )
            self._built[name] = build(spec)
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.specs)

    def __len__(self) -> int:
        return len(self.specs)

    def __contains__(self, name: object) -> bool:
        return name in self.specs


def _name(spec: SystemSpec) -> str:
    return spec.name


REGISTRY = Registry(_SPECS)


def get_system(name: str) -> System:
    """Look a system up by name; an unknown name is an input error with a suggestion."""
    check_name(name)
    return REGISTRY[name]


def check_name(name: str) -> None:
    """An unknown built-in name is an input error with a suggestion (builds nothing)."""
    if name in REGISTRY:
        return
    close = difflib.get_close_matches(name, list(REGISTRY), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(REGISTRY)})"
    raise InputError(f"unknown system {name!r}{hint}")


@dataclass(frozen=True)
class SumyCall:
    """Runs sumy system ``name`` with attribute ``overrides``; sumy loads on the first call.

    A warm run, whose results all come from the cache, so never imports sumy.
    """

    name: str
    overrides: tuple[tuple[str, Any], ...] = ()

    def __call__(self, doc: ParsedDocument, ctx: Context) -> tuple[int, ...]:
        from sumbench.systems.sumy_systems import summarize

        return summarize(self.name, self.overrides, doc, ctx)

    def many(
        self, doc: ParsedDocument, ctx: Context, ks: Sequence[int]
    ) -> dict[int, tuple[int, ...]]:
        """The summary for every K in ``ks`` (the sentences rated once)."""
        from sumbench.systems.sumy_systems import summarize_many

        return summarize_many(self.name, self.overrides, doc, ctx, ks)


def build_sumy(spec: SystemSpec) -> System:
    """The registry's builder of a sumy system (imports nothing of sumy)."""
    return System(spec.name, spec.description, SumyCall(spec.name), dict(spec.params))


def _oracle(doc: ParsedDocument, ctx: Context) -> tuple[int, ...]:
    from sumbench.systems.oracle import summarize  # rouge-score: only when it runs

    return summarize(doc, ctx)


def build_oracle(spec: SystemSpec) -> System:
    """The registry's builder of the greedy oracle."""
    return System(spec.name, spec.description, _oracle, dict(spec.params), spec.upper_bound)


def _lead(doc: ParsedDocument, ctx: Context) -> tuple[int, ...]:
    return tuple(range(min(ctx.k, len(doc.sentences))))


def build_lead(spec: SystemSpec) -> System:
    """The registry's builder of Lead-k."""
    return System(spec.name, spec.description, _lead, dict(spec.params), spec.upper_bound)


def listing() -> list[tuple[str, str]]:
    """(name, description) of every built-in system, then of every installed plugin."""
    from sumbench.systems.plugins import installed_plugins  # an entry-point scan

    rows = [(spec.name, spec.description) for spec in REGISTRY.specs.values()]
    plugins = installed_plugins()
    rows += [(name, f"installed plugin {plugins[name].value}") for name in sorted(plugins)]
    return rows
