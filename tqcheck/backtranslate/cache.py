"""A persistent sqlite cache of translations, so reruns (and interrupted runs) recompute nothing.

One row per translated text. The key is a SHA-256 over the model's fingerprint (hub id plus the
resolved commit, or a hash of a local directory's config and weights), the settings that change
the output (beams, length limits, precision), both languages and the text itself; any change
to one of them is a different key, so a stale translation is never served.

The database runs in WAL mode and the caller commits after every batch: a run killed halfway
keeps everything it finished, and several processes on one machine can share one cache file. A
cluster shares a directory or an object-store prefix instead (`tqcheck.backtranslate.shared_cache`;
`open_cache` there picks the kind from the location).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Protocol

from tqcheck.errors import ConfigError

SCHEMA_VERSION = 1
CACHE_FILE = "backtranslations.sqlite"
_LOOKUP_CHUNK = 500  # stays under SQLite's host-parameter limit on old builds (999)


def default_cache_path() -> Path:
    """`$XDG_CACHE_HOME/tqcheck/backtranslations.sqlite`, else `~/.cache/tqcheck/backtranslations.sqlite`."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if base.strip() else Path.home() / ".cache"
    return root / "tqcheck" / CACHE_FILE


def namespace(fingerprint: Mapping[str, object], src_lang: str, tgt_lang: str) -> str:
    """The part of every key shared by one run: model, settings and direction, as a hex digest."""
    payload = json.dumps({"model": fingerprint, "src": src_lang, "tgt": tgt_lang}, sort_keys=True,
                         ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def text_key(space: str, text: str) -> str:
    """The cache key of one text within a namespace."""
    return hashlib.sha256(f"{space}\x00{text}".encode()).hexdigest()


class Cache(Protocol):
    """What the pipeline needs of a translation cache: this module's sqlite file, or the shared layout.

    `space` is the namespace the keys were made in (`namespace()`). The sqlite file keeps every
    namespace in one table and ignores it (the keys include it); the shared layout
    (`tqcheck.backtranslate.shared_cache`) stores each namespace apart, so a lookup reads only its own.
    """

    def get_many(self, keys: Sequence[str], space: str | None = None) -> dict[str, str]: ...

    def put_many(self, items: Iterable[tuple[str, str]], space: str | None = None) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Cache: ...

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None: ...


class TranslationCache:
    """Key -> translation, stored in one sqlite file. Use as a context manager to close it.

    Safe for several processes on one machine; not on NFS (sqlite's WAL needs memory shared between
    the processes) nor on an object store: use `tqcheck.backtranslate.shared_cache` there.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=60.0)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"cannot open the back-translation cache {path}: {exc}; "
                              "pass --cache PATH elsewhere or --no-cache") from None
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise ConfigError(f"{path} is not a usable back-translation cache ({exc}); "
                              "delete it, or pass --cache PATH elsewhere or --no-cache") from None

    def _setup(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, SCHEMA_VERSION):
            raise sqlite3.DatabaseError(f"schema version {version}, this tqcheck reads {SCHEMA_VERSION}")
        self._db.execute("CREATE TABLE IF NOT EXISTS translations ("
                         "key TEXT PRIMARY KEY, output TEXT NOT NULL, created REAL NOT NULL) WITHOUT ROWID")
        self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._db.commit()

    def get_many(self, keys: Sequence[str], space: str | None = None) -> dict[str, str]:
        """The cached translations of those `keys` that are present (`space` is not needed here)."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(keys))
        try:
            for start in range(0, len(unique), _LOOKUP_CHUNK):
                chunk = unique[start:start + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, output FROM translations WHERE key IN ({marks})", chunk)
                # What this code stores is one line of text; anything else (a value edited in, a line
                # break that would add an output line) is not trusted: it counts as a miss.
                found.update((key, output) for key, output in rows if plausible(output))
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"cannot read the back-translation cache {self.path}: {exc}") from None
        return found

    def put_many(self, items: Iterable[tuple[str, str]], space: str | None = None) -> None:
        """Store (key, translation) pairs and commit at once: what is stored survives a crash."""
        now = time.time()
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO translations (key, output, created) VALUES (?, ?, ?)",
                    [(key, output, now) for key, output in items])
        except sqlite3.DatabaseError as exc:
            raise ConfigError(f"cannot write the back-translation cache {self.path}: {exc}; "
                              "pass --no-cache to run without it") from None

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationCache:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def plausible(output: object) -> bool:
    """A cached translation as `put_many` writes it: a string with no line break in it."""
    return isinstance(output, str) and _LINE_BREAK.search(output) is None
