"""`[gate]` and `suppressions` in the config: parsing, validation, both config locations, CLI errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.cli import app, main
from tqcheck.config import load_settings
from tqcheck.errors import ConfigError

runner = CliRunner()

GATES = """
min-quality = 60
[gate]
max-errors = 0
max-warnings = 10
max-issues = 20
max-new-issues = 2
min-chrf = 50
max-chrf-drop = 1.0
max-bleu-drop = 2
max-quality-drop = 1.5
[gate.max-per-1000-segments]
punctuation = 5.0
total = 40
"""


def test_gate_table_in_tqcheck_toml(tmp_path: Path) -> None:
    path = tmp_path / "tqcheck.toml"
    path.write_text(GATES, encoding="utf-8")
    settings = load_settings(path)
    assert dict(settings.gates.counts) == {"max-errors": 0, "max-warnings": 10, "max-issues": 20,
                                           "max-new-issues": 2}
    assert dict(settings.gates.per_1000) == {"punctuation": 5.0, "total": 40.0}
    assert dict(settings.gates.drops) == {"max-chrf-drop": 1.0, "max-bleu-drop": 2.0, "max-quality-drop": 1.5}
    # Score thresholds from [gate] join the top-level ones (both locations work).
    assert dict(settings.thresholds) == {"min-quality": 60.0, "min-chrf": 50.0}


def test_gate_table_in_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.tqcheck]\nsuppressions = "accepted.toml"\n'
        '[tool.tqcheck.gate]\nmax-errors = 3\n', encoding="utf-8")
    settings = load_settings(discover_from=tmp_path)
    assert dict(settings.gates.counts) == {"max-errors": 3}
    assert settings.suppressions_path == str(tmp_path / "accepted.toml")  # relative to the config file


@pytest.mark.parametrize(("text", "expected"), [
    ("[gate]\nmax-erors = 1", "unknown gate 'max-erors'"),
    ("[gate]\nmax-errors = -1", "gate.max-errors must be a whole number >= 0"),
    ("[gate]\nmax-errors = 1.5", "gate.max-errors must be a whole number"),
    ("[gate]\nmax-errors = true", "gate.max-errors must be a whole number"),
    ("[gate]\nmin-chrf = 'high'", "gate.min-chrf must be a number"),
    ("[gate]\nmax-chrf-drop = -1", "gate.max-chrf-drop must be >= 0"),
    ("[gate.max-per-1000-segments]\npunctuaton = 5", "unknown family 'punctuaton'"),
    ("[gate]\nmax-per-1000-segments = 5", r"\[gate.max-per-1000-segments\] must be a table"),
    ("gate = 3", r"\[gate\] must be a table"),
    ("min-chrf = 40\n[gate]\nmin-chrf = 50", "min-chrf is set both at the top level and in \\[gate\\]"),
    ("suppressions = 3", "suppressions must be a file path"),
])
def test_malformed_gate_config(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "tqcheck.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected):
        load_settings(path)


def test_same_threshold_in_both_places_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "tqcheck.toml"
    path.write_text("min-chrf = 50\n[gate]\nmin-chrf = 50\n", encoding="utf-8")
    assert dict(load_settings(path).thresholds) == {"min-chrf": 50.0}


def test_unknown_gate_key_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.en"
    article.write_text("Blinken met Gallant in Washington.\n", encoding="utf-8")
    config = tmp_path / "tqcheck.toml"
    config.write_text("[gate]\nmax-warnigns = 1\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(article), "--tgt-lang", "en", "--config", str(config)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "unknown gate 'max-warnigns'" in err and err.count("\n") == 1


def test_gates_from_config_fail_the_run(tmp_path: Path) -> None:
    article = tmp_path / "article.en"
    article.write_text("Blinken met Gallant in Washington..\n\nGallant said the talks were “decisive”..\n",
                       encoding="utf-8")
    config = tmp_path / "tqcheck.toml"
    config.write_text("fail-on = 'never'\n[gate]\nmax-warnings = 1\n[gate.max-per-1000-segments]\n"
                      "punctuation = 500\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(article), "--tgt-lang", "en", "--select", "TQ101",
                                 "--config", str(config)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "gate failed: warnings 2 > 1",
        "gate failed: punctuation issues per 1,000 segments 1,000.0 > 500.0",
    ]
    relaxed = runner.invoke(app, ["check", str(article), "--tgt-lang", "en", "--select", "TQ101",
                                  "--config", str(config), "--max-warnings", "2"])
    assert relaxed.stderr.splitlines() == ["gate failed: punctuation issues per 1,000 segments 1,000.0 > 500.0"]
