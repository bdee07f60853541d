"""A progress bar with ETA for long runs, on stderr so reports on stdout stay clean.

Shown on a terminal, hidden in CI logs (where `CI` is set or stderr is not a TTY) unless
asked for with `--progress`. The total comes from a quick count of the input's lines
when the input is a line-based file; otherwise the bar shows a count and a rate.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from tqcheck.model import DocumentResult

_NOT_LINE_BASED = {".xlf", ".xliff", ".tmx", ".po", ".pot", ".parquet", ".json", ".gz", ".zip"}


def wanted(flag: bool | None) -> bool:
    """Whether to draw the bar: the flag if given, else only on an interactive terminal outside CI."""
    if flag is not None:
        return flag
    return sys.stderr.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


def count_lines(path: Path) -> int | None:
    """Lines in `path` (a fast byte count), or None when it is not a regular line-based file."""
    if not path.is_file() or path.suffix.lower() in _NOT_LINE_BASED:
        return None
    lines = 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            lines += block.count(b"\n")
    return lines or 1


def tracked(results: Iterable[DocumentResult], total: int | None, *, label: str = "checking"
            ) -> Iterator[DocumentResult]:
    """`results` unchanged, advancing a bar by each result's segment count as they pass."""
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("segments"),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for result in results:
            yield result
            bar.advance(task, len(result.segments))
