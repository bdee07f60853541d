"""Local paths and object-store URIs (`s3://`, `gs://`, `hdfs://`, `file://`) through pyarrow filesystems.

A URI is opened with `pyarrow.fs.FileSystem.from_uri`; anything else is a local path and keeps
the behaviour it always had. Outputs to a URI are written to a temporary name beside the
destination and moved into place, so a reader never sees half a file (on S3 and GCS a move is a
copy; an upload there only becomes visible once it completes in any case).
"""

from __future__ import annotations

import os
import re
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tqcheck.errors import InputError

if TYPE_CHECKING:
    from pyarrow.fs import FileSystem

PARQUET_HINT = "pip install 'tqcheck[parquet]'"
SCHEMES = frozenset({"file", "s3", "gs", "gcs", "hdfs", "viewfs", "abfs", "abfss"})
_URI = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(/+)(.*)$", re.DOTALL)


def read_local(path: Path) -> bytes:
    """A small local file read whole (a config, glossary, baseline, suppressions file or saved report).

    Raises what `Path.read_bytes` raises (FileNotFoundError, IsADirectoryError, OSError) for the caller
    to word, and an OSError for a device: `/dev/zero` would be read without end.
    """
    mode = path.stat().st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise OSError("is a device, not a file")
    return path.read_bytes()


def as_location(value: str | os.PathLike[str]) -> str:
    """The URI or path the user meant.

    A URI that went through `pathlib.Path` lost a slash (`s3://b/k` became `s3:/b/k`,
    `file:///tmp/x` became `file:/tmp/x`); this restores it. Local paths come back unchanged.
    After pathlib, `hdfs:///path` (the default namenode) cannot be told from `hdfs://path`:
    name the namenode (`hdfs://namenode:8020/path`).
    """
    text = os.fspath(value)
    match = _URI.match(text)
    if match is None or match.group(1).lower() not in SCHEMES or len(match.group(2)) >= 2:
        return text
    scheme, _slashes, rest = match.groups()
    if scheme.lower() == "file":
        return f"{scheme}:///{rest}"
    return f"{scheme}://{rest}"


def is_uri(value: str | os.PathLike[str]) -> bool:
    """Whether `value` names an object-store (or `file://`) URI rather than a plain local path."""
    match = _URI.match(as_location(value))
    return match is not None and match.group(1).lower() in SCHEMES


def local_file(value: str | os.PathLike[str]) -> Path | None:
    """The local file a `file://` URI names; None for other URIs and for plain paths."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(as_location(value))
    return Path(unquote(parsed.path)) if parsed.scheme.lower() == "file" else None


def suffix(location: str) -> str:
    """The lower-cased file extension of a path or URI (`.parquet`), ignoring a query string."""
    name = location.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    return os.path.splitext(name)[1].lower()


def filesystem(location: str) -> tuple[FileSystem, str]:
    """The pyarrow filesystem holding `location` and the path inside it."""
    try:
        from pyarrow import fs
    except ImportError:
        raise InputError(f"object-store and Parquet I/O need pyarrow: {PARQUET_HINT}") from None
    if not is_uri(location):
        return fs.LocalFileSystem(), os.path.abspath(location)
    try:
        found, path = fs.FileSystem.from_uri(location)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError or NotImplemented per scheme
        raise InputError(f"cannot open {location}: {_first_line(exc)}") from None
    return found, path


def open_input(location: str, role: str = "input") -> Any:
    """A random-access pyarrow file for `location` (what `pyarrow.parquet.ParquetFile` reads)."""
    from pyarrow import fs

    system, path = filesystem(location)
    try:
        info = system.get_file_info(path)
    except Exception as exc:
        raise InputError(f"cannot read {role}: {_first_line(exc)}", location) from None
    if info.type == fs.FileType.NotFound:
        raise InputError(f"{role} file not found", location)
    if info.type == fs.FileType.Directory:
        raise InputError(f"is a directory; expected a {role} file", location)
    try:
        return system.open_input_file(path)
    except Exception as exc:
        raise InputError(f"cannot open {role} file: {_first_line(exc)}", location) from None


@contextmanager
def open_uri_output(location: str, *, binary: bool) -> Iterator[IO[Any]]:
    """Yield a stream writing to the URI `location`; moved into place only when the block succeeds."""
    import io

    from pyarrow import fs

    system, path = filesystem(location)
    parent, _, name = path.rpartition("/")
    if parent and system.get_file_info(parent).type == fs.FileType.NotFound and isinstance(
            system, fs.LocalFileSystem):
        raise InputError("output directory does not exist", parent)
    if system.get_file_info(path).type == fs.FileType.Directory:
        raise InputError("output path is a directory", location)
    temp = f"{parent}/.{name}.{uuid.uuid4().hex}.tmp" if parent else f".{name}.{uuid.uuid4().hex}.tmp"
    try:
        raw = system.open_output_stream(temp)
    except Exception as exc:
        raise InputError(f"cannot write output: {_first_line(exc)}", location) from None
    try:
        if binary:
            with raw:
                yield raw
        else:
            with io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as text:
                yield text
        system.move(temp, path)
    except BaseException:
        try:
            system.delete_file(temp)
        except Exception:  # the temporary file may never have been created
            pass
        raise


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
