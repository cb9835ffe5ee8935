"""sumbench: an evaluation harness for extractive summarization."""

from sumbench import report
from sumbench.corpus import Corpus, Document, Reference, build_corpus, load_corpus
from sumbench.corpus_jsonl import JsonlFields, load_jsonl
from sumbench.errors import InputError, SumbenchError
from sumbench.pipeline import RunConfig, run
from sumbench.results import RunResult, Signature
from sumbench.scoring import ROUGE_TYPES, Score, ScoringConfig
from sumbench.summarizers import REGISTRY, System

__all__ = [
    "REGISTRY",
    "ROUGE_TYPES",
    "Corpus",
    "Document",
    "InputError",
    "JsonlFields",
    "Reference",
    "RunConfig",
    "RunResult",
    "Score",
    "ScoringConfig",
    "Signature",
    "SumbenchError",
    "System",
    "build_corpus",
    "load_corpus",
    "load_jsonl",
    "report",
    "run",
]
