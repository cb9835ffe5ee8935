"""Systems from outside: output folders, Python callables, entry points, --param overrides."""

from __future__ import annotations

import json
import re
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from rouge_score import rouge_scorer

from sumbench.cli import main, parse_value
from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run
from sumbench.errors import InputError
from sumbench.systems import plugins
from sumbench.systems.outputs import load_outputs, outputs_hash
from sumbench.systems.registry import REGISTRY
from sumbench.systems.sumy_systems import with_params

from ..conftest import TINY_REFS


def first_sentence(sentences: list[str], k: int) -> list[int]:
    """A plugin returning indices (used through a fake entry point)."""
    return [0]


def _error_line(capsys: pytest.CaptureFixture[str]) -> str:
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("sumbench: error: ")
    return lines[0]


def _outputs(base: Path, texts: dict[str, str]) -> Path:
    folder = base / "outputs"
    for doc_id, text in texts.items():
        path = folder / f"{doc_id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def _scorer() -> rouge_scorer.RougeScorer:
    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)


# --- system outputs -------------------------------------------------------------------


def test_outputs_are_scored_like_rouge_score_directly(
    tiny_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    docs, refs = tiny_corpus
    alpha = "The council passed a budget. It funds schools.\nCritics object."
    beta = TINY_REFS["beta"][0]
    folder = _outputs(tmp_path, {"alpha": alpha, "beta": beta})
    config = RunConfig(docs=docs, refs=refs, systems=("lead",), system_dirs=(("mine", folder),))
    result = run(config)
    mine = [d for d in result.documents if d.system == "mine"]
    assert mine[0].summary == (
        "The council passed a budget.",
        "It funds schools.",
        "Critics object.",
    )
    assert mine[0].indices == ()
    expected = _scorer().score_multi(TINY_REFS["alpha"], "\n".join(mine[0].summary))
    assert mine[0].scores["rouge1"].fmeasure == pytest.approx(expected["rouge1"].fmeasure)
    # beta's output is its only reference: a perfect score, checked by hand.
    assert mine[1].scores["rouge2"].fmeasure == pytest.approx(1.0)
    system = result.system("mine")
    assert system.params == {"outputs_sha256": outputs_hash(load_outputs(folder))}
    assert system.coverage == (2, 2)
    assert "params" in result.signature.as_dict()


def test_word_budget_applies_to_outputs(tiny_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    docs, refs = tiny_corpus
    folder = _outputs(tmp_path, {"alpha": "one two three four five six", "beta": "a b c d e f g"})
    config = RunConfig(
        docs=docs, refs=refs, systems=("lead",), system_dirs=(("m", folder),), words=4
    )
    assert all(d.words <= 4 for d in run(config).documents)


def test_missing_output_is_an_error_naming_it(
    tiny_corpus: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs, refs = tiny_corpus
    folder = _outputs(tmp_path, {"alpha": "The council passed a budget."})
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(tmp_path / "o")]
    argv += ["--systems", "lead", "--system-dir", f"mine={folder}"]
    assert main(argv) == 2
    assert "no output for beta.txt" in _error_line(capsys)
    assert not (tmp_path / "o").exists()
    assert main([*argv, "--allow-missing"]) == 0
    data = json.loads((tmp_path / "o" / "results.json").read_text(encoding="utf-8"))
    assert data["systems"]["mine"]["coverage"] == {"documents": 1, "of": 2}
    assert "coverage" not in data["systems"]["lead"]
    assert "1/2" in (tmp_path / "o" / "results.md").read_text(encoding="utf-8")


def test_output_hash_changes_with_content(tmp_path: Path) -> None:
    before = outputs_hash(load_outputs(_outputs(tmp_path, {"a": "x.", "sub/b": "y."})))
    assert set(load_outputs(tmp_path / "outputs")) == {"a", "sub/b"}
    (tmp_path / "outputs" / "a.txt").write_text("z.", encoding="utf-8")
    assert outputs_hash(load_outputs(tmp_path / "outputs")) != before


def test_missing_outputs_folder_is_an_input_error(tiny_corpus: tuple[Path, Path]) -> None:
    docs, refs = tiny_corpus
    with pytest.raises(InputError, match="system outputs folder not found"):
        run(RunConfig(docs=docs, refs=refs, systems=("lead",), system_dirs=(("m", docs / "x"),)))


# --- Python callables ----------------------------------------------------------------


def _module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, body: str) -> None:
    (tmp_path / f"{name}.py").write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)


