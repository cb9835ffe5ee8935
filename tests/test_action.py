"""The composite action: inputs declared and used, scripts safe and runnable, exit code passed on.

The steps' own shell scripts run here, with the installed sumbench: the check records
its exit code, the summary gets the comparison table, and the last step fails with it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REFERENCES, ROOT, SEEDS

yaml = pytest.importorskip("yaml", reason="PyYAML (in the test extra) is not installed")

ACTION = ROOT / ".github" / "actions" / "sumbench" / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")
BASH = shutil.which("bash") or "bash"
HAS_BASH = shutil.which("bash") is not None


def _action() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    return loaded


def _steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = _action()["runs"]["steps"]
    return steps


def test_composite_with_the_promised_steps() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    uses = [s.get("uses", "").split("@")[0] for s in _steps()]
    assert uses.count("actions/setup-python") == 1
    assert uses.count("actions/upload-artifact") == 1
    assert "$GITHUB_STEP_SUMMARY" in json.dumps(_steps())
    assert action["inputs"]["baseline"].get("required") is True
    assert action["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"
    after_check = _steps()[[s.get("id") for s in _steps()].index("check") + 1 :]
    assert all(s.get("if") == "always()" for s in after_check[:-1])  # report even on failure


def test_every_input_is_declared_and_used() -> None:
    declared = set(_action()["inputs"])
    text = ACTION.read_text(encoding="utf-8")
    used = {m.split(".", 1)[1] for m in EXPRESSION.findall(text) if m.startswith("inputs.")}
    assert used == declared
    assert {"python-version", "sumbench-ref", "baseline", "docs", "refs", "args"} <= declared


def test_scripts_take_inputs_from_the_environment_only() -> None:
    # An expression inside a script is pasted into it: a crafted input would run as code.
    for step in _steps():
        assert not EXPRESSION.search(step.get("run", "")), step.get("name")


@pytest.mark.skipif(not HAS_BASH, reason="bash is not installed")
@pytest.mark.parametrize("step", [s for s in _steps() if "run" in s], ids=lambda s: s["name"])
def test_scripts_parse_in_bash(step: dict[str, Any]) -> None:
    done = subprocess.run([BASH, "-n"], input=step["run"], text=True, capture_output=True)
    assert done.returncode == 0, done.stderr


def _resolve(value: str, inputs: dict[str, str], outputs: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("inputs."):
            return inputs.get(name[len("inputs.") :], "")
        return outputs.get(name, "")

    return EXPRESSION.sub(one, value)


def _run_steps(tmp_path: Path, inputs: dict[str, str]) -> tuple[int, dict[str, str], str]:
    """Run the check, summary and exit steps; (last exit code, step outputs, summary)."""
    defaults = {k: str(v.get("default", "")) for k, v in _action()["inputs"].items()}
    inputs = defaults | inputs
    summary = tmp_path / "summary.md"
    outputs: dict[str, str] = {}
    code = 0
    bin_dir = str(Path(sys.executable).parent)  # the sumbench installed with this Python
    for number, step in enumerate(s for s in _steps() if "run" in s):
        if step["name"] == "Install sumbench":
            continue
        github_output = tmp_path / f"output-{number}"
        env = {k: _resolve(str(v), inputs, outputs) for k, v in step.get("env", {}).items()}
        env |= {"GITHUB_OUTPUT": str(github_output), "GITHUB_STEP_SUMMARY": str(summary)}
        env |= {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path)}
        code = subprocess.run([BASH, "-c", step["run"]], env=env, cwd=tmp_path).returncode
        if "id" in step and github_output.exists():
            for line in github_output.read_text(encoding="utf-8").splitlines():
                key, _, value = line.partition("=")
                outputs[f"steps.{step['id']}.outputs.{key}"] = value
    return code, outputs, summary.read_text(encoding="utf-8")


FAST = "--systems lead,textrank --jobs 1 --no-cache --quiet"


@pytest.mark.slow  # the action's scripts run the sumbench CLI on the seeds in subprocesses
@pytest.mark.skipif(not HAS_BASH, reason="bash is not installed")
def test_passing_run(tmp_path: Path) -> None:
    baseline = str(ROOT / "baselines" / "seeds.json")
    inputs = {"baseline": baseline, "docs": str(SEEDS), "refs": str(REFERENCES), "args": FAST}
    code, outputs, summary = _run_steps(tmp_path, inputs)
    assert (code, outputs["steps.check.outputs.exit-code"]) == (0, "0")
    assert "## sumbench check (exit code 0)" in summary
    assert "| lead | rouge2 |" in summary
    assert (tmp_path / "sumbench-results" / "results.json").is_file()


@pytest.mark.slow  # as test_passing_run
@pytest.mark.skipif(not HAS_BASH, reason="bash is not installed")
def test_a_regression_fails_with_code_1_after_the_summary(tmp_path: Path) -> None:
    baseline = json.loads((ROOT / "baselines" / "seeds.json").read_text(encoding="utf-8"))
    today = baseline["systems"]["lead"]["rouge2"]["fmeasure"]
    baseline["systems"]["lead"]["rouge2"]["fmeasure"] += 0.05  # 5 F points above today
    raised = json.dumps(baseline)
    (tmp_path / "raised.json").write_text(raised, encoding="utf-8")
    inputs = {"baseline": "raised.json", "docs": str(SEEDS), "refs": str(REFERENCES), "args": FAST}
    code, outputs, summary = _run_steps(tmp_path, inputs)
    assert (code, outputs["steps.check.outputs.exit-code"]) == (1, "1")
    row = f"| lead | rouge2 | {100 * today + 5:.2f} | {100 * today:.2f} | -5.00 |"
    assert row in summary


@pytest.mark.skipif(not HAS_BASH, reason="bash is not installed")
def test_bad_input_passes_code_2_and_says_there_is_no_report(tmp_path: Path) -> None:
    inputs = {"baseline": str(ROOT / "baselines" / "seeds.json"), "docs": "missing", "args": FAST}
    code, _, summary = _run_steps(tmp_path, inputs)
    assert code == 2
    assert "No report: see the step log." in summary


def test_the_ci_example_uses_the_action_with_declared_inputs() -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "ci" / "sumbench.yml").read_text("utf-8"))
    (job,) = workflow["jobs"].values()
    (step,) = [s for s in job["steps"] if "/.github/actions/sumbench@" in s.get("uses", "")]
    assert step["uses"] == "OWNER/sumbench/.github/actions/sumbench@REF"
    assert set(step["with"]) <= set(_action()["inputs"])
    assert {"baseline", "docs", "refs"} <= set(step["with"])
