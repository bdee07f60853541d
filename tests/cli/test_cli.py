"""The CLI through Typer's CliRunner, plus one real run of the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.cli import app, main

runner = CliRunner()
ARTICLE = "Blinken met Gallant in Washington..\n\nGallant said the talks were “decisive”.\n"


def invoke(*args: str) -> tuple[int, str, str]:
    """Run `tqcheck ARGS` in-process through main() so error handling is exercised too."""
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        # Let main()'s error mapping handle TqcheckError as the console script would.
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        return int(exit_info.value.code or 0), "", ""
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.en"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "check" in result.stdout and "checks" in result.stdout


def test_check_article_text_output(article: Path) -> None:
    result = runner.invoke(app, ["check", str(article), "--tgt-lang", "en", "--select", "TQ101"])
    assert result.exit_code == 0
    assert f"{article}:1:34 TQ101 [warning]" in result.stdout
    assert "1 issue (0 errors, 1 warning, 0 info)" in result.stdout


def test_fail_on_warning_exits_1(article: Path) -> None:
    result = runner.invoke(app, ["check", str(article), "--tgt-lang", "en", "--select", "TQ101",
                                 "--fail-on", "warning"])
    assert result.exit_code == 1


def test_fail_on_never(article: Path) -> None:
    result = runner.invoke(app, ["check", str(article), "--tgt-lang", "en", "--fail-on", "never"])
    assert result.exit_code == 0


def test_json_output_file_and_detection(article: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["check", str(article), "--select", "TQ101", "-f", "json", "-o", str(out)])
    assert result.exit_code == 0
    assert "detected target language en" in result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["languages"]["target"] == "en"
    assert [issue["code"] for issue in data["issues"]] == ["TQ101"]
    assert result.stdout == ""


def test_jsonl_to_stdout(article: Path) -> None:
    result = runner.invoke(app, ["check", str(article), "--tgt-lang", "en", "--select", "TQ101", "-f", "jsonl"])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["line"] for record in lines[:-1]] == [1, 3]
    assert lines[-1]["record"] == "run"


def test_config_file_applies(article: Path, tmp_path: Path) -> None:
    config = tmp_path / "tqcheck.toml"
    config.write_text('select = ["TQ101"]\nfail-on = "warning"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(article), "--tgt-lang", "en", "--config", str(config)])
    assert result.exit_code == 1


@pytest.mark.parametrize(("args", "message"), [
    (["check", "missing.txt", "--tgt-lang", "en"], "input file not found"),
    (["check", "{article}", "--tgt-lang", "english"], "unknown language code 'english'"),
    (["check", "{article}", "--tgt-lang", "en", "--select", "TQ999"], "no check matches 'TQ999'"),
    (["check", "{article}", "--tgt-lang", "en", "--fail-on", "sometimes"], "--fail-on must be one of"),
    (["check", "{article}", "--tgt-lang", "en", "-f", "yaml"], "unknown output format 'yaml'"),
    (["check", "{article}", "--tgt-lang", "en", "--config", "nope.toml"], "config file not found"),
    (["check", "{article}", "--tgt-lang", "en", "-o", "{article}"], "refusing to overwrite an input file"),
    (["check", "{article}", "--source", "{short}", "--tgt-lang", "en"], "line counts differ"),
    (["checks", "TQ999"], "no check matches"),
])
def test_bad_input_is_one_line_and_exit_2(article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          args: list[str], message: str) -> None:
    short = tmp_path / "short.ar"
    short.write_text("واحد\n", encoding="utf-8")
    args = [a.format(article=article, short=short) for a in args]
    before = article.read_bytes()
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert message in err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert article.read_bytes() == before


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--bogus"])
    assert exit_info.value.code == 2


def test_checks_list_and_detail() -> None:
    listing = runner.invoke(app, ["checks"])
    assert listing.exit_code == 0 and "TQ101" in listing.stdout and "doubled-punctuation" in listing.stdout
    detail = runner.invoke(app, ["checks", "TQ101"])
    assert "## What it does" in detail.stdout and "## Why is this bad?" in detail.stdout
    as_json = json.loads(runner.invoke(app, ["checks", "-f", "json"]).stdout)
    assert {"code", "name", "family", "severity", "summary", "doc"} <= set(as_json[0])


def test_installed_console_script_runs(article: Path, tmp_path: Path) -> None:
    """A real subprocess of the installed `tqcheck` script (what users and CI run)."""
    script = shutil.which("tqcheck") or str(Path(sys.executable).with_name("tqcheck"))
    if not Path(script).exists():
        pytest.skip("tqcheck console script is not installed")
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([script, "check", str(article), "--tgt-lang", "en", "--fail-on", "warning",
                           "-f", "json"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["summary"]["by_check"]["TQ101"] == 1
    bad = subprocess.run([script, "check", str(tmp_path / "absent.txt")], capture_output=True, text=True,
                         env=env, timeout=120)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "input file not found" in bad.stderr
    module = subprocess.run([sys.executable, "-m", "tqcheck", "--version"], capture_output=True, text=True,
                            timeout=60)
    assert module.returncode == 0 and module.stdout.startswith("tqcheck ")


def test_check_does_not_import_heavy_dependencies(article: Path) -> None:
    code = ("import os, sys; from tqcheck.cli import main\n"
            "try:\n    main(['check', sys.argv[1], '--tgt-lang', 'en', '-o', os.devnull])\n"
            "except SystemExit:\n    pass\n"
            "print('heavy:', sorted(m for m in ('torch', 'transformers', 'sacrebleu') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(article)], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "heavy: []", done.stdout + done.stderr


def test_extend_select_runs_an_opt_in_check(tmp_path: Path) -> None:
    """TQ402 (opt-in) is silent by default and reports with --extend-select; `tqcheck checks` marks it."""
    source, target = tmp_path / "src.ru", tmp_path / "mt.en"
    source.write_text("Об этом заявил Мелендес.\n", encoding="utf-8")
    target.write_text("This was stated by the spokesman.\n", encoding="utf-8")
    common = ["check", str(target), "--source", str(source), "--src-lang", "ru", "--tgt-lang", "en",
              "-f", "json", "--fail-on", "never"]
    default = json.loads(runner.invoke(app, common).stdout)
    assert "TQ402" not in default["checks_run"]
    extended = json.loads(runner.invoke(app, [*common, "--extend-select", "TQ402"]).stdout)
    assert "TQ402" in extended["checks_run"] and "TQ101" in extended["checks_run"]
    assert [issue["code"] for issue in extended["issues"]] == ["TQ402"]
    listing = runner.invoke(app, ["checks"]).stdout
    assert "TQ402" in listing and "(opt-in)" in listing
