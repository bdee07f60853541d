"""The progress bar: on stderr when asked for, never on stdout, silent in CI by default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tqcheck.run import progress

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "news-en-de"


def _run(*extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tqcheck", "check", str(SAMPLE / "mt.de"), "--source", str(SAMPLE / "source.en"),
               "--src-lang", "en", "--tgt-lang", "de", "-f", "jsonl", "--fail-on", "never", *extra]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=True)


def test_progress_goes_to_stderr_only() -> None:
    quiet = _run()
    loud = _run("--progress")
    assert loud.stdout.splitlines()[:-1] == quiet.stdout.splitlines()[:-1]  # the last, the run's record, is dated
    assert quiet.stderr == ""
    assert "segments" in loud.stderr


def test_default_follows_the_terminal_and_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert progress.wanted(None)
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(None)
    assert progress.wanted(True)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    monkeypatch.delenv("CI")
    assert not progress.wanted(None)
    assert not progress.wanted(False)


def test_total_is_a_line_count(tmp_path: Path) -> None:
    text = tmp_path / "mt.txt"
    text.write_bytes(b"a\nb\nc\n")
    assert progress.count_lines(text) == 3
    assert progress.count_lines(tmp_path) is None
    xliff = tmp_path / "batch.xlf"
    xliff.write_text("<xliff/>")
    assert progress.count_lines(xliff) is None
