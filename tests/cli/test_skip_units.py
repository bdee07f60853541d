"""`tqcheck check --skip fuzzy,untranslated,unapproved`: units of XLIFF/PO/TMX files left out by their state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.cli import app, main

runner = CliRunner()

# Every unit's target has a doubled full stop (TQ101), so each unit checked shows up as an issue.
XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="ui.properties" source-language="en" target-language="de" datatype="plaintext">
    <body>
      <trans-unit id="approved" approved="yes">
        <source>Front page.</source><target state="final">Titelseite..</target>
      </trans-unit>
      <trans-unit id="translated">
        <source>Comments.</source><target state="translated">Kommentare..</target>
      </trans-unit>
      <trans-unit id="signed-off">
        <source>Weather.</source><target state="signed-off">Wetter..</target>
      </trans-unit>
      <trans-unit id="final-but-not-approved" approved="no">
        <source>Sport.</source><target state="final">Sport..</target>
      </trans-unit>
      <trans-unit id="review">
        <source>Read more.</source><target state="needs-review-translation">Mehr lesen..</target>
      </trans-unit>
      <trans-unit id="prefilled">
        <source>Sign in.</source><target state="new">Anmelden..</target>
      </trans-unit>
      <trans-unit id="empty">
        <source>Sign out.</source><target state="needs-translation"/>
      </trans-unit>
      <trans-unit id="blank" approved="yes">
        <source>Search.</source><target> </target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="fr">
  <file id="f1">
    <unit id="draft"><segment state="initial"><source>Port.</source><target>Port..</target></segment></unit>
    <unit id="translated"><segment state="translated"><source>Ship.</source><target>Navire..</target></segment></unit>
    <unit id="reviewed"><segment state="reviewed"><source>River.</source><target>Fleuve..</target></segment></unit>
    <unit id="final"><segment state="final"><source>Sea.</source><target>Mer..</target></segment></unit>
    <unit id="no-state"><segment><source>Boat.</source><target>Bateau..</target></segment></unit>
    <unit id="empty"><segment state="initial"><source>Lake.</source><target></target></segment></unit>
  </file>
</xliff>
"""

PO = """msgid ""
msgstr ""
"Language: de\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Front page."
msgstr "Titelseite.."

#, fuzzy
msgid "Read more."
msgstr "Mehr lesen.."

#, fuzzy, python-format
msgid "%d comments."
msgstr "%d Kommentare.."
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _check(path: Path, *options: str) -> tuple[int, dict[str, object], str]:
    """`tqcheck check PATH --format json --fail-on warning OPTIONS`: exit code, the JSON result, stderr."""
    result = runner.invoke(app, ["check", str(path), "--src-lang", "en", "--format", "json", "--fail-on", "warning",
                                 *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, json.loads(result.stdout), result.stderr


def _ids(report: dict[str, object]) -> list[str]:
    return [segment["id"] for segment in report["segments"]]  # type: ignore[attr-defined, index]


def _issue_ids(report: dict[str, object]) -> set[str]:
    return {issue["segment_id"] for issue in report["issues"]}  # type: ignore[attr-defined, index]


def _error(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Through main(), as the console script runs: the exit code and stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    return int(exit_info.value.code or 0), capsys.readouterr().err


ALL12 = ["approved", "translated", "signed-off", "final-but-not-approved", "review", "prefilled", "empty", "blank"]


@pytest.mark.parametrize(("skip", "kept", "notice"), [
    ([], ALL12, None),
    (["fuzzy"], ["approved", "translated", "signed-off", "final-but-not-approved", "empty", "blank"],
     "skipped 2 units (--skip): 2 fuzzy"),
    (["untranslated"], ["approved", "translated", "signed-off", "final-but-not-approved", "review", "prefilled"],
     "skipped 2 units (--skip): 2 untranslated"),
    (["unapproved"], ["approved", "signed-off", "blank"], "skipped 5 units (--skip): 5 unapproved"),
    (["fuzzy,untranslated"], ["approved", "translated", "signed-off", "final-but-not-approved"],
     "skipped 4 units (--skip): 2 fuzzy, 2 untranslated"),
    (["fuzzy", "untranslated", "unapproved"], ["approved", "signed-off"],
     "skipped 6 units (--skip): 2 fuzzy, 2 untranslated, 2 unapproved"),
], ids=["none", "fuzzy", "untranslated", "unapproved", "comma-separated", "repeated"])
def test_xliff12_states(tmp_path: Path, skip: list[str], kept: list[str], notice: str | None) -> None:
    path = _write(tmp_path, "ui.xlf", XLIFF12)
    code, report, stderr = _check(path, *(f"--skip={value}" for value in skip))
    assert code == 1  # TQ101 warnings in what is left
    assert _ids(report) == kept
    assert _issue_ids(report) <= set(kept)
    assert report["summary"]["segments"] == len(kept)  # type: ignore[index]
    if notice is None:
        assert "skipped" not in stderr
    else:
        assert f"tqcheck: {notice}\n" in stderr


@pytest.mark.parametrize(("skip", "kept"), [
    ("fuzzy", ["translated", "reviewed", "final", "no-state", "empty"]),
    ("untranslated", ["draft", "translated", "reviewed", "final", "no-state"]),
    ("unapproved", ["reviewed", "final"]),
])
def test_xliff20_states(tmp_path: Path, skip: str, kept: list[str]) -> None:
    path = _write(tmp_path, "article.xlf", XLIFF20)
    _code, report, _stderr = _check(path, "--skip", skip)
    assert _ids(report) == kept


def test_po_fuzzy_entries_are_skipped_and_approval_is_not_guessed(tmp_path: Path) -> None:
    path = _write(tmp_path, "de.po", PO)
    code, report, stderr = _check(path, "--skip", "fuzzy")
    assert code == 1 and [segment["target"] for segment in report["segments"]] == ["Titelseite.."]  # type: ignore
    assert "skipped 2 units (--skip): 2 fuzzy" in stderr
    # PO records no approval: nothing is skipped as unapproved, and the notice says so.
    _code, report, stderr = _check(path, "--skip", "unapproved")
    assert len(_ids(report)) == 3
    assert "--skip unapproved: 3 units record no approval (only XLIFF does)" in stderr


def test_tmx_empty_variants_are_untranslated(tmp_path: Path) -> None:
    path = _write(tmp_path, "memory.tmx", """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" segtype="sentence" datatype="plaintext" adminlang="en"
 creationtool="test" creationtoolversion="1" o-tmf="none"/><body>
