"""installed_version(): the version importlib.metadata reads, without importing it."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sumbench import versions
from sumbench.versions import installed_version

PINNED = ("sumbench", "sumy", "rouge-score", "Rouge_Score", "sentencex", "nltk", "numpy", "pytest")


@pytest.mark.parametrize("name", PINNED)
def test_same_version_as_importlib_metadata(name: str) -> None:
    assert installed_version(name) == importlib.metadata.version(name)


def _dist(folder: Path, info: str, metadata: str) -> None:
    (folder / info).mkdir(parents=True)
    (folder / info / "METADATA").write_text(metadata, encoding="utf-8")


@pytest.fixture
def path_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder first on sys.path, and no cached listings."""
    monkeypatch.syspath_prepend(str(tmp_path))
    versions.installed_version.cache_clear()
    versions._infos.cache_clear()
    yield tmp_path
    versions.installed_version.cache_clear()
    versions._infos.cache_clear()


def test_first_dist_info_on_the_path_and_its_version_field(path_entry: Path) -> None:
    _dist(
        path_entry,
        "Fancy.Pkg-9.9.dist-info",
        "Metadata-Version: 2.1\nName: fancy\nVersion: 2.0rc1 \n\nVersion: 3\n",
    )
    assert installed_version("fancy-pkg") == importlib.metadata.version("fancy-pkg") == "2.0rc1 "


def test_anything_unusual_is_left_to_importlib_metadata(path_entry: Path) -> None:
    _dist(path_entry, "nover-1.0.dist-info", "Name: nover\n\nVersion: 1.0\n")  # not a header
    assert versions._first_dist_info("nover") is not None
    assert versions._metadata_version(str(path_entry / "nover-1.0.dist-info" / "METADATA")) is None
    (path_entry / "old-2.0.egg-info").mkdir()
    (path_entry / "old-2.0.egg-info" / "PKG-INFO").write_text("Name: old\nVersion: 2.0\n")
    assert versions._first_dist_info("old") is None  # an egg: importlib.metadata decides
    assert installed_version("old") == importlib.metadata.version("old") == "2.0"
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        installed_version("surely-not-installed-anywhere")


def test_a_warm_run_path_does_not_import_importlib_metadata() -> None:
    code = (
        "import sys; from sumbench.versions import versions, segmenter_id;"
        "versions(); segmenter_id('sumbench');"
        "print('importlib.metadata' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
