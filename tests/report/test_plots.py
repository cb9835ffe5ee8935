"""Charts of the golden seeds run: produced, the expected size, not blank, reproducible."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from sumbench.cli import main
from sumbench.report.plots import DPI, bar_figure, heatmap_figure, plot_files
from sumbench.results import RunResult, load_results

SEEDS_JSON = Path(__file__).parents[1] / "golden" / "seeds_results.json"


@pytest.fixture(scope="module")
def seeds() -> RunResult:
    """The golden run of the seeds."""
    return load_results(SEEDS_JSON)


@pytest.fixture(scope="module")
def files(seeds: RunResult) -> dict[str, bytes]:
    """Every chart file of the seeds run."""
    return plot_files(seeds)


def pixels(data: bytes) -> np.ndarray:
    """A PNG's pixels as an array (height x width x channels)."""
    return matplotlib.image.imread(io.BytesIO(data), format="png")


@pytest.mark.slow
def test_every_chart_in_png_and_svg(files: dict[str, bytes]) -> None:
    assert sorted(files) == [
        "rouge2_per_document.png",
        "rouge2_per_document.svg",
        "rouge_f.png",
        "rouge_f.svg",
    ]
    assert all(len(data) > 1000 for data in files.values())
    assert files["rouge_f.svg"].lstrip().startswith(b"<?xml")


def test_pngs_have_the_figure_size(seeds: RunResult, files: dict[str, bytes]) -> None:
    # 11 systems, 4 ROUGE types, 5 documents: sizes follow from the figure formulas.
    for name, figure in [
        ("rouge_f", bar_figure(seeds)),
        ("rouge2_per_document", heatmap_figure(seeds)),
    ]:
        width, height = (round(v * DPI) for v in figure.get_size_inches())
        assert pixels(files[f"{name}.png"]).shape[:2] == (height, width)
    assert pixels(files["rouge_f.png"]).shape[:2] == (472, 1280)


@pytest.mark.slow
def test_pngs_are_not_blank(files: dict[str, bytes]) -> None:
    for name in ("rouge_f.png", "rouge2_per_document.png"):
        image = pixels(files[name])
        colours = np.unique(image.reshape(-1, image.shape[-1]), axis=0)
        assert len(colours) > 50, name


@pytest.mark.slow
def test_charts_are_reproducible(seeds: RunResult, files: dict[str, bytes]) -> None:
    assert plot_files(seeds) == files
    assert b"<dc:date>" not in files["rouge_f.svg"]


@pytest.mark.slow
def test_plot_command_writes_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plot", str(SEEDS_JSON), "--output", str(tmp_path / "charts")]) == 0
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [
        "rouge2_per_document.png",
        "rouge2_per_document.svg",
        "rouge_f.png",
        "rouge_f.svg",
    ]
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("target", "message"), [("missing.json", "file not found"), ("file.txt", "is not a folder")]
)
def test_plot_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, target: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    source = tmp_path / "missing.json" if target == "missing.json" else SEEDS_JSON
    assert main(["plot", str(source), "--output", str(tmp_path / target)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_identical_scores_draw_without_negative_error_bars() -> None:
    # Every document scores the same: bootstrap bounds may sit one ulp inside the mean.
    from sumbench.corpus.model import build_corpus
    from sumbench.engine.config import RunConfig
    from sumbench.engine.pipeline import run
    from sumbench.report.plots import plot_files

    text = " ".join(f"Sentence {j} talks about rifles and talks." for j in range(6))
    corpus = build_corpus([(f"d{i:02d}", text, ["Rifles and talks."]) for i in range(30)])
    files = plot_files(run(RunConfig(systems=("lead",), jobs=1), corpus=corpus))
    assert all(data for data in files.values())
