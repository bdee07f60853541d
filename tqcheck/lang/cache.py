"""tqcheck's cache folder: derived data that is slow to build and cheap to read back.

Word-frequency tries (tqcheck.lang.frequencies) and the decompressed language-ID model
(tqcheck.lang.langid_model) live here: `$TQCHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/tqcheck`,
else `~/.cache/tqcheck`. Every file is named after the version of the library it was
derived from, so an upgrade rebuilds it, and is written atomically (temporary file +
rename), so parallel processes building the same file at once are safe. Deleting the
folder is always safe.

The folder is untrusted input all the same: a file can be truncated by a full disk or damaged by
anyone who can write there, and a damaged trie that is memory-mapped crashes the process. So every
file is written with a sidecar holding its size and SHA-256 (`intact` checks both before a file is
used), and a file that fails the check is rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path:
    """Where derived tables are kept (created on demand)."""
    explicit = os.environ.get("TQCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tqcheck"


def atomic_write(path: Path, write: Callable[[str], object]) -> None:
    """Create `path` by calling `write(temporary_path)`, then renaming: readers never see half a file.

    The checksum sidecar is written first, from the finished temporary file: a reader that finds
    the new file finds its sidecar too (a sidecar without its file, or an old file with a new
    sidecar, fails `intact` and is rebuilt).
    """
    path.parent.mkdir(parents=True, exist_ok=True)

    def write_with_sidecar(temp: str) -> None:
        write(temp)
        fingerprint = _fingerprint(Path(temp))
        _replace(_sidecar(path), lambda sidecar: Path(sidecar).write_text(fingerprint + "\n", encoding="ascii"))

    _replace(path, write_with_sidecar)


def _replace(path: Path, write: Callable[[str], object]) -> None:
    """`write` a temporary file beside `path`, then rename it into place (removed on any failure)."""
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(temp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


_SIDECAR_BYTES = 128  # "SIZE SHA256-HEX\n" is 80 bytes at most
HASHED_SIZE = 8 << 20  # files up to this size are hashed on every check; larger ones by size alone


def intact(path: Path) -> bool:
    """Whether `path` is a file whose size and SHA-256 are those its sidecar recorded when it was written.

    Files over `HASHED_SIZE` (the language-ID arrays, 66 MB: 45 ms to hash on every start) are
    checked by size: they are NumPy arrays read with bounds checks, so damage inside them raises
    an exception the loader handles, where a damaged trie (hashed) would crash the process.
    """
    try:
        sidecar = _sidecar(path)
        if not stat.S_ISREG(sidecar.stat().st_mode):  # a FIFO would block, /dev/zero never end
            return False
        with sidecar.open("rb") as stream:  # at most a line
            recorded = stream.read(_SIDECAR_BYTES).decode("ascii").split()
        info = path.stat()
        size = info.st_size
        if not stat.S_ISREG(info.st_mode) or len(recorded) != 2 or recorded[0] != str(size):
            return False
        return size > HASHED_SIZE or recorded[1] == _fingerprint(path).split()[1]
    except (OSError, UnicodeDecodeError):
        return False


def checksummed(path: Path) -> bool:
    """Whether `path` has a checksum sidecar (a file without one is from an older tqcheck, not damaged)."""
    return _sidecar(path).is_file()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def _fingerprint(path: Path) -> str:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return f"{size} {digest.hexdigest()}"


def notice(message: str) -> None:
    """One line on stderr about the cache (a damaged file rebuilt): not an error, the run goes on."""
    if sys.stderr is not None:
        print(message, file=sys.stderr)
