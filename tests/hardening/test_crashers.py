"""Replay every crasher kept in tests/hardening/crashers/<kind>/: each once broke tqcheck.

A file's folder names the fuzz target it was found with (see tests/hardening/targets.py);
replaying it must now give a report or one clean error line, with inputs untouched. New
crashers land here automatically during a fuzz session run with `TQCHECK_SAVE_CRASHERS=1`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hardening.targets import CRASHERS, TARGETS, run_target

FILES = sorted(path for path in CRASHERS.glob("*/*") if path.is_file())


def test_crashers_are_kept_for_known_targets_only() -> None:
    assert FILES, "the regression corpus is empty"
    assert {path.parent.name for path in FILES} <= set(TARGETS)


@pytest.mark.parametrize("path", FILES, ids=[f"{path.parent.name}/{path.name}" for path in FILES])
@pytest.mark.parametrize("output", ["text", "json"])
def test_crasher_replays_cleanly(path: Path, output: str) -> None:
    run_target(path.parent.name, path.read_bytes(), ["-f", output])
