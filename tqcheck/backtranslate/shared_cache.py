"""A back-translation cache that many processes and machines share: immutable shard files under one root.

A URI (`s3://bucket/tqcheck-cache/`, `gs://`, `hdfs://`, `file://`), a path ending in `/`, or an
existing directory selects it (`open_cache`); a file path keeps the one-file sqlite cache
(`tqcheck.backtranslate.cache`), which is safe on one machine but neither on NFS (sqlite's WAL needs
memory shared between the processes) nor on an object store. The keys are the sqlite cache's
(`namespace()`, `text_key()`), so the same run finds the same translations in either.

Layout:

    <root>/backtranslations-v1/<namespace>/<time>-<writer id>-<sequence>.jsonl
        {"key": "<sha256 hex>", "output": "<translation>"}      one record a line

- The namespace (model fingerprint, generation settings, direction) is a directory: a run reads only
  the shards of its own model, settings and direction.
- Shards are immutable. Each is written whole and becomes visible at once: under a hidden temporary
  name renamed into place on a filesystem (local, NFS, HDFS), or by one upload on S3 and GCS (where an
  object appears only when its upload completes, and a rename would be a copy). Names are unique per
  writer (a random id and a sequence number), so writers on many nodes never touch each other's
  files; temporary names start with `.` and are never read, so nobody reads half a shard.
- Writes are buffered briefly: a shard is written once `FLUSH_RECORDS` records wait, at the first
  `put_many` `FLUSH_SECONDS` after the cache was opened or last wrote, and on `close` (also when a
  run fails: the pipeline closes its cache on the way out). A process killed outright loses at most
  those last seconds; everything written before serves the next run. Without the buffer a GPU would
  write a file per batch, several a second.
- Reads: the first lookup in a namespace lists its shards and reads them all (in parallel) into an
  index kept in memory for the process, shared by every cache object on the same root. So `check`,
  which looks up window by window, and a Ray actor, which looks up block by block, read each shard
  once. A lookup that misses lists again (at most every `REFRESH_SECONDS`: a listing of many
  shards is several requests on an object store) and reads only the shards that appeared since,
  which finds what other nodes finished meanwhile.
- Scale: the index holds every record of the namespaces looked up: about 250 bytes for a
  70-character sentence, so some 250 MB per million distinct sentences of one model, settings and
  direction; the last `KEPT_INDEXES` namespaces are kept (`forget_indexes()` drops them). Loading
  costs one listing and one read per shard (16 at a time): `compact()` merges a namespace's shards
  into one file once they have piled up (a run writes about one per window, block or 10 s).
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, TypeVar

from tqcheck.backtranslate.cache import Cache, TranslationCache, plausible
from tqcheck.errors import ConfigError, TqcheckError
from tqcheck.storage import as_location, filesystem, is_uri

if TYPE_CHECKING:
    from pyarrow.fs import FileSystem

LAYOUT = "backtranslations-v1"  # the layout's version: a later, incompatible one gets a folder of its own
SHARD_SUFFIX = ".jsonl"
TEMP_SUFFIX = ".tmp"
DEFAULT_SPACE = "default"  # the folder for records put without a namespace
FLUSH_RECORDS = 2000
FLUSH_SECONDS = 10.0
STALE_TEMP_SECONDS = 24 * 3600.0  # `compact()` removes temporary files older than this (a crashed writer's)
REFRESH_SECONDS = 60.0  # a lookup that misses lists the namespace again at most this often
KEPT_INDEXES = 8
DIRECT_PUT = frozenset({"s3", "gcs"})  # pyarrow filesystems where one upload is atomic and a move is a copy
_READERS = 16  # shards read at once when a namespace is loaded
_SPACE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
_T = TypeVar("_T")


def is_shared(location: str | os.PathLike[str]) -> bool:
    """Whether `location` selects the shared layout: a URI, a path ending in `/`, or an existing directory."""
    text = os.fspath(location)
    return is_uri(text) or text.endswith(("/", os.sep)) or os.path.isdir(text)


def open_cache(location: str | os.PathLike[str]) -> Cache:
    """The cache at `location`: the shared layout (see `is_shared`), else the sqlite file."""
    if is_shared(location):
        return SharedTranslationCache(location)
    return TranslationCache(Path(location))


def forget_indexes() -> None:
    """Drop what this process has read of any shared cache: the next lookup reads the storage again."""
    with _INDEXES_LOCK:
        _INDEXES.clear()


class SharedTranslationCache:
    """Key -> translation in immutable shard files under a directory or an object-store prefix.

    The interface of `TranslationCache`, plus `space` (the namespace) on `get_many`/`put_many`,
    `flush()` and `compact()`. One object serves one thread; any number of objects, processes and
    machines may use one root at once. Use as a context manager: closing writes what is buffered.
    """

    def __init__(self, location: str | os.PathLike[str], *, flush_records: int = FLUSH_RECORDS,
                 flush_seconds: float | None = None) -> None:
        text = os.fspath(location)
        self.location = as_location(text) if is_uri(text) else text
        self.flush_records = flush_records
        self.flush_seconds = FLUSH_SECONDS if flush_seconds is None else flush_seconds
        self._root = self.location if is_uri(text) else os.path.abspath(text)  # names its indexes
        self._store = _store(self._root)
        self._check_root()
        self._writer = f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{uuid.uuid4().hex[:16]}"
        self._sequence = 0
        self._pending: dict[str, list[tuple[str, str]]] = {}
        self._last_flush = time.monotonic()

    def get_many(self, keys: Sequence[str], space: str | None = None) -> dict[str, str]:
        """The cached translations of those `keys` that are present in namespace `space`."""
        wanted = {_packed(key): key for key in dict.fromkeys(keys)}
        if not wanted:
            return {}
        space = _checked(space)
        index = _index(self._root, space)
        listed_now = index.listed_at is None
        if listed_now:
            self._refresh(index, space)
        found = index.lookup(wanted)
        if len(found) < len(wanted) and not listed_now and index.listed_at is not None \
                and time.monotonic() - index.listed_at >= REFRESH_SECONDS:
            self._refresh(index, space)  # what other writers finished since
            found = index.lookup(wanted)
        return found

    def put_many(self, items: Iterable[tuple[str, str]], space: str | None = None) -> None:
        """Store (key, translation) pairs: at once for this process, in a new shard soon (see `flush`)."""
        space = _checked(space)
        # What this code stores is one line of text; anything else would never be served.
        records = [(key, output) for key, output in items if plausible(output)]
        if not records:
            return
        index = _index(self._root, space)
        with index.lock:
            index.entries.update((_packed(key), output) for key, output in records)
        self._pending.setdefault(space, []).extend(records)
        waiting = sum(len(found) for found in self._pending.values())
        if waiting >= self.flush_records or time.monotonic() - self._last_flush >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Write what `put_many` buffered: one new shard per namespace."""
        while self._pending:
            space, records = next(iter(self._pending.items()))
            name = self._write(space, records)
            index = _index(self._root, space)
            with index.lock:
                index.read.add(name)  # its records are in the index already
            del self._pending[space]
        self._last_flush = time.monotonic()

    def compact(self, space: str | None = None) -> int:
        """Merge each namespace's shards (or `space`'s only) into one; returns how many shards were merged.

        Safe beside running writers and readers: the merged shard is visible before a shard it
        replaces is removed, a reader that finds a shard gone lists again, and shards written
        meanwhile are left alone. Two compactions at once leave duplicate records, never lose one.
        Also removes temporary files older than `STALE_TEMP_SECONDS` (left by a writer that crashed).
        """
        self.flush()
        spaces = [_checked(space)] if space is not None else self._guarded("list", self._store.dirs,
                                                                         self._store.join(LAYOUT))
        merged_count = 0
        for name in spaces:
            directory = self._store.join(LAYOUT, name)
            files = self._guarded("list", self._store.files, directory)
            shards = sorted(file for file in files if _is_shard(file))
            if len(shards) > 1:
                merged: dict[str, str] = {}
                done: list[str] = []
                for shard, data in zip(shards, self._read_all(directory, shards)):
                    if data is not None:
                        done.append(shard)
                        for key, output in _records(data):
                            merged.setdefault(key, output)
                self._write(name, list(merged.items()))
                for shard in done:
                    self._guarded("remove from", self._store.delete, self._store.child(directory, shard))
                merged_count += len(done)
            now = time.time()
            for file in files:
                if _is_temp(file):
                    path = self._store.child(directory, file)
                    modified = self._guarded("read", self._store.modified, path)
                    if modified is not None and now - modified > STALE_TEMP_SECONDS:
                        self._guarded("remove from", self._store.delete, path)
        return merged_count

    def __len__(self) -> int:
        """Distinct keys stored, in every namespace. Reads every shard: costly on a large cache."""
        keys: set[str] = {key for records in self._pending.values() for key, _output in records}
        for space in self._guarded("list", self._store.dirs, self._store.join(LAYOUT)):
            directory = self._store.join(LAYOUT, space)
            shards = [file for file in self._guarded("list", self._store.files, directory) if _is_shard(file)]
            for data in self._read_all(directory, shards):
                keys.update(key for key, _output in _records(data or b""))
        return len(keys)

    def close(self) -> None:
        self.flush()

    def __enter__(self) -> SharedTranslationCache:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def _check_root(self) -> None:
        kind = self._guarded("read", self._store.kind, self._store.root)
        if kind == "file":
            raise ConfigError(f"the back-translation cache {self.location} is a file; a shared cache is a "
                              "directory (give a path ending in /), a sqlite cache is a file path")

    def _refresh(self, index: _Index, space: str) -> None:
        """Read the namespace's shards this process has not read yet into `index`."""
        directory = self._store.join(LAYOUT, space)
        with index.lock:
            for _attempt in range(2):
                names = [name for name in self._guarded("list", self._store.files, directory)
                         if _is_shard(name) and name not in index.read]
                vanished = False
                for name, data in zip(names, self._read_all(directory, names)):
                    if data is None:
                        vanished = True  # merged by a compaction since the listing: list again
                        continue
                    index.read.add(name)
                    for key, output in _records(data):
                        index.entries.setdefault(_packed(key), output)
                index.listed_at = time.monotonic()
                if not vanished:
                    break

    def _read_all(self, directory: str, names: Sequence[str]) -> Iterator[bytes | None]:
        """The contents of those shards in order, None for one that is gone.

        Read `_READERS` at a time (an object store answers each read in tens of milliseconds), and
        a few hundred ahead at most, so the raw shards never all sit in memory at once.
        """
        def read(name: str) -> bytes | None:
            return self._guarded("read", self._store.read, self._store.child(directory, name))

        if len(names) < 4:
            yield from map(read, names)
            return
        with ThreadPoolExecutor(max_workers=min(_READERS, len(names))) as pool:
            for start in range(0, len(names), _READERS * 16):
                yield from pool.map(read, names[start:start + _READERS * 16])

    def _write(self, space: str, records: Sequence[tuple[str, str]]) -> str:
        """Write one new shard of `records` into `space`; returns its name."""
        name = f"{self._writer}-{self._sequence:06d}{SHARD_SUFFIX}"
        self._sequence += 1
        data = "".join(json.dumps({"key": key, "output": output}, ensure_ascii=False) + "\n"
                       for key, output in records).encode("utf-8")
        try:
            self._store.write(self._store.join(LAYOUT, space), name, data)
        except Exception as exc:
            raise ConfigError(f"cannot write the back-translation cache {self.location}: {_first_line(exc)}; "
                              "pass --no-cache to run without it") from None
        return name

    def _guarded(self, doing: str, action: Callable[[str], _T], path: str) -> _T:
        """`action(path)`, its failure worded as one ConfigError naming the cache."""
        try:
            return action(path)
        except TqcheckError:
            raise
        except Exception as exc:  # OSError from the OS, ArrowException and OSError from pyarrow
            raise ConfigError(f"cannot {doing} the back-translation cache {self.location}: "
                              f"{_first_line(exc)}") from None


