"""Checks declare the settings they read; the config may set nothing else (a typo is an error, exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.checks.registry import validate_settings
from tqcheck.cli import app, main
from tqcheck.config import parse_settings
from tqcheck.errors import ConfigError
from tqcheck.model import Segment
from tqcheck.run.runner import Checker

runner = CliRunner()


@pytest.mark.parametrize(("table", "words"), [
    ({"options": {"TQ701": {"alowed": ["that that"]}}}, "[options.TQ701] 'alowed' is not an option (known: allowed)"),
    ({"options": {"TQ101": {"allowed": ["x"]}}}, "[options.TQ101] 'allowed' is not an option (it has no options)"),
    ({"options": {"TQ999": {"allowed": ["x"]}}}, "[options] names TQ999, which is no check"),
    ({"severity": {"TQ999": "info"}}, "[severity] names TQ999, which is no check"),
    ({"severity": {"TQ7": "info"}}, "'TQ7' is not a check code"),
    ({"lang": {"en": {"boilerplat": ["Read more"]}}}, "[lang.en] 'boilerplat' is not an option"),
    ({"options": {"TQ801": {"min-zipf": "high"}}}, "[options.TQ801] min-zipf must be a number"),
    ({"options": {"TQ701": {"allowed": "that that"}}}, "allowed must be a list of strings"),
    ({"lang": {"de": {"hunspell-suggest": "yes"}}}, "[lang.de] hunspell-suggest must be true or false"),
])
def test_undeclared_or_mistyped_settings_are_errors(table: dict[str, object], words: str) -> None:
    with pytest.raises(ConfigError, match=None) as raised:
        validate_settings(parse_settings(table))
    assert words in str(raised.value)


def test_declared_settings_are_accepted_and_used() -> None:
    settings = parse_settings({"options": {"TQ701": {"allowed": ["that that"]}, "TQ801": {"min-zipf": 2}},
                               "severity": {"TQ101": "error"},
                               "lang": {"de": {"boilerplate": ["Jetzt teilen"], "hunspell-suggest": True}}})
    validate_settings(settings)
    checker = Checker(settings.merged(select=("TQ701",)), tgt_lang="en")
    issues = checker.check_document([Segment(id="1", target="He said that that was the the end.", tgt_lang="en")])
    assert [issue.span.start for issue in issues.issues] == [22]  # `the the` still; `that that` allowed


def test_a_typo_in_the_config_file_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mt.en").write_text("Gaza. .\n", encoding="utf-8")
    config = tmp_path / "tqcheck.toml"
    config.write_text('[options.TQ701]\nalowed = ["had had"]\n', encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["check", str(tmp_path / "mt.en"), "--tgt-lang", "en", "--config", str(config)])
    assert done.value.code == 2
    assert capsys.readouterr().err == f"error: {config}: [options.TQ701] 'alowed' is not an option (known: allowed)\n"


def test_checks_lists_a_checks_options() -> None:
    text = runner.invoke(app, ["checks", "TQ801"]).stdout
    assert "## Options" in text and "`min-zipf` (a number, default `1.5`)" in text
    record = json.loads(runner.invoke(app, ["checks", "TQ701", "-f", "json"]).stdout)[0]
    assert record["options"] == {"allowed": {"kind": "a list of strings", "default": [], "doc": record["options"][
        "allowed"]["doc"]}}
