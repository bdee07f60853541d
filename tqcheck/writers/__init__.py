"""Output formats, one module each, all rendering the same stream of document results.

A writer is `render(out, info, results, summary)`: it consumes `results` (an iterator,
so memory stays flat for streaming formats) and calls `summary()` once the stream is
exhausted. `write()` owns the destination: `-` is stdout, anything else is written to a
temporary file beside it and moved into place, so a report is never half-written.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, TextIO

from tqcheck.errors import InputError
from tqcheck.model import DocumentResult, RunInfo, Summary


class Writer(Protocol):
    def __call__(self, out: TextIO, info: RunInfo, results: Iterable[DocumentResult],
                 summary: Callable[[], Summary]) -> None: ...


def _writers() -> dict[str, Writer]:
    from tqcheck.writers import html, json_report, jsonl, terminal

    return {"text": terminal.render, "json": json_report.render, "jsonl": jsonl.render, "html": html.render}


WRITER_NAMES = ("text", "json", "jsonl", "html")


def get_writer(name: str) -> Writer:
    writers = _writers()
    if name not in writers:
        raise InputError(f"unknown output format {name!r} (choose from {', '.join(writers)})")
    return writers[name]


@contextmanager
def open_output(dest: str | None, *, protect: Iterable[Path] = ()):  # type: ignore[no-untyped-def]
    """Yield a text stream for `dest`; on success atomically replace the file, on error remove the temp."""
    if dest in (None, "", "-"):
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(dest)
    resolved = path.resolve()
    for protected in protect:
        if protected.exists() and protected.resolve() == resolved:
            raise InputError("refusing to overwrite an input file with the report", str(path))
    if path.is_dir():
        raise InputError("output path is a directory", str(path))
    if path.exists() and not path.is_file():  # /dev/null, a FIFO: nothing to make atomic
        with path.open("w", encoding="utf-8") as stream:
            yield stream
        return
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError("output directory does not exist", str(directory))
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write output: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