class _Index:
    """What one process knows of one namespace: every record read or put, and the shards already read."""

    def __init__(self) -> None:
        self.entries: dict[bytes | str, str] = {}
        self.read: set[str] = set()
        self.listed_at: float | None = None  # when the namespace was last listed (time.monotonic)
        self.lock = threading.Lock()

    def lookup(self, wanted: dict[bytes | str, str]) -> dict[str, str]:
        with self.lock:
            return {key: self.entries[packed] for packed, key in wanted.items() if packed in self.entries}


_INDEXES: OrderedDict[tuple[str, str], _Index] = OrderedDict()
_INDEXES_LOCK = threading.Lock()


def _index(root: str, space: str) -> _Index:
    """The process's index of one namespace under one root (the last `KEPT_INDEXES` are kept)."""
    with _INDEXES_LOCK:
        found = _INDEXES.get((root, space))
        if found is None:
            found = _INDEXES[(root, space)] = _Index()
            while len(_INDEXES) > KEPT_INDEXES:
                _INDEXES.popitem(last=False)
        else:
            _INDEXES.move_to_end((root, space))
        return found


class _Store(Protocol):
    """The few operations the layout needs, on a local directory or a pyarrow filesystem."""

    root: str

    def join(self, *parts: str) -> str: ...  # a path under the root

    def child(self, directory: str, name: str) -> str: ...

    def kind(self, path: str) -> str | None: ...  # "file", "dir" or None (absent)

    def files(self, directory: str) -> list[str]: ...  # names of the files in it; [] when it is absent

    def dirs(self, directory: str) -> list[str]: ...

    def read(self, path: str) -> bytes | None: ...  # None when the file is gone

    def write(self, directory: str, name: str, data: bytes) -> None: ...  # atomically, never half a file

    def delete(self, path: str) -> None: ...  # quietly done when the file is gone already

    def modified(self, path: str) -> float | None: ...


