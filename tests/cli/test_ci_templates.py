"""The CI templates in docs/ci/ run as written: their tqcheck commands, executed against the bundled samples.

Each template is parsed (PyYAML), its steps or script lines are run in a shell in a fresh folder that
holds the samples where the template expects them (`translations/mt.de`, `translations/source.en`:
`corpora/news-en-de`), with the installed `tqcheck` console script on PATH, and the outcome is what
the template promises: the gate's exit code, the reports written, the optional SARIF upload only
when switched on. Installing is the one thing not run (no network here): the install lines are
checked instead (each `TQCHECK_INSTALL`, active or commented out, is a valid pip requirement).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement

from tests.conftest import ROOT

GITHUB = ROOT / "docs" / "ci" / "github-actions.yml"
GITLAB = ROOT / "docs" / "ci" / "gitlab-ci.yml"
SAMPLE = ROOT / "corpora" / "news-en-de"


def _script() -> Path:
    script = Path(shutil.which("tqcheck") or Path(sys.executable).with_name("tqcheck"))
    if not script.exists():
        pytest.skip("tqcheck console script is not installed")
    return script


def _workdir(tmp_path: Path) -> Path:
    """A checkout of a project with its translations where the templates' TQCHECK_ARGS expect them."""
    work = tmp_path / "repo"
    (work / "translations").mkdir(parents=True)
    for name in ("mt.de", "source.en"):
        shutil.copy(SAMPLE / name, work / "translations" / name)
    return work


def _shell_env(tmp_path: Path, *layers: Mapping[str, Any]) -> dict[str, str]:
    """The runner's environment: PATH with the console script, a private HOME, the template's variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TQCHECK_", "GITHUB_", "GIT_"))}
    env.update(PATH=f"{_script().parent}{os.pathsep}{os.environ['PATH']}", HOME=str(tmp_path / "home"),
               XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"), NO_COLOR="1", CI="true")
    (tmp_path / "home").mkdir(exist_ok=True)
    for layer in layers:
        env.update({str(key): str(value) for key, value in layer.items()})
    return env


def _install_specs(path: Path) -> list[str]:
    """Every TQCHECK_INSTALL value in the file, commented-out alternatives included."""
    found = re.findall(r"^\s*#?\s*TQCHECK_INSTALL:\s*(.+?)\s*$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return [value.strip("\"'") for value in found]


@pytest.mark.parametrize("path", [GITHUB, GITLAB], ids=["github", "gitlab"])
def test_install_from_a_package_index_or_the_git_repository(path: Path) -> None:
    """Both ways to install are there, each a requirement pip accepts; the git one pinned to a tag or commit."""
    specs = _install_specs(path)
    assert len(specs) == 2, specs
    requirements = [Requirement(spec) for spec in specs]
    assert all(requirement.name == "tqcheck" for requirement in requirements)
    index, git = requirements
    assert index.url is None
    assert git.url is not None and git.url.startswith("git+https://") and "@" in git.url.rsplit("/", 1)[-1]
    text = path.read_text(encoding="utf-8")
    assert 'pip install "$TQCHECK_INSTALL"' in text  # quoted: `tqcheck @ git+...` has spaces
    assert "TQCHECK_REPO_TOKEN" in text  # a private repository: how to give the token


# --- GitHub Actions ------------------------------------------------------------------------------------------------

_ALWAYS = re.compile(r"^always\(\)$")
_HASH = re.compile(r"^hashFiles\('([^']+)'\)\s*!=\s*''$")
_ENV = re.compile(r"^env\.(\w+)\s*==\s*'([^']*)'$")


def _condition(expression: str | None, env: Mapping[str, str], cwd: Path, failed: bool) -> bool:
    """A step's `if:` as the runner evaluates it, for the expressions the template uses (others fail the test)."""
    if expression is None:
        return not failed  # success(): only while every step before has passed
    terms = [term.strip() for term in expression.split("&&")]
    always = False
    for term in terms:
        if _ALWAYS.match(term):
            always = True
        elif found := _HASH.match(term):
            if not (cwd / found.group(1)).is_file():
                return False
        elif found := _ENV.match(term):
            if env.get(found.group(1)) != found.group(2):
                return False
        else:
            raise AssertionError(f"the test cannot evaluate `if: {expression}`")
    return always or not failed


def _expand(value: object) -> str:
    """A value as the runner passes it: `${{ secrets.X }}` of a secret nobody set is empty."""
    text = str(value)
    text = re.sub(r"\$\{\{\s*secrets\.\w+\s*\}\}", "", text)
    assert "${{" not in text, f"the test cannot expand {text!r}"
    return text


