"""Third-party warnings become sumbench warnings naming the system and document."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from sumbench import build_corpus
from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run

CORPUS = build_corpus(
    [
        ("a", "One sentence. Two sentences.", ["One sentence."]),
        ("b", "Third one. Fourth one.", ["Third one."]),
    ]
)


def warns_on_a(sentences: list[str], k: int) -> list[int]:
    """A plugin that warns (as sumy does on short documents) on document "a" only."""
    if sentences[0].startswith("One"):
        warnings.warn("Document has only 2 sentences", UserWarning, stacklevel=1)
    return [0]


def test_system_warning_is_reported_not_printed(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    target = "test_warnings:warns_on_a"
    result = run(RunConfig(systems=("lead",), plugins=(("w", target),), jobs=1), corpus=CORPUS)
    assert "system w warned on 1 document(s): a (Document has only 2 sentences)" in result.warnings
    assert [d.notes for d in result.documents if d.system == "w"] == [
        ("Document has only 2 sentences",),
        (),
    ]
    assert "Document has only 2 sentences" not in capfd.readouterr().err


def test_chart_warnings_name_the_chart(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from matplotlib.figure import Figure

    from sumbench.report.plots import figure_bytes

    original = Figure.savefig

    def savefig(self: Figure, *args: object, **kwargs: object) -> None:
        warnings.warn("Tight layout not applied.", UserWarning, stacklevel=1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", savefig)
    fig = Figure()
    fig.subplots().set_title("ROUGE-2 F")
    assert figure_bytes(fig, "svg").startswith(b"<?xml")
    err = capfd.readouterr().err
    assert err == "sumbench: warning: chart 'ROUGE-2 F': Tight layout not applied.\n"


def test_sumy_short_document_warning_names_lsa_and_the_document(
    capfd: pytest.CaptureFixture[str],
) -> None:
    corpus = build_corpus(
        [
            ("short", "Hi. Yo. Ok.", ["Hi."]),
            ("long", "Markets fell today in Tokyo. Oil rose sharply. Gold was flat.", ["Oil."]),
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a leaked warning would fail the run here
        result = run(RunConfig(systems=("lsa",), jobs=1), corpus=corpus)
    notes = [w for w in result.warnings if w.startswith("system lsa warned")]
    assert notes == [
        "system lsa warned on 1 document(s): short (Number of words (1) is lower than number"
        " of sentences (3). LSA algorithm may not work properly.)"
    ]
    assert "LSA algorithm" not in capfd.readouterr().err