<tu tuid="a"><tuv xml:lang="en"><seg>Port.</seg></tuv><tuv xml:lang="de"><seg>Hafen..</seg></tuv></tu>
<tu tuid="b"><tuv xml:lang="en"><seg>Ship.</seg></tuv><tuv xml:lang="de"><seg/></tuv></tu>
</body></tmx>
""")
    _code, report, stderr = _check(path, "--tgt-lang", "de", "--skip", "untranslated")
    assert _ids(report) == ["a"] and "1 untranslated" in stderr


def test_skip_from_the_config_and_the_option_replacing_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "ui.xlf", XLIFF12)
    _write(tmp_path, "tqcheck.toml", 'skip = ["fuzzy", "untranslated"]\n')
    monkeypatch.chdir(tmp_path)
    _code, report, _stderr = _check(path)
    assert _ids(report) == ["approved", "translated", "signed-off", "final-but-not-approved"]
    _code, report, _stderr = _check(path, "--skip", "unapproved")
    assert _ids(report) == ["approved", "signed-off", "blank"]


def test_quiet_drops_the_notice(tmp_path: Path) -> None:
    path = _write(tmp_path, "ui.xlf", XLIFF12)
    _code, report, stderr = _check(path, "--skip", "fuzzy", "--quiet")
    assert len(_ids(report)) == 6 and "skipped" not in stderr


def test_text_output_leaves_skipped_units_out(tmp_path: Path) -> None:
    path = _write(tmp_path, "ui.xlf", XLIFF12)
    result = runner.invoke(app, ["check", str(path), "--src-lang", "en", "--skip", "unapproved", "--no-color"])
    assert result.exit_code == 1
    assert "Titelseite.." in result.stdout and "Kommentare.." not in result.stdout and "Mehr lesen" not in result.stdout
    assert "in 3 segments" in result.stdout


def test_an_unknown_state_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "ui.xlf", XLIFF12)
    code, err = _error(["check", str(path), "--skip", "fuzzy,reviewed"], capsys)
    assert code == 2
    assert err == "error: --skip: unknown unit state 'reviewed' (choose from fuzzy, untranslated, unapproved)\n"


def test_an_unknown_state_in_the_config_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "ui.xlf", XLIFF12)
    config = _write(tmp_path, "tqcheck.toml", 'skip = ["fuzy"]\n')
    code, err = _error(["check", str(path), "--config", str(config)], capsys)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("error: ") and "skip: unknown unit state 'fuzy'" in err


def test_nothing_left_to_check_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "de.po", PO.replace('msgid "Front page."\nmsgstr "Titelseite.."\n', ""))
    code, err = _error(["check", str(path), "--src-lang", "en", "--skip", "fuzzy"], capsys)
    assert code == 2
    assert err == "error: nothing to check: every unit was skipped (--skip fuzzy): 2 fuzzy\n"


def test_baseline_create_skips_the_same_units(tmp_path: Path) -> None:
    path = _write(tmp_path, "ui.xlf", XLIFF12)
    baseline = tmp_path / "baseline.json"
    result = runner.invoke(app, ["baseline", "create", str(path), "--src-lang", "en", "--skip", "unapproved",
                                 "-o", str(baseline)])
    assert result.exit_code == 0, result.stderr
    record = json.loads(baseline.read_text(encoding="utf-8"))
    assert record["summary"]["segments"] == 3
    # The check with the same --skip finds nothing new.
    code, report, _stderr = _check(path, "--skip", "unapproved", "--baseline", str(baseline))
    assert code == 0 and report["issues"] == []
