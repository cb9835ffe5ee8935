"""Fuzzing sumbench with malformed corpora: nothing crashes, no result is lost.

Each case writes a corpus that is broken in one or more random ways (bad bytes,
encodings, empty or missing files, odd names, links, huge lines...), runs the CLI
in-process over a results folder that already holds a previous run, and checks:

- the exit code is 0 (usable input) or 2 (unusable input), never a traceback;
- an error is one line on stderr, and the previous results are untouched;
- a success writes a complete, valid results.json with scores in [0, 1];
- hostile ids and system names (escapes, formula starts, long names, control characters,
  ``/``, ``..``; in folders, JSONL and ``--system-dir`` names) stay inert: nothing raw is
  printed, no CSV cell starts a formula, nothing is written outside the results folder.

Run the long version: ``python -m tests.fuzz.corpora --cases 1000``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
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


# Hostile ids and system names (issue 12): escapes, formula starts, long names, control
# characters, "/" and "..". Each must give safe outputs or one clear error.
HOSTILE_NAMES = (
    "x\x1b]0;PWNED\x07\x1b[2J",
    "=1+1",
    "+cmd",
    "-2+3",
    "@SUM(A1)",
    "a\rb",
    "a\nb",
    "tab\tname",
    "bell\x07",
    "csi\x9b2J",
    "é" * 125 + "a",  # 251 bytes: the longest part that fits with ".txt"
    "é" * 126,  # 252 bytes: one too many
    "a" * 300,
    "../escape",
    "a/../b",
    "/abs",
    "dir/sub",
    "..",
    "<script>alert(1)</script>",
    '" onload="x',
    "pipe|cell",
)


def _hostile_id(rng: random.Random, docs: Path, refs: Path) -> None:
    name = rng.choice(HOSTILE_NAMES)
    (docs / f"{name}.txt").write_text(document(rng), encoding="utf-8")
    (refs / name).mkdir(parents=True, exist_ok=True)
    (refs / name / "A.txt").write_text(sentence(rng), encoding="utf-8")


def _folder_as_doc(rng: random.Random, docs: Path, refs: Path) -> None:
    (docs / "folder.txt").mkdir(exist_ok=True)


MUTATIONS: tuple[Mutation, ...] = (
    _bytes, _encode, _empty, _truncate, _remove, _remove_ref_dir, _stray_ref_dir, _odd_name,
    _link, _huge_line, _only_symbols, _duplicate_ref, _copy_doc_as_ref, _folder_as_doc,
    _hostile_id,
)  # fmt: skip


def hostile_jsonl(rng: random.Random, base: Path) -> Path:
    """A JSONL corpus whose ids include a hostile one (JSON can carry any character)."""
    rows = [
        {"id": f"d{i}", "text": document(rng), "references": [sentence(rng)]}
        for i in range(rng.randint(1, 3))
    ]
    rows.append({"id": rng.choice(HOSTILE_NAMES), "text": document(rng), "references": ["R."]})
    path = base / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def hostile_outputs(rng: random.Random, docs: Path, base: Path) -> list[str]:
    """Flags adding a system-outputs folder under a hostile system name."""
    outputs = base / "outputs"
    outputs.mkdir()
    if docs.is_dir():
        for doc in docs.glob("*.txt"):
            with contextlib.suppress(OSError):
                (outputs / doc.name).write_text(sentence(rng) + "\n", encoding="utf-8")
    # NAME=DIR cannot spell a name holding "=" ("--system-dir =1+1=DIR" is a usage error).
    name = rng.choice([n for n in HOSTILE_NAMES if "=" not in n])
    return [f"--system-dir={name}={outputs}", "--allow-missing"]


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


# What must never reach a terminal, and the cell starts a spreadsheet would run.
RAW_CONTROLS = ("\x1b", "\x07", "\r", "\x9b")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _valid_results(out: Path) -> str:
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    for entry in data["documents"]:
        for score in entry["scores"].values():
            if not all(0.0 <= score[k] <= 1.0 for k in ("precision", "recall", "fmeasure")):
                return f"score outside [0, 1] in {entry['id']}"
    return _safe_outputs(out)


def _safe_outputs(out: Path) -> str:
    """Why the files of a successful run are unsafe, or "" (hostile ids stayed inert)."""
    with (out / "results.csv").open(encoding="utf-8", newline="") as handle:
        for row in list(csv.reader(handle))[1:]:
            if any(cell.startswith(FORMULA_STARTS) for cell in row[:2]):
                return f"formula cell in results.csv: {row[:2]!r}"
    for name in ("results.md", "report.html"):
        text = (out / name).read_text(encoding="utf-8")
        if any(c in text for c in RAW_CONTROLS):
            return f"raw control character in {name}"
    outside = [p for p in out.rglob("*") if out.resolve() not in p.resolve().parents]
    return f"written outside the results folder: {outside}" if outside else ""


def run_case(seed: int, work: Path, previous: Path) -> Outcome:
    """Fuzz case ``seed``: a mutated corpus run over a copy of a previous results folder."""
    rng = random.Random(seed)
    base = work / f"case{seed}"
    docs, refs = make_corpus(rng, base)
    corpus = hostile_jsonl(rng, base) if rng.random() < 0.25 else docs
    out = base / "results"
    shutil.copytree(previous, out)
    before = _snapshot(out)
    stdout, stderr = io.StringIO(), io.StringIO()
    argv = ["run", "--docs", str(corpus), "--refs", str(refs), "--out", str(out)]
    argv += ["--systems", SYSTEMS, "--bootstrap", "50", "--no-cache", "--jobs", "1"]
    if rng.random() < 0.2:
        argv += hostile_outputs(rng, docs, base)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(argv)
    except BaseException as exc:
        return Outcome(-1, True, _snapshot(out) != before, f"{type(exc).__name__}: {exc}")
    finally:
        shutil.rmtree(docs.parent / "docs", ignore_errors=True)
    printed = stdout.getvalue() + stderr.getvalue()
    if any(c in printed for c in RAW_CONTROLS):
        return Outcome(
            code, True, _snapshot(out) != before, f"raw control printed: {printed!r}"[:300]
        )
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
