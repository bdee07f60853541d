"""`tqcheck report RESULT.json --format FMT`: every format from one saved run, identical to `check -f FMT`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT
from tqcheck.cli import app, main

runner = CliRunner()
FORMATS = ("text", "json", "jsonl", "html", "sarif", "junit", "github", "gitlab", "markdown")
AR_EN = "corpora/news-ar-en"
ZH_EN = "corpora/news-zh-en"
XLIFF = "corpora/pipeline/article.en-fr.xlf"
INPUTS = {
    "article": [f"{AR_EN}/article-01.en", "--source", f"{AR_EN}/article-01.ar", "--reference",
                f"{AR_EN}/article-01.ref.en", "--src-lang", "ar", "--tgt-lang", "en"],
    # Several documents in line-aligned input (a source-field issue would be placed in the source file).
    "line-aligned": [f"{ZH_EN}/mt.en", "--source", f"{ZH_EN}/source.zh", "--docs", f"{ZH_EN}/docs.tsv",
                     "--src-lang", "zh", "--tgt-lang", "en"],
    # Anchors: issues placed at their exact column in the XML file, through unescaped entities and inline codes.
    "xliff": [XLIFF],
}


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # relative inputs, as CI runs them: paths in reports are relative
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.delenv("NO_COLOR", raising=False)


def _invoke(*args: str) -> int:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code


def _saved(name: str, tmp_path: Path) -> Path:
    if not Path(INPUTS[name][0]).exists():
        pytest.skip(f"{INPUTS[name][0]} is not in this checkout")
    saved = tmp_path / "tqcheck.json"
    assert _invoke("check", *INPUTS[name], "--format", "json", "--output", str(saved)) in (0, 1)
    return saved


@pytest.mark.parametrize("name", list(INPUTS))
def test_every_format_from_the_saved_result_is_what_check_writes(name: str, tmp_path: Path) -> None:
    saved = _saved(name, tmp_path)
    for fmt in FORMATS:
        direct, replayed = tmp_path / f"direct.{fmt}", tmp_path / f"replayed.{fmt}"
        _invoke("check", *INPUTS[name], "--format", fmt, "--output", str(direct))
        assert _invoke("report", str(saved), "--format", fmt, "--output", str(replayed)) == 0
        assert replayed.read_text(encoding="utf-8") == direct.read_text(encoding="utf-8"), fmt


def test_parquet_from_the_saved_result_is_what_check_writes(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    saved = _saved("xliff", tmp_path)
    direct, replayed = tmp_path / "direct.parquet", tmp_path / "replayed.parquet"
    _invoke("check", *INPUTS["xliff"], "--format", "parquet", "--output", str(direct))
    assert _invoke("report", str(saved), "--format", "parquet", "--output", str(replayed)) == 0
    assert replayed.read_bytes() == direct.read_bytes()


def test_xliff_result_carries_origin_and_anchors(tmp_path: Path) -> None:
    """What the CI formats need to place an issue is in the JSON: the input file and each field's anchor."""
    record = json.loads(_saved("xliff", tmp_path).read_text(encoding="utf-8"))
    for segment in record["segments"]:
        assert segment["origin"] == XLIFF
        assert segment["anchors"]["target"]["path"] == XLIFF
    sarif = tmp_path / "r.sarif"
    _invoke("report", str(tmp_path / "tqcheck.json"), "--format", "sarif", "-o", str(sarif))
    regions = [result["locations"][0]["physicalLocation"].get("region", {})
               for result in json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]]
    assert regions and all("startColumn" in region for region in regions if region.get("startLine", 0) > 1)


def test_an_older_result_without_origin_or_anchors_still_renders(tmp_path: Path) -> None:
    saved = _saved("xliff", tmp_path)
    record = json.loads(saved.read_text(encoding="utf-8"))
    for segment in record["segments"]:
        segment.pop("origin")
        segment.pop("anchors")
    saved.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    direct, replayed = tmp_path / "direct.html", tmp_path / "replayed.html"
    _invoke("check", *INPUTS["xliff"], "--format", "html", "-o", str(direct))
    assert _invoke("report", str(saved), "--format", "html", "-o", str(replayed)) == 0
    assert replayed.read_text(encoding="utf-8") == direct.read_text(encoding="utf-8")  # the page needs neither
    sarif = tmp_path / "r.sarif"
    assert _invoke("report", str(saved), "--format", "sarif", "-o", str(sarif)) == 0
    assert json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]


