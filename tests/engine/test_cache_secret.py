"""The cache's own key: a copied or edited entry is detected and recomputed (issue 12, 16).

Before, an entry whose score was edited and whose SHA-256 was recomputed was served.
Entries are now signed with HMAC-SHA256 under 32 random bytes made once per cache.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import stat
from pathlib import Path

from sumbench.engine import cache, cache_store
from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run
from sumbench.report.text import render_json

from ..conftest import ROOT
from .packs import result_pack


def _config(root: Path) -> RunConfig:
    return RunConfig(
        docs=ROOT / "seeds", refs=ROOT / "references", systems=("lead",), jobs=1, cache_dir=root
    )


def test_the_key_is_made_once_private_and_random(tmp_path: Path) -> None:
    cache.prepare_cache_dir(tmp_path / "a")
    cache.prepare_cache_dir(tmp_path / "b")
    key_file = tmp_path / "a" / cache.SECRET_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    first = key_file.read_bytes()
    assert len(first) == 32
    assert first != (tmp_path / "b" / cache.SECRET_FILE).read_bytes()
    cache.prepare_cache_dir(tmp_path / "a")
    assert key_file.read_bytes() == first
    assert not list((tmp_path / "a").glob(".secret.*"))  # no temporary file left


def _make_key(root: str) -> bytes:
    return cache_store._create_secret(root, str(Path(root) / cache.SECRET_FILE))


def test_concurrent_runs_agree_on_one_key(tmp_path: Path) -> None:
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        keys = pool.map(_make_key, [str(tmp_path)] * 8)
    assert len(set(keys)) == 1
    assert keys[0] == (tmp_path / cache.SECRET_FILE).read_bytes()


def test_an_edited_entry_with_a_recomputed_checksum_is_recomputed(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    clean = run(_config(root))
    pack = result_pack(root)
    first, rest = pack.read_text(encoding="utf-8").split("\n", 1)
    key, _, body = first.split(" ", 2)
    payload = json.loads(body)
    payload["scores"]["rouge1"]["fmeasure"] = 1.0  # the forger's edit
    forged = cache.canonical_json(payload)
    checksum = hashlib.sha256(f"{key}\n{forged}".encode()).hexdigest()  # recomputed, keyless
    pack.write_text(f"{key} {checksum} {forged}\n{rest}", encoding="utf-8")
    again = run(_config(root))
    assert again.cache_stats.computed == 1
    assert render_json(again) == render_json(clean)


def test_an_entry_copied_from_another_cache_is_recomputed(tmp_path: Path) -> None:
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    clean = run(_config(mine))
    run(_config(theirs))
    target = result_pack(mine)
    target.write_bytes(result_pack(theirs).read_bytes())  # same keys and bodies, their MACs
    again = run(_config(mine))
    assert again.cache_stats.reused == 0
    assert render_json(again) == render_json(clean)
    assert run(_config(mine)).cache_stats.computed == 0


def test_sub_folders_share_the_cache_key(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    run(_config(root))
    assert (root / cache.SECRET_FILE).is_file()
    assert sorted(p.name for p in root.rglob(cache.SECRET_FILE)) == [cache.SECRET_FILE]
