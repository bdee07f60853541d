"""tqcheck.lang.frequencies answers exactly as wordfreq does, from compact cached tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import wordfreq
import wordfreq.tokens

from tqcheck.lang import frequencies

WORDS = {
    "en": ["the", "Gallant", "Galanat", "Blinken", "x-ray", "B52", "2024", "hello world", "O'Brien", "", "  ",
           "qwzxv", "abc123def"],
    "ru": ["Москва", "привет", "Галлант", "и", "ёлка", "2024"],
    "de": ["Kabelbaumstecker", "Straße", "der", "Ärzte"],
    "ar": ["غزة", "وزير", "الدفاع"],
    "zh": ["北京", "加沙", "国防部长"],
}


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_zipf_equals_wordfreq(lang: str) -> None:
    if lang == "zh":
        pytest.importorskip("jieba")
    words = WORDS[lang] + list(wordfreq.top_n_list(lang, 2000))[::50]
    for word in words:
        assert frequencies.zipf(word, lang) == wordfreq.zipf_frequency(word, lang), word


def test_plain_words_answer_as_wordfreq_in_every_language() -> None:
    """Lower-case ASCII words skip wordfreq's tokenizer: the answer must not change in any language."""
    words = [word for word in wordfreq.top_n_list("en", 3000)[::15] if word.isascii() and word.isalpha()]
    words += ["qwzxv", "galanat", "a", "zz", "kindergarten", "und", "wurden"]
    for lang in sorted(frequencies._languages() - {"zh", "ja", "ko"}):
        for word in words:
            assert frequencies.zipf(word, lang) == wordfreq.zipf_frequency(word, lang), (lang, word)


def test_languages_are_wordfreqs_without_importing_it() -> None:
    assert frequencies._languages() == frozenset(wordfreq.available_languages())
    frequencies.top_words("en", 10)  # build the cached tables first (a build reads wordfreq's list)
    code = ("import sys\nfrom tqcheck.lang import frequencies\n"
            "frequencies.zipf('minister', 'en'); frequencies.top_words('en', 10)\n"
            "print(frequencies.available('de'), 'wordfreq' in sys.modules)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout == "True False\n"  # the tables are cached by now: nothing needs wordfreq itself


def test_cache_files_are_named_after_the_installed_wordfreq() -> None:
    from importlib.metadata import version

    assert frequencies._wordfreq_version() == version("wordfreq")


def test_missing_tokenizer_is_a_lookup_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def needs_jieba(text: str, lang: str) -> list[str]:
        raise ModuleNotFoundError("No module named 'jieba'")

    monkeypatch.setattr(wordfreq.tokens, "lossy_tokenize", needs_jieba)
    frequencies.zipf.cache_clear()
    with pytest.raises(LookupError, match="cannot tokenize zh"):
        frequencies.zipf("北京", "zh")
    frequencies.zipf.cache_clear()


def test_unknown_language_is_zero_and_empty() -> None:
    assert frequencies.zipf("hello", "xx") == 0.0
    assert not frequencies.known("hello", "xx")
    assert frequencies.top_words("xx", 10) == ()


def test_top_words_and_membership() -> None:
    assert list(frequencies.top_words("en", 50)) == wordfreq.top_n_list("en", 50)
    assert frequencies.known("gallant", "en")
    assert not frequencies.known("galanat", "en")


def test_tables_are_cached_under_the_cache_dir(tmp_path: Path) -> None:
    """A fresh process builds the files once; the next one only maps them."""
    code = ("from tqcheck.lang import frequencies\n"
            "print(frequencies.zipf('Gaza', 'en'))\n")
    env = {"TQCHECK_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    files = sorted(path.name for path in (tmp_path / "cache").iterdir() if not path.name.endswith(".sha256"))
    assert len(files) == 2 and files[0].endswith(".marisa") and files[1].endswith(".top.txt"), files
    assert all((tmp_path / "cache" / f"{name}.sha256").is_file() for name in files)  # checked before use
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert first.stdout == second.stdout == f"{wordfreq.zipf_frequency('Gaza', 'en')}\n"


def test_unwritable_cache_dir_still_answers(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code = ("from tqcheck.lang import frequencies\n"
            "print(frequencies.zipf('Gaza', 'en'), frequencies.known('gaza', 'en'))\n")
    env = {"TQCHECK_CACHE_DIR": str(blocker / "cache"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout == f"{wordfreq.zipf_frequency('Gaza', 'en')} True\n"


def test_damaged_cache_file_is_rebuilt_in_memory(tmp_path: Path) -> None:
    code = "from tqcheck.lang import frequencies\nprint(frequencies.zipf('Gaza', 'en'))\n"
    env = {"TQCHECK_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    trie = next(tmp_path.glob("*.marisa"))
    trie.write_bytes(b"garbage")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout == f"{wordfreq.zipf_frequency('Gaza', 'en')}\n"
