"""`tqcheck check --fix / --diff`: apply the safe fixes, write or show them, report what remains.

As ruff does: `--diff` shows the fixes as a unified diff and writes nothing (exit 1 when there are
any); `--fix` writes the fixed text to `-o FILE` or, with `--in-place`, over the input, then reports
the issues that remain in the chosen format (the gate decides the exit code, on those).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from tqcheck.cli.stderr import say
from tqcheck.errors import ConfigError

if TYPE_CHECKING:
    from tqcheck.config import Settings
    from tqcheck.request import CheckRequest, Say


def refuse_wrong_use(*, fix: bool, diff: bool, unsafe: bool, in_place: bool, output: Path | None,
                     request: CheckRequest, statistics: bool) -> None:
    """One `error:` line for options that do not go together."""
    if (unsafe or in_place) and not (fix or diff):
        raise ConfigError(f"{'--unsafe-fixes' if unsafe else '--in-place'} goes with --fix (or --diff)")
    if in_place and output is not None:
        raise ConfigError("--in-place writes over the input; -o FILE writes elsewhere: choose one")
    if diff and (in_place or output is not None):
        raise ConfigError("--diff only shows the fixes; to write them use --fix with -o FILE or --in-place")
    if fix and not diff and not in_place and output is None:
        raise ConfigError("--fix writes the fixed text: give -o FILE, or --in-place to write over the input "
                          "(or --diff to see the fixes first)")
    if statistics:
        raise ConfigError("--statistics counts the issues of a check; it does not go with --fix or --diff")
    if request.engine != "local":
        raise ConfigError("--fix runs on the local engine; drop --engine")
    if output is not None and (request.many or request.target_name is not None and in_place):
        raise ConfigError("-o FILE takes the fixed text of one input file; for several use --in-place "
                          "(or --diff)")
    if in_place and request.target_name is not None:
        raise ConfigError("--in-place cannot write over standard input; use -o FILE")


def run_fixes(request: CheckRequest, settings: Settings, *, unsafe: bool, diff: bool, in_place: bool,
              output: Path | None, format: str, color: bool | None, quiet: bool, notice: Say) -> None:
    """Fix, write or show, report what remains; exits 1 when a gate fails on it (or, for --diff, on changes).

    `-o -` makes a filter: the fixed text goes to standard output, and no report.
    """
    from tqcheck.api import fix_session
    from tqcheck.writers import get_writer, open_output, write_fixed

    with fix_session(request, settings, unsafe=unsafe, say=notice) as session:
        if not quiet:
            for line in session.summary_lines(would=diff):
                say(f"tqcheck: {line}")
        if diff:
            text = session.diff()
            sys.stdout.write(text)
            sys.stdout.flush()
            if text:
                raise typer.Exit(1)
            return
        if output is not None and str(output) == "-":  # a filter: the fixed text out, nothing else
            sys.stdout.write(session.text_of(request.target))
            sys.stdout.flush()
            return
        if output is not None:
            write_fixed(output, session.text_of(request.target), request.encoding, protect=request.paths)
        else:
            for path, text in session.fixed.items():
                write_fixed(path, text, request.encoding)
        run = session.run()
        writer = get_writer(format)
        with open_output(None) as out:
            if format == "text":
                from tqcheck.writers import terminal

                use_color, width = terminal.display(out, color)
                terminal.render(out, run.info, run.results, run.summary, color=use_color, width=width)
            else:
                writer(out, run.info, run.results, run.summary)
        failures = run.failures()
        for failure in failures:
            say(f"{'threshold' if failure.is_threshold else 'gate'} failed: {failure}")
        if failures:
            raise typer.Exit(1)
