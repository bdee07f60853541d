"""Running the real CLI in-process and checking the only outcomes tqcheck allows.

`run_cli` goes through `tqcheck.cli.main` exactly as the console script does, with
`TQCHECK_DEBUG=1` so an unexpected exception propagates (and fails the test) instead of
being turned into exit code 3.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from tqcheck.cli import main

_RUNNER = CliRunner()


def fuzzing(base: int, **overrides: Any) -> settings:
    """Hypothesis settings for `base` examples, scaled by the active profile (x25 under `fuzz`).

    No deadline (a whole CLI run per example on a busy machine) and no too-slow health check.
    """
    scaled = max(1, base * settings.default.max_examples // 100)
    return settings(max_examples=scaled, deadline=None, **overrides,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                 "help_option_names": []})
@click.pass_context
def _entry(context: click.Context) -> None:
    main(list(context.args))


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path) -> Outcome:
    """`tqcheck ARGS` through `main()`; unexpected exceptions are raised, not mapped to exit 3."""
    result = _RUNNER.invoke(_entry, [str(arg) for arg in args], catch_exceptions=False,
                            env={"TQCHECK_DEBUG": "1", "NO_COLOR": "1", "COLUMNS": "100"})
    return Outcome(result.exit_code, result.stdout, result.stderr)


def assert_clean_outcome(outcome: Outcome) -> None:
    """Exit 0/1 with a report, or exit 2 with exactly one line on stderr: nothing else."""
    assert outcome.code in (0, 1, 2), outcome
    if outcome.code == 2:
        lines = outcome.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), outcome.stderr
        assert "Traceback" not in outcome.stderr


def digest(paths: Iterable[Path]) -> dict[Path, str]:
    """SHA-256 of every existing file, to prove inputs are never modified."""
    return {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths if path.is_file()}


def run_cli_on(inputs: Iterable[Path], *args: str | Path) -> Outcome:
    """`run_cli` plus the promises every run keeps: a clean outcome and inputs byte-identical afterwards."""
    paths = list(inputs)
    before = digest(paths)
    outcome = run_cli(*args)
    assert_clean_outcome(outcome)
    assert digest(paths) == before, "an input file was modified"
    return outcome


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess `tqcheck`: no colour, no debug, plus `extra`."""
    env = {key: value for key, value in os.environ.items() if key not in ("TQCHECK_DEBUG", "FORCE_COLOR")}
    env.update({"NO_COLOR": "1", **extra})
    return env
