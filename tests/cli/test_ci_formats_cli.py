"""`tqcheck check --format sarif|junit|github|gitlab|markdown` end to end on the bundled corpora."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, SHARED
from tqcheck.cli import app

runner = CliRunner()
AR_EN = ROOT / "corpora" / "news-ar-en"
ZH_EN = ROOT / "corpora" / "news-zh-en"
ARTICLE = ["check", str(AR_EN / "article-01.en"), "--source", str(AR_EN / "article-01.ar"), "--src-lang", "ar",
           "--tgt-lang", "en"]
LINE_ALIGNED = ["check", str(ZH_EN / "mt.en"), "--source", str(ZH_EN / "source.zh"), "--docs",
                str(ZH_EN / "docs.tsv"), "--src-lang", "zh", "--tgt-lang", "en"]


def _run(args: list[str], fmt: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--format", fmt])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


def test_sarif_on_the_article() -> None:
    code, out = _run(ARTICLE, "sarif")
    assert code == 1
    run = json.loads(out)["runs"][0]
    assert run["invocations"][0]["exitCode"] == 1
    assert {result["ruleId"] for result in run["results"]} >= {"TQ101", "TQ551"}
    doubled = next(r for r in run["results"] if r["ruleId"] == "TQ101")
    region = doubled["locations"][0]["physicalLocation"]["region"]
    line = (AR_EN / "article-01.en").read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1:region["endColumn"] - 1] == region["snippet"]["text"] == ". ."


@pytest.mark.parametrize("name", ["article.en-fr.xlf", "ui-strings.en-de.xlf", "headlines.en-es.tmx",
                                  "newsroom.de.po"])
def test_sarif_regions_point_into_pipeline_files(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every region with a snippet holds exactly that text in the XLIFF/TMX/PO file."""
    path = ROOT / "corpora" / "pipeline" / name
    if not path.is_file():
        pytest.skip(f"{path} is not in this checkout")
    monkeypatch.chdir(ROOT)
    _code, out = _run(["check", str(path.relative_to(ROOT))], "sarif")
    results = json.loads(out)["runs"][0]["results"]
    lines = path.read_text(encoding="utf-8").split("\n")
    checked = 0
    for result in results:
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == f"corpora/pipeline/{name}"
        region = physical["region"]
        if "snippet" in region and region["startLine"] == region["endLine"]:
            line = lines[region["startLine"] - 1]
            assert line[region["startColumn"] - 1:region["endColumn"] - 1] == region["snippet"]["text"]
            checked += 1
    assert checked >= 1


def test_junit_on_line_aligned_documents() -> None:
    code, out = _run(LINE_ALIGNED, "junit")
    assert code == 1
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert len(suites) == 1 and suites[0].get("name", "").endswith("mt.en")
    docs = {line.split("\t")[-1] for line in (ZH_EN / "docs.tsv").read_text(encoding="utf-8").splitlines()}
    assert {case.get("name") for case in suites[0].findall("testcase")} == docs
    assert int(root.get("failures", "0")) >= 1


def test_github_annotations_point_at_the_target_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out = _run(ARTICLE, "github")
    assert code == 1
    lines = out.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines[:-1])
    assert lines[-1].startswith("tqcheck: ") and lines[-1].endswith("failed")
    assert all("file=corpora/news-ar-en/article-01.en,line=" in line for line in lines[:-1])


def test_gitlab_code_quality_on_a_tsv_batch() -> None:
    code, out = _run(["check", str(ZH_EN / "batch.tsv"), "--src-lang", "zh", "--tgt-lang", "en"], "gitlab")
    assert code == 1
    records = json.loads(out)
    assert records and all(r["location"]["path"].endswith("batch.tsv") for r in records)
    assert len({r["fingerprint"] for r in records}) == len(records)


def test_markdown_summary_and_fail_on_never() -> None:
    code, out = _run([*ARTICLE, "--fail-on", "never"], "markdown")
    assert code == 0
    assert out.startswith("## tqcheck: ✅ passed") and "### Issues by check" in out


