"""The shared back-translation cache: immutable shards under a directory or URI, safe for many writers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.backtranslate.conftest import BatchingEchoTranslator
from tqcheck.backtranslate import TranslationCache, TranslationSettings, shared_cache, translate_texts
from tqcheck.backtranslate.cache import namespace, text_key
from tqcheck.backtranslate.shared_cache import LAYOUT, SharedTranslationCache, forget_indexes, open_cache
from tqcheck.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
SPACE = namespace({"model": "test"}, "de", "en")


@pytest.fixture(autouse=True)
def _fresh_indexes() -> Iterator[None]:
    """Each test starts as a new process would: nothing read yet."""
    forget_indexes()
    yield
    forget_indexes()


def keys(count: int, space: str = SPACE, prefix: str = "text") -> list[str]:
    return [text_key(space, f"{prefix} {n}") for n in range(count)]


def shards(root: Path, space: str = SPACE) -> list[str]:
    folder = root / LAYOUT / space
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def read_fresh(location: str | Path, wanted: list[str], space: str = SPACE) -> dict[str, str]:
    """What a new process finds at `location`."""
    forget_indexes()
    with SharedTranslationCache(location) as cache:
        return cache.get_many(wanted, space)


def test_round_trip(tmp_path: Path) -> None:
    wanted = keys(5)
    with SharedTranslationCache(tmp_path / "c") as cache:
        assert cache.get_many(wanted, SPACE) == {}
        cache.put_many([(key, f"out {n}") for n, key in enumerate(wanted[:3])], SPACE)
        assert cache.get_many([*wanted, wanted[0]], SPACE) == {wanted[n]: f"out {n}" for n in range(3)}
    assert read_fresh(tmp_path / "c", wanted) == {wanted[n]: f"out {n}" for n in range(3)}
    with SharedTranslationCache(tmp_path / "c") as cache:
        assert len(cache) == 3
        assert cache.get_many(wanted, namespace({"model": "other"}, "de", "en")) == {}


def test_each_namespace_is_a_folder_and_a_lookup_reads_only_its_own(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    other = namespace({"model": "test"}, "de", "fr")
    with SharedTranslationCache(tmp_path) as cache:
        cache.put_many([(key, "en") for key in keys(2)], SPACE)
        cache.put_many([(key, "fr") for key in keys(2, other)], other)
    assert len(shards(tmp_path)) == len(shards(tmp_path, other)) == 1
    forget_indexes()
    read: list[str] = []
    real = shared_cache._LocalStore.read
    monkeypatch.setattr(shared_cache._LocalStore, "read", lambda self, path: read.append(path) or real(self, path))
    with SharedTranslationCache(tmp_path) as cache:
        assert set(cache.get_many(keys(2), SPACE).values()) == {"en"}
    assert read and all(f"{os.sep}{SPACE}{os.sep}" in path for path in read)


def test_shards_are_immutable_jsonl(tmp_path: Path) -> None:
    with SharedTranslationCache(tmp_path, flush_seconds=0) as cache:
        cache.put_many([(keys(1)[0], "Hello «world».")], SPACE)
        first = shards(tmp_path)
        cache.put_many([(keys(2)[1], "again")], SPACE)
    names = shards(tmp_path)
    assert len(names) == 2 and first[0] in names
    assert all(name.endswith(".jsonl") and not name.startswith(".") for name in names)
    record = json.loads((tmp_path / LAYOUT / SPACE / first[0]).read_text(encoding="utf-8"))
    assert record == {"key": keys(1)[0], "output": "Hello «world»."}


def test_writes_are_buffered_until_flush_or_close(tmp_path: Path) -> None:
    cache = SharedTranslationCache(tmp_path, flush_seconds=3600, flush_records=10)
    cache.put_many([(key, "first") for key in keys(5)], SPACE)
    assert shards(tmp_path) == []
    assert len(cache.get_many(keys(5), SPACE)) == 5  # this process sees them already
    cache.put_many([(key, "more") for key in keys(20, prefix="more")], SPACE)  # over flush_records
    assert len(shards(tmp_path)) == 1
    cache.put_many([(keys(1, prefix="last")[0], "last")], SPACE)
    cache.flush_seconds = 0  # as if FLUSH_SECONDS had passed since
    cache.put_many([(keys(1, prefix="late")[0], "late")], SPACE)
    assert len(shards(tmp_path)) == 2
    cache.flush_seconds = 3600
    cache.put_many([(keys(1, prefix="end")[0], "end")], SPACE)
    assert len(shards(tmp_path)) == 2
    cache.close()
    assert len(shards(tmp_path)) == 3
    wanted = [*keys(5), *keys(20, prefix="more"), *(keys(1, prefix=name)[0] for name in ("last", "late", "end"))]
    assert len(read_fresh(tmp_path, wanted)) == 28


def test_two_writer_threads_into_one_folder(tmp_path: Path) -> None:
    def write(name: str) -> None:
        with SharedTranslationCache(tmp_path, flush_seconds=0) as cache:
            for batch in range(30):
                cache.put_many([(key, f"{name} {batch}") for key in keys(5, prefix=f"{name} {batch}")], SPACE)

    threads = [threading.Thread(target=write, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(shards(tmp_path)) == 60
    wanted = [key for name in ("a", "b") for batch in range(30) for key in keys(5, prefix=f"{name} {batch}")]
    assert len(read_fresh(tmp_path, wanted)) == 300


WRITER = """
import sys
from tqcheck.backtranslate.cache import text_key
from tqcheck.backtranslate.shared_cache import SharedTranslationCache
root, space, name = sys.argv[1:4]
with SharedTranslationCache(root, flush_seconds=0) as cache:
    for batch in range(40):
        cache.put_many([(text_key(space, f"{name} {batch} {n}"), f"{name}:{batch}:{n}") for n in range(25)], space)
