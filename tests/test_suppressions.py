"""Suppressions: matchers, required reasons, expiry against a fixed "today", malformed files, the CLI."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.cli import app, main
from tqcheck.errors import ConfigError
from tqcheck.gating.fingerprints import Fingerprinter
from tqcheck.gating.suppressions import Suppressions, load_suppressions, parse_suppressions

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .conftest import run_code, seg

runner = CliRunner()
TODAY = date(2027, 2, 1)
ARTICLE = "Blinken met Gallant in Washington. .\n\nGallant said the talks were “decisive”. .\n\nEnd. .\n"


def suppressions(text: str, on: date = TODAY) -> Suppressions:
    return parse_suppressions(tomllib.loads(text), "accepted.toml", on)


def test_matchers_code_segment_doc_text_fingerprint() -> None:
    segments = [seg("Gaza. .", id="1", doc_id="news-1"), seg("Paris. .", id="2", doc_id="sport-7", line=2)]
    issues = run_code("TQ101", segments)
    assert len(issues) == 2
    fingerprints = [Fingerprinter()(issue, segment) for issue, segment in zip(issues, segments)]
    cases = {
        'code = "TQ101"\nsegment = "2"': [False, True],
        'code = "TQ1"\nsegment = 2': [False, True],  # prefix codes, integer ids
        'code = "TQ101"\ndoc = "news-*"': [True, False],  # doc is a glob
        'code = "TQ101"\ntext = "^Par"': [False, True],  # a regex on the issue's field
        f'code = "TQ101"\nfingerprint = "{fingerprints[0]}"': [True, False],
        'code = "TQ102"\nsegment = "1"': [False, False],  # another check
        'code = "TQ101"\ndoc = "news-*"\ntext = "Paris"': [False, False],  # every matcher must match
    }
    for entry, expected in cases.items():
        loaded = suppressions(f'[[suppress]]\n{entry}\nreason = "accepted"\n')
        got = [loaded.match(issue, segment, fp) is not None
               for issue, segment, fp in zip(issues, segments, fingerprints)]
        assert got == expected, entry


def test_expiry_is_inclusive_and_expired_entries_do_not_suppress() -> None:
    text = ('[[suppress]]\ncode = "TQ101"\nsegment = "1"\nreason = "until the rewrite"\nexpires = 2027-01-31\n'
            '[[suppress]]\ncode = "TQ101"\nsegment = "2"\nreason = "last day"\nexpires = 2027-02-01\n'
            '[[suppress]]\ncode = "TQ101"\nsegment = "3"\nreason = "forever"\n')
    loaded = suppressions(text)
    assert [entry.segment for entry in loaded.active] == ["2", "3"]
    assert [entry.segment for entry in loaded.expired] == ["1"]
    assert loaded.expired[0].describe() == "accepted.toml:entry 1 (TQ101, segment=1): until the rewrite"
    (issue,) = run_code("TQ101", [seg("Gaza. .", id="1")])
    assert loaded.match(issue, seg("Gaza. .", id="1"), "x") is None
    assert suppressions(text, on=date(2027, 1, 31)).expired == ()


@pytest.mark.parametrize(("text", "expected"), [
    ('[[suppress]]\ncode = "TQ101"\nsegment = "1"\n', "entry 1: reason is required"),
    ('[[suppress]]\ncode = "TQ101"\nsegment = "1"\nreason = "  "\n', "reason is required"),
    ('[[suppress]]\ncode = "TQ101"\nreason = "x"\n', "needs a matcher"),
    ('[[suppress]]\nsegment = "1"\nreason = "x"\n', "code must be a check code"),
    ('[[suppress]]\ncode = "E501"\nsegment = "1"\nreason = "x"\n', "code must be a check code"),
    ('[[suppress]]\ncode = "TQ101"\nsegment = "1"\nreason = "x"\nexpires = "soon"\n', "expires must be a date"),
    ('[[suppress]]\ncode = "TQ101"\ntext = "("\nreason = "x"\n', "not a valid regular expression"),
    ('[[suppress]]\ncode = "TQ101"\nsegmnt = "1"\nreason = "x"\n', "unknown key 'segmnt'"),
    ('[[suppress]]\ncode = "TQ101"\nsegment = ""\nreason = "x"\n', "segment must be a non-empty string"),
    ('suppress = 3\n', "array of tables"),
    ('[suppression]\ncode = "TQ101"\n', "unknown key 'suppression'"),
    ('[[suppress]\n', "malformed TOML"),
])
def test_malformed_suppressions(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "accepted.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected) as error:
        load_suppressions(path, TODAY)
    assert str(error.value).startswith(str(path))


def test_string_expiry_dates_are_accepted() -> None:
    loaded = suppressions('[[suppress]]\ncode = "TQ101"\nsegment = "1"\nreason = "x"\nexpires = "2027-01-01"\n')
    assert loaded.expired[0].expires == date(2027, 1, 1)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.en"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_cli_suppresses_reports_expired_and_counts(article: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tqcheck.gating.suppressions.today", lambda: TODAY)
    accepted = tmp_path / "accepted.toml"
    accepted.write_text(
        '[[suppress]]\ncode = "TQ101"\ntext = "^Blinken"\nreason = "quoted from the agency"\n'
        '[[suppress]]\ncode = "TQ101"\ntext = "^Gallant said"\nreason = "fixed next sprint"\nexpires = 2027-01-15\n',
        encoding="utf-8")
    result = runner.invoke(app, ["check", str(article), "--tgt-lang", "en", "--select", "TQ101", "--fail-on",
                                 "warning", "--suppressions", str(accepted), "-f", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [issue["line"] for issue in data["issues"]] == [3, 5]  # line 1 suppressed; the expired entry is not
    gate = data["summary"]["gate"]
    assert (gate["suppressed"], gate["new"], gate["failed"]) == (1, 2, True)
    assert gate["expired_suppressions"] == [f"{accepted}:entry 2 (TQ101, text=^Gallant said): fixed next sprint"]
    lines = result.stderr.splitlines()
    assert lines[0] == (f"tqcheck: warning: suppression expired on 2027-01-15, no longer applied: "
                        f"{accepted}:entry 2 (TQ101, text=^Gallant said): fixed next sprint")
    assert "tqcheck: 1 issue suppressed" in lines
    assert "gate failed: errors and warnings (fail-on warning) 2 > 0" in lines


def test_cli_suppressions_from_config(article: Path, tmp_path: Path) -> None:
    (tmp_path / "accepted.toml").write_text('[[suppress]]\ncode = "TQ101"\ndoc = "*"\nreason = "style"\n',
                                            encoding="utf-8")
    config = tmp_path / "tqcheck.toml"
    config.write_text('suppressions = "accepted.toml"\nfail-on = "warning"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", str(article), "--tgt-lang", "en", "--select", "TQ101",
                                 "--config", str(config)])
    assert result.exit_code == 0, result.stderr
    assert "0 issues" in result.stdout and "tqcheck: 3 issues suppressed" in result.stderr


def test_cli_malformed_suppressions_exit_2_one_line(article: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    accepted = tmp_path / "accepted.toml"
    accepted.write_text('[[suppress]]\ncode = "TQ101"\nsegment = "1"\n', encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(article), "--tgt-lang", "en", "--suppressions", str(accepted)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err == f"error: {accepted}:entry 1: reason is required (say why this issue is accepted)\n"
