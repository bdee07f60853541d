"""The sqlite translation cache: keys, persistence, WAL, default location, unusable files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tqcheck.backtranslate.cache import TranslationCache, default_cache_path, namespace, text_key
from tqcheck.errors import ConfigError


def test_default_location_honours_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_path() == tmp_path / "tqcheck" / "backtranslations.sqlite"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_path() == tmp_path / "home" / ".cache" / "tqcheck" / "backtranslations.sqlite"


def test_keys_depend_on_everything() -> None:
    base = namespace({"model": "m", "commit": "a", "num_beams": 4}, "de", "en")
    assert base == namespace({"num_beams": 4, "commit": "a", "model": "m"}, "de", "en")  # order-free
    others = [namespace({"model": "m", "commit": "b", "num_beams": 4}, "de", "en"),
              namespace({"model": "m", "commit": "a", "num_beams": 1}, "de", "en"),
              namespace({"model": "m", "commit": "a", "num_beams": 4}, "en", "de")]
    assert base not in others
    assert text_key(base, "Hallo") != text_key(base, "Hallo ")


def test_roundtrip_persists_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "cache.sqlite"
    with TranslationCache(path) as cache:
        cache.put_many([("k1", "one"), ("k2", "two")])
        assert cache.get_many(["k1", "k3", "k1"]) == {"k1": "one"}
    with TranslationCache(path) as cache:
        assert len(cache) == 2
        many = [f"k{i}" for i in range(2000)]  # more than one IN (...) chunk
        assert cache.get_many(many) == {"k1": "one", "k2": "two"}
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    path.write_text("this is not sqlite " * 100, encoding="utf-8")
    with pytest.raises(ConfigError, match="not a usable back-translation cache.*--no-cache"):
        TranslationCache(path)


def test_unwritable_location(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot open the back-translation cache"):
        TranslationCache(blocker / "cache.sqlite")


def test_a_cached_value_with_a_line_break_is_not_trusted(tmp_path: Path) -> None:
    """A value edited into the cache with a newline would add an output line: it is a miss instead."""
    path = tmp_path / "cache.sqlite"
    with TranslationCache(path) as cache:
        cache.put_many([("good", "one line"), ("bad", "two\nlines"), ("worse", "a\u2028b")])
        assert cache.get_many(["good", "bad", "worse"]) == {"good": "one line"}
