"""CI reports give the run's real verdict: a failed score threshold or config gate fails them too."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tqcheck.cli import app

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "news-zh-en"
ARGS = ["check", str(SAMPLE / "mt.en"), "--source", str(SAMPLE / "source.zh"), "-r", str(SAMPLE / "reference.en"),
        "--src-lang", "zh", "--tgt-lang", "en", "--fail-on", "never"]


def _run(*extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*ARGS, *extra], env={"SOURCE_DATE_EPOCH": "0"})
    return result.exit_code, result.stdout


def test_a_failed_threshold_fails_every_ci_format() -> None:
    code, markdown = _run("--min-chrf", "99", "-f", "markdown")
    assert code == 1
    assert markdown.startswith("## tqcheck: ❌ failed")
    assert "gate failed: chrF" in markdown
    _, sarif = _run("--min-chrf", "99", "-f", "sarif")
    assert json.loads(sarif)["runs"][0]["invocations"][0]["executionSuccessful"] is False or \
        json.loads(sarif)["runs"][0]["invocations"][0]["exitCode"] == 1
    _, github = _run("--min-chrf", "99", "-f", "github")
    assert github.rstrip().endswith("failed")


def test_a_met_threshold_passes() -> None:
    code, markdown = _run("--min-chrf", "1", "-f", "markdown")
    assert code == 0
    assert markdown.startswith("## tqcheck: ✅ passed")
