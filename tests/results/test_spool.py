"""The on-disk sequence behind a run's per-document results."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sumbench import defaults
from sumbench.results.spool import Spool


@pytest.fixture(params=[0, 100, 1 << 20], ids=["disk", "some-in-memory", "memory"], autouse=True)
def kept(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Every test with no item kept in memory, a few, and all of them."""
    budget: int = request.param
    monkeypatch.setattr(defaults, "LIMITS", defaults.Limits(spool_kept_bytes=budget))
    return budget


@given(
    st.lists(st.one_of(st.text(), st.integers(), st.tuples(st.text(), st.floats(allow_nan=False))))
)
def test_a_spool_reads_back_what_was_appended(items: list[object]) -> None:
    spool = Spool(items)
    assert len(spool) == len(items)
    assert list(spool) == items
    assert [spool[i] for i in range(len(items))] == items
    assert spool == tuple(items)
    assert tuple(items) == spool


def test_indexing_slicing_and_bounds() -> None:
    spool = Spool(["a", "b", "c", "d"])
    assert spool[-1] == "d"
    assert spool[1:3] == ("b", "c")
    assert spool[::-2] == ("d", "b")
    with pytest.raises(IndexError):
        spool[4]
    with pytest.raises(IndexError):
        spool[-5]


def test_a_reordered_view_shares_the_file_and_outlives_its_source() -> None:
    spool = Spool(["a", "b", "c"])
    view = spool.reordered([2, 0])
    del spool  # the view keeps the file open
    assert list(view) == ["c", "a"]
    assert list(view.reordered([1])) == ["a"]


def test_items_appended_after_a_view_are_not_in_it() -> None:
    spool = Spool(["a"])
    view = spool.reordered(range(len(spool)))
    spool.append("b")
    assert list(view) == ["a"]
    assert list(spool) == ["a", "b"]


def test_the_file_has_no_name(tmp_path: Path) -> None:
    spool = Spool(["x" * 1000, "y" * 1000], folder=tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing to clean up, even after a kill
    assert spool[1] == "y" * 1000


def test_a_small_spool_writes_no_file(tmp_path: Path, kept: int) -> None:
    spool = Spool(["a", "b"])
    assert (spool._store.handle is None) == (kept > 0)  # two small items fit in 100 bytes


def test_a_spool_pickles_as_a_tuple() -> None:
    # Another process cannot read this one's anonymous file.
    assert pickle.loads(pickle.dumps(Spool([1, 2]))) == (1, 2)


def test_a_spool_is_not_hashable_and_a_view_is_read_only() -> None:
    with pytest.raises(TypeError):
        hash(Spool([1]))
    with pytest.raises(TypeError, match="read-only"):
        Spool([1]).reordered([0]).append(2)


def test_a_full_disk_names_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    if kept:
        pytest.skip("items in memory write nothing")
    spool: Spool[str] = Spool(["first"], folder=tmp_path)  # the file exists now
    handle = spool._store.handle
    assert handle is not None

    def full(data: bytes) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(handle, "write", full)
    with pytest.raises(OSError, match="No space") as raised:
        spool.append("x")
    assert raised.value.filename == str(tmp_path)