class _LocalStore:
    """A local (or NFS) directory, through the OS: the shard is synced before it is renamed into place."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)

    def join(self, *parts: str) -> str:
        return os.path.join(self.root, *parts)

    def child(self, directory: str, name: str) -> str:
        return os.path.join(directory, name)

    def kind(self, path: str) -> str | None:
        return "dir" if os.path.isdir(path) else "file" if os.path.exists(path) else None

    def files(self, directory: str) -> list[str]:
        return self._names(directory, dirs=False)

    def dirs(self, directory: str) -> list[str]:
        return self._names(directory, dirs=True)

    def _names(self, directory: str, *, dirs: bool) -> list[str]:
        try:
            with os.scandir(directory) as entries:
                return [entry.name for entry in entries if entry.is_dir() == dirs]
        except FileNotFoundError:
            return []

    def read(self, path: str) -> bytes | None:
        try:
            with open(path, "rb") as stream:
                return stream.read()
        except FileNotFoundError:
            return None

    def write(self, directory: str, name: str, data: bytes) -> None:
        os.makedirs(directory, exist_ok=True)
        temp = os.path.join(directory, f".{name}.{uuid.uuid4().hex}{TEMP_SUFFIX}")
        try:
            with open(temp, "xb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temp, os.path.join(directory, name))
        except BaseException:
            with suppress(OSError):
                os.unlink(temp)
            raise

    def delete(self, path: str) -> None:
        with suppress(FileNotFoundError):
            os.unlink(path)

    def modified(self, path: str) -> float | None:
        try:
            return os.stat(path).st_mtime
        except FileNotFoundError:
            return None


class _ArrowStore:
    """An object-store prefix or a remote filesystem through pyarrow (`tqcheck.storage.filesystem`)."""

    def __init__(self, location: str) -> None:
        self.system: FileSystem
        self.system, root = filesystem(location)
        self.root = root.rstrip("/") or "/"
        self.direct = self.system.type_name in DIRECT_PUT
        self._made: set[str] = set()  # directories made already (one request each, not one per shard)

    def join(self, *parts: str) -> str:
        return "/".join((self.root.rstrip("/"), *parts))

    def child(self, directory: str, name: str) -> str:
        return f"{directory}/{name}"

    def kind(self, path: str) -> str | None:
        from pyarrow import fs

        found = self.system.get_file_info(path).type
        return {fs.FileType.File: "file", fs.FileType.Directory: "dir"}.get(found)

    def files(self, directory: str) -> list[str]:
        return self._names(directory, dirs=False)

    def dirs(self, directory: str) -> list[str]:
        return self._names(directory, dirs=True)

    def _names(self, directory: str, *, dirs: bool) -> list[str]:
        from pyarrow import fs

        wanted = fs.FileType.Directory if dirs else fs.FileType.File
        infos = self.system.get_file_info(fs.FileSelector(directory, allow_not_found=True))
        return [str(info.base_name) for info in infos if info.type == wanted]

    def read(self, path: str) -> bytes | None:
        try:
            with self.system.open_input_stream(path) as stream:
                return bytes(stream.read())
        except FileNotFoundError:
            return None

    def write(self, directory: str, name: str, data: bytes) -> None:
        final = f"{directory}/{name}"
        if directory not in self._made:  # on S3 and GCS at most an empty marker object
            self.system.create_dir(directory, recursive=True)
            self._made.add(directory)
        if self.direct:  # the object appears only once the upload completes
            with self.system.open_output_stream(final) as stream:
                stream.write(data)
            return
        temp = f"{directory}/.{name}.{uuid.uuid4().hex}{TEMP_SUFFIX}"
        try:
            with self.system.open_output_stream(temp) as stream:
                stream.write(data)
            self.system.move(temp, final)
        except BaseException:
            with suppress(Exception):
                self.system.delete_file(temp)
            raise

    def delete(self, path: str) -> None:
        with suppress(FileNotFoundError):
            self.system.delete_file(path)

    def modified(self, path: str) -> float | None:
        found = self.system.get_file_info(path).mtime
        return None if found is None else float(found.timestamp())


@lru_cache(maxsize=KEPT_INDEXES)
def _store(location: str) -> _Store:
    """The store for `location`, made once per process (connecting to S3 resolves the bucket's region)."""
    if is_uri(location):
        return _ArrowStore(location)
    return _LocalStore(location)


def _records(data: bytes) -> Iterator[tuple[str, str]]:
    """The (key, translation) records of one shard; a line that is not one (edited in, cut off) is skipped."""
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            key, output = record.get("key"), record.get("output")
            if isinstance(key, str) and isinstance(output, str) and plausible(output):
                yield key, output


def _packed(key: str) -> bytes | str:
    """A SHA-256 hex key as its 32 bytes (half the memory in the index); any other key as it is."""
    if len(key) == 64:
        with suppress(ValueError):
            return bytes.fromhex(key)
    return key


def _checked(space: str | None) -> str:
    """The folder name of namespace `space`."""
    if space is None:
        return DEFAULT_SPACE
    if not _SPACE.fullmatch(space):
        raise ValueError(f"a cache namespace is a plain folder name, not {space!r}")
    return space


def _is_shard(name: str) -> bool:
    return name.endswith(SHARD_SUFFIX) and not name.startswith(".")


def _is_temp(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
