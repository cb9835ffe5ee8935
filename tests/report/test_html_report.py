"""The HTML report: self-contained, escaped, complete; and rendered in headless Chromium.

The browser test needs Chromium (Debian package ``chromium``; .ci/run installs it) and
skips where none is found. The page's Content-Security-Policy forbids every request, so
"no request leaves the file" holds by construction; Chromium's log (``--enable-logging``)
shows any CSP violation or console message as a ``:CONSOLE`` line, which the test forbids
and, on a deliberately broken page, checks that it does catch.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from sumbench.cli import main
from sumbench.engine.config import RunConfig
from sumbench.engine.pipeline import run
from sumbench.report.html import CSP, render_html
from sumbench.results import RunResult, load_results

SEEDS_JSON = Path(__file__).parents[1] / "golden" / "seeds_results.json"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
)
WIDTH, HEIGHT = 1280, 2000


@pytest.fixture(scope="module")
def seeds() -> RunResult:
    """The golden run of the seeds."""
    return load_results(SEEDS_JSON)


@pytest.fixture(scope="module")
def page(seeds: RunResult) -> str:
    """The HTML report of the seeds."""
    return render_html(seeds)


def test_page_forbids_every_request(page: str) -> None:
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    assert "default-src 'none'" in CSP
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script" not in page
    assert "<link" not in page
    assert "@import" not in page


def test_page_holds_every_part(page: str, seeds: RunResult) -> None:
    for heading in (
        "Results",
        "Charts",
        "Per document",
        "Documents and summaries",
        "Configuration",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert seeds.signature.format() in page
    assert page.count('<img src="data:image/svg+xml;base64,') == 2
    assert page.count("<details") >= len(seeds.sources)
    assert "57.10 [51.3, 65.7] *" in page  # lead's R-1 with interval and mark
    assert 'class="picked"' in page


def test_every_text_is_escaped(seeds: RunResult) -> None:
    data = json.loads(json.dumps(seeds.as_dict()))
    data["warnings"] = ["<b>bold</b> & co"]
    doc_id = next(iter(data["sources"]))
    data["sources"][doc_id]["sentences"][0] = "<script>alert(1)</script>"
    page = render_html(RunResult.from_dict(data))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page


def test_a_results_file_without_sources_still_renders(seeds: RunResult) -> None:
    data = seeds.as_dict()
    del data["sources"]
    assert "holds no document texts" in render_html(RunResult.from_dict(data))


def test_run_writes_the_report(tiny_corpus: tuple[Path, Path], tmp_path: Path) -> None:
    docs, refs = tiny_corpus
    out = tmp_path / "results"
    args = ["run", "--docs", str(docs), "--refs", str(refs), "--systems", "lead,oracle"]
    assert main([*args, "--out", str(out)]) == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    result = run(RunConfig(docs=docs, refs=refs, systems=("lead", "oracle")))
    assert page == render_html(result)
    assert (out / "report.html").stat().st_mode & 0o044  # readable by others, like the rest


def _chromium() -> str:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("Chromium not found (install Debian's 'chromium'; .ci/run does as root)")


def _screenshot(html: Path, shot: Path, profile: Path) -> str:
    """Render ``html`` in headless Chromium into ``shot``; return Chromium's log."""
    done = subprocess.run(
        [
            _chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            f"--window-size={WIDTH},{HEIGHT}",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stderr


def _console_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if ":CONSOLE" in line or "Refused to" in line]


@pytest.mark.browser
def test_report_renders_in_chromium(page: str, tmp_path: Path) -> None:
    html, shot = tmp_path / "report.html", tmp_path / "shot.png"
    html.write_text(page, encoding="utf-8")
    log = _screenshot(html, shot, tmp_path / "profile")
    assert _console_lines(log) == []
    image = matplotlib.image.imread(shot)
    assert image.shape[:2] == (HEIGHT, WIDTH)
    colours = np.unique(image[..., :3].reshape(-1, 3), axis=0)
    assert len(colours) > 500  # text, tables, charts: far from a blank page
    assert image[..., :3].std() > 0.05


@pytest.mark.browser
@pytest.mark.slow
def test_the_log_check_catches_a_blocked_request(page: str, tmp_path: Path) -> None:
    # A control: the same page plus an outside image must show up in Chromium's log.
    broken = page.replace("<main>", '<main><img src="http://example.invalid/x.png" alt="">')
    html = tmp_path / "broken.html"
    html.write_text(broken, encoding="utf-8")
    log = _screenshot(html, tmp_path / "shot.png", tmp_path / "profile")
    assert any("example.invalid" in line for line in _console_lines(log))


HOSTILE_ID = "x\x1b]0;PWNED\x07\x1b[2J"
HOSTILE_NAMES = ('<script>alert("name")</script>', '" onload="alert(1)', "'><svg onload=alert(2)>")


def _hostile_page(seeds: RunResult) -> str:
    """The seeds' page with hostile ids, system names, warnings and texts (a hand-edited file)."""
    text = json.dumps(seeds.as_dict())
    first_doc = seeds.documents[0].doc_id
    text = text.replace(json.dumps(first_doc), json.dumps(HOSTILE_ID))
    for old, new in zip(("lead", "textrank", "lsa"), HOSTILE_NAMES, strict=True):
        text = text.replace(f'"{old}"', json.dumps(new))
    data = json.loads(text)
    data["config"] = seeds.as_dict()["config"]  # the config's names are checked when read
    data["warnings"].append('<img src=x onerror="alert(3)"> on ' + HOSTILE_ID)
    source = data["sources"][HOSTILE_ID]
    source["sentences"][0] = '</code></pre><script>alert(4)</script><a href="javascript:x">'
    return render_html(RunResult.from_dict(data))


class _Elements(HTMLParser):
    """Every element and attribute of a page, and its title."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        self._in_title = tag == "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False


def _assert_inert(markup: str) -> None:
    elements = _Elements()
    elements.feed(markup)
    assert "script" not in elements.tags
    assert "svg" not in elements.tags or "onload" not in dict(elements.attributes)
    assert not [name for name, _ in elements.attributes if name.startswith("on")]
    assert not [v for _, v in elements.attributes if v and v.strip().startswith("javascript:")]
    assert elements.title == "sumbench report"


def test_hostile_text_is_inert_in_the_markup(seeds: RunResult) -> None:
    page = _hostile_page(seeds)
    _assert_inert(page)
    assert "\x1b" not in page  # shown escaped, as on a terminal, or not at all
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in page


@pytest.mark.browser
def test_hostile_text_stays_inert_in_chromium(seeds: RunResult, tmp_path: Path) -> None:
    html = tmp_path / "hostile.html"
    html.write_text(_hostile_page(seeds), encoding="utf-8")
    log = _screenshot(html, tmp_path / "shot.png", tmp_path / "profile")
    assert _console_lines(log) == []  # no script ran, none was refused by the CSP either
    dom = subprocess.run(
        [
            _chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path}/p2",
            "--dump-dom",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "sumbench report" in dom
    _assert_inert(dom)  # the page as Chromium parsed it
