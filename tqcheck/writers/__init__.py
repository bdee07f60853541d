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
from importlib import import_module
from pathlib import Path
from typing import Protocol, TextIO, cast

from tqcheck.errors import ConfigError, InputError
from tqcheck.model import DocumentResult, RunInfo, Summary
from tqcheck.storage import as_location, is_uri, local_file, open_uri_output


class Writer(Protocol):
    def __call__(self, out: TextIO, info: RunInfo, results: Iterable[DocumentResult],
                 summary: Callable[[], Summary]) -> None: ...


# Output format -> the module whose `render` writes it; a module is imported only when its format
# is asked for (the HTML, JUnit and terminal writers pull in jinja2, ElementTree and rich).
_MODULES = {"text": "terminal", "json": "json_report", "jsonl": "jsonl", "html": "html", "sarif": "sarif",
            "junit": "junit", "github": "github", "gitlab": "gitlab", "markdown": "markdown", "parquet": "parquet"}

WRITER_NAMES = tuple(_MODULES)


def get_writer(name: str) -> Writer:
    if name not in _MODULES:
        raise InputError(f"unknown output format {name!r} (choose from {', '.join(_MODULES)})")
    return cast(Writer, import_module(f"tqcheck.writers.{_MODULES[name]}").render)


def is_binary(writer: Writer) -> bool:
    """Whether `writer` writes bytes (Parquet): it sets `binary = True` and needs `open_output(..., binary=True)`."""
    return bool(getattr(writer, "binary", False))


def refuse_page_on_terminal(format: str, dest: str | None) -> None:
    """One error line instead of thousands of lines of HTML poured onto an interactive terminal."""
    import sys

    if format == "html" and dest in (None, "", "-") and sys.stdout.isatty():
        raise ConfigError("--format html writes a web page: give --output FILE (or pipe it to a file)")


@contextmanager
def open_output(dest: str | None, *, protect: Iterable[Path] = (), binary: bool = False):  # type: ignore[no-untyped-def]
    """Yield a text stream for `dest`; on success atomically replace the file, on error remove the temp.

    `binary=True` yields a byte stream instead (and refuses stdout). `dest` may be an object-store
    URI (`s3://`, `gs://`, `hdfs://`, `file://`), written through pyarrow's filesystems. What the
    system refuses (a full disk, a name too long, a closed standard output) is one `InputError`.
    """
    try:
        with _opened(dest, protect=protect, binary=binary) as stream:
            yield stream
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise  # the reader went away (`| head`): the CLI ends quietly
        if not _about_output(exc, dest):
            raise  # another file's error during the run (a model path too long): not the output's to blame
        where = "standard output" if dest in (None, "", "-") else dest
        raise InputError(f"cannot write the output: {exc.strerror or exc}", where) from None


def _about_output(exc: OSError, dest: str | None) -> bool:
    """Whether `exc` is about writing `dest`: a write error (no file name: a full disk) or one naming
    `dest` or its temporary file (`.NAME.xxxx.tmp` beside it)."""
    if exc.filename is None or dest in (None, "", "-"):
        return True
    name, wanted = Path(str(exc.filename)).name, Path(str(dest)).name
    return name == wanted or name.startswith(f".{wanted}.")


@contextmanager
def _opened(dest: str | None, *, protect: Iterable[Path], binary: bool):  # type: ignore[no-untyped-def]
    if dest in (None, "", "-"):
        if binary:
            raise InputError("a binary output format needs --output FILE (it cannot go to stdout)")
        if sys.stdout is None:
            raise InputError("standard output is closed; write the report to a file with -o FILE")
        yield sys.stdout
        sys.stdout.flush()
        return
    if is_uri(dest):
        local = local_file(dest)
        if local is not None:
            _refuse_inputs(local, protect, dest)
        with open_uri_output(as_location(dest), binary=binary) as remote:
            yield remote
        return
    path = Path(dest)
    _refuse_inputs(path, protect, str(path))
    if path.is_dir():
        raise InputError("output path is a directory", str(path))
    if path.exists() and not path.is_file():  # /dev/null, a FIFO: nothing to make atomic
        with (path.open("wb") if binary else path.open("w", encoding="utf-8")) as stream:
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
        with (os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8", newline="\n")) as stream:
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


def write_fixed(path: Path, text: str, encoding: str, *, protect: Iterable[Path] = ()) -> None:
    """Write a fixed input file atomically: in its own encoding, its newlines as they are, and (over an
    existing file) its permissions kept."""
    _refuse_inputs(path, protect, str(path))
    if path.is_dir():
        raise InputError("output path is a directory", str(path))
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else None
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"cannot write the fixed file: {exc.strerror or exc}", str(path)) from None
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except OSError as exc:
        _unlink_quietly(temp_name)
        raise InputError(f"cannot write the fixed file: {exc.strerror or exc}", str(path)) from None
    except BaseException:
        _unlink_quietly(temp_name)
        raise


def _unlink_quietly(name: str) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass


def _refuse_inputs(path: Path, protect: Iterable[Path], shown: str) -> None:
    """Refuse an output that is an input file, or lies inside an input folder (the report would
    replace a file of the batch, or be read as part of it on the next run)."""
    try:
        resolved = path.resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop (RuntimeError before Python 3.13)
        raise InputError(f"cannot write the output: {getattr(exc, 'strerror', None) or 'a symbolic link loop'}",
                         shown) from None
    for protected in protect:
        if not protected.exists():
            continue
        place = protected.resolve()
        if place == resolved:
            raise InputError("refusing to overwrite an input file with the report", shown)
        if place.is_dir() and place in resolved.parents:
            raise InputError(f"refusing to write the report inside the input folder {place}", shown)
