"""A progress bar with ETA for long runs, on stderr so reports on stdout stay clean.

Shown on a terminal, hidden in CI logs (where `CI` is set or stderr is not a TTY) unless
asked for with `--progress`. The total comes from a quick count of the input's lines
when the input is a line-based file; otherwise the bar shows a count and a rate.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
    """`results` unchanged, advancing a bar by each result's segment count as they pass (see `counter`)."""
    with counter(total, label) as advance:
        for result in results:
            yield result
            advance(len(result.segments))


def with_progress(results: Iterator[DocumentResult], target: Path, flag: bool | None) -> Iterator[DocumentResult]:
    """`results`, tracked against the lines of `target` when a bar is `wanted(flag)`."""
    return tracked(results, count_lines(target)) if wanted(flag) else results


LOG_EVERY_S = 10.0


@contextmanager
def counter(total: int | None, label: str, unit: str = "segments", *,
            plain: bool = False) -> Iterator[Callable[[int], None]]:
    """An `advance(n)` function that shows progress on stderr.

    On a terminal: a rich bar with ETA. Elsewhere (a CI log asked for `--progress`), or `plain`
    (inside a run that already draws a bar): a plain line at most every `LOG_EVERY_S` seconds
    and one at the end, since a log cannot redraw.
    """
    from rich.console import Console

    console = Console(stderr=True)
    if console.is_terminal and not plain:
        from rich.progress import Progress

        with Progress(*bar_columns(unit), console=console, transient=True) as bar:
            task = bar.add_task(label, total=total)
            yield lambda count: bar.advance(task, count)
        return
    start = time.monotonic()
    state = {"done": 0, "last": start}

    def advance(count: int) -> None:
        state["done"] += count
        now = time.monotonic()
        if now - state["last"] >= LOG_EVERY_S:
            state["last"] = now
            print(_line(label, int(state["done"]), total, now - start, unit=unit), file=sys.stderr, flush=True)

    yield advance
    print(_line(label, int(state["done"]), None, time.monotonic() - start, finished=True, unit=unit),
          file=sys.stderr, flush=True)


def bar_columns(unit: str = "segments") -> tuple[Any, ...]:
    """The columns of every tqcheck progress bar: label, bar, done/total, elapsed, ETA."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn(unit),
            TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())


def _line(label: str, done: int, total: int | None, elapsed: float, *, finished: bool = False,
          unit: str = "segments") -> str:
    rate = done / elapsed if elapsed > 0 else 0.0
    text = f"tqcheck: {label} {done:,}" + (f"/{total:,}" if total else "") + f" {unit}, {rate:,.0f}/s"
    if finished:
        return f"{text}, done in {elapsed:.1f} s"
    if total and rate > 0 and total > done:
        text += f", ETA {(total - done) / rate:.0f} s"
    return text
