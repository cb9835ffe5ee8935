"""What a run is asked to do: :class:`RunConfig`, and its JSON form in ``results.json``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sumbench.corpus.jsonl import JsonlFields
from sumbench.defaults import DEFAULTS, JSONL_DEFAULTS, SYSTEMS
from sumbench.engine.executors import Executor
from sumbench.errors import InputError, SettingError
from sumbench.scoring.config import ScoringConfig
from sumbench.stats.config import StatsConfig
from sumbench.systems.base import check_unique

# Settings added after 0.1.0: left out of results.json while at their defaults, so a
# default run's results stay identical to those of earlier versions.
_OPTIONAL_DEFAULTS: dict[str, Any] = {
    "system_dirs": {},
    "plugins": {},
    "params": {},
    "allow_missing": False,
    "jsonl": JSONL_DEFAULTS,
    "clusters": None,
}


@dataclass(frozen=True)
class RunConfig:
    """Everything a run needs; :func:`sumbench.load_experiment` builds one, users may too.

    ``systems`` names built-in systems or installed plugins (checked when the run
    resolves them); ``plugins`` adds ``(name, "module:callable")`` summarizers and
    ``system_dirs`` ``(name, folder)`` output folders, run after them. ``params`` holds
    ``(system, attribute, value)`` overrides. A ``.jsonl`` ``docs`` is read with the
    ``jsonl`` field names; with ``clusters`` (a manifest), each cluster is one input.
    ``multi``: :func:`sumbench.run` also runs the clusters of ``docs``.
    """

    docs: Path = Path(DEFAULTS["docs"].default)
    refs: Path = Path(DEFAULTS["refs"].default)
    systems: tuple[str, ...] = SYSTEMS
    sentences: int = DEFAULTS["sentences"].default
    words: int | None = DEFAULTS["words"].default
    scoring: ScoringConfig = field(default_factory=ScoringConfig)
    seed: int = DEFAULTS["seed"].default
    language: str = DEFAULTS["language"].default
    system_dirs: tuple[tuple[str, Path], ...] = ()
    plugins: tuple[tuple[str, str], ...] = ()
    params: tuple[tuple[str, str, Any], ...] = ()
    allow_missing: bool = DEFAULTS["allow_missing"].default
    jsonl: JsonlFields = field(default_factory=JsonlFields)
    clusters: Path | None = None
    stats: StatsConfig = field(default_factory=StatsConfig)
    # How to compute, not what: none enters the signature or results.json.
    jobs: int | None = None  # worker processes; None: the machine's cores
    timeout: float | None = None  # seconds one system may take on one document
    fail_fast: bool = False  # stop at the first failing system instead of reporting it
    cache_dir: Path | None = None  # result cache folder; None: no cache
    executor: Executor = Executor.LOCAL  # local processes or a Dask cluster
    scheduler: str | None = None  # Dask scheduler address; None: a LocalCluster here
    # What to do with the results: also run the clusters (``multi/``), write a folder.
    multi: bool = False
    out: Path | None = None

    def __post_init__(self) -> None:
        _check_ranges(self)
        if not self.all_systems:
            raise InputError("no systems selected")
        check_unique(list(self.systems), what="system(s) listed twice")
        check_unique(list(self.all_systems), what="system name(s) used twice")
        for name in self.all_systems[len(self.systems) :]:
            if not name or "/" in name or name.startswith("."):
                raise InputError(f"bad system name {name!r}")
        for system, attr, _ in self.params:
            if system not in self.systems:
                raise InputError(f"param {system}.{attr}: system {system!r} is not selected")

    @property
    def all_systems(self) -> tuple[str, ...]:
        """Every system's name in run order: selected, then plugins, then output folders."""
        return (*self.systems, *(n for n, _ in self.plugins), *(n for n, _ in self.system_dirs))

    def input_paths(self) -> tuple[Path, ...]:
        """Every path the run reads (a results folder must never hold one of them)."""
        paths = [self.docs, self.refs, *(folder for _, folder in self.system_dirs)]
        return (*paths, *(p for p in (self.clusters, self.cache_dir) if p is not None))

    def params_by_system(self) -> dict[str, dict[str, Any]]:
        """Parameter overrides grouped by system."""
        grouped: dict[str, dict[str, Any]] = {}
        for system, attr, value in self.params:
            grouped.setdefault(system, {})[attr] = value
        return grouped

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, paths as strings; newer settings only when not at their default."""
        out = asdict(self)
        for how in ("jobs", "cache_dir", "timeout", "fail_fast", "multi", "out"):
            del out[how]
        for how in ("executor", "scheduler"):
            del out[how]
        out["docs"], out["refs"] = str(self.docs), str(self.refs)
        out["systems"] = list(self.systems)
        out["scoring"]["rouge_types"] = list(self.scoring.rouge_types)
        if self.scoring.tokenizer == "default":
            del out["scoring"]["tokenizer"]
        out["system_dirs"] = {name: str(path) for name, path in self.system_dirs}
        out["plugins"] = dict(self.plugins)
        out["params"] = self.params_by_system()
        out["jsonl"]["text"] = list(self.jsonl.text)
        out["clusters"] = None if self.clusters is None else str(self.clusters)
        for key, default in _OPTIONAL_DEFAULTS.items():
            if out[key] == default:
                del out[key]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunConfig:
        """Inverse of :meth:`as_dict` (KeyError/TypeError/ValueError if malformed)."""
        scoring, stats = data["scoring"], data["stats"]
        jsonl = {**JSONL_DEFAULTS, **data.get("jsonl", {})}
        params = data.get("params", {})
        clusters = data.get("clusters")
        return cls(
            docs=Path(data["docs"]),
            refs=Path(data["refs"]),
            systems=tuple(str(s) for s in data["systems"]),
            sentences=int(data["sentences"]),
            words=None if data["words"] is None else int(data["words"]),
            scoring=ScoringConfig(
                stem=bool(scoring["stem"]),
                multi_ref=str(scoring["multi_ref"]),
                rouge_types=tuple(str(t) for t in scoring["rouge_types"]),
                tokenizer=str(scoring.get("tokenizer", "default")),
            ),
            seed=int(data["seed"]),
            language=str(data["language"]),
            system_dirs=tuple((str(n), Path(d)) for n, d in data.get("system_dirs", {}).items()),
            plugins=tuple((str(n), str(t)) for n, t in data.get("plugins", {}).items()),
            params=tuple((s, a, v) for s, values in params.items() for a, v in values.items()),
            allow_missing=bool(data.get("allow_missing", False)),
            jsonl=JsonlFields(str(jsonl["id"]), tuple(jsonl["text"]), str(jsonl["refs"])),
            clusters=None if clusters is None else Path(clusters),
            stats=StatsConfig(
                resamples=int(stats["resamples"]),
                confidence=float(stats["confidence"]),
                trials=int(stats["trials"]),
            ),
        )


def _check_ranges(config: RunConfig) -> None:
    if config.jobs is not None and config.jobs < 1:
        raise SettingError("jobs", f"jobs must be at least 1 (got {config.jobs})")
    if config.timeout is not None and not config.timeout > 0:
        raise SettingError(
            "timeout", f"timeout must be a positive number of seconds (got {config.timeout})"
        )
    if config.executor is Executor.DASK and config.timeout is not None:
        # SIGALRM, which the time limit uses, works only in a process's main thread.
        raise SettingError("timeout", "timeout cannot be used with --executor dask")
    if config.executor is not Executor.DASK and config.scheduler is not None:
        raise SettingError("scheduler", "scheduler needs --executor dask")
    if config.sentences < 1:
        raise SettingError("sentences", f"sentences must be at least 1 (got {config.sentences})")
    if config.words is not None and config.words < 1:
        raise SettingError("words", f"words must be at least 1 (got {config.words})")
