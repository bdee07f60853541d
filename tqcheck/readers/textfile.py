"""Opening input files: strict decoding with byte offsets, BOM and newline handling.

Every reader goes through `iter_lines` so bad input fails the same way everywhere:
one line naming the file, the line and (for bad bytes) the byte offset.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from pathlib import Path

from tqcheck.errors import InputError

_CHUNK = 1 << 20


def check_readable_file(path: Path, role: str = "input") -> None:
    """Fail with one clear line unless `path` is an existing, readable regular file."""
    try:
        if not path.exists():
            raise InputError(f"{role} file not found", str(path))
        if path.is_dir():
            raise InputError(f"is a directory; expected a {role} file", str(path))
        if path.is_char_device() or path.is_block_device():  # /dev/zero, /dev/urandom: endless, never a file
            raise InputError("is a device, not a file (to read a stream, pipe it in and pass -)", str(path))
    except OSError as exc:  # a name too long, a symlink loop, a folder that cannot be searched
        raise InputError(f"cannot open {role} file: {exc.strerror or exc}", str(path)) from None
    if not os.access(path, os.R_OK):
        raise InputError(f"{role} file is not readable (permission denied)", str(path))


# Text codecs that decode nothing (`undefined`) or are no file encoding (`punycode`, `idna`: domain names).
_NOT_FILE_ENCODINGS = frozenset({"undefined", "punycode", "idna"})


def check_encoding(encoding: str) -> str:
    """The codec's canonical name; one `error:` line for an unknown name or a codec that is no text
    encoding (`rot13`, `base64`, `zlib`: bytes-to-bytes codecs)."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        raise InputError(f"unknown encoding {ascii(encoding)}") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_ENCODINGS:
        raise InputError(f"{ascii(encoding)} is not a character encoding for text files "
                         "(e.g. utf-8, cp1256, latin-1, gb18030)")
    return info.name


def iter_lines(path: Path, encoding: str = "utf-8", role: str = "input") -> Iterator[tuple[int, str]]:
    """(1-based line number, text without its newline) for every line of `path`.

    Accepts LF, CRLF and lone CR, strips a leading BOM, and decodes strictly: invalid
    bytes raise InputError with the line and absolute byte offset.
    """
    check_readable_file(path, role)
    utf8 = check_encoding(encoding) == "utf-8"
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot open {role} file: {exc.strerror}", str(path)) from None
    with handle:
        offset = 0
        number = 0
        pending = b""
        while True:
            try:
                chunk = handle.read(_CHUNK)
            except OSError as exc:
                raise InputError(f"cannot read {role} file: {exc.strerror}", str(path)) from None
            if not chunk:
                break
            data = pending + chunk
            lines = data.splitlines(keepends=True)
            # Keep an unterminated last line (or a trailing lone CR that may start CRLF) for the next chunk.
            pending = lines.pop() if lines and not lines[-1].endswith(b"\n") else b""
            for raw in lines:
                number += 1
                yield number, _decode(raw, path, number, offset, encoding, utf8 and number == 1)
                offset += len(raw)
        if pending:
            number += 1
            yield number, _decode(pending, path, number, offset, encoding, utf8 and number == 1)


def _decode(raw: bytes, path: Path, number: int, offset: int, encoding: str, strip_bom: bool) -> str:
    body = raw.rstrip(b"\r\n")
    try:
        text = body.decode(encoding)
    except UnicodeError as exc:
        if not isinstance(exc, UnicodeDecodeError):  # a codec that fails without saying where
            raise InputError(f"cannot decode as {encoding}: {exc}", str(path), number) from None
        raise InputError(
            f"invalid {encoding.upper() if encoding.lower().startswith('utf') else encoding} "
            f"at byte offset {offset + exc.start} (byte 0x{body[exc.start]:02x}); "
            "re-encode the file as UTF-8 or pass --encoding",
            str(path), number,
        ) from None
    if strip_bom and text.startswith("\ufeff"):
        text = text[1:]
    return text


def count_lines(path: Path, role: str = "input") -> int:
    """Number of lines as `iter_lines` would yield them, without decoding (fast pre-check)."""
    check_readable_file(path, role)
    count = 0
    last = b""
    previous_cr = False
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            # CRLF counts once; a lone CR counts as a line break like splitlines() does.
            count += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
            if previous_cr and chunk.startswith(b"\n"):
                count -= 1
            previous_cr = chunk.endswith(b"\r")
            last = chunk[-1:]
    if last and last not in (b"\n", b"\r"):
        count += 1
    return count
