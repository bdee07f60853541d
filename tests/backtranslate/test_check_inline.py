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
    mt = tmp_path / "mt.en"
    mt.write_text("The port reopens.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(mt), "--backtranslate-model", str(marian_dir)])
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
    assert outputs[0].count("\n") == 1200
