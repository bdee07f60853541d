"""`tqcheck check --backtranslate-model M`: back-translations made inline feed the round-trip checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tqcheck.cli import app


def test_check_backtranslates_inline_and_scores_round_trip(marian_dir: Path, tmp_path: Path) -> None:
    table = tmp_path / "batch.tsv"
    table.write_text("source\ttarget\nDer Hafen öffnet im Juni wieder.\tThe port reopens in June.\n"
                     "Die Minister trafen sich in Amman.\tThe ministers met in Amman.\n", encoding="utf-8")
    args = ["check", str(table), "--src-lang", "de", "--tgt-lang", "en", "--select", "TQ9",
            "--backtranslate-model", str(marian_dir), "-f", "json", "--fail-on", "never"]
    first = CliRunner().invoke(app, args, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert all(isinstance(segment["backtranslation"], str) for segment in data["segments"])
    assert all("roundtrip_chrF" in segment["scores"] for segment in data["segments"])
    # A second run is served from the cache and gives the same report.
    second = CliRunner().invoke(app, args, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert json.loads(second.stdout)["segments"] == data["segments"]


def test_backtranslate_model_needs_languages(marian_dir: Path, tmp_path: Path) -> None:
    mt, source = tmp_path / "mt.en", tmp_path / "src.de"
    mt.write_text("The port reopens in June, the minister said on Monday.\n", encoding="utf-8")
    source.write_text("Der Hafen öffnet im Juni wieder, sagte der Minister am Montag.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(mt), "--source", str(source), "--backtranslate-model",
                                      str(marian_dir)])
    assert result.exit_code != 0
    assert "needs --src-lang and --tgt-lang" in str(result.exception)


@pytest.mark.slow  # a long run: `python -m pytest -m slow` (CI's second step)
def test_inline_backtranslation_with_a_worker_pool(marian_dir: Path, tmp_path: Path) -> None:
    """torch is loaded in the driver before the pool forks: the workers (checks only) must neither
    hang nor change the report."""
    import os
    import subprocess
    import sys

    lines = [f"The minister said {n} people were hurt." for n in range(1200)]
    (tmp_path / "mt.en").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "src.ar").write_text("\n".join(f"قال الوزير إن {n} أشخاص أصيبوا." for n in range(1200)) + "\n",
                                     encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        command = [sys.executable, "-m", "tqcheck", "check", str(tmp_path / "mt.en"), "--source",
                   str(tmp_path / "src.ar"), "--src-lang", "ar", "--tgt-lang", "en", "--backtranslate-model",
                   str(marian_dir), "-f", "jsonl", "--fail-on", "never", "--jobs", jobs]
        done = subprocess.run(command, capture_output=True, text=True, timeout=300,
                              env={**os.environ, "SOURCE_DATE_EPOCH": "0",
                                   "TQCHECK_CACHE_DIR": str(tmp_path / "cache")})
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") == 1200 + 1  # a line per segment, then the run's record


def _batch(tmp_path: Path) -> Path:
    table = tmp_path / "batch.tsv"
    table.write_text("source\ttarget\nDer Hafen öffnet im Juni wieder. Die Minister trafen sich.\t"
                     "The port reopens in June. The ministers met.\n", encoding="utf-8")
    return table


def test_the_config_names_the_model_and_its_settings(marian_dir: Path, tmp_path: Path) -> None:
    """`[backtranslate]` in the config, overridden by the command's options, reaches the translator."""
    cache = tmp_path / "bt.sqlite"
    config = tmp_path / "tqcheck.toml"
    config.write_text(f'[backtranslate]\nmodel = "{marian_dir}"\nbeams = 1\ncache = "{cache}"\ndevice = "cpu"\n',
                      encoding="utf-8")
    args = ["check", str(_batch(tmp_path)), "--src-lang", "de", "--tgt-lang", "en", "--select", "TQ9",
            "--config", str(config), "-f", "json", "--fail-on", "never"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["segments"][0]["backtranslation"]
    assert cache.is_file()  # the configured cache file was used
    fresh = tmp_path / "other.sqlite"
    again = CliRunner().invoke(app, [*args, "--backtranslate-cache", str(fresh), "--backtranslate-batch-tokens",
                                     "64"])
    assert again.exit_code == 0, again.output
    assert fresh.is_file()


def test_a_top_level_backtranslate_model_key_is_accepted(marian_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "tqcheck.toml"
    config.write_text(f'backtranslate-model = "{marian_dir}"\n[backtranslate]\nbeams = 1\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(_batch(tmp_path)), "--src-lang", "de", "--tgt-lang", "en",
                                      "--select", "TQ9", "--config", str(config), "-f", "json",
                                      "--no-backtranslate-cache"])
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)["segments"][0]["backtranslation"]


@pytest.mark.parametrize(("table", "message"), [
    ("[backtranslate]\nbeam = 2\n", "unknown key 'beam' in [backtranslate]"),
    ("[backtranslate]\nbeams = 0\n", "backtranslate.beams must be a whole number >= 1"),
    ("[backtranslate]\nmodel = 'x'\n", None),
])
def test_bad_backtranslate_settings_are_one_error_line(tmp_path: Path, table: str, message: str | None,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from tqcheck.cli import main

    config = tmp_path / "tqcheck.toml"
    config.write_text(table, encoding="utf-8")
    mt = tmp_path / "mt.en"
    mt.write_text("The port reopens.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(mt), "--tgt-lang", "en", "--config", str(config)])
    err = capsys.readouterr().err
    if message is None:  # no source anywhere: the model is never loaded, and the run says why
        assert exit_info.value.code in (0, 1) and "nothing was back-translated" in err
    else:
        assert exit_info.value.code == 2 and message in err and err.count("\n") == 1


def test_without_a_source_nothing_is_back_translated(tmp_path: Path) -> None:
    """No round-trip check can run without a source: the model is not even loaded (a missing one is no error)."""
    mt = tmp_path / "mt.en"
    mt.write_text("The port reopens in June.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(mt), "--src-lang", "de", "--tgt-lang", "en", "-f", "json",
                                      "--backtranslate-model", str(tmp_path / "no-such-model")])
    assert result.exit_code in (0, 1), result.output
    assert json.loads(result.stdout)["segments"][0]["backtranslation"] is None


def test_check_shows_back_translation_progress_in_a_log(marian_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["check", str(_batch(tmp_path)), "--src-lang", "de", "--tgt-lang", "en",
                                      "--select", "TQ9", "--backtranslate-model", str(marian_dir),
                                      "--backtranslate-beams", "1", "--no-backtranslate-cache", "--progress",
                                      "-f", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert "tqcheck: back-translating with" in result.stderr and "sentences" in result.stderr
