"""The package: one version source; a wheel and an sdist that install and pass the seeds gate.

The slow tests build with ``python -m build`` (sdist, then the wheel from the sdist) and
install the wheel in a fresh virtual environment with ``pip --no-index``, from a
wheelhouse of the pinned dependencies: ``$SUMBENCH_WHEELHOUSE``, else
``.sumbench-cache/wheelhouse``. The wheelhouse is filled with ``pip wheel -c
.ci/constraints.txt`` when it is incomplete and the network answers; otherwise they skip.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from sumbench.versions import version_text
from tests.conftest import REFERENCES, ROOT, SEEDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONSTRAINTS = ROOT / ".ci" / "constraints.txt"


def test_the_version_has_one_source() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert version("sumbench") == declared["project"]["version"]
    lines = version_text().splitlines()
    assert lines[0] == f"sumbench {declared['project']['version']}"
    assert f"  rouge-score {version('rouge-score')}" in lines
    literals = {f'"{declared["project"]["version"]}"', f"'{declared['project']['version']}'"}
    offenders = [
        p.name
        for p in (ROOT / "src" / "sumbench").rglob("*.py")
        if any(literal in p.read_text(encoding="utf-8") for literal in literals)
    ]
    assert offenders == []  # no module spells the version out


def _run(args: list[str], *, env: dict[str, str] | None = None, cwd: Path = ROOT) -> str:
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd, check=False)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def _offline_env(wheelhouse: Path) -> dict[str, str]:
    """pip reads only the wheelhouse: no index, no user or site pip configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    return env | {
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }


def _download(wheelhouse: Path, *requirements: str) -> None:
    # pip wheel, not pip download: dependencies published only as sdists (rouge-score,
    # docopt) are built once here, so the offline install needs no build tools.
    args = [sys.executable, "-m", "pip", "wheel", "--quiet", "--timeout", "20", "--retries", "1"]
    args += ["--wheel-dir", str(wheelhouse), "-c", str(CONSTRAINTS), *requirements]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = done.stderr.splitlines()
        # Offline, pip's ERROR is a misleading "conflicting dependencies"; the cause is earlier.
        network = [line for line in lines if "connection" in line.lower()]
        errors = [line for line in lines if line.startswith("ERROR")]
        first = (network or errors or [done.stderr.strip()])[0][-300:]
        pytest.skip(f"wheelhouse {wheelhouse} incomplete, pip wheel failed (offline?): {first}")


@pytest.fixture(scope="module")
def wheelhouse() -> Path:
    default = ROOT / ".sumbench-cache" / "wheelhouse"
    house = Path(os.environ.get("SUMBENCH_WHEELHOUSE", default))
    house.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(CONSTRAINTS.read_bytes()).hexdigest()[:12]
    stamp = house / f".complete-{digest}"
    if not stamp.exists():
        # The build backend first; the wheel's own dependencies once it is built.
        _download(house, "setuptools")
        dist = house / ".probe-dist"
        build = [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)]
        _run(build, env=_offline_env(house))  # the backend from the wheelhouse, not the index
        _download(house, str(next(dist.glob("sumbench-*.whl"))))
        for built in [*house.glob("sumbench-*.whl"), *dist.iterdir()]:
            built.unlink()  # the wheel under test is always the one built from this tree
        dist.rmdir()
        stamp.touch()
    return house


@pytest.fixture(scope="module")
def dist(wheelhouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        env=_offline_env(wheelhouse),
    )
    return out


@pytest.mark.slow
def test_wheel_and_sdist_hold_every_package_file(dist: Path) -> None:
    package = ROOT / "src" / "sumbench"
    expected = {
        f"sumbench/{p.relative_to(package).as_posix()}"
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    (wheel,) = dist.glob("sumbench-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert expected - names == set()
    assert "sumbench/py.typed" in names
    (sdist,) = dist.glob("sumbench-*.tar.gz")
    with tarfile.open(sdist) as archive:
        members = {m.split("/", 1)[1] for m in archive.getnames() if "/" in m}
    assert {f"src/{n}" for n in expected} - members == set()
    assert {"pyproject.toml", "README.md"} <= members


@pytest.mark.slow
def test_wheel_installs_offline_and_passes_the_seeds_gate(
    dist: Path, wheelhouse: Path, tmp_path: Path
) -> None:
    _run([sys.executable, "-m", "venv", str(tmp_path / "venv")])
    bin_dir = tmp_path / "venv" / "bin"
    (wheel,) = dist.glob("sumbench-*.whl")
    env = _offline_env(wheelhouse)
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], env=env)
    where = _run([str(bin_dir / "python"), "-c", "import sumbench; print(sumbench.__file__)"])
    assert Path(where.strip()).is_relative_to(tmp_path / "venv")  # not the source tree
    out = tmp_path / "results"
    sumbench = str(bin_dir / "sumbench")
    shown = _run([sumbench, "--version"], env=env, cwd=tmp_path).splitlines()
    assert shown[0] == f"sumbench {version('sumbench')}"
    run_args = ["run", "--docs", str(SEEDS), "--refs", str(REFERENCES), "--out", str(out)]
    _run([sumbench, *run_args, "--jobs", "1", "--no-cache", "--quiet"], env=env, cwd=tmp_path)
    baseline = ROOT / "baselines" / "seeds.json"
    check = ["check", "--baseline", str(baseline), "--results", str(out / "results.json")]
    _run([sumbench, *check], env=env, cwd=tmp_path)