def _run_workflow(tmp_path: Path, overrides: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Run the workflow's job as the runner does (bash -e per `run:` step); what each step did."""
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    job = workflow["jobs"]["tqcheck"]
    work = _workdir(tmp_path)
    summary = tmp_path / "step-summary.md"
    summary.touch()
    variables = {**workflow.get("env", {}), **job.get("env", {}), **(overrides or {})}
    outcome: dict[str, Any] = {"work": work, "summary": summary, "steps": {}, "uploaded": None}
    failed = False
    for step in job["steps"]:
        name = step.get("name") or step.get("uses")
        env = _shell_env(tmp_path, variables, {key: _expand(value) for key, value in step.get("env", {}).items()},
                         {"GITHUB_STEP_SUMMARY": str(summary)})
        if not _condition(step.get("if"), env, work, failed):
            outcome["steps"][name] = None
            continue
        if "uses" in step:
            if step["uses"].startswith("github/codeql-action/upload-sarif"):
                outcome["uploaded"] = work / step["with"]["sarif_file"]
            outcome["steps"][name] = 0
            continue
        if "pip install" in step["run"]:  # no network: the install is checked by the test above
            outcome["steps"][name] = 0
            continue
        done = subprocess.run(["bash", "-e", "-c", step["run"]], capture_output=True, text=True, env=env, cwd=work,
                              timeout=300)
        outcome["steps"][name] = done
        failed = failed or done.returncode != 0
    return outcome


def test_github_workflow_runs_as_written(tmp_path: Path) -> None:
    """The gate fails on the sample's errors; the summary and annotations are still written; no SARIF upload."""
    outcome = _run_workflow(tmp_path)
    steps = outcome["steps"]
    gate = steps["Check (the gate)"]
    assert gate.returncode == 1, gate.stderr  # errors in the sample: the job fails here
    assert (outcome["work"] / "tqcheck.json").is_file()
    result = json.loads((outcome["work"] / "tqcheck.json").read_text(encoding="utf-8"))
    assert result["summary"]["failed"] and result["summary"]["by_severity"]["error"] >= 1
    assert steps["Summary"].returncode == 0 and steps["Summary"].stderr == ""
    assert "translations/mt.de" in outcome["summary"].read_text(encoding="utf-8")
    annotations = steps["Annotations"]
    assert annotations.returncode == 0
    assert re.search(r"^::error file=translations/mt\.de,line=\d+,col=\d+", annotations.stdout, re.MULTILINE)
    # The sample's number missing from the target (TQ301) is in the source: annotated there, with columns.
    assert re.search(r"^::warning file=translations/source\.en,line=\d+,col=\d+,.*title=TQ301 ", annotations.stdout,
                     re.MULTILINE)
    # Code scanning is off by default: no SARIF written, nothing uploaded.
    assert steps["SARIF for code scanning"] is None and steps["Upload SARIF"] is None
    assert outcome["uploaded"] is None and not (outcome["work"] / "tqcheck.sarif").exists()


def test_github_workflow_uploads_sarif_when_switched_on(tmp_path: Path) -> None:
    outcome = _run_workflow(tmp_path, {"TQCHECK_CODE_SCANNING": "true"})
    assert outcome["steps"]["SARIF for code scanning"].returncode == 0
    assert outcome["uploaded"] == outcome["work"] / "tqcheck.sarif"
    sarif = json.loads(outcome["uploaded"].read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["invocations"][0]["exitCode"] == 1
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for result in sarif["runs"][0]["results"]}
    assert uris == {"translations/mt.de", "translations/source.en"}  # TQ301 is in the source file


def test_github_workflow_on_bad_input_shows_only_the_error(tmp_path: Path) -> None:
    """Exit 2 (no result written): every report step is skipped, the error is one line."""
    outcome = _run_workflow(tmp_path, {"TQCHECK_ARGS": "translations/absent.de --src-lang en --tgt-lang de",
                                       "TQCHECK_CODE_SCANNING": "true"})
    gate = outcome["steps"]["Check (the gate)"]
    assert gate.returncode == 2 and gate.stderr.strip().count("\n") == 0 and gate.stderr.startswith("error: ")
    assert all(outcome["steps"][name] is None for name in ("Summary", "Annotations", "SARIF for code scanning",
                                                           "Upload SARIF"))


def test_github_workflow_permissions_are_least_privilege() -> None:
    """Read-only by default; code scanning's extra permissions are named next to the switch that needs them."""
    text = GITHUB.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["env"]["TQCHECK_CODE_SCANNING"] == "false"
    assert re.search(r"^#\s+security-events: write", text, re.MULTILINE)
    steps = workflow["jobs"]["tqcheck"]["steps"]
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert "env.TQCHECK_CODE_SCANNING == 'true'" in upload["if"]
    checks = [step for step in steps if "tqcheck check" in step.get("run", "")]
    assert len(checks) == 1 and "||" not in checks[0]["run"]  # the check's exit code is the gate


# --- GitLab CI -----------------------------------------------------------------------------------------------------

def _run_gitlab_job(tmp_path: Path, overrides: Mapping[str, str] | None = None
                    ) -> tuple[dict[str, Any], Path, subprocess.CompletedProcess[str]]:
    """The job's `script` in one shell, as the runner runs it (the `before_script` installs: not run here)."""
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["tqcheck"]
    assert not any("tqcheck " in line for line in job["before_script"])
    work = _workdir(tmp_path)
    env = _shell_env(tmp_path, job["variables"], overrides or {})
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", "\n".join(job["script"])], capture_output=True,
                          text=True, env=env, cwd=work, timeout=300)
    return job, work, done