def test_callable_returning_sentences_or_indices(
    tiny_corpus: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, refs = tiny_corpus
    body = "def last(s, k):\n    return s[-1:]\ndef firsts(s, k):\n    return list(range(k))\n"
    _module(tmp_path, monkeypatch, "byo_plugin_ok", body)
    config = RunConfig(
        docs=docs,
        refs=refs,
        systems=("lead",),
        plugins=(("last", "byo_plugin_ok:last"), ("firsts", "byo_plugin_ok:firsts")),
    )
    result = run(config)
    by = {(d.system, d.doc_id): d for d in result.documents}
    assert by["last", "beta"].summary == ("Schools were closed.",)
    assert by["firsts", "alpha"].indices == (0, 1, 2)
    assert by["firsts", "alpha"].scores == by["lead", "alpha"].scores
    assert result.system("last").params == {"callable": "byo_plugin_ok:last"}


def _run_plugin(
    corpus: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    body: str,
    *extra: str,
) -> int:
    """Run ``lead`` and a plugin system ``x`` made of ``body`` on the corpus; the exit code."""
    docs, refs = corpus
    name = f"byo_plugin_{abs(hash((body, extra)))}"  # a fresh module name per case
    _module(tmp_path, monkeypatch, name, body)
    argv = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(tmp_path / "o")]
    return main([*argv, "--systems", "lead", "--system", f"x={name}:f", *extra])


BAD_OUTPUTS = [
    ("def f(s, k):\n    return 'text'\n", "returned str, not a list"),
    ("def f(s, k):\n    return [0, 'a']\n", "mixing types"),
    ("def f(s, k):\n    return [1, 0]\n", "repeated or out-of-order"),
    ("def f(s, k):\n    return [0, 1, 2, 3, 4]\n", "more than k=3"),
    ("def f(s, k):\n    return ['  ']\n", "empty summary"),
    ("def f(s, k):\n    raise RuntimeError('boom')\n", "RuntimeError: boom"),
]


@pytest.mark.parametrize(("body", "message"), BAD_OUTPUTS)
def test_bad_plugin_output_is_a_reported_failure_exit_3(
    tiny_corpus: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    body: str,
    message: str,
) -> None:
    # The run goes on without the failing system; results.json says where and why.
    assert _run_plugin(tiny_corpus, tmp_path, monkeypatch, body) == 3
    data = json.loads((tmp_path / "o" / "results.json").read_text(encoding="utf-8"))
    assert [(f["id"], f["system"]) for f in data["failures"]] == [("alpha", "x"), ("beta", "x")]
    assert all(message in f["error"] for f in data["failures"])
    assert list(data["systems"]) == ["lead"]
    assert "results are incomplete" in capsys.readouterr().err


@pytest.mark.parametrize(("body", "message"), BAD_OUTPUTS)
def test_bad_plugin_output_with_fail_fast_is_one_line_exit_3(
    tiny_corpus: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    body: str,
    message: str,
) -> None:
    assert _run_plugin(tiny_corpus, tmp_path, monkeypatch, body, "--fail-fast") == 3
    line = _error_line(capsys)
    # With several workers the first failure to arrive is named: either document.
    assert re.search(r"system 'x' failed on document '(alpha|beta)'", line)
    assert message in line
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [("f = 3\n", "is not callable"), ("raise ImportError('nope')\n", "cannot import")],
)
def test_unloadable_plugins_give_one_line_errors(
    tiny_corpus: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    body: str,
    message: str,
) -> None:
    assert _run_plugin(tiny_corpus, tmp_path, monkeypatch, body) == 2
    assert message in _error_line(capsys)


