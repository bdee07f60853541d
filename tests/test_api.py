"""The library ends a run as `tqcheck check` does: baseline, suppressions, gates and a typed verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck import check, read_segments
from tqcheck.cli import app
from tqcheck.config import Settings
from tqcheck.gating.baseline import load_baseline
from tqcheck.gating.gates import Gates
from tqcheck.gating.suppressions import load_suppressions
from tqcheck.model import Verdict
from tqcheck.request import CheckRequest


@pytest.fixture
def sample(ar_en_sample: tuple[Path, Path]) -> tuple[Path, Path]:
    return ar_en_sample


def _check(sample: tuple[Path, Path], **kwargs: object):  # type: ignore[no-untyped-def]
    target, source = sample
    return check(read_segments(target, source=source), src_lang="ar", tgt_lang="en", **kwargs)  # type: ignore[arg-type]


def test_without_gates_the_run_fails_on_fail_on_alone(sample: tuple[Path, Path]) -> None:
    report = _check(sample)
    assert report.summary.verdict is None
    assert report.summary.failed(report.info.fail_on) is bool(report.summary.by_severity.get("error"))
    assert all(issue.status is None for issue in report.issues)


def test_a_baseline_from_the_cli_makes_every_issue_known(sample: tuple[Path, Path], tmp_path: Path) -> None:
    baseline = tmp_path / "b.json"
    result = CliRunner().invoke(app, ["baseline", "create", str(sample[0]), "--source", str(sample[1]),
                                      "--src-lang", "ar", "--tgt-lang", "en", "-o", str(baseline)])
    assert result.exit_code == 0, result.output
    everything = _check(sample)
    hidden = _check(sample, baseline=load_baseline(baseline))
    assert hidden.issues == ()
    assert hidden.summary.verdict == Verdict(new=0, known=len(everything.issues), fixed=0, suppressed=0)
    assert not hidden.summary.failed(hidden.info.fail_on)
    shown = _check(sample, baseline=load_baseline(baseline), show_known=True)
    assert [issue.status for issue in shown.issues] == ["known"] * len(everything.issues)
    assert [issue.message for issue in shown.issues] == [issue.message for issue in everything.issues]


def test_suppressions_and_count_gates_give_a_typed_verdict(sample: tuple[Path, Path], tmp_path: Path) -> None:
    everything = _check(sample)
    first = everything.issues[0]
    rules = tmp_path / "s.toml"
    rules.write_text(f'[[suppress]]\ncode = "{first.code}"\nsegment = "{first.segment_id}"\nreason = "house style"\n',
                     encoding="utf-8")
    settings = Settings(fail_on="never", gates=Gates(counts={"max-issues": 0}))
    report = _check(sample, settings=settings, suppressions=load_suppressions(rules))
    verdict = report.summary.verdict
    assert verdict is not None and verdict.suppressed >= 1 and verdict.new == len(report.issues)
    assert [failure.gate for failure in verdict.failures] == ["max-issues"]
    assert verdict.failed and report.summary.failed("never")


def test_a_request_runs_what_the_command_runs(sample: tuple[Path, Path], tmp_path: Path) -> None:
    """`CheckRequest` (paths and options, as the CLI gets them) gives the command's JSON issues."""
    result = CliRunner().invoke(app, ["check", str(sample[0]), "--source", str(sample[1]), "--src-lang", "ar",
                                      "--tgt-lang", "en", "-f", "json", "--max-warnings", "0"])
    command = json.loads(result.stdout)
    run = CheckRequest(target=sample[0], source=sample[1], src_lang="ar", tgt_lang="en", jobs=1,
                       counts={"max-warnings": 0}).start()
    issues = [issue for result in run.results for issue in result.issues]
    assert [(issue.code, issue.span.start) for issue in issues] == [
        (issue["code"], issue["start"]) for issue in command["issues"]]
    assert [failure.gate for failure in run.failures()] == [
        failure["gate"] for failure in command["summary"]["gate"]["failures"]]
    assert result.exit_code == (1 if run.failures() else 0)


def test_languages_from_xliff_and_tmx_headers_are_the_runs(tmp_path: Path) -> None:
    """A localisation file that names its languages gives them to the run (the report no longer says null)."""
    root = Path(__file__).resolve().parents[1] / "corpora" / "pipeline"
    for name, expected in (("article.en-fr.xlf", ("en", "fr")), ("headlines.en-es.tmx", ("en", "es"))):
        result = CliRunner().invoke(app, ["check", str(root / name), "-f", "json", "--fail-on", "never"])
        assert result.exit_code == 0, result.output
        languages = json.loads(result.stdout)["languages"]
        assert (languages["source"], languages["target"]) == expected and languages["detected"] == {}
    po = CliRunner().invoke(app, ["check", str(root / "newsroom.de.po"), "--src-lang", "en", "-f", "json",
                                  "--fail-on", "never"])
    assert po.exit_code == 0, po.output
    assert json.loads(po.stdout)["languages"]["target"] == "de"  # the catalogue's `Language:` header