"""


def test_two_writer_processes_at_once(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path) + "/", SPACE, name], env=env,
                                stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    for writer in writers:
        _out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    expected = {text_key(SPACE, f"{name} {batch} {n}"): f"{name}:{batch}:{n}"
                for name in ("a", "b") for batch in range(40) for n in range(25)}
    assert read_fresh(tmp_path, list(expected)) == expected
    assert len(shards(tmp_path)) == 80
    assert not [name for name in shards(tmp_path) if name.startswith(".")]  # no temporary file left


def test_a_reader_finds_what_another_writer_finished_since(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wanted = keys(2)
    with SharedTranslationCache(tmp_path) as reader:
        assert reader.get_many(wanted, SPACE) == {}  # loaded: nothing there yet
        code = ("import sys; from tqcheck.backtranslate.shared_cache import SharedTranslationCache as C\n"
                "with C(sys.argv[1]) as cache: cache.put_many([(sys.argv[2], 'done elsewhere')], sys.argv[3])")
        subprocess.run([sys.executable, "-c", code, str(tmp_path), wanted[0], SPACE], check=True,
                       env={**os.environ, "PYTHONPATH": str(REPO)})
        assert reader.get_many(wanted, SPACE) == {}  # listed a moment ago: not again yet
        monkeypatch.setattr(shared_cache, "REFRESH_SECONDS", 0.0)
        assert reader.get_many(wanted, SPACE) == {wanted[0]: "done elsewhere"}  # the miss listed again


def test_a_temporary_file_is_never_read(tmp_path: Path) -> None:
    """A writer killed between writing its temporary file and renaming it leaves a file nobody reads."""
    done, half = keys(2)
    with SharedTranslationCache(tmp_path) as cache:
        cache.put_many([(done, "finished")], SPACE)
    folder = tmp_path / LAYOUT / SPACE
    partial = json.dumps({"key": half, "output": "complete line"}) + "\n" + '{"key": "' + keys(3)[2][:20]
    (folder / f".20260101T000000Z-0123456789abcdef-000000.jsonl.{'0' * 32}.tmp").write_text(partial)
    assert read_fresh(tmp_path, [done, half, keys(3)[2]]) == {done: "finished"}


def test_a_failed_rename_leaves_no_shard_and_is_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(_source: str, _destination: str) -> None:
        raise OSError("disk quota exceeded")

    monkeypatch.setattr(shared_cache.os, "replace", crash)
    with pytest.raises(ConfigError, match="cannot write the back-translation cache .*disk quota exceeded"):
        with SharedTranslationCache(tmp_path) as cache:
            cache.put_many([(keys(1)[0], "lost")], SPACE)
    monkeypatch.undo()
    assert os.listdir(tmp_path / LAYOUT / SPACE) == []  # neither a shard nor the temporary file
    assert read_fresh(tmp_path, keys(1)) == {}


def test_lines_that_are_not_records_are_misses(tmp_path: Path) -> None:
    good, broken, multiline, wrong = keys(4)
    folder = tmp_path / LAYOUT / SPACE
    folder.mkdir(parents=True)
    lines = [json.dumps({"key": good, "output": "fine"}), "not json", json.dumps([1, 2]),
             json.dumps({"key": multiline, "output": "two\nlines"}), json.dumps({"key": wrong, "output": 7}),
             '{"key": "' + broken]
    (folder / "hand-made.jsonl").write_bytes("\n".join(lines).encode() + b"\xff\n")
    assert read_fresh(tmp_path, keys(4)) == {good: "fine"}


def test_compaction_merges_shards_and_keeps_every_record(tmp_path: Path) -> None:
    with SharedTranslationCache(tmp_path, flush_seconds=0) as cache:
        for batch in range(6):
            cache.put_many([(key, f"out {batch}") for key in keys(3, prefix=f"b{batch}")], SPACE)
    folder = tmp_path / LAYOUT / SPACE
    stale, fresh = folder / ".crashed.jsonl.1.tmp", folder / ".writing.jsonl.2.tmp"
    stale.write_text("half")
    fresh.write_text("half")
    old = time.time() - shared_cache.STALE_TEMP_SECONDS - 60
    os.utime(stale, (old, old))
    with SharedTranslationCache(tmp_path) as cache:
        assert cache.compact() == 6
        assert cache.compact() == 0  # one shard already
    assert len(shards(tmp_path)) == 2 and not stale.exists() and fresh.exists()  # a live writer's file stays
    wanted = [key for batch in range(6) for key in keys(3, prefix=f"b{batch}")]
    assert len(read_fresh(tmp_path, wanted)) == 18


def test_a_reader_that_listed_before_a_compaction_lists_again(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with SharedTranslationCache(tmp_path, flush_seconds=0) as cache:
        for batch in range(3):
            cache.put_many([(keys(3)[batch], f"out {batch}")], SPACE)
    before = shards(tmp_path)
    forget_indexes()
    with SharedTranslationCache(tmp_path) as cache:
        cache.compact()
    forget_indexes()
    real = shared_cache._LocalStore.files
    listings: list[int] = []

    def stale_first(self: shared_cache._LocalStore, directory: str) -> list[str]:
        listings.append(1)
        return before if len(listings) == 1 else real(self, directory)  # the first listing predates compaction

    monkeypatch.setattr(shared_cache._LocalStore, "files", stale_first)
    with SharedTranslationCache(tmp_path) as cache:
        assert len(cache.get_many(keys(3), SPACE)) == 3
    assert len(listings) == 2


def test_selection_by_location(tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    for location, kind in ((tmp_path / "bt.sqlite", TranslationCache), (str(tmp_path / "new") + "/",
                                                                         SharedTranslationCache),
                           (folder, SharedTranslationCache), (f"file://{tmp_path}/uri", SharedTranslationCache)):
        with open_cache(location) as cache:
            assert isinstance(cache, kind), location


def test_settings_keep_a_uri_and_a_trailing_slash(tmp_path: Path) -> None:
    def location(value: str | Path) -> object:
        return TranslationSettings(model="m", cache_path=value).cache_path

    assert location("s3://bucket/tqcheck-cache/") == "s3://bucket/tqcheck-cache/"
    assert location(Path("s3://bucket/tqcheck-cache")) == "s3://bucket/tqcheck-cache"  # // restored
    assert location(Path("file:///tmp/c")) == "file:///tmp/c"
    assert location("cache/") == "cache/"
    assert location("bt.sqlite") == Path("bt.sqlite")
    with pytest.raises(ConfigError, match="empty"):
        location(" ")


def test_settings_with_a_uri_travel_to_ray_actors() -> None:
    """The Ray engine pickles the settings into its back-translation actors: the URI arrives intact."""
    import pickle

    sent = TranslationSettings(model="m", cache_path="s3://bucket/tqcheck-cache/")
    assert pickle.loads(pickle.dumps(sent)) == sent and pickle.loads(pickle.dumps(sent)).cache_path == sent.cache_path


def test_a_file_where_the_folder_should_be_is_one_error(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(ConfigError, match="is a file"):
        SharedTranslationCache(f"file://{blocker}")
    with pytest.raises(ConfigError, match="cannot write the back-translation cache"):
        with SharedTranslationCache(str(blocker / "cache") + "/") as cache:
            cache.put_many([(keys(1)[0], "x")], SPACE)


def settings(location: str | Path, **overrides: object) -> TranslationSettings:
    return TranslationSettings(model="fake", cache_path=location, **overrides)  # type: ignore[arg-type]


def test_the_pipeline_uses_a_file_uri(tmp_path: Path) -> None:
    texts = [f"Satz {n}." for n in range(5)]
    location = f"file://{tmp_path}/bt/"
    run = translate_texts(texts, settings(location), "de", "en", translator=BatchingEchoTranslator())
    assert run.cache_path == location and run.computed == 5
    assert not (tmp_path / "xdg-cache" / "tqcheck" / "backtranslations.sqlite").exists()  # not the default
    forget_indexes()
    again = BatchingEchoTranslator()
    rerun = translate_texts(texts, settings(location), "de", "en", translator=again)
    assert again.translated == [] and rerun.cached == 5 and rerun.outputs == run.outputs
    assert sum(len(shards(tmp_path / "bt", space)) for space in os.listdir(tmp_path / "bt" / LAYOUT)) >= 1


def test_an_object_store_writes_each_shard_in_one_put(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On S3 and GCS a shard is uploaded under its final name (the upload is atomic; a move would copy)."""
    monkeypatch.setattr(shared_cache, "DIRECT_PUT", frozenset({"local"}))
    shared_cache._store.cache_clear()
    moved: list[str] = []
    monkeypatch.setattr(shared_cache._ArrowStore, "__init__", _spy_init(moved))
    try:
        texts = ["Eins.", "Zwei.", "Drei."]
        translate_texts(texts, settings(f"file://{tmp_path}"), "de", "en", translator=BatchingEchoTranslator())
        forget_indexes()
        again = BatchingEchoTranslator()
        translate_texts(texts, settings(f"file://{tmp_path}"), "de", "en", translator=again)
        assert again.translated == [] and moved == []
    finally:
        shared_cache._store.cache_clear()


