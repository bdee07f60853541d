"""`tqcheck check -`: the target read from standard input, so an MT step can pipe straight into the check.

The piped bytes are copied to a temporary file first (in chunks: memory stays flat), because
the readers validate and stream files, and a line-aligned source must be counted against it.
The file is removed when the run ends. Everything the user sees names the input `-`: error
messages, the segments' `origin` and anchors, and the run's list of inputs.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tqcheck.errors import InputError

STDIN = "-"
_CHUNK = 1 << 20


def is_stdin(path: Path | None) -> bool:
    return path is not None and str(path) == STDIN


@contextmanager
def standard_input(target: Path) -> Iterator[Path]:
    """`target` itself, or for `-` a temporary copy of standard input (errors inside name it `-`)."""
    if not is_stdin(target):
        yield target
        return
    if sys.stdin is None or sys.stdin.isatty():
        raise InputError("the target is standard input, but nothing is piped in: pipe the text in or name a file",
                         STDIN)
    with tempfile.TemporaryDirectory(prefix="tqcheck-stdin-") as folder:
        path = Path(folder) / "stdin"
        with path.open("wb") as copy:
            shutil.copyfileobj(sys.stdin.buffer, copy, _CHUNK)
        try:
            yield path
        except InputError as exc:
            raise InputError(str(exc).replace(str(path), STDIN)) from None
