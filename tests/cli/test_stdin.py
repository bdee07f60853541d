"""`tqcheck check -`: the target piped in on standard input, named `-` in everything the user sees."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.cli import app, main

runner = CliRunner()
MT = "Blinken met Gallant in Washington..\nThe talks were decisive.\n"


def leftover_copies() -> set[str]:
    return {path.name for path in Path(tempfile.gettempdir()).glob("tqcheck-stdin-*")}


def test_piped_target_is_checked_and_named_dash() -> None:
    before = leftover_copies()
    result = runner.invoke(app, ["check", "-", "--tgt-lang", "en", "-f", "json", "--fail-on", "never"], input=MT)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["inputs"] == ["-"]
    assert {segment["origin"] for segment in report["segments"]} == {"-"}
    assert [(issue["code"], issue["line"]) for issue in report["issues"]] == [("TQ101", 1)]
    assert leftover_copies() == before  # the temporary copy is gone


def test_piped_target_with_a_source_file(tmp_path: Path) -> None:
    source = tmp_path / "source.de"
    source.write_text("Blinken traf Gallant in Washington.\nDie Gespräche waren entscheidend.\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "-", "--source", str(source), "--src-lang", "de", "--tgt-lang", "en",
                                 "-f", "jsonl", "--fail-on", "never"], input=MT)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()][:-1]  # the last: the run's record
    assert [line["source"] for line in lines] == ["Blinken traf Gallant in Washington.",
                                                  "Die Gespräche waren entscheidend."]


@pytest.mark.parametrize(("piped", "message"), [
    (b"bad \xff byte\n", "error: -:1: invalid UTF-8 at byte offset 4"),
    (b"", "error: -: empty input"),
])
def test_bad_piped_input_is_one_line_naming_dash(piped: bytes, message: str, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(piped)))
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "-", "--tgt-lang", "en"])
    assert exit_info.value.code == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith(message) and "tqcheck-stdin" not in error and "\n" not in error


def test_line_count_mismatch_names_dash(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    source = tmp_path / "source.de"
    source.write_text("Nur eine Zeile.\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(MT.encode())))
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "-", "--source", str(source), "--src-lang", "de", "--tgt-lang", "en"])
    assert exit_info.value.code == 2
    error = capsys.readouterr().err
    assert "-" in error and "tqcheck-stdin" not in error


def test_a_terminal_on_stdin_is_refused(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "-", "--tgt-lang", "en"])
    assert exit_info.value.code == 2
    assert "nothing is piped in" in capsys.readouterr().err


def test_real_pipe_into_the_installed_script() -> None:
    script = shutil.which("tqcheck") or str(Path(sys.executable).with_name("tqcheck"))
    done = subprocess.run([script, "check", "-", "--tgt-lang", "en", "--no-color"], input=MT,
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "-:1:" in done.stdout and "TQ101" in done.stdout


def test_a_baseline_of_piped_input_then_a_check_of_the_same_text(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    before = leftover_copies()
    made = runner.invoke(app, ["baseline", "create", "-", "--tgt-lang", "en", "--output", str(baseline)], input=MT)
    assert made.exit_code == 0, made.output
    assert leftover_copies() == before
    checked = runner.invoke(app, ["check", "-", "--tgt-lang", "en", "--baseline", str(baseline), "-f", "json",
                                  "--fail-on", "warning"], input=MT)
    assert checked.exit_code == 0, checked.output  # the only issue is known: nothing new
    assert json.loads(checked.stdout)["issues"] == []