def _spy_init(moved: list[str]) -> object:
    real = shared_cache._ArrowStore.__init__

    def init(self: shared_cache._ArrowStore, location: str) -> None:
        real(self, location)
        assert self.direct
        system = self.system

        class Spy:
            def __getattr__(self, name: str) -> object:
                if name == "move":
                    return lambda *args: moved.append(str(args))
                return getattr(system, name)

        self.system = Spy()  # type: ignore[assignment]

    return init


def test_an_interrupted_run_resumes_from_the_shared_cache(tmp_path: Path) -> None:
    texts = [f"Satz {n}." for n in range(7)]
    failing = BatchingEchoTranslator(size=2, fail_on_call=3)
    with pytest.raises(RuntimeError, match="interrupted"):
        translate_texts(texts, settings(str(tmp_path) + "/"), "de", "en", translator=failing)
    done = set(failing.translated[:4])  # two batches finished: written when the run failed
    forget_indexes()
    resumed = BatchingEchoTranslator(size=2)
    run = translate_texts(texts, settings(str(tmp_path) + "/"), "de", "en", translator=resumed)
    assert sorted(resumed.translated) == sorted(set(texts) - done)
    assert run.outputs == tuple(f"en:SATZ {n}." for n in range(7))


KILLED = """
import sys, time
from tqcheck.backtranslate import TranslationSettings, pipeline, shared_cache, translate_texts
shared_cache.FLUSH_SECONDS = 0.0  # a shard per batch, as batches slower than FLUSH_SECONDS give
pipeline.CHUNK = 3  # texts per call of a translator that does not batch itself
class Slow:
    calls = 0
    def fingerprint(self):
        return {"model": "echo"}
    def translate(self, texts, src, tgt):
        Slow.calls += 1
        if Slow.calls == 3:
            print("two batches done", flush=True)
            time.sleep(600)
        return [f"{tgt}:{text.upper()}" for text in texts]
settings = TranslationSettings(model="fake", cache_path=sys.argv[1])
translate_texts([f"Satz {n}." for n in range(10)], settings, "de", "en", translator=Slow())
"""