def test_html_is_the_default_as_before(tmp_path: Path) -> None:
    saved = _saved("article", tmp_path)
    direct, replayed = tmp_path / "direct.html", tmp_path / "page.html"
    _invoke("check", *INPUTS["article"], "--format", "html", "-o", str(direct))
    assert _invoke("report", str(saved), "--output", str(replayed)) == 0
    assert replayed.read_text(encoding="utf-8") == direct.read_text(encoding="utf-8")


def test_report_exits_zero_when_the_saved_run_failed_its_gate(tmp_path: Path) -> None:
    """Gating is `check`'s exit code; `report` only writes, so CI report steps never fail on issues."""
    saved = _saved("article", tmp_path)
    assert json.loads(saved.read_text(encoding="utf-8"))["summary"]["failed"] is True
    result = runner.invoke(app, ["report", str(saved), "--format", "github"])
    assert result.exit_code == 0 and "::error " in result.stdout


def test_text_colour_follows_the_flag(tmp_path: Path) -> None:
    saved = _saved("article", tmp_path)
    coloured = runner.invoke(app, ["report", str(saved), "--format", "text", "--color"]).stdout
    plain = runner.invoke(app, ["report", str(saved), "--format", "text", "--no-color"]).stdout
    assert "\x1b[" in coloured and "\x1b[" not in plain


def test_refuses_to_overwrite_the_result(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = _saved("article", tmp_path)
    before = saved.read_bytes()
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(saved), "--format", "sarif", "--output", str(saved)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "refusing to overwrite" in err
    assert saved.read_bytes() == before


@pytest.mark.parametrize("content, message", [
    ('{"schema_version": 1, "segments": [', "not a JSON document"),
    ('{"version": "2.1.0", "runs": []}', "not a tqcheck JSON report"),
    ('[{"id": "1", "target": "x"}]', "not a tqcheck JSON report"),
    ('{"schema_version": 2, "segments": [], "issues": [], "summary": {}}', "unsupported schema_version 2"),
    ('{"schema_version": 1, "segments": [], "issues": [], "summary": {}}', "malformed report: missing 'tool'"),
])
def test_bad_results_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
                                         message: str) -> None:
    path = tmp_path / "result.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(path), "--format", "sarif", "--output", str(tmp_path / "out.sarif")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and message in err, err
    assert not (tmp_path / "out.sarif").exists()


def test_a_damaged_record_names_the_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = _saved("article", tmp_path)
    record = json.loads(saved.read_text(encoding="utf-8"))
    record["segments"][2]["target"] = 42
    saved.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(saved), "--format", "junit"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "segments[2].target: expected a string, got an integer" in err


def test_unknown_format_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    saved = _saved("article", tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(saved), "--format", "pdf"])
    assert exit_info.value.code == 2
    assert "unknown output format 'pdf'" in capsys.readouterr().err


def test_installed_script_checks_once_and_writes_sarif_from_the_result(tmp_path: Path) -> None:
    """Real subprocesses of the console script, as a CI job runs them."""
    script = shutil.which("tqcheck") or str(Path(sys.executable).with_name("tqcheck"))
    if not Path(script).exists():
        pytest.skip("tqcheck console script is not installed")
    env = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1767225600"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([script, *args], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)

    saved, replayed, direct = tmp_path / "tqcheck.json", tmp_path / "replayed.sarif", tmp_path / "direct.sarif"
    assert run("check", *INPUTS["article"], "-f", "json", "-o", str(saved)).returncode == 1  # the gate
    done = run("report", str(saved), "--format", "sarif", "-o", str(replayed))
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
    run("check", *INPUTS["article"], "-f", "sarif", "-o", str(direct))
    assert replayed.read_text(encoding="utf-8") == direct.read_text(encoding="utf-8")


# --- the CI examples run the checks once ---------------------------------------------------------------------------

def test_github_example_checks_once_and_reports_from_the_result() -> None:
    yaml = pytest.importorskip("yaml")
    steps = yaml.safe_load((ROOT / "docs" / "ci" / "github-actions.yml").read_text(encoding="utf-8"))[
        "jobs"]["tqcheck"]["steps"]
    runs = [step for step in steps if "tqcheck " in step.get("run", "")]
    checks = [step for step in runs if "tqcheck check" in step["run"]]
    assert len(checks) == 1 and "--format json --output tqcheck.json" in checks[0]["run"]
    assert "||" not in checks[0]["run"]  # its exit code is the gate
    after = steps[steps.index(checks[0]) + 1:]
    assert all("always()" in str(step.get("if", "")) for step in after)  # reports even when the gate fails
    assert all(step["run"].startswith("tqcheck report tqcheck.json --format ") for step in runs if step not in checks)