def test_gitlab_job_runs_as_written(tmp_path: Path) -> None:
    """Every report is written although the gate fails; the job's exit code is the check's."""
    job, work, done = _run_gitlab_job(tmp_path)
    assert done.returncode == 1, done.stderr  # the gate: errors in the sample
    reports = job["artifacts"]["reports"]
    quality = json.loads((work / reports["codequality"]).read_text(encoding="utf-8"))
    assert quality and all(item["location"]["path"] in ("translations/mt.de", "translations/source.en")
                           for item in quality)
    junit = ET.fromstring((work / reports["junit"]).read_text(encoding="utf-8"))
    assert int(junit.get("failures", "0")) >= 1
    for name in job["artifacts"]["paths"]:
        assert (work / name).stat().st_size > 0, name
    assert "TQ303" in done.stdout  # the text report in the job log
    assert job["artifacts"]["when"] == "always"


def test_gitlab_job_on_bad_input_fails_at_once(tmp_path: Path) -> None:
    _job, work, done = _run_gitlab_job(tmp_path, {"TQCHECK_ARGS": "translations/absent.de --src-lang en"})
    assert done.returncode == 2 and done.stderr.startswith("error: ")
    assert not (work / "gl-code-quality-report.json").exists()


# --- a private repository: the token reaches git, not the logs -----------------------------------------------------

def _install_with_stubs(tmp_path: Path, commands: str, env: dict[str, str]) -> list[str]:
    """Run install commands with apt-get and pip replaced by stubs that log their arguments; the log."""
    stubs = tmp_path / "stubs"
    stubs.mkdir(exist_ok=True)
    log = tmp_path / "calls.log"
    log.write_text("", encoding="utf-8")
    for tool in ("apt-get", "pip"):
        (stubs / tool).write_text(f'#!/bin/sh\necho "{tool} $*" >> "{log}"\n', encoding="utf-8")
        (stubs / tool).chmod(0o755)
    env = {**env, "PATH": f"{stubs}{os.pathsep}{env['PATH']}"}
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", commands], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "s3cret" not in done.stdout + done.stderr
    return log.read_text(encoding="utf-8").splitlines()


def _git_rewrites(home: Path) -> str:
    done = subprocess.run(["git", "config", "--global", "--get-regexp", r"^url\."], capture_output=True, text=True,
                          env={**{key: value for key, value in os.environ.items() if not key.startswith("GIT_")},
                               "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}, timeout=30)
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_github_install_step_uses_the_token_only_when_set(tmp_path: Path) -> None:
    job = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))["jobs"]["tqcheck"]
    step = next(step for step in job["steps"] if "pip install" in step.get("run", ""))
    git_spec = _install_specs(GITHUB)[1]
    for token in ("", "s3cret"):
        env = _shell_env(tmp_path, job["env"], {"TQCHECK_INSTALL": git_spec, "TQCHECK_REPO_TOKEN": token})
        (tmp_path / "home" / ".gitconfig").unlink(missing_ok=True)
        calls = _install_with_stubs(tmp_path, step["run"], env)
        assert calls == [f"pip install {git_spec}"]
        rewrites = _git_rewrites(tmp_path / "home")
        assert ("https://x-access-token:s3cret@github.com/" in rewrites) == bool(token)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_gitlab_before_script_installs_git_only_for_a_git_url(tmp_path: Path) -> None:
    """The slim image has no git: it is added for a `git+` URL only; a token reaches git's config only when set."""
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["tqcheck"]
    for spec, wants_git in zip(_install_specs(GITLAB), (False, True)):
        for token in ("", "s3cret"):
            env = _shell_env(tmp_path, job["variables"], {"TQCHECK_INSTALL": spec, "TQCHECK_REPO_TOKEN": token})
            (tmp_path / "home" / ".gitconfig").unlink(missing_ok=True)
            calls = _install_with_stubs(tmp_path, "\n".join(job["before_script"]), env)
            assert calls[-1] == f"pip install {spec}"
            assert any(call.startswith("apt-get install") and call.endswith(" git") for call in calls) == wants_git
            rewrites = _git_rewrites(tmp_path / "home")
            assert ("https://oauth2:s3cret@github.com/" in rewrites) == bool(token)
    # GitLab's job token, for a tqcheck project on the same GitLab: another user name and host.
    job_token = {"TQCHECK_REPO_TOKEN": "s3cret", "TQCHECK_REPO_HOST": "gitlab.example.com",
                 "TQCHECK_REPO_USER": "gitlab-ci-token"}
    env = _shell_env(tmp_path, job["variables"], job_token)
    (tmp_path / "home" / ".gitconfig").unlink(missing_ok=True)
    _install_with_stubs(tmp_path, "\n".join(job["before_script"]), env)
    assert "https://gitlab-ci-token:s3cret@gitlab.example.com/" in _git_rewrites(tmp_path / "home")
