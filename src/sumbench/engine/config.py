"""What a run is asked to do: :class:`RunConfig`, and its JSON form in ``results.json``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sumbench.corpus.checks import check_system_name
from sumbench.corpus.jsonl import JsonlFields
from sumbench.corpus.subset import Subset
from sumbench.defaults import DEFAULTS, JSONL_DEFAULTS, LIMITS, SYSTEMS
from sumbench.engine.executors import Executor
from sumbench.errors import InputError, SettingError
from sumbench.jsonfields import at, member, optional, typed
from sumbench.scoring.config import ScoringConfig, rouge155_options
from sumbench.stats.config import StatsConfig
from sumbench.systems.base import check_unique
from sumbench.systems.segmenters import LEGACY_SEGMENTER, get_segmenter

# Settings added after 0.1.0: left out of results.json while at their defaults, so a
# default run's results stay identical to those of earlier versions.
_OPTIONAL_DEFAULTS: dict[str, Any] = {
    "system_dirs": {},
    "plugins": {},
    "params": {},
    "allow_missing": False,
    "jsonl": JSONL_DEFAULTS,
    "clusters": None,
    "preset": None,
    "subset": {"limit": None, "sample": None, "seed": DEFAULTS["sample_seed"].default},
}


@dataclass(frozen=True)
class RunConfig:
    """Everything a run needs; :func:`sumbench.load_experiment` builds one, users may too.

    ``systems`` names built-in systems or installed plugins (checked when the run
    resolves them); ``plugins`` adds ``(name, "module:callable")`` summarizers and
    ``system_dirs`` ``(name, folder)`` output folders, run after them. ``params`` holds
    ``(system, attribute, value)`` overrides. A ``.jsonl`` ``docs`` is read with the
    ``jsonl`` field names; with ``clusters`` (a manifest), each cluster is one input.
    ``multi``: :func:`sumbench.run` also runs the clusters of ``docs``. ``preset`` names
    the dataset preset of a tabular ``docs``; ``subset`` reads only some documents.
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
    preset: str | None = DEFAULTS["preset"].default
    subset: Subset = field(default_factory=Subset)
    segmenter: str = DEFAULTS["segmenter"].default  # a name in systems.segmenters
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
        if self.timeout == float("inf"):  # "no limit", as the operating system's timers lack it
            object.__setattr__(self, "timeout", None)
        _check_ranges(self)
        get_segmenter(self.segmenter).check_language(self.language)
        if not self.all_systems:
            raise InputError("no systems selected")
        check_unique(list(self.systems), what="system(s) listed twice")
        check_unique(list(self.all_systems), what="system name(s) used twice")
        for name in self.all_systems:
            check_system_name(name)
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
        del out["scoring"]["rouge155"]  # absent for rouge-score: results stay as they were
        if self.scoring.rouge155 is not None:
            out["scoring"]["scorer"] = self.scoring.scorer
            out["scoring"]["rouge155_flags"] = " ".join(self.scoring.rouge155.perl_flags())
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
        """Inverse of :meth:`as_dict`; a bad field is a ``FieldError``."""
        scoring, stats = member(data, "scoring", dict), member(data, "stats", dict)
        with at("jsonl"):
            jsonl = {**JSONL_DEFAULTS, **_table(data, "jsonl")}
            fields = JsonlFields(
                typed(jsonl["id"], str), _strings(jsonl["text"]), typed(jsonl["refs"], str)
            )
        with at("params"):
            params = tuple(
                (s, a, v)
                for s, values in _table(data, "params").items()
                for a, v in typed(values, dict).items()
            )
        with at("scoring"):
            scoring_config = ScoringConfig(
                stem=member(scoring, "stem", bool),
                multi_ref=member(scoring, "multi_ref", str),
                rouge_types=_strings(member(scoring, "rouge_types", list)),
                tokenizer=typed(scoring.get("tokenizer", "default"), str),
                rouge155=rouge155_options(
                    typed(scoring.get("scorer", "rouge-score"), str),
                    optional(scoring.get("rouge155_flags"), str),
                ),
            )
        with at("stats"):
            stats_config = StatsConfig(
                resamples=member(stats, "resamples", int),
                confidence=member(stats, "confidence", float),
                trials=member(stats, "trials", int),
            )
        with at("subset"):
            subset = _table(data, "subset")
            subset_config = Subset(
                limit=optional(subset.get("limit"), int),
                sample=optional(subset.get("sample"), int),
                seed=typed(subset.get("seed", DEFAULTS["sample_seed"].default), int),
            )
        with at("segmenter"):
            # Results written before the setting existed used the segmenter of that time.
            segmenter = typed(data.get("segmenter", LEGACY_SEGMENTER), str)
        with at("words"):
            words = optional(data["words"], int)
        with at("clusters"):
            clusters = optional(data.get("clusters"), str)
        with at("system_dirs"):
            dirs = tuple((n, Path(typed(d, str))) for n, d in _table(data, "system_dirs").items())
        with at("plugins"):
            plugins = tuple((n, typed(t, str)) for n, t in _table(data, "plugins").items())
        return cls(
            docs=Path(member(data, "docs", str)),
            refs=Path(member(data, "refs", str)),
            systems=_strings(member(data, "systems", list)),
            sentences=member(data, "sentences", int),
            words=words,
            scoring=scoring_config,
            seed=member(data, "seed", int),
            language=member(data, "language", str),
            system_dirs=dirs,
            plugins=plugins,
            params=params,
            allow_missing=member(data, "allow_missing", bool) if "allow_missing" in data else False,
            jsonl=fields,
            clusters=None if clusters is None else Path(clusters),
            stats=stats_config,
            preset=optional(data.get("preset"), str),
            subset=subset_config,
            segmenter=segmenter,
        )


def _table(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    """An optional JSON object of ``data`` (empty when left out)."""
    return dict(member(data, key, dict)) if key in data else {}


def _strings(values: Any) -> tuple[str, ...]:
    """A JSON list of strings, as a tuple."""
    return tuple(typed(v, str) for v in typed(values, list))


def _check_ranges(config: RunConfig) -> None:
    if config.jobs is not None and config.jobs < 1:
        raise SettingError("jobs", f"jobs must be at least 1 (got {config.jobs})")
    if config.timeout is not None and not config.timeout > 0:
        raise SettingError(
            "timeout", f"timeout must be a positive number of seconds (got {config.timeout})"
        )
    if config.timeout is not None and config.timeout > LIMITS.timeout:
        raise SettingError(
            "timeout",
            f"timeout must be at most {LIMITS.timeout:g} seconds, or inf for no limit"
            f" (got {config.timeout:g})",
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
