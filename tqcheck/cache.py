"""tqcheck's cache folder: derived data that is slow to build and cheap to read back.

Word-frequency tries (tqcheck.frequencies) and the decompressed language-ID model
(tqcheck.langid_model) live here: `$TQCHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/tqcheck`,
else `~/.cache/tqcheck`. Every file is named after the version of the library it was
derived from, so an upgrade rebuilds it, and is written atomically (temporary file +
rename), so parallel processes building the same file at once are safe. Deleting the
folder is always safe.
"""

from __future__ import annotations

import os
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
    """Create `path` by calling `write(temporary_path)`, then renaming: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
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