class Echo(BatchingEchoTranslator):
    def fingerprint(self) -> dict[str, object]:
        return {"model": "echo"}  # the killed process's translator is another class: the same key


def test_a_killed_run_keeps_its_finished_batches(tmp_path: Path) -> None:
    """SIGKILL: nothing runs at exit, yet every batch written before is served to the next run."""
    location = str(tmp_path / "bt") + "/"
    process = subprocess.Popen([sys.executable, "-c", KILLED, location], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert process.stdout is not None
        assert process.stdout.readline() == "two batches done\n", process.stderr.read() if process.stderr else ""
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    resumed = Echo(size=100)
    texts = [f"Satz {n}." for n in range(10)]
    run = translate_texts(texts, settings(location), "de", "en", translator=resumed)
    assert run.cached == 6 and sorted(resumed.translated) == sorted(texts[6:])


# The commands, with a tiny random Marian model (skipped without torch).

MT = "Die Regierung hat am Montag neue Gesetze beschlossen.\nPrices rose.\n"


def test_backtranslate_command_with_a_shared_folder(marian_dir: Path, tmp_path: Path) -> None:
    from tqcheck.cli import app

    mt = tmp_path / "mt.de"
    mt.write_text(MT, encoding="utf-8")
    folder = str(tmp_path / "shared") + "/"
    args = ["backtranslate", str(mt), "--model", str(marian_dir), "--src-lang", "en", "--tgt-lang", "de",
            "--beams", "1", "--device", "cpu", "--cache", folder, "--progress"]
    first = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "1.en")])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "shared" / LAYOUT).is_dir()
    assert not (tmp_path / "xdg-cache" / "tqcheck" / "backtranslations.sqlite").exists()
    forget_indexes()
    second = CliRunner().invoke(app, [*args, "-o", str(tmp_path / "2.en")])
    assert second.exit_code == 0, second.output
    assert "0 sentences translated, 2 from the cache" in second.stderr
    assert (tmp_path / "1.en").read_text(encoding="utf-8") == (tmp_path / "2.en").read_text(encoding="utf-8")


@pytest.mark.parametrize("uri", [False, True], ids=["folder", "file-uri"])
def test_check_with_a_shared_backtranslate_cache(marian_dir: Path, tmp_path: Path, uri: bool) -> None:
    from tqcheck.cli import app

    table = tmp_path / "batch.tsv"
    table.write_text("source\ttarget\nDer Hafen öffnet im Juni wieder.\tThe port reopens in June.\n",
                     encoding="utf-8")
    location = f"file://{tmp_path}/shared/" if uri else str(tmp_path / "shared") + "/"
    args = ["check", str(table), "--src-lang", "de", "--tgt-lang", "en", "--select", "TQ9", "--backtranslate-model",
            str(marian_dir), "--backtranslate-cache", location, "-f", "json", "--fail-on", "never"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    written = list((tmp_path / "shared" / LAYOUT).rglob("*.jsonl"))
    assert written and not (tmp_path / "xdg-cache" / "tqcheck" / "backtranslations.sqlite").exists()
    forget_indexes()
    second = CliRunner().invoke(app, args)
    assert json.loads(second.stdout)["segments"] == json.loads(first.stdout)["segments"]
    assert list((tmp_path / "shared" / LAYOUT).rglob("*.jsonl")) == written  # all served from the cache
