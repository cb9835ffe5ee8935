"""Fuzzing sumbench with malformed corpora: nothing crashes, no result is lost.

Each case writes a corpus that is broken in one or more random ways (bad bytes,
encodings, empty or missing files, odd names, links, huge lines...), runs the CLI
in-process over a results folder that already holds a previous run, and checks:

- the exit code is 0 (usable input) or 2 (unusable input), never a traceback;
- an error is one line on stderr, and the previous results are untouched;
- a success writes a complete, valid results.json with scores in [0, 1].

Run the long version: ``python -m tests.fuzz.corpora --cases 1000``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sumbench.cli import main

WORDS = [
    "India",
    "Russia",
    "signed",
    "deal",
    "rifles",
    "AK-203",
    "defence",
    "minister",
    "talks",
    "Rs.",
    "5,000",
    "crores",
    "Dr",
    "S",
    "Jaishankar",
    "Pvt",
    "Ltd",
    "2+2",
    "dialogue",
    "Putin",
    "Modi",
    "Москва",
    "記事",
    "naïve",
    "café",
]
SYSTEMS = "lead,lexrank,luhn,random,oracle"


@dataclass(frozen=True)
class Outcome:
    """What one fuzz case did."""

    exit_code: int
    crashed: bool
    lost: bool
    detail: str


def sentence(rng: random.Random) -> str:
    """A plausible sentence, sometimes without its full stop."""
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 25)))
    return text + rng.choice([".", ".", "!", "?", "", "..."])


def document(rng: random.Random) -> str:
    """A few paragraphs of plausible sentences."""
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(1, 6))) for _ in range(3)]
    return "\n\n".join(paragraphs[: rng.randint(1, 3)]) + "\n"


Mutation = Callable[[random.Random, Path, Path], None]


def _any_file(rng: random.Random, docs: Path, refs: Path) -> Path | None:
    candidates = [*docs.glob("*.txt"), *refs.glob("*/*.txt")]
    files = sorted(p for p in candidates if p.is_file() and not p.is_symlink())
    return rng.choice(files) if files else None


def _bytes(rng: random.Random, docs: Path, refs: Path) -> None:
    target = _any_file(rng, docs, refs)
    if target is None:
        return
    payloads = [
        b"\x00",
        b"\xff\xfe",
        b"\xe9",
        bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))),
        "\ufeff".encode(),
        b"\r\n",
        b"\r",
        b"<p>",
        b"\x1b[31m",
    ]
    data = bytearray(target.read_bytes())
    at = rng.randint(0, len(data))
    data[at:at] = rng.choice(payloads)
    target.write_bytes(bytes(data))


def _encode(rng: random.Random, docs: Path, refs: Path) -> None:
    target = _any_file(rng, docs, refs)
    if target is not None:
        text = target.read_text(encoding="utf-8", errors="replace")
        target.write_bytes(
            text.encode(rng.choice(["utf-16", "utf-32", "latin-1", "cp1252"]), "replace")
        )


def _empty(rng: random.Random, docs: Path, refs: Path) -> None:
    target = _any_file(rng, docs, refs)
    if target is not None:
        target.write_text(rng.choice(["", " ", "\n\n", "\t"]), encoding="utf-8")


def _truncate(rng: random.Random, docs: Path, refs: Path) -> None:
    target = _any_file(rng, docs, refs)
    if target is not None:
        data = target.read_bytes()
        target.write_bytes(data[: rng.randint(0, len(data))])


def _remove(rng: random.Random, docs: Path, refs: Path) -> None:
    target = _any_file(rng, docs, refs)
    if target is not None:
        target.unlink()


def _remove_ref_dir(rng: random.Random, docs: Path, refs: Path) -> None:
    folders = sorted(p for p in refs.iterdir() if p.is_dir())
    if folders:
        shutil.rmtree(rng.choice(folders))


def _stray_ref_dir(rng: random.Random, docs: Path, refs: Path) -> None:
    (refs / f"ghost{rng.randint(0, 9)}").mkdir(exist_ok=True)
    (refs / f"ghost{rng.randint(0, 9)}").mkdir(exist_ok=True)


def _odd_name(rng: random.Random, docs: Path, refs: Path) -> None:
    name = rng.choice(["a b", "naïve", "記事", "UPPER", "x.y", "-dash", "a.TXT"])
    stem = name.removesuffix(".TXT")
    suffix = ".TXT" if name.endswith(".TXT") else ".txt"
    (docs / f"{stem}{suffix}").write_text(document(rng), encoding="utf-8")
    if rng.random() < 0.8:
        (refs / stem).mkdir(exist_ok=True)
        (refs / stem / "A.txt").write_text(sentence(rng), encoding="utf-8")


def _link(rng: random.Random, docs: Path, refs: Path) -> None:
    target = _any_file(rng, docs, refs)
    link = docs / f"link{rng.randint(0, 9)}.txt"
    if link.exists() or link.is_symlink():
        return
    link.symlink_to(target if target is not None and rng.random() < 0.5 else docs / "nowhere")


def _huge_line(rng: random.Random, docs: Path, refs: Path) -> None:
    target = _any_file(rng, docs, refs)
    if target is not None:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(500, 3000)))
        target.write_text(words, encoding="utf-8")


def _only_symbols(rng: random.Random, docs: Path, refs: Path) -> None:
    target = _any_file(rng, docs, refs)
    if target is not None:
        target.write_text(
            rng.choice(["... !!! ???", "12 34 56.", "\u2014 \u2013 \u2022", "$$$"]),
            encoding="utf-8",
        )


def _duplicate_ref(rng: random.Random, docs: Path, refs: Path) -> None:
    folders = sorted(p for p in refs.iterdir() if p.is_dir() and any(p.glob("*.txt")))
    if folders:
        folder = rng.choice(folders)
        first = sorted(folder.glob("*.txt"))[0]
        shutil.copy(first, folder / "Z.txt")


def _copy_doc_as_ref(rng: random.Random, docs: Path, refs: Path) -> None:
    files = sorted(p for p in docs.glob("*.txt") if p.is_file() and not p.is_symlink())
    if files:
        doc = rng.choice(files)
        (refs / doc.stem).mkdir(exist_ok=True)
        shutil.copy(doc, refs / doc.stem / "copy.txt")


def _folder_as_doc(rng: random.Random, docs: Path, refs: Path) -> None:
    (docs / "folder.txt").mkdir(exist_ok=True)


MUTATIONS: tuple[Mutation, ...] = (
    _bytes, _encode, _empty, _truncate, _remove, _remove_ref_dir, _stray_ref_dir, _odd_name,
    _link, _huge_line, _only_symbols, _duplicate_ref, _copy_doc_as_ref, _folder_as_doc,
)  # fmt: skip


def make_corpus(rng: random.Random, base: Path) -> tuple[Path, Path]:
    """A small valid corpus, then 1 to 3 random mutations."""
    docs, refs = base / "docs", base / "refs"
    docs.mkdir(parents=True)
    refs.mkdir()
    for i in range(rng.randint(1, 4)):
        (docs / f"d{i}.txt").write_text(document(rng), encoding="utf-8")
        (refs / f"d{i}").mkdir()
        for name in "AB"[: rng.randint(1, 2)]:
            (refs / f"d{i}" / f"{name}.txt").write_text(sentence(rng), encoding="utf-8")
    for _ in range(rng.randint(1, 3)):
        with contextlib.suppress(OSError):  # a mutation that cannot apply is skipped
            rng.choice(MUTATIONS)(rng, docs, refs)
    return docs, refs


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _valid_results(out: Path) -> str:
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    for entry in data["documents"]:
        for score in entry["scores"].values():
            if not all(0.0 <= score[k] <= 1.0 for k in ("precision", "recall", "fmeasure")):
                return f"score outside [0, 1] in {entry['id']}"
    return ""


def run_case(seed: int, work: Path, previous: Path) -> Outcome:
    """Fuzz case ``seed``: a mutated corpus run over a copy of a previous results folder."""
    rng = random.Random(seed)
    base = work / f"case{seed}"
    docs, refs = make_corpus(rng, base)
    out = base / "results"
    shutil.copytree(previous, out)
    before = _snapshot(out)
    stdout, stderr = io.StringIO(), io.StringIO()
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]
    argv += ["--systems", SYSTEMS, "--bootstrap", "50", "--no-cache", "--jobs", "1"]
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(argv)
    except BaseException as exc:
        return Outcome(-1, True, _snapshot(out) != before, f"{type(exc).__name__}: {exc}")
    finally:
        shutil.rmtree(docs.parent / "docs", ignore_errors=True)
    err = stderr.getvalue().strip().splitlines()
    if code == 0:
        problem = _valid_results(out)
        return Outcome(code, bool(problem), False, problem)
    one_line = len(err) == 1 and err[0].startswith("sumbench: error: ")
    lost = _snapshot(out) != before
    return Outcome(code, code not in (2,) or not one_line, lost, " | ".join(err)[:300])


def previous_results(work: Path) -> Path:
    """A results folder from a valid run, to be protected by every failing case."""
    docs, refs = work / "prev" / "docs", work / "prev" / "refs"
    docs.mkdir(parents=True)
    (refs / "p").mkdir(parents=True)
    (docs / "p.txt").write_text("A valid document. It has two sentences.\n", encoding="utf-8")
    (refs / "p" / "A.txt").write_text("A valid reference.\n", encoding="utf-8")
    out = work / "prev" / "results"
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]
    with contextlib.redirect_stdout(io.StringIO()):
        assert main([*argv, "--systems", "lead", "--no-cache"]) == 0
    return out


def fuzz(cases: int, *, start: int = 0) -> dict[str, object]:
    """Run ``cases`` fuzz cases; figures and the failing seeds."""
    started = time.perf_counter()
    codes: dict[int, int] = {}
    crashes, lost = [], []
    with tempfile.TemporaryDirectory(prefix="sumbench-fuzz-") as tmp:
        work = Path(tmp)
        previous = previous_results(work)
        for seed in range(start, start + cases):
            outcome = run_case(seed, work, previous)
            codes[outcome.exit_code] = codes.get(outcome.exit_code, 0) + 1
            if outcome.crashed:
                crashes.append((seed, outcome.detail))
            if outcome.lost:
                lost.append((seed, outcome.detail))
            shutil.rmtree(work / f"case{seed}", ignore_errors=True)
    return {
        "inputs": cases,
        "exit_codes": dict(sorted(codes.items())),
        "crashes": crashes,
        "results_lost": lost,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--start", type=int, default=0)
    args = parser.parse_args()
    figures = fuzz(args.cases, start=args.start)
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    return 0 if not figures["crashes"] and not figures["results_lost"] else 1


if __name__ == "__main__":
    sys.exit(_main())
