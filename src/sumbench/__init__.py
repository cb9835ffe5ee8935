"""sumbench: an evaluation harness for extractive summarization.

The public API is imported lazily (PEP 562), so that ``import sumbench`` and the
command line's start-up stay cheap: each name loads its module on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "REGISTRY": "sumbench.systems.registry",
    "ROUGE_TYPES": "sumbench.scoring.config",
    "CorrelateConfig": "sumbench.meta",
    "CorrelationResult": "sumbench.results.correlations",
    "Corpus": "sumbench.corpus.model",
    "Document": "sumbench.corpus.model",
    "InputError": "sumbench.errors",
    "JsonlFields": "sumbench.corpus.jsonl",
    "Reference": "sumbench.corpus.model",
    "RunConfig": "sumbench.engine.config",
    "RunResult": "sumbench.results",
    "Score": "sumbench.scoring.config",
    "ScoringConfig": "sumbench.scoring.config",
    "Signature": "sumbench.results",
    "StatsConfig": "sumbench.stats.config",
    "SumbenchError": "sumbench.errors",
    "System": "sumbench.systems.base",
    "assert_no_regression": "sumbench.gate",
    "build_corpus": "sumbench.corpus.model",
    "correlate": "sumbench.meta",
    "load_corpus": "sumbench.corpus.folders",
    "load_correlate": "sumbench.meta",
    "load_experiment": "sumbench.experiment",
    "load_jsonl": "sumbench.corpus.jsonl",
    "load_results": "sumbench.results",
    "run": "sumbench.engine.pipeline",
    "SweepConfig": "sumbench.sweeps.run",
    "SweepResult": "sumbench.sweeps.run",
    "load_sweep": "sumbench.sweeps.run",
    "sweep": "sumbench.sweeps.run",
    "write_results": "sumbench.engine.writer",
}
__all__ = [
    "REGISTRY",
    "ROUGE_TYPES",
    "Corpus",
    "CorrelateConfig",
    "CorrelationResult",
    "Document",
    "InputError",
    "JsonlFields",
    "Reference",
    "RunConfig",
    "RunResult",
    "Score",
    "ScoringConfig",
    "Signature",
    "StatsConfig",
    "SumbenchError",
    "SweepConfig",
    "SweepResult",
    "System",
    "assert_no_regression",
    "build_corpus",
    "correlate",
    "load_corpus",
    "load_correlate",
    "load_experiment",
    "load_jsonl",
    "load_results",
    "load_sweep",
    "report",
    "run",
    "sweep",
    "write_results",
]


def __getattr__(name: str) -> Any:
    if name == "report":
        return importlib.import_module("sumbench.report")
    if name not in _EXPORTS:
        raise AttributeError(f"module 'sumbench' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from sumbench import report
    from sumbench.corpus.folders import load_corpus
    from sumbench.corpus.jsonl import JsonlFields, load_jsonl
    from sumbench.corpus.model import Corpus, Document, Reference, build_corpus
    from sumbench.engine.config import RunConfig
    from sumbench.engine.pipeline import run
    from sumbench.engine.writer import write_results
    from sumbench.errors import InputError, SumbenchError
    from sumbench.experiment import load_experiment
    from sumbench.gate import assert_no_regression
    from sumbench.meta import CorrelateConfig, correlate, load_correlate
    from sumbench.results import RunResult, Signature, load_results
    from sumbench.results.correlations import CorrelationResult
    from sumbench.scoring.config import ROUGE_TYPES, Score, ScoringConfig
    from sumbench.stats.config import StatsConfig
    from sumbench.sweeps.run import SweepConfig, SweepResult, load_sweep, sweep
    from sumbench.systems.base import System
    from sumbench.systems.registry import REGISTRY
