"""Every command's --help shows its options' texts whole: no bracketed word is eaten as rich markup."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tqcheck.cli import app

COMMANDS = [["check"], ["checks"], ["score"], ["compare"], ["backtranslate"], ["report"], ["baseline", "create"]]


def _options(path: list[str]) -> list[Any]:
    command: Any = typer.main.get_command(app)  # Typer may bring its own copy of Click: no isinstance
    for name in path:
        command = command.commands[name]
    return list(command.params)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_bracketed_words_in_help_texts_are_shown(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "400", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())
    for param in _options(path):
        text = getattr(param, "help", None) or ""
        for bracketed in re.findall(r"\\?\[([^\]]+)\]", text):
            assert f"[{bracketed}]" in shown, f"{param.name}: [{bracketed}] is missing from the help"


def test_checks_takes_a_name_as_well_as_a_code() -> None:
    by_name = CliRunner().invoke(app, ["checks", "doubled-punctuation"])
    by_code = CliRunner().invoke(app, ["checks", "TQ101"])
    assert by_name.exit_code == 0 and by_name.stdout == by_code.stdout
    wrong = CliRunner().invoke(app, ["checks", "doubled-punctation"])
    assert wrong.exit_code != 0 and "did you mean doubled-punctuation" in str(wrong.exception)


def test_html_is_not_poured_onto_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from tqcheck.errors import ConfigError
    from tqcheck.writers import refuse_page_on_terminal

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    with pytest.raises(ConfigError, match="give --output FILE"):
        refuse_page_on_terminal("html", None)
    refuse_page_on_terminal("html", "report.html")  # a file: fine
    refuse_page_on_terminal("json", None)  # another format: fine


def test_statistics_lists_counts_per_check(ar_en_sample: tuple[Path, Path]) -> None:
    target, source = ar_en_sample
    args = ["check", str(target), "--source", str(source), "--src-lang", "ar", "--tgt-lang", "en"]
    listed = CliRunner().invoke(app, [*args, "--statistics"])
    report = CliRunner().invoke(app, [*args, "-f", "json"])
    by_check = json.loads(report.stdout)["summary"]["by_check"]
    lines = listed.stdout.splitlines()
    assert listed.exit_code == report.exit_code
    assert sorted((line.split()[1], int(line.split()[0])) for line in lines) == sorted(by_check.items())
    counts = [int(line.split()[0]) for line in lines]
    assert counts == sorted(counts, reverse=True)


def test_quiet_leaves_only_the_report_and_the_gate(capsys: pytest.CaptureFixture[str],
                                                    ar_en_sample: tuple[Path, Path]) -> None:
    from tqcheck.cli import main

    target, _source = ar_en_sample
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(target), "-q", "-f", "json"])  # no --tgt-lang: detected, and not announced
    err = capsys.readouterr().err
    assert exit_info.value.code == 1
    assert "detected" not in err and all(line.startswith("gate failed:") for line in err.splitlines())


def test_a_command_loads_only_its_own_module() -> None:
    """`tqcheck check` builds the app with `check` alone: the other commands' modules stay unimported,
    and its help is the whole app's help for that command."""
    import subprocess
    import sys

    code = ("import sys\nfrom tqcheck.cli import main\n"
            "try:\n    main(['check', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(name for name in sys.modules if name.startswith('tqcheck.cli.')), file=sys.stderr)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"COLUMNS": "400", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
    loaded = run.stderr.strip().splitlines()[-1]
    assert "'tqcheck.cli.check'" in loaded
    assert not any(f"'tqcheck.cli.{other}'" in loaded for other in ("compare", "score", "report", "baseline"))
    whole = CliRunner().invoke(app, ["check", "--help"], env={"COLUMNS": "400", "NO_COLOR": "1"})
    assert " ".join(run.stdout.split()) == " ".join(whole.output.split())