def test_entry_point_plugins_are_listed_and_selectable(
    tiny_corpus: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    entry = EntryPoint(
        name="first", value=f"{__name__}:first_sentence", group=plugins.ENTRY_POINT_GROUP
    )
    monkeypatch.setattr(plugins, "entry_points", lambda group: [entry])
    assert main(["systems"]) == 0
    assert "first" in capsys.readouterr().out
    docs, refs = tiny_corpus
    result = run(RunConfig(docs=docs, refs=refs, systems=("lead", "first")))
    assert [d.indices for d in result.documents if d.system == "first"] == [(0,), (0,)]


def test_external_name_clash_is_refused(tiny_corpus: tuple[Path, Path]) -> None:
    with pytest.raises(InputError, match="used twice: lead"):
        RunConfig(systems=("lead",), plugins=(("lead", "m:f"),))


# --- parameters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"), [("0.2", 0.2), ("3", 3), ("true", True), ("[1, 2]", [1, 2]), ("abc", "abc")]
)
def test_param_values_are_json_literals_else_strings(text: str, value: object) -> None:
    assert parse_value(text) == value


def test_param_override_reaches_summarizer_params_and_signature(
    tiny_corpus: tuple[Path, Path],
) -> None:
    docs, refs = tiny_corpus
    base = run(RunConfig(docs=docs, refs=refs, systems=("lexrank",)))
    tuned = run(
        RunConfig(
            docs=docs, refs=refs, systems=("lexrank",), params=(("lexrank", "threshold", 0.9),)
        )
    )
    assert tuned.system("lexrank").params == {"threshold": 0.9}
    assert "params" not in base.signature.as_dict()
    assert "params" in tuned.signature.as_dict()
    assert tuned.config.params_by_system() == {"lexrank": {"threshold": 0.9}}
    assert REGISTRY["lexrank"].params == {}  # the registry is untouched


def test_param_is_set_on_the_sumy_object(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float] = []
    from sumy.summarizers.lex_rank import LexRankSummarizer

    original = LexRankSummarizer.__call__

    def spy(self: LexRankSummarizer, document: object, count: int) -> object:
        seen.append(self.threshold)
        return original(self, document, count)

    monkeypatch.setattr(LexRankSummarizer, "__call__", spy)
    from sumbench.systems.base import Context
    from sumbench.systems.segment import parse_document

    doc = parse_document("d", "One sentence here. Another one there. A third one.")
    with_params("lexrank", {"threshold": 0.3}).summarize(doc, Context(k=1))
    assert seen == [0.3]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--systems", "lexrank", "--param", "lexrank.nope=1"], "no parameter 'nope'"),
        (["--systems", "lexrank", "--param", "lexrank.threshold=x"], "needs a number"),
        (["--systems", "lead", "--param", "lead.k=1"], "no settable parameters"),
        (["--systems", "lead", "--param", "lexrank.threshold=1"], "is not selected"),
    ],
)
def test_bad_params_give_one_line_errors(
    tiny_corpus: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    docs, refs = tiny_corpus
    base = ["run", "--docs", str(docs), "--refs", str(refs), "--out", str(tmp_path / "o")]
    assert main(base + argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert message in err


def test_malformed_param_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--param", "nodot=1"])
    assert exit_info.value.code == 2
    assert "expected SYSTEM.PARAM=VALUE" in capsys.readouterr().err


def test_outputs_alone_need_no_built_in_system(
    tiny_corpus: tuple[Path, Path], tmp_path: Path
) -> None:
    docs, refs = tiny_corpus
    folder = _outputs(tmp_path, {"alpha": "A budget.", "beta": "Floods."})
    result = run(RunConfig(docs=docs, refs=refs, systems=(), system_dirs=(("m", folder),)))
    assert [s.name for s in result.systems] == ["m"]
