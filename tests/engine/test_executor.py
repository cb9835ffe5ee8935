"""The executor's parts on their own: plan (cache lookups), chunks, the time limit."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sumbench import build_corpus
from sumbench.engine.config import RunConfig
from sumbench.engine.evaluate import time_limit
from sumbench.engine.executor import Task, chunks, evaluate_corpus, plan
from sumbench.engine.pipeline import resolve_systems
from sumbench.errors import SystemTimeout
from sumbench.results import DocumentResult

CORPUS = build_corpus(
    [
        ("a", "Cats purr. Dogs bark. Birds sing.", ["Cats purr."]),
        ("b", "Rain falls. Sun shines. Wind blows.", ["Sun shines."]),
    ]
)


def _config(cache: Path | None) -> RunConfig:
    return RunConfig(systems=("lead", "random"), jobs=1, cache_dir=cache)


def _keeper(found: list[tuple[int, str]]) -> Callable[[int, DocumentResult], None]:
    return lambda position, result: found.append((position, result.system))


def test_plan_without_cache_computes_everything() -> None:
    config = _config(None)
    found: list[tuple[int, str]] = []
    reused, tasks = plan(CORPUS, resolve_systems(config), config, _keeper(found))
    assert (reused, found) == (0, [])
    assert [(CORPUS.ids[t.position], [s.name for s in t.systems]) for t in tasks] == [
        ("a", ["lead", "random"]),
        ("b", ["lead", "random"]),
    ]
    assert all(key is None for t in tasks for key in t.keys)


def test_plan_finds_what_a_run_stored_and_only_that(tmp_path: Path) -> None:
    config = _config(tmp_path / "cache")
    systems = resolve_systems(config)
    evaluate_corpus(CORPUS, systems, config)
    found: list[tuple[int, str]] = []
    reused, tasks = plan(CORPUS, systems, config, _keeper(found))
    assert sorted(found) == [(0, "lead"), (0, "random"), (1, "lead"), (1, "random")]
    assert (reused, tasks) == (4, [])
    more = build_corpus(
        [
            *((d.id, d.text, [r.text for r in d.references]) for d in CORPUS.documents),
            ("c", "Snow fell. Ice formed.", ["Snow fell."]),
        ]
    )
    found.clear()
    reused, tasks = plan(more, systems, config, _keeper(found))
    assert sorted(found) == [(0, "lead"), (0, "random"), (1, "lead"), (1, "random")]
    assert reused == 4  # a and b, both systems, from the cache
    assert [(more.ids[t.position], [s.name for s in t.systems]) for t in tasks] == [
        ("c", ["lead", "random"])
    ]
    assert all(key is not None for key in tasks[0].keys)  # to be stored once computed


def _tasks(n: int) -> list[Task]:
    return [Task(i, (), ()) for i in range(n)]


@pytest.mark.parametrize(("n", "jobs", "size"), [(1, 2, 1), (15, 2, 1), (64, 2, 4), (1000, 2, 16)])
def test_chunks_keep_order_and_bound_their_size(n: int, jobs: int, size: int) -> None:
    parts = chunks(_tasks(n), jobs)
    assert [t.position for part in parts for t in part] == list(range(n))
    assert max(len(part) for part in parts) == size


def _spin() -> None:
    while True:
        pass


def test_time_limit_interrupts_and_restores_the_alarm() -> None:
    start = time.perf_counter()
    with pytest.raises(SystemTimeout), time_limit(0.05):
        _spin()
    assert time.perf_counter() - start < 2
    with time_limit(None):
        pass  # no limit: nothing armed
    with time_limit(5):
        pass  # the timer is disarmed on leaving the block, or it would fire later
    time.sleep(0.01)


def test_a_warm_plan_reads_the_pack_a_block_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sumbench.engine import cache_packs, executor

    config = _config(tmp_path / "cache")
    systems = resolve_systems(config)
    evaluate_corpus(CORPUS, systems, config)
    fetched: list[int] = []
    real = cache_packs.Pack.fetch

    def counted(self: cache_packs.Pack, places: dict[str, cache_packs.Places]) -> object:
        fetched.append(len(places))
        return real(self, places)

    monkeypatch.setattr(cache_packs.Pack, "fetch", counted)
    monkeypatch.setattr(executor, "READ_BLOCK", 1)  # one document per block
    found: list[tuple[int, str]] = []
    reused, tasks = plan(CORPUS, systems, config, _keeper(found))
    assert (reused, tasks, fetched) == (4, [], [2, 2])  # never more than a block's entries
    assert found == [(0, "lead"), (0, "random"), (1, "lead"), (1, "random")]