def test_output_file_is_written_for_every_ci_format(tmp_path: Path) -> None:
    for fmt in ("sarif", "junit", "github", "gitlab", "markdown"):
        dest = tmp_path / f"report.{fmt}"
        result = runner.invoke(app, [*ARTICLE, "--format", fmt, "-o", str(dest)])
        assert result.exit_code == 1 and result.stdout == "", fmt
        assert dest.read_text(encoding="utf-8").strip(), fmt


def test_unknown_format_is_a_one_line_error() -> None:
    from tqcheck.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main([*ARTICLE, "--format", "sarif2"])
    assert exit_info.value.code == 2


def test_installed_script_writes_a_valid_sarif_file(tmp_path: Path) -> None:
    """A real subprocess of the installed console script, as a CI job runs it."""
    script = shutil.which("tqcheck") or str(Path(sys.executable).with_name("tqcheck"))
    if not Path(script).exists():
        pytest.skip("tqcheck console script is not installed")
    dest = tmp_path / "tqcheck.sarif"
    done = subprocess.run([script, *ARTICLE, "--format", "sarif", "-o", str(dest)], capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, timeout=120, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    sarif = json.loads(dest.read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"corpora/news-ar-en/article-01.en"}  # relative to the working directory
    schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    jsonschema = pytest.importorskip("jsonschema")
    if schema_path.is_file():
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema)(schema).validate(sarif)


# --- integration files: the pre-commit hook and the CI examples ---------------------------------------------------

def _hook() -> dict[str, object]:
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and [hook["id"] for hook in hooks] == ["tqcheck"]
    hook: dict[str, object] = hooks[0]
    return hook


def test_pre_commit_hook_manifest() -> None:
    import re

    hook = _hook()
    assert {"id", "name", "entry", "language"} <= set(hook) and hook["pass_filenames"] is True
    pattern = re.compile(str(hook["files"]))
    for name in ("a.xlf", "b.xliff", "c.tmx", "d/e.po", "f.tsv", "g.jsonl"):
        assert pattern.search(name), name
    for name in ("a.py", "po", "x.tsv.bak"):
        assert not pattern.search(name), name


def test_pre_commit_hook_entry_checks_every_file_in_one_process(tmp_path: Path) -> None:
    """Run the entry as pre-commit does: entry + args + filenames, the installed console script."""
    import shlex

    hook = _hook()
    assert hook["require_serial"] is True
    entry = shlex.split(str(hook["entry"]))
    assert entry[:2] == ["tqcheck", "check"]
    script = Path(sys.executable).parent / "tqcheck"
    command = [str(script) if script.exists() else "tqcheck", *entry[1:]]
    clean = tmp_path / "clean.jsonl"
    clean.write_text('{"source": "Hallo Welt.", "target": "Hello world."}\n', encoding="utf-8")
    batch = str(ZH_EN / "batch.tsv")
    env = {**os.environ, "NO_COLOR": "1"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)

    both = run(str(clean), batch)
    assert both.returncode == 1 and "batch.tsv" in both.stdout  # one report for both files
    assert run("--fail-on", "never", str(clean), batch).returncode == 0
    missing = run(str(clean), str(tmp_path / "absent.po"))
    assert missing.returncode == 2 and "input file not found" in missing.stderr


def test_ci_examples_are_valid_yaml_using_the_ci_formats() -> None:
    yaml = pytest.importorskip("yaml")
    github = (ROOT / "docs" / "ci" / "github-actions.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(github)
    steps = workflow["jobs"]["tqcheck"]["steps"]
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif") for step in steps)
    runs = " ".join(step.get("run", "") for step in steps)
    for piece in ("--format sarif --output tqcheck.sarif", "--format markdown >> \"$GITHUB_STEP_SUMMARY\"",
                  "--format github"):
        assert piece in runs
    gitlab = yaml.safe_load((ROOT / "docs" / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = gitlab["tqcheck"]
    assert job["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json", "junit": "tqcheck-junit.xml"}
    assert any("--format gitlab" in line for line in job["script"])
