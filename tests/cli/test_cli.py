"""The command line end to end, and every input error: one line, exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sumbench.cli import main

from ..conftest import TINY_DOCS, TINY_REFS, CorpusFactory


def _error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("sumbench: error: ")
    return lines[0]


def test_run_writes_every_output(tiny_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    docs, refs = tiny_corpus
    out = tmp_path / "out"
    code = main(["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)])
    assert code == 0
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert set(data["systems"]) == {
        "edmundson", "kl", "lead", "lexrank", "lsa", "luhn",
        "oracle", "random", "reduction", "sumbasic", "textrank",
    }  # fmt: skip
    assert len(data["documents"]) == 11 * 2
    csv_lines = (out / "results.csv").read_text(encoding="utf-8").splitlines()
    assert len(csv_lines) == 1 + 11 * 2 * 4
    assert "oracle †" in (out / "results.md").read_text(encoding="utf-8")
    lead = (out / "summaries" / "lead" / "alpha.txt").read_text(encoding="utf-8")
    assert lead.splitlines() == [
        "The council approved a new budget for the city on Monday.",
        "The budget raises spending on schools and public transport.",
        "Critics said the plan ignores rising housing costs.",
    ]


def test_options_reach_the_signature(tiny_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    docs, refs = tiny_corpus
    out = tmp_path / "out"
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]
    argv += ["--systems", "lead,random", "--sentences", "2", "--words", "12", "--no-stem"]
    argv += ["--multi-ref", "mean", "--seed", "7"]
    assert main(argv) == 0
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    fields = data["signature_fields"]
    assert (fields["k"], fields["words"], fields["stem"]) == ("2", "12", "no")
    assert (fields["multiref"], fields["seed"], fields["refs"]) == ("mean", "7", "1-2")
    assert list(data["systems"]) == ["lead", "random"]
    assert all(d["words"] <= 12 for d in data["documents"])
    assert data["signature"] == "|".join(f"{k}:{v}" for k, v in fields.items())


def test_systems_command_lists_every_system(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["systems"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == sorted(line.split()[0] for line in lines)
    assert len(lines) == 11


@pytest.mark.slow
def test_python_dash_m_works(tiny_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    docs, refs = tiny_corpus
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(tmp_path / "o")]
    done = subprocess.run(
        [sys.executable, "-m", "sumbench", *argv, "--systems", "lead", "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "lead" in done.stdout


def _bad_corpora(tmp: Path) -> dict[str, tuple[Path, Path, str]]:
    """Each case: docs folder, refs folder, text the error line must contain."""
    from ..conftest import write_corpus

    cases: dict[str, tuple[Path, Path, str]] = {}

    def case(name, docs, refs, expect, mutate=None):
        d, r = write_corpus(tmp / name, docs, refs)
        if mutate:
            mutate(d, r)
        cases[name] = (d, r, expect)

    one = {"a": "A sentence here. Another one."}
    one_ref = {"a": ["A reference."]}
    case("missing_docs", one, one_ref, "documents folder not found", lambda d, r: _rm(d))
    case("missing_refs", one, one_ref, "references folder not found", lambda d, r: _rm(r))
    case("no_documents", {}, {}, "no documents")
    case("doc_without_refs", {**one, "b": "Text."}, one_ref, "b.txt has no references")
    case("refs_for_unknown", one, {**one_ref, "zzz": ["R."]}, "unknown documents")
    case("empty_doc", {"a": " \n\t\n"}, one_ref, "a.txt is empty or whitespace only")
    case("empty_ref", one, {"a": ["\n"]}, "A.txt is empty or whitespace only")
    case(
        "bad_utf8",
        one,
        one_ref,
        "a.txt is not valid UTF-8",
        lambda d, r: (d / "a.txt").write_bytes(b"caf\xe9 au lait."),
    )
    case(
        "case_clash",
        one,
        one_ref,
        "duplicate ids differing only in case",
        lambda d, r: (d / "A.TXT").write_text("Other.", encoding="utf-8"),
    )
    return cases


def _rm(path: Path) -> None:
    import shutil

    shutil.rmtree(path)


@pytest.mark.parametrize(
    "name",
    [
        "missing_docs",
        "missing_refs",
        "no_documents",
        "doc_without_refs",
        "refs_for_unknown",
        "empty_doc",
        "empty_ref",
        "bad_utf8",
        "case_clash",
    ],
)
def test_bad_corpus_is_one_line_and_exit_2(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, refs, expect = _bad_corpora(tmp_path)[name]
    out = tmp_path / "out"
    code = main(["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)])
    assert code == 2
    assert expect in _error_line(capsys)
    assert not out.exists()


@pytest.mark.parametrize(
    ("extra", "expect"),
    [
        (["--sentences", "0"], "--sentences must be at least 1"),
        (["--sentences", "-2"], "--sentences must be at least 1"),
        (["--words", "0"], "--words must be at least 1"),
        (["--systems", "lexrnak"], "did you mean 'lexrank'"),
        (["--systems", "lead,lead"], "listed twice"),
        (["--systems", ","], "no systems selected"),
        (["--multi-ref", "median"], "invalid choice"),
        (["--sentences", "three"], "invalid int value"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(
    extra: list[str],
    expect: str,
    tiny_corpus: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    docs, refs = tiny_corpus
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(tmp_path / "o")]
    with pytest.raises(SystemExit) as exit_info:
        sys.exit(main([*argv, *extra]))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()  # read once: a second read is always empty
    assert expect in err
    assert len(err.splitlines()) == 1


def test_output_path_that_is_a_file(
    tiny_corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, refs = tiny_corpus
    out = tmp_path / "out.txt"
    out.write_text("keep me", encoding="utf-8")
    assert main(["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]) == 2
    assert "is not a folder" in _error_line(capsys)
    assert out.read_text(encoding="utf-8") == "keep me"


def test_foreign_output_folder_is_not_replaced(
    tiny_corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, refs = tiny_corpus
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.tex").write_text("precious", encoding="utf-8")
    assert main(["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]) == 2
    assert "refusing to replace" in _error_line(capsys)
    assert (out / "chapter1.tex").read_text(encoding="utf-8") == "precious"


def test_rerun_replaces_previous_results_whole(make_corpus: CorpusFactory, tmp_path: Path) -> None:
    docs, refs = make_corpus(TINY_DOCS, TINY_REFS)
    out = tmp_path / "out"
    base = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]
    assert main([*base, "--systems", "lead,random"]) == 0
    assert main([*base, "--systems", "lead"]) == 0
    assert not (out / "summaries" / "random").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"]  # no temp leftovers


@pytest.mark.slow
def test_closed_pipe_is_quiet(tiny_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    docs, refs = tiny_corpus
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(tmp_path / "o")]
    child = subprocess.Popen(
        [sys.executable, "-m", "sumbench", *argv, "--systems", "lead,random", "--pairwise"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    child.stdout.close()  # like `| head -0`: nobody reads the table
    _, err = child.communicate()
    assert child.returncode == 141
    assert b"Traceback" not in err
    assert (tmp_path / "o" / "results.json").is_file()  # results are written before printing


def test_results_folder_gets_normal_permissions(
    tiny_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    import os

    docs, refs = tiny_corpus
    out = tmp_path / "out"
    old = os.umask(0o022)
    try:
        assert main(["run", "--docs", str(docs), "--refs", str(refs), "--out", str(out)]) == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o755
