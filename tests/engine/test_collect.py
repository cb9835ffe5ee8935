"""Results gathered in any order come out in report order: system, then document id."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from sumbench.engine.collect import Collector
from sumbench.results import DocumentResult, Failure
from sumbench.scoring.config import Score

SYSTEMS = ("lead", "textrank", "oracle")


def _result(doc_id: str, system: str) -> DocumentResult:
    score = Score(0.5, 0.5, 0.5)
    return DocumentResult(doc_id, system, (0,), ("s",), {"rouge1": score}, 1)


@given(
    st.lists(st.text(min_size=1, max_size=3), min_size=1, max_size=8, unique=True),
    st.randoms(use_true_random=False),
)
def test_any_arrival_order_gives_report_order(ids: list[str], rng: random.Random) -> None:
    arrivals = [(p, s) for p in range(len(ids)) for s in SYSTEMS if rng.random() < 0.8]
    failed = {a for a in arrivals if rng.random() < 0.2}
    rng.shuffle(arrivals)
    collector = Collector(ids, SYSTEMS)
    for position, system in arrivals:
        outcome = (
            Failure(ids[position], system, "boom")
            if (position, system) in failed
            else _result(ids[position], system)
        )
        collector.add(position, outcome)
    found = collector.finish(reused=1)
    scored = sorted(
        ((SYSTEMS.index(s), ids[p]) for p, s in arrivals if (p, s) not in failed),
    )
    assert [(d.system, d.doc_id) for d in found.documents] == [(SYSTEMS[i], d) for i, d in scored]
    for system in SYSTEMS:
        assert list(found.by_system[system]) == [d for d in found.documents if d.system == system]
    # Failures in document (corpus position), then system order, as a run reports them.
    expected = sorted(failed, key=lambda a: (a[0], SYSTEMS.index(a[1])))
    assert [(f.doc_id, f.system) for f in found.failures] == [(ids[p], s) for p, s in expected]
    assert found.cache_stats.reused == 1
    assert found.cache_stats.computed == len(arrivals) - 1
